/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef RELAY_NUM_H
#define RELAY_NUM_H

/*
 * The one reading of a numeric option, for the relay's options and the
 * capture's (on the command line, in a config file, in ngctl's capture
 * command): decimal digits only, in min..max.
 */

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* 0 and *out, or -EINVAL with "LABEL: why" in err. */
static inline int
relay_num_parse(const char *label, const char *s, unsigned long min,
		unsigned long max, unsigned long *out, char *err,
		size_t errlen)
{
	unsigned long v;
	char *end;

	/* as the relay's other options say it, not 'got ""' */
	if (s == NULL || *s == '\0') {
		snprintf(err, errlen, "%s: missing value", label);
		return -EINVAL;
	}
	if (!isdigit((unsigned char)*s)) {
		snprintf(err, errlen, "%s: expected a number, got \"%s\"",
			 label, s);
		return -EINVAL;
	}
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max) {
		snprintf(err, errlen, "%s: \"%s\" is not in %lu..%lu", label,
			 s, min, max);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

#endif /* RELAY_NUM_H */
