/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * The relay's capture engine on its own (relay_capture.c, no relay loop):
 * two joined nodes of four queue pairs, each pair driven by a different
 * kind of thread at once (the main lcore, a worker lcore, two threads
 * that are not EAL lcores and so share one record ring under its lock),
 * tens of megabytes of packets of 64 to 1463 bytes (every fifth in two
 * segments) through each ring, so that every ring wraps many times and
 * ends in skip records.  Then:
 *  - the counters balance: seen = sent, accepted = written + dropped;
 *  - the file holds exactly the written packets, byte for byte, and each
 *    thread's packets of one node and direction in the order it sent them;
 *  - the mempool is back to its starting count.
 */

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <rte_byteorder.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>

#include "pcapng_read.h"
#include "pmd_harness.h"
#include "relay_capture_priv.h"

#define SENDERS 4		/* queue pair q: sender q */
#define BURSTS 4000
#define BURST 32
#define L3_MIN 64
#define L3_SPAN 1400
#define MARK 20			/* after the IPv4 header: sender, seq */

static uint16_t ng0, ng1;
static uint64_t sent[SENDERS];
static char cap_dir[] = "/tmp/ngiface-capeng-XXXXXX";
static char cap_path[sizeof(cap_dir) + 16];

/* What sender s puts in its packet seq: a length and a filler byte. */
static uint16_t
pkt_len(uint32_t seq)
{
	return L3_MIN + seq * 37 % L3_SPAN;
}

static uint8_t
pkt_fill(uint8_t s, uint32_t seq)
{
	return (uint8_t)(seq * 7 + s);
}

/* Move all but the first keep bytes of m into a second segment. */
static struct rte_mbuf *
pkt_split(struct rte_mbuf *m, uint16_t keep)
{
	uint16_t rest = rte_pktmbuf_data_len(m) - keep;
	struct rte_mbuf *tail = rte_pktmbuf_alloc(h_pool);
	char *p;

	p = tail == NULL ? NULL : rte_pktmbuf_append(tail, rest);
	if (p == NULL) {
		rte_pktmbuf_free(tail);
		rte_pktmbuf_free(m);
		return NULL;
	}
	memcpy(p, rte_pktmbuf_mtod_offset(m, char *, keep), rest);
	if (rte_pktmbuf_trim(m, rest) != 0 || rte_pktmbuf_chain(m, tail) != 0) {
		rte_pktmbuf_free(tail);
		rte_pktmbuf_free(m);
		return NULL;
	}
	return m;
}

/* Every fifth packet in two segments: the tap reads those piecewise. */
static struct rte_mbuf *
pkt_make(uint8_t s, uint32_t seq)
{
	struct rte_mbuf *m;
	uint8_t *l3;
	uint32_t be = rte_cpu_to_be_32(seq);

	m = h_pkt(H_IPV4, pkt_len(seq), true, pkt_fill(s, seq));
	if (m == NULL)
		return NULL;
	l3 = rte_pktmbuf_mtod_offset(m, uint8_t *, RTE_ETHER_HDR_LEN);
	l3[MARK] = s;
	memcpy(l3 + MARK + 1, &be, sizeof(be));
	return seq % 5 == 0 ?
		pkt_split(m, RTE_ETHER_HDR_LEN + MARK + 5 + seq % 7) : m;
}

/* Sender q: ng0 Tx on queue q, ng1 Rx on queue q, until all is through. */
static int
sender(void *arg)
{
	const uint16_t q = (uint16_t)(uintptr_t)arg;
	struct rte_mbuf *b[BURST];
	uint32_t seq = 0, got = 0;
	uint16_t n, i, k;

	for (i = 0; i < BURSTS; i++) {
		for (n = 0; n < BURST; n++) {
			b[n] = pkt_make(q, seq + n);
			if (b[n] == NULL)
				break;
		}
		k = rte_eth_tx_burst(ng0, q, b, n);
		rte_pktmbuf_free_bulk(b + k, n - k);	/* ring full: resent */
		seq += k;
		do {
			n = rte_eth_rx_burst(ng1, q, b, BURST);
			rte_pktmbuf_free_bulk(b, n);
			got += n;
		} while (n != 0);
	}
	sent[q] = seq;
	return got == seq ? 0 : -1;
}

