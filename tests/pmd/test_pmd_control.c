/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * net_ngiface set-up and control, through the ethdev API and
 * rte_pmd_ngiface.h: naming and unit reuse, devargs, MTU bounds, modes, link
 * state and LSC, the iface messages, hook errors.
 */

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <setjmp.h>
#include <time.h>
#include <unistd.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_kvargs.h>
#include <rte_malloc.h>
#include <rte_pause.h>
#include <ethdev_driver.h>	/* rte_eth_devices: the port's data */
#include <rte_ring.h>

#include "rte_pmd_ngiface.h"
#include "pmd_harness.h"

static void
assert_name(uint16_t port, const char *name)
{
	char buf[RTE_PMD_NGIFACE_NAMESIZE];

	assert_int_equal(rte_pmd_ngiface_getifname(port, buf, sizeof(buf)), 0);
	assert_string_equal(buf, name);
}

/************************************************************************
			NAMING
 ************************************************************************/

static void
test_units_lowest_free_and_reused(void **state)
{
	int p0, p1, p2, p3, unit;

	(void)state;
	p0 = h_node_add("");
	p1 = h_node_add("");
	p2 = h_node_add("");
	assert_true(p0 >= 0 && p1 >= 0 && p2 >= 0);
	assert_name(p0, "ng0");
	assert_name(p1, "ng1");
	assert_name(p2, "ng2");
	assert_int_equal(rte_pmd_ngiface_get_unit(p1, &unit), 0);
	assert_int_equal(unit, 1);

	h_node_del(p1);
	p3 = h_node_add("");
	assert_true(p3 >= 0);
	assert_name(p3, "ng1");
	assert_non_null(rte_ring_lookup("ng1:inet:o0"));
	assert_non_null(rte_ring_lookup("ng1:inet6:i0"));
}

/* Every ethdev port taken: the next probe says ENOSPC, not ENOMEM. */
static void
test_port_ids_exhausted(void **state)
{
	int p, last = -1;

	(void)state;
	while ((p = h_node_add("")) >= 0)
		last = p;
	assert_int_equal(p, -ENOSPC);
	assert_int_equal(rte_eth_dev_count_total(), RTE_MAX_ETHPORTS);
	assert_true(last >= 0);
	/* the failed probe left nothing behind: one port freed, one node */
	h_node_del(last);
	assert_true(h_node_add("") >= 0);
	assert_int_equal(h_node_add(""), -ENOSPC);
}

static void
test_iface_name_and_duplicate(void **state)
{
	uint16_t found;
	int p, unit;

	(void)state;
	p = h_node_add("iface=tun7");
	assert_true(p >= 0);
	assert_name(p, "tun7");
	assert_int_equal(rte_pmd_ngiface_get_unit(p, &unit), 0);
	assert_int_equal(unit, -1);
	assert_int_equal(rte_pmd_ngiface_port_by_name("tun7", &found), 0);
	assert_int_equal(found, p);
	assert_int_equal(h_node_add("iface=tun7"), -EADDRINUSE);
	/* hotplug says so too: EEXIST, EAL's "probed already", made
	 * rte_dev_probe() answer 0 with no node made */
	assert_true(rte_dev_probe("net_ngiface_taken,iface=tun7") < 0);
	assert_int_equal(rte_eth_dev_get_port_by_name("tun7", &found), 0);
	assert_int_equal(found, p);
	assert_int_equal(rte_eth_dev_count_avail(), 1);
	assert_int_equal(rte_pmd_ngiface_port_by_name("nope", &found),
			 -ENODEV);
	/* beyond ASCII, whole UTF-8 sequences: "été", and 'é' 7 times
	 * (14 bytes), the most bytes a name has */
	assert_true(h_node_add("iface=\303\251t\303\251") >= 0);
	assert_true(h_node_add("iface=\303\251\303\251\303\251\303\251"
			       "\303\251\303\251\303\251") >= 0);
	assert_true(h_node_add("iface=w/0\360\237\230\200") >= 0);
	/* the edges of what UTF-8 encodes: U+D7FF and U+E000 beside the
	 * surrogates, U+10FFFF its last code point */
	assert_true(h_node_add("iface=\355\237\277\356\200\200") >= 0);
	assert_true(h_node_add("iface=\364\217\277\277") >= 0);
	/* an explicit ngN takes that name; the next unit skips it */
	assert_true(h_node_add("iface=ng0") >= 0);
	p = h_node_add("");
	assert_name(p, "ng1");
}

static void
test_bad_devargs_fail_probe(void **state)
{
	static const char *const bad[] = {
		"bogus=1", "mtu=71", "mtu=65536", "mtu=abc", "l2=ppp",
		"mode=nbma", "queues=0", "queues=17", "inet=ng9",
		"inet=ng9:ipx", "inet6=:inet", "iface=a.b", "iface=x:y",
		"iface=abcdefghijklmnop", "ring_size=1", "max_nesting=0",
		"max_nesting=256", "mtu=-5", "inet", "mtu=0x48", "mtu= 100",
		"mtu=+100", "ring_size=268435456", "ring_size=31",
		"mtu=100,mtu=200",
		"inet=echo,inet=hole",
		/* names ngctl could not give: '"', blanks, control
		 * characters, bytes of no whole UTF-8 sequence */
		"iface=a\"b", "iface=x\ny", "iface=c\001d", "iface=d\177",
		"iface=\377", "iface=e\303", "iface=\300\257",
		"iface=\355\240\200", "iface=\364\220\200\200",
		"iface=\200", "inet=q\"q:inet",
		/* a blank inside; the last surrogate (U+DFFF); a
		 * continuation byte leading two; a lead byte of five */
		"iface=a b", "iface=\355\277\277", "iface=\277\277",
		"iface=\371\200\200\200",
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < RTE_DIM(bad); i++) {
		int ret = h_node_add(bad[i]);

		if (ret >= 0)
			fail_msg("devargs \"%s\" were accepted", bad[i]);
		assert_int_equal(ret, -EINVAL);
	}
	assert_int_equal(rte_eth_dev_count_avail(), 0);
}

static void
test_good_devargs(void **state)
{
	struct rte_pmd_ngiface_peer peer;
	enum rte_pmd_ngiface_mode mode;
	unsigned int nest;
	uint16_t nq;
	int p;

	(void)state;
	p = h_node_add("iface=x0,inet=echo,inet6=hole,l2=none,mtu=9000,"
		       "mode=broadcast,queues=3,ring_size=100,max_nesting=5");
	assert_true(p >= 0);
	assert_int_equal(rte_pmd_ngiface_get_peer(p, RTE_PMD_NGIFACE_HOOK_INET,
						  &peer), 0);
	assert_int_equal(peer.kind, RTE_PMD_NGIFACE_PEER_ECHO);
	assert_int_equal(rte_pmd_ngiface_get_peer(p, RTE_PMD_NGIFACE_HOOK_INET6,
						  &peer), 0);
	assert_int_equal(peer.kind, RTE_PMD_NGIFACE_PEER_HOLE);
	assert_int_equal(rte_pmd_ngiface_get_mode(p, &mode), 0);
	assert_int_equal(mode, RTE_PMD_NGIFACE_MODE_BROADCAST);
	assert_int_equal(rte_pmd_ngiface_nb_queues(p, &nq), 0);
	assert_int_equal(nq, 3);
	assert_int_equal(rte_pmd_ngiface_get_max_nesting(p, &nest), 0);
	assert_int_equal(nest, 5);
	assert_non_null(rte_ring_lookup("x0:inet6:o2"));
	assert_int_equal(rte_ring_get_capacity(rte_ring_lookup("x0:inet:o0")),
			 100);
	/* numbers are decimal, a leading zero included */
	p = h_node_add("queues=010");
	assert_true(p >= 0);
	assert_int_equal(rte_pmd_ngiface_nb_queues(p, &nq), 0);
	assert_int_equal(nq, 10);
	/* each bound the error hints give is taken, at either end */
	p = h_node_add("mtu=65535,queues=16,ring_size=32,max_nesting=255");
	assert_true(p >= 0);
	assert_int_equal(rte_pmd_ngiface_nb_queues(p, &nq), 0);
	assert_int_equal(nq, 16);
	assert_int_equal(rte_pmd_ngiface_get_max_nesting(p, &nest), 0);
	assert_int_equal(nest, 255);
	p = h_node_add("mtu=72,queues=1,max_nesting=1");
	assert_true(p >= 0);
	assert_int_equal(rte_pmd_ngiface_get_max_nesting(p, &nest), 0);
	assert_int_equal(nest, 1);
}

