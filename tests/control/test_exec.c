/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * ngctl commands against an in-memory graph: matching, FreeBSD output
 * formats, JSON, every error reply; then the same over a real socket.
 */

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <cmocka.h>

#include "ngc_buf.h"
#include "ngc_cli.h"
#include "ngc_client.h"
#include "ngc_errno.h"
#include "ngc_exec.h"
#include "ngc_proto.h"
#include "ngc_server.h"

#include "fake_graph.h"

static struct ngc_reply r;

static int
setup(void **state)
{
	(void)state;
	fake_graph_reset();
	ngc_reply_init(&r);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ngc_reply_free(&r);
	return 0;
}

/* Run line, expect status; return the body. */
static const char *
run(const char *line, int status)
{
	ngc_exec(&fake_graph, line, &r);
	if (r.status != status)
		fail_msg("\"%s\": status %d want %d: %s", line, r.status,
			 status, ngc_buf_str(&r.body));
	return ngc_buf_str(&r.body);
}

static void
expect(const char *line, int status, const char *body)
{
	assert_string_equal(run(line, status), body);
}

static void
expect_sub(const char *line, int status, const char *sub)
{
	const char *b = run(line, status);

	if (strstr(b, sub) == NULL)
		fail_msg("\"%s\": body \"%s\" lacks \"%s\"", line, b, sub);
}

/************************************************************************
			COMMAND MATCHING
 ************************************************************************/

static void
test_cli_find(void **state)
{
	const struct ngc_cli_cmd *c;
	char msg[96];
	int err;

	(void)state;
	assert_int_equal(ngc_cli_find("list", &err)->id, NGC_CLI_LIST);
	assert_int_equal(ngc_cli_find("LS", &err)->id, NGC_CLI_LIST);
	assert_int_equal(ngc_cli_find("l", &err)->id, NGC_CLI_LIST);
	assert_int_equal(ngc_cli_find("Sho", &err)->id, NGC_CLI_SHOW);
	assert_int_equal(ngc_cli_find("info", &err)->id, NGC_CLI_SHOW);
	assert_int_equal(ngc_cli_find("shu", &err)->id, NGC_CLI_SHUTDOWN);
	assert_int_equal(ngc_cli_find("?", &err)->id, NGC_CLI_HELP);
	assert_int_equal(ngc_cli_find("cmd", &err)->id, NGC_CLI_MSG);
	assert_int_equal(ngc_cli_find("exit", &err)->id, NGC_CLI_QUIT);
	assert_int_equal(ngc_cli_find("m", &err) == NULL, 1);
	assert_int_equal(err, -EAGAIN);
	c = ngc_cli_find("s", &err);
	assert_null(c);
	assert_int_equal(err, -EAGAIN);
	assert_null(ngc_cli_find("sh", &err));
	assert_int_equal(err, -EAGAIN);
	assert_null(ngc_cli_find("frob", &err));
	assert_int_equal(err, -ENOENT);
	assert_null(ngc_cli_find("", &err));
	ngc_cli_find_error("frob", -ENOENT, msg, sizeof(msg));
	assert_string_equal(msg, "\"frob\": unknown command");
	ngc_cli_find_error("s", -EAGAIN, msg, sizeof(msg));
	assert_string_equal(msg, "\"s\": ambiguous command");
}

static void
test_cli_split(void **state)
{
	char line[] = "  msg ng0:\tname { name=\"x\" } ";
	struct ngc_cli_words w;
	char *many;
	int i;

	(void)state;
	assert_int_equal(ngc_cli_split(line, &w), 0);
	assert_int_equal(w.argc, 6);
	assert_string_equal(w.argv[0], "msg");
	assert_string_equal(w.argv[2], "name");
	assert_int_equal(w.off[2], 11);
	assert_null(w.argv[6]);
	/* FreeBSD's ngctl takes 512 words; one more is E2BIG */
	many = malloc(2 * (NGC_CLI_MAX_WORDS + 1) + 1);
	for (i = 0; i < NGC_CLI_MAX_WORDS + 1; i++)
		memcpy(many + 2 * i, "a ", 2);
	many[2 * NGC_CLI_MAX_WORDS] = '\0';
	assert_int_equal(NGC_CLI_MAX_WORDS, 512);
	assert_int_equal(ngc_cli_split(many, &w), 0);
	assert_int_equal(w.argc, 512);
	for (i = 0; i < NGC_CLI_MAX_WORDS + 1; i++)
		memcpy(many + 2 * i, "a ", 2);
	many[2 * (NGC_CLI_MAX_WORDS + 1)] = '\0';
	assert_int_equal(ngc_cli_split(many, &w), -E2BIG);
	free(many);
}

/************************************************************************
			COMMANDS
 ************************************************************************/

static void
test_list(void **state)
{
	(void)state;
	expect("list", 0,
	       "There are 2 total nodes:\n"
	       "  Name: ng0             Type: iface           ID: 00000001   Num hooks: 0\n"
	       "  Name: ng1             Type: iface           ID: 00000002   Num hooks: 0\n");
	expect_sub("ls -n", 0, "There are 2 total named nodes:\n");
	expect_sub("LIST -l", 0, "ID: 00000002");
	expect("list -x", EINVAL, "usage: list [-ln]\n");
	/* as getopt: "--" ends the flags, "-" is an argument */
	expect_sub("list -n --", 0, "There are 2 total named nodes:\n");
	expect("list -- -l", EINVAL, "usage: list [-ln]\n");
	expect("list -", EINVAL, "usage: list [-ln]\n");
	expect("list ng0:", EINVAL, "usage: list [-ln]\n");
	expect("-j list", 0,
	       "{\"nodes\":[{\"name\":\"ng0\",\"type\":\"iface\",\"id\":1,"
	       "\"path\":\"[1]:\",\"hooks\":0},{\"name\":\"ng1\",\"type\":"
	       "\"iface\",\"id\":2,\"path\":\"[2]:\",\"hooks\":0}]}\n");
	/* with -l, each node as show -j gives it, comma between */
	expect("-j list -l", 0,
	       "{\"nodes\":[{\"node\":{\"name\":\"ng0\",\"type\":\"iface\","
	       "\"id\":1,\"path\":\"[1]:\",\"hooks\":0},\"hooks\":[]},"
	       "{\"node\":{\"name\":\"ng1\",\"type\":\"iface\",\"id\":2,"
	       "\"path\":\"[2]:\",\"hooks\":0},\"hooks\":[]}]}\n");
}

static void
test_show_connect_rmhook(void **state)
{
	(void)state;
	expect("connect ng0: ng1: inet inet6", 0, "");
	expect("show ng0:", 0,
	       "  Name: ng0             Type: iface           ID: 00000001   Num hooks: 1\n"
	       "  Local hook      Peer name       Peer type    Peer ID         Peer hook      \n"
	       "  ----------      ---------       ---------    -------         ---------      \n"
	       "  inet            ng1             iface        00000002        inet6          \n");
	expect_sub("show -n [2]:", 0, "Num hooks: 1\n");
	expect_sub("show -- [2]:", 0, "Num hooks: 1\n");
	expect_sub("show -n -- [2]:", 0, "Num hooks: 1\n");
	expect_sub("show ng0:inet", 0, "Name: ng1 ");
	expect_sub("-j show ng1:", 0, "\"hooks\":[{\"hook\":\"inet6\","
		   "\"peerhook\":\"inet\",\"peer\":{\"name\":\"ng0\"");
	/* a hook that is taken, at either end: ng_iface's EISCONN, said
	 * with the hook, its node and what holds it */
	expect("connect ng0: ng1: inet inet", EISCONN,
	       "connect: hook \"inet\" of ng0: is linked already, to "
	       "ng1:inet6 (rmhook ng0: inet frees it)\n");
	expect("connect ng0: ng1: inet6 inet6", EISCONN,
	       "connect: hook \"inet6\" of ng1: is linked already, to "
	       "ng0:inet (rmhook ng1: inet6 frees it)\n");
	expect_sub("-j connect ng0: ng1: inet6 inet6", EISCONN,
		   "\"detail\":\"connect: hook \\\"inet6\\\" of ng1: ");
	/* the peer path starts at the first node: "." is ng0 itself */
	expect_sub("connect ng1: . inet6 inet6", EISCONN,
		   "hook \"inet6\" of ng1: is linked already, to ng0:inet ");
	/* ... a path from it too: "inet" is ng1, through ng0's inet */
	expect("connect ng0: inet inet6 inet6", EISCONN,
	       "connect: hook \"inet6\" of ng1: is linked already, to "
	       "ng0:inet (rmhook ng1: inet6 frees it)\n");
	expect("connect ng0: ng1: ip inet", EPFNOSUPPORT,
	       "connect: hook \"ip\": ng0: is a node of type iface, whose "
	       "hooks are inet and inet6\n");
	/* the missing one is named: the peer, relative to the node */
	expect("connect ng0: ng9: inet inet", ENOENT,
	       "connect: peer node not found: \"ng9:\" (from \"ng0:\")\n");
	expect("connect ng9: ng0: inet inet", ENOENT,
	       "connect: node not found: \"ng9:\"\n");
	expect_sub("connect . ng0: x inet", EOPNOTSUPP, "connect");
	expect_sub("-j connect . ng0: x inet", EOPNOTSUPP,
		   "\"name\":\"EOPNOTSUPP\"");
	expect("connect ng0: ng1:", EINVAL,
	       "usage: connect [path] <relpath> <hook> <peerhook>\n");
	expect("rmhook ng0: inet", 0, "");
	expect_sub("show ng0:", 0, "Num hooks: 0\n");
	/* NGM_RMHOOK of a hook the node does not have: no error */
	expect("rmhook ng0: inet", 0, "");
	expect("rmhook ng0: bogus", 0, "");
	expect("rmhook inet", 0, "");
	expect("-j rmhook ng1: inet6", 0, "{\"ok\":true}\n");
	expect("rmhook", EINVAL, "usage: rmhook [path] <hook>\n");
	expect("-j rmhook ng9: inet", ENOENT,
	       "{\"error\":{\"errno\":2,\"name\":\"ENOENT\",\"text\":"
	       "\"No such file or directory\",\"detail\":"
	       "\"rmhook: node not found: \\\"ng9:\\\"\"}}\n");
	/* FreeBSD ngctl's aliases of connect and rmhook */
	expect("join ng0: ng1: inet inet", 0, "");
	expect_sub("show ng0:", 0, "Num hooks: 1\n");
	expect("disconnect ng0: inet", 0, "");
	expect_sub("show ng0:", 0, "Num hooks: 0\n");
}

