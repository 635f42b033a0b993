/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef NGIFACE_PRIV_H
#define NGIFACE_PRIV_H

/*
 * Driver-internal state shared by the set-up code (ngiface_ethdev.c), the
 * public API (ngiface_api.c), the hook code (ngiface_hook.c), the grace
 * periods (ngiface_rcu.c), the counters (ngiface_stats.c) and the fast
 * path (ngiface_rxtx.c).
 */

#include <stdbool.h>
#include <sys/queue.h>

#include <rte_ether.h>
#include <rte_per_lcore.h>
#include <rte_mbuf.h>
#include <ethdev_driver.h>

#include "rte_pmd_ngiface.h"

extern int ngiface_logtype;
#define NGIF_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, ngiface_logtype, "%s(): " fmt "\n", \
		__func__, ##__VA_ARGS__)

#define NGIF_NB_HOOKS RTE_PMD_NGIFACE_HOOK_MAX
#define NGIF_MAX_QUEUES 16
#define NGIF_RING_SIZE_DEFAULT 1024
#define NGIF_RING_SIZE_MIN 32
/* ring_size's bound: 2^28 - 1, well inside what rte_ring takes
 * (RING_F_EXACT_SZ) */
#define NGIF_RING_SIZE_MAX 268435455
#define NGIF_MAX_NESTING_MAX 255	/* priv->max_nesting is a uint8_t */

/* Causes for which Tx frees a packet (ng_iface_output's error returns). */
enum ngif_tx_drop {
	NGIF_TX_DROP_DOWN,		/* ENETDOWN: not started or link down */
	NGIF_TX_DROP_NESTING,		/* too many ngiface nodes crossed */
	NGIF_TX_DROP_AFNOSUPPORT,	/* neither IPv4 nor IPv6 */
	NGIF_TX_DROP_NOMBUF,		/* no mbuf to clone a shared packet */
	NGIF_TX_DROP_MAX
};

/* Causes for which Rx frees a packet taken from a hook. */
enum ngif_rx_drop {
	NGIF_RX_DROP_DOWN,		/* ENETDOWN: link down */
	NGIF_RX_DROP_HEADROOM,		/* no room for Ethernet, nor an mbuf */
	NGIF_RX_DROP_AFNOSUPPORT,	/* neither IPv4 nor IPv6 (a shared ring) */
	NGIF_RX_DROP_NOSCATTER,		/* chained, too big for one mbuf */
	NGIF_RX_DROP_MAX
};

/* Per-hook counters of one queue.  One lcore writes them, any reads. */
struct ngif_hook_counters {
	uint64_t out_packets;
	uint64_t out_bytes;
	uint64_t in_packets;
	uint64_t in_bytes;
	uint64_t hole_packets;
	uint64_t hole_bytes;
	uint64_t drop_unconnected;
	uint64_t drop_mtu;
	uint64_t ring_full;
};

/*
 * Where a hook's traffic goes, for every queue.  Immutable once published:
 * a change builds a new one, swaps the pointer, waits a grace period (every
 * queue out of the burst it was in, ngiface_rcu.c) and only then frees the
 * old one.
 */
struct ngif_binding {
	enum rte_pmd_ngiface_peer_kind kind;
	uint16_t peer_port;			/* PEER_NODE */
	enum rte_pmd_ngiface_hook peer_hook;	/* PEER_NODE */
	struct rte_ring *tx[NGIF_MAX_QUEUES];	/* Tx enqueues here */
	struct rte_ring *rx[NGIF_MAX_QUEUES];	/* Rx dequeues here */
	/*
	 * Every tx ring is single-producer: the queue's lcore is its only
	 * producer, so the room it has can only grow until Tx fills it.
	 * True for a hole (no ring) as well.
	 */
	bool tx_sole_producer;
};

/* An installed capture tap; immutable, replaced as bindings are. */
struct ngif_tap {
	rte_pmd_ngiface_tap_t fn;
	void *arg;
	uint64_t owner;		/* fn is an address in this process only */
};

/* A queue as an RCU reader: odd while inside a burst. */
struct ngif_reader {
	uint64_t seq;
};

struct ngif_priv;

struct ngif_txq {
	struct ngif_reader reader;
	struct ngif_priv *priv;
	uint16_t qid;
	uint64_t drop[NGIF_TX_DROP_MAX];
	struct ngif_hook_counters hook[NGIF_NB_HOOKS];
} __rte_cache_aligned;

struct ngif_rxq {
	struct ngif_reader reader;
	struct ngif_priv *priv;
	uint16_t qid;
	uint16_t port_id;
	uint8_t first_hook;			/* alternates, for fairness */
	struct rte_mempool *mp;
	uint64_t drop[NGIF_RX_DROP_MAX];
	struct ngif_hook_counters hook[NGIF_NB_HOOKS];
} __rte_cache_aligned;

/*
 * The counters as the last stats reset found them.  Readers report the
 * counters less these, so that a reset writes nothing an lcore's burst
 * writes: zeroing them from the control thread raced with the bursts'
 * read-modify-write increments, which could store an old sum back over
 * the zero.
 */
