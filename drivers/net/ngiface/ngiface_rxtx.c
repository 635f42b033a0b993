/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * The fast path: Tx is ng_iface_output (stack to hook), Rx is
 * ng_iface_rcvdata (hook to stack).  No locks: a burst reads the hook
 * bindings inside an RCU QSBR read-side section of its own queue, so the
 * control path can rebind a hook while bursts run on other lcores.
 */

#include <rte_ring.h>

#include "ngiface_priv.h"

#define ETH_LEN ((uint16_t)sizeof(struct rte_ether_hdr))

/* A Tx verdict: which hook, or which drop cause. */
enum ngif_verdict {
	NGIF_SEND,
	NGIF_DROP_NESTING,
	NGIF_DROP_AF,
	NGIF_DROP_UNCONNECTED,
	NGIF_DROP_MTU,
};

/************************************************************************
			HELPERS
 ************************************************************************/

static inline struct ngif_binding *
ngif_binding_get(struct ngif_priv *priv, int hook)
{
	return __atomic_load_n(&priv->binding[hook], __ATOMIC_ACQUIRE);
}

/* Stack-side header length: 14 in l2=eth, 0 in l2=none. */
static inline uint16_t
ngif_l2_len(const struct ngif_priv *priv)
{
	return priv->l2 == NGIF_L2_ETH ? ETH_LEN : 0;
}

/*
 * Address family of a packet from the stack, as a hook index, or
 * NGIF_NB_HOOKS when it is neither IPv4 nor IPv6.  packet_type wins when the
 * application set it; else the EtherType (l2=eth) or the version nibble.
 */
static inline int
ngif_classify(const struct ngif_priv *priv, const struct rte_mbuf *m)
{
	uint32_t l3 = m->packet_type & RTE_PTYPE_L3_MASK;
	const struct rte_ether_hdr *eth;
	uint8_t version;

	if (m->data_len < RTE_MAX(ngif_l2_len(priv), 1))
		return NGIF_NB_HOOKS;
	if (RTE_ETH_IS_IPV4_HDR(l3))
		return RTE_PMD_NGIFACE_HOOK_INET;
	if (RTE_ETH_IS_IPV6_HDR(l3))
		return RTE_PMD_NGIFACE_HOOK_INET6;
	if (priv->l2 == NGIF_L2_ETH) {
		eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
		if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV4))
			return RTE_PMD_NGIFACE_HOOK_INET;
		if (eth->ether_type == RTE_BE16(RTE_ETHER_TYPE_IPV6))
			return RTE_PMD_NGIFACE_HOOK_INET6;
		return NGIF_NB_HOOKS;
	}
	version = *rte_pktmbuf_mtod(m, const uint8_t *) >> 4;
	if (version == 4)
		return RTE_PMD_NGIFACE_HOOK_INET;
	if (version == 6)
		return RTE_PMD_NGIFACE_HOOK_INET6;
	return NGIF_NB_HOOKS;
}

/* Nesting depth: valid only while our dynamic flag is set. */
static inline uint8_t
ngif_depth(const struct rte_mbuf *m)
{
	if (!(m->ol_flags & ngif_nesting_flag))
		return 0;
	return *ngif_nesting((struct rte_mbuf *)(uintptr_t)m);
}

/************************************************************************
			TX: STACK TO HOOK
 ************************************************************************/

/* Context of one Tx burst, read once. */
struct ngif_tx_ctx {
	struct ngif_txq *txq;
	struct ngif_priv *priv;
	struct ngif_binding *bind[NGIF_NB_HOOKS];
	const struct ngif_tap *tap;
	uint32_t max_l3;
	uint16_t l2_len;
};

