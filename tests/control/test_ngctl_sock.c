/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * ngctl's socket hooks (app/ngctl/ngctl_sock.c): which commands start at
 * the socket, how a path through one of its hooks is rewritten and which
 * are left alone, the table's bounds, and what is read from the server's
 * JSON replies, against the writer that produced them.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ngc_buf.h"
#include "ngc_cli.h"
#include "ngc_format.h"
#include "ngctl_json.h"
#include "ngctl_sock.h"

/* The words of line after its command word, rewritten; *hook as given. */
static char *
rewritten(const char *line, int *hook)
{
	static char copy[256], out[256];
	struct ngc_cli_words w;
	const struct ngc_cli_cmd *c;
	struct ngc_buf b;
	int err;

	snprintf(copy, sizeof(copy), "%s", line);
	assert_int_equal(ngc_cli_split(copy, &w), 0);
	c = ngc_cli_find(w.argv[0], &err);
	assert_non_null(c);
	ngc_buf_init(&b, 0);
	assert_int_equal(ngctl_sock_rewrite(c, &w, line, &b, hook), 0);
	snprintf(out, sizeof(out), "%s", ngc_buf_str(&b));
	ngc_buf_free(&b);
	return out;
}

static void
expect_rewrite(const char *line, const char *want, int want_hook)
{
	int hook;

	assert_string_equal(rewritten(line, &hook), want);
	assert_int_equal(hook, want_hook);
}

/* ngctl_sock_mkpeer_hook, ngctl_sock_rmhook (rm 1) or ngctl_sock_show
 * (rm 2, -n into *no_hooks) of line */
static int
word_of_n(const char *line, int rm, int *no_hooks)
{
	static char copy[256];
	struct ngc_cli_words w;
	const struct ngc_cli_cmd *c;
	int err;

	snprintf(copy, sizeof(copy), "%s", line);
	assert_int_equal(ngc_cli_split(copy, &w), 0);
	c = ngc_cli_find(w.argv[0], &err);
	assert_non_null(c);
	if (rm == 2)
		return ngctl_sock_show(c, &w, no_hooks);
	return rm ? ngctl_sock_rmhook(c, &w) : ngctl_sock_mkpeer_hook(c, &w);
}

static int
word_of(const char *line, int rm)
{
	int no_hooks;

	return word_of_n(line, rm, &no_hooks);
}

static void
test_from_the_socket(void **state)
{
	(void)state;
	assert_int_equal(word_of("mkpeer iface x inet", 0), 2);
	assert_int_equal(word_of("mkpeer . iface x inet", 0), 3);
	assert_int_equal(word_of("mkpeer .: iface x inet", 0), 3);
	assert_int_equal(word_of("mkpeer ng0: iface x inet", 0), -1);
	assert_int_equal(word_of("mkpeer iface x", 0), -1);
	assert_int_equal(word_of("connect ng0: x inet", 0), -1);
}

