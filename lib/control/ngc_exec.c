/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * The ngctl commands on the server side: each one turns its words into a
 * netgraph message, delivers it, and formats the reply the way FreeBSD's
 * ngctl prints it (or as JSON).
 */

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ngc_buf.h"
#include "ngc_cli.h"
#include "ngc_exec.h"
#include "ngc_format.h"
#include "ngc_node.h"
#include "ngc_path.h"

struct exec {
	const struct ngc_graph *g;
	const struct ngc_ext_cmd *ext;	/* the embedder's extension commands */
	unsigned int nb_ext;
	struct ngc_reply *r;
	struct ngc_buf *out;
	int json;
	const char *line;		/* the request as received */
	const struct ngc_cli_cmd *cmd;
	int argc;			/* words after the command word */
	char **argv;
	size_t *off;			/* offsets of argv in line */
};

typedef int (*exec_fn)(struct exec *x);

/************************************************************************
			REPLIES AND ERRORS
 ************************************************************************/

void
ngc_reply_init(struct ngc_reply *r)
{
	r->status = 0;
	ngc_buf_init(&r->body, NGC_MSG_MAX * 4);
}

void
ngc_reply_free(struct ngc_reply *r)
{
	ngc_buf_free(&r->body);
}

/*
 * Record error err (negative) with a detail line; returns err.  The
 * detail quotes what the client sent (a command word, a path, a name, a
 * msg token), whatever bytes it holds: it goes out through ngc_esc(), so
 * that no terminal escape reaches the client's terminal, nor a script's
 * that prints the JSON's detail.  One line: a newline at its end is cut.
 */
static int __attribute__((format(printf, 3, 4)))
fail(struct exec *x, int err, const char *fmt, ...)
{
	char detail[256], shown[NGC_ESC_SIZE(sizeof(detail))];
	size_t len;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	len = strlen(detail);
	while (len > 0 && detail[len - 1] == '\n')
		detail[--len] = '\0';
	ngc_esc(detail, shown, sizeof(shown));
	x->r->status = -err;
	ngc_buf_reset(x->out);
	if (x->json)
		ngc_json_error(x->out, -err, shown);
	else
		ngc_buf_printf(x->out, "%s\n", shown);
	return err;
}

static int
usage(struct exec *x)
{
	return fail(x, -EINVAL, "usage: %s", x->cmd->usage);
}

/*
 * Parse "-l", "-n", "-ln" style flags as getopt(3) does, which FreeBSD's
 * ngctl uses: "--" ends them, a lone "-" is an argument.  Returns the
 * first non-flag index, -1 for a flag not allowed.
 */
static int
flags(struct exec *x, const char *allowed, int *seen)
{
	int i;
	const char *p;

	for (i = 0; i < x->argc && x->argv[i][0] == '-' &&
	     x->argv[i][1] != '\0'; i++) {
		if (strcmp(x->argv[i], "--") == 0)
			return i + 1;
		for (p = x->argv[i] + 1; *p != '\0'; p++) {
			if (strchr(allowed, *p) == NULL)
				return -1;
			seen[(unsigned char)*p % 32] = 1;
		}
	}
	return i;
}

/************************************************************************
			MESSAGE DELIVERY
 ************************************************************************/

static int
resolve(struct exec *x, const char *path, struct ngc_nodeinfo *ni)
{
	int ret = ngc_node_resolve(x->g, NGC_SOCKET_ID, path, ni);

	if (ret == -ENOENT)
		return fail(x, ret, "%s: node not found: \"%s\"",
			    x->cmd->name, path);
	if (ret != 0)
		return fail(x, ret, "%s: bad path \"%s\"", x->cmd->name, path);
	return 0;
}

static_assert(sizeof(struct ngc_connect) <= NGC_TEXT_MAX,
	      "send_resolved's buffer holds every generic argument");

/*
 * Build generic message cmd with argument arg, send it to the node ni that
 * path resolved to.
 */
static int
send_resolved(struct exec *x, const char *path,
	      const struct ngc_nodeinfo *ni, uint32_t cmd, const void *arg,
	      size_t arglen, struct ngc_buf *reply)
{
	const struct ngc_cmd *c = ngc_cmd_by_num(NGC_GENERIC_COOKIE, cmd);
	uint8_t msg[NGC_HDR_LEN + NGC_TEXT_MAX];
	struct ngc_buf scratch;
	int len, ret;

	len = ngc_msg_encode(c, 0, 0, arg, arglen, msg, sizeof(msg));
	if (len < 0)
		return fail(x, len, "%s: message too long", x->cmd->name);
	ngc_buf_init(&scratch, NGC_MSG_MAX);
	ret = ngc_node_send(x->g, ni, msg, (size_t)len,
			    reply != NULL ? reply : &scratch);
	ngc_buf_free(&scratch);
	if (ret != 0)
		return fail(x, ret, "%s: %s \"%s\": %s", x->cmd->name, c->name,
			    path, strerror(-ret));
	return 0;
}

/* Resolve path into *ni, then send_resolved. */
static int
send_generic(struct exec *x, const char *path, uint32_t cmd,
	     const void *arg, size_t arglen, struct ngc_buf *reply,
	     struct ngc_nodeinfo *ni)
{
	int ret = resolve(x, path, ni);

	return ret != 0 ? ret :
		send_resolved(x, path, ni, cmd, arg, arglen, reply);
}

static int
copy_str(struct exec *x, char *dst, size_t size, const char *src)
{
	if (strlen(src) >= size)
		return fail(x, -ENAMETOOLONG, "%s: \"%.40s\": name too long",
			    x->cmd->name, src);
	snprintf(dst, size, "%s", src);
	return 0;
}

/************************************************************************
			LIST, SHOW, TYPES, STATUS
 ************************************************************************/

