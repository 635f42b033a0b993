/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef NGIFACE_RELAY_H
#define NGIFACE_RELAY_H

/*
 * ngiface-relay: shared types.  The relay moves packets between
 * net_ngiface nodes (their stack side or their hook rings) and other ethdevs,
 * one link per port, each link polled by exactly one forwarding lcore.
 */

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_ring.h>
#include <rte_time.h>

#include "rte_pmd_ngiface.h"
#include "ngc_errno.h"
#include "relay_capture.h"

#define RELAY_MAX_LINKS 64
#define RELAY_NAME_MAX RTE_ETH_NAME_MAX_LEN
#define RELAY_BURST_DEFAULT 32
#define RELAY_BURST_MAX 512
#define RELAY_STATS_PERIOD_MAX 86400	/* a day, in seconds */
#define RELAY_MBUFS_DEFAULT 16383	/* 2^n - 1: the mempool's best size */
#define RELAY_MBUFS_MIN 1024
#define RELAY_MBUFS_MAX (1u << 24)
/* mbufs each lcore keeps aside from the pool (its mempool cache) */
#define RELAY_POOL_CACHE 256
#define RELAY_DESC_DEFAULT 1024
#define RELAY_DESC_MIN 32
#define RELAY_DESC_MAX 16384
#define RELAY_EXIT_USAGE 2
#define RELAY_EXIT_FORCED 3	/* a second signal cut the stop short */
#define RELAY_LCORE_AUTO UINT32_MAX	/* first lcore that is not main */
/* relay_mtu_rec.c's records: their directory, a name's and a path's room */
#define RELAY_MTU_REC_DIR "/var/run/ngiface-relay"
#define RELAY_MTU_REC_LEN 64	/* "mtu.NETNS.IFINDEX.IFNAME" */
#define RELAY_MTU_REC_PATH (sizeof(RELAY_MTU_REC_DIR) + RELAY_MTU_REC_LEN)
/* TUN/TAPs of the user's whose MTU is kept across EAL's probe */
#define RELAY_TUN_MTU_MAX 32

/* What a link binds a port to. */
enum relay_link_kind {
	RELAY_LINK_STACK,	/* --stack ngN=PORT: node's stack side */
	RELAY_LINK_HOOKS,	/* --hooks ngN=PORT: both hooks, per-family */
	RELAY_LINK_HOOK,	/* --hook ngN:HOOK=PORT: one hook */
};

/*
 * Drop causes the relay itself counts (the PMD counts its own inside the
 * node's Tx: see the node's hook stats and xstats).
 */
enum relay_drop {
	RELAY_DROP_TX_FULL,	/* the destination Tx took fewer */
	RELAY_DROP_RING_FULL,	/* a hook's in ring had no room */
	RELAY_DROP_NON_IP,	/* neither IPv4 nor IPv6 */
	RELAY_DROP_AF_UNSERVED,	/* IP, but of a family this link lacks */
	RELAY_DROP_MAX
};

/*
 * Counters of one direction of a link.  "in" is port to ngiface, "out" is
 * ngiface to port.  packets = delivered + sum(drop[]).  One writer (the
 * link's lcore), readers on the main lcore and telemetry thread.  Packets
 * only, as testpmd's per-stream counts: the bytes of the same packets are
 * counted by the port's and the node's ethdev stats and the hooks'
 * counters, and a second sum here would read every mbuf again on the
 * forwarding lcore (some 4 % of the relay's time, measured).
 */
struct relay_dir_stats {
	uint64_t packets;
	uint64_t delivered;
	uint64_t drop[RELAY_DROP_MAX];
};

/* A link as the user wrote it, then resolved. */
struct relay_link {
	/* parsed */
	enum relay_link_kind kind;
	char node[RELAY_NAME_MAX];
	char port_name[RELAY_NAME_MAX];
	enum rte_pmd_ngiface_hook hook;	/* RELAY_LINK_HOOK only */
	unsigned int lcore;
	char spec[2 * RELAY_NAME_MAX + 32];	/* the option text */

