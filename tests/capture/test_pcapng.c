/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * The pcapng writer and the rotation policy on their own (no DPDK):
 * blocks are decoded back field by field here; capture_file.sh has tshark
 * and capinfos judge the sample file this program leaves behind.
 *   test_capture_pcapng [SAMPLE.pcapng]
 */

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "cap_pcapng.h"
#include "cap_rotate.h"
#include "pcapng_read.h"

static const char *sample_path;

static void
test_shb(void **state)
{
	struct cap_shb_info i = {
		.appl = "ngiface-relay (DPDK 22.11.11)", .os = "Linux 6",
		.hardware = NULL,
	};
	uint8_t b[512];
	const uint8_t *o;
	uint16_t ol;
	size_t len;

	(void)state;
	len = cap_pcapng_shb(b, sizeof(b), &i);
	check_frame(b, len, 0x0A0D0D0A);
	assert_int_equal(rd32(b + 8), 0x1A2B3C4D);
	assert_int_equal(rd16(b + 12), 1);
	assert_int_equal(rd16(b + 14), 0);
	/* section length -1: unknown */
	assert_int_equal(rd32(b + 16), 0xffffffff);
	o = find_opt(b, len, 24, 4, &ol);
	assert_non_null(o);
	assert_int_equal(ol, strlen(i.appl));
	assert_memory_equal(o, i.appl, ol);
	assert_null(find_opt(b, len, 24, 2, &ol));	/* no hardware */
	/* too small: 0, nothing claimed */
	assert_int_equal(cap_pcapng_shb(b, 30, &i), 0);
}

static void
test_idb(void **state)
{
	struct cap_idb_info i = {
		.name = "ng0", .descr = "node ng0", .filter = "ip6",
		.linktype = CAP_LINKTYPE_RAW, .snaplen = 1500,
	};
	uint8_t b[512];
	const uint8_t *o;
	uint16_t ol;
	size_t len;

	(void)state;
	len = cap_pcapng_idb(b, sizeof(b), &i);
	check_frame(b, len, 1);
	assert_int_equal(rd16(b + 8), 101);
	assert_int_equal(rd32(b + 12), 1500);
	o = find_opt(b, len, 16, 2, &ol);
	assert_non_null(o);
	assert_int_equal(ol, 3);
	assert_memory_equal(o, "ng0", 3);
	o = find_opt(b, len, 16, 9, &ol);
	assert_non_null(o);
	assert_int_equal(ol, 1);
	assert_int_equal(o[0], 9);
	o = find_opt(b, len, 16, 11, &ol);
	assert_non_null(o);
	assert_int_equal(ol, 4);
	assert_int_equal(o[0], 0);
	assert_memory_equal(o + 1, "ip6", 3);
	/* no filter, no description: no such options */
	i.filter = NULL;
	i.descr = "";
	len = cap_pcapng_idb(b, sizeof(b), &i);
	check_frame(b, len, 1);
	assert_null(find_opt(b, len, 16, 11, &ol));
	assert_null(find_opt(b, len, 16, 3, &ol));
}

static void
test_epb(void **state)
{
	const char d1[] = "\x45\x00\x00\x1d", d2[] = "abcde";
	struct iovec iov[2] = {
		{ (void *)(uintptr_t)d1, 4 }, { (void *)(uintptr_t)d2, 5 },
	};
	uint64_t ts = 1795708217845167337ull;
	uint8_t b[256];
	const uint8_t *o;
	uint16_t ol;
	size_t len;

	(void)state;
	assert_int_equal(cap_pcapng_epb_max(9), 28 + 12 + 8 + 4 + 4);
	len = cap_pcapng_epb(b, sizeof(b), 3, ts, 29, iov, 2, CAP_DIR_OUT);
	check_frame(b, len, 6);
	assert_true(len <= cap_pcapng_epb_max(9));
	assert_int_equal(rd32(b + 8), 3);
	assert_int_equal(rd32(b + 12), (uint32_t)(ts >> 32));
	assert_int_equal(rd32(b + 16), (uint32_t)ts);
	assert_int_equal(rd32(b + 20), 9);	/* captured */
	assert_int_equal(rd32(b + 24), 29);	/* original */
	assert_memory_equal(b + 28, "\x45\x00\x00\x1d" "abcde", 9);
	assert_memory_equal(b + 37, "\0\0\0", 3);	/* padding */
	o = find_opt(b, len, 40, 2, &ol);
	assert_non_null(o);
	assert_int_equal(ol, 4);
	assert_int_equal(rd32(o), 2);
	/* direction 0: no options at all */
	len = cap_pcapng_epb(b, sizeof(b), 0, ts, 9, iov, 2, 0);
	check_frame(b, len, 6);
	assert_int_equal(len, 28 + 12 + 4);
	/* original length below the captured one is raised to it */
	len = cap_pcapng_epb(b, sizeof(b), 0, ts, 1, iov, 2, CAP_DIR_IN);
	check_frame(b, len, 6);
	assert_int_equal(rd32(b + 24), 9);
	assert_int_equal(cap_pcapng_epb(b, 40, 0, ts, 9, iov, 2, 1), 0);
}

