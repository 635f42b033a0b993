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

#include "ngc_graph.h"
#include "ngc_server.h"

struct ngc_control;

/** Graph operations backed by the PMD; ctx from ngc_graph_pmd_create(). */
extern const struct ngc_graph_ops ngc_graph_pmd_ops;
void *ngc_graph_pmd_create(void);
void ngc_graph_pmd_free(void *ctx);

/**
 * Serve conf->path (conf->graph and handler are filled in here) from a
 * control thread named "ngc-ctl".  Returns 0 or -errno.
 */
int ngc_control_start(const struct ngc_server_conf *conf,
		      struct ngc_control **out);

/** Stop serving, remove the socket, free everything. */
void ngc_control_stop(struct ngc_control *c);

#endif /* NGC_CONTROL_H */
