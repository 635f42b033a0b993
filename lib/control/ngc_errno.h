/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef NGC_ERRNO_H
#define NGC_ERRNO_H

/** Symbolic name of a positive errno ("EBUSY"), "E<n>" style if unknown. */
const char *ngc_errno_name(int err, char *buf, unsigned int size);

/** errno from its symbolic name, -1 if unknown. */
int ngc_errno_by_name(const char *name);

#endif /* NGC_ERRNO_H */