static void
test_rewrite(void **state)
{
	(void)state;
	assert_int_equal(ngctl_sock_add("x", "inet", 0x3), 0);
	assert_int_equal(ngctl_sock_add("long", "inet6", 0x1a), 0);
	/* the node at the hook's end, absolute or relative to "." */
	expect_rewrite("show .:x", " [3]:", 0);
	expect_rewrite("show x", " [3]:", 0);
	expect_rewrite("show -n .:x", " -n [3]:", 0);
	expect_rewrite("show -- x", " -- [3]:", 0);
	expect_rewrite("msg  .:long\tgetifname", "  [1a]:\tgetifname", 1);
	expect_rewrite("shutdown .:x", " [3]:", 0);
	expect_rewrite("name x vpn0", " [3]: vpn0", 0);
	/* beyond it: the same node's hooks, but not the hook's own node */
	expect_rewrite("msg .:x.inet getstats \"sink\"",
		       " [3]:inet getstats \"sink\"", -1);
	expect_rewrite("status x.inet6", " [3]:inet6", -1);
	expect_rewrite("connect .:x ng1: inet inet", " [3]: ng1: inet inet",
		       0);
	expect_rewrite("rmhook .:x inet", " [3]: inet", 0);
	/* left alone: other nodes, unknown hooks, the socket itself, a
	 * relpath (relative to the first path, not to ".") and the
	 * arguments of a message */
	expect_rewrite("show ng0:", " ng0:", -1);
	expect_rewrite("show .:y", " .:y", -1);
	expect_rewrite("show .:xx", " .:xx", -1);
	expect_rewrite("show .", " .", -1);
	expect_rewrite("show .:", " .:", -1);
	expect_rewrite("connect ng0: .:x inet inet", " ng0: .:x inet inet",
		       -1);
	expect_rewrite("connect ng0: x inet inet", " ng0: x inet inet", -1);
	/* from the socket, connect's relpath starts at the socket too */
	expect_rewrite("connect .:x inet6 inet", " [3]: inet6 inet", 0);
	expect_rewrite("connect . x.inet inet6 inet", " . [3]:inet inet6 inet",
		       -1);
	/* one dot before the hook part is dropped, as netgraph drops it */
	expect_rewrite("show .:.x", " [3]:", 0);
	expect_rewrite("msg .x.inet getifname", " [3]:inet getifname", -1);
	expect_rewrite("show ..x", " ..x", -1);
	/* a second dot is the server's to refuse (EINVAL), as netgraph's */
	expect_rewrite("show x..inet", " x..inet", -1);
	expect_rewrite("show .:x..inet", " .:x..inet", -1);
	expect_rewrite("msg ng0: name { name=\"x\" }",
		       " ng0: name { name=\"x\" }", -1);
	expect_rewrite("list", "", -1);
	/* rmhook from the socket: its own hooks only */
	assert_int_equal(word_of("rmhook ng0: x", 1), 0);
	assert_int_equal(word_of("rmhook . y", 1), 0);
	assert_int_equal(word_of("rmhook . x", 1), 1);
	assert_int_equal(word_of("rmhook x", 1), 0);
	assert_int_equal(word_of("rmhook long", 1), 1);
	expect_rewrite("show .:x", " .:x", -1);
}

/* show of the socket itself is ngctl's once the socket has a hook */
static void
test_show_socket(void **state)
{
	struct ngc_linkinfo l;
	int no_hooks = -1;

	(void)state;
	assert_int_equal(word_of("show .", 2), 0);
	assert_int_equal(ngctl_sock_add("x", "inet6", 0x7), 0);
	assert_int_equal(word_of_n("show .", 2, &no_hooks), 1);
	assert_int_equal(no_hooks, 0);
	assert_int_equal(word_of_n("show -n .:", 2, &no_hooks), 1);
	assert_int_equal(no_hooks, 1);
	assert_int_equal(word_of_n("show -- .", 2, &no_hooks), 1);
	assert_int_equal(no_hooks, 0);
	assert_int_equal(word_of_n("show -nn .", 2, &no_hooks), 1);
	assert_int_equal(no_hooks, 1);
	/* flags show does not take are the server's usage error */
	assert_int_equal(word_of("show -x .", 2), 0);
	assert_int_equal(word_of("show -nq .", 2), 0);
	assert_int_equal(word_of("show -n -l .", 2), 0);
	/* a lone "-" is a word, not a flag: two paths, the server's usage */
	assert_int_equal(word_of("show - .", 2), 0);
	assert_int_equal(word_of("show .:x", 2), 0);
	assert_int_equal(word_of("show ng0:", 2), 0);
	assert_int_equal(word_of("show . .", 2), 0);
	assert_int_equal(word_of("status .", 2), 0);
	assert_int_equal(ngctl_sock_at(0, &l), 1);
	assert_string_equal(l.ourhook, "x");
	assert_string_equal(l.peerhook, "inet6");
	assert_int_equal(l.nodeinfo.id, 7);
	assert_int_equal(ngctl_sock_at(1, &l), 0);
	assert_int_equal(ngctl_sock_at(-1, &l), 0);
	assert_int_equal(ngctl_sock_at(NGCTL_SOCK_MAX_HOOKS, &l), 0);
	ngctl_sock_forget(0);
	assert_int_equal(word_of("show .", 2), 0);
}

/* hooks whose node is gone: its ID made anew */
static void
test_hooks_that_go(void **state)
{
	struct ngc_linkinfo l;

	(void)state;
	assert_int_equal(ngctl_sock_add("x", "inet", 3), 0);
	assert_int_equal(ngctl_sock_add("y", "inet", 4), 0);
	assert_int_equal(ngctl_sock_add("z", "inet6", 3), 0);
	ngctl_sock_drop_id(3);
	assert_false(ngctl_sock_has("x"));
	assert_false(ngctl_sock_has("z"));
	assert_true(ngctl_sock_has("y"));
	ngctl_sock_drop_id(9);
	assert_true(ngctl_sock_has("y"));
	assert_int_equal(ngctl_sock_at(1, &l), 1);
	assert_string_equal(l.ourhook, "y");
	assert_int_equal(ngctl_sock_at(0, &l), 0);
	ngctl_sock_drop_id(4);
	assert_true(ngctl_sock_empty());
}

