/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * The forwarding loops.  Each forwarding lcore polls the links the plan gave
 * it, pass after pass (see fwd_pass for the order), until relay_force_quit;
 * then it drains (fwd_drain: no more port input, what is in the nodes'
 * rings moved on until every lcore is quiet, within a bound) and returns.
 * No syscalls, no locks:
 * only Rx/Tx bursts, ring bursts and counters that this lcore alone writes
 * (and, at the stop, the drain barrier's few atomics; and a pause flag the
 * control thread may raise, relay_fwd_pause).
 * Every packet taken from an Rx queue or a ring is delivered to exactly one
 * destination, or freed and counted under one drop cause.
 */

#include <errno.h>
#include <string.h>

#include <rte_branch_prediction.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "relay.h"

/*
 * The drain's shared state, written only after the stop.  gen counts the
 * drain passes that moved packets; drain_lcore[l].quiet is 1 + the gen
 * that lcore l saw unchanged across its last pass that moved nothing, 0
 * before any.
 */
static struct {
	uint64_t gen;
	unsigned int stopped;	/* lcores that took their last port input */
	unsigned int timeouts;	/* lcores that reached RELAY_DRAIN_MS */
} drain __rte_cache_aligned;
static struct {
	uint64_t quiet;
} __rte_cache_aligned drain_lcore[RTE_MAX_LCORE];

/*
 * Pauses the control thread asks of lcores (relay_fwd_pause), for a port
 * it stops and starts again: an lcore answers at the top of a pass, where
 * it holds no packet, and spins until released.  A pause is a number, new
 * each time, so that an answer to an earlier one (an lcore preempted on
 * its way out of the spin) never passes for the answer to this one.  One
 * writer each: req the control thread's (0: none), ack the lcore's.
 */
static struct {
	uint64_t req;
	uint64_t ack;
} __rte_cache_aligned fwd_pause[RTE_MAX_LCORE];
static uint64_t fwd_pause_last;	/* the control thread's */

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

/*
 * The hook a raw L3 packet goes to by its IP version; -1: neither.  Read
 * through the chain (rte_pktmbuf_read: the first segment's byte when it
 * has one): a chain may start with an empty segment (a sender gave the
 * Ethernet header a segment of its own, which a node's Tx stripped).
 */
