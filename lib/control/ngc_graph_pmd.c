/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * The graph as the PMD sees it: the only file that talks to the driver,
 * and only through rte_pmd_ngiface.h (plus ethdev/EAL calls for names,
 * hot-plug and link state).
 *
 * Node IDs: an ethdev port p is node p + 1 (= its ifindex).  A hook whose
 * peer is not a node (echo, hole, rings an application serves) shows as a
 * node of its own: ID NGC_VIRT_BASE + 4 p + hook, with one hook.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_dev.h>
#include <rte_ethdev.h>

#include "rte_pmd_ngiface.h"

#include "ngc_control.h"
#include "ngc_node.h"

#define NGC_VIRT_BASE	0x10000u
/* virtual node IDs a port: the 4 of "4 p + hook" above */
#define NGC_VIRT_SLOTS	4u
#define NGC_NB_HOOKS	RTE_PMD_NGIFACE_HOOK_MAX

#define NGC_VDEV_MAX	1024

_Static_assert(NGC_IFACE_COOKIE == RTE_PMD_NGIFACE_COOKIE,
	       "the control library and the driver name one iface cookie");
_Static_assert(NGC_NB_HOOKS <= NGC_VIRT_SLOTS,
	       "every hook has a virtual node ID");
/* ngc_type_hooks() names them for the error replies: "inet", "inet6" */
_Static_assert(RTE_PMD_NGIFACE_HOOK_INET == 0 &&
	       RTE_PMD_NGIFACE_HOOK_INET6 == 1 && NGC_NB_HOOKS == 2,
	       "ngc_type_hooks() lists the driver's hooks");

/* What a user set: a name, or a peer hook name for a virtual node. */
struct pmd_label {
	uint32_t id;
	char dev[RTE_DEV_NAME_MAX_LEN];	/* port nodes: device at naming time */
	int kind;			/* virtual nodes: peer kind then */
	char name[NGC_NODESIZ];
	char peerhook[NGC_HOOKSIZ];
};

struct pmd_graph {
	struct pmd_label label[NGC_MAX_NODES];
	struct ngc_node_guard guard;	/* busy NULL: no guard */
};

enum node_kind {
	NODE_NONE,
	NODE_IFACE,
	NODE_ETHDEV,
	NODE_VIRT,
};

static const char *const pmd_types[] = {
	RTE_PMD_NGIFACE_TYPE_NAME, "echo", "hole", "rings", "ethdev",
	NGC_SOCKET_TYPE, NULL,
};

/************************************************************************
			IDS, NAMES, LABELS
 ************************************************************************/

static const char *
peer_type(enum rte_pmd_ngiface_peer_kind k)
{
	switch (k) {
	case RTE_PMD_NGIFACE_PEER_ECHO:
		return "echo";
	case RTE_PMD_NGIFACE_PEER_HOLE:
		return "hole";
	case RTE_PMD_NGIFACE_PEER_RINGS:
		return "rings";
	default:
		return NULL;
	}
}

static int
dev_name_of(uint16_t port, char *buf, size_t size)
{
	struct rte_eth_dev_info info;

	if (rte_eth_dev_info_get(port, &info) != 0 || info.device == NULL)
		return -ENODEV;
	snprintf(buf, size, "%s", rte_dev_name(info.device));
	return 0;
}

/* Decode id; *hook and *peer only for NODE_VIRT. */
static enum node_kind
node_of(uint32_t id, uint16_t *port, int *hook,
	struct rte_pmd_ngiface_peer *peer)
{
	uint32_t v;

	if (id >= 1 && id <= RTE_MAX_ETHPORTS) {
		*port = (uint16_t)(id - 1);
		if (!rte_eth_dev_is_valid_port(*port))
			return NODE_NONE;
		return rte_pmd_ngiface_is_node(*port) ? NODE_IFACE :
			NODE_ETHDEV;
	}
	if (id < NGC_VIRT_BASE)
		return NODE_NONE;
	v = id - NGC_VIRT_BASE;
	*port = (uint16_t)(v / NGC_VIRT_SLOTS);
	*hook = (int)(v % NGC_VIRT_SLOTS);
	if (v / NGC_VIRT_SLOTS >= RTE_MAX_ETHPORTS || *hook >= NGC_NB_HOOKS ||
	    !rte_eth_dev_is_valid_port(*port) ||
	    !rte_pmd_ngiface_is_node(*port) ||
	    rte_pmd_ngiface_get_peer(*port, *hook, peer) != 0 ||
	    peer_type(peer->kind) == NULL)
		return NODE_NONE;
	return NODE_VIRT;
}

