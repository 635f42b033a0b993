/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * net_ngiface fast path through real ethdev bursts: delivery and framing,
 * every drop cause, ring-full returns, fairness, queues, flush on
 * disconnect, and rebinding while another lcore forwards.  Every test ends
 * with the mempool back at its starting count.
 */

#include <inttypes.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_launch.h>
#include <rte_pause.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_memcpy.h>
#include <rte_ring.h>

#include "rte_pmd_ngiface.h"
#include "pmd_harness.h"

#define INET RTE_PMD_NGIFACE_HOOK_INET
#define INET6 RTE_PMD_NGIFACE_HOOK_INET6

static int
started_node(const char *devargs, uint16_t nq)
{
	int p = h_node_add(devargs);

	assert_true(p >= 0);
	assert_int_equal(h_port_start(p, nq, false), 0);
	return p;
}

/* The same, the application taking chained packets (Rx scatter). */
static int
started_node_scatter(const char *devargs)
{
	int p = h_node_add(devargs);

	assert_true(p >= 0);
	assert_int_equal(h_port_start_conf(p, 1, false,
					   RTE_ETH_RX_OFFLOAD_SCATTER), 0);
	return p;
}

static void
free_all(struct rte_mbuf **pkts, uint16_t n)
{
	rte_pktmbuf_free_bulk(pkts, n);
}

static uint16_t
rx_all(uint16_t port, uint16_t q, struct rte_mbuf **pkts, uint16_t max)
{
	uint16_t n = 0, got;

	do {
		got = rte_eth_rx_burst(port, q, pkts + n, max - n);
		n += got;
	} while (got != 0 && n < max);
	return n;
}

/************************************************************************
			DELIVERY
 ************************************************************************/

static void
assert_framed(struct rte_mbuf *m, uint16_t port, enum h_kind kind,
	      uint16_t l3_len, uint8_t tag)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_ether_addr mac;
	uint8_t *l3 = (uint8_t *)(eth + 1);

	assert_int_equal(rte_eth_macaddr_get(port, &mac), 0);
	assert_int_equal(m->pkt_len, l3_len + RTE_ETHER_HDR_LEN);
	assert_int_equal(m->port, port);
	assert_true(rte_is_same_ether_addr(&eth->dst_addr, &mac));
	assert_true(rte_is_local_admin_ether_addr(&eth->src_addr));
	assert_int_equal(eth->ether_type, rte_cpu_to_be_16(kind == H_IPV4 ?
			 RTE_ETHER_TYPE_IPV4 : RTE_ETHER_TYPE_IPV6));
	assert_int_equal(m->packet_type, RTE_PTYPE_L2_ETHER |
			 (kind == H_IPV4 ? RTE_PTYPE_L3_IPV4_EXT_UNKNOWN :
			  RTE_PTYPE_L3_IPV6_EXT_UNKNOWN));
	assert_int_equal(l3[0] >> 4, kind == H_IPV4 ? 4 : 6);
	assert_int_equal(l3[l3_len - 1], tag);
}

/*
 * rte_eth_rx_queue_count: the packets waiting in the queue's in rings, both
 * hooks', queue by queue; a ring both hooks are bound to counted once.
 */
static void
test_rx_queue_count(void **state)
{
	const unsigned int fl = RING_F_SP_ENQ | RING_F_SC_DEQ;
	struct rte_ring *in = rte_ring_create("t_qc_in", 64, SOCKET_ID_ANY, fl);
	struct rte_ring *o4 = rte_ring_create("t_qc_o4", 64, SOCKET_ID_ANY, fl);
	struct rte_ring *o6 = rte_ring_create("t_qc_o6", 64, SOCKET_ID_ANY, fl);
	struct rte_mbuf *tx[3], *rx[4];
	int p;

	(void)state;
	assert_true(in != NULL && o4 != NULL && o6 != NULL);
	p = started_node("inet=echo,inet6=echo,queues=2", 2);
	assert_int_equal(rte_eth_rx_queue_count(p, 0), 0);
	tx[0] = h_pkt(H_IPV4, 60, true, 1);
	tx[1] = h_pkt(H_IPV6, 80, true, 2);
	tx[2] = h_pkt(H_IPV4, 60, true, 3);
	assert_int_equal(rte_eth_tx_burst(p, 1, tx, 3), 3);
	assert_int_equal(rte_eth_rx_queue_count(p, 1), 3);
	assert_int_equal(rte_eth_rx_queue_count(p, 0), 0);
	assert_int_equal(rx_all(p, 1, rx, 4), 3);
	free_all(rx, 3);
	assert_int_equal(rte_eth_rx_queue_count(p, 1), 0);

	/* one in ring for both hooks: its packets once */
	p = started_node("", 1);
	assert_int_equal(rte_pmd_ngiface_connect_rings(p, INET, &o4, &in, 1),
			 0);
	assert_int_equal(rte_pmd_ngiface_connect_rings(p, INET6, &o6, &in, 1),
			 0);
	tx[0] = h_pkt(H_IPV4, 60, false, 4);
	assert_int_equal(rte_ring_enqueue(in, tx[0]), 0);
	assert_int_equal(rte_eth_rx_queue_count(p, 0), 1);
	assert_int_equal(rx_all(p, 0, rx, 4), 1);
	free_all(rx, 1);
	assert_int_equal(rte_eth_rx_queue_count(p, 0), 0);
	assert_int_equal(rte_pmd_ngiface_disconnect(p, INET), 0);
	assert_int_equal(rte_pmd_ngiface_disconnect(p, INET6), 0);
	rte_ring_free(in);
	rte_ring_free(o4);
	rte_ring_free(o6);
}

static void
test_echo_returns_framed_packets(void **state)
{
	static struct rte_ether_addr doc_mac = {
		.addr_bytes = { 0x00, 0x00, 0x5e, 0x00, 0x53, 0x01 },
	};
	struct rte_mbuf *tx[2], *rx[4];
	struct rte_eth_stats st;
	int p;

	(void)state;
	p = started_node("inet=echo,inet6=echo", 1);
	tx[0] = h_pkt(H_IPV4, 100, true, 0x44);
	tx[1] = h_pkt(H_IPV6, 200, true, 0x66);
	assert_int_equal(rte_eth_tx_burst(p, 0, tx, 2), 2);
	assert_int_equal(rx_all(p, 0, rx, 4), 2);
	/* order across families is not kept; sort by length */
	if (rx[0]->pkt_len > rx[1]->pkt_len)
		RTE_SWAP(rx[0], rx[1]);
	assert_framed(rx[0], p, H_IPV4, 100, 0x44);
	assert_framed(rx[1], p, H_IPV6, 200, 0x66);
	free_all(rx, 2);

	assert_int_equal(rte_eth_stats_get(p, &st), 0);
	assert_int_equal(st.opackets, 2);
	assert_int_equal(st.ipackets, 2);
	assert_int_equal(st.obytes, 300 + 2 * RTE_ETHER_HDR_LEN);
	assert_int_equal(st.ibytes, st.obytes);
	assert_int_equal(st.oerrors, 0);
	assert_int_equal(h_xstat(p, "inet_out_packets"), 1);
	assert_int_equal(h_xstat(p, "inet6_in_bytes"), 200);
	assert_int_equal(rte_eth_stats_reset(p), 0);
	assert_int_equal(rte_eth_stats_get(p, &st), 0);
	assert_int_equal(st.opackets + st.ipackets + st.obytes, 0);
	assert_int_equal(h_xstat(p, "inet_out_packets"), 0);

	/* a new port MAC (RFC 7042's documentation range) is the next
	 * burst's destination */
	assert_int_equal(rte_eth_dev_default_mac_addr_set(p, &doc_mac), 0);
	tx[0] = h_pkt(H_IPV6, 60, true, 0x77);
	assert_int_equal(rte_eth_tx_burst(p, 0, tx, 1), 1);
	assert_int_equal(rx_all(p, 0, rx, 4), 1);
	assert_framed(rx[0], p, H_IPV6, 60, 0x77);
	assert_true(rte_is_same_ether_addr(
		&rte_pktmbuf_mtod(rx[0], struct rte_ether_hdr *)->dst_addr,
		&doc_mac));
	free_all(rx, 1);
}

/* An IPv4 frame of l3_len bytes, then a segment of more bytes of 0x77. */
static struct rte_mbuf *
chained_pkt(uint16_t l3_len, uint16_t more)
{
	struct rte_mbuf *head = h_pkt(H_IPV4, l3_len, true, 0x44);
	struct rte_mbuf *tail = rte_pktmbuf_alloc(h_pool);
	char *data;

	assert_non_null(tail);
	data = rte_pktmbuf_append(tail, more);
	assert_non_null(data);
	memset(data, 0x77, more);
	assert_int_equal(rte_pktmbuf_chain(head, tail), 0);
	return head;
}

/*
 * A chained mbuf crosses whole: header off the first segment, back on.  An
 * application that did not enable Rx scatter gets it in one segment, or,
 * too big for one, not at all (rx_drop_noscatter).
 */
static void
test_chained_mbuf_carried_whole(void **state)
{
	struct rte_mbuf *tx[1], *rx[2];
	uint16_t room;
	int p, q;

	(void)state;
	p = started_node_scatter("inet=echo,mtu=200");
	tx[0] = chained_pkt(100, 60);
	assert_int_equal(rte_eth_tx_burst(p, 0, tx, 1), 1);
	assert_int_equal(rx_all(p, 0, rx, 2), 1);
	assert_int_equal(rx[0]->nb_segs, 2);
	assert_int_equal(rx[0]->pkt_len, RTE_ETHER_HDR_LEN + 160);
	assert_int_equal(rx[0]->data_len, RTE_ETHER_HDR_LEN + 100);
	assert_int_equal(rte_pktmbuf_mtod(rx[0], struct rte_ether_hdr *)->ether_type,
			 rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4));
	assert_int_equal(*rte_pktmbuf_mtod(rx[0]->next, uint8_t *), 0x77);
	assert_int_equal(h_xstat(p, "inet_out_bytes"), 160);
	free_all(rx, 1);

	/* the MTU counts every segment: 100 + 60 + 60 > 200 */
	tx[0] = chained_pkt(100, 120);
	assert_int_equal(rte_eth_tx_burst(p, 0, tx, 1), 1);
	assert_int_equal(h_xstat(p, "inet_drop_mtu"), 1);

	/* no scatter: one segment, the bytes in order */
	q = started_node("inet=echo,mtu=4000", 1);
	tx[0] = chained_pkt(100, 60);
	assert_int_equal(rte_eth_tx_burst(q, 0, tx, 1), 1);
	assert_int_equal(rx_all(q, 0, rx, 2), 1);
	assert_int_equal(rx[0]->nb_segs, 1);
	assert_int_equal(rx[0]->data_len, RTE_ETHER_HDR_LEN + 160);
	assert_int_equal(rte_pktmbuf_mtod(rx[0], struct rte_ether_hdr *)->ether_type,
			 rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4));
	assert_int_equal(*rte_pktmbuf_mtod_offset(rx[0], uint8_t *,
						  RTE_ETHER_HDR_LEN + 99), 0x44);
	assert_int_equal(*rte_pktmbuf_mtod_offset(rx[0], uint8_t *,
						  RTE_ETHER_HDR_LEN + 100), 0x77);
	free_all(rx, 1);
	/* 100 + 2000 and a header do not fit a 2048-byte buffer */
	tx[0] = chained_pkt(100, 2000);
	assert_int_equal(rte_eth_tx_burst(q, 0, tx, 1), 1);
	assert_int_equal(rte_eth_rx_burst(q, 0, rx, 2), 0);
	assert_int_equal(h_xstat(q, "rx_drop_noscatter"), 1);
	/* at the edge: header and packet fill a buffer, one byte more not */
	room = rte_pktmbuf_data_room_size(h_pool) - RTE_PKTMBUF_HEADROOM;
	tx[0] = chained_pkt(100, room - RTE_ETHER_HDR_LEN - 100);
	assert_int_equal(rte_eth_tx_burst(q, 0, tx, 1), 1);
	assert_int_equal(rx_all(q, 0, rx, 2), 1);
	assert_int_equal(rx[0]->nb_segs, 1);
	assert_int_equal(rx[0]->data_len, room);
	free_all(rx, 1);
	tx[0] = chained_pkt(100, room - RTE_ETHER_HDR_LEN - 99);
	assert_int_equal(rte_eth_tx_burst(q, 0, tx, 1), 1);
	assert_int_equal(rte_eth_rx_burst(q, 0, rx, 2), 0);
	assert_int_equal(h_xstat(q, "rx_drop_noscatter"), 2);
}

/* A segment holding only a link header (or nothing), the L3 after it. */
static struct rte_mbuf *
split_pkt(bool eth)
{
	struct rte_mbuf *head = rte_pktmbuf_alloc(h_pool);
	struct rte_ether_hdr *e;

	assert_non_null(head);
	if (eth) {
		e = (struct rte_ether_hdr *)rte_pktmbuf_append(head,
							       sizeof(*e));
		assert_non_null(e);
		memset(e, 0, sizeof(*e));
		e->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	}
	assert_int_equal(rte_pktmbuf_chain(head, h_pkt(H_IPV4, 64, false, 0)),
			 0);
	return head;
}

/*
 * Tx classifies an L3 packet that starts in a later segment (an
 * application that gave the link header a segment of its own), and
 * refuses a bare link header: nothing to tell its family by.
 */
static void
test_l3_in_next_segment(void **state)
{
	struct rte_mbuf *tx[2], *rx[2];
	struct rte_ether_hdr *e;
	int eth_node, raw_node;

	(void)state;
	eth_node = started_node("inet=echo", 1);
	raw_node = started_node("l2=none,inet=echo", 1);
	tx[0] = split_pkt(true);
	tx[1] = rte_pktmbuf_alloc(h_pool);
	assert_non_null(tx[1]);
	e = (struct rte_ether_hdr *)rte_pktmbuf_append(tx[1], sizeof(*e));
	assert_non_null(e);
	memset(e, 0, sizeof(*e));
	e->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	assert_int_equal(rte_eth_tx_burst(eth_node, 0, tx, 2), 2);
	assert_int_equal(h_xstat(eth_node, "inet_out_packets"), 1);
	assert_int_equal(h_xstat(eth_node, "inet_out_bytes"), 64);
	assert_int_equal(h_xstat(eth_node, "tx_drop_afnosupport"), 1);
	assert_int_equal(rx_all(eth_node, 0, rx, 2), 1);
	free_all(rx, 1);

	/* l2=none: an empty first segment, the version in the second */
	tx[0] = split_pkt(false);
	assert_int_equal(rte_eth_tx_burst(raw_node, 0, tx, 1), 1);
	assert_int_equal(h_xstat(raw_node, "inet_out_packets"), 1);
	assert_int_equal(h_xstat(raw_node, "tx_drop_afnosupport"), 0);
	assert_int_equal(rx_all(raw_node, 0, rx, 2), 1);
	free_all(rx, 1);
}

