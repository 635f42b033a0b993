/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ngc_errno.h"

#define E(x) { x, #x }

static const struct {
	int err;
	const char *name;
} ngc_errnos[] = {
	{ 0, "OK" },
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG),
	E(EBADF), E(EAGAIN), E(ENOMEM), E(EACCES), E(EFAULT), E(EBUSY),
	E(EEXIST), E(ENODEV), E(ENOTDIR), E(EISDIR), E(EINVAL), E(ENFILE),
	E(EMFILE), E(ENOSPC), E(ERANGE), E(EDEADLK), E(ENAMETOOLONG),
	E(ENOSYS), E(ELOOP), E(EPROTO), E(EPROTONOSUPPORT), E(EBADMSG),
	E(EOVERFLOW), E(EPFNOSUPPORT), E(EAFNOSUPPORT), E(EADDRINUSE),
	E(ENETDOWN), E(EISCONN), E(ENOTCONN), E(ETIMEDOUT), E(ECONNREFUSED),
	E(EALREADY), E(EMSGSIZE), E(ECONNRESET), E(ENOBUFS), E(EHOSTUNREACH),
	E(ESHUTDOWN),
	/* ENOTSUP is the same value on Linux: netgraph's name is printed */
	E(EOPNOTSUPP),
};

const char *
ngc_errno_name(int err, char *buf, unsigned int size)
{
	const char *name;
	unsigned int i;

	for (i = 0; i < sizeof(ngc_errnos) / sizeof(ngc_errnos[0]); i++)
		if (ngc_errnos[i].err == err)
			return ngc_errnos[i].name;
	/* the rest as the C library names them (EROFS, EDQUOT, EFBIG ...) */
	name = strerrorname_np(err);
	if (name != NULL)
		return name;
	snprintf(buf, size, "E%d", err);
	return buf;
}
