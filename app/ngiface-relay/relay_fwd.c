/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * The forwarding loops.  Each forwarding lcore polls the links the plan gave
 * it, pass after pass (see fwd_pass for the order), until relay_force_quit;
 * then it drains (polls on until passes move nothing, within a bound) and
 * returns.  No syscalls, no locks:
 * only Rx/Tx bursts, ring bursts and counters that this lcore alone writes.
 * Every packet taken from an Rx queue or a ring is delivered to exactly one
 * destination, or freed and counted under one drop cause.
 */

#include <rte_branch_prediction.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "relay.h"

/* Passes a draining lcore makes at most after the stop, and how many idle
 * passes in a row end the drain early. */
#define RELAY_DRAIN_PASSES 1024
#define RELAY_DRAIN_IDLE 16

/* One writer per counter; readers load it atomically. */
static inline void
ctr_add(uint64_t *c, uint64_t v)
{
	__atomic_store_n(c, *c + v, __ATOMIC_RELAXED);
}

/*
 * n packets taken for one direction: counted in, then handed to port's
 * Tx; what it does not take is freed and counted.
 */
static inline void
send_burst(struct relay_dir_stats *st, uint16_t port, struct rte_mbuf **pkts,
	   uint16_t n)
{
	uint16_t sent;

	if (n == 0)
		return;
	ctr_add(&st->packets, n);
	sent = rte_eth_tx_burst(port, 0, pkts, n);
	ctr_add(&st->delivered, sent);
	if (unlikely(sent < n)) {
		rte_pktmbuf_free_bulk(pkts + sent, n - sent);
		ctr_add(&st->drop[RELAY_DROP_TX_FULL], n - sent);
	}
}

/* Enqueue n packets on a hook's in ring; free and count the overflow. */
static inline void
ring_burst(struct relay_dir_stats *st, struct rte_ring *r,
	   struct rte_mbuf **pkts, uint16_t n)
{
	unsigned int done;

	if (n == 0)
		return;
	done = rte_ring_enqueue_burst(r, (void **)pkts, n, NULL);
	ctr_add(&st->delivered, done);
	if (unlikely(done < n)) {
		rte_pktmbuf_free_bulk(pkts + done, n - done);
		ctr_add(&st->drop[RELAY_DROP_RING_FULL], n - done);
	}
}

/*
 * A --stack half: one port's Rx into the other's Tx (PORT into the node's
 * Tx for in, the node's Rx into PORT for out).  Returns packets moved.
 */
static inline uint16_t
port_to_port(struct relay_dir_stats *st, uint16_t from, uint16_t to,
	     struct rte_mbuf **pkts, uint16_t burst)
{
	uint16_t n;

	n = rte_eth_rx_burst(from, 0, pkts, burst);
	send_burst(st, to, pkts, n);
	return n;
}

static inline uint16_t
take_ring(const struct relay_link *l, int h, struct rte_mbuf **pkts,
	  uint16_t n)
{
	if (!l->serves[h] || n == 0)
		return 0;
	return rte_ring_dequeue_burst(l->hook_out[h], (void **)pkts, n, NULL);
}

/*
 * Both hooks' out rings into one burst, so one Tx call per pass: inet may
 * fill half of it, inet6 the rest, and what is left goes back to inet.  A
 * flood on one family never starves the other.
 */
static inline uint16_t
take_out(const struct relay_link *l, struct rte_mbuf **pkts, uint16_t burst)
{
	uint16_t m;

	m = take_ring(l, RTE_PMD_NGIFACE_HOOK_INET, pkts, (burst + 1) / 2);
	m += take_ring(l, RTE_PMD_NGIFACE_HOOK_INET6, pkts + m, burst - m);
	m += take_ring(l, RTE_PMD_NGIFACE_HOOK_INET, pkts + m, burst - m);
	return m;
}

/* The hook a raw L3 packet goes to by its IP version; -1: neither. */
static inline int
dispatch_hook(const struct rte_mbuf *p)
{
	uint8_t v;

	if (unlikely(p->data_len == 0))
		return -1;
	v = *rte_pktmbuf_mtod(p, const uint8_t *) >> 4;
	return v == 4 ? RTE_PMD_NGIFACE_HOOK_INET :
		v == 6 ? RTE_PMD_NGIFACE_HOOK_INET6 : -1;
}

/*
 * Port Rx sorted by IP version onto the served hooks' in rings.  The
 * counts live in registers (one array and one count per family): indexed
 * counters in memory would chain every packet to the one before.
 */
