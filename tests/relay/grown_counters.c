/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * LD_PRELOAD shim for telemetry_many.sh: rte_pmd_ngiface_hook_stats_get()
 * as the driver's, with GROWN_BY (from the environment, decimal) added to
 * every counter, so that a relay started a moment ago reports the counters
 * of one that ran for years, whose telemetry answers are that much longer.
 * The relay calls the function through its PLT, so this one is found first.
 */

#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include <rte_pmd_ngiface.h>

typedef int (*hook_stats_fn)(uint16_t, enum rte_pmd_ngiface_hook,
			     struct rte_pmd_ngiface_hook_stats *);

int
rte_pmd_ngiface_hook_stats_get(uint16_t port, enum rte_pmd_ngiface_hook hook,
			       struct rte_pmd_ngiface_hook_stats *st)
{
	hook_stats_fn real;
	const char *e;
	uint64_t by;
	int ret;

	real = (hook_stats_fn)dlsym(RTLD_NEXT,
				    "rte_pmd_ngiface_hook_stats_get");
	if (real == NULL)
		return -ENOSYS;
	ret = real(port, hook, st);
	e = getenv("GROWN_BY");
	if (ret != 0 || e == NULL)
		return ret;
	by = strtoull(e, NULL, 10);
	st->out_packets += by;
	st->out_bytes += by;
	st->in_packets += by;
	st->in_bytes += by;
	st->hole_packets += by;
	st->hole_bytes += by;
	st->drop_unconnected += by;
	st->drop_mtu += by;
	st->ring_full += by;
	st->flushed += by;
	return ret;
}