static void
test_joined_nodes_carry_raw_l3(void **state)
{
	struct rte_mbuf *tx[3], *rx[4];
	struct rte_ring *out;
	int a, b, k;

	(void)state;
	a = started_node("inet=ng1:inet,inet6=ng1:inet6", 1);
	b = started_node("", 1);
	tx[0] = h_pkt(H_IPV4, 64, true, 1);
	tx[1] = h_pkt(H_IPV4, 65, true, 2);
	tx[2] = h_pkt(H_IPV6, 80, true, 3);
	/* the sender's offload requests and Rx marks from an earlier port */
	tx[0]->ol_flags |= RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM |
		RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED |
		RTE_MBUF_F_RX_RSS_HASH;
	assert_int_equal(rte_eth_tx_burst(a, 0, tx, 3), 3);
	/* the hook carries the L3 packet alone, as a netgraph hook does */
	assert_int_equal(rte_pmd_ngiface_hook_rings(a, INET, 0, &out, NULL), 0);
	assert_int_equal(rte_ring_count(out), 2);
	assert_int_equal(rx_all(b, 0, rx, 4), 3);
	assert_int_equal(rte_eth_rx_burst(a, 0, rx + 3, 1), 0);
	/* none of it is claimed on the receiving side */
	for (k = 0; k < 3; k++)
		assert_int_equal(rx[k]->ol_flags, 0);
	free_all(rx, 3);
	assert_int_equal(h_xstat(b, "inet_in_packets"), 2);
	assert_int_equal(h_xstat(b, "inet6_in_packets"), 1);
}

static void
test_l2_none_and_hole(void **state)
{
	struct rte_mbuf *tx[3], *rx[4];
	int p;

	(void)state;
	p = started_node("l2=none,inet=echo,inet6=hole", 1);
	tx[0] = h_pkt(H_IPV4, 60, false, 9);
	tx[1] = h_pkt(H_IPV6, 60, false, 9);
	tx[2] = h_pkt(H_IPV6, 70, false, 9);
	assert_int_equal(rte_eth_tx_burst(p, 0, tx, 3), 3);
	assert_int_equal(rx_all(p, 0, rx, 4), 1);
	assert_int_equal(rx[0]->pkt_len, 60);
	assert_int_equal(rx[0]->packet_type, RTE_PTYPE_L3_IPV4_EXT_UNKNOWN);
	free_all(rx, 1);
	assert_int_equal(h_xstat(p, "inet6_hole_packets"), 2);
	assert_int_equal(h_xstat(p, "inet6_out_bytes"), 130);
}

/* Send n IPv4 packets of l3 bytes each (Ethernet framed) into port. */
static void
send_ipv4(int port, unsigned int n, uint16_t l3)
{
	struct rte_mbuf *m;

	while (n-- > 0) {
		m = h_pkt(H_IPV4, l3, true, 0);
		assert_int_equal(rte_eth_tx_burst(port, 0, &m, 1), 1);
	}
}

/*
 * A hole's own count (ng_hole's getstats): from its connection, cleared
 * only by a clear, not by an ethdev stats reset, which clears the hook's
 * xstats (hole_bytes with the rest).
 */
static void
test_hole_stats(void **state)
{
	struct rte_pmd_ngiface_hole_stats hs;
	int p;

	(void)state;
	p = started_node("inet=hole", 1);
	send_ipv4(p, 3, 100);
	assert_int_equal(rte_pmd_ngiface_hole_stats_get(p, INET, &hs, 0), 0);
	assert_int_equal(hs.frames, 3);
	assert_int_equal(hs.octets, 300);
	assert_int_equal(h_xstat(p, "inet_hole_bytes"), 300);
	assert_int_equal(rte_eth_stats_reset(p), 0);
	assert_int_equal(h_xstat(p, "inet_hole_bytes"), 0);
	assert_int_equal(rte_pmd_ngiface_hole_stats_get(p, INET, &hs, 0), 0);
	assert_int_equal(hs.frames, 3);

	/* getclrstats: what it read, then nothing */
	assert_int_equal(rte_pmd_ngiface_hole_stats_get(p, INET, &hs, 1), 0);
	assert_int_equal(hs.octets, 300);
	send_ipv4(p, 1, 60);
	assert_int_equal(rte_pmd_ngiface_hole_stats_get(p, INET, &hs, 0), 0);
	assert_int_equal(hs.frames, 1);
	assert_int_equal(hs.octets, 60);
	/* clrstats: no stats wanted */
	assert_int_equal(rte_pmd_ngiface_hole_stats_get(p, INET, NULL, 1), 0);
	assert_int_equal(rte_pmd_ngiface_hole_stats_get(p, INET, &hs, 0), 0);
	assert_int_equal(hs.frames, 0);

	/* a new hole starts from zero; the hook's xstats go on */
	send_ipv4(p, 2, 50);
	assert_int_equal(rte_pmd_ngiface_disconnect(p, INET), 0);
	assert_int_equal(rte_pmd_ngiface_hole_stats_get(p, INET, &hs, 0),
			 -ENOTCONN);
	assert_int_equal(rte_pmd_ngiface_connect_hole(p, INET), 0);
	assert_int_equal(rte_pmd_ngiface_hole_stats_get(p, INET, &hs, 0), 0);
	assert_int_equal(hs.frames, 0);
	assert_int_equal(hs.octets, 0);
	assert_int_equal(h_xstat(p, "inet_hole_packets"), 3);

	/* a hook whose peer is not a hole, a bad hook, a port not a node */
	assert_int_equal(rte_pmd_ngiface_hole_stats_get(p, INET6, &hs, 0),
			 -ENOTCONN);
	assert_int_equal(rte_pmd_ngiface_hole_stats_get(p, 2, &hs, 0),
			 -EPFNOSUPPORT);
	assert_int_equal(rte_pmd_ngiface_hole_stats_get(RTE_MAX_ETHPORTS, INET,
							&hs, 0), -ENODEV);
}

/*
 * The types Rx sets, as rte_eth_dev_get_supported_ptypes() tells them
 * (l3fwd and others ask before trusting packet_type): no L2 type in l2=none.
 */
static void
test_supported_ptypes(void **state)
{
	uint32_t t[8];
	int p, q;

	(void)state;
	p = started_node("", 1);
	assert_int_equal(rte_eth_dev_get_supported_ptypes(p, RTE_PTYPE_ALL_MASK,
							  t, RTE_DIM(t)), 3);
	assert_int_equal(t[0], RTE_PTYPE_L2_ETHER);
	assert_int_equal(t[1], RTE_PTYPE_L3_IPV4_EXT_UNKNOWN);
	assert_int_equal(t[2], RTE_PTYPE_L3_IPV6_EXT_UNKNOWN);
	assert_int_equal(rte_eth_dev_get_supported_ptypes(p, RTE_PTYPE_L4_MASK,
							  t, RTE_DIM(t)), 0);
	q = started_node("l2=none", 1);
	assert_int_equal(rte_eth_dev_get_supported_ptypes(q, RTE_PTYPE_ALL_MASK,
							  t, RTE_DIM(t)), 2);
	assert_int_equal(t[0], RTE_PTYPE_L3_IPV4_EXT_UNKNOWN);
}

/************************************************************************
			DROPS AND RETURNS
 ************************************************************************/

static void
test_drop_down_on_link_down(void **state)
{
	struct rte_mbuf *tx[4], *rx[4];
	struct rte_eth_stats st;
	int p;

	(void)state;
	/* a stopped port never reaches the driver: ethdev refuses bursts */
	p = started_node("inet=echo", 1);
	tx[0] = h_pkt(H_IPV4, 64, true, 0);
	tx[1] = h_pkt(H_IPV4, 64, true, 0);
	assert_int_equal(rte_eth_tx_burst(p, 0, tx, 2), 2);
	/* NGM_LINK_IS_DOWN: what waits on the hook is dropped on Rx */
	assert_int_equal(rte_pmd_ngiface_link_set(p, 0), 0);
	assert_int_equal(rte_eth_rx_burst(p, 0, rx, 4), 0);
	assert_int_equal(h_xstat(p, "rx_drop_down"), 2);
	tx[0] = h_pkt(H_IPV6, 64, true, 0);
	assert_int_equal(rte_eth_tx_burst(p, 0, tx, 1), 1);
	assert_int_equal(h_xstat(p, "tx_drop_down"), 1);
	assert_int_equal(rte_eth_stats_get(p, &st), 0);
	assert_int_equal(st.oerrors, 1);
	assert_int_equal(st.imissed, 2);
}

/*
 * A stopped node receives nothing: what its peer sends meanwhile, and what
 * waits in its in rings when it stops, is dropped (ng_iface_rcvdata while
 * the interface is down), not delivered stale after the next start.
 */
static void
test_drop_while_stopped(void **state)
{
	struct rte_mbuf *tx[3], *rx[4];
	int a, b;

	(void)state;
	a = started_node("inet=ng1:inet", 1);
	b = started_node("", 1);
	tx[0] = h_pkt(H_IPV4, 64, true, 0);
	assert_int_equal(rte_eth_tx_burst(a, 0, tx, 1), 1);
	assert_int_equal(rte_eth_dev_stop(b), 0);
	assert_int_equal(h_xstat(b, "rx_drop_down"), 1);
	tx[0] = h_pkt(H_IPV4, 64, true, 1);
	tx[1] = h_pkt(H_IPV4, 64, true, 2);
	assert_int_equal(rte_eth_tx_burst(a, 0, tx, 2), 2);
	assert_int_equal(rte_eth_dev_start(b), 0);
	assert_int_equal(h_xstat(b, "rx_drop_down"), 3);
	assert_int_equal(rte_eth_rx_burst(b, 0, rx, 4), 0);
	/* and once started, it receives again */
	tx[2] = h_pkt(H_IPV4, 64, true, 3);
	assert_int_equal(rte_eth_tx_burst(a, 0, tx + 2, 1), 1);
	assert_int_equal(rx_all(b, 0, rx, 4), 1);
	free_all(rx, 1);
}

static void
test_drop_family_unconnected_mtu(void **state)
{
	struct rte_ring *out[1], *in[1];
	struct rte_mbuf *tx[5];
	struct rte_eth_stats st;
	int p, q;

	(void)state;
	p = started_node("inet=hole,mtu=100", 1);
	tx[0] = h_pkt(H_ARP, 28, true, 0);		/* EAFNOSUPPORT */
	tx[1] = h_pkt(H_IPV6, 80, true, 0);		/* inet6: no peer */
	tx[2] = h_pkt(H_IPV4, 101, true, 0);		/* > MTU */
	tx[3] = h_pkt(H_IPV4, 100, true, 0);		/* = MTU: goes */
	tx[4] = rte_pktmbuf_alloc(h_pool);		/* runt */
	assert_int_equal(rte_eth_tx_burst(p, 0, tx, 5), 5);
	assert_int_equal(h_xstat(p, "tx_drop_afnosupport"), 2);
	assert_int_equal(h_xstat(p, "inet6_drop_unconnected"), 1);
	assert_int_equal(h_xstat(p, "inet_drop_mtu"), 1);
	assert_int_equal(h_xstat(p, "inet_hole_packets"), 1);
	assert_int_equal(rte_eth_stats_get(p, &st), 0);
	assert_int_equal(st.oerrors, 4);
	assert_int_equal(st.opackets, 1);

	/*
	 * The same MTU bound in the full check: a ring with other producers
	 * takes the walk in runs, which judges every packet there.
	 */
	q = started_node("mtu=100", 1);
	h_rings("mtu", 8, 0, &out[0], &in[0]);
	assert_int_equal(rte_pmd_ngiface_connect_rings(q, INET, out, in, 1), 0);
	tx[0] = h_pkt(H_IPV4, 100, true, 0);		/* = MTU: goes */
	tx[1] = h_pkt(H_IPV4, 101, true, 0);		/* > MTU */
	assert_int_equal(rte_eth_tx_burst(q, 0, tx, 2), 2);
	assert_int_equal(h_xstat(q, "inet_drop_mtu"), 1);
	assert_int_equal(h_xstat(q, "inet_out_packets"), 1);
	assert_int_equal(rte_ring_dequeue_burst(out[0], (void **)tx, 2, NULL),
			 1);
	free_all(tx, 1);
	assert_int_equal(rte_pmd_ngiface_disconnect(q, INET), 0);
	h_rings_free(out[0], in[0]);

	/* l2=none: the version nibble decides */
	q = started_node("l2=none,inet=hole", 1);
	tx[0] = h_pkt(H_IPV4, 40, false, 0x55);
	*rte_pktmbuf_mtod(tx[0], uint8_t *) = 0x55;	/* version 5 */
	assert_int_equal(rte_eth_tx_burst(q, 0, tx, 1), 1);
	assert_int_equal(h_xstat(q, "tx_drop_afnosupport"), 1);
}

static void
test_packet_type_wins_over_header(void **state)
{
	struct rte_mbuf *tx[1];
	int p;

	(void)state;
	p = started_node("inet=hole,inet6=hole", 1);
	tx[0] = h_pkt(H_ARP, 40, true, 0);
	tx[0]->packet_type = RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV6_EXT;
	assert_int_equal(rte_eth_tx_burst(p, 0, tx, 1), 1);
	assert_int_equal(h_xstat(p, "inet6_hole_packets"), 1);

	/*
	 * ...but not past a link header other than plain Ethernet: a VLAN
	 * frame, typed IPv4 inside by a NIC, has no IPv4 header at byte 14.
	 */
	tx[0] = h_pkt(H_IPV4, 40, true, 0);
	rte_pktmbuf_mtod(tx[0], struct rte_ether_hdr *)->ether_type =
		rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN);
	tx[0]->packet_type = RTE_PTYPE_L2_ETHER_VLAN | RTE_PTYPE_L3_IPV4;
	assert_int_equal(rte_eth_tx_burst(p, 0, tx, 1), 1);
	assert_int_equal(h_xstat(p, "tx_drop_afnosupport"), 1);
	assert_int_equal(h_xstat(p, "inet_hole_packets"), 0);

	/*
	 * ...nor, in l2=none, when it describes an Ethernet frame: a raw IPv6
	 * packet parsed as one (net_tun does) looks typed IPv4.
	 */
	p = started_node("l2=none,inet=hole,inet6=hole", 1);
	tx[0] = h_pkt(H_IPV6, 40, false, 0);
	tx[0]->packet_type = RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4;
	assert_int_equal(rte_eth_tx_burst(p, 0, tx, 1), 1);
	assert_int_equal(h_xstat(p, "inet6_hole_packets"), 1);
	assert_int_equal(h_xstat(p, "inet_hole_packets"), 0);
	/* with no L2 type, the L3 type is believed as before */
	tx[0] = h_pkt(H_IPV6, 40, false, 0);
	tx[0]->packet_type = RTE_PTYPE_L3_IPV4;
	assert_int_equal(rte_eth_tx_burst(p, 0, tx, 1), 1);
	assert_int_equal(h_xstat(p, "inet_hole_packets"), 1);
}

