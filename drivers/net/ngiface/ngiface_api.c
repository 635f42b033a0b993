/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * The public API of rte_pmd_ngiface.h: the iface messages (getifname,
 * getifindex, point2point, broadcast, link up/down) and hook management.
 * Every call takes the registry lock, so calls from several control
 * threads are serialised; none of them may run inside a burst.
 */

#include <string.h>

#include <rte_malloc.h>
#include <rte_string_fns.h>

#include "ngiface_priv.h"

static const char *const ngif_hook_names[NGIF_NB_HOOKS] = {
	[RTE_PMD_NGIFACE_HOOK_INET] = "inet",
	[RTE_PMD_NGIFACE_HOOK_INET6] = "inet6",
};

/************************************************************************
			HELPERS
 ************************************************************************/

const char *
rte_pmd_ngiface_hook_name(enum rte_pmd_ngiface_hook hook)
{
	if ((unsigned int)hook >= NGIF_NB_HOOKS)
		return NULL;
	return ngif_hook_names[hook];
}

int
rte_pmd_ngiface_hook_by_name(const char *name)
{
	int h;

	/* no name is a bad argument, as the header's rule has it */
	if (name == NULL)
		return -EINVAL;
	for (h = 0; h < NGIF_NB_HOOKS; h++)
		if (strcmp(ngif_hook_names[h], name) == 0)
			return h;
	return -EPFNOSUPPORT;
}

static bool
ngif_hook_valid(enum rte_pmd_ngiface_hook hook)
{
	return (unsigned int)hook < NGIF_NB_HOOKS;
}

RTE_DEFINE_PER_LCORE(bool, ngif_in_tap);

/*
 * Look a node up and lock the registry.  On success the caller must
 * ngif_registry_unlock(); on failure nothing is held.
 */
static struct ngif_priv *
ngif_get(uint16_t port, int *err)
{
	struct ngif_priv *priv;

	*err = ngif_registry_lock_checked();
	if (*err != 0)
		return NULL;
	priv = ngif_from_port(port);
	if (priv == NULL) {
		ngif_registry_unlock();
		*err = -ENODEV;
	}
	return priv;
}

/* Copy one field of a node out under the lock. */
static int
ngif_read_field(uint16_t port, void *dst, size_t off, size_t len)
{
	struct ngif_priv *priv;
	int ret;

	if (dst == NULL)
		return -EINVAL;
	priv = ngif_get(port, &ret);
	if (priv == NULL)
		return ret;
	memcpy(dst, (const char *)priv + off, len);
	ngif_registry_unlock();
	return 0;
}

#define NGIF_READ(port, dst, field) __extension__ ({ \
	RTE_BUILD_BUG_ON(sizeof(*(dst)) != \
			 sizeof(((struct ngif_priv *)0)->field)); \
	ngif_read_field(port, dst, offsetof(struct ngif_priv, field), \
			sizeof(*(dst))); })

/* ngif_get for calls about one hook: -EPFNOSUPPORT for a bad hook. */
static struct ngif_priv *
ngif_get_hook(uint16_t port, enum rte_pmd_ngiface_hook hook, int *err)
{
	if (!ngif_hook_valid(hook)) {
		*err = -EPFNOSUPPORT;
		return NULL;
	}
	return ngif_get(port, err);
}

/************************************************************************
			NODES
 ************************************************************************/

int
rte_pmd_ngiface_is_node(uint16_t port)
{
	int err;

	if (ngif_get(port, &err) == NULL)
		return 0;
	ngif_registry_unlock();
	return 1;
}

int
rte_pmd_ngiface_port_by_name(const char *name, uint16_t *port)
{
	struct ngif_priv *priv;
	int ret;

	if (name == NULL || port == NULL)
		return -EINVAL;
	ret = ngif_registry_lock_checked();
	if (ret != 0)
		return ret;
	priv = ngif_find_by_name(name);
	if (priv != NULL)
		*port = priv->port_id;
	ngif_registry_unlock();
	return priv != NULL ? 0 : -ENODEV;
}

int
rte_pmd_ngiface_getifname(uint16_t port, char *buf, size_t size)
{
	struct ngif_priv *priv;
	int ret = 0;

	if (buf == NULL)
		return -EINVAL;
	priv = ngif_get(port, &ret);
	if (priv == NULL)
		return ret;
	if (strlen(priv->name) >= size)
		ret = -ENOSPC;
	else
		strlcpy(buf, priv->name, size);
	ngif_registry_unlock();
	return ret;
}

int
rte_pmd_ngiface_getifindex(uint16_t port, uint32_t *ifindex)
{
	int ret;

	if (ifindex == NULL)
		return -EINVAL;
	if (ngif_get(port, &ret) == NULL)
		return ret;
	*ifindex = (uint32_t)port + 1;
	ngif_registry_unlock();
	return 0;
}

int
rte_pmd_ngiface_get_unit(uint16_t port, int *unit)
{
	return NGIF_READ(port, unit, unit);
}