static void
test_isb(void **state)
{
	struct cap_isb_info s = {
		.start_ns = 0x0123456789abcdefull,
		.end_ns = 0x0123456799abcdefull,
		.ifrecv = 100, .ifdrop = 3, .filteraccept = 60, .usrdeliv = 57,
	};
	uint8_t b[512];
	const uint8_t *o;
	uint16_t ol;
	size_t len;

	(void)state;
	len = cap_pcapng_isb(b, sizeof(b), 1, &s);
	check_frame(b, len, 5);
	assert_int_equal(rd32(b + 8), 1);
	assert_int_equal(rd32(b + 12), 0x01234567);
	assert_int_equal(rd32(b + 16), 0x99abcdef);
	o = find_opt(b, len, 20, 2, &ol);	/* isb_starttime: high, low */
	assert_non_null(o);
	assert_int_equal(rd32(o), 0x01234567);
	assert_int_equal(rd32(o + 4), 0x89abcdef);
#define OPT64(code, v) do { \
		uint64_t x; \
		o = find_opt(b, len, 20, code, &ol); \
		assert_non_null(o); \
		assert_int_equal(ol, 8); \
		memcpy(&x, o, 8); \
		assert_int_equal(x, v); \
	} while (0)
	OPT64(4, 100);
	OPT64(5, 3);
	OPT64(6, 60);
	OPT64(8, 57);
#undef OPT64
}

/* A UDP packet of each family, for the sample file. */
static const uint8_t v4[28] = {
	0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0,
	192, 0, 2, 1, 192, 0, 2, 2,
	0x04, 0x00, 0x00, 0x09, 0, 8, 0, 0,
};
static const uint8_t v6[48] = {
	0x60, 0, 0, 0, 0, 8, 17, 64,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
	0x04, 0x00, 0x00, 0x09, 0, 8, 0, 0,
};

/*
 * The sample's blocks before its statistics: the header, ng0 and ng1,
 * ten packets 1 us apart from ts (IPv4 on ng0, IPv6 on ng1; five in,
 * then five out).
 */
static void
sample_blocks(struct cap_file *f, uint64_t ts)
{
	struct cap_shb_info shb = { .appl = "test_capture_pcapng" };
	struct cap_idb_info idb = {
		.linktype = CAP_LINKTYPE_RAW, .snaplen = 96,
		.descr = "test interface",
	};
	struct iovec iov;
	int i;

	assert_int_equal(cap_file_shb(f, &shb), 0);
	idb.name = "ng0";
	assert_int_equal(cap_file_idb(f, &idb), 0);
	idb.name = "ng1";
	assert_int_equal(cap_file_idb(f, &idb), 0);
	for (i = 0; i < 10; i++) {
		iov.iov_base = (void *)(uintptr_t)(i & 1 ? v6 : v4);
		iov.iov_len = i & 1 ? sizeof(v6) : sizeof(v4);
		assert_int_equal(cap_file_epb(f, i % 2, ts + i * 1000,
					      iov.iov_len, &iov, 1,
					      i < 5 ? CAP_DIR_IN :
					      CAP_DIR_OUT), 0);
	}
	assert_int_equal(f->blocks, 13);
}

/*
 * A file of two interfaces written through cap_file, read back (and by
 * capture_file.sh, given its name): nothing reaches the file before a
 * flush, whole blocks after.
 */
