/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * The forced stop.  The orderly stop can be long: the drain (up to
 * RELAY_DRAIN_MS), the telemetry's end, and above all a control command
 * under way, which the control socket's stop waits for: a mkpeer or a
 * shutdown of an iface is an EAL hot-plug that a secondary process which
 * does not answer (a dpdk-dumpcap under ^Z) holds for some 10 s.  A
 * second SIGINT or SIGTERM ends the relay there and then, from the
 * signal handler.  The threads it interrupts may hold stdio's locks,
 * EAL's or the ports': nothing there takes a lock or allocates.  It makes
 * plain system calls (write, socket, ioctl, lstat, unlink, rmdir, _exit,
 * pthread_sigmask, whose C library wrappers hold no lock) and string
 * calls POSIX lists as async-signal-safe, on records written beforehand.
 * What would outlive the process is undone as the orderly stop undoes it
 * (the MTUs the relay gave kernel interfaces, the control socket and its
 * directory, EAL's sockets in its run directory); the drain, the totals,
 * the capture's last blocks and a command under way are given up, and
 * the exit status (RELAY_EXIT_FORCED) says so.
 */

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <rte_eal.h>

#include "relay.h"

#define FORCE_FILES 8
#define FORCE_SAY_LEN (2 * RELAY_NAME_MAX + 96)

/* A file the relay made that would outlive it. */
struct force_file {
	char path[PATH_MAX];
	dev_t dev;
	ino_t ino;
	bool dir;	/* rmdir(): taken only if empty */
};

/* An MTU the relay changed on a kernel interface, to give back. */
struct force_mtu {
	unsigned int ifindex;
	char ifname[IF_NAMESIZE];
	uint16_t mtu;
	bool done;	/* nothing left for a forced stop */
	char say[FORCE_SAY_LEN];	/* "SPEC: PORT MTU ", as it says it */
	char rec[RELAY_MTU_REC_PATH];	/* its record's file, or "" */
};

/* Entries are complete before their count is published (release). */
static struct force_file force_files[FORCE_FILES];
static unsigned int force_nb_files;
/* the links' --stack ports, and the user's TUN/TAPs across EAL's probe */
static struct force_mtu force_mtus[RELAY_MAX_LINKS + RELAY_TUN_MTU_MAX];
static unsigned int force_nb_mtus;
/* CLOCK_MONOTONIC ns of the first stop signal, 0: none yet */
static uint64_t force_first_ns;
static int force_exiting;

void
relay_force_note_file(const char *path, bool dir)
{
	unsigned int n = __atomic_load_n(&force_nb_files, __ATOMIC_RELAXED);
	struct force_file *f = &force_files[n];
	struct stat st;

	if (n == FORCE_FILES || strlen(path) >= sizeof(f->path) ||
	    lstat(path, &st) != 0)
		return;
	strcpy(f->path, path);
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	f->dir = dir;
	__atomic_store_n(&force_nb_files, n + 1, __ATOMIC_RELEASE);
}

void
relay_force_note_eal(void)
{
	static const char *const socks[] = {
		"mp_socket", "dpdk_telemetry.v2", "dpdk_telemetry",
	};
	char path[PATH_MAX];
	unsigned int i;

	/* a name EAL does not use (any more) is not there: not noted */
	for (i = 0; i < RTE_DIM(socks); i++) {
		snprintf(path, sizeof(path), "%s/%s", rte_eal_get_runtime_dir(),
			 socks[i]);
		relay_force_note_file(path, false);
	}
}

int
relay_force_note_mtu(const char *ifname, uint16_t mtu, const char *spec,
		     const char *port, const char *rec)
{
	unsigned int n = __atomic_load_n(&force_nb_mtus, __ATOMIC_RELAXED);
	struct force_mtu *m = &force_mtus[n];

	if (n == RTE_DIM(force_mtus))
		return -1;
	m->ifindex = if_nametoindex(ifname);
	if (m->ifindex == 0)
		return -1;
	snprintf(m->ifname, sizeof(m->ifname), "%s", ifname);
	m->mtu = mtu;
	m->done = false;
	snprintf(m->say, sizeof(m->say), "%s: %s MTU ", spec, port);
	snprintf(m->rec, sizeof(m->rec), "%s", rec);
	__atomic_store_n(&force_nb_mtus, n + 1, __ATOMIC_RELEASE);
	return (int)n;
}

void
relay_force_mtu_done(int slot)
{
	if (slot >= 0 && (unsigned int)slot < RTE_DIM(force_mtus))
		__atomic_store_n(&force_mtus[slot].done, true,
				 __ATOMIC_RELEASE);
}

/************************************************************************
	From here on, the signal handler's: async-signal-safe only
 ************************************************************************/

static void
say(const char *s)
{
	size_t len = strlen(s);
	ssize_t n;

	while (len > 0) {
		n = write(STDERR_FILENO, s, len);
		if (n <= 0)
			return;
		s += n;
		len -= n;
	}
}

static void
say_uint(unsigned int v)
{
	char buf[16], *p = buf + sizeof(buf) - 1;

	*p = '\0';
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	say(p);
}

/*
 * ifr set up for an ioctl on the interface of that index, if it still
 * has that name: one the user moved into another namespace went with the
 * relay's TUN, and the index may now name another interface here.  0, or
 * 1 when the index is another's (or none).  Async-signal-safe.
 */
int
relay_if_named(int s, unsigned int ifindex, const char *ifname,
	       struct ifreq *ifr)
{
	memset(ifr, 0, sizeof(*ifr));
	ifr->ifr_ifindex = (int)ifindex;
	if (ioctl(s, SIOCGIFNAME, ifr) != 0 ||
	    strncmp(ifr->ifr_name, ifname, sizeof(ifr->ifr_name)) != 0)
		return 1;
	return 0;
}

/*
 * SIOCGIFMTU (*mtu out) or SIOCSIFMTU (*mtu in) on that interface, as
 * relay_if_named() finds it.  0, -1 with errno, or 1 when the index is
 * another's (or none).  Async-signal-safe: the forced stop's, and
 * relay_tun_mtu.c's.
 */
int
relay_if_mtu_at(int s, unsigned int ifindex, const char *ifname,
		unsigned long req, uint16_t *mtu)
{
	struct ifreq ifr;

	if (relay_if_named(s, ifindex, ifname, &ifr) != 0)
		return 1;
	ifr.ifr_mtu = *mtu;
	if (ioctl(s, req, &ifr) != 0)
		return -1;
	if (req == SIOCGIFMTU)
		*mtu = (uint16_t)ifr.ifr_mtu;
	return 0;
}

/*
 * SIOCGIFFLAGS (*flags out) or SIOCSIFFLAGS (*flags in) on that interface,
 * as relay_if_named() finds it: as relay_if_mtu_at().
 */
int
relay_if_flags_at(int s, unsigned int ifindex, const char *ifname,
		  unsigned long req, short *flags)
{
	struct ifreq ifr;

	if (relay_if_named(s, ifindex, ifname, &ifr) != 0)
		return 1;
	ifr.ifr_flags = *flags;
	if (ioctl(s, req, &ifr) != 0)
		return -1;
	if (req == SIOCGIFFLAGS)
		*flags = ifr.ifr_flags;
	return 0;
}

/* The MTU back, where the interface is still there under its name. */
static void
force_mtu_back(int s, const struct force_mtu *m)
{
	uint16_t mtu = m->mtu;
	int ret;

	ret = relay_if_mtu_at(s, m->ifindex, m->ifname, SIOCSIFMTU, &mtu);
	if (ret > 0)
		return;
	if (ret == 0) {
		say(m->say);
		say_uint(m->mtu);
		say(" again\n");
		return;
	}
	say("warning: ");
	say(m->say);
	say_uint(m->mtu);
	say(" not given back: errno ");
	say_uint((unsigned int)errno);
	say("\n");
}

static void
force_mtus_back(void)
{
	unsigned int n = __atomic_load_n(&force_nb_mtus, __ATOMIC_ACQUIRE);
	unsigned int i;
	int s = -1;

	/* last noted, first given back, as the orderly stop does: a later
	 * record of one interface says the MTU an earlier one set */
	for (i = n; i-- > 0;) {
		if (__atomic_load_n(&force_mtus[i].done, __ATOMIC_ACQUIRE))
			continue;
		if (s < 0)
			s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (s < 0)
			return;
		force_mtu_back(s, &force_mtus[i]);
		/* after: a SIGKILL now leaves the record to the next relay;
		 * given back or not, as the orderly stop drops it */
		if (force_mtus[i].rec[0] != '\0')
			unlink(force_mtus[i].rec);
	}
	if (s >= 0)
		close(s);
}

/* The files still the ones noted (the orderly stop may have removed
 * them, and another process made new ones), in the order noted. */
static void
force_files_remove(void)
{
	unsigned int n = __atomic_load_n(&force_nb_files, __ATOMIC_ACQUIRE);
	const struct force_file *f;
	struct stat st;
	unsigned int i;

	for (i = 0; i < n; i++) {
		f = &force_files[i];
		if (lstat(f->path, &st) != 0 || st.st_dev != f->dev ||
		    st.st_ino != f->ino)
			continue;
		if (f->dir)
			rmdir(f->path);
		else
			unlink(f->path);
	}
}

static __rte_noreturn void
force_exit(void)
{
	sigset_t all;

	/*
	 * No handler on top of this one from here on: a SIGTERM on top of
	 * the SIGINT being handled here (or the reverse; say() may wait on
	 * a full pipe or a slow terminal) found the exit begun and paused
	 * for good, with the exit under it.  Signals go to the other
	 * threads now; one nested before this line finds no exit begun and
	 * makes it itself.
	 */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	/* another thread took a signal too: its _exit() ends this one */
	if (__atomic_exchange_n(&force_exiting, 1, __ATOMIC_ACQ_REL) != 0)
		for (;;)
			pause();
	say("stopping: a second signal: forced exit " RTE_STR(RELAY_EXIT_FORCED)
	    ", no drain, no totals; a capture running ends at its last whole block, a control command under way is cut off\n");
	force_mtus_back();
	force_files_remove();
	_exit(RELAY_EXIT_FORCED);
}

static uint64_t
force_now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 1;
	return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec + 1;
}

/*
 * A stop signal: the first asks for the orderly stop.  A SIGINT or
 * SIGTERM that comes RELAY_FORCE_GAP_MS or more after it forces the exit.
 * Sooner, it is taken as the same request delivered twice: timeout(1)
 * sends the signal it passes on both to the relay and to its process
 * group, and a hang-up reaches the relay from the kernel and again from
 * the shell, within a millisecond or so; a person's second Ctrl-C comes
 * later.  SIGHUP never forces: it is the terminal going away, not
 * someone insisting.
 */
void
relay_force_signal(int sig)
{
	int err = errno;	/* the interrupted code's */
	uint64_t now = force_now_ns(), first = 0;

	/*
	 * Signed: the two copies may be handled at once on two threads, and
	 * this one may have read the clock before the other, whose time is
	 * first (unsigned, now - first wrapped and a duplicate forced the
	 * exit: relay-telemetry-stop on a loaded machine).
	 */
	if (!__atomic_compare_exchange_n(&force_first_ns, &first, now, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) &&
	    sig != SIGHUP &&
	    (int64_t)(now - first) >=
	    (int64_t)RELAY_FORCE_GAP_MS * (NS_PER_S / MS_PER_S))
		force_exit();
	relay_stop_request();
	errno = err;
}
