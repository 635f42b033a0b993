/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * ngiface-relay: start-up, the main lcore's loop (stats, capture), signals
 * and the orderly stop.
 */

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_time.h>

#include "ngc_errno.h"
#include "relay.h"

bool relay_force_quit;

static struct relay_config relay_cfg;
/* An lcore was launched: there are totals to print at the stop. */
static bool relay_forwarded;

static void
on_signal(int sig)
{
	relay_force_signal(sig);
}

static void
install_signals(void)
{
	struct sigaction sa, hup;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/*
	 * A hang-up (the terminal that started the relay went away) stops it
	 * as SIGTERM does, so that its TUNs, socket and run files go with it;
	 * under nohup, which starts it with SIGHUP ignored, it stays ignored.
	 */
	if (sigaction(SIGHUP, NULL, &hup) == 0 && hup.sa_handler != SIG_IGN)
		sigaction(SIGHUP, &sa, NULL);
	/*
	 * A reader of the reports that goes away (| head, a log pipe that
	 * dies) must not stop the dataplane: the writes fail, the relay
	 * goes on, and SIGINT/SIGTERM still end it cleanly.
	 */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

/*
 * The stop signals blocked (SIG_BLOCK) or not (SIG_UNBLOCK) on this
 * thread, around whatever makes threads (EAL's init, the capture writer,
 * the control thread): they inherit the mask, so the main thread alone
 * takes a stop signal.  timeout(1) sends each signal twice (to the relay
 * and to its group); taken on two threads, the second copy's handler
 * could run 200 ms after the first on a loaded machine and be read as a
 * second signal.  On the one thread, the copies merge or follow at once.
 */
static void
stop_signals_mask(int how)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(how, &set, NULL);
}

/*
 * EAL's init runs with the stop signals blocked, for its threads to
 * inherit, and it may wait for good: net_pcap opens an rx_pcap FIFO only
 * once someone writes to it.  Meanwhile this thread takes them from the
 * process's pending ones as the handler would, so that a second Ctrl-C
 * still forces the exit; it looks for the end of the init every tick.
 */
#define INIT_TAKE_TICK_NS (20 * 1000 * 1000)

static bool init_take_done;
static sigset_t init_take_set;

static void *
init_signals_take(void *arg __rte_unused)
{
	const struct timespec tick = { 0, INIT_TAKE_TICK_NS };
	int sig;

	while (!__atomic_load_n(&init_take_done, __ATOMIC_ACQUIRE)) {
		sig = sigtimedwait(&init_take_set, NULL, &tick);
		if (sig > 0)
			on_signal(sig);
	}
	return NULL;
}

/* Its start (with the stop signals blocked): true if it runs. */
static bool
init_signals_start(pthread_t *tid)
{
	struct sigaction hup;

	sigemptyset(&init_take_set);
	sigaddset(&init_take_set, SIGINT);
	sigaddset(&init_take_set, SIGTERM);
	/* under nohup SIGHUP stays ignored: not taken here either */
	if (sigaction(SIGHUP, NULL, &hup) == 0 && hup.sa_handler != SIG_IGN)
		sigaddset(&init_take_set, SIGHUP);
	return pthread_create(tid, NULL, init_signals_take, NULL) == 0;
}

static void
init_signals_stop(pthread_t tid)
{
	__atomic_store_n(&init_take_done, true, __ATOMIC_RELEASE);
	pthread_join(tid, NULL);
}

/*
 * Descriptors 0, 1 and 2 open, on /dev/null where closed, before anything
 * opens a file.  Started with one closed (">&-", a supervisor that closes
 * them), the relay got it back from the next open(): EAL's run-time
 * config became fd 1, and as that file is mapped as the memory config all
 * processes of the prefix share, the reports printed on stdout were
 * written over EAL's locks in it.  The relay's next memzone or tailq call
 * (a mkpeer) then spun for good, and so did its stop.
 */