static inline enum ngif_verdict
ngif_tx_check(const struct ngif_tx_ctx *c, const struct rte_mbuf *m,
	      int *hook)
{
	*hook = ngif_classify(c->priv, m);
	if (unlikely(ngif_depth(m) >= c->priv->max_nesting))
		return NGIF_DROP_NESTING;
	if (unlikely(*hook == NGIF_NB_HOOKS))
		return NGIF_DROP_AF;
	if (unlikely(c->bind[*hook]->kind == RTE_PMD_NGIFACE_PEER_NONE))
		return NGIF_DROP_UNCONNECTED;
	if (unlikely(m->pkt_len - c->l2_len > c->max_l3))
		return NGIF_DROP_MTU;
	return NGIF_SEND;
}

static inline void
ngif_tx_count_drop(struct ngif_txq *txq, enum ngif_verdict v, int hook)
{
	switch (v) {
	case NGIF_DROP_NESTING:
		txq->drop[NGIF_TX_DROP_NESTING]++;
		break;
	case NGIF_DROP_AF:
		txq->drop[NGIF_TX_DROP_AFNOSUPPORT]++;
		break;
	case NGIF_DROP_UNCONNECTED:
		txq->hook[hook].drop_unconnected++;
		break;
	case NGIF_DROP_MTU:
		txq->hook[hook].drop_mtu++;
		break;
	case NGIF_SEND:
		break;
	}
}

/* Strip the stack-side header and count one more ngiface crossing. */
static inline uint32_t
ngif_tx_prepare(struct rte_mbuf *m, uint16_t l2_len)
{
	uint8_t depth = ngif_depth(m);

	rte_pktmbuf_adj(m, l2_len);
	*ngif_nesting(m) = depth + 1;
	m->ol_flags |= ngif_nesting_flag;
	return m->pkt_len;
}

/* Undo ngif_tx_prepare for a packet handed back to the caller. */
static inline void
ngif_tx_unprepare(struct rte_mbuf *m, uint16_t l2_len)
{
	uint8_t *depth = ngif_nesting(m);

	rte_pktmbuf_prepend(m, l2_len);
	if (--*depth == 0)
		m->ol_flags &= ~ngif_nesting_flag;
}

/*
 * Show the packets a hook is about to take to the tap.  Only what the ring
 * has room for is shown: the rest goes back to the caller and would be shown
 * again when resent.  Returns how many to hand on; the tail beyond is
 * restored to the caller as ring-full and its bytes taken off *bytes.
 */
static uint16_t
ngif_tx_tap(struct ngif_tx_ctx *c, int hook, const struct ngif_binding *b,
	    struct rte_mbuf **pkts, uint16_t n, uint64_t *bytes)
{
	uint16_t fit = n, i;

	if (b->kind != RTE_PMD_NGIFACE_PEER_HOLE)
		fit = RTE_MIN(n, rte_ring_free_count(b->tx[c->txq->qid]));
	c->tap->fn(c->tap->arg, c->priv->port_id, hook, RTE_PMD_NGIFACE_DIR_OUT,
		   pkts, fit);
	for (i = fit; i < n; i++) {
		*bytes -= pkts[i]->pkt_len;
		ngif_tx_unprepare(pkts[i], c->l2_len);
	}
	c->txq->hook[hook].ring_full += n - fit;
	return fit;
}

/*
 * Hand n packets of one family to its hook.  Returns how many were taken;
 * the rest are restored, still the caller's.
 */
static uint16_t
ngif_tx_to_hook(struct ngif_tx_ctx *c, int hook, struct rte_mbuf **pkts,
		uint16_t n)
{
	struct ngif_hook_counters *hc = &c->txq->hook[hook];
	const struct ngif_binding *b = c->bind[hook];
	uint64_t bytes = 0;
	uint16_t sent, i;

	for (i = 0; i < n; i++)
		bytes += ngif_tx_prepare(pkts[i], c->l2_len);

	if (unlikely(c->tap != NULL))
		n = ngif_tx_tap(c, hook, b, pkts, n, &bytes);
	if (b->kind == RTE_PMD_NGIFACE_PEER_HOLE) {
		hc->hole_packets += n;
		hc->out_packets += n;
		hc->out_bytes += bytes;
		rte_pktmbuf_free_bulk(pkts, n);
		return n;
	}

	/* Only the unsent tail may be touched after the enqueue. */
	sent = rte_ring_enqueue_burst(b->tx[c->txq->qid], (void **)pkts, n, NULL);
	for (i = sent; i < n; i++) {
		bytes -= pkts[i]->pkt_len;
		ngif_tx_unprepare(pkts[i], c->l2_len);
	}
	hc->out_packets += sent;
	hc->out_bytes += bytes;
	hc->ring_full += n - sent;
	return sent;
}

