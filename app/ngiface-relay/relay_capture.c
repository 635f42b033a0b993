/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * The capture engine: taps on the forwarding lcores (filter, copy into
 * the lcore's record ring, count; no syscall, no lock, no wait), a writer
 * thread off the forwarding lcores (records to pcapng blocks, rotation,
 * statistics), and start/stop/status for the command line and the control
 * socket.
 *
 * Timestamps: the tap takes the forwarding pass's TSC value (or reads it
 * once per call) and keeps it with the copy; the writer turns it into
 * wall-clock nanoseconds from one anchor taken at start (CLOCK_REALTIME
 * and the TSC read together).
 */

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <rte_bpf.h>
#include <rte_branch_prediction.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_memcpy.h>
#include <rte_spinlock.h>
#include <rte_time.h>
#include <rte_version.h>

#include "cap_filter.h"
#include "cap_rotate.h"
#include "relay.h"
#include "relay_capture.h"

/*
 * Record rings: one per EAL lcore and one shared by the other threads.
 * 1 MiB holds some 10,000 copies of small packets and, since a record
 * never wraps, at least two of the longest (16 + CAP_SNAPLEN_MAX bytes).
 */
#define CAP_RING_BYTES (1u << 20)
#define CAP_REC_ALIGN 16
#define CAP_BURST 64
#define CAP_WRITE_BURST 64	/* records the writer takes from one ring */
#define CAP_FLUSH_AT (256u << 10)	/* write the batch at 256 KiB */
#define CAP_IDLE_NS (1000 * 1000)	/* writer's sleep when idle: 1 ms */

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
	uint64_t written[2] __rte_cache_aligned;	/* writer thread only */
};

struct cap_session {
	/* read by the taps on every burst: its own cache line */
	struct cap_ring *ring;		/* shared: non-EAL threads */
	struct rte_bpf *bpf;
	uint64_t (*jit)(void *);	/* bpf's native code, if any */
	uint32_t snaplen;
	volatile bool done;		/* count reached: the taps only count */

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
	uint64_t hz;
	uint64_t last_tsc;		/* writer: the last value converted */
	uint64_t last_ns;

	/* writer */
	pthread_t writer;
	bool writer_started;
	volatile bool stop;		/* set once the taps are gone */
	int err;
	struct cap_rotate rot;
	struct cap_file file;
	char current[PATH_MAX];
	uint64_t files;
	uint64_t written;
	uint64_t bytes_closed;		/* bytes of the files closed */
	char appl[128];
	char os[160];
	char hw[64];
};

struct relay_capture_clock relay_capture_clock[RTE_MAX_LCORE];
volatile bool relay_capture_on;

static pthread_mutex_t cap_lock = PTHREAD_MUTEX_INITIALIZER;
static struct cap_session *cap_cur;
static struct relay_capture_info cap_last;	/* the last capture's end */
static bool cap_closing;

/************************************************************************
			THE TAP (forwarding lcores)
 ************************************************************************/

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
static void
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
	if (unlikely(s->done))
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

/************************************************************************
			THE WRITER (control thread)
 ************************************************************************/

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

/*
 * Wall-clock nanoseconds of a TSC value.  The copies of one forwarding
 * pass share theirs: the last conversion is kept, and the two divisions
 * are made once a pass, not once a packet.
 */
static uint64_t
tsc_to_ns(struct cap_session *s, uint64_t tsc)
{
	int64_t d;
	uint64_t a, ns;

	if (tsc == s->last_tsc && tsc != 0)
		return s->last_ns;
	d = (int64_t)(tsc - s->tsc0);
	a = d < 0 ? (uint64_t)-d : (uint64_t)d;
	ns = a / s->hz * NS_PER_S + a % s->hz * NS_PER_S / s->hz;
	s->last_tsc = tsc;
	s->last_ns = d < 0 ? s->ns0 - ns : s->ns0 + ns;
	return s->last_ns;
}