/*
 * netgraph's "." is "this node" (ng_path2noderef): from ngctl the socket
 * node, but in connect's relpath the node at path, so that these join
 * two hooks of one node.
 */
static void
test_connect_dot(void **state)
{
	(void)state;
	expect("connect ng0: . inet inet6", 0, "");
	expect_sub("show ng0:", 0,
		   "  inet            ng0             iface        00000001"
		   "        inet6 ");
	expect("rmhook ng0: inet", 0, "");
	expect_sub("show ng0:", 0, "Num hooks: 0\n");
	expect("connect ng1: .: inet6 inet", 0, "");
	expect_sub("show ng1:", 0,
		   "  inet6           ng1             iface        00000002"
		   "        inet ");
	expect("rmhook ng1: inet6", 0, "");
	expect("msg ng1: connect { path=\".\" ourhook=\"inet\" "
	       "peerhook=\"inet6\" }", 0, "");
	expect_sub("show ng1:", 0, "Num hooks: 2\n");
	/* a hook an iface node cannot have, on the node itself */
	expect("connect ng0: . inet x", EPFNOSUPPORT,
	       "connect: hook \"x\": ng0: is a node of type iface, whose "
	       "hooks are inet and inet6\n");
	/* from ngctl, "." is still its socket node: no data hooks */
	expect_sub("connect . ng0: x inet", EOPNOTSUPP, "connect \".\"");
	expect_sub("connect ng0: x inet", EOPNOTSUPP, "connect \".\"");
	expect_sub("connect .: ng0: x inet", EOPNOTSUPP, "connect \".:\"");
}

static void
test_dot(void **state)
{
	(void)state;
	expect("connect ng0: ng1: inet inet6", 0, "");
	expect("dot", 0,
	       "graph netgraph {\n"
	       "\tnode [shape=record, fontsize=12];\n"
	       "\t\"1\" [label=\"{ng0:|{iface|[1]:}}\"];\n"
	       "\t\"2\" [label=\"{ng1:|{iface|[2]:}}\"];\n"
	       "\tnode [shape=octagon, fontsize=10];\n"
	       "\t\"1.inet\" [label=\"inet\"];\n"
	       "\t\"1\" -- \"1.inet\";\n"
	       "\t\"1.inet\" -- \"2.inet6\";\n"
	       "\t\"2.inet6\" [label=\"inet6\"];\n"
	       "\t\"2\" -- \"2.inet6\";\n"
	       "}\n");
	/* the link once, from the end that sorts first */
	expect_sub("dot -c", 0,
		   "\t\"1\" -- \"2\" [taillabel=\"inet\", headlabel=\"inet6\"];\n}\n");
	/* a record's own syntax in a name is escaped */
	expect("name ng1: a<b>{c}|d", 0, "");
	expect_sub("dot", 0, "[label=\"{a\\<b\\>\\{c\\}\\|d:|{iface|[2]:}}\"]");
	expect("dot x", EINVAL, "usage: dot [-c]\n");
	expect_sub("-j dot", EINVAL, "no JSON form");
}

/*
 * A graph in which ng1 ([2]:) disappears while the hooks of [1]: are read,
 * as when another client shuts it down between a list and its show.
 */
static struct ngc_graph_ops vanish_ops;

static int
vanish_hooks(void *ctx, uint32_t id, struct ngc_linkinfo *l, unsigned int max)
{
	int ret = fake_graph.ops->hooks(ctx, id, l, max);

	if (id == 1)
		fake_graph.ops->shutdown(ctx, 2);
	return ret;
}

/* Run line on a fresh graph of ng0..ng2 where ng1 vanishes mid-command. */
static const char *
run_vanish(const char *line, int status)
{
	const struct ngc_graph vanish = { .ops = &vanish_ops };

	fake_graph_reset();
	expect("mkpeer iface x inet", 0, "");
	vanish_ops = *fake_graph.ops;
	vanish_ops.hooks = vanish_hooks;
	ngc_exec(&vanish, line, &r);
	if (r.status != status)
		fail_msg("\"%s\": status %d want %d: %s", line, r.status,
			 status, ngc_buf_str(&r.body));
	return ngc_buf_str(&r.body);
}

/* The command fails with the error alone: no node after it, no "]}". */
static void
test_node_vanishes(void **state)
{
	(void)state;
	assert_string_equal(run_vanish("list -l", ENOENT),
			    "list: node not found: \"[2]:\"\n");
	assert_string_equal(run_vanish("-j list -l", ENOENT),
			    "{\"error\":{\"errno\":2,\"name\":\"ENOENT\","
			    "\"text\":\"No such file or directory\",\"detail\":"
			    "\"list: node not found: \\\"[2]:\\\"\"}}\n");
	assert_string_equal(run_vanish("dot", ENOENT),
			    "dot: node not found: \"[2]:\"\n");
}

/*
 * A graph larger than NGC_MAX_NODES, as a DPDK built with more ethdev
 * ports than Debian's 32 can make: ng0 and ng1 of the fake graph, then
 * many_extra echo nodes "m0", "m1", ... (IDs from MANY_ID), no hooks.
 */
#define MANY_ID 0x10000u
static struct ngc_graph_ops many_ops;
static unsigned int many_extra;
static unsigned int many_grow;	/* nodes made after each list call */

static int
many_list(void *ctx, struct ngc_nodeinfo *v, unsigned int max)
{
	int n = fake_graph.ops->list(ctx, v, max);
	unsigned int i;

	for (i = 0; n >= 0 && i < many_extra; i++, n++) {
		if ((unsigned int)n >= max)
			continue;
		memset(&v[n], 0, sizeof(v[n]));
		snprintf(v[n].name, sizeof(v[n].name), "m%u", i);
		snprintf(v[n].type, sizeof(v[n].type), "echo");
		v[n].id = MANY_ID + i;
	}
	many_extra += many_grow;
	return n;
}

static int
many_hooks(void *ctx, uint32_t id, struct ngc_linkinfo *l, unsigned int max)
{
	return id >= MANY_ID ? 0 : fake_graph.ops->hooks(ctx, id, l, max);
}

/* Run line on the fake graph with extra nodes more. */
static const char *
run_many(unsigned int extra, const char *line, int status)
{
	const struct ngc_graph many = { .ops = &many_ops };

	many_ops = *fake_graph.ops;
	many_ops.list = many_list;
	many_ops.hooks = many_hooks;
	many_extra = extra;
	ngc_exec(&many, line, &r);
	if (r.status != status)
		fail_msg("\"%s\": status %d want %d: %s", line, r.status,
			 status, ngc_buf_str(&r.body));
	return ngc_buf_str(&r.body);
}

/*
 * Nodes past NGC_MAX_NODES: found by every path, counted by types, listed
 * (the list was cut at 512, "There are 512 total nodes", and the rest
 * were ENOENT to show, connect and name); a list larger than its reply
 * holds is refused, EMSGSIZE, not cut.
 */
static void
test_many_nodes(void **state)
{
	const unsigned int extra = NGC_MAX_NODES + 88;
	char line[64], want[96];
	const char *b;

	(void)state;
	snprintf(line, sizeof(line), "show m%u:", extra - 1);
	snprintf(want, sizeof(want), "  Name: m%u ", extra - 1);
	if (strstr(run_many(extra, line, 0), want) == NULL)
		fail_msg("\"%s\": no \"%s\"", line, want);
	snprintf(line, sizeof(line), "show [%x]:", MANY_ID + extra - 1);
	if (strstr(run_many(extra, line, 0), want) == NULL)
		fail_msg("\"%s\": no \"%s\"", line, want);
	b = run_many(extra, "list", 0);
	snprintf(want, sizeof(want), "There are %u total nodes:\n", extra + 2);
	assert_true(strncmp(b, want, strlen(want)) == 0);
	snprintf(want, sizeof(want), "  Name: m%u ", extra - 1);
	assert_non_null(strstr(b, want));
	snprintf(want, sizeof(want), "%15s   %5u\n", "echo", extra);
	b = run_many(extra, "types", 0);
	if (strstr(b, want) == NULL)
		fail_msg("types: \"%s\" lacks \"%s\"", b, want);
	/* the ASCII form holds NGC_MAX_NODES: refused, not cut */
	b = run_many(extra, "msg . listnodes", EINVAL);
	assert_non_null(strstr(b, "cannot convert reply to ASCII"));
	/* more than list's reply holds: said, and every node still found */
	b = run_many(4000, "list", EMSGSIZE);
	assert_non_null(strstr(b, "Message too long"));
	run_many(4000, "show m3999:", 0);
}

