/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * Records of the MTUs the relay changed on kernel interfaces.  The
 * orderly stop and the forced one give an interface the MTU it had back;
 * a relay killed (SIGKILL, a crash) cannot, and the next relay on that
 * interface would read the node's MTU left there as the interface's own,
 * give that back at its stop, and the first MTU would be lost for good.
 *
 * So before it changes an MTU the relay writes a line in
 * RELAY_MTU_REC_DIR, one file per interface, named after its network
 * namespace (an index and a name mean something in one namespace only),
 * its index and its name: who wrote it (PID, the process's start time and
 * PID namespace: a PID is reused), the MTU the interface had and the one
 * the relay gave it.  The file is removed once the MTU is given back (or
 * given up).  A later relay that finds the record of a process that is
 * gone, on an interface whose MTU is still the one that process set,
 * takes the recorded MTU as the interface's own.  One whose MTU is no
 * longer the one set was changed since, by hand: its MTU now is its own.
 * The record of a relay that runs is that relay's, left alone: two relays
 * on one interface is said in a warning.  The directory is tmpfs: a boot
 * empties it, as it puts every interface back at its own MTU.  A record
 * that cannot be written is a warning, never a stop: the relay runs as
 * it did before records.
 *
 * The records are written whole (a temporary file linked to its name:
 * link() fails where a name exists, rename() would replace another
 * relay's record) and read and changed under flock() on the directory, so
 * that two relays started at once on one interface do not both take a
 * dead relay's record.
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "relay.h"

#define MTU_REC_LINE 160

/* A record, as written. */
struct mtu_rec {
	long pid;
	unsigned long long start;	/* /proc/PID/stat's starttime */
	unsigned long long pidns;	/* the inode of its PID namespace */
	unsigned int mtu;		/* the interface's before */
	unsigned int set;		/* the relay's */
	unsigned long long netns;	/* its network namespace's cookie, 0 */
};

/* The inode of one of this process's namespaces ("net", "pid"), or 0. */
static unsigned long long
ns_ino(const char *ns)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", ns);
	return stat(path, &st) == 0 ? (unsigned long long)st.st_ino : 0;
}

/*
 * This process's network namespace's cookie (SO_NETNS_COOKIE), or 0.
 * The records are named after the namespace's inode number, which the
 * kernel gives again once the namespace is gone (a script's namespace
 * made anew, with its interfaces at the same indexes and names); a
 * cookie is never given twice.
 */
static unsigned long long
netns_cookie(void)
{
	uint64_t cookie = 0;
	socklen_t len = sizeof(cookie);
	int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (s < 0)
		return 0;
	if (getsockopt(s, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len) != 0)
		cookie = 0;
	close(s);
	return cookie;
}

/*
 * A process's state letter and start time (clock ticks since boot), from
 * /proc/PID/stat: 0, or -1.
 */
static int
proc_stat(long pid, char *state, unsigned long long *start)
{
	char path[64], buf[1024], *p;
	ssize_t n;
	int fd, i;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* the name, in parentheses, may hold spaces and parentheses */
	p = strrchr(buf, ')');
	if (p == NULL || p[1] != ' ' || p[2] == '\0')
		return -1;
	*state = p[2];
	/* from the state (field 3) to the start time (field 22) */
	for (i = 3; p != NULL && i <= 22; i++)
		p = strchr(p + 1, ' ');
	if (p == NULL || sscanf(p, " %llu", start) != 1)
		return -1;
	return 0;
}

/*
 * Whether the record's writer runs: its PID, with the start time it had,
 * and not a zombie (killed, and not yet reaped: a container's first
 * process may never reap it).  One of another PID namespace cannot be
 * told: taken as running.
 */
static bool
rec_owner_runs(const struct mtu_rec *r)
{
	unsigned long long start;
	char state;

	if (r->pidns != ns_ino("pid"))
		return true;
	if (kill((pid_t)r->pid, 0) != 0 && errno != EPERM)
		return false;
	if (proc_stat(r->pid, &state, &start) != 0)
		return true;	/* no /proc to tell */
	return start == r->start && state != 'Z' && state != 'X';
}

