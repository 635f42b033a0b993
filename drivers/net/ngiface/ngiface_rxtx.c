/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * The fast path: Tx is ng_iface_output (stack to hook), Rx is
 * ng_iface_rcvdata (hook to stack).  No locks: a burst reads the hook
 * bindings inside an RCU read-side section of its own queue (ngiface_rcu.c),
 * so the control path can rebind a hook while bursts run on other lcores.
 */

#include <rte_prefetch.h>
#include <rte_ring.h>

#include "ngiface_priv.h"

/* RTE_ETHER_HDR_LEN as the uint16_t of the mbuf fields it adjusts */
#define ETH_LEN ((uint16_t)RTE_ETHER_HDR_LEN)

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

/*
 * Tx prefetches, for bursts whose mbufs are not in the cache (an
 * application's Tx of what a NIC's rings received, thousands of mbufs):
 * every header of the burst at once, then, a few packets ahead of the
 * loop, the line of the packet it will read (the EtherType or version).
 * Rx takes no prefetch: what it dequeues a Tx has usually just written (its
 * own lcore's or another's), and there they cost more than they saved in
 * every case measured (doc/ngiface.md, Performance).
 */
#define NGIF_PREFETCH_AHEAD 4

static __rte_always_inline void
ngif_prefetch_heads(struct rte_mbuf *const *pkts, uint16_t n)
{
	uint16_t i;

	for (i = 0; i < n; i++)
		rte_prefetch0(pkts[i]);
}

static __rte_always_inline void
ngif_prefetch_ahead(struct rte_mbuf *const *pkts, uint16_t i, uint16_t n)
{
	if (i + NGIF_PREFETCH_AHEAD < n)
		rte_prefetch0(rte_pktmbuf_mtod(pkts[i + NGIF_PREFETCH_AHEAD],
					       char *));
}

/*
 * An mbuf of mp whose header is its own, for m whose mbuf is shared: a
 * clone (attached to m's buffer, nothing copied) where mp's mbufs can be
 * attached, a copy where they cannot.  An mbuf of a pool with pinned
 * external buffers (testpmd --mp-alloc=xbuf) keeps its buffer for life:
 * attached to m's, it went back to its pool holding that buffer, and m's
 * own mbuf was never freed.  NULL when mp has no mbuf left.
 */
static struct rte_mbuf *
ngif_unshare(struct rte_mbuf *m, struct rte_mempool *mp)
{
	struct rte_mbuf *c;

	if (!(rte_pktmbuf_priv_flags(mp) & RTE_PKTMBUF_POOL_F_PINNED_EXT_BUF))
		return rte_pktmbuf_clone(m, mp);
	c = rte_pktmbuf_copy(m, mp, 0, UINT32_MAX);
	/*
	 * rte_pktmbuf_copy() (22.11) gives the head m's flags less
	 * RTE_MBUF_F_EXTERNAL, which a pinned pool's mbufs carry for life:
	 * without it the copy, and the pool's mbuf ever after, passed for a
	 * direct one, and a clone attached to it took a spot in the
	 * external memory for the mbuf to count a reference in.  The
	 * segments it chains keep theirs.
	 */
	if (c != NULL)
		c->ol_flags |= RTE_MBUF_F_EXTERNAL;
	return c;
}

/************************************************************************
			TX: STACK TO HOOK
 ************************************************************************/

/*
 * Context of one Tx burst, read once: kept in locals, so that the stores
 * into the mbufs do not force the compiler to reload any of it per packet.
 */
struct ngif_tx_ctx {
	struct ngif_txq *txq;
	struct ngif_priv *priv;
	struct ngif_binding *bind[NGIF_NB_HOOKS];
	bool connected[NGIF_NB_HOOKS];
	const struct ngif_tap *tap;
	uint64_t depth_lo, depth_hi;
	uint32_t max_l3;
	unsigned int max_nesting;
	uint16_t l2_len;
	bool eth;
};

/*
 * The L3 type of packet_type, where it describes what the node was given.
 * That holds only when its L2 type is the node's own link: plain Ethernet
 * (or none given) in l2=eth, none in l2=none.  Otherwise it is set aside
 * and the EtherType or the version nibble decides:
 * - a VLAN, QinQ, PPPoE or MPLS frame has its IP header further in, and
 *   ng_iface has no such link (its EtherType then refuses it);
 * - a raw packet typed as Ethernet was parsed as if it were a frame, as
 *   net_tun does with what the kernel hands it: bytes 12-14 of an IPv6
 *   packet from 2001:db8:800:4500::1 read as EtherType IPv4 and an IPv4
 *   header.
 */
static __rte_always_inline uint32_t
ngif_ptype_l3(uint32_t ptype, bool eth)
{
	uint32_t l2 = ptype & RTE_PTYPE_L2_MASK;

	if (l2 != 0 && (!eth || l2 != RTE_PTYPE_L2_ETHER))
		return 0;
	return ptype & RTE_PTYPE_L3_MASK;
}

