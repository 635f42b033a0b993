/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * The message model: parse types of the generic, flow, iface and hole
 * messages, the one command table, and the binary encoder/decoder.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ngc_msg.h"

/************************************************************************
			ARGUMENT AND REPLY TYPES
 ************************************************************************/

#define NGC_FIXSTR(var, n) \
	static const struct ngc_type var = { \
		.kind = NGC_KIND_FIXSTR, .name = #var, .size = n, \
	}

NGC_FIXSTR(fixstr_node, NGC_NODESIZ);
NGC_FIXSTR(fixstr_type, NGC_TYPESIZ);
NGC_FIXSTR(fixstr_path, NGC_PATHSIZ);
NGC_FIXSTR(fixstr_cmd, NGC_CMDSTRSIZ);

/*
 * A hook name, as ng_parse_hookbuf_type: in the structs below and on its
 * own, ng_hole's argument.
 */
const struct ngc_type ngc_type_hookbuf = {
	.kind = NGC_KIND_FIXSTR, .name = "hookbuf", .size = NGC_HOOKSIZ,
};

static const struct ngc_field mkpeer_fields[] = {
	{ "type", &fixstr_type },
	{ "ourhook", &ngc_type_hookbuf },
	{ "peerhook", &ngc_type_hookbuf },
	{ NULL, NULL },
};
const struct ngc_type ngc_type_mkpeer = {
	.kind = NGC_KIND_STRUCT, .name = "mkpeer", .fields = mkpeer_fields,
};

static const struct ngc_field connect_fields[] = {
	{ "path", &fixstr_path },
	{ "ourhook", &ngc_type_hookbuf },
	{ "peerhook", &ngc_type_hookbuf },
	{ NULL, NULL },
};
const struct ngc_type ngc_type_connect = {
	.kind = NGC_KIND_STRUCT, .name = "connect", .fields = connect_fields,
};

static const struct ngc_field name_fields[] = {
	{ "name", &fixstr_node },
	{ NULL, NULL },
};
const struct ngc_type ngc_type_name = {
	.kind = NGC_KIND_STRUCT, .name = "name", .fields = name_fields,
};

static const struct ngc_field rmhook_fields[] = {
	{ "hook", &ngc_type_hookbuf },
	{ NULL, NULL },
};
const struct ngc_type ngc_type_rmhook = {
	.kind = NGC_KIND_STRUCT, .name = "rmhook", .fields = rmhook_fields,
};

static const struct ngc_field nodeinfo_fields[] = {
	{ "name", &fixstr_node },
	{ "type", &fixstr_type },
	{ "id", &ngc_type_hint32 },	/* FreeBSD prints id=0x1 */
	{ "hooks", &ngc_type_uint32 },
	{ NULL, NULL },
};
const struct ngc_type ngc_type_nodeinfo = {
	.kind = NGC_KIND_STRUCT, .name = "nodeinfo", .fields = nodeinfo_fields,
};

static const struct ngc_field linkinfo_fields[] = {
	{ "ourhook", &ngc_type_hookbuf },
	{ "peerhook", &ngc_type_hookbuf },
	{ "nodeinfo", &ngc_type_nodeinfo },
	{ NULL, NULL },
};
static const struct ngc_type linkinfo_type = {
	.kind = NGC_KIND_STRUCT, .name = "linkinfo", .fields = linkinfo_fields,
};
static const struct ngc_type linkinfo_array = {
	.kind = NGC_KIND_VARRAY, .name = "linkinfo_array",
	.size = NGC_MAX_HOOKS, .elem = &linkinfo_type,
};
static const struct ngc_field hooklist_fields[] = {
	{ "nodeinfo", &ngc_type_nodeinfo },
	{ "linkinfo", &linkinfo_array },
	{ NULL, NULL },
};
const struct ngc_type ngc_type_hooklist = {
	.kind = NGC_KIND_STRUCT, .name = "hooklist", .fields = hooklist_fields,
};

static const struct ngc_type nodeinfo_array = {
	.kind = NGC_KIND_VARRAY, .name = "nodeinfo_array",
	.size = NGC_MAX_NODES, .elem = &ngc_type_nodeinfo,
	.count_name = "numnames",
};
static const struct ngc_field namelist_fields[] = {
	{ "nodeinfo", &nodeinfo_array },
	{ NULL, NULL },
};
const struct ngc_type ngc_type_namelist = {
	.kind = NGC_KIND_STRUCT, .name = "namelist", .fields = namelist_fields,
};

static const struct ngc_field typeinfo_fields[] = {
	{ "typename", &fixstr_type },
	{ "numnodes", &ngc_type_uint32 },
	{ NULL, NULL },
};
static const struct ngc_type typeinfo_type = {
	.kind = NGC_KIND_STRUCT, .name = "typeinfo", .fields = typeinfo_fields,
};
static const struct ngc_type typeinfo_array = {
	.kind = NGC_KIND_VARRAY, .name = "typeinfo_array",
	.size = NGC_MAX_TYPES, .elem = &typeinfo_type,
	.count_name = "numtypes",
};
static const struct ngc_field typelist_fields[] = {
	{ "typeinfo", &typeinfo_array },
	{ NULL, NULL },
};
const struct ngc_type ngc_type_typelist = {
	.kind = NGC_KIND_STRUCT, .name = "typelist", .fields = typelist_fields,
};