/* Read NAME in dfd: 1 a record, 0 none, -1 unreadable or malformed. */
static int
rec_read(int dfd, const char *name, struct mtu_rec *r)
{
	char buf[MTU_REC_LINE];
	struct stat st;
	ssize_t n;
	int fd;

	/* not blocking: a FIFO there would hold the relay's start for good */
	fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	n = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ?
		read(fd, buf, sizeof(buf) - 1) : -1;
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* a PID beyond pid_t's would reach kill() as 0 or -1: "runs" */
	r->netns = 0;
	if (sscanf(buf, "pid %ld start %llu pidns %llu mtu %u set %u netns %llu",
		   &r->pid, &r->start, &r->pidns, &r->mtu, &r->set,
		   &r->netns) < 5 ||
	    r->pid <= 0 || r->pid > INT_MAX || r->mtu == 0 ||
	    r->mtu > UINT16_MAX)
		return -1;
	return 1;
}

/* This relay's record of MTU (set: SET) as NAME in dfd: 0, or -1. */
static int
rec_write(int dfd, const char *name, uint16_t mtu, uint16_t set)
{
	unsigned long long start = 0;
	char state, tmp[RELAY_MTU_REC_LEN + 24], buf[MTU_REC_LINE];
	int fd, len, ret, err;

	proc_stat(getpid(), &state, &start);
	len = snprintf(buf, sizeof(buf),
		       "pid %ld start %llu pidns %llu mtu %u set %u netns %llu\n",
		       (long)getpid(), start, ns_ino("pid"), mtu, set,
		       netns_cookie());
	snprintf(tmp, sizeof(tmp), ".%s.%ld", name, (long)getpid());
	unlinkat(dfd, tmp, 0);
	fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	ret = write(fd, buf, len) == len ? 0 : -1;
	if (ret == 0)
		ret = linkat(dfd, tmp, dfd, name, 0);
	err = errno;
	close(fd);
	unlinkat(dfd, tmp, 0);
	errno = err;
	return ret;
}

