/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * ctl_load: load on a control socket (scripts/bench.sh).
 *
 * N client threads send one command line each, over and over, through
 * lib/control's client (ngc_client_request: connect, request, reply, close,
 * as ngctl does), for a fixed time.  Without -r every client sends its next
 * request as soon as the reply arrives: the figure is how many commands the
 * server answers per second.  With -r RATE the clients together send RATE
 * commands per second, each on its own schedule of absolute deadlines (a
 * client late by more than 100 ms gives up the lost slots instead of
 * bursting): a steady background load.
 *
 * Prints one line (ok = replies with status 0; failed = error replies,
 * time-outs, refused connections):
 *   ctl_load: 4 clients, rate max, 3.00 s: sent 60000 ok 60000 failed 0,
 *     20000 cmds/s, latency mean 198 us max 2100 us
 * Exit status 0 when every request got an OK reply, 1 otherwise, 2 for
 * bad usage.
 *
 * Usage: ctl_load -s SOCKET [-c CLIENTS] [-t SECONDS] [-r RATE] [COMMAND]
 *   COMMAND defaults to "msg ng0: getifname".
 */

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ngc_client.h"

#define CL_MAX_CLIENTS 256
#define CL_TIMEOUT_MS 2000u
#define CL_LATE_NS (100 * 1000 * 1000ll)

struct cl_client {
	pthread_t tid;
	const char *path;
	const char *cmd;
	int64_t start_ns;
	int64_t end_ns;
	int64_t interval_ns;	/* 0: as fast as replies come */
	int64_t offset_ns;	/* phase of this client's schedule */

	/* results */
	uint64_t sent;
	uint64_t ok;
	uint64_t failed;
	int64_t lat_sum_ns;
	int64_t lat_max_ns;
	int first_err;		/* first negative errno or positive status */
};

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static void
sleep_until(int64_t t)
{
	struct timespec ts = {
		.tv_sec = t / 1000000000ll,
		.tv_nsec = t % 1000000000ll,
	};

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	       EINTR)
		;
}

static void *
cl_run(void *arg)
{
	struct cl_client *c = arg;
	struct ngc_client_reply r;
	int64_t next = c->start_ns + c->offset_ns, t0, t1;
	int ret;

	sleep_until(c->start_ns);
	for (;;) {
		if (c->interval_ns != 0) {
			t0 = now_ns();
			if (t0 - next > CL_LATE_NS)
				next = t0;	/* drop the lost slots */
			if (next >= c->end_ns)
				break;
			sleep_until(next);
			next += c->interval_ns;
		}
		t0 = now_ns();
		if (t0 >= c->end_ns)
			break;
		ret = ngc_client_request(c->path, c->cmd, CL_TIMEOUT_MS, &r);
		t1 = now_ns();
		c->sent++;
		if (ret == 0 && r.status == 0) {
			c->ok++;
		} else {
			c->failed++;
			if (c->first_err == 0)
				c->first_err = ret != 0 ? ret : r.status;
		}
		if (ret == 0)
			ngc_client_reply_free(&r);
		c->lat_sum_ns += t1 - t0;
		if (t1 - t0 > c->lat_max_ns)
			c->lat_max_ns = t1 - t0;
	}
	return NULL;
}

static void
usage(const char *prog)
{
	fprintf(stderr,
		"Usage: %s -s SOCKET [-c CLIENTS] [-t SECONDS] [-r RATE] [COMMAND]\n"
		"  -c CLIENTS  client threads, 1..%d (default 4)\n"
		"  -t SECONDS  duration (default 3)\n"
		"  -r RATE     commands per second, all clients together\n"
		"              (default 0: as fast as the server answers)\n"
		"  COMMAND     default \"msg ng0: getifname\"\n",
		prog, CL_MAX_CLIENTS);
}

/* The command line. */
struct cl_opts {
	const char *path;
	const char *cmd;
	double secs;
	double rate;		/* 0: as fast as the server answers */
	int clients;
};

