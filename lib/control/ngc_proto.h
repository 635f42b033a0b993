/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef NGC_PROTO_H
#define NGC_PROTO_H

/**
 * @file
 * The control socket protocol.  One request, one reply, then the server
 * closes the connection.
 *
 * Request: one line of text ending in '\n' (or at the client's shutdown
 * of its sending side; text cut by a close of the whole socket is not
 * run), at most NGC_REQ_MAX bytes with the newline (so NGC_REQ_MAX - 1
 * of text, however it ends), no NUL byte: an ngctl command line,
 * optionally starting with "-j" for JSON.
 *
 * Reply: a header line, then exactly <bodylen> bytes of body:
 *   "NGC1 <errno> <ERRNAME> <bodylen> <strerror text>\n"
 * errno is 0 (ERRNAME "OK") on success.
 */

#define NGC_PROTO_MAGIC		"NGC1"
#define NGC_REQ_MAX		65536u
#define NGC_REPLY_HDR_MAX	256u
#define NGC_REPLY_BODY_MAX	(4u << 20)
#define NGC_DEFAULT_SOCKET	"/var/run/ngiface/ngctl.sock"
#define NGC_DEFAULT_TIMEOUT_MS	5000u

#endif /* NGC_PROTO_H */
