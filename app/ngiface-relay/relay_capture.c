/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * The capture engine, all but its taps: the writer thread off the
 * forwarding lcores (records to pcapng blocks, rotation, statistics), and
 * start/stop/status for the command line and the control socket.  The
 * taps on the forwarding lcores (filter, copy into the lcore's record
 * ring, count; no syscall, no lock, no wait) are the fast path, in
 * relay_capture_tap.c; what both halves share is relay_capture_priv.h.
 *
 * Timestamps: the tap takes the forwarding pass's TSC value (or reads it
 * once per call) and keeps it with the copy; the writer turns it into
 * wall-clock nanoseconds from one anchor taken at start (CLOCK_REALTIME
 * and the TSC read together), at a TSC rate of its own measuring (see
 * cap_tsc_hz()).
 */

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
#include <rte_spinlock.h>
#include <rte_time.h>
#include <rte_version.h>

#include "cap_filter.h"
#include "cap_rotate.h"
#include "ngc_buf.h"
#include "relay.h"
#include "relay_capture_priv.h"
#include "relay_num.h"

#define CAP_WRITE_BURST 64	/* records the writer takes from one ring */
#define CAP_FLUSH_AT (256u << 10)	/* write the batch at 256 KiB */
#define CAP_IDLE_NS (1000 * 1000)	/* writer's sleep when idle: 1 ms */
#define CAP_CAL_MIN_NS (100 * 1000 * 1000)	/* shortest TSC baseline */

struct relay_capture_clock relay_capture_clock[RTE_MAX_LCORE];
bool relay_capture_on;

static pthread_mutex_t cap_lock = PTHREAD_MUTEX_INITIALIZER;
static struct cap_session *cap_cur;
static struct relay_capture_info cap_last;	/* the last capture's end */
static bool cap_closing;

/************************************************************************
			THE WRITER (control thread)
 ************************************************************************/

static uint64_t
now_ns(void)
{
	return relay_clock_ns(CLOCK_REALTIME);
}

/*
 * The TSC rate.  rte_get_tsc_hz() will not do: where the CPU does not
 * report its TSC rate (AMD, most guests) EAL measures it for 100 ms and
 * rounds it to a multiple of 10 MHz, 0.15 % off on a 2596.098 MHz TSC,
 * and the file's clock then fell behind the wall clock by 1.5 ms every
 * second (5.4 s an hour; the echo requests a node sent were stamped
 * before dumpcap on the kernel side saw them leave).  The rate is
 * measured here against CLOCK_MONOTONIC (the wall clock's rate, NTP's
 * slewing included, without its steps) from a pair taken when the
 * program started, so the baseline grows as the relay runs, and the
 * writer measures again every second.
 */
static struct {
	uint64_t tsc;
	uint64_t mono;
} cap_cal;

/* The TSC and CLOCK_MONOTONIC read together: the tightest of 3 tries. */
static void
clock_pair(uint64_t *tsc, uint64_t *mono)
{
	uint64_t a, b, m, best = UINT64_MAX;
	int i;

	*tsc = rte_rdtsc();	/* set on every path, as GCC -O3 wants */
	*mono = relay_clock_ns(CLOCK_MONOTONIC);
	for (i = 0; i < 3; i++) {
		a = rte_rdtsc();
		m = relay_clock_ns(CLOCK_MONOTONIC);
		b = rte_rdtsc();
		if (b - a < best) {
			best = b - a;
			*tsc = a + (b - a) / 2;
			*mono = m;
		}
	}
}

RTE_INIT(cap_clock_init)
{
	clock_pair(&cap_cal.tsc, &cap_cal.mono);
}

/* TSC ticks a second at (tsc, mono), or EAL's figure on too short a base. */
static uint64_t
cap_tsc_hz(uint64_t tsc, uint64_t mono)
{
	uint64_t dt = mono - cap_cal.mono;

	if (mono < cap_cal.mono || dt < CAP_CAL_MIN_NS || tsc <= cap_cal.tsc)
		return rte_get_tsc_hz();
	return (uint64_t)((double)(tsc - cap_cal.tsc) * NS_PER_S / dt + 0.5);
}

/* The TSC rate measured now, and when (the writer measures a second on). */
static void
session_rate(struct cap_session *s)
{
	uint64_t tsc, mono;

	clock_pair(&tsc, &mono);
	s->hz = cap_tsc_hz(tsc, mono);
	s->cal_tsc = tsc;
	s->last_tsc = 0;	/* a kept conversion used the old rate */
}