static void
test_ring_full_returns_tail_intact(void **state)
{
	struct rte_mbuf *tx[40], *keep[40], *got[64];
	struct rte_ring *out[1], *in[1];
	uint16_t sent, i;
	int p;

	(void)state;
	p = started_node("ring_size=32", 1);
	h_rings("full", 32, RING_F_EXACT_SZ, &out[0], &in[0]);
	assert_int_equal(rte_pmd_ngiface_connect_rings(p, INET, out, in, 1), 0);
	for (i = 0; i < 40; i++)
		keep[i] = tx[i] = h_pkt(H_IPV4, 64, true, i);
	sent = rte_eth_tx_burst(p, 0, tx, 40);
	assert_int_equal(sent, 32);
	assert_int_equal(h_xstat(p, "inet_ring_full"), 8);
	for (i = sent; i < 40; i++) {
		/* returned as given: Ethernet header back, depth unchanged */
		assert_ptr_equal(tx[i], keep[i]);
		assert_int_equal(tx[i]->pkt_len, 64 + RTE_ETHER_HDR_LEN);
		assert_int_equal(rte_pktmbuf_mtod(tx[i], struct rte_ether_hdr *)
				 ->ether_type, RTE_BE16(RTE_ETHER_TYPE_IPV4));
	}
	/* the caller resends them later, after the ring drains */
	assert_int_equal(rte_ring_dequeue_burst(out[0], (void **)got, 64, NULL),
			 32);
	free_all(got, 32);
	assert_int_equal(rte_eth_tx_burst(p, 0, tx + sent, 8), 8);
	assert_int_equal(rte_ring_dequeue_burst(out[0], (void **)got, 64, NULL),
			 8);
	free_all(got, 8);
	assert_int_equal(rte_pmd_ngiface_disconnect(p, INET), 0);
	h_rings_free(out[0], in[0]);
}

/* A drop after a refused run must not be freed: the caller still owns it. */
static void
test_ring_full_in_mixed_burst(void **state)
{
	struct rte_eth_stats st;
	struct rte_mbuf *tx[4], *got[64];
	struct rte_ring *out[1], *in[1];
	int p;

	(void)state;
	p = started_node("inet6=hole", 1);
	h_rings("mix", 2, RING_F_EXACT_SZ, &out[0], &in[0]);
	assert_int_equal(rte_pmd_ngiface_connect_rings(p, INET, out, in, 1), 0);
	tx[0] = h_pkt(H_IPV4, 64, true, 0);
	assert_int_equal(rte_eth_tx_burst(p, 0, tx, 1), 1);	/* 1 free slot */
	tx[0] = h_pkt(H_IPV4, 64, true, 1);
	tx[1] = h_pkt(H_IPV4, 64, true, 2);
	tx[2] = h_pkt(H_ARP, 64, true, 3);
	tx[3] = h_pkt(H_IPV6, 64, true, 4);
	assert_int_equal(rte_eth_tx_burst(p, 0, tx, 4), 1);
	/* all that is handed back counts on the full hook, as when sorted */
	assert_int_equal(h_xstat(p, "inet_ring_full"), 3);
	assert_int_equal(h_xstat(p, "tx_drop_afnosupport"), 0);
	assert_int_equal(h_xstat(p, "inet6_hole_packets"), 0);
	/* ...and only what was taken is counted sent, its bytes too */
	assert_int_equal(rte_eth_stats_get(p, &st), 0);
	assert_int_equal(st.opackets, 2);
	assert_int_equal(st.obytes, 2 * (64 + RTE_ETHER_HDR_LEN));
	assert_int_equal(h_xstat(p, "inet_out_bytes"), 2 * 64);
	free_all(tx + 1, 3);
	assert_int_equal(rte_ring_dequeue_burst(out[0], (void **)got, 64, NULL),
			 2);
	free_all(got, 2);
	assert_int_equal(rte_pmd_ngiface_disconnect(p, INET), 0);
	h_rings_free(out[0], in[0]);
}

/*
 * The same contract on the node's own (sole-producer) rings, where Tx sorts
 * the burst by family: [v4 v6 v4 arp v6 v4 ...] into a ring with room for
 * some IPv4 only.  What is taken is a prefix; the first IPv4 with no room
 * and everything after it stay the caller's, untouched, the ARP included.
 */
static void
test_ring_full_sorted_burst(void **state)
{
	struct rte_mbuf *tx[40], *keep[40], *rx[64];
	uint16_t i;
	int a, b;

	(void)state;
	a = started_node("ring_size=32", 1);
	b = started_node("inet=ng0:inet,inet6=ng0:inet6", 1);
	for (i = 0; i < 20; i++)		/* 12 free IPv4 slots left */
		tx[i] = h_pkt(H_IPV4, 64, true, 0);
	assert_int_equal(rte_eth_tx_burst(a, 0, tx, 20), 20);
	/* i % 7 == 3: ARP; else odd: IPv6, even: IPv4 (the 13th is i = 28) */
	for (i = 0; i < 40; i++)
		keep[i] = tx[i] = h_pkt(i % 7 == 3 ? H_ARP : i % 2 ? H_IPV6 :
					H_IPV4, 64, true, i);
	assert_int_equal(rte_eth_tx_burst(a, 0, tx, 40), 28);
	assert_int_equal(h_xstat(a, "inet_out_packets"), 20 + 12);
	assert_int_equal(h_xstat(a, "inet6_out_packets"), 12);
	assert_int_equal(h_xstat(a, "tx_drop_afnosupport"), 4);
	assert_int_equal(h_xstat(a, "inet_ring_full"), 40 - 28);
	for (i = 28; i < 40; i++) {
		assert_ptr_equal(tx[i], keep[i]);
		assert_int_equal(tx[i]->pkt_len, 64 + RTE_ETHER_HDR_LEN);
	}
	free_all(tx + 28, 40 - 28);	/* the ARP at 31 and 38 too */
	assert_int_equal(rx_all(b, 0, rx, 64), 20 + 12 + 12);
	free_all(rx, 44);
}

/*
 * One single-producer ring the caller gives both hooks: the room each hook
 * sees is the same room, so Tx must not promise it twice.  Families
 * alternate into a ring with room for 40: 40 taken, 24 handed back.
 */
static void
test_ring_shared_by_both_hooks(void **state)
{
	struct rte_mbuf *tx[64], *got[64];
	struct rte_ring *out[1], *in[1];
	uint16_t i, sent;
	int p;

	(void)state;
	p = started_node("", 1);
	out[0] = rte_ring_create("t_shr_o", 40, SOCKET_ID_ANY,
				 RING_F_EXACT_SZ | RING_F_SP_ENQ);
	in[0] = rte_ring_create("t_shr_i", 32, SOCKET_ID_ANY, RING_F_EXACT_SZ);
	assert_int_equal(rte_pmd_ngiface_connect_rings(p, INET, out, in, 1), 0);
	assert_int_equal(rte_pmd_ngiface_connect_rings(p, INET6, out, in, 1),
			 0);
	for (i = 0; i < 64; i++)
		tx[i] = h_pkt(i % 2 ? H_IPV6 : H_IPV4, 64, true, i);
	sent = rte_eth_tx_burst(p, 0, tx, 64);
	assert_int_equal(sent, 40);
	assert_int_equal(rte_ring_count(out[0]), 40);
	assert_int_equal(h_xstat(p, "inet_ring_full") +
			 h_xstat(p, "inet6_ring_full"), 64 - 40);
	free_all(tx + sent, 64 - sent);
	assert_int_equal(rte_ring_dequeue_burst(out[0], (void **)got, 64, NULL),
			 40);
	free_all(got, 40);

	/* one in ring for both: the IP version tells the family on Rx */
	got[0] = h_pkt(H_IPV6, 64, false, 0);
	got[1] = h_pkt(H_ARP, 28, false, 0);	/* neither: dropped */
	got[2] = h_pkt(H_IPV4, 64, false, 0);
	assert_int_equal(rte_ring_enqueue_bulk(in[0], (void **)got, 3, NULL),
			 3);
	assert_int_equal(rx_all(p, 0, got, 4), 2);
	for (i = 0; i < 2; i++) {
		bool v4 = *rte_pktmbuf_mtod_offset(got[i], uint8_t *,
						   RTE_ETHER_HDR_LEN) >> 4 == 4;

		assert_int_equal(got[i]->packet_type, RTE_PTYPE_L2_ETHER |
				 (v4 ? RTE_PTYPE_L3_IPV4_EXT_UNKNOWN :
				  RTE_PTYPE_L3_IPV6_EXT_UNKNOWN));
		assert_int_equal(rte_pktmbuf_mtod(got[i],
						  struct rte_ether_hdr *)->ether_type,
				 rte_cpu_to_be_16(v4 ? RTE_ETHER_TYPE_IPV4 :
						  RTE_ETHER_TYPE_IPV6));
	}
	free_all(got, 2);
	assert_int_equal(h_xstat(p, "inet_in_packets"), 1);
	assert_int_equal(h_xstat(p, "inet6_in_packets"), 1);
	assert_int_equal(h_xstat(p, "rx_drop_afnosupport"), 1);
	/* ethdev's per-queue view of the same drop */
	assert_int_equal(h_xstat(p, "rx_q0_errors"), 1);
	assert_int_equal(rte_pmd_ngiface_disconnect(p, INET), 0);
	assert_int_equal(rte_pmd_ngiface_disconnect(p, INET6), 0);
	h_rings_free(out[0], in[0]);
}

/*
 * A relay-like chain that bypasses the stack: what node k sends on its inet
 * hook (its out ring) is handed to node k + 1's Tx, as an application
 * forwarding hook to node would.
 */
#define NEST_MAX 5

struct nest_chain {
	int n;
	int p[NEST_MAX];
	struct rte_ring *o[NEST_MAX][1], *i[NEST_MAX][1];
};

static void
nest_up(struct nest_chain *c, int n, const char *devargs)
{
	char name[16];
	int k;

	c->n = n;
	for (k = 0; k < n; k++) {
		c->p[k] = started_node(devargs, 1);
		snprintf(name, sizeof(name), "nest%d", k);
		h_rings(name, 8, 0, &c->o[k][0], &c->i[k][0]);
		assert_int_equal(rte_pmd_ngiface_connect_rings(c->p[k], INET,
				 c->o[k], c->i[k], 1), 0);
	}
}

/* m through every node: each passes it on but the last, which may drop. */
static void
nest_pass(const struct nest_chain *c, struct rte_mbuf *m)
{
	int k;

	for (k = 0; k < c->n; k++) {
		assert_int_equal(rte_eth_tx_burst(c->p[k], 0, &m, 1), 1);
		if (k == c->n - 1)
			break;
		assert_int_equal(h_xstat(c->p[k], "tx_drop_nesting"), 0);
		assert_int_equal(rte_ring_dequeue(c->o[k][0], (void **)&m), 0);
	}
}

static void
nest_down(struct nest_chain *c)
{
	int k;

	for (k = 0; k < c->n; k++) {
		assert_int_equal(rte_pmd_ngiface_disconnect(c->p[k], INET), 0);
		h_rings_free(c->o[k][0], c->i[k][0]);
	}
}

static void
test_nesting_limit(void **state)
{
	struct nest_chain c;
	struct rte_mbuf *m, *got;

	(void)state;
	nest_up(&c, 3, "l2=none");
	nest_pass(&c, h_pkt(H_IPV4, 64, false, 0));
	/* the third node is one more than max_nesting=2: dropped */
	assert_int_equal(h_xstat(c.p[2], "tx_drop_nesting"), 1);
	assert_int_not_equal(rte_ring_dequeue(c.o[2][0], (void **)&got), 0);

	/* the stack's Rx starts a new packet: depth back to 0 */
	assert_int_equal(rte_pmd_ngiface_set_max_nesting(c.p[0], 1), 0);
	m = h_pkt(H_IPV4, 64, false, 0);
	assert_int_equal(rte_eth_tx_burst(c.p[1], 0, &m, 1), 1);
	assert_int_equal(rte_ring_dequeue(c.o[1][0], (void **)&m), 0);
	assert_int_equal(rte_ring_enqueue(c.i[0][0], m), 0);
	assert_int_equal(rte_eth_rx_burst(c.p[0], 0, &m, 1), 1);
	assert_int_equal(rte_eth_tx_burst(c.p[0], 0, &m, 1), 1);
	assert_int_equal(h_xstat(c.p[0], "tx_drop_nesting"), 0);
	assert_int_equal(rte_ring_dequeue(c.o[0][0], (void **)&m), 0);
	rte_pktmbuf_free(m);
	nest_down(&c);
}

/*
 * Depths past what the two flag bits hold (3 and up live in the dynamic
 * field): with max_nesting=4 a packet crosses four nodes and the fifth
 * drops it.
 */
static void
test_nesting_beyond_flags(void **state)
{
	struct nest_chain c;

	(void)state;
	nest_up(&c, 5, "l2=none,max_nesting=4");
	nest_pass(&c, h_pkt(H_IPV4, 64, false, 0));
	assert_int_equal(h_xstat(c.p[4], "tx_drop_nesting"), 1);
	nest_down(&c);
}

/*
 * Whether rx's first segment holds its Ethernet header and, right after
 * it, the IP header whose version is ver (or, shorter, the whole packet):
 * where l3fwd, rte_gro and rte_ip_frag read it, at offset 14 of the first
 * segment.  A 14-byte header segment chained in front had them read past
 * the segment's data.
 */
static void
assert_l3_in_first_seg(const struct rte_mbuf *rx, unsigned int ver)
{
	const uint8_t *l3 = rte_pktmbuf_mtod_offset(rx, const uint8_t *,
						    RTE_ETHER_HDR_LEN);
	const unsigned int hlen = ver == 4 ? sizeof(struct rte_ipv4_hdr) :
		sizeof(struct rte_ipv6_hdr);

	assert_true(rx->data_len >=
		    RTE_MIN(RTE_ETHER_HDR_LEN + hlen, rx->pkt_len));
	assert_int_equal(l3[0] >> 4, ver);
}

