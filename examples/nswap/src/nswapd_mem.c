/*
 * nswapd_mem.c - the pages nswapd stores for remote hosts.
 *
 * Each stored page is a page_data_t kept in page_table, keyed by the owning
 * host and the page's swap offset.  A page leaves the table when its host
 * overwrites or releases it, or when nswapd unloads.
 */
#include <linux/string.h>
#include "../include/nswap.h"
#include "../include/nswap_hashtable.h"
#include "../include/nswap_iptable.h"
#include "../include/nswapd_mem.h"

#define NSWAPD_PAGE_BUCKETS	1024
#define NSWAPD_PAGE_RESERVES	256

static htable_t page_table;
static int nswapd_under_pressure;
static unsigned long nswapd_refused_stores;

static unsigned long nswapd_page_key(struct nswap_ipentry *host, unsigned long offset)
{
	return offset * NSWAP_MAXHOSTS + (unsigned long)(host - nswap_iptable);
}

/* Creates the page table and starts the memory monitor. */
int nswapd_mem_init(void)
{
	int err;

	page_table = ht_create(NSWAPD_PAGE_BUCKETS, NSWAPD_PAGE_RESERVES);
	if (page_table == NULL)
		return -ENOMEM;
	err = nswapd_mem_monitor_init();
	if (err < 0) {
		ht_destroy(page_table);
		page_table = NULL;
	}
	return err;
}

/* Keeps a copy of one page for the host at ipaddr. */
int nswapd_mem_store(u32 ipaddr, unsigned long offset, const void *buf)
{
	page_data_t *new_page;
	struct nswap_ipentry *host;
	unsigned long key;

	if (nswapd_under_pressure)
		return -ENOSPC;

	new_page = kmalloc(sizeof(page_data_t),(GFP_NSWAP));
	if (new_page == NULL)
		return -ENOMEM;

	host = nswap_iptable_find(ipaddr);
	if (host == NULL) {
		nswapd_refused_stores++;
		return -EHOSTUNREACH;
	}
	key = nswapd_page_key(host, offset);

	/* A store to a slot the host already holds replaces the old page. */
	if (ht_lookup(page_table, key) != NULL)
		nswapd_page_unmap_and_unwire(key);

	new_page->owner = host;
	new_page->offset = offset;
	new_page->wired = 1;
	memcpy(new_page->data, buf, NSWAP_PAGE_SIZE);
	ht_insert(page_table, key, new_page);
	host->pages_stored++;
	return 0;
}

/* Copies a stored page back out for its host. */
int nswapd_mem_load(u32 ipaddr, unsigned long offset, void *buf)
{
	struct nswap_ipentry *host = nswap_iptable_find(ipaddr);
	page_data_t *page;

	if (host == NULL)
		return -EHOSTUNREACH;
	page = (page_data_t *)ht_lookup(page_table, nswapd_page_key(host, offset));
	if (page == NULL)
		return -ENOENT;
	memcpy(buf, page->data, NSWAP_PAGE_SIZE);
	return 0;
}

/* Drops the page stored under key, e.g. because its slot is being overwritten. */
void nswapd_page_unmap_and_unwire(unsigned long key)
{
	page_data_t *old;

	old = (page_data_t *)ht_remove(page_table, key);
	if (old == NULL)
		return;
	old->wired = 0;
	old->owner->pages_stored--;
	kfree(old);
}

/* The host at ipaddr no longer needs the page at offset. */
int nswapd_mem_release(u32 ipaddr, unsigned long offset)
{
	struct nswap_ipentry *host = nswap_iptable_find(ipaddr);
	page_data_t *old;

	if (host == NULL)
		return -EHOSTUNREACH;
	old = (page_data_t *)ht_remove(page_table, nswapd_page_key(host, offset));
	if (old == NULL)
		return -ENOENT;
	host->pages_stored--;
	kfree(old);
	return 0;
}

/* Called by the memory monitor: while under pressure, new stores are refused. */
void nswapd_mem_set_pressure(int under_pressure)
{
	nswapd_under_pressure = under_pressure;
}

int nswapd_mem_stored(void)
{
	return page_table == NULL ? 0 : ht_count(page_table);
}

/* Stops the monitor and frees every page still stored, then the table. */
void nswapd_mem_cleanup(void)
{
	struct ht_iter_state iter = { 0, 0 };
	ht_list_t *htlist;

	nswapd_mem_monitor_cleanup();
	if (page_table == NULL)
		return;
	while ((htlist = ht_iter(page_table, &iter)) != NULL) {
		kfree(htlist->info);
		kfree(htlist);
	}
	ht_destroy(page_table);
	page_table = NULL;
}
