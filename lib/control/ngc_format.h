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
/** The hook table of show (nothing if n == 0). */
void ngc_fmt_hooks(struct ngc_buf *out, const struct ngc_linkinfo *l,
		   unsigned int n);
/** "There are N total types:" and the table. */
void ngc_fmt_types(struct ngc_buf *out, const struct ngc_typeinfo *t,
		   unsigned int n);
/** Rec'd response "%s" (%d) from "%s": and the Args line. */
void ngc_fmt_response(struct ngc_buf *out, const char *cmdstr, uint32_t cmd,
		      uint32_t id, const char *args);

void ngc_json_node(struct ngc_buf *out, const struct ngc_nodeinfo *ni);
void ngc_json_hooks(struct ngc_buf *out, const struct ngc_linkinfo *l,
		    unsigned int n);
void ngc_json_types(struct ngc_buf *out, const struct ngc_typeinfo *t,
		    unsigned int n);
void ngc_json_error(struct ngc_buf *out, int err, const char *detail);

#endif /* NGC_FORMAT_H */
