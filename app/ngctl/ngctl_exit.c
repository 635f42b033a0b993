/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/* errno to sysexits(3), one table for replies, one for the transport. */

#include <errno.h>
#include <string.h>
#include <sysexits.h>

#include "ngctl_exit.h"
#include "ngctl_json.h"

struct exit_map {
	int err;
	int code;
};

static const struct exit_map status_map[] = {
	{ 0, EX_OK },
	{ EINVAL, EX_DATAERR },
	{ E2BIG, EX_DATAERR },
	{ ERANGE, EX_DATAERR },
	{ ENAMETOOLONG, EX_DATAERR },
	{ EALREADY, EX_DATAERR },
	{ EPFNOSUPPORT, EX_DATAERR },
	{ EAFNOSUPPORT, EX_DATAERR },
	{ ENOENT, EX_NOHOST },		/* node or hook not found */
	{ ENODEV, EX_NOHOST },
	{ ENXIO, EX_DATAERR },		/* unknown node type */
	{ ENOSYS, EX_DATAERR },		/* unknown message for the type */
	{ EBUSY, EX_TEMPFAIL },
	{ EAGAIN, EX_TEMPFAIL },
	{ ETIMEDOUT, EX_TEMPFAIL },
	{ EISCONN, EX_UNAVAILABLE },
	{ ENOTCONN, EX_UNAVAILABLE },
	{ EADDRINUSE, EX_UNAVAILABLE },
	{ EEXIST, EX_UNAVAILABLE },
	{ ENETDOWN, EX_UNAVAILABLE },
	{ EOPNOTSUPP, EX_UNAVAILABLE },
	{ EACCES, EX_NOPERM },
	{ EPERM, EX_NOPERM },
	{ EPROTO, EX_PROTOCOL },
	{ ENOMEM, EX_OSERR },
	{ ENOSPC, EX_OSERR },
};

static const struct exit_map transport_map[] = {
	{ ENOENT, EX_UNAVAILABLE },	/* no socket: no server */
	{ ECONNREFUSED, EX_UNAVAILABLE },
	{ EACCES, EX_NOPERM },
	{ EPERM, EX_NOPERM },
	{ ETIMEDOUT, EX_TEMPFAIL },
	{ EPROTO, EX_PROTOCOL },
	{ EMSGSIZE, EX_DATAERR },
	{ ENAMETOOLONG, EX_USAGE },
	{ ENOMEM, EX_OSERR },		/* as a reply's: no buffer for it */
};

static int
lookup(const struct exit_map *m, unsigned int n, int err, int dflt)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (m[i].err == err)
			return m[i].code;
	return dflt;
}

/*
 * The cause an error reply names: its body, or with -j the text of the
 * body's "detail" member.  That text is still JSON-escaped, which keeps
 * the prefix and the endings looked for below as they are.
 */
static const char *
json_detail(const char *body)
{
	const char *p;

	if (body == NULL || strncmp(body, "{\"error\":", 9) != 0)
		return body;
	p = ngctl_json_key(body, "detail");
	return p != NULL && *p == '"' ? p + 1 : body;
}

int
ngctl_exit_status(int err, const char *detail)
{
	detail = json_detail(detail);
	if (err == EINVAL && detail != NULL &&
	    (strncmp(detail, "usage:", 6) == 0 ||
	     strstr(detail, "\": unknown command") != NULL ||
	     strstr(detail, "\": ambiguous command") != NULL))
		return EX_USAGE;
	/*
	 * A msg argument that does not parse is bad data whatever the
	 * parser's errno: an unknown field is ENOENT (as ng_parse says it),
	 * which would otherwise read as a node not found (68), and a message
	 * too big for its buffer ENOSPC (71).  But for ENOMEM: the server
	 * had no memory to parse it, which says nothing of the data (71, as
	 * any ENOMEM in a reply).
	 */
	if (err != 0 && err != ENOMEM && detail != NULL &&
	    strncmp(detail, "msg: bad arguments for ", 23) == 0)
		return EX_DATAERR;
	return lookup(status_map, sizeof(status_map) / sizeof(status_map[0]),
		      err, EX_SOFTWARE);
}

int
ngctl_exit_transport(int err)
{
	return lookup(transport_map,
		      sizeof(transport_map) / sizeof(transport_map[0]), -err,
		      EX_IOERR);
}
