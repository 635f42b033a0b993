/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef NGC_GRAPH_H
#define NGC_GRAPH_H

/**
 * @file
 * The graph the commands act on, as a set of operations a backend provides.
 * The real backend (ngc_graph_pmd.c) builds the view from the PMD's public
 * API; tests may plug in their own.  Nodes are known by their 32-bit ID.
 * Every operation returns 0 (or a count) or a negative errno.
 */

#include <stdint.h>

#include "ngc_buf.h"
#include "ngc_msg.h"

/** The control socket's own node ("."): never listed, type "socket". */
#define NGC_SOCKET_ID		0u
#define NGC_SOCKET_TYPE		"socket"

struct ngc_graph_ops {
	/** Fill up to max nodes; return how many exist (may exceed max). */
	int (*list)(void *ctx, struct ngc_nodeinfo *nodes, unsigned int max);
	/** Node id's hooks and their peers; return the hook count. */
	int (*hooks)(void *ctx, uint32_t id, struct ngc_linkinfo *links,
		     unsigned int max);
	/** Text status of node id; -ENOTSUP if it has none. */
	int (*status)(void *ctx, uint32_t id, struct ngc_buf *out);
	/** Give node id a name ("" restores the default). */
	int (*name)(void *ctx, uint32_t id, const char *name);
	/**
	 * Create a node of m->type joined to id (may be NGC_SOCKET_ID).
	 * A hook already taken at either end: -EISCONN.
	 */
	int (*mkpeer)(void *ctx, uint32_t id, const struct ngc_mkpeer *m,
		      uint32_t *new_id);
	/** Join id's hook to peer's peerhook; a hook already taken: -EISCONN. */
	int (*connect)(void *ctx, uint32_t id, const char *hook, uint32_t peer,
		       const char *peerhook);
	/**
	 * Cut id's hook.  A hook the node does not have, or has but not
	 * connected: -ENOENT, -EPFNOSUPPORT (no such name) or -ENOTCONN,
	 * which the generic layer answers as success (NGM_RMHOOK); a hook
	 * the embedding application's guard keeps: its errno (-EBUSY).
	 */
	int (*rmhook)(void *ctx, uint32_t id, const char *hook);
	int (*shutdown)(void *ctx, uint32_t id);
	/**
	 * A non-generic message (iface, flow, hole) to node id.  A reply
	 * body, if the command has one, is appended to reply in binary form.
	 */
	int (*msg)(void *ctx, uint32_t id, const struct ngc_mesg_hdr *hdr,
		   const uint8_t *arg, struct ngc_buf *reply);
	/** The type names the backend knows, NULL-terminated. */
	const char *const *types;
};

struct ngc_graph {
	const struct ngc_graph_ops *ops;
	void *ctx;
};

/** The most cookies a node type understands: its own two and the generic. */
#define NGC_TYPE_COOKIES_MAX 3

/**
 * Cookies a node of type type understands, searched in this order; 0 when
 * max is below NGC_TYPE_COOKIES_MAX.
 */
unsigned int ngc_type_cookies(const char *type, uint32_t *cookies,
			      unsigned int max);

/**
 * The hook names a node of type type can have, NULL-terminated; NULL when
 * any name will do (echo, hole, rings: their one hook is named by mkpeer;
 * the socket node, whose hooks ngctl keeps).  For the error replies only:
 * the backend decides.
 */
const char *const *ngc_type_hooks(const char *type);

#endif /* NGC_GRAPH_H */
