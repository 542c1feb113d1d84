/*
 * nswapc_main.c - the nswap client module (nswapc.ko).
 *
 * Pages being swapped out are queued by nswapc_submit_io(); a pool of
 * worker threads sends them to the nswapd server.  io_request_sem counts the
 * queued requests.
 */
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <linux/semaphore.h>
#include <linux/spinlock.h>
#include "../include/nswap.h"
#include "../include/nswap_net_io.h"

MODULE_LICENSE("GPL");

/* The nswapd server, the user-space nswap manager, and this host (IPv4, host order). */
static unsigned int nswapd_server;
static unsigned int nswapm_server;
static unsigned int nswapc_self;
module_param(nswapd_server, uint, 0444);
module_param(nswapm_server, uint, 0444);
module_param(nswapc_self, uint, 0444);

/* Everything a worker thread needs; the worker frees it when it starts. */
struct worker_thread_args {
	int id;
	int run;
	struct nswap_socket *sock;
};

/* One page on its way to the server, owned by the swap-out path that queued it. */
struct nswapc_io {
	struct nswapc_io *next;
	struct nswap_request req;
	void *page;
	void (*done)(struct nswapc_io *io, int err);
};

struct semaphore *io_request_sem;
static struct nswap_socket *nswapc_ctl_sock;	/* TCP, to the nswap manager */
static struct nswap_socket *nswapc_io_sock;	/* UDP, page traffic to nswapd */
static struct nswapc_io *nswapc_queue_head;
static struct nswapc_io *nswapc_queue_tail;
static DEFINE_SPINLOCK(nswapc_queue_lock);
static atomic_t nswapc_running;
static atomic_t nswapc_workers;
static DECLARE_WAIT_QUEUE_HEAD(nswapc_exit_wq);

static int request_worker_thr(void *data);
static void nswapc_cleanup(void);

static int nswapc_init(void)
{
	struct worker_thread_args *worker_args;
	struct nswap_request hello;
	int i, pid, err;

	io_request_sem = kmalloc(sizeof(struct semaphore), GFP_NSWAP);
	if (io_request_sem == NULL)
		return -ENOMEM;
	sema_init(io_request_sem, 0);
	atomic_set(&nswapc_running, 1);
	atomic_set(&nswapc_workers, 0);

	err = -ECONNREFUSED;
	nswapc_ctl_sock = nswap_tcp_alloc_socket(nswapm_server, NSWAPM_PORT);
	if (nswapc_ctl_sock == NULL)
		goto fail;
	nswapc_io_sock = nswap_udp_alloc_socket(nswapd_server, NSWAPD_PORT);
	if (nswapc_io_sock == NULL)
		goto fail;

	/* Introduce ourselves to the manager and to the server, which then accepts our pages. */
	hello.opcode = NSWAP_REQ_HELLO;
	hello.ipaddr = nswapc_self;
	hello.offset = 0;
	err = nswap_send(nswapc_ctl_sock, &hello, sizeof(hello));
	if (err >= 0)
		err = nswap_send(nswapc_io_sock, &hello, sizeof(hello));
	if (err < 0)
		goto fail;

	for (i = 0; i < NSWAPC_NUM_WORKERS; i++) {
		worker_args = kmalloc(sizeof(struct worker_thread_args),
				      GFP_NSWAP);
		if (worker_args == NULL) {
			err = -ENOMEM;
			goto fail;
		}
		worker_args->id = i;
		worker_args->run = 1;
		worker_args->sock = nswapc_io_sock;
		atomic_inc(&nswapc_workers);
		pid = kernel_thread(request_worker_thr, worker_args, CLONE_FS | CLONE_FILES);
		if (pid < 0) {
			/* Never started: run it with run == 0 so it only frees its arguments. */
			worker_args->run = 0;
			request_worker_thr(worker_args);
			err = pid;
			goto fail;
		}
	}
	return 0;

fail:
	nswapc_cleanup();
	return err;
}

/* Queues one page for the workers; io->done is called once it was sent. */
void nswapc_submit_io(struct nswapc_io *io)
{
	io->next = NULL;
	spin_lock(&nswapc_queue_lock);
	if (nswapc_queue_tail != NULL)
		nswapc_queue_tail->next = io;
	else
		nswapc_queue_head = io;
	nswapc_queue_tail = io;
	spin_unlock(&nswapc_queue_lock);
	up(io_request_sem);
}

static struct nswapc_io *nswapc_next_io(void)
{
	struct nswapc_io *io;

	spin_lock(&nswapc_queue_lock);
	io = nswapc_queue_head;
	if (io != NULL) {
		nswapc_queue_head = io->next;
		if (nswapc_queue_head == NULL)
			nswapc_queue_tail = NULL;
	}
	spin_unlock(&nswapc_queue_lock);
	return io;
}

static int request_worker_thr(void *data)
{
	struct worker_thread_args *worker_args = data;
	struct nswap_socket *sock = worker_args->sock;
	int run = worker_args->run;
	struct nswapc_io *io;
	int err;

	kfree(worker_args);
	if (run)
		daemonize("nswapc_worker");
	while (run && atomic_read(&nswapc_running)) {
		if (down_interruptible(io_request_sem))
			continue;
		io = nswapc_next_io();
		if (io == NULL)
			continue;
		err = nswap_send(sock, &io->req, sizeof(io->req));
		if (err >= 0 && io->req.opcode == NSWAP_REQ_STORE)
			err = nswap_send(sock, io->page, NSWAP_PAGE_SIZE);
		io->done(io, err < 0 ? err : 0);
	}
	if (atomic_dec_and_test(&nswapc_workers))
		wake_up(&nswapc_exit_wq);
	return 0;
}

/* Stops the workers, closes the sockets and frees the request semaphore. */
static void nswapc_cleanup(void)
{
	int i;

	atomic_set(&nswapc_running, 0);
	if (io_request_sem != NULL) {
		for (i = 0; i < NSWAPC_NUM_WORKERS; i++)
			up(io_request_sem);
		wait_event(nswapc_exit_wq, atomic_read(&nswapc_workers) == 0);
	}
	nswap_udp_close_socket(nswapc_io_sock);
	nswapc_io_sock = NULL;
	nswap_tcp_close_socket(nswapc_ctl_sock);
	nswapc_ctl_sock = NULL;
	kfree(io_request_sem);
	io_request_sem = NULL;
}

module_init(nswapc_init);
module_exit(nswapc_cleanup);