/*
 * The two threads that are not EAL lcores run on different CPUs (those
 * of the main lcore and of the worker), so that they do meet at the one
 * ring they share.
 */
static void *
sender_thread(void *arg)
{
	const uint16_t q = (uint16_t)(uintptr_t)arg;
	unsigned int lcore = q == 2 ? rte_get_main_lcore() :
		rte_get_next_lcore(-1, 1, 0);
	rte_cpuset_t cpus = rte_lcore_cpuset(lcore);

	if (pthread_setaffinity_np(pthread_self(), sizeof(cpus), &cpus) != 0)
		return (void *)(intptr_t)-1;
	return (void *)(intptr_t)sender(arg);
}

/* ---- the file: packet blocks, read back ------------------------------ */

struct order {
	int64_t last[SENDERS][2][2];	/* [sender][ifid][outbound] */
	uint64_t epb[2][2];		/* [ifid][outbound] */
};

/* One EPB's packet: what sender and seq it is, and every byte of it. */
static void
check_epb(const uint8_t *b, uint32_t blen, struct order *o)
{
	uint32_t ifid = rd32(b + 8), caplen = rd32(b + 20);
	const uint8_t *d = b + 28, *opt;
	uint32_t seq, flags = 0, i;
	uint16_t olen = 0;
	uint8_t s;
	int out;

	assert_true(ifid < 2);
	assert_true(caplen > MARK + 4 && 28 + caplen <= blen);
	assert_int_equal(rd32(b + 24), caplen);	/* nothing cut */
	opt = find_opt(b, blen, 28 + RTE_ALIGN_CEIL(caplen, 4), 2, &olen);
	if (opt != NULL && olen == 4)
		flags = rd32(opt);	/* epb_flags */
	out = (flags & 3) == 2;
	assert_true((flags & 3) == 1 || (flags & 3) == 2);
	s = d[MARK];
	assert_true(s < SENDERS);
	memcpy(&seq, d + MARK + 1, sizeof(seq));
	seq = rte_be_to_cpu_32(seq);
	assert_int_equal(caplen, pkt_len(seq));
	assert_int_equal(d[0] >> 4, 4);
	for (i = MARK + 5; i < caplen; i++)
		if (d[i] != pkt_fill(s, seq))
			fail_msg("sender %u seq %u byte %u: %#x", s, seq, i,
				 d[i]);
	/* one thread, one node, one direction: in the order sent */
	assert_true((int64_t)seq > o->last[s][ifid][out]);
	o->last[s][ifid][out] = seq;
	o->epb[ifid][out]++;
}

/*
 * The next whole block of f, malloc'ed, its type and length; NULL at the
 * end of the file.
 */
static uint8_t *
read_block(FILE *f, uint32_t *type, uint32_t *len)
{
	uint8_t head[8], *b;

	if (fread(head, 1, sizeof(head), f) != sizeof(head))
		return NULL;
	*type = rd32(head);
	*len = rd32(head + 4);
	assert_true(*len >= 12);
	b = malloc(*len);
	assert_non_null(b);
	memcpy(b, head, sizeof(head));
	assert_int_equal(fread(b + 8, 1, *len - 8, f), *len - 8);
	return b;
}

static void
read_file(const char *path, struct order *o)
{
	uint32_t type, len;
	FILE *f = fopen(path, "rb");
	uint8_t *b;

	assert_non_null(f);
	memset(o, 0, sizeof(*o));
	memset(o->last, 0xff, sizeof(o->last));	/* -1: none yet */
	while ((b = read_block(f, &type, &len)) != NULL) {
		check_frame(b, len, type);
		if (type == 6)
			check_epb(b, len, o);
		free(b);
	}
	fclose(f);
}

/* ---- the test ---------------------------------------------------------- */

/*
 * A node's counts after the stop: accepted = written + dropped +
 * after_count (taken after the count was reached: not a drop).
 */
static void
assert_node_balances(const struct relay_capture_node_info *n)
{
	print_message("%s: seen %lu accepted %lu written %lu+%lu dropped %lu"
		      " (ring error %lu) after count %lu\n", n->name,
		      (unsigned long)n->seen, (unsigned long)n->accepted,
		      (unsigned long)n->written[0],
		      (unsigned long)n->written[1],
		      (unsigned long)n->dropped,
		      (unsigned long)n->ring_error,
		      (unsigned long)n->after_count);
	assert_int_equal(n->accepted, n->written[0] + n->written[1] +
			 n->dropped + n->after_count);
	assert_int_equal(n->dropped,
			 n->ring_full + n->write_error + n->ring_error);
}

