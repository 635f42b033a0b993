/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * The capture tap, on the forwarding lcores: filter, copy into the
 * lcore's record ring, count.  No syscall, no lock (but for threads that
 * are not EAL lcores, which share one ring), no wait: a copy the ring has
 * no room for is dropped and counted.  The writer (relay_capture.c) takes
 * the records from the other end.
 */

#include <rte_branch_prediction.h>
#include <rte_cycles.h>
#include <rte_memcpy.h>

#include "relay_capture_priv.h"

static inline void
ctr_add(uint64_t *c, uint64_t v, bool shared)
{
	if (unlikely(shared))
		__atomic_fetch_add(c, v, __ATOMIC_RELAXED);
	else
		__atomic_store_n(c, *c + v, __ATOMIC_RELAXED);
}

/* The first caplen bytes of m into dst, whatever its segments. */
static inline void
cap_copy_data(uint8_t *dst, const struct rte_mbuf *m, uint32_t caplen)
{
	const void *src;

	if (likely(m->data_len >= caplen)) {
		rte_memcpy(dst, rte_pktmbuf_mtod(m, const void *), caplen);
	} else {
		src = rte_pktmbuf_read(m, 0, caplen, dst);
		if (src != dst)
			rte_memcpy(dst, src, caplen);
	}
}

/* The packets of a burst (at most CAP_BURST) the filter keeps, into sel. */
static inline uint16_t
cap_select(const struct cap_session *s, struct rte_mbuf *const *pkts,
	   uint16_t nb, struct rte_mbuf **sel)
{
	uint64_t rc[CAP_BURST];
	uint16_t i, k = 0;

	if (s->bpf == NULL) {
		for (i = 0; i < nb; i++)
			sel[i] = pkts[i];
		return nb;
	}
	if (s->jit != NULL)
		for (i = 0; i < nb; i++)
			rc[i] = s->jit(pkts[i]);
	else
		rte_bpf_exec_burst(s->bpf, (void **)(uintptr_t)pkts, rc, nb);
	for (i = 0; i < nb; i++)
		if (rc[i] != 0)
			sel[k++] = pkts[i];
	return k;
}

/*
 * Room for len more bytes at tail, and the bytes to skip first so that
 * the record does not wrap; false if the writer has not released enough.
 * The writer's head is read only when the last look at it falls short.
 */
static inline bool
cap_ring_room(struct cap_ring *r, uint64_t tail, uint32_t len,
	      uint32_t *skip)
{
	uint32_t to_end = cap_ring_to_end(tail);

	*skip = to_end < len ? to_end : 0;
	if (tail + *skip + len - r->head_seen <= CAP_RING_BYTES)
		return true;
	r->head_seen = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
	return tail + *skip + len - r->head_seen <= CAP_RING_BYTES;
}

/*
 * Copies of the k selected packets into r, one record each, stamped, one
 * after another: the lines the tap writes are the ones the writer read
 * longest ago, in order, which the hardware prefetchers follow.  What
 * does not fit is dropped and counted; the tail is published once.
 */
static inline void
cap_copy_burst(const struct cap_session *s, const struct cap_node *nd,
	       uint8_t dir, uint64_t tsc, struct rte_mbuf *const *sel,
	       uint16_t k, struct cap_ring *r, uint64_t *drop)
{
	uint64_t tail = r->tail;
	struct cap_meta *meta;
	uint32_t caplen, len, skip;
	uint16_t i;

	for (i = 0; i < k; i++) {
		caplen = RTE_MIN(rte_pktmbuf_pkt_len(sel[i]), s->snaplen);
		len = cap_rec_len(caplen);
		if (unlikely(!cap_ring_room(r, tail, len, &skip))) {
			*drop += k - i;
			break;
		}
		if (unlikely(skip != 0)) {
			*cap_ring_at(r, tail) = (struct cap_meta){ .skip = 1 };
			tail += skip;
		}
		meta = cap_ring_at(r, tail);
		*meta = (struct cap_meta){
			.tsc = tsc,
			.orig_len = rte_pktmbuf_pkt_len(sel[i]),
			.caplen = caplen,
			.ifid = nd->ifid,
			.dir = dir,
		};
		cap_copy_data((uint8_t *)(meta + 1), sel[i], caplen);
		tail += len;
	}
	__atomic_store_n(&r->tail, tail, __ATOMIC_RELEASE);
}

/*
 * The tap: filter, copy what the ring has room for, count.  Never waits;
 * what it cannot take is counted as dropped.  Threads that are not EAL
 * lcores share one ring, under its lock.
 */
void
cap_tap(void *arg, uint16_t port __rte_unused,
	enum rte_pmd_ngiface_hook hook __rte_unused,
	enum rte_pmd_ngiface_dir dir, struct rte_mbuf *const *pkts,
	uint16_t n)
{
	struct cap_node *nd = arg;
	struct cap_session *s = nd->s;
	unsigned int lcore = rte_lcore_id();
	bool shared = lcore >= RTE_MAX_LCORE || s->lring[lcore] == NULL;
	struct cap_ctr *c = &nd->ctr[shared ? RTE_MAX_LCORE : lcore];
	struct cap_ring *r = shared ? s->ring : s->lring[lcore];
	const uint8_t d = dir == RTE_PMD_NGIFACE_DIR_IN ? CAP_DIR_IN :
		CAP_DIR_OUT;
	struct rte_mbuf *sel[CAP_BURST];
	uint64_t tsc, acc = 0, drop = 0;
	uint16_t off, nb, k;

	ctr_add(&c->seen, n, shared);
	if (unlikely(__atomic_load_n(&s->done, __ATOMIC_RELAXED)))
		return;
	/* the pass's clock when the loop keeps one; read only if needed */
	tsc = shared ? 0 : relay_capture_clock[lcore].tsc;
	if (unlikely(shared))
		rte_spinlock_lock(&r->lock);
	for (off = 0; off < n; off += nb) {
		nb = RTE_MIN(n - off, CAP_BURST);
		k = cap_select(s, pkts + off, nb, sel);
		if (k == 0)
			continue;
		acc += k;
		if (tsc == 0)
			tsc = rte_rdtsc();
		cap_copy_burst(s, nd, d, tsc, sel, k, r, &drop);
	}
	if (unlikely(shared))
		rte_spinlock_unlock(&r->lock);
	ctr_add(&c->accepted, acc, shared);
	if (unlikely(drop != 0))
		ctr_add(&c->dropped, drop, shared);
}
