/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * Nodes and hooks: the registry of live nodes, each node's own rings, and
 * the bindings that say where a hook's traffic goes.  Control path only; all
 * functions here expect the registry lock held, except the lock itself.
 *
 * A binding is published with a release store and the old one is freed only
 * after every queue of the node has left the burst it was in
 * (ngif_grace_period, ngiface_rcu.c).  Packets still in a node's own rings
 * when a hook is disconnected are freed and counted as flushed.
 */

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <bus_vdev_driver.h>
#include <rte_malloc.h>
#include <rte_ring.h>

#include "ngiface_priv.h"

static TAILQ_HEAD(, ngif_priv) ngif_nodes = TAILQ_HEAD_INITIALIZER(ngif_nodes);
/* Recursive: a callback ethdev raises under it (a port's NEW event, at
 * probe) may call the API again.  LSC is raised outside it. */
static pthread_mutex_t ngif_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

/************************************************************************
			REGISTRY
 ************************************************************************/

void
ngif_registry_lock(void)
{
	pthread_mutex_lock(&ngif_lock);
}

/*
 * The lock, for the calls a capture tap may make (the API, the ethdev
 * operations served under it): -EDEADLK from inside a tap, nothing held,
 * since a rebind holding the lock may be waiting for the very burst the
 * tap runs in.
 */
int
ngif_registry_lock_checked(void)
{
	if (RTE_PER_LCORE(ngif_in_tap))
		return -EDEADLK;
	ngif_registry_lock();
	return 0;
}

void
ngif_registry_unlock(void)
{
	pthread_mutex_unlock(&ngif_lock);
}

struct ngif_priv *
ngif_find_by_name(const char *name)
{
	struct ngif_priv *priv;

	TAILQ_FOREACH(priv, &ngif_nodes, next)
		if (strcmp(priv->name, name) == 0)
			return priv;
	return NULL;
}

struct ngif_priv *
ngif_find_by_vdev(const struct rte_vdev_device *vdev)
{
	struct ngif_priv *priv;

	TAILQ_FOREACH(priv, &ngif_nodes, next)
		if (priv->vdev == vdev)
			return priv;
	return NULL;
}

struct ngif_priv *
ngif_from_port(uint16_t port)
{
	struct ngif_priv *priv;

	TAILQ_FOREACH(priv, &ngif_nodes, next)
		if (priv->port_id == port)
			return priv;
	return NULL;
}

/* As alloc_unr: the lowest N such that no node is named ngN. */
int
ngif_lowest_free_unit(void)
{
	char name[RTE_PMD_NGIFACE_NAMESIZE];
	int unit;

	for (unit = 0; unit < 0x10000; unit++) {
		snprintf(name, sizeof(name), "ng%d", unit);
		if (ngif_find_by_name(name) == NULL)
			return unit;
	}
	return -ENOSPC;
}

void
ngif_register(struct ngif_priv *priv)
{
	TAILQ_INSERT_TAIL(&ngif_nodes, priv, next);
}

void
ngif_unregister(struct ngif_priv *priv)
{
	TAILQ_REMOVE(&ngif_nodes, priv, next);
}

/************************************************************************
			RINGS AND GRACE PERIODS
 ************************************************************************/

static int
ngif_ring_make(struct ngif_priv *priv, int hook, uint16_t q, char dir,
	       struct rte_ring **ring)
{
	char name[RTE_RING_NAMESIZE];

	snprintf(name, sizeof(name), "%s:%s:%c%u", priv->name,
		 rte_pmd_ngiface_hook_name(hook), dir, q);
	*ring = rte_ring_create(name, priv->ring_size,
				priv->data->numa_node,
				RING_F_SP_ENQ | RING_F_SC_DEQ | RING_F_EXACT_SZ);
	if (*ring == NULL && rte_errno == EEXIST) {
		/*
		 * A ring of that name made by someone else: the name is in
		 * use, as for a node's own (ngif_node_name).  Not EEXIST,
		 * which EAL reads from a probe as "probed already".
		 */
		NGIF_LOG(ERR, "%s: ring name %s is taken (EADDRINUSE)",
			 priv->name, name);
		return -EADDRINUSE;
	}
	if (*ring == NULL) {
		NGIF_LOG(ERR, "%s: ring %s (ring_size=%u): %s", priv->name,
			 name, priv->ring_size, rte_strerror(rte_errno));
		return -rte_errno;
	}
	return 0;
}

