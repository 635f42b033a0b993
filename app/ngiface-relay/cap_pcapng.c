/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * The pcapng writer: block encoders (pcapng, IETF draft "PCAP Next
 * Generation Dump File Format") and a file that is written whole blocks
 * at a time.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cap_pcapng.h"

#define BT_SHB 0x0A0D0D0Au
#define BT_IDB 0x00000001u
#define BT_EPB 0x00000006u
#define BT_ISB 0x00000005u
#define BYTE_ORDER_MAGIC 0x1A2B3C4Du

#define OPT_ENDOFOPT 0
#define OPT_SHB_HARDWARE 2
#define OPT_SHB_OS 3
#define OPT_SHB_USERAPPL 4
#define OPT_IF_NAME 2
#define OPT_IF_DESCRIPTION 3
#define OPT_IF_TSRESOL 9
#define OPT_IF_FILTER 11
#define OPT_EPB_FLAGS 2
#define OPT_ISB_STARTTIME 2
#define OPT_ISB_ENDTIME 3
#define OPT_ISB_IFRECV 4
#define OPT_ISB_IFDROP 5
#define OPT_ISB_FILTERACCEPT 6
#define OPT_ISB_USRDELIV 8

#define PAD4(n) (((n) + 3u) & ~(size_t)3)

#define CAP_BATCH_SIZE (2u << 20)	/* batch buffer: 2 MiB */

/* A block under construction; overflow is sticky. */
struct blk {
	uint8_t *p;
	size_t size;
	size_t len;
	int full;
};

static void
put(struct blk *b, const void *data, size_t n)
{
	if (b->full || b->len + n > b->size) {
		b->full = 1;
		return;
	}
	if (n == 0)
		return;
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void
put_zero(struct blk *b, size_t n)
{
	if (b->full || b->len + n > b->size) {
		b->full = 1;
		return;
	}
	memset(b->p + b->len, 0, n);
	b->len += n;
}

static void
put32(struct blk *b, uint32_t v)
{
	put(b, &v, sizeof(v));
}

static void
put_opt(struct blk *b, uint16_t code, const void *val, size_t len)
{
	uint16_t hdr[2] = { code, (uint16_t)len };

	put(b, hdr, sizeof(hdr));
	put(b, val, len);
	put_zero(b, PAD4(len) - len);
}

static void
put_opt_str(struct blk *b, uint16_t code, const char *s)
{
	size_t n;

	if (s == NULL || *s == '\0')
		return;
	n = strnlen(s, CAP_STR_MAX);
	put_opt(b, code, s, n);
}

/* A timestamp as two 32-bit halves, high first (ISB option, EPB fields). */
static void
put_ts(struct blk *b, uint64_t ts)
{
	put32(b, (uint32_t)(ts >> 32));
	put32(b, (uint32_t)ts);
}

static void
put_opt_u64(struct blk *b, uint16_t code, uint64_t v)
{
	put_opt(b, code, &v, sizeof(v));
}

static void
begin(struct blk *b, void *buf, size_t size, uint32_t type)
{
	b->p = buf;
	b->size = size;
	b->len = 0;
	b->full = 0;
	put32(b, type);
	put32(b, 0);	/* total length, set by end() */
}

/* End of options, trailing length; returns the length or 0. */
static size_t
end(struct blk *b, int options)
{
	uint32_t total;

	if (options)
		put_opt(b, OPT_ENDOFOPT, NULL, 0);
	total = (uint32_t)b->len + 4;
	put32(b, total);
	if (b->full)
		return 0;
	memcpy(b->p + 4, &total, sizeof(total));
	return b->len;
}

size_t
cap_pcapng_shb(void *buf, size_t size, const struct cap_shb_info *i)
{
	struct blk b;
	uint16_t ver[2] = { 1, 0 };
	int64_t section_len = -1;	/* not known: the file grows */

	begin(&b, buf, size, BT_SHB);
	put32(&b, BYTE_ORDER_MAGIC);
	put(&b, ver, sizeof(ver));
	put(&b, &section_len, sizeof(section_len));
	put_opt_str(&b, OPT_SHB_HARDWARE, i->hardware);
	put_opt_str(&b, OPT_SHB_OS, i->os);
	put_opt_str(&b, OPT_SHB_USERAPPL, i->appl);
	return end(&b, 1);
}

size_t
cap_pcapng_idb(void *buf, size_t size, const struct cap_idb_info *i)
{
	uint8_t tsresol = CAP_TSRESOL_NS;
	uint16_t lt[2] = { i->linktype, 0 };
	struct blk b;

	begin(&b, buf, size, BT_IDB);
	put(&b, lt, sizeof(lt));
	put32(&b, i->snaplen);
	put_opt_str(&b, OPT_IF_NAME, i->name);
	put_opt_str(&b, OPT_IF_DESCRIPTION, i->descr);
	put_opt(&b, OPT_IF_TSRESOL, &tsresol, 1);
	if (i->filter != NULL && *i->filter != '\0') {
		/* first byte 0: a libpcap filter string follows */
		uint8_t f[CAP_STR_MAX + 1];
		size_t n = strnlen(i->filter, CAP_STR_MAX);

		f[0] = 0;
		memcpy(f + 1, i->filter, n);
		put_opt(&b, OPT_IF_FILTER, f, n + 1);
	}
	return end(&b, 1);
}

size_t
cap_pcapng_isb(void *buf, size_t size, uint32_t ifid,
	       const struct cap_isb_info *s)
{
	struct blk b;
	uint32_t ts[2];

	begin(&b, buf, size, BT_ISB);
	put32(&b, ifid);
	put_ts(&b, s->end_ns);
	/* isb_starttime/endtime: high then low half, as the block's own */
	ts[0] = (uint32_t)(s->start_ns >> 32);
	ts[1] = (uint32_t)s->start_ns;
	put_opt(&b, OPT_ISB_STARTTIME, ts, sizeof(ts));
	ts[0] = (uint32_t)(s->end_ns >> 32);
	ts[1] = (uint32_t)s->end_ns;
	put_opt(&b, OPT_ISB_ENDTIME, ts, sizeof(ts));
	put_opt_u64(&b, OPT_ISB_IFRECV, s->ifrecv);
	put_opt_u64(&b, OPT_ISB_IFDROP, s->ifdrop);
	put_opt_u64(&b, OPT_ISB_FILTERACCEPT, s->filteraccept);
	put_opt_u64(&b, OPT_ISB_USRDELIV, s->usrdeliv);
	return end(&b, 1);
}

size_t
cap_pcapng_epb_max(uint32_t caplen)
{
	/* header 28, data padded, flags option 8, end of options 4, trailer */
	return 28 + PAD4(caplen) + 8 + 4 + 4;
}

size_t
cap_pcapng_epb(void *buf, size_t size, uint32_t ifid, uint64_t ts_ns,
	       uint32_t orig_len, const struct iovec *iov, int iovcnt,
	       uint32_t dir)
{
	uint32_t caplen = 0;
	struct blk b;
	int k;

	for (k = 0; k < iovcnt; k++)
		caplen += iov[k].iov_len;
	if (caplen > orig_len)
		orig_len = caplen;
	begin(&b, buf, size, BT_EPB);
	put32(&b, ifid);
	put_ts(&b, ts_ns);
	put32(&b, caplen);
	put32(&b, orig_len);
	for (k = 0; k < iovcnt; k++)
		put(&b, iov[k].iov_base, iov[k].iov_len);
	put_zero(&b, PAD4(caplen) - caplen);
	if (dir != 0) {
		put_opt(&b, OPT_EPB_FLAGS, &dir, sizeof(dir));
		return end(&b, 1);
	}
	return end(&b, 0);
}

/************************************************************************
				THE FILE
 ************************************************************************/

static int
file_open(struct cap_file *f, const char *path, bool replace)
{
	memset(f, 0, sizeof(*f));
	f->fd = -1;
	f->buf = malloc(CAP_BATCH_SIZE);
	if (f->buf == NULL)
		return -ENOMEM;
	f->cap = CAP_BATCH_SIZE;
	/*
	 * O_EXCL first, so that the file is known to be ours when the open
	 * makes it: a capture that fails at its start removes only such a
	 * file, never what was there (a device: "capture start /dev/full"
	 * once removed /dev/full).  O_NONBLOCK: opening a FIFO with no
	 * reader would block the control thread until one came; it fails
	 * instead.  It stays: cap_file_flush() waits for room in poll(),
	 * where it can give up (regular files ignore the flag).
	 */
	f->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NONBLOCK |
		     O_CLOEXEC, 0644);
	f->created = f->fd >= 0;
	if (f->fd < 0 && errno == EEXIST && replace)
		f->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK |
			     O_CLOEXEC, 0644);
	if (f->fd < 0) {
		f->err = -errno;
		free(f->buf);
		f->buf = NULL;
		if (f->created)
			unlink(path);
		return f->err;
	}
	return 0;
}

