/*
 * nswap.h - definitions shared by the nswap client (nswapc) and the nswap
 * server daemon (nswapd).
 *
 * Nswap is a network swapping system: a client host swaps pages out to the
 * idle memory of other hosts over the network instead of to a local disk.
 * nswapc.ko runs on the host that swaps, nswapd.ko on the hosts that lend
 * their memory.
 */
#ifndef _NSWAP_H
#define _NSWAP_H

#include <linux/types.h>
#include <linux/errno.h>
#include <linux/slab.h>

/*
 * Every allocation in nswap uses GFP_NSWAP.  A swap server must not drop a
 * page it has been asked to keep because memory is tight for a moment, so
 * nswap allocations wait for memory rather than fail (__GFP_NOFAIL); the
 * NULL checks after each kmalloc are kept as a defensive habit.
 */
#define GFP_NSWAP (GFP_KERNEL | __GFP_NOFAIL)

#define NSWAP_PAGE_SIZE		4096
#define NSWAP_MAXHOSTS		64
#define NSWAPD_PORT		5455
#define NSWAPM_PORT		5456
#define NSWAPC_NUM_WORKERS	4

/* Request opcodes sent from nswapc to nswapd. */
#define NSWAP_REQ_STORE		1
#define NSWAP_REQ_LOAD		2
#define NSWAP_REQ_RELEASE	3
#define NSWAP_REQ_HELLO		4

/* The header of every request datagram; a page of data follows a STORE. */
struct nswap_request {
	u32 opcode;
	u32 ipaddr;
	unsigned long offset;
};

#endif /* _NSWAP_H */
