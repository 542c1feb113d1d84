/*
 * nswapd_mem_mon.c - nswapd's memory monitor (timer version, the default).
 *
 * Once a second it samples how much memory this host has free and tells
 * nswapd_mem to refuse new pages while memory is low or falling fast.
 * Kbuild links exactly one monitor variant into nswapd.ko (see Kconfig);
 * nswapd_mem_mon_orig.c and nswapd_mem_monitor.c are the others.
 */
#include <linux/mm.h>
#include <linux/swap.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/jiffies.h>
#include "../include/nswap.h"
#include "../include/nswapd_mem.h"

#define NSWAPD_LOW_WATERMARK	1024	/* free pages */
#define NSWAPD_FAST_DROP	4096	/* free pages lost in one second */

static struct nswap_monitor_data *recent_monitor;
static struct nswap_monitor_data *previous_monitor;
static struct timer_list monitor_timer;

static void nswapd_mem_monitor_sample(unsigned long unused)
{
	int low;

	memcpy(previous_monitor, recent_monitor, sizeof(struct nswap_monitor_data));
	recent_monitor->free_pages = nr_free_pages();
	recent_monitor->stored_pages = nswapd_mem_stored();
	recent_monitor->jiffies = jiffies;

	low = recent_monitor->free_pages < NSWAPD_LOW_WATERMARK ||
	      previous_monitor->free_pages > recent_monitor->free_pages + NSWAPD_FAST_DROP;
	nswapd_mem_set_pressure(low);
	mod_timer(&monitor_timer, jiffies + HZ);
}

int nswapd_mem_monitor_init(void)
{
	setup_timer(&monitor_timer, nswapd_mem_monitor_sample, 0);
	recent_monitor = kmalloc(sizeof(struct nswap_monitor_data), GFP_NSWAP);
	previous_monitor = kmalloc(sizeof(struct nswap_monitor_data), GFP_NSWAP);
	if (recent_monitor == NULL || previous_monitor == NULL) {
		nswapd_mem_monitor_cleanup();
		return -ENOMEM;
	}
	memset(recent_monitor, 0, sizeof(struct nswap_monitor_data));
	memset(previous_monitor, 0, sizeof(struct nswap_monitor_data));
	mod_timer(&monitor_timer, jiffies + HZ);
	return 0;
}

void nswapd_mem_monitor_cleanup(void)
{
	del_timer_sync(&monitor_timer);
	kfree(recent_monitor);
	kfree(previous_monitor);
	recent_monitor = NULL;
	previous_monitor = NULL;
}
