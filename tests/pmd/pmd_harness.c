/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <rte_bus_vdev.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_ring.h>

#include "rte_pmd_ngiface.h"
#include "pmd_harness.h"

struct rte_mempool *h_pool;

#define H_MAX_NODES 64
static char h_vdevs[H_MAX_NODES][32];
static int h_next_vdev;

int
h_eal_up(const char *prefix)
{
	static const char *const fixed[] = {
		"pmd_test", "--lcores", "0@0,1@1,2@1", "--no-huge", "-m", "512",
		"--no-pci", "--log-level=pmd.net.ngiface:info",
	};
	char file_prefix[64];
	char *argv[RTE_DIM(fixed) + 1];
	unsigned int i;

	/* EAL may reorder argv's pointers, never the strings they point to */
	for (i = 0; i < RTE_DIM(fixed); i++)
		argv[i] = (char *)(uintptr_t)fixed[i];
	snprintf(file_prefix, sizeof(file_prefix), "--file-prefix=%s-%d",
		 prefix, getpid());
	argv[i] = file_prefix;
	if (rte_eal_init(RTE_DIM(argv), argv) < 0)
		return -1;
	h_pool = rte_pktmbuf_pool_create("h_pool", 8191, 128, 0,
					 RTE_MBUF_DEFAULT_BUF_SIZE,
					 rte_socket_id());
	return h_pool != NULL ? 0 : -1;
}

void
h_eal_down(void)
{
	char cmd[PATH_MAX + 16];

	/* EAL leaves its run directory behind: remove ours */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", rte_eal_get_runtime_dir());
	h_node_del_all();
	rte_mempool_free(h_pool);
	rte_eal_cleanup();
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove the EAL run directory\n");
}

int
h_node_add(const char *devargs)
{
	char *vdev = h_vdevs[h_next_vdev % H_MAX_NODES];
	uint16_t port;
	int ret;

	snprintf(vdev, sizeof(h_vdevs[0]), "net_ngiface%d", h_next_vdev++);
	ret = rte_vdev_init(vdev, devargs);
	if (ret < 0) {
		vdev[0] = '\0';
		return ret;
	}
	RTE_ETH_FOREACH_DEV(port) {
		struct rte_eth_dev_info info;

		if (rte_eth_dev_info_get(port, &info) == 0 &&
		    strcmp(rte_dev_name(info.device), vdev) == 0)
			return port;
	}
	return -ENODEV;
}

void
h_node_del(uint16_t port)
{
	struct rte_eth_dev_info info;
	char name[32];

	if (rte_eth_dev_info_get(port, &info) != 0)
		return;
	snprintf(name, sizeof(name), "%s", rte_dev_name(info.device));
	rte_eth_dev_stop(port);
	rte_vdev_uninit(name);
	for (int i = 0; i < H_MAX_NODES; i++)
		if (strcmp(h_vdevs[i], name) == 0)
			h_vdevs[i][0] = '\0';
}

void
h_node_del_all(void)
{
	uint16_t port;

	RTE_ETH_FOREACH_DEV(port)
		rte_eth_dev_stop(port);
	for (int i = 0; i < H_MAX_NODES; i++)
		if (h_vdevs[i][0] != '\0') {
			rte_vdev_uninit(h_vdevs[i]);
			h_vdevs[i][0] = '\0';
		}
}

int
h_port_start(uint16_t port, uint16_t nq, bool lsc)
{
	return h_port_start_conf(port, nq, lsc, 0);
}

int
h_port_start_conf(uint16_t port, uint16_t nq, bool lsc, uint64_t rx_offloads)
{
	struct rte_eth_conf conf;
	uint16_t q;
	int ret;

	memset(&conf, 0, sizeof(conf));
	conf.intr_conf.lsc = lsc;
	conf.rxmode.offloads = rx_offloads;
	ret = rte_eth_dev_configure(port, nq, nq, &conf);
	for (q = 0; ret == 0 && q < nq; q++) {
		ret = rte_eth_rx_queue_setup(port, q, 256, rte_socket_id(),
					     NULL, h_pool);
		if (ret == 0)
			ret = rte_eth_tx_queue_setup(port, q, 256,
						     rte_socket_id(), NULL);
	}
	return ret == 0 ? rte_eth_dev_start(port) : ret;
}

