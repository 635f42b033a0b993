/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * The control socket (--ctl PATH): lib/control's netgraph server embedded
 * in the relay, served from an EAL control thread, never from a forwarding
 * lcore.  "--ctl none" serves nothing.
 */

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "ngc_control.h"
#include "ngc_errno.h"
#include "ngc_proto.h"
#include "relay.h"

static struct ngc_control *relay_ctl;
/* The socket's directory when the relay made it: removed at stop if empty
 * (another relay's socket in it keeps it). */
static char relay_ctl_made_dir[PATH_MAX];

/*
 * Whether a live process serves PATH: 1 yes, 0 no (no file there, or a
 * socket nobody listens on: a stale one, replaced), or a negative errno
 * when the probe cannot tell (EACCES: another user's socket; EPROTOTYPE:
 * a datagram socket of another program), which is then not ours to
 * replace either.
 *
 * The probe does not wait.  A listener whose backlog is full (a relay
 * stopped with SIGSTOP, or hung, and clients queued on it) answers
 * EAGAIN at once, and is live.  A blocking connect waited for room there
 * for ever, and a signal that ended the wait (EINTR) read as "nobody
 * there": the new relay unlinked the live relay's socket and bound its
 * own in its place.
 */
static int
relay_ctl_probe(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, ret, err;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	ret = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	err = ret == 0 ? 0 : errno;
	close(fd);
	if (ret == 0 || err == EAGAIN || err == EINPROGRESS)
		return 1;
	if (err == ECONNREFUSED || err == ENOENT)
		return 0;
	return -err;
}

/*
 * A node one of our links polls (a --stack or --hooks node, or the port of
 * a link) is not shut down while the loops run: its rings and its port
 * would go from under them.  As testpmd wants a port stopped before "port
 * detach", the relay wants the link gone first: stop the relay, or run it
 * without that link.  Nodes made with mkpeer, or joined hook to hook only,
 * go as asked.
 *
 * Nor is a hook a --hooks or --hook link serves cut: the link reads and
 * fills the node's own rings for that hook directly, outside the driver's
 * grace periods, so a hook rebound after the cut (echo, a join) would give
 * those single-consumer rings a second reader.
 */
static int
relay_node_busy(void *arg, uint16_t port, int hook)
{
	const struct relay_config *cfg = arg;
	const struct relay_link *l;
	unsigned int i;

	for (i = 0; i < cfg->nb_links; i++) {
		l = &cfg->links[i];
		if (hook == NGC_GUARD_NODE &&
		    (l->node_port == port || l->port == port))
			return -EBUSY;
		if (hook != NGC_GUARD_NODE && l->kind != RELAY_LINK_STACK &&
		    l->node_port == port && l->serves[hook])
			return -EBUSY;
	}
	return 0;
}

/*
 * Ports come and go on the control thread (mkpeer iface, shutdown); the
 * main lcore's periodic stats walk every node.  ethdev calls on a port
 * released meanwhile would read freed memory, so both hold this lock.
 */
static pthread_mutex_t relay_ports_lock = PTHREAD_MUTEX_INITIALIZER;

void
relay_ports_hold(bool held)
{
	if (held)
		pthread_mutex_lock(&relay_ports_lock);
	else
		pthread_mutex_unlock(&relay_ports_lock);
}

static void
relay_ctl_hold(void *arg __rte_unused, bool held)
{
	relay_ports_hold(held);
}

/*
 * point2point/broadcast on a node the relay forwards on: lib/control stops
 * the port for the change (the driver takes it only then), and the lcores
 * that burst on it wait meanwhile.
 */
static int
relay_ctl_pause(void *arg, uint16_t port, bool paused)
{
	return relay_fwd_pause(arg, port, paused);
}

static const char *
relay_ctl_path(const struct relay_config *cfg)
{
	return cfg->ctl_path != NULL ? cfg->ctl_path : NGC_DEFAULT_SOCKET;
}

/* lib/control replaces a socket only: what is there stays */
#define RELAY_CTL_NOT_SOCKET \
	"exists and is not a socket (a file, a link, a directory): not replaced"

/* "error: control socket PATH: WHAT (ENAME); give another --ctl PATH" */
static int __rte_format_printf(3, 4)
relay_ctl_refuse(const char *path, int err, const char *what, ...)
{
	char name[32];
	va_list ap;

	fprintf(stderr, "error: control socket %s: ", path);
	va_start(ap, what);
	vfprintf(stderr, what, ap);
	va_end(ap);
	fprintf(stderr, " (%s); %sgive another --ctl PATH\n",
		ngc_errno_name(err, name, sizeof(name)),
		err == EEXIST ? "remove it, or " : "");
	return -err;
}

/*
 * What PATH itself says, before anything is bound: the relay makes the
 * socket's directory but none above it, and replaces a socket only.  Such
 * a PATH stays wrong however often a supervisor restarts the relay, so it
 * is an operator's mistake, refused with the plan's errors (exit 2) before
 * any port starts.  What the system may mend (EACCES, EROFS) is left to
 * the probe and the bind.
 */
