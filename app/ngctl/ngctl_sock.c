/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * ngctl's socket node and its hooks (see ngctl_sock.h): a table for the
 * life of the process, the commands that start at the socket, the
 * rewriting of a node path that starts at one of its hooks, and what
 * keeping them reads from the server's JSON replies (a new node's ID, a
 * node, an error's detail: ngctl_json.c reads them).
 */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ngc_graph.h"
#include "ngc_msg.h"
#include "ngc_path.h"
#include "ngctl_json.h"
#include "ngctl_sock.h"

struct sock_hook {
	char name[NGC_HOOKSIZ];		/* "" for a free slot */
	char peerhook[NGC_HOOKSIZ];	/* its hook at the other end */
	uint32_t id;			/* the node at the other end */
};

static struct sock_hook hooks[NGCTL_SOCK_MAX_HOOKS];

/************************************************************************
			THE TABLE
 ************************************************************************/

static int
sock_find(const char *name, size_t len)
{
	int i;

	if (len == 0 || len >= NGC_HOOKSIZ)
		return -1;
	for (i = 0; i < NGCTL_SOCK_MAX_HOOKS; i++)
		if (strncmp(hooks[i].name, name, len) == 0 &&
		    hooks[i].name[len] == '\0')
			return i;
	return -1;
}

int
ngctl_sock_add(const char *name, const char *peerhook, uint32_t id)
{
	int i;

	/*
	 * What the server's mkpeer takes and no more: snprintf below would
	 * cut a longer name to one sock_find never matches to what the user
	 * types, and the next such mkpeer would add it a second time.
	 */
	if (!ngc_hook_valid(name) || !ngc_hook_valid(peerhook))
		return -EINVAL;
	if (sock_find(name, strlen(name)) >= 0)
		return -EEXIST;
	for (i = 0; i < NGCTL_SOCK_MAX_HOOKS; i++)
		if (hooks[i].name[0] == '\0') {
			snprintf(hooks[i].name, sizeof(hooks[i].name), "%s",
				 name);
			snprintf(hooks[i].peerhook, sizeof(hooks[i].peerhook),
				 "%s", peerhook);
			hooks[i].id = id;
			return 0;
		}
	return -ENOSPC;
}

int
ngctl_sock_has(const char *name)
{
	return sock_find(name, strlen(name)) >= 0;
}

static int
sock_used(void)
{
	int i, n = 0;

	for (i = 0; i < NGCTL_SOCK_MAX_HOOKS; i++)
		n += hooks[i].name[0] != '\0';
	return n;
}

int
ngctl_sock_full(void)
{
	return sock_used() == NGCTL_SOCK_MAX_HOOKS;
}

int
ngctl_sock_empty(void)
{
	return sock_used() == 0;
}

void
ngctl_sock_drop_id(uint32_t id)
{
	int i;

	for (i = 0; i < NGCTL_SOCK_MAX_HOOKS; i++)
		if (hooks[i].name[0] != '\0' && hooks[i].id == id)
			ngctl_sock_forget(i);
}

int
ngctl_sock_at(int i, struct ngc_linkinfo *l)
{
	if (i < 0 || i >= NGCTL_SOCK_MAX_HOOKS || hooks[i].name[0] == '\0')
		return 0;
	memset(l, 0, sizeof(*l));
	memcpy(l->ourhook, hooks[i].name, sizeof(l->ourhook));
	memcpy(l->peerhook, hooks[i].peerhook, sizeof(l->peerhook));
	l->nodeinfo.id = hooks[i].id;
	return 1;
}

void
ngctl_sock_forget(int i)
{
	if (i >= 0 && i < NGCTL_SOCK_MAX_HOOKS)
		hooks[i].name[0] = '\0';
}

/************************************************************************
			COMMANDS THAT START AT THE SOCKET
 ************************************************************************/

static bool
is_socket(const char *path)
{
	return strcmp(path, ".") == 0 || strcmp(path, ".:") == 0;
}

int
ngctl_sock_mkpeer_hook(const struct ngc_cli_cmd *c,
		       const struct ngc_cli_words *w)
{
	if (c->id != NGC_CLI_MKPEER)
		return -1;
	if (w->argc == 4)
		return 2;
	if (w->argc == 5 && is_socket(w->argv[1]))
		return 3;
	return -1;
}

int
ngctl_sock_rmhook(const struct ngc_cli_cmd *c, const struct ngc_cli_words *w)
{
	const char *name;
	int i;

	if (c->id != NGC_CLI_RMHOOK)
		return 0;
	if (w->argc == 2)
		name = w->argv[1];
	else if (w->argc == 3 && is_socket(w->argv[1]))
		name = w->argv[2];
	else
		return 0;
	i = sock_find(name, strlen(name));
	if (i < 0)
		return 0;
	ngctl_sock_forget(i);
	return 1;
}

/*
 * The word that names the node the command acts on, or -1; for a connect
 * from the socket, its relpath, which is relative to the socket.
 */