/*
 * The hooks of the node at path (LISTHOOKS): the node itself into *self,
 * n links at *l, both inside reply, which the caller frees.
 */
static int
fetch_hooks(struct exec *x, const char *path, struct ngc_buf *reply,
	    struct ngc_nodeinfo *self, uint32_t *n,
	    const struct ngc_linkinfo **l)
{
	struct ngc_nodeinfo ni;
	int ret;

	ngc_buf_init(reply, NGC_MSG_MAX);
	ret = send_generic(x, path, NGC_LISTHOOKS, NULL, 0, reply, &ni);
	if (ret == 0 && reply->len < sizeof(*self) + sizeof(*n))
		ret = fail(x, -EPROTO, "%s: short reply", x->cmd->name);
	if (ret != 0) {
		ngc_buf_free(reply);
		return ret;
	}
	memcpy(self, reply->p, sizeof(*self));
	memcpy(n, reply->p + sizeof(*self), sizeof(*n));
	/* the count must fit what came: a reply is never read past its end */
	if ((reply->len - sizeof(*self) - sizeof(*n)) / sizeof(**l) < *n) {
		ngc_buf_free(reply);
		return fail(x, -EPROTO, "%s: reply shorter than its %u hooks",
			    x->cmd->name, *n);
	}
	*l = (const struct ngc_linkinfo *)(reply->p + sizeof(*self) +
					   sizeof(*n));
	return 0;
}

static int
show_node(struct exec *x, const char *path, int no_hooks, int json_sep)
{
	/* set by fetch_hooks; NULL for GCC's -O3 flow analysis */
	const struct ngc_linkinfo *l = NULL;
	struct ngc_nodeinfo self;
	struct ngc_buf reply;
	uint32_t n;
	int ret;

	ret = fetch_hooks(x, path, &reply, &self, &n, &l);
	if (ret != 0)
		return ret;
	if (x->json && json_sep)
		ngc_buf_puts(x->out, ",");
	ngc_show(x->out, x->json, &self, l, n, no_hooks);
	ngc_buf_free(&reply);
	return 0;
}

static int
exec_show(struct exec *x)
{
	int seen[32] = { 0 }, i = flags(x, "n", seen), ret;

	if (i < 0 || x->argc - i != 1)
		return usage(x);
	ret = show_node(x, x->argv[i], seen['n' % 32], 0);
	if (ret == 0 && x->json)
		ngc_buf_puts(x->out, "\n");
	return ret;
}

/*
 * A node removed between the list and its show (-l) fails the command, as
 * in dot: fail() has replaced the output with the error, so nothing more
 * may be appended to it.
 */
static int
list_print(struct exec *x, const struct ngc_nodeinfo *v, uint32_t n,
	   int named, int lng)
{
	char path[16];
	uint32_t i;
	int ret;

	if (!x->json)
		ngc_buf_printf(x->out, "There are %u total %snodes:\n", n,
			       named ? "named " : "");
	else
		ngc_buf_puts(x->out, "{\"nodes\":[");
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "[%x]:", v[i].id);
		if (lng) {
			ret = show_node(x, path, 0, i != 0);
			if (ret != 0)
				return ret;
			continue;
		}
		if (x->json) {
			ngc_buf_puts(x->out, i != 0 ? "," : "");
			ngc_json_node(x->out, &v[i]);
		} else {
			ngc_fmt_node(x->out, &v[i]);
		}
	}
	if (x->json)
		ngc_buf_puts(x->out, "]}\n");
	return 0;
}

/* Every node (LISTNODES), or the named ones: *v, n of them, to free. */
static int
fetch_nodes(struct exec *x, int named, struct ngc_nodeinfo **v, uint32_t *n)
{
	struct ngc_nodeinfo ni;
	struct ngc_buf reply;
	int ret;

	ngc_buf_init(&reply, NGC_MSG_MAX * 2);
	ret = send_generic(x, ".", named ? NGC_LISTNAMES : NGC_LISTNODES,
			   NULL, 0, &reply, &ni);
	if (ret == 0 && reply.len < sizeof(*n))
		ret = fail(x, -EPROTO, "%s: short reply", x->cmd->name);
	if (ret == 0) {
		memcpy(n, reply.p, sizeof(*n));
		if ((reply.len - sizeof(*n)) / sizeof(**v) < *n)
			ret = fail(x, -EPROTO,
				   "%s: reply shorter than its %u nodes",
				   x->cmd->name, *n);
	}
	if (ret == 0) {
		*v = malloc(*n * sizeof(**v) + 1);
		if (*v == NULL)
			ret = fail(x, -ENOMEM, "%s: out of memory",
				   x->cmd->name);
		else
			memcpy(*v, reply.p + sizeof(*n), *n * sizeof(**v));
	}
	ngc_buf_free(&reply);
	return ret;
}

static int
exec_list(struct exec *x)
{
	int seen[32] = { 0 }, i = flags(x, "ln", seen), ret;
	int named = seen['n' % 32];
	struct ngc_nodeinfo *v;
	uint32_t n;

	if (i < 0 || i != x->argc)
		return usage(x);
	ret = fetch_nodes(x, named, &v, &n);
	if (ret == 0) {
		ret = list_print(x, v, n, named, seen['l' % 32]);
		free(v);
	}
	return ret;
}

/*
 * dot [-c]: the whole graph for Graphviz (ngctl dot | dot -Tsvg).  Every
 * node first, then each node's links.  A node removed between the list
 * and the read of its hooks fails the command (ENOENT), as show would.
 */
