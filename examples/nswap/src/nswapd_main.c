/*
 * nswapd_main.c - the nswap server module (nswapd.ko).
 *
 * One thread receives request datagrams and stores, loads or releases pages
 * for the hosts listed in the iptable.
 */
#include <linux/module.h>
#include <linux/in.h>
#include <linux/completion.h>
#include "../include/nswap.h"
#include "../include/nswap_net_io.h"
#include "../include/nswap_threads.h"
#include "../include/nswap_iptable.h"
#include "../include/nswapd_mem.h"

MODULE_LICENSE("GPL");

static struct nswap_socket *nswapd_sock;
static int nswapd_stopping;
static DECLARE_COMPLETION(nswapd_stopped);

/* One request datagram: the header, then a page for STORE. */
static char nswapd_buf[sizeof(struct nswap_request) + NSWAP_PAGE_SIZE];

static int nswapd_handle_request(struct nswap_request *req, void *page, int len)
{
	switch (req->opcode) {
	case NSWAP_REQ_HELLO:
		return nswap_iptable_add(req->ipaddr);
	case NSWAP_REQ_STORE:
		if (len < NSWAP_PAGE_SIZE)
			return -EINVAL;
		return nswapd_mem_store(req->ipaddr, req->offset, page);
	case NSWAP_REQ_LOAD:
		return nswapd_mem_load(req->ipaddr, req->offset, page);
	case NSWAP_REQ_RELEASE:
		return nswapd_mem_release(req->ipaddr, req->offset);
	default:
		return -EINVAL;
	}
}

static int nswapd_serve_thr(void *data)
{
	struct nswap_socket *sock = data;
	struct nswap_request *req = (struct nswap_request *)nswapd_buf;
	int len;

	while (!nswapd_stopping) {
		len = nswap_recv(sock, nswapd_buf, sizeof(nswapd_buf));
		if (len < (int)sizeof(struct nswap_request))
			continue;
		nswapd_handle_request(req, nswapd_buf + sizeof(*req),
				      len - (int)sizeof(*req));
	}
	complete(&nswapd_stopped);
	return 0;
}

static int nswapd_init(void)
{
	int err;

	err = nswap_iptable_init();
	if (err < 0)
		return err;
	err = nswapd_mem_init();
	if (err < 0)
		goto out_iptable;
	err = -EADDRINUSE;
	nswapd_sock = nswap_udp_alloc_socket(INADDR_ANY, NSWAPD_PORT);
	if (nswapd_sock == NULL)
		goto out_mem;
	err = nswap_thread(nswapd_serve_thr, nswapd_sock, "nswapd");
	if (err < 0)
		goto out_sock;
	return 0;

out_sock:
	nswap_udp_close_socket(nswapd_sock);
out_mem:
	nswapd_mem_cleanup();
out_iptable:
	nswap_iptable_cleanup();
	return err;
}

static void nswapd_exit(void)
{
	nswapd_stopping = 1;
	kernel_sock_shutdown(nswapd_sock->sock, SHUT_RDWR);
	wait_for_completion(&nswapd_stopped);
	nswap_udp_close_socket(nswapd_sock);
	nswapd_mem_cleanup();
	nswap_iptable_cleanup();
}

module_init(nswapd_init);
module_exit(nswapd_exit);