int
rte_pmd_ngiface_nb_queues(uint16_t port, uint16_t *nb)
{
	return NGIF_READ(port, nb, nb_queues);
}

/* point2point / broadcast: as ng_iface, refused while the interface is up. */
int
rte_pmd_ngiface_set_mode(uint16_t port, enum rte_pmd_ngiface_mode mode)
{
	struct ngif_priv *priv;
	int ret = 0;

	if (mode != RTE_PMD_NGIFACE_MODE_P2P &&
	    mode != RTE_PMD_NGIFACE_MODE_BROADCAST)
		return -EINVAL;
	priv = ngif_get(port, &ret);
	if (priv == NULL)
		return ret;
	if (priv->started)
		ret = -EBUSY;
	else
		priv->mode = mode;
	ngif_registry_unlock();
	return ret;
}

int
rte_pmd_ngiface_get_mode(uint16_t port, enum rte_pmd_ngiface_mode *mode)
{
	return NGIF_READ(port, mode, mode);
}

int
rte_pmd_ngiface_link_set(uint16_t port, int up)
{
	struct ngif_priv *priv;
	bool notify;
	int ret;

	priv = ngif_get(port, &ret);
	if (priv == NULL)
		return ret;
	notify = ngif_link_set(priv, up != 0);
	ngif_registry_unlock();
	if (notify)
		ngif_link_notify(port);
	return 0;
}

int
rte_pmd_ngiface_set_max_nesting(uint16_t port, unsigned int max)
{
	struct ngif_priv *priv;
	int ret;

	if (max == 0 || max > NGIF_MAX_NESTING_MAX)
		return -EINVAL;
	priv = ngif_get(port, &ret);
	if (priv == NULL)
		return ret;
	priv->max_nesting = max;
	ngif_registry_unlock();
	return 0;
}

int
rte_pmd_ngiface_get_max_nesting(uint16_t port, unsigned int *max)
{
	struct ngif_priv *priv;
	int ret;

	if (max == NULL)
		return -EINVAL;
	priv = ngif_get(port, &ret);
	if (priv == NULL)
		return ret;
	*max = priv->max_nesting;
	ngif_registry_unlock();
	return 0;
}

/************************************************************************
			HOOKS
 ************************************************************************/

int
rte_pmd_ngiface_connect(uint16_t port, enum rte_pmd_ngiface_hook hook,
			uint16_t peer_port, enum rte_pmd_ngiface_hook peer_hook)
{
	struct ngif_priv *priv, *peer;
	int ret;

	if (!ngif_hook_valid(hook) || !ngif_hook_valid(peer_hook))
		return -EPFNOSUPPORT;
	priv = ngif_get(port, &ret);
	if (priv == NULL)
		return ret;
	peer = ngif_from_port(peer_port);
	ret = peer == NULL ? -ENODEV : ngif_join(priv, hook, peer, peer_hook);
	ngif_registry_unlock();
	return ret;
}

/*
 * A ring pair for each of the node's queues: nb (how many out and in hold)
 * is its queue count, checked before the arrays are read, and none is
 * NULL.  Under the same lock hold as the bind, so that a node removed and
 * made again at this port in between cannot be bound to too few rings.
 */
static bool
ngif_rings_given(struct rte_ring *const out[], struct rte_ring *const in[],
		 unsigned int nb, const struct ngif_priv *priv)
{
	unsigned int q;

	if (nb != priv->nb_queues)
		return false;
	for (q = 0; q < nb; q++)
		if (out[q] == NULL || in[q] == NULL)
			return false;
	return true;
}

/* nb: how many rings out and in hold, for PEER_RINGS (ngif_rings_given). */
static int
ngif_connect_kind(uint16_t port, enum rte_pmd_ngiface_hook hook,
		  enum rte_pmd_ngiface_peer_kind kind,
		  struct rte_ring *const out[], struct rte_ring *const in[],
		  unsigned int nb)
{
	struct ngif_priv *priv;
	int ret;

	priv = ngif_get_hook(port, hook, &ret);
	if (priv == NULL)
		return ret;
	if (kind == RTE_PMD_NGIFACE_PEER_RINGS && !ngif_rings_given(out, in, nb,
								  priv))
		ret = -EINVAL;
	else
		ret = ngif_bind(priv, hook, kind, out, in);
	ngif_registry_unlock();
	return ret;
}

int
rte_pmd_ngiface_connect_echo(uint16_t port, enum rte_pmd_ngiface_hook hook)
{
	return ngif_connect_kind(port, hook, RTE_PMD_NGIFACE_PEER_ECHO,
				 NULL, NULL, 0);
}

int
rte_pmd_ngiface_connect_hole(uint16_t port, enum rte_pmd_ngiface_hook hook)
{
	return ngif_connect_kind(port, hook, RTE_PMD_NGIFACE_PEER_HOLE,
				 NULL, NULL, 0);
}

