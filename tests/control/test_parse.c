/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * ng_parse-style types, the message model and addresses: round trips for
 * every type and every command of the table, and every error path.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ngc_msg.h"
#include "ngc_parse.h"
#include "ngc_path.h"

/************************************************************************
			HELPERS
 ************************************************************************/

static uint8_t bin[NGC_MSG_MAX];

/* Parse in, unparse, expect canonical text out; parse out again, same bytes. */
static void
round_trip(const struct ngc_type *t, const char *in, const char *out)
{
	static uint8_t again[NGC_MSG_MAX];
	struct ngc_perr err;
	struct ngc_buf b;
	int n, m;

	n = ngc_parse(t, in, bin, sizeof(bin), &err);
	if (n < 0)
		fail_msg("parse \"%s\": %d %s", in, n, err.msg);
	ngc_buf_init(&b, 0);
	assert_int_equal(ngc_unparse(t, bin, (size_t)n, &b), 0);
	assert_string_equal(ngc_buf_str(&b), out);
	m = ngc_parse(t, ngc_buf_str(&b), again, sizeof(again), &err);
	assert_int_equal(m, n);
	assert_memory_equal(again, bin, (size_t)n);
	ngc_buf_free(&b);
}

static void
parse_fails(const struct ngc_type *t, const char *in, int err)
{
	struct ngc_perr perr;
	int n = ngc_parse(t, in, bin, sizeof(bin), &perr);

	if (n != err)
		fail_msg("parse \"%s\": got %d want %d (%s)", in, n, err,
			 perr.msg);
	assert_true(perr.msg[0] != '\0');
}

/* parse_fails, and the error's words hold what */
static void
parse_fails_saying(const struct ngc_type *t, const char *in, int err,
		   const char *what)
{
	struct ngc_perr perr;
	int n = ngc_parse(t, in, bin, sizeof(bin), &perr);

	if (n != err || strstr(perr.msg, what) == NULL)
		fail_msg("parse \"%s\": got %d \"%s\", want %d \"%s\"", in, n,
			 perr.msg, err, what);
}

static void
unparse_fails(const struct ngc_type *t, const void *p, size_t len)
{
	struct ngc_buf b;

	ngc_buf_init(&b, 0);
	assert_int_equal(ngc_unparse(t, p, len, &b), -EINVAL);
	ngc_buf_free(&b);
}

/************************************************************************
			TYPES FOR THE TESTS
 ************************************************************************/

static const struct ngc_type fix8 = {
	.kind = NGC_KIND_FIXSTR, .name = "fix8", .size = 8,
};
static const struct ngc_type arr4 = {
	.kind = NGC_KIND_ARRAY, .name = "arr4", .size = 4,
	.elem = &ngc_type_uint16,
};
static const struct ngc_type varr3 = {
	.kind = NGC_KIND_VARRAY, .name = "varr3", .size = 3,
	.elem = &ngc_type_string,
};
static const struct ngc_field inner_f[] = {
	{ "a", &ngc_type_uint8 }, { "b", &ngc_type_int64 }, { NULL, NULL },
};
static const struct ngc_type inner = {
	.kind = NGC_KIND_STRUCT, .name = "inner", .fields = inner_f,
};
static const struct ngc_field outer_f[] = {
	{ "x", &ngc_type_int32 }, { "label", &fix8 }, { "in", &inner },
	{ "ary", &arr4 }, { "list", &varr3 }, { "s", &ngc_type_string },
	{ NULL, NULL },
};
static const struct ngc_type outer = {
	.kind = NGC_KIND_STRUCT, .name = "outer", .fields = outer_f,
};

/************************************************************************
			SCALARS
 ************************************************************************/

static void
test_ints(void **state)
{
	(void)state;
	round_trip(&ngc_type_int8, "-128", "-128");
	round_trip(&ngc_type_int8, "127", "127");
	round_trip(&ngc_type_uint8, "0xff", "255");
	round_trip(&ngc_type_int16, "-32768", "-32768");
	round_trip(&ngc_type_uint16, "65535", "65535");
	round_trip(&ngc_type_int32, "-2147483648", "-2147483648");
	round_trip(&ngc_type_uint32, "017", "15");
	round_trip(&ngc_type_uint32, "4294967295", "4294967295");
	round_trip(&ngc_type_int64, "-9223372036854775808",
		   "-9223372036854775808");
	round_trip(&ngc_type_uint64, "18446744073709551615",
		   "18446744073709551615");
	round_trip(&ngc_type_uint32, "  +7  ", "7");
	round_trip(&ngc_type_uint32, "", "0");
}