/* Returns 0, or 2 after printing the usage. */
static int
parse_options(int argc, char **argv, struct cl_opts *o)
{
	char *end;
	int opt;

	*o = (struct cl_opts){ .cmd = "msg ng0: getifname", .secs = 3,
			       .clients = 4 };
	while ((opt = getopt(argc, argv, "s:c:t:r:h")) != -1) {
		end = NULL;
		if (opt == 's')
			o->path = optarg;
		else if (opt == 'c')
			o->clients = (int)strtol(optarg, &end, 10);
		else if (opt == 't')
			o->secs = strtod(optarg, &end);
		else if (opt == 'r')
			o->rate = strtod(optarg, &end);
		else
			goto bad;
		if (end != NULL && *end != '\0')
			goto bad;
	}
	if (optind < argc)
		o->cmd = argv[optind++];
	if (o->path == NULL || optind != argc ||
	    o->clients < 1 || o->clients > CL_MAX_CLIENTS ||
	    !(o->secs > 0 && o->secs <= 3600) ||
	    !(o->rate >= 0 && o->rate <= 1e7))
		goto bad;
	return 0;
bad:
	usage(argv[0]);
	return 2;
}

/* Every client starts together, a little after the threads exist. */
static int
start_clients(struct cl_client *cl, const struct cl_opts *o, int64_t start)
{
	int i, ret;

	for (i = 0; i < o->clients; i++) {
		cl[i].path = o->path;
		cl[i].cmd = o->cmd;
		cl[i].start_ns = start;
		cl[i].end_ns = start + (int64_t)(o->secs * 1e9);
		if (o->rate > 0) {
			cl[i].interval_ns = (int64_t)(o->clients * 1e9 / o->rate);
			/* spread the clients' slots over one interval */
			cl[i].offset_ns = cl[i].interval_ns * i / o->clients;
		}
		ret = pthread_create(&cl[i].tid, NULL, cl_run, &cl[i]);
		if (ret != 0) {
			fprintf(stderr, "ctl_load: thread: %s\n", strerror(ret));
			return -1;
		}
	}
	return 0;
}

/* Joins the clients and sums their results into *sum. */
static void
join_clients(struct cl_client *cl, int clients, struct cl_client *sum)
{
	int i;

	memset(sum, 0, sizeof(*sum));
	for (i = 0; i < clients; i++) {
		pthread_join(cl[i].tid, NULL);
		sum->sent += cl[i].sent;
		sum->ok += cl[i].ok;
		sum->failed += cl[i].failed;
		sum->lat_sum_ns += cl[i].lat_sum_ns;
		if (cl[i].lat_max_ns > sum->lat_max_ns)
			sum->lat_max_ns = cl[i].lat_max_ns;
		if (sum->first_err == 0)
			sum->first_err = cl[i].first_err;
	}
}

int
main(int argc, char **argv)
{
	static struct cl_client cl[CL_MAX_CLIENTS];
	struct cl_client sum;
	struct cl_opts o;
	char ratebuf[32];
	double elapsed;
	int64_t start;

	if (parse_options(argc, argv, &o) != 0)
		return 2;
	start = now_ns() + 20 * 1000 * 1000;
	if (start_clients(cl, &o, start) != 0)
		return 1;
	join_clients(cl, o.clients, &sum);
	elapsed = (now_ns() - start) / 1e9;
	if (elapsed < o.secs)
		elapsed = o.secs;

	if (o.rate > 0)
		snprintf(ratebuf, sizeof(ratebuf), "%.0f/s", o.rate);
	else
		snprintf(ratebuf, sizeof(ratebuf), "max");
	printf("ctl_load: %d clients, rate %s, %.2f s: sent %" PRIu64
	       " ok %" PRIu64 " failed %" PRIu64 ", %.0f cmds/s, latency mean %.0f us max %.0f us",
	       o.clients, ratebuf, elapsed, sum.sent, sum.ok, sum.failed,
	       sum.ok / elapsed,
	       sum.sent != 0 ? sum.lat_sum_ns / 1e3 / sum.sent : 0.0,
	       sum.lat_max_ns / 1e3);
	if (sum.first_err != 0)
		printf(", first error: %s", sum.first_err < 0 ?
		       strerror(-sum.first_err) : "error status from the server");
	printf("\n");
	return sum.failed == 0 && sum.ok != 0 ? 0 : 1;
}