static int
exec_dot(struct exec *x)
{
	int seen[32] = { 0 }, i = flags(x, "c", seen), ret;
	const int compact = seen['c' % 32];
	const struct ngc_linkinfo *l = NULL;	/* as in show_node */
	struct ngc_nodeinfo *v, self;
	struct ngc_buf reply;
	char path[16];
	uint32_t n, k, nh;

	if (i < 0 || i != x->argc)
		return usage(x);
	if (x->json)
		return fail(x, -EINVAL, "dot: no JSON form (it prints Graphviz)");
	ret = fetch_nodes(x, 0, &v, &n);
	if (ret != 0)
		return ret;
	ngc_dot_begin(x->out);
	for (k = 0; k < n; k++)
		ngc_dot_node(x->out, &v[k]);
	ngc_dot_hooks_begin(x->out, compact);
	for (k = 0; k < n && ret == 0; k++) {
		snprintf(path, sizeof(path), "[%x]:", v[k].id);
		ret = fetch_hooks(x, path, &reply, &self, &nh, &l);
		if (ret == 0) {
			ngc_dot_links(x->out, self.id, l, nh, compact);
			ngc_buf_free(&reply);
		}
	}
	if (ret == 0)
		ngc_dot_end(x->out);
	free(v);
	return ret;
}

static int
exec_types(struct exec *x)
{
	struct ngc_typeinfo t[NGC_MAX_TYPES];
	struct ngc_nodeinfo ni;
	struct ngc_buf reply;
	uint32_t n;
	int ret;

	if (x->argc != 0)
		return usage(x);
	ngc_buf_init(&reply, NGC_MSG_MAX);
	ret = send_generic(x, ".", NGC_LISTTYPES, NULL, 0, &reply, &ni);
	/* as fetch_nodes: never read past the reply (NULL when empty) */
	if (ret == 0 && reply.len < sizeof(n))
		ret = fail(x, -EPROTO, "%s: short reply", x->cmd->name);
	if (ret == 0) {
		memcpy(&n, reply.p, sizeof(n));
		if ((reply.len - sizeof(n)) / sizeof(t[0]) < n)
			ret = fail(x, -EPROTO,
				   "%s: reply shorter than its %u types",
				   x->cmd->name, n);
	}
	if (ret == 0) {
		if (n > NGC_MAX_TYPES)
			n = NGC_MAX_TYPES;
		memcpy(t, reply.p + sizeof(n), n * sizeof(t[0]));
		if (x->json)
			ngc_json_types(x->out, t, n);
		else
			ngc_fmt_types(x->out, t, n);
	}
	ngc_buf_free(&reply);
	return ret;
}

/*
 * The text a status or config message brought back, printed as FreeBSD's
 * ngctl prints it ("Status for "ng0:":" and the text), or, when the node
 * answered none_err, that it has none (exit 0).  what is "status" or
 * "config"; the path is the command's first word.
 */
static int
text_reply(struct exec *x, const char *what, int none_err, int ret,
	   struct ngc_buf *reply)
{
	const char *path = x->argv[0];
	char shown[NGC_ESC_SIZE(NGC_PATHSIZ)];

	if (ret == none_err) {
		x->r->status = 0;
		ngc_buf_reset(x->out);
		if (x->json)
			ngc_buf_printf(x->out, "{\"%s\":null}\n", what);
		else
			ngc_buf_printf(x->out, "No %s available for \"%s\"\n",
				       what, ngc_esc(path, shown, sizeof(shown)));
		return 0;
	}
	if (ret != 0)
		return ret;
	/* the text came with its NUL: drop it, then the newlines before it */
	while (reply->len > 0 && (reply->p[reply->len - 1] == '\0' ||
				  reply->p[reply->len - 1] == '\n'))
		reply->p[--reply->len] = '\0';
	if (x->json) {
		ngc_buf_printf(x->out, "{\"%s\":", what);
		ngc_buf_json_str(x->out, ngc_buf_str(reply));
		ngc_buf_puts(x->out, "}\n");
	} else {
		ngc_buf_printf(x->out, "%c%s for \"%s\":\n%s\n",
			       toupper((unsigned char)what[0]), what + 1,
			       ngc_esc(path, shown, sizeof(shown)),
			       ngc_buf_str(reply));
	}
	return 0;
}

/*
 * config <path> [arguments]: the arguments, joined by spaces, in a text
 * config message.  A node without a text config answers EINVAL, reported
 * as FreeBSD's ngctl reports it (exit 0); the path is resolved apart, so
 * that a bad one is still an error.
 */
static int
exec_config(struct exec *x)
{
	char text[NGC_TEXT_MAX];
	struct ngc_nodeinfo ni;
	struct ngc_buf reply;
	size_t len = 0;
	int i, n, ret;

	if (x->argc < 1)
		return usage(x);
	text[0] = '\0';
	for (i = 1; i < x->argc; i++) {
		n = snprintf(text + len, sizeof(text) - len, "%s%s",
			     i > 1 ? " " : "", x->argv[i]);
		if (n < 0 || (size_t)n >= sizeof(text) - len)
			return fail(x, -E2BIG, "config: arguments longer than "
				    "%zu bytes", sizeof(text) - 1);
		len += (size_t)n;
	}
	ret = resolve(x, x->argv[0], &ni);
	if (ret != 0)
		return ret;
	ngc_buf_init(&reply, NGC_MSG_MAX);
	ret = send_resolved(x, x->argv[0], &ni, NGC_TEXT_CONFIG,
			    len != 0 ? text : NULL, len != 0 ? len + 1 : 0,
			    &reply);
	ret = text_reply(x, "config", -EINVAL, ret, &reply);
	ngc_buf_free(&reply);
	return ret;
}

