/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * The capture engine's insides, shared by its two halves: the taps on the
 * forwarding lcores (relay_capture_tap.c, the fast path) and the writer
 * thread with start/stop/status (relay_capture.c).  Nothing else includes
 * this header; the rest of the relay sees relay_capture.h.
 */

#ifndef RELAY_CAPTURE_PRIV_H
#define RELAY_CAPTURE_PRIV_H

#include <assert.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <rte_bpf.h>
#include <rte_common.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_pmd_ngiface.h>
#include <rte_spinlock.h>

#include "cap_pcapng.h"
#include "cap_rotate.h"
#include "relay_capture.h"

/*
 * Record rings: one per EAL lcore and one shared by the other threads.
 * 1 MiB holds some 10,000 copies of small packets and, since a record
 * never wraps, at least two of the longest (16 + CAP_SNAPLEN_MAX bytes).
 */
#define CAP_RING_BYTES (1u << 20)
#define CAP_REC_ALIGN 16
#define CAP_BURST 64

/*
 * Packets of one batch whose blocks the writer logs (cap_session's
 * batch_log): the batch is written at 256 KiB, some 8,000 blocks of the
 * shortest kind (an EPB of a few bytes); a full log writes it sooner.
 */
#define CAP_BATCH_LOG 8192

/*
 * A record's head; the captured bytes follow it, and the record is padded
 * to CAP_REC_ALIGN.  A skip record fills the end of the ring where the
 * next record does not fit.
 */
struct cap_meta {
	uint64_t tsc;
	uint32_t orig_len;
	uint32_t caplen : 19;	/* at most CAP_SNAPLEN_MAX */
	uint32_t ifid : 8;
	uint32_t dir : 2;	/* CAP_DIR_IN or CAP_DIR_OUT */
	uint32_t skip : 1;	/* no packet: go on at the ring's start */
};

static_assert(sizeof(struct cap_meta) == CAP_REC_ALIGN, "cap_meta grew");
static_assert(CAP_SNAPLEN_MAX < (1u << 19), "caplen is 19 bits");
static_assert(2 * (CAP_SNAPLEN_MAX + CAP_REC_ALIGN) <= CAP_RING_BYTES,
	      "a ring holds two of the longest records");
static_assert(RELAY_CAPTURE_NODES_MAX <= UINT8_MAX + 1, "ifid is 8 bits");

/*
 * One producer (an lcore's taps; the shared ring's under its lock), one
 * consumer (the writer).  tail and head count bytes since the start and
 * never wrap in practice (64 bits); each side's index on its own line.
 */
struct cap_ring {
	uint64_t tail __rte_cache_aligned;	/* producer: bytes written */
	uint64_t head_seen;		/* producer: head at its last look */
	rte_spinlock_t lock;		/* the shared ring's producers */
	uint64_t head __rte_cache_aligned;	/* writer: bytes released */
	bool broken;			/* writer: a record was malformed */
	uint8_t data[CAP_RING_BYTES] __rte_cache_aligned;
};

static inline uint32_t
cap_rec_len(uint32_t caplen)
{
	return RTE_ALIGN_CEIL(sizeof(struct cap_meta) + caplen,
			      CAP_REC_ALIGN);
}

/* The record at byte count pos, and the bytes from it to the ring's end. */
static inline struct cap_meta *
cap_ring_at(struct cap_ring *r, uint64_t pos)
{
	return (struct cap_meta *)&r->data[pos % CAP_RING_BYTES];
}

static inline uint32_t
cap_ring_to_end(uint64_t pos)
{
	return CAP_RING_BYTES - (uint32_t)(pos % CAP_RING_BYTES);
}

/* Counters one lcore writes; the last slot is shared (non-EAL threads). */
struct cap_ctr {
	uint64_t seen;
	uint64_t accepted;
	uint64_t dropped;
} __rte_cache_aligned;

struct cap_session;

/* One captured node; cache lines apart: what the taps read, what they
 * write (per lcore), what the writer writes. */
