/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef RELAY_CAPTURE_H
#define RELAY_CAPTURE_H

/*
 * The relay's capture (ng_iface_bpftap): each captured node's tap copies
 * the packets the filter accepts, snaplen-truncated, as records into a
 * byte ring of its lcore's own (one more ring, locked, serves threads that
 * are not EAL lcores), never blocking the forwarding lcore: what finds its
 * ring full is counted as dropped.  A writer thread (rte_ctrl_thread_create,
 * off the forwarding lcores) drains the rings into pcapng files
 * (cap_pcapng.h), rotating them as asked (cap_rotate.h), and writes the
 * interface statistics at close.  One capture at a time.
 */

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include <rte_branch_prediction.h>
#include <rte_common.h>
#include <rte_config.h>
#include <rte_cycles.h>

#include "cap_pcapng.h"

#define RELAY_CAPTURE_SNAPLEN_DEFAULT CAP_SNAPLEN_MAX
#define RELAY_CAPTURE_NODES_MAX 32

struct relay_capture_conf {
	char path[PATH_MAX];		/* "": no capture */
	char nodes[512];		/* "ng0,ng1"; "": every iface node */
	char filter[CAP_STR_MAX];	/* libpcap expression, "": all */
	uint32_t snaplen;		/* 0: RELAY_CAPTURE_SNAPLEN_DEFAULT */
	uint64_t count;			/* stop after so many, 0: never */
	unsigned int files;		/* ring of N files, 0: keep all */
	uint64_t filesize_kb;		/* rotate at this size, 0: no */
	unsigned int duration;		/* rotate after S seconds, 0: no */
};

/* Counters of one captured node (one pcapng interface). */
struct relay_capture_node_info {
	char name[16];
	uint64_t seen;		/* isb_ifrecv: packets the tap saw */
	uint64_t accepted;	/* isb_filteraccept */
	uint64_t dropped;	/* isb_ifdrop: the sum of the three next */
	uint64_t ring_full;	/* no room in the lcore's capture ring */
	uint64_t write_error;	/* lost to a write error (a full disk) */
	uint64_t ring_error;	/* skipped in a broken ring (EPROTO) */
	uint64_t after_count;	/* taken after the count was reached, not
				 * written; not a drop (not in isb_ifdrop) */
	uint64_t written[2];	/* EPBs in the file(s): [0] in, [1] out */
};

struct relay_capture_info {
	bool running;
	bool done;		/* the count was reached */
	int err;		/* writer error (negative errno), 0 if none */
	struct relay_capture_conf conf;
	char current[PATH_MAX];	/* file being written */
	uint64_t files;		/* files begun */
	uint64_t written;	/* EPBs in the file(s) (counted at flush) */
	uint64_t bytes;		/* bytes in the file(s) */
	double secs;		/* since the start */
	unsigned int nb_nodes;
	struct relay_capture_node_info node[RELAY_CAPTURE_NODES_MAX];
};

/*
 * Set a numeric capture option from its text, within the bounds the
 * command line and the control socket share (one table): name is either
 * spelling, the command line's less its "--" (snaplen, capture-count,
 * capture-ring, capture-filesize, capture-duration) or the socket's (-s,
 * -c, "-b files", "-b filesize", "-b duration"); label names it in the
 * message (--capture-count, -c).  0; -EINVAL with the cause in err; or
 * -ENOENT, err untouched, if name is none of these.
 */
int relay_capture_opt_set(struct relay_capture_conf *c, const char *name,
			  const char *label, const char *val, char *err,
			  size_t errlen);
/* Whether name (less its "--") is one of the numeric options above. */
bool relay_capture_opt_known(const char *name);

/* A node list's items as written ("ng0,,ng1" is refused): 0 or -EINVAL. */
int relay_capture_nodes_check(const char *nodes, char *err, size_t errlen);

/*
 * Check what can be checked before EAL (filter syntax, rotation limits,
 * snaplen): 0 or -EINVAL with the cause in err.
 */
int relay_capture_conf_check(const struct relay_capture_conf *c, char *err,
			     size_t errlen);

/* Start a capture.  0, or a negative errno with the cause in err. */
int relay_capture_start(const struct relay_capture_conf *c, char *err,
			size_t errlen);

/*
 * Stop the running capture (taps removed, ring drained, statistics
 * written, file closed); info (may be NULL) gets its final counters.
 * -ENOENT if none runs.
 */
int relay_capture_stop(struct relay_capture_info *info);

/* The running capture's counters, or the last one's (running false). */
int relay_capture_status(struct relay_capture_info *info);

/* Main lcore, now and then: ends a capture whose count was reached. */
void relay_capture_poll(void);

/* At exit: stop any capture and refuse new ones. */
void relay_capture_fini(void);

/*
 * The forwarding loop's clock: while a capture runs, each pass of a
 * forwarding lcore reads the TSC once and the taps of that pass stamp
 * their copies with it (a read costs tens of nanoseconds on a VM, and a
 * pass makes several tap calls).  0: the tap reads the TSC itself.
 */
struct relay_capture_clock {
	uint64_t tsc;
} __rte_cache_aligned;

extern struct relay_capture_clock relay_capture_clock[RTE_MAX_LCORE];
/* Set and read with __atomic builtins, relaxed: it only spares the
 * passes a TSC read when no capture runs (a tap given 0 reads it). */
extern bool relay_capture_on;

static inline void
relay_capture_pass(unsigned int lcore)
{
	relay_capture_clock[lcore].tsc =
		unlikely(__atomic_load_n(&relay_capture_on, __ATOMIC_RELAXED)) ?
		rte_rdtsc() : 0;
}

/* relay_capture_ctl.c: the "capture" command of the control socket */
struct ngc_ext_cmd;
extern const struct ngc_ext_cmd relay_capture_ctl_cmd;

#endif /* RELAY_CAPTURE_H */
