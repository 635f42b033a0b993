/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * An in-memory graph backend for unit tests: iface nodes, and echo and
 * hole peers, each of these a node of its own (ID 0x1000 + 2 unit + hook).
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fake_graph.h"

#define FAKE_NODES 8
#define FAKE_ECHO 0x100
#define FAKE_HOLE 0x101
#define FAKE_VIRT(p) ((p) == FAKE_ECHO || (p) == FAKE_HOLE)
/* an echo or hole node's ID: whether it is one of a node that may exist */
#define FAKE_VIRT_ID(id) ((id) >= 0x1000 && (id) < 0x1000 + 2 * FAKE_NODES)

struct fake_node {
	int alive;
	int started;
	int p2p;
	char name[NGC_NODESIZ];
	int peer[2];	/* -1 none, FAKE_ECHO/FAKE_HOLE, else node*2+hook */
	char hole_hook[2][NGC_HOOKSIZ];	/* a hole's own hook: mkpeer's */
};

static struct fake_node nodes[FAKE_NODES];
static int hotplug_err;
static unsigned int hotplug_delay_ms;
static const char *const hook_names[2] = { "inet", "inet6" };
static const char *const fake_types[] = {
	"iface", "echo", "hole", "socket", NULL
};

void
fake_graph_reset(void)
{
	int i;

	memset(nodes, 0, sizeof(nodes));
	hotplug_err = 0;
	hotplug_delay_ms = 0;
	for (i = 0; i < FAKE_NODES; i++)
		nodes[i].peer[0] = nodes[i].peer[1] = -1;
	for (i = 0; i < 2; i++) {
		nodes[i].alive = 1;
		nodes[i].p2p = 1;
		snprintf(nodes[i].name, sizeof(nodes[i].name), "ng%d", i);
	}
}

void
fake_graph_start(unsigned int unit)
{
	nodes[unit].started = 1;
}

void
fake_graph_hotplug_fail(int err)
{
	hotplug_err = err;
}

void
fake_graph_hotplug_delay(unsigned int ms)
{
	hotplug_delay_ms = ms;
}

/* A hot-plug's outcome, after its delay. */
static int
hotplug_result(void)
{
	if (hotplug_delay_ms != 0)
		usleep(hotplug_delay_ms * 1000);
	return hotplug_err;
}

static int
hook_of(const char *name)
{
	return strcmp(name, "inet") == 0 ? 0 :
		strcmp(name, "inet6") == 0 ? 1 : -EPFNOSUPPORT;
}

static struct fake_node *
node(uint32_t id)
{
	if (id < 1 || id > FAKE_NODES || !nodes[id - 1].alive)
		return NULL;
	return &nodes[id - 1];
}

static void
info(uint32_t id, struct ngc_nodeinfo *ni)
{
	struct fake_node *n;

	memset(ni, 0, sizeof(*ni));
	ni->id = id;
	if (id >= 0x1000) {
		if (!FAKE_VIRT_ID(id))
			return;
		n = &nodes[(id - 0x1000) / 2];
		strcpy(ni->type,
		       n->peer[id % 2] == FAKE_HOLE ? "hole" : "echo");
		ni->hooks = 1;
		return;
	}
	n = node(id);
	if (n == NULL)
		return;
	strcpy(ni->type, "iface");
	strcpy(ni->name, n->name);
	ni->hooks = (n->peer[0] >= 0) + (n->peer[1] >= 0);
}

/* The one hook of echo or hole node id: "echo", or the hole's own. */
static const char *
virt_hook(uint32_t id)
{
	struct fake_node *n = &nodes[(id - 0x1000) / 2];

	return n->peer[id % 2] == FAKE_HOLE ? n->hole_hook[id % 2] : "echo";
}

static int
f_list(void *ctx, struct ngc_nodeinfo *v, unsigned int max)
{
	unsigned int n = 0, i, h;

	(void)ctx;
	for (i = 0; i < FAKE_NODES; i++) {
		if (!nodes[i].alive)
			continue;
		if (n < max)
			info(i + 1, &v[n]);
		n++;
		for (h = 0; h < 2; h++)
			if (FAKE_VIRT(nodes[i].peer[h]) && n++ < max)
				info(0x1000 + i * 2 + h, &v[n - 1]);
	}
	return (int)n;
}