static void
test_int_errors(void **state)
{
	(void)state;
	parse_fails(&ngc_type_int8, "128", -ERANGE);
	parse_fails(&ngc_type_int8, "-129", -ERANGE);
	parse_fails(&ngc_type_uint8, "256", -ERANGE);
	parse_fails(&ngc_type_uint16, "65536", -ERANGE);
	parse_fails(&ngc_type_uint32, "-1", -ERANGE);
	parse_fails(&ngc_type_uint32, "4294967296", -ERANGE);
	parse_fails(&ngc_type_uint64, "18446744073709551616", -ERANGE);
	parse_fails(&ngc_type_int64, "9223372036854775808", -ERANGE);
	parse_fails(&ngc_type_uint32, "123456789012345678901234567890123",
		    -ERANGE);
	parse_fails(&ngc_type_uint32, "12abc", -EINVAL);
	parse_fails(&ngc_type_uint32, "0x", -EINVAL);
	parse_fails(&ngc_type_uint32, "{", -EINVAL);
	parse_fails(&ngc_type_uint32, "1 2", -EINVAL);
	parse_fails(&ngc_type_uint32, "\"1\"", -EINVAL);
}

static void
test_strings(void **state)
{
	(void)state;
	round_trip(&ngc_type_string, "\"ng0\"", "\"ng0\"");
	round_trip(&ngc_type_string, "\"\"", "\"\"");
	round_trip(&ngc_type_string, "\"a\\tb\\n\\\"q\\\"\\\\\"",
		   "\"a\\tb\\n\\\"q\\\"\\\\\"");
	/* out as ng_encode_string writes: five letters, \xNN for the rest */
	round_trip(&ngc_type_string, "\"\\a\\b\\f\\r\\v\\'\\?\"",
		   "\"\\x07\\x08\\f\\r\\v'?\"");
	round_trip(&ngc_type_string, "\"\\101\\x42\\1\\xff\\x7f\"",
		   "\"AB\\x01\\xff\\x7f\"");
	/* two hex digits at most, so a byte before a hex letter reads back */
	round_trip(&ngc_type_string, "\"pe\\xc3\\xa4r\\x01a\"",
		   "\"pe\\xc3\\xa4r\\x01a\"");
	/* hex digits in either case */
	round_trip(&ngc_type_string, "\"\\x4A\\xFf\\xaB\"",
		   "\"J\\xff\\xab\"");
	round_trip(&ngc_type_string, "", "\"\"");
	round_trip(&fix8, "\"1234567\"", "\"1234567\"");
	round_trip(&fix8, "\"\"", "\"\"");
}

static void
test_string_errors(void **state)
{
	(void)state;
	parse_fails(&ngc_type_string, "abc", -EINVAL);
	parse_fails(&ngc_type_string, "\"abc", -EINVAL);
	parse_fails(&ngc_type_string, "\"a\\", -EINVAL);
	parse_fails(&ngc_type_string, "\"\\q\"", -EINVAL);
	parse_fails(&ngc_type_string, "\"\\0\"", -EINVAL);
	parse_fails(&ngc_type_string, "\"\\777\"", -ERANGE);
	parse_fails(&ngc_type_string, "\"a\" x", -EINVAL);
	parse_fails(&fix8, "\"12345678\"", -E2BIG);
}

/************************************************************************
			AGGREGATES
 ************************************************************************/

static void
test_struct(void **state)
{
	(void)state;
	/* nothing in it: "{}", as ng_parse closes an empty struct */
	round_trip(&outer, "{ }", "{}");
	round_trip(&outer, "", "{}");
	round_trip(&outer, "{x=-5 label=\"abc\\n\"}",
		   "{ x=-5 label=\"abc\\n\" }");
	round_trip(&outer, "{ s=\"tail\" in={ b=-1 a=2 } x=0 }",
		   "{ in={ a=2 b=-1 } s=\"tail\" }");
	round_trip(&outer, "{ ary=[ 5 2=10 ] }", "{ ary=[ 5 2=10 ] }");
	round_trip(&outer, "{ ary=[ 0 0 0 7 ] }", "{ ary=[ 3=7 ] }");
	round_trip(&outer, "{ list=[ \"a\" \"b c\" ] }",
		   "{ list=[ \"a\" \"b c\" ] }");
	round_trip(&outer, "{ list=[ 1=\"z\" ] }", "{ list=[ \"\" \"z\" ] }");
	round_trip(&outer, "{ list=[ ] }", "{}");
	round_trip(&outer,
		   "{ x = 1 label=\"l\" in={a=1 b=2} ary=[1 2 3 4] "
		   "list=[\"p\" \"q\" \"r\"] s=\"s\" }",
		   "{ x=1 label=\"l\" in={ a=1 b=2 } ary=[ 1 2 3 4 ] "
		   "list=[ \"p\" \"q\" \"r\" ] s=\"s\" }");
}