static int
std_fds_open(void)
{
	int fd, nfd;

	for (fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		/* the lowest free descriptor: fd itself, those below are open */
		nfd = open("/dev/null", O_RDWR);
		if (nfd < 0)
			return -errno;
		if (nfd != fd) {
			close(nfd);
			return -EBADF;
		}
	}
	return 0;
}

/* EAL's -h or --help among the EAL options (before "--"): EAL prints and exits. */
static bool
eal_asks_help(int dashdash, char **argv)
{
	int i;

	for (i = 1; i < dashdash; i++)
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return true;
	return false;
}

/*
 * One of the relay's options among EAL's (no "--", or before it): EAL
 * would refuse it as unrecognized, but only after the default topology's
 * check, which on a host where a relay runs says the topology is taken.
 * Said first, plainly.
 */
static int
check_app_option_place(int dashdash, char **argv)
{
	int i;

	for (i = 1; i < dashdash; i++)
		if (relay_config_is_app_option(argv[i])) {
			fprintf(stderr, "error: %.*s is an option of the relay's own: give it after \"--\" (%s [EAL options] -- [options])\n",
				(int)strcspn(argv[i], "="), argv[i], argv[0]);
			return RELAY_EXIT_USAGE;
		}
	return 0;
}

/*
 * The driver is linked into the relay.  A second copy loaded as an EAL
 * plugin (-d, or installed in EAL's default plugin directory) would register
 * net_ngiface twice and split the nodes between two registries: refuse.
 */
static int
check_driver_copies(int argc, char **argv)
{
	char plugin[PATH_MAX];
	struct stat ps, ls;
	Dl_info info = { 0 };
	const char *self;
	int i;

	for (i = 1; i < argc; i++) {
		const char *d = NULL;

		if (strcmp(argv[i], "-d") == 0 && i + 1 < argc)
			d = argv[i + 1];
		else if (strncmp(argv[i], "-d", 2) == 0)
			d = argv[i] + 2;
		if (d != NULL && strstr(d, "ngiface") != NULL) {
			fprintf(stderr, "error: -d %s: ngiface-relay has the net_ngiface driver built in; do not load it as a plugin\n",
				d);
			return -EINVAL;
		}
	}
#ifdef RTE_EAL_PMD_PATH
	snprintf(plugin, sizeof(plugin), "%s/librte_net_ngiface.so",
		 RTE_EAL_PMD_PATH);
	if (stat(plugin, &ps) != 0)
		return 0;
	/* info is only filled when dladdr() finds the object */
	self = dladdr((void *)(uintptr_t)rte_pmd_ngiface_hook_name, &info) != 0 ?
		info.dli_fname : NULL;
	if (self != NULL && stat(self, &ls) == 0 &&
	    ls.st_dev == ps.st_dev && ls.st_ino == ps.st_ino)
		return 0;	/* the installed relay, linked to that very file */
	fprintf(stderr, "error: %s is installed and EAL would load it besides the driver this relay links (%s): run the installed ngiface-relay, or remove the installed plugin\n",
		plugin, self != NULL ? self : "?");
	return -EEXIST;
#else
	RTE_SET_USED(plugin);
	RTE_SET_USED(ps);
	RTE_SET_USED(ls);
	RTE_SET_USED(info);
	RTE_SET_USED(self);
	return 0;
#endif
}

static void
main_sleep(uint64_t ns)
{
	struct timespec ts = rte_ns_to_timespec(ns);

	nanosleep(&ts, NULL);
}

/*
 * Main lcore: the capture's bookkeeping every tick, and the stats, until a
 * signal.  Reports are due on a grid of whole periods from the start, so
 * that --stats-period 1 gives one a second: waiting for the first tick
 * past a period after the last report drifted each one by up to a tick.
 * Time is CLOCK_MONOTONIC's, not the TSC's: the rates divide by the time
 * elapsed, and where the CPU does not report its TSC rate EAL rounds its
 * measure to 10 MHz (0.15 % off on the guests we run on).
 */