/*
 * m (64 bytes of IPv6 ending in 0x66) through the hook's in ring and Rx:
 * copied behind its header into one mbuf of the queue's pool, and room
 * (the 14 bytes before m's data, in a buffer m shares), when given, still
 * 0xaa.
 */
static void
rx_via_copy(int p, struct rte_ring *in, struct rte_mbuf *m,
	    const uint8_t *room)
{
	const struct rte_ether_hdr *eth;
	const char *why = NULL;
	struct rte_mbuf *rx;
	unsigned int i;

	assert_int_equal(rte_ring_enqueue(in, m), 0);
	assert_int_equal(rte_eth_rx_burst(p, 0, &rx, 1), 1);
	assert_ptr_not_equal(rx, m);
	assert_false(RTE_MBUF_CLONED(rx));
	assert_int_equal(rx->nb_segs, 1);
	assert_int_equal(rx->pkt_len, RTE_ETHER_HDR_LEN + 64);
	eth = rte_pktmbuf_mtod(rx, const struct rte_ether_hdr *);
	assert_int_equal(eth->ether_type, rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV6));
	assert_int_equal(rx->packet_type,
			 RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV6_EXT_UNKNOWN);
	assert_l3_in_first_seg(rx, 6);
	assert_int_equal(rte_pktmbuf_mtod(rx, uint8_t *)[rx->pkt_len - 1],
			 0x66);
	for (i = 0; room != NULL && i < RTE_ETHER_HDR_LEN; i++)
		assert_int_equal(room[i], 0xaa);
	assert_int_equal(rte_mbuf_check(rx, 1, &why), 0);
	rte_pktmbuf_free(rx);
}

/*
 * A chained IPv4 packet of 100 + more bytes, given a second reference (a
 * bond's broadcast, a flood), sent into port p; its one packet out of
 * the joined peer in rx[0].  Returns the sender's packet, still held.
 */
static struct rte_mbuf *
cross_shared(uint16_t p, uint16_t more, struct rte_mbuf **rx)
{
	struct rte_mbuf *a = chained_pkt(100, more), *tx[1];

	rte_pktmbuf_refcnt_update(a, 1);
	tx[0] = a;
	assert_int_equal(rte_eth_tx_burst(p, 0, tx, 1), 1);
	assert_int_equal(rx_all(p, 0, rx, 2), 1);
	return a;
}

/*
 * With Rx scatter too, a received packet's first segment holds its
 * Ethernet header and the IP header after it, as a NIC writes them and
 * as rte_gro, rte_ip_frag, l3fwd and testpmd's csum engine read them
 * (at offset 14 of the first segment).  A shared packet (bonding's
 * broadcast mode and floods send one mbuf on several ports) and one whose
 * sender gave the link header a segment of its own came with the header
 * alone in the first segment: those read zeros or stale bytes for the IP
 * header.  A shared packet larger than one mbuf is copied into as many as
 * it fills; the sender's packet stays as it was.
 */
static void
test_rx_l3_in_first_segment(void **state)
{
	struct rte_mbuf *tx[1], *rx[2], *a;
	const char *why = NULL;
	uint16_t room;
	int p;

	(void)state;
	p = started_node_scatter("inet=echo,mtu=4000");
	room = rte_pktmbuf_data_room_size(h_pool) - RTE_PKTMBUF_HEADROOM;

	/* the link header in a segment of its own */
	tx[0] = split_pkt(true);
	assert_int_equal(rte_eth_tx_burst(p, 0, tx, 1), 1);
	assert_int_equal(rx_all(p, 0, rx, 2), 1);
	assert_int_equal(rx[0]->pkt_len, RTE_ETHER_HDR_LEN + 64);
	assert_l3_in_first_seg(rx[0], 4);
	free_all(rx, 1);

	/* shared, as bonding's broadcast mode sends it: fits one mbuf */
	a = cross_shared(p, 60, rx);
	assert_int_equal(rx[0]->nb_segs, 1);
	assert_int_equal(rx[0]->pkt_len, RTE_ETHER_HDR_LEN + 160);
	assert_l3_in_first_seg(rx[0], 4);
	assert_int_equal(rte_pktmbuf_mtod(rx[0], uint8_t *)[rx[0]->pkt_len - 1],
			 0x77);
	free_all(rx, 1);
	assert_int_equal(a->pkt_len, RTE_ETHER_HDR_LEN + 160);
	assert_int_equal(a->nb_segs, 2);
	rte_pktmbuf_free(a);

	/* shared and larger than one mbuf: the first one filled */
	a = cross_shared(p, 2000, rx);
	assert_int_equal(rx[0]->nb_segs, 2);
	assert_int_equal(rx[0]->pkt_len, RTE_ETHER_HDR_LEN + 2100);
	assert_int_equal(rx[0]->data_len, RTE_ETHER_HDR_LEN + room);
	assert_l3_in_first_seg(rx[0], 4);
	assert_int_equal(rte_pktmbuf_mtod(rx[0]->next, uint8_t *)
			 [rx[0]->next->data_len - 1], 0x77);
	if (rte_mbuf_check(rx[0], 1, &why) != 0)
		fail_msg("copy: %s", why);
	free_all(rx, 1);
	assert_int_equal(a->pkt_len, RTE_ETHER_HDR_LEN + 2100);
	rte_pktmbuf_free(a);
	assert_int_equal(h_xstat(p, "rx_drop_headroom"), 0);
}

/*
 * Where the Ethernet header cannot go before the packet (no headroom, or a
 * buffer the packet shares: a clone, a refcnt above 1), the packet is
 * copied behind it into the queue's mempool, as a NIC would have written
 * it; with no mbuf to be had, it is dropped and counted.
 */
static void
test_rx_copy_without_room(void **state)
{
	static struct rte_mbuf *all[16384];
	struct rte_ring *out[1], *in[1];
	struct rte_mbuf *m, *orig, *rx;
	struct rte_eth_stats st;
	unsigned int n = 0;
	uint8_t *room;
	int p;

	(void)state;
	p = started_node_scatter("");
	h_rings("hr", 8, 0, &out[0], &in[0]);
	assert_int_equal(rte_pmd_ngiface_connect_rings(p, INET6, out, in, 1), 0);

	/* no headroom */
	m = h_pkt(H_IPV6, 64, false, 0x66);
	memmove(m->buf_addr, rte_pktmbuf_mtod(m, void *), 64);
	m->data_off = 0;
	rx_via_copy(p, in[0], m, NULL);

	/* a clone, then a second reference to a direct mbuf: the original's
	 * headroom stays as it was */
	orig = h_pkt(H_IPV6, 64, false, 0x66);
	room = rte_pktmbuf_mtod_offset(orig, uint8_t *, -RTE_ETHER_HDR_LEN);
	memset(room, 0xaa, RTE_ETHER_HDR_LEN);
	m = rte_pktmbuf_clone(orig, h_pool);
	assert_non_null(m);
	rx_via_copy(p, in[0], m, room);
	rte_mbuf_refcnt_update(orig, 1);
	rx_via_copy(p, in[0], orig, room);
	rte_pktmbuf_free(orig);
	assert_int_equal(h_xstat(p, "rx_drop_headroom"), 0);

	/* no mbuf for the header: dropped, counted */
	m = h_pkt(H_IPV6, 64, false, 0);
	m->data_off = 0;
	while (n < RTE_DIM(all) && (all[n] = rte_pktmbuf_alloc(h_pool)) != NULL)
		n++;
	assert_int_equal(rte_ring_enqueue(in[0], m), 0);
	assert_int_equal(rte_eth_rx_burst(p, 0, &rx, 1), 0);
	assert_int_equal(h_xstat(p, "rx_drop_headroom"), 1);
	/* in rte_eth_stats an allocation failure, as other drivers count it */
	assert_int_equal(rte_eth_stats_get(p, &st), 0);
	assert_int_equal(st.rx_nombuf, 1);
	assert_int_equal(st.imissed, 0);
	rte_pktmbuf_free_bulk(all, n);

	assert_int_equal(rte_pmd_ngiface_disconnect(p, INET6), 0);
	h_rings_free(out[0], in[0]);
}

/*
 * Packets with other references (the application kept one, or floods the
 * mbuf to several nodes) come out of Rx with the other references as they
 * were.  In l2=eth with scatter the packet is copied behind its header,
 * with no store into it: a header segment chained in front with
 * rte_pktmbuf_chain() cut the shared head's pkt_len to its first segment
 * (300 read as 100).  In l2=none the
 * mbuf itself was delivered, its port and flags rewritten under the other
 * references: a clone goes now.
 */
static void
test_rx_shared_left_as_given(void **state)
{
	struct rte_ring *out[1], *in[1];
	struct rte_mbuf *a, *rx;
	const char *why = NULL;
	int p;

	(void)state;
	h_rings("rs", 8, 0, &out[0], &in[0]);

	p = started_node_scatter("");
	assert_int_equal(rte_pmd_ngiface_connect_rings(p, INET, out, in, 1), 0);
	a = h_pkt(H_IPV4, 100, false, 1);
	assert_int_equal(rte_pktmbuf_chain(a, h_pkt(H_IPV4, 200, false, 2)), 0);
	rte_pktmbuf_refcnt_update(a, 1);
	assert_int_equal(rte_ring_enqueue(in[0], a), 0);
	assert_int_equal(rte_eth_rx_burst(p, 0, &rx, 1), 1);
	assert_int_equal(a->pkt_len, 300);
	assert_int_equal(a->nb_segs, 2);
	assert_int_equal(rte_mbuf_check(a, 1, &why), 0);
	assert_int_equal(rx->pkt_len, RTE_ETHER_HDR_LEN + 300);
	assert_int_equal(rx->nb_segs, 1);
	assert_l3_in_first_seg(rx, 4);
	assert_int_equal(rte_mbuf_check(rx, 1, &why), 0);
	rte_pktmbuf_free(rx);
	rte_pktmbuf_free(a);
	assert_int_equal(rte_pmd_ngiface_disconnect(p, INET), 0);

	p = started_node_scatter("l2=none");
	assert_int_equal(rte_pmd_ngiface_connect_rings(p, INET, out, in, 1), 0);
	a = h_pkt(H_IPV4, 100, false, 3);
	a->port = 7;
	a->ol_flags |= RTE_MBUF_F_TX_IPV4;
	rte_mbuf_refcnt_update(a, 1);
	assert_int_equal(rte_ring_enqueue(in[0], a), 0);
	assert_int_equal(rte_eth_rx_burst(p, 0, &rx, 1), 1);
	assert_ptr_not_equal(rx, a);
	assert_true(RTE_MBUF_CLONED(rx));	/* attached, nothing copied */
	assert_ptr_equal(rte_mbuf_from_indirect(rx), a);
	assert_int_equal(a->port, 7);
	assert_true(a->ol_flags & RTE_MBUF_F_TX_IPV4);
	assert_int_equal(rx->port, p);
	assert_int_equal(rx->pkt_len, 100);
	assert_memory_equal(rte_pktmbuf_mtod(rx, void *),
			    rte_pktmbuf_mtod(a, void *), 100);
	assert_int_equal(h_xstat(p, "inet_in_packets"), 1);
	rte_pktmbuf_free(rx);
	rte_pktmbuf_free(a);
	assert_int_equal(rte_pmd_ngiface_disconnect(p, INET), 0);
	h_rings_free(out[0], in[0]);
}

/*
 * A packet that must be copied (here: no headroom) goes into mbufs of the
 * queue's mempool, after their headroom: in l2=eth, dev_info asks for
 * room past it (min_rx_bufsize), ethdev refuses a pool with less at queue
 * set-up, and one with just that much gets the packet in as many mbufs as
 * it fills, 14 bytes each, the header in the first one's headroom.
 */
static void
test_rx_pool_room_for_header(void **state)
{
	struct rte_ring *out[1], *in[1];
	struct rte_mempool *small, *tight;
	struct rte_eth_dev_info info;
	struct rte_eth_conf conf;
	struct rte_mbuf *m, *rx;
	const char *why = NULL;
	int p, none;

	(void)state;
	p = h_node_add("");
	none = h_node_add("l2=none");
	assert_true(p >= 0 && none >= 0);
	assert_int_equal(rte_eth_dev_info_get(p, &info), 0);
	assert_int_equal(info.min_rx_bufsize, RTE_ETHER_HDR_LEN);
	assert_int_equal(rte_eth_dev_info_get(none, &info), 0);
	assert_int_equal(info.min_rx_bufsize, 0);

	small = rte_pktmbuf_pool_create("t_room_s", 63, 0, 0,
					RTE_PKTMBUF_HEADROOM +
					RTE_ETHER_HDR_LEN - 1, rte_socket_id());
	tight = rte_pktmbuf_pool_create("t_room_t", 63, 0, 0,
					RTE_PKTMBUF_HEADROOM +
					RTE_ETHER_HDR_LEN, rte_socket_id());
	assert_non_null(small);
	assert_non_null(tight);
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_SCATTER;
	assert_int_equal(rte_eth_dev_configure(p, 1, 1, &conf), 0);
	assert_int_equal(rte_eth_rx_queue_setup(p, 0, 64, rte_socket_id(),
						NULL, small), -EINVAL);
	assert_int_equal(rte_eth_rx_queue_setup(p, 0, 64, rte_socket_id(),
						NULL, tight), 0);
	assert_int_equal(rte_eth_tx_queue_setup(p, 0, 64, rte_socket_id(),
						NULL), 0);
	assert_int_equal(rte_eth_dev_start(p), 0);
	h_rings("room", 8, 0, &out[0], &in[0]);
	assert_int_equal(rte_pmd_ngiface_connect_rings(p, INET, out, in, 1), 0);

	/* no headroom: the header goes into an mbuf of the tight pool */
	m = h_pkt(H_IPV4, 64, false, 0x44);
	memmove(m->buf_addr, rte_pktmbuf_mtod(m, void *), 64);
	m->data_off = 0;
	assert_int_equal(rte_ring_enqueue(in[0], m), 0);
	assert_int_equal(rte_eth_rx_burst(p, 0, &rx, 1), 1);
	assert_int_equal(rx->nb_segs, (64 + RTE_ETHER_HDR_LEN - 1) /
			 RTE_ETHER_HDR_LEN);
	assert_int_equal(rx->data_len, 2 * RTE_ETHER_HDR_LEN);
	assert_int_equal(rx->pkt_len, RTE_ETHER_HDR_LEN + 64);
	assert_ptr_equal(rx->pool, tight);
	assert_int_equal(rte_pktmbuf_mtod_offset(rx, uint8_t *,
						 RTE_ETHER_HDR_LEN)[0] >> 4, 4);
	if (rte_mbuf_check(rx, 1, &why) != 0)
		fail_msg("copy: %s", why);
	rte_pktmbuf_free(rx);

	assert_int_equal(rte_pmd_ngiface_disconnect(p, INET), 0);
	assert_int_equal(rte_eth_dev_stop(p), 0);
	h_rings_free(out[0], in[0]);
	rte_mempool_free(small);
	rte_mempool_free(tight);
}