static int
f_hooks(void *ctx, uint32_t id, struct ngc_linkinfo *l, unsigned int max)
{
	struct fake_node *n = node(id);
	unsigned int k = 0, h;
	int p;

	(void)ctx;
	if (id >= 0x1000 && !FAKE_VIRT_ID(id))
		return -ENOENT;
	if (id >= 0x1000 && max > 0) {
		memset(l, 0, sizeof(*l));
		strcpy(l->ourhook, virt_hook(id));
		strcpy(l->peerhook, hook_names[(id - 0x1000) % 2]);
		info((id - 0x1000) / 2 + 1, &l->nodeinfo);
		return 1;
	}
	if (n == NULL)
		return -ENOENT;
	for (h = 0; h < 2 && k < max; h++) {
		p = n->peer[h];
		if (p < 0)
			continue;
		memset(&l[k], 0, sizeof(l[k]));
		strcpy(l[k].ourhook, hook_names[h]);
		if (FAKE_VIRT(p)) {
			strcpy(l[k].peerhook,
			       virt_hook(0x1000 + (id - 1) * 2 + h));
			info(0x1000 + (id - 1) * 2 + h, &l[k].nodeinfo);
		} else {
			strcpy(l[k].peerhook, hook_names[p % 2]);
			info((uint32_t)p / 2 + 1, &l[k].nodeinfo);
		}
		k++;
	}
	return (int)k;
}

static int
f_status(void *ctx, uint32_t id, struct ngc_buf *out)
{
	struct fake_node *n = node(id);

	(void)ctx;
	if (n == NULL)
		return -ENOTSUP;
	/* ending in a newline, as the PMD graph's status does */
	return ngc_buf_printf(out, "%s is %s\n", n->name,
			      n->started ? "running" : "stopped");
}

static int
f_name(void *ctx, uint32_t id, const char *name)
{
	struct fake_node *n = node(id);

	(void)ctx;
	if (n == NULL)
		return -ENOENT;
	snprintf(n->name, sizeof(n->name), "%s", name);
	return 0;
}

static int
f_connect(void *ctx, uint32_t id, const char *hook, uint32_t peer,
	  const char *peerhook)
{
	struct fake_node *a = node(id), *b = node(peer);
	int h = hook_of(hook), ph = hook_of(peerhook);

	(void)ctx;
	if (a == NULL || b == NULL)
		return -EINVAL;
	if (h < 0 || ph < 0)
		return -EPFNOSUPPORT;
	if (a->peer[h] >= 0 || b->peer[ph] >= 0)
		return -EISCONN;
	if (a == b && h == ph)
		return -EINVAL;
	a->peer[h] = (int)(peer - 1) * 2 + ph;
	b->peer[ph] = (int)(id - 1) * 2 + h;
	return 0;
}

static int
f_rmhook(void *ctx, uint32_t id, const char *hook)
{
	struct fake_node *a = node(id);
	int h = hook_of(hook), p;

	(void)ctx;
	if (a == NULL)
		return -ENOENT;
	if (h < 0)
		return h;
	p = a->peer[h];
	if (p < 0)
		return -ENOTCONN;
	if (!FAKE_VIRT(p))
		nodes[p / 2].peer[p % 2] = -1;
	a->peer[h] = -1;
	return 0;
}

