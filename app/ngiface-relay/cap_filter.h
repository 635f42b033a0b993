/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef CAP_FILTER_H
#define CAP_FILTER_H

/*
 * Capture filters: a libpcap expression compiled for raw L3 packets
 * (DLT_RAW, so "ip", "ip6", "udp port 53" mean the same on every host),
 * converted to eBPF with rte_bpf_convert() and loaded with rte_bpf_load();
 * run on the tap side with rte_bpf_exec_burst() over the mbufs themselves
 * (the converted program reads packet bytes through the mbuf).
 */

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
 * cap_filter_free().
 */
struct rte_bpf *cap_filter_load(const char *expr, uint32_t snaplen,
				char *err, size_t errlen);

void cap_filter_free(struct rte_bpf *bpf);

#endif /* CAP_FILTER_H */