static int
exec_status(struct exec *x)
{
	struct ngc_nodeinfo ni;
	struct ngc_buf reply;
	int ret;

	if (x->argc != 1)
		return usage(x);
	ngc_buf_init(&reply, NGC_MSG_MAX);
	ret = send_generic(x, x->argv[0], NGC_TEXT_STATUS, NULL, 0, &reply,
			   &ni);
	ret = text_reply(x, "status", -ENOTSUP, ret, &reply);
	ngc_buf_free(&reply);
	return ret;
}

/************************************************************************
			GRAPH CHANGES
 ************************************************************************/

static int
ok(struct exec *x)
{
	if (x->json)
		ngc_buf_puts(x->out, "{\"ok\":true}\n");
	return 0;
}

/* One string argument of a graph change: where it goes, and its room. */
struct str_arg {
	char *dst;
	size_t size;
};

#define STR_ARG(field) { (field), sizeof(field) }
#define NB_STR_ARGS(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The graph changes that take strings only: copy argv[first..] into the
 * message's fields, send cmd to path; its reply body into reply (NULL:
 * none wanted).
 */
static int
send_words(struct exec *x, const char *path, uint32_t cmd, int first,
	   const struct str_arg *args, unsigned int n, const void *msg,
	   size_t len, struct ngc_buf *reply)
{
	struct ngc_nodeinfo ni;
	unsigned int i;
	int ret = 0;

	for (i = 0; i < n && ret == 0; i++)
		ret = copy_str(x, args[i].dst, args[i].size,
			       x->argv[first + i]);
	return ret != 0 ? ret :
		send_generic(x, path, cmd, msg, len, reply, &ni);
}

/* send_words, then answer ok */
static int
send_strings(struct exec *x, const char *path, uint32_t cmd, int first,
	     const struct str_arg *args, unsigned int n, const void *msg,
	     size_t len)
{
	int ret = send_words(x, path, cmd, first, args, n, msg, len, NULL);

	return ret != 0 ? ret : ok(x);
}

/*
 * The node refused a name or hook (EINVAL) that the naming rules of
 * ngc_path.c forbid: say which word and the rule, where the node's answer
 * named only the path.  Any other failure is left as it was.
 */
static int
explain_word(struct exec *x, int ret, const char *what, const char *word,
	     int (*valid)(const char *))
{
	if (ret != -EINVAL || valid(word))
		return ret;
	return fail(x, -EINVAL, "%s: %s \"%.40s\": no '.', ':', '[', ']', "
		    "'\"', blank or control character, and beyond ASCII only "
		    "whole UTF-8 sequences", x->cmd->name, what, word);
}

/*
 * A name in use (EADDRINUSE, which alone named the path, not the name):
 * say which node has it, or that it is the node's own (netgraph refuses
 * that too).  The holder by its ID: its path by name is the name itself.
 */
static int
explain_name_taken(struct exec *x, int ret, const char *path,
		   const char *name)
{
	struct ngc_nodeinfo self, holder;
	char at[NGC_NODESIZ + 4];

	if (ret != -EADDRINUSE ||
	    ngc_node_resolve(x->g, NGC_SOCKET_ID, path, &self) != 0 ||
	    ngc_name_valid(name) == 0 || strlen(name) >= sizeof(at) - 2)
		return ret;
	snprintf(at, sizeof(at), "%s:", name);
	if (ngc_node_resolve(x->g, NGC_SOCKET_ID, at, &holder) != 0)
		return ret;
	if (holder.id == self.id)
		return fail(x, ret, "name: \"%s\" is already this node's "
			    "own name", name);
	return fail(x, ret, "name: \"%s\" is already the name of node "
		    "[%x] (type %s)", name, (unsigned int)holder.id,
		    holder.type);
}

static int
exec_name(struct exec *x)
{
	struct ngc_name a;
	const struct str_arg s[] = { STR_ARG(a.name) };
	int ret;

	if (x->argc != 2)
		return usage(x);
	memset(&a, 0, sizeof(a));
	ret = send_strings(x, x->argv[0], NGC_NAME, 1, s, NB_STR_ARGS(s),
			   &a, sizeof(a));
	ret = explain_name_taken(x, ret, x->argv[0], x->argv[1]);
	return explain_word(x, ret, "name", x->argv[1], ngc_name_valid);
}

/* The first of two hooks the naming rules refuse, explained. */
static int
explain_hooks(struct exec *x, int ret, const char *ourhook,
	      const char *peerhook)
{
	return explain_word(x, ret, "hook",
			    ngc_hook_valid(ourhook) ? peerhook : ourhook,
			    ngc_hook_valid);
}

/* Whether a node of type can have hook (any name, if its type lists none). */
static bool
hook_of_type(const char *type, const char *hook)
{
	const char *const *h = ngc_type_hooks(type);

	if (h == NULL)
		return true;
	for (; *h != NULL; h++)
		if (strcmp(*h, hook) == 0)
			return true;
	return false;
}

/* The node (who) of type has no hook: say so, with the hooks it can have. */
static int
no_such_hook(struct exec *x, int ret, const char *hook, const char *who,
	     const char *type)
{
	const char *const *h = ngc_type_hooks(type);
	char names[128];
	size_t len = 0;

	names[0] = '\0';
	for (; *h != NULL && len < sizeof(names); h++)
		len += (size_t)snprintf(names + len, sizeof(names) - len,
					"%s%s", len == 0 ? "" :
					h[1] == NULL ? " and " : ", ", *h);
	return fail(x, ret, "%s: hook \"%.40s\": %s is a node of type %s, "
		    "whose hooks are %s", x->cmd->name, hook, who, type,
		    names);
}

/*
 * A hook name the node's type does not have (EPFNOSUPPORT, which alone
 * reads "Protocol family not supported" and named only the first path):
 * say which word, of which node.  The first hook is looked at first, as
 * the node does; peer is the connect's relpath, newtype mkpeer's type
 * (the peer hook is on the node it makes), the other NULL.
 */