static void
test_file(void **state)
{
	char tmpl[] = "/tmp/ngiface-pcapng-XXXXXX";
	const char *path = sample_path;
	struct cap_isb_info isb = { 0 };
	struct cap_file f;
	struct timespec now;
	struct stat st;
	uint64_t ts;
	int fd;

	(void)state;
	if (path == NULL) {
		fd = mkstemp(tmpl);
		assert_true(fd >= 0);
		close(fd);
		path = tmpl;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	ts = (uint64_t)now.tv_sec * 1000000000ull + now.tv_nsec;
	assert_int_equal(cap_file_open(&f, path), 0);
	sample_blocks(&f, ts);
	/* nothing reached the file yet: the batch holds whole blocks */
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_int_equal(cap_file_flush(&f), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((uint64_t)st.st_size, f.bytes);
	isb.start_ns = ts;
	isb.end_ns = ts + 20000;
	isb.ifrecv = 7;
	isb.filteraccept = 5;
	isb.usrdeliv = 5;
	assert_int_equal(cap_file_isb(&f, 0, &isb), 0);
	assert_int_equal(cap_file_isb(&f, 1, &isb), 0);
	assert_int_equal(cap_file_close(&f), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size % 4, 0);
	if (path == tmpl)
		unlink(tmpl);
}

/* A directory that does not exist: the error, and again at the close. */
static void
test_file_open_error(void **state)
{
	struct cap_file f;

	(void)state;
	assert_int_equal(cap_file_open(&f, "/nonexistent/dir/x.pcapng"),
			 -ENOENT);
	assert_int_equal(cap_file_close(&f), -ENOENT);
}

/* An exclusive create leaves a file that is there as it was. */
static void
test_file_create_exists(void **state)
{
	char tmpl[] = "/tmp/ngiface-pcapng-XXXXXX";
	struct cap_file f;
	struct stat st;
	int fd;

	(void)state;
	fd = mkstemp(tmpl);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "keep", 4), 4);
	close(fd);
	assert_int_equal(cap_file_create(&f, tmpl), -EEXIST);
	assert_int_equal(cap_file_close(&f), -EEXIST);
	assert_int_equal(stat(tmpl, &st), 0);
	assert_int_equal(st.st_size, 4);
	unlink(tmpl);
}

/* Whole blocks from the start to the end of path: how many EPBs. */
static int
whole_blocks(const char *path)
{
	uint8_t b[4096];
	uint32_t len, trail;
	int epbs = 0;
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	while (fread(b, 1, 8, f) == 8) {
		len = rd32(b + 4);
		assert_true(len >= 12 && len % 4 == 0 && len <= sizeof(b));
		assert_int_equal(fread(b + 8, 1, len - 8, f), len - 8);
		memcpy(&trail, b + len - 4, sizeof(trail));
		assert_int_equal(trail, len);
		epbs += rd32(b) == 6;
	}
	assert_true(feof(f));
	fclose(f);
	return epbs;
}

static void
add_epbs(struct cap_file *f, int n)
{
	static uint8_t pkt[1000];
	struct iovec iov = { .iov_base = pkt, .iov_len = sizeof(pkt) };
	int i;

	pkt[0] = 0x45;
	for (i = 0; i < n; i++)
		assert_int_equal(cap_file_epb(f, 0, 1000 + i, sizeof(pkt), &iov,
					      1, CAP_DIR_IN), 0);
}

/*
 * A write cut short part way through a block (by RLIMIT_FSIZE here, as a
 * full disk would): the file goes back to the end of the last whole block
 * (it went back to the last batch written whole, losing the blocks that
 * fitted), and takes nothing more.
 */
static void
test_file_short_write(void **state)
{
	char path[] = "/tmp/ngiface-capshort-XXXXXX";
	const struct cap_shb_info shb = { .appl = "test" };
	const struct cap_idb_info idb = {
		.name = "ng0", .linktype = CAP_LINKTYPE_RAW, .snaplen = 2000,
	};
	struct sigaction ign = { .sa_handler = SIG_IGN }, prev;
	struct rlimit was, lim;
	struct cap_file f;
	struct stat st;
	uint64_t whole;
	int fd, ret;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(cap_file_open(&f, path), 0);
	assert_int_equal(cap_file_shb(&f, &shb), 0);
	assert_int_equal(cap_file_idb(&f, &idb), 0);
	add_epbs(&f, 5);
	assert_int_equal(cap_file_flush(&f), 0);
	whole = f.synced;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((uint64_t)st.st_size, whole);

	/* the next batch meets the limit inside its third block */
	add_epbs(&f, 5);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &was), 0);
	lim = was;
	lim.rlim_cur = whole + 2 * cap_pcapng_epb_max(1000) + 100;
	assert_int_equal(sigaction(SIGXFSZ, &ign, &prev), 0);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	ret = cap_file_flush(&f);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &was), 0);
	assert_int_equal(sigaction(SIGXFSZ, &prev, NULL), 0);
	assert_int_equal(ret, -EFBIG);
	/* two blocks of the five fitted: they stay, and count as written */
	whole += 2 * cap_pcapng_epb_max(1000);
	assert_int_equal(f.out, 2 * cap_pcapng_epb_max(1000));
	assert_int_equal(f.synced, whole);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((uint64_t)st.st_size, whole);

	/* the error sticks: nothing more reaches the file */
	assert_int_equal(cap_file_shb(&f, &shb), -EFBIG);
	assert_int_equal(cap_file_close(&f), -EFBIG);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((uint64_t)st.st_size, whole);
	assert_int_equal(whole_blocks(path), 7);
	unlink(path);
}

