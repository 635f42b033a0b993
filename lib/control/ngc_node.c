/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * The generic part of every node, as netgraph's ng_base does it: path
 * resolution and the generic-cookie messages.  Everything type-specific
 * goes to the backend.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ngc_node.h"
#include "ngc_path.h"

/************************************************************************
			NODE LOOKUP
 ************************************************************************/

unsigned int
ngc_type_cookies(const char *type, uint32_t *cookies, unsigned int max)
{
	unsigned int n = 0;

	if (max < NGC_TYPE_COOKIES_MAX)
		return 0;
	if (strcmp(type, "iface") == 0) {
		cookies[n++] = NGC_IFACE_COOKIE;
		cookies[n++] = NGC_FLOW_COOKIE;
	} else if (strcmp(type, "hole") == 0) {
		cookies[n++] = NGC_HOLE_COOKIE;
	}
	cookies[n++] = NGC_GENERIC_COOKIE;
	return n;
}

/* as ng_iface's, one hook per address family; ngc_graph_pmd.c checks */
static const char *const iface_hooks[] = { "inet", "inet6", NULL };

const char *const *
ngc_type_hooks(const char *type)
{
	return strcmp(type, "iface") == 0 ? iface_hooks : NULL;
}

static void
socket_node(struct ngc_nodeinfo *ni)
{
	memset(ni, 0, sizeof(*ni));
	strcpy(ni->type, NGC_SOCKET_TYPE);
	ni->id = NGC_SOCKET_ID;
}

/*
 * All nodes, malloc'ed; returns the count or -errno.  Every one: the
 * backend says how many there are, and a graph larger than the first
 * room is asked again with room for them all.  A cut list here made the
 * nodes past it unknown to every path (show, connect, name answered
 * ENOENT) and to the type counts, and listed the rest as the whole.
 */
static int
list_all(const struct ngc_graph *g, struct ngc_nodeinfo **out)
{
	unsigned int room = NGC_MAX_NODES;
	struct ngc_nodeinfo *v;
	int n, tries;

	for (tries = 0; ; tries++) {
		v = calloc(room, sizeof(*v));
		if (v == NULL)
			return -ENOMEM;
		n = g->ops->list(g->ctx, v, room);
		/* the second look is kept, whatever it found */
		if (n < 0 || (unsigned int)n <= room || tries == 1)
			break;
		free(v);
		room = (unsigned int)n;
	}
	if (n < 0) {
		free(v);
		return n;
	}
	/* still more on the second look: nodes made between the two, as if
	 * made after it */
	if ((unsigned int)n > room)
		n = (int)room;
	*out = v;
	return n;
}

static int
find_node(const struct ngc_graph *g, const struct ngc_path *p, uint32_t id,
	  struct ngc_nodeinfo *ni)
{
	struct ngc_nodeinfo *v;
	int n, i, ret = -ENOENT;

	if ((p == NULL || p->kind != NGC_ADDR_NAME) && id == NGC_SOCKET_ID) {
		socket_node(ni);
		return 0;
	}
	n = list_all(g, &v);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++) {
		if (p != NULL && p->kind == NGC_ADDR_NAME ?
		    strcmp(v[i].name, p->name) == 0 : v[i].id == id) {
			*ni = v[i];
			ret = 0;
			break;
		}
	}
	free(v);
	return ret;
}

static int
follow_hook(const struct ngc_graph *g, struct ngc_nodeinfo *ni,
	    const char *hook)
{
	struct ngc_linkinfo l[NGC_MAX_HOOKS];
	int n, i;

	if (ni->id == NGC_SOCKET_ID)
		return -ENOENT;
	n = g->ops->hooks(g->ctx, ni->id, l, NGC_MAX_HOOKS);
	if (n < 0)
		return n;
	for (i = 0; i < n && i < NGC_MAX_HOOKS; i++)
		if (strcmp(l[i].ourhook, hook) == 0) {
			*ni = l[i].nodeinfo;
			return 0;
		}
	return -ENOENT;
}

void
ngc_node_path(const struct ngc_nodeinfo *ni, char *buf, size_t size)
{
	if (ni->name[0] != '\0')
		snprintf(buf, size, "%s:", ni->name);
	else
		snprintf(buf, size, "[%x]:", (unsigned int)ni->id);
}

int
ngc_node_resolve(const struct ngc_graph *g, uint32_t from, const char *path,
		 struct ngc_nodeinfo *ni)
{
	struct ngc_path p;
	unsigned int i;
	int ret;

	ret = ngc_path_parse(path, &p);
	if (ret != 0)
		return ret;
	/*
	 * ".", ".:" and a path with no node part start where the message
	 * is: as netgraph's ng_path2noderef, where "." is "this node".
	 * From ngctl that is the socket node; in a connect message's
	 * path, the node the message went to.
	 */
	if (p.kind == NGC_ADDR_SELF)
		ret = find_node(g, NULL, from, ni);
	else
		ret = find_node(g, &p, p.id, ni);
	for (i = 0; ret == 0 && i < p.nb_hooks; i++)
		ret = follow_hook(g, ni, p.hooks[i]);
	return ret;
}

