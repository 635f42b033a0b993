/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * Control socket server.  One thread, one epoll set: the listening socket,
 * an eventfd to stop, and the clients.  Every client has a deadline from
 * the moment it is accepted; requests are bounded; nothing blocks.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "ngc_errno.h"
#include "ngc_proto.h"
#include "ngc_server.h"

#define SRV_EV_LISTEN	0
#define SRV_EV_WAKE	1
#define SRV_EV_BASE	2
#define SRV_MAX_EVENTS	64
#define SRV_ACCEPT_RETRY_MS	100	/* listening paused: next accept try */

enum client_state {
	CLIENT_READING,
	CLIENT_WRITING,
};

struct client {
	int fd;
	enum client_state state;
	uint64_t deadline;	/* ms, CLOCK_MONOTONIC */
	char *in;
	size_t in_len;
	struct ngc_buf out;
	size_t out_off;
};

struct ngc_server {
	struct ngc_server_conf conf;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int lfd;
	int bound;
	dev_t sock_dev;		/* the socket file bind() made: only it */
	ino_t sock_ino;		/* is removed at the stop */
	int epfd;
	int evfd;
	uid_t owner;
	struct client **slot;
	unsigned int nb_clients;
	pthread_t tid;
	int started;
	uint64_t answered;
	int accept_paused;	/* listening socket out of the epoll set */
	uint64_t accept_retry;	/* ms, CLOCK_MONOTONIC: then back in */
};

/************************************************************************
			HELPERS
 ************************************************************************/

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
default_handler(void *arg, const char *line, struct ngc_reply *r)
{
	const struct ngc_server_conf *conf = arg;

	ngc_exec_ext(&conf->graph, conf->ext, conf->nb_ext, line, r);
}

uint64_t
ngc_server_answered(const struct ngc_server *srv)
{
	return __atomic_load_n(&srv->answered, __ATOMIC_RELAXED);
}

/*
 * accept4() found no descriptor or memory for a connection (EMFILE,
 * ENFILE, ENOBUFS, ENOMEM): the connection stays in the backlog and the
 * listening socket stays readable, so the level-triggered epoll_wait()
 * returned at once, again and again, and the thread spun on a CPU (tens
 * of thousands of failed accept4() a second) until a client went.
 * Clients that connect and wait (up to timeout_ms each) do that to a
 * process whose RLIMIT_NOFILE is below max_clients, as the common soft
 * limit of 1024 is.  The socket now leaves the set until a client is
 * closed, which frees a descriptor, or SRV_ACCEPT_RETRY_MS have passed
 * (another part of the process may free one); the backlog waits.
 */
static void
listen_pause(struct ngc_server *srv)
{
	if (srv->accept_paused || srv->lfd < 0)
		return;
	epoll_ctl(srv->epfd, EPOLL_CTL_DEL, srv->lfd, NULL);
	srv->accept_paused = 1;
	srv->accept_retry = now_ms() + SRV_ACCEPT_RETRY_MS;
}

/* The listening socket into the epoll set: 0 or a negative errno. */
static int
listen_watch(struct ngc_server *srv)
{
	struct epoll_event ev = { .events = EPOLLIN };

	ev.data.u64 = SRV_EV_LISTEN;
	return epoll_ctl(srv->epfd, EPOLL_CTL_ADD, srv->lfd, &ev) != 0 ?
		-errno : 0;
}

static void
listen_resume(struct ngc_server *srv)
{
	if (!srv->accept_paused || srv->lfd < 0)
		return;
	listen_watch(srv);
	srv->accept_paused = 0;
}

/************************************************************************
			CLIENTS
 ************************************************************************/