int
ngif_hooks_create(struct ngif_priv *priv)
{
	uint16_t q;
	int h, ret;

	priv->unbound.kind = RTE_PMD_NGIFACE_PEER_NONE;
	for (h = 0; h < NGIF_NB_HOOKS; h++) {
		priv->binding[h] = &priv->unbound;
		for (q = 0; q < priv->nb_queues; q++) {
			ret = ngif_ring_make(priv, h, q, 'o', &priv->out[h][q]);
			if (ret == 0)
				ret = ngif_ring_make(priv, h, q, 'i',
						     &priv->in[h][q]);
			if (ret != 0)
				return ret;
		}
	}
	return 0;
}

/*
 * Free what ring holds now, counted in *count.  Only that much: a peer
 * whose Tx still fills the ring (a node that sends to a stopped one) would
 * otherwise keep the drain, and the control thread in it, going as long as
 * it sends.  What comes after stays for the next drain (the next start or
 * stop), or fills the ring, and the peer's Tx then hands it back.
 */
static void
ngif_ring_drain(struct rte_ring *ring, uint64_t *count)
{
	struct rte_mbuf *pkts[32];
	unsigned int left, n;

	if (ring == NULL)
		return;
	for (left = rte_ring_count(ring); left > 0; left -= n) {
		n = rte_ring_dequeue_burst(ring, (void **)pkts,
					   RTE_MIN(left, RTE_DIM(pkts)), NULL);
		if (n == 0)
			break;
		*count += n;
		rte_pktmbuf_free_bulk(pkts, n);
	}
}

/*
 * What a stopped node's hooks deliver is dropped, as ng_iface_rcvdata drops
 * what comes while the interface is down: dev_start and dev_stop empty the
 * rings the node receives from (its Rx is their only consumer, and no
 * burst runs on a port being started or stopped), counted as rx_drop_down.
 * Under the registry lock, so that no rebind swaps a ring meanwhile.
 */
void
ngif_rx_rings_drop(struct ngif_priv *priv)
{
	uint16_t q;
	int h;

	for (h = 0; h < NGIF_NB_HOOKS; h++)
		for (q = 0; q < priv->nb_queues; q++)
			ngif_ring_drain(priv->binding[h]->rx[q],
					&priv->rxq[q].drop[NGIF_RX_DROP_DOWN]);
}

/* Whether binding b of node n names one of owner's own rings. */
static bool
ngif_binding_uses(const struct ngif_priv *n, const struct ngif_binding *b,
		  const struct ngif_priv *owner)
{
	const struct rte_ring *r;
	uint16_t k, q;
	int h;

	for (h = 0; h < NGIF_NB_HOOKS; h++)
		for (q = 0; q < owner->nb_queues; q++)
			for (k = 0; k < n->nb_queues; k++) {
				r = b->tx[k];
				if (r == owner->out[h][q] || r == owner->in[h][q])
					return true;
				r = b->rx[k];
				if (r == owner->out[h][q] || r == owner->in[h][q])
					return true;
			}
	return false;
}

/*
 * Unbinds every hook, and every other node's hook that connect_rings gave
 * one of this node's own rings (it would go on using them once freed,
 * as rmhook leaves it), then frees the rings with what is left in them.
 */
void
ngif_hooks_destroy(struct ngif_priv *priv)
{
	struct ngif_priv *n;
	uint16_t q;
	int h;

	for (h = 0; h < NGIF_NB_HOOKS; h++)
		if (priv->binding[h] != NULL)
			ngif_unbind(priv, h);
	TAILQ_FOREACH(n, &ngif_nodes, next)
		for (h = 0; h < NGIF_NB_HOOKS && n != priv; h++)
			if (n->binding[h]->kind == RTE_PMD_NGIFACE_PEER_RINGS &&
			    ngif_binding_uses(n, n->binding[h], priv))
				ngif_unbind(n, h);
	for (h = 0; h < NGIF_NB_HOOKS; h++) {
		for (q = 0; q < priv->nb_queues; q++) {
			ngif_ring_drain(priv->out[h][q], &priv->flushed[h]);
			ngif_ring_drain(priv->in[h][q], &priv->flushed[h]);
			rte_ring_free(priv->out[h][q]);
			rte_ring_free(priv->in[h][q]);
			priv->out[h][q] = priv->in[h][q] = NULL;
		}
	}
	if (priv->tap != NULL)
		ngif_tap_publish(priv, NULL);
}