/* The hook of an EtherType (network order), or NGIF_NB_HOOKS. */
static inline int
ngif_hook_of_ethertype(rte_be16_t type)
{
	if (type == RTE_BE16(RTE_ETHER_TYPE_IPV4))
		return RTE_PMD_NGIFACE_HOOK_INET;
	if (type == RTE_BE16(RTE_ETHER_TYPE_IPV6))
		return RTE_PMD_NGIFACE_HOOK_INET6;
	return NGIF_NB_HOOKS;
}

/*
 * The hook of a raw packet's first byte (its IP version), or
 * NGIF_NB_HOOKS.
 */
static inline int
ngif_hook_of_version(uint8_t first)
{
	if (first >> 4 == 4)
		return RTE_PMD_NGIFACE_HOOK_INET;
	if (first >> 4 == 6)
		return RTE_PMD_NGIFACE_HOOK_INET6;
	return NGIF_NB_HOOKS;
}

/* The hook of a raw L3 packet by its version; NGIF_NB_HOOKS when empty. */
static inline int
ngif_hook_of_l3(const struct rte_mbuf *m)
{
	const uint8_t *first;
	uint8_t byte;

	first = rte_pktmbuf_read(m, 0, 1, &byte);
	return first == NULL ? NGIF_NB_HOOKS : ngif_hook_of_version(*first);
}

/*
 * Address family of a packet from the stack, as a hook index, or
 * NGIF_NB_HOOKS when it is neither IPv4 nor IPv6.  packet_type wins when the
 * application set it; else the EtherType (l2=eth) or the version nibble.
 */
static inline int
ngif_classify(const struct ngif_tx_ctx *c, const struct rte_mbuf *m)
{
	uint32_t l3 = ngif_ptype_l3(m->packet_type, c->eth);
	const struct rte_ether_hdr *eth;

	/*
	 * The link header must be whole in the first segment (Tx strips it
	 * there), and some L3 must follow it: a bare header is too short to
	 * tell.  The L3 may start in a later segment: an application may
	 * give the link header a segment of its own.
	 */
	if (unlikely(m->data_len < c->l2_len || m->pkt_len <= c->l2_len))
		return NGIF_NB_HOOKS;
	if (RTE_ETH_IS_IPV4_HDR(l3))
		return RTE_PMD_NGIFACE_HOOK_INET;
	if (RTE_ETH_IS_IPV6_HDR(l3))
		return RTE_PMD_NGIFACE_HOOK_INET6;
	if (c->eth) {
		eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
		return ngif_hook_of_ethertype(eth->ether_type);
	}
	return ngif_hook_of_l3(m);
}

/* The nesting depth of ngiface_priv.h, with the flag bits from the context. */
static inline unsigned int
ngif_tx_depth(const struct ngif_tx_ctx *c, const struct rte_mbuf *m)
{
	uint64_t f = m->ol_flags;

	if (likely(!(f & (c->depth_lo | c->depth_hi))))
		return 0;
	return ngif_depth_get(m);
}