static void
test_struct_errors(void **state)
{
	(void)state;
	parse_fails(&outer, "x=1", -EINVAL);
	parse_fails(&outer, "{ x=1", -EINVAL);
	parse_fails(&outer, "{ x 1 }", -EINVAL);
	parse_fails(&outer, "{ =1 }", -EINVAL);
	parse_fails(&outer, "{ y=1 }", -ENOENT);
	parse_fails(&outer, "{ x=1 x=2 }", -EALREADY);
	parse_fails(&outer, "{ x= }", -EINVAL);
	parse_fails(&outer, "{ x=\"1\" }", -EINVAL);
	parse_fails(&outer, "{ in={ c=1 } }", -ENOENT);
	parse_fails(&outer, "{ in={ a=1 }", -EINVAL);
	parse_fails(&outer, "{ } }", -EINVAL);
}

static void
test_array_errors(void **state)
{
	(void)state;
	parse_fails(&arr4, "1 2", -EINVAL);
	parse_fails(&arr4, "[ 1 2", -EINVAL);
	parse_fails(&arr4, "[ 1 2 3 4 5 ]", -E2BIG);
	parse_fails(&arr4, "[ 4=1 ]", -E2BIG);
	parse_fails(&arr4, "[ 99999999999=1 ]", -E2BIG);
	parse_fails(&arr4, "[ 1 0=2 ]", -EALREADY);
	parse_fails(&arr4, "[ 70000 ]", -ERANGE);
	parse_fails(&varr3, "[ \"a\" \"b\" \"c\" \"d\" ]", -E2BIG);
	parse_fails(&varr3, "[ a ]", -EINVAL);
	parse_fails(&ngc_type_bytes, "[ 1 256 ]", -ERANGE);
	parse_fails(&ngc_type_bytes, "[ 1", -EINVAL);
	parse_fails(&ngc_type_bytes, "1", -EINVAL);
	/* an element is skipped whole before it is read: its end first */
	parse_fails_saying(&varr3, "[ \"a\" \"b ]", -EINVAL,
			   "unterminated string");
	parse_fails_saying(&varr3, "[ { a=[ 1 ", -EINVAL,
			   "unexpected end of input");
}

static void
test_bytes_and_space(void **state)
{
	uint8_t small[3];
	struct ngc_perr err;

	(void)state;
	round_trip(&ngc_type_bytes, "[ 1 0x2 255 ]", "[ 0x01 0x02 0xff ]");
	round_trip(&ngc_type_bytes, "[ ]", "[]");
	assert_int_equal(ngc_parse(&ngc_type_uint32, "1", small, sizeof(small),
				   &err), -ENOSPC);
	assert_int_equal(ngc_parse(&ngc_type_string, "\"abcd\"", small,
				   sizeof(small), &err), -ENOSPC);
	assert_int_equal(ngc_parse(&outer, "", small, sizeof(small), NULL),
			 -ENOSPC);
}

static void
test_unparse_errors(void **state)
{
	uint8_t b[64];
	uint32_t count = 9;

	(void)state;
	memset(b, 'a', sizeof(b));
	unparse_fails(&ngc_type_uint32, b, 3);
	unparse_fails(&ngc_type_uint32, b, 5);		/* trailing byte */
	unparse_fails(&ngc_type_string, b, sizeof(b));	/* no NUL */
	unparse_fails(&fix8, b, 8);			/* no NUL inside */
	unparse_fails(&fix8, "abc", 4);			/* short */
	memcpy(b, &count, sizeof(count));
	unparse_fails(&varr3, b, sizeof(b));		/* count > max */
	count = 2;
	memcpy(b, &count, sizeof(count));
	memcpy(b + 4, "x\0y", 3);
	unparse_fails(&varr3, b, 7);			/* 2nd unterminated */
	unparse_fails(&outer, b, 2);
}

