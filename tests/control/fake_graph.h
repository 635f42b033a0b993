/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef FAKE_GRAPH_H
#define FAKE_GRAPH_H

#include "ngc_graph.h"

/**
 * A graph of up to 8 iface nodes in memory, ng0 and ng1 to start with, and
 * the echo and hole nodes mkpeer puts on their hooks.
 */
void fake_graph_reset(void);
/** Mark node unit as started (mode changes then fail with EBUSY). */
void fake_graph_start(unsigned int unit);
/**
 * Make the next hot-plugs (mkpeer of an iface, shutdown of one) fail with
 * err (negative; 0: succeed again), as EAL's do when a secondary process
 * does not answer (-ENOMSG).
 */
void fake_graph_hotplug_fail(int err);
/**
 * Make the next hot-plugs take ms milliseconds first (0: at once), as
 * EAL's do while it waits for a secondary process's answer.
 */
void fake_graph_hotplug_delay(unsigned int ms);

extern const struct ngc_graph fake_graph;

#endif