/* A port started with Rx scatter, its Rx queue taking mbufs from mp. */
static void
start_scatter_on(uint16_t port, struct rte_mempool *mp)
{
	struct rte_eth_conf conf;

	memset(&conf, 0, sizeof(conf));
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_SCATTER;
	assert_int_equal(rte_eth_dev_configure(port, 1, 1, &conf), 0);
	assert_int_equal(rte_eth_rx_queue_setup(port, 0, 64, rte_socket_id(),
						NULL, mp), 0);
	assert_int_equal(rte_eth_tx_queue_setup(port, 0, 64, rte_socket_id(),
						NULL), 0);
	assert_int_equal(rte_eth_dev_start(port), 0);
}

/*
 * A pool of 63 mbufs with pinned external buffers (testpmd
 * --mp-alloc=xbuf), its memory in *ext: free both with xbuf_pool_free().
 */
static struct rte_mempool *
xbuf_pool_create(const char *name, struct rte_pktmbuf_extmem *ext)
{
	struct rte_mempool *xp;

	ext->elt_size = RTE_MBUF_DEFAULT_BUF_SIZE;
	ext->buf_len = 64 * ext->elt_size;
	ext->buf_ptr = rte_malloc(name, ext->buf_len, RTE_CACHE_LINE_SIZE);
	assert_non_null(ext->buf_ptr);
	ext->buf_iova = rte_malloc_virt2iova(ext->buf_ptr);
	xp = rte_pktmbuf_pool_create_extbuf(name, 63, 0, 0, ext->elt_size,
					    rte_socket_id(), ext, 1);
	assert_non_null(xp);
	return xp;
}

static void
xbuf_pool_free(struct rte_mempool *xp, struct rte_pktmbuf_extmem *ext)
{
	rte_mempool_free(xp);
	rte_free(ext->buf_ptr);
}

/*
 * Whether every mbuf of the pinned pool xp still has its external buffer
 * flag (a mbuf without it passes for direct: a clone attached to it counts
 * its reference in the external memory).  All must be free.
 */
static void
xbuf_pool_all_pinned(struct rte_mempool *xp)
{
	struct rte_mbuf *m[63];
	unsigned int i;

	assert_int_equal(rte_pktmbuf_alloc_bulk(xp, m, RTE_DIM(m)), 0);
	for (i = 0; i < RTE_DIM(m); i++)
		if (!RTE_MBUF_HAS_EXTBUF(m[i]))
			fail_msg("mbuf %u of the pinned pool passes for direct",
				 i);
	rte_pktmbuf_free_bulk(m, RTE_DIM(m));
}

/*
 * The end of a pinned-pool test: b's inet hook off the rings out and in,
 * both nodes stopped and removed, the pool and its memory freed.
 */
static void
xbuf_teardown(int a, int b, struct rte_ring *out, struct rte_ring *in,
	      struct rte_mempool *xp, struct rte_pktmbuf_extmem *ext)
{
	assert_int_equal(rte_pmd_ngiface_disconnect(b, INET), 0);
	h_rings_free(out, in);
	assert_int_equal(rte_eth_dev_stop(a), 0);
	assert_int_equal(rte_eth_dev_stop(b), 0);
	h_node_del(a);
	h_node_del(b);
	xbuf_pool_free(xp, ext);
}

/* h_pkt's packet, in an mbuf of the pinned pool xp */
static struct rte_mbuf *
xbuf_pkt(struct rte_mempool *xp, int type, uint16_t len, bool eth,
	 uint8_t fill)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(xp), *orig;

	assert_non_null(m);
	assert_true(RTE_MBUF_HAS_PINNED_EXTBUF(m));
	orig = h_pkt(type, len, eth, fill);
	rte_memcpy(rte_pktmbuf_append(m, orig->pkt_len),
		   rte_pktmbuf_mtod(orig, void *), orig->pkt_len);
	rte_pktmbuf_free(orig);
	return m;
}

/*
 * An mbuf of a pool with pinned external buffers (testpmd --mp-alloc=xbuf)
 * owns its buffer as a direct one does: Rx writes the Ethernet header in
 * its headroom.  Such mbufs were taken for shared and each crossing chained
 * a header segment from the same kind of pool, which the next crossing did
 * not write into either: a packet sent round two joined nodes grew a
 * segment a lap until the pool ran dry and it was dropped
 * (rx_drop_headroom).  A clone, which shares the external buffer, is
 * copied behind its header, the buffer left as it was.
 */
static void
test_rx_pinned_extbuf_in_place(void **state)
{
	struct rte_ring *out[1], *in[1];
	struct rte_pktmbuf_extmem ext;
	struct rte_mbuf *m, *c, *rx;
	struct rte_mempool *xp;
	const char *why = NULL;
	uint8_t room[RTE_ETHER_HDR_LEN];
	int a, b, lap;

	(void)state;
	xp = xbuf_pool_create("t_xbuf", &ext);

	a = h_node_add("inet=ng1:inet,inet6=ng1:inet6");
	b = h_node_add("");
	assert_true(a >= 0 && b >= 0);
	start_scatter_on(a, xp);
	start_scatter_on(b, xp);

	m = xbuf_pkt(xp, H_IPV4, 64, true, 0x5a);

	/* round and round: the same one segment every lap */
	for (lap = 0; lap < 200; lap++) {
		assert_int_equal(rte_eth_tx_burst(lap & 1 ? b : a, 0, &m, 1), 1);
		if (rte_eth_rx_burst(lap & 1 ? a : b, 0, &rx, 1) != 1)
			fail_msg("lap %d: nothing received (rx_drop_headroom %"
				 PRIu64 ")", lap,
				 h_xstat(lap & 1 ? a : b, "rx_drop_headroom"));
		if (rx->nb_segs != 1)
			fail_msg("lap %d: %u segments", lap, rx->nb_segs);
		m = rx;
	}
	assert_int_equal(m->pkt_len, RTE_ETHER_HDR_LEN + 64);
	assert_int_equal(rte_pktmbuf_mtod_offset(m, uint8_t *,
						 m->pkt_len - 1)[0], 0x5a);
	if (rte_mbuf_check(m, 1, &why) != 0)
		fail_msg("after the laps: %s", why);

	rte_pktmbuf_free(m);
	assert_int_equal(h_xstat(a, "rx_drop_headroom"), 0);
	assert_int_equal(h_xstat(b, "rx_drop_headroom"), 0);

	/*
	 * A clone shares the external buffer (its own refcnt is 1, the
	 * buffer's 2): the packet is copied, the headroom stays.
	 */
	assert_int_equal(rte_pmd_ngiface_disconnect(b, INET), 0);
	h_rings("xb", 8, 0, &out[0], &in[0]);
	assert_int_equal(rte_pmd_ngiface_connect_rings(b, INET, out, in, 1), 0);
	m = xbuf_pkt(xp, H_IPV4, 64, false, 0x5b);
	memset(rte_pktmbuf_mtod_offset(m, uint8_t *, -RTE_ETHER_HDR_LEN), 0xaa,
	       RTE_ETHER_HDR_LEN);
	c = rte_pktmbuf_clone(m, h_pool);
	assert_non_null(c);
	assert_int_equal(rte_mbuf_ext_refcnt_read(m->shinfo), 2);
	assert_int_equal(rte_ring_enqueue(in[0], c), 0);
	assert_int_equal(rte_eth_rx_burst(b, 0, &rx, 1), 1);
	assert_int_equal(rx->nb_segs, 1);
	assert_ptr_not_equal(rx, c);
	assert_l3_in_first_seg(rx, 4);
	memset(room, 0xaa, sizeof(room));
	assert_memory_equal(rte_pktmbuf_mtod_offset(m, uint8_t *,
						    -RTE_ETHER_HDR_LEN),
			    room, sizeof(room));
	if (rte_mbuf_check(rx, 1, &why) != 0)
		fail_msg("clone: %s", why);
	rte_pktmbuf_free(rx);
	rte_pktmbuf_free(m);
	xbuf_teardown(a, b, out[0], in[0], xp, &ext);
}

/*
 * A shared packet crosses to a joined node in a clone: an mbuf attached
 * to the caller's buffer, nothing copied (a copy only where the pool
 * cannot attach, as above).  An l2=none node receives that clone itself.
 */
static void
test_tx_shared_crosses_attached(void **state)
{
	struct rte_mbuf *m, *tx, *rx;
	int x, y;

	(void)state;
	x = started_node("iface=shx", 1);
	y = started_node("iface=shy,l2=none,inet=shx:inet", 1);
	m = h_pkt(H_IPV4, 64, true, 0x71);
	rte_mbuf_refcnt_update(m, 1);
	tx = m;
	assert_int_equal(rte_eth_tx_burst(x, 0, &tx, 1), 1);
	assert_int_equal(rx_all(y, 0, &rx, 1), 1);
	assert_true(RTE_MBUF_CLONED(rx));
	assert_ptr_equal(rte_mbuf_from_indirect(rx), m);
	assert_int_equal(rx->pkt_len, 64);
	rte_pktmbuf_free(rx);
	assert_int_equal(rte_mbuf_refcnt_read(m), 1);
	rte_pktmbuf_free(m);
}

/*
 * A packet shared by other references, in a pool with pinned external
 * buffers: Tx, which strips its header, and l2=none Rx, which sets its
 * fields, each work on a copy of their own.  Such a pool's mbufs cannot
 * be attached to another's buffer: a clone taken there went back to the
 * pool holding the shared buffer, and the original mbuf was never freed
 * (the pool one short at the end).  The copies keep their pinned buffer's
 * flag, which rte_pktmbuf_copy() drops: the pool is whole at the end.
 */
static void
test_shared_pinned_extbuf_copied(void **state)
{
	struct rte_ring *out[1], *in[1];
	struct rte_pktmbuf_extmem ext;
	struct rte_mbuf *m, *tx, *rx;
	struct rte_mempool *xp;
	int a, b;

	(void)state;
	xp = xbuf_pool_create("t_xbuf_sh", &ext);
	a = started_node("inet=echo,inet6=echo", 1);
	m = xbuf_pkt(xp, H_IPV6, 80, true, 0x6c);
	rte_mbuf_refcnt_update(m, 1);		/* the node's, and ours */
	tx = m;
	assert_int_equal(rte_eth_tx_burst(a, 0, &tx, 1), 1);
	assert_int_equal(rte_mbuf_refcnt_read(m), 1);
	assert_int_equal(m->pkt_len, RTE_ETHER_HDR_LEN + 80);
	assert_int_equal(rx_all(a, 0, &rx, 1), 1);
	assert_ptr_not_equal(rx, m);
	assert_ptr_not_equal(rx->buf_addr, m->buf_addr);
	assert_true(RTE_MBUF_HAS_EXTBUF(rx));
	assert_int_equal(rx->pkt_len, RTE_ETHER_HDR_LEN + 80);
	assert_memory_equal(rte_pktmbuf_mtod_offset(rx, void *,
						    RTE_ETHER_HDR_LEN),
			    rte_pktmbuf_mtod_offset(m, void *,
						    RTE_ETHER_HDR_LEN), 80);
	rte_pktmbuf_free(rx);
	rte_pktmbuf_free(m);
	assert_int_equal(rte_mempool_avail_count(xp), 63);

	b = started_node_scatter("l2=none");
	h_rings("xsh", 8, 0, &out[0], &in[0]);
	assert_int_equal(rte_pmd_ngiface_connect_rings(b, INET, out, in, 1), 0);
	assert_int_equal(rte_eth_dev_stop(b), 0);
	start_scatter_on(b, xp);
	m = xbuf_pkt(xp, H_IPV4, 100, false, 0x6d);
	m->port = 7;
	rte_mbuf_refcnt_update(m, 1);
	assert_int_equal(rte_ring_enqueue(in[0], m), 0);
	assert_int_equal(rte_eth_rx_burst(b, 0, &rx, 1), 1);
	assert_ptr_not_equal(rx->buf_addr, m->buf_addr);
	assert_int_equal(m->port, 7);
	assert_int_equal(rx->port, b);
	assert_memory_equal(rte_pktmbuf_mtod(rx, void *),
			    rte_pktmbuf_mtod(m, void *), 100);
	rte_pktmbuf_free(rx);
	rte_pktmbuf_free(m);
	assert_int_equal(rte_mempool_avail_count(xp), 63);

	/* Tx's other walk (runs, to the caller's rings): a copy too */
	m = xbuf_pkt(xp, H_IPV4, 100, false, 0x6e);
	rte_mbuf_refcnt_update(m, 1);
	tx = m;
	assert_int_equal(rte_eth_tx_burst(b, 0, &tx, 1), 1);
	assert_int_equal(rte_mbuf_refcnt_read(m), 1);
	assert_int_equal(rte_ring_dequeue(out[0], (void **)&rx), 0);
	assert_ptr_not_equal(rx->buf_addr, m->buf_addr);
	assert_memory_equal(rte_pktmbuf_mtod(rx, void *),
			    rte_pktmbuf_mtod(m, void *), 100);
	rte_pktmbuf_free(rx);
	rte_pktmbuf_free(m);
	assert_int_equal(rte_mempool_avail_count(xp), 63);
	xbuf_pool_all_pinned(xp);

	xbuf_teardown(a, b, out[0], in[0], xp, &ext);
}

/************************************************************************
			FAIRNESS, QUEUES, FLUSH
 ************************************************************************/

