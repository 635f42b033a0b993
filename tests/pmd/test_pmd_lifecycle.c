/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * net_ngiface through the ethdev lifecycle as applications and testpmd
 * drive it: re-configure with fewer and then more queues, queue set-up
 * twice, stop/start with packets waiting, close and probe again by the
 * same name, counters across all of that.  Every test ends with the
 * mempool back at its starting count.
 */

#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <rte_bus_vdev.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_ring.h>

#include "rte_pmd_ngiface.h"
#include "pmd_harness.h"

static struct rte_mempool *
pool_make(const char *name)
{
	struct rte_mempool *mp;

	mp = rte_pktmbuf_pool_create(name, 511, 0, 0,
				     RTE_MBUF_DEFAULT_BUF_SIZE,
				     rte_socket_id());
	assert_non_null(mp);
	return mp;
}

/* Configure nq queue pairs (set up with mp), no start. */
static void
configure(uint16_t port, uint16_t nq, struct rte_mempool *mp)
{
	struct rte_eth_conf conf;
	uint16_t q;

	memset(&conf, 0, sizeof(conf));
	assert_int_equal(rte_eth_dev_configure(port, nq, nq, &conf), 0);
	for (q = 0; q < nq; q++) {
		assert_int_equal(rte_eth_rx_queue_setup(port, q, 256,
				rte_socket_id(), NULL, mp), 0);
		assert_int_equal(rte_eth_tx_queue_setup(port, q, 256,
				rte_socket_id(), NULL), 0);
	}
}

static void
send_one(uint16_t port, uint16_t q, enum h_kind kind)
{
	struct rte_mbuf *m = h_pkt(kind, 64, true, (uint8_t)q);

	assert_non_null(m);
	assert_int_equal(rte_eth_tx_burst(port, q, &m, 1), 1);
}

static uint16_t
recv_free(uint16_t port, uint16_t q)
{
	struct rte_mbuf *pkts[32];
	uint16_t n;

	n = rte_eth_rx_burst(port, q, pkts, RTE_DIM(pkts));
	rte_pktmbuf_free_bulk(pkts, n);
	return n;
}

/*
 * queues=4, echo: the application goes 4 -> 2 -> 4 queues.  What waits
 * on a queue that goes away is dropped and counted at the stop; the rings
 * of every queue stay (found by name) and work again once the queue is
 * back.
 */
static void
test_reconfigure_fewer_then_more(void **state)
{
	int p;
	uint16_t q;

	(void)state;
	p = h_node_add("queues=4,inet=echo,inet6=echo");
	assert_true(p >= 0);
	configure(p, 4, h_pool);
	assert_int_equal(rte_eth_dev_start(p), 0);
	for (q = 0; q < 4; q++)
		send_one(p, q, H_IPV4);
	assert_int_equal(rte_eth_dev_stop(p), 0);
	assert_int_equal(h_xstat(p, "rx_drop_down"), 4);

	configure(p, 2, h_pool);
	assert_int_equal(rte_eth_dev_start(p), 0);
	for (q = 0; q < 2; q++) {
		send_one(p, q, H_IPV6);
		assert_int_equal(recv_free(p, q), 1);
	}
	assert_int_equal(rte_eth_dev_stop(p), 0);

	for (q = 0; q < 4; q++) {
		char name[RTE_RING_NAMESIZE];

		snprintf(name, sizeof(name), "ng0:inet:o%u", q);
		assert_non_null(rte_ring_lookup(name));
	}
	configure(p, 4, h_pool);
	assert_int_equal(rte_eth_dev_start(p), 0);
	send_one(p, 3, H_IPV4);
	assert_int_equal(recv_free(p, 3), 1);
	assert_int_equal(h_xstat(p, "inet_in_packets"), 1);
	assert_int_equal(h_xstat(p, "inet6_in_packets"), 2);
	assert_int_equal(h_xstat(p, "rx_drop_down"), 4);
}

