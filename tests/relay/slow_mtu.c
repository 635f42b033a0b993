/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * LD_PRELOAD shim for stop_forced_mtu.sh: ioctl() as the C library's,
 * but once the file SLOW_MTU_ARM names is there, the first SIOCSIFMTU
 * renames it to SLOW_MTU_ARM.fired and then waits SLOW_MTU_MS (default
 * 3000) before it goes on, so that a test can send a signal while the
 * relay's orderly stop gives an MTU back.  Later calls are not held: the
 * forced exit's own SIOCSIFMTU, from a signal handler, passes at once
 * (rename and nanosleep are async-signal-safe).  The PMD
 * calls ioctl() through its PLT, so this one is found first.
 */

#include <dlfcn.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/ioctl.h>
#include <linux/sockios.h>

typedef int (*ioctl_fn)(int, unsigned long, ...);

static ioctl_fn real_ioctl;
static char arm[PATH_MAX], fired[PATH_MAX];
static unsigned long hold_ms = 3000;

/* resolved before main(): nothing to look up in a signal handler */
static void __attribute__((constructor))
slow_mtu_init(void)
{
	const char *a = getenv("SLOW_MTU_ARM"), *ms = getenv("SLOW_MTU_MS");

	real_ioctl = (ioctl_fn)dlsym(RTLD_NEXT, "ioctl");
	if (a != NULL) {
		snprintf(arm, sizeof(arm), "%s", a);
		snprintf(fired, sizeof(fired), "%s.fired", a);
	}
	if (ms != NULL)
		hold_ms = strtoul(ms, NULL, 10);
}

int
ioctl(int fd, unsigned long req, ...)
{
	struct timespec ts;
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	/* the rename succeeds once: the first call after arming */
	if (req == SIOCSIFMTU && arm[0] != '\0' && rename(arm, fired) == 0) {
		ts.tv_sec = hold_ms / 1000;
		ts.tv_nsec = (long)(hold_ms % 1000) * 1000000;
		while (nanosleep(&ts, &ts) != 0)
			;
	}
	return real_ioctl(fd, req, arg);
}
