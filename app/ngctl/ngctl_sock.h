/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef NGCTL_SOCK_H
#define NGCTL_SOCK_H

/**
 * @file
 * ngctl's own socket node ".".  In FreeBSD it is a netgraph node that
 * lives as long as the ngctl process, and "mkpeer . iface x inet" gives
 * it a hook x, so that later lines of the same session reach the new
 * node as ".:x" ("name .:x vpn0", "msg .:x getifname").  Here every
 * command is a connection of its own and the server keeps no session, so
 * ngctl keeps those hooks itself: the name, the peer hook's name, and the
 * ID of the node at the other end, which the server's -j mkpeer reply
 * gives.  A command's node
 * path that starts at one of them is rewritten to "[ID]:" before it is
 * sent, and "show ." lists them.  They carry no data, and the peer's hook
 * stays free in the driver; they end with the process, "rmhook . x", a
 * shutdown through them, or their node's going (found by "show ." or by a
 * new node taking its ID).
 */

#include <stdint.h>

#include "ngc_buf.h"
#include "ngc_cli.h"
#include "ngc_msg.h"

/** Hooks the socket keeps; one more is ENOSPC. */
#define NGCTL_SOCK_MAX_HOOKS 64

/** The socket has no room for one more hook. */
int ngctl_sock_full(void);

/** The socket has no hooks. */
int ngctl_sock_empty(void);

/**
 * A node was just made with this ID, so whatever node a hook still names
 * by it is gone (IDs are port numbers here, used again at once, where
 * netgraph's only grow): forget those hooks.
 */
void ngctl_sock_drop_id(uint32_t id);

/**
 * Index in w of the new hook's name when w is a mkpeer from the socket
 * ("mkpeer type hook peerhook", "mkpeer . type hook peerhook"), else -1.
 */
int ngctl_sock_mkpeer_hook(const struct ngc_cli_cmd *c,
			   const struct ngc_cli_words *w);

/**
 * Give the socket hook name, ending at hook peerhook of node id: -EEXIST,
 * -ENOSPC, or -EINVAL when either is no hook name (ngc_hook_valid: a
 * server that made the hook anyway is not believed; cut to fit, the name
 * kept would be one the user never gave).
 */
int ngctl_sock_add(const char *name, const char *peerhook, uint32_t id);

/**
 * The hook in slot i (0 .. NGCTL_SOCK_MAX_HOOKS - 1) as a link of the
 * socket: ourhook, peerhook and nodeinfo.id set.  0 for a free slot.
 */
int ngctl_sock_at(int i, struct ngc_linkinfo *l);

/** The socket has a hook of this name. */
int ngctl_sock_has(const char *name);

/**
 * "rmhook x" or "rmhook . x" for a hook the socket has: forget it and
 * return 1; 0 for any other command (the server answers it).
 */
int ngctl_sock_rmhook(const struct ngc_cli_cmd *c,
		      const struct ngc_cli_words *w);

/**
 * The words after the command word of text (split into w), with the
 * command's node path rewritten when it starts at a socket hook (".:x",
 * ".:x.inet", "x", "x.inet", one leading dot of the hook part dropped),
 * appended to out; for a connect from the socket, its relpath.  *hook is
 * the hook's index when the path names the node at its end itself (".:x",
 * "x": a shutdown through it ends the hook), else -1.
 */
int ngctl_sock_rewrite(const struct ngc_cli_cmd *c,
		       const struct ngc_cli_words *w, const char *text,
		       struct ngc_buf *out, int *hook);

/**
 * "show [-n] ." while the socket has hooks: 1, and *no_hooks for -n.
 * The server knows none of them, so ngctl shows the socket itself.
 */
int ngctl_sock_show(const struct ngc_cli_cmd *c,
		    const struct ngc_cli_words *w, int *no_hooks);

/** Forget the hook at index i (its node is gone, or rmhook . x). */
void ngctl_sock_forget(int i);

/**
 * From a -j mkpeer's reply body, the new node's ID: 0 and *id, or
 * -EPROTO when the body names none (ID 0 is the server's socket node,
 * never a node made).
 */
int ngctl_sock_reply_id(const char *body, uint32_t *id);

/**
 * From a JSON error body ({"error":{... "detail":"..."}}), the detail
 * as text into dst (cap bytes, NUL-terminated): 0, or -EPROTO.
 */
int ngctl_sock_reply_detail(const char *body, char *dst, size_t cap);

/**
 * From a -j show reply ({"node":{...},"hooks":[...]}), the node's name,
 * type, ID and hook count: 0, or -EPROTO.
 */
int ngctl_sock_reply_node(const char *body, struct ngc_nodeinfo *ni);

#endif /* NGCTL_SOCK_H */