static void
test_every_thread_kind(void **state)
{
	struct relay_capture_conf conf;
	struct relay_capture_info info;
	char err[256];
	unsigned int worker = rte_get_next_lcore(-1, 1, 0);
	pthread_t th[2];
	struct order o;
	uint64_t total = 0;
	void *rc;
	int q, i;

	(void)state;
	assert_true(worker < RTE_MAX_LCORE);
	ng0 = (uint16_t)h_node_add("queues=4");
	ng1 = (uint16_t)h_node_add("queues=4,inet=ng0:inet,inet6=ng0:inet6");
	assert_int_equal(h_port_start(ng0, SENDERS, false), 0);
	assert_int_equal(h_port_start(ng1, SENDERS, false), 0);
	memset(&conf, 0, sizeof(conf));
	snprintf(conf.path, sizeof(conf.path), "%s", cap_path);
	assert_int_equal(relay_capture_start(&conf, err, sizeof(err)), 0);

	/* queue 0: main lcore; 1: a worker; 2 and 3: not EAL lcores */
	assert_int_equal(rte_eal_remote_launch(sender, (void *)1, worker), 0);
	for (i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&th[i], NULL, sender_thread,
				 (void *)(uintptr_t)(2 + i)), 0);
	assert_int_equal(sender((void *)0), 0);
	assert_int_equal(rte_eal_wait_lcore(worker), 0);
	for (i = 0; i < 2; i++) {
		assert_int_equal(pthread_join(th[i], &rc), 0);
		assert_null(rc);
	}
	assert_int_equal(relay_capture_stop(&info), 0);
	assert_int_equal(info.err, 0);

	for (q = 0; q < SENDERS; q++)
		total += sent[q];
	assert_int_equal(info.nb_nodes, 2);
	for (i = 0; i < 2; i++) {
		const struct relay_capture_node_info *n = &info.node[i];

		assert_node_balances(n);
		assert_int_equal(n->seen, total);
		assert_int_equal(n->accepted, n->seen);
		assert_true(n->written[0] + n->written[1] > 0);
	}
	/* ng0 (ifid 0) sends out; ng1 (ifid 1) takes in */
	read_file(conf.path, &o);
	assert_int_equal(o.epb[0][1], info.node[0].written[1]);
	assert_int_equal(o.epb[0][0], 0);
	assert_int_equal(o.epb[1][0], info.node[1].written[0]);
	assert_int_equal(o.epb[1][1], 0);
	assert_int_equal(o.epb[0][1] + o.epb[1][0], info.written);
}

/* ---- a stop between the writer's last look and its leaving ----------- */

static int gap_armed, gap_in, gap_release;
static struct cap_session *gap_s;	/* the held writer's session */

/*
 * The writer, once armed, after a look that found the rings empty: it
 * waits there until the capture is stopped (or the test releases it),
 * while the test publishes records.  Bounded, so a writer that never sees
 * the stop does not hang the test.
 */
static void
writer_gap(struct cap_session *s)
{
	const struct timespec tick = { 0, 1000 * 1000 };
	int i;

	if (!__atomic_exchange_n(&gap_armed, 0, __ATOMIC_ACQ_REL))
		return;
	gap_s = s;
	__atomic_store_n(&gap_in, 1, __ATOMIC_RELEASE);
	for (i = 0; i < 5000 && !__atomic_load_n(&s->stop, __ATOMIC_ACQUIRE) &&
	     !__atomic_load_n(&gap_release, __ATOMIC_ACQUIRE); i++)
		nanosleep(&tick, NULL);
}

/* Start a capture (conf) and hold its writer in the gap. */
static void
start_held(struct relay_capture_conf *conf)
{
	const struct timespec tick = { 0, 1000 * 1000 };
	char err[256];
	int i;

	relay_capture_test_gap = writer_gap;
	gap_in = 0;
	gap_release = 0;
	assert_int_equal(relay_capture_start(conf, err, sizeof(err)), 0);
	__atomic_store_n(&gap_armed, 1, __ATOMIC_RELEASE);
	for (i = 0; i < 5000 && !__atomic_load_n(&gap_in, __ATOMIC_ACQUIRE);
	     i++)
		nanosleep(&tick, NULL);
	assert_true(gap_in);
}