/*
 * A start with a configured queue not set up is refused: ethdev's fast
 * path hands the driver that queue's NULL, and the first burst on it
 * crashed.  Once every queue is set up, the port starts.
 */
static void
test_start_refused_without_queue_setup(void **state)
{
	struct rte_eth_conf conf;
	int p;

	(void)state;
	p = h_node_add("queues=2,inet=echo");
	assert_true(p >= 0);
	memset(&conf, 0, sizeof(conf));
	assert_int_equal(rte_eth_dev_configure(p, 2, 2, &conf), 0);
	assert_int_equal(rte_eth_rx_queue_setup(p, 0, 64, rte_socket_id(),
						NULL, h_pool), 0);
	assert_int_equal(rte_eth_tx_queue_setup(p, 0, 64, rte_socket_id(),
						NULL), 0);
	assert_int_equal(rte_eth_tx_queue_setup(p, 1, 64, rte_socket_id(),
						NULL), 0);
	assert_int_equal(rte_eth_dev_start(p), -EINVAL);	/* Rx 1 */
	assert_int_equal(rte_eth_rx_queue_setup(p, 1, 64, rte_socket_id(),
						NULL, h_pool), 0);
	assert_int_equal(rte_eth_dev_start(p), 0);
	assert_int_equal(rte_eth_dev_stop(p), 0);

	/* 2 -> 1 -> 2: ethdev released queue 1, which must be set up again */
	configure(p, 1, h_pool);
	assert_int_equal(rte_eth_dev_start(p), 0);
	assert_int_equal(rte_eth_dev_stop(p), 0);
	assert_int_equal(rte_eth_dev_configure(p, 2, 2, &conf), 0);
	assert_int_equal(rte_eth_rx_queue_setup(p, 1, 64, rte_socket_id(),
						NULL, h_pool), 0);
	assert_int_equal(rte_eth_dev_start(p), -EINVAL);	/* Tx 1 */
	assert_int_equal(rte_eth_tx_queue_setup(p, 1, 64, rte_socket_id(),
						NULL), 0);
	assert_int_equal(rte_eth_dev_start(p), 0);
	send_one(p, 1, H_IPV4);
	assert_int_equal(recv_free(p, 1), 1);
}

struct stop_job {
	uint16_t port;
	volatile bool stop;
	uint64_t sent;
};

/* Send bursts of IPv4 on queue 0 until told to stop; count what Tx took. */
static int
stop_tx_loop(void *arg)
{
	struct stop_job *j = arg;
	struct rte_mbuf *pkts[32];
	uint16_t n, sent;

	while (!j->stop) {
		for (n = 0; n < RTE_DIM(pkts); n++) {
			pkts[n] = h_pkt(H_IPV4, 64, true, n);
			if (pkts[n] == NULL)
				break;
		}
		sent = rte_eth_tx_burst(j->port, 0, pkts, n);
		rte_pktmbuf_free_bulk(pkts + sent, n - sent);
		j->sent += sent;
	}
	return 0;
}

/*
 * Stop/start cycles of a node whose peer sends all along from another
 * lcore: every packet the peer's Tx took is received or counted as
 * rx_drop_down, none twice, none lost.
 */
static void
test_stop_start_while_peer_sends(void **state)
{
	struct stop_job job = { .stop = false, .sent = 0 };
	unsigned int lcore = rte_get_next_lcore(-1, 1, 0);
	uint64_t got = 0;
	int a, b, k;

	(void)state;
	a = h_node_add("ring_size=64");
	b = h_node_add("ring_size=64,inet=ng0:inet");
	assert_true(a >= 0 && b >= 0);
	configure(a, 1, h_pool);
	configure(b, 1, h_pool);
	assert_int_equal(rte_eth_dev_start(a), 0);
	assert_int_equal(rte_eth_dev_start(b), 0);
	job.port = a;
	assert_true(lcore < RTE_MAX_LCORE);
	assert_int_equal(rte_eal_remote_launch(stop_tx_loop, &job, lcore), 0);
	for (k = 0; k < 300; k++) {
		got += recv_free(b, 0);
		if (k % 3 == 0) {
			assert_int_equal(rte_eth_dev_stop(b), 0);
			assert_int_equal(rte_eth_dev_start(b), 0);
		}
	}
	job.stop = true;
	rte_eal_wait_lcore(lcore);
	got += recv_free(b, 0);
	assert_int_equal(rte_eth_dev_stop(b), 0);
	assert_true(job.sent > 0);
	assert_int_equal(h_xstat(a, "inet_out_packets"), job.sent);
	assert_int_equal(got + h_xstat(b, "rx_drop_down"), job.sent);
	assert_int_equal(h_xstat(b, "inet_in_packets"), got);
}