static void
test_table_bounds(void **state)
{
	char name[16];
	int i;

	(void)state;
	assert_false(ngctl_sock_has("a0"));
	for (i = 0; i < NGCTL_SOCK_MAX_HOOKS; i++) {
		snprintf(name, sizeof(name), "a%d", i);
		assert_false(ngctl_sock_full());
		assert_int_equal(ngctl_sock_add(name, "inet", (uint32_t)i + 1),
				 0);
	}
	assert_true(ngctl_sock_full());
	assert_int_equal(ngctl_sock_add("one_more", "inet", 9), -ENOSPC);
	assert_int_equal(ngctl_sock_add("a5", "inet6", 9), -EEXIST);
	assert_true(ngctl_sock_has("a63"));
	/* a hook that a shutdown through it ended is free again */
	ngctl_sock_forget(5);
	assert_false(ngctl_sock_full());
	assert_int_equal(ngctl_sock_add("a5", "inet6", 9), 0);
	expect_rewrite("show a5", " [9]:", 5);
	for (i = 0; i < NGCTL_SOCK_MAX_HOOKS; i++)
		ngctl_sock_forget(i);
	assert_false(ngctl_sock_has("a5"));
}

/*
 * A name the server's mkpeer refuses, which a broken server took anyway:
 * not kept.  Cut to fit (the table's 31 bytes), it was one the user never
 * gave, ngctl_sock_has found it no more, and a second such mkpeer kept it
 * twice (found by tests/control/fuzz_ngctl.c).
 */
static void
test_add_bad_name(void **state)
{
	char name[NGC_HOOKSIZ + 8];

	(void)state;
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(ngctl_sock_add(name, "inet", 3), -EINVAL);
	assert_int_equal(ngctl_sock_add(name, "inet", 4), -EINVAL);
	assert_true(ngctl_sock_empty());
	assert_int_equal(ngctl_sock_add("x", name, 3), -EINVAL);
	assert_int_equal(ngctl_sock_add("a.b", "inet", 3), -EINVAL);
	assert_int_equal(ngctl_sock_add("a:", "inet", 3), -EINVAL);
	assert_int_equal(ngctl_sock_add("", "inet", 3), -EINVAL);
	assert_int_equal(ngctl_sock_add("x", "", 3), -EINVAL);
	assert_true(ngctl_sock_empty());
	/* the longest a hook's name can be is kept, and found */
	name[NGC_HOOKSIZ - 1] = '\0';
	assert_int_equal(ngctl_sock_add(name, name, 3), 0);
	assert_true(ngctl_sock_has(name));
	expect_rewrite("show .:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", " [3]:", 0);
}

/* {"ok":true,"peer":NODE} as ngc_exec's mkpeer writes it (ngc_json_node) */
static const char *
mkpeer_reply(const char *name, uint32_t id)
{
	static char body[512];
	struct ngc_nodeinfo ni = { .id = id, .hooks = 0 };
	struct ngc_buf b;

	snprintf(ni.name, sizeof(ni.name), "%s", name);
	snprintf(ni.type, sizeof(ni.type), "iface");
	ngc_buf_init(&b, 0);
	ngc_buf_puts(&b, "{\"ok\":true,\"peer\":");
	ngc_json_node(&b, &ni);
	ngc_buf_puts(&b, "}\n");
	snprintf(body, sizeof(body), "%s", ngc_buf_str(&b));
	ngc_buf_free(&b);
	return body;
}

/* {"node":NODE,"hooks":[...]} as ngc_exec's show writes it */
static const char *
show_reply(const struct ngc_nodeinfo *ni)
{
	static char body[1024];
	struct ngc_linkinfo l = { .ourhook = "inet", .peerhook = "x" };
	struct ngc_buf b;

	snprintf(l.nodeinfo.name, sizeof(l.nodeinfo.name), "other");
	snprintf(l.nodeinfo.type, sizeof(l.nodeinfo.type), "socket");
	l.nodeinfo.hooks = 9;
	ngc_buf_init(&b, 0);
	ngc_buf_puts(&b, "{\"node\":");
	ngc_json_node(&b, ni);
	ngc_buf_puts(&b, ",\"hooks\":");
	ngc_json_hooks(&b, &l, 1);
	ngc_buf_puts(&b, "}\n");
	snprintf(body, sizeof(body), "%s", ngc_buf_str(&b));
	ngc_buf_free(&b);
	return body;
}