static const struct ngc_field hole_stats_fields[] = {
	{ "frames", &ngc_type_uint64 },
	{ "octets", &ngc_type_uint64 },
	{ NULL, NULL },
};
const struct ngc_type ngc_type_hole_stats = {
	.kind = NGC_KIND_STRUCT, .name = "hole_stats",
	.fields = hole_stats_fields,
};

static const struct ngc_field mesg_hdr_fields[] = {
	{ "version", &ngc_type_uint8 },
	{ "spare", &ngc_type_uint8 },
	{ "spare2", &ngc_type_uint16 },
	{ "arglen", &ngc_type_uint32 },
	{ "cmd", &ngc_type_uint32 },
	{ "flags", &ngc_type_uint32 },
	{ "token", &ngc_type_uint32 },
	{ "typecookie", &ngc_type_uint32 },
	{ "cmdstr", &fixstr_cmd },
	{ NULL, NULL },
};
const struct ngc_type ngc_type_mesg_hdr = {
	.kind = NGC_KIND_STRUCT, .name = "ng_mesg", .fields = mesg_hdr_fields,
};

/************************************************************************
			THE COMMAND TABLE
 ************************************************************************/

static const struct ngc_cmd ngc_cmds[] = {
	/* generic: every node */
	{ NGC_GENERIC_COOKIE, NGC_SHUTDOWN, "shutdown", NULL, NULL },
	{ NGC_GENERIC_COOKIE, NGC_MKPEER, "mkpeer", &ngc_type_mkpeer, NULL },
	{ NGC_GENERIC_COOKIE, NGC_CONNECT, "connect", &ngc_type_connect, NULL },
	{ NGC_GENERIC_COOKIE, NGC_NAME, "name", &ngc_type_name, NULL },
	{ NGC_GENERIC_COOKIE, NGC_RMHOOK, "rmhook", &ngc_type_rmhook, NULL },
	{ NGC_GENERIC_COOKIE, NGC_NODEINFO, "nodeinfo", NULL,
	  &ngc_type_nodeinfo },
	{ NGC_GENERIC_COOKIE, NGC_LISTHOOKS, "listhooks", NULL,
	  &ngc_type_hooklist },
	{ NGC_GENERIC_COOKIE, NGC_LISTNAMES, "listnames", NULL,
	  &ngc_type_namelist },
	{ NGC_GENERIC_COOKIE, NGC_LISTNODES, "listnodes", NULL,
	  &ngc_type_namelist },
	{ NGC_GENERIC_COOKIE, NGC_LISTTYPES, "listtypes", NULL,
	  &ngc_type_typelist },
	{ NGC_GENERIC_COOKIE, NGC_TEXT_STATUS, "textstatus", NULL,
	  &ngc_type_string },
	{ NGC_GENERIC_COOKIE, NGC_TEXT_CONFIG, "textconfig", &ngc_type_string,
	  &ngc_type_string },
	/* flow control: link state */
	{ NGC_FLOW_COOKIE, NGC_LINK_IS_UP, "linkup", NULL, NULL },
	{ NGC_FLOW_COOKIE, NGC_LINK_IS_DOWN, "linkdown", NULL, NULL },
	/* iface */
	{ NGC_IFACE_COOKIE, NGC_IFACE_GET_IFNAME, "getifname", NULL,
	  &ngc_type_string },
	{ NGC_IFACE_COOKIE, NGC_IFACE_POINT2POINT, "point2point", NULL, NULL },
	{ NGC_IFACE_COOKIE, NGC_IFACE_BROADCAST, "broadcast", NULL, NULL },
	{ NGC_IFACE_COOKIE, NGC_IFACE_GET_IFINDEX, "getifindex", NULL,
	  &ngc_type_uint32 },
	/* hole: the argument names the hole's own hook */
	{ NGC_HOLE_COOKIE, NGC_HOLE_GET_STATS, "getstats", &ngc_type_hookbuf,
	  &ngc_type_hole_stats },
	{ NGC_HOLE_COOKIE, NGC_HOLE_CLR_STATS, "clrstats", &ngc_type_hookbuf,
	  NULL },
	{ NGC_HOLE_COOKIE, NGC_HOLE_GETCLR_STATS, "getclrstats",
	  &ngc_type_hookbuf,
	  &ngc_type_hole_stats },
};

#define NGC_NB_CMDS (sizeof(ngc_cmds) / sizeof(ngc_cmds[0]))

const struct ngc_cmd *
ngc_cmd_at(unsigned int i)
{
	return i < NGC_NB_CMDS ? &ngc_cmds[i] : NULL;
}

