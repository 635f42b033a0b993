/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef NGC_CLIENT_H
#define NGC_CLIENT_H

/**
 * @file
 * Client side of the control socket: send one request line, wait for the
 * reply within a deadline.
 */

#include <stddef.h>

struct ngc_client_reply {
	int status;		/**< 0 or positive errno from the server */
	char name[32];		/**< "OK", "EBUSY", ... */
	char text[160];		/**< strerror text */
	char *body;		/**< NUL-terminated, malloc'ed */
	size_t body_len;
};

/**
 * Connect to the socket at path, send line (a newline is added), read the
 * reply.  Returns 0 when a reply arrived (see r->status), or a negative
 * errno: -ENOENT/-ECONNREFUSED no server, -EACCES socket permissions,
 * -ETIMEDOUT, -EPROTO malformed reply, -EMSGSIZE line too long, -EINVAL
 * a line with a newline in it (the server would take what follows it for
 * a request of its own), nothing sent.
 */
int ngc_client_request(const char *path, const char *line,
		       unsigned int timeout_ms, struct ngc_client_reply *r);

void ngc_client_reply_free(struct ngc_client_reply *r);

#endif /* NGC_CLIENT_H */