/*
 * A block longer than the whole batch buffer: refused with E2BIG, and
 * the error sticks as a write error does.  The file keeps what was
 * written before (whole blocks), nothing of the batch pending with it.
 */
static void
test_file_oversized_block(void **state)
{
	char path[] = "/tmp/ngiface-capbig-XXXXXX";
	const struct cap_shb_info shb = { .appl = "test" };
	const struct cap_idb_info idb = {
		.name = "ng0", .linktype = CAP_LINKTYPE_RAW,
		.snaplen = CAP_SNAPLEN_MAX,
	};
	const size_t big = 4u << 20;	/* twice the batch buffer */
	struct iovec iov;
	struct cap_file f;
	struct stat st;
	uint64_t whole;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	iov.iov_len = big;
	iov.iov_base = calloc(1, big);
	assert_non_null(iov.iov_base);
	assert_int_equal(cap_file_open(&f, path), 0);
	assert_int_equal(cap_file_shb(&f, &shb), 0);
	assert_int_equal(cap_file_flush(&f), 0);
	whole = f.synced;
	assert_int_equal(cap_file_idb(&f, &idb), 0);
	add_epbs(&f, 1);
	assert_int_equal(cap_file_epb(&f, 0, 1000, big, &iov, 1, CAP_DIR_IN),
			 -E2BIG);
	free(iov.iov_base);
	assert_int_equal(cap_file_idb(&f, &idb), -E2BIG);
	assert_int_equal(cap_file_close(&f), -E2BIG);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((uint64_t)st.st_size, whole);
	assert_int_equal(whole_blocks(path), 0);
	unlink(path);
}

/* One file: the name as given, never due. */
static void
test_rotate_one_file(void **state)
{
	char err[128], rm[PATH_MAX];
	struct cap_rotate r;
	time_t t = 1795708217;

	(void)state;
	assert_int_equal(cap_rotate_init(&r, "/x/cap.pcapng", 0, 0, 0, err,
					 sizeof(err)), 0);
	assert_false(cap_rotate_enabled(&r));
	cap_rotate_next(&r, t, rm);
	assert_string_equal(r.current, "/x/cap.pcapng");
	assert_false(cap_rotate_due(&r, 1u << 30, t + 100000));
	cap_rotate_free(&r);
}

/* A ring needs a limit; a file needs a name. */
static void
test_rotate_refused(void **state)
{
	char err[128];
	struct cap_rotate r;

	(void)state;
	assert_int_equal(cap_rotate_init(&r, "c.pcapng", 3, 0, 0, err,
					 sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "needs a file size or duration"));
	assert_int_equal(cap_rotate_init(&r, "", 0, 0, 0, err, sizeof(err)),
			 -EINVAL);
}

/* A ring of 3 by size: dumpcap's names, the oldest removed. */
static void
test_rotate_ring_by_size(void **state)
{
	char err[128], rm[PATH_MAX], want[PATH_MAX], gone[PATH_MAX];
	struct cap_rotate r;
	time_t t = 1795708217;
	struct tm tm;
	char stamp[32];
	int i;

	(void)state;
	assert_int_equal(cap_rotate_init(&r, "/d.x/cap.pcapng", 3, 64, 0, err,
					 sizeof(err)), 0);
	localtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%S", &tm);
	for (i = 1; i <= 5; i++) {
		cap_rotate_next(&r, t, rm);
		snprintf(want, sizeof(want), "/d.x/cap_%05d_%s.pcapng", i,
			 stamp);
		assert_string_equal(r.current, want);
		if (i <= 3) {
			assert_string_equal(rm, "");
		} else {
			snprintf(gone, sizeof(gone), "/d.x/cap_%05d_%s.pcapng",
				 i - 3, stamp);
			assert_string_equal(rm, gone);
		}
	}
	assert_false(cap_rotate_due(&r, 64 * 1000 - 1, t));
	assert_true(cap_rotate_due(&r, 64 * 1000, t));
	cap_rotate_free(&r);
}