int
cap_file_open(struct cap_file *f, const char *path)
{
	return file_open(f, path, true);
}

int
cap_file_create(struct cap_file *f, const char *path)
{
	return file_open(f, path, false);
}

/* Of the batch's first off bytes, those of the whole blocks within. */
static size_t
whole_blocks(const struct cap_file *f, size_t off)
{
	size_t pos = 0;
	uint32_t len;

	/* the batch holds whole blocks, each with its total length at +4 */
	while (pos + 8 <= off) {
		memcpy(&len, f->buf + pos + 4, sizeof(len));
		if (len < 12 || len > off - pos)
			break;
		pos += len;
	}
	return pos;
}

/*
 * A write of the batch fell short (a full disk, a FIFO's reader gone):
 * what it put down, off bytes, may end inside a block.  Cut the file back
 * to the end of the last whole block, so that it ends on one, as dumpcap
 * fills a disk to the last packet that fits; nothing more is written to
 * it.  A FIFO cannot be cut back: all off bytes stay out.  f->out says
 * how many stayed, and they count among those written.
 */
static void
flush_failed(struct cap_file *f, int err, size_t off)
{
	size_t keep = whole_blocks(f, off);

	f->err = err;
	if (ftruncate(f->fd, (off_t)(f->synced + keep)) != 0) {
		keep = off;
		/*
		 * ENOSPC tells a capture that ends on a whole block (a full
		 * disk); one that could not be cut back (a device such as
		 * /dev/full) may end inside a block: said as EIO instead.
		 */
		if (err == -ENOSPC)
			f->err = -EIO;
	}
	f->out = keep;
	__atomic_store_n(&f->synced, f->synced + keep, __ATOMIC_RELAXED);
}