/*
 * A graph that grows between list_all()'s first and second look (a mkpeer
 * of another client's in between): the second look's list, cut at the
 * room it had, stands.  list_all() freed that list when the second look
 * too found more nodes than room, and went on with it freed.
 */
static void
test_nodes_grow(void **state)
{
	const char *b;

	(void)state;
	many_grow = 100;
	run_many(NGC_MAX_NODES, "show m0:", 0);
	b = run_many(NGC_MAX_NODES, "list", 0);
	many_grow = 0;
	/* the first look found 2 + 512, the second holds as many */
	assert_true(strncmp(b, "There are 514 total nodes:\n", 27) == 0);
}

static void
test_show_errors(void **state)
{
	(void)state;
	expect("show ng9:", ENOENT, "show: node not found: \"ng9:\"\n");
	expect("show [9]:", ENOENT, "show: node not found: \"[9]:\"\n");
	expect("show ng0:inet", ENOENT, "show: node not found: \"ng0:inet\"\n");
	expect("show a:b:", EINVAL, "show: bad path \"a:b:\"\n");
	/*
	 * netgraph's path parser refuses structure only and leaves the
	 * characters to the lookup: FreeBSD says ENOENT for these, as the
	 * socket node has no hook "[1]" and no node such a name or ID; but
	 * for [100000001]:, which its kernel cuts to node 1 (32 bits), where
	 * an ID beyond 32 bits is no node here (control.md says so).
	 */
	expect("show [1]", ENOENT, "show: node not found: \"[1]\"\n");
	expect("show [zz]:", ENOENT, "show: node not found: \"[zz]:\"\n");
	expect("show [0]:", ENOENT, "show: node not found: \"[0]:\"\n");
	expect("show [100000001]:", ENOENT,
	       "show: node not found: \"[100000001]:\"\n");
	expect("show a\"b:", ENOENT, "show: node not found: \"a\"b:\"\n");
	expect_sub("show 0123456789012345678901234567890123:", ENOENT,
		   "node not found");
	expect_sub("show ng0:in[et", ENOENT, "node not found");
	expect_sub("rmhook ng0:[1] inet", ENOENT, "node not found");
	expect("show ng0:..", EINVAL, "show: bad path \"ng0:..\"\n");
	expect("show ..", EINVAL, "show: bad path \"..\"\n");
	expect("show a.b:", EINVAL, "show: bad path \"a.b:\"\n");
	expect("show", EINVAL, "usage: show [-n] <path>\n");
	expect_sub("show .", 0, "Type: socket ");
}

static void
test_msg(void **state)
{
	(void)state;
	expect("msg ng0: getifname", 0,
	       "Rec'd response \"getifname\" (1) from \"[1]:\":\n"
	       "Args:\t\"ng0\"\n");
	expect("cmd [2]: getifindex", 0,
	       "Rec'd response \"getifindex\" (4) from \"[2]:\":\n"
	       "Args:\t2\n");
	expect("msg ng0: point2point", 0, "");
	expect("msg ng0: broadcast", 0, "");
	expect("msg ng0: linkup", 0, "");
	expect("msg ng0: linkdown", 0, "");
	fake_graph_start(1);
	expect("msg ng1: point2point", EBUSY,
	       "msg: point2point \"ng1:\": Device or resource busy\n");
	expect_sub("-j msg ng1: broadcast", EBUSY, "\"name\":\"EBUSY\"");
	expect("-j msg ng0: getifname", 0,
	       "{\"response\":{\"cmd\":\"getifname\",\"cmdnum\":1,\"cookie\":"
	       "1108312559,\"from\":\"[1]:\",\"args\":\"\\\"ng0\\\"\"}}\n");
	expect("-j msg ng0: point2point", 0, "{\"response\":null}\n");
	expect_sub("msg ng0: nodeinfo", 0,
		   "Args:\t{ name=\"ng0\" type=\"iface\" id=0x1 }");
	expect_sub("msg ng0: listhooks", 0, "nodeinfo={ name=\"ng0\"");
	expect_sub("msg .: listnodes", 0, "{ name=\"ng1\" type=\"iface\" id=0x2 }");
	expect_sub("msg . listtypes", 0, "typename=\"iface\" numnodes=2");
	expect_sub("msg ng0: textstatus", 0, "Args:\t\"ng0 is stopped\\n\"");
	expect("msg ng0: name { name=\"fred\" }", 0, "");
	expect_sub("show fred:", 0, "Name: fred ");
	expect_sub("msg fred: frob", ENOSYS,
		   "msg: unknown command \"frob\" for type iface");
	expect_sub("msg . getifname", ENOSYS, "for type socket");
	expect_sub("msg fred: getifname 1", EINVAL,
		   "msg: \"getifname\" takes no arguments");
	expect_sub("msg fred: name { nam=\"x\" }", ENOENT,
		   "msg: bad arguments for \"name\" at 2: unknown field");
	expect_sub("msg fred: name { name=\"x\"", EINVAL, "unterminated");
	expect_sub("msg fred: name { name=\"0123456789012345678901234567890123\" }",
		   E2BIG, "longer than 31");
	expect_sub("msg ng9: getifname", ENOENT, "node not found");
	expect("msg ng0:", EINVAL, "usage: msg path command [args ... ]\n");
}

/*
 * A hole's message naming a hook it lacks (ENOENT, as ng_hole answers):
 * the reply names that hook and the one the hole has, where it said
 * 'msg: getstats "ng0:inet": No such file or directory', which read as
 * the path not found.
 */
static void
test_msg_hook(void **state)
{
	(void)state;
	expect("mkpeer ng0: hole inet sink", 0, "");
	expect_sub("msg ng0:inet getstats \"sink\"", 0,
		   "Rec'd response \"getstats\" (1) from \"[1000]:\":\n");
	expect("msg ng0:inet getstats \"nosuch\"", ENOENT,
	       "msg: getstats \"ng0:inet\": this hole has no hook "
	       "\"nosuch\"; its hook is \"sink\"\n");
	expect("msg [1000]: clrstats \"\"", ENOENT,
	       "msg: clrstats \"[1000]:\": this hole has no hook \"\"; its "
	       "hook is \"sink\"\n");
	expect_sub("-j msg ng0:inet getclrstats \"Sink\"", ENOENT,
		   "\"name\":\"ENOENT\",\"text\":\"No such file or "
		   "directory\",\"detail\":\"msg: getclrstats "
		   "\\\"ng0:inet\\\": this hole has no hook \\\"Sink\\\"; "
		   "its hook is "
		   "\\\"sink\\\"\"}}\n");
	/* the hook the client wrote, escaped: its bytes, not the terminal's */
	expect("msg ng0:inet getstats \"\\x1b[2J\"", ENOENT,
	       "msg: getstats \"ng0:inet\": this hole has no hook "
	       "\"\\x1b[2J\"; its hook is \"sink\"\n");
	/* the node not found stays said as such */
	expect("msg ng0:inet6 getstats \"sink\"", ENOENT,
	       "msg: node not found: \"ng0:inet6\"\n");
}