/*
 * The writer's new measure of the rate, once a second.  The anchor stays,
 * so that an early error is put right, not carried on: with a baseline of
 * L seconds the rate moves by about the pair's error over L, and the
 * timestamps step by microseconds, either way (while NTP slews the clock,
 * by up to the slew over the last second).
 */
static void
writer_clock(struct cap_session *s)
{
	if (rte_rdtsc() - s->cal_tsc >= s->hz)
		session_rate(s);
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
		o->ring_full += __atomic_load_n(&nd->ctr[i].dropped,
						__ATOMIC_RELAXED);
	}
	o->write_error = __atomic_load_n(&nd->write_error, __ATOMIC_RELAXED);
	o->after_count = __atomic_load_n(&nd->after_count, __ATOMIC_RELAXED);
	o->ring_error = __atomic_load_n(&nd->ring_error, __ATOMIC_RELAXED);
	o->dropped = o->ring_full + o->write_error + o->ring_error;
	o->written[0] = __atomic_load_n(&nd->written[0], __ATOMIC_RELAXED);
	o->written[1] = __atomic_load_n(&nd->written[1], __ATOMIC_RELAXED);
}

/* The file being written, copied: the writer renames it at rotation. */
static void
current_get(struct cap_session *s, char *dst, size_t size)
{
	rte_spinlock_lock(&s->current_lock);
	snprintf(dst, size, "%s", s->current);
	rte_spinlock_unlock(&s->current_lock);
}

/*
 * Open the file s->rot names.  One file named as given is replaced, as
 * tcpdump's -w does.  A rotated file never is: one there under that name
 * is another capture's, begun in the same second with the same number (a
 * capture stopped and started again, a relay restarted, a second relay
 * given the same FILE), which truncating would destroy, and which the
 * ring would later remove.  It takes the next number free instead.
 */
static int
file_open_named(struct cap_session *s)
{
	int ret;

	if (!cap_rotate_enabled(&s->rot))
		return cap_file_open(&s->file, s->rot.current);
	do
		ret = cap_file_create(&s->file, s->rot.current);
	while (ret == -EEXIST && cap_rotate_taken(&s->rot) == 0);
	return ret;
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
	ret = file_open_named(s);
	/* named even when the open failed: a rotation whose open fails shows
	 * that file in status and in the error line, not the last good one */
	rte_spinlock_lock(&s->current_lock);
	snprintf(s->current, sizeof(s->current), "%s", s->rot.current);
	rte_spinlock_unlock(&s->current_lock);
	if (ret != 0)
		return ret;
	__atomic_store_n(&s->files, s->files + 1, __ATOMIC_RELAXED);
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
	/*
	 * A FIFO's reader that takes nothing: the header waited at most
	 * CAP_FILE_STALL_MS (no stop yet: a start that waited for good held
	 * the capture's lock, the control thread and the main lcore).  The
	 * packets wait for it until the capture stops, then that long.
	 */
	s->file.stop = &s->stop;
	return ret;
}

/*
 * The capture's first error, if err is one.  The writer alone writes
 * s->err (and reads it plainly); the main lcore's poll and the status read
 * it while the writer runs.  Relaxed: nothing is read on the strength of
 * it but the error itself (the poll that ends the capture on it joins the
 * writer before it reads anything else).
 */
static void
writer_error(struct cap_session *s, int err)
{
	if (s->err == 0 && err != 0)
		__atomic_store_n(&s->err, err, __ATOMIC_RELAXED);
}

/* An error of the file: it takes nothing more, and the capture ends. */
static void
file_error(struct cap_session *s, int err)
{
	if (s->file_err == 0)
		s->file_err = err;
	writer_error(s, err);
}

/*
 * A batch whose write failed part way: the packets whose whole block stayed
 * out (in the file cut back to its last whole block, or given to a FIFO's
 * reader) move from pending to written.  Returns how many.
 */
static uint64_t
writer_flush_out(struct cap_session *s)
{
	const struct cap_batch_rec *r = s->batch_log;
	size_t out = s->file.out;
	struct cap_node *nd;
	uint32_t i;

	for (i = 0; i < s->nb_batch_log && r[i].end <= out; i++) {
		nd = &s->nodes[r[i].ifid];
		nd->pend[r[i].out]--;
		__atomic_store_n(&nd->written[r[i].out],
				 nd->written[r[i].out] + 1, __ATOMIC_RELAXED);
	}
	return i;
}