/*
 * One burst of sender 0's packets from seq on, ng0 to ng1 on queue 0:
 * how many went.
 */
static uint16_t
send_burst(uint32_t seq)
{
	struct rte_mbuf *b[BURST];
	uint16_t n, k;

	for (n = 0; n < BURST; n++) {
		b[n] = pkt_make(0, seq + n);
		assert_non_null(b[n]);
	}
	k = rte_eth_tx_burst(ng0, 0, b, BURST);
	rte_pktmbuf_free_bulk(b + k, BURST - k);
	do {
		n = rte_eth_rx_burst(ng1, 0, b, BURST);
		rte_pktmbuf_free_bulk(b, n);
	} while (n != 0);
	return k;
}

/*
 * Records published while the writer is between a look that found the
 * rings empty and its check of the stop flag, then the stop: the writer
 * must still write them (it left with them in its rings, and the rings
 * were freed, before it loaded stop ahead of its look).
 */
/* Two joined nodes of one queue pair, and a capture conf of both. */
static void
two_nodes(struct relay_capture_conf *conf)
{
	ng0 = (uint16_t)h_node_add("");
	ng1 = (uint16_t)h_node_add("inet=ng0:inet,inet6=ng0:inet6");
	assert_int_equal(h_port_start(ng0, 1, false), 0);
	assert_int_equal(h_port_start(ng1, 1, false), 0);
	memset(conf, 0, sizeof(*conf));
	snprintf(conf->path, sizeof(conf->path), "%s", cap_path);
}

static void
test_stop_in_writer_gap(void **state)
{
	struct relay_capture_conf conf;
	struct relay_capture_info info;
	struct order o;
	uint16_t k;
	int i;

	(void)state;
	two_nodes(&conf);
	start_held(&conf);
	k = send_burst(0);
	assert_true(k > 0);
	assert_int_equal(relay_capture_stop(&info), 0);
	relay_capture_test_gap = NULL;
	assert_int_equal(info.err, 0);
	for (i = 0; i < 2; i++) {
		assert_node_balances(&info.node[i]);
		assert_int_equal(info.node[i].accepted, k);
	}
	read_file(conf.path, &o);
	assert_int_equal(o.epb[0][1] + o.epb[1][0], info.written);
	assert_int_equal(info.written, 2 * k);
}

/* ---- timestamps against the wall clock ------------------------------- */

#define CLK_BURSTS 10
#define CLK_GAP_MS 250
#define CLK_SLACK_NS (200 * 1000)	/* the anchor, and the rate's error */

static uint64_t
real_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/*
 * Each EPB's timestamp within its burst's wall-clock window, from burst
 * "from" on; the EPBs of the bursts before it are counted, not judged.
 */
static unsigned int
check_times(const char *path, const uint64_t *lo, const uint64_t *hi,
	    unsigned int from)
{
	uint32_t type, len, seq, k;
	uint64_t ts;
	unsigned int n = 0;
	FILE *f = fopen(path, "rb");
	uint8_t *b;

	assert_non_null(f);
	while ((b = read_block(f, &type, &len)) != NULL) {
		if (type == 6) {
			ts = (uint64_t)rd32(b + 12) << 32 | rd32(b + 16);
			memcpy(&seq, b + 28 + MARK + 1, sizeof(seq));
			k = rte_be_to_cpu_32(seq) / BURST;
			assert_true(k < CLK_BURSTS);
			if (k >= from && (ts + CLK_SLACK_NS < lo[k] ||
			    ts > hi[k] + CLK_SLACK_NS))
				fail_msg("burst %u stamped %.6f s, sent in"
					 " %.6f..%.6f s", k, ts / 1e9,
					 lo[k] / 1e9, hi[k] / 1e9);
			n++;
		}
		free(b);
	}
	fclose(f);
	return n;
}

/* Bursts a quarter of a second apart for 2.5 s, their windows in lo, hi. */
static unsigned int
clock_bursts(uint64_t *lo, uint64_t *hi)
{
	const struct timespec gap = { 0, CLK_GAP_MS * 1000 * 1000 };
	unsigned int k, sent_n = 0;

	for (k = 0; k < CLK_BURSTS; k++) {
		nanosleep(&gap, NULL);
		lo[k] = real_ns();
		sent_n += send_burst(k * BURST);
		hi[k] = real_ns();
	}
	return sent_n;
}