static int
f_mkpeer(void *ctx, uint32_t id, const struct ngc_mkpeer *m, uint32_t *nid)
{
	struct fake_node *a = node(id);
	int i, h;

	if (strcmp(m->type, "echo") == 0 || strcmp(m->type, "hole") == 0) {
		h = hook_of(m->ourhook);
		if (a == NULL || h < 0)
			return a == NULL ? -EINVAL : h;
		if (a->peer[h] >= 0)
			return -EISCONN;
		a->peer[h] = m->type[0] == 'e' ? FAKE_ECHO : FAKE_HOLE;
		snprintf(a->hole_hook[h], sizeof(a->hole_hook[h]), "%s",
			 m->peerhook);
		*nid = 0x1000 + (id - 1) * 2 + (uint32_t)h;
		return 0;
	}
	if (strcmp(m->type, "iface") != 0)
		return -ENXIO;
	/* as the PMD graph: the hooks first, ours before the new node's,
	 * then the node */
	if (id != NGC_SOCKET_ID) {
		h = hook_of(m->ourhook);
		if (a == NULL || h < 0)
			return a == NULL ? -EINVAL : h;
		if (a->peer[h] >= 0)
			return -EISCONN;
	}
	if (hook_of(m->peerhook) < 0)
		return -EPFNOSUPPORT;
	if (hotplug_result() != 0)
		return hotplug_err;
	for (i = 0; i < FAKE_NODES && nodes[i].alive; i++)
		;
	if (i == FAKE_NODES)
		return -ENOSPC;
	nodes[i].alive = 1;
	nodes[i].peer[0] = nodes[i].peer[1] = -1;
	snprintf(nodes[i].name, sizeof(nodes[i].name), "ng%d", i);
	*nid = (uint32_t)i + 1;
	if (id == NGC_SOCKET_ID)
		return 0;
	return f_connect(ctx, id, m->ourhook, *nid, m->peerhook);
}

static int
f_shutdown(void *ctx, uint32_t id)
{
	struct fake_node *a = node(id);

	if (a == NULL)
		return -ENOENT;
	if (hotplug_result() != 0)
		return hotplug_err;
	f_rmhook(ctx, id, "inet");
	f_rmhook(ctx, id, "inet6");
	a->alive = 0;
	return 0;
}

/* ng_hole's messages: the argument names the hole's own hook (ENOENT). */
static int
hole_msg(uint32_t id, const struct ngc_mesg_hdr *h, const uint8_t *arg,
	 struct ngc_buf *reply)
{
	struct fake_node *a = &nodes[(id - 0x1000) / 2];
	const struct ngc_hole_stats none = { 0 };

	if (!a->alive || a->peer[id % 2] != FAKE_HOLE)
		return -ENOENT;
	if (h->typecookie != NGC_HOLE_COOKIE || h->arglen != NGC_HOOKSIZ ||
	    memchr(arg, '\0', NGC_HOOKSIZ) == NULL)
		return -EINVAL;
	if (strcmp((const char *)arg, a->hole_hook[id % 2]) != 0)
		return -ENOENT;
	return h->cmd == NGC_HOLE_CLR_STATS ? 0 :
		ngc_buf_put(reply, &none, sizeof(none));
}

static int
f_msg(void *ctx, uint32_t id, const struct ngc_mesg_hdr *h,
      const uint8_t *arg, struct ngc_buf *reply)
{
	struct fake_node *a = node(id);
	uint32_t ifindex = id;

	(void)ctx;
	if (FAKE_VIRT_ID(id))
		return hole_msg(id, h, arg, reply);
	if (a == NULL)
		return -ENOENT;
	if (h->typecookie == NGC_FLOW_COOKIE)
		return 0;
	switch (h->cmd) {
	case NGC_IFACE_GET_IFNAME:
		return ngc_buf_put(reply, a->name, strlen(a->name) + 1);
	case NGC_IFACE_GET_IFINDEX:
		return ngc_buf_put(reply, &ifindex, sizeof(ifindex));
	case NGC_IFACE_POINT2POINT:
	case NGC_IFACE_BROADCAST:
		if (a->started)
			return -EBUSY;
		a->p2p = h->cmd == NGC_IFACE_POINT2POINT;
		return 0;
	default:
		return -EINVAL;
	}
}

static const struct ngc_graph_ops fake_ops = {
	.list = f_list,
	.hooks = f_hooks,
	.status = f_status,
	.name = f_name,
	.mkpeer = f_mkpeer,
	.connect = f_connect,
	.rmhook = f_rmhook,
	.shutdown = f_shutdown,
	.msg = f_msg,
	.types = fake_types,
};

const struct ngc_graph fake_graph = { .ops = &fake_ops, .ctx = NULL };