/*
 * A Tx-only port (no Rx queue) on an echo: what comes back waits in the
 * ring nobody polls, the rest is handed back (ring_full), and the stop
 * drops what waited as rx_drop_down.
 */
static void
test_tx_only_port(void **state)
{
	struct rte_mbuf *pkts[40];
	struct rte_eth_conf conf;
	uint16_t sent, k;
	int p;

	(void)state;
	p = h_node_add("ring_size=32,inet=echo");
	assert_true(p >= 0);
	memset(&conf, 0, sizeof(conf));
	assert_int_equal(rte_eth_dev_configure(p, 0, 1, &conf), 0);
	assert_int_equal(rte_eth_tx_queue_setup(p, 0, 64, rte_socket_id(),
						NULL), 0);
	assert_int_equal(rte_eth_dev_start(p), 0);
	for (k = 0; k < RTE_DIM(pkts); k++)
		pkts[k] = h_pkt(H_IPV4, 64, true, k);
	sent = rte_eth_tx_burst(p, 0, pkts, RTE_DIM(pkts));
	assert_int_equal(sent, 32);
	rte_pktmbuf_free_bulk(pkts + sent, RTE_DIM(pkts) - sent);
	assert_int_equal(h_xstat(p, "inet_ring_full"), 8);
	assert_int_equal(rte_eth_dev_stop(p), 0);
	assert_int_equal(h_xstat(p, "rx_drop_down"), 32);
}

/* Queue set-up twice: the second pool is the one Rx allocates from. */
static void
test_queue_setup_twice(void **state)
{
	struct rte_mempool *mp = pool_make("lc_mp2");
	struct rte_eth_rxq_info qi;
	int p;

	(void)state;
	p = h_node_add("inet=echo");
	assert_true(p >= 0);
	configure(p, 1, h_pool);
	configure(p, 1, mp);
	assert_int_equal(rte_eth_rx_queue_info_get(p, 0, &qi), 0);
	assert_ptr_equal(qi.mp, mp);
	assert_int_equal(rte_eth_dev_start(p), 0);
	send_one(p, 0, H_IPV4);
	assert_int_equal(recv_free(p, 0), 1);
	assert_int_equal(rte_eth_dev_stop(p), 0);
	assert_int_equal(rte_eth_dev_close(p), 0);
	assert_int_equal(rte_mempool_in_use_count(mp), 0);
	rte_mempool_free(mp);
}

/* Close while started: ethdev refuses; stop, close, probe the name again. */
static void
test_close_then_probe_same_name(void **state)
{
	struct rte_eth_stats st;
	uint16_t port;
	int p;

	(void)state;
	p = h_node_add("iface=lc0,inet=echo");
	assert_true(p >= 0);
	configure(p, 1, h_pool);
	assert_int_equal(rte_eth_dev_start(p), 0);
	send_one(p, 0, H_IPV4);		/* waits in the echo ring */
	assert_int_not_equal(rte_eth_dev_close(p), 0);
	assert_int_equal(rte_eth_dev_stop(p), 0);
	assert_int_equal(rte_eth_dev_close(p), 0);
	assert_int_equal(rte_pmd_ngiface_port_by_name("lc0", &port), -ENODEV);
	assert_null(rte_ring_lookup("lc0:inet:o0"));
	assert_int_equal(rte_eth_dev_count_avail(), 0);

	p = h_node_add("iface=lc0,inet=echo");
	assert_true(p >= 0);
	assert_non_null(rte_ring_lookup("lc0:inet:o0"));
	configure(p, 1, h_pool);
	assert_int_equal(rte_eth_dev_start(p), 0);
	assert_int_equal(rte_eth_stats_get(p, &st), 0);
	assert_int_equal(st.ipackets + st.opackets + st.imissed, 0);
	send_one(p, 0, H_IPV4);
	assert_int_equal(recv_free(p, 0), 1);
}

