/*
 * nswap_threads.c - start a kernel thread that runs fn(data).
 *
 * The thread's arguments are heap-allocated because the starting function
 * returns before the thread runs.  They are always released by
 * nswap_thread_wrapper, also when the thread could not be started.
 */
#include <linux/sched.h>
#include <linux/signal.h>
#include "../include/nswap.h"
#include "../include/nswap_threads.h"

static int nswap_thread_wrapper(void *arg)
{
	nswap_thread_init_t *args = (nswap_thread_init_t *)arg;
	int (*fn)(void *) = args->fn;
	void *data = args->data;

	if (fn != NULL) {
		daemonize(args->name);
		allow_signal(SIGKILL);
	}
	kfree(args);
	if (fn == NULL)
		return -ECHILD;
	return fn(data);
}

/* Starts fn(data) in a new kernel thread; returns its pid or an error. */
int nswap_thread(int (*fn)(void *), void *data, const char *name)
{
	int pid;
	nswap_thread_init_t *args =
		kmalloc(sizeof(nswap_thread_init_t), GFP_NSWAP);

	if (args == NULL)
		return -ENOMEM;
	args->fn = fn;
	args->data = data;
	args->name = name;

	pid = kernel_thread(nswap_thread_wrapper, args, CLONE_FS | CLONE_FILES);
	if (pid < 0) {
		/* The thread never ran: let the wrapper release args without calling fn. */
		args->fn = NULL;
		nswap_thread_wrapper(args);
	}
	return pid;
}