/* Publish a binding; once no burst can still see the old one, free it. */
static void
ngif_publish(struct ngif_priv *priv, int hook, struct ngif_binding *b)
{
	struct ngif_binding *old = priv->binding[hook];

	__atomic_store_n(&priv->binding[hook], b, __ATOMIC_RELEASE);
	ngif_grace_period(priv);
	if (old != &priv->unbound)
		rte_free(old);
}

static struct ngif_binding *
ngif_binding_new(const struct ngif_priv *priv,
		 enum rte_pmd_ngiface_peer_kind kind)
{
	struct ngif_binding *b;

	b = rte_zmalloc_socket("ngiface_binding", sizeof(*b), 0,
			       priv->data->numa_node);
	if (b != NULL)
		b->kind = kind;
	return b;
}

/************************************************************************
			CONNECT AND DISCONNECT
 ************************************************************************/

static bool
ngif_hook_is_free(const struct ngif_priv *priv, int hook)
{
	return priv->binding[hook]->kind == RTE_PMD_NGIFACE_PEER_NONE;
}

/*
 * Whether ring r is already the producer end (out) or consumer end (!out)
 * of a binding anywhere but at queue q of priv, whose Tx (or Rx) runs on
 * one lcore whatever the hook.  For a single-threaded end that would be a
 * second lcore there, and a corrupt ring: a node's own out ring is its
 * joined Tx's and its peer's Rx's, an echo's both.
 */
static bool
ngif_ring_end_taken(const struct ngif_priv *priv, uint16_t q,
		    const struct rte_ring *r, bool out)
{
	const struct ngif_binding *b;
	const struct ngif_priv *n;
	uint16_t k;
	int h;

	TAILQ_FOREACH(n, &ngif_nodes, next) {
		for (h = 0; h < NGIF_NB_HOOKS; h++) {
			b = n->binding[h];
			for (k = 0; k < n->nb_queues; k++)
				if ((out ? b->tx[k] : b->rx[k]) == r &&
				    (n != priv || k != q))
					return true;
		}
	}
	return false;
}

/* Whether single-threaded ring r is given at another queue than q too. */
static bool
ngif_ring_twice(struct rte_ring *const rings[], uint16_t nb, uint16_t q,
		const struct rte_ring *r)
{
	uint16_t k;

	for (k = 0; k < nb; k++)
		if (k != q && rings[k] == r)
			return true;
	return false;
}

/*
 * Caller rings whose single-threaded end would have a second lcore: given
 * at two queues (each queue runs on an lcore of its own), or used by
 * another binding.  Refused.
 */
static int
ngif_rings_check(const struct ngif_priv *priv, struct rte_ring *const out[],
		 struct rte_ring *const in[])
{
	const uint16_t nb = priv->nb_queues;
	uint16_t q;

	for (q = 0; q < nb; q++)
		if ((out[q]->prod.sync_type == RTE_RING_SYNC_ST &&
		     (ngif_ring_twice(out, nb, q, out[q]) ||
		      ngif_ring_end_taken(priv, q, out[q], true))) ||
		    (in[q]->cons.sync_type == RTE_RING_SYNC_ST &&
		     (ngif_ring_twice(in, nb, q, in[q]) ||
		      ngif_ring_end_taken(priv, q, in[q], false))))
			return -EINVAL;
	return 0;
}

/*
 * Whether the own out ring of hook of priv, at some queue q, already has a
 * binding at an end a join or an echo would give it: its producer is
 * priv's Tx at q, its consumer reader's Rx at q (the peer's for a join,
 * priv's own for an echo).  connect_rings may have given that ring to
 * another binding first; the check there sees only bindings made before
 * it, so this is its other half.
 */
static bool
ngif_own_out_taken(const struct ngif_priv *priv, int hook,
		   const struct ngif_priv *reader)
{
	const struct rte_ring *r;
	uint16_t q;

	for (q = 0; q < priv->nb_queues; q++) {
		r = priv->out[hook][q];
		if (ngif_ring_end_taken(priv, q, r, true) ||
		    ngif_ring_end_taken(reader, q, r, false))
			return true;
	}
	return false;
}

/*
 * Bind a hook to echo, hole or caller rings.  Echo reads back the node's
 * own out ring; rings use out/in as given.
 */
