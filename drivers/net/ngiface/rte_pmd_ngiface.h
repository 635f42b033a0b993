/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef RTE_PMD_NGIFACE_H
#define RTE_PMD_NGIFACE_H

/**
 * @file
 * net_ngiface: FreeBSD's netgraph ng_iface node as a DPDK vdev.
 *
 * Each node is an ethdev named "ngN" (or the iface= devarg).  What the
 * application transmits on it is classified by address family and put on the
 * out ring of hook "inet" or "inet6"; what arrives on a hook's in ring is
 * received.  This header is the one way other code (the control plane, the
 * relay, any application) steers a node.
 *
 * All functions here are control-path calls: they may block briefly while
 * forwarding lcores finish the burst they are in, and must not be called from
 * inside an Rx/Tx burst.  From a capture tap (rte_pmd_ngiface_tap_t), which
 * runs inside one, every call about a port or name answers -EDEADLK
 * (rte_pmd_ngiface_is_node() 0) instead of waiting for that burst, or for
 * a rebind that waits for it, for good.  Unless their comment says
 * otherwise they return 0 or a negative errno: -ENODEV for a port that is
 * not a node, -EPFNOSUPPORT for a hook that is neither inet nor inet6,
 * -EINVAL for a bad argument (out of range, NULL), besides those each
 * comment names.
 *
 * The nodes are the primary process's, and so is this API: in a secondary
 * process no port is a node (rte_pmd_ngiface_is_node() answers 0, the calls
 * about a port -ENODEV), though the ports attach there for counters and
 * bursts.
 */

#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rte_ring;

/** Driver name, as given to --vdev. */
#define RTE_PMD_NGIFACE_DRIVER_NAME "net_ngiface"

/** Node type name and netgraph type cookie (NGM_IFACE_COOKIE). */
#define RTE_PMD_NGIFACE_TYPE_NAME "iface"
#define RTE_PMD_NGIFACE_COOKIE 1108312559u

/** MTU bounds and default, as ng_iface.h. */
#define RTE_PMD_NGIFACE_MTU_MIN 72
#define RTE_PMD_NGIFACE_MTU_MAX 65535
#define RTE_PMD_NGIFACE_MTU_DEFAULT 1500

/** Default for max_nesting, as net.graph.iface.max_nesting. */
#define RTE_PMD_NGIFACE_MAX_NESTING_DEFAULT 2

/** Longest node name, NUL included (IFNAMSIZ). */
#define RTE_PMD_NGIFACE_NAMESIZE 16

/** The hooks, one per address family. */
enum rte_pmd_ngiface_hook {
	RTE_PMD_NGIFACE_HOOK_INET = 0,	/**< "inet": IPv4 */
	RTE_PMD_NGIFACE_HOOK_INET6,	/**< "inet6": IPv6 */
	RTE_PMD_NGIFACE_HOOK_MAX
};

/** What a hook is connected to. */
enum rte_pmd_ngiface_peer_kind {
	RTE_PMD_NGIFACE_PEER_NONE = 0,	/**< unconnected: Tx drops (ENETDOWN) */
	RTE_PMD_NGIFACE_PEER_NODE,	/**< another node's hook, rings shared */
	RTE_PMD_NGIFACE_PEER_ECHO,	/**< as ng_echo: out comes back in */
	RTE_PMD_NGIFACE_PEER_HOLE,	/**< as ng_hole: discarded, counted */
	RTE_PMD_NGIFACE_PEER_RINGS,	/**< rings an application supplied */
};

/** Interface mode, as ng_iface's point2point / broadcast messages. */
enum rte_pmd_ngiface_mode {
	RTE_PMD_NGIFACE_MODE_P2P = 0,
	RTE_PMD_NGIFACE_MODE_BROADCAST,
};

/** A hook's peer. */
struct rte_pmd_ngiface_peer {
	enum rte_pmd_ngiface_peer_kind kind;
	uint16_t port;		/**< PEER_NODE: the peer node's port id */
	enum rte_pmd_ngiface_hook hook;	/**< PEER_NODE: the peer's hook */
};

/**
 * Per-hook counters, summed over queues.  "out" is stack to hook (Tx), "in"
 * is hook to stack (Rx).
 */
struct rte_pmd_ngiface_hook_stats {
	uint64_t out_packets;	/**< put on the hook (or taken by a hole) */
	uint64_t out_bytes;
	uint64_t in_packets;	/**< received from the hook */
	uint64_t in_bytes;
	uint64_t hole_packets;	/**< out_packets a hole discarded */
	uint64_t hole_bytes;	/**< their out_bytes */
	uint64_t drop_unconnected; /**< Tx while the hook had no peer */
	uint64_t drop_mtu;	/**< Tx longer than the MTU */
	/**
	 * Tx returned to the caller because this hook's ring was full: the
	 * packets behind the first refused one go back with it, of either
	 * family, and are all counted here.
	 */
	uint64_t ring_full;
	uint64_t flushed;	/**< left in a ring at disconnect, freed */
};

/** Hook name ("inet", "inet6") or NULL for an invalid hook. */
const char *rte_pmd_ngiface_hook_name(enum rte_pmd_ngiface_hook hook);