/*
 * The driver's xstats are the same set whatever the queue count; by id
 * they read what by name they do.
 */
static void
test_xstats_by_id_across_reconfigure(void **state)
{
	struct rte_eth_xstat_name *names;
	uint64_t id, ids[2], val[2];
	int p, n2, n1;

	(void)state;
	p = h_node_add("queues=2,inet=echo");
	assert_true(p >= 0);
	configure(p, 2, h_pool);
	n2 = rte_eth_xstats_get_names(p, NULL, 0);
	configure(p, 1, h_pool);
	n1 = rte_eth_xstats_get_names(p, NULL, 0);
	/* ethdev's per-queue ones: 3 a queue for Rx, 2 for Tx */
	assert_int_equal(n2 - n1, 5);
	assert_int_equal(rte_eth_dev_start(p), 0);
	send_one(p, 0, H_IPV4);
	assert_int_equal(recv_free(p, 0), 1);
	assert_int_equal(rte_eth_xstats_get_id_by_name(p, "inet_in_packets",
						       &id), 0);
	ids[0] = id;
	assert_int_equal(rte_eth_xstats_get_id_by_name(p, "rx_q0_packets",
						       &ids[1]), 0);
	assert_int_equal(rte_eth_xstats_get_by_id(p, ids, val, 2), 2);
	assert_int_equal(val[0], 1);
	assert_int_equal(val[1], 1);
	names = calloc(n1, sizeof(*names));
	assert_non_null(names);
	assert_int_equal(rte_eth_xstats_get_names_by_id(p, names, 2, ids), 2);
	assert_string_equal(names[0].name, "inet_in_packets");
	assert_string_equal(names[1].name, "rx_q0_packets");
	free(names);
	assert_int_equal(rte_eth_xstats_reset(p), 0);
	assert_int_equal(rte_eth_xstats_get_by_id(p, ids, val, 2), 2);
	assert_int_equal(val[0], 0);
	assert_int_equal(val[1], 0);
}

/*
 * What the configure asks for and the port has not: loopback, DCB
 * (traffic classes, PFC) and VMDq pools are refused, as a NIC without
 * them refuses them; taken, the application believed its traffic looped
 * or sorted into classes.  RSS stays taken (no hash, ethdev keeps rss_hf
 * within the empty flow_type_rss_offloads): l3fwd and testpmd --rxq=N ask
 * for it on every port.
 */
static void
test_configure_refuses_what_port_lacks(void **state)
{
	struct rte_eth_conf conf;
	int p;

	(void)state;
	p = h_node_add("inet=echo");
	assert_true(p >= 0);
	memset(&conf, 0, sizeof(conf));
	conf.lpbk_mode = 1;
	assert_int_equal(rte_eth_dev_configure(p, 1, 1, &conf), -EINVAL);
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_VMDQ_ONLY;
	assert_int_equal(rte_eth_dev_configure(p, 1, 1, &conf), -EINVAL);
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_DCB_RSS;
	assert_int_equal(rte_eth_dev_configure(p, 1, 1, &conf), -EINVAL);
	memset(&conf, 0, sizeof(conf));
	conf.txmode.mq_mode = RTE_ETH_MQ_TX_DCB;
	assert_int_equal(rte_eth_dev_configure(p, 1, 1, &conf), -EINVAL);
	memset(&conf, 0, sizeof(conf));
	conf.dcb_capability_en = RTE_ETH_DCB_PFC_SUPPORT;
	assert_int_equal(rte_eth_dev_configure(p, 1, 1, &conf), -EINVAL);
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	assert_int_equal(rte_eth_dev_configure(p, 1, 1, &conf), 0);
	assert_int_equal(rte_eth_rx_queue_setup(p, 0, 64, rte_socket_id(),
						NULL, h_pool), 0);
	assert_int_equal(rte_eth_tx_queue_setup(p, 0, 64, rte_socket_id(),
						NULL), 0);
	assert_int_equal(rte_eth_dev_start(p), 0);
	send_one(p, 0, H_IPV4);
	assert_int_equal(recv_free(p, 0), 1);
}