static void
test_reply_id(void **state)
{
	uint32_t id = 0;

	(void)state;
	/* as exec_mkpeer writes it, a name with a backslash and "id" in it */
	assert_int_equal(ngctl_sock_reply_id(mkpeer_reply("id\\\"id\":7",
							  UINT32_MAX), &id), 0);
	assert_int_equal(id, UINT32_MAX);
	assert_int_equal(ngctl_sock_reply_id(mkpeer_reply("ng2", 3), &id), 0);
	assert_int_equal(id, 3);
	assert_int_equal(ngctl_sock_reply_id("{\"ok\":true}\n", &id),
			 -EPROTO);
	assert_int_equal(ngctl_sock_reply_id("{\"peer\":{\"id\":x}}", &id),
			 -EPROTO);
	assert_int_equal(ngctl_sock_reply_id("{\"peer\":{\"id\":4294967296}}",
					     &id), -EPROTO);
	assert_int_equal(ngctl_sock_reply_id("{\"peer\":{\"id\":12abc}}", &id),
			 -EPROTO);
	assert_int_equal(ngctl_sock_reply_id("{\"peer\":{\"id\":12 }}", &id),
			 0);
	assert_int_equal(id, 12);
	assert_int_equal(ngctl_sock_reply_id(NULL, &id), -EPROTO);
	/* the server's own socket node: no mkpeer makes it, and a hook kept
	 * on it was rewritten "[0]:", a name to the server, reaching nothing */
	id = 5;
	assert_int_equal(ngctl_sock_reply_id(mkpeer_reply("ng2", 0), &id),
			 -EPROTO);
	assert_int_equal(id, 5);
}

/* the detail back as written by ngc_json_error's string writer */
static void
detail_round_trip(const char *text)
{
	struct ngc_buf b;
	char got[256];

	ngc_buf_init(&b, 0);
	ngc_buf_puts(&b, "{\"error\":{\"errno\":22,\"name\":\"EINVAL\","
		     "\"text\":\"Invalid argument\",\"detail\":");
	ngc_buf_json_str(&b, text);
	ngc_buf_puts(&b, "}}\n");
	assert_int_equal(ngctl_sock_reply_detail(ngc_buf_str(&b), got,
						 sizeof(got)), 0);
	assert_string_equal(got, text);
	ngc_buf_free(&b);
}

static void
test_reply_node(void **state)
{
	struct ngc_nodeinfo ni, want = { .name = "pe\xc3\xa4r\\\x01",
					 .type = "iface", .id = 3, .hooks = 1 };

	(void)state;
	assert_int_equal(ngctl_sock_reply_node(show_reply(&want), &ni), 0);
	assert_string_equal(ni.name, want.name);
	assert_string_equal(ni.type, "iface");
	assert_int_equal(ni.id, 3);
	assert_int_equal(ni.hooks, 1);
	/* a field missing or of the wrong kind */
	assert_int_equal(ngctl_sock_reply_node("{\"node\":{\"name\":\"a\","
		"\"type\":\"iface\",\"id\":3}}", &ni), -EPROTO);
	assert_int_equal(ngctl_sock_reply_node("{\"node\":{\"name\":1,"
		"\"type\":\"iface\",\"id\":3,\"hooks\":0}}", &ni), -EPROTO);
	assert_int_equal(ngctl_sock_reply_node("{\"node\":{\"name\":\"a\","
		"\"type\":\"iface\",\"id\":-3,\"hooks\":0}}", &ni), -EPROTO);
	/* the longest name a node has (31 bytes, with the NUL 32) fits */
	assert_int_equal(ngctl_sock_reply_node("{\"node\":{\"name\":\""
		"0123456789012345678901234567890\",\"type\":\"iface\","
		"\"id\":3,\"hooks\":0}}", &ni), 0);
	assert_string_equal(ni.name, "0123456789012345678901234567890");
	assert_int_equal(ngctl_sock_reply_node("{\"node\":{\"name\":\""
		"012345678901234567890123456789\\u00e4\",\"type\":\"iface\","
		"\"id\":3,\"hooks\":0}}", &ni), 0);
	assert_int_equal(ngctl_sock_reply_node("{\"node\":{\"name\":\""
		"012345678901234567890123456789\\u20ac\",\"type\":\"iface\","
		"\"id\":3,\"hooks\":0}}", &ni), -EPROTO);
	/* a name longer than a node's is refused, not cut */
	assert_int_equal(ngctl_sock_reply_node("{\"node\":{\"name\":\""
		"0123456789012345678901234567890123\",\"type\":\"iface\","
		"\"id\":3,\"hooks\":0}}", &ni), -EPROTO);
	assert_int_equal(ngctl_sock_reply_node("{\"ok\":true}", &ni), -EPROTO);
}

