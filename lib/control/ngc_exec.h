/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef NGC_EXEC_H
#define NGC_EXEC_H

/**
 * @file
 * Execute one request, an ngctl command line, against a graph.  The line
 * may start with "-j" for a JSON body.  The reply is a status (0 or a
 * positive errno) and a body: what ngctl prints, or on error the cause.
 */

#include "ngc_buf.h"
#include "ngc_graph.h"

struct ngc_reply {
	int status;
	struct ngc_buf body;
};

void ngc_reply_init(struct ngc_reply *r);
void ngc_reply_free(struct ngc_reply *r);

/** Run line (NUL-terminated, no newline needed) on g, filling r. */
void ngc_exec(const struct ngc_graph *g, const char *line,
	      struct ngc_reply *r);

/**
 * An extension command: the embedding application's handler for a
 * command the table flags ext (ngc_cli.h).  It gets the graph the request
 * runs on (to read a path as the other commands do: ngc_node_resolve()),
 * the words after the command word and json (the request's -j).  On
 * success it returns 0 with the body in out; on failure a negative errno
 * with one line naming the cause in out (no newline), which becomes the
 * error reply.
 */
typedef int (*ngc_ext_fn)(void *arg, const struct ngc_graph *g, int argc,
			  char *const argv[], int json, struct ngc_buf *out);

struct ngc_ext_cmd {
	const char *name;	/**< the table's command name ("capture") */
	ngc_ext_fn fn;
	void *arg;
};

/** ngc_exec() with nb extension handlers (ext may be NULL if nb is 0). */
void ngc_exec_ext(const struct ngc_graph *g, const struct ngc_ext_cmd *ext,
		  unsigned int nb, const char *line, struct ngc_reply *r);

#endif /* NGC_EXEC_H */