static void
test_rx_fair_between_families(void **state)
{
	struct rte_ring *out[2][1], *in[2][1];
	struct rte_mbuf *m, *rx[32];
	int p, h, k, v6 = 0;

	(void)state;
	p = started_node("", 1);
	for (h = 0; h < 2; h++) {
		char name[16];

		snprintf(name, sizeof(name), "fair%d", h);
		h_rings(name, 1024, 0, &out[h][0], &in[h][0]);
		assert_int_equal(rte_pmd_ngiface_connect_rings(p, h, out[h],
							       in[h], 1), 0);
	}
	for (k = 0; k < 1000; k++) {		/* an IPv4 flood */
		m = h_pkt(H_IPV4, 64, false, 0);
		assert_int_equal(rte_ring_enqueue(in[INET][0], m), 0);
	}
	for (k = 0; k < 20; k++) {
		m = h_pkt(H_IPV6, 64, false, 0);
		assert_int_equal(rte_ring_enqueue(in[INET6][0], m), 0);
	}
	/* bursts of one alternate: each asks the other family first */
	for (k = 0; k < 2; k++)
		assert_int_equal(rte_eth_rx_burst(p, 0, rx + k, 1), 1);
	assert_int_not_equal(!!RTE_ETH_IS_IPV6_HDR(rx[0]->packet_type),
			     !!RTE_ETH_IS_IPV6_HDR(rx[1]->packet_type));
	free_all(rx, 2);
	v6 = 1;
	/*
	 * Whichever family goes first, IPv6 gets half of each burst: the
	 * flood of IPv4 delays its 20 packets by no more than two bursts.
	 */
	for (k = 0; k < 2; k++) {
		int n = rte_eth_rx_burst(p, 0, rx, 32), got = 0;

		assert_int_equal(n, 32);
		for (h = 0; h < n; h++)
			got += RTE_ETH_IS_IPV6_HDR(rx[h]->packet_type) ? 1 : 0;
		assert_int_equal(got, RTE_MIN(16, 20 - v6));
		v6 += got;
		free_all(rx, n);
	}
	assert_int_equal(v6, 20);
	for (h = 0; h < 2; h++) {
		assert_int_equal(rte_pmd_ngiface_disconnect(p, h), 0);
		while (rte_ring_dequeue(in[h][0], (void **)&m) == 0)
			rte_pktmbuf_free(m);
		h_rings_free(out[h][0], in[h][0]);
	}
}

static void
test_queues_have_own_rings(void **state)
{
	struct rte_mbuf *tx[1], *rx[2];
	int p;

	(void)state;
	p = started_node("queues=2,inet=echo", 2);
	tx[0] = h_pkt(H_IPV4, 64, true, 0);
	assert_int_equal(rte_eth_tx_burst(p, 1, tx, 1), 1);
	assert_int_equal(rte_eth_rx_burst(p, 0, rx, 2), 0);
	assert_int_equal(rte_eth_rx_burst(p, 1, rx, 2), 1);
	free_all(rx, 1);
	assert_non_null(rte_ring_lookup("ng0:inet:o1"));
}

/*
 * Joined nodes: queue q's Tx reaches queue q's Rx only.  A queue the peer
 * did not set up is polled by nobody: what is sent on it waits in the ring,
 * the rest comes back to the sender as ring_full, and the peer's stop
 * drops what waited as rx_drop_down.  Nothing is lost uncounted.
 */
static void
test_queue_the_peer_does_not_poll(void **state)
{
	struct rte_mbuf *tx[40], *rx[40];
	uint16_t sent;
	int a, b, k;

	(void)state;
	a = started_node("queues=2,ring_size=32", 2);
	b = h_node_add("queues=2,ring_size=32,inet=ng0:inet");
	assert_true(b >= 0);
	assert_int_equal(h_port_start(b, 1, false), 0);	/* queue 0 only */
	for (k = 0; k < 40; k++)
		tx[k] = h_pkt(H_IPV4, 64, true, 0);
	sent = rte_eth_tx_burst(a, 1, tx, 40);
	assert_int_equal(sent, 32);
	free_all(tx + sent, 40 - sent);
	assert_int_equal(h_xstat(a, "inet_out_packets"), 32);
	assert_int_equal(h_xstat(a, "inet_ring_full"), 8);
	assert_int_equal(rx_all(b, 0, rx, 40), 0);
	assert_int_equal(rte_ring_count(rte_ring_lookup("ng0:inet:o1")), 32);
	assert_int_equal(rte_eth_dev_stop(b), 0);
	assert_int_equal(h_xstat(b, "rx_drop_down"), 32);
	assert_int_equal(rte_ring_count(rte_ring_lookup("ng0:inet:o1")), 0);
}

static void
test_disconnect_flushes_and_counts(void **state)
{
	struct rte_pmd_ngiface_hook_stats hs;
	struct rte_mbuf *tx[10];
	uint64_t qo, qi;
	int a, b, e, k;

	(void)state;
	a = started_node("", 1);
	b = started_node("inet=ng0:inet", 1);
	for (k = 0; k < 10; k++)
		tx[k] = h_pkt(H_IPV4, 64, true, 0);
	assert_int_equal(rte_eth_tx_burst(a, 0, tx, 10), 10);
	/* waiting: in the sender's own out ring, counted once */
	assert_int_equal(rte_pmd_ngiface_hook_queued(a, INET, &qo, &qi), 0);
	assert_int_equal(qo, 10);
	assert_int_equal(qi, 0);
	assert_int_equal(rte_pmd_ngiface_hook_queued(b, INET, &qo, &qi), 0);
	assert_int_equal(qo + qi, 0);
	assert_int_equal(rte_pmd_ngiface_hook_queued(b, INET, NULL, &qi),
			 -EINVAL);
	assert_int_equal(rte_pmd_ngiface_disconnect(b, INET), 0);
	assert_int_equal(h_xstat(a, "inet_flushed"), 10);
	assert_int_equal(rte_pmd_ngiface_hook_queued(a, INET, &qo, &qi), 0);
	assert_int_equal(qo + qi, 0);
	assert_int_equal(rte_eth_rx_burst(b, 0, tx, 10), 0);
	/* a reset clears it with the rest, the API's sum too */
	assert_int_equal(rte_eth_xstats_reset(a), 0);
	assert_int_equal(h_xstat(a, "inet_flushed"), 0);
	assert_int_equal(rte_pmd_ngiface_hook_stats_get(a, INET, &hs), 0);
	assert_int_equal(hs.flushed, 0);

	/* an echo's ring too: nothing of it comes back on a new echo */
	e = started_node("inet=echo", 1);
	for (k = 0; k < 5; k++)
		tx[k] = h_pkt(H_IPV4, 64, true, 0);
	assert_int_equal(rte_eth_tx_burst(e, 0, tx, 5), 5);
	assert_int_equal(rte_pmd_ngiface_disconnect(e, INET), 0);
	assert_int_equal(h_xstat(e, "inet_flushed"), 5);
	assert_int_equal(rte_pmd_ngiface_connect_echo(e, INET), 0);
	assert_int_equal(rte_eth_rx_burst(e, 0, tx, 10), 0);
}

/************************************************************************
			CAPTURE TAP
 ************************************************************************/

struct tap_seen {
	unsigned int n[2][3];		/* [hook][dir] */
	unsigned int not_l3;
};

static void
tap_count(void *arg, uint16_t port, enum rte_pmd_ngiface_hook hook,
	  enum rte_pmd_ngiface_dir dir, struct rte_mbuf *const *pkts,
	  uint16_t n)
{
	struct tap_seen *seen = arg;
	uint16_t i;

	(void)port;
	seen->n[hook][dir] += n;
	for (i = 0; i < n; i++)
		if ((*rte_pktmbuf_mtod(pkts[i], uint8_t *) >> 4) !=
		    (hook == INET ? 4 : 6))
			seen->not_l3++;
}

static void
test_tap_sees_raw_l3_both_ways(void **state)
{
	struct rte_ring *out[1], *in[1];
	struct tap_seen seen = { .not_l3 = 0 };
	struct rte_mbuf *tx[6], *rx[8];
	int p, k;

	(void)state;
	p = started_node("inet6=echo,ring_size=32", 1);
	h_rings("tap", 4, RING_F_EXACT_SZ, &out[0], &in[0]);
	assert_int_equal(rte_pmd_ngiface_connect_rings(p, INET, out, in, 1), 0);
	assert_int_equal(rte_pmd_ngiface_tap_clear(p), -ENOENT);
	assert_int_equal(rte_pmd_ngiface_tap_set(p, tap_count, &seen), 0);
	assert_int_equal(rte_pmd_ngiface_tap_set(p, tap_count, &seen), -EBUSY);

	/* 6 IPv4 into a ring of 4: the tap sees the 4 taken, not the 2 back */
	for (k = 0; k < 6; k++)
		tx[k] = h_pkt(H_IPV4, 64, true, k);
	assert_int_equal(rte_eth_tx_burst(p, 0, tx, 6), 4);
	/* the 2 handed back as given (header back, no depth mark), uncounted */
	for (k = 4; k < 6; k++) {
		assert_int_equal(tx[k]->pkt_len, 64 + RTE_ETHER_HDR_LEN);
		assert_int_equal(tx[k]->data_off, RTE_PKTMBUF_HEADROOM);
		assert_int_equal(tx[k]->ol_flags, 0);
	}
	assert_int_equal(h_xstat(p, "inet_ring_full"), 2);
	assert_int_equal(h_xstat(p, "inet_out_bytes"), 4 * 64);
	free_all(tx + 4, 2);
	assert_int_equal(seen.n[INET][RTE_PMD_NGIFACE_DIR_OUT], 4);
	for (k = 0; k < 4; k++) {
		assert_int_equal(rte_ring_dequeue(out[0], (void **)&tx[0]), 0);
		assert_int_equal(rte_ring_enqueue(in[0], tx[0]), 0);
	}
	tx[0] = h_pkt(H_IPV6, 64, true, 0);
	assert_int_equal(rte_eth_tx_burst(p, 0, tx, 1), 1);
	assert_int_equal(rx_all(p, 0, rx, 8), 5);
	free_all(rx, 5);
	assert_int_equal(seen.n[INET][RTE_PMD_NGIFACE_DIR_IN], 4);
	assert_int_equal(seen.n[INET6][RTE_PMD_NGIFACE_DIR_OUT], 1);
	assert_int_equal(seen.n[INET6][RTE_PMD_NGIFACE_DIR_IN], 1);
	assert_int_equal(seen.not_l3, 0);

	assert_int_equal(rte_pmd_ngiface_tap_clear(p), 0);
	tx[0] = h_pkt(H_IPV6, 64, true, 0);
	assert_int_equal(rte_eth_tx_burst(p, 0, tx, 1), 1);
	assert_int_equal(rx_all(p, 0, rx, 8), 1);
	free_all(rx, 1);
	assert_int_equal(seen.n[INET6][RTE_PMD_NGIFACE_DIR_OUT], 1);
	assert_int_equal(rte_pmd_ngiface_disconnect(p, INET), 0);
	h_rings_free(out[0], in[0]);
}

/*
 * What the stack sends to a hook that is not connected is dropped, and
 * shown to the tap first (raw L3, outbound), as ng_iface_output() taps
 * BPF before ng_iface_send() finds no hook; in both Tx walks (sorted, and
 * in runs, as when a ring the caller gave may have other producers).
 */
static void
test_tap_sees_unconnected_drops(void **state)
{
	struct tap_seen seen = { .not_l3 = 0 }, seen2 = { .not_l3 = 0 };
	struct rte_ring *out[1], *in[1];
	struct rte_mbuf *tx[4];
	int p, p2, k;

	(void)state;
	p = started_node("inet6=hole", 1);		/* sorted walk */
	assert_int_equal(rte_pmd_ngiface_tap_set(p, tap_count, &seen), 0);
	for (k = 0; k < 4; k++)
		tx[k] = h_pkt(k < 3 ? H_IPV4 : H_IPV6, 64, true, k);
	assert_int_equal(rte_eth_tx_burst(p, 0, tx, 4), 4);
	assert_int_equal(seen.n[INET][RTE_PMD_NGIFACE_DIR_OUT], 3);
	assert_int_equal(seen.n[INET6][RTE_PMD_NGIFACE_DIR_OUT], 1);
	assert_int_equal(seen.not_l3, 0);
	assert_int_equal(h_xstat(p, "inet_drop_unconnected"), 3);
	assert_int_equal(h_xstat(p, "inet6_hole_packets"), 1);
	assert_int_equal(rte_pmd_ngiface_tap_clear(p), 0);

	/* a multi-producer ring of the caller's on inet6: the walk in runs */
	p2 = started_node("", 1);
	h_rings("tapu", 4, RING_F_EXACT_SZ, &out[0], &in[0]);
	assert_int_equal(rte_pmd_ngiface_connect_rings(p2, INET6, out, in, 1),
			 0);
	assert_int_equal(rte_pmd_ngiface_tap_set(p2, tap_count, &seen2), 0);
	for (k = 0; k < 4; k++)
		tx[k] = h_pkt(k % 2 ? H_IPV4 : H_IPV6, 64, true, k);
	assert_int_equal(rte_eth_tx_burst(p2, 0, tx, 4), 4);
	assert_int_equal(seen2.n[INET][RTE_PMD_NGIFACE_DIR_OUT], 2);
	assert_int_equal(seen2.n[INET6][RTE_PMD_NGIFACE_DIR_OUT], 2);
	assert_int_equal(seen2.not_l3, 0);
	assert_int_equal(h_xstat(p2, "inet_drop_unconnected"), 2);
	assert_int_equal(rte_pmd_ngiface_tap_clear(p2), 0);
	assert_int_equal(rte_ring_dequeue_burst(out[0], (void **)tx, 4, NULL),
			 2);
	free_all(tx, 2);
	assert_int_equal(rte_pmd_ngiface_disconnect(p2, INET6), 0);
	h_rings_free(out[0], in[0]);
}

/* The caller's reference to m is the frame it gave, unchanged. */
static void
assert_as_given(const struct rte_mbuf *m, uint16_t off, uint64_t flags,
		const uint8_t *frame, uint32_t len)
{
	assert_int_equal(m->data_off, off);
	assert_int_equal(m->pkt_len, len);
	assert_int_equal(m->data_len, len);
	assert_int_equal(m->ol_flags, flags);
	assert_memory_equal(rte_pktmbuf_mtod(m, const void *), frame, len);
}

/*
 * Three started nodes, one for each way a Tx burst can go: a with echo
 * hooks (the sorted walk), b with its inet6 hook on rings of the caller's
 * named after rings (the runs walk), c unconnected with a tap counting
 * into seen.
 */
static void
three_walks(const char *rings, struct tap_seen *seen, struct rte_ring **out,
	    struct rte_ring **in, int *a, int *b, int *c)
{
	*a = started_node("inet=echo,inet6=echo", 1);
	*b = started_node("", 1);
	*c = started_node("", 1);
	h_rings(rings, 8, 0, &out[0], &in[0]);
	assert_int_equal(rte_pmd_ngiface_connect_rings(*b, INET6, out, in, 1),
			 0);
	assert_int_equal(rte_pmd_ngiface_tap_set(*c, tap_count, seen), 0);
}

/*
 * A packet the caller holds other references to (refcnt above 1: kept,
 * or flooded to several ports, as a multicast does) crosses in a clone:
 * the header is stripped there, so the mbuf the other references read
 * keeps its header, lengths and flags, and each node gets the frame whole.
 * Stripped in place, the second port read IPv6 bytes 12-13 (from
 * 2001:db8:800::1) as EtherType IPv4 and sent an IPv6 packet, cut by 14
 * bytes, out of inet.  Both walks (sorted, runs) and the tap's view of
 * an unconnected drop.
 */