/************************************************************************
			THE COMMAND TABLE AND MESSAGES
 ************************************************************************/

/* A sample ASCII argument for each argument type of the table. */
static const struct {
	const struct ngc_type *t;
	const char *in;
	const char *out;
} samples[] = {
	{ &ngc_type_mkpeer, "{ type=\"iface\" ourhook=\"inet\" peerhook=\"inet\" }",
	  "{ type=\"iface\" ourhook=\"inet\" peerhook=\"inet\" }" },
	{ &ngc_type_connect, "{ path=\"ng1:\" ourhook=\"inet\" peerhook=\"inet6\" }",
	  "{ path=\"ng1:\" ourhook=\"inet\" peerhook=\"inet6\" }" },
	{ &ngc_type_name, "{ name=\"x\" }", "{ name=\"x\" }" },
	{ &ngc_type_rmhook, "{ hook=\"inet\" }", "{ hook=\"inet\" }" },
	{ &ngc_type_nodeinfo, "{ name=\"ng0\" type=\"iface\" id=0x1f hooks=2 }",
	  "{ name=\"ng0\" type=\"iface\" id=0x1f hooks=2 }" },
	{ &ngc_type_hooklist,
	  "{ nodeinfo={ name=\"ng0\" type=\"iface\" id=0x1 hooks=1 } "
	  "linkinfo=[ { ourhook=\"inet\" peerhook=\"inet\" nodeinfo={ "
	  "name=\"ng1\" type=\"iface\" id=0x2 hooks=1 } } ] }",
	  "{ nodeinfo={ name=\"ng0\" type=\"iface\" id=0x1 hooks=1 } "
	  "linkinfo=[ { ourhook=\"inet\" peerhook=\"inet\" nodeinfo={ "
	  "name=\"ng1\" type=\"iface\" id=0x2 hooks=1 } } ] }" },
	{ &ngc_type_namelist, "{ nodeinfo=[ { name=\"a\" } { id=0x7 } ] }",
	  "{ numnames=2 nodeinfo=[ { name=\"a\" } { id=0x7 } ] }" },
	{ &ngc_type_typelist, "{ typeinfo=[ { typename=\"iface\" numnodes=2 } ] }",
	  "{ numtypes=1 typeinfo=[ { typename=\"iface\" numnodes=2 } ] }" },
	{ &ngc_type_string, "\"ng0\"", "\"ng0\"" },
	{ &ngc_type_hookbuf, "\"sink\"", "\"sink\"" },
	{ &ngc_type_hole_stats, "{ frames=3 octets=156 }",
	  "{ frames=3 octets=156 }" },
	{ &ngc_type_uint32, "3", "3" },
};

static unsigned int
sample_index(const struct ngc_type *t)
{
	unsigned int i;

	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++)
		if (samples[i].t == t)
			return i;
	fail_msg("no sample for type %s", t->name);
	return 0;
}

static const char *
sample_for(const struct ngc_type *t)
{
	return samples[sample_index(t)].in;
}

static const char *
sample_out_for(const struct ngc_type *t)
{
	return samples[sample_index(t)].out;
}

static void
test_types_samples(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++)
		round_trip(samples[i].t, samples[i].in, samples[i].out);
	/* a node's ID is ng_parse's hint32: any integer in, hex out */
	round_trip(&ngc_type_nodeinfo, "{ id=31 }", "{ id=0x1f }");
	round_trip(&ngc_type_nodeinfo, "{ id=4294967295 }",
		   "{ id=0xffffffff }");
	round_trip(&ngc_type_nodeinfo, "{ id=0 }", "{}");
	round_trip(&ngc_type_hint32, "017", "0xf");
}

/* Layouts the C code relies on match the parse types. */
static void
test_layouts(void **state)
{
	struct ngc_nodeinfo ni = { "ng0", "iface", 1, 2 };
	struct ngc_buf b;

	(void)state;
	assert_int_equal(ngc_parse(&ngc_type_nodeinfo, "", bin, sizeof(bin),
				   NULL), (int)sizeof(struct ngc_nodeinfo));
	assert_int_equal(ngc_parse(&ngc_type_mkpeer, "", bin, sizeof(bin),
				   NULL), (int)sizeof(struct ngc_mkpeer));
	assert_int_equal(ngc_parse(&ngc_type_connect, "", bin, sizeof(bin),
				   NULL), (int)sizeof(struct ngc_connect));
	assert_int_equal(ngc_parse(&ngc_type_mesg_hdr, "", bin, sizeof(bin),
				   NULL), (int)NGC_HDR_LEN);
	ngc_buf_init(&b, 0);
	assert_int_equal(ngc_unparse(&ngc_type_nodeinfo, &ni, sizeof(ni), &b),
			 0);
	assert_string_equal(ngc_buf_str(&b),
			    "{ name=\"ng0\" type=\"iface\" id=0x1 hooks=2 }");
	ngc_buf_free(&b);
}