static void
node_sum(const struct cap_node *nd, struct relay_capture_node_info *o)
{
	unsigned int i;

	memset(o, 0, sizeof(*o));
	snprintf(o->name, sizeof(o->name), "%s", nd->name);
	for (i = 0; i <= RTE_MAX_LCORE; i++) {
		o->seen += __atomic_load_n(&nd->ctr[i].seen, __ATOMIC_RELAXED);
		o->accepted += __atomic_load_n(&nd->ctr[i].accepted,
					       __ATOMIC_RELAXED);
		o->dropped += __atomic_load_n(&nd->ctr[i].dropped,
					      __ATOMIC_RELAXED);
	}
	o->written[0] = __atomic_load_n(&nd->written[0], __ATOMIC_RELAXED);
	o->written[1] = __atomic_load_n(&nd->written[1], __ATOMIC_RELAXED);
}

static int
file_begin(struct cap_session *s)
{
	struct cap_shb_info shb = {
		.appl = s->appl, .os = s->os, .hardware = s->hw,
	};
	char remove_name[PATH_MAX], descr[128];
	struct cap_idb_info idb;
	unsigned int i;
	int ret;

	cap_rotate_next(&s->rot, time(NULL), remove_name);
	ret = cap_file_open(&s->file, s->rot.current);
	if (ret != 0)
		return ret;
	__atomic_store_n(&s->files, s->files + 1, __ATOMIC_RELAXED);
	snprintf(s->current, sizeof(s->current), "%s", s->rot.current);
	if (remove_name[0] != '\0')
		unlink(remove_name);
	ret = cap_file_shb(&s->file, &shb);
	for (i = 0; ret == 0 && i < s->nb_nodes; i++) {
		snprintf(descr, sizeof(descr),
			 "net_ngiface node %s, raw IP of hooks inet and inet6 (port %u)",
			 s->nodes[i].name, s->nodes[i].port);
		idb = (struct cap_idb_info){
			.name = s->nodes[i].name,
			.descr = descr,
			.filter = s->conf.filter,
			.linktype = CAP_LINKTYPE_RAW,
			.snaplen = s->snaplen,
		};
		ret = cap_file_idb(&s->file, &idb);
	}
	/* the file is valid at once: header and interfaces on disk */
	if (ret == 0)
		ret = cap_file_flush(&s->file);
	return ret;
}

static int
file_end(struct cap_session *s)
{
	struct relay_capture_node_info ni;
	struct cap_isb_info isb;
	unsigned int i;
	int ret = 0;

	isb.start_ns = s->ns0;
	isb.end_ns = now_ns();
	for (i = 0; i < s->nb_nodes && ret == 0; i++) {
		node_sum(&s->nodes[i], &ni);
		isb.ifrecv = ni.seen;
		isb.ifdrop = ni.dropped;
		isb.filteraccept = ni.accepted;
		isb.usrdeliv = ni.written[0] + ni.written[1];
		ret = cap_file_isb(&s->file, i, &isb);
	}
	__atomic_store_n(&s->bytes_closed, s->bytes_closed + s->file.bytes,
			 __ATOMIC_RELAXED);
	i = cap_file_close(&s->file);
	return ret != 0 ? ret : (int)i;
}

static void
write_one(struct cap_session *s, const struct cap_meta *meta)
{
	struct iovec iov = {
		.iov_base = (void *)(uintptr_t)(meta + 1),
		.iov_len = meta->caplen,
	};
	struct cap_node *nd;
	int ret;

	ret = cap_file_epb(&s->file, meta->ifid, tsc_to_ns(s, meta->tsc),
			   meta->orig_len, &iov, 1, meta->dir);
	if (ret != 0) {
		s->err = ret;
		return;
	}
	nd = &s->nodes[meta->ifid];
	__atomic_store_n(&nd->written[meta->dir == CAP_DIR_OUT],
			 nd->written[meta->dir == CAP_DIR_OUT] + 1,
			 __ATOMIC_RELAXED);
	__atomic_store_n(&s->written, s->written + 1, __ATOMIC_RELAXED);
	if (s->conf.count != 0 && s->written >= s->conf.count)
		s->done = true;
}