static void
test_mkpeer_shutdown_name(void **state)
{
	(void)state;
	expect("mkpeer iface x inet", 0, "");
	expect_sub("list", 0, "Name: ng2 ");
	expect("mkpeer ng0: iface inet inet6", 0, "");
	expect_sub("show ng0:", 0, "inet            ng3             iface ");
	/* -j names the node made; the socket's own, from ".", too */
	expect("-j mkpeer ng1: echo inet6 e", 0,
	       "{\"ok\":true,\"peer\":{\"name\":\"\",\"type\":\"echo\","
	       "\"id\":4099,\"path\":\"[1003]:\",\"hooks\":1}}\n");
	expect_sub("-j mkpeer . iface y inet", 0,
		   "{\"ok\":true,\"peer\":{\"name\":\"ng4\",\"type\":\"iface\",");
	expect("shutdown ng4:", 0, "");
	expect_sub("show ng1:", 0, "inet6           <unnamed>       echo ");
	expect_sub("list", 0, "Name: <unnamed>       Type: echo ");
	expect("mkpeer ng1: echo inet6 e", EISCONN,
	       "mkpeer: hook \"inet6\" of ng1: is linked already, to "
	       "[1003]:echo (rmhook ng1: inet6 frees it)\n");
	/* a type the graph lacks is named as the cause */
	expect("mkpeer ng1: frob inet x", ENXIO,
	       "mkpeer: unknown node type \"frob\" (\"types\" lists those "
	       "there are)\n");
	expect_sub("-j mkpeer ng1: frob inet x", ENXIO,
		   "\"detail\":\"mkpeer: unknown node type \\\"frob\\\"");
	/* a node not found is said first: the type was never looked at */
	expect("mkpeer nosuch: frob inet x", ENOENT,
	       "mkpeer: node not found: \"nosuch:\"\n");
	/* one it lists and does not make: said so, where "No such device
	 * or address" alone named neither the type nor the word */
	expect("mkpeer ng1: socket inet x", ENXIO,
	       "mkpeer: mkpeer makes no node of type \"socket\" here\n");
	expect_sub("-j mkpeer socket x y", ENXIO,
		   "\"detail\":\"mkpeer: mkpeer makes no node of type "
		   "\\\"socket\\\" here\"}}\n");
	expect_sub("mkpeer ng1: iface x.y x", EINVAL, "mkpeer");
	expect("mkpeer ng1:", EINVAL,
	       "usage: mkpeer [path] <type> <hook> <peerhook>\n");
	expect("name ng3: peer", 0, "");
	expect_sub("show peer:", 0, "Name: peer ");
	expect("name ng2: peer", EADDRINUSE,
	       "name: \"peer\" is already the name of node [4] (type "
	       "iface)\n");
	/* its own name is in use too, as in FreeBSD */
	expect("name peer: peer", EADDRINUSE,
	       "name: \"peer\" is already this node's own name\n");
	expect_sub("show peer:", 0, "Name: peer ");
	expect_sub("name ng2: a.b", EINVAL, "name");
	expect_sub("name . x", EINVAL, "name");
	expect_sub("name ng2: 0123456789012345678901234567890123", ENAMETOOLONG,
		   "name too long");
	/* 31 bytes fit with the NUL, 32 do not */
	expect_sub("name ng2: 01234567890123456789012345678901", ENAMETOOLONG,
		   "name too long");
	expect("name ng2: 0123456789012345678901234567890", 0, "");
	expect_sub("show 0123456789012345678901234567890:", 0,
		   "Name: 0123456789012345678901234567890 ");
	expect("name 0123456789012345678901234567890: ng2", 0, "");
	expect("name ng2:", EINVAL, "usage: name <path> <name>\n");
	expect("shutdown peer:", 0, "");
	expect_sub("show ng0:", 0, "Num hooks: 0\n");
	expect_sub("shutdown peer:", ENOENT, "node not found");
	expect_sub("shutdown .", EINVAL, "shutdown");
	expect("kill ng2:", 0, "");
	expect("mkpeer iface x inet", 0, "");
	expect("rmnode ng2:", 0, "");
	expect_sub("show ng2:", ENOENT, "node not found");
	expect("shutdown", EINVAL, "usage: shutdown <path>\n");
}

/*
 * A hook name its node's type lacks (EPFNOSUPPORT): the reply names the
 * word, its node and the hooks that type has, where it said 'connect
 * "ng0:": Protocol family not supported' whichever word was wrong.
 */
static void
test_hook_family(void **state)
{
	(void)state;
	/* the peer's hook, the peer by its path from the first node */
	expect("connect ng0: ng1: inet bogus", EPFNOSUPPORT,
	       "connect: hook \"bogus\": ng1: is a node of type iface, whose "
	       "hooks are inet and inet6\n");
	expect("connect [1]: [2]: inet bogus", EPFNOSUPPORT,
	       "connect: hook \"bogus\": ng1: is a node of type iface, whose "
	       "hooks are inet and inet6\n");
	expect("connect ng0: . inet bogus", EPFNOSUPPORT,
	       "connect: hook \"bogus\": ng0: is a node of type iface, whose "
	       "hooks are inet and inet6\n");
	/* both wrong: the first, as the node looks at it first */
	expect("connect ng0: ng1: ipx bogus", EPFNOSUPPORT,
	       "connect: hook \"ipx\": ng0: is a node of type iface, whose "
	       "hooks are inet and inet6\n");
	expect_sub("-j connect ng0: ng1: inet bogus", EPFNOSUPPORT,
		   "\"name\":\"EPFNOSUPPORT\",\"text\":\"Protocol family not "
		   "supported\",\"detail\":\"connect: hook \\\"bogus\\\": "
		   "ng1: is a node");
	/* mkpeer: the new node's hook, or the hook on the node at path */
	expect("mkpeer . iface x bogus", EPFNOSUPPORT,
	       "mkpeer: hook \"bogus\": the new node is a node of type iface, "
	       "whose hooks are inet and inet6\n");
	expect("mkpeer ng0: iface inet bogus", EPFNOSUPPORT,
	       "mkpeer: hook \"bogus\": the new node is a node of type iface, "
	       "whose hooks are inet and inet6\n");
	expect("mkpeer ng0: echo bogus e", EPFNOSUPPORT,
	       "mkpeer: hook \"bogus\": ng0: is a node of type iface, whose "
	       "hooks are inet and inet6\n");
	/* nothing was made, nothing joined */
	expect_sub("list", 0, "There are 2 total nodes:\n");
	/* a name beyond printable ASCII comes back escaped */
	expect("connect ng0: ng1: inet \xc2\x9b" "2J", EPFNOSUPPORT,
	       "connect: hook \"\\xc2\\x9b2J\": ng1: is a node of type "
	       "iface, whose hooks are inet and inet6\n");
}

/*
 * connect with an end that is not an iface (an echo or hole node, the far
 * end of one iface hook): EINVAL, the reply names that end and its type,
 * where it said 'connect "ng1:": Invalid argument' whichever end it was.
 */
static void
test_connect_kind(void **state)
{
	(void)state;
	expect("mkpeer ng0: echo inet e", 0, "");
	expect("connect ng1: ng0:inet inet6 x", EINVAL,
	       "connect: \"ng0:inet\" is a node of type echo: connect joins "
	       "hooks of two iface nodes (mkpeer makes an echo or hole at an "
	       "iface's hook)\n");
	expect("mkpeer ng1: hole inet h", 0, "");
	expect("connect ng1:inet ng0: h inet6", EINVAL,
	       "connect: \"ng1:inet\" is a node of type hole: connect joins "
	       "hooks of two iface nodes (mkpeer makes an echo or hole at an "
	       "iface's hook)\n");
	/* a bad hook name is still said as such */
	expect_sub("connect ng1: ng0:inet inet6 a.b", EINVAL,
		   "hook \"a.b\": no '.'");
	/* nothing joined: each hole and echo still has its one hook */
	expect_sub("show ng1:", 0, "inet            <unnamed>       hole");
	expect("rmhook ng0: inet", 0, "");
	expect("rmhook ng1: inet", 0, "");
}

/*
 * A name in use (EADDRINUSE): the reply names the name and the node that
 * has it, where it said 'name "ng0:": Address already in use', naming
 * only the path, which a script's author already knew.
 */
static void
test_name_taken(void **state)
{
	(void)state;
	expect("name ng0: ng1", EADDRINUSE,
	       "name: \"ng1\" is already the name of node [2] (type "
	       "iface)\n");
	expect("name ng0: ng0", EADDRINUSE,
	       "name: \"ng0\" is already this node's own name\n");
	expect("-j name [1]: ng1", EADDRINUSE,
	       "{\"error\":{\"errno\":98,\"name\":\"EADDRINUSE\","
	       "\"text\":\"Address already in use\",\"detail\":\"name: "
	       "\\\"ng1\\\" is already the name of node [2] (type "
	       "iface)\"}}\n");
	/* a name beyond ASCII, given by name: the holder is the other node */
	expect("name ng1: \xc3\xa9" "cho", 0, "");
	expect("name ng0: \xc3\xa9" "cho", EADDRINUSE,
	       "name: \"\xc3\xa9" "cho\" is already the name of node [2] "
	       "(type iface)\n");
	/* the path not found is said first, as before */
	expect("name ng9: ng1", ENOENT, "name: node not found: \"ng9:\"\n");
	expect("name \xc3\xa9" "cho: ng2", 0, "");
}

/*
 * A hot-plug EAL undid because a secondary process did not answer
 * (ENOMSG): the reply names the cause, where "No message of desired type"
 * alone named neither the secondary nor that nothing changed.
 */
static void
test_hotplug_no_answer(void **state)
{
	(void)state;
	fake_graph_hotplug_fail(-ENOMSG);
	expect("mkpeer ng0: iface inet inet", ENOMSG,
	       "mkpeer: a secondary process of the prefix (dpdk-dumpcap, "
	       "dpdk-proc-info, ...) did not answer EAL's hot-plug request, "
	       "and EAL undid it: nothing changed; resume or stop that "
	       "process, then try again\n");
	expect_sub("-j shutdown ng1:", ENOMSG,
		   "\"detail\":\"shutdown: a secondary process of the prefix");
	expect_sub("show ng1:", 0, "Name: ng1 ");
	/* another error keeps the graph's own words */
	fake_graph_hotplug_fail(-EBUSY);
	expect_sub("shutdown ng1:", EBUSY, "busy");
	fake_graph_hotplug_fail(0);
	expect("shutdown ng1:", 0, "");
}