/*
 * Write the batch.  Its packets count as written only once they are in the
 * file.  Of a batch a full disk refuses part way, what follows the last
 * whole block is taken back (cap_file_flush), and those packets count as
 * dropped on the write error.
 */
static void
writer_flush(struct cap_session *s)
{
	struct cap_node *nd;
	uint64_t n = 0;
	unsigned int i, d;
	int ret;

	ret = cap_file_flush(&s->file);
	file_error(s, ret);
	if (ret != 0)
		n = writer_flush_out(s);
	s->nb_batch_log = 0;
	for (i = 0; i < s->nb_nodes; i++) {
		nd = &s->nodes[i];
		for (d = 0; d < 2; d++) {
			if (ret == 0)
				__atomic_store_n(&nd->written[d],
						 nd->written[d] + nd->pend[d],
						 __ATOMIC_RELAXED);
			else
				__atomic_store_n(&nd->write_error,
						 nd->write_error + nd->pend[d],
						 __ATOMIC_RELAXED);
			if (ret == 0)
				n += nd->pend[d];
			nd->pend[d] = 0;
		}
	}
	__atomic_store_n(&s->written, s->written + n, __ATOMIC_RELAXED);
}

static int
file_end(struct cap_session *s)
{
	struct relay_capture_node_info ni;
	struct cap_isb_info isb;
	uint64_t bytes;
	unsigned int i;
	int ret = 0, close_ret;

	/* the packets of the batch are counted before the statistics */
	writer_flush(s);
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
	close_ret = cap_file_close(&s->file);
	/* the file's bytes (once closed: all of them) move to the closed
	 * files' sum: counted once, in the status after the last file as
	 * after a rotation */
	bytes = s->file.synced;
	__atomic_store_n(&s->file.synced, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&s->bytes_closed, s->bytes_closed + bytes,
			 __ATOMIC_RELAXED);
	return ret != 0 ? ret : close_ret;
}

static void
maybe_rotate(struct cap_session *s)
{
	if (!cap_rotate_enabled(&s->rot) || s->file_err != 0 ||
	    !cap_rotate_due(&s->rot, s->file.bytes, time(NULL)))
		return;
	file_error(s, file_end(s));
	if (s->file_err == 0)
		file_error(s, file_begin(s));
}

/*
 * One record into the batch: pending, counted as written at the flush.
 * After a write error the file takes nothing more: the record counts as
 * dropped on it.  Once the count is reached the record is not written
 * either, and not a drop (dumpcap's -c does not call the rest drops): it
 * counts as after_count, so that every accepted packet is still accounted
 * for.
 */
static void
write_one(struct cap_session *s, const struct cap_meta *meta)
{
	struct cap_node *nd = &s->nodes[meta->ifid];
	struct iovec iov = {
		.iov_base = (void *)(uintptr_t)(meta + 1),
		.iov_len = meta->caplen,
	};

	if (s->file_err == 0 && s->done) {
		__atomic_store_n(&nd->after_count, nd->after_count + 1,
				 __ATOMIC_RELAXED);
		return;
	}
	/* the writer flushes a full batch, not cap_file_epb(): it counts it */
	if (s->file_err == 0 &&
	    (cap_file_room(&s->file) < cap_pcapng_epb_max(meta->caplen) ||
	     s->nb_batch_log == CAP_BATCH_LOG))
		writer_flush(s);
	if (s->file_err == 0)
		file_error(s, cap_file_epb(&s->file, meta->ifid,
					   tsc_to_ns(s, meta->tsc),
					   meta->orig_len, &iov, 1, meta->dir));
	if (s->file_err != 0) {
		__atomic_store_n(&nd->write_error, nd->write_error + 1,
				 __ATOMIC_RELAXED);
		return;
	}
	nd->pend[meta->dir == CAP_DIR_OUT]++;
	s->batch_log[s->nb_batch_log++] = (struct cap_batch_rec){
		.end = cap_file_pending(&s->file),
		.ifid = meta->ifid,
		.out = meta->dir == CAP_DIR_OUT,
	};
	s->taken++;
	if (s->conf.count != 0 && s->taken >= s->conf.count)
		__atomic_store_n(&s->done, true, __ATOMIC_RELAXED);
	/* a size limit is met at the record that reaches it, as dumpcap
	 * meets it, not a writer burst later (the time limit, which takes a
	 * clock read, is checked between bursts) */
	if (cap_rotate_size_due(&s->rot, s->file.bytes))
		maybe_rotate(s);
}