static uint32_t
virt_id(uint16_t port, int hook)
{
	return NGC_VIRT_BASE + NGC_VIRT_SLOTS * port + (uint32_t)hook;
}

/* The label of id if still valid for what id is now. */
static struct pmd_label *
label_get(struct pmd_graph *pg, uint32_t id, int create)
{
	struct pmd_label *l, *free_l = NULL;
	struct rte_pmd_ngiface_peer peer;
	char dev[RTE_DEV_NAME_MAX_LEN] = "";
	uint16_t port;
	int hook, kind = 0;

	switch (node_of(id, &port, &hook, &peer)) {
	case NODE_IFACE:
	case NODE_ETHDEV:
		dev_name_of(port, dev, sizeof(dev));
		break;
	case NODE_VIRT:
		kind = (int)peer.kind;
		break;
	default:
		return NULL;
	}
	for (l = pg->label; l < pg->label + NGC_MAX_NODES; l++) {
		if (l->id == id) {
			if (l->kind == kind && strcmp(l->dev, dev) == 0)
				return l;
			memset(l, 0, sizeof(*l));	/* stale */
		}
		if (l->id == 0 && free_l == NULL)
			free_l = l;
	}
	if (!create || free_l == NULL)
		return NULL;
	memset(free_l, 0, sizeof(*free_l));
	free_l->id = id;
	free_l->kind = kind;
	snprintf(free_l->dev, sizeof(free_l->dev), "%s", dev);
	return free_l;
}

static void
label_drop(struct pmd_graph *pg, uint32_t id)
{
	struct pmd_label *l;

	for (l = pg->label; l < pg->label + NGC_MAX_NODES; l++)
		if (l->id == id)
			memset(l, 0, sizeof(*l));
}

/************************************************************************
			NODE INFO
 ************************************************************************/

static unsigned int
iface_hooks(uint16_t port)
{
	struct rte_pmd_ngiface_peer peer;
	unsigned int n = 0;
	int h;

	for (h = 0; h < NGC_NB_HOOKS; h++)
		if (rte_pmd_ngiface_get_peer(port, h, &peer) == 0 &&
		    peer.kind != RTE_PMD_NGIFACE_PEER_NONE)
			n++;
	return n;
}

/*
 * Whether another node was given name (ngctl name) before this one came to
 * have it as its own (an iface's ifname, an ethdev's name): then this one
 * stays unnamed, as FreeBSD's ng_iface does when ng_name_node() finds its
 * ifname taken, and the name keeps meaning the node that took it first.
 */
static bool
name_labelled_elsewhere(struct pmd_graph *pg, uint32_t id, const char *name)
{
	struct pmd_label *l;

	if (name[0] == '\0')
		return false;
	for (l = pg->label; l < pg->label + NGC_MAX_NODES; l++)
		if (l->id != 0 && l->id != id && strcmp(l->name, name) == 0 &&
		    label_get(pg, l->id, 0) == l)	/* not stale */
			return true;
	return false;
}

static int
node_info(struct pmd_graph *pg, uint32_t id, struct ngc_nodeinfo *ni)
{
	char ethdev_name[RTE_ETH_NAME_MAX_LEN];
	struct rte_pmd_ngiface_peer peer;
	struct pmd_label *l;
	uint16_t port;
	int hook;

	memset(ni, 0, sizeof(*ni));
	ni->id = id;
	switch (node_of(id, &port, &hook, &peer)) {
	case NODE_IFACE:
		snprintf(ni->type, sizeof(ni->type), "%s",
			 RTE_PMD_NGIFACE_TYPE_NAME);
		rte_pmd_ngiface_getifname(port, ni->name, sizeof(ni->name));
		ni->hooks = iface_hooks(port);
		break;
	case NODE_ETHDEV:
		snprintf(ni->type, sizeof(ni->type), "ethdev");
		/* it writes up to RTE_ETH_NAME_MAX_LEN (64) bytes */
		if (rte_eth_dev_get_name_by_port(port, ethdev_name) == 0)
			snprintf(ni->name, sizeof(ni->name), "%.*s",
				 (int)sizeof(ni->name) - 1, ethdev_name);
		break;
	case NODE_VIRT:
		snprintf(ni->type, sizeof(ni->type), "%s",
			 peer_type(peer.kind));
		ni->hooks = 1;
		break;
	default:
		return -ENOENT;
	}
	l = label_get(pg, id, 0);
	if (l != NULL && l->name[0] != '\0')
		snprintf(ni->name, sizeof(ni->name), "%s", l->name);
	else if (name_labelled_elsewhere(pg, id, ni->name))
		ni->name[0] = '\0';
	return 0;
}

