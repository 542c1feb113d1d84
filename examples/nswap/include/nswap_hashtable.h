/*
 * nswap_hashtable.h - a chained hash table keyed by unsigned long.
 *
 * Empty list elements are kept in a reserve pool owned by the table, so that
 * inserting under memory pressure rarely has to allocate.  The table owns its
 * list elements; it never owns the `info' pointers stored in them.
 */
#ifndef _NSWAP_HASHTABLE_H
#define _NSWAP_HASHTABLE_H

#include <linux/mutex.h>

typedef struct ht_list {
	unsigned long key;
	void *info;
	struct ht_list *next;
} ht_list_t;

struct htable {
	int num_buckets;
	int num_entries;
	int num_reserves;
	ht_list_t **table;
	ht_list_t *reserves;
	struct mutex lock;	/* a mutex: inserting may sleep in kmalloc */
};

typedef struct htable *htable_t;

/* Cursor for ht_iter(): the bucket and the position inside its chain. */
struct ht_iter_state {
	int bucket;
	int pos;
};

htable_t ht_create(int num_buckets, int num_reserves);
void ht_destroy(htable_t ht);
void ht_insert(htable_t ht, unsigned long key, void *info);
void *ht_lookup(htable_t ht, unsigned long key);
void *ht_remove(htable_t ht, unsigned long key);
void ht_reset(htable_t ht);
int ht_count(htable_t ht);
ht_list_t *ht_iter(htable_t ht, struct ht_iter_state *state);

#endif /* _NSWAP_HASHTABLE_H */