/*
 * netgraph's lists show their count as a field before the array
 * (numnames=2 nodeinfo=[ ... ], numtypes=1 typeinfo=[ ... ]); given, the
 * count is the length, elements left out being defaults.
 */
static void
test_list_counts(void **state)
{
	struct ngc_perr err;
	uint32_t count;
	int n;

	(void)state;
	round_trip(&ngc_type_namelist,
		   "{ numnames=3 nodeinfo=[ { name=\"a\" } ] }",
		   "{ numnames=3 nodeinfo=[ { name=\"a\" } {} {} ] }");
	round_trip(&ngc_type_namelist, "{ numnames=2 }",
		   "{ numnames=2 nodeinfo=[ {} {} ] }");
	round_trip(&ngc_type_namelist, "{ numnames=0 }", "{}");
	round_trip(&ngc_type_namelist, "{ nodeinfo=[ ] }", "{}");
	round_trip(&ngc_type_typelist,
		   "{ typeinfo=[ 1={ typename=\"echo\" } ] numtypes=0x2 }",
		   "{ numtypes=2 typeinfo=[ {} { typename=\"echo\" } ] }");
	/* the binary form is netgraph's: the count, then the elements */
	n = ngc_parse(&ngc_type_namelist, "{ numnames=2 }", bin, sizeof(bin),
		      &err);
	assert_true(n > (int)sizeof(count));
	memcpy(&count, bin, sizeof(count));
	assert_int_equal(count, 2);
	assert_int_equal(ngc_parse(&ngc_type_namelist,
				   "{ numnames=1 nodeinfo=[ { } { } ] }", bin,
				   sizeof(bin), &err), -E2BIG);
	assert_non_null(strstr(err.msg, "numnames=1 but 2 elements"));
	assert_int_equal(ngc_parse(&ngc_type_namelist,
				   "{ numnames=99999 }", bin, sizeof(bin),
				   &err), -E2BIG);
	assert_int_equal(ngc_parse(&ngc_type_namelist,
				   "{ numnames=x }", bin, sizeof(bin), &err),
			 -EINVAL);
	parse_fails_saying(&ngc_type_namelist, "{ numnames=4294967296 }",
			   -ERANGE, "count out of range");
	parse_fails_saying(&ngc_type_namelist, "{ numnames=2x }", -EINVAL,
			   "count expected");
	assert_int_equal(ngc_parse(&ngc_type_namelist,
				   "{ numnames=1 numnames=1 }", bin,
				   sizeof(bin), &err), -EALREADY);
	/* a count name belongs to its list only */
	assert_int_equal(ngc_parse(&ngc_type_typelist, "{ numnames=1 }", bin,
				   sizeof(bin), &err), -ENOENT);
}

/* Every command: ASCII -> message -> decode -> ASCII, and its reply. */
static void
test_every_command(void **state)
{
	static const uint32_t all[] = {
		NGC_IFACE_COOKIE, NGC_FLOW_COOKIE, NGC_GENERIC_COOKIE,
		NGC_HOLE_COOKIE,
	};
	const struct ngc_cmd *c;
	struct ngc_mesg_hdr h;
	const uint8_t *args;
	struct ngc_buf b;
	unsigned int i;
	int n;

	(void)state;
	for (i = 0; (c = ngc_cmd_at(i)) != NULL; i++) {
		const char *in = c->arg ? sample_for(c->arg) : "";

		assert_ptr_equal(ngc_cmd_by_num(c->cookie, c->cmd), c);
		assert_ptr_equal(ngc_cmd_by_name(all, 4, c->name), c);
		n = ngc_msg_from_ascii(all, 4, c->name, in, 42, bin,
				       sizeof(bin), NULL);
		assert_true(n >= (int)NGC_HDR_LEN);
		assert_int_equal(ngc_msg_decode(bin, (size_t)n, &h, &args), 0);
		assert_int_equal(h.cmd, c->cmd);
		assert_int_equal(h.typecookie, c->cookie);
		assert_int_equal(h.token, 42);
		assert_string_equal(h.cmdstr, c->name);
		ngc_buf_init(&b, 0);
		assert_int_equal(ngc_msg_args_ascii(&h, args, &b), 0);
		if (c->arg == NULL)
			assert_string_equal(ngc_buf_str(&b), "");
		ngc_buf_free(&b);
		if (c->reply != NULL)
			round_trip(c->reply, sample_for(c->reply),
				   sample_out_for(c->reply));
		if (c->arg == NULL)
			assert_int_equal(ngc_msg_from_ascii(all, 4, c->name,
							    "1", 1, bin,
							    sizeof(bin), NULL),
					 -EINVAL);
	}
}