static void
test_types_status_help(void **state)
{
	char big[12 + 1100];

	(void)state;
	expect("types", 0,
	       "There are 4 total types:\n"
	       "      Type name   Number of living nodes\n"
	       "      ---------   ----------------------\n"
	       "          iface       2\n"
	       "           echo       0\n"
	       "           hole       0\n"
	       "         socket       0\n");
	expect_sub("-j types", 0, "{\"types\":[{\"name\":\"iface\",\"nodes\":2}");
	expect("types x", EINVAL, "usage: types\n");
	expect("status ng0:", 0, "Status for \"ng0:\":\nng0 is stopped\n");
	expect("-j status ng0:", 0, "{\"status\":\"ng0 is stopped\"}\n");
	expect("status .", 0, "No status available for \".\"\n");
	expect("status", EINVAL, "usage: status <path>\n");
	/* config: NGM_TEXT_CONFIG, which no node here (nor ng_iface) has */
	expect("config ng0:", 0, "No config available for \"ng0:\"\n");
	expect("config ng0: mtu 1400", 0,
	       "No config available for \"ng0:\"\n");
	expect("-j config ng0:", 0, "{\"config\":null}\n");
	expect("config .", 0, "No config available for \".\"\n");
	expect_sub("config ng9:", ENOENT, "node not found");
	expect_sub("config ng0: a.b.c", 0, "No config available");
	expect("config", EINVAL, "usage: config <path> [arguments]\n");
	memset(big, 'x', sizeof(big) - 1);
	memcpy(big, "config ng0: ", 12);
	big[sizeof(big) - 1] = '\0';
	expect_sub(big, E2BIG, "config: arguments longer than 1023 bytes");
	expect_sub("msg ng0: textconfig \"\"", EINVAL, "Invalid argument");
	expect_sub("msg ng0: textconfig", EINVAL,
		   "bad arguments for \"textconfig\" at 0: "
		   "an argument is required");
	expect_sub("help", 0, "Available commands:\n  capture    Start, stop");
	expect_sub("help", 0, "\n  connect    Join a hook");
	expect_sub("help sho", 0, "usage:    show [-n] <path>\n");
	expect_sub("help show", 0, "usage:    show [-n] <path>\n"
		   "Aliases:  inquire, info\nSummary:  Print one node");
	expect_sub("help graphviz", 0, "usage:    dot [-c]\n"
		   "Aliases:  graphviz, confdot\n");
	expect_sub("help rmnode", 0, "Aliases:  kill, rmnode\n");
	expect_sub("help join", 0, "usage:    connect ");
	expect_sub("help disconnect", 0, "usage:    rmhook ");
	/* as in FreeBSD's ngctl, rmnode makes "rm" ambiguous with rmhook */
	expect("help rm", EINVAL, "\"rm\": ambiguous command\n");
	expect_sub("-j help", 0, "{\"help\":\"Available commands:\\n");
	expect("help s", EINVAL, "\"s\": ambiguous command\n");
	expect("help a b", EINVAL, "usage: help [command]\n");
	expect("quit", EINVAL, "quit: runs in the client only\n");
}

/* An extension handler: echoes its words, fails on "fail". */
static int
ext_echo(void *arg, const struct ngc_graph *g, int argc, char *const argv[],
	 int json, struct ngc_buf *out)
{
	int i;

	assert_ptr_equal(g, &fake_graph);	/* the request's own graph */
	if (argc > 0 && strcmp(argv[0], "fail") == 0) {
		ngc_buf_printf(out, "capture: %s", (const char *)arg);
		return -EBUSY;
	}
	ngc_buf_printf(out, "%s%d", json ? "json " : "", argc);
	for (i = 0; i < argc; i++)
		ngc_buf_printf(out, " [%s]", argv[i]);
	ngc_buf_puts(out, "\n");
	return 0;
}

static void
test_extension(void **state)
{
	const struct ngc_ext_cmd ext[] = {
		{ "capture", ext_echo, (void *)(uintptr_t)"busy here" },
	};

	(void)state;
	expect("capture status", EOPNOTSUPP,
	       "capture: not served by this process\n");
	ngc_exec_ext(&fake_graph, ext, 1, "cap start -c 3 f.pcapng ip6", &r);
	assert_int_equal(r.status, 0);
	assert_string_equal(ngc_buf_str(&r.body),
			    "5 [start] [-c] [3] [f.pcapng] [ip6]\n");
	ngc_exec_ext(&fake_graph, ext, 1, "-j capture", &r);
	assert_int_equal(r.status, 0);
	assert_string_equal(ngc_buf_str(&r.body), "json 0\n");
	ngc_exec_ext(&fake_graph, ext, 1, "capture fail", &r);
	assert_int_equal(r.status, EBUSY);
	assert_string_equal(ngc_buf_str(&r.body), "capture: busy here\n");
	/* the built-in commands still run */
	ngc_exec_ext(&fake_graph, ext, 1, "status .", &r);
	assert_int_equal(r.status, 0);
	expect_sub("help capture", 0, "usage:    capture start");
}

static void
test_bad_requests(void **state)
{
	char *big;

	(void)state;
	expect("", EINVAL, "empty request\n");
	expect("-j", EINVAL, "{\"error\":{\"errno\":22,\"name\":\"EINVAL\","
	       "\"text\":\"Invalid argument\",\"detail\":\"empty request\"}}\n");
	expect("frob", EINVAL, "\"frob\": unknown command\n");
	expect("s ng0:", EINVAL, "\"s\": ambiguous command\n");
	big = malloc(1100);
	assert_non_null(big);
	memset(big, 'x', 1099);
	big[0] = 'l';
	big[1] = ' ';
	for (int i = 2; i < 1099; i += 2)
		big[i] = ' ';
	big[1099] = '\0';
	expect(big, E2BIG, "too many words in request\n");
	free(big);
	/* what a reply echoes stays valid JSON, its detail the text
	 * reply's: a stray byte escaped as \xNN, never read as Latin-1 */
	expect("-j fr\xffob", EINVAL, "{\"error\":{\"errno\":22,"
	       "\"name\":\"EINVAL\",\"text\":\"Invalid argument\","
	       "\"detail\":\"\\\"fr\\\\xffob\\\": unknown command\"}}\n");
	/* ...as are the control characters, and DEL: a script that prints
	 * the decoded detail sends them to no terminal */
	expect("-j f\x01r\x1f" "o\x7f" "b", EINVAL, "{\"error\":{\"errno\":22,"
	       "\"name\":\"EINVAL\",\"text\":\"Invalid argument\","
	       "\"detail\":\"\\\"f\\\\x01r\\\\x1fo\\\\x7fb\\\": unknown "
	       "command\"}}\n");
	expect("-j fr\xc3\xa4ob", EINVAL, "{\"error\":{\"errno\":22,"
	       "\"name\":\"EINVAL\",\"text\":\"Invalid argument\","
	       "\"detail\":\"\\\"fr\xc3\xa4ob\\\": unknown command\"}}\n");
}

/*
 * What a client sent comes back in the replies (an unknown command word, a
 * path, a name, a msg token) escaped: a terminal escape such as
 * "\x1b[2J", sent to the client's terminal as it was, cleared it or
 * worse.  Control characters (C0, DEL, C1) and bytes of no whole UTF-8
 * sequence as \xNN; printable ASCII and UTF-8 (node names may be UTF-8)
 * as they are.
 */
static void
test_echo_escaped(void **state)
{
	(void)state;
	expect("\x1b[2Jfoo", EINVAL, "\"\\x1b[2Jfoo\": unknown command\n");
	expect("fr\xffob\xc3", EINVAL, "\"fr\\xffob\\xc3\": unknown command\n");
	/* U+009B, the one-byte CSI, is valid UTF-8 and a control */
	expect("\xc2\x9b" "2J", EINVAL, "\"\\xc2\\x9b2J\": unknown command\n");
	expect("l\x7f", EINVAL, "\"l\\x7f\": unknown command\n");
	/* UTF-8 letters stay as they are */
	expect("fr\xc3\xa4ob", EINVAL, "\"fr\xc3\xa4ob\": unknown command\n");
	expect("show n\xc3\xa4\xe2\x82\xac:", ENOENT,
	       "show: node not found: \"n\xc3\xa4\xe2\x82\xac:\"\n");
	/* a path, a peer, a msg command and its arguments */
	expect("show ng9\x1b]0;x\x07:", ENOENT,
	       "show: node not found: \"ng9\\x1b]0;x\\x07:\"\n");
	expect("connect ng0: ng\x1b[1m: inet inet", ENOENT,
	       "connect: peer node not found: \"ng\\x1b[1m:\" "
	       "(from \"ng0:\")\n");
	expect("msg ng0: fr\x1bob", ENOSYS,
	       "msg: unknown command \"fr\\x1bob\" for type iface\n");
	expect_sub("msg ng0: name { name=\"a\\\x1b\" }", EINVAL,
		   "bad escape \"\\\\x1b\"");
	expect_sub("msg ng0: name { na\x9bme=\"x\" }", ENOENT,
		   "unknown field \"na\\x9bme\"");
	expect("name ng0: a\x1b", EINVAL,
	       "name: name \"a\\x1b\": no '.', ':', '[', ']', '\"', blank "
	       "or control character, and beyond ASCII only whole UTF-8 "
	       "sequences\n");
	expect("help \x1b[2J", EINVAL, "\"\\x1b[2J\": unknown command\n");
}