	/* resolved at plan time */
	uint16_t node_port;
	uint16_t port;
	bool port_is_node;	/* its Rx is a node's: drained at stop */
	struct rte_ring *hook_out[RTE_PMD_NGIFACE_HOOK_MAX]; /* node to port */
	struct rte_ring *hook_in[RTE_PMD_NGIFACE_HOOK_MAX];  /* port to node */
	bool serves[RTE_PMD_NGIFACE_HOOK_MAX];
	bool rings_bound[RTE_PMD_NGIFACE_HOOK_MAX];
	uint16_t mtu_restore;	/* --stack port's MTU before the node's, 0: kept */
	uint16_t mtu_set;	/* the MTU the relay left the port at */
	char mtu_ifname[IF_NAMESIZE];	/* its kernel interface then, or "" */
	int mtu_force;	/* its record for a forced stop, -1: none */
	char mtu_rec[RELAY_MTU_REC_PATH];	/* its record's file, or "" */

	/* fast path counters, own cache lines */
	struct relay_dir_stats in __rte_cache_aligned;
	struct relay_dir_stats out __rte_cache_aligned;
};

/* The whole configuration. */
struct relay_config {
	struct relay_link links[RELAY_MAX_LINKS];
	unsigned int nb_links;
	unsigned int burst;
	unsigned int stats_period;	/* seconds, 0: none */
	unsigned int nb_mbufs;
	unsigned int nb_desc;
	char *ctl_path;			/* --ctl (malloc'd), NULL: default */
	struct relay_capture_conf capture;	/* --capture and friends */
	bool capture_opts;		/* --capture-* or --snaplen given */
	bool capture_none;		/* --capture none: off, options too */
	bool default_topology;		/* no link option given */
};

/* Set by the signal handler (a lock-free atomic), read by every loop. */
extern bool relay_force_quit;

static inline bool
relay_stopping(void)
{
	return __atomic_load_n(&relay_force_quit, __ATOMIC_RELAXED);
}

static inline void
relay_stop_request(void)
{
	__atomic_store_n(&relay_force_quit, true, __ATOMIC_RELAXED);
}

/*
 * relay_force.c: the forced stop.  The stop signals' handler, and records
 * of what a forced exit undoes: files the relay made (a socket, or an
 * empty directory if dir), EAL's sockets in its run directory, and the
 * MTU a kernel interface had before the relay changed it (a record's
 * number, or -1; marked done once the orderly stop gave it back or
 * tried to, or when the change failed).
 */
#define RELAY_FORCE_GAP_MS 200	/* a second signal sooner: the same one */
void relay_force_signal(int sig);
void relay_force_note_file(const char *path, bool dir);
void relay_force_note_eal(void);
int relay_force_note_mtu(const char *ifname, uint16_t mtu, const char *spec,
			 const char *port, const char *rec);
void relay_force_mtu_done(int slot);
/* ifr for an ioctl on ifindex if it is still ifname: 0, or 1 gone */
int relay_if_named(int s, unsigned int ifindex, const char *ifname,
		   struct ifreq *ifr);
/* SIOCGIFMTU/SIOCSIFMTU by index, the name checked: 0, -1 errno, 1 gone */
int relay_if_mtu_at(int s, unsigned int ifindex, const char *ifname,
		    unsigned long req, uint16_t *mtu);
/* SIOCGIFFLAGS/SIOCSIFFLAGS the same way */
int relay_if_flags_at(int s, unsigned int ifindex, const char *ifname,
		      unsigned long req, short *flags);

/*
 * relay_mtu_rec.c: records of the MTUs changed on kernel interfaces, for
 * the relay after one that was killed.  claim: before the change of l's
 * interface (l->mtu_ifname) from cur to node, the MTU to take as its own
 * (a dead relay's record's, or cur), and this relay's record made
 * (l->mtu_rec) where there is one to give back; said.  drop: the record
 * removed, once the MTU is given back or given up.
 */
uint16_t relay_mtu_rec_claim(struct relay_link *l, uint16_t cur,
			     uint16_t node);
void relay_mtu_rec_drop(struct relay_link *l);
/* The same for a kernel interface by name, head and ifname saying it. */
uint16_t relay_mtu_rec_claim_if(const char *head, const char *ifname,
				uint16_t cur, uint16_t set,
				char rec[RELAY_MTU_REC_PATH]);
void relay_mtu_rec_drop_path(char rec[RELAY_MTU_REC_PATH]);

/*
 * relay_tun_mtu.c: the MTU of each TUN/TAP of the user's (iface=) across
 * net_tap's probe, which sets 1500, and its up and promiscuous flags
 * across the relay.  note: read before EAL (by relay_tun_check).  keep:
 * recorded, and noted for a forced stop, just before rte_eal_init().
 * back: given back as soon as it returns.  flags_mark: the flags read
 * as the ports start and as they stop (one changed meanwhile was set by
 * hand: kept).  flags_back: given back after rte_eal_cleanup(), which
 * closes the ports.
 */