/************************************************************************
			GENERIC MESSAGES
 ************************************************************************/

static int
reply_hooklist(const struct ngc_graph *g, const struct ngc_nodeinfo *ni,
	       struct ngc_buf *reply)
{
	struct ngc_linkinfo l[NGC_MAX_HOOKS];
	struct ngc_nodeinfo self = *ni;
	uint32_t count = 0;
	int n = 0;

	if (ni->id != NGC_SOCKET_ID) {
		n = g->ops->hooks(g->ctx, ni->id, l, NGC_MAX_HOOKS);
		if (n < 0)
			return n;
		count = n > NGC_MAX_HOOKS ? NGC_MAX_HOOKS : (uint32_t)n;
	}
	self.hooks = count;
	ngc_buf_put(reply, &self, sizeof(self));
	ngc_buf_put(reply, &count, sizeof(count));
	ngc_buf_put(reply, l, count * sizeof(l[0]));
	return ngc_buf_error(reply);
}

static int
reply_namelist(const struct ngc_graph *g, int named_only,
	       struct ngc_buf *reply)
{
	struct ngc_nodeinfo *v;
	uint32_t count = 0;
	int n, i;

	n = list_all(g, &v);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++)
		if (!named_only || v[i].name[0] != '\0')
			v[count++] = v[i];
	ngc_buf_put(reply, &count, sizeof(count));
	ngc_buf_put(reply, v, count * sizeof(v[0]));
	free(v);
	/* all or nothing: a part would read as the whole list */
	return ngc_buf_error(reply) == -ENOSPC ? -EMSGSIZE :
		ngc_buf_error(reply);
}

static int
reply_typelist(const struct ngc_graph *g, struct ngc_buf *reply)
{
	struct ngc_typeinfo t[NGC_MAX_TYPES];
	struct ngc_nodeinfo *v;
	uint32_t count = 0, k;
	int n, i;

	memset(t, 0, sizeof(t));
	for (k = 0; g->ops->types[k] != NULL && count < NGC_MAX_TYPES; k++)
		snprintf(t[count++].type_name, NGC_TYPESIZ, "%s",
			 g->ops->types[k]);
	n = list_all(g, &v);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++)
		for (k = 0; k < count; k++)
			if (strcmp(t[k].type_name, v[i].type) == 0)
				t[k].numnodes++;
	free(v);
	ngc_buf_put(reply, &count, sizeof(count));
	ngc_buf_put(reply, t, count * sizeof(t[0]));
	return ngc_buf_error(reply);
}

static int
reply_status(const struct ngc_graph *g, const struct ngc_nodeinfo *ni,
	     struct ngc_buf *reply)
{
	struct ngc_buf text;
	int ret;

	if (ni->id == NGC_SOCKET_ID)
		return -ENOTSUP;
	ngc_buf_init(&text, NGC_MSG_MAX - NGC_HDR_LEN - 1);
	ret = g->ops->status(g->ctx, ni->id, &text);
	if (ret == 0)
		ret = ngc_buf_put(reply, ngc_buf_str(&text), text.len + 1);
	ngc_buf_free(&text);
	return ret;
}

static int
do_name(const struct ngc_graph *g, const struct ngc_nodeinfo *ni,
	const struct ngc_name *a)
{
	struct ngc_path p = { .kind = NGC_ADDR_NAME };
	struct ngc_nodeinfo other;

	if (!ngc_name_valid(a->name))
		return -EINVAL;
	if (ni->id == NGC_SOCKET_ID)
		return -EINVAL;
	snprintf(p.name, sizeof(p.name), "%s", a->name);
	/* the node's own name too, as ng_name_node: any name in use */
	if (find_node(g, &p, 0, &other) == 0)
		return -EADDRINUSE;
	return g->ops->name(g->ctx, ni->id, a->name);
}

/*
 * NGM_RMHOOK removes the hook if the node has it: a hook that is not
 * there, by name or because nothing is connected, is no error.
 */
static int
do_rmhook(const struct ngc_graph *g, const struct ngc_nodeinfo *ni,
	  const char *hook)
{
	int ret;

	if (ni->id == NGC_SOCKET_ID)
		return 0;
	ret = g->ops->rmhook(g->ctx, ni->id, hook);
	if (ret == -ENOENT || ret == -EPFNOSUPPORT || ret == -ENOTCONN)
		return 0;
	return ret;
}