/* the other spellings: l2=eth and p2p's two names (the defaults) */
static void
test_good_devargs_spellings(void **state)
{
	static const char *const p2p[] = {
		"mode=p2p,l2=eth", "mode=point2point,l2=eth",
	};
	struct rte_eth_dev_info info;
	enum rte_pmd_ngiface_mode mode;
	unsigned int i;
	int p;

	(void)state;
	for (i = 0; i < RTE_DIM(p2p); i++) {
		p = h_node_add(p2p[i]);
		if (p < 0)
			fail_msg("devargs \"%s\" were refused", p2p[i]);
		assert_int_equal(rte_pmd_ngiface_get_mode(p, &mode), 0);
		assert_int_equal(mode, RTE_PMD_NGIFACE_MODE_P2P);
		/* an Ethernet header is the least a packet can be */
		assert_int_equal(rte_eth_dev_info_get(p, &info), 0);
		assert_int_equal(info.min_rx_bufsize, RTE_ETHER_HDR_LEN);
		h_node_del(p);
	}
}

/*
 * Devargs kvargs cannot split (more pairs than RTE_KVARGS_MAX; DPDK 22.11
 * takes an unclosed [ list): -EINVAL, with a log line quoting them whole.
 */
static void
assert_unparsable(const char *devargs)
{
	char *log = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&log, &len);
	int ret;

	assert_non_null(f);
	assert_int_equal(rte_openlog_stream(f), 0);
	ret = h_node_add(devargs);
	rte_openlog_stream(NULL);
	fclose(f);
	if (strstr(log, "cannot parse devargs") == NULL ||
	    strstr(log, devargs) == NULL)
		fail_msg("devargs \"%s\": no \"cannot parse devargs\" line "
			 "quoting them in \"%s\"", devargs, log);
	free(log);
	assert_int_equal(ret, -EINVAL);
}

static void
test_devargs_unparsable(void **state)
{
	char many[16 * (RTE_KVARGS_MAX + 1)];
	size_t len = 0;
	unsigned int i;

	(void)state;
	for (i = 0; i <= RTE_KVARGS_MAX; i++)
		len += snprintf(many + len, sizeof(many) - len, "%smtu=%u",
				i != 0 ? "," : "", 100 + i);
	assert_unparsable(many);
	assert_int_equal(rte_eth_dev_count_avail(), 0);
}

/*
 * Queue info: the hook rings' size, whatever nb_desc the set-up asked;
 * dev_info gives it as the default ring size.
 */
static void
test_queue_info_ring_size(void **state)
{
	struct rte_eth_dev_info info;
	struct rte_eth_rxq_info rq;
	struct rte_eth_txq_info tq;
	int p;

	(void)state;
	p = h_node_add("ring_size=100,queues=2");
	assert_true(p >= 0);
	assert_int_equal(rte_eth_dev_info_get(p, &info), 0);
	assert_int_equal(info.default_rxportconf.ring_size, 100);
	assert_int_equal(info.default_txportconf.ring_size, 100);
	assert_int_equal(h_port_start(p, 2, false), 0);
	assert_int_equal(rte_eth_rx_queue_info_get(p, 1, &rq), 0);
	assert_int_equal(rq.nb_desc, 100);
	assert_ptr_equal(rq.mp, h_pool);
	/* testpmd's "show rxq info" prints it as the RX buffer size */
	assert_int_equal(rq.rx_buf_size, rte_pktmbuf_data_room_size(h_pool) -
			 RTE_PKTMBUF_HEADROOM);
	assert_int_equal(rte_eth_tx_queue_info_get(p, 1, &tq), 0);
	assert_int_equal(tq.nb_desc, 100);
	assert_int_equal(rte_eth_rx_queue_info_get(p, 2, &rq), -EINVAL);
	/* larger rings than 16 bits can count: the largest count */
	p = h_node_add("ring_size=70000");
	assert_true(p >= 0);
	assert_int_equal(h_port_start(p, 1, false), 0);
	assert_int_equal(rte_eth_rx_queue_info_get(p, 0, &rq), 0);
	assert_int_equal(rq.nb_desc, UINT16_MAX);
	assert_int_equal(rte_eth_tx_queue_info_get(p, 0, &tq), 0);
	assert_int_equal(tq.nb_desc, UINT16_MAX);
}

/*
 * Queue info reports the set-up the queue was given (ethdev merges the
 * port's offloads in) and whether Rx scatters, as the port data does: what
 * testpmd's "show rxq info" and "show config rxtx" and telemetry print.
 */
static void
test_queue_info_conf_scatter(void **state)
{
	struct rte_eth_rxq_info rq;
	struct rte_eth_txq_info tq;
	struct rte_eth_rxconf rxc;
	struct rte_eth_txconf txc;
	struct rte_eth_conf conf;
	int p;

	(void)state;
	p = h_node_add("queues=2");
	assert_true(p >= 0);
	assert_int_equal(h_port_start_conf(p, 2, false,
					   RTE_ETH_RX_OFFLOAD_SCATTER), 0);
	assert_int_equal(rte_eth_rx_queue_info_get(p, 1, &rq), 0);
	assert_int_equal(rq.scattered_rx, 1);
	assert_true(rq.conf.offloads & RTE_ETH_RX_OFFLOAD_SCATTER);
	assert_int_equal(rte_eth_devices[p].data->scattered_rx, 1);

	/* reconfigured without scatter, with multi-segment Tx, and a
	 * threshold and a deferred start asked (the Rx queue waits for its
	 * own start: test_queue_start_stop) */
	assert_int_equal(rte_eth_dev_stop(p), 0);
	memset(&conf, 0, sizeof(conf));
	conf.txmode.offloads = RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	assert_int_equal(rte_eth_dev_configure(p, 1, 1, &conf), 0);
	memset(&rxc, 0, sizeof(rxc));
	rxc.rx_free_thresh = 7;
	rxc.rx_deferred_start = 1;
	assert_int_equal(rte_eth_rx_queue_setup(p, 0, 64, rte_socket_id(),
						&rxc, h_pool), 0);
	memset(&txc, 0, sizeof(txc));
	txc.tx_free_thresh = 5;
	assert_int_equal(rte_eth_tx_queue_setup(p, 0, 64, rte_socket_id(),
						&txc), 0);
	assert_int_equal(rte_eth_dev_start(p), 0);
	assert_int_equal(rte_eth_rx_queue_info_get(p, 0, &rq), 0);
	assert_int_equal(rq.scattered_rx, 0);
	assert_false(rq.conf.offloads & RTE_ETH_RX_OFFLOAD_SCATTER);
	assert_int_equal(rq.conf.rx_free_thresh, 7);
	assert_int_equal(rq.conf.rx_deferred_start, 1);
	assert_int_equal(rq.queue_state, RTE_ETH_QUEUE_STATE_STOPPED);
	assert_int_equal(rte_eth_devices[p].data->scattered_rx, 0);
	assert_int_equal(rte_eth_tx_queue_info_get(p, 0, &tq), 0);
	assert_int_equal(tq.conf.tx_free_thresh, 5);
	assert_true(tq.conf.offloads & RTE_ETH_TX_OFFLOAD_MULTI_SEGS);

	/* reconfigured with scatter, the queues kept (not set up again):
	 * the queue info follows the port as it is now */
	assert_int_equal(rte_eth_dev_stop(p), 0);
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.offloads = RTE_ETH_RX_OFFLOAD_SCATTER;
	assert_int_equal(rte_eth_dev_configure(p, 1, 1, &conf), 0);
	assert_int_equal(rte_eth_dev_start(p), 0);
	assert_int_equal(rte_eth_rx_queue_info_get(p, 0, &rq), 0);
	assert_int_equal(rq.scattered_rx, 1);
	assert_true(rq.conf.offloads & RTE_ETH_RX_OFFLOAD_SCATTER);
	assert_int_equal(rq.conf.rx_free_thresh, 7);
	assert_int_equal(rte_eth_tx_queue_info_get(p, 0, &tq), 0);
	assert_false(tq.conf.offloads & RTE_ETH_TX_OFFLOAD_MULTI_SEGS);
}

static uint8_t
rxq_state(uint16_t p, uint16_t q)
{
	struct rte_eth_rxq_info rq;

	assert_int_equal(rte_eth_rx_queue_info_get(p, q, &rq), 0);
	return rq.queue_state;
}

static uint8_t
txq_state(uint16_t p, uint16_t q)
{
	struct rte_eth_txq_info tq;

	assert_int_equal(rte_eth_tx_queue_info_get(p, q, &tq), 0);
	return tq.queue_state;
}

/*
 * Queues start and stop on their own (testpmd "port 0 rxq 0 stop"), and a
 * queue set up with a deferred start waits for its own start; the port's
 * stop stops them all, its start starts them but the deferred ones.  A
 * stopped Rx queue's rings keep what comes for it until it starts.
 */