/*
 * Up to CAP_WRITE_BURST records of one ring into the file (after the
 * count: counted, not written; after a write error: counted as dropped on
 * it), then released to the tap.  A broken ring is released unread, from
 * the malformed record on: its records are counted at the end
 * (ring_error).  The other rings are still written: their records are
 * good, and so is the file.
 */
static unsigned int
writer_drain(struct cap_session *s, struct cap_ring *r)
{
	uint64_t head = r->head;
	uint64_t tail = __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE);
	const struct cap_meta *meta;
	unsigned int n = 0;
	uint32_t len;

	if (unlikely(r->broken))
		head = tail;
	while (head != tail && n < CAP_WRITE_BURST) {
		meta = cap_ring_at(r, head);
		if (meta->skip) {
			head += cap_ring_to_end(head);
			continue;
		}
		len = cap_rec_len(meta->caplen);
		/* a record is whole, inside the ring, was published, and
		 * names a node of ours */
		if (unlikely(len > cap_ring_to_end(head) ||
			     len > tail - head || meta->caplen > s->snaplen ||
			     meta->ifid >= s->nb_nodes)) {
			writer_error(s, -EPROTO);
			r->broken = true;
			head = tail;
			break;
		}
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

/*
 * The records of a broken ring cannot be read, neither their number nor
 * their nodes.  Once the taps are gone and the rings drained, a node's
 * records skipped there are those its taps put into the rings (accepted
 * less ring full) that the writer did not take (written or in the batch,
 * lost to a write error, after the count).
 */
static void
count_ring_error(struct cap_session *s)
{
	struct relay_capture_node_info ni;
	struct cap_node *nd;
	uint64_t put, took;
	unsigned int i;

	for (i = 0; i < s->nb_rings && !s->rlist[i]->broken; i++)
		;
	if (i == s->nb_rings)
		return;
	for (i = 0; i < s->nb_nodes; i++) {
		nd = &s->nodes[i];
		node_sum(nd, &ni);
		put = ni.accepted - ni.ring_full;
		took = ni.written[0] + ni.written[1] + nd->pend[0] +
			nd->pend[1] + ni.write_error + ni.after_count;
		__atomic_store_n(&nd->ring_error, put > took ? put - took : 0,
				 __ATOMIC_RELAXED);
	}
}

#ifdef RELAY_CAPTURE_TEST
void (*relay_capture_test_gap)(struct cap_session *s);
#define WRITER_GAP(s) do {				\
		if (relay_capture_test_gap != NULL)	\
			relay_capture_test_gap(s);	\
	} while (0)
#else
#define WRITER_GAP(s) do { } while (0)
#endif