static void
test_esc(void **state)
{
	char b[16];

	(void)state;
	assert_string_equal(ngc_esc("a\x1b[2J", b, sizeof(b)), "a\\x1b[2J");
	assert_string_equal(ngc_esc("\t\n\r", b, sizeof(b)),
			    "\\x09\\x0a\\x0d");
	assert_string_equal(ngc_esc("\xe2\x82\xac\xf0\x9f\x98\x80", b,
				    sizeof(b)), "\xe2\x82\xac\xf0\x9f\x98\x80");
	/* overlong, surrogate, cut short: every byte shown */
	assert_string_equal(ngc_esc("\xc0\xaf", b, sizeof(b)), "\\xc0\\xaf");
	assert_string_equal(ngc_esc("\xed\xa0", b, sizeof(b)), "\\xed\\xa0");
	/* the C1 controls, U+0080 to U+009F, escaped; U+00A0 on shown */
	assert_string_equal(ngc_esc("\xc2\x80", b, sizeof(b)), "\\xc2\\x80");
	assert_string_equal(ngc_esc("\xc2\x9f", b, sizeof(b)), "\\xc2\\x9f");
	assert_string_equal(ngc_esc("\xc2\xa0", b, sizeof(b)), "\xc2\xa0");
	/* cut where a whole escape or sequence does not fit */
	assert_string_equal(ngc_esc("abcdefghijkl\x1b", b, sizeof(b)),
			    "abcdefghijkl");
	assert_string_equal(ngc_esc("abcdefghijklmn\xc3\xa4", b, sizeof(b)),
			    "abcdefghijklmn");
	assert_string_equal(ngc_esc("abcdefghijklm\xc3\xa4", b, sizeof(b)),
			    "abcdefghijklm\xc3\xa4");
	assert_string_equal(ngc_esc("", b, sizeof(b)), "");
	assert_string_equal(ngc_esc("x", b, 1), "");
}

/************************************************************************
			OVER THE SOCKET
 ************************************************************************/

static char sock_path[108];

/* A server on sock_path: 0 for ngc_server's defaults. */
static struct ngc_server *
server_up_max(unsigned int timeout_ms, unsigned int max_clients)
{
	struct ngc_server_conf conf = {
		.path = sock_path, .timeout_ms = timeout_ms,
		.max_clients = max_clients, .graph = fake_graph,
	};
	struct ngc_server *srv;
	struct stat st;

	snprintf(sock_path, sizeof(sock_path), "/tmp/ngc-test-%d.sock",
		 getpid());
	assert_int_equal(ngc_server_create(&conf, &srv), 0);
	assert_int_equal(stat(sock_path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(ngc_server_start(srv), 0);
	return srv;
}

static struct ngc_server *
server_up(unsigned int timeout_ms)
{
	return server_up_max(timeout_ms, 0);
}

static void
test_socket(void **state)
{
	struct ngc_server *srv = server_up(0);
	struct ngc_client_reply cr;

	(void)state;
	assert_int_equal(ngc_client_request(sock_path, "list", 2000, &cr), 0);
	assert_int_equal(cr.status, 0);
	assert_string_equal(cr.name, "OK");
	assert_non_null(strstr(cr.body, "There are 2 total nodes:"));
	ngc_client_reply_free(&cr);
	fake_graph_start(1);
	assert_int_equal(ngc_client_request(sock_path, "msg ng1: point2point",
					    2000, &cr), 0);
	assert_int_equal(cr.status, EBUSY);
	assert_string_equal(cr.name, "EBUSY");
	assert_string_equal(cr.text, "Device or resource busy");
	ngc_client_reply_free(&cr);
	assert_int_equal(ngc_server_answered(srv), 2);
	ngc_server_stop(srv);
	assert_int_equal(ngc_client_request(sock_path, "list", 500, &cr),
			 -ENOENT);
}

static void
send_all(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len > 0 && (n = send(fd, data, len, MSG_NOSIGNAL)) > 0) {
		data += n;
		len -= (size_t)n;
	}
}

/*
 * Raw socket: send bytes, the first cut of them alone and the rest 50 ms
 * later (so that the server reads them apart), read the whole reply.
 */
static int
raw_split(const char *data, size_t len, size_t cut, int shut, char *out,
	  size_t max)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t got = 0;
	ssize_t n;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	strcpy(sa.sun_path, sock_path);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	send_all(fd, data, cut);
	if (cut < len) {
		usleep(50 * 1000);
		send_all(fd, data + cut, len - cut);
	}
	if (shut)
		shutdown(fd, SHUT_WR);
	while (got < max - 1 && (n = recv(fd, out + got, max - 1 - got, 0)) > 0)
		got += (size_t)n;
	out[got] = '\0';
	close(fd);
	return (int)got;
}

static int
raw(const char *data, size_t len, int shut, char *out, size_t max)
{
	return raw_split(data, len, len, shut, out, max);
}

/* A client that has sent the first bytes of a request and waits. */
static int
raw_begin(const char *start)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	strcpy(sa.sun_path, sock_path);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	send_all(fd, start, strlen(start));
	return fd;
}

/* The rest of its request, then the whole reply ("" if closed unread). */
static void
raw_end(int fd, const char *rest, char *out, size_t max)
{
	size_t got = 0;
	ssize_t n;

	send_all(fd, rest, strlen(rest));
	while (got < max - 1 && (n = recv(fd, out + got, max - 1 - got, 0)) > 0)
		got += (size_t)n;
	out[got] = '\0';
	close(fd);
}

static uint64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
test_socket_bad(void **state)
{
	struct ngc_server *srv = server_up(300);
	char out[512], *big;
	uint64_t t0;

	(void)state;
	raw("list", 4, 1, out, sizeof(out));	/* EOF ends the request */
	/* success's text is strerror(0)'s, as an error's is its strerror */
	assert_int_equal(strncmp(out, "NGC1 0 OK ", 10), 0);
	assert_non_null(strstr(out, " Success\n"));
	raw("li\0st\n", 6, 0, out, sizeof(out));
	assert_string_equal(out, "NGC1 22 EINVAL 28 Invalid argument\n"
			    "malformed request: NUL byte\n");
	raw("bogus\r\n", 7, 0, out, sizeof(out));
	assert_non_null(strstr(out, "\"bogus\": unknown command"));
	big = malloc(NGC_REQ_MAX + 100);
	assert_non_null(big);
	memset(big, 'a', NGC_REQ_MAX + 100);
	raw(big, NGC_REQ_MAX + 100, 0, out, sizeof(out));
	assert_non_null(strstr(out, "NGC1 7 E2BIG "));
	free(big);
	t0 = mono_ms();
	raw("list", 4, 0, out, sizeof(out));	/* stalls: times out */
	assert_non_null(strstr(out, "NGC1 110 ETIMEDOUT "));
	/* after the 300 ms this server was given, not the default 5 s */
	assert_true(mono_ms() - t0 < NGC_DEFAULT_TIMEOUT_MS / 2);
	raw("", 0, 1, out, sizeof(out));	/* nothing at all */
	assert_string_equal(out, "");
	raw("types\n", 6, 0, out, sizeof(out));
	assert_non_null(strstr(out, "There are 4 total types"));
	ngc_server_stop(srv);
}

/*
 * Only a shutdown of the client's sending side ends a request at EOF: text
 * without a newline from a client that closed its socket is a request cut
 * short, and is not run (it was: "name ng1: upl" named ng1 "upl", for a
 * client that meant "uplink" and was gone).
 */
static void
test_socket_cut_by_close(void **state)
{
	struct ngc_server *srv = server_up(0);
	char out[512];
	uint64_t before;
	int fd;

	(void)state;
	fd = raw_begin("name ng1: upl");
	close(fd);
	usleep(200 * 1000);
	before = ngc_server_answered(srv);
	raw("list\n", 5, 0, out, sizeof(out));
	assert_null(strstr(out, "Name: upl "));
	assert_int_equal(ngc_server_answered(srv), before + 1);
	/* the same text ended by shutdown(SHUT_WR) is a request, and runs */
	raw("name ng1: upl", 13, 1, out, sizeof(out));
	assert_non_null(strstr(out, "NGC1 0 OK "));
	raw("list\n", 5, 0, out, sizeof(out));
	assert_non_null(strstr(out, "Name: upl "));
	ngc_server_stop(srv);
}

/*
 * max_clients at once, no fewer: two clients of a server that takes two
 * are both answered; a third, accepted after them (a listen queue is
 * first in, first out) while both wait, is told EAGAIN and closed, its
 * request not run.
 */
static void
test_socket_max_clients(void **state)
{
	struct ngc_server *srv = server_up_max(5000, 2);
	char out[512];
	int a, b, c;

	(void)state;
	a = raw_begin("li");
	b = raw_begin("li");
	c = raw_begin("li");
	raw_end(c, "st\n", out, sizeof(out));
	assert_string_equal(out, "NGC1 11 EAGAIN 28 Resource temporarily "
			    "unavailable\ntoo many clients: try again\n");
	raw_end(a, "st\n", out, sizeof(out));
	assert_non_null(strstr(out, "NGC1 0 OK "));
	raw_end(b, "st\n", out, sizeof(out));
	assert_non_null(strstr(out, "NGC1 0 OK "));
	ngc_server_stop(srv);
}

/*
 * A client turned away is read before it is closed: its reply then ends in
 * EOF, where a close with its request unread would end it in ECONNRESET
 * (an AF_UNIX stream peer closed with data unread).  The server is started
 * after both clients connected and wrote, so that the third finds the
 * request there, whole, and the first holds the only slot.
 */