static void
test_queue_start_stop(void **state)
{
	const uint8_t on = RTE_ETH_QUEUE_STATE_STARTED;
	const uint8_t off = RTE_ETH_QUEUE_STATE_STOPPED;
	struct rte_eth_rxconf rxc;
	struct rte_eth_txconf txc;
	struct rte_eth_conf conf;
	struct rte_mbuf *m;
	uint16_t q;
	int p;

	(void)state;
	p = h_node_add("queues=2,inet=echo");
	assert_true(p >= 0);
	memset(&conf, 0, sizeof(conf));
	assert_int_equal(rte_eth_dev_configure(p, 2, 2, &conf), 0);
	for (q = 0; q < 2; q++) {
		memset(&rxc, 0, sizeof(rxc));
		memset(&txc, 0, sizeof(txc));
		rxc.rx_deferred_start = q == 0;
		txc.tx_deferred_start = q == 1;
		assert_int_equal(rte_eth_rx_queue_setup(p, q, 64,
				 rte_socket_id(), &rxc, h_pool), 0);
		assert_int_equal(rte_eth_tx_queue_setup(p, q, 64,
				 rte_socket_id(), &txc), 0);
	}
	assert_int_equal(rte_eth_dev_start(p), 0);
	assert_int_equal(rxq_state(p, 0), off);
	assert_int_equal(rxq_state(p, 1), on);
	assert_int_equal(txq_state(p, 0), on);
	assert_int_equal(txq_state(p, 1), off);

	/* a packet for the stopped queue waits in its ring */
	m = h_pkt(H_IPV4, 60, true, 0x11);
	assert_int_equal(rte_eth_tx_burst(p, 0, &m, 1), 1);
	assert_int_equal(rte_eth_dev_rx_queue_start(p, 0), 0);
	assert_int_equal(rxq_state(p, 0), on);
	m = NULL;
	assert_int_equal(rte_eth_rx_burst(p, 0, &m, 1), 1);
	rte_pktmbuf_free(m);

	assert_int_equal(rte_eth_dev_tx_queue_start(p, 1), 0);
	assert_int_equal(txq_state(p, 1), on);
	assert_int_equal(rte_eth_dev_rx_queue_stop(p, 1), 0);
	assert_int_equal(rxq_state(p, 1), off);
	assert_int_equal(rte_eth_dev_tx_queue_stop(p, 0), 0);
	assert_int_equal(txq_state(p, 0), off);
	assert_int_equal(rte_eth_dev_rx_queue_start(p, 2), -EINVAL);

	/* the port's stop stops all; its start leaves the deferred ones */
	assert_int_equal(rte_eth_dev_stop(p), 0);
	for (q = 0; q < 2; q++) {
		assert_int_equal(rxq_state(p, q), off);
		assert_int_equal(txq_state(p, q), off);
	}
	assert_int_equal(rte_eth_dev_rx_queue_start(p, 1), -EINVAL);
	assert_int_equal(rte_eth_dev_start(p), 0);
	assert_int_equal(rxq_state(p, 0), off);
	assert_int_equal(rxq_state(p, 1), on);
	assert_int_equal(txq_state(p, 0), on);
	assert_int_equal(txq_state(p, 1), off);
}

/************************************************************************
			MTU, MODE, LINK
 ************************************************************************/

static void
test_mtu_bounds(void **state)
{
	struct rte_eth_dev_info info;
	uint16_t mtu;
	int p;

	(void)state;
	p = h_node_add("");
	assert_int_equal(rte_eth_dev_info_get(p, &info), 0);
	assert_int_equal(info.min_mtu, 72);
	assert_int_equal(info.max_mtu, 65535);
	assert_int_equal(rte_eth_dev_get_mtu(p, &mtu), 0);
	assert_int_equal(mtu, 1500);
	assert_int_equal(h_port_start(p, 1, false), 0);
	assert_int_equal(rte_eth_dev_set_mtu(p, 71), -EINVAL);
	assert_int_equal(rte_eth_dev_set_mtu(p, 72), 0);
	assert_int_equal(rte_eth_dev_set_mtu(p, 65535), 0);
	assert_int_equal(rte_eth_dev_get_mtu(p, &mtu), 0);
	assert_int_equal(mtu, 65535);

	/* the devarg survives configure when the app asks for no MTU */
	p = h_node_add("mtu=9000");
	assert_int_equal(h_port_start(p, 1, false), 0);
	assert_int_equal(rte_eth_dev_get_mtu(p, &mtu), 0);
	assert_int_equal(mtu, 9000);
	/* and so does an MTU the app set, 1500 (ethdev's default) too */
	assert_int_equal(rte_eth_dev_set_mtu(p, 1500), 0);
	assert_int_equal(rte_eth_dev_stop(p), 0);
	assert_int_equal(h_port_start(p, 1, false), 0);
	assert_int_equal(rte_eth_dev_get_mtu(p, &mtu), 0);
	assert_int_equal(mtu, 1500);
	assert_int_equal(rte_eth_dev_set_mtu(p, 1400), 0);
	assert_int_equal(rte_eth_dev_stop(p), 0);
	assert_int_equal(h_port_start(p, 1, false), 0);
	assert_int_equal(rte_eth_dev_get_mtu(p, &mtu), 0);
	assert_int_equal(mtu, 1400);
}

static void
test_mode_ebusy_while_started(void **state)
{
	enum rte_pmd_ngiface_mode mode;
	int p;

	(void)state;
	p = h_node_add("");
	assert_int_equal(rte_pmd_ngiface_set_mode(p,
			 RTE_PMD_NGIFACE_MODE_BROADCAST), 0);
	assert_int_equal(h_port_start(p, 1, false), 0);
	assert_int_equal(rte_pmd_ngiface_set_mode(p, RTE_PMD_NGIFACE_MODE_P2P),
			 -EBUSY);
	assert_int_equal(rte_pmd_ngiface_get_mode(p, &mode), 0);
	assert_int_equal(mode, RTE_PMD_NGIFACE_MODE_BROADCAST);
	assert_int_equal(rte_eth_dev_stop(p), 0);
	assert_int_equal(rte_pmd_ngiface_set_mode(p, RTE_PMD_NGIFACE_MODE_P2P),
			 0);
	assert_int_equal(rte_pmd_ngiface_set_mode(p, 7), -EINVAL);
}

static int lsc_events;

/* Calls the API back, as an application reacting to LSC would. */
static int
lsc_cb(uint16_t port, enum rte_eth_event_type type, void *arg, void *ret)
{
	char name[RTE_PMD_NGIFACE_NAMESIZE];

	(void)arg;
	(void)ret;
	if (type == RTE_ETH_EVENT_INTR_LSC &&
	    rte_pmd_ngiface_getifname(port, name, sizeof(name)) == 0)
		lsc_events++;
	return 0;
}

static void
assert_link(uint16_t port, int status)
{
	struct rte_eth_link link;

	assert_int_equal(rte_eth_link_get_nowait(port, &link), 0);
	assert_int_equal(link.link_status, status);
}

static void
test_link_up_down_and_lsc(void **state)
{
	int p;

	(void)state;
	p = h_node_add("");
	assert_link(p, RTE_ETH_LINK_DOWN);
	assert_int_equal(rte_eth_dev_callback_register(p, RTE_ETH_EVENT_INTR_LSC,
						       lsc_cb, NULL), 0);
	lsc_events = 0;
	assert_int_equal(h_port_start(p, 1, true), 0);
	assert_link(p, RTE_ETH_LINK_UP);

	assert_int_equal(rte_pmd_ngiface_link_set(p, 0), 0);	/* LINK_IS_DOWN */
	assert_link(p, RTE_ETH_LINK_DOWN);
	assert_int_equal(lsc_events, 1);
	assert_int_equal(rte_eth_dev_set_link_up(p), 0);
	assert_link(p, RTE_ETH_LINK_UP);
	assert_int_equal(lsc_events, 2);
	assert_int_equal(rte_eth_dev_set_link_down(p), 0);
	assert_int_equal(lsc_events, 3);
	/* stays down across a restart until told otherwise */
	assert_int_equal(rte_eth_dev_stop(p), 0);
	assert_int_equal(rte_eth_dev_start(p), 0);
	assert_link(p, RTE_ETH_LINK_DOWN);
	assert_int_equal(rte_pmd_ngiface_link_set(p, 1), 0);
	assert_link(p, RTE_ETH_LINK_UP);
	rte_eth_dev_callback_unregister(p, RTE_ETH_EVENT_INTR_LSC, lsc_cb,
					NULL);
}

/*
 * An application's LSC callback that takes a lock of its own, while
 * another of its threads holds that lock and calls the driver: LSC is
 * raised with no lock of the driver's held, so both go on.  Raised under
 * the registry lock, the callback waited for the application's lock and
 * the other thread for the registry lock, for good: the watchdog (the
 * main thread, which joins both) then ends the test, since its teardown
 * would wait for those locks too.
 */
static pthread_mutex_t app_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile int app_holding;
static volatile int link_ret = 1;