static void
client_close(struct ngc_server *srv, unsigned int i)
{
	struct client *c = srv->slot[i];

	epoll_ctl(srv->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	free(c->in);
	ngc_buf_free(&c->out);
	free(c);
	srv->slot[i] = NULL;
	srv->nb_clients--;
	/* a descriptor is free: the backlog may be taken again */
	listen_resume(srv);
}

/* A reply's header line, for a body of len bytes, into dst (cap bytes). */
static int
reply_head(char *dst, size_t cap, int status, size_t len)
{
	char nb[16];

	return snprintf(dst, cap, NGC_PROTO_MAGIC " %d %s %zu %s\n", status,
			ngc_errno_name(status, nb, sizeof(nb)), len,
			status != 0 ? strerror(status) : "Success");
}

/* Queue the reply for client i: header line then body. */
static void
client_reply(struct ngc_server *srv, unsigned int i, int status,
	     const char *body, size_t len)
{
	struct client *c = srv->slot[i];
	struct epoll_event ev = { .events = EPOLLOUT };
	char head[NGC_REPLY_HDR_MAX];
	/* the longest strerror() leaves it far below NGC_REPLY_HDR_MAX */
	size_t n = (size_t)reply_head(head, sizeof(head), status, len);

	ngc_buf_reset(&c->out);
	ngc_buf_put(&c->out, head, n < sizeof(head) ? n : sizeof(head) - 1);
	ngc_buf_put(&c->out, body, len);
	c->out_off = 0;
	c->state = CLIENT_WRITING;
	/* the reply has its own time to go out, however long the request */
	c->deadline = now_ms() + srv->conf.timeout_ms;
	ev.data.u64 = SRV_EV_BASE + i;
	epoll_ctl(srv->epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

static void
client_error(struct ngc_server *srv, unsigned int i, int status,
	     const char *detail)
{
	char body[160];
	int n = snprintf(body, sizeof(body), "%s\n", detail);

	client_reply(srv, i, status, body, (size_t)n);
}

static void
client_request(struct ngc_server *srv, unsigned int i, size_t len)
{
	struct client *c = srv->slot[i];
	struct ngc_reply r;

	c->in[len] = '\0';
	if (len > 0 && c->in[len - 1] == '\r')
		c->in[--len] = '\0';
	if (memchr(c->in, '\0', len) != NULL) {
		client_error(srv, i, EINVAL, "malformed request: NUL byte");
		return;
	}
	ngc_reply_init(&r);
	srv->conf.handler(srv->conf.handler_arg, c->in, &r);
	client_reply(srv, i, r.status, ngc_buf_str(&r.body), r.body.len);
	ngc_reply_free(&r);
	__atomic_fetch_add(&srv->answered, 1, __ATOMIC_RELAXED);
}

/*
 * Whether a client at EOF closed its socket whole, rather than only its
 * sending side: an AF_UNIX peer's close shuts both directions of ours
 * (POLLHUP), its shutdown(SHUT_WR) our receiving side alone.
 */
static int
peer_closed(int fd)
{
	struct pollfd p = { .fd = fd };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLHUP) != 0;
}

/*
 * Returns 1 if the client is done and must be closed.  A request is at
 * most NGC_REQ_MAX bytes with its newline (ngc_proto.h), so no more than
 * that is ever read: a newline among them ends a request that fits, and
 * NGC_REQ_MAX bytes without one are too long, however the client's writes
 * split them.  A request ended by EOF has the same room for its text.
 *
 * Only the client's shutdown(SHUT_WR) ends a request at EOF.  Text with no
 * newline from a client that closed the socket is a request cut short (a
 * client killed or gone mid-write): it is dropped, not run.  It was run as
 * far as it came, so that "name ng0: uplink" cut after "upl" named the
 * node "upl", for nobody to read the reply.
 */
static int
client_read(struct ngc_server *srv, unsigned int i)
{
	struct client *c = srv->slot[i];
	char *nl;
	ssize_t n;

	for (;;) {
		n = recv(c->fd, c->in + c->in_len, NGC_REQ_MAX - c->in_len,
			 MSG_DONTWAIT);
		if (n < 0)
			return errno != EAGAIN && errno != EINTR;
		if (n == 0) {
			if (c->in_len == 0 || peer_closed(c->fd))
				return 1;
			client_request(srv, i, c->in_len);
			return 0;
		}
		nl = memchr(c->in + c->in_len, '\n', (size_t)n);
		c->in_len += (size_t)n;
		if (nl != NULL) {
			client_request(srv, i, (size_t)(nl - c->in));
			return 0;
		}
		if (c->in_len == NGC_REQ_MAX) {
			client_error(srv, i, E2BIG, "request too long");
			return 0;
		}
	}
}

/* Returns 1 when the reply is out (or cannot be sent). */
static int
client_write(struct ngc_server *srv, unsigned int i)
{
	struct client *c = srv->slot[i];
	ssize_t n;

	while (c->out_off < c->out.len) {
		n = send(c->fd, c->out.p + c->out_off, c->out.len - c->out_off,
			 MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0)
			return errno != EAGAIN && errno != EINTR;
		c->out_off += (size_t)n;
	}
	return 1;
}

static void
client_event(struct ngc_server *srv, unsigned int i, uint32_t events)
{
	struct client *c = srv->slot[i];
	int done = 0;

	if (c == NULL)
		return;
	if (c->state == CLIENT_READING && (events & (EPOLLIN | EPOLLHUP |
						     EPOLLERR)))
		done = client_read(srv, i);
	if (!done && c->state == CLIENT_WRITING)
		done = client_write(srv, i);
	if (done)
		client_close(srv, i);
}

/************************************************************************
			ACCEPTING
 ************************************************************************/

static int
peer_allowed(const struct ngc_server *srv, int fd)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) != 0)
		return 0;
	if (cr.uid == 0 || cr.uid == srv->owner)
		return 1;
	if (srv->conf.allow_uid && cr.uid == srv->conf.uid)
		return 1;
	return srv->conf.group_access && cr.gid == srv->conf.gid;
}