static int
explain_family(struct exec *x, int ret, const char *path, const char *peer,
	       const char *newtype, const char *ourhook, const char *peerhook)
{
	struct ngc_nodeinfo from, to;
	char at[NGC_NODESIZ + 12];

	if (ret != -EPFNOSUPPORT ||
	    ngc_node_resolve(x->g, NGC_SOCKET_ID, path, &from) != 0)
		return ret;
	if (!hook_of_type(from.type, ourhook)) {
		ngc_node_path(&from, at, sizeof(at));
		return no_such_hook(x, ret, ourhook, at, from.type);
	}
	if (newtype != NULL)
		return hook_of_type(newtype, peerhook) ? ret :
			no_such_hook(x, ret, peerhook, "the new node", newtype);
	if (peer == NULL ||
	    ngc_node_resolve(x->g, from.id, peer, &to) != 0 ||
	    hook_of_type(to.type, peerhook))
		return ret;
	ngc_node_path(&to, at, sizeof(at));
	return no_such_hook(x, ret, peerhook, at, to.type);
}

/*
 * The node found, its peer not (ENOENT from the node, whose answer named
 * only the node's path): say which path is missing.
 */
static int
explain_peer(struct exec *x, int ret, const char *path, const char *peer)
{
	struct ngc_nodeinfo from, to;

	if (ret != -ENOENT ||
	    ngc_node_resolve(x->g, NGC_SOCKET_ID, path, &from) != 0 ||
	    ngc_node_resolve(x->g, from.id, peer, &to) != -ENOENT)
		return ret;
	return fail(x, ret, "%s: peer node not found: \"%s\" (from \"%s\")",
		    x->cmd->name, peer, path);
}

/*
 * Whether the node at path (from node "from") has hook linked: then the
 * node in at, and the peer's node and hook in to.
 */
static bool
hook_taken(struct exec *x, uint32_t from, const char *path, const char *hook,
	   char *at, char *to, size_t size)
{
	struct ngc_linkinfo l[NGC_MAX_HOOKS];
	struct ngc_nodeinfo ni;
	int i, n;

	if (ngc_node_resolve(x->g, from, path, &ni) != 0 ||
	    ni.id == NGC_SOCKET_ID)
		return false;
	n = x->g->ops->hooks(x->g->ctx, ni.id, l, NGC_MAX_HOOKS);
	for (i = 0; i < n && i < NGC_MAX_HOOKS; i++) {
		if (strcmp(l[i].ourhook, hook) != 0)
			continue;
		ngc_node_path(&ni, at, size);
		ngc_node_path(&l[i].nodeinfo, to, size);
		snprintf(to + strlen(to), size - strlen(to), "%s",
			 l[i].peerhook);
		return true;
	}
	return false;
}

/*
 * A hook taken (EISCONN, which alone names only the first path and
 * neither hook): say which of the two hooks, of which node, and what it is
 * linked to, so that a script knows what to rmhook.  peer is NULL for
 * mkpeer, whose peer hook is on a node it makes.  A hook joined to itself
 * is refused with both free: the node's answer stands.
 */
static int
explain_taken(struct exec *x, int ret, const char *path, const char *hook,
	      const char *peer, const char *peerhook)
{
	char at[NGC_NODESIZ + NGC_HOOKSIZ + 8], to[sizeof(at)];
	struct ngc_nodeinfo from;

	if (ret != -EISCONN)
		return ret;
	if (!hook_taken(x, NGC_SOCKET_ID, path, hook, at, to, sizeof(to))) {
		/* the peer's hook, its path relative to the first node */
		if (peer == NULL ||
		    ngc_node_resolve(x->g, NGC_SOCKET_ID, path, &from) != 0 ||
		    !hook_taken(x, from.id, peer, peerhook, at, to,
				sizeof(to)))
			return ret;
		hook = peerhook;
	}
	return fail(x, ret, "%s: hook \"%s\" of %s is linked already, to %s "
		    "(rmhook %s %s frees it)", x->cmd->name, hook, at, to, at,
		    hook);
}

/*
 * connect joins the hooks of two iface nodes; an echo, hole or rings node
 * is the far end of one iface hook and an ethdev node has none, so either
 * end of another type is EINVAL, which alone named only the first path.
 * Say which end and its type (both hook names valid: else explain_hooks).
 */
static int
explain_kind(struct exec *x, int ret, const char *path, const char *peer,
	     const char *ourhook, const char *peerhook)
{
	struct ngc_nodeinfo from, to;
	const struct ngc_nodeinfo *odd;

	if (ret != -EINVAL || !ngc_hook_valid(ourhook) ||
	    !ngc_hook_valid(peerhook) ||
	    ngc_node_resolve(x->g, NGC_SOCKET_ID, path, &from) != 0 ||
	    ngc_node_resolve(x->g, from.id, peer, &to) != 0)
		return ret;
	odd = strcmp(from.type, "iface") != 0 ? &from :
	      strcmp(to.type, "iface") != 0 ? &to : NULL;
	if (odd == NULL)
		return ret;
	return fail(x, ret, "%s: \"%.40s\" is a node of type %s: connect "
		    "joins hooks of two iface nodes (mkpeer makes an echo or "
		    "hole at an iface's hook)", x->cmd->name,
		    odd == &from ? path : peer, odd->type);
}