int
ngif_bind(struct ngif_priv *priv, enum rte_pmd_ngiface_hook hook,
	  enum rte_pmd_ngiface_peer_kind kind,
	  struct rte_ring *const out[], struct rte_ring *const in[])
{
	struct ngif_binding *b;
	uint16_t q;
	int ret;

	if (!ngif_hook_is_free(priv, hook))
		return -EISCONN;
	if (kind == RTE_PMD_NGIFACE_PEER_RINGS) {
		ret = ngif_rings_check(priv, out, in);
		if (ret != 0)
			return ret;
	}
	if (kind == RTE_PMD_NGIFACE_PEER_ECHO &&
	    ngif_own_out_taken(priv, hook, priv))
		return -EINVAL;
	b = ngif_binding_new(priv, kind);
	if (b == NULL)
		return -ENOMEM;
	for (q = 0; q < priv->nb_queues; q++) {
		switch (kind) {
		case RTE_PMD_NGIFACE_PEER_ECHO:
			b->tx[q] = b->rx[q] = priv->out[hook][q];
			break;
		case RTE_PMD_NGIFACE_PEER_RINGS:
			b->tx[q] = out[q];
			b->rx[q] = in[q];
			break;
		default:
			break;
		}
	}
	b->tx_sole_producer = true;
	for (q = 0; q < priv->nb_queues && b->tx[q] != NULL; q++)
		if (b->tx[q]->prod.sync_type != RTE_RING_SYNC_ST)
			b->tx_sole_producer = false;
	/* a new hole counts from zero: no burst counts for it before this
	 * publish (the hook was free) */
	if (kind == RTE_PMD_NGIFACE_PEER_HOLE)
		ngif_hole_mark(priv, hook);
	ngif_publish(priv, hook, b);
	return 0;
}

static bool
ngif_joined(const struct ngif_priv *a, int ha, const struct ngif_priv *b,
	    int hb)
{
	const struct ngif_binding *x = a->binding[ha];

	return x->kind == RTE_PMD_NGIFACE_PEER_NODE &&
		x->peer_port == b->port_id && (int)x->peer_hook == hb;
}

/* Join two nodes' hooks: each one's out ring is the other's in ring. */
int
ngif_join(struct ngif_priv *a, enum rte_pmd_ngiface_hook ha,
	  struct ngif_priv *b, enum rte_pmd_ngiface_hook hb)
{
	struct ngif_binding *ba, *bb;
	uint16_t q;

	if (a == b && ha == hb) {
		NGIF_LOG(ERR, "%s:%s cannot be joined to itself", a->name,
			 rte_pmd_ngiface_hook_name(ha));
		return -EINVAL;
	}
	if (!ngif_hook_is_free(a, ha) || !ngif_hook_is_free(b, hb))
		return -EISCONN;
	if (a->nb_queues != b->nb_queues) {
		NGIF_LOG(ERR, "%s and %s have %u and %u queues", a->name,
			 b->name, a->nb_queues, b->nb_queues);
		return -EINVAL;
	}
	if (ngif_own_out_taken(a, ha, b) || ngif_own_out_taken(b, hb, a))
		return -EINVAL;
	ba = ngif_binding_new(a, RTE_PMD_NGIFACE_PEER_NODE);
	bb = ngif_binding_new(b, RTE_PMD_NGIFACE_PEER_NODE);
	if (ba == NULL || bb == NULL) {
		rte_free(ba);
		rte_free(bb);
		return -ENOMEM;
	}
	ba->peer_port = b->port_id;
	ba->peer_hook = hb;
	bb->peer_port = a->port_id;
	bb->peer_hook = ha;
	for (q = 0; q < a->nb_queues; q++) {
		ba->tx[q] = bb->rx[q] = a->out[ha][q];
		bb->tx[q] = ba->rx[q] = b->out[hb][q];
	}
	ba->tx_sole_producer = bb->tx_sole_producer = true;	/* our rings */
	ngif_publish(a, ha, ba);
	ngif_publish(b, hb, bb);
	return 0;
}

static void
ngif_drain_out(struct ngif_priv *priv, int hook)
{
	uint16_t q;

	for (q = 0; q < priv->nb_queues; q++)
		ngif_ring_drain(priv->out[hook][q], &priv->flushed[hook]);
}

