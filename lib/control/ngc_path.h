/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef NGC_PATH_H
#define NGC_PATH_H

/**
 * @file
 * Netgraph addresses as ngctl takes them:
 *   "ng0:"       node by name
 *   "[1f]:"      node by hexadecimal ID
 *   ".:" or "."  the control socket's own node
 *   "ng0:inet"   the node at the far end of hook inet of ng0
 *   "inet"       relative: hook inet of the socket node
 * Hooks chain with dots: "ng0:inet.x".
 */

#include <stdint.h>

#include "ngc_msg.h"

#define NGC_PATH_MAX_HOOKS 8

enum ngc_addr_kind {
	NGC_ADDR_SELF,		/**< ".", ".:" or no node part */
	NGC_ADDR_NAME,
	NGC_ADDR_ID,
};

struct ngc_path {
	enum ngc_addr_kind kind;
	char name[NGC_NODESIZ];
	uint32_t id;
	unsigned int nb_hooks;
	char hooks[NGC_PATH_MAX_HOOKS][NGC_HOOKSIZ];
};

/**
 * Parse s into p, as netgraph's ng_path_parse: -EINVAL for a malformed
 * structure only (empty, an empty node name, a '.' in a node name other
 * than ".", a second ':', two dots in a row), -ENAMETOOLONG for a path of
 * NGC_PATHSIZ or more or more than NGC_PATH_MAX_HOOKS hooks.  What the
 * characters of a name are is left to the lookup; a node or hook name
 * longer than any can be is -ENOENT at once.  "[...]" that does not
 * decode as an ID (ng_decodeidname) is a name.
 */
int ngc_path_parse(const char *s, struct ngc_path *p);

/**
 * 1 if s can name a node: 1..31 bytes, none of ". : [ ] \"", no blank or
 * control character, beyond ASCII whole UTF-8 sequences.
 */
int ngc_name_valid(const char *s);

/** 1 if s can name a hook: as a node name (ngc_name_valid()). */
int ngc_hook_valid(const char *s);

#endif /* NGC_PATH_H */
