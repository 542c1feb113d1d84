/*
 * nswap_iptable.c - the table of hosts nswapd lends memory to.
 *
 * A fixed array of NSWAP_MAXHOSTS entries, allocated once when nswapd loads
 * and freed when it unloads.
 */
#include <linux/string.h>
#include <linux/spinlock.h>
#include "../include/nswap.h"
#include "../include/nswap_iptable.h"

struct nswap_ipentry *nswap_iptable;
static DEFINE_SPINLOCK(nswap_iptable_lock);

int nswap_iptable_init(void)
{
	nswap_iptable = kmalloc(sizeof(struct nswap_ipentry)*NSWAP_MAXHOSTS,
				GFP_NSWAP);
	if (nswap_iptable == NULL)
		return -ENOMEM;
	memset(nswap_iptable, 0, sizeof(struct nswap_ipentry)*NSWAP_MAXHOSTS);
	return 0;
}

/* Adds a host (idempotent); fails when the table is full. */
int nswap_iptable_add(u32 ipaddr)
{
	int i;
	int err = -ENOSPC;

	spin_lock(&nswap_iptable_lock);
	for (i = 0; i < NSWAP_MAXHOSTS; i++) {
		if (nswap_iptable[i].in_use && nswap_iptable[i].ipaddr == ipaddr) {
			err = 0;
			break;
		}
	}
	for (i = 0; err != 0 && i < NSWAP_MAXHOSTS; i++) {
		if (!nswap_iptable[i].in_use) {
			nswap_iptable[i].in_use = 1;
			nswap_iptable[i].ipaddr = ipaddr;
			nswap_iptable[i].pages_stored = 0;
			err = 0;
		}
	}
	spin_unlock(&nswap_iptable_lock);
	return err;
}

/* Returns the entry for ipaddr, or NULL when the host is not known. */
struct nswap_ipentry *nswap_iptable_find(u32 ipaddr)
{
	int i;

	for (i = 0; i < NSWAP_MAXHOSTS; i++) {
		if (nswap_iptable[i].in_use && nswap_iptable[i].ipaddr == ipaddr)
			return &nswap_iptable[i];
	}
	return NULL;
}

void nswap_iptable_cleanup(void)
{
	kfree(nswap_iptable);
	nswap_iptable = NULL;
}
