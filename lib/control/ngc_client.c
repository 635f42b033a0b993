/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include "ngc_client.h"
#include "ngc_proto.h"

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd p = { .fd = fd, .events = events };
	int64_t left;
	int n;

	for (;;) {
		left = deadline - now_ms();
		if (left <= 0)
			return -ETIMEDOUT;
		n = poll(&p, 1, (int)left);
		if (n > 0)
			return 0;
		if (n == 0)
			return -ETIMEDOUT;
		if (errno != EINTR)
			return -errno;
	}
}

static int
client_connect(const char *path, unsigned int timeout_ms)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = {
		.tv_sec = timeout_ms / 1000,
		.tv_usec = (timeout_ms % 1000) * 1000,
	};
	int fd, err;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* A blocking connect waits for room in the backlog, bounded. */
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		err = errno == EINPROGRESS || errno == EAGAIN ?
			-ETIMEDOUT : -errno;
		close(fd);
		return err;
	}
	return fd;
}

/* Send everything; a server that already answered (EPIPE) is fine. */
static int
send_all(int fd, const char *p, size_t len, int64_t deadline)
{
	ssize_t n;
	int ret;

	while (len > 0) {
		n = send(fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && (errno == EPIPE || errno == ECONNRESET))
			return 0;
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return -errno;
		if (n < 0) {
			ret = wait_fd(fd, POLLOUT, deadline);
			if (ret != 0)
				return ret;
			continue;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Read until EOF or max bytes; returns the length or -errno. */
static ssize_t
recv_all(int fd, char *buf, size_t max, int64_t deadline)
{
	size_t len = 0;
	ssize_t n;
	int ret;

	while (len < max) {
		n = recv(fd, buf + len, max - len, MSG_DONTWAIT);
		if (n == 0)
			break;
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return len > 0 ? (ssize_t)len : -errno;
		if (n < 0) {
			ret = wait_fd(fd, POLLIN, deadline);
			if (ret != 0)
				return ret;
			continue;
		}
		len += (size_t)n;
	}
	return (ssize_t)len;
}

static int
parse_reply(char *buf, size_t len, struct ngc_client_reply *r)
{
	char *nl = memchr(buf, '\n', len < NGC_REPLY_HDR_MAX ? len :
			  NGC_REPLY_HDR_MAX);
	unsigned long blen;
	int used = 0;

	if (nl == NULL)
		return -EPROTO;
	*nl = '\0';
	if (sscanf(buf, NGC_PROTO_MAGIC " %d %31s %lu %n", &r->status,
		   r->name, &blen, &used) != 3 || used == 0)
		return -EPROTO;
	snprintf(r->text, sizeof(r->text), "%s", buf + used);
	if (blen != len - (size_t)(nl + 1 - buf))
		return -EPROTO;
	r->body = malloc(blen + 1);
	if (r->body == NULL)
		return -ENOMEM;
	memcpy(r->body, nl + 1, blen);
	r->body[blen] = '\0';
	r->body_len = blen;
	return 0;
}

int
ngc_client_request(const char *path, const char *line,
		   unsigned int timeout_ms, struct ngc_client_reply *r)
{
	int64_t deadline = now_ms() + (timeout_ms != 0 ? timeout_ms :
				       NGC_DEFAULT_TIMEOUT_MS);
	size_t max = NGC_REPLY_HDR_MAX + NGC_REPLY_BODY_MAX;
	size_t len = strlen(line);
	char *buf;
	ssize_t n;
	int fd, ret;

	memset(r, 0, sizeof(*r));
	if (len + 1 > NGC_REQ_MAX)
		return -EMSGSIZE;
	if (memchr(line, '\n', len) != NULL)
		return -EINVAL;
	fd = client_connect(path, timeout_ms != 0 ? timeout_ms :
			    NGC_DEFAULT_TIMEOUT_MS);
	if (fd < 0)
		return fd;
	buf = malloc(max + 1);
	if (buf == NULL) {
		close(fd);
		return -ENOMEM;
	}
	ret = send_all(fd, line, len, deadline);
	if (ret == 0)
		ret = send_all(fd, "\n", 1, deadline);
	n = ret == 0 ? recv_all(fd, buf, max, deadline) : ret;
	close(fd);
	ret = n < 0 ? (int)n : parse_reply(buf, (size_t)n, r);
	free(buf);
	return ret;
}

void
ngc_client_reply_free(struct ngc_client_reply *r)
{
	free(r->body);
	r->body = NULL;
}