static void
test_msg_ascii(void **state)
{
	static const uint32_t iface[] = { NGC_IFACE_COOKIE, NGC_GENERIC_COOKIE };
	const struct ngc_cmd *c;
	struct ngc_buf b;
	struct ngc_perr err;
	uint32_t idx = 7;
	int n;

	(void)state;
	c = ngc_cmd_by_num(NGC_IFACE_COOKIE, NGC_IFACE_GET_IFINDEX);
	n = ngc_msg_encode(c, NGC_F_RESP, 9, &idx, sizeof(idx), bin,
			   sizeof(bin));
	assert_int_equal(n, (int)NGC_HDR_LEN + 4);
	ngc_buf_init(&b, 0);
	assert_int_equal(ngc_msg_to_ascii(bin, (size_t)n, &b), 0);
	assert_string_equal(ngc_buf_str(&b),
			    "{ version=8 arglen=4 cmd=4 flags=1 token=9 "
			    "typecookie=1108312559 cmdstr=\"getifindex\" } 7");
	ngc_buf_free(&b);
	/* unknown commands */
	assert_int_equal(ngc_msg_from_ascii(iface, 2, "nosuch", "", 1, bin,
					    sizeof(bin), &err), -ENOENT);
	assert_int_equal(ngc_msg_from_ascii(iface, 2, "linkup", "", 1, bin,
					    sizeof(bin), &err), -ENOENT);
	assert_int_equal(ngc_msg_from_ascii(iface, 2, "name", "{ bad=1 }", 1,
					    bin, sizeof(bin), &err), -ENOENT);
	assert_int_equal(ngc_msg_from_ascii(iface, 2, "getifname", "", 1,
					    bin, 10, &err), -ENOSPC);
	assert_int_equal(ngc_msg_from_ascii(iface, 2, "name",
					    "{ name=\"x\" }", 1,
					    bin, NGC_HDR_LEN + 4, &err),
			 -ENOSPC);
	/* a command that takes an argument, given none: EINVAL, as
	 * netgraph's parser; not the type's default */
	assert_int_equal(ngc_msg_from_ascii(iface, 2, "name", " \t", 1,
					    bin, sizeof(bin), &err), -EINVAL);
	assert_string_equal(err.msg, "an argument is required");
	/* a message of unknown cookie: arguments as bytes */
	c = ngc_cmd_by_num(NGC_IFACE_COOKIE, NGC_IFACE_GET_IFNAME);
	n = ngc_msg_encode(c, 0, 1, "\x01\x02", 2, bin, sizeof(bin));
	((struct ngc_mesg_hdr *)bin)->typecookie = 1;
	ngc_buf_init(&b, 0);
	assert_int_equal(ngc_msg_to_ascii(bin, (size_t)n, &b), 0);
	assert_non_null(strstr(ngc_buf_str(&b), "[ 0x01 0x02 ]"));
	ngc_buf_free(&b);
}

