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
 * Whether process pid has a file of dir open (dir ends in '/').  Its
 * descriptors, not /proc/locks: a flock() belongs to the open file, and
 * /proc/locks names the process that took it, which may be gone while a
 * child that inherited the descriptor keeps the lock.
 */
static bool
holders_has_open(const char *pid, const char *dir)
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
		found = strncmp(target, dir, strlen(dir)) == 0;
	}
	closedir(d);
	return found;
}

static void
holders_say(pid_t pid, const char *dir)
{
	char path[64], comm[64] = "?";
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	f = fopen(path, "re");
	if (f != NULL) {
		if (fgets(comm, sizeof(comm), f) != NULL)
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
	}
	fprintf(stderr, "error: process %d (%s) holds a lock on EAL's run files of this --file-prefix (%s): a primary that runs, or a secondary (dpdk-dumpcap, dpdk-pdump) left by one that is gone; stop it (kill %d), or give another --file-prefix\n",
		(int)pid, comm, dir, (int)pid);
}

void
relay_eal_holders(void)
{
	const char *rundir = rte_eal_get_runtime_dir();
	char dir[PATH_MAX], real[PATH_MAX];
	struct dirent *de;
	unsigned int n = 0;
	DIR *proc;
	long pid;

	/* EAL failed before it named the directory */
	if (rundir == NULL || rundir[0] == '\0')
		return;
	/* /proc's links name /run/dpdk/..., EAL /var/run/dpdk/... */
	if (realpath(rundir, real) == NULL)
		return;
	if (snprintf(dir, sizeof(dir), "%s/", real) >= (int)sizeof(dir))
		return;
	proc = opendir("/proc");
	if (proc == NULL)
		return;
	/* all are counted, so that a bounded list does not read as whole */
	while ((de = readdir(proc)) != NULL) {
		pid = strtol(de->d_name, NULL, 10);
		if (pid <= 0 || pid == getpid() ||
		    !holders_has_open(de->d_name, dir))
			continue;
		if (n < HOLDERS_PIDS_MAX)
			holders_say((pid_t)pid, rundir);
		n++;
	}
	closedir(proc);
	if (n > HOLDERS_PIDS_MAX)
		fprintf(stderr, "error: %u more processes hold them, not named (fuser -v %s/*)\n",
			n - HOLDERS_PIDS_MAX, rundir);
}