/** Hook from its name; -EPFNOSUPPORT for an unknown name, -EINVAL for NULL. */
int rte_pmd_ngiface_hook_by_name(const char *name);

/** 1 if port is a net_ngiface node, 0 if not. */
int rte_pmd_ngiface_is_node(uint16_t port);

/** Port id of the node named name; -ENODEV if there is none. */
int rte_pmd_ngiface_port_by_name(const char *name, uint16_t *port);

/** getifname: copy the node's name ("ng0") into buf. -ENOSPC if too small. */
int rte_pmd_ngiface_getifname(uint16_t port, char *buf, size_t size);

/**
 * getifindex: the interface index.  It is the node's ethdev port id plus
 * one, so that, as with if_nametoindex(), 0 never names an interface and the
 * port id is always ifindex - 1.
 */
int rte_pmd_ngiface_getifindex(uint16_t port, uint32_t *ifindex);

/** Node unit number (N of ngN), -1 in *unit for a node named by iface=. */
int rte_pmd_ngiface_get_unit(uint16_t port, int *unit);

/** point2point / broadcast.  -EBUSY while the port is started. */
int rte_pmd_ngiface_set_mode(uint16_t port, enum rte_pmd_ngiface_mode mode);
int rte_pmd_ngiface_get_mode(uint16_t port, enum rte_pmd_ngiface_mode *mode);

/**
 * NGM_LINK_IS_UP / NGM_LINK_IS_DOWN: set the link state, as
 * rte_eth_dev_set_link_up/down do, raising RTE_ETH_EVENT_INTR_LSC when the
 * link status changes and the application enabled LSC interrupts.  A down
 * link drops Tx and Rx.
 */
int rte_pmd_ngiface_link_set(uint16_t port, int up);

/**
 * max_nesting: how many ngiface Tx a packet may cross between two Rx,
 * 1..255 (as the devarg; -EINVAL outside).
 */
int rte_pmd_ngiface_set_max_nesting(uint16_t port, unsigned int max);
int rte_pmd_ngiface_get_max_nesting(uint16_t port, unsigned int *max);

/**
 * Connect hook of port to hook peer_hook of node peer_port: each node's out
 * ring becomes the other's in ring (queue q to queue q).  -EISCONN if either
 * hook is connected, -EINVAL if the nodes have different queue counts or
 * are the same hook, or if rte_pmd_ngiface_connect_rings() gave either
 * hook's own out ring (rte_pmd_ngiface_hook_rings()) to a binding that
 * makes another Tx than that node's at the same queue its producer, or
 * another Rx than the peer's its consumer: two lcores would share an end.
 */
int rte_pmd_ngiface_connect(uint16_t port, enum rte_pmd_ngiface_hook hook,
			    uint16_t peer_port,
			    enum rte_pmd_ngiface_hook peer_hook);

/**
 * Connect hook to an echo (out comes back in).  -EISCONN if connected,
 * -EINVAL if rte_pmd_ngiface_connect_rings() gave the hook's own out ring
 * to a binding at an end the echo uses (as for connect; the echo's
 * consumer is the node's own Rx).
 */
int rte_pmd_ngiface_connect_echo(uint16_t port, enum rte_pmd_ngiface_hook hook);

/** Connect hook to a hole (Tx discarded and counted).  -EISCONN. */
int rte_pmd_ngiface_connect_hole(uint16_t port, enum rte_pmd_ngiface_hook hook);

/**
 * Connect hook to rings the caller owns, one pair per queue: Tx enqueues to
 * out[q], Rx dequeues from in[q], mbuf pointers (rings of rte_ring_create(),
 * pointer-sized elements: a ring's element size is not recorded, so one of
 * rte_ring_create_elem() with another size cannot be refused, and would be
 * read wrong).  nb must equal the node's queue count.  The
 * caller keeps ownership; disconnect leaves what is in them.  The node is
 * in[q]'s consumer: while the port is stopped nothing is received, and
 * dev_stop and dev_start free what in[q] holds (xstat rx_drop_down), as
 * ng_iface drops what comes while the interface is down.  -EISCONN.
 * Both hooks may be given the same rings; from a shared in ring Rx takes
 * each packet's family from its IP version (neither 4 nor 6: dropped,
 * xstat rx_drop_afnosupport).  A single-producer out ring (RING_F_SP_ENQ)
 * must have queue q's Tx as its only producer, a single-consumer in ring
 * (RING_F_SC_DEQ) queue q's Rx as its only consumer: one given at two
 * queues, or whose end another binding already uses (a joined node's own
 * out ring, say), is refused, -EINVAL (two lcores would share one end).
 */
int rte_pmd_ngiface_connect_rings(uint16_t port, enum rte_pmd_ngiface_hook hook,
				  struct rte_ring *const out[],
				  struct rte_ring *const in[], unsigned int nb);

/**
 * Disconnect hook (rmhook).  A node peer is disconnected too.  For a node or
 * echo peer, what is left in the out rings is freed and counted as flushed;
 * rings given with connect_rings (even the node's own) keep their packets,
 * freed as flushed when the node is removed.  -ENOTCONN if the hook was not
 * connected.
 */
