/*
 * nswapd_mem_monitor.c - nswapd's memory monitor (workqueue version).
 *
 * Selected with CONFIG_NSWAPD_MONITOR_WORKQUEUE.  The same policy as the
 * timer version, but sampling runs in process context from a delayed work
 * item, and the sampling period adapts: faster while memory is falling.
 */
#include <linux/mm.h>
#include <linux/swap.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <linux/jiffies.h>
#include "../include/nswap.h"
#include "../include/nswapd_mem.h"

#define NSWAPD_LOW_WATERMARK	1024	/* free pages */
#define NSWAPD_FAST_DROP	4096	/* free pages lost in one period */

static struct nswap_monitor_data *recent_monitor;
static struct nswap_monitor_data *previous_monitor;
static struct delayed_work monitor_work;

static void nswapd_mem_monitor_sample(struct work_struct *work)
{
	int falling;
	unsigned long period = HZ;

	memcpy(previous_monitor, recent_monitor, sizeof(struct nswap_monitor_data));
	recent_monitor->free_pages = nr_free_pages();
	recent_monitor->stored_pages = nswapd_mem_stored();
	recent_monitor->jiffies = jiffies;

	falling = previous_monitor->free_pages > recent_monitor->free_pages + NSWAPD_FAST_DROP;
	nswapd_mem_set_pressure(falling || recent_monitor->free_pages < NSWAPD_LOW_WATERMARK);
	if (falling)
		period = HZ / 4;
	schedule_delayed_work(&monitor_work, period);
}

int nswapd_mem_monitor_init(void)
{
	INIT_DELAYED_WORK(&monitor_work, nswapd_mem_monitor_sample);

	/* Both samples exist before the first work item can run. */
	recent_monitor = kmalloc(sizeof(struct nswap_monitor_data), GFP_NSWAP);
	previous_monitor = kmalloc(sizeof(struct nswap_monitor_data), GFP_NSWAP);
	if (recent_monitor == NULL || previous_monitor == NULL) {
		nswapd_mem_monitor_cleanup();
		return -ENOMEM;
	}
	memset(recent_monitor, 0, sizeof(struct nswap_monitor_data));
	memset(previous_monitor, 0, sizeof(struct nswap_monitor_data));
	schedule_delayed_work(&monitor_work, HZ);
	return 0;
}

void nswapd_mem_monitor_cleanup(void)
{
	cancel_delayed_work_sync(&monitor_work);
	kfree(recent_monitor);
	kfree(previous_monitor);
	recent_monitor = NULL;
	previous_monitor = NULL;
}