static int
free_slot(const struct ngc_server *srv)
{
	unsigned int i;

	for (i = 0; i < srv->conf.max_clients; i++)
		if (srv->slot[i] == NULL)
			return (int)i;
	return -1;
}

/*
 * Read and drop what a client sent, at most a request's worth, without
 * blocking: a socket closed with unread data resets its peer, which would
 * then lose the reply written before the close.
 */
static void
drain_request(int fd)
{
	char sink[4096];
	size_t got;
	ssize_t n;

	for (got = 0; got < NGC_REQ_MAX; got += (size_t)n) {
		n = recv(fd, sink, sizeof(sink), MSG_DONTWAIT);
		if (n <= 0)
			break;
	}
}

/*
 * A connection the server cannot take (every slot busy, no memory) is told
 * why and closed, where it was closed unanswered (ngctl: "Protocol error",
 * exit 76, for what EAGAIN says: try again).  Its request is drained
 * first, as stop_clients does; one try each, so that no such client holds
 * the server.
 */
static void
turn_away(int fd, int status, const char *detail)
{
	char buf[NGC_REPLY_HDR_MAX + 128];
	int len;

	drain_request(fd);
	len = reply_head(buf, sizeof(buf), status, strlen(detail) + 1);
	len += snprintf(buf + len, sizeof(buf) - (size_t)len, "%s\n", detail);
	(void)!send(fd, buf, (size_t)len, MSG_DONTWAIT | MSG_NOSIGNAL);
	close(fd);
}

static void
accept_one(struct ngc_server *srv, int fd)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct client *c;
	int i = free_slot(srv);

	if (i < 0) {
		turn_away(fd, EAGAIN, "too many clients: try again");
		return;
	}
	c = calloc(1, sizeof(*c));
	if (c != NULL)
		c->in = malloc(NGC_REQ_MAX + 1);	/* and a NUL */
	if (c == NULL || c->in == NULL) {
		free(c);
		turn_away(fd, ENOMEM, "out of memory");
		return;
	}
	c->fd = fd;
	c->deadline = now_ms() + srv->conf.timeout_ms;
	ngc_buf_init(&c->out, NGC_REPLY_BODY_MAX + NGC_REPLY_HDR_MAX);
	ev.data.u64 = SRV_EV_BASE + (unsigned int)i;
	srv->slot[i] = c;
	srv->nb_clients++;
	epoll_ctl(srv->epfd, EPOLL_CTL_ADD, fd, &ev);
	if (!peer_allowed(srv, fd)) {
		/* read first, as turn_away does: EOF after the reply */
		drain_request(fd);
		client_error(srv, (unsigned int)i, EACCES,
			     "permission denied: peer uid not allowed");
		client_event(srv, (unsigned int)i, 0);
	}
}

static void
accept_all(struct ngc_server *srv)
{
	int fd;

	for (;;) {
		fd = accept4(srv->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM)
				listen_pause(srv);
			return;
		}
		accept_one(srv, fd);
	}
}

/************************************************************************
			THE LOOP
 ************************************************************************/

/*
 * Close clients past their deadline, and take the listening socket back
 * once its pause is over; return ms until the next of these.  A client
 * still reading is read once more first: a request that came whole while
 * a slow one ran (a hot-plug waits up to 10 s on a secondary) is waiting
 * in its socket, its event not yet seen, and was told "request timed
 * out" for the server's delay.
 */