static int
lsc_cb_locking(uint16_t port, enum rte_eth_event_type type, void *arg,
	       void *ret)
{
	(void)port;
	(void)arg;
	(void)ret;
	pthread_mutex_lock(&app_lock);
	if (type == RTE_ETH_EVENT_INTR_LSC)
		lsc_events++;
	pthread_mutex_unlock(&app_lock);
	return 0;
}

/* Holds the application's lock while it calls the driver. */
static void *
app_thread(void *arg)
{
	uint16_t port = (uintptr_t)arg;
	char name[RTE_PMD_NGIFACE_NAMESIZE];

	pthread_mutex_lock(&app_lock);
	app_holding = 1;
	rte_delay_us_sleep(100 * 1000);	/* the link change meanwhile */
	rte_pmd_ngiface_getifname(port, name, sizeof(name));
	pthread_mutex_unlock(&app_lock);
	return NULL;
}

/* Takes the link down once the application holds its lock. */
static void *
link_thread(void *arg)
{
	while (!app_holding)
		rte_pause();
	link_ret = rte_eth_dev_set_link_down((uintptr_t)arg);
	return NULL;
}

static void
join_or_die(pthread_t t, const char *what)
{
	struct timespec deadline;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += 5;
	if (pthread_timedjoin_np(t, NULL, &deadline) != 0) {
		fprintf(stderr, "%s waits for good: deadlock between the LSC callback and the driver's lock\n",
			what);
		_exit(1);
	}
}

static void
test_lsc_callback_takes_app_lock(void **state)
{
	pthread_t app, link;
	int p;

	(void)state;
	p = h_node_add("");
	assert_int_equal(rte_eth_dev_callback_register(p, RTE_ETH_EVENT_INTR_LSC,
						       lsc_cb_locking, NULL), 0);
	assert_int_equal(h_port_start(p, 1, true), 0);
	lsc_events = 0;
	app_holding = 0;
	assert_int_equal(pthread_create(&app, NULL, app_thread,
					(void *)(uintptr_t)p), 0);
	assert_int_equal(pthread_create(&link, NULL, link_thread,
					(void *)(uintptr_t)p), 0);
	join_or_die(app, "the application's thread");
	join_or_die(link, "the link change");
	assert_int_equal(link_ret, 0);
	assert_int_equal(lsc_events, 1);
	assert_link(p, RTE_ETH_LINK_DOWN);
	rte_eth_dev_callback_unregister(p, RTE_ETH_EVENT_INTR_LSC,
					lsc_cb_locking, NULL);
}

/*
 * The link is 10G full duplex, with no autonegotiation (dev_link, as
 * testpmd's "show port info" prints it): dev_info's speed_capa says so
 * ("Autonegotiate (all speeds)" is what an empty one reads as), and a
 * configure that asks for link speeds the port cannot have is refused,
 * as a NIC refuses one, instead of succeeding with the link at 10G.
 */
static void
test_link_speed_capa(void **state)
{
	struct rte_eth_dev_info info;
	struct rte_eth_conf conf;
	struct rte_eth_link link;
	int p;

	(void)state;
	p = h_node_add("");
	assert_true(p >= 0);
	assert_int_equal(rte_eth_dev_info_get(p, &info), 0);
	assert_int_equal(info.speed_capa,
			 RTE_ETH_LINK_SPEED_FIXED | RTE_ETH_LINK_SPEED_10G);
	assert_int_equal(rte_eth_link_get_nowait(p, &link), 0);
	assert_int_equal(link.link_speed, RTE_ETH_SPEED_NUM_10G);
	assert_int_equal(link.link_autoneg, RTE_ETH_LINK_FIXED);

	memset(&conf, 0, sizeof(conf));
	conf.link_speeds = RTE_ETH_LINK_SPEED_FIXED | RTE_ETH_LINK_SPEED_100G;
	assert_int_equal(rte_eth_dev_configure(p, 1, 1, &conf), -EINVAL);
	conf.link_speeds = RTE_ETH_LINK_SPEED_1G | RTE_ETH_LINK_SPEED_25G;
	assert_int_equal(rte_eth_dev_configure(p, 1, 1, &conf), -EINVAL);
	/* autonegotiation allowed, 10G among the speeds, or 10G fixed */
	conf.link_speeds = RTE_ETH_LINK_SPEED_AUTONEG;
	assert_int_equal(rte_eth_dev_configure(p, 1, 1, &conf), 0);
	conf.link_speeds = RTE_ETH_LINK_SPEED_1G | RTE_ETH_LINK_SPEED_10G;
	assert_int_equal(rte_eth_dev_configure(p, 1, 1, &conf), 0);
	conf.link_speeds = RTE_ETH_LINK_SPEED_FIXED | RTE_ETH_LINK_SPEED_10G;
	assert_int_equal(rte_eth_dev_configure(p, 1, 1, &conf), 0);
}

/************************************************************************
			IFACE MESSAGES AND HOOK ERRORS
 ************************************************************************/

static void
test_getifname_getifindex(void **state)
{
	char small[3];
	uint32_t idx;
	int p;

	(void)state;
	p = h_node_add("");
	assert_name(p, "ng0");
	assert_int_equal(rte_pmd_ngiface_getifname(p, small, sizeof(small)),
			 -ENOSPC);
	assert_int_equal(rte_pmd_ngiface_getifindex(p, &idx), 0);
	assert_int_equal(idx, (uint32_t)p + 1);
	assert_int_equal(rte_pmd_ngiface_getifindex(999, &idx), -ENODEV);
	assert_int_equal(rte_pmd_ngiface_is_node(p), 1);
	assert_int_equal(rte_pmd_ngiface_is_node(999), 0);
}

static void
test_hook_errors(void **state)
{
	int a, b, c;

	(void)state;
	a = h_node_add("");
	b = h_node_add("");
	c = h_node_add("queues=2");
	assert_int_equal(rte_pmd_ngiface_hook_by_name("inet6"), 1);
	assert_int_equal(rte_pmd_ngiface_hook_by_name("ipx"), -EPFNOSUPPORT);
	assert_int_equal(rte_pmd_ngiface_hook_by_name(NULL), -EINVAL);
	assert_null(rte_pmd_ngiface_hook_name(RTE_PMD_NGIFACE_HOOK_MAX));
	assert_int_equal(rte_pmd_ngiface_connect(a, 5, b, 0), -EPFNOSUPPORT);
	assert_int_equal(rte_pmd_ngiface_disconnect(a, 0), -ENOTCONN);
	assert_int_equal(rte_pmd_ngiface_connect(a, 0, a, 0), -EINVAL);
	assert_int_equal(rte_pmd_ngiface_connect(a, 0, c, 0), -EINVAL);
	assert_int_equal(rte_pmd_ngiface_connect(a, 0, 999, 0), -ENODEV);
	assert_int_equal(rte_pmd_ngiface_connect(a, 0, b, 1), 0);
	assert_int_equal(rte_pmd_ngiface_connect(a, 0, b, 1), -EISCONN);
	assert_int_equal(rte_pmd_ngiface_connect(a, 0, b, 0), -EISCONN);
	assert_int_equal(rte_pmd_ngiface_connect_echo(b, 1), -EISCONN);
	assert_int_equal(rte_pmd_ngiface_connect_hole(a, 0), -EISCONN);
	/* the other two hooks are still free */
	assert_int_equal(rte_pmd_ngiface_connect(a, 1, b, 0), 0);
	assert_int_equal(rte_pmd_ngiface_disconnect(b, 1), 0);
	assert_int_equal(rte_pmd_ngiface_disconnect(a, 0), -ENOTCONN);
	assert_int_equal(rte_pmd_ngiface_set_max_nesting(a, 0), -EINVAL);
}

/*
 * Every call about one node answers -ENODEV for a port that is none: one
 * never made and one removed (its ethdev port id free again).  A hook
 * call checks its hook first: -EPFNOSUPPORT whatever the port.
 */
static void
tap_none(void *arg, uint16_t port, enum rte_pmd_ngiface_hook hook,
	 enum rte_pmd_ngiface_dir dir, struct rte_mbuf *const *pkts,
	 uint16_t n)
{
	RTE_SET_USED(arg);
	RTE_SET_USED(port);
	RTE_SET_USED(hook);
	RTE_SET_USED(dir);
	RTE_SET_USED(pkts);
	RTE_SET_USED(n);
}

