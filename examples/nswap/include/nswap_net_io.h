/*
 * nswap_net_io.h - the sockets nswapc and nswapd talk over.
 */
#ifndef _NSWAP_NET_IO_H
#define _NSWAP_NET_IO_H

#include <linux/net.h>
#include <linux/socket.h>

struct nswap_socket {
	struct socket *sock;
	struct sockaddr *addr;	/* UDP only: the peer datagrams go to */
};

struct nswap_socket *nswap_tcp_alloc_socket(u32 ipaddr, u16 port);
struct nswap_socket *nswap_udp_alloc_socket(u32 ipaddr, u16 port);
void nswap_tcp_close_socket(struct nswap_socket *sock);
void nswap_udp_close_socket(struct nswap_socket *sock);
int nswap_send(struct nswap_socket *sock, const void *buf, int len);
int nswap_recv(struct nswap_socket *sock, void *buf, int len);

#endif /* _NSWAP_NET_IO_H */
