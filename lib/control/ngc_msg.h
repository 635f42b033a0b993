/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef NGC_MSG_H
#define NGC_MSG_H

/**
 * @file
 * Netgraph control messages: the header, the type cookies and command
 * numbers, the command table that says how each message's arguments and
 * reply convert to and from ASCII, and the binary encoder and decoder.
 */

#include <stddef.h>
#include <stdint.h>

#include "ngc_buf.h"
#include "ngc_parse.h"

#define NGC_VERSION	8	/**< header version, as NG_VERSION */
#define NGC_CMDSTRSIZ	32	/**< command name, NUL included */
#define NGC_NODESIZ	32	/**< node name, NUL included */
#define NGC_HOOKSIZ	32	/**< hook name, NUL included */
#define NGC_TYPESIZ	32	/**< type name, NUL included */
#define NGC_PATHSIZ	512	/**< path, NUL included */
#define NGC_TEXT_MAX	1024	/**< text config argument, as NG_TEXTRESPONSE */

#define NGC_F_RESP	0x0001u	/**< flags: this is a response */

/** Type cookies. */
#define NGC_GENERIC_COOKIE	1137070366u
#define NGC_FLOW_COOKIE		851672669u
#define NGC_IFACE_COOKIE	1108312559u
#define NGC_HOLE_COOKIE		915433206u

#define NGC_READONLY	0x10000000u

/** Generic commands (every node). */
enum {
	NGC_SHUTDOWN	= 1,
	NGC_MKPEER	= 2,
	NGC_CONNECT	= 3,
	NGC_NAME	= 4,
	NGC_RMHOOK	= 5,
	NGC_NODEINFO	= 6 | NGC_READONLY,
	NGC_LISTHOOKS	= 7 | NGC_READONLY,
	NGC_LISTNAMES	= 8 | NGC_READONLY,
	NGC_LISTNODES	= 9 | NGC_READONLY,
	NGC_LISTTYPES	= 10 | NGC_READONLY,
	NGC_TEXT_STATUS	= 11 | NGC_READONLY,
	NGC_TEXT_CONFIG	= 14,
};

/** Flow-control cookie commands. */
enum {
	NGC_LINK_IS_UP	= 32,
	NGC_LINK_IS_DOWN = 33,
};

/** iface commands. */
enum {
	NGC_IFACE_GET_IFNAME	= 1,
	NGC_IFACE_POINT2POINT	= 2,
	NGC_IFACE_BROADCAST	= 3,
	NGC_IFACE_GET_IFINDEX	= 4,
};

/** hole commands: the argument is a hook name, the reply ngc_hole_stats. */
enum {
	NGC_HOLE_GET_STATS	= 1,
	NGC_HOLE_CLR_STATS	= 2,
	NGC_HOLE_GETCLR_STATS	= 3,
};

/** What a hole's hook discarded, as struct ng_hole_hookstat. */
struct ngc_hole_stats {
	uint64_t frames;
	uint64_t octets;
};

/** Message header, host byte order, as struct ng_mesg. */
struct ngc_mesg_hdr {
	uint8_t version;
	uint8_t spare;
	uint16_t spare2;
	uint32_t arglen;
	uint32_t cmd;
	uint32_t flags;
	uint32_t token;
	uint32_t typecookie;
	char cmdstr[NGC_CMDSTRSIZ];
};

#define NGC_HDR_LEN	sizeof(struct ngc_mesg_hdr)
/** Largest message, header included. */
#define NGC_MSG_MAX	65536u

/* Binary argument and reply layouts; they match the parse types below. */
struct ngc_mkpeer {
	char type[NGC_TYPESIZ];
	char ourhook[NGC_HOOKSIZ];
	char peerhook[NGC_HOOKSIZ];
};

struct ngc_connect {
	char path[NGC_PATHSIZ];
	char ourhook[NGC_HOOKSIZ];
	char peerhook[NGC_HOOKSIZ];
};

struct ngc_name {
	char name[NGC_NODESIZ];
};

struct ngc_rmhook {
	char ourhook[NGC_HOOKSIZ];
};