static int
pmd_list(void *ctx, struct ngc_nodeinfo *nodes, unsigned int max)
{
	struct rte_pmd_ngiface_peer peer;
	unsigned int n = 0;
	uint16_t port;
	int h;

	RTE_ETH_FOREACH_DEV(port) {
		if (n < max)
			node_info(ctx, port + 1u, &nodes[n]);
		n++;
		if (!rte_pmd_ngiface_is_node(port))
			continue;
		for (h = 0; h < NGC_NB_HOOKS; h++) {
			if (rte_pmd_ngiface_get_peer(port, h, &peer) != 0 ||
			    peer_type(peer.kind) == NULL)
				continue;
			if (n < max)
				node_info(ctx, virt_id(port, h), &nodes[n]);
			n++;
		}
	}
	return (int)n;
}

/* ourhook of the virtual node on (port, hook). */
static void
virt_hook_name(struct pmd_graph *pg, uint16_t port, int hook, char *buf)
{
	struct rte_pmd_ngiface_peer peer;
	struct pmd_label *l = label_get(pg, virt_id(port, hook), 0);

	if (l != NULL && l->peerhook[0] != '\0') {
		snprintf(buf, NGC_HOOKSIZ, "%s", l->peerhook);
		return;
	}
	rte_pmd_ngiface_get_peer(port, hook, &peer);
	snprintf(buf, NGC_HOOKSIZ, "%s", peer_type(peer.kind));
}

static int
iface_links(struct pmd_graph *pg, uint16_t port, struct ngc_linkinfo *links,
	    unsigned int max)
{
	struct rte_pmd_ngiface_peer peer;
	struct ngc_linkinfo *l;
	unsigned int n = 0;
	int h;

	for (h = 0; h < NGC_NB_HOOKS && n < max; h++) {
		if (rte_pmd_ngiface_get_peer(port, h, &peer) != 0 ||
		    peer.kind == RTE_PMD_NGIFACE_PEER_NONE)
			continue;
		l = &links[n++];
		memset(l, 0, sizeof(*l));
		snprintf(l->ourhook, sizeof(l->ourhook), "%s",
			 rte_pmd_ngiface_hook_name(h));
		if (peer.kind == RTE_PMD_NGIFACE_PEER_NODE) {
			node_info(pg, peer.port + 1u, &l->nodeinfo);
			snprintf(l->peerhook, sizeof(l->peerhook), "%s",
				 rte_pmd_ngiface_hook_name(peer.hook));
		} else {
			node_info(pg, virt_id(port, h), &l->nodeinfo);
			virt_hook_name(pg, port, h, l->peerhook);
		}
	}
	return (int)n;
}

static int
pmd_hooks(void *ctx, uint32_t id, struct ngc_linkinfo *links,
	  unsigned int max)
{
	struct rte_pmd_ngiface_peer peer;
	uint16_t port;
	int hook;

	switch (node_of(id, &port, &hook, &peer)) {
	case NODE_IFACE:
		return iface_links(ctx, port, links, max);
	case NODE_ETHDEV:
		return 0;
	case NODE_VIRT:
		if (max == 0)
			return 1;
		memset(links, 0, sizeof(*links));
		virt_hook_name(ctx, port, hook, links->ourhook);
		snprintf(links->peerhook, sizeof(links->peerhook), "%s",
			 rte_pmd_ngiface_hook_name(hook));
		node_info(ctx, port + 1u, &links->nodeinfo);
		return 1;
	default:
		return -ENOENT;
	}
}

/************************************************************************
			STATUS
 ************************************************************************/

/*
 * The path of iface port's hook h as ngctl reaches it: the node's netgraph
 * name, or its ID when it has none.  Not the ifname: after "name ng0: lan"
 * there is no node "ng0:", and an iface that stayed unnamed because another
 * node took its ifname would be shown as that other node.
 */
