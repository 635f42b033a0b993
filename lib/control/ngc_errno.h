/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef NGC_ERRNO_H
#define NGC_ERRNO_H

/**
 * Symbolic name of a positive errno ("EBUSY"): netgraph's where Linux has
 * two (EOPNOTSUPP), else the C library's; "E<n>" in buf if neither knows it.
 */
const char *ngc_errno_name(int err, char *buf, unsigned int size);

#endif /* NGC_ERRNO_H */
