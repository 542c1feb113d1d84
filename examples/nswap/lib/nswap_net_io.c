/*
 * nswap_net_io.c - TCP and UDP sockets between nswap hosts.
 */
#include <linux/in.h>
#include <linux/net.h>
#include <linux/string.h>
#include <linux/uio.h>
#include <net/sock.h>
#include "../include/nswap.h"
#include "../include/nswap_net_io.h"

static void nswap_fill_addr(struct sockaddr_in *sin, u32 ipaddr, u16 port)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(ipaddr);
	sin->sin_port = htons(port);
}

/* Opens a TCP connection to ipaddr:port; the caller closes it with nswap_tcp_close_socket. */
struct nswap_socket *nswap_tcp_alloc_socket(u32 ipaddr, u16 port)
{
	struct nswap_socket *new_socket;
	struct sockaddr_in sin;
	int err;

	new_socket = kmalloc(sizeof(struct nswap_socket), GFP_NSWAP);
	if (new_socket == NULL)
		return NULL;
	new_socket->addr = NULL;
	err = sock_create(PF_INET, SOCK_STREAM, IPPROTO_TCP, &new_socket->sock);
	if (err < 0)
		goto fail;
	nswap_fill_addr(&sin, ipaddr, port);
	err = new_socket->sock->ops->connect(new_socket->sock, (struct sockaddr *)&sin, sizeof(sin), 0);
	if (err < 0) {
		sock_release(new_socket->sock);
		goto fail;
	}
	return new_socket;

fail:
	kfree(new_socket);
	return NULL;
}

/* Opens a UDP socket whose datagrams go to ipaddr:port; closed by nswap_udp_close_socket. */
struct nswap_socket *nswap_udp_alloc_socket(u32 ipaddr, u16 port)
{
	struct nswap_socket *new_socket;
	int err;

	new_socket = kmalloc(sizeof(struct nswap_socket), GFP_NSWAP);
	if (new_socket == NULL)
		return NULL;
	err = sock_create(PF_INET, SOCK_DGRAM, IPPROTO_UDP, &new_socket->sock);
	if (err < 0)
		goto fail;
	new_socket->addr = kmalloc(sizeof(struct sockaddr), GFP_NSWAP);
	if (new_socket->addr == NULL) {
		sock_release(new_socket->sock);
		goto fail;
	}
	nswap_fill_addr((struct sockaddr_in *)new_socket->addr, ipaddr, port);
	if (ipaddr == INADDR_ANY) {
		/* A server socket: receive on port from anyone. */
		err = new_socket->sock->ops->bind(new_socket->sock, new_socket->addr, sizeof(struct sockaddr_in));
		if (err < 0) {
			nswap_udp_close_socket(new_socket);
			return NULL;
		}
	}
	return new_socket;

fail:
	kfree(new_socket);
	return NULL;
}

void nswap_tcp_close_socket(struct nswap_socket *sock)
{
	if (sock == NULL)
		return;
	sock_release(sock->sock);
	kfree(sock);
}

void nswap_udp_close_socket(struct nswap_socket *sock)
{
	if (sock == NULL)
		return;
	sock_release(sock->sock);
	kfree(sock->addr);
	sock->addr = NULL;
	kfree(sock);
}

/* Sends len bytes; on a UDP socket they go to the socket's peer address. */
int nswap_send(struct nswap_socket *sock, const void *buf, int len)
{
	struct msghdr msg;
	struct kvec iov;

	memset(&msg, 0, sizeof(msg));
	iov.iov_base = (void *)buf;
	iov.iov_len = len;
	if (sock->addr != NULL) {
		msg.msg_name = sock->addr;
		msg.msg_namelen = sizeof(struct sockaddr_in);
	}
	return kernel_sendmsg(sock->sock, &msg, &iov, 1, len);
}

/* Receives up to len bytes. */
int nswap_recv(struct nswap_socket *sock, void *buf, int len)
{
	struct msghdr msg;
	struct kvec iov;

	memset(&msg, 0, sizeof(msg));
	iov.iov_base = buf;
	iov.iov_len = len;
	return kernel_recvmsg(sock->sock, &msg, &iov, 1, len, 0);
}