static void
hook_path(struct pmd_graph *pg, uint16_t port, int h, char *buf,
	  size_t size)
{
	struct ngc_nodeinfo ni;
	size_t len;

	node_info(pg, port + 1u, &ni);
	ngc_node_path(&ni, buf, size);
	len = strlen(buf);
	snprintf(buf + len, size - len, "%s", rte_pmd_ngiface_hook_name(h));
}

static void
hook_status(struct pmd_graph *pg, struct ngc_buf *out, uint16_t port, int h)
{
	struct rte_pmd_ngiface_hook_stats st;
	struct rte_pmd_ngiface_peer peer;
	const char *peer_s = "not connected";
	char tmp[NGC_NODESIZ + NGC_HOOKSIZ + 1];
	uint64_t qout, qin;

	if (rte_pmd_ngiface_get_peer(port, h, &peer) == 0 &&
	    peer.kind == RTE_PMD_NGIFACE_PEER_NODE) {
		hook_path(pg, peer.port, peer.hook, tmp, sizeof(tmp));
		peer_s = tmp;
	} else if (peer_type(peer.kind) != NULL) {
		peer_s = peer_type(peer.kind);
	}
	memset(&st, 0, sizeof(st));
	rte_pmd_ngiface_hook_stats_get(port, h, &st);
	if (rte_pmd_ngiface_hook_queued(port, h, &qout, &qin) != 0)
		qout = qin = 0;
	ngc_buf_printf(out, "  hook %s: %s\n", rte_pmd_ngiface_hook_name(h),
		       peer_s);
	ngc_buf_printf(out, "    out_packets %" PRIu64 " out_bytes %" PRIu64
		       " in_packets %" PRIu64 " in_bytes %" PRIu64 "\n",
		       st.out_packets, st.out_bytes, st.in_packets,
		       st.in_bytes);
	ngc_buf_printf(out, "    hole %" PRIu64 " unconnected %" PRIu64
		       " mtu %" PRIu64 " ring_full %" PRIu64 " flushed %"
		       PRIu64 " queued_out %" PRIu64 " queued_in %" PRIu64
		       "\n", st.hole_packets, st.drop_unconnected,
		       st.drop_mtu, st.ring_full, st.flushed, qout, qin);
}

/*
 * The node's own drop causes, its xstats tx_drop_* and rx_drop_* under
 * those names, one line each way: what the stack side gave or took that
 * no hook counts (a family neither IPv4 nor IPv6, a link down, ...).
 * With them the hook lines add up to what the stack side was given.
 */
static void
node_drops_status(struct ngc_buf *out, uint16_t port)
{
	static const char *const dir[] = { "tx_drop_", "rx_drop_" };
	struct rte_eth_xstat_name *names = NULL;
	struct rte_eth_xstat *xs = NULL;
	const char *nm;
	unsigned int d;
	int i, n;

	n = rte_eth_xstats_get_names(port, NULL, 0);
	if (n > 0) {
		names = calloc(n, sizeof(*names));
		xs = calloc(n, sizeof(*xs));
	}
	if (names == NULL || xs == NULL ||
	    rte_eth_xstats_get_names(port, names, n) != n ||
	    rte_eth_xstats_get(port, xs, n) != n)
		goto out;
	for (d = 0; d < RTE_DIM(dir); d++) {
		ngc_buf_printf(out, " ");
		for (i = 0; i < n; i++) {
			if (xs[i].id >= (uint64_t)n)
				continue;
			nm = names[xs[i].id].name;
			if (strncmp(nm, dir[d], strlen(dir[d])) == 0)
				ngc_buf_printf(out, " %s %" PRIu64, nm,
					       xs[i].value);
		}
		ngc_buf_printf(out, "\n");
	}
out:
	free(names);
	free(xs);
}