static void
maybe_rotate(struct cap_session *s)
{
	if (!cap_rotate_enabled(&s->rot) || s->err != 0 ||
	    !cap_rotate_due(&s->rot, s->file.bytes, time(NULL)))
		return;
	s->err = file_end(s);
	if (s->err == 0)
		s->err = file_begin(s);
}

/*
 * Up to CAP_WRITE_BURST records of one ring into the file (after the
 * count or an error: released unwritten), then released to the tap.
 */
static unsigned int
writer_drain(struct cap_session *s, struct cap_ring *r)
{
	uint64_t head = r->head;
	uint64_t tail = __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE);
	const struct cap_meta *meta;
	unsigned int n = 0;
	uint32_t len;

	while (head != tail && n < CAP_WRITE_BURST) {
		meta = cap_ring_at(r, head);
		if (meta->skip) {
			head += cap_ring_to_end(head);
			continue;
		}
		len = cap_rec_len(meta->caplen);
		/* a record is whole, inside the ring, and was published */
		if (unlikely(len > cap_ring_to_end(head) ||
			     len > tail - head || meta->caplen > s->snaplen)) {
			s->err = -EPROTO;
			head = tail;
			break;
		}
		if (s->err == 0 && !s->done)
			write_one(s, meta);
		head += len;
		n++;
	}
	__atomic_store_n(&r->head, head, __ATOMIC_RELEASE);
	return n;
}

/* The next burst of records, from the rings in turn. */
static unsigned int
writer_take(struct cap_session *s)
{
	unsigned int i, n;

	for (i = 0; i < s->nb_rings; i++) {
		s->rnext = (s->rnext + 1) % s->nb_rings;
		n = writer_drain(s, s->rlist[s->rnext]);
		if (n != 0)
			return n;
	}
	return 0;
}

static void *
cap_writer(void *arg)
{
	const struct timespec idle = { 0, CAP_IDLE_NS };
	struct cap_session *s = arg;
	int ret;

	for (;;) {
		if (writer_take(s) == 0) {
			if (s->stop)
				break;
			if (s->err == 0 && cap_file_pending(&s->file) != 0)
				s->err = cap_file_flush(&s->file);
			maybe_rotate(s);
			nanosleep(&idle, NULL);
			continue;
		}
		if (s->err == 0 && cap_file_pending(&s->file) >= CAP_FLUSH_AT)
			s->err = cap_file_flush(&s->file);
		maybe_rotate(s);
	}
	/* the taps are gone: the statistics are final */
	ret = file_end(s);
	if (s->err == 0)
		s->err = ret;
	return NULL;
}

/************************************************************************
			START, STOP, STATUS
 ************************************************************************/

static int
add_node(struct cap_session *s, uint16_t port, char *err, size_t errlen)
{
	struct cap_node *nd;
	unsigned int i;

	for (i = 0; i < s->nb_nodes; i++)
		if (s->nodes[i].port == port)
			return 0;
	if (s->nb_nodes == RELAY_CAPTURE_NODES_MAX) {
		snprintf(err, errlen, "more than %u nodes",
			 (unsigned int)RELAY_CAPTURE_NODES_MAX);
		return -E2BIG;
	}
	nd = &s->nodes[s->nb_nodes];
	nd->s = s;
	nd->port = port;
	nd->ifid = s->nb_nodes;
	if (rte_pmd_ngiface_getifname(port, nd->name, sizeof(nd->name)) != 0)
		snprintf(nd->name, sizeof(nd->name), "port%u", port);
	s->nb_nodes++;
	return 0;
}