static void
main_loop(const struct relay_config *cfg)
{
	const uint64_t tick = NSEC_PER_SEC / 10;
	const uint64_t period = (uint64_t)cfg->stats_period * NSEC_PER_SEC;
	uint64_t last = relay_clock_ns(CLOCK_MONOTONIC), due, now;

	due = last + period;
	while (!relay_stopping()) {
		now = relay_clock_ns(CLOCK_MONOTONIC);
		if (period == 0 || due >= now + tick)
			main_sleep(tick);
		else if (due > now)
			main_sleep(due - now);
		relay_capture_poll();
		if (period == 0)
			continue;
		now = relay_clock_ns(CLOCK_MONOTONIC);
		if (now < due)
			continue;
		relay_stats_period(cfg, (double)(now - last) / NSEC_PER_SEC);
		last = now;
		/* a stall of more than a period: no reports to catch up */
		due = due + period > now ? due + period : now + period;
	}
}

static int
launch(struct relay_config *cfg)
{
	char why[RELAY_STRERROR_LEN];
	unsigned int lcore;
	int ret;

	RTE_LCORE_FOREACH_WORKER(lcore) {
		if (!relay_lcore_forwards(cfg, lcore))
			continue;
		ret = rte_eal_remote_launch(relay_fwd_lcore, cfg, lcore);
		if (ret != 0) {
			fprintf(stderr, "error: cannot launch lcore %u: %s\n",
				lcore, relay_strerror(-ret, why, sizeof(why)));
			return ret;
		}
		relay_forwarded = true;
	}
	return 0;
}

static void
print_plan(const struct relay_config *cfg)
{
	unsigned int i;

	for (i = 0; i < cfg->nb_links; i++)
		printf("link %u: %s on lcore %u\n", i, cfg->links[i].spec,
		       cfg->links[i].lcore);
	printf("burst %u, %u mbufs; relay running (SIGINT, SIGTERM or SIGHUP stops)\n",
	       cfg->burst, cfg->nb_mbufs);
	fflush(stdout);
}

/*
 * rte_eal_init() failed.  Some of its paths leave rte_errno 0 (a
 * --file-prefix another primary process holds: "Cannot create lock"), and
 * rte_strerror(0) would say "Success": then only EAL's own lines above
 * tell the cause.  EINVAL is a bad EAL argument, a usage error.  Else
 * the processes that hold the prefix's run files, if any, are named.
 */
/*
 * EAL's end: its cleanup closes every port (net_tap's close takes a TUN or
 * TAP down), then the user's TUN/TAPs get back their up and promiscuous
 * flags.
 */
static void
eal_end(char **eal_argv)
{
	rte_eal_cleanup();
	relay_tun_flags_back();
	free(eal_argv);
}

static int
eal_init_failed(void)
{
	int err = rte_errno;
	char why[RELAY_STRERROR_LEN];

	if (err == 0)
		fprintf(stderr, "error: EAL init failed, cause not given: see EAL's messages above (another process may hold the --file-prefix)\n");
	else
		fprintf(stderr, "error: EAL init failed: %s\n",
			relay_strerror(err, why, sizeof(why)));
	if (err == EINVAL)
		return RELAY_EXIT_USAGE;
	relay_eal_holders();
	return EXIT_FAILURE;
}

/*
 * The application's options, those after "--".  Returns 0, 1 when --help
 * was asked for (and shown), or RELAY_EXIT_USAGE.
 */