static int
iface_status(struct pmd_graph *pg, uint16_t port, struct ngc_buf *out)
{
	enum rte_pmd_ngiface_mode mode = RTE_PMD_NGIFACE_MODE_P2P;
	struct rte_eth_link link;
	char name[NGC_NODESIZ] = "";
	unsigned int nest = 0;
	uint32_t ifindex = 0;
	uint16_t mtu = 0, nq = 0;
	int h;

	memset(&link, 0, sizeof(link));
	rte_pmd_ngiface_getifname(port, name, sizeof(name));
	rte_pmd_ngiface_getifindex(port, &ifindex);
	rte_pmd_ngiface_get_mode(port, &mode);
	rte_pmd_ngiface_get_max_nesting(port, &nest);
	rte_pmd_ngiface_nb_queues(port, &nq);
	rte_eth_dev_get_mtu(port, &mtu);
	rte_eth_link_get_nowait(port, &link);
	ngc_buf_printf(out, "Interface %s: port %u ifindex %u %s link %s\n",
		       name, port, ifindex,
		       mode == RTE_PMD_NGIFACE_MODE_P2P ? "point2point" :
		       "broadcast", link.link_status ? "up" : "down");
	ngc_buf_printf(out, "  mtu %u max_nesting %u queues %u\n", mtu, nest,
		       nq);
	node_drops_status(out, port);
	for (h = 0; h < NGC_NB_HOOKS; h++)
		hook_status(pg, out, port, h);
	return ngc_buf_error(out);
}

static int
pmd_status(void *ctx, uint32_t id, struct ngc_buf *out)
{
	struct rte_pmd_ngiface_peer peer;
	char path[NGC_NODESIZ + NGC_HOOKSIZ + 1];
	uint16_t port;
	int hook;

	switch (node_of(id, &port, &hook, &peer)) {
	case NODE_IFACE:
		return iface_status(ctx, port, out);
	case NODE_VIRT:
		hook_path(ctx, port, hook, path, sizeof(path));
		ngc_buf_printf(out, "%s on %s", peer_type(peer.kind), path);
		return ngc_buf_error(out);
	case NODE_ETHDEV:
		return -ENOTSUP;
	default:
		return -ENOENT;
	}
}

/************************************************************************
			GRAPH CHANGES
 ************************************************************************/

static int
pmd_name(void *ctx, uint32_t id, const char *name)
{
	struct pmd_label *l = label_get(ctx, id, 1);

	if (l == NULL)
		return node_info(ctx, id, &(struct ngc_nodeinfo){ 0 }) ?
			-ENOENT : -ENOSPC;
	snprintf(l->name, sizeof(l->name), "%s", name);
	return 0;
}

/* The iface port of id, -EINVAL for other kinds. */
static int
iface_port(uint32_t id, uint16_t *port)
{
	struct rte_pmd_ngiface_peer peer;
	int hook;

	switch (node_of(id, port, &hook, &peer)) {
	case NODE_IFACE:
		return 0;
	case NODE_NONE:
		return -ENOENT;
	default:
		return -EINVAL;
	}
}

/* A hook of port that is free: its number, or -EPFNOSUPPORT/-EISCONN. */
static int
free_hook(uint16_t port, const char *name)
{
	struct rte_pmd_ngiface_peer peer;
	int h = rte_pmd_ngiface_hook_by_name(name);

	if (h < 0)
		return h;
	if (rte_pmd_ngiface_get_peer(port, h, &peer) == 0 &&
	    peer.kind != RTE_PMD_NGIFACE_PEER_NONE)
		return -EISCONN;
	return h;
}

static int
pmd_connect(void *ctx, uint32_t id, const char *hook, uint32_t peer,
	    const char *peerhook)
{
	uint16_t p, pp;
	int h, ph, ret;

	(void)ctx;
	ret = iface_port(id, &p);
	if (ret == 0)
		ret = iface_port(peer, &pp);
	if (ret != 0)
		return ret;
	/* netgraph: a hook that is taken is taken, even by this very peer */
	h = free_hook(p, hook);
	/* one hook to itself: taken by the join's other end */
	if (h >= 0 && p == pp && strcmp(hook, peerhook) == 0)
		return -EISCONN;
	ph = h < 0 ? h : free_hook(pp, peerhook);
	if (h < 0 || ph < 0)
		return h < 0 ? h : ph;
	return rte_pmd_ngiface_connect(p, h, pp, ph);
}

