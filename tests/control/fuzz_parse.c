/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * libFuzzer harness for the ASCII side: the ng_parse-style parser (with
 * the round-trip invariant), addresses, command matching and whole ngctl
 * request lines executed against the in-memory graph.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ngc_cli.h"
#include "ngc_exec.h"
#include "ngc_msg.h"
#include "ngc_parse.h"
#include "ngc_path.h"

#include "fake_graph.h"

static const struct ngc_type *const fuzz_types[] = {
	&ngc_type_int8, &ngc_type_uint16, &ngc_type_int32, &ngc_type_uint64,
	&ngc_type_string, &ngc_type_bytes, &ngc_type_mkpeer,
	&ngc_type_connect, &ngc_type_name, &ngc_type_rmhook,
	&ngc_type_nodeinfo, &ngc_type_hooklist, &ngc_type_namelist,
	&ngc_type_typelist, &ngc_type_mesg_hdr,
};
#define NB_TYPES (sizeof(fuzz_types) / sizeof(fuzz_types[0]))

static uint8_t bin[NGC_MSG_MAX], bin2[NGC_MSG_MAX];

static void
fuzz_type(const struct ngc_type *t, const char *s)
{
	struct ngc_perr err;
	struct ngc_buf b;
	int n, m;

	n = ngc_parse(t, s, bin, sizeof(bin), &err);
	if (n < 0)
		return;
	ngc_buf_init(&b, 0);
	if (ngc_unparse(t, bin, (size_t)n, &b) != 0)
		abort();
	m = ngc_parse(t, ngc_buf_str(&b), bin2, sizeof(bin2), &err);
	if (m != n || memcmp(bin, bin2, (size_t)n) != 0)
		abort();
	ngc_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ngc_cli_words w;
	struct ngc_reply r;
	struct ngc_path p;
	char *s;
	int err;

	if (size < 1 || size > 8192)
		return 0;
	s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	fuzz_type(fuzz_types[data[0] % NB_TYPES], s);
	ngc_path_parse(s, &p);
	ngc_cli_find(s, &err);
	if (data[0] & 0x80) {
		fake_graph_reset();
		ngc_reply_init(&r);
		ngc_exec(&fake_graph, s, &r);
		ngc_reply_free(&r);
	}
	ngc_cli_split(s, &w);
	free(s);
	return 0;
}
