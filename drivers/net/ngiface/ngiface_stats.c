/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * Counters: basic stats, xstats per family and per drop cause, per-hook
 * sums, and a hole's own count (ng_hole's getstats).  Each queue's counters
 * have one writer (the lcore polling it); the readers here sum them without
 * locks, as ethdev drivers do, and a reset only moves the base they are
 * read against.
 */

#include <stdio.h>
#include <string.h>

#include "ngiface_priv.h"

/************************************************************************
			SINCE THE LAST RESET
 ************************************************************************/

/* Queue q's counters less the reset's base (ngif_stats_base). */
struct ngif_q_view {
	uint64_t tx_drop[NGIF_TX_DROP_MAX];
	uint64_t rx_drop[NGIF_RX_DROP_MAX];
	struct ngif_hook_counters tx[NGIF_NB_HOOKS];
	struct ngif_hook_counters rx[NGIF_NB_HOOKS];
};

/*
 * The counters are uint64_t throughout: size bytes of them, live less
 * base.  The base first: a reset stores what it read of the live counter
 * (ngif_u64_mark), which only grows, so a live value read after that base
 * is never below it, even with a reset running meanwhile on another
 * thread or process (live read first, a newer base could pass it: a
 * difference wrapped to some 2^64).  The clamp guards what ordering
 * alone would not.
 */
static void
ngif_u64_since(uint64_t *dst, const void *live, const void *base, size_t size)
{
	const uint64_t *l = live, *b = base;
	uint64_t lv, bv;
	size_t i;

	for (i = 0; i < size / sizeof(uint64_t); i++) {
		bv = __atomic_load_n(&b[i], __ATOMIC_ACQUIRE);
		lv = __atomic_load_n(&l[i], __ATOMIC_RELAXED);
		dst[i] = lv > bv ? lv - bv : 0;
	}
}

/* A reset's base: size bytes of counters as they stand. */
static void
ngif_u64_mark(void *base, const void *live, size_t size)
{
	const uint64_t *l = live;
	uint64_t *b = base;
	size_t i;

	for (i = 0; i < size / sizeof(uint64_t); i++)
		__atomic_store_n(&b[i], __atomic_load_n(&l[i], __ATOMIC_RELAXED),
				 __ATOMIC_RELEASE);
}

static void
ngif_q_view(const struct ngif_priv *priv, uint16_t q, struct ngif_q_view *v)
{
	const struct ngif_stats_base *b = &priv->stats_base;

	ngif_u64_since(v->tx_drop, priv->txq[q].drop, b->tx_drop[q],
		       sizeof(v->tx_drop));
	ngif_u64_since(v->rx_drop, priv->rxq[q].drop, b->rx_drop[q],
		       sizeof(v->rx_drop));
	ngif_u64_since((uint64_t *)v->tx, priv->txq[q].hook, b->tx_hook[q],
		       sizeof(v->tx));
	ngif_u64_since((uint64_t *)v->rx, priv->rxq[q].hook, b->rx_hook[q],
		       sizeof(v->rx));
}

/*
 * A reset takes the counters as they are for its base; the lcores keep
 * their counters as they were, each the only writer of its own.
 */
int
ngif_stats_reset(struct rte_eth_dev *dev)
{
	struct ngif_priv *priv = dev->data->dev_private;
	struct ngif_stats_base *b = &priv->stats_base;
	uint16_t q;

	for (q = 0; q < priv->nb_queues; q++) {
		ngif_u64_mark(b->tx_drop[q], priv->txq[q].drop,
			      sizeof(b->tx_drop[q]));
		ngif_u64_mark(b->rx_drop[q], priv->rxq[q].drop,
			      sizeof(b->rx_drop[q]));
		ngif_u64_mark(b->tx_hook[q], priv->txq[q].hook,
			      sizeof(b->tx_hook[q]));
		ngif_u64_mark(b->rx_hook[q], priv->rxq[q].hook,
			      sizeof(b->rx_hook[q]));
	}
	ngif_u64_mark(b->flushed, priv->flushed, sizeof(b->flushed));
	return 0;
}

/************************************************************************
			SUMS
 ************************************************************************/

/*
 * The node's counters since the last reset, summed over its queues: read
 * once for all the figures made of them (an xstats read), not once a
 * figure.
 */
static void
ngif_node_view(const struct ngif_priv *priv, struct ngif_q_view *sum)
{
	uint64_t *acc = (uint64_t *)sum;
	struct ngif_q_view v;
	const uint64_t *w = (const uint64_t *)&v;
	uint16_t q;
	size_t i;

	memset(sum, 0, sizeof(*sum));
	for (q = 0; q < priv->nb_queues; q++) {
		ngif_q_view(priv, q, &v);
		for (i = 0; i < sizeof(v) / sizeof(uint64_t); i++)
			acc[i] += w[i];
	}
}

