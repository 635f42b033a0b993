/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * libFuzzer harness for what ngctl reads itself (app/ngctl): the JSON
 * readers of ngctl_json.c on a server's reply, which may come from a
 * broken or hostile server, and the socket node's hook table of
 * ngctl_sock.c driven through whole sessions, as ngctl.c's remote_line
 * drives it, with the replies it reads taken from the input.  The first
 * byte picks the part, the second is a size for the parts that need one;
 * the rest is the text, NUL-terminated in a buffer of its exact size.
 *
 * Invariants beyond "no crash": what a JSON writer of lib/control wrote,
 * the reader reads back unchanged; a string read stays NUL-terminated
 * within its room; a rewritten command keeps its words, with the path
 * through a hook turned into that hook's node by ID; the table never
 * holds a name twice, or one it cannot find again, or more than
 * NGCTL_SOCK_MAX_HOOKS.
 */

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ngc_buf.h"
#include "ngc_cli.h"
#include "ngc_format.h"
#include "ngc_msg.h"
#include "ngc_path.h"
#include "ngc_proto.h"
#include "ngctl_json.h"
#include "ngctl_sock.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

/* the keys ngctl looks for */
static const char *const keys[] = {
	"peer", "id", "detail", "node", "name", "type", "hooks", "error",
};
#define NB_KEYS (sizeof(keys) / sizeof(keys[0]))

/* ngctl_json_str into exactly cap bytes, so ASan sees a write past them */
static int
read_str(const char *p, size_t cap, char **out)
{
	char *dst = malloc(cap != 0 ? cap : 1);
	int ret;

	CHECK(dst != NULL);
	ret = ngctl_json_str(p, dst, cap);
	if (ret == 0)
		CHECK(memchr(dst, '\0', cap) != NULL);
	else
		CHECK(ret == -EPROTO);
	*out = dst;
	return ret;
}

/* The readers on any text: a key's place, a number, a string. */
static void
fuzz_json(const char *s, size_t cap)
{
	const char *p;
	struct ngc_buf b;
	uint32_t v;
	char *dst;
	unsigned int i;
	int ret;

	for (i = 0; i < NB_KEYS; i++) {
		p = ngctl_json_key(s, keys[i]);
		if (p == NULL)
			continue;
		CHECK(p > s && p <= s + strlen(s));
		ret = ngctl_json_u32(p, &v);
		CHECK(ret == 0 || ret == -EPROTO);
		read_str(p, cap, &dst);
		free(dst);
	}
	ngctl_json_u32(s, &v);
	read_str(s, cap, &dst);
	free(dst);
	/* what ngc_buf_json_str writes, any bytes, reads back the same */
	ngc_buf_init(&b, 0);
	ngc_buf_json_str(&b, s);
	CHECK(ngc_buf_error(&b) == 0);
	CHECK(read_str(ngc_buf_str(&b), strlen(s) + 1, &dst) == 0);
	CHECK(strcmp(dst, s) == 0);
	free(dst);
	ngc_buf_free(&b);
}

/* A node read from a reply: its strings end within their arrays. */
static void
check_node(const struct ngc_nodeinfo *ni)
{
	CHECK(memchr(ni->name, '\0', sizeof(ni->name)) != NULL);
	CHECK(memchr(ni->type, '\0', sizeof(ni->type)) != NULL);
}

/* The three replies ngctl reads, on any text. */
static void
fuzz_replies(const char *s, size_t cap)
{
	struct ngc_nodeinfo ni, back;
	struct ngc_buf b;
	uint32_t id;
	char *dst;
	int ret;

	ret = ngctl_sock_reply_id(s, &id);
	CHECK(ret == 0 || ret == -EPROTO);
	dst = malloc(cap != 0 ? cap : 1);
	CHECK(dst != NULL);
	if (ngctl_sock_reply_detail(s, dst, cap) == 0)
		CHECK(memchr(dst, '\0', cap) != NULL);
	free(dst);
	if (ngctl_sock_reply_node(s, &ni) != 0)
		return;
	check_node(&ni);
	/* written back as the server writes a node, it reads the same */
	ngc_buf_init(&b, 0);
	ngc_buf_puts(&b, "{\"node\":");
	ngc_json_node(&b, &ni);
	ngc_buf_puts(&b, "}");
	CHECK(ngctl_sock_reply_node(ngc_buf_str(&b), &back) == 0);
	CHECK(strcmp(back.name, ni.name) == 0 &&
	      strcmp(back.type, ni.type) == 0 && back.id == ni.id &&
	      back.hooks == ni.hooks);
	ngc_buf_free(&b);
}