/* Lowest K with no device "net_ngifaceK". */
static int
free_vdev_name(char *buf, size_t size)
{
	char dev[RTE_DEV_NAME_MAX_LEN];
	uint16_t port;
	int k, used;

	for (k = 0; k < NGC_VDEV_MAX; k++) {
		snprintf(buf, size, "%s%d", RTE_PMD_NGIFACE_DRIVER_NAME, k);
		used = 0;
		RTE_ETH_FOREACH_DEV(port)
			if (dev_name_of(port, dev, sizeof(dev)) == 0 &&
			    strcmp(dev, buf) == 0)
				used = 1;
		if (!used)
			return 0;
	}
	return -ENOSPC;
}

static int
port_of_dev(const char *devname, uint16_t *out)
{
	char dev[RTE_DEV_NAME_MAX_LEN];
	uint16_t port;

	RTE_ETH_FOREACH_DEV(port)
		if (dev_name_of(port, dev, sizeof(dev)) == 0 &&
		    strcmp(dev, devname) == 0) {
			*out = port;
			return 0;
		}
	return -ENODEV;
}

static int
remove_port(uint16_t port)
{
	struct rte_eth_dev_info info;

	if (rte_eth_dev_info_get(port, &info) != 0 || info.device == NULL)
		return -ENODEV;
	/* The driver's remove stops a started node itself; a
	 * rte_eth_dev_stop() first would only log about stopped ones. */
	return rte_dev_remove(info.device);
}

/* What the embedding application says of a change to port (or a hook). */
static int
guard_busy(const struct pmd_graph *g, uint16_t port, int hook)
{
	return g->guard.busy != NULL ?
		g->guard.busy(g->guard.arg, port, hook) : 0;
}

static void
guard_hold(const struct pmd_graph *g, bool held)
{
	if (g->guard.hold != NULL)
		g->guard.hold(g->guard.arg, held);
}

/*
 * An echo, hole or rings node (id) is its iface's hook h: rmhook and
 * shutdown of it are that hook's cut, asked of the guard as from the
 * iface's side.
 */
static int
virt_cut(struct pmd_graph *g, uint32_t id, uint16_t port, int h)
{
	int ret = guard_busy(g, port, h);

	if (ret != 0)
		return ret;
	label_drop(g, id);
	return rte_pmd_ngiface_disconnect(port, h);
}

/* mkpeer type iface: hot-plug a node, join it to id's hook unless "." */
static int
mkpeer_iface(uint32_t id, const struct ngc_mkpeer *m, uint32_t *new_id)
{
	char vdev[RTE_DEV_NAME_MAX_LEN], args[RTE_DEV_NAME_MAX_LEN + 32];
	uint16_t p = 0, np, nq = 1;
	int h = 0, ph, ret;

	if (id != NGC_SOCKET_ID) {
		ret = iface_port(id, &p);
		h = ret == 0 ? free_hook(p, m->ourhook) : ret;
		if (h < 0)
			return h;
		/* hooks join queue to queue: the new node gets as many */
		rte_pmd_ngiface_nb_queues(p, &nq);
	}
	ph = rte_pmd_ngiface_hook_by_name(m->peerhook);
	if (ph < 0)
		return ph;
	ret = free_vdev_name(vdev, sizeof(vdev));
	if (ret == 0) {
		snprintf(args, sizeof(args), nq > 1 ? "%s,queues=%u" : "%s",
			 vdev, (unsigned int)nq);
		ret = rte_dev_probe(args);
	}
	if (ret != 0)
		return ret;
	ret = port_of_dev(vdev, &np);
	if (ret != 0) {
		/* probed, yet no port to name it by: unplug it again, or
		 * the device stays with no node to shut it down */
		rte_eal_hotplug_remove("vdev", vdev);
		return ret;
	}
	if (id != NGC_SOCKET_ID) {
		ret = rte_pmd_ngiface_connect(p, h, np, ph);
		if (ret != 0) {
			remove_port(np);
			return ret;
		}
	}
	*new_id = np + 1u;
	return 0;
}