static void
assert_no_node(uint16_t port)
{
	struct rte_pmd_ngiface_hook_stats hs;
	struct rte_pmd_ngiface_hole_stats ho;
	struct rte_pmd_ngiface_peer peer;
	struct rte_ring *out[1] = { NULL }, *in[1] = { NULL };
	enum rte_pmd_ngiface_mode mode;
	const int h = RTE_PMD_NGIFACE_HOOK_INET;
	unsigned int max;
	uint16_t nq;
	char name[16];
	int unit;

	assert_int_equal(rte_pmd_ngiface_is_node(port), 0);
	assert_int_equal(rte_pmd_ngiface_getifname(port, name, sizeof(name)),
			 -ENODEV);
	assert_int_equal(rte_pmd_ngiface_get_unit(port, &unit), -ENODEV);
	assert_int_equal(rte_pmd_ngiface_set_mode(port,
				RTE_PMD_NGIFACE_MODE_P2P), -ENODEV);
	assert_int_equal(rte_pmd_ngiface_get_mode(port, &mode), -ENODEV);
	assert_int_equal(rte_pmd_ngiface_link_set(port, 1), -ENODEV);
	assert_int_equal(rte_pmd_ngiface_set_max_nesting(port, 3), -ENODEV);
	assert_int_equal(rte_pmd_ngiface_get_max_nesting(port, &max), -ENODEV);
	assert_int_equal(rte_pmd_ngiface_nb_queues(port, &nq), -ENODEV);
	assert_int_equal(rte_pmd_ngiface_connect(port, h, port, h), -ENODEV);
	assert_int_equal(rte_pmd_ngiface_connect_echo(port, h), -ENODEV);
	assert_int_equal(rte_pmd_ngiface_connect_hole(port, h), -ENODEV);
	assert_int_equal(rte_pmd_ngiface_connect_rings(port, h, out, in, 1),
			 -ENODEV);
	assert_int_equal(rte_pmd_ngiface_disconnect(port, h), -ENODEV);
	assert_int_equal(rte_pmd_ngiface_get_peer(port, h, &peer), -ENODEV);
	assert_int_equal(rte_pmd_ngiface_hook_rings(port, h, 0, out, in),
			 -ENODEV);
	assert_int_equal(rte_pmd_ngiface_hook_stats_get(port, h, &hs),
			 -ENODEV);
	assert_int_equal(rte_pmd_ngiface_hole_stats_get(port, h, &ho, 0),
			 -ENODEV);
	assert_int_equal(rte_pmd_ngiface_tap_set(port, tap_none, NULL),
			 -ENODEV);
	assert_int_equal(rte_pmd_ngiface_tap_clear(port), -ENODEV);
	assert_int_equal(rte_pmd_ngiface_disconnect(port,
				RTE_PMD_NGIFACE_HOOK_MAX), -EPFNOSUPPORT);
	assert_int_equal(rte_pmd_ngiface_get_peer(port,
				RTE_PMD_NGIFACE_HOOK_MAX, &peer),
			 -EPFNOSUPPORT);
}

static void
test_api_no_such_port(void **state)
{
	int p;

	(void)state;
	assert_no_node(999);
	assert_no_node(RTE_MAX_ETHPORTS);
	p = h_node_add("");
	assert_true(p >= 0);
	h_node_del(p);
	assert_no_node(p);
}

/*
 * A ring the node needs is taken by name (the application made one called
 * so): the probe fails with EADDRINUSE, as for a node name in use, its log
 * line naming the ring, and no node, port or ring of it stays; the name
 * is free for a node once the ring is gone.  It failed with the ring's
 * EEXIST, which rte_dev_probe() (testpmd's port attach, ngctl mkpeer)
 * took for "probed already": success, with no port made.
 */
static void
test_ring_name_taken(void **state)
{
	static const char args[] = "net_ngiface_rg,iface=rg0,queues=2";
	struct rte_ring *r;
	char *log = NULL;
	size_t len = 0;
	FILE *f;
	int ret, p;

	(void)state;
	r = rte_ring_create("rg0:inet6:i1", 64, SOCKET_ID_ANY, 0);
	assert_non_null(r);
	f = open_memstream(&log, &len);
	assert_non_null(f);
	assert_int_equal(rte_openlog_stream(f), 0);
	ret = h_node_add("iface=rg0,queues=2");
	rte_openlog_stream(NULL);
	fclose(f);
	if (strstr(log, "rg0: ring name rg0:inet6:i1 is taken (EADDRINUSE)") ==
	    NULL)
		fail_msg("no log line naming the ring in \"%s\"", log);
	free(log);
	assert_int_equal(ret, -EADDRINUSE);
	assert_int_equal(rte_dev_probe(args), -EADDRINUSE);
	assert_int_equal(rte_eth_dev_count_avail(), 0);
	assert_null(rte_ring_lookup("rg0:inet:o0"));
	assert_null(rte_ring_lookup("rg0:inet6:o1"));
	rte_ring_free(r);
	p = h_node_add("iface=rg0,queues=2");
	assert_true(p >= 0);
	assert_non_null(rte_ring_lookup("rg0:inet6:i1"));
}

/*
 * Rings larger than the memory EAL has (ring_size at its bound, 2^28 - 1
 * packets, 2 GB a ring, where the tests' EAL has 512 MB): the probe fails
 * with ENOMEM, the log naming the ring and its size; nothing stays.
 */
static void
test_ring_no_memory(void **state)
{
	char *log = NULL;
	size_t len = 0;
	FILE *f;
	int ret;

	(void)state;
	f = open_memstream(&log, &len);
	assert_non_null(f);
	assert_int_equal(rte_openlog_stream(f), 0);
	ret = h_node_add("iface=big0,ring_size=268435455");
	rte_openlog_stream(NULL);
	fclose(f);
	if (strstr(log, "big0: ring big0:inet:o0 (ring_size=268435455): ") ==
	    NULL)
		fail_msg("no log line naming the ring and its size in \"%s\"",
			 log);
	free(log);
	assert_int_equal(ret, -ENOMEM);
	assert_int_equal(rte_eth_dev_count_avail(), 0);
	assert_int_equal(h_node_add("iface=big0"), 0);
}

/*
 * A join a node named before its peer existed, that the peer cannot take
 * when it comes (its hook is on an echo already; it has another number of
 * queues): the peer's probe stands, the join is logged and dropped, the
 * first node's hook left free.
 */
static void
test_join_waiting_refused(void **state)
{
	static const char *const peers[] = {
		"iface=wb,inet=echo", "iface=wb,queues=2",
	};
	static const char *const why[] = {
		"wa: inet=wb:inet: Transport endpoint is already connected",
		"wa: inet=wb:inet: Invalid argument",
	};
	struct rte_pmd_ngiface_peer peer;
	unsigned int i;
	char *log;
	size_t len;
	FILE *f;
	int a, b;

	(void)state;
	for (i = 0; i < RTE_DIM(peers); i++) {
		a = h_node_add("iface=wa,inet=wb:inet");
		assert_true(a >= 0);
		log = NULL;
		len = 0;
		f = open_memstream(&log, &len);
		assert_non_null(f);
		assert_int_equal(rte_openlog_stream(f), 0);
		b = h_node_add(peers[i]);
		rte_openlog_stream(NULL);
		fclose(f);
		if (strstr(log, why[i]) == NULL)
			fail_msg("%s: no \"%s\" in \"%s\"", peers[i], why[i],
				 log);
		free(log);
		assert_true(b >= 0);
		assert_int_equal(rte_pmd_ngiface_get_peer(a, 0, &peer), 0);
		assert_int_equal(peer.kind, RTE_PMD_NGIFACE_PEER_NONE);
		assert_int_equal(rte_pmd_ngiface_get_peer(b, 0, &peer), 0);
		assert_int_equal(peer.kind, i == 0 ? RTE_PMD_NGIFACE_PEER_ECHO :
				 RTE_PMD_NGIFACE_PEER_NONE);
		h_node_del(b);
		h_node_del(a);
	}
}

/* Bytes allocated in the heap of this lcore's socket. */
static size_t
heap_used(void)
{
	struct rte_malloc_socket_stats st;

	assert_int_equal(rte_malloc_get_socket_stats(rte_socket_id(), &st), 0);
	return st.heap_allocsz_bytes;
}

/*
 * A node removed with its tap still installed (the application never
 * cleared it) frees the tap with the rest: the heap as it was before.
 */
static void
test_remove_frees_tap(void **state)
{
	size_t before;
	int p;

	(void)state;
	p = h_node_add("queues=2");		/* the first of a kind: warm */
	assert_true(p >= 0);
	assert_int_equal(rte_pmd_ngiface_tap_set(p, tap_none, NULL), 0);
	assert_int_equal(rte_pmd_ngiface_tap_clear(p), 0);
	h_node_del(p);
	before = heap_used();
	p = h_node_add("queues=2");
	assert_true(p >= 0);
	assert_int_equal(rte_pmd_ngiface_tap_set(p, tap_none, NULL), 0);
	h_node_del(p);
	assert_int_equal(heap_used(), before);
}

