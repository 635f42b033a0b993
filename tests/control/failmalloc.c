/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * LD_PRELOAD shim for ngctl_local.sh: the FAIL_AT-th call of malloc,
 * calloc or realloc (counted together, from the start of the process)
 * returns NULL with ENOMEM, and creates the file FAIL_MARK names, so that
 * a run in which no call failed (FAIL_AT past the last) can be told from
 * one that shrugged a failure off; every other call is the C library's.
 * Not for a sanitized program: its allocator is the sanitizer's.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);

static long fail_calls;
static long fail_at = -1;	/* -1: FAIL_AT not read yet */

static int
fail_now(void)
{
	const char *e;

	if (fail_at < 0) {
		/* getenv() allocates nothing */
		e = getenv("FAIL_AT");
		fail_at = e != NULL ? atol(e) : 0;
	}
	if (fail_at == 0 || ++fail_calls != fail_at)
		return 0;
	e = getenv("FAIL_MARK");
	if (e != NULL)
		close(open(e, O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
	errno = ENOMEM;
	return 1;
}

void *
malloc(size_t size)
{
	return fail_now() ? NULL : __libc_malloc(size);
}

void *
calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : __libc_calloc(n, size);
}

void *
realloc(void *p, size_t size)
{
	return fail_now() ? NULL : __libc_realloc(p, size);
}
