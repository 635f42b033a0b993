/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef NGC_NODE_H
#define NGC_NODE_H

/**
 * @file
 * Message delivery: resolve a path to a node, and deliver a binary message
 * to it, answering the generic messages from the graph operations and
 * handing the type-specific ones to the backend.
 */

#include "ngc_graph.h"

/** Path to node info; relative paths, "." and ".:" start at node from. */
int ngc_node_resolve(const struct ngc_graph *g, uint32_t from,
		     const char *path, struct ngc_nodeinfo *ni);

/**
 * Node ni as a path reaches it, into buf: "name:", or "[id]:" (hex) when
 * it has no name.
 */
void ngc_node_path(const struct ngc_nodeinfo *ni, char *buf, size_t size);

/**
 * Deliver binary message msg (len bytes) to node ni.  The reply's argument
 * bytes, if the command has a reply, are appended to reply.
 */
int ngc_node_send(const struct ngc_graph *g, const struct ngc_nodeinfo *ni,
		  const void *msg, size_t len, struct ngc_buf *reply);

#endif /* NGC_NODE_H */