static void
test_tx_shared_mbuf_left_as_given(void **state)
{
	struct tap_seen seen = { .not_l3 = 0 };
	struct rte_ring *out[1], *in[1];
	struct rte_mbuf *m, *tx, *rx[2];
	uint8_t frame[RTE_ETHER_HDR_LEN + 80];
	const uint32_t len = sizeof(frame);
	uint16_t off;
	uint64_t flags;
	int a, b, c;

	(void)state;
	three_walks("sh", &seen, out, in, &a, &b, &c);

	m = h_pkt(H_IPV6, 80, true, 0x66);
	/* source 2001:db8:800::1: its bytes 4-5 are L3 bytes 12-13 */
	*rte_pktmbuf_mtod_offset(m, uint8_t *, RTE_ETHER_HDR_LEN + 12) = 0x08;
	memcpy(frame, rte_pktmbuf_mtod(m, void *), len);
	off = m->data_off;
	flags = m->ol_flags;
	rte_mbuf_refcnt_update(m, 3);		/* a, b, c, and ours */
	tx = m;
	assert_int_equal(rte_eth_tx_burst(a, 0, &tx, 1), 1);
	assert_as_given(m, off, flags, frame, len);
	tx = m;
	assert_int_equal(rte_eth_tx_burst(b, 0, &tx, 1), 1);
	assert_as_given(m, off, flags, frame, len);
	tx = m;
	assert_int_equal(rte_eth_tx_burst(c, 0, &tx, 1), 1);
	assert_as_given(m, off, flags, frame, len);

	assert_int_equal(rx_all(a, 0, rx, 2), 1);
	assert_int_equal(rx[0]->pkt_len, len);
	assert_int_equal(rte_pktmbuf_mtod(rx[0], struct rte_ether_hdr *)->ether_type,
			 rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV6));
	assert_memory_equal(rte_pktmbuf_read(rx[0], RTE_ETHER_HDR_LEN,
					     len - RTE_ETHER_HDR_LEN, frame),
			    frame + RTE_ETHER_HDR_LEN, len - RTE_ETHER_HDR_LEN);
	free_all(rx, 1);
	assert_int_equal(rte_ring_dequeue_burst(out[0], (void **)rx, 2, NULL),
			 1);
	assert_int_equal(rx[0]->pkt_len, len - RTE_ETHER_HDR_LEN);
	assert_true(RTE_MBUF_CLONED(rx[0]));
	assert_ptr_equal(rte_mbuf_from_indirect(rx[0]), m);
	assert_memory_equal(rte_pktmbuf_mtod(rx[0], void *),
			    frame + RTE_ETHER_HDR_LEN, len - RTE_ETHER_HDR_LEN);
	free_all(rx, 1);
	assert_int_equal(h_xstat(a, "inet6_out_packets"), 1);
	assert_int_equal(h_xstat(b, "inet6_out_packets"), 1);
	assert_int_equal(h_xstat(c, "inet6_drop_unconnected"), 1);
	assert_int_equal(seen.n[INET6][RTE_PMD_NGIFACE_DIR_OUT], 1);
	assert_int_equal(seen.not_l3, 0);
	/* what the nodes sent was a clone: released, it leaves ours alone */
	assert_int_equal(rte_mbuf_refcnt_read(m), 1);
	assert_as_given(m, off, flags, frame, len);

	/* b's ring full: handed back as given, its clone freed */
	while (rte_ring_free_count(out[0]) != 0)
		assert_int_equal(rte_ring_enqueue(out[0], h_pkt(H_IPV4, 20,
							       false, 0)), 0);
	rte_mbuf_refcnt_update(m, 1);
	tx = m;
	assert_int_equal(rte_eth_tx_burst(b, 0, &tx, 1), 0);
	assert_int_equal(h_xstat(b, "inet6_ring_full"), 1);
	assert_int_equal(rte_mbuf_refcnt_read(m), 2);
	assert_as_given(m, off, flags, frame, len);
	rte_mbuf_refcnt_update(m, -1);
	while (rte_ring_dequeue(out[0], (void **)&tx) == 0)
		rte_pktmbuf_free(tx);
	rte_pktmbuf_free(m);

	assert_int_equal(rte_pmd_ngiface_tap_clear(c), 0);
	assert_int_equal(rte_pmd_ngiface_disconnect(b, INET6), 0);
	h_rings_free(out[0], in[0]);
}

/* Every mbuf h_pool has left, into all; how many. */
static unsigned int
pool_drain(struct rte_mbuf **all, unsigned int max)
{
	unsigned int n = 0;

	while (n < max && (all[n] = rte_pktmbuf_alloc(h_pool)) != NULL)
		n++;
	if (rte_mempool_avail_count(h_pool) != 0) {
		rte_pktmbuf_free_bulk(all, n);
		fail_msg("h_pool not drained by %u mbufs", n);
	}
	return n;
}

/*
 * A shared packet finds no mbuf for its clone: the node drops its own
 * reference and counts tx_drop_nombuf (the sorted walk, the runs walk),
 * or, unconnected, counts the drop without showing it to the tap; the
 * caller's reference is left as given.  The pool is whole at the end.
 */
static void
test_tx_shared_no_mbuf(void **state)
{
	static struct rte_mbuf *all[16384];
	struct tap_seen seen = { .not_l3 = 0 };
	struct rte_ring *out[1], *in[1];
	uint8_t frame[RTE_ETHER_HDR_LEN + 80];
	const uint32_t len = sizeof(frame);
	struct rte_mbuf *m, *tx;
	unsigned int avail, n, i, refcnt;
	uint16_t off, sent[3];
	uint64_t flags;
	int a, b, c;

	(void)state;
	three_walks("nm", &seen, out, in, &a, &b, &c);
	m = h_pkt(H_IPV6, 80, true, 0x6e);
	memcpy(frame, rte_pktmbuf_mtod(m, void *), len);
	off = m->data_off;
	flags = m->ol_flags;
	avail = rte_mempool_avail_count(h_pool);
	n = pool_drain(all, RTE_DIM(all));

	rte_mbuf_refcnt_update(m, 3);		/* a, b, c, and ours */
	for (i = 0; i < RTE_DIM(sent); i++) {
		tx = m;
		sent[i] = rte_eth_tx_burst(i == 0 ? a : i == 1 ? b : c, 0,
					   &tx, 1);
	}
	refcnt = rte_mbuf_refcnt_read(m);
	/* the pool refilled before any check: a failure leaves it whole */
	rte_pktmbuf_free_bulk(all, n);
	for (i = 0; i < RTE_DIM(sent); i++)
		assert_int_equal(sent[i], 1);
	assert_int_equal(refcnt, 1);
	assert_as_given(m, off, flags, frame, len);
	assert_int_equal(h_xstat(a, "tx_drop_nombuf"), 1);
	assert_int_equal(h_xstat(a, "inet6_out_packets"), 0);
	assert_int_equal(h_xstat(b, "tx_drop_nombuf"), 1);
	assert_int_equal(h_xstat(b, "inet6_out_packets"), 0);
	assert_int_equal(rte_ring_count(out[0]), 0);
	assert_int_equal(h_xstat(c, "inet6_drop_unconnected"), 1);
	assert_int_equal(seen.n[INET6][RTE_PMD_NGIFACE_DIR_OUT], 0);
	assert_int_equal(rx_all(a, 0, &tx, 1), 0);

	rte_pktmbuf_free(m);
	assert_int_equal(rte_mempool_avail_count(h_pool), avail + 1);
	assert_int_equal(rte_pmd_ngiface_tap_clear(c), 0);
	assert_int_equal(rte_pmd_ngiface_disconnect(b, INET6), 0);
	h_rings_free(out[0], in[0]);
}

/*
 * Rx with no mbuf to be had: a shared packet an l2=none node must clone,
 * and one with no headroom an l2=eth node without scatter must copy, are
 * dropped and counted (rx_drop_headroom, rx_nombuf); the caller's
 * reference to the shared one is left, the pool whole at the end.
 */
static void
test_rx_no_mbuf(void **state)
{
	static struct rte_mbuf *all[16384];
	struct rte_ring *out[2], *in[2];
	struct rte_mbuf *m, *bare, *rx;
	struct rte_eth_stats st;
	unsigned int avail, n, refcnt;
	uint16_t got;
	int a, b;

	(void)state;
	a = started_node("l2=none", 1);
	b = started_node("", 1);
	h_rings("nra", 8, 0, &out[0], &in[0]);
	h_rings("nrb", 8, 0, &out[1], &in[1]);
	assert_int_equal(rte_pmd_ngiface_connect_rings(a, INET6, &out[0],
						       &in[0], 1), 0);
	assert_int_equal(rte_pmd_ngiface_connect_rings(b, INET6, &out[1],
						       &in[1], 1), 0);
	m = h_pkt(H_IPV6, 64, false, 0x6f);
	bare = h_pkt(H_IPV6, 64, false, 0x70);
	memmove(bare->buf_addr, rte_pktmbuf_mtod(bare, void *), 64);
	bare->data_off = 0;
	avail = rte_mempool_avail_count(h_pool);
	n = pool_drain(all, RTE_DIM(all));

	rte_mbuf_refcnt_update(m, 1);		/* the node's, and ours */
	if (rte_ring_enqueue(in[0], m) != 0 || rte_ring_enqueue(in[1], bare))
		got = UINT16_MAX;
	else
		got = rte_eth_rx_burst(a, 0, &rx, 1) +
			rte_eth_rx_burst(b, 0, &rx, 1);
	refcnt = rte_mbuf_refcnt_read(m);
	/* the pool refilled before any check: a failure leaves it whole */
	rte_pktmbuf_free_bulk(all, n);
	assert_int_equal(got, 0);
	assert_int_equal(h_xstat(a, "rx_drop_headroom"), 1);
	assert_int_equal(refcnt, 1);
	assert_int_equal(m->pkt_len, 64);
	assert_int_equal(h_xstat(b, "rx_drop_headroom"), 1);
	assert_int_equal(h_xstat(b, "rx_drop_noscatter"), 0);
	assert_int_equal(rte_eth_stats_get(b, &st), 0);
	assert_int_equal(st.rx_nombuf, 1);

	rte_pktmbuf_free(m);
	/* bare was the node's: freed with the drop */
	assert_int_equal(rte_mempool_avail_count(h_pool), avail + 2);
	assert_int_equal(rte_pmd_ngiface_disconnect(a, INET6), 0);
	assert_int_equal(rte_pmd_ngiface_disconnect(b, INET6), 0);
	h_rings_free(out[0], in[0]);
	h_rings_free(out[1], in[1]);
}

/*
 * Without Rx scatter the application takes single segments: a packet with
 * no room for the header in front (or a clone) is copied behind a header
 * in a new mbuf instead, its own buffer left as it was.
 */
static void
test_rx_copy_without_scatter(void **state)
{
	struct rte_ring *out[1], *in[1];
	struct rte_mbuf *m, *orig, *rx;
	uint8_t *room;
	int p, k;

	(void)state;
	p = started_node("", 1);
	h_rings("cp", 8, 0, &out[0], &in[0]);
	assert_int_equal(rte_pmd_ngiface_connect_rings(p, INET6, out, in, 1), 0);
	orig = h_pkt(H_IPV6, 64, false, 0x66);
	room = rte_pktmbuf_mtod_offset(orig, uint8_t *, -RTE_ETHER_HDR_LEN);
	memset(room, 0xaa, RTE_ETHER_HDR_LEN);
	for (k = 0; k < 2; k++) {
		if (k == 0) {
			m = h_pkt(H_IPV6, 64, false, 0x66);
			memmove(m->buf_addr, rte_pktmbuf_mtod(m, void *), 64);
			m->data_off = 0;
		} else {
			m = rte_pktmbuf_clone(orig, h_pool);
			assert_non_null(m);
		}
		assert_int_equal(rte_ring_enqueue(in[0], m), 0);
		assert_int_equal(rte_eth_rx_burst(p, 0, &rx, 1), 1);
		assert_int_equal(rx->nb_segs, 1);
		assert_int_equal(rx->data_len, RTE_ETHER_HDR_LEN + 64);
		assert_true(RTE_MBUF_DIRECT(rx));
		assert_int_equal(rte_pktmbuf_mtod(rx, struct rte_ether_hdr *)->ether_type,
				 rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV6));
		assert_int_equal(*rte_pktmbuf_mtod_offset(rx, uint8_t *,
						RTE_ETHER_HDR_LEN + 63), 0x66);
		rte_pktmbuf_free(rx);
	}
	for (k = 0; k < RTE_ETHER_HDR_LEN; k++)
		assert_int_equal(room[k], 0xaa);
	rte_pktmbuf_free(orig);
	assert_int_equal(rte_pmd_ngiface_disconnect(p, INET6), 0);
	h_rings_free(out[0], in[0]);
}

/************************************************************************
			REBINDING UNDER TRAFFIC
 ************************************************************************/

struct fwd_job {
	uint16_t a, b;
	volatile bool stop, rx_stop;
	uint64_t made, returned, received;
};

/* Make a burst of IPv4/IPv6 frames and send it on a. */
static void
fwd_send(struct fwd_job *j)
{
	struct rte_mbuf *pkts[32];
	uint16_t n, sent;

	for (n = 0; n < 32; n++) {
		pkts[n] = h_pkt(n & 1 ? H_IPV6 : H_IPV4, 64, true, n);
		if (pkts[n] == NULL)
			break;
	}
	j->made += n;
	sent = rte_eth_tx_burst(j->a, 0, pkts, n);
	j->returned += n - sent;
	rte_pktmbuf_free_bulk(pkts + sent, n - sent);
}

/* Receive on b until it is empty. */
static void
fwd_receive(struct fwd_job *j)
{
	struct rte_mbuf *pkts[32];
	uint16_t k;

	while ((k = rte_eth_rx_burst(j->b, 0, pkts, 32)) != 0) {
		j->received += k;
		rte_pktmbuf_free_bulk(pkts, k);
	}
}

/* One worker lcore: send on a, receive on b. */
static int
fwd_loop(void *arg)
{
	struct fwd_job *j = arg;

	while (!j->stop) {
		fwd_send(j);
		fwd_receive(j);
	}
	return 0;
}

/* Tx and Rx on two lcores: the sender... */
static int
fwd_tx_loop(void *arg)
{
	struct fwd_job *j = arg;

	while (!j->stop)
		fwd_send(j);
	return 0;
}

/* ...and the receiver, which empties b once more after its stop. */
static int
fwd_rx_loop(void *arg)
{
	struct fwd_job *j = arg;

	while (!j->rx_stop)
		fwd_receive(j);
	fwd_receive(j);
	return 0;
}