struct cap_node {
	struct cap_session *s;
	uint16_t port;
	uint16_t ifid;
	char name[16];
	bool tapped;
	struct cap_ctr ctr[RTE_MAX_LCORE + 1];
	/* writer thread only: in the file, in the batch ([0] in, [1] out) */
	uint64_t written[2] __rte_cache_aligned;
	uint64_t pend[2];
	uint64_t write_error;	/* taken, lost to a write error */
	uint64_t after_count;	/* taken after the count, not written */
	uint64_t ring_error;	/* skipped in a broken ring (at the end) */
};

struct cap_session {
	/* read by the taps on every burst: its own cache line */
	struct cap_ring *ring;		/* shared: non-EAL threads */
	struct rte_bpf *bpf;
	uint64_t (*jit)(void *);	/* bpf's native code, if any */
	uint32_t snaplen;
	bool done;		/* count reached: the taps only count (the
				 * writer sets it, __atomic, relaxed: a tap
				 * that sees it late copies records the
				 * writer counts as after_count) */

	/* a ring per EAL lcore: its taps take no lock and no atomic op */
	struct cap_ring *lring[RTE_MAX_LCORE] __rte_cache_aligned;
	/* every ring, for the writer: the shared one first */
	struct cap_ring *rlist[RTE_MAX_LCORE + 1];
	unsigned int nb_rings;
	unsigned int rnext;		/* writer: the ring to read next */

	struct relay_capture_conf conf __rte_cache_aligned;
	unsigned int nb_nodes;
	struct cap_node *nodes;		/* nb_nodes of them */

	/* clock anchor */
	uint64_t tsc0;
	uint64_t ns0;
	uint64_t hz;			/* writer: measured, see cap_tsc_hz() */
	uint64_t cal_tsc;		/* writer: when hz was measured */
	uint64_t last_tsc;		/* writer: the last value converted */
	uint64_t last_ns;

	/* writer */
	pthread_t writer;
	bool writer_started;
	bool stop;		/* set once the taps are gone (__atomic:
				 * release by stop, acquire by the writer) */
	int err;		/* the first error: writer_error() */
	int file_err;		/* writer: the file's, which then takes
				 * nothing more (a broken ring is no reason
				 * to stop writing the others) */
	struct cap_rotate rot;
	struct cap_file file;
	rte_spinlock_t current_lock;	/* the writer renames at rotation
					 * while the status reads it */
	char current[PATH_MAX];
	uint64_t files;
	uint64_t written;		/* packets in the file(s) */
	uint64_t taken;			/* written or in the batch: --count */
	/*
	 * The packets of the batch in order, where each block ends in it,
	 * so that a write that fails part way (a FIFO's reader leaving)
	 * counts those whose whole block went out as written.  Full: the
	 * batch is written first.
	 */
	struct cap_batch_rec {
		uint32_t end;
		uint16_t ifid;
		uint16_t out;		/* index of cap_node's written[] */
	} batch_log[CAP_BATCH_LOG];
	uint32_t nb_batch_log;
	uint64_t bytes_closed;		/* bytes of the files closed */
	char appl[128];
	char os[160];
	char hw[136];
};

/* The tap each captured node's port gets (rte_pmd_ngiface_tap_set); arg is
 * the struct cap_node. */
void cap_tap(void *arg, uint16_t port, enum rte_pmd_ngiface_hook hook,
	     enum rte_pmd_ngiface_dir dir, struct rte_mbuf *const *pkts,
	     uint16_t n);

#ifdef RELAY_CAPTURE_TEST
/*
 * test_capture_engine's builds only: called by the writer after a look at
 * the rings found nothing, before it decides whether to leave (s->stop),
 * so that a test can publish records (and break them, in s's rings) and
 * stop the capture in that window.
 */
extern void (*relay_capture_test_gap)(struct cap_session *s);
#endif

#endif /* RELAY_CAPTURE_PRIV_H */
