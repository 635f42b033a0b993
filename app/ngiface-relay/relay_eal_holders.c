/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * Who keeps EAL from starting on this --file-prefix.  EAL locks its run
 * files (/var/run/dpdk/PREFIX/: config, fbarray_*): a primary holds them
 * exclusively, each secondary shared.  A relay killed (SIGKILL, the OOM
 * killer) while a dpdk-dumpcap or dpdk-pdump was attached and stopped or
 * hung leaves that secondary holding its shared locks; the restart with
 * the same options then fails in EAL ("Cannot allocate memzone list"),
 * and the relay said only "No such device (ENODEV)", exit 1: a
 * supervisor restarted it for ever, the cause in no message.  So after a
 * failed rte_eal_init() every process that has a file of the run
 * directory open (the locks go with the descriptors) is named.
 * relay_holders() is the scan of /proc, for relay_tun_check.c's TUNs too.
 */

#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>

#include "relay.h"

#define HOLDERS_PIDS_MAX 16

/*
 * Whether process pid has a descriptor that match accepts.  Its
 * descriptors, not /proc/locks: a flock() belongs to the open file, and
 * /proc/locks names the process that took it, which may be gone while a
 * child that inherited the descriptor keeps the lock.
 */
static bool
holders_has_open(const char *pid, relay_fd_match match, const void *arg)
{
	char path[PATH_MAX], target[PATH_MAX];
	struct dirent *de;
	bool found = false;
	ssize_t n;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%s/fd", pid);
	d = opendir(path);
	if (d == NULL)
		return false;
	while (!found && (de = readdir(d)) != NULL) {
		snprintf(path, sizeof(path), "/proc/%s/fd/%s", pid, de->d_name);
		n = readlink(path, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		found = match(pid, de->d_name, target, arg);
	}
	closedir(d);
	return found;
}

static void
holders_comm(long pid, char *comm, size_t size)
{
	char path[64];
	FILE *f;

	snprintf(comm, size, "?");
	snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
	f = fopen(path, "re");
	if (f == NULL)
		return;
	if (fgets(comm, (int)size, f) != NULL)
		comm[strcspn(comm, "\n")] = '\0';
	fclose(f);
}

unsigned int
relay_holders(relay_fd_match match, const void *arg, relay_holder_say say)
{
	char comm[64];
	struct dirent *de;
	unsigned int n = 0;
	DIR *proc;
	long pid;

	proc = opendir("/proc");
	if (proc == NULL)
		return 0;
	/* all are counted, so that a bounded list does not read as whole */
	while ((de = readdir(proc)) != NULL) {
		pid = strtol(de->d_name, NULL, 10);
		if (pid <= 0 || pid == getpid() ||
		    !holders_has_open(de->d_name, match, arg))
			continue;
		if (n < HOLDERS_PIDS_MAX) {
			holders_comm(pid, comm, sizeof(comm));
			say(pid, comm, arg);
		}
		n++;
	}
	closedir(proc);
	return n > HOLDERS_PIDS_MAX ? n - HOLDERS_PIDS_MAX : 0;
}

/* A descriptor of a file in the run directory (arg, ending in '/'). */
static bool
eal_fd_match(const char *pid, const char *fd, const char *target,
	     const void *arg)
{
	const char *dir = arg;

	RTE_SET_USED(pid);
	RTE_SET_USED(fd);
	return strncmp(target, dir, strlen(dir)) == 0;
}

static void
eal_holder_say(long pid, const char *comm, const void *arg)
{
	RTE_SET_USED(arg);
	fprintf(stderr, "error: process %ld (%s) holds a lock on EAL's run files of this --file-prefix (%s): a primary that runs, or a secondary (dpdk-dumpcap, dpdk-pdump) left by one that is gone; stop it (kill %ld), or give another --file-prefix\n",
		pid, comm, rte_eal_get_runtime_dir(), pid);
}

void
relay_eal_holders(void)
{
	const char *rundir = rte_eal_get_runtime_dir();
	char dir[PATH_MAX], real[PATH_MAX];
	unsigned int more;

	/* EAL failed before it named the directory */
	if (rundir == NULL || rundir[0] == '\0')
		return;
	/* /proc's links name /run/dpdk/..., EAL /var/run/dpdk/... */
	if (realpath(rundir, real) == NULL)
		return;
	if (snprintf(dir, sizeof(dir), "%s/", real) >= (int)sizeof(dir))
		return;
	more = relay_holders(eal_fd_match, dir, eal_holder_say);
	if (more != 0)
		fprintf(stderr, "error: %u more processes hold them, not named (fuser -v %s/*)\n",
			more, rundir);
}
