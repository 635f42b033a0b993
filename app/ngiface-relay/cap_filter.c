/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/* libpcap filter -> classic BPF -> eBPF (rte_bpf_convert) -> rte_bpf. */

#include <errno.h>
#include <stdio.h>

#include <pcap/pcap.h>

#include <rte_bpf.h>
#include <rte_errno.h>
#include <rte_malloc.h>

#include "cap_filter.h"

static int
compile(const char *expr, uint32_t snaplen, struct bpf_program *prog,
	char *err, size_t errlen)
{
	pcap_t *p;
	int ret = 0;

	p = pcap_open_dead(DLT_RAW, (int)snaplen);
	if (p == NULL) {
		snprintf(err, errlen, "libpcap: cannot open a dead handle");
		return -ENOMEM;
	}
	if (pcap_compile(p, prog, expr, 1, PCAP_NETMASK_UNKNOWN) != 0) {
		snprintf(err, errlen, "bad filter \"%s\": %s", expr,
			 pcap_geterr(p));
		ret = -EINVAL;
	}
	pcap_close(p);
	return ret;
}

/*
 * DPDK 22.11's x86-64 JIT translates the eBPF bit test (JSET, K and X
 * forms) wrongly: "ip[4:2] & 15 != 0" accepted every packet, and
 * "ip[4:2] & 15 = 0" jumped into the weeds.  The interpreter is right, so a
 * program with such a jump must not run as native code.
 */
static bool
has_jset(const struct rte_bpf_prm *prm)
{
	uint32_t i;
	uint8_t code;

	for (i = 0; i < prm->nb_ins; i++) {
		code = prm->ins[i].code;
		if (BPF_CLASS(code) == BPF_JMP && BPF_OP(code) == BPF_JSET)
			return true;
	}
	return false;
}

int
cap_filter_check(const char *expr, uint32_t snaplen, char *err,
		 size_t errlen)
{
	struct bpf_program prog;
	int ret;

	ret = compile(expr, snaplen, &prog, err, errlen);
	if (ret == 0)
		pcap_freecode(&prog);
	return ret;
}

struct rte_bpf *
cap_filter_load(const char *expr, uint32_t snaplen, bool *jit_ok, char *err,
		size_t errlen)
{
	struct bpf_program prog;
	struct rte_bpf_prm *prm;
	struct rte_bpf *bpf;

	if (compile(expr, snaplen, &prog, err, errlen) != 0)
		return NULL;
	prm = rte_bpf_convert(&prog);
	pcap_freecode(&prog);
	if (prm == NULL) {
		snprintf(err, errlen, "filter \"%s\": rte_bpf_convert: %s",
			 expr, rte_strerror(rte_errno));
		return NULL;
	}
	*jit_ok = !has_jset(prm);
	bpf = rte_bpf_load(prm);
	rte_free(prm);
	if (bpf == NULL)
		snprintf(err, errlen, "filter \"%s\": rte_bpf_load: %s", expr,
			 rte_strerror(rte_errno));
	return bpf;
}

void
cap_filter_free(struct rte_bpf *bpf)
{
	if (bpf != NULL)
		rte_bpf_destroy(bpf);
}