static int
resolve_nodes(struct cap_session *s, char *err, size_t errlen)
{
	char list[sizeof(s->conf.nodes)], *tok, *save = NULL;
	uint16_t port;
	int ret;

	if (s->conf.nodes[0] == '\0') {
		RTE_ETH_FOREACH_DEV(port) {
			if (rte_pmd_ngiface_is_node(port) != 1)
				continue;
			ret = add_node(s, port, err, errlen);
			if (ret != 0)
				return ret;
		}
		if (s->nb_nodes == 0) {
			snprintf(err, errlen, "no iface node to capture");
			return -ENODEV;
		}
		return 0;
	}
	snprintf(list, sizeof(list), "%s", s->conf.nodes);
	for (tok = strtok_r(list, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		size_t len = strlen(tok);

		if (len > 0 && tok[len - 1] == ':')	/* "ng0:" */
			tok[len - 1] = '\0';
		if (rte_pmd_ngiface_port_by_name(tok, &port) != 0) {
			snprintf(err, errlen, "no iface node named \"%s\"",
				 tok);
			return -ENODEV;
		}
		ret = add_node(s, port, err, errlen);
		if (ret != 0)
			return ret;
	}
	if (s->nb_nodes == 0) {
		snprintf(err, errlen, "no node given");
		return -EINVAL;
	}
	return 0;
}

static void
session_free(struct cap_session *s)
{
	unsigned int i;

	for (i = 0; i < s->nb_nodes; i++)
		if (s->nodes[i].tapped)
			rte_pmd_ngiface_tap_clear(s->nodes[i].port);
	relay_capture_on = false;
	if (s->writer_started) {
		s->stop = true;
		pthread_join(s->writer, NULL);
	} else {
		cap_file_close(&s->file);
	}
	/* records left unwritten (a start that failed) hold no mbuf */
	for (i = 0; i < s->nb_rings; i++)
		rte_free(s->rlist[i]);
	cap_filter_free(s->bpf);
	cap_rotate_free(&s->rot);
	rte_free(s->nodes);
	rte_free(s);
}

int
relay_capture_conf_check(const struct relay_capture_conf *c, char *err,
			 size_t errlen)
{
	struct cap_rotate rot;
	uint32_t snaplen = c->snaplen ? c->snaplen :
		RELAY_CAPTURE_SNAPLEN_DEFAULT;
	int ret;

	if (snaplen > CAP_SNAPLEN_MAX) {
		snprintf(err, errlen, "snaplen %u: at most %u", snaplen,
			 (unsigned int)CAP_SNAPLEN_MAX);
		return -EINVAL;
	}
	ret = cap_rotate_init(&rot, c->path, c->files, c->filesize_kb,
			      c->duration, err, errlen);
	if (ret != 0)
		return ret;
	cap_rotate_free(&rot);
	if (c->filter[0] != '\0')
		return cap_filter_check(c->filter, snaplen, err, errlen);
	return 0;
}

static void
session_names(struct cap_session *s)
{
	struct utsname u;

	snprintf(s->appl, sizeof(s->appl), "ngiface-relay (%s)",
		 rte_version());
	if (uname(&u) == 0) {
		snprintf(s->os, sizeof(s->os), "%.64s %.64s", u.sysname,
			 u.release);
		snprintf(s->hw, sizeof(s->hw), "%.32s", u.machine);
	}
}

static struct cap_ring *
ring_make(int socket)
{
	struct cap_ring *r;

	r = rte_zmalloc_socket("capture_ring", sizeof(*r),
			       RTE_CACHE_LINE_SIZE, socket);
	if (r != NULL)
		rte_spinlock_init(&r->lock);
	return r;
}

/* The shared ring, then one ring per EAL lcore. */
static int
session_rings(struct cap_session *s)
{
	unsigned int lcore;

	s->ring = ring_make(rte_socket_id());
	if (s->ring == NULL)
		return -1;
	s->rlist[s->nb_rings++] = s->ring;
	RTE_LCORE_FOREACH(lcore) {
		s->lring[lcore] = ring_make(rte_lcore_to_socket_id(lcore));
		if (s->lring[lcore] == NULL)
			return -1;
		s->rlist[s->nb_rings++] = s->lring[lcore];
	}
	return 0;
}

/* --capture-filter: compiled for raw IP; native code where the library
 * makes it (x86-64, arm64), else the interpreter. */
static int
session_filter(struct cap_session *s, char *err, size_t errlen)
{
	struct rte_bpf_jit jit;

	if (s->conf.filter[0] == '\0')
		return 0;
	s->bpf = cap_filter_load(s->conf.filter, s->snaplen, err, errlen);
	if (s->bpf == NULL)
		return -EINVAL;
	if (rte_bpf_get_jit(s->bpf, &jit) == 0 && jit.func != NULL)
		s->jit = jit.func;
	return 0;
}

/* The clock anchor: the TSC and the wall clock read together. */
static void
session_clock(struct cap_session *s)
{
	s->hz = rte_get_tsc_hz();
	s->tsc0 = rte_rdtsc();
	s->ns0 = now_ns();
	s->tsc0 = (s->tsc0 + rte_rdtsc()) / 2;
}

/* The taps go on last: from here on the forwarding lcores copy. */
static int
session_taps(struct cap_session *s, char *err, size_t errlen)
{
	unsigned int i;
	int ret;

	for (i = 0; i < s->nb_nodes; i++) {
		ret = rte_pmd_ngiface_tap_set(s->nodes[i].port, cap_tap,
					      &s->nodes[i]);
		if (ret != 0) {
			snprintf(err, errlen, "node %s: cannot tap: %s%s",
				 s->nodes[i].name, strerror(-ret),
				 ret == -EBUSY ? " (another tap listens)" : "");
			return ret;
		}
		s->nodes[i].tapped = true;
	}
	return 0;
}

static int
session_start(struct cap_session *s, char *err, size_t errlen)
{
	int ret;

	s->snaplen = s->conf.snaplen ? s->conf.snaplen :
		RELAY_CAPTURE_SNAPLEN_DEFAULT;
	ret = relay_capture_conf_check(&s->conf, err, errlen);
	if (ret != 0)
		return ret;
	ret = cap_rotate_init(&s->rot, s->conf.path, s->conf.files,
			      s->conf.filesize_kb, s->conf.duration, err,
			      errlen);
	if (ret != 0)
		return ret;
	s->nodes = rte_zmalloc("capture_nodes",
			       RELAY_CAPTURE_NODES_MAX * sizeof(*s->nodes),
			       RTE_CACHE_LINE_SIZE);
	if (s->nodes == NULL) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	ret = resolve_nodes(s, err, errlen);
	if (ret != 0)
		return ret;
	ret = session_filter(s, err, errlen);
	if (ret != 0)
		return ret;
	if (session_rings(s) != 0) {
		snprintf(err, errlen, "capture rings: out of memory (%u KiB each)",
			 CAP_RING_BYTES >> 10);
		return -ENOMEM;
	}
	session_names(s);

	session_clock(s);

	ret = file_begin(s);
	if (ret != 0) {
		snprintf(err, errlen, "%s: %s", s->rot.current,
			 strerror(-ret));
		return ret;
	}
	ret = rte_ctrl_thread_create(&s->writer, "ngiface-capture", NULL,
				     cap_writer, s);
	if (ret != 0) {
		snprintf(err, errlen, "writer thread: %s", strerror(ret));
		return -ret;
	}
	s->writer_started = true;
	relay_capture_on = true;
	return session_taps(s, err, errlen);
}

int
relay_capture_start(const struct relay_capture_conf *c, char *err,
		    size_t errlen)
{
	struct cap_session *s;
	int ret;

	pthread_mutex_lock(&cap_lock);
	if (cap_closing) {
		snprintf(err, errlen, "the relay is stopping");
		ret = -ESHUTDOWN;
		goto out;
	}
	if (cap_cur != NULL) {
		snprintf(err, errlen, "a capture runs already (to %s)",
			 cap_cur->current);
		ret = -EBUSY;
		goto out;
	}
	s = rte_zmalloc("capture", sizeof(*s), RTE_CACHE_LINE_SIZE);
	if (s == NULL) {
		snprintf(err, errlen, "out of memory");
		ret = -ENOMEM;
		goto out;
	}
	s->conf = *c;
	s->file.fd = -1;
	ret = session_start(s, err, errlen);
	if (ret != 0) {
		char left[PATH_MAX];
		bool begun = s->files != 0;

		snprintf(left, sizeof(left), "%s", s->current);
		session_free(s);
		if (begun)
			unlink(left);
		goto out;
	}
	cap_cur = s;
out:
	pthread_mutex_unlock(&cap_lock);
	return ret;
}

static void
session_info(const struct cap_session *s, struct relay_capture_info *info)
{
	unsigned int i;

	memset(info, 0, sizeof(*info));
	info->running = true;
	info->done = s->done;
	info->err = s->err;
	info->conf = s->conf;
	if (info->conf.snaplen == 0)
		info->conf.snaplen = s->snaplen;
	snprintf(info->current, sizeof(info->current), "%s", s->current);
	info->files = __atomic_load_n(&s->files, __ATOMIC_RELAXED);
	info->written = __atomic_load_n(&s->written, __ATOMIC_RELAXED);
	info->bytes = __atomic_load_n(&s->bytes_closed, __ATOMIC_RELAXED) +
		__atomic_load_n(&s->file.bytes, __ATOMIC_RELAXED);
	info->secs = (double)(now_ns() - s->ns0) / NS_PER_S;
	info->nb_nodes = s->nb_nodes;
	for (i = 0; i < s->nb_nodes; i++)
		node_sum(&s->nodes[i], &info->node[i]);
}

/* Under cap_lock. */
static int
stop_locked(struct relay_capture_info *info)
{
	struct cap_session *s = cap_cur;
	unsigned int i;

	if (s == NULL)
		return -ENOENT;
	for (i = 0; i < s->nb_nodes; i++) {
		if (s->nodes[i].tapped)
			rte_pmd_ngiface_tap_clear(s->nodes[i].port);
		s->nodes[i].tapped = false;
	}
	relay_capture_on = false;
	/* no lcore is inside a tap any more: drain and close */
	s->stop = true;
	pthread_join(s->writer, NULL);
	s->writer_started = false;
	session_info(s, &cap_last);
	cap_last.running = false;
	cap_last.secs = (double)(now_ns() - s->ns0) / NS_PER_S;
	if (info != NULL)
		*info = cap_last;
	cap_cur = NULL;
	session_free(s);
	return 0;
}

int
relay_capture_stop(struct relay_capture_info *info)
{
	int ret;

	pthread_mutex_lock(&cap_lock);
	ret = stop_locked(info);
	pthread_mutex_unlock(&cap_lock);
	return ret;
}

int
relay_capture_status(struct relay_capture_info *info)
{
	pthread_mutex_lock(&cap_lock);
	if (cap_cur != NULL)
		session_info(cap_cur, info);
	else
		*info = cap_last;
	pthread_mutex_unlock(&cap_lock);
	return 0;
}

void
relay_capture_print(const struct relay_capture_info *info)
{
	const struct relay_capture_node_info *n;
	unsigned int i;

	printf("capture %s: %" PRIu64 " packets in %" PRIu64 " file(s), %"
	       PRIu64 " bytes, last file %s%s%s\n",
	       info->running ? "running" : "stopped", info->written,
	       info->files, info->bytes, info->current,
	       info->done ? " (count reached)" : "",
	       info->err != 0 ? " WRITE ERROR" : "");
	for (i = 0; i < info->nb_nodes; i++) {
		n = &info->node[i];
		printf("capture %s: seen %" PRIu64 " accepted %" PRIu64
		       " dropped %" PRIu64 " written in %" PRIu64 " out %"
		       PRIu64 "\n", n->name, n->seen, n->accepted,
		       n->dropped, n->written[0], n->written[1]);
	}
	if (info->err != 0)
		printf("capture error: %s\n", strerror(-info->err));
	fflush(stdout);
}

void
relay_capture_poll(void)
{
	struct relay_capture_info info;
	bool end;

	pthread_mutex_lock(&cap_lock);
	end = cap_cur != NULL && (cap_cur->done || cap_cur->err != 0);
	if (end)
		stop_locked(&info);
	pthread_mutex_unlock(&cap_lock);
	if (end)
		relay_capture_print(&info);
}

void
relay_capture_fini(void)
{
	struct relay_capture_info info;
	int ret;

	pthread_mutex_lock(&cap_lock);
	cap_closing = true;
	ret = stop_locked(&info);
	pthread_mutex_unlock(&cap_lock);
	if (ret == 0)
		relay_capture_print(&info);
}