/* connect_rings: one ring a queue on each side, none NULL, each end once */
static void
test_connect_rings_errors(void **state)
{
	struct rte_ring *out[2], *in[2], *mpmc;
	int c;

	(void)state;
	c = h_node_add("queues=2");
	assert_int_equal(rte_pmd_ngiface_hook_rings(c, 0, 1, &out[0], &in[0]),
			 0);
	assert_int_equal(rte_pmd_ngiface_hook_rings(c, 0, 2, &out[0], &in[0]),
			 -EINVAL);
	out[1] = in[1] = out[0];
	assert_int_equal(rte_pmd_ngiface_connect_rings(c, 0, out, in, 1),
			 -EINVAL);
	/*
	 * Each queue runs on an lcore of its own: a single-producer (or
	 * single-consumer) ring at two queues would have two lcores at one
	 * end.  The node's own rings are both; a multi-producer,
	 * multi-consumer ring may be shared.
	 */
	assert_int_equal(rte_pmd_ngiface_connect_rings(c, 0, out, in, 2),
			 -EINVAL);
	assert_int_equal(rte_pmd_ngiface_hook_rings(c, 0, 0, &out[0], &in[0]),
			 0);
	assert_int_equal(rte_pmd_ngiface_hook_rings(c, 0, 1, &out[1], &in[1]),
			 0);
	in[1] = in[0];
	assert_int_equal(rte_pmd_ngiface_connect_rings(c, 0, out, in, 2),
			 -EINVAL);
	mpmc = rte_ring_create("test_mpmc", 64, SOCKET_ID_ANY, 0);
	assert_non_null(mpmc);
	/* as many rings as queues, none NULL, either side, any queue */
	{
		struct rte_ring *o3[3] = { mpmc, mpmc, mpmc };
		struct rte_ring *i3[3] = { mpmc, mpmc, mpmc };

		assert_int_equal(rte_pmd_ngiface_connect_rings(c, 0, o3, i3, 3),
				 -EINVAL);
	}
	out[0] = out[1] = in[0] = mpmc;
	in[1] = NULL;
	assert_int_equal(rte_pmd_ngiface_connect_rings(c, 0, out, in, 2),
			 -EINVAL);
	in[1] = mpmc;
	out[1] = NULL;
	assert_int_equal(rte_pmd_ngiface_connect_rings(c, 0, out, in, 2),
			 -EINVAL);
	out[0] = out[1] = in[0] = in[1] = mpmc;
	assert_int_equal(rte_pmd_ngiface_connect_rings(c, 0, out, in, 2), 0);
	assert_int_equal(rte_pmd_ngiface_disconnect(c, 0), 0);
	rte_ring_free(mpmc);
	assert_int_equal(rte_pmd_ngiface_hook_rings(c, 0, 0, &out[0], &in[0]),
			 0);
	assert_int_equal(rte_pmd_ngiface_hook_rings(c, 0, 1, &out[1], &in[1]),
			 0);
	assert_int_equal(rte_pmd_ngiface_connect_rings(c, 0, out, in, 2), 0);
	assert_int_equal(rte_pmd_ngiface_disconnect(c, 0), 0);
}

/*
 * Nor where another binding holds that end: a's inet out ring, a joined
 * to b's inet6 (b's inet is a's inet6's), is a's Tx's and b's Rx's.  d may
 * have its own rings.
 */
static void
test_ring_end_held_once(void **state)
{
	struct rte_ring *out[2], *in[2], *mpmc;
	int a, b, d;

	(void)state;
	a = h_node_add("");
	b = h_node_add("");
	d = h_node_add("");
	assert_int_equal(rte_pmd_ngiface_connect(a, 0, b, 1), 0);
	assert_int_equal(rte_pmd_ngiface_hook_rings(a, 0, 0, &out[0], &in[0]),
			 0);
	assert_int_equal(rte_pmd_ngiface_hook_rings(d, 0, 0, &out[1], &in[1]),
			 0);
	assert_int_equal(rte_pmd_ngiface_connect_rings(d, 0, &out[0], &in[1],
						       1), -EINVAL);
	assert_int_equal(rte_pmd_ngiface_connect_rings(d, 0, &out[1], &out[0],
						       1), -EINVAL);
	assert_int_equal(rte_pmd_ngiface_connect_rings(d, 0, &out[1], &in[1],
						       1), 0);
	/* both hooks of one queue may share an out ring: one Tx produces */
	assert_int_equal(rte_pmd_ngiface_connect_rings(d, 1, &out[1], &in[1],
						       1), 0);
	assert_int_equal(rte_pmd_ngiface_disconnect(d, 0), 0);
	assert_int_equal(rte_pmd_ngiface_disconnect(d, 1), 0);
	assert_int_equal(rte_pmd_ngiface_disconnect(a, 0), 0);

	/*
	 * The other way round: a's inet out ring given to d first, as its
	 * in ring (d's Rx its consumer), then as its out ring (d's Tx its
	 * producer).  A join or an echo of a's inet would put a second
	 * lcore at that end: refused the same.  A hole uses no ring.
	 */
	mpmc = rte_ring_create("test_mpmc", 64, SOCKET_ID_ANY, 0);
	assert_non_null(mpmc);
	assert_int_equal(rte_pmd_ngiface_connect_rings(d, 0, &mpmc, &out[0],
						       1), 0);
	assert_int_equal(rte_pmd_ngiface_connect(a, 0, b, 1), -EINVAL);
	assert_int_equal(rte_pmd_ngiface_connect(b, 1, a, 0), -EINVAL);
	assert_int_equal(rte_pmd_ngiface_connect_echo(a, 0), -EINVAL);
	assert_int_equal(rte_pmd_ngiface_connect_hole(a, 0), 0);
	assert_int_equal(rte_pmd_ngiface_disconnect(a, 0), 0);
	assert_int_equal(rte_pmd_ngiface_disconnect(d, 0), 0);
	assert_int_equal(rte_pmd_ngiface_connect_rings(d, 0, &out[0], &mpmc,
						       1), 0);
	assert_int_equal(rte_pmd_ngiface_connect(a, 0, b, 1), -EINVAL);
	assert_int_equal(rte_pmd_ngiface_connect_echo(a, 0), -EINVAL);
	/* b's inet6 out ring is free: a's inet joins it once d lets go */
	assert_int_equal(rte_pmd_ngiface_disconnect(d, 0), 0);
	assert_int_equal(rte_pmd_ngiface_connect(a, 0, b, 1), 0);
	assert_int_equal(rte_pmd_ngiface_disconnect(a, 0), 0);
	assert_int_equal(rte_pmd_ngiface_connect_echo(a, 0), 0);
	assert_int_equal(rte_pmd_ngiface_disconnect(a, 0), 0);
	rte_ring_free(mpmc);
}

/*
 * A node's own rings go with it: a hook of another node that connect_rings
 * gave them to is disconnected when it is removed, as a joined peer's is,
 * not left using freed rings.  A hook bound to rings of its own stays.
 */
static void
test_remove_unbinds_users_of_own_rings(void **state)
{
	struct rte_ring *out[2], *in[2], *mpmc;
	struct rte_pmd_ngiface_peer peer;
	int a, d;

	(void)state;
	a = h_node_add("");
	d = h_node_add("");
	assert_true(a >= 0 && d >= 0);
	mpmc = rte_ring_create("test_mpmc", 64, SOCKET_ID_ANY, 0);
	assert_non_null(mpmc);
	assert_int_equal(rte_pmd_ngiface_hook_rings(a, 0, 0, &out[0], &in[0]),
			 0);
	assert_int_equal(rte_pmd_ngiface_hook_rings(a, 1, 0, &out[1], &in[1]),
			 0);
	assert_int_equal(rte_pmd_ngiface_connect_rings(d, 0, &mpmc, &out[0],
						       1), 0);
	assert_int_equal(rte_pmd_ngiface_connect_rings(d, 1, &in[1], &mpmc,
						       1), 0);
	h_node_del(a);
	assert_null(rte_ring_lookup("ng0:inet:o0"));
	assert_int_equal(rte_pmd_ngiface_get_peer(d, 0, &peer), 0);
	assert_int_equal(peer.kind, RTE_PMD_NGIFACE_PEER_NONE);
	assert_int_equal(rte_pmd_ngiface_get_peer(d, 1, &peer), 0);
	assert_int_equal(peer.kind, RTE_PMD_NGIFACE_PEER_NONE);

	/* rings of d's own (the relay's way), and the caller's: kept */
	a = h_node_add("");
	assert_true(a >= 0);
	assert_int_equal(rte_pmd_ngiface_hook_rings(d, 0, 0, &out[0], &in[0]),
			 0);
	assert_int_equal(rte_pmd_ngiface_connect_rings(d, 0, out, in, 1), 0);
	assert_int_equal(rte_pmd_ngiface_connect_rings(d, 1, &mpmc, &mpmc, 1),
			 0);
	h_node_del(a);
	assert_int_equal(rte_pmd_ngiface_get_peer(d, 0, &peer), 0);
	assert_int_equal(peer.kind, RTE_PMD_NGIFACE_PEER_RINGS);
	assert_int_equal(rte_pmd_ngiface_get_peer(d, 1, &peer), 0);
	assert_int_equal(peer.kind, RTE_PMD_NGIFACE_PEER_RINGS);
	assert_int_equal(rte_pmd_ngiface_disconnect(d, 0), 0);
	assert_int_equal(rte_pmd_ngiface_disconnect(d, 1), 0);
	rte_ring_free(mpmc);
}

