/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef NGCTL_EXIT_H
#define NGCTL_EXIT_H

/** sysexits code for a server status (positive errno) and its detail. */
int ngctl_exit_status(int err, const char *detail);

/** sysexits code for a transport failure (negative errno). */
int ngctl_exit_transport(int err);

#endif /* NGCTL_EXIT_H */