int rte_pmd_ngiface_disconnect(uint16_t port, enum rte_pmd_ngiface_hook hook);

/** The hook's peer. */
int rte_pmd_ngiface_get_peer(uint16_t port, enum rte_pmd_ngiface_hook hook,
			     struct rte_pmd_ngiface_peer *peer);

/**
 * The node's own rings of hook on queue: out (stack to hook) and in (hook
 * to stack).  Their names are "<node>:<hook>:o<queue>" and
 * "<node>:<hook>:i<queue>" (rte_ring_lookup).  While the hook is unconnected
 * nothing uses them; code that serves a hook itself (the relay) connects the
 * hook to these very rings with rte_pmd_ngiface_connect_rings().  They are
 * freed with the node: a hook of another node that connect_rings gave them
 * to is then disconnected, as a joined peer's hook is.  out or in may be
 * NULL when that ring is not wanted.
 */
int rte_pmd_ngiface_hook_rings(uint16_t port, enum rte_pmd_ngiface_hook hook,
			       uint16_t queue, struct rte_ring **out,
			       struct rte_ring **in);

/** Number of queue pairs (queues= devarg). */
int rte_pmd_ngiface_nb_queues(uint16_t port, uint16_t *nb);

/** Per-hook counters, summed over queues. */
int rte_pmd_ngiface_hook_stats_get(uint16_t port,
				   enum rte_pmd_ngiface_hook hook,
				   struct rte_pmd_ngiface_hook_stats *stats);

/**
 * Packets waiting in the node's own rings of hook (rte_pmd_ngiface_hook_rings),
 * summed over queues: *out those the stack side sent that no peer took
 * yet (between two joined hooks the one ring is the sender's), *in those
 * left for the stack side.  A gauge, not a counter: at rest it is what a
 * hook's counters and what a link delivered to it differ by.
 */
int rte_pmd_ngiface_hook_queued(uint16_t port, enum rte_pmd_ngiface_hook hook,
				uint64_t *out, uint64_t *in);

/** What a hole peer discarded: ng_hole's per-hook statistics. */
struct rte_pmd_ngiface_hole_stats {
	uint64_t frames;
	uint64_t octets;	/**< L3 bytes, as the hook counts them */
};

/**
 * What the hole that hook is connected to has discarded since it was
 * connected, or since the last clear: ng_hole's getstats, and with clear
 * nonzero its getclrstats (the count starts again from what was read, so
 * that nothing falls between the read and the clear).  A hole is a node of
 * its own in netgraph: an ethdev stats reset leaves this count alone.
 * -ENOTCONN when the hook's peer is not a hole; stats may be NULL to clear
 * only (clrstats).
 */
int rte_pmd_ngiface_hole_stats_get(uint16_t port,
				   enum rte_pmd_ngiface_hook hook,
				   struct rte_pmd_ngiface_hole_stats *stats,
				   int clear);

/** Direction of a tapped packet, with pcapng's EPB flag values. */
enum rte_pmd_ngiface_dir {
	RTE_PMD_NGIFACE_DIR_IN = 1,	/**< inbound: hook to stack (Rx) */
	RTE_PMD_NGIFACE_DIR_OUT = 2,	/**< outbound: stack to hook (Tx) */
};

struct rte_mbuf;

/**
 * A capture tap (ng_iface_bpftap).  Called on the forwarding lcore with the
 * raw L3 packets of one hook in one direction: Tx packets as they are handed
 * to the hook (after the Ethernet header is stripped), or dropped for want
 * of a connected hook, Rx packets as they are taken from the hook (before
 * it is added).  The tap must copy what it wants and return at once; the
 * mbufs are not its to keep, change or free.  It runs inside the burst: it
 * cannot remove itself (rte_pmd_ngiface_tap_clear() there, as any call of
 * this API about a port, answers -EDEADLK); leave that to a control
 * thread.  A packet may be a chain whose first segment is empty (its
 * sender gave the Ethernet header a segment of its own, which Tx
 * stripped): read it with rte_pktmbuf_read(), not through the first
 * segment alone.  The same holds for what a hook's out ring hands its
 * consumer.
 */
typedef void (*rte_pmd_ngiface_tap_t)(void *arg, uint16_t port,
				      enum rte_pmd_ngiface_hook hook,
				      enum rte_pmd_ngiface_dir dir,
				      struct rte_mbuf *const *pkts, uint16_t n);

/**
 * Install the node's tap (one per node).  Costs one load and one branch a
 * burst while none is installed.  -EBUSY if one is installed already.
 */
int rte_pmd_ngiface_tap_set(uint16_t port, rte_pmd_ngiface_tap_t fn,
			    void *arg);

/**
 * Remove the node's tap.  When it returns, no lcore is inside the tap any
 * more: its argument may be freed.  -ENOENT if none was installed.
 */
int rte_pmd_ngiface_tap_clear(uint16_t port);

#ifdef __cplusplus
}
#endif

#endif /* RTE_PMD_NGIFACE_H */