/*
 * Walk the burst in order, handing runs of one family to their hook.  A
 * drop is freed only once every packet before it has been taken, so that
 * what is returned to the caller is always the tail of the burst.
 */
static uint16_t
ngif_tx_runs(struct ngif_tx_ctx *c, struct rte_mbuf **pkts, uint16_t nb)
{
	enum ngif_verdict v;
	uint16_t i, start = 0, sent;
	int run_hook = -1, hook;

	for (i = 0; i < nb; i++) {
		v = ngif_tx_check(c, pkts[i], &hook);
		if (v == NGIF_SEND && hook == run_hook)
			continue;
		if (run_hook >= 0) {
			sent = ngif_tx_to_hook(c, run_hook, pkts + start,
					       i - start);
			if (sent < i - start)
				return start + sent;
		}
		if (v == NGIF_SEND) {
			run_hook = hook;
			start = i;
			continue;
		}
		ngif_tx_count_drop(c->txq, v, hook);
		rte_pktmbuf_free(pkts[i]);
		run_hook = -1;
	}
	if (run_hook >= 0)
		return start + ngif_tx_to_hook(c, run_hook, pkts + start,
					       nb - start);
	return nb;
}

uint16_t
ngif_tx_burst(void *queue, struct rte_mbuf **pkts, uint16_t nb)
{
	struct ngif_txq *txq = queue;
	struct ngif_priv *priv = txq->priv;
	unsigned int reader = ngif_tx_reader(priv, txq->qid);
	struct ngif_tx_ctx c;
	uint16_t done;

	if (unlikely(!priv->running)) {
		txq->drop[NGIF_TX_DROP_DOWN] += nb;
		rte_pktmbuf_free_bulk(pkts, nb);
		return nb;
	}
	c.txq = txq;
	c.priv = priv;
	c.l2_len = ngif_l2_len(priv);
	c.max_l3 = priv->data->mtu;

	rte_rcu_qsbr_thread_online(priv->qsbr, reader);
	c.tap = __atomic_load_n(&priv->tap, __ATOMIC_ACQUIRE);
	c.bind[RTE_PMD_NGIFACE_HOOK_INET] =
		ngif_binding_get(priv, RTE_PMD_NGIFACE_HOOK_INET);
	c.bind[RTE_PMD_NGIFACE_HOOK_INET6] =
		ngif_binding_get(priv, RTE_PMD_NGIFACE_HOOK_INET6);
	done = ngif_tx_runs(&c, pkts, nb);
	rte_rcu_qsbr_thread_offline(priv->qsbr, reader);
	return done;
}

/************************************************************************
			RX: HOOK TO STACK
 ************************************************************************/

static inline uint16_t
ngif_rx_take(const struct ngif_binding *b, uint16_t q, struct rte_mbuf **pkts,
	     uint16_t n)
{
	struct rte_ring *r = b->rx[q];

	if (r == NULL || n == 0)
		return 0;
	return rte_ring_dequeue_burst(r, (void **)pkts, n, NULL);
}

/*
 * Finish n packets that came from one hook: add the Ethernet header in
 * l2=eth, note the port and type, forget the nesting depth (the stack now
 * owns a new packet).  Packets with no headroom are dropped; the survivors
 * are written from dst on (dst never runs ahead of pkts).  Returns how many
 * survive.
 */