static int
parse_app_options(struct relay_config *cfg, int argc, char **argv,
		  int dashdash)
{
	int app_argc = dashdash < argc ? argc - dashdash : 1;
	char why[RELAY_STRERROR_LEN];
	char **app_argv;
	int ret;

	app_argv = calloc(app_argc + 1, sizeof(*app_argv));
	if (app_argv == NULL) {
		fprintf(stderr, "error: %s\n",
			relay_strerror(ENOMEM, why, sizeof(why)));
		exit(EXIT_FAILURE);
	}
	app_argv[0] = argv[0];
	if (dashdash < argc)
		memcpy(app_argv + 1, argv + dashdash + 1,
		       (app_argc - 1) * sizeof(*app_argv));
	ret = relay_config_parse(cfg, app_argc, app_argv);
	free(app_argv);
	if (ret == 1)
		relay_usage(argv[0]);
	return ret < 0 ? RELAY_EXIT_USAGE : ret;
}

/*
 * Whether a --capture that could not begin was the operator's to fix: a
 * wrong node or filter, or a FILE that cannot be made as written (no such
 * directory, not a directory, no permission), as a config FILE that
 * cannot be read is.  Exit 2 then: a supervisor's restart would meet it
 * again.  A full disk, a read-only file system or no memory left: 1.
 */
static bool
capture_error_is_usage(int err)
{
	switch (err) {
	case EINVAL: case ENODEV: case ENOENT: case ENOTDIR: case EISDIR:
	case ENAMETOOLONG: case ELOOP: case EACCES:
		return true;
	default:
		return false;
	}
}

/* --capture given at start: begun before the ports, so a bad node,
 * filter or file is refused with nothing started. */
static int
start_capture(struct relay_config *cfg)
{
	char err[512], name[16];
	int ret;

	if (cfg->capture.path[0] == '\0')
		return EXIT_SUCCESS;
	ret = relay_capture_start(&cfg->capture, err, sizeof(err));
	if (ret != 0) {
		/* the words, then the errno's name, as ngctl's reply has them */
		fprintf(stderr, "error: --capture: %s (%s)\n", err,
			ngc_errno_name(-ret, name, sizeof(name)));
		return capture_error_is_usage(-ret) ? RELAY_EXIT_USAGE :
			EXIT_FAILURE;
	}
	printf("capture: %s\n", cfg->capture.path);
	return EXIT_SUCCESS;
}

/* Capture, ports, pdump, control socket, telemetry, lcores. */
static int
start_all(struct relay_config *cfg)
{
	int status, ret;

	stop_signals_mask(SIG_BLOCK);
	status = start_capture(cfg);
	stop_signals_mask(SIG_UNBLOCK);
	if (status != EXIT_SUCCESS)
		return status;
	if (relay_ports_start(cfg) != 0)
		return EXIT_FAILURE;
	relay_pdump_init();
	stop_signals_mask(SIG_BLOCK);
	ret = relay_ctl_start(cfg);
	stop_signals_mask(SIG_UNBLOCK);
	if (ret != 0)
		return EXIT_FAILURE;
	if (relay_telemetry_register(cfg) != 0)
		fprintf(stderr, "warning: telemetry commands not registered\n");
	print_plan(cfg);
	if (launch(cfg) != 0)
		return EXIT_FAILURE;
	return EXIT_SUCCESS;
}

/*
 * Whatever start_all began, undone in reverse; the totals decide too.  A
 * relay that failed before any lcore forwarded prints no totals: all
 * zeros and "ok" would read as a run.
 */
static int
stop_all(struct relay_config *cfg, int status)
{
	unsigned int n;

	relay_stop_request();
	rte_eal_mp_wait_lcore();
	n = relay_fwd_drain_timeouts();
	if (n != 0)
		printf("stopping: %u lcore(s) still moved packets after %u ms; what the nodes' rings hold is counted (queued_out, or rx_drop_down at the node's stop)\n",
		       n, (unsigned int)RELAY_DRAIN_MS);
	/* said before what may be long: a forced exit loses stdio's buffer */
	fflush(stdout);
	/* no telemetry from here on: DPDK's own commands would read the
	 * ports and the memory that the close and rte_eal_cleanup() free */
	relay_telemetry_stop();
	/* no command from here on: the capture, the ports and the nodes
	 * the totals walk stay as they are */
	relay_ctl_stop();
	relay_capture_fini();
	relay_pdump_fini();
	relay_ports_stop(cfg);
	if (relay_forwarded && relay_stats_totals(cfg) != 0)
		status = EXIT_FAILURE;
	relay_ports_close();
	return status;
}

