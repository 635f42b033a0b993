/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef CAP_PCAPNG_H
#define CAP_PCAPNG_H

/*
 * A small pcapng writer (no DPDK): the blocks ngiface captures need and a
 * file that only ever receives whole blocks.
 *
 * DPDK 22.11's rte_pcapng fixes the link type to Ethernet and writes one
 * interface per ethdev; ngiface captures raw L3 packets of its nodes, so
 * it writes its own: one section header (SHB), one interface description
 * (IDB) per captured node, link type RAW (101), nanosecond resolution;
 * enhanced packet blocks (EPB) with the direction flag; interface
 * statistics (ISB) at close.  Host byte order, as pcapng allows.
 *
 * Blocks are built whole in a batch buffer; every write() carries whole
 * blocks only, so a process killed at any point leaves a file that reads up
 * to its last complete block (tshark, capinfos), and a write cut short by a
 * full disk is taken back to the last whole batch.
 */

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#define CAP_LINKTYPE_RAW 101		/* LINKTYPE_RAW: raw IPv4/IPv6 */
#define CAP_TSRESOL_NS 9		/* if_tsresol: 10^-9 s */
#define CAP_SNAPLEN_MAX 262144		/* as libpcap's MAXIMUM_SNAPLEN */
#define CAP_STR_MAX 1024		/* longest option string kept */

/* epb_flags direction bits (pcapng: inbound 1, outbound 2) */
#define CAP_DIR_IN 1
#define CAP_DIR_OUT 2

/* What the section header names. */
struct cap_shb_info {
	const char *appl;	/* shb_userappl, e.g. "ngiface-relay 0.1.0" */
	const char *os;		/* shb_os, may be NULL */
	const char *hardware;	/* shb_hardware, may be NULL */
};

/* One interface (a captured node). */
struct cap_idb_info {
	const char *name;	/* if_name: "ng0" */
	const char *descr;	/* if_description, may be NULL */
	const char *filter;	/* if_filter (libpcap string), may be NULL */
	uint16_t linktype;	/* CAP_LINKTYPE_RAW */
	uint32_t snaplen;
};

/* Interface statistics, counted from the start of the capture. */
struct cap_isb_info {
	uint64_t start_ns;	/* isb_starttime */
	uint64_t end_ns;	/* isb_endtime, also the block's timestamp */
	uint64_t ifrecv;	/* packets the tap saw */
	uint64_t ifdrop;	/* accepted, but no room to copy or queue */
	uint64_t filteraccept;	/* passed the filter (all without one) */
	uint64_t usrdeliv;	/* written to the file(s) */
};

/*
 * Block encoders: write one block into buf (size bytes) and return its
 * length, or 0 if it does not fit.  A block is at most
 * cap_pcapng_epb_max(caplen) or CAP_PCAPNG_HDR_MAX bytes long.
 */
#define CAP_PCAPNG_HDR_MAX (4 * CAP_STR_MAX + 256)

size_t cap_pcapng_shb(void *buf, size_t size, const struct cap_shb_info *i);
size_t cap_pcapng_idb(void *buf, size_t size, const struct cap_idb_info *i);
size_t cap_pcapng_isb(void *buf, size_t size, uint32_t ifid,
		      const struct cap_isb_info *s);
/*
 * An EPB of interface ifid: caplen bytes of data gathered from iov (the
 * captured bytes, at most the snap length), orig_len the packet's length
 * on the wire, ts_ns nanoseconds since the epoch, dir CAP_DIR_IN/OUT (or 0).
 */
size_t cap_pcapng_epb(void *buf, size_t size, uint32_t ifid, uint64_t ts_ns,
		      uint32_t orig_len, const struct iovec *iov, int iovcnt,
		      uint32_t dir);
size_t cap_pcapng_epb_max(uint32_t caplen);

/* A file that receives whole blocks only. */
struct cap_file {
	int fd;
	uint8_t *buf;		/* batch of whole blocks not yet written */
	size_t len;
	size_t cap;
	uint64_t bytes;		/* in the file, and in the batch */
	uint64_t synced;	/* in the file: batches written whole (and
				 * a failed one's bytes that stayed out) */
	uint64_t blocks;
	int err;		/* first negative errno; sticky */
	/*
	 * Of the batch whose write failed, the bytes that stay out there:
	 * the whole blocks a file was cut back to, or all a FIFO's reader
	 * was given (it cannot be cut back).  The whole blocks within count
	 * as written.
	 */
	size_t out;
	bool created;		/* the open made the file: it is ours */
	/*
	 * Set by the owner when the writes should end: from then on a
	 * reader that leaves no room for CAP_FILE_STALL_MS ends them,
	 * -ETIMEDOUT (see cap_file_flush).  NULL (as cap_file_open leaves
	 * it): that bound holds at once.
	 */
	const bool *stop;
};

#define CAP_FILE_STALL_MS 1000

/*
 * Create path for writing, or truncate the file there.  A FIFO with no
 * reader is -ENXIO at once.  0 or a negative errno.  The descriptor stays
 * O_NONBLOCK: a FIFO (or a device) whose reader takes nothing is waited
 * for in poll(), where *stop is seen, not in a write() that nothing ends.
 */
int cap_file_open(struct cap_file *f, const char *path);

/* As cap_file_open(), but never a file that is there: -EEXIST. */
int cap_file_create(struct cap_file *f, const char *path);

/*
 * Write the batch: whole blocks, one write() (more only if cut short).  If
 * writing fails part way (a full disk), the file is cut back to the end of
 * the last whole block written (f->out bytes of the batch stay), and the
 * error sticks: nothing more is written to it.  A file with no
 * room (a FIFO whose reader is behind) is waited for; once *stop is set
 * (or with no stop), CAP_FILE_STALL_MS at most without room, then
 * -ETIMEDOUT, which sticks (a FIFO cannot be cut back: its reader may see
 * a last block cut short).
 */
int cap_file_flush(struct cap_file *f);

/* Pending bytes in the batch. */
static inline size_t
cap_file_pending(const struct cap_file *f)
{
	return f->len;
}

/* Room left in the batch: a block longer than that makes a flush first. */
static inline size_t
cap_file_room(const struct cap_file *f)
{
	return f->cap - f->len;
}

/* Flush, fsync-free close.  Returns the first error seen, or 0. */
int cap_file_close(struct cap_file *f);

/* Convenience: encode with fn into the file.  0 or negative errno. */
int cap_file_shb(struct cap_file *f, const struct cap_shb_info *i);
int cap_file_idb(struct cap_file *f, const struct cap_idb_info *i);
int cap_file_isb(struct cap_file *f, uint32_t ifid,
		 const struct cap_isb_info *s);
int cap_file_epb(struct cap_file *f, uint32_t ifid, uint64_t ts_ns,
		 uint32_t orig_len, const struct iovec *iov, int iovcnt,
		 uint32_t dir);

#endif /* CAP_PCAPNG_H */