int
rte_pmd_ngiface_connect_rings(uint16_t port, enum rte_pmd_ngiface_hook hook,
			      struct rte_ring *const out[],
			      struct rte_ring *const in[], unsigned int nb)
{
	if (out == NULL || in == NULL)
		return -EINVAL;
	return ngif_connect_kind(port, hook, RTE_PMD_NGIFACE_PEER_RINGS,
				 out, in, nb);
}

int
rte_pmd_ngiface_disconnect(uint16_t port, enum rte_pmd_ngiface_hook hook)
{
	struct ngif_priv *priv;
	int ret;

	priv = ngif_get_hook(port, hook, &ret);
	if (priv == NULL)
		return ret;
	ret = ngif_unbind(priv, hook);
	ngif_registry_unlock();
	return ret;
}

int
rte_pmd_ngiface_get_peer(uint16_t port, enum rte_pmd_ngiface_hook hook,
			 struct rte_pmd_ngiface_peer *peer)
{
	const struct ngif_binding *b;
	struct ngif_priv *priv;
	int ret;

	if (peer == NULL)
		return -EINVAL;
	priv = ngif_get_hook(port, hook, &ret);
	if (priv == NULL)
		return ret;
	b = priv->binding[hook];
	peer->kind = b->kind;
	peer->port = b->peer_port;
	peer->hook = b->peer_hook;
	ngif_registry_unlock();
	return 0;
}

int
rte_pmd_ngiface_hook_rings(uint16_t port, enum rte_pmd_ngiface_hook hook,
			   uint16_t queue, struct rte_ring **out,
			   struct rte_ring **in)
{
	struct ngif_priv *priv;
	int ret = 0;

	priv = ngif_get_hook(port, hook, &ret);
	if (priv == NULL)
		return ret;
	if (queue >= priv->nb_queues) {
		ret = -EINVAL;
	} else {
		if (out != NULL)
			*out = priv->out[hook][queue];
		if (in != NULL)
			*in = priv->in[hook][queue];
	}
	ngif_registry_unlock();
	return ret;
}

int
rte_pmd_ngiface_hook_stats_get(uint16_t port, enum rte_pmd_ngiface_hook hook,
			       struct rte_pmd_ngiface_hook_stats *stats)
{
	struct ngif_priv *priv;
	int ret;

	if (stats == NULL)
		return -EINVAL;
	priv = ngif_get_hook(port, hook, &ret);
	if (priv == NULL)
		return ret;
	ngif_hook_stats_sum(priv, hook, stats);
	ngif_registry_unlock();
	return 0;
}

int
rte_pmd_ngiface_hook_queued(uint16_t port, enum rte_pmd_ngiface_hook hook,
			    uint64_t *out, uint64_t *in)
{
	struct ngif_priv *priv;
	uint64_t o = 0, i = 0;
	uint16_t q;
	int ret;

	if (out == NULL || in == NULL)
		return -EINVAL;
	priv = ngif_get_hook(port, hook, &ret);
	if (priv == NULL)
		return ret;
	for (q = 0; q < priv->nb_queues; q++) {
		o += priv->out[hook][q] != NULL ?
			rte_ring_count(priv->out[hook][q]) : 0;
		i += priv->in[hook][q] != NULL ?
			rte_ring_count(priv->in[hook][q]) : 0;
	}
	ngif_registry_unlock();
	*out = o;
	*in = i;
	return 0;
}

int
rte_pmd_ngiface_hole_stats_get(uint16_t port, enum rte_pmd_ngiface_hook hook,
			       struct rte_pmd_ngiface_hole_stats *stats,
			       int clear)
{
	struct ngif_priv *priv;
	int ret;

	priv = ngif_get_hook(port, hook, &ret);
	if (priv == NULL)
		return ret;
	ret = 0;
	if (priv->binding[hook]->kind == RTE_PMD_NGIFACE_PEER_HOLE)
		ngif_hole_stats(priv, hook, stats, clear != 0);
	else
		ret = -ENOTCONN;
	ngif_registry_unlock();
	return ret;
}

/************************************************************************
			CAPTURE TAP
 ************************************************************************/

int
rte_pmd_ngiface_tap_set(uint16_t port, rte_pmd_ngiface_tap_t fn, void *arg)
{
	struct ngif_priv *priv;
	struct ngif_tap *tap;
	int ret;

	if (fn == NULL)
		return -EINVAL;
	priv = ngif_get(port, &ret);
	if (priv == NULL)
		return ret;
	tap = rte_zmalloc("ngiface_tap", sizeof(*tap), 0);
	if (tap == NULL) {
		ret = -ENOMEM;
	} else {
		tap->fn = fn;
		tap->arg = arg;
		tap->owner = ngif_proc_token;
		ret = ngif_tap_publish(priv, tap);
		if (ret != 0)
			rte_free(tap);
	}
	ngif_registry_unlock();
	return ret;
}

int
rte_pmd_ngiface_tap_clear(uint16_t port)
{
	struct ngif_priv *priv;
	int ret;

	priv = ngif_get(port, &ret);
	if (priv == NULL)
		return ret;
	ret = ngif_tap_publish(priv, NULL);
	ngif_registry_unlock();
	return ret;
}