/************************************************************************
			A SESSION OF COMMANDS
 ************************************************************************/

/* The table as the socket's accessors show it: bounded, no name twice. */
static void
check_table(void)
{
	static struct ngc_linkinfo l[NGCTL_SOCK_MAX_HOOKS];
	int used[NGCTL_SOCK_MAX_HOOKS];
	int i, j, n = 0;

	for (i = 0; i < NGCTL_SOCK_MAX_HOOKS; i++) {
		used[i] = ngctl_sock_at(i, &l[i]);
		if (!used[i])
			continue;
		n++;
		CHECK(memchr(l[i].ourhook, '\0', NGC_HOOKSIZ) != NULL);
		CHECK(memchr(l[i].peerhook, '\0', NGC_HOOKSIZ) != NULL);
		CHECK(ngctl_sock_has(l[i].ourhook));
		for (j = 0; j < i; j++)
			CHECK(!used[j] ||
			      strcmp(l[j].ourhook, l[i].ourhook) != 0);
	}
	CHECK(n <= NGCTL_SOCK_MAX_HOOKS);
	CHECK(ngctl_sock_empty() == (n == 0));
	CHECK(ngctl_sock_full() == (n == NGCTL_SOCK_MAX_HOOKS));
}

/* Some hook of the socket ends at node id. */
static int
has_id(uint32_t id)
{
	struct ngc_linkinfo l;
	int i;

	for (i = 0; i < NGCTL_SOCK_MAX_HOOKS; i++)
		if (ngctl_sock_at(i, &l) && l.nodeinfo.id == id)
			return 1;
	return 0;
}

/* The next line of the session, as a reply; NULL past the last. */
static const char *
next_line(char **pos)
{
	char *s = *pos, *nl;

	if (s == NULL)
		return NULL;
	nl = strchr(s, '\n');
	if (nl != NULL) {
		*nl = '\0';
		*pos = nl + 1;
	} else {
		*pos = NULL;
	}
	return s;
}

/*
 * The words after the command word of text, rewritten: as many as before;
 * at most one of them changed, and that one names the node at a hook's
 * end by its ID (hooks beyond it following), where the hook is one the
 * socket has.
 */
static void
check_rewrite(const char *text, const struct ngc_cli_words *w,
	      const struct ngc_buf *out, int slot)
{
	static struct ngc_cli_words w2;
	struct ngc_linkinfo l;
	struct ngc_path p;
	char *copy;
	int i, changed = 0;

	CHECK(ngc_buf_error(out) == 0);
	CHECK(strlen(ngc_buf_str(out)) == out->len);
	CHECK(slot == -1 || (slot >= 0 && slot < NGCTL_SOCK_MAX_HOOKS &&
			     ngctl_sock_at(slot, &l)));
	copy = strdup(ngc_buf_str(out));
	CHECK(copy != NULL);
	CHECK(ngc_cli_split(copy, &w2) == 0);
	CHECK(w2.argc == w->argc - 1);
	for (i = 0; i < w2.argc; i++) {
		if (strcmp(w2.argv[i], w->argv[i + 1]) == 0)
			continue;
		changed++;
		CHECK(ngc_path_parse(w2.argv[i], &p) == 0 &&
		      p.kind == NGC_ADDR_ID);
		CHECK(slot >= 0 ? p.id == l.nodeinfo.id && p.nb_hooks == 0 :
				  has_id(p.id) && p.nb_hooks > 0);
	}
	CHECK(changed <= 1);
	CHECK(slot < 0 || changed == 1);
	if (changed == 0)
		CHECK(strcmp(ngc_buf_str(out),
			     text + w->off[0] + strlen(w->argv[0])) == 0);
	free(copy);
}