static int
path_word(const struct ngc_cli_cmd *c, const struct ngc_cli_words *w)
{
	int i = 1;

	switch (c->id) {
	case NGC_CLI_SHOW:	/* show [-n] path, flags as getopt reads */
		while (i < w->argc && w->argv[i][0] == '-' &&
		       w->argv[i][1] != '\0') {
			if (strcmp(w->argv[i++], "--") == 0)
				break;
		}
		return i < w->argc ? i : -1;
	case NGC_CLI_MSG:
	case NGC_CLI_NAME:
	case NGC_CLI_SHUTDOWN:
	case NGC_CLI_STATUS:
	case NGC_CLI_CONFIG:
		return w->argc > 1 ? 1 : -1;
	case NGC_CLI_MKPEER:
		return w->argc == 5 ? 1 : -1;
	case NGC_CLI_CONNECT:
		/* from the socket, the relpath starts there too */
		if (w->argc == 4)
			return 1;
		if (w->argc == 5)
			return is_socket(w->argv[1]) ? 2 : 1;
		return -1;
	case NGC_CLI_RMHOOK:
		return w->argc == 3 ? 1 : -1;
	default:
		return -1;
	}
}

/*
 * The socket hook a path starts at, read as the server reads paths
 * (ngc_path_parse): ".:x", ".:x.more", or relative to the socket "x",
 * "x.more", one dot at either end of the hook part dropped (".:.x").
 * A path the server would refuse ("x..inet": EINVAL) is left to it.
 */
static int
path_hook(const char *path, struct ngc_path *p)
{
	if (ngc_path_parse(path, p) != 0 || p->kind != NGC_ADDR_SELF ||
	    p->nb_hooks == 0)
		return -1;
	return sock_find(p->hooks[0], strlen(p->hooks[0]));
}

int
ngctl_sock_show(const struct ngc_cli_cmd *c, const struct ngc_cli_words *w,
		int *no_hooks)
{
	int i = path_word(c, w), k;

	if (c->id != NGC_CLI_SHOW || i < 0 || i != w->argc - 1 ||
	    !is_socket(w->argv[i]))
		return 0;
	/* only what the server's show takes: -n, repeated or not, and "--";
	 * any other flag is its usage error to give */
	*no_hooks = 0;
	if (ngctl_sock_empty())
		return 0;
	for (k = 1; k < i; k++) {
		if (strcmp(w->argv[k], "--") == 0)
			continue;
		if (strspn(w->argv[k] + 1, "n") != strlen(w->argv[k] + 1))
			return 0;
		*no_hooks = 1;
	}
	return 1;
}

int
ngctl_sock_rewrite(const struct ngc_cli_cmd *c, const struct ngc_cli_words *w,
		   const char *text, struct ngc_buf *out, int *hook)
{
	const char *args = text + w->off[0] + strlen(w->argv[0]);
	int i = path_word(c, w);
	struct ngc_path p;
	int k = i < 0 ? -1 : path_hook(w->argv[i], &p);
	unsigned int h;
	size_t at;

	*hook = -1;
	if (k < 0)
		return ngc_buf_puts(out, args);
	if (p.nb_hooks == 1)
		*hook = k;
	at = w->off[i];
	ngc_buf_put(out, args, (size_t)(text + at - args));
	ngc_buf_printf(out, "[%x]:", hooks[k].id);
	for (h = 1; h < p.nb_hooks; h++)
		ngc_buf_printf(out, "%s%s", h > 1 ? "." : "", p.hooks[h]);
	return ngc_buf_puts(out, text + at + strlen(w->argv[i]));
}

/************************************************************************
			WHAT THE REPLIES SAY
 ************************************************************************/

int
ngctl_sock_reply_id(const char *body, uint32_t *id)
{
	const char *peer = ngctl_json_key(body, "peer");
	uint32_t v;

	/*
	 * 0 is the server's own socket node, which no mkpeer makes: a hook
	 * kept on it would be rewritten to "[0]:", which the server reads
	 * as a name (ngc_path_parse: no ID is 0), so it would reach nothing.
	 */
	if (ngctl_json_u32(ngctl_json_key(peer, "id"), &v) != 0 ||
	    v == NGC_SOCKET_ID)
		return -EPROTO;
	*id = v;
	return 0;
}

int
ngctl_sock_reply_detail(const char *body, char *dst, size_t cap)
{
	return ngctl_json_str(ngctl_json_key(body, "detail"), dst, cap);
}

int
ngctl_sock_reply_node(const char *body, struct ngc_nodeinfo *ni)
{
	const char *node = ngctl_json_key(body, "node");

	memset(ni, 0, sizeof(*ni));
	if (node == NULL ||
	    ngctl_json_str(ngctl_json_key(node, "name"), ni->name,
			   sizeof(ni->name)) ||
	    ngctl_json_str(ngctl_json_key(node, "type"), ni->type,
			   sizeof(ni->type)) ||
	    ngctl_json_u32(ngctl_json_key(node, "id"), &ni->id) ||
	    ngctl_json_u32(ngctl_json_key(node, "hooks"), &ni->hooks))
		return -EPROTO;
	return 0;
}
