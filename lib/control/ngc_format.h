/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef NGC_FORMAT_H
#define NGC_FORMAT_H

/**
 * @file
 * Output of the ngctl commands, as FreeBSD's ngctl prints it, and the same
 * information as JSON.
 */

#include "ngc_buf.h"
#include "ngc_msg.h"

#define NGC_UNNAMED "<unnamed>"

/** "  Name: ng0             Type: iface           ID: 00000001   Num hooks: 0" */
void ngc_fmt_node(struct ngc_buf *out, const struct ngc_nodeinfo *ni);
/** "There are N total types:" and the table. */
void ngc_fmt_types(struct ngc_buf *out, const struct ngc_typeinfo *t,
		   unsigned int n);
/** Rec'd response "%s" (%d) from "%s": and the Args line. */
void ngc_fmt_response(struct ngc_buf *out, const char *cmdstr, uint32_t cmd,
		      uint32_t id, const char *args);

/**
 * ngctl dot: the graph in Graphviz's language.  ngc_dot_begin, a
 * ngc_dot_node per node (a record: name, type, ID), ngc_dot_hooks_begin,
 * ngc_dot_links per node, ngc_dot_end.  Hooks are small nodes of their own
 * joined to their node and to their peer hook; compact draws each link as
 * one edge between the two nodes, labelled with the hooks at its ends.
 */
void ngc_dot_begin(struct ngc_buf *out);
void ngc_dot_node(struct ngc_buf *out, const struct ngc_nodeinfo *ni);
void ngc_dot_hooks_begin(struct ngc_buf *out, int compact);
void ngc_dot_links(struct ngc_buf *out, uint32_t id,
		   const struct ngc_linkinfo *l, unsigned int n, int compact);
void ngc_dot_end(struct ngc_buf *out);

/**
 * What show prints of a node: its line and, unless no_hooks, its hook
 * table; with json {"node":...,"hooks":[...]} (no newline).
 */
void ngc_show(struct ngc_buf *out, int json, const struct ngc_nodeinfo *ni,
	      const struct ngc_linkinfo *l, unsigned int n, int no_hooks);

void ngc_json_node(struct ngc_buf *out, const struct ngc_nodeinfo *ni);
void ngc_json_hooks(struct ngc_buf *out, const struct ngc_linkinfo *l,
		    unsigned int n);
void ngc_json_types(struct ngc_buf *out, const struct ngc_typeinfo *t,
		    unsigned int n);
void ngc_json_error(struct ngc_buf *out, int err, const char *detail);

#endif /* NGC_FORMAT_H */