static void *
cap_writer(void *arg)
{
	const struct timespec idle = { 0, CAP_IDLE_NS };
	struct cap_session *s = arg;
	bool stop;

	for (;;) {
		/*
		 * stop before the look, not after: stop is set once no tap
		 * runs, so rings found empty after it was seen stay empty.
		 * Read after the look, it may cover records published
		 * between the two, which would be freed unwritten.
		 */
		stop = __atomic_load_n(&s->stop, __ATOMIC_ACQUIRE);
		writer_clock(s);
		if (writer_take(s) == 0) {
			WRITER_GAP(s);
			if (stop)
				break;
			if (s->file_err == 0 &&
			    cap_file_pending(&s->file) != 0)
				writer_flush(s);
			maybe_rotate(s);
			nanosleep(&idle, NULL);
			continue;
		}
		if (s->file_err == 0 &&
		    cap_file_pending(&s->file) >= CAP_FLUSH_AT)
			writer_flush(s);
		maybe_rotate(s);
	}
	/* the taps are gone: the statistics are final */
	count_ring_error(s);
	file_error(s, file_end(s));
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

/*
 * A node list as written (--capture-nodes, capture start -n): each item a
 * name, "ng0" or "ng0:".  "ng0,,ng1" or "ng0," is a slip, not a list: the
 * command line's is refused before EAL starts, named by its option, and
 * not after the ports are made.  Whether the nodes exist is the start's.
 */
int
relay_capture_nodes_check(const char *nodes, char *err, size_t errlen)
{
	const char *p = nodes;
	size_t len;

	for (;;) {
		len = strcspn(p, ",");
		if (len > 0 && p[len - 1] == ':')	/* "ng0:" */
			len--;
		if (len == 0) {
			snprintf(err, errlen, "an empty node name in \"%s\"",
				 nodes);
			return -EINVAL;
		}
		p += strcspn(p, ",");
		if (*p == '\0')
			return 0;
		p++;
	}
}

static int
resolve_nodes(struct cap_session *s, char *err, size_t errlen)
{
	char list[sizeof(s->conf.nodes)], *tok, *save;
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
	ret = relay_capture_nodes_check(s->conf.nodes, err, errlen);
	if (ret != 0)
		return ret;
	snprintf(list, sizeof(list), "%s", s->conf.nodes);
	for (save = list; (tok = strsep(&save, ",")) != NULL;) {
		size_t len = strlen(tok);

		if (len > 0 && tok[len - 1] == ':')	/* "ng0:" */
			tok[--len] = '\0';
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
	__atomic_store_n(&relay_capture_on, false, __ATOMIC_RELAXED);
	if (s->writer_started) {
		__atomic_store_n(&s->stop, true, __ATOMIC_RELEASE);
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

/*
 * The numeric options: the bounds and words of the command line
 * (relay_config.c) and of the control socket (relay_capture_ctl.c) alike,
 * so that neither takes what the other refuses.
 */
struct cap_opt {
	const char *name;	/* the command line's, less its "--" */
	const char *ctl;	/* the control socket's (capture start) */
	unsigned long min;
	unsigned long max;
	size_t off;		/* the field in struct relay_capture_conf */
	size_t size;		/* 4 or 8 bytes */
};

#define CAP_OPT(n, ctl, lo, hi, field) { n, ctl, lo, hi,		\
	offsetof(struct relay_capture_conf, field),			\
	sizeof(((struct relay_capture_conf *)NULL)->field) }

static const struct cap_opt cap_opts[] = {
	/* 0: the default snaplen, as tcpdump's -s 0 */
	CAP_OPT("snaplen", "-s", 0, CAP_SNAPLEN_MAX, snaplen),
	CAP_OPT("capture-count", "-c", 1, UINT_MAX, count),
	CAP_OPT("capture-ring", "-b files", 1, 100000, files),
	CAP_OPT("capture-filesize", "-b filesize", 1, UINT_MAX, filesize_kb),
	CAP_OPT("capture-duration", "-b duration", 1, 86400 * 365, duration),
};

static_assert(sizeof(unsigned int) == sizeof(uint32_t),
	      "the 4-byte fields are stored as uint32_t");

static void
opt_store(struct relay_capture_conf *c, const struct cap_opt *o,
	  unsigned long v)
{
	uint8_t *p = (uint8_t *)c + o->off;
	uint64_t v64 = v;
	uint32_t v32 = (uint32_t)v;

	if (o->size == sizeof(v64))
		memcpy(p, &v64, sizeof(v64));
	else
		memcpy(p, &v32, sizeof(v32));
}

/* by the command line's name, or by the socket's too when ctl is set */
static const struct cap_opt *
cap_opt_find(const char *name, bool ctl)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(cap_opts); i++)
		if (strcmp(name, cap_opts[i].name) == 0 ||
		    (ctl && strcmp(name, cap_opts[i].ctl) == 0))
			return &cap_opts[i];
	return NULL;
}

bool
relay_capture_opt_known(const char *name)
{
	return cap_opt_find(name, false) != NULL;
}

int
relay_capture_opt_set(struct relay_capture_conf *c, const char *name,
		      const char *label, const char *val, char *err,
		      size_t errlen)
{
	const struct cap_opt *o = cap_opt_find(name, true);
	unsigned long v;
	int ret;

	if (o == NULL)
		return -ENOENT;
	ret = relay_num_parse(label, val, o->min, o->max, &v, err, errlen);
	if (ret == 0)
		opt_store(c, o, v);
	return ret;
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
	/*
	 * "DIR/" names no file: open() refuses it, but a ring or a limit
	 * names its files FILE_NNNNN_..., and "DIR/_00001_..." was made.
	 */
	if (c->path[0] != '\0' && c->path[strlen(c->path) - 1] == '/') {
		char why[RELAY_STRERROR_LEN];

		snprintf(err, errlen, "%s: %s", c->path,
			 relay_strerror(EISDIR, why, sizeof(why)));
		return -EISDIR;
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

/* The CPU's model name (/proc/cpuinfo's first), or "" where none says. */
static void
cpu_model(char *out, size_t len)
{
	char line[256], *v;
	FILE *f = fopen("/proc/cpuinfo", "re");

	out[0] = '\0';
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "model name", 10) != 0 ||
		    (v = strchr(line, ':')) == NULL)
			continue;
		v += strspn(v + 1, " \t") + 1;
		v[strcspn(v, "\n")] = '\0';
		snprintf(out, len, "%s", v);
		break;
	}
	fclose(f);
}