/* a string fills dst to the last byte, the NUL included, and no further */
static void
test_json_str_room(void **state)
{
	char *dst = malloc(4);

	(void)state;
	assert_non_null(dst);
	assert_int_equal(ngctl_json_str("\"abc\"", dst, 4), 0);
	assert_string_equal(dst, "abc");
	assert_int_equal(ngctl_json_str("\"abcd\"", dst, 4), -EPROTO);
	assert_int_equal(ngctl_json_str("\"ab\\u00e4\"", dst, 4), 0);
	assert_int_equal(ngctl_json_str("\"ab\\u20ac\"", dst, 4), -EPROTO);
	assert_int_equal(ngctl_json_str("\"a\\u0000b\"", dst, 4), -EPROTO);
	assert_int_equal(ngctl_json_str("\"\"", dst, 1), 0);
	assert_int_equal(ngctl_json_str("\"a\"", dst, 1), -EPROTO);
	free(dst);
}

/*
 * \u escapes as UTF-8, whoever wrote them: below 0x100 the one byte
 * ngc_buf_json_str escapes a stray byte as, then two bytes to 0x7ff,
 * three above; either case of hex digit.
 */
static void
test_json_str_codes(void **state)
{
	char dst[16];

	(void)state;
	assert_int_equal(ngctl_json_str("\"\\u00FF\\u0100\\u07fF\\u0800\"",
					dst, sizeof(dst)), 0);
	assert_string_equal(dst, "\xff\xc4\x80\xdf\xbf\xe0\xa0\x80");
	assert_int_equal(ngctl_json_str("\"\\u07f\"", dst, sizeof(dst)),
			 -EPROTO);
}

static void
test_reply_detail(void **state)
{
	char small[8];

	(void)state;
	detail_round_trip("mkpeer: hook \"a.b\": no '.', ':'");
	detail_round_trip("back\\slash/and\ttab\nline\r\x01\x1f\x7f");
	detail_round_trip("pe\xc3\xa4r \xe4 stray \xe2\x82\xac");
	detail_round_trip("");
	assert_int_equal(ngctl_sock_reply_detail("{\"detail\":\"0123456789\"}",
						 small, sizeof(small)),
			 -EPROTO);
	assert_int_equal(ngctl_sock_reply_detail("{\"detail\":\"open",
						 small, sizeof(small)),
			 -EPROTO);
	assert_int_equal(ngctl_sock_reply_detail("{\"detail\":\"\\q\"}",
						 small, sizeof(small)),
			 -EPROTO);
	assert_int_equal(ngctl_sock_reply_detail("{\"detail\":\"\\u00g1\"}",
						 small, sizeof(small)),
			 -EPROTO);
	assert_int_equal(ngctl_sock_reply_detail("{\"error\":{}}", small,
						 sizeof(small)), -EPROTO);
}

/* every test from an empty table: they share the process's one */
static int
empty_table(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < NGCTL_SOCK_MAX_HOOKS; i++)
		ngctl_sock_forget(i);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_from_the_socket, empty_table),
		cmocka_unit_test_setup(test_rewrite, empty_table),
		cmocka_unit_test_setup(test_show_socket, empty_table),
		cmocka_unit_test_setup(test_hooks_that_go, empty_table),
		cmocka_unit_test_setup(test_table_bounds, empty_table),
		cmocka_unit_test_setup(test_add_bad_name, empty_table),
		cmocka_unit_test_setup(test_reply_id, empty_table),
		cmocka_unit_test_setup(test_reply_node, empty_table),
		cmocka_unit_test_setup(test_json_str_room, empty_table),
		cmocka_unit_test_setup(test_json_str_codes, empty_table),
		cmocka_unit_test_setup(test_reply_detail, empty_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