static void
test_msg_decode_errors(void **state)
{
	const struct ngc_cmd *c = ngc_cmd_by_num(NGC_IFACE_COOKIE,
						 NGC_IFACE_GET_IFNAME);
	struct ngc_mesg_hdr h, *hp = (struct ngc_mesg_hdr *)bin;
	const uint8_t *args;
	struct ngc_buf b;
	int n;

	(void)state;
	n = ngc_msg_encode(c, NGC_F_RESP, 1, "ng0", 4, bin, sizeof(bin));
	assert_int_equal(ngc_msg_decode(bin, (size_t)n, &h, &args), 0);
	assert_int_equal(ngc_msg_decode(bin, NGC_HDR_LEN - 1, &h, &args),
			 -EINVAL);
	assert_int_equal(ngc_msg_decode(bin, (size_t)n - 1, &h, &args),
			 -EINVAL);
	assert_int_equal(ngc_msg_decode(bin, NGC_MSG_MAX + 1, &h, &args),
			 -EINVAL);
	hp->version = 7;
	assert_int_equal(ngc_msg_decode(bin, (size_t)n, &h, &args),
			 -EPROTONOSUPPORT);
	hp->version = NGC_VERSION;
	memset(hp->cmdstr, 'x', sizeof(hp->cmdstr));
	assert_int_equal(ngc_msg_decode(bin, (size_t)n, &h, &args), -EINVAL);
	n = ngc_msg_encode(c, NGC_F_RESP, 1, "ng0", 3, bin, sizeof(bin));
	ngc_buf_init(&b, 0);
	assert_int_equal(ngc_msg_to_ascii(bin, (size_t)n, &b), -EINVAL);
	ngc_buf_free(&b);
	assert_int_equal(ngc_msg_encode(c, 0, 1, bin, NGC_MSG_MAX, bin,
					sizeof(bin)), -E2BIG);
	assert_int_equal(ngc_msg_encode(c, 0, 1, NULL, 0, bin, 8), -ENOSPC);
}

/************************************************************************
			ADDRESSES
 ************************************************************************/

static void
test_paths(void **state)
{
	struct ngc_path p;

	(void)state;
	assert_int_equal(ngc_path_parse("ng0:", &p), 0);
	assert_int_equal(p.kind, NGC_ADDR_NAME);
	assert_string_equal(p.name, "ng0");
	assert_int_equal(p.nb_hooks, 0);
	assert_int_equal(ngc_path_parse("[1f]:", &p), 0);
	assert_int_equal(p.kind, NGC_ADDR_ID);
	assert_int_equal(p.id, 0x1f);
	/* as ng_decodeidname: strtoul base 16, so a 0x and leading zeros */
	assert_int_equal(ngc_path_parse("[0x1f]:", &p), 0);
	assert_int_equal(p.id, 0x1f);
	assert_int_equal(ngc_path_parse("[00000001f]:inet", &p), 0);
	assert_int_equal(p.id, 0x1f);
	assert_int_equal(p.nb_hooks, 1);
	assert_int_equal(ngc_path_parse("[ffffffff]:", &p), 0);
	assert_int_equal(p.id, 0xffffffff);
	assert_int_equal(ngc_path_parse(".:", &p), 0);
	assert_int_equal(p.kind, NGC_ADDR_SELF);
	assert_int_equal(ngc_path_parse(".", &p), 0);
	assert_int_equal(p.kind, NGC_ADDR_SELF);
	assert_int_equal(ngc_path_parse("ng0:inet", &p), 0);
	assert_int_equal(p.nb_hooks, 1);
	assert_string_equal(p.hooks[0], "inet");
	assert_int_equal(ngc_path_parse("ng0:inet.inet6", &p), 0);
	assert_int_equal(p.nb_hooks, 2);
	assert_string_equal(p.hooks[1], "inet6");
	assert_int_equal(ngc_path_parse("inet", &p), 0);
	assert_int_equal(p.kind, NGC_ADDR_SELF);
	assert_int_equal(p.nb_hooks, 1);
	assert_int_equal(ngc_path_parse(".:inet", &p), 0);
	assert_int_equal(p.nb_hooks, 1);
}

/* As ng_path_parse: one dot at each end of the hook part is dropped. */
static void
test_path_outer_dots(void **state)
{
	static const char *const one_hook[] = {
		"ng0:inet.", "ng0:.inet", "ng0:.inet.", ".inet", "inet.",
	};
	static const char *const no_hook[] = { "ng0:.", ".:." };
	struct ngc_path p;
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(one_hook) / sizeof(one_hook[0]); i++) {
		assert_int_equal(ngc_path_parse(one_hook[i], &p), 0);
		assert_int_equal(p.nb_hooks, 1);
		assert_string_equal(p.hooks[0], "inet");
	}
	for (i = 0; i < sizeof(no_hook) / sizeof(no_hook[0]); i++) {
		assert_int_equal(ngc_path_parse(no_hook[i], &p), 0);
		assert_int_equal(p.nb_hooks, 0);
	}
	assert_int_equal(ngc_path_parse("ng0:inet.", &p), 0);
	assert_int_equal(p.kind, NGC_ADDR_NAME);
	assert_string_equal(p.name, "ng0");
}

