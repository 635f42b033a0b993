/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef NGC_SERVER_H
#define NGC_SERVER_H

/**
 * @file
 * The control socket server: a Unix stream socket served by one thread
 * with epoll.  Each client gets one request and one reply within its
 * deadline; a slow or silent client costs a slot, never time of others.
 */

#include <stdint.h>
#include <sys/types.h>

#include "ngc_exec.h"

struct ngc_server;

struct ngc_server_conf {
	const char *path;	/**< socket path; an old socket there is replaced */
	mode_t mode;		/**< 0: 0600, or 0660 with group_access */
	gid_t gid;		/**< group of the socket when group_access */
	int group_access;	/**< also accept peers whose gid is gid */
	uid_t uid;		/**< extra uid accepted when allow_uid */
	int allow_uid;
	unsigned int timeout_ms;	/**< per client; 0: NGC_DEFAULT_TIMEOUT_MS */
	unsigned int max_clients;	/**< 0: 1024 */
	/** Executes one request; NULL means ngc_exec() on graph. */
	void (*handler)(void *arg, const char *line, struct ngc_reply *r);
	void *handler_arg;
	struct ngc_graph graph;
	/**
	 * Extension commands the default handler serves (ngc_exec_ext());
	 * the table must outlive the server.
	 */
	const struct ngc_ext_cmd *ext;
	unsigned int nb_ext;
};

/** Create the socket and listen.  Returns 0 or -errno. */
int ngc_server_create(const struct ngc_server_conf *conf,
		      struct ngc_server **srv);

/**
 * The serving loop, as a thread body: run it with pthread_create() or
 * rte_ctrl_thread_create().  Returns when ngc_server_stop() is called.
 */
void *ngc_server_thread(void *srv);

/** Start ngc_server_thread() on a plain pthread. */
int ngc_server_start(struct ngc_server *srv);

/** Wake the loop, wait for it if started here, close and unlink. */
void ngc_server_stop(struct ngc_server *srv);

/** Ask the loop to return (e.g. before joining a thread one created). */
void ngc_server_wake(struct ngc_server *srv);

/** Requests answered so far (for tests and stats). */
uint64_t ngc_server_answered(const struct ngc_server *srv);

#endif /* NGC_SERVER_H */