/* One command line, as ngctl's run_line and remote_line take it. */
static void
session_line(const char *text, char **pos)
{
	static struct ngc_cli_words w;
	const struct ngc_cli_cmd *c;
	struct ngc_linkinfo l;
	struct ngc_buf rest;
	const char *hook, *reply;
	char *line;
	int err, i, hook_word, no_hooks, slot;
	uint32_t id;

	line = strdup(text);
	CHECK(line != NULL);
	if (ngc_cli_split(line, &w) != 0 || w.argc == 0)
		goto out;
	c = ngc_cli_find(w.argv[0], &err);
	if (c == NULL || c->id == NGC_CLI_HELP || c->id == NGC_CLI_QUIT ||
	    c->id == NGC_CLI_READ)
		goto out;
	hook_word = ngctl_sock_mkpeer_hook(c, &w);
	CHECK(hook_word == -1 || (hook_word > 0 && hook_word + 1 < w.argc));
	if (ngctl_sock_show(c, &w, &no_hooks)) {
		CHECK(no_hooks == 0 || no_hooks == 1);
		/* sock_show: one reply per hook */
		for (i = 0; i < NGCTL_SOCK_MAX_HOOKS; i++) {
			if (!ngctl_sock_at(i, &l))
				continue;
			reply = next_line(pos);
			if (reply == NULL || reply[0] == '!')
				ngctl_sock_forget(i);	/* ENOENT */
			else if (ngctl_sock_reply_node(reply,
						       &l.nodeinfo) == 0)
				check_node(&l.nodeinfo);
		}
		goto out;
	}
	if (ngctl_sock_rmhook(c, &w))
		goto out;
	ngc_buf_init(&rest, NGC_REQ_MAX - 1);
	ngctl_sock_rewrite(c, &w, text, &rest, &slot);
	check_rewrite(text, &w, &rest, slot);
	ngc_buf_free(&rest);
	if (c->id == NGC_CLI_MKPEER &&
	    (hook_word >= 0 || !ngctl_sock_empty())) {
		/* sock_mkpeer */
		hook = hook_word >= 0 ? w.argv[hook_word] : NULL;
		if (hook != NULL &&
		    (ngctl_sock_has(hook) || ngctl_sock_full()))
			goto out;
		reply = next_line(pos);
		if (reply == NULL || ngctl_sock_reply_id(reply, &id) != 0)
			goto out;
		ngctl_sock_drop_id(id);
		/* name and room were checked: only a name that is no hook's
		 * is refused, and one kept is found again */
		if (hook != NULL &&
		    ngctl_sock_add(hook, w.argv[hook_word + 1], id) == 0)
			CHECK(ngctl_sock_has(hook));
		else if (hook != NULL)
			CHECK(!ngc_hook_valid(hook) ||
			      !ngc_hook_valid(w.argv[hook_word + 1]));
	} else if (c->id == NGC_CLI_SHUTDOWN) {
		/* the server said done (or ENOENT): the hook goes */
		ngctl_sock_forget(slot);
	}
out:
	check_table();
	free(line);
}

/* Lines of commands; a command that waits for a reply takes the next. */
static void
fuzz_session(char *s)
{
	const char *text;
	char *pos = s;
	int i;

	for (i = 0; i < NGCTL_SOCK_MAX_HOOKS; i++)
		ngctl_sock_forget(i);
	while ((text = next_line(&pos)) != NULL)
		session_line(text, &pos);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t cap;
	char *s;

	if (size < 2 || size > 8192)
		return 0;
	cap = data[1];
	s = malloc(size - 1);
	if (s == NULL)
		return 0;
	memcpy(s, data + 2, size - 2);
	s[size - 2] = '\0';
	switch (data[0] % 3) {
	case 0:
		fuzz_json(s, cap);
		break;
	case 1:
		fuzz_replies(s, cap);
		break;
	default:
		fuzz_session(s);
		break;
	}
	free(s);
	return 0;
}
