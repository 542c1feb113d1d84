/*
 * nswapd_mem.h - the pages nswapd keeps for remote hosts, and the memory
 * monitor that tells it how much it may keep.
 */
#ifndef _NSWAPD_MEM_H
#define _NSWAPD_MEM_H

#include "nswap.h"
#include "nswap_iptable.h"

/* One page stored on behalf of a remote host. */
typedef struct page_data {
	struct nswap_ipentry *owner;
	unsigned long offset;
	int wired;
	char data[NSWAP_PAGE_SIZE];
} page_data_t;

/* One sample of local memory use, taken by the monitor. */
struct nswap_monitor_data {
	unsigned long free_pages;
	unsigned long stored_pages;
	unsigned long jiffies;
};

int nswapd_mem_init(void);
void nswapd_mem_cleanup(void);
int nswapd_mem_store(u32 ipaddr, unsigned long offset, const void *buf);
int nswapd_mem_load(u32 ipaddr, unsigned long offset, void *buf);
void nswapd_page_unmap_and_unwire(unsigned long key);
int nswapd_mem_release(u32 ipaddr, unsigned long offset);
void nswapd_mem_set_pressure(int under_pressure);
int nswapd_mem_stored(void);

/* Implemented by whichever monitor variant Kbuild links in (see Kconfig). */
int nswapd_mem_monitor_init(void);
void nswapd_mem_monitor_cleanup(void);

#endif /* _NSWAPD_MEM_H */
