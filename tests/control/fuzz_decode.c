/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * libFuzzer harness for the binary side: the message decoder and the
 * unparser of every type.  Invariant: what unparses, parses back to bytes
 * that unparse to the same text.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ngc_graph.h"
#include "ngc_msg.h"
#include "ngc_node.h"
#include "ngc_parse.h"

#include "fake_graph.h"

static const struct ngc_type *const fuzz_types[] = {
	&ngc_type_uint8, &ngc_type_int16, &ngc_type_uint32, &ngc_type_int64,
	&ngc_type_string, &ngc_type_bytes, &ngc_type_mkpeer,
	&ngc_type_connect, &ngc_type_name, &ngc_type_rmhook,
	&ngc_type_nodeinfo, &ngc_type_hooklist, &ngc_type_namelist,
	&ngc_type_typelist, &ngc_type_mesg_hdr,
};
#define NB_TYPES (sizeof(fuzz_types) / sizeof(fuzz_types[0]))

static uint8_t bin[NGC_MSG_MAX];

static void
fuzz_unparse(const struct ngc_type *t, const uint8_t *p, size_t len)
{
	struct ngc_buf a, b;
	int n;

	ngc_buf_init(&a, 0);
	ngc_buf_init(&b, 0);
	if (ngc_unparse(t, p, len, &a) == 0) {
		n = ngc_parse(t, ngc_buf_str(&a), bin, sizeof(bin), NULL);
		if (n < 0 || ngc_unparse(t, bin, (size_t)n, &b) != 0 ||
		    strcmp(ngc_buf_str(&a), ngc_buf_str(&b)) != 0)
			abort();
	}
	ngc_buf_free(&a);
	ngc_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ngc_nodeinfo ni = { .name = "ng0", .type = "iface", .id = 1 };
	struct ngc_buf out, reply;
	uint8_t *copy;

	if (size < 1 || size > NGC_MSG_MAX)
		return 0;
	/* exact-size copy so ASan sees any overread */
	copy = malloc(size);
	memcpy(copy, data, size);
	fuzz_unparse(fuzz_types[copy[0] % NB_TYPES], copy + 1, size - 1);
	ngc_buf_init(&out, 0);
	ngc_msg_to_ascii(copy, size, &out);
	ngc_buf_free(&out);
	if (copy[0] == NGC_VERSION) {
		fake_graph_reset();
		ngc_buf_init(&reply, NGC_MSG_MAX);
		ngc_node_send(&fake_graph, &ni, copy, size, &reply);
		ngc_buf_free(&reply);
	}
	free(copy);
	return 0;
}