static uint64_t
hook_losses(uint16_t port)
{
	struct rte_pmd_ngiface_hook_stats s;
	uint64_t n = 0;
	int h;

	for (h = 0; h < 2; h++) {
		assert_int_equal(rte_pmd_ngiface_hook_stats_get(port, h, &s), 0);
		n += s.drop_unconnected + s.flushed;
	}
	return n;
}

/*
 * Flip one hook of a between joined to b and unconnected, 300 times, while
 * the lcores of launch[] send on a and receive on b; then join inet for
 * good.  Every packet made is received, handed back, or counted dropped.
 */
static void
reconnect_under(lcore_function_t *const *launch, unsigned int nb_launch)
{
	struct fwd_job job = { .stop = false, .rx_stop = false };
	unsigned int lcore[2], i;
	int k, h;

	assert_true(nb_launch <= RTE_DIM(lcore));
	job.a = started_node("", 1);
	job.b = started_node("", 1);
	lcore[0] = rte_get_next_lcore(-1, 1, 0);
	for (i = 0; i < nb_launch; i++) {
		if (i > 0)
			lcore[i] = rte_get_next_lcore(lcore[i - 1], 1, 0);
		assert_true(lcore[i] < RTE_MAX_LCORE);
		assert_int_equal(rte_eal_remote_launch(launch[i], &job,
						       lcore[i]), 0);
	}
	for (k = 0; k < 300; k++) {
		h = k & 1;
		assert_int_equal(rte_pmd_ngiface_connect(job.a, h, job.b, h), 0);
		rte_delay_us_sleep(200);
		assert_int_equal(rte_pmd_ngiface_disconnect(job.b, h), 0);
	}
	assert_int_equal(rte_pmd_ngiface_connect(job.a, INET, job.b, INET), 0);
	rte_delay_us_sleep(1000);
	job.stop = true;
	rte_eal_wait_lcore(lcore[0]);
	job.rx_stop = true;
	for (i = 1; i < nb_launch; i++)
		rte_eal_wait_lcore(lcore[i]);
	fwd_receive(&job);
	assert_true(job.received > 0);
	assert_int_equal(job.made, job.received + job.returned +
			 hook_losses(job.a));
}

static void
test_reconnect_while_forwarding(void **state)
{
	lcore_function_t *const one[] = { fwd_loop };

	(void)state;
	reconnect_under(one, RTE_DIM(one));
}

/*
 * The same with Tx and Rx on lcores of their own, which EAL maps to one
 * CPU: the kernel may preempt either inside a burst, and a rebind must
 * wait for it to leave.
 */
static void
test_reconnect_tx_rx_apart(void **state)
{
	lcore_function_t *const two[] = { fwd_tx_loop, fwd_rx_loop };

	(void)state;
	reconnect_under(two, RTE_DIM(two));
}

/************************************************************************
			STATS RESET UNDER TRAFFIC
 ************************************************************************/

struct reset_job {
	uint16_t port;
	volatile bool stop;
	uint64_t sent;		/* __atomic: read by the main lcore */
	bool resetting_stop;	/* __atomic: ends reset_loop */
};

/* Send bursts into the node's holes, counting what Tx took. */
static int
reset_tx_loop(void *arg)
{
	struct reset_job *j = arg;
	struct rte_mbuf *pkts[32];
	uint16_t n, sent;

	while (!j->stop) {
		for (n = 0; n < RTE_DIM(pkts); n++) {
			pkts[n] = h_pkt(n & 1 ? H_IPV6 : H_IPV4, 64, true, n);
			if (pkts[n] == NULL)
				break;
		}
		sent = rte_eth_tx_burst(j->port, 0, pkts, n);
		rte_pktmbuf_free_bulk(pkts + sent, n - sent);
		__atomic_store_n(&j->sent, j->sent + sent, __ATOMIC_RELEASE);
	}
	return 0;
}

/*
 * A stats reset while another lcore bursts: what is counted after it never
 * exceeds what was sent after it (plus the burst in flight).  Zeroing the
 * counters from here raced with the lcore's increments, which could write
 * the old sum back: a reset then seemed not to have happened.
 */
static void
test_stats_reset_while_sending(void **state)
{
	struct reset_job job = { .stop = false, .sent = 0 };
	uint64_t before, after;
	struct rte_eth_stats st;
	unsigned int lcore;
	int k;

	(void)state;
	job.port = started_node("inet=hole,inet6=hole", 1);
	lcore = rte_get_next_lcore(-1, 1, 0);
	assert_true(lcore < RTE_MAX_LCORE);
	assert_int_equal(rte_eal_remote_launch(reset_tx_loop, &job, lcore), 0);
	for (k = 0; k < 20000; k++) {
		before = __atomic_load_n(&job.sent, __ATOMIC_ACQUIRE);
		assert_int_equal(rte_eth_stats_reset(job.port), 0);
		assert_int_equal(rte_eth_stats_get(job.port, &st), 0);
		after = __atomic_load_n(&job.sent, __ATOMIC_ACQUIRE);
		if (st.opackets > after - before + 32)
			fail_msg("reset %d: %" PRIu64 " counted after it, %"
				 PRIu64 " sent", k, st.opackets,
				 after - before);
	}
	job.stop = true;
	rte_eal_wait_lcore(lcore);
	assert_true(job.sent > 0);
	assert_int_equal(rte_eth_stats_reset(job.port), 0);
	assert_int_equal(rte_eth_stats_get(job.port, &st), 0);
	assert_int_equal(st.opackets + st.obytes + st.oerrors, 0);
	assert_int_equal(h_xstat(job.port, "inet_hole_packets"), 0);
}

/* A thread of its own, not an lcore: resets until told to stop. */
static void *
reset_loop(void *arg)
{
	struct reset_job *j = arg;

	while (!__atomic_load_n(&j->resetting_stop, __ATOMIC_ACQUIRE))
		rte_eth_stats_reset(j->port);
	return NULL;
}

/*
 * Reads while another thread resets and an lcore sends: no counter ever
 * reads below zero.  The readers once took the live counter, then the
 * base: a reset in between stored a base above that live value, and the
 * difference wrapped to some 2^64 (a few in a million reads).
 */
static void
test_stats_read_while_reset(void **state)
{
	struct reset_job job = { .stop = false, .sent = 0 };
	struct rte_eth_stats st;
	unsigned int lcore;
	pthread_t resetter;
	uint64_t t_end;
	unsigned long reads = 0;

	(void)state;
	job.port = started_node("inet=hole,inet6=hole", 1);
	lcore = rte_get_next_lcore(-1, 1, 0);
	assert_true(lcore < RTE_MAX_LCORE);
	assert_int_equal(rte_eal_remote_launch(reset_tx_loop, &job, lcore), 0);
	assert_int_equal(pthread_create(&resetter, NULL, reset_loop, &job), 0);
	t_end = rte_get_timer_cycles() + rte_get_timer_hz();
	while (rte_get_timer_cycles() < t_end) {
		assert_int_equal(rte_eth_stats_get(job.port, &st), 0);
		reads++;
		if (st.opackets > UINT64_MAX / 2 || st.obytes > UINT64_MAX / 2)
			fail_msg("read %lu: opackets %" PRIu64 ", obytes %" PRIu64
				 ": below zero", reads, st.opackets, st.obytes);
	}
	__atomic_store_n(&job.resetting_stop, true, __ATOMIC_RELEASE);
	assert_int_equal(pthread_join(resetter, NULL), 0);
	job.stop = true;
	rte_eal_wait_lcore(lcore);
	assert_true(job.sent > 0);
	assert_true(reads > 0);
}

/*
 * A disconnect waits for a burst that is still inside the node: the tap
 * runs within the burst's read-side section, so a tap that holds the burst
 * open (here until told to let go) must hold the disconnect too.  A grace
 * period that skipped the Tx (or Rx) queues' readers would return at once,
 * free the binding and flush the echo ring under the burst.
 */
struct hold_job {
	uint16_t port;
	enum rte_pmd_ngiface_dir dir;	/* the burst the tap holds */
	bool in_tap, release, disconnected;
	uint16_t moved;
};

static void
tap_hold(void *arg, uint16_t port, enum rte_pmd_ngiface_hook hook,
	 enum rte_pmd_ngiface_dir dir, struct rte_mbuf *const *pkts,
	 uint16_t n)
{
	struct hold_job *j = arg;

	(void)port, (void)hook, (void)pkts, (void)n;
	if (dir != j->dir)
		return;
	__atomic_store_n(&j->in_tap, true, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&j->release, __ATOMIC_ACQUIRE))
		rte_pause();
}

static int
hold_burst(void *arg)
{
	struct hold_job *j = arg;
	struct rte_mbuf *m = NULL;

	if (j->dir == RTE_PMD_NGIFACE_DIR_IN) {
		j->moved = rte_eth_rx_burst(j->port, 0, &m, 1);
	} else {
		m = h_pkt(H_IPV4, 64, true, 0);
		j->moved = rte_eth_tx_burst(j->port, 0, &m, 1);
		if (j->moved == 1)
			return 0;
	}
	rte_pktmbuf_free(m);
	return 0;
}

static void *
disconnect_inet(void *arg)
{
	struct hold_job *j = arg;

	if (rte_pmd_ngiface_disconnect(j->port, INET) == 0)
		__atomic_store_n(&j->disconnected, true, __ATOMIC_RELEASE);
	return NULL;
}

/* Start the held burst on a worker lcore; false if it never got there. */
static bool
hold_start(struct hold_job *j, unsigned int *lcore)
{
	uint64_t t_end = rte_get_timer_cycles() + 10 * rte_get_timer_hz();

	*lcore = rte_get_next_lcore(-1, 1, 0);
	assert_true(*lcore < RTE_MAX_LCORE);
	assert_int_equal(rte_eal_remote_launch(hold_burst, j, *lcore), 0);
	while (!__atomic_load_n(&j->in_tap, __ATOMIC_ACQUIRE) &&
	       rte_get_timer_cycles() < t_end)
		rte_pause();
	if (__atomic_load_n(&j->in_tap, __ATOMIC_ACQUIRE))
		return true;
	__atomic_store_n(&j->release, true, __ATOMIC_RELEASE);
	rte_eal_wait_lcore(*lcore);
	return false;
}

static void
disconnect_during(enum rte_pmd_ngiface_dir dir)
{
	struct hold_job job = { .dir = dir };
	struct rte_mbuf *m;
	unsigned int lcore;
	pthread_t t;
	bool early;

	job.port = started_node("inet=echo,inet6=hole", 1);
	if (dir == RTE_PMD_NGIFACE_DIR_IN) {
		/* one packet in the echo ring for the held Rx to take */
		m = h_pkt(H_IPV4, 64, true, 0);
		assert_int_equal(rte_eth_tx_burst(job.port, 0, &m, 1), 1);
	}
	assert_int_equal(rte_pmd_ngiface_tap_set(job.port, tap_hold, &job), 0);
	if (!hold_start(&job, &lcore))
		fail_msg("the burst never reached the tap");
	assert_int_equal(pthread_create(&t, NULL, disconnect_inet, &job), 0);
	rte_delay_ms(200);
	early = __atomic_load_n(&job.disconnected, __ATOMIC_ACQUIRE);
	/* said before the burst goes on: into a freed binding it may crash */
	if (early)
		print_error("disconnect returned while a burst was inside\n");
	__atomic_store_n(&job.release, true, __ATOMIC_RELEASE);
	assert_int_equal(pthread_join(t, NULL), 0);
	rte_eal_wait_lcore(lcore);
	if (early)
		fail_msg("disconnect returned while a burst was inside");
	assert_true(job.disconnected);
	assert_int_equal(job.moved, 1);
	/* Tx's packet went into the echo ring, and the disconnect flushed
	 * it; Rx had taken the one there before the flush */
	assert_int_equal(h_xstat(job.port, "inet_flushed"),
			 dir == RTE_PMD_NGIFACE_DIR_OUT ? 1 : 0);
	assert_int_equal(rte_pmd_ngiface_tap_clear(job.port), 0);
}

static void
test_disconnect_waits_for_tx(void **state)
{
	(void)state;
	disconnect_during(RTE_PMD_NGIFACE_DIR_OUT);
}

static void
test_disconnect_waits_for_rx(void **state)
{
	(void)state;
	disconnect_during(RTE_PMD_NGIFACE_DIR_IN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		H_TEST(test_echo_returns_framed_packets),
		H_TEST(test_rx_queue_count),
		H_TEST(test_chained_mbuf_carried_whole),
		H_TEST(test_l3_in_next_segment),
		H_TEST(test_rx_l3_in_first_segment),
		H_TEST(test_joined_nodes_carry_raw_l3),
		H_TEST(test_l2_none_and_hole),
		H_TEST(test_hole_stats),
		H_TEST(test_supported_ptypes),
		H_TEST(test_drop_down_on_link_down),
		H_TEST(test_drop_while_stopped),
		H_TEST(test_drop_family_unconnected_mtu),
		H_TEST(test_packet_type_wins_over_header),
		H_TEST(test_ring_full_returns_tail_intact),
		H_TEST(test_ring_full_in_mixed_burst),
		H_TEST(test_ring_full_sorted_burst),
		H_TEST(test_ring_shared_by_both_hooks),
		H_TEST(test_nesting_limit),
		H_TEST(test_nesting_beyond_flags),
		H_TEST(test_rx_copy_without_room),
		H_TEST(test_rx_shared_left_as_given),
		H_TEST(test_rx_copy_without_scatter),
		H_TEST(test_rx_pool_room_for_header),
		H_TEST(test_rx_pinned_extbuf_in_place),
		H_TEST(test_tx_shared_crosses_attached),
		H_TEST(test_shared_pinned_extbuf_copied),
		H_TEST(test_rx_fair_between_families),
		H_TEST(test_queues_have_own_rings),
		H_TEST(test_queue_the_peer_does_not_poll),
		H_TEST(test_disconnect_flushes_and_counts),
		H_TEST(test_tap_sees_raw_l3_both_ways),
		H_TEST(test_tap_sees_unconnected_drops),
		H_TEST(test_tx_shared_mbuf_left_as_given),
		H_TEST(test_tx_shared_no_mbuf),
		H_TEST(test_rx_no_mbuf),
		H_TEST(test_reconnect_while_forwarding),
		H_TEST(test_reconnect_tx_rx_apart),
		H_TEST(test_stats_reset_while_sending),
		H_TEST(test_stats_read_while_reset),
		H_TEST(test_disconnect_waits_for_tx),
		H_TEST(test_disconnect_waits_for_rx),
	};
	int failed;

	if (h_eal_up("ngiface-unit-dp") != 0)
		return 1;
	failed = cmocka_run_group_tests_name("net_ngiface datapath", tests,
					     NULL, NULL);
	h_eal_down();
	return failed;
}