/* The section header's words: as dumpcap's, the hardware is the CPU. */
static void
session_names(struct cap_session *s)
{
	struct utsname u;
	char model[96];

	snprintf(s->appl, sizeof(s->appl), "ngiface-relay (%s)",
		 rte_version());
	if (uname(&u) == 0) {
		snprintf(s->os, sizeof(s->os), "%.64s %.64s", u.sysname,
			 u.release);
		cpu_model(model, sizeof(model));
		if (model[0] != '\0')
			snprintf(s->hw, sizeof(s->hw), "%s (%.32s)", model,
				 u.machine);
		else
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
 * makes it (x86-64, arm64) and gets it right (no bit test, see
 * cap_filter.h), else the interpreter. */
static int
session_filter(struct cap_session *s, char *err, size_t errlen)
{
	struct rte_bpf_jit jit;
	bool jit_ok;

	if (s->conf.filter[0] == '\0')
		return 0;
	s->bpf = cap_filter_load(s->conf.filter, s->snaplen, &jit_ok, err,
				 errlen);
	if (s->bpf == NULL)
		return -EINVAL;
	if (jit_ok && rte_bpf_get_jit(s->bpf, &jit) == 0 && jit.func != NULL)
		s->jit = jit.func;
	return 0;
}

/*
 * The clock anchor: the TSC and the wall clock read together, and the
 * TSC rate.  A capture begun within 100 ms of the program's start (the
 * command line's) waits out the rest: a shorter baseline is too coarse.
 */
static void
session_clock(struct cap_session *s)
{
	const uint64_t mono = relay_clock_ns(CLOCK_MONOTONIC);
	const uint64_t wait = mono - cap_cal.mono;
	struct timespec ts;

	if (mono >= cap_cal.mono && wait < CAP_CAL_MIN_NS) {
		ts.tv_sec = 0;
		ts.tv_nsec = (long)(CAP_CAL_MIN_NS - wait);
		nanosleep(&ts, NULL);
	}
	session_rate(s);
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

static bool
is_fifo(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISFIFO(st.st_mode);
}

/* The first file opened, or why not in words (a FIFO's reader named). */
static int
session_first_file(struct cap_session *s, char *err, size_t errlen)
{
	int ret = file_begin(s);

	if (ret == -ENXIO && is_fifo(s->rot.current))
		snprintf(err, errlen,
			 "%s: a FIFO with no reader (start the reader first)",
			 s->rot.current);
	else if (ret == -ETIMEDOUT && is_fifo(s->rot.current))
		snprintf(err, errlen,
			 "%s: a FIFO whose reader takes nothing (%u ms without room)",
			 s->rot.current, (unsigned int)CAP_FILE_STALL_MS);
	else if (ret != 0)
		snprintf(err, errlen, "%s: %s", s->rot.current,
			 strerror(-ret));
	return ret;
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

	ret = session_first_file(s, err, errlen);
	if (ret != 0)
		return ret;
	/*
	 * rte_ctrl_thread_create() returns a negative errno (22.11); taken
	 * for a positive one, it was said as "Unknown error -11" and handed
	 * on positive, which the caller named "E-11".  Either sign is taken,
	 * as ngc_control_start() takes it.
	 */
	ret = rte_ctrl_thread_create(&s->writer, "ngiface-capture", NULL,
				     cap_writer, s);
	if (ret != 0) {
		ret = ret < 0 ? ret : -ret;
		snprintf(err, errlen, "writer thread: %s", strerror(-ret));
		return ret;
	}
	s->writer_started = true;
	__atomic_store_n(&relay_capture_on, true, __ATOMIC_RELAXED);
	return session_taps(s, err, errlen);
}

int
relay_capture_start(const struct relay_capture_conf *c, char *err,
		    size_t errlen)
{
	char cur[PATH_MAX];
	struct cap_session *s;
	int ret;

	pthread_mutex_lock(&cap_lock);
	if (cap_closing) {
		snprintf(err, errlen, "the relay is stopping");
		ret = -ESHUTDOWN;
		goto out;
	}
	if (cap_cur != NULL) {
		current_get(cap_cur, cur, sizeof(cur));
		snprintf(err, errlen, "a capture runs already (to %s)", cur);
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
	rte_spinlock_init(&s->current_lock);
	ret = session_start(s, err, errlen);
	if (ret != 0) {
		char left[PATH_MAX];
		/* only a file this start made goes: never what was there */
		bool begun = s->files != 0 && s->file.created;

		/* the writer may run (the taps failed) */
		current_get(s, left, sizeof(left));
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
session_info(struct cap_session *s, struct relay_capture_info *info)
{
	unsigned int i;

	memset(info, 0, sizeof(*info));
	info->running = true;
	info->done = __atomic_load_n(&s->done, __ATOMIC_RELAXED);
	info->err = __atomic_load_n(&s->err, __ATOMIC_RELAXED);
	info->conf = s->conf;
	if (info->conf.snaplen == 0)
		info->conf.snaplen = s->snaplen;
	current_get(s, info->current, sizeof(info->current));
	info->files = __atomic_load_n(&s->files, __ATOMIC_RELAXED);
	info->written = __atomic_load_n(&s->written, __ATOMIC_RELAXED);
	info->bytes = __atomic_load_n(&s->bytes_closed, __ATOMIC_RELAXED) +
		__atomic_load_n(&s->file.synced, __ATOMIC_RELAXED);
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
	__atomic_store_n(&relay_capture_on, false, __ATOMIC_RELAXED);
	/* no lcore is inside a tap any more: drain and close */
	__atomic_store_n(&s->stop, true, __ATOMIC_RELEASE);
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

/* A summary line per node on stdout, when a capture ends. */
static void
relay_capture_print(const struct relay_capture_info *info)
{
	const struct relay_capture_node_info *n;
	unsigned int i;
	char why[RELAY_STRERROR_LEN];
	/* a client's FILE (ngctl capture start): its bytes escaped */
	char file[NGC_ESC_SIZE(sizeof(info->current))];

	ngc_esc(info->current, file, sizeof(file));
	printf("capture %s: %" PRIu64 " packets in %" PRIu64 " file(s), %"
	       PRIu64 " bytes, last file %s%s%s\n",
	       info->running ? "running" : "stopped", info->written,
	       info->files, info->bytes, file,
	       info->done ? " (count reached)" : "",
	       info->err == 0 ? "" : info->err == -EPROTO ? " RING ERROR" :
	       " WRITE ERROR");
	for (i = 0; i < info->nb_nodes; i++) {
		n = &info->node[i];
		printf("capture %s: seen %" PRIu64 " accepted %" PRIu64
		       " dropped %" PRIu64 " written in %" PRIu64 " out %"
		       PRIu64, n->name, n->seen, n->accepted, n->dropped,
		       n->written[0], n->written[1]);
		if (n->after_count != 0)
			printf(" after count %" PRIu64, n->after_count);
		/* the causes, where the ring's is not the only one */
		if (n->write_error != 0 || n->ring_error != 0) {
			printf(" (ring full %" PRIu64 ", write error %" PRIu64,
			       n->ring_full, n->write_error);
			if (n->ring_error != 0)
				printf(", ring error %" PRIu64, n->ring_error);
			printf(")");
		}
		printf("\n");
	}
	/* a write error names its file; a broken ring is no file's */
	if (info->err != 0)
		printf("capture error: %s%s%s\n",
		       info->err == -EPROTO ? "" : file,
		       info->err == -EPROTO ? "" : ": ",
		       relay_strerror(-info->err, why, sizeof(why)));
	fflush(stdout);
}

void
relay_capture_poll(void)
{
	struct relay_capture_info info;
	bool end;

	pthread_mutex_lock(&cap_lock);
	end = cap_cur != NULL &&
		(__atomic_load_n(&cap_cur->done, __ATOMIC_RELAXED) ||
		 __atomic_load_n(&cap_cur->err, __ATOMIC_RELAXED) != 0);
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