/*
 * As ng_path_parse, only the structure of a path is refused (EINVAL):
 * what the characters of a name are is the lookup's to find out, so a
 * name no node can have is ENOENT there, as in netgraph, where
 * "show [1]" (no colon: a hook of the socket node) says ENOENT.
 */
static void
test_path_errors(void **state)
{
	static const char *const structure[] = {
		"", ":", "a:b:", "a.b:", "..:", "ng0:inet..", "ng0:..inet",
		"ng0:inet..inet6", "ng0:..", "..", "[1.2]:", "x..:",
	};
	/* no ID by ng_decodeidname: a name, which no node has */
	static const char *const not_ids[] = {
		"[]:", "[0]:", "[xyz]:", "[123456789]:", "[-1]:", "[x1]:",
		"[ 1]:", "[0x]:", "[1 ]:", "[100000000]:", "[1f:", "a]:",
		"ng 0:", "a\"b:",
	};
	char longname[64], longhook[64], longpath[NGC_PATHSIZ + 8];
	struct ngc_path p;
	unsigned int i;

	(void)state;
	memset(longname, 'a', sizeof(longname));
	strcpy(longname + 40, ":");
	memcpy(longhook, "ng0:", 4);
	memset(longhook + 4, 'h', sizeof(longhook) - 4);
	longhook[40] = '\0';
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	for (i = 0; i < sizeof(structure) / sizeof(structure[0]); i++)
		if (ngc_path_parse(structure[i], &p) != -EINVAL)
			fail_msg("\"%s\": not EINVAL", structure[i]);
	assert_int_equal(ngc_path_parse(NULL, &p), -EINVAL);
	for (i = 0; i < sizeof(not_ids) / sizeof(not_ids[0]); i++) {
		if (ngc_path_parse(not_ids[i], &p) != 0)
			fail_msg("\"%s\": refused", not_ids[i]);
		assert_int_equal(p.kind, NGC_ADDR_NAME);
	}
	assert_int_equal(ngc_path_parse("[1]", &p), 0);
	assert_int_equal(p.kind, NGC_ADDR_SELF);
	assert_string_equal(p.hooks[0], "[1]");
	assert_int_equal(ngc_path_parse("ng0:in\"et", &p), 0);
	assert_string_equal(p.hooks[0], "in\"et");
	assert_int_equal(ngc_path_parse(longname, &p), -ENOENT);
	assert_int_equal(ngc_path_parse(longhook, &p), -ENOENT);
	assert_int_equal(ngc_path_parse("a.b.c.d.e.f.g.h.i", &p),
			 -ENAMETOOLONG);
	assert_int_equal(ngc_path_parse(longpath, &p), -ENAMETOOLONG);
	assert_true(ngc_name_valid("ng0"));
	assert_false(ngc_name_valid(""));
	assert_false(ngc_name_valid("a.b"));
	assert_false(ngc_name_valid("a:"));
	assert_false(ngc_name_valid("[1]"));
	assert_false(ngc_name_valid(longname));
	assert_true(ngc_hook_valid("inet6"));
	assert_false(ngc_hook_valid("in et"));
	/* beyond ASCII: whole UTF-8 sequences, as names outlive JSON */
	assert_true(ngc_name_valid("w\xc3\xa4n"));
	assert_true(ngc_hook_valid("ho\xc3\xb6k\xf0\x9f\x94\x97"));
	assert_false(ngc_name_valid("w\xe4n"));		/* Latin-1 */
	assert_false(ngc_name_valid("a\xc3"));		/* cut short */
	assert_false(ngc_name_valid("\xc0\xae"));	/* overlong '.' */
	assert_false(ngc_name_valid("\xed\xa0\x80"));	/* surrogate */
	assert_false(ngc_name_valid("\xf4\x90\x80\x80")); /* > U+10FFFF */
	assert_false(ngc_hook_valid("\x80"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ints),
		cmocka_unit_test(test_int_errors),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_string_errors),
		cmocka_unit_test(test_struct),
		cmocka_unit_test(test_struct_errors),
		cmocka_unit_test(test_array_errors),
		cmocka_unit_test(test_bytes_and_space),
		cmocka_unit_test(test_unparse_errors),
		cmocka_unit_test(test_types_samples),
		cmocka_unit_test(test_layouts),
		cmocka_unit_test(test_list_counts),
		cmocka_unit_test(test_every_command),
		cmocka_unit_test(test_msg_ascii),
		cmocka_unit_test(test_msg_decode_errors),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_path_outer_dots),
		cmocka_unit_test(test_path_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