static bool clock_skewed;

/* The writer's first gap: its TSC rate made 1 % fast, as a bad measure. */
static void
skew_rate(struct cap_session *s)
{
	if (__atomic_exchange_n(&clock_skewed, true, __ATOMIC_RELAXED))
		return;
	s->hz += s->hz / 100;
	s->last_tsc = 0;
}

/*
 * A capture of clock_bursts(), the writer's rate made 1 % fast at its
 * first gap if skew: the packets of burst from and after stamped within
 * their bursts' windows.
 */
static void
clock_run(bool skew, unsigned int from)
{
	struct relay_capture_conf conf;
	struct relay_capture_info info;
	uint64_t lo[CLK_BURSTS], hi[CLK_BURSTS];
	char err[256];
	unsigned int sent_n;

	two_nodes(&conf);
	clock_skewed = false;
	relay_capture_test_gap = skew ? skew_rate : NULL;
	assert_int_equal(relay_capture_start(&conf, err, sizeof(err)), 0);
	sent_n = clock_bursts(lo, hi);
	assert_int_equal(relay_capture_stop(&info), 0);
	relay_capture_test_gap = NULL;
	assert_true(clock_skewed == skew);
	assert_int_equal(info.err, 0);
	assert_int_equal(check_times(conf.path, lo, hi, from), 2 * sent_n);
}

/*
 * Bursts a quarter of a second apart for 2.5 s: each packet's timestamp
 * lies within 200 us of the wall-clock window its burst was sent in.  With
 * EAL's TSC rate (rounded to 10 MHz: 0.15 % off on this project's guests)
 * the file's clock fell behind by 1.5 ms a second.
 */
static void
test_timestamps_wall_clock(void **state)
{
	(void)state;
	clock_run(false, 0);
}

/*
 * The writer measures the TSC rate again every second: a rate 1 % off at
 * the start (the timestamps lose 10 ms a second) is put right within a
 * second or so, and the bursts from 1.5 s on are stamped within their
 * windows again (the anchor kept).  A writer that kept its first measure
 * stamped the last burst 25 ms early.
 */
static void
test_timestamps_rate_remeasured(void **state)
{
	(void)state;
	clock_run(true, 5);
}

/* ---- the count reached with records still in the ring ---------------- */

#define COUNT 100
#define COUNT_HELD 4	/* bursts published while the writer is held */

/*
 * -c COUNT under steady traffic: when the writer reaches the count, more
 * records wait in the ring (four bursts published while it was held), and
 * more come until the taps see the count.  They are taken and not
 * written, and counted: every node balances with after_count.  One ring
 * (the main lcore's), so the COUNT written are the first published (the
 * held ones, which found the ring empty: none of them dropped).
 */
static void
test_count_balances(void **state)
{
	struct relay_capture_conf conf;
	struct relay_capture_info info;
	uint64_t want[2] = { 0, 0 }, rest = COUNT, held;
	uint32_t seq = 0;
	struct order o;
	uint16_t k;
	int i;

	(void)state;
	two_nodes(&conf);
	conf.count = COUNT;
	start_held(&conf);
	/* ring order: each burst's ng0 out records, then its ng1 in ones */
	for (i = 0; i < COUNT_HELD; i++) {
		k = send_burst(seq);
		seq += k;
		want[0] += RTE_MIN(k, rest);
		rest -= RTE_MIN(k, rest);
		want[1] += RTE_MIN(k, rest);
		rest -= RTE_MIN(k, rest);
	}
	assert_int_equal(rest, 0);
	held = seq;
	__atomic_store_n(&gap_release, 1, __ATOMIC_RELEASE);
	for (i = 0, info.done = false; i < 5000 && !info.done; i++) {
		seq += send_burst(seq);
		assert_int_equal(relay_capture_status(&info), 0);
	}
	assert_true(info.done);
	for (i = 0; i < 10; i++)
		seq += send_burst(seq);
	assert_int_equal(relay_capture_stop(&info), 0);
	relay_capture_test_gap = NULL;
	assert_int_equal(info.err, 0);
	assert_int_equal(info.written, COUNT);
	assert_int_equal(info.node[0].written[1], want[0]);
	assert_int_equal(info.node[1].written[0], want[1]);
	for (i = 0; i < 2; i++) {
		assert_node_balances(&info.node[i]);
		assert_int_equal(info.node[i].seen, seq);
		assert_int_equal(info.node[i].write_error, 0);
		/* at least the held records past the count; the ring may
		 * have been full after them (the writer shares a CPU) */
		assert_true(info.node[i].after_count >= held - want[i]);
	}
	read_file(conf.path, &o);
	assert_int_equal(o.epb[0][1], want[0]);
	assert_int_equal(o.epb[1][0], want[1]);
}

