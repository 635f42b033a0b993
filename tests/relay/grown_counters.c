/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * LD_PRELOAD shim for telemetry_many.sh: rte_pmd_ngiface_hook_stats_get()
 * as the driver's, with GROWN_BY (from the environment, decimal) added to
 * every counter, so that a relay started a moment ago reports the counters
 * of one that ran for years, whose telemetry answers are that much longer.
 * With GROWN_FILE instead, the file holds "BY FIELDS PORTS", read at each
 * call: BY is added to the first FIELDS counters only (0..10), and to the
 * next one of the ports below PORTS, so that a test can lengthen the
 * answers of a running relay by as little as BY's digits, twice (two
 * hooks), at a time.
 * The relay calls the function through its PLT, so this one is found first.
 */

#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <rte_common.h>
#include <rte_pmd_ngiface.h>

typedef int (*hook_stats_fn)(uint16_t, enum rte_pmd_ngiface_hook,
			     struct rte_pmd_ngiface_hook_stats *);

/* BY, FIELDS, PORTS from GROWN_FILE or GROWN_BY; false if neither says. */
static int
grown(uint64_t *by, unsigned int *fields, unsigned int *ports)
{
	const char *e = getenv("GROWN_BY");
	FILE *f;
	int n;

	*fields = 10;
	*ports = 0;
	if (e != NULL) {
		*by = strtoull(e, NULL, 10);
		return 1;
	}
	e = getenv("GROWN_FILE");
	if (e == NULL || (f = fopen(e, "re")) == NULL)
		return 0;
	n = fscanf(f, "%" SCNu64 " %u %u", by, fields, ports);
	fclose(f);
	return n == 3;
}

int
rte_pmd_ngiface_hook_stats_get(uint16_t port, enum rte_pmd_ngiface_hook hook,
			       struct rte_pmd_ngiface_hook_stats *st)
{
	uint64_t *const c[] = {
		&st->out_packets, &st->out_bytes, &st->in_packets,
		&st->in_bytes, &st->hole_packets, &st->hole_bytes,
		&st->drop_unconnected, &st->drop_mtu, &st->ring_full,
		&st->flushed,
	};
	unsigned int fields, ports, i;
	hook_stats_fn real;
	uint64_t by;
	int ret;

	real = (hook_stats_fn)dlsym(RTLD_NEXT,
				    "rte_pmd_ngiface_hook_stats_get");
	if (real == NULL)
		return -ENOSYS;
	ret = real(port, hook, st);
	if (ret != 0 || !grown(&by, &fields, &ports))
		return ret;
	for (i = 0; i < fields && i < RTE_DIM(c); i++)
		*c[i] += by;
	if (port < ports && i < RTE_DIM(c))
		*c[i] += by;
	return ret;
}