static void
test_socket_turned_away_eof(void **state)
{
	struct ngc_server_conf conf = {
		.path = sock_path, .timeout_ms = 5000, .max_clients = 1,
		.graph = fake_graph,
	};
	struct ngc_server *srv;
	char out[512];
	size_t got = 0;
	ssize_t n = -1;
	int a, c;

	(void)state;
	snprintf(sock_path, sizeof(sock_path), "/tmp/ngc-test-%d.sock",
		 getpid());
	assert_int_equal(ngc_server_create(&conf, &srv), 0);
	a = raw_begin("li");
	c = raw_begin("list\n");
	assert_int_equal(ngc_server_start(srv), 0);
	while (got < sizeof(out) - 1 &&
	       (n = recv(c, out + got, sizeof(out) - 1 - got, 0)) > 0)
		got += (size_t)n;
	out[got] = '\0';
	assert_string_equal(out, "NGC1 11 EAGAIN 28 Resource temporarily "
			    "unavailable\ntoo many clients: try again\n");
	assert_int_equal(n, 0);		/* EOF, not ECONNRESET */
	close(c);
	raw_end(a, "st\n", out, sizeof(out));
	assert_non_null(strstr(out, "NGC1 0 OK "));
	ngc_server_stop(srv);
}

/*
 * A peer refused by SO_PEERCRED (EACCES) is read before it is closed, as
 * one turned away is: with its request already sent when it is accepted
 * (the server started after it wrote), its reply then ends in EOF.  It
 * ended in ECONNRESET (socat, a script reading to EOF: "Connection reset
 * by peer" after the answer).  Needs root, to be another uid.
 */
static int
refused_child(int ready)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char out[512];
	size_t got = 0;
	ssize_t n = -1;
	int fd;

	if (setgid(65534) != 0 || setuid(65534) != 0)
		return 10;
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	strcpy(sa.sun_path, sock_path);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		return 11;
	send_all(fd, "list\n", 5);
	if (write(ready, "x", 1) != 1)
		return 12;
	while (got < sizeof(out) - 1 &&
	       (n = recv(fd, out + got, sizeof(out) - 1 - got, 0)) > 0)
		got += (size_t)n;
	out[got] = '\0';
	if (strncmp(out, "NGC1 13 EACCES ", 15) != 0)
		return 13;
	return n == 0 ? 0 : 14;		/* 14: ECONNRESET */
}