/* ---- a broken ring ------------------------------------------------------ */

/*
 * Hold the writer while one burst of k is published in the main lcore's
 * ring, make ng1's first record there (after ng0's k) claim more than the
 * snaplen, let the writer go and wait for its EPROTO: k.
 */
static uint16_t
break_ring(struct relay_capture_conf *conf)
{
	const struct timespec tick = { 0, 1000 * 1000 };
	struct relay_capture_info info;
	struct cap_ring *r;
	uint64_t pos;
	uint16_t k;
	int i;

	two_nodes(conf);
	start_held(conf);
	k = send_burst(0);
	assert_true(k > 0);
	r = gap_s->lring[rte_lcore_id()];
	for (i = 0, pos = r->head; i < k; i++)
		pos += cap_rec_len(cap_ring_at(r, pos)->caplen);
	assert_true(pos < __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE));
	cap_ring_at(r, pos)->caplen = CAP_SNAPLEN_MAX + 1;
	__atomic_store_n(&gap_release, 1, __ATOMIC_RELEASE);
	for (i = 0, info.err = 0; i < 5000 && info.err == 0; i++) {
		nanosleep(&tick, NULL);
		assert_int_equal(relay_capture_status(&info), 0);
	}
	assert_int_equal(info.err, -EPROTO);
	return k;
}

/*
 * A record found malformed: the capture ends with EPROTO, and the records
 * the writer skips in that ring (from it on, and all published there
 * after: a second burst) are counted as ring_error, so that every node
 * balances.
 */
static void
test_broken_ring(void **state)
{
	struct relay_capture_conf conf;
	struct relay_capture_info info;
	struct order o;
	uint16_t k, k2;
	int i;

	(void)state;
	k = break_ring(&conf);
	k2 = send_burst(k);	/* into the broken ring */
	assert_int_equal(relay_capture_stop(&info), 0);
	relay_capture_test_gap = NULL;
	assert_int_equal(info.err, -EPROTO);
	for (i = 0; i < 2; i++) {
		assert_node_balances(&info.node[i]);
		assert_int_equal(info.node[i].accepted, k + k2);
		assert_int_equal(info.node[i].write_error, 0);
	}
	assert_int_equal(info.node[0].written[1], k);
	assert_int_equal(info.node[0].ring_error, k2);
	assert_int_equal(info.node[1].written[0], 0);
	assert_int_equal(info.node[1].ring_error, k + k2);
	read_file(conf.path, &o);
	assert_int_equal(o.epb[0][1], k);
	assert_int_equal(o.epb[1][0], 0);
}

static void *
burst_thread(void *arg)
{
	return (void *)(uintptr_t)send_burst((uint32_t)(uintptr_t)arg);
}

/* send_burst() from a thread that is not an EAL lcore: the shared ring. */
static uint16_t
send_burst_shared(uint32_t seq)
{
	pthread_t th;
	void *k;

	assert_int_equal(pthread_create(&th, NULL, burst_thread,
					(void *)(uintptr_t)seq), 0);
	assert_int_equal(pthread_join(th, &k), 0);
	return (uint16_t)(uintptr_t)k;
}

/*
 * One ring broken, another healthy: the healthy one's records published
 * after the break are good, and the file is fine.  They are written (not
 * counted as a write error, which never happened), and every node still
 * balances.
 */
