/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef CAP_ROTATE_H
#define CAP_ROTATE_H

/*
 * File names and rotation of a capture, as dumpcap's ring buffer (no
 * DPDK).  Without a size or duration limit the capture is one file, named
 * as given.  With one, files are named as dumpcap names them:
 *   FILE "dir/cap.pcapng" -> "dir/cap_00001_20261126154300.pcapng"
 * (the part after the last '.' of the base name is kept as the suffix; a
 * name without one gets none), a new file is begun when the current one
 * reaches filesize kB (1000 bytes, as dumpcap counts them) or duration
 * seconds, and with files N > 0 only the N newest are kept (the oldest is
 * removed as a new one is begun).  A rotated file never replaces a file
 * that is there (another capture's, begun in the same second with the
 * same number: a capture stopped and started again, a relay restarted, two
 * relays given the same FILE): it takes the next number free in that
 * second, so that names keep dumpcap's form and the ring removes only
 * files it made.
 */

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define CAP_ROTATE_FILES_MAX 100000u
/* file numbers in a name: five digits */
#define CAP_ROTATE_NUMBERS 100000u

struct cap_rotate {
	char path[PATH_MAX];		/* as given */
	unsigned int files;		/* ring of N files, 0: keep all */
	uint64_t filesize;		/* bytes, 0: no size limit */
	unsigned int duration;		/* seconds, 0: no time limit */
	unsigned int seq;		/* number of the current file */
	unsigned int made;		/* files begun: the ring's next slot */
	unsigned int tries;		/* numbers found taken for this file */
	time_t opened;			/* when the current file was begun */
	char (*names)[PATH_MAX];	/* the ring: names of kept files */
	char current[PATH_MAX];
};

/*
 * Check the limits and set r up.  -EINVAL with a message in err for a
 * ring without a size or time limit, or a bad path.
 */
int cap_rotate_init(struct cap_rotate *r, const char *path,
		    unsigned int files, uint64_t filesize_kb,
		    unsigned int duration, char *err, size_t errlen);

/* True if the capture rotates at all (size or time limit given). */
bool cap_rotate_enabled(const struct cap_rotate *r);

/*
 * Name of the next file, begun at now, in r->current; if the ring is full,
 * *remove gets the name of the file to delete (else ""), which the caller
 * removes once the new file is open.
 */
int cap_rotate_next(struct cap_rotate *r, time_t now,
		    char remove[PATH_MAX]);

/*
 * The file r->current names is there already (the caller's exclusive
 * create failed, EEXIST): name the next number, same time, in
 * r->current (and the ring).  -EEXIST when there is none left (every
 * number of that second is taken) or the capture does not rotate (its
 * one file is named as given).
 */
int cap_rotate_taken(struct cap_rotate *r);

/* True if the current file, bytes long at now, is due for rotation. */
bool cap_rotate_due(const struct cap_rotate *r, uint64_t bytes, time_t now);

/* True if the current file, bytes long, has reached the size limit. */
bool cap_rotate_size_due(const struct cap_rotate *r, uint64_t bytes);

void cap_rotate_free(struct cap_rotate *r);

#endif /* CAP_ROTATE_H */