static int
expire(struct ngc_server *srv)
{
	uint64_t now = now_ms(), next = now + 1000;
	unsigned int i;
	struct client *c;

	if (srv->accept_paused) {
		if (srv->accept_retry <= now)
			listen_resume(srv);
		else if (srv->accept_retry < next)
			next = srv->accept_retry;
	}

	for (i = 0; i < srv->conf.max_clients; i++) {
		c = srv->slot[i];
		if (c == NULL)
			continue;
		if (c->deadline <= now && c->state == CLIENT_READING &&
		    client_read(srv, i)) {
			client_close(srv, i);
			continue;
		}
		if (c->deadline <= now) {
			if (c->state == CLIENT_READING)
				client_error(srv, i, ETIMEDOUT,
					     "request timed out");
			client_write(srv, i);
			client_close(srv, i);
		} else if (c->deadline < next) {
			next = c->deadline;
		}
	}
	return (int)(next - now);
}

/*
 * Remove the socket's name if it still is the file bind() made: someone
 * may have removed it by hand and another server bound the path since
 * (a second relay), whose socket is not ours to take away.
 */
static void
unlink_own(struct ngc_server *srv)
{
	struct stat st;

	if (srv->bound && lstat(srv->path, &st) == 0 &&
	    st.st_dev == srv->sock_dev && st.st_ino == srv->sock_ino)
		unlink(srv->path);
	srv->bound = 0;
}

/*
 * Stopping: the socket's name goes first, so that a client that comes
 * now finds no server.  A client still waiting for its answer, accepted
 * or in the listen backlog, is told ESHUTDOWN and its request is not
 * run; it used to find the connection closed with no reply (ngctl:
 * "Protocol error (EPROTO)", exit 76) or reset (ECONNRESET, exit 74).
 * What it sent is read first (drain_request).  Nothing blocks: one try
 * each.
 */