int
main(int argc, char **argv)
{
	struct relay_config *cfg = &relay_cfg;
	int eal_argc, dashdash, ret, status;
	char why[RELAY_STRERROR_LEN];
	pthread_t taker_tid;
	char **eal_argv;
	bool taker;

	ret = std_fds_open();
	if (ret != 0) {
		fprintf(stderr, "error: stdin, stdout or stderr closed, and /dev/null cannot take its place: %s\n",
			relay_strerror(-ret, why, sizeof(why)));
		return EXIT_FAILURE;
	}
	for (dashdash = 1; dashdash < argc; dashdash++)
		if (strcmp(argv[dashdash], "--") == 0)
			break;
	if (dashdash == argc && argc == 2 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		relay_usage(argv[0]);
		return EXIT_SUCCESS;
	}
	ret = check_app_option_place(dashdash, argv);
	if (ret != 0)
		return ret;
	if (relay_eal_abbrev_check(dashdash, argv) != 0)
		return RELAY_EXIT_USAGE;
	/* application options first: they decide the EAL additions */
	ret = parse_app_options(cfg, argc, argv, dashdash);
	if (ret != 0)
		return ret == 1 ? EXIT_SUCCESS : ret;
	/*
	 * A plan error, found before EAL creates the TUNs: the topology is
	 * taken (EEXIST).  Anything else failed in the system (no socket for
	 * the claim), not in what the user asked.  Not when EAL is asked for
	 * its help, which starts nothing: an operator reads it on the very
	 * host where a relay runs.
	 */
	if (cfg->default_topology && !eal_asks_help(dashdash, argv)) {
		ret = relay_default_check();
		if (ret != 0)
			return ret == -EEXIST ? RELAY_EXIT_USAGE : EXIT_FAILURE;
	}
	/* a TUN or TAP of the user's that another process holds: that
	 * process would be hurt by EAL's probe already */
	if (!eal_asks_help(dashdash, argv) &&
	    relay_tun_check(dashdash, argv) != 0)
		return RELAY_EXIT_USAGE;
	if (check_driver_copies(dashdash, argv) != 0 ||
	    relay_eal_args(dashdash, argv, cfg->default_topology, &eal_argc,
			   &eal_argv) != 0)
		return EXIT_FAILURE;
	/* net_tap's probe sets the user's TUN/TAPs to 1500: theirs kept */
	relay_tun_mtu_keep();
	/* a signal during start-up stops the relay at the first chance */
	install_signals();
	/* "-l 0-1 --help" is EAL's: it shows the relay's options after its own */
	rte_set_application_usage_hook(relay_usage);
	/* what comes meanwhile is taken by init_signals_take() */
	stop_signals_mask(SIG_BLOCK);
	taker = init_signals_start(&taker_tid);
	ret = rte_eal_init(eal_argc, eal_argv);
	if (taker)
		init_signals_stop(taker_tid);
	relay_tun_mtu_back();
	stop_signals_mask(SIG_UNBLOCK);
	if (ret < 0) {
		free(eal_argv);
		return eal_init_failed();
	}
	relay_force_note_eal();
	/* the plan and the control socket are checked before any port starts */
	if (relay_plan_check(cfg) != 0 || relay_ctl_check(cfg) != 0) {
		eal_end(eal_argv);
		return RELAY_EXIT_USAGE;
	}
	status = start_all(cfg);
	if (status == EXIT_SUCCESS) {
		main_loop(cfg);
		printf("stopping: draining the links\n");
		fflush(stdout);
	}
	status = stop_all(cfg, status);
	eal_end(eal_argv);
	return status;
}