/* One hook's figures out of the node's sum. */
static void
ngif_hook_stats_fill(const struct ngif_priv *priv,
		     const struct ngif_q_view *sum,
		     enum rte_pmd_ngiface_hook hook,
		     struct rte_pmd_ngiface_hook_stats *st)
{
	const struct ngif_hook_counters *t = &sum->tx[hook];
	const struct ngif_hook_counters *r = &sum->rx[hook];

	memset(st, 0, sizeof(*st));
	st->out_packets = t->out_packets;
	st->out_bytes = t->out_bytes;
	st->hole_packets = t->hole_packets;
	st->hole_bytes = t->hole_bytes;
	st->drop_unconnected = t->drop_unconnected;
	st->drop_mtu = t->drop_mtu;
	st->ring_full = t->ring_full;
	st->in_packets = r->in_packets;
	st->in_bytes = r->in_bytes;
	ngif_u64_since(&st->flushed, &priv->flushed[hook],
		       &priv->stats_base.flushed[hook], sizeof(st->flushed));
}

void
ngif_hook_stats_sum(const struct ngif_priv *priv,
		    enum rte_pmd_ngiface_hook hook,
		    struct rte_pmd_ngiface_hook_stats *st)
{
	struct ngif_q_view sum;

	ngif_node_view(priv, &sum);
	ngif_hook_stats_fill(priv, &sum, hook, st);
}

static uint64_t
ngif_sum(const uint64_t *v, int n)
{
	uint64_t sum = 0;
	int i;

	for (i = 0; i < n; i++)
		sum += v[i];
	return sum;
}

static uint64_t
ngif_tx_drops(const struct ngif_q_view *v)
{
	uint64_t n = ngif_sum(v->tx_drop, NGIF_TX_DROP_MAX);
	int i;

	for (i = 0; i < NGIF_NB_HOOKS; i++)
		n += v->tx[i].drop_unconnected + v->tx[i].drop_mtu;
	return n;
}

/*
 * Bytes on the stack side: the hook counts L3 bytes; in l2=eth every packet
 * also carried (or was given) a 14-byte Ethernet header.
 */
static uint64_t
ngif_stack_bytes(const struct ngif_priv *priv, uint64_t l3, uint64_t pkts)
{
	return l3 + (priv->l2 == NGIF_L2_ETH ? pkts * RTE_ETHER_HDR_LEN : 0);
}

int
ngif_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *st)
{
	const struct ngif_priv *priv = dev->data->dev_private;
	struct ngif_q_view v;
	uint64_t pk, by;
	uint16_t q;
	int h;

	for (q = 0; q < priv->nb_queues; q++) {
		ngif_q_view(priv, q, &v);
		for (h = 0; h < NGIF_NB_HOOKS; h++) {
			pk = v.tx[h].out_packets;
			by = ngif_stack_bytes(priv, v.tx[h].out_bytes, pk);
			st->opackets += pk;
			st->obytes += by;
			if (q < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
				st->q_opackets[q] += pk;
				st->q_obytes[q] += by;
			}
			pk = v.rx[h].in_packets;
			by = ngif_stack_bytes(priv, v.rx[h].in_bytes, pk);
			st->ipackets += pk;
			st->ibytes += by;
			if (q < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
				st->q_ipackets[q] += pk;
				st->q_ibytes[q] += by;
			}
		}
		st->oerrors += ngif_tx_drops(&v);
		st->imissed += v.rx_drop[NGIF_RX_DROP_DOWN];
		/* a header mbuf Rx could not get is a failed allocation */
		st->rx_nombuf += v.rx_drop[NGIF_RX_DROP_HEADROOM];
		st->ierrors += v.rx_drop[NGIF_RX_DROP_AFNOSUPPORT] +
			v.rx_drop[NGIF_RX_DROP_NOSCATTER];
		/* ethdev's rx_qN_errors: whatever queue N's Rx dropped */
		if (q < RTE_ETHDEV_QUEUE_STAT_CNTRS)
			st->q_errors[q] += ngif_sum(v.rx_drop,
						   NGIF_RX_DROP_MAX);
	}
	return 0;
}

/************************************************************************
			XSTATS
 ************************************************************************/

/* Node-wide drop causes, each summed over queues. */
static const struct {
	const char *name;
	bool tx;
	int cause;
} ngif_xstat_causes[] = {
	{ "tx_drop_down", true, NGIF_TX_DROP_DOWN },
	{ "tx_drop_nesting", true, NGIF_TX_DROP_NESTING },
	{ "tx_drop_afnosupport", true, NGIF_TX_DROP_AFNOSUPPORT },
	{ "tx_drop_nombuf", true, NGIF_TX_DROP_NOMBUF },
	{ "rx_drop_down", false, NGIF_RX_DROP_DOWN },
	{ "rx_drop_headroom", false, NGIF_RX_DROP_HEADROOM },
	{ "rx_drop_afnosupport", false, NGIF_RX_DROP_AFNOSUPPORT },
	{ "rx_drop_noscatter", false, NGIF_RX_DROP_NOSCATTER },
};

