/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef NGIFACE_PMD_HARNESS_H
#define NGIFACE_PMD_HARNESS_H

/*
 * What the PMD tests share: EAL, a mempool, nodes made and removed through
 * the vdev bus, ports started through the ethdev API, and valid IPv4/IPv6
 * packets.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_ether.h>
#include <rte_mbuf.h>

/* A test run between h_setup and h_teardown (the mempool checked whole). */
#define H_TEST(f) cmocka_unit_test_setup_teardown(f, h_setup, h_teardown)

extern struct rte_mempool *h_pool;

int h_eal_up(const char *prefix);
void h_eal_down(void);

/* Probe "net_ngifaceK" with devargs; returns the port id or -errno. */
int h_node_add(const char *devargs);
/* Remove the vdev of port (rte_vdev_uninit). */
void h_node_del(uint16_t port);
/* Remove every node the tests made. */
void h_node_del_all(void);

/* Configure nq queue pairs, start.  lsc enables LSC interrupts. */
int h_port_start(uint16_t port, uint16_t nq, bool lsc);
/* The same with Rx offloads (RTE_ETH_RX_OFFLOAD_...) asked at configure. */
int h_port_start_conf(uint16_t port, uint16_t nq, bool lsc,
		      uint64_t rx_offloads);

enum h_kind { H_IPV4, H_IPV6, H_ARP };
/* A frame of l3_len bytes of L3 (plus 14 of Ethernet when eth). */
struct rte_mbuf *h_pkt(enum h_kind kind, uint16_t l3_len, bool eth,
		       uint8_t tag);

uint64_t h_xstat(uint16_t port, const char *name);

struct rte_ring;
/*
 * One queue's rings for a hook the test serves by hand, as the relay
 * would: "t_TAG_o" (the node's out ring) and "t_TAG_i", size entries each,
 * created with flags.  h_rings_free frees both.
 */
void h_rings(const char *tag, unsigned int size, unsigned int flags,
	     struct rte_ring **out, struct rte_ring **in);
void h_rings_free(struct rte_ring *out, struct rte_ring *in);

/*
 * cmocka fixtures: note the mempool's count before a test; after it,
 * remove every node and check that no port and no mbuf is left behind.
 */
int h_setup(void **state);
int h_teardown(void **state);

#endif