/* connect [path] peer ourhook peerhook; without path, from "." */
static int
exec_connect(struct exec *x)
{
	struct ngc_connect a;
	const struct str_arg s[] = {
		STR_ARG(a.path), STR_ARG(a.ourhook), STR_ARG(a.peerhook),
	};
	int k = x->argc == 4;
	const char *path = k ? x->argv[0] : ".";
	int ret;

	if (x->argc != 3 && x->argc != 4)
		return usage(x);
	memset(&a, 0, sizeof(a));
	ret = send_strings(x, path, NGC_CONNECT, k, s, NB_STR_ARGS(s), &a,
			   sizeof(a));
	ret = explain_peer(x, ret, path, x->argv[k]);
	ret = explain_family(x, ret, path, x->argv[k], NULL, x->argv[k + 1],
			     x->argv[k + 2]);
	ret = explain_taken(x, ret, path, x->argv[k + 1], x->argv[k],
			    x->argv[k + 2]);
	ret = explain_kind(x, ret, path, x->argv[k], x->argv[k + 1],
			   x->argv[k + 2]);
	return explain_hooks(x, ret, x->argv[k + 1], x->argv[k + 2]);
}

static int
exec_rmhook(struct exec *x)
{
	struct ngc_rmhook a;
	const struct str_arg s[] = { STR_ARG(a.ourhook) };
	int k = x->argc == 2;

	if (x->argc != 1 && x->argc != 2)
		return usage(x);
	memset(&a, 0, sizeof(a));
	return send_strings(x, k ? x->argv[0] : ".", NGC_RMHOOK, k, s,
			    NB_STR_ARGS(s), &a, sizeof(a));
}

/*
 * A type the graph does not make (ENXIO, which alone reads "No such device
 * or address" and names neither word): say it is the type, and where the
 * known ones are listed.  One netgraph has and this graph lacks (tee,
 * ksocket, ng_echo for echo) is the usual cause in a script brought over;
 * one the graph lists, whose nodes come otherwise (socket; the PMD's
 * rings and ethdev), is said apart, as "types" would not help.
 */
static int
explain_type(struct exec *x, int ret, const char *type)
{
	const char *const *t;

	if (ret != -ENXIO)
		return ret;
	for (t = x->g->ops->types; *t != NULL; t++)
		if (strcmp(*t, type) == 0)
			return fail(x, ret, "mkpeer: mkpeer makes no node of "
				    "type \"%s\" here", type);
	return fail(x, ret, "mkpeer: unknown node type \"%.40s\" (\"types\" "
		    "lists those there are)", type);
}

/*
 * A hot-plug (mkpeer of an iface, shutdown of one) that EAL undid because
 * a secondary process of the prefix did not answer its request in time (a
 * dpdk-dumpcap stopped with ^Z, a tool dying in its cleanup): ENOMSG,
 * which alone reads "No message of desired type" and says neither what
 * failed nor that nothing changed.
 */
static int
explain_hotplug(struct exec *x, int ret)
{
	if (ret != -ENOMSG)
		return ret;
	return fail(x, ret, "%s: a secondary process of the prefix "
		    "(dpdk-dumpcap, dpdk-proc-info, ...) did not answer EAL's "
		    "hot-plug request, and EAL undid it: nothing changed; "
		    "resume or stop that process, then try again",
		    x->cmd->name);
}

/*
 * mkpeer [path] type ourhook peerhook.  Text prints nothing, as FreeBSD's;
 * -j names the node made ({"ok":true,"peer":{...}}): ngctl reads it to
 * keep its socket's hook (ngctl_sock.c).
 */
static int
exec_mkpeer(struct exec *x)
{
	struct ngc_mkpeer a;
	const struct str_arg s[] = {
		STR_ARG(a.type), STR_ARG(a.ourhook), STR_ARG(a.peerhook),
	};
	int k = x->argc == 4;
	const char *path = k ? x->argv[0] : ".";
	struct ngc_nodeinfo made;
	struct ngc_buf reply;
	int ret;

	if (x->argc != 3 && x->argc != 4)
		return usage(x);
	memset(&a, 0, sizeof(a));
	ngc_buf_init(&reply, NGC_MSG_MAX);
	ret = send_words(x, path, NGC_MKPEER, k, s, NB_STR_ARGS(s), &a,
			 sizeof(a), &reply);
	if (ret == 0 && x->json) {
		ngc_buf_puts(x->out, "{\"ok\":true");
		if (reply.len == sizeof(made)) {
			memcpy(&made, reply.p, sizeof(made));
			ngc_buf_puts(x->out, ",\"peer\":");
			ngc_json_node(x->out, &made);
		}
		ngc_buf_puts(x->out, "}\n");
	}
	ngc_buf_free(&reply);
	ret = explain_type(x, ret, x->argv[k]);
	ret = explain_hotplug(x, ret);
	ret = explain_family(x, ret, path, NULL, x->argv[k], x->argv[k + 1],
			     x->argv[k + 2]);
	ret = explain_taken(x, ret, path, x->argv[k + 1], NULL, NULL);
	return explain_hooks(x, ret, x->argv[k + 1], x->argv[k + 2]);
}

static int
exec_shutdown(struct exec *x)
{
	struct ngc_nodeinfo ni;
	int ret;

	if (x->argc != 1)
		return usage(x);
	ret = send_generic(x, x->argv[0], NGC_SHUTDOWN, NULL, 0, NULL, &ni);
	return ret != 0 ? explain_hotplug(x, ret) : ok(x);
}

/************************************************************************
			MSG
 ************************************************************************/