static uint64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * No room in the file: a FIFO whose reader is behind.  Wait for some.  The
 * writes used to block, and a reader that stopped reading (suspended,
 * hung) held the writer in write() for good, and whoever joins it with
 * it: the relay's stop after SIGTERM (no totals, no exit) and "capture
 * stop", which holds the capture's lock and so wedged the main lcore and
 * the control socket too.  Until *f->stop the reader is waited for, as the
 * blocking write did; after, CAP_FILE_STALL_MS of no room end the writes.
 * With no f->stop nobody could say stop, so that bound holds from the
 * start (the header blocks of a capture being started).  0 when there is
 * room (or an error the next write will say).
 */
static int
cap_file_wait(struct cap_file *f)
{
	struct pollfd p = { .fd = f->fd, .events = POLLOUT };
	uint64_t since = 0;
	int n;

	for (;;) {
		n = poll(&p, 1, 100);
		if (n > 0)
			return 0;
		if (n < 0 && errno != EINTR)
			return -errno;
		if (f->stop != NULL &&
		    !__atomic_load_n(f->stop, __ATOMIC_ACQUIRE))
			continue;
		if (since == 0)
			since = mono_ms();
		else if (mono_ms() - since >= CAP_FILE_STALL_MS)
			return -ETIMEDOUT;
	}
}

