/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * Socket-level probes for the integration test:
 *   ctl_probe SOCKET many N     N clients connected at once, all answered?
 *   ctl_probe SOCKET stall      a half-sent request must not delay others
 *   ctl_probe SOCKET nul|oversize|garbage   bad requests; print the reply
 */

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "ngc_client.h"
#include "ngc_proto.h"

static const char *sock_path;

static int
dial(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sock_path);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		perror("connect");
		exit(1);
	}
	return fd;
}

/* An allocation the probe cannot go on without: fails as dial() does. */
static void *
must_calloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb, size);

	if (p == NULL) {
		perror("calloc");
		exit(1);
	}
	return p;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Read one full reply (to EOF) from fd into buf. */
static size_t
slurp(int fd, char *buf, size_t max)
{
	size_t got = 0;
	ssize_t n;

	while (got < max - 1 && (n = recv(fd, buf + got, max - 1 - got, 0)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	return got;
}

static int
many(int n)
{
	struct pollfd *p = must_calloc((size_t)n, sizeof(*p));
	char buf[4096];
	int i, ok = 0, left = n;
	double t0 = now();

	for (i = 0; i < n; i++) {
		p[i].fd = dial();
		p[i].events = POLLIN;
	}
	for (i = 0; i < n; i++)
		if (send(p[i].fd, "list\n", 5, MSG_NOSIGNAL) != 5)
			perror("send");
	while (left > 0 && poll(p, (nfds_t)n, 10000) > 0) {
		for (i = 0; i < n; i++) {
			if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP)))
				continue;
			slurp(p[i].fd, buf, sizeof(buf));
			if (strncmp(buf, "NGC1 0 OK ", 10) == 0 &&
			    strstr(buf, "total nodes") != NULL)
				ok++;
			close(p[i].fd);
			p[i].fd = -1;
			left--;
		}
	}
	printf("answered %d/%d in %.3f s\n", ok, n, now() - t0);
	free(p);
	return ok == n ? 0 : 1;
}

static int
stall(void)
{
	struct ngc_client_reply r;
	int fd = dial(), ret;
	double t0;

	if (send(fd, "lis", 3, MSG_NOSIGNAL) != 3)
		perror("send");
	usleep(100000);
	t0 = now();
	ret = ngc_client_request(sock_path, "list", 3000, &r);
	printf("other client answered in %.3f s (ret %d status %d)\n",
	       now() - t0, ret, r.status);
	ngc_client_reply_free(&r);
	close(fd);
	return ret == 0 && r.status == 0 && now() - t0 < 1.0 ? 0 : 1;
}

static int
bad(const char *what)
{
	char reply[4096], *req;
	size_t len;
	int fd = dial(), i;

	if (strcmp(what, "nul") == 0) {
		len = 8;
		req = must_calloc(len, 1);
		memcpy(req, "list\0 x\n", len);
	} else if (strcmp(what, "oversize") == 0) {
		len = NGC_REQ_MAX + 4096;
		req = must_calloc(len, 1);
		memset(req, 'x', len);
	} else {
		len = 512;
		req = must_calloc(len, 1);
		srand(7);
		for (i = 0; i < (int)len; i++)
			req[i] = (char)(rand() % 255 + 1);
		req[len - 1] = '\n';
	}
	for (size_t off = 0; off < len;) {
		ssize_t n = send(fd, req + off, len - off, MSG_NOSIGNAL);

		if (n <= 0)
			break;
		off += (size_t)n;
	}
	slurp(fd, reply, sizeof(reply));
	printf("%s\n", strtok(reply, "\n") ? reply : "(no reply)");
	free(req);
	close(fd);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: ctl_probe SOCKET many N|stall|nul|"
			"oversize|garbage\n");
		return 2;
	}
	sock_path = argv[1];
	if (strcmp(argv[2], "many") == 0 && argc == 4)
		return many(atoi(argv[3]));
	if (strcmp(argv[2], "stall") == 0)
		return stall();
	return bad(argv[2]);
}