static int
msg_build(struct exec *x, const struct ngc_nodeinfo *ni, const char *name,
	  const char *args, uint8_t *msg)
{
	/* the one state ngc_exec() shares: two servers, or an embedder's
	 * own threads, may run msg at the same time */
	static uint32_t token;
	struct ngc_perr perr;
	uint32_t cookies[NGC_TYPE_COOKIES_MAX], tok;
	unsigned int nb = ngc_type_cookies(ni->type, cookies,
					   NGC_TYPE_COOKIES_MAX);
	int len;

	/* ENOSYS, as netgraph's ASCII2BINARY for a name the type lacks */
	if (ngc_cmd_by_name(cookies, nb, name) == NULL)
		return fail(x, -ENOSYS,
			    "msg: unknown command \"%s\" for type %s", name,
			    ni->type);
	tok = __atomic_add_fetch(&token, 1, __ATOMIC_RELAXED);
	len = ngc_msg_from_ascii(cookies, nb, name, args, tok, msg,
				 NGC_MSG_MAX, &perr);
	if (len == -EINVAL && perr.msg[0] == '\0')
		return fail(x, len, "msg: \"%s\" takes no arguments", name);
	if (len < 0)
		return fail(x, len, "msg: bad arguments for \"%s\" at %zu: %s",
			    name, perr.off, perr.msg);
	return len;
}

static int
msg_print(struct exec *x, const struct ngc_nodeinfo *ni, const uint8_t *msg,
	  const struct ngc_buf *reply, uint8_t *resp)
{
	const struct ngc_mesg_hdr *req = (const struct ngc_mesg_hdr *)msg;
	const struct ngc_cmd *c = ngc_cmd_by_num(req->typecookie, req->cmd);
	struct ngc_mesg_hdr h;
	const uint8_t *args;
	struct ngc_buf text;
	int len, ret;

	if (c->reply == NULL)
		return x->json ? ngc_buf_puts(x->out, "{\"response\":null}\n") :
				 0;
	len = ngc_msg_encode(c, NGC_F_RESP, req->token, reply->p, reply->len,
			     resp, NGC_MSG_MAX);
	ret = len < 0 ? len : ngc_msg_decode(resp, (size_t)len, &h, &args);
	ngc_buf_init(&text, NGC_MSG_MAX * 4);
	if (ret == 0)
		ret = ngc_msg_args_ascii(&h, args, &text);
	if (ret != 0) {
		ngc_buf_free(&text);
		return fail(x, ret, "msg: cannot convert reply to ASCII");
	}
	if (x->json) {
		ngc_buf_puts(x->out, "{\"response\":{\"cmd\":");
		ngc_buf_json_str(x->out, h.cmdstr);
		ngc_buf_printf(x->out, ",\"cmdnum\":%u,\"cookie\":%u,"
			       "\"from\":\"[%x]:\",\"args\":", h.cmd,
			       h.typecookie, ni->id);
		ngc_buf_json_str(x->out, ngc_buf_str(&text));
		ngc_buf_puts(x->out, "}}\n");
	} else {
		ngc_fmt_response(x->out, h.cmdstr, h.cmd, ni->id,
				 ngc_buf_str(&text));
	}
	ngc_buf_free(&text);
	return 0;
}

/*
 * The hook names of node ni, quoted, joined into buf: "its hook is "a"",
 * "its hooks are "a" and "b"", or that it has none.
 */
static void
hooks_said(struct exec *x, const struct ngc_nodeinfo *ni, char *buf,
	   size_t size)
{
	struct ngc_linkinfo l[NGC_MAX_HOOKS];
	size_t len;
	int i, n;

	n = x->g->ops->hooks(x->g->ctx, ni->id, l, NGC_MAX_HOOKS);
	if (n > NGC_MAX_HOOKS)
		n = NGC_MAX_HOOKS;
	if (n <= 0) {
		snprintf(buf, size, "it has none");
		return;
	}
	len = (size_t)snprintf(buf, size, "its hook%s", n > 1 ? "s are" :
			       " is");
	for (i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s\"%s\"",
					i == 0 ? " " : i == n - 1 ? " and " :
					", ", l[i].ourhook);
}

/*
 * Whether msg's argument is a hook name (a hole's getstats) that node ni
 * does not have: that name into hook.
 */
static bool
hook_arg_lacking(struct exec *x, const struct ngc_nodeinfo *ni,
		 const uint8_t *msg, size_t len, char *hook)
{
	struct ngc_linkinfo l[NGC_MAX_HOOKS];
	const struct ngc_cmd *c;
	struct ngc_mesg_hdr h;
	const uint8_t *arg;
	int i, n;

	if (ngc_msg_decode(msg, len, &h, &arg) != 0)
		return false;
	c = ngc_cmd_by_num(h.typecookie, h.cmd);
	if (c == NULL || c->arg != &ngc_type_hookbuf ||
	    h.arglen != NGC_HOOKSIZ || memchr(arg, '\0', NGC_HOOKSIZ) == NULL)
		return false;
	memcpy(hook, arg, NGC_HOOKSIZ);
	n = x->g->ops->hooks(x->g->ctx, ni->id, l, NGC_MAX_HOOKS);
	for (i = 0; i < n && i < NGC_MAX_HOOKS; i++)
		if (strcmp(l[i].ourhook, hook) == 0)
			return false;
	return n >= 0;
}

/*
 * A message to node ni failed (ret).  ENOENT for a hook name the node
 * lacks is said with that name and the node's own, where ENOENT's text
 * alone read as the path not found; a node gone meanwhile keeps the
 * plain answer.
 */
static int
msg_failed(struct exec *x, int ret, const struct ngc_nodeinfo *ni,
	   const uint8_t *msg, size_t len)
{
	char hook[NGC_HOOKSIZ], own[200];

	if (ret != -ENOENT || !hook_arg_lacking(x, ni, msg, len, hook))
		return fail(x, ret, "msg: %s \"%s\": %s", x->argv[1],
			    x->argv[0], strerror(-ret));
	hooks_said(x, ni, own, sizeof(own));
	return fail(x, ret, "msg: %s \"%s\": this %s has no hook \"%s\"; %s",
		    x->argv[1], x->argv[0], ni->type, hook, own);
}