/*
 * rmhook.  Both sides of a node join are cut before either ring is drained,
 * so no burst is left using a ring the drain empties.  Rings an application
 * supplied are left as they are: their contents are the application's.
 */
int
ngif_unbind(struct ngif_priv *priv, enum rte_pmd_ngiface_hook hook)
{
	const struct ngif_binding *b = priv->binding[hook];
	enum rte_pmd_ngiface_peer_kind kind = b->kind;
	struct ngif_priv *peer = NULL;
	int peer_hook = b->peer_hook;

	if (kind == RTE_PMD_NGIFACE_PEER_NONE)
		return -ENOTCONN;
	if (kind == RTE_PMD_NGIFACE_PEER_NODE)
		peer = ngif_from_port(b->peer_port);
	ngif_publish(priv, hook, &priv->unbound);
	if (peer != NULL)
		ngif_publish(peer, peer_hook, &peer->unbound);
	if (kind == RTE_PMD_NGIFACE_PEER_NODE ||
	    kind == RTE_PMD_NGIFACE_PEER_ECHO)
		ngif_drain_out(priv, hook);
	if (peer != NULL)
		ngif_drain_out(peer, peer_hook);
	return 0;
}

/* A devarg join two declarations may ask for twice: made once. */
static int
ngif_join_once(struct ngif_priv *a, enum rte_pmd_ngiface_hook ha,
	       struct ngif_priv *b, enum rte_pmd_ngiface_hook hb)
{
	return ngif_joined(a, ha, b, hb) ? 0 : ngif_join(a, ha, b, hb);
}

/*
 * This node's own devargs joins, to peers that exist already; those that
 * do not are left pending for ngif_join_waiting() of the peer.  A join the
 * existing peer refuses fails the probe: the devargs cannot be honoured.
 */
int
ngif_join_own(struct ngif_priv *priv)
{
	struct ngif_pending *p;
	struct ngif_priv *peer;
	int h, ret;

	for (h = 0; h < NGIF_NB_HOOKS; h++) {
		p = &priv->pending[h];
		peer = p->set ? ngif_find_by_name(p->node) : NULL;
		if (peer == NULL)
			continue;
		/* a node naming itself both ways: the first made the join */
		ret = ngif_join_once(priv, h, peer, p->hook);
		if (ret != 0) {
			/* the device and the node it became: a unit freed
			 * by a removal may give it the very name it joins */
			NGIF_LOG(ERR, "%s (node %s): %s=%s:%s: %s",
				 rte_vdev_device_name(priv->vdev), priv->name,
				 rte_pmd_ngiface_hook_name(h), p->node,
				 rte_pmd_ngiface_hook_name(p->hook),
				 strerror(-ret));
			return ret;
		}
		p->set = false;
	}
	return 0;
}

/*
 * Joins that nodes probed earlier named this one for.  Their probe has
 * succeeded already; a join that fails now is logged and dropped.
 */
void
ngif_join_waiting(struct ngif_priv *priv)
{
	struct ngif_pending *p;
	struct ngif_priv *other;
	int h, ret;

	TAILQ_FOREACH(other, &ngif_nodes, next) {
		for (h = 0; h < NGIF_NB_HOOKS && other != priv; h++) {
			p = &other->pending[h];
			if (!p->set || strcmp(p->node, priv->name) != 0)
				continue;
			/* both named each other: one join, done */
			ret = ngif_join_once(other, h, priv, p->hook);
			if (ret != 0)
				NGIF_LOG(ERR, "%s: %s=%s:%s: %s", other->name,
					 rte_pmd_ngiface_hook_name(h), p->node,
					 rte_pmd_ngiface_hook_name(p->hook),
					 strerror(-ret));
			p->set = false;
		}
	}
}

/* Install (tap != NULL) or remove the tap; free the old once unseen. */
int
ngif_tap_publish(struct ngif_priv *priv, struct ngif_tap *tap)
{
	struct ngif_tap *old = priv->tap;

	if (tap != NULL && old != NULL)
		return -EBUSY;
	if (tap == NULL && old == NULL)
		return -ENOENT;
	__atomic_store_n(&priv->tap, tap, __ATOMIC_RELEASE);
	ngif_grace_period(priv);
	rte_free(old);
	return 0;
}

void
ngif_set_running(struct ngif_priv *priv)
{
	__atomic_store_n(&priv->running, priv->started && priv->link_admin_up,
			 __ATOMIC_RELAXED);
}