static void
stop_clients(struct ngc_server *srv)
{
	unsigned int i;
	struct client *c;
	int fd;

	/* no new client from here on ("no server there") */
	unlink_own(srv);
	for (i = 0; i < srv->conf.max_clients; i++) {
		c = srv->slot[i];
		if (c == NULL)
			continue;
		if (c->state == CLIENT_READING) {
			drain_request(c->fd);
			client_error(srv, i, ESHUTDOWN,
				     "server stopping: request not run");
		}
		client_write(srv, i);
		client_close(srv, i);
	}
	/*
	 * Then the backlog, with the descriptors those freed: taken first,
	 * out of descriptors (EMFILE), it stayed where it was and was reset
	 * by the close below, with no reply.
	 */
	while ((fd = accept4(srv->lfd, NULL, NULL,
			     SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0)
		turn_away(fd, ESHUTDOWN, "server stopping: request not run");
	close(srv->lfd);
	srv->lfd = -1;
}

void *
ngc_server_thread(void *arg)
{
	struct ngc_server *srv = arg;
	struct epoll_event ev[SRV_MAX_EVENTS];
	int n, k, timeout, listen_ready, stop = 0;

	while (!stop) {
		timeout = expire(srv);
		n = epoll_wait(srv->epfd, ev, SRV_MAX_EVENTS, timeout);
		listen_ready = 0;
		for (k = 0; k < n; k++) {
			if (ev[k].data.u64 == SRV_EV_WAKE)
				stop = 1;
			else if (ev[k].data.u64 == SRV_EV_LISTEN)
				listen_ready = 1;
			else
				client_event(srv, (unsigned int)
					     (ev[k].data.u64 - SRV_EV_BASE),
					     ev[k].events);
		}
		if (listen_ready && !stop)
			accept_all(srv);
	}
	stop_clients(srv);
	return NULL;
}

/************************************************************************
			SET-UP AND TEAR-DOWN
 ************************************************************************/

static int
srv_listen(struct ngc_server *srv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	mode_t mode = srv->conf.mode;

	if (mode == 0)
		mode = srv->conf.group_access ? 0660 : 0600;
	if (lstat(srv->path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode))
			return -EEXIST;
		/*
		 * A stale socket that cannot go (a read-only directory, one
		 * the process may not write) would fail bind() with
		 * EADDRINUSE, which reads as a live server: say why instead.
		 */
		if (unlink(srv->path) != 0 && errno != ENOENT)
			return -errno;
	}
	srv->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
			  0);
	if (srv->lfd < 0)
		return -errno;
	memcpy(sa.sun_path, srv->path, sizeof(srv->path));
	if (bind(srv->lfd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		return -errno;
	if (lstat(srv->path, &st) != 0)
		return -errno;
	srv->bound = 1;
	srv->sock_dev = st.st_dev;
	srv->sock_ino = st.st_ino;
	/*
	 * Nobody can connect before listen(): fix the mode first.  Not
	 * through a symlink: in a directory others may write, the name could
	 * be swapped for one since bind(), and root's chmod would follow it.
	 */
	if (fchmodat(AT_FDCWD, srv->path, mode, AT_SYMLINK_NOFOLLOW) != 0)
		return -errno;
	if (srv->conf.group_access &&
	    fchownat(AT_FDCWD, srv->path, (uid_t)-1, srv->conf.gid,
		     AT_SYMLINK_NOFOLLOW) != 0)
		return -errno;
	if (listen(srv->lfd, 512) != 0)
		return -errno;
	return 0;
}

static int
srv_epoll(struct ngc_server *srv)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int ret;

	srv->epfd = epoll_create1(EPOLL_CLOEXEC);
	srv->evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (srv->epfd < 0 || srv->evfd < 0)
		return -errno;
	ret = listen_watch(srv);
	if (ret != 0)
		return ret;
	ev.data.u64 = SRV_EV_WAKE;
	if (epoll_ctl(srv->epfd, EPOLL_CTL_ADD, srv->evfd, &ev) != 0)
		return -errno;
	return 0;
}

static void
srv_free(struct ngc_server *srv)
{
	unsigned int i;

	for (i = 0; srv->slot != NULL && i < srv->conf.max_clients; i++)
		if (srv->slot[i] != NULL)
			client_close(srv, i);
	if (srv->lfd >= 0)
		close(srv->lfd);
	unlink_own(srv);
	if (srv->epfd >= 0)
		close(srv->epfd);
	if (srv->evfd >= 0)
		close(srv->evfd);
	free(srv->slot);
	free(srv);
}

int
ngc_server_create(const struct ngc_server_conf *conf, struct ngc_server **out)
{
	struct ngc_server *srv;
	int ret;

	if (conf->path == NULL || conf->path[0] == '\0')
		return -EINVAL;
	srv = calloc(1, sizeof(*srv));
	if (srv == NULL)
		return -ENOMEM;
	srv->conf = *conf;
	srv->lfd = srv->epfd = srv->evfd = -1;
	srv->owner = geteuid();
	if (srv->conf.timeout_ms == 0)
		srv->conf.timeout_ms = NGC_DEFAULT_TIMEOUT_MS;
	if (srv->conf.max_clients == 0)
		srv->conf.max_clients = 1024;
	if (srv->conf.handler == NULL) {
		srv->conf.handler = default_handler;
		srv->conf.handler_arg = &srv->conf;
	}
	srv->slot = calloc(srv->conf.max_clients, sizeof(*srv->slot));
	if (srv->slot == NULL) {
		srv_free(srv);
		return -ENOMEM;
	}
	if (strlen(conf->path) >= sizeof(srv->path)) {
		srv_free(srv);
		return -ENAMETOOLONG;
	}
	snprintf(srv->path, sizeof(srv->path), "%s", conf->path);
	ret = srv_listen(srv);
	if (ret == 0)
		ret = srv_epoll(srv);
	if (ret != 0) {
		srv_free(srv);
		return ret;
	}
	*out = srv;
	return 0;
}

int
ngc_server_start(struct ngc_server *srv)
{
	int ret = pthread_create(&srv->tid, NULL, ngc_server_thread, srv);

	if (ret != 0)
		return -ret;
	srv->started = 1;
	return 0;
}

void
ngc_server_wake(struct ngc_server *srv)
{
	uint64_t one = 1;

	if (write(srv->evfd, &one, sizeof(one)) < 0)
		return;
}

void
ngc_server_stop(struct ngc_server *srv)
{
	if (srv == NULL)
		return;
	ngc_server_wake(srv);
	if (srv->started)
		pthread_join(srv->tid, NULL);
	srv_free(srv);
}