static void
dispatch_in(struct relay_link *l, struct rte_mbuf **pkts, uint16_t n)
{
	struct rte_mbuf *fam4[RELAY_BURST_MAX], *fam6[RELAY_BURST_MAX], *p;
	const bool serve4 = l->serves[RTE_PMD_NGIFACE_HOOK_INET];
	const bool serve6 = l->serves[RTE_PMD_NGIFACE_HOOK_INET6];
	uint16_t i, n4 = 0, n6 = 0, non_ip = 0, unserved = 0;
	int h;

	for (i = 0; i < n; i++) {
		p = pkts[i];
		h = dispatch_hook(p);
		if (h == RTE_PMD_NGIFACE_HOOK_INET && likely(serve4)) {
			fam4[n4++] = p;
		} else if (h == RTE_PMD_NGIFACE_HOOK_INET6 && likely(serve6)) {
			fam6[n6++] = p;
		} else {
			if (h < 0)
				non_ip++;
			else
				unserved++;
			rte_pktmbuf_free(p);
		}
	}
	ctr_add(&l->in.packets, n);
	if (unlikely(non_ip != 0))
		ctr_add(&l->in.drop[RELAY_DROP_NON_IP], non_ip);
	if (unlikely(unserved != 0))
		ctr_add(&l->in.drop[RELAY_DROP_AF_UNSERVED], unserved);
	ring_burst(&l->in, l->hook_in[RTE_PMD_NGIFACE_HOOK_INET], fam4, n4);
	ring_burst(&l->in, l->hook_in[RTE_PMD_NGIFACE_HOOK_INET6], fam6, n6);
}

/* --hooks / --hook, in half: port Rx dispatched onto the served hooks. */
static uint16_t
hooks_in(struct relay_link *l, struct rte_mbuf **pkts, uint16_t burst)
{
	uint16_t n;

	n = rte_eth_rx_burst(l->port, 0, pkts, burst);
	if (n != 0)
		dispatch_in(l, pkts, n);
	return n;
}

/* --hooks / --hook, out half: the served hooks' out rings into port Tx. */
static uint16_t
hooks_out(struct relay_link *l, struct rte_mbuf **pkts, uint16_t burst)
{
	uint16_t m;

	m = take_out(l, pkts, burst);
	send_burst(&l->out, l->port, pkts, m);
	return m;
}

static inline uint16_t
link_in(struct relay_link *l, struct rte_mbuf **pkts, uint16_t burst)
{
	return l->kind == RELAY_LINK_STACK ?
		port_to_port(&l->in, l->port, l->node_port, pkts, burst) :
		hooks_in(l, pkts, burst);
}

static inline uint16_t
link_out(struct relay_link *l, struct rte_mbuf **pkts, uint16_t burst)
{
	return l->kind == RELAY_LINK_STACK ?
		port_to_port(&l->out, l->node_port, l->port, pkts, burst) :
		hooks_out(l, pkts, burst);
}

/*
 * One pass over an lcore's links: each link's in half (its port's Rx into
 * a node or onto hook rings), then the next link's out half (node Rx or
 * hook rings into its port's Tx).  Two links on one lcore are usually the
 * two ends of one path (--hooks and --stack of one node, or the stacks of
 * two joined nodes): then what one in half produced is consumed right
 * after, while its mbufs are still in L1, not a whole pass later.
 */
static inline uint32_t
fwd_pass(struct relay_link *const *links, unsigned int nb,
	 struct rte_mbuf **pkts, uint16_t burst)
{
	uint32_t moved = 0;
	unsigned int i;

	for (i = 0; i < nb; i++) {
		moved += link_in(links[i], pkts, burst);
		moved += link_out(links[i + 1 < nb ? i + 1 : 0], pkts, burst);
	}
	return moved;
}

/* Launched on every forwarding lcore; arg is the relay_config. */
int
relay_fwd_lcore(void *arg)
{
	struct relay_config *cfg = arg;
	struct relay_link *links[RELAY_MAX_LINKS];
	struct rte_mbuf *pkts[RELAY_BURST_MAX];
	unsigned int self = rte_lcore_id(), nb = 0, i, idle = 0;
	const uint16_t burst = cfg->burst;

	for (i = 0; i < cfg->nb_links; i++)
		if (cfg->links[i].lcore == self)
			links[nb++] = &cfg->links[i];
	if (nb == 0)
		return 0;

	while (likely(!relay_force_quit)) {
		relay_capture_pass(self);
		fwd_pass(links, nb, pkts, burst);
	}

	/* drain: what is in flight between links (hook rings) gets out */
	for (i = 0; i < RELAY_DRAIN_PASSES && idle < RELAY_DRAIN_IDLE; i++) {
		relay_capture_pass(self);
		idle = fwd_pass(links, nb, pkts, burst) == 0 ? idle + 1 : 0;
	}
	/* no pass any more: a tap here would read the TSC itself */
	relay_capture_clock[self].tsc = 0;
	return 0;
}