static int
do_connect(const struct ngc_graph *g, const struct ngc_nodeinfo *ni,
	   const struct ngc_connect *a)
{
	struct ngc_nodeinfo peer;
	int ret;

	if (!ngc_hook_valid(a->ourhook) || !ngc_hook_valid(a->peerhook))
		return -EINVAL;
	ret = ngc_node_resolve(g, ni->id, a->path, &peer);
	if (ret != 0)
		return ret;
	if (ni->id == NGC_SOCKET_ID || peer.id == NGC_SOCKET_ID)
		return -EOPNOTSUPP;
	/* a hook taken: the graph's EISCONN, ng_iface_newhook()'s answer */
	return g->ops->connect(g->ctx, ni->id, a->ourhook, peer.id,
			       a->peerhook);
}

static int
do_mkpeer(const struct ngc_graph *g, const struct ngc_nodeinfo *ni,
	  const struct ngc_mkpeer *a, struct ngc_buf *reply)
{
	struct ngc_nodeinfo made;
	uint32_t id;
	int ret;

	if (a->type[0] == '\0' || !ngc_hook_valid(a->ourhook) ||
	    !ngc_hook_valid(a->peerhook))
		return -EINVAL;
	ret = g->ops->mkpeer(g->ctx, ni->id, a, &id);
	if (ret != 0)
		return ret;
	/*
	 * netgraph's mkpeer has no reply; this one carries the new node, so
	 * that ngctl can keep the socket's hook to it (".:hook") and -j can
	 * say which node was made.  Gone already (another client shut it
	 * down): the mkpeer stands, with nothing to say.
	 */
	if (find_node(g, NULL, id, &made) == 0)
		ngc_buf_put(reply, &made, sizeof(made));
	return 0;
}

/* Fixed-size arguments must be whole; strings in them end in NUL. */
static const void *
fixed_arg(const struct ngc_mesg_hdr *h, const uint8_t *arg, size_t size,
	  void *copy)
{
	if (h->arglen != size)
		return NULL;
	memcpy(copy, arg, size);
	((char *)copy)[size - 1] = '\0';
	return copy;
}

static int
generic_msg(const struct ngc_graph *g, const struct ngc_nodeinfo *ni,
	    const struct ngc_mesg_hdr *h, const uint8_t *arg,
	    struct ngc_buf *reply)
{
	union {
		struct ngc_mkpeer mkpeer;
		struct ngc_connect connect;
		struct ngc_name name;
		struct ngc_rmhook rmhook;
	} u;

	switch (h->cmd) {
	case NGC_SHUTDOWN:
		if (ni->id == NGC_SOCKET_ID)
			return -EINVAL;
		return g->ops->shutdown(g->ctx, ni->id);
	case NGC_MKPEER:
		if (fixed_arg(h, arg, sizeof(u.mkpeer), &u) == NULL)
			return -EINVAL;
		u.mkpeer.type[NGC_TYPESIZ - 1] = '\0';
		u.mkpeer.ourhook[NGC_HOOKSIZ - 1] = '\0';
		return do_mkpeer(g, ni, &u.mkpeer, reply);
	case NGC_CONNECT:
		if (fixed_arg(h, arg, sizeof(u.connect), &u) == NULL)
			return -EINVAL;
		u.connect.path[NGC_PATHSIZ - 1] = '\0';
		u.connect.ourhook[NGC_HOOKSIZ - 1] = '\0';
		return do_connect(g, ni, &u.connect);
	case NGC_NAME:
		if (fixed_arg(h, arg, sizeof(u.name), &u) == NULL)
			return -EINVAL;
		return do_name(g, ni, &u.name);
	case NGC_RMHOOK:
		if (fixed_arg(h, arg, sizeof(u.rmhook), &u) == NULL)
			return -EINVAL;
		return do_rmhook(g, ni, u.rmhook.ourhook);
	case NGC_NODEINFO:
		ngc_buf_put(reply, ni, sizeof(*ni));
		return ngc_buf_error(reply);
	case NGC_LISTHOOKS:
		return reply_hooklist(g, ni, reply);
	case NGC_LISTNAMES:
	case NGC_LISTNODES:
		return reply_namelist(g, h->cmd == NGC_LISTNAMES, reply);
	case NGC_LISTTYPES:
		return reply_typelist(g, reply);
	case NGC_TEXT_STATUS:
		return reply_status(g, ni, reply);
	default:
		/* NGC_TEXT_CONFIG too: no node type here has a text config,
		 * as ng_iface has none */
		return -EINVAL;
	}
}

int
ngc_node_send(const struct ngc_graph *g, const struct ngc_nodeinfo *ni,
	      const void *msg, size_t len, struct ngc_buf *reply)
{
	struct ngc_mesg_hdr h;
	const uint8_t *arg;
	int ret;

	ret = ngc_msg_decode(msg, len, &h, &arg);
	if (ret != 0)
		return ret;
	if (h.flags & NGC_F_RESP)
		return -EINVAL;
	if (h.typecookie == NGC_GENERIC_COOKIE)
		return generic_msg(g, ni, &h, arg, reply);
	if (ni->id == NGC_SOCKET_ID)
		return -EINVAL;
	return g->ops->msg(g->ctx, ni->id, &h, arg, reply);
}