static uint16_t
ngif_rx_finish(struct ngif_rxq *rxq, const struct ngif_tap *tap, int hook,
	       struct rte_mbuf **pkts, uint16_t n, struct rte_mbuf **dst)
{
	const struct ngif_priv *priv = rxq->priv;
	struct ngif_hook_counters *hc = &rxq->hook[hook];
	const uint32_t ptype = hook == RTE_PMD_NGIFACE_HOOK_INET ?
		RTE_PTYPE_L3_IPV4 : RTE_PTYPE_L3_IPV6;
	struct rte_ether_hdr *eth;
	struct rte_mbuf *m;
	uint16_t i, kept = 0;

	if (unlikely(tap != NULL) && n != 0)
		tap->fn(tap->arg, rxq->port_id, hook, RTE_PMD_NGIFACE_DIR_IN,
			pkts, n);
	for (i = 0; i < n; i++) {
		m = pkts[i];
		hc->in_bytes += m->pkt_len;
		m->port = rxq->port_id;
		m->ol_flags &= ~ngif_nesting_flag;
		if (priv->l2 == NGIF_L2_ETH) {
			eth = (struct rte_ether_hdr *)rte_pktmbuf_prepend(m,
								ETH_LEN);
			if (unlikely(eth == NULL)) {
				hc->in_bytes -= m->pkt_len;
				rxq->drop[NGIF_RX_DROP_HEADROOM]++;
				rte_pktmbuf_free(m);
				continue;
			}
			rte_memcpy(eth, &priv->eth_hdr[hook], ETH_LEN);
			m->packet_type = RTE_PTYPE_L2_ETHER | ptype;
		} else {
			m->packet_type = ptype;
		}
		dst[kept++] = m;
	}
	hc->in_packets += kept;
	return kept;
}

uint16_t
ngif_rx_burst(void *queue, struct rte_mbuf **pkts, uint16_t nb)
{
	struct ngif_rxq *rxq = queue;
	struct ngif_priv *priv = rxq->priv;
	unsigned int reader = ngif_rx_reader(priv, rxq->qid);
	const int first = rxq->first_hook, second = first ^ 1;
	const struct ngif_tap *tap;
	struct ngif_binding *b1, *b2;
	uint16_t got1, got2, got3, kept;

	/*
	 * Fairness: the first hook may fill only half the burst before the
	 * second is asked; whatever room is left goes back to the first.  Who
	 * goes first alternates, so neither family starves the other.
	 */
	rte_rcu_qsbr_thread_online(priv->qsbr, reader);
	b1 = ngif_binding_get(priv, first);
	b2 = ngif_binding_get(priv, second);
	got1 = ngif_rx_take(b1, rxq->qid, pkts, (nb + 1) / 2);
	got2 = ngif_rx_take(b2, rxq->qid, pkts + got1, nb - got1);
	got3 = ngif_rx_take(b1, rxq->qid, pkts + got1 + got2,
			    nb - got1 - got2);
	rxq->first_hook = second;

	if (unlikely(!priv->running)) {
		rte_rcu_qsbr_thread_offline(priv->qsbr, reader);
		rxq->drop[NGIF_RX_DROP_DOWN] += got1 + got2 + got3;
		rte_pktmbuf_free_bulk(pkts, got1 + got2 + got3);
		return 0;
	}
	/* the tap is used under the same read-side section as the rings */
	tap = __atomic_load_n(&priv->tap, __ATOMIC_ACQUIRE);
	kept = ngif_rx_finish(rxq, tap, first, pkts, got1, pkts);
	kept += ngif_rx_finish(rxq, tap, second, pkts + got1, got2,
			       pkts + kept);
	kept += ngif_rx_finish(rxq, tap, first, pkts + got1 + got2, got3,
			       pkts + kept);
	rte_rcu_qsbr_thread_offline(priv->qsbr, reader);
	return kept;
}