/* Per-queue counters: a packet on queue 1 shows on queue 1. */
static void
test_per_queue_stats(void **state)
{
	struct rte_eth_stats st;
	int p;

	(void)state;
	p = h_node_add("queues=2,inet=echo");
	assert_true(p >= 0);
	configure(p, 2, h_pool);
	assert_int_equal(rte_eth_dev_start(p), 0);
	send_one(p, 1, H_IPV4);
	assert_int_equal(recv_free(p, 1), 1);
	assert_int_equal(rte_eth_stats_get(p, &st), 0);
	assert_int_equal(st.q_ipackets[0], 0);
	assert_int_equal(st.q_ipackets[1], 1);
	assert_int_equal(st.q_opackets[1], 1);
	assert_int_equal(st.ipackets, 1);
	assert_int_equal(rte_eth_stats_reset(p), 0);
	assert_int_equal(rte_eth_stats_get(p, &st), 0);
	assert_int_equal(st.q_ipackets[1], 0);
	assert_int_equal(st.ipackets, 0);
}

/* What ethdev and applications read in dev_info. */
static void
test_dev_info_fields(void **state)
{
	struct rte_eth_dev_info info;
	struct rte_eth_link link;
	struct rte_ether_addr mac = {{ 0x02, 1, 2, 3, 4, 5 }};
	int p;

	(void)state;
	p = h_node_add("queues=3,ring_size=512");
	assert_true(p >= 0);
	assert_int_equal(rte_eth_dev_info_get(p, &info), 0);
	assert_int_equal(info.max_rx_queues, 3);
	assert_int_equal(info.max_tx_queues, 3);
	assert_true(info.max_rx_pktlen >= (uint32_t)info.max_mtu);
	configure(p, 1, h_pool);
	assert_int_equal(rte_eth_dev_start(p), 0);
	assert_int_equal(rte_eth_link_get(p, &link), 0);
	assert_int_equal(link.link_status, RTE_ETH_LINK_UP);
	assert_int_equal(rte_eth_promiscuous_disable(p), 0);
	assert_int_equal(rte_eth_promiscuous_get(p), 0);
	assert_int_equal(rte_eth_allmulticast_disable(p), 0);
	assert_int_equal(rte_eth_dev_default_mac_addr_set(p, &mac), 0);
	assert_int_equal(rte_eth_dev_mac_addr_add(p, &mac, 0), -ENOTSUP);
	assert_int_equal(rte_eth_dev_reset(p), -ENOTSUP);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		H_TEST(test_reconfigure_fewer_then_more),
		H_TEST(test_start_refused_without_queue_setup),
		H_TEST(test_queue_setup_twice),
		H_TEST(test_tx_only_port),
		H_TEST(test_stop_start_while_peer_sends),
		H_TEST(test_close_then_probe_same_name),
		H_TEST(test_xstats_by_id_across_reconfigure),
		H_TEST(test_configure_refuses_what_port_lacks),
		H_TEST(test_per_queue_stats),
		H_TEST(test_dev_info_fields),
	};
	int failed;

	if (h_eal_up("ngiface-unit-lc") != 0)
		return 1;
	failed = cmocka_run_group_tests_name("net_ngiface lifecycle", tests,
					     NULL, NULL);
	h_eal_down();
	return failed;
}