/* name_at BUF T N: the name of file N of /d.x/cap.pcapng begun at T. */
static void
name_at(char *buf, size_t size, time_t t, unsigned int n)
{
	struct tm tm;
	char stamp[32];

	localtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%S", &tm);
	snprintf(buf, size, "/d.x/cap_%05u_%s.pcapng", n, stamp);
}

/*
 * Names found taken (another capture's, same second): the next number,
 * the same time, the numbers going on from there; the ring holds and
 * removes the names this capture made, never the ones it found taken.
 */
static void
test_rotate_taken(void **state)
{
	char err[128], rm[PATH_MAX], want[PATH_MAX];
	struct cap_rotate r;
	time_t t = 1795708217;
	unsigned int i;

	(void)state;
	assert_int_equal(cap_rotate_init(&r, "/d.x/cap.pcapng", 2, 64, 0, err,
					 sizeof(err)), 0);
	cap_rotate_next(&r, t, rm);
	assert_int_equal(cap_rotate_taken(&r), 0);
	name_at(want, sizeof(want), t, 2);
	assert_string_equal(r.current, want);
	cap_rotate_next(&r, t + 1, rm);
	name_at(want, sizeof(want), t + 1, 3);
	assert_string_equal(r.current, want);
	assert_string_equal(rm, "");
	cap_rotate_next(&r, t + 2, rm);
	name_at(want, sizeof(want), t, 2);
	assert_string_equal(rm, want);
	assert_int_equal(cap_rotate_taken(&r), 0);
	cap_rotate_next(&r, t + 3, rm);
	name_at(want, sizeof(want), t + 1, 3);
	assert_string_equal(rm, want);
	name_at(want, sizeof(want), t + 3, 6);
	assert_string_equal(r.current, want);
	/* every number of the second taken: none left, and the slot names
	 * nothing to remove (the file is not this capture's) */
	for (i = 1; i < CAP_ROTATE_NUMBERS; i++)
		assert_int_equal(cap_rotate_taken(&r), 0);
	assert_int_equal(cap_rotate_taken(&r), -EEXIST);
	cap_rotate_next(&r, t + 4, rm);
	cap_rotate_next(&r, t + 5, rm);
	assert_string_equal(rm, "");
	cap_rotate_free(&r);

	/* one file named as given: no other name */
	assert_int_equal(cap_rotate_init(&r, "/d.x/cap.pcapng", 0, 0, 0, err,
					 sizeof(err)), 0);
	cap_rotate_next(&r, t, rm);
	assert_int_equal(cap_rotate_taken(&r), -EEXIST);
	assert_string_equal(r.current, "/d.x/cap.pcapng");
	cap_rotate_free(&r);
}

/* By time, no suffix, no ring: every file kept. */
static void
test_rotate_by_time(void **state)
{
	char err[128], rm[PATH_MAX];
	struct cap_rotate r;
	time_t t = 1795708217;

	(void)state;
	assert_int_equal(cap_rotate_init(&r, "/d.x/cap", 0, 0, 10, err,
					 sizeof(err)), 0);
	cap_rotate_next(&r, t, rm);
	assert_non_null(strstr(r.current, "/d.x/cap_00001_"));
	assert_null(strchr(r.current + 5, '.'));
	assert_false(cap_rotate_due(&r, 0, t + 9));
	assert_true(cap_rotate_due(&r, 0, t + 10));
	cap_rotate_next(&r, t + 10, rm);
	assert_string_equal(rm, "");
	cap_rotate_free(&r);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shb),
		cmocka_unit_test(test_idb),
		cmocka_unit_test(test_epb),
		cmocka_unit_test(test_isb),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_file_open_error),
		cmocka_unit_test(test_file_create_exists),
		cmocka_unit_test(test_file_short_write),
		cmocka_unit_test(test_file_oversized_block),
		cmocka_unit_test(test_rotate_one_file),
		cmocka_unit_test(test_rotate_refused),
		cmocka_unit_test(test_rotate_ring_by_size),
		cmocka_unit_test(test_rotate_taken),
		cmocka_unit_test(test_rotate_by_time),
	};

	if (argc > 1)
		sample_path = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