static int
relay_ctl_check_path(const char *path)
{
	char buf[PATH_MAX], dir[PATH_MAX];
	size_t len = strlen(path);
	struct stat st;

	if (len == 0 || path[len - 1] == '/')
		return relay_ctl_refuse(path, EISDIR,
			"names a directory: name the socket's file in it, as in DIR/ngctl.sock");
	if (lstat(path, &st) == 0 && !S_ISSOCK(st.st_mode))
		return relay_ctl_refuse(path, EEXIST, RELAY_CTL_NOT_SOCKET);
	/* dirname() may return a string of its own ("." for "x.sock") */
	snprintf(buf, sizeof(buf), "%s", path);
	snprintf(dir, sizeof(dir), "%s", dirname(buf));
	if (stat(dir, &st) == 0)
		return S_ISDIR(st.st_mode) ? 0 : relay_ctl_refuse(path,
			ENOTDIR, "%s is not a directory", dir);
	if (errno == ENOTDIR)
		return relay_ctl_refuse(path, ENOTDIR,
			"a part of %s is not a directory", dir);
	if (errno != ENOENT)
		return 0;
	snprintf(buf, sizeof(buf), "%s", dir);
	if (stat(dirname(buf), &st) == 0 && S_ISDIR(st.st_mode))
		return 0;	/* the relay makes dir */
	return relay_ctl_refuse(path, ENOENT,
		"%s does not exist, nor its parent: the relay makes the socket's directory only",
		dir);
}

/*
 * Refuse a socket another live process serves, before any port starts.
 * The socket itself is not bound this early: lib/control binds and
 * serves in one call, and serving while the ports and hooks are being
 * set up would let ngctl connect, rmhook or shut down what the relay is
 * binding.  So a connect probe here, and once more just before serving;
 * only a relay started in between is found that late (exit 1).
 */
int
relay_ctl_check(const struct relay_config *cfg)
{
	const char *path = relay_ctl_path(cfg);
	char why[RELAY_STRERROR_LEN], name[32];
	int ret;

	if (strcmp(path, "none") == 0)
		return 0;
	ret = relay_ctl_check_path(path);
	if (ret != 0)
		return ret;
	ret = relay_ctl_probe(path);
	if (ret == 0)
		return 0;
	if (ret < 0) {
		fprintf(stderr, "error: control socket %s: cannot tell whether another process serves it: %s; give another --ctl PATH\n",
			path, relay_strerror(-ret, why, sizeof(why)));
		return ret;
	}
	fprintf(stderr, "error: control socket %s: another process serves it (%s); give another --ctl PATH, or stop that process\n",
		path, ngc_errno_name(EADDRINUSE, name, sizeof(name)));
	return -EADDRINUSE;
}

int
relay_ctl_start(const struct relay_config *cfg)
{
	const struct ngc_node_guard guard = {
		.busy = relay_node_busy,
		.hold = relay_ctl_hold,
		.pause = relay_ctl_pause,
		.arg = (void *)(uintptr_t)cfg,
	};
	const char *path = relay_ctl_path(cfg);
	struct ngc_server_conf conf = {
		.path = path,
		.ext = &relay_capture_ctl_cmd,
		.nb_ext = 1,
	};
	char dir[PATH_MAX], why[RELAY_STRERROR_LEN];
	int ret, err;

	if (strcmp(path, "none") == 0)
		return 0;
	snprintf(dir, sizeof(dir), "%s", path);
	if (mkdir(dirname(dir), 0755) == 0)
		snprintf(relay_ctl_made_dir, sizeof(relay_ctl_made_dir), "%s",
			 dir);
	else if (errno != EEXIST) {
		/*
		 * The cause: without its directory the bind can only fail,
		 * and its ENOENT, after a warning, read as the path's fault.
		 * The system's to mend (EACCES, EROFS): exit 1.
		 */
		err = errno;
		fprintf(stderr, "error: control socket %s: cannot make its directory %s: %s\n",
			path, dir, relay_strerror(err, why, sizeof(why)));
		return -err;
	}
	/* again: a relay started since relay_ctl_check() */
	ret = relay_ctl_check(cfg);
	if (ret != 0)
		return ret;
	ret = ngc_control_start(&conf, &guard, &relay_ctl);
	/* a file put there since the check: "File exists" alone would
	 * read as if the relay wanted to create it */
	if (ret == -EEXIST)
		return relay_ctl_refuse(path, EEXIST, RELAY_CTL_NOT_SOCKET);
	if (ret != 0) {
		/* the words, then the errno's name, as the relay's other
		 * errors and ngctl's replies have them */
		fprintf(stderr, "error: control socket %s: %s\n", path,
			relay_strerror(-ret, why, sizeof(why)));
		return ret;
	}
	/* the socket first: the directory goes only empty */
	relay_force_note_file(path, false);
	if (relay_ctl_made_dir[0] != '\0')
		relay_force_note_file(relay_ctl_made_dir, true);
	printf("control socket: %s\n", path);
	return 0;
}

void
relay_ctl_stop(void)
{
	if (relay_ctl != NULL)
		ngc_control_stop(relay_ctl);
	relay_ctl = NULL;
	if (relay_ctl_made_dir[0] != '\0')
		rmdir(relay_ctl_made_dir);
	relay_ctl_made_dir[0] = '\0';
}