static inline int
dispatch_hook(const struct rte_mbuf *p)
{
	const uint8_t *first;
	uint8_t v, byte;

	first = rte_pktmbuf_read(p, 0, 1, &byte);
	if (unlikely(first == NULL))
		return -1;
	v = *first >> 4;
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
 *
 * Draining, a link's in half runs only when its port is a node: then its
 * Rx takes what is in that node's rings, no new input.
 */
static inline uint32_t
fwd_pass(struct relay_link *const *links, unsigned int nb,
	 struct rte_mbuf **pkts, uint16_t burst, const bool draining)
{
	uint32_t moved = 0;
	unsigned int i;

	for (i = 0; i < nb; i++) {
		if (!draining || links[i]->port_is_node)
			moved += link_in(links[i], pkts, burst);
		moved += link_out(links[i + 1 < nb ? i + 1 : 0], pkts, burst);
	}
	return moved;
}

/* The forwarding lcores: those of the links. */
static unsigned int
fwd_lcore_count(const struct relay_config *cfg)
{
	unsigned int l, n = 0;

	for (l = 0; l < RTE_MAX_LCORE; l++)
		n += relay_lcore_forwards(cfg, l);
	return n;
}

/* Every forwarding lcore quiet at the current gen: nothing can move. */
static bool
all_quiet(const struct relay_config *cfg)
{
	uint64_t want = __atomic_load_n(&drain.gen, __ATOMIC_SEQ_CST) + 1;
	unsigned int i;

	for (i = 0; i < cfg->nb_links; i++)
		if (__atomic_load_n(&drain_lcore[cfg->links[i].lcore].quiet,
				    __ATOMIC_SEQ_CST) != want)
			return false;
	return true;
}

/*
 * After the stop no lcore takes port input (fwd_pass, draining), and each
 * moves what is in the nodes' rings until all are quiet together.  One
 * lcore's idle pass says nothing while another may still fill its rings:
 * only passes begun after every lcore stopped its input count, and a pass
 * that moved packets bumps gen after it, so an idle pass across which gen
 * stayed g proves nothing moved anywhere meanwhile.  When every lcore has
 * such a pass at the current g, no ring the links read holds a packet and
 * none can get one.  A loop between nodes (an echo hook behind a node as
 * port) keeps packets moving: RELAY_DRAIN_MS bounds the drain, and the
 * totals count what is left in the rings (queued_out, or rx_drop_down when
 * the node's stop drops it).  The TSC read is no syscall.
 */
static void
fwd_drain(const struct relay_config *cfg, struct relay_link *const *links,
	  unsigned int nb, struct rte_mbuf **pkts, uint16_t burst)
{
	const unsigned int self = rte_lcore_id();
	const unsigned int nb_lcores = fwd_lcore_count(cfg);
	const uint64_t end = rte_get_timer_cycles() +
		rte_get_timer_hz() * RELAY_DRAIN_MS / 1000;
	uint64_t g;
	bool stopped;

	__atomic_fetch_add(&drain.stopped, 1, __ATOMIC_SEQ_CST);
	do {
		stopped = __atomic_load_n(&drain.stopped, __ATOMIC_SEQ_CST) ==
			nb_lcores;
		g = __atomic_load_n(&drain.gen, __ATOMIC_SEQ_CST);
		relay_capture_pass(self);
		if (fwd_pass(links, nb, pkts, burst, true) != 0)
			__atomic_fetch_add(&drain.gen, 1, __ATOMIC_SEQ_CST);
		else if (stopped &&
			 __atomic_load_n(&drain.gen, __ATOMIC_SEQ_CST) == g)
			__atomic_store_n(&drain_lcore[self].quiet, g + 1,
					 __ATOMIC_SEQ_CST);
		if (all_quiet(cfg))
			return;
	} while (rte_get_timer_cycles() < end);
	__atomic_fetch_add(&drain.timeouts, 1, __ATOMIC_SEQ_CST);
}

/* Lcores whose drain ended at its bound, not quiet (read after they return). */
unsigned int
relay_fwd_drain_timeouts(void)
{
	return __atomic_load_n(&drain.timeouts, __ATOMIC_SEQ_CST);
}

/*
 * Not left on relay_force_quit: the port may be stopped meanwhile, and the
 * control thread, which the stop waits for, always releases it.
 */
static __rte_noinline void
fwd_pause_wait(unsigned int self, uint64_t req)
{
	__atomic_store_n(&fwd_pause[self].ack, req, __ATOMIC_RELEASE);
	while (__atomic_load_n(&fwd_pause[self].req, __ATOMIC_ACQUIRE) == req)
		rte_pause();
}

/* The lcores whose links burst on port: its node's stack side, or it. */
static void
fwd_lcores_of(const struct relay_config *cfg, uint16_t port,
	      bool on[RTE_MAX_LCORE])
{
	const struct relay_link *l;
	unsigned int i;

	memset(on, 0, RTE_MAX_LCORE * sizeof(on[0]));
	for (i = 0; i < cfg->nb_links; i++) {
		l = &cfg->links[i];
		if (l->port == port ||
		    (l->kind == RELAY_LINK_STACK && l->node_port == port))
			on[l->lcore] = true;
	}
}

static void
fwd_pause_set(const bool on[RTE_MAX_LCORE], uint64_t req)
{
	unsigned int l;

	for (l = 0; l < RTE_MAX_LCORE; l++)
		if (on[l])
			__atomic_store_n(&fwd_pause[l].req, req,
					 __ATOMIC_RELEASE);
}

int
relay_fwd_pause(const struct relay_config *cfg, uint16_t port, bool paused)
{
	bool on[RTE_MAX_LCORE];
	unsigned int l, waited = 0;
	const uint64_t req = ++fwd_pause_last;

	fwd_lcores_of(cfg, port, on);
	fwd_pause_set(on, paused ? req : 0);
	if (!paused)
		return 0;
	for (l = 0; l < RTE_MAX_LCORE; l++) {
		while (on[l] && __atomic_load_n(&fwd_pause[l].ack,
						__ATOMIC_ACQUIRE) != req) {
			/* stopping: the lcore drains and will not answer */
			if (relay_stopping() ||
			    waited++ == RELAY_PAUSE_MS * 1000 /
					 RELAY_PAUSE_POLL_US) {
				fwd_pause_set(on, 0);
				return relay_stopping() ? -ESHUTDOWN :
					-ETIMEDOUT;
			}
			rte_delay_us_sleep(RELAY_PAUSE_POLL_US);
		}
	}
	return 0;
}

/* Launched on every forwarding lcore; arg is the relay_config. */
int
relay_fwd_lcore(void *arg)
{
	struct relay_config *cfg = arg;
	struct relay_link *links[RELAY_MAX_LINKS];
	struct rte_mbuf *pkts[RELAY_BURST_MAX];
	unsigned int self = rte_lcore_id(), nb = 0, i;
	const uint16_t burst = cfg->burst;
	uint64_t req;

	for (i = 0; i < cfg->nb_links; i++)
		if (cfg->links[i].lcore == self)
			links[nb++] = &cfg->links[i];
	if (nb == 0)
		return 0;

	while (likely(!relay_stopping())) {
		req = __atomic_load_n(&fwd_pause[self].req, __ATOMIC_ACQUIRE);
		if (unlikely(req != 0))
			fwd_pause_wait(self, req);
		relay_capture_pass(self);
		fwd_pass(links, nb, pkts, burst, false);
	}
	fwd_drain(cfg, links, nb, pkts, burst);
	/* no pass any more: a tap here would read the TSC itself */
	relay_capture_clock[self].tsc = 0;
	return 0;
}