static inline enum ngif_verdict
ngif_tx_check(const struct ngif_tx_ctx *c, const struct rte_mbuf *m,
	      int *hook)
{
	*hook = ngif_classify(c, m);
	if (unlikely(ngif_tx_depth(c, m) >= c->max_nesting))
		return NGIF_DROP_NESTING;
	if (unlikely(*hook == NGIF_NB_HOOKS))
		return NGIF_DROP_AF;
	if (unlikely(!c->connected[*hook]))
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

/*
 * Strip the stack-side header (ngif_classify saw it is there) and count one
 * more ngiface crossing.  Returns the L3 length.
 */
static inline uint32_t
ngif_tx_prepare(const struct ngif_tx_ctx *c, struct rte_mbuf *m)
{
	uint64_t f = m->ol_flags;

	/* depth 0 -> 1, the common case, is one flag bit */
	if (likely(!(f & (c->depth_lo | c->depth_hi))))
		m->ol_flags = f | c->depth_lo;
	else
		ngif_depth_set(m, ngif_depth_get(m) + 1);
	m->data_off += c->l2_len;
	m->data_len -= c->l2_len;
	m->pkt_len -= c->l2_len;
	return m->pkt_len;
}

/* Undo ngif_tx_prepare for a packet handed back to the caller. */
static inline void
ngif_tx_unprepare(const struct ngif_tx_ctx *c, struct rte_mbuf *m)
{
	ngif_depth_set(m, ngif_depth_get(m) - 1);
	m->data_off -= c->l2_len;
	m->data_len += c->l2_len;
	m->pkt_len += c->l2_len;
}

/*
 * Whether other references share the mbuf (refcnt above 1: the caller
 * kept one, or floods the packet to other ports too).  Its data_off,
 * lengths and flags are then theirs as well: the header is not stripped
 * there (they would read the frame cut, a second port's Tx would classify
 * L3 bytes as an EtherType), but in a clone.
 */
static __rte_always_inline bool
ngif_tx_shared(const struct rte_mbuf *m)
{
	return rte_mbuf_refcnt_read(m) != 1;
}

/*
 * A clone of a shared m (an mbuf of m's pool attached to its buffer, the
 * buffer left unwritten; a copy where the pool cannot attach), to be
 * stripped and sent in its place; the reference Tx was given is then
 * released.  NULL, m untouched, when the pool has no mbuf left.
 */
static __rte_noinline struct rte_mbuf *
ngif_tx_unshare(struct rte_mbuf *m)
{
	struct rte_mbuf *c = ngif_unshare(m, m->pool);

	if (c != NULL)
		rte_pktmbuf_free(m);
	return c;
}

/* A shared packet sure to be sent, unshared; NULL: dropped, counted. */
static __rte_noinline struct rte_mbuf *
ngif_tx_unshare_or_drop(struct ngif_txq *txq, struct rte_mbuf *m)
{
	struct rte_mbuf *c = ngif_tx_unshare(m);

	if (c == NULL) {
		txq->drop[NGIF_TX_DROP_NOMBUF]++;
		rte_pktmbuf_free(m);
	}
	return c;
}

/*
 * The tap in force, if this process may call it: its function is an
 * address in the process that set it, and a secondary process bursting on
 * the node (testpmd, dpdk-dumpcap's pdump) must not jump there.
 */
static __rte_always_inline const struct ngif_tap *
ngif_tap_get(const struct ngif_priv *priv)
{
	const struct ngif_tap *tap = __atomic_load_n(&priv->tap,
						     __ATOMIC_ACQUIRE);

	return unlikely(tap != NULL) && tap->owner != ngif_proc_token ? NULL :
		tap;
}

/*
 * Show the packets a hook is about to take to the tap.  Only what the ring
 * has room for is shown: the rest goes back to the caller and would be shown
 * again when resent.  On a ring with other producers (an application's) the
 * room can shrink before the enqueue, and what it then refuses was shown
 * already: the tap cannot see packets after they are enqueued, when they
 * are the consumer's.  Returns how many to hand on; the tail beyond is
 * restored to the caller as ring-full and its bytes taken off *bytes.
 */
static uint16_t
ngif_tx_tap(struct ngif_tx_ctx *c, int hook, const struct ngif_binding *b,
	    struct rte_mbuf **pkts, uint16_t n, uint64_t *bytes)
{
	uint16_t fit = n, i;

	if (b->kind != RTE_PMD_NGIFACE_PEER_HOLE)
		fit = RTE_MIN(n, rte_ring_free_count(b->tx[c->txq->qid]));
	ngif_tap_call(c->tap, c->priv->port_id, hook, RTE_PMD_NGIFACE_DIR_OUT,
		      pkts, fit);
	for (i = fit; i < n; i++) {
		*bytes -= pkts[i]->pkt_len;
		ngif_tx_unprepare(c, pkts[i]);
	}
	c->txq->hook[hook].ring_full += n - fit;
	return fit;
}

/*
 * A packet the Tx checks refused: counted and freed.  One whose hook is
 * not connected is shown to the tap first, as raw L3, the way
 * ng_iface_output() hands a packet to BPF before ng_iface_send() finds no
 * hook: a capture of the node shows what the stack sent out of it, as
 * tcpdump on the FreeBSD interface does.  The other drops (nesting, family)
 * come before that tap in ng_iface_output too, or have no hook to show.
 */
static __rte_noinline void
ngif_tx_drop(const struct ngif_tx_ctx *c, struct rte_mbuf *m,
	     enum ngif_verdict v, int hook)
{
	struct rte_mbuf *clone;

	ngif_tx_count_drop(c->txq, v, hook);
	if (unlikely(c->tap != NULL) && v == NGIF_DROP_UNCONNECTED) {
		/* shown stripped, but not in an mbuf others read: a clone */
		if (ngif_tx_shared(m)) {
			clone = ngif_tx_unshare(m);
			if (clone == NULL) {
				rte_pktmbuf_free(m);
				return;
			}
			m = clone;
		}
		/* ngif_classify saw the link header whole in the first segment */
		rte_pktmbuf_adj(m, c->l2_len);
		ngif_tap_call(c->tap, c->priv->port_id, hook,
			      RTE_PMD_NGIFACE_DIR_OUT, &m, 1);
	}
	rte_pktmbuf_free(m);
}

/*
 * Hand n prepared packets of one family (bytes of L3 in all) to its hook.
 * Returns how many were taken; the rest are restored, still the caller's.
 */
static uint16_t
ngif_tx_to_hook(struct ngif_tx_ctx *c, int hook, struct rte_mbuf **pkts,
		uint16_t n, uint64_t bytes)
{
	struct ngif_hook_counters *hc = &c->txq->hook[hook];
	const struct ngif_binding *b = c->bind[hook];
	uint16_t sent, i;

	if (unlikely(c->tap != NULL))
		n = ngif_tx_tap(c, hook, b, pkts, n, &bytes);
	if (b->kind == RTE_PMD_NGIFACE_PEER_HOLE) {
		hc->hole_packets += n;
		hc->hole_bytes += bytes;
		hc->out_packets += n;
		hc->out_bytes += bytes;
		rte_pktmbuf_free_bulk(pkts, n);
		return n;
	}

	/* Only the unsent tail may be touched after the enqueue. */
	sent = rte_ring_enqueue_burst(b->tx[c->txq->qid], (void **)pkts, n, NULL);
	for (i = sent; i < n; i++) {
		bytes -= pkts[i]->pkt_len;
		ngif_tx_unprepare(c, pkts[i]);
	}
	hc->out_packets += sent;
	hc->out_bytes += bytes;
	hc->ring_full += n - sent;
	return sent;
}

/*
 * A shared packet (ngif_tx_shared) on a ring that may refuse it: sent
 * alone, as a clone, so that a refusal hands the caller its own mbuf back
 * untouched.  Returns false when refused.
 */
static __rte_noinline bool
ngif_tx_one_shared(struct ngif_tx_ctx *c, int hook, struct rte_mbuf *m)
{
	struct rte_mbuf *clone = ngif_unshare(m, m->pool);
	uint32_t len;

	if (clone == NULL) {
		c->txq->drop[NGIF_TX_DROP_NOMBUF]++;
		rte_pktmbuf_free(m);
		return true;
	}
	len = ngif_tx_prepare(c, clone);
	if (ngif_tx_to_hook(c, hook, &clone, 1, len) == 0) {
		rte_pktmbuf_free(clone);
		return false;
	}
	rte_pktmbuf_free(m);
	return true;
}

/*
 * Walk the burst once, in order, preparing packets as they are judged and
 * handing runs of one family to their hook.  A drop is freed only once
 * every packet before it has been taken, so that what is returned to the
 * caller is always the tail of the burst, as given.
 */
static uint16_t
ngif_tx_runs(struct ngif_tx_ctx *c, struct rte_mbuf **pkts, uint16_t nb)
{
	enum ngif_verdict v;
	uint16_t i, start = 0, sent;
	int run_hook = -1, hook;
	uint64_t bytes = 0;
	bool shared;

	for (i = 0; i < nb; i++) {
		v = ngif_tx_check(c, pkts[i], &hook);
		shared = v == NGIF_SEND && ngif_tx_shared(pkts[i]);
		if (likely(v == NGIF_SEND && hook == run_hook && !shared)) {
			bytes += ngif_tx_prepare(c, pkts[i]);
			continue;
		}
		if (run_hook >= 0) {
			sent = ngif_tx_to_hook(c, run_hook, pkts + start,
					       i - start, bytes);
			if (sent < i - start) {
				/* the unjudged rest goes back with the run */
				c->txq->hook[run_hook].ring_full += nb - i;
				return start + sent;
			}
		}
		if (unlikely(shared)) {
			run_hook = -1;
			if (ngif_tx_one_shared(c, hook, pkts[i]))
				continue;
			c->txq->hook[hook].ring_full += nb - i - 1;
			return i;
		}
		if (v == NGIF_SEND) {
			run_hook = hook;
			start = i;
			bytes = ngif_tx_prepare(c, pkts[i]);
			continue;
		}
		ngif_tx_drop(c, pkts[i], v, hook);
		run_hook = -1;
	}
	if (run_hook >= 0)
		return start + ngif_tx_to_hook(c, run_hook, pkts + start,
					       nb - start, bytes);
	return nb;
}

/*
 * The common case, judged from locals only: depth 0, IPv4 or IPv6 whose
 * hook is connected, within the MTU.  Returns the hook, or -1 when the
 * packet needs the full check (ngif_tx_check).  Taking the burst context
 * as values keeps it in registers across the stores into the mbufs.
 */
static __rte_always_inline int
ngif_tx_fast(const struct rte_mbuf *m, uint64_t depth_any, uint32_t max_len,
	     uint16_t min_len, bool eth, unsigned int conn_mask)
{
	uint32_t l3 = ngif_ptype_l3(m->packet_type, eth);
	int h;

	if ((m->ol_flags & depth_any) != 0 || m->data_len < min_len ||
	    m->pkt_len > max_len || ngif_tx_shared(m))
		return -1;
	if (RTE_ETH_IS_IPV4_HDR(l3))
		h = RTE_PMD_NGIFACE_HOOK_INET;
	else if (RTE_ETH_IS_IPV6_HDR(l3))
		h = RTE_PMD_NGIFACE_HOOK_INET6;
	else if (eth)
		h = ngif_hook_of_ethertype(rte_pktmbuf_mtod(m,
				const struct rte_ether_hdr *)->ether_type);
	else
		h = ngif_hook_of_version(*rte_pktmbuf_mtod(m, const uint8_t *));
	if (h == NGIF_NB_HOOKS || !((conn_mask >> h) & 1))
		return -1;
	return h;
}

/* ngif_tx_prepare for a packet ngif_tx_fast passed: depth 0 -> 1. */
static __rte_always_inline uint32_t
ngif_tx_prepare_fast(struct rte_mbuf *m, uint64_t depth_lo, uint16_t l2_len)
{
	uint32_t len = m->pkt_len - l2_len;

	m->ol_flags |= depth_lo;
	m->data_off += l2_len;
	m->data_len -= l2_len;
	m->pkt_len = len;
	return len;
}

/*
 * The same walk for bursts whose hooks all have a sole-producer ring (or a
 * hole): the room on each ring is read first, and since nothing else
 * enqueues there it can only grow.  Packets are sorted by family and each
 * family goes to its hook in one enqueue, however the families interleave.
 * The first packet with no room ends the burst: what went before it is
 * taken, it and the rest stay the caller's, untouched.
 */
#define NGIF_TX_CHUNK 64

static unsigned int
ngif_tx_room(const struct ngif_tx_ctx *c, int h)
{
	if (!c->connected[h] || c->bind[h]->kind == RTE_PMD_NGIFACE_PEER_HOLE)
		return NGIF_TX_CHUNK;
	return rte_ring_free_count(c->bind[h]->tx[c->txq->qid]);
}

static uint16_t
ngif_tx_chunk(struct ngif_tx_ctx *c, struct rte_mbuf **pkts, uint16_t nb,
	      int *full)
{
	struct rte_mbuf *fam4[NGIF_TX_CHUNK], *fam6[NGIF_TX_CHUNK], *m;
	const unsigned int room4 = ngif_tx_room(c, RTE_PMD_NGIFACE_HOOK_INET);
	const unsigned int room6 = ngif_tx_room(c, RTE_PMD_NGIFACE_HOOK_INET6);
	const unsigned int conn_mask = c->connected[0] | c->connected[1] << 1;
	const uint64_t depth_lo = c->depth_lo;
	/* max_nesting 0 drops everything: the full check says so */
	const uint64_t depth_any = c->max_nesting == 0 ? UINT64_MAX :
		c->depth_lo | c->depth_hi;
	/* a packet shorter in its first segment takes the full check */
	const uint16_t l2_len = c->l2_len, min_len = l2_len + 1;
	const uint32_t max_len = c->max_l3 + l2_len;
	const bool eth = c->eth;
	uint64_t bytes = 0, bytes6 = 0;
	unsigned int n4 = 0, n6 = 0;
	enum ngif_verdict v;
	uint32_t len;
	uint16_t i;
	bool fast;
	int h;

	ngif_prefetch_heads(pkts, nb);
	for (i = 0; i < nb; i++) {
		m = pkts[i];
		ngif_prefetch_ahead(pkts, i, nb);
		h = ngif_tx_fast(m, depth_any, max_len, min_len, eth,
				 conn_mask);
		fast = h >= 0;
		if (unlikely(!fast)) {
			v = ngif_tx_check(c, m, &h);
			if (v != NGIF_SEND) {
				ngif_tx_drop(c, m, v, h);
				continue;
			}
		}
		if (h == RTE_PMD_NGIFACE_HOOK_INET ? unlikely(n4 == room4) :
		    unlikely(n6 == room6)) {
			*full = h;
			break;
		}
		/* there is room: the packet will be sent */
		if (unlikely(!fast) && ngif_tx_shared(m)) {
			m = ngif_tx_unshare_or_drop(c->txq, m);
			if (m == NULL)
				continue;
		}
		if (h == RTE_PMD_NGIFACE_HOOK_INET)
			fam4[n4++] = m;
		else
			fam6[n6++] = m;
		len = likely(fast) ? ngif_tx_prepare_fast(m, depth_lo, l2_len) :
			ngif_tx_prepare(c, m);
		bytes += len;
		bytes6 += h == RTE_PMD_NGIFACE_HOOK_INET6 ? len : 0;
	}
	if (n4 != 0)
		ngif_tx_to_hook(c, RTE_PMD_NGIFACE_HOOK_INET, fam4, n4,
				bytes - bytes6);
	if (n6 != 0)
		ngif_tx_to_hook(c, RTE_PMD_NGIFACE_HOOK_INET6, fam6, n6,
				bytes6);
	return i;
}

static uint16_t
ngif_tx_sorted(struct ngif_tx_ctx *c, struct rte_mbuf **pkts, uint16_t nb)
{
	uint16_t done = 0;
	int full = -1;

	while (done < nb && full < 0)
		done += ngif_tx_chunk(c, pkts + done,
				      RTE_MIN(nb - done, NGIF_TX_CHUNK), &full);
	/* handed back: counted on the hook whose ring had no room */
	if (unlikely(full >= 0))
		c->txq->hook[full].ring_full += nb - done;
	return done;
}

uint16_t
ngif_tx_burst(void *queue, struct rte_mbuf **pkts, uint16_t nb)
{
	struct ngif_txq *txq = queue;
	struct ngif_priv *priv = txq->priv;
	struct ngif_tx_ctx c;
	uint16_t done;
	bool sole;
	int h;

	if (unlikely(!ngif_is_running(priv))) {
		txq->drop[NGIF_TX_DROP_DOWN] += nb;
		rte_pktmbuf_free_bulk(pkts, nb);
		return nb;
	}
	c.txq = txq;
	c.priv = priv;
	c.eth = priv->l2 == NGIF_L2_ETH;
	c.l2_len = c.eth ? ETH_LEN : 0;
	c.max_l3 = priv->data->mtu;
	c.max_nesting = priv->max_nesting;
	c.depth_lo = ngif_depth_lo;
	c.depth_hi = ngif_depth_hi;

	ngif_read_enter(&txq->reader);
	c.tap = ngif_tap_get(priv);
	sole = true;
	for (h = 0; h < NGIF_NB_HOOKS; h++) {
		c.bind[h] = ngif_binding_get(priv, h);
		c.connected[h] = c.bind[h]->kind != RTE_PMD_NGIFACE_PEER_NONE;
		sole &= !c.connected[h] || c.bind[h]->tx_sole_producer;
	}
	/* one ring the caller gave both hooks: the two rooms are one */
	if (unlikely(c.bind[0]->tx[txq->qid] == c.bind[1]->tx[txq->qid]) &&
	    c.bind[0]->tx[txq->qid] != NULL)
		sole = false;
	done = likely(sole) ? ngif_tx_sorted(&c, pkts, nb) :
		ngif_tx_runs(&c, pkts, nb);
	ngif_read_leave(&txq->reader);
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

/* Room for the Ethernet header in front of the packet. */
static inline void
ngif_rx_grow_eth(struct rte_mbuf *m)
{
	m->data_off -= ETH_LEN;
	m->data_len += ETH_LEN;
	m->pkt_len += ETH_LEN;
}

/*
 * Whether the Ethernet header may go into the room before the packet: there
 * is room, and the buffer is the packet's alone.  A clone's buffer (or one
 * with refcnt above 1) is shared: a header written there would show in the
 * other references, as would a prepend.  An external buffer is the
 * packet's alone when its shared info counts one reference: that is every
 * mbuf of a pool with pinned external buffers (testpmd --mp-alloc=xbuf).
 * Taken for shared, each of them got a header segment of its own, from
 * that same kind of pool, at every crossing of a node: a packet going
 * round two joined nodes grew a segment a lap until the pool ran dry.
 */
static __rte_always_inline bool
ngif_rx_buf_own(const struct rte_mbuf *m)
{
	if (rte_mbuf_refcnt_read(m) != 1 || RTE_MBUF_CLONED(m))
		return false;
	return !RTE_MBUF_HAS_EXTBUF(m) ||
		rte_mbuf_ext_refcnt_read(m->shinfo) == 1;
}

static __rte_always_inline bool
ngif_rx_can_prepend(const struct rte_mbuf *m)
{
	return m->data_off >= ETH_LEN && ngif_rx_buf_own(m);
}

/*
 * The packet, after room for hdr_len bytes of header, copied into one new
 * mbuf from the queue's mempool, for an application that did not enable
 * RTE_ETH_RX_OFFLOAD_SCATTER and so takes single-segment packets only.
 * The original is freed.  Returns the copy, or NULL with the drop counted:
 * no mbuf (rx_drop_headroom, rx_nombuf), or more than one mbuf holds
 * (rx_drop_noscatter).
 */
static __rte_noinline struct rte_mbuf *
ngif_rx_copy(struct ngif_rxq *rxq, struct rte_mbuf *m, uint16_t hdr_len)
{
	struct rte_mbuf *c = rte_pktmbuf_alloc(rxq->mp);
	const void *src;
	char *dst;

	if (c == NULL) {
		rxq->drop[NGIF_RX_DROP_HEADROOM]++;
	} else if (m->pkt_len + hdr_len > rte_pktmbuf_tailroom(c)) {
		rxq->drop[NGIF_RX_DROP_NOSCATTER]++;
		rte_pktmbuf_free(c);
		c = NULL;
	} else {
		dst = rte_pktmbuf_append(c, m->pkt_len + hdr_len);
		src = rte_pktmbuf_read(m, 0, m->pkt_len, dst + hdr_len);
		if (src != dst + hdr_len)
			memcpy(dst + hdr_len, src, m->pkt_len);
	}
	rte_pktmbuf_free(m);
	return c;
}

/*
 * The Ethernet header finds no room in front of the packet, or the packet
 * is chained where the application takes single segments, or its first
 * segment is empty: the packet is copied behind the header into the
 * queue's mempool, into one mbuf (without scatter it must fit) or, with
 * scatter, into as many as it fills, as a NIC fills its buffers.  Either
 * way the header and what follows it share the first segment, where
 * l3fwd, rte_gro, rte_ip_frag and testpmd's csum engine read them: a
 * 14-byte header segment chained in front had them read the IP header
 * past the segment's data.  Returns the copy, or NULL with m freed and
 * the drop counted.  Out of line: inlined, the allocation doubled the Rx
 * loop's code.
 */
static __rte_noinline struct rte_mbuf *
ngif_rx_copy_eth(struct ngif_rxq *rxq, struct rte_mbuf *m, bool scatter)
{
	struct rte_mbuf *c;

	if (!scatter)
		return ngif_rx_copy(rxq, m, ETH_LEN);
	/*
	 * The copy starts after the pool's headroom (RTE_PKTMBUF_HEADROOM:
	 * ethdev takes no pool with less room), where the header goes.
	 */
	c = rte_pktmbuf_copy(m, rxq->mp, 0, UINT32_MAX);
	rte_pktmbuf_free(m);
	if (c == NULL) {
		rxq->drop[NGIF_RX_DROP_HEADROOM]++;
		return NULL;
	}
	ngif_rx_grow_eth(c);
	return c;
}

/*
 * A packet whose mbuf has other references (l2=none hands the mbuf itself
 * to the application): its port, flags and type, which Rx sets, are the
 * other references' too, so it goes on as a clone (from the queue's
 * mempool) whose fields are its own.  NULL, m freed, when there is no
 * mbuf: counted as rx_drop_headroom, the allocation failure.
 */
static __rte_noinline struct rte_mbuf *
ngif_rx_unshare(struct ngif_rxq *rxq, struct rte_mbuf *m)
{
	struct rte_mbuf *c = ngif_unshare(m, rxq->mp);

	if (c == NULL)
		rxq->drop[NGIF_RX_DROP_HEADROOM]++;
	rte_pktmbuf_free(m);
	return c;
}

/*
 * The hook's Ethernet header into the room ngif_rx_fit made in front of
 * the packet: two overlapping 8-byte stores.
 */
static inline void
ngif_rx_write_eth(struct rte_mbuf *m, uint64_t head, uint64_t tail)
{
	char *p = rte_pktmbuf_mtod(m, char *);

	memcpy(p, &head, sizeof(head));
	memcpy(p + ETH_LEN - sizeof(tail), &tail, sizeof(tail));
}

/*
 * m made fit for the application: room before it for the Ethernet header
 * in l2=eth, one segment unless it takes chains, fields of its own.
 * Returns what to hand on (m, or a copy, a clone or a new head in its
 * place), or NULL when it was dropped (counted).
 */
static __rte_always_inline struct rte_mbuf *
ngif_rx_fit(struct ngif_rxq *rxq, struct rte_mbuf *m, bool eth, bool scatter)
{
	if (eth) {
		if (likely(ngif_rx_can_prepend(m) &&
			   (m->nb_segs == 1 || (scatter && m->data_len != 0)))) {
			ngif_rx_grow_eth(m);
			return m;
		}
		return ngif_rx_copy_eth(rxq, m, scatter);
	}
	if (unlikely(m->nb_segs > 1 && !scatter))
		return ngif_rx_copy(rxq, m, 0);
	if (unlikely(rte_mbuf_refcnt_read(m) != 1))
		return ngif_rx_unshare(rxq, m);
	return m;
}

/*
 * Finish n packets that came from one hook: add the Ethernet header in
 * l2=eth, note the port and type, clear the flags of their past.  Packets
 * whose header finds no place are dropped; the survivors are written from
 * dst on (dst never runs ahead of pkts).
 * Returns how many survive.  Counters are summed in locals: the compiler
 * cannot keep them in registers across stores into the mbufs otherwise.
 */
static uint16_t
ngif_rx_finish(struct ngif_rxq *rxq, const struct ngif_tap *tap, int hook,
	       struct rte_mbuf **pkts, uint16_t n, struct rte_mbuf **dst)
{
	const struct ngif_priv *priv = rxq->priv;
	const union ngif_rx_hdr *hdr = &priv->rx_hdr[hook];
	const bool eth = priv->l2 == NGIF_L2_ETH;
	const uint32_t ptype = (eth ? RTE_PTYPE_L2_ETHER : 0) |
		(hook == RTE_PMD_NGIFACE_HOOK_INET ?
		 RTE_PTYPE_L3_IPV4_EXT_UNKNOWN : RTE_PTYPE_L3_IPV6_EXT_UNKNOWN);
	/*
	 * A received packet's flags describe it as received: none of the
	 * sender's offload requests, VLAN or hash marks, nor the nesting
	 * depth (the stack owns a new packet).  Only what the buffer is
	 * (attached to another mbuf's or to external memory) stays.
	 */
	const uint64_t keep_flags = RTE_MBUF_F_INDIRECT | RTE_MBUF_F_EXTERNAL;
	const uint16_t port = rxq->port_id;
	const bool scatter = priv->rx_scatter;
	uint64_t head, tail, bytes = 0;
	struct rte_mbuf *m;
	uint16_t i, kept = 0;

	if (n == 0)
		return 0;
	if (unlikely(tap != NULL))
		ngif_tap_call(tap, port, hook, RTE_PMD_NGIFACE_DIR_IN, pkts, n);
	head = __atomic_load_n(&hdr->word[0], __ATOMIC_RELAXED);
	memcpy(&tail, (const char *)hdr + ETH_LEN - sizeof(tail), sizeof(tail));
	for (i = 0; i < n; i++) {
		m = ngif_rx_fit(rxq, pkts[i], eth, scatter);
		if (m == NULL)
			continue;
		bytes += m->pkt_len;
		m->port = port;
		m->ol_flags &= keep_flags;
		m->packet_type = ptype;
		dst[kept++] = m;
	}
	/*
	 * The headers in a pass of their own, after the mbuf fields: stores
	 * into the headroom interleaved with the field updates cost some 2-3
	 * TSC cycles a packet more (measured in one relay run, the two ways
	 * alternating every 16k passes).
	 */
	if (eth)
		for (i = 0; i < kept; i++)
			ngif_rx_write_eth(dst[i], head, tail);
	/* the hook counts L3 bytes */
	rxq->hook[hook].in_bytes += bytes - (eth ? (uint64_t)kept * ETH_LEN : 0);
	rxq->hook[hook].in_packets += kept;
	return kept;
}

/*
 * Both hooks bound to one in ring (rte_pmd_ngiface_connect_rings allows it):
 * the ring does not say which hook a packet came by, so its IP version
 * does, as it would have chosen the hook.  Anything else is dropped,
 * rx_drop_afnosupport.  Out of line: the common case never comes here.
 */
#define NGIF_RX_SHARED_MAX 64

static __rte_noinline uint16_t
ngif_rx_shared(struct ngif_rxq *rxq, const struct ngif_tap *tap,
	       struct rte_ring *ring, struct rte_mbuf **pkts, uint16_t nb)
{
	struct rte_mbuf *fam[NGIF_NB_HOOKS][NGIF_RX_SHARED_MAX];
	uint16_t n, i, cnt[NGIF_NB_HOOKS] = { 0, 0 }, kept;
	int h;

	n = rte_ring_dequeue_burst(ring, (void **)pkts,
				   RTE_MIN(nb, NGIF_RX_SHARED_MAX), NULL);
	for (i = 0; i < n; i++) {
		h = ngif_hook_of_l3(pkts[i]);
		if (h == NGIF_NB_HOOKS) {
			rxq->drop[NGIF_RX_DROP_AFNOSUPPORT]++;
			rte_pktmbuf_free(pkts[i]);
			continue;
		}
		fam[h][cnt[h]++] = pkts[i];
	}
	kept = ngif_rx_finish(rxq, tap, RTE_PMD_NGIFACE_HOOK_INET,
			      fam[RTE_PMD_NGIFACE_HOOK_INET],
			      cnt[RTE_PMD_NGIFACE_HOOK_INET], pkts);
	kept += ngif_rx_finish(rxq, tap, RTE_PMD_NGIFACE_HOOK_INET6,
			       fam[RTE_PMD_NGIFACE_HOOK_INET6],
			       cnt[RTE_PMD_NGIFACE_HOOK_INET6], pkts + kept);
	return kept;
}

uint16_t
ngif_rx_burst(void *queue, struct rte_mbuf **pkts, uint16_t nb)
{
	struct ngif_rxq *rxq = queue;
	struct ngif_priv *priv = rxq->priv;
	const int first = rxq->first_hook, second = first ^ 1;
	const struct ngif_tap *tap;
	struct ngif_binding *b1, *b2;
	uint16_t got1, got2, got3, kept;

	ngif_read_enter(&rxq->reader);
	b1 = ngif_binding_get(priv, first);
	b2 = ngif_binding_get(priv, second);
	if (unlikely(b1->rx[rxq->qid] == b2->rx[rxq->qid]) &&
	    b1->rx[rxq->qid] != NULL && ngif_is_running(priv)) {
		kept = ngif_rx_shared(rxq, ngif_tap_get(priv),
				      b1->rx[rxq->qid], pkts, nb);
		ngif_read_leave(&rxq->reader);
		return kept;
	}
	/*
	 * Fairness: the first hook may fill only half the burst before the
	 * second is asked; whatever room is left goes back to the first.  Who
	 * goes first alternates, so neither family starves the other.
	 */
	got1 = ngif_rx_take(b1, rxq->qid, pkts, (nb + 1) / 2);
	got2 = ngif_rx_take(b2, rxq->qid, pkts + got1, nb - got1);
	got3 = ngif_rx_take(b1, rxq->qid, pkts + got1 + got2,
			    nb - got1 - got2);
	rxq->first_hook = second;

	if (unlikely(!ngif_is_running(priv))) {
		ngif_read_leave(&rxq->reader);
		rxq->drop[NGIF_RX_DROP_DOWN] += got1 + got2 + got3;
		rte_pktmbuf_free_bulk(pkts, got1 + got2 + got3);
		return 0;
	}
	/* the tap is used under the same read-side section as the rings */
	tap = ngif_tap_get(priv);
	kept = ngif_rx_finish(rxq, tap, first, pkts, got1, pkts);
	kept += ngif_rx_finish(rxq, tap, second, pkts + got1, got2,
			       pkts + kept);
	kept += ngif_rx_finish(rxq, tap, first, pkts + got1 + got2, got3,
			       pkts + kept);
	ngif_read_leave(&rxq->reader);
	return kept;
}