int
cap_file_flush(struct cap_file *f)
{
	size_t off = 0;
	ssize_t n;
	int ret;

	f->out = 0;
	while (f->err == 0 && off < f->len) {
		n = write(f->fd, f->buf + off, f->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			ret = cap_file_wait(f);
			if (ret == 0)
				continue;
			flush_failed(f, ret, off);
			break;
		}
		if (n <= 0) {
			flush_failed(f, n < 0 ? -errno : -EIO, off);
			break;
		}
		off += n;
	}
	if (f->err == 0)
		__atomic_store_n(&f->synced, f->synced + f->len,
				 __ATOMIC_RELAXED);
	f->len = 0;
	return f->err;
}

/*
 * Room for one block of up to n bytes at the end of the batch (the batch
 * is written first if it has no room).  NULL on error (f->err).
 */
static void *
cap_file_reserve(struct cap_file *f, size_t n)
{
	if (f->err != 0)
		return NULL;
	if (n > f->cap) {
		f->err = -E2BIG;
		return NULL;
	}
	if (f->len + n > f->cap && cap_file_flush(f) != 0)
		return NULL;
	return f->buf + f->len;
}

/* The block of len bytes built at the reserved place is complete. */
static void
cap_file_commit(struct cap_file *f, size_t len)
{
	f->len += len;
	f->bytes += len;
	f->blocks++;
}

int
cap_file_close(struct cap_file *f)
{
	int ret;

	if (f->fd < 0 && f->buf == NULL)
		return f->err;
	cap_file_flush(f);
	ret = f->err;
	if (f->fd >= 0 && close(f->fd) != 0 && ret == 0)
		ret = -errno;
	f->fd = -1;
	free(f->buf);
	f->buf = NULL;
	return ret;
}

static int
commit_or_fail(struct cap_file *f, size_t len)
{
	if (len == 0) {
		if (f->err == 0)
			f->err = -ENOSPC;
		return f->err;
	}
	cap_file_commit(f, len);
	return 0;
}

int
cap_file_shb(struct cap_file *f, const struct cap_shb_info *i)
{
	void *p = cap_file_reserve(f, CAP_PCAPNG_HDR_MAX);

	return p == NULL ? f->err :
		commit_or_fail(f, cap_pcapng_shb(p, CAP_PCAPNG_HDR_MAX, i));
}

int
cap_file_idb(struct cap_file *f, const struct cap_idb_info *i)
{
	void *p = cap_file_reserve(f, CAP_PCAPNG_HDR_MAX);

	return p == NULL ? f->err :
		commit_or_fail(f, cap_pcapng_idb(p, CAP_PCAPNG_HDR_MAX, i));
}

int
cap_file_isb(struct cap_file *f, uint32_t ifid, const struct cap_isb_info *s)
{
	void *p = cap_file_reserve(f, CAP_PCAPNG_HDR_MAX);

	return p == NULL ? f->err :
		commit_or_fail(f, cap_pcapng_isb(p, CAP_PCAPNG_HDR_MAX, ifid,
						 s));
}

int
cap_file_epb(struct cap_file *f, uint32_t ifid, uint64_t ts_ns,
	     uint32_t orig_len, const struct iovec *iov, int iovcnt,
	     uint32_t dir)
{
	uint32_t caplen = 0;
	size_t max;
	void *p;
	int k;

	for (k = 0; k < iovcnt; k++)
		caplen += iov[k].iov_len;
	max = cap_pcapng_epb_max(caplen);
	p = cap_file_reserve(f, max);
	return p == NULL ? f->err :
		commit_or_fail(f, cap_pcapng_epb(p, max, ifid, ts_ns, orig_len,
						 iov, iovcnt, dir));
}