/* The records' directory, made if make, locked: its fd, or -1. */
static int
rec_dir_open(bool make)
{
	struct stat st;
	int dfd;

	if (make && mkdir(RELAY_MTU_REC_DIR, 0755) != 0 && errno != EEXIST)
		return -1;
	dfd = open(RELAY_MTU_REC_DIR,
		   O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (dfd < 0)
		return -1;
	/*
	 * The relay's own, written by it alone: records another user could
	 * write would choose the MTU this (root) relay sets at its stop.
	 */
	if (fstat(dfd, &st) != 0) {
		close(dfd);
		return -1;
	}
	if (st.st_uid != geteuid() ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		fprintf(stderr, "warning: %s: owned by uid %u, mode %04o: not the relay's alone, no MTU record read or written there\n",
			RELAY_MTU_REC_DIR, (unsigned int)st.st_uid,
			(unsigned int)(st.st_mode & 07777));
		close(dfd);
		errno = EPERM;
		return -1;
	}
	if (flock(dfd, LOCK_EX) != 0) {
		close(dfd);
		return -1;
	}
	return dfd;
}

/* Whose MTU it is, as the lines that say it name it. */
struct mtu_who {
	const char *head;	/* "--stack ng0=net_tun0@1" */
	const char *port;	/* "net_tun0" */
	const char *ifname;	/* its kernel interface */
};

/*
 * The record found for w's interface, at MTU cur: the MTU to take as the
 * interface's own (the recorded one, or cur); said.  *theirs: a running
 * relay's record, not to be replaced.
 */
static uint16_t
rec_take(const struct mtu_who *w, int dfd, const char *name, uint16_t cur,
	 bool *theirs)
{
	const char *head = w->head, *port = w->port;
	unsigned long long cookie, start;
	struct mtu_rec r;
	char state;
	int ret;

	*theirs = false;
	ret = rec_read(dfd, name, &r);
	if (ret == 0)
		return cur;
	if (ret < 0) {
		fprintf(stderr, "warning: %s: %s: record %s/%s unreadable, removed\n",
			head, port, RELAY_MTU_REC_DIR, name);
		unlinkat(dfd, name, 0);
		return cur;
	}
	cookie = netns_cookie();
	if (r.netns != 0 && cookie != 0 && r.netns != cookie) {
		printf("%s: %s: record %s/%s is of a network namespace gone, whose number this one has again: removed\n",
		       head, port, RELAY_MTU_REC_DIR, name);
		unlinkat(dfd, name, 0);
		return cur;
	}
	/* another port of this relay's on the interface (two net_tun of
	 * one iface=): the stop gives this one's back first.  A dead
	 * relay's of the same PID had another start time. */
	if (r.pid == (long)getpid() && r.pidns == ns_ino("pid") &&
	    proc_stat(r.pid, &state, &start) == 0 && start == r.start) {
		printf("%s: %s MTU %u is the one this relay gave it through another port (its record %s/%s says %u before): taken as its own here\n",
		       head, port, cur, RELAY_MTU_REC_DIR, name, r.mtu);
		*theirs = true;
		return cur;
	}
	if (rec_owner_runs(&r)) {
		fprintf(stderr, "warning: %s: %s MTU %u is the one relay %ld gave it, which runs (its record %s/%s says %u before): two relays on one interface; this one takes %u for the interface's own\n",
			head, port, cur, r.pid, RELAY_MTU_REC_DIR,
			name, r.mtu, cur);
		*theirs = true;
		return cur;
	}
	unlinkat(dfd, name, 0);
	if (r.set != cur) {
		printf("%s: %s MTU %u, not the %u relay %ld gave it: changed since, taken as its own (record %s/%s of %u before removed)\n",
		       head, port, cur, r.set, r.pid,
		       RELAY_MTU_REC_DIR, name, r.mtu);
		return cur;
	}
	printf("%s: %s MTU %u is the one relay %ld gave it, which ended without giving it back: %u taken as its own (record %s/%s)\n",
	       head, port, cur, r.pid, r.mtu, RELAY_MTU_REC_DIR, name);
	return (uint16_t)r.mtu;
}

/*
 * The claim for w's interface, from cur to set: the MTU to take as its
 * own, and this relay's record made (its path in rec) where there is one
 * to give back.
 */
static uint16_t
rec_claim(const struct mtu_who *w, uint16_t cur, uint16_t set,
	  char rec[RELAY_MTU_REC_PATH])
{
	char name[RELAY_MTU_REC_LEN], why[RELAY_STRERROR_LEN];
	unsigned long long netns = ns_ino("net");
	unsigned int ifindex = if_nametoindex(w->ifname);
	uint16_t mtu = cur;
	bool theirs = false;
	int dfd, err;

	rec[0] = '\0';
	if (netns == 0 || ifindex == 0) {
		err = errno;
		goto unrecorded;
	}
	snprintf(name, sizeof(name), "mtu.%llu.%u.%s", netns, ifindex,
		 w->ifname);
	/* the directory is made only for a record to write */
	dfd = rec_dir_open(set != cur);
	if (dfd < 0) {
		err = errno;
		if (err == ENOENT && set == cur)
			return cur;
		goto unrecorded;
	}
	mtu = rec_take(w, dfd, name, cur, &theirs);
	if (theirs || (set == cur && mtu == cur)) {
		close(dfd);
		return mtu;
	}
	/* before the change: a SIGKILL may come while it is made */
	if (rec_write(dfd, name, mtu, set) == 0)
		snprintf(rec, RELAY_MTU_REC_PATH, "%s/%s", RELAY_MTU_REC_DIR,
			 name);
	err = errno;
	close(dfd);
	if (rec[0] != '\0')
		return mtu;
unrecorded:
	if (set != cur)
		fprintf(stderr, "warning: %s: %s MTU %u not recorded in %s: %s; were the relay killed, the next one would take the %u it leaves for the interface's own\n",
			w->head, w->port, mtu, RELAY_MTU_REC_DIR,
			relay_strerror(err, why, sizeof(why)), set);
	return mtu;
}

uint16_t
relay_mtu_rec_claim(struct relay_link *l, uint16_t cur, uint16_t node)
{
	const struct mtu_who w = {
		.head = l->spec, .port = l->port_name, .ifname = l->mtu_ifname,
	};

	return rec_claim(&w, cur, node, l->mtu_rec);
}

uint16_t
relay_mtu_rec_claim_if(const char *head, const char *ifname, uint16_t cur,
		       uint16_t set, char rec[RELAY_MTU_REC_PATH])
{
	const struct mtu_who w = {
		.head = head, .port = ifname, .ifname = ifname,
	};

	return rec_claim(&w, cur, set, rec);
}

void
relay_mtu_rec_drop_path(char rec[RELAY_MTU_REC_PATH])
{
	if (rec[0] == '\0')
		return;
	unlink(rec);
	rec[0] = '\0';
}

void
relay_mtu_rec_drop(struct relay_link *l)
{
	relay_mtu_rec_drop_path(l->mtu_rec);
}
