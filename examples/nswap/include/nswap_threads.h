/*
 * nswap_threads.h - starting kernel threads for nswap.
 */
#ifndef _NSWAP_THREADS_H
#define _NSWAP_THREADS_H

typedef struct nswap_thread_init {
	int (*fn)(void *);
	void *data;
	const char *name;
} nswap_thread_init_t;

int nswap_thread(int (*fn)(void *), void *data, const char *name);

#endif /* _NSWAP_THREADS_H */