struct ngc_nodeinfo {
	char name[NGC_NODESIZ];
	char type[NGC_TYPESIZ];
	uint32_t id;
	uint32_t hooks;
};

struct ngc_linkinfo {
	char ourhook[NGC_HOOKSIZ];
	char peerhook[NGC_HOOKSIZ];
	struct ngc_nodeinfo nodeinfo;
};

struct ngc_typeinfo {
	char type_name[NGC_TYPESIZ];
	uint32_t numnodes;
};

/**
 * Most hooks, nodes, types a list reply carries in its ASCII form (msg .
 * listnodes).  The server reads the whole graph whatever its size; the
 * node lists it sends are whole or refused (a reply larger than its
 * buffer: EMSGSIZE), never cut.  A Debian DPDK (RTE_MAX_ETHPORTS 32)
 * makes at most 96 nodes: a port each, and an echo, hole or rings node
 * on each of an iface's two hooks.
 */
#define NGC_MAX_HOOKS	64
#define NGC_MAX_NODES	512
#define NGC_MAX_TYPES	32

extern const struct ngc_type ngc_type_mkpeer, ngc_type_connect;
extern const struct ngc_type ngc_type_name, ngc_type_rmhook;
extern const struct ngc_type ngc_type_nodeinfo, ngc_type_hooklist;
extern const struct ngc_type ngc_type_namelist, ngc_type_typelist;
extern const struct ngc_type ngc_type_mesg_hdr, ngc_type_hole_stats;
extern const struct ngc_type ngc_type_hookbuf;

/** One entry of the command table (as struct ng_cmdlist). */
struct ngc_cmd {
	uint32_t cookie;
	uint32_t cmd;
	const char *name;
	const struct ngc_type *arg;	/**< NULL: no argument */
	const struct ngc_type *reply;	/**< NULL: no reply body */
};

/** Entry for (cookie, cmd), or NULL. */
const struct ngc_cmd *ngc_cmd_by_num(uint32_t cookie, uint32_t cmd);

/**
 * Entry named name among the cookies a node type understands (searched in
 * the order given), or NULL.  Names compare case-sensitively, as netgraph.
 */
const struct ngc_cmd *ngc_cmd_by_name(const uint32_t *cookies,
				      unsigned int nb, const char *name);

/** Iterate the table: entry i, NULL past the end. */
const struct ngc_cmd *ngc_cmd_at(unsigned int i);

/**
 * Build a message: header (cmdstr from c) and arglen bytes of arg.
 * Returns the total length or -ENOSPC/-E2BIG.
 */
int ngc_msg_encode(const struct ngc_cmd *c, uint32_t flags, uint32_t token,
		   const void *arg, size_t arglen, void *buf, size_t cap);

/**
 * ASCII to binary: look name up (see ngc_cmd_by_name), parse args with its
 * argument type and build the message.  -ENOENT unknown command, -EINVAL
 * arguments to a command that takes none or none to one that takes some
 * (netgraph's parser wants a value; ngc_parse() alone takes "" as the
 * type's default), or ngc_parse()'s errors.
 */
int ngc_msg_from_ascii(const uint32_t *cookies, unsigned int nb,
		       const char *name, const char *args, uint32_t token,
		       void *buf, size_t cap, struct ngc_perr *err);

/**
 * Check a binary message: length, version, arglen, NUL in cmdstr.
 * On success *hdr is a copy of the header and *args points into buf.
 */
int ngc_msg_decode(const void *buf, size_t len, struct ngc_mesg_hdr *hdr,
		   const uint8_t **args);

/**
 * Unparse a message's arguments (the reply type if NGC_F_RESP is set, else
 * the argument type; bytes for an unknown command).  No arguments give "".
 */
int ngc_msg_args_ascii(const struct ngc_mesg_hdr *hdr, const uint8_t *args,
		       struct ngc_buf *out);

/** Whole message to ASCII: "<header struct> <args>". */
int ngc_msg_to_ascii(const void *buf, size_t len, struct ngc_buf *out);

#endif /* NGC_MSG_H */