struct ngif_stats_base {
	uint64_t tx_drop[NGIF_MAX_QUEUES][NGIF_TX_DROP_MAX];
	uint64_t rx_drop[NGIF_MAX_QUEUES][NGIF_RX_DROP_MAX];
	struct ngif_hook_counters tx_hook[NGIF_MAX_QUEUES][NGIF_NB_HOOKS];
	struct ngif_hook_counters rx_hook[NGIF_MAX_QUEUES][NGIF_NB_HOOKS];
	uint64_t flushed[NGIF_NB_HOOKS];
};

/* A peer named in devargs whose node may not be probed yet. */
struct ngif_pending {
	char node[RTE_PMD_NGIFACE_NAMESIZE];
	enum rte_pmd_ngiface_hook hook;
	bool set;
};

enum ngif_l2 {
	NGIF_L2_ETH = 0,	/* stack side carries Ethernet frames */
	NGIF_L2_NONE,		/* stack side carries raw L3, as ng_iface */
};

/*
 * The Ethernet header Rx puts in front of a packet from a hook.  Its first
 * eight bytes hold the destination MAC (the port's, which
 * rte_eth_dev_default_mac_addr_set may change while Rx runs): they are
 * stored and loaded as one aligned word, so that no burst sees half of an
 * old address.  The rest never changes.
 */
union ngif_rx_hdr {
	struct rte_ether_hdr eth;
	uint64_t word[2];
};

struct ngif_priv {
	TAILQ_ENTRY(ngif_priv) next;
	char name[RTE_PMD_NGIFACE_NAMESIZE];
	int unit;				/* N of ngN, -1 for iface= */
	uint16_t port_id;
	uint16_t nb_queues;
	unsigned int ring_size;
	enum ngif_l2 l2;
	enum rte_pmd_ngiface_mode mode;
	/* what configure makes of "default" (rxmode.mtu 0, seen as 1500):
	 * the last rte_eth_dev_set_mtu(), else mtu=, else 0 (1500) */
	uint16_t mtu_default;
	struct rte_vdev_device *vdev;
	struct rte_eth_dev *dev;		/* primary process only */
	struct rte_eth_dev_data *data;		/* shared by all processes */

	/* Read by every burst. */
	bool running;	/* started and link up: ngif_is_running() */
	bool link_admin_up;			/* NGM_LINK_IS_UP/DOWN */
	bool rx_scatter;			/* the app takes chained packets */
	bool started;
	uint8_t max_nesting;
	union ngif_rx_hdr rx_hdr[NGIF_NB_HOOKS];	/* Rx prepends */
	struct rte_ether_addr mac;		/* data->mac_addrs */
	struct ngif_binding *binding[NGIF_NB_HOOKS];
	struct ngif_tap *tap;			/* NULL: nobody listens */
	/*
	 * The binding of an unconnected hook, never freed with it.  In the
	 * node's shared memory, as every binding is: a secondary process
	 * bursting on the node follows binding[] too, and a static of the
	 * driver's lies at another address in each process.
	 */
	struct ngif_binding unbound;

	/* The node's own rings, one pair per hook and queue. */
	struct rte_ring *out[NGIF_NB_HOOKS][NGIF_MAX_QUEUES];
	struct rte_ring *in[NGIF_NB_HOOKS][NGIF_MAX_QUEUES];

	struct ngif_pending pending[NGIF_NB_HOOKS];
	uint64_t flushed[NGIF_NB_HOOKS];	/* control path only */
	struct ngif_stats_base stats_base;	/* ngiface_stats.c */
	/* where a hole's own count starts (ngif_hole_mark): control path */
	struct rte_pmd_ngiface_hole_stats hole_mark[NGIF_NB_HOOKS];

	struct ngif_txq txq[NGIF_MAX_QUEUES];
	struct ngif_rxq rxq[NGIF_MAX_QUEUES];

	/* Each queue's set-up, as rte_eth_rx/tx_queue_info_get report it. */
	struct rte_eth_rxconf rx_conf[NGIF_MAX_QUEUES];
	struct rte_eth_txconf tx_conf[NGIF_MAX_QUEUES];
};

/*
 * Nesting depth: how many ngiface Tx a packet crossed since the last Rx.
 * Depths 0..2 live in two dynamic ol_flags bits, in the mbuf cache line
 * the fast path touches anyway; both bits set means 3 or more, the count
 * then in a dynamic field (second cache line).  ol_flags is cleared when an
 * mbuf is allocated, so a packet from anywhere else starts at depth 0.
 */
extern int ngif_nesting_offset;
extern uint64_t ngif_depth_lo, ngif_depth_hi;
extern uint64_t ngif_proc_token;

static inline unsigned int
ngif_depth_get(const struct rte_mbuf *m)
{
	unsigned int d = ((m->ol_flags & ngif_depth_lo) != 0) +
		2 * ((m->ol_flags & ngif_depth_hi) != 0);

	if (likely(d < 3))
		return d;
	return *RTE_MBUF_DYNFIELD(m, ngif_nesting_offset, const uint8_t *);
}

