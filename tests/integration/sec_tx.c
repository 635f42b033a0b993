/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * A secondary DPDK process that sends on a node the primary made: it
 * attaches to the primary's memory (--proc-type=secondary and its
 * --file-prefix), finds the node's port by name, and sends COUNT IPv4/UDP
 * packets (Ethernet framed, as a node in l2=eth takes them) with
 * rte_eth_tx_burst on Tx queue 0, from an mbuf pool of its own.  Each
 * packet is marked (source 198.51.100.7, IP ID 0x5ec7, UDP port 5307) so
 * that a capture can tell them from others.  Prints how many it sent, and
 * what link down and an MTU change answer first (the primary's to make:
 * -ENOTSUP).
 * Give EAL the driver (-d librte_net_ngiface.so): its secondary vdev scan
 * then attaches the primary's nodes here.
 *
 * Usage: sec_tx EAL_ARGS... -- NODE COUNT
 * Exit status: 0 when all COUNT were sent, 1 otherwise, 2 on bad usage.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_byteorder.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_udp.h>

#define SEC_BURST	32
#define SEC_PAYLOAD	18
#define SEC_RETRIES	1000
#define SEC_SRC_IP	RTE_IPV4(198, 51, 100, 7)
#define SEC_DST_IP	RTE_IPV4(198, 51, 100, 8)
#define SEC_IP_ID	0x5ec7
#define SEC_UDP_PORT	5307

/* One marked Ethernet + IPv4 + UDP packet, valid checksums. */
static struct rte_mbuf *
sec_packet(struct rte_mempool *pool, uint16_t port, uint32_t seq)
{
	uint16_t l3_len = sizeof(struct rte_ipv4_hdr) +
		sizeof(struct rte_udp_hdr) + SEC_PAYLOAD;
	struct rte_ether_hdr *eth;
	struct rte_ipv4_hdr *ip;
	struct rte_udp_hdr *udp;
	struct rte_mbuf *m;
	uint8_t *payload;

	m = rte_pktmbuf_alloc(pool);
	if (m == NULL)
		return NULL;
	eth = (struct rte_ether_hdr *)rte_pktmbuf_append(m,
		sizeof(*eth) + l3_len);
	if (eth == NULL) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	rte_eth_macaddr_get(port, &eth->dst_addr);
	rte_eth_random_addr(eth->src_addr.addr_bytes);
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);

	ip = (struct rte_ipv4_hdr *)(eth + 1);
	memset(ip, 0, sizeof(*ip));
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(l3_len);
	ip->packet_id = rte_cpu_to_be_16(SEC_IP_ID);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = rte_cpu_to_be_32(SEC_SRC_IP);
	ip->dst_addr = rte_cpu_to_be_32(SEC_DST_IP);
	ip->hdr_checksum = rte_ipv4_cksum(ip);

	udp = (struct rte_udp_hdr *)(ip + 1);
	udp->src_port = rte_cpu_to_be_16(SEC_UDP_PORT);
	udp->dst_port = rte_cpu_to_be_16(SEC_UDP_PORT);
	udp->dgram_len = rte_cpu_to_be_16(sizeof(*udp) + SEC_PAYLOAD);
	udp->dgram_cksum = 0;
	payload = (uint8_t *)(udp + 1);
	memset(payload, 0, SEC_PAYLOAD);
	memcpy(payload, &seq, sizeof(seq));
	udp->dgram_cksum = rte_ipv4_udptcp_cksum(ip, udp);

	m->l2_len = sizeof(*eth);
	m->l3_len = sizeof(*ip);
	m->packet_type = RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 |
		RTE_PTYPE_L4_UDP;
	return m;
}

/* Send count packets on queue 0 of port; returns how many were taken. */
static uint32_t
sec_send(struct rte_mempool *pool, uint16_t port, uint32_t count)
{
	struct rte_mbuf *pkts[SEC_BURST];
	uint32_t sent = 0, retries = 0;
	uint16_t n, i, done;

	while (sent < count && retries < SEC_RETRIES) {
		n = RTE_MIN(count - sent, (uint32_t)SEC_BURST);
		for (i = 0; i < n; i++) {
			pkts[i] = sec_packet(pool, port, sent + i);
			if (pkts[i] == NULL)
				break;
		}
		n = i;
		done = n > 0 ? rte_eth_tx_burst(port, 0, pkts, n) : 0;
		rte_pktmbuf_free_bulk(pkts + done, n - done);
		sent += done;
		if (done < SEC_BURST && sent < count) {
			retries++;
			usleep(1000);
		}
	}
	return sent;
}

int
main(int argc, char **argv)
{
	struct rte_mempool *pool;
	char pool_name[RTE_MEMPOOL_NAMESIZE];
	uint16_t port;
	uint32_t count, sent;
	char *end;
	int ret;

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "sec_tx: EAL init failed: %s\n",
			rte_strerror(rte_errno));
		return 1;
	}
	argc -= ret;
	argv += ret;
	if (argc != 3) {
		fprintf(stderr, "usage: sec_tx EAL_ARGS... -- NODE COUNT\n");
		rte_eal_cleanup();
		return 2;
	}
	count = strtoul(argv[2], &end, 10);
	if (*end != '\0' || count == 0) {
		fprintf(stderr, "sec_tx: bad count \"%s\"\n", argv[2]);
		rte_eal_cleanup();
		return 2;
	}
	if (rte_eal_process_type() != RTE_PROC_SECONDARY) {
		fprintf(stderr, "sec_tx: not a secondary process (give --proc-type=secondary)\n");
		rte_eal_cleanup();
		return 1;
	}
	ret = rte_eth_dev_get_port_by_name(argv[1], &port);
	if (ret != 0) {
		fprintf(stderr, "sec_tx: no port named \"%s\": %s\n", argv[1],
			rte_strerror(-ret));
		rte_eal_cleanup();
		return 1;
	}
	/* the node is the primary's to change: these must be refused */
	printf("sec_tx: set_link_down %d, set_mtu %d\n",
	       rte_eth_dev_set_link_down(port),
	       rte_eth_dev_set_mtu(port, 1400));
	/* a name of its own: the pool lives in the primary's memory */
	snprintf(pool_name, sizeof(pool_name), "sec_tx_%d", (int)getpid());
	pool = rte_pktmbuf_pool_create(pool_name, 1023, 0, 0,
				       RTE_MBUF_DEFAULT_BUF_SIZE,
				       rte_socket_id());
	if (pool == NULL) {
		fprintf(stderr, "sec_tx: mbuf pool: %s\n",
			rte_strerror(rte_errno));
		rte_eal_cleanup();
		return 1;
	}
	sent = sec_send(pool, port, count);
	printf("sec_tx: sent %u of %u packets on %s (port %u)\n", sent, count,
	       argv[1], port);
	fflush(stdout);
	rte_mempool_free(pool);
	rte_eal_cleanup();
	return sent == count ? 0 : 1;
}