static int
pmd_mkpeer(void *ctx, uint32_t id, const struct ngc_mkpeer *m,
	   uint32_t *new_id)
{
	struct pmd_label *l;
	uint16_t p;
	int h, ret;

	if (strcmp(m->type, RTE_PMD_NGIFACE_TYPE_NAME) == 0) {
		guard_hold(ctx, true);
		ret = mkpeer_iface(id, m, new_id);
		guard_hold(ctx, false);
		return ret;
	}
	if (strcmp(m->type, "echo") != 0 && strcmp(m->type, "hole") != 0)
		return -ENXIO;
	/* from ".": a hook of the socket node, which has no data hooks */
	if (id == NGC_SOCKET_ID)
		return -EOPNOTSUPP;
	ret = iface_port(id, &p);
	if (ret != 0)
		return ret;
	h = free_hook(p, m->ourhook);
	if (h < 0)
		return h;
	ret = m->type[0] == 'e' ? rte_pmd_ngiface_connect_echo(p, h) :
		rte_pmd_ngiface_connect_hole(p, h);
	if (ret != 0)
		return ret;
	*new_id = virt_id(p, h);
	label_drop(ctx, *new_id);
	l = label_get(ctx, *new_id, 1);
	if (l != NULL)
		snprintf(l->peerhook, sizeof(l->peerhook), "%s", m->peerhook);
	return 0;
}

static int
pmd_rmhook(void *ctx, uint32_t id, const char *hook)
{
	struct rte_pmd_ngiface_peer peer;
	char own[NGC_HOOKSIZ];
	uint16_t port;
	int h, ret;

	switch (node_of(id, &port, &h, &peer)) {
	case NODE_IFACE:
		h = rte_pmd_ngiface_hook_by_name(hook);
		if (h < 0)
			return h;
		ret = guard_busy(ctx, port, h);
		return ret != 0 ? ret : rte_pmd_ngiface_disconnect(port, h);
	case NODE_VIRT:
		virt_hook_name(ctx, port, h, own);
		if (strcmp(own, hook) != 0)
			return -ENOENT;
		return virt_cut(ctx, id, port, h);
	default:
		/* an ethdev node has no hooks */
		return -ENOENT;
	}
}

static int
pmd_shutdown(void *ctx, uint32_t id)
{
	const struct pmd_graph *g = ctx;
	struct rte_pmd_ngiface_peer peer;
	uint16_t port;
	int h, ret;

	switch (node_of(id, &port, &h, &peer)) {
	case NODE_IFACE:
		ret = guard_busy(g, port, NGC_GUARD_NODE);
		if (ret == 0) {
			guard_hold(g, true);
			ret = remove_port(port);
			guard_hold(g, false);
		}
		if (ret == 0)
			label_drop(ctx, id);
		return ret;
	case NODE_VIRT:
		return virt_cut(ctx, id, port, h);
	case NODE_ETHDEV:
		return -EPERM;
	default:
		return -ENOENT;
	}
}

/************************************************************************
			IFACE, FLOW AND HOLE MESSAGES
 ************************************************************************/

/*
 * The mode, which the driver takes only on a stopped port: a started one
 * is stopped for the change, its application's loops paused around it,
 * when the guard can pause them.
 */
static int
iface_mode_set(const struct pmd_graph *g, uint16_t port,
	       enum rte_pmd_ngiface_mode mode)
{
	int ret = rte_pmd_ngiface_set_mode(port, mode);
	enum rte_pmd_ngiface_mode now;
	int start_ret;

	if (ret != -EBUSY || g->guard.pause == NULL)
		return ret;
	/* already so: no restart (it would drop what the in rings hold) */
	if (rte_pmd_ngiface_get_mode(port, &now) == 0 && now == mode)
		return 0;
	ret = g->guard.pause(g->guard.arg, port, true);
	if (ret != 0)
		return ret;
	ret = rte_eth_dev_stop(port);
	if (ret == 0) {
		ret = rte_pmd_ngiface_set_mode(port, mode);
		start_ret = rte_eth_dev_start(port);
		if (ret == 0)
			ret = start_ret;
	}
	g->guard.pause(g->guard.arg, port, false);
	return ret;
}

static int
iface_msg(const struct pmd_graph *g, uint16_t port, uint32_t cmd,
	  struct ngc_buf *reply)
{
	char name[NGC_NODESIZ];
	uint32_t ifindex;
	int ret;

	switch (cmd) {
	case NGC_IFACE_GET_IFNAME:
		ret = rte_pmd_ngiface_getifname(port, name, sizeof(name));
		return ret != 0 ? ret :
			ngc_buf_put(reply, name, strlen(name) + 1);
	case NGC_IFACE_POINT2POINT:
		return iface_mode_set(g, port, RTE_PMD_NGIFACE_MODE_P2P);
	case NGC_IFACE_BROADCAST:
		return iface_mode_set(g, port, RTE_PMD_NGIFACE_MODE_BROADCAST);
	case NGC_IFACE_GET_IFINDEX:
		ret = rte_pmd_ngiface_getifindex(port, &ifindex);
		return ret != 0 ? ret :
			ngc_buf_put(reply, &ifindex, sizeof(ifindex));
	default:
		return -EINVAL;
	}
}