static inline void
ngif_depth_set(struct rte_mbuf *m, unsigned int d)
{
	uint64_t f = m->ol_flags & ~(ngif_depth_lo | ngif_depth_hi);

	if (unlikely(d >= 3)) {
		*RTE_MBUF_DYNFIELD(m, ngif_nesting_offset, uint8_t *) = d;
		d = 3;
	}
	if (d & 1)
		f |= ngif_depth_lo;
	if (d & 2)
		f |= ngif_depth_hi;
	m->ol_flags = f;
}

/*
 * Set while this thread runs a capture tap, that is inside a burst: an API
 * call from there would wait for a grace period the burst itself holds
 * open, or for the registry lock of a rebind that waits for it, for good.
 * The calls a tap may make answer -EDEADLK instead
 * (ngif_registry_lock_checked).  Written around tap calls only: a burst
 * with no tap never touches it.  Restored, not cleared, on return: a tap
 * that sends on a node with a tap of its own (a mirror) is still inside
 * its burst when that inner tap returns.
 */
RTE_DECLARE_PER_LCORE(bool, ngif_in_tap);

static inline void
ngif_tap_call(const struct ngif_tap *tap, uint16_t port, int hook,
	      enum rte_pmd_ngiface_dir dir, struct rte_mbuf *const *pkts,
	      uint16_t n)
{
	bool outer = RTE_PER_LCORE(ngif_in_tap);

	RTE_PER_LCORE(ngif_in_tap) = true;
	tap->fn(tap->arg, port, hook, dir, pkts, n);
	RTE_PER_LCORE(ngif_in_tap) = outer;
}

/* ngiface_rcu.c: grace periods (the read side is inline here). */
extern bool ngif_reader_fence;
void ngif_rcu_init(void);
void ngif_grace_period(const struct ngif_priv *priv);

static inline void
ngif_read_enter(struct ngif_reader *r)
{
	__atomic_store_n(&r->seq, r->seq + 1, __ATOMIC_RELAXED);
	if (unlikely(ngif_reader_fence))
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	else
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
}

static inline void
ngif_read_leave(struct ngif_reader *r)
{
	__atomic_store_n(&r->seq, r->seq + 1, __ATOMIC_RELEASE);
}

/* ngiface_rxtx.c: the fast path. */
uint16_t ngif_rx_burst(void *rxq, struct rte_mbuf **pkts, uint16_t nb);
uint16_t ngif_tx_burst(void *txq, struct rte_mbuf **pkts, uint16_t nb);

/* ngiface_hook.c: the node registry and hook connections. */
void ngif_registry_lock(void);
int ngif_registry_lock_checked(void);
void ngif_registry_unlock(void);
struct ngif_priv *ngif_find_by_name(const char *name);
struct ngif_priv *ngif_find_by_vdev(const struct rte_vdev_device *vdev);
struct ngif_priv *ngif_from_port(uint16_t port);
int ngif_lowest_free_unit(void);
void ngif_register(struct ngif_priv *priv);
void ngif_unregister(struct ngif_priv *priv);
int ngif_hooks_create(struct ngif_priv *priv);
void ngif_hooks_destroy(struct ngif_priv *priv);
void ngif_rx_rings_drop(struct ngif_priv *priv);
int ngif_bind(struct ngif_priv *priv, enum rte_pmd_ngiface_hook hook,
	      enum rte_pmd_ngiface_peer_kind kind,
	      struct rte_ring *const out[], struct rte_ring *const in[]);
int ngif_join(struct ngif_priv *a, enum rte_pmd_ngiface_hook ha,
	      struct ngif_priv *b, enum rte_pmd_ngiface_hook hb);
int ngif_unbind(struct ngif_priv *priv, enum rte_pmd_ngiface_hook hook);
int ngif_join_own(struct ngif_priv *priv);
void ngif_join_waiting(struct ngif_priv *priv);
void ngif_set_running(struct ngif_priv *priv);

/* Read on every burst; written by the control path (ngif_set_running). */
static inline bool
ngif_is_running(const struct ngif_priv *priv)
{
	return __atomic_load_n(&priv->running, __ATOMIC_RELAXED);
}
int ngif_tap_publish(struct ngif_priv *priv, struct ngif_tap *tap);

/* ngiface_ethdev.c */
bool ngif_link_set(struct ngif_priv *priv, bool up);
void ngif_link_notify(uint16_t port_id);

/* ngiface_stats.c: counters. */
int ngif_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *st);
int ngif_stats_reset(struct rte_eth_dev *dev);
int ngif_xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xs,
		    unsigned int n);
int ngif_xstats_get_names(struct rte_eth_dev *dev,
			  struct rte_eth_xstat_name *names, unsigned int n);
void ngif_hook_stats_sum(const struct ngif_priv *priv,
			 enum rte_pmd_ngiface_hook hook,
			 struct rte_pmd_ngiface_hook_stats *st);
void ngif_hole_mark(struct ngif_priv *priv, enum rte_pmd_ngiface_hook hook);
void ngif_hole_stats(struct ngif_priv *priv, enum rte_pmd_ngiface_hook hook,
		     struct rte_pmd_ngiface_hole_stats *st, bool clear);

#endif /* NGIFACE_PRIV_H */