static void
test_healthy_ring_after_break(void **state)
{
	struct relay_capture_conf conf;
	struct relay_capture_info info;
	struct order o;
	uint16_t k, k3;
	int i;

	(void)state;
	k = break_ring(&conf);
	k3 = send_burst_shared(k);
	assert_true(k3 > 0);
	assert_int_equal(relay_capture_stop(&info), 0);
	relay_capture_test_gap = NULL;
	assert_int_equal(info.err, -EPROTO);
	for (i = 0; i < 2; i++) {
		assert_node_balances(&info.node[i]);
		assert_int_equal(info.node[i].accepted, k + k3);
		assert_int_equal(info.node[i].write_error, 0);
	}
	assert_int_equal(info.node[0].written[1], k + k3);
	assert_int_equal(info.node[0].ring_error, 0);
	assert_int_equal(info.node[1].written[0], k3);
	assert_int_equal(info.node[1].ring_error, k);
	read_file(conf.path, &o);
	assert_int_equal(o.epb[0][1], k + k3);
	assert_int_equal(o.epb[1][0], k3);
	assert_int_equal(info.written, k + 2 * k3);
}

/* ---- the numeric options' bounds ------------------------------------ */

/* name = val is refused, and err is what the command line prints. */
static void
opt_refused(const char *name, const char *val, const char *want)
{
	struct relay_capture_conf c;
	char err[256];

	memset(&c, 0, sizeof(c));
	assert_int_equal(relay_capture_opt_set(&c, name, name, val, err,
					       sizeof(err)), -EINVAL);
	assert_string_equal(err, want);
}

/*
 * The command line's bounds (relay_config.c's parse_uint before this
 * table), under either spelling: the ends taken, one past them refused.
 */
static void
test_opt_bounds(void **state)
{
	struct relay_capture_conf c;
	char err[256];

	(void)state;
	memset(&c, 0, sizeof(c));
	assert_int_equal(relay_capture_opt_set(&c, "-s", "-s", "0", err,
					       sizeof(err)), 0);
	assert_int_equal(relay_capture_opt_set(&c, "snaplen", "--snaplen",
					       "262144", err, sizeof(err)), 0);
	assert_int_equal(c.snaplen, 262144);
	assert_int_equal(relay_capture_opt_set(&c, "-c", "-c", "4294967295",
					       err, sizeof(err)), 0);
	assert_int_equal(c.count, 4294967295ull);
	assert_int_equal(relay_capture_opt_set(&c, "-b files", "-b files",
					       "100000", err, sizeof(err)), 0);
	assert_int_equal(c.files, 100000);
	assert_int_equal(relay_capture_opt_set(&c, "capture-filesize", "x",
					       "4294967295", err, sizeof(err)),
			 0);
	assert_int_equal(c.filesize_kb, 4294967295ull);
	assert_int_equal(relay_capture_opt_set(&c, "-b duration", "x",
					       "31536000", err, sizeof(err)),
			 0);
	assert_int_equal(c.duration, 31536000);
	opt_refused("-s", "262145", "-s: \"262145\" is not in 0..262144");
	opt_refused("-c", "0", "-c: \"0\" is not in 1..4294967295");
	opt_refused("capture-count", "4294967296",
		    "capture-count: \"4294967296\" is not in 1..4294967295");
	opt_refused("-b files", "0", "-b files: \"0\" is not in 1..100000");
	opt_refused("-b filesize", "0",
		    "-b filesize: \"0\" is not in 1..4294967295");
	opt_refused("-b duration", "0",
		    "-b duration: \"0\" is not in 1..31536000");
	opt_refused("-c", "-1", "-c: expected a number, got \"-1\"");
	opt_refused("-c", "5x", "-c: \"5x\" is not in 1..4294967295");
	assert_int_equal(relay_capture_opt_set(&c, "capture", "--capture",
					       "1", err, sizeof(err)), -ENOENT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_opt_bounds),
		cmocka_unit_test_setup_teardown(test_every_thread_kind,
						h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(test_stop_in_writer_gap,
						h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(test_timestamps_wall_clock,
						h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(test_timestamps_rate_remeasured,
						h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(test_count_balances,
						h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(test_broken_ring,
						h_setup, h_teardown),
		cmocka_unit_test_setup_teardown(test_healthy_ring_after_break,
						h_setup, h_teardown),
	};
	int ret;

	if (mkdtemp(cap_dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(cap_path, sizeof(cap_path), "%s/e.pcapng", cap_dir);
	if (h_eal_up("capture-engine") != 0) {
		fprintf(stderr, "EAL did not start\n");
		rmdir(cap_dir);
		return 1;
	}
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	/* a failed test may have left the capture running */
	relay_capture_fini();
	h_eal_down();
	unlink(cap_path);
	rmdir(cap_dir);
	return ret;
}
