/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef NGC_CONTROL_H
#define NGC_CONTROL_H

/**
 * @file
 * The control plane of a DPDK process: the graph view of its net_ngiface
 * nodes (built from rte_pmd_ngiface.h only) served on a Unix socket from
 * an EAL control thread.  Call after rte_eal_init().
 */

#include <stdbool.h>
#include <stdint.h>

#include "ngc_graph.h"
#include "ngc_server.h"

struct ngc_control;

/** The guard's hook argument when the whole node is asked for. */
#define NGC_GUARD_NODE (-1)

/**
 * Asked from the control thread before a node is shut down (hook
 * NGC_GUARD_NODE) or one of its hooks is cut (rmhook; hook its number):
 * 0 lets it go, a negative errno refuses.  -EBUSY: the embedding
 * application forwards on that port, or reads that hook's rings itself,
 * and the change would pull them from under its loops or give them a
 * second reader.
 */
struct ngc_node_guard {
	int (*busy)(void *arg, uint16_t port, int hook);
	/*
	 * Optional: called with held true before an iface node's port is
	 * created (mkpeer) or removed (shutdown), and false after.  DPDK
	 * ethdev calls are not safe against a port released on another
	 * thread: an application that reads ports elsewhere (stats) holds
	 * the same lock there.
	 */
	void (*hold)(void *arg, bool held);
	/*
	 * Optional: pause (paused true) the application's loops that burst on
	 * port, and later resume them (false).  ng_iface changes its mode
	 * (point2point, broadcast) only while the interface is down; between
	 * the two calls the library stops the port, makes the change and
	 * starts it again, as "ifconfig down; ngctl msg; ifconfig up" would.
	 * Returns 0 or a negative errno (no pause to be had: the message
	 * fails with it).  NULL: on a started port such a message answers
	 * EBUSY, as ng_iface does on an interface that is up.
	 */
	int (*pause)(void *arg, uint16_t port, bool paused);
	void *arg;
};

/** Graph operations backed by the PMD; ctx from ngc_graph_pmd_create(). */
extern const struct ngc_graph_ops ngc_graph_pmd_ops;
void *ngc_graph_pmd_create(void);
void ngc_graph_pmd_free(void *ctx);
/** guard NULL: every node and hook may go.  Set before serving. */
void ngc_graph_pmd_set_guard(void *ctx, const struct ngc_node_guard *guard);

/**
 * Serve conf->path (conf->graph and handler are filled in here) from a
 * control thread named "ngc-ctl", shutdown and rmhook asking guard (NULL:
 * none).
 * Returns 0 or -errno.
 */
int ngc_control_start(const struct ngc_server_conf *conf,
		      const struct ngc_node_guard *guard,
		      struct ngc_control **out);

/** Stop serving, remove the socket, free everything. */
void ngc_control_stop(struct ngc_control *c);

#endif /* NGC_CONTROL_H */