void relay_tun_mtu_note(const char *devargs, const char *ifname,
			unsigned int ifindex, uint32_t mtu,
			unsigned int flags);
void relay_tun_mtu_keep(void);
void relay_tun_mtu_back(void);
void relay_tun_flags_mark(bool stopping);
void relay_tun_flags_back(void);

/* relay_config.c: options, config file, EAL argument additions */
void relay_usage(const char *prog);
int relay_config_parse(struct relay_config *cfg, int argc, char **argv);
/* Whether arg ("--stack", "--burst=64") is one of the relay's options. */
bool relay_config_is_app_option(const char *arg);
/* An abbreviated EAL option the relay reads itself (--vde=): said, -EINVAL. */
int relay_eal_abbrev_check(int argc, char **argv);
int relay_eal_args(int argc, char **argv, bool default_topology,
		   int *eal_argc, char ***eal_argv);
int relay_default_check(void);
/* relay_tun_check.c: a user's TUN/TAP another process holds, before EAL */
int relay_tun_check(int argc, char **argv);
/* relay_eal_holders.c: after a failed EAL init, who holds its run files */
void relay_eal_holders(void);
/*
 * Each other process with a descriptor match accepts (pid, fd number and
 * link target from /proc) is said, the first 16; returns how many more.
 */
typedef bool (*relay_fd_match)(const char *pid, const char *fd,
			       const char *target, const void *arg);
typedef void (*relay_holder_say)(long pid, const char *comm, const void *arg);
unsigned int relay_holders(relay_fd_match match, const void *arg,
			   relay_holder_say say);
const char *relay_link_kind_name(enum relay_link_kind kind);
const char *relay_drop_name(enum relay_drop d);
/*
 * errno err (positive) as the relay's error lines give a cause: its words,
 * then its name, "Device or resource busy (EBUSY)", written into buf.
 * Inline: the capture's files use it too, and its test links them alone.
 */
#define RELAY_STRERROR_LEN 128

static inline const char *
relay_strerror(int err, char *buf, size_t size)
{
	char name[32];

	snprintf(buf, size, "%s (%s)", rte_strerror(err),
		 ngc_errno_name(err, name, sizeof(name)));
	return buf;
}

/* Clock id's time in nanoseconds (CLOCK_MONOTONIC, CLOCK_REALTIME). */
static inline uint64_t
relay_clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

/* relay_plan.c: resolve and check the lcore plan, then set ports up */
int relay_plan_check(struct relay_config *cfg);
bool relay_lcore_forwards(const struct relay_config *cfg, unsigned int lcore);
int relay_ports_start(struct relay_config *cfg);
void relay_ports_stop(struct relay_config *cfg);
void relay_ports_close(void);

/* relay_fwd.c: the forwarding loops */
#define RELAY_DRAIN_MS 1000	/* bound of the stop-time drain */
#define RELAY_PAUSE_MS 1000	/* how long a pause waits for its lcores */
#define RELAY_PAUSE_POLL_US 100	/* how often it looks meanwhile */
int relay_fwd_lcore(void *arg);
unsigned int relay_fwd_drain_timeouts(void);
/*
 * Pause (paused true) the forwarding lcores that burst on port, waiting
 * until each has answered, or release them.  From the control thread.
 * Returns 0, -ETIMEDOUT, or -ESHUTDOWN when the relay is stopping.
 */
int relay_fwd_pause(const struct relay_config *cfg, uint16_t port,
		    bool paused);

/* relay_stats.c: periodic stats, totals, telemetry */
int relay_telemetry_register(struct relay_config *cfg);
void relay_stats_period(const struct relay_config *cfg, double secs);
int relay_stats_totals(const struct relay_config *cfg);

/*
 * relay_telemetry_stop.c: ends EAL's telemetry threads, before the ports
 * close and EAL cleans up
 */
void relay_telemetry_stop(void);

/* relay_pdump.c: dpdk-dumpcap interop (rte_pdump, pcapng clock warm-up) */
void relay_pdump_init(void);
void relay_pdump_fini(void);

/* relay_ctl.c: the control socket, served by lib/control's own thread */
int relay_ctl_check(const struct relay_config *cfg);
int relay_ctl_start(const struct relay_config *cfg);
void relay_ctl_stop(void);
/* held around walking the nodes, which ngctl may add and remove */
void relay_ports_hold(bool held);

#endif /* NGIFACE_RELAY_H */