/* Per-hook counters, named "<hook>_<what>". */
static const struct {
	const char *name;
	size_t off;
} ngif_xstat_hook[] = {
#define HOOK_FIELD(f) { #f, offsetof(struct rte_pmd_ngiface_hook_stats, f) }
	HOOK_FIELD(out_packets),
	HOOK_FIELD(out_bytes),
	HOOK_FIELD(in_packets),
	HOOK_FIELD(in_bytes),
	HOOK_FIELD(hole_packets),
	HOOK_FIELD(hole_bytes),
	HOOK_FIELD(drop_unconnected),
	HOOK_FIELD(drop_mtu),
	HOOK_FIELD(ring_full),
	HOOK_FIELD(flushed),
#undef HOOK_FIELD
};

#define NGIF_NB_XSTATS (RTE_DIM(ngif_xstat_causes) + \
			NGIF_NB_HOOKS * RTE_DIM(ngif_xstat_hook))

int
ngif_xstats_get_names(struct rte_eth_dev *dev,
		      struct rte_eth_xstat_name *names, unsigned int n)
{
	unsigned int i, k = 0;
	int h;

	RTE_SET_USED(dev);
	if (names == NULL || n < NGIF_NB_XSTATS)
		return NGIF_NB_XSTATS;
	for (i = 0; i < RTE_DIM(ngif_xstat_causes); i++)
		snprintf(names[k++].name, sizeof(names[0].name), "%s",
			 ngif_xstat_causes[i].name);
	for (h = 0; h < NGIF_NB_HOOKS; h++)
		for (i = 0; i < RTE_DIM(ngif_xstat_hook); i++)
			snprintf(names[k++].name, sizeof(names[0].name),
				 "%s_%s", rte_pmd_ngiface_hook_name(h),
				 ngif_xstat_hook[i].name);
	return k;
}

int
ngif_xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xs,
		unsigned int n)
{
	const struct ngif_priv *priv = dev->data->dev_private;
	struct rte_pmd_ngiface_hook_stats hs;
	struct ngif_q_view sum;
	unsigned int i, k = 0;
	int h, c;

	if (xs == NULL || n < NGIF_NB_XSTATS)
		return NGIF_NB_XSTATS;
	ngif_node_view(priv, &sum);
	for (i = 0; i < RTE_DIM(ngif_xstat_causes); i++, k++) {
		c = ngif_xstat_causes[i].cause;
		xs[k].id = k;
		xs[k].value = ngif_xstat_causes[i].tx ? sum.tx_drop[c] :
			sum.rx_drop[c];
	}
	for (h = 0; h < NGIF_NB_HOOKS; h++) {
		ngif_hook_stats_fill(priv, &sum, h, &hs);
		for (i = 0; i < RTE_DIM(ngif_xstat_hook); i++, k++) {
			xs[k].id = k;
			xs[k].value = *(const uint64_t *)((const char *)&hs +
						ngif_xstat_hook[i].off);
		}
	}
	return k;
}

/************************************************************************
			A HOLE'S OWN COUNT
 ************************************************************************/

/*
 * ng_hole counts per hook from the hook's creation until a clrstats,
 * whatever the iface's counters do: so a hole's count is the live hole
 * counters (no reset base) less a mark taken when the hole was connected
 * and at each clear.  Only the control path reads or moves the mark.
 */
static void
ngif_hole_live(const struct ngif_priv *priv, enum rte_pmd_ngiface_hook hook,
	       struct rte_pmd_ngiface_hole_stats *st)
{
	const struct ngif_hook_counters *c;
	uint16_t q;

	st->frames = 0;
	st->octets = 0;
	for (q = 0; q < priv->nb_queues; q++) {
		c = &priv->txq[q].hook[hook];
		st->frames += __atomic_load_n(&c->hole_packets,
					      __ATOMIC_RELAXED);
		st->octets += __atomic_load_n(&c->hole_bytes,
					      __ATOMIC_RELAXED);
	}
}

void
ngif_hole_mark(struct ngif_priv *priv, enum rte_pmd_ngiface_hook hook)
{
	ngif_hole_live(priv, hook, &priv->hole_mark[hook]);
}

void
ngif_hole_stats(struct ngif_priv *priv, enum rte_pmd_ngiface_hook hook,
		struct rte_pmd_ngiface_hole_stats *st, bool clear)
{
	const struct rte_pmd_ngiface_hole_stats *mark = &priv->hole_mark[hook];
	struct rte_pmd_ngiface_hole_stats now;

	ngif_hole_live(priv, hook, &now);
	if (st != NULL) {
		st->frames = now.frames - mark->frames;
		st->octets = now.octets - mark->octets;
	}
	if (clear)
		priv->hole_mark[hook] = now;
}