static void
test_join_either_order(void **state)
{
	struct rte_pmd_ngiface_peer peer;
	uint16_t found;
	int left, right, self;

	(void)state;
	/* left names right before right exists */
	left = h_node_add("iface=left,inet=right:inet6");
	assert_int_equal(rte_pmd_ngiface_get_peer(left, 0, &peer), 0);
	assert_int_equal(peer.kind, RTE_PMD_NGIFACE_PEER_NONE);
	right = h_node_add("iface=right");
	assert_int_equal(rte_pmd_ngiface_get_peer(left, 0, &peer), 0);
	assert_int_equal(peer.kind, RTE_PMD_NGIFACE_PEER_NODE);
	assert_int_equal(peer.port, right);
	assert_int_equal(peer.hook, RTE_PMD_NGIFACE_HOOK_INET6);
	assert_int_equal(rte_pmd_ngiface_get_peer(right, 1, &peer), 0);
	assert_int_equal(peer.port, left);
	assert_int_equal(peer.hook, RTE_PMD_NGIFACE_HOOK_INET);

	/* both naming each other is one join, not EISCONN */
	assert_true(h_node_add("iface=p,inet=q:inet") >= 0);
	assert_true(h_node_add("iface=q,inet=p:inet") >= 0);
	/* and so is a node naming its own other hook both ways */
	self = h_node_add("iface=s,inet=s:inet6,inet6=s:inet");
	assert_true(self >= 0);
	assert_int_equal(rte_pmd_ngiface_get_peer(self, 0, &peer), 0);
	assert_int_equal(peer.port, self);
	assert_int_equal(peer.hook, RTE_PMD_NGIFACE_HOOK_INET6);

	/* a peer that exists but cannot take the join fails the probe */
	assert_true(h_node_add("iface=e,inet=echo") >= 0);
	assert_int_equal(h_node_add("iface=f,inet=e:inet"), -EISCONN);
	assert_int_equal(h_node_add("iface=g,inet=g:inet"), -EINVAL);
	assert_true(h_node_add("iface=h,queues=2") >= 0);
	assert_int_equal(h_node_add("iface=i,inet6=h:inet6"), -EINVAL);
	assert_int_equal(rte_pmd_ngiface_port_by_name("f", &found), -ENODEV);

	/* removing a node frees its peer's hook */
	h_node_del(right);
	assert_int_equal(rte_pmd_ngiface_get_peer(left, 0, &peer), 0);
	assert_int_equal(peer.kind, RTE_PMD_NGIFACE_PEER_NONE);
	/* the devarg's join was made once: a new "right" is left alone */
	right = h_node_add("iface=right");
	assert_true(right >= 0);
	assert_int_equal(rte_pmd_ngiface_get_peer(left, 0, &peer), 0);
	assert_int_equal(peer.kind, RTE_PMD_NGIFACE_PEER_NONE);
}

/* What a tap got back from the API it called from inside the burst. */
static int tap_api_clear = 1, tap_api_name = 1, tap_api_byname = 1;
static int tap_api_calls;

/* arg: the node's name */
static void
tap_calls_api(void *arg, uint16_t port, enum rte_pmd_ngiface_hook hook,
	      enum rte_pmd_ngiface_dir dir, struct rte_mbuf *const *pkts,
	      uint16_t n)
{
	char name[RTE_PMD_NGIFACE_NAMESIZE];
	uint16_t found;

	(void)hook; (void)dir; (void)pkts; (void)n;
	if (tap_api_calls++ > 0)
		return;
	/* "stop after the first packet": a natural thing to write */
	tap_api_clear = rte_pmd_ngiface_tap_clear(port);
	tap_api_name = rte_pmd_ngiface_getifname(port, name, sizeof(name));
	tap_api_byname = rte_pmd_ngiface_port_by_name(arg, &found);
}

#define V6 RTE_PMD_NGIFACE_HOOK_INET6

/* Where the tap is called from: each site in the burst functions. */
enum tap_site { TAP_TX_SENT, TAP_TX_DROP, TAP_RX };

struct tap_api_job {
	uint16_t port;
	enum tap_site site;
};

static int
tap_api_burst(void *arg)
{
	const struct tap_api_job *job = arg;
	struct rte_mbuf *m;

	switch (job->site) {
	case TAP_TX_SENT:	/* inet: to the hole */
		m = h_pkt(H_IPV4, 64, true, 1);
		return rte_eth_tx_burst(job->port, 0, &m, 1) == 1 ? 0 : -1;
	case TAP_TX_DROP:	/* inet6: unconnected, dropped */
		m = h_pkt(H_IPV6, 64, true, 2);
		return rte_eth_tx_burst(job->port, 0, &m, 1) == 1 ? 0 : -1;
	case TAP_RX:		/* what the test put in the inet6 ring */
		if (rte_eth_rx_burst(job->port, 0, &m, 1) != 1)
			return -1;
		rte_pktmbuf_free(m);
		return 0;
	}
	return -1;
}

/* One burst on lcore 1 calling the tap from site; its API calls refused. */
static void
tap_api_from(uint16_t port, const char *name, enum tap_site site)
{
	struct tap_api_job job = { .port = port, .site = site };
	uint64_t deadline;

	tap_api_clear = tap_api_name = tap_api_byname = 1;
	tap_api_calls = 0;
	assert_int_equal(rte_pmd_ngiface_tap_set(port, tap_calls_api,
						 (void *)(uintptr_t)name), 0);
	assert_int_equal(rte_eal_remote_launch(tap_api_burst, &job, 1), 0);
	deadline = rte_get_timer_cycles() + 2 * rte_get_timer_hz();
	while (rte_eal_get_lcore_state(1) != WAIT &&
	       rte_get_timer_cycles() < deadline)
		rte_delay_ms(1);
	if (rte_eal_get_lcore_state(1) != WAIT) {
		/*
		 * The lcore spins in the driver for good, the registry
		 * lock held: nothing can be undone but the run directory.
		 */
		char cmd[PATH_MAX + 16];

		fprintf(stderr, "tap_clear from the tap (site %d) never "
			"returned\n", site);
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'",
			 rte_eal_get_runtime_dir());
		_exit(system(cmd) == 0 ? 1 : 2);
	}
	assert_int_equal(rte_eal_wait_lcore(1), 0);
	assert_int_equal(tap_api_calls, 1);
	assert_int_equal(tap_api_clear, -EDEADLK);
	assert_int_equal(tap_api_name, -EDEADLK);
	assert_int_equal(tap_api_byname, -EDEADLK);
	/* outside the burst, the same calls work */
	assert_int_equal(rte_pmd_ngiface_tap_clear(port), 0);
	assert_int_equal(rte_pmd_ngiface_is_node(port), 1);
}

/*
 * The API from inside a tap (inside a burst): tap_clear waited for a
 * grace period its own burst held open, for good, with the registry lock
 * held, and every other control call then waited too.  It answers
 * -EDEADLK, as every call about a port does there (a getter would wait
 * for the lock a rebind holds while it waits for this burst), and
 * port_by_name, which takes the same lock.  From each place a burst calls
 * a tap: Tx of what is sent, Tx of a drop, Rx.
 */
static void
test_api_from_tap_refused(void **state)
{
	char name[RTE_PMD_NGIFACE_NAMESIZE];
	struct rte_ring *out[1], *in[1];
	uint16_t port, found;
	int p;

	(void)state;
	p = h_node_add("inet=hole");
	assert_true(p >= 0);
	port = p;
	assert_int_equal(rte_pmd_ngiface_getifname(port, name, sizeof(name)),
			 0);
	assert_int_equal(h_port_start(port, 1, false), 0);
	tap_api_from(port, name, TAP_TX_SENT);
	tap_api_from(port, name, TAP_TX_DROP);
	h_rings("tapi", 8, 0, &out[0], &in[0]);
	assert_int_equal(rte_pmd_ngiface_connect_rings(port, V6, out, in, 1),
			 0);
	assert_int_equal(rte_ring_enqueue(in[0], h_pkt(H_IPV6, 64, false, 3)),
			 0);
	tap_api_from(port, name, TAP_RX);
	assert_int_equal(rte_pmd_ngiface_disconnect(port, V6), 0);
	h_rings_free(out[0], in[0]);
	assert_int_equal(rte_pmd_ngiface_port_by_name(name, &found), 0);
	assert_int_equal(found, port);
}

