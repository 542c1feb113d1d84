/*
 * nswap_hashtable.c - chained hash table with a reserve pool of list elements.
 */
#include <linux/string.h>
#include <linux/mutex.h>
#include "../include/nswap.h"
#include "../include/nswap_hashtable.h"

/* Takes an empty list element from the pool, allocating when it is empty. */
static ht_list_t *get_from_reserves(htable_t ht)
{
	ht_list_t *l;

	if (ht->reserves != NULL) {
		l = ht->reserves;
		ht->reserves = l->next;
		ht->num_reserves--;
	} else {
		l = (ht_list_t*)kmalloc(sizeof(ht_list_t), GFP_NSWAP);
	}
	return l;
}

/* Returns an empty list element to the pool; the table keeps it until destroyed. */
static void add_to_reserves(htable_t ht, ht_list_t *l)
{
	l->info = NULL;
	l->next = ht->reserves;
	ht->reserves = l;
	ht->num_reserves++;
}

static int ht_hash(htable_t ht, unsigned long key)
{
	return (int)((key ^ (key >> 12)) % ht->num_buckets);
}

htable_t ht_create(int num_buckets, int num_reserves)
{
	int i;
	ht_list_t *rsv_ptr;
	htable_t ht = (htable_t)kmalloc(sizeof(htable_t), GFP_NSWAP);

	if (ht == NULL)
		return NULL;
	ht->num_buckets = num_buckets;
	ht->num_entries = 0;
	ht->num_reserves = 0;
	ht->reserves = NULL;
	mutex_init(&ht->lock);
	ht->table=(ht_list_t**)kmalloc(sizeof(ht_list_t*)*num_buckets,
				       GFP_NSWAP);
	if (ht->table == NULL)
		goto fail;
	memset(ht->table, 0, sizeof(ht_list_t*)*num_buckets);

	/* Fill the pool up front so that inserts need not allocate. */
	for (i = 0; i < num_reserves; i++) {
		rsv_ptr=kmalloc(sizeof(ht_list_t), GFP_NSWAP);
		if (rsv_ptr == NULL)
			goto fail;
		add_to_reserves(ht, rsv_ptr);
	}
	return ht;

fail:
	ht_destroy(ht);
	return NULL;
}

/* Frees the table, every list element (in use or pooled) and the header. */
void ht_destroy(htable_t ht)
{
	ht_list_t *rsv_ptr;

	if (ht == NULL)
		return;
	ht_reset(ht);
	kfree(ht->table);
	while (ht->reserves != NULL) {
		rsv_ptr = ht->reserves;
		ht->reserves = rsv_ptr->next;
		kfree(rsv_ptr);
	}
	kfree(ht);
}

/* Stores info under key; the table does not take ownership of info. */
void ht_insert(htable_t ht, unsigned long key, void *info)
{
	ht_list_t *l;
	int b = ht_hash(ht, key);

	mutex_lock(&ht->lock);
	l = get_from_reserves(ht);
	l->key = key;
	l->info = info;
	l->next = ht->table[b];
	ht->table[b] = l;
	ht->num_entries++;
	mutex_unlock(&ht->lock);
}

void *ht_lookup(htable_t ht, unsigned long key)
{
	ht_list_t *l;
	void *info = NULL;

	mutex_lock(&ht->lock);
	for (l = ht->table[ht_hash(ht, key)]; l != NULL; l = l->next) {
		if (l->key == key) {
			info = l->info;
			break;
		}
	}
	mutex_unlock(&ht->lock);
	return info;
}

/*
 * Unlinks key and returns its info (now owned by the caller); the emptied
 * list element goes back to the reserve pool, not to the allocator.
 */
void *ht_remove(htable_t ht, unsigned long key)
{
	ht_list_t **prev;
	ht_list_t *l;
	void *info = NULL;

	mutex_lock(&ht->lock);
	prev = &ht->table[ht_hash(ht, key)];
	for (l = *prev; l != NULL; prev = &l->next, l = l->next) {
		if (l->key == key) {
			*prev = l->next;
			info = l->info;
			add_to_reserves(ht, l);
			ht->num_entries--;
			break;
		}
	}
	mutex_unlock(&ht->lock);
	return info;
}

/* Empties the table: every list element moves to the reserve pool. */
void ht_reset(htable_t ht)
{
	ht_list_t *l;
	int b;

	if (ht->table == NULL)
		return;
	mutex_lock(&ht->lock);
	for (b = 0; b < ht->num_buckets; b++) {
		while ((l = ht->table[b]) != NULL) {
			ht->table[b] = l->next;
			add_to_reserves(ht, l);
		}
	}
	ht->num_entries = 0;
	mutex_unlock(&ht->lock);
}

int ht_count(htable_t ht)
{
	return ht->num_entries;
}

/*
 * Returns a private copy of the next entry after *state, or NULL at the end.
 * The copy lets the caller free the entry's info while it walks; the caller
 * owns the copy and must kfree() it.  Callers serialise against writers.
 */
ht_list_t *ht_iter(htable_t ht, struct ht_iter_state *state)
{
	ht_list_t *cur;
	ht_list_t *l;
	int i;

	for (; state->bucket < ht->num_buckets; state->bucket++, state->pos = 0) {
		l = ht->table[state->bucket];
		for (i = 0; l != NULL && i < state->pos; i++)
			l = l->next;
		if (l == NULL)
			continue;
		cur=(ht_list_t*)kmalloc(sizeof(ht_list_t),
				       GFP_NSWAP);
		if (cur == NULL)
			return NULL;
		cur->key = l->key;
		cur->info = l->info;
		cur->next = NULL;
		state->pos++;
		return cur;
	}
	return NULL;
}
