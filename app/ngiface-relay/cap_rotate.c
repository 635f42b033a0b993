/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/* Capture file names and the rotation policy (dumpcap's -b options). */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cap_rotate.h"

int
cap_rotate_init(struct cap_rotate *r, const char *path, unsigned int files,
		uint64_t filesize_kb, unsigned int duration, char *err,
		size_t errlen)
{
	memset(r, 0, sizeof(*r));
	if (path == NULL || *path == '\0') {
		snprintf(err, errlen, "no capture file given");
		return -EINVAL;
	}
	/* room for "_NNNNN_YYYYmmddHHMMSS" */
	if (strlen(path) + 24 >= sizeof(r->path)) {
		snprintf(err, errlen, "capture file name too long");
		return -ENAMETOOLONG;
	}
	if (files > CAP_ROTATE_FILES_MAX) {
		snprintf(err, errlen, "ring of %u files: at most %u", files,
			 CAP_ROTATE_FILES_MAX);
		return -EINVAL;
	}
	if (files != 0 && filesize_kb == 0 && duration == 0) {
		snprintf(err, errlen,
			 "a ring of %u files needs a file size or duration limit",
			 files);
		return -EINVAL;
	}
	snprintf(r->path, sizeof(r->path), "%s", path);
	r->files = files;
	/* kB as dumpcap counts them: 1000 bytes */
	r->filesize = filesize_kb * 1000;
	r->duration = duration;
	if (files != 0) {
		r->names = calloc(files, sizeof(*r->names));
		if (r->names == NULL) {
			snprintf(err, errlen, "out of memory");
			return -ENOMEM;
		}
	}
	return 0;
}

bool
cap_rotate_enabled(const struct cap_rotate *r)
{
	return r->filesize != 0 || r->duration != 0;
}

/* r->current: the name of file r->seq, begun at r->opened. */
static void
rotate_name(struct cap_rotate *r)
{
	const char *slash, *dot;
	char stamp[32];
	struct tm tm;
	size_t stem;

	localtime_r(&r->opened, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%S", &tm);
	slash = strrchr(r->path, '/');
	dot = strrchr(slash != NULL ? slash + 1 : r->path, '.');
	if (dot == NULL || dot == (slash != NULL ? slash + 1 : r->path))
		dot = r->path + strlen(r->path);
	stem = (size_t)(dot - r->path);
	snprintf(r->current, sizeof(r->current), "%.*s_%05u_%s%s", (int)stem,
		 r->path, r->seq % CAP_ROTATE_NUMBERS, stamp, dot);
}

/* The ring's slot of the current file. */
static char *
rotate_slot(struct cap_rotate *r)
{
	return r->names[(r->made - 1) % r->files];
}

int
cap_rotate_next(struct cap_rotate *r, time_t now, char remove[PATH_MAX])
{
	remove[0] = '\0';
	r->seq++;
	r->opened = now;
	r->tries = 0;
	if (!cap_rotate_enabled(r)) {
		snprintf(r->current, sizeof(r->current), "%s", r->path);
		return 0;
	}
	rotate_name(r);
	r->made++;
	if (r->files != 0) {
		char *slot = rotate_slot(r);

		if (slot[0] != '\0')
			memcpy(remove, slot, PATH_MAX);
		memcpy(slot, r->current, PATH_MAX);
	}
	return 0;
}

int
cap_rotate_taken(struct cap_rotate *r)
{
	/* every number of that second tried: the slot must not keep a name
	 * that is not ours, or the ring would remove it later */
	if (!cap_rotate_enabled(r) || ++r->tries >= CAP_ROTATE_NUMBERS) {
		if (r->files != 0 && r->made != 0)
			rotate_slot(r)[0] = '\0';
		return -EEXIST;
	}
	/* the numbers go on from this one: a capture's names still sort in
	 * the order its files were begun */
	r->seq++;
	rotate_name(r);
	if (r->files != 0)
		memcpy(rotate_slot(r), r->current, PATH_MAX);
	return 0;
}

bool
cap_rotate_size_due(const struct cap_rotate *r, uint64_t bytes)
{
	return r->filesize != 0 && bytes >= r->filesize;
}

bool
cap_rotate_due(const struct cap_rotate *r, uint64_t bytes, time_t now)
{
	if (cap_rotate_size_due(r, bytes))
		return true;
	return r->duration != 0 && now - r->opened >= (time_t)r->duration;
}

void
cap_rotate_free(struct cap_rotate *r)
{
	free(r->names);
	r->names = NULL;
}