/* The mirror tap's target node, and what the API said after the send. */
static uint16_t mirror_to;
static int mirror_mode_ret = 1, mirror_calls, mirrored;

static void
tap_counts(void *arg, uint16_t port, enum rte_pmd_ngiface_hook hook,
	   enum rte_pmd_ngiface_dir dir, struct rte_mbuf *const *pkts,
	   uint16_t n)
{
	(void)arg; (void)port; (void)hook; (void)dir; (void)pkts;
	mirrored += n;
}

/* Sends a copy of the first packet on mirror_to, then calls the API. */
static void
tap_mirrors(void *arg, uint16_t port, enum rte_pmd_ngiface_hook hook,
	    enum rte_pmd_ngiface_dir dir, struct rte_mbuf *const *pkts,
	    uint16_t n)
{
	enum rte_pmd_ngiface_mode mode;
	struct rte_mbuf *c;

	(void)arg; (void)hook; (void)dir;
	if (n == 0 || mirror_calls++ > 0)
		return;
	/* the tap sees raw IP: mirror_to has l2=none */
	c = rte_pktmbuf_copy(pkts[0], h_pool, 0, UINT32_MAX);
	assert_non_null(c);
	assert_int_equal(rte_eth_tx_burst(mirror_to, 0, &c, 1), 1);
	mirror_mode_ret = rte_pmd_ngiface_get_mode(port, &mode);
}

/*
 * A tap that sends on a node with a tap of its own is still inside its
 * burst when that inner tap returns: its API calls are still refused.
 * The inner call cleared the flag, and the outer tap's tap_clear would
 * then have waited for its own burst, for good (get_mode shows it here
 * without the hang).
 */
static void
test_api_from_tap_after_nested_tap(void **state)
{
	struct rte_mbuf *m;
	int a, b;

	(void)state;
	a = h_node_add("inet=hole");
	b = h_node_add("inet=hole,l2=none");
	assert_true(a >= 0 && b >= 0);
	assert_int_equal(h_port_start(a, 1, false), 0);
	assert_int_equal(h_port_start(b, 1, false), 0);
	mirror_to = b;
	mirror_calls = mirrored = 0;
	mirror_mode_ret = 1;
	assert_int_equal(rte_pmd_ngiface_tap_set(b, tap_counts, NULL), 0);
	assert_int_equal(rte_pmd_ngiface_tap_set(a, tap_mirrors, NULL), 0);
	m = h_pkt(H_IPV4, 64, true, 4);
	assert_int_equal(rte_eth_tx_burst(a, 0, &m, 1), 1);
	assert_int_equal(mirror_calls, 1);
	assert_int_equal(mirror_mode_ret, -EDEADLK);
	assert_int_equal(mirrored, 1);
	assert_int_equal(h_xstat(b, "inet_hole_packets"), 1);
	assert_int_equal(rte_pmd_ngiface_tap_clear(a), 0);
	assert_int_equal(rte_pmd_ngiface_tap_clear(b), 0);
	h_node_del(a);
	h_node_del(b);
}

/* What the tap of test_ethdev_from_tap_refused saw, and its handshake. */
static volatile int eth_tap_in, eth_tap_go;
static int eth_tap_link, eth_tap_count;
static uint16_t eth_tap_other;

/*
 * Inside the burst: tells the test so, waits until the test's rebind is
 * waiting for this very burst (the registry lock held), then makes the
 * ethdev calls the driver serves under that lock.
 */
static void
tap_calls_ethdev(void *arg, uint16_t port, enum rte_pmd_ngiface_hook hook,
		 enum rte_pmd_ngiface_dir dir, struct rte_mbuf *const *pkts,
		 uint16_t n)
{
	(void)arg; (void)port; (void)hook; (void)dir; (void)pkts; (void)n;
	if (eth_tap_in++ > 0)
		return;
	while (!eth_tap_go)
		rte_pause();
	rte_delay_ms(100);	/* the rebind is in its grace period */
	eth_tap_link = rte_eth_dev_set_link_down(eth_tap_other);
	eth_tap_count = rte_eth_rx_queue_count(eth_tap_other, 0);
}

static int
ethdev_tap_burst(void *arg)
{
	struct rte_mbuf *m = h_pkt(H_IPV4, 64, true, 5);

	return rte_eth_tx_burst(*(uint16_t *)arg, 0, &m, 1) == 1 ? 0 : -1;
}

static int
ethdev_tap_rebind(void *arg)
{
	return rte_pmd_ngiface_disconnect(*(uint16_t *)arg, V6);
}

/*
 * The ethdev calls the driver serves under its registry lock (link
 * up/down, rx_queue_count) from inside a tap: a rebind holding that lock
 * waits for the tap's burst, and the tap waited for the lock, for good.
 * They answer -EDEADLK there, as the API does.
 */
static void
test_ethdev_from_tap_refused(void **state)
{
	uint64_t deadline;
	uint16_t port;
	int p, q;

	(void)state;
	p = h_node_add("inet=hole,inet6=hole");
	q = h_node_add("inet=hole");
	assert_true(p >= 0 && q >= 0);
	port = p;
	eth_tap_other = q;
	assert_int_equal(h_port_start(port, 1, false), 0);
	assert_int_equal(h_port_start(eth_tap_other, 1, false), 0);
	eth_tap_in = eth_tap_go = 0;
	eth_tap_link = eth_tap_count = 1;
	assert_int_equal(rte_pmd_ngiface_tap_set(port, tap_calls_ethdev,
						 NULL), 0);
	assert_int_equal(rte_eal_remote_launch(ethdev_tap_burst, &port, 1),
			 0);
	while (!eth_tap_in)
		rte_pause();
	assert_int_equal(rte_eal_remote_launch(ethdev_tap_rebind, &port, 2),
			 0);
	eth_tap_go = 1;
	deadline = rte_get_timer_cycles() + 3 * rte_get_timer_hz();
	while ((rte_eal_get_lcore_state(1) != WAIT ||
		rte_eal_get_lcore_state(2) != WAIT) &&
	       rte_get_timer_cycles() < deadline)
		rte_delay_ms(1);
	if (rte_eal_get_lcore_state(1) != WAIT) {
		char cmd[PATH_MAX + 16];

		fprintf(stderr, "an ethdev call from a tap never returned\n");
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'",
			 rte_eal_get_runtime_dir());
		_exit(system(cmd) == 0 ? 1 : 2);
	}
	assert_int_equal(rte_eal_wait_lcore(1), 0);
	assert_int_equal(rte_eal_wait_lcore(2), 0);
	assert_int_equal(eth_tap_link, -EDEADLK);
	assert_int_equal(eth_tap_count, -EDEADLK);
	/* outside the burst, the same calls work */
	assert_int_equal(rte_eth_rx_queue_count(eth_tap_other, 0), 0);
	assert_int_equal(rte_eth_dev_set_link_down(eth_tap_other), 0);
	assert_int_equal(rte_pmd_ngiface_tap_clear(port), 0);
	h_node_del(port);
	h_node_del(eth_tap_other);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		H_TEST(test_units_lowest_free_and_reused),
		H_TEST(test_port_ids_exhausted),
		H_TEST(test_iface_name_and_duplicate),
		H_TEST(test_bad_devargs_fail_probe),
		H_TEST(test_good_devargs),
		H_TEST(test_good_devargs_spellings),
		H_TEST(test_devargs_unparsable),
		H_TEST(test_queue_info_ring_size),
		H_TEST(test_queue_info_conf_scatter),
		H_TEST(test_mtu_bounds),
		H_TEST(test_mode_ebusy_while_started),
		H_TEST(test_link_up_down_and_lsc),
		H_TEST(test_lsc_callback_takes_app_lock),
		H_TEST(test_link_speed_capa),
		H_TEST(test_queue_start_stop),
		H_TEST(test_getifname_getifindex),
		H_TEST(test_hook_errors),
		H_TEST(test_api_no_such_port),
		H_TEST(test_ring_name_taken),
		H_TEST(test_ring_no_memory),
		H_TEST(test_remove_frees_tap),
		H_TEST(test_connect_rings_errors),
		H_TEST(test_ring_end_held_once),
		H_TEST(test_join_either_order),
		H_TEST(test_join_waiting_refused),
		H_TEST(test_remove_unbinds_users_of_own_rings),
		H_TEST(test_api_from_tap_refused),
		H_TEST(test_api_from_tap_after_nested_tap),
		H_TEST(test_ethdev_from_tap_refused),
	};
	int failed;

	if (h_eal_up("ngiface-unit-ctl") != 0)
		return 1;
	failed = cmocka_run_group_tests_name("net_ngiface control", tests,
					     NULL, NULL);
	h_eal_down();
	return failed;
}
