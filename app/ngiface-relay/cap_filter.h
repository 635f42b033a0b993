/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef CAP_FILTER_H
#define CAP_FILTER_H

/*
 * Capture filters: a libpcap expression compiled for raw L3 packets
 * (DLT_RAW, so "ip", "ip6", "udp port 53" mean the same on every host),
 * converted to eBPF with rte_bpf_convert() and loaded with rte_bpf_load();
 * run on the tap side over the mbufs themselves (the converted program
 * reads packet bytes through the mbuf), as native code where the JIT made
 * it and can be trusted, else with rte_bpf_exec_burst().
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rte_bpf;

/*
 * Check expr with libpcap alone (no EAL needed): 0, or -EINVAL with
 * libpcap's message in err.
 */
int cap_filter_check(const char *expr, uint32_t snaplen, char *err,
		     size_t errlen);

/*
 * Compile, convert and load expr.  NULL with the cause in err.  Free with
 * cap_filter_free().  *jit_ok: false if the program must not run as the
 * native code rte_bpf_get_jit() gives (it holds a bit test, JSET, which
 * DPDK 22.11's x86-64 JIT translates wrongly): run it with rte_bpf_exec*.
 */
struct rte_bpf *cap_filter_load(const char *expr, uint32_t snaplen,
				bool *jit_ok, char *err, size_t errlen);

void cap_filter_free(struct rte_bpf *bpf);

#endif /* CAP_FILTER_H */