static void
h_fill_l3(enum h_kind kind, uint8_t *l3, uint16_t len, uint8_t tag)
{
	memset(l3, tag, len);
	if (kind == H_IPV4) {
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)l3;

		memset(ip, 0, sizeof(*ip));
		ip->version_ihl = RTE_IPV4_VHL_DEF;
		ip->total_length = rte_cpu_to_be_16(len);
		ip->time_to_live = 64;
		ip->next_proto_id = IPPROTO_UDP;
		ip->src_addr = RTE_BE32(0xc0000201);	/* 192.0.2.1 */
		ip->dst_addr = RTE_BE32(0xc0000202);	/* 192.0.2.2 */
		ip->hdr_checksum = rte_ipv4_cksum(ip);
	} else if (kind == H_IPV6) {
		struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)l3;

		memset(ip, 0, sizeof(*ip));
		ip->vtc_flow = RTE_BE32(0x60000000);
		ip->payload_len = rte_cpu_to_be_16(len - sizeof(*ip));
		ip->proto = IPPROTO_UDP;
		ip->hop_limits = 64;
		ip->src_addr[0] = 0x20;		/* 2001:db8::1 */
		ip->src_addr[1] = 0x01;
		ip->src_addr[2] = 0x0d;
		ip->src_addr[3] = 0xb8;
		ip->src_addr[15] = 1;
		memcpy(ip->dst_addr, ip->src_addr, 16);
		ip->dst_addr[15] = 2;
	}
}

struct rte_mbuf *
h_pkt(enum h_kind kind, uint16_t l3_len, bool eth, uint8_t tag)
{
	static const uint16_t type[] = {
		[H_IPV4] = RTE_ETHER_TYPE_IPV4,
		[H_IPV6] = RTE_ETHER_TYPE_IPV6,
		[H_ARP] = RTE_ETHER_TYPE_ARP,
	};
	struct rte_mbuf *m = rte_pktmbuf_alloc(h_pool);
	uint16_t l2 = eth ? RTE_ETHER_HDR_LEN : 0;
	uint8_t *p;

	if (m == NULL)
		return NULL;
	p = (uint8_t *)rte_pktmbuf_append(m, l2 + l3_len);
	if (p == NULL) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	if (eth) {
		struct rte_ether_hdr *e = (struct rte_ether_hdr *)p;

		memset(e, 0xee, sizeof(*e));
		e->ether_type = rte_cpu_to_be_16(type[kind]);
	}
	h_fill_l3(kind, p + l2, l3_len, tag);
	return m;
}

uint64_t
h_xstat(uint16_t port, const char *name)
{
	uint64_t id, value = UINT64_MAX;

	if (rte_eth_xstats_get_id_by_name(port, name, &id) != 0)
		return UINT64_MAX;
	if (rte_eth_xstats_get_by_id(port, &id, &value, 1) != 1)
		return UINT64_MAX;
	return value;
}

static unsigned int h_pool_start;

int
h_setup(void **state)
{
	(void)state;
	h_pool_start = rte_mempool_avail_count(h_pool);
	return 0;
}

int
h_teardown(void **state)
{
	(void)state;
	h_node_del_all();
	assert_int_equal(rte_eth_dev_count_avail(), 0);
	assert_int_equal(rte_mempool_avail_count(h_pool), h_pool_start);
	return 0;
}

void
h_rings(const char *tag, unsigned int size, unsigned int flags,
	struct rte_ring **out, struct rte_ring **in)
{
	char name[RTE_RING_NAMESIZE];

	snprintf(name, sizeof(name), "t_%s_o", tag);
	*out = rte_ring_create(name, size, SOCKET_ID_ANY, flags);
	snprintf(name, sizeof(name), "t_%s_i", tag);
	*in = rte_ring_create(name, size, SOCKET_ID_ANY, flags);
	assert_non_null(*out);
	assert_non_null(*in);
}

void
h_rings_free(struct rte_ring *out, struct rte_ring *in)
{
	rte_ring_free(out);
	rte_ring_free(in);
}