/* An iface node's messages: none takes an argument. */
static int
iface_node_msg(const struct pmd_graph *g, uint16_t port,
	       const struct ngc_mesg_hdr *hdr, struct ngc_buf *reply)
{
	if (hdr->arglen != 0)
		return -EINVAL;
	if (hdr->typecookie == NGC_IFACE_COOKIE)
		return iface_msg(g, port, hdr->cmd, reply);
	if (hdr->typecookie == NGC_FLOW_COOKIE &&
	    (hdr->cmd == NGC_LINK_IS_UP || hdr->cmd == NGC_LINK_IS_DOWN))
		return rte_pmd_ngiface_link_set(port,
						hdr->cmd == NGC_LINK_IS_UP);
	return -EINVAL;
}

/*
 * ng_hole's messages to a hole node, which is its iface's hook h.  The
 * argument names the hole's own hook, in a whole NGC_HOOKSIZ buffer as
 * ng_hole wants it: any other length is EINVAL, a name the hole's one hook
 * does not have ENOENT.
 */
static int
hole_msg(struct pmd_graph *g, uint16_t port, int h,
	 const struct ngc_mesg_hdr *hdr, const uint8_t *arg,
	 struct ngc_buf *reply)
{
	struct rte_pmd_ngiface_hole_stats st;
	char own[NGC_HOOKSIZ];
	struct ngc_hole_stats out;
	int ret;

	if (hdr->typecookie != NGC_HOLE_COOKIE ||
	    hdr->cmd < NGC_HOLE_GET_STATS || hdr->cmd > NGC_HOLE_GETCLR_STATS ||
	    hdr->arglen != NGC_HOOKSIZ || memchr(arg, '\0', NGC_HOOKSIZ) == NULL)
		return -EINVAL;
	virt_hook_name(g, port, h, own);
	if (strcmp(own, (const char *)arg) != 0)
		return -ENOENT;
	ret = rte_pmd_ngiface_hole_stats_get(port, h, &st,
					     hdr->cmd != NGC_HOLE_GET_STATS);
	if (ret != 0 || hdr->cmd == NGC_HOLE_CLR_STATS)
		return ret;
	out.frames = st.frames;
	out.octets = st.octets;
	return ngc_buf_put(reply, &out, sizeof(out));
}

static int
pmd_msg(void *ctx, uint32_t id, const struct ngc_mesg_hdr *hdr,
	const uint8_t *arg, struct ngc_buf *reply)
{
	struct rte_pmd_ngiface_peer peer;
	uint16_t port;
	int hook;

	switch (node_of(id, &port, &hook, &peer)) {
	case NODE_IFACE:
		return iface_node_msg(ctx, port, hdr, reply);
	case NODE_VIRT:
		if (peer.kind != RTE_PMD_NGIFACE_PEER_HOLE)
			return -EINVAL;
		return hole_msg(ctx, port, hook, hdr, arg, reply);
	case NODE_NONE:
		return -ENOENT;
	default:
		return -EINVAL;
	}
}

/************************************************************************
			THE BACKEND
 ************************************************************************/

const struct ngc_graph_ops ngc_graph_pmd_ops = {
	.list = pmd_list,
	.hooks = pmd_hooks,
	.status = pmd_status,
	.name = pmd_name,
	.mkpeer = pmd_mkpeer,
	.connect = pmd_connect,
	.rmhook = pmd_rmhook,
	.shutdown = pmd_shutdown,
	.msg = pmd_msg,
	.types = pmd_types,
};

void *
ngc_graph_pmd_create(void)
{
	return calloc(1, sizeof(struct pmd_graph));
}

void
ngc_graph_pmd_set_guard(void *ctx, const struct ngc_node_guard *guard)
{
	struct pmd_graph *g = ctx;

	if (guard != NULL)
		g->guard = *guard;
	else
		memset(&g->guard, 0, sizeof(g->guard));
}

void
ngc_graph_pmd_free(void *ctx)
{
	free(ctx);
}
