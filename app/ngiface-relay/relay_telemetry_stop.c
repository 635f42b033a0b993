/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * DPDK 22.11 offers no way to stop its telemetry: the listener thread and
 * one thread per client connection ("telemetry-v2", detached) run until
 * the process exits, and rte_eal_cleanup() unmaps the memory that
 * commands such as /mempool/info, /eal/heap_list and /ethdev/xstats read
 * (rte_eth_dev_close() frees a port's data before that).  A monitoring
 * tool polling the relay as it stopped made it die of SIGSEGV after its
 * totals, exit 139 rather than 0.  So telemetry ends first: every socket
 * bound under EAL's runtime directory as dpdk_telemetry* (the listener
 * and the connections it accepted, which getsockname() names the same)
 * is shut down, not closed (its thread owns the descriptor), so that
 * accept() and each client's read() fail and the threads return; a
 * command already running ends first.  Then wait, bounded, until no such
 * thread is left.
 */

#include <dirent.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_log.h>

#include "relay.h"

#define RELAY_TEL_STOP_MS 1000
#define RELAY_TEL_THREAD "telemetry"

/* Whether fd is a socket bound at a path that starts with prefix. */
static bool
tel_socket(int fd, const char *prefix)
{
	struct sockaddr_un sa;
	socklen_t len = sizeof(sa);
	struct stat st;

	if (fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode))
		return false;
	memset(&sa, 0, sizeof(sa));
	if (getsockname(fd, (struct sockaddr *)&sa, &len) != 0 ||
	    sa.sun_family != AF_UNIX || len <= offsetof(struct sockaddr_un,
							 sun_path))
		return false;
	sa.sun_path[sizeof(sa.sun_path) - 1] = '\0';
	return strncmp(sa.sun_path, prefix, strlen(prefix)) == 0;
}

/* Shut down every telemetry socket of the process; returns how many. */
static unsigned int
tel_sockets_shutdown(void)
{
	char prefix[PATH_MAX];
	struct dirent *e;
	unsigned int n = 0;
	DIR *d;
	int fd;

	snprintf(prefix, sizeof(prefix), "%s/dpdk_telemetry",
		 rte_eal_get_runtime_dir());
	d = opendir("/proc/self/fd");
	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		fd = atoi(e->d_name);
		if (e->d_name[0] < '0' || e->d_name[0] > '9' || fd == dirfd(d))
			continue;
		if (tel_socket(fd, prefix) && shutdown(fd, SHUT_RDWR) == 0)
			n++;
	}
	closedir(d);
	return n;
}

/* Threads of the process whose name starts with RELAY_TEL_THREAD. */
static unsigned int
tel_threads(void)
{
	char path[sizeof("/proc/self/task//comm") + NAME_MAX], comm[32];
	struct dirent *e;
	unsigned int n = 0;
	FILE *f;
	DIR *d;

	d = opendir("/proc/self/task");
	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/comm",
			 e->d_name);
		f = fopen(path, "r");
		if (f == NULL)
			continue;
		if (fgets(comm, sizeof(comm), f) != NULL &&
		    strncmp(comm, RELAY_TEL_THREAD,
			    strlen(RELAY_TEL_THREAD)) == 0)
			n++;
		fclose(f);
	}
	closedir(d);
	return n;
}

void
relay_telemetry_stop(void)
{
	const struct timespec tick = { .tv_nsec = 1000000 };	/* 1 ms */
	/* EAL registered it for the library: this finds its number */
	int type = rte_log_register("lib.telemetry"), level = 0;
	unsigned int ms;

	/* the listener says "Error with accept, telemetry thread quitting"
	 * at ERR when its socket is shut down: asked for, not an error */
	if (type >= 0) {
		level = rte_log_get_level(type);
		rte_log_set_level(type, RTE_LOG_CRIT);
	}
	if (tel_sockets_shutdown() != 0)
		for (ms = 0; tel_threads() != 0; ms++) {
			if (ms == RELAY_TEL_STOP_MS) {
				fprintf(stderr, "warning: telemetry threads still running after %u ms\n",
					RELAY_TEL_STOP_MS);
				break;
			}
			nanosleep(&tick, NULL);
		}
	if (type >= 0 && level >= 0)
		rte_log_set_level(type, level);
}
