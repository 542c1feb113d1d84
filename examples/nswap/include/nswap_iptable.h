/*
 * nswap_iptable.h - the hosts nswapd accepts pages from.
 */
#ifndef _NSWAP_IPTABLE_H
#define _NSWAP_IPTABLE_H

#include <linux/types.h>

struct nswap_ipentry {
	u32 ipaddr;
	int in_use;
	unsigned long pages_stored;
};

extern struct nswap_ipentry *nswap_iptable;

int nswap_iptable_init(void);
void nswap_iptable_cleanup(void);
int nswap_iptable_add(u32 ipaddr);
struct nswap_ipentry *nswap_iptable_find(u32 ipaddr);

#endif /* _NSWAP_IPTABLE_H */