static void
test_socket_refused_eof(void **state)
{
	struct ngc_server_conf conf = {
		.path = sock_path, .graph = fake_graph,
	};
	struct ngc_server *srv;
	int ready[2], status;
	char c;
	pid_t pid;

	(void)state;
	if (geteuid() != 0)
		skip();
	snprintf(sock_path, sizeof(sock_path), "/tmp/ngc-test-%d.sock",
		 getpid());
	assert_int_equal(ngc_server_create(&conf, &srv), 0);
	assert_int_equal(chmod(sock_path, 0666), 0);
	assert_int_equal(pipe(ready), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(refused_child(ready[1]));
	close(ready[1]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	assert_int_equal(ngc_server_start(srv), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	ngc_server_stop(srv);
}

/*
 * A server's stop removes its own socket file only: after the name was
 * removed by hand and bound again by another server, that server's file
 * stays.
 */
static void
test_socket_stop_keeps_other(void **state)
{
	struct ngc_server *srv = server_up(0);
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	int other;

	(void)state;
	strcpy(sa.sun_path, sock_path);
	assert_int_equal(unlink(sock_path), 0);
	other = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(other >= 0);
	assert_int_equal(bind(other, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ngc_server_stop(srv);
	assert_int_equal(lstat(sock_path, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	close(other);
	unlink(sock_path);
}

/*
 * A request of NGC_REQ_MAX bytes, newline included, is served; one byte
 * more is E2BIG.  The same however the client's writes split it: in one,
 * or with the last two bytes in a second write.
 */
static void
test_socket_req_max(void **state)
{
	struct ngc_server *srv = server_up(0);
	size_t len, cut;
	char out[512], *req;

	(void)state;
	req = malloc(NGC_REQ_MAX + 1);
	assert_non_null(req);
	memset(req, ' ', NGC_REQ_MAX + 1);
	memcpy(req, "list", 4);
	for (len = NGC_REQ_MAX; len <= NGC_REQ_MAX + 1; len++) {
		req[len - 1] = '\n';
		for (cut = len; cut >= len - 2; cut -= 2) {
			raw_split(req, len, cut, 0, out, sizeof(out));
			if (strstr(out, len == NGC_REQ_MAX ? "NGC1 0 OK " :
				   "NGC1 7 E2BIG ") == NULL)
				fail_msg("%zu bytes, cut at %zu: \"%.60s\"",
					 len, cut, out);
		}
		req[len - 1] = ' ';
	}
	free(req);
	ngc_server_stop(srv);
}

/* The highest descriptor open in this process. */
static int
max_fd(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int max = -1;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (atoi(e->d_name) > max)
			max = atoi(e->d_name);
	closedir(d);
	return max;
}

/* How many descriptors this process has open. */
static int
nb_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	assert_non_null(d);
	while (readdir(d) != NULL)
		n++;
	closedir(d);
	return n;
}

/*
 * A server's stop gives back every descriptor it took, the listening
 * socket's with the rest, whether clients came or not.
 */
static void
test_socket_stop_fds(void **state)
{
	struct ngc_server *srv;
	char out[512];
	int before = nb_fds(), a;

	(void)state;
	srv = server_up(0);
	raw("list\n", 5, 0, out, sizeof(out));
	assert_non_null(strstr(out, "NGC1 0 OK "));
	a = raw_begin("li");
	usleep(50 * 1000);
	ngc_server_stop(srv);
	raw_end(a, "", out, sizeof(out));
	assert_non_null(strstr(out, "NGC1 108 ESHUTDOWN "));
	assert_int_equal(nb_fds(), before);
	srv = server_up(0);
	ngc_server_stop(srv);
	assert_int_equal(nb_fds(), before);
}

/* Descriptors taken by fds_exhaust(), and the limit to give back. */
struct fds_taken {
	struct rlimit old;
	int *fd;
	int nb;
};

/*
 * Lower RLIMIT_NOFILE to a few past the descriptors in use, take every
 * number still free below it (holes included), then give back left of
 * them: the process has exactly left descriptors to open.
 */
static void
fds_exhaust(struct fds_taken *t, int left)
{
	struct rlimit low;
	int fd;

	assert_int_equal(getrlimit(RLIMIT_NOFILE, &t->old), 0);
	low = t->old;
	low.rlim_cur = (rlim_t)max_fd() + 1 + 16;
	t->fd = malloc(low.rlim_cur * sizeof(*t->fd));
	assert_non_null(t->fd);
	t->nb = 0;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
	while ((fd = dup(STDERR_FILENO)) >= 0)
		t->fd[t->nb++] = fd;
	assert_int_equal(errno, EMFILE);
	while (left-- > 0)
		close(t->fd[--t->nb]);
}

/* Give back what fds_exhaust() took, the limit too. */
static void
fds_restore(struct fds_taken *t)
{
	while (t->nb > 0)
		close(t->fd[--t->nb]);
	free(t->fd);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &t->old), 0);
}

/* CPU time of the whole process (the server thread's, here), in ms. */
static uint64_t
cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * Out of descriptors (RLIMIT_NOFILE), a connection waits in the backlog:
 * the server does not spin on accept4() meanwhile (it took a whole CPU,
 * the listening socket being readable all along) and serves the
 * connection once a descriptor is free again.
 */
static void
test_socket_emfile(void **state)
{
	struct ngc_server *srv = server_up(0);
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = 3 };
	struct fds_taken taken;
	size_t got = 0;
	char out[512];
	uint64_t cpu;
	ssize_t n;
	int late;

	(void)state;
	strcpy(sa.sun_path, sock_path);
	/* the one descriptor left is the client's: the server finds none */
	fds_exhaust(&taken, 1);
	late = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(late >= 0);
	assert_int_equal(connect(late, (struct sockaddr *)&sa, sizeof(sa)),
			 0);
	send_all(late, "list\n", 5);
	usleep(50 * 1000);
	cpu = cpu_ms();
	usleep(500 * 1000);
	cpu = cpu_ms() - cpu;
	/* a descriptor again: the request waiting in the backlog is served */
	close(taken.fd[--taken.nb]);
	setsockopt(late, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while (got < sizeof(out) - 1 &&
	       (n = recv(late, out + got, sizeof(out) - 1 - got, 0)) > 0)
		got += (size_t)n;
	out[got] = '\0';
	close(late);
	ngc_server_stop(srv);
	/* descriptors back before a failure: the later tests need them */
	fds_restore(&taken);
	if (cpu > 100)
		fail_msg("server out of descriptors: %" PRIu64
			 " ms of CPU in 500 ms", cpu);
	assert_non_null(strstr(out, "NGC1 0 OK "));
}

/*
 * Stopping out of descriptors: a client left in the listen backlog is told
 * ESHUTDOWN, as one accepted is, once closing those has freed a
 * descriptor.  It was reset (ECONNRESET, no reply): the backlog was taken
 * before the accepted clients were closed, with no descriptor to take it
 * with.
 */
static void
test_socket_stop_emfile(void **state)
{
	struct ngc_server *srv = server_up(0);
	struct fds_taken taken;
	char out[512];
	int a, b;

	(void)state;
	/* three left: a client, the server's end of it, one more client */
	fds_exhaust(&taken, 3);
	a = raw_begin("li");
	usleep(100 * 1000);
	b = raw_begin("li");
	usleep(100 * 1000);
	ngc_server_stop(srv);
	fds_restore(&taken);
	raw_end(a, "", out, sizeof(out));
	assert_non_null(strstr(out, "NGC1 108 ESHUTDOWN "));
	raw_end(b, "", out, sizeof(out));
	assert_non_null(strstr(out, "NGC1 108 ESHUTDOWN "));
}

/*
 * A request that came whole while the server ran a slow one (a hot-plug
 * waiting on a secondary) is answered, however long that took: it sat
 * in its socket, and the server told it "request timed out" for its own
 * delay.  B is accepted first (its deadline runs from there), then A's
 * mkpeer holds the server 2 s, during which B sends its request.  C,
 * accepted with B, shuts its sending side meanwhile with nothing sent:
 * it is closed with no reply, as when the server is idle, not told
 * "request timed out" for the server's delay.  The deadline, 1 s, is
 * past by the end of the hold, and far from the 0.25 s B takes to send
 * (a loaded machine stalls this thread for some of that).
 */
static void
test_socket_slow_neighbour(void **state)
{
	struct ngc_server *srv = server_up(1000);
	char out[512];
	int a, b, c;

	(void)state;
	b = raw_begin("");
	c = raw_begin("");
	usleep(50 * 1000);
	fake_graph_hotplug_delay(2000);
	a = raw_begin("mkpeer ng0: iface inet inet\n");
	usleep(200 * 1000);
	shutdown(c, SHUT_WR);
	raw_end(b, "list\n", out, sizeof(out));
	assert_non_null(strstr(out, "NGC1 0 OK "));
	assert_non_null(strstr(out, "There are 3 total nodes:"));
	raw_end(a, "", out, sizeof(out));
	assert_non_null(strstr(out, "NGC1 0 OK "));
	raw_end(c, "", out, sizeof(out));
	assert_string_equal(out, "");
	/* one that sent nothing in its time is still told so: raw_end
	 * waits for the deadline */
	fake_graph_hotplug_delay(0);
	b = raw_begin("li");
	raw_end(b, "", out, sizeof(out));
	assert_non_null(strstr(out, "NGC1 110 ETIMEDOUT "));
	ngc_server_stop(srv);
}

static void
test_socket_group(void **state)
{
	struct ngc_server_conf conf = {
		.path = sock_path, .graph = fake_graph,
		.group_access = 1, .gid = getgid(),
	};
	struct ngc_server *srv;
	struct stat st;

	(void)state;
	snprintf(sock_path, sizeof(sock_path), "/tmp/ngc-test-%d.sock",
		 getpid());
	assert_int_equal(ngc_server_create(&conf, &srv), 0);
	assert_int_equal(stat(sock_path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0660);
	assert_int_equal(st.st_gid, getgid());
	/* a path that is not a socket is never replaced */
	ngc_server_stop(srv);
	conf.path = "/tmp";
	assert_int_equal(ngc_server_create(&conf, &srv), -EEXIST);
	conf.path = "";
	assert_int_equal(ngc_server_create(&conf, &srv), -EINVAL);
}

/*
 * A socket path that cannot be bound: in a directory that does not exist
 * (bind's ENOENT), longer than sun_path holds (ENAMETOOLONG, not cut to
 * another path); nothing left behind, and a good path works after.
 */
static void
test_socket_path_errors(void **state)
{
	struct ngc_server_conf conf = { .graph = fake_graph };
	char dir[64], path[160], longp[128];
	struct ngc_server *srv = NULL;
	struct stat st;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/ngc-test-%d.none", getpid());
	snprintf(path, sizeof(path), "%s/ctl.sock", dir);
	conf.path = path;
	assert_int_equal(ngc_server_create(&conf, &srv), -ENOENT);
	assert_null(srv);
	assert_int_equal(stat(dir, &st), -1);
	memset(longp, 'a', sizeof(longp) - 1);
	longp[sizeof(longp) - 1] = '\0';
	longp[snprintf(longp, 32, "/tmp/ngc-test-%d.", getpid())] = 'a';
	conf.path = longp;
	assert_int_equal(ngc_server_create(&conf, &srv), -ENAMETOOLONG);
	assert_null(srv);
	longp[108] = '\0';	/* 108 bytes and the NUL: one too many */
	assert_int_equal(ngc_server_create(&conf, &srv), -ENAMETOOLONG);
	longp[107] = '\0';	/* sun_path's 108 bytes, the NUL too */
	assert_int_equal(ngc_server_create(&conf, &srv), 0);
	assert_int_equal(stat(longp, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	ngc_server_stop(srv);
	assert_int_equal(stat(longp, &st), -1);
}

/* A fake server that answers every connection with reply (NULL: never). */
static pid_t
fake_server(const char *reply)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int lfd = socket(AF_UNIX, SOCK_STREAM, 0), fd;
	char buf[256];
	pid_t pid;

	snprintf(sock_path, sizeof(sock_path), "/tmp/ngc-fake-%d.sock",
		 getpid());
	unlink(sock_path);
	strcpy(sa.sun_path, sock_path);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(lfd, 8), 0);
	pid = fork();
	if (pid == 0) {
		for (;;) {
			fd = accept(lfd, NULL, NULL);
			if (fd < 0)
				_exit(0);
			if (recv(fd, buf, sizeof(buf), 0) < 0 || reply == NULL) {
				sleep(5);
				_exit(0);
			}
			if (send(fd, reply, strlen(reply), MSG_NOSIGNAL) < 0)
				_exit(1);
			close(fd);
		}
	}
	close(lfd);
	return pid;
}

static void
fake_server_down(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	unlink(sock_path);
}

/* Names from the table, then the C library's, then "E<n>". */
static void
test_errno_names(void **state)
{
	char buf[16];

	(void)state;
	assert_string_equal(ngc_errno_name(EBUSY, buf, sizeof(buf)), "EBUSY");
	assert_string_equal(ngc_errno_name(EOPNOTSUPP, buf, sizeof(buf)),
			    "EOPNOTSUPP");
	assert_string_equal(ngc_errno_name(EROFS, buf, sizeof(buf)), "EROFS");
	assert_string_equal(ngc_errno_name(EDQUOT, buf, sizeof(buf)), "EDQUOT");
	assert_string_equal(ngc_errno_name(9999, buf, sizeof(buf)), "E9999");
}

static void
test_client_errors(void **state)
{
	struct ngc_client_reply cr;
	char *big;
	pid_t pid;

	(void)state;
	pid = fake_server("garbage\n");
	assert_int_equal(ngc_client_request(sock_path, "list", 1000, &cr),
			 -EPROTO);
	fake_server_down(pid);
	pid = fake_server("NGC1 0 OK 10 Success\nshort");
	assert_int_equal(ngc_client_request(sock_path, "list", 1000, &cr),
			 -EPROTO);
	fake_server_down(pid);
	/* a body longer than the header says is as wrong as a short one */
	pid = fake_server("NGC1 0 OK 2 Success\nxyz");
	assert_int_equal(ngc_client_request(sock_path, "list", 1000, &cr),
			 -EPROTO);
	fake_server_down(pid);
	pid = fake_server("NGC1 16 EBUSY 3 Device or resource busy\nxyz");
	assert_int_equal(ngc_client_request(sock_path, "list", 1000, &cr), 0);
	assert_int_equal(cr.status, EBUSY);
	assert_string_equal(cr.body, "xyz");
	ngc_client_reply_free(&cr);
	fake_server_down(pid);
	pid = fake_server(NULL);
	assert_int_equal(ngc_client_request(sock_path, "list", 200, &cr),
			 -ETIMEDOUT);
	fake_server_down(pid);
	big = malloc(NGC_REQ_MAX + 1);
	assert_non_null(big);
	memset(big, 'a', NGC_REQ_MAX);
	big[NGC_REQ_MAX] = '\0';
	assert_int_equal(ngc_client_request(sock_path, big, 200, &cr),
			 -EMSGSIZE);
	free(big);
	/* one request a line: what follows a newline would be another */
	assert_int_equal(ngc_client_request(sock_path, "list\nshutdown ng0:",
					    200, &cr), -EINVAL);
	assert_int_equal(ngc_client_request("/nonexistent/x.sock", "list", 200,
					    &cr), -ENOENT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cli_find),
		cmocka_unit_test(test_cli_split),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_show_connect_rmhook,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_connect_dot, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_dot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_show_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_node_vanishes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_many_nodes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_nodes_grow, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_msg, setup, teardown),
		cmocka_unit_test_setup_teardown(test_msg_hook, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_connect_kind, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_hook_family, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_name_taken, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_hotplug_no_answer,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_mkpeer_shutdown_name,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_types_status_help, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_extension, setup,
						teardown),
		cmocka_unit_test(test_esc),
		cmocka_unit_test_setup_teardown(test_echo_escaped, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_requests, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_socket, setup, teardown),
		cmocka_unit_test_setup_teardown(test_socket_bad, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_socket_cut_by_close, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_socket_max_clients, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_socket_turned_away_eof,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_socket_refused_eof, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_socket_req_max, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_socket_stop_keeps_other,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_socket_emfile, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_socket_stop_emfile, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_socket_stop_fds, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_socket_slow_neighbour,
						setup, teardown),
		cmocka_unit_test(test_socket_group),
		cmocka_unit_test(test_socket_path_errors),
		cmocka_unit_test(test_errno_names),
		cmocka_unit_test(test_client_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
