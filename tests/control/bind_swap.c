/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * LD_PRELOAD shim for ctl_integration.sh: bind() as the C library's, but
 * once a Unix socket is bound at the path BIND_SWAP_PATH names, the socket
 * is renamed to PATH.real and PATH becomes a symlink to BIND_SWAP_TARGET:
 * what another user could do between a server's bind() and its chmod() in
 * a directory it may write.  Only the first such bind.
 */

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

typedef int (*bind_fn)(int, const struct sockaddr *, socklen_t);

static int swapped;

int
bind(int fd, const struct sockaddr *sa, socklen_t len)
{
	bind_fn real = (bind_fn)(uintptr_t)dlsym(RTLD_NEXT, "bind");
	const struct sockaddr_un *un = (const struct sockaddr_un *)sa;
	const char *path = getenv("BIND_SWAP_PATH");
	const char *target = getenv("BIND_SWAP_TARGET");
	char moved[sizeof(un->sun_path) + 8];
	int ret;

	ret = real(fd, sa, len);
	if (ret != 0 || swapped || path == NULL || target == NULL ||
	    sa->sa_family != AF_UNIX || strcmp(un->sun_path, path) != 0)
		return ret;
	swapped = 1;
	snprintf(moved, sizeof(moved), "%s.real", path);
	if (rename(path, moved) != 0 || symlink(target, path) != 0)
		perror("bind_swap");
	return ret;
}