static int
exec_msg(struct exec *x)
{
	const char *args;
	struct ngc_nodeinfo ni;
	struct ngc_buf reply;
	uint8_t *msg;
	int len, ret;

	if (x->argc < 2)
		return usage(x);
	ret = resolve(x, x->argv[0], &ni);
	if (ret != 0)
		return ret;
	args = x->line + x->off[1] + strlen(x->argv[1]);
	args += strspn(args, " \t");
	msg = malloc(2 * NGC_MSG_MAX);
	if (msg == NULL)
		return fail(x, -ENOMEM, "msg: out of memory");
	len = msg_build(x, &ni, x->argv[1], args, msg);
	ngc_buf_init(&reply, NGC_MSG_MAX - NGC_HDR_LEN);
	ret = len < 0 ? len :
		ngc_node_send(x->g, &ni, msg, (size_t)len, &reply);
	if (len >= 0 && ret != 0)
		msg_failed(x, ret, &ni, msg, (size_t)len);
	if (ret == 0)
		ret = msg_print(x, &ni, msg, &reply, msg + NGC_MSG_MAX);
	ngc_buf_free(&reply);
	free(msg);
	return ret;
}

/************************************************************************
			DISPATCH
 ************************************************************************/

static int
exec_help(struct exec *x)
{
	struct ngc_buf text;
	int ret;

	if (x->argc > 1)
		return usage(x);
	ngc_buf_init(&text, 0);
	ret = ngc_cli_help(&text, x->argc != 0 ? x->argv[0] : NULL);
	if (ret != 0) {
		fail(x, -EINVAL, "%s", ngc_buf_str(&text));
	} else if (x->json) {
		ngc_buf_puts(x->out, "{\"help\":");
		ngc_buf_json_str(x->out, ngc_buf_str(&text));
		ngc_buf_puts(x->out, "}\n");
	} else {
		ngc_buf_puts(x->out, ngc_buf_str(&text));
	}
	ngc_buf_free(&text);
	return ret;
}

static int
exec_local(struct exec *x)
{
	return fail(x, -EINVAL, "%s: runs in the client only", x->cmd->name);
}

/* A command the embedding application serves, if it registered one. */
static int
exec_ext(struct exec *x)
{
	struct ngc_buf text;
	unsigned int i;
	int ret;

	for (i = 0; i < x->nb_ext; i++)
		if (x->ext[i].fn != NULL &&
		    strcmp(x->ext[i].name, x->cmd->name) == 0)
			break;
	if (i == x->nb_ext)
		return fail(x, -EOPNOTSUPP, "%s: not served by this process",
			    x->cmd->name);
	ngc_buf_init(&text, NGC_MSG_MAX * 4);
	ret = x->ext[i].fn(x->ext[i].arg, x->g, x->argc, x->argv, x->json,
			   &text);
	if (ret > 0)
		ret = -ret;
	if (ret != 0)
		fail(x, ret, "%s", text.len != 0 ?
		     ngc_buf_str(&text) : strerror(-ret));
	else
		ngc_buf_put(x->out, text.p, text.len);
	ngc_buf_free(&text);
	return ret;
}

static const exec_fn exec_table[] = {
	[NGC_CLI_CAPTURE] = exec_ext,
	[NGC_CLI_CONFIG] = exec_config,
	[NGC_CLI_CONNECT] = exec_connect,
	[NGC_CLI_DOT] = exec_dot,
	[NGC_CLI_HELP] = exec_help,
	[NGC_CLI_LIST] = exec_list,
	[NGC_CLI_MKPEER] = exec_mkpeer,
	[NGC_CLI_MSG] = exec_msg,
	[NGC_CLI_NAME] = exec_name,
	[NGC_CLI_QUIT] = exec_local,
	[NGC_CLI_READ] = exec_local,
	[NGC_CLI_RMHOOK] = exec_rmhook,
	[NGC_CLI_SHOW] = exec_show,
	[NGC_CLI_SHUTDOWN] = exec_shutdown,
	[NGC_CLI_STATUS] = exec_status,
	[NGC_CLI_TYPES] = exec_types,
};

static void
exec_words(struct exec *x, struct ngc_cli_words *w)
{
	char msg[96];
	int i = 0, err;

	if (w->argc > 0 && strcmp(w->argv[0], "-j") == 0) {
		x->json = 1;
		i = 1;
	}
	if (w->argc == i) {
		fail(x, -EINVAL, "empty request");
		return;
	}
	x->cmd = ngc_cli_find(w->argv[i], &err);
	if (x->cmd == NULL) {
		ngc_cli_find_error(w->argv[i], err, msg, sizeof(msg));
		fail(x, -EINVAL, "%s", msg);
		return;
	}
	x->argc = w->argc - i - 1;
	x->argv = &w->argv[i + 1];
	x->off = &w->off[i + 1];
	exec_table[x->cmd->id](x);
}

void
ngc_exec(const struct ngc_graph *g, const char *line, struct ngc_reply *r)
{
	ngc_exec_ext(g, NULL, 0, line, r);
}

void
ngc_exec_ext(const struct ngc_graph *g, const struct ngc_ext_cmd *ext,
	     unsigned int nb, const char *line, struct ngc_reply *r)
{
	struct exec x = { .g = g, .ext = ext, .nb_ext = nb, .r = r,
			  .out = &r->body, .line = line };
	struct ngc_cli_words w;
	char *copy;

	r->status = 0;
	ngc_buf_reset(&r->body);
	copy = strdup(line);
	if (copy == NULL) {
		fail(&x, -ENOMEM, "out of memory");
		return;
	}
	if (ngc_cli_split(copy, &w) != 0)
		fail(&x, -E2BIG, "too many words in request");
	else
		exec_words(&x, &w);
	free(copy);
	if (r->status == 0 && ngc_buf_error(&r->body) != 0)
		fail(&x, ngc_buf_error(&r->body), "reply too large");
}