const struct ngc_cmd *
ngc_cmd_by_num(uint32_t cookie, uint32_t cmd)
{
	unsigned int i;

	for (i = 0; i < NGC_NB_CMDS; i++)
		if (ngc_cmds[i].cookie == cookie && ngc_cmds[i].cmd == cmd)
			return &ngc_cmds[i];
	return NULL;
}

const struct ngc_cmd *
ngc_cmd_by_name(const uint32_t *cookies, unsigned int nb, const char *name)
{
	unsigned int i, k;

	for (k = 0; k < nb; k++)
		for (i = 0; i < NGC_NB_CMDS; i++)
			if (ngc_cmds[i].cookie == cookies[k] &&
			    strcmp(ngc_cmds[i].name, name) == 0)
				return &ngc_cmds[i];
	return NULL;
}

/************************************************************************
			ENCODER AND DECODER
 ************************************************************************/

int
ngc_msg_encode(const struct ngc_cmd *c, uint32_t flags, uint32_t token,
	       const void *arg, size_t arglen, void *buf, size_t cap)
{
	struct ngc_mesg_hdr h;

	if (arglen > NGC_MSG_MAX - NGC_HDR_LEN)
		return -E2BIG;
	if (cap < NGC_HDR_LEN + arglen)
		return -ENOSPC;
	memset(&h, 0, sizeof(h));
	h.version = NGC_VERSION;
	h.arglen = (uint32_t)arglen;
	h.cmd = c->cmd;
	h.flags = flags;
	h.token = token;
	h.typecookie = c->cookie;
	strncpy(h.cmdstr, c->name, sizeof(h.cmdstr) - 1);
	memcpy(buf, &h, sizeof(h));
	if (arglen != 0)
		memmove((uint8_t *)buf + NGC_HDR_LEN, arg, arglen);
	return (int)(NGC_HDR_LEN + arglen);
}

int
ngc_msg_from_ascii(const uint32_t *cookies, unsigned int nb,
		   const char *name, const char *args, uint32_t token,
		   void *buf, size_t cap, struct ngc_perr *err)
{
	const struct ngc_cmd *c = ngc_cmd_by_name(cookies, nb, name);
	uint8_t *a = (uint8_t *)buf + NGC_HDR_LEN;
	bool blank;
	int n = 0;

	if (err != NULL) {
		err->off = 0;
		err->msg[0] = '\0';
	}
	if (c == NULL)
		return -ENOENT;
	if (cap < NGC_HDR_LEN)
		return -ENOSPC;
	if (cap > NGC_MSG_MAX)
		cap = NGC_MSG_MAX;
	blank = args == NULL || args[strspn(args, " \t\r\n")] == '\0';
	if (c->arg == NULL) {
		if (!blank)
			return -EINVAL;
	} else if (blank) {
		/* as netgraph's parser, which wants a value for the type */
		if (err != NULL)
			snprintf(err->msg, sizeof(err->msg),
				 "an argument is required");
		return -EINVAL;
	} else {
		n = ngc_parse(c->arg, args, a, cap - NGC_HDR_LEN, err);
		if (n < 0)
			return n;
	}
	return ngc_msg_encode(c, 0, token, a, (size_t)n, buf, cap);
}

int
ngc_msg_decode(const void *buf, size_t len, struct ngc_mesg_hdr *hdr,
	       const uint8_t **args)
{
	if (len < NGC_HDR_LEN || len > NGC_MSG_MAX)
		return -EINVAL;
	memcpy(hdr, buf, sizeof(*hdr));
	if (hdr->version != NGC_VERSION)
		return -EPROTONOSUPPORT;
	if (hdr->arglen != len - NGC_HDR_LEN)
		return -EINVAL;
	if (memchr(hdr->cmdstr, 0, sizeof(hdr->cmdstr)) == NULL)
		return -EINVAL;
	*args = (const uint8_t *)buf + NGC_HDR_LEN;
	return 0;
}

int
ngc_msg_args_ascii(const struct ngc_mesg_hdr *hdr, const uint8_t *args,
		   struct ngc_buf *out)
{
	const struct ngc_cmd *c = ngc_cmd_by_num(hdr->typecookie, hdr->cmd);
	const struct ngc_type *t = &ngc_type_bytes;

	if (c != NULL)
		t = (hdr->flags & NGC_F_RESP) ? c->reply : c->arg;
	if (hdr->arglen == 0 && (t == NULL || t == &ngc_type_bytes))
		return 0;
	if (t == NULL)
		t = &ngc_type_bytes;
	return ngc_unparse(t, args, hdr->arglen, out);
}

int
ngc_msg_to_ascii(const void *buf, size_t len, struct ngc_buf *out)
{
	struct ngc_mesg_hdr hdr;
	const uint8_t *args;
	int ret;

	ret = ngc_msg_decode(buf, len, &hdr, &args);
	if (ret != 0)
		return ret;
	ret = ngc_unparse(&ngc_type_mesg_hdr, &hdr, sizeof(hdr), out);
	if (ret != 0)
		return ret;
	if (hdr.arglen == 0)
		return 0;
	ngc_buf_puts(out, " ");
	return ngc_msg_args_ascii(&hdr, args, out);
}
