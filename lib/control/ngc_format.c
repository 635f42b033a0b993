/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#include <stdio.h>
#include <string.h>

#include "ngc_errno.h"
#include "ngc_format.h"

/************************************************************************
			NGCTL TEXT
 ************************************************************************/

static const char *
name_or_unnamed(const char *name)
{
	return name[0] != '\0' ? name : NGC_UNNAMED;
}

void
ngc_fmt_node(struct ngc_buf *out, const struct ngc_nodeinfo *ni)
{
	ngc_buf_printf(out,
		       "  Name: %-15s Type: %-15s ID: %08x   Num hooks: %u\n",
		       name_or_unnamed(ni->name), ni->type, ni->id, ni->hooks);
}

/* show's hook table: five left-aligned columns, the widths ngctl users know */
enum { HOOK_COLS = 5 };

static void
hook_row(struct ngc_buf *out, const char *const cell[HOOK_COLS])
{
	static const int width[HOOK_COLS] = { 15, 15, 12, 15, 15 };
	unsigned int c;

	for (c = 0; c < HOOK_COLS; c++)
		ngc_buf_printf(out, "%s%-*s", c == 0 ? "  " : " ", width[c],
			       cell[c]);
	ngc_buf_puts(out, "\n");
}

/* The hook table of show (nothing if n == 0). */
static void
fmt_hooks(struct ngc_buf *out, const struct ngc_linkinfo *l, unsigned int n)
{
	static const char *const title[HOOK_COLS] = {
		"Local hook", "Peer name", "Peer type", "Peer ID", "Peer hook",
	};
	static const char *const rule[HOOK_COLS] = {
		"----------", "---------", "---------", "-------", "---------",
	};
	const char *cell[HOOK_COLS];
	char peer_id[sizeof("ffffffff")];
	unsigned int i;

	if (n == 0)
		return;
	hook_row(out, title);
	hook_row(out, rule);
	for (i = 0; i < n; i++) {
		snprintf(peer_id, sizeof(peer_id), "%08x", l[i].nodeinfo.id);
		cell[0] = l[i].ourhook;
		cell[1] = name_or_unnamed(l[i].nodeinfo.name);
		cell[2] = l[i].nodeinfo.type;
		cell[3] = peer_id;
		cell[4] = l[i].peerhook;
		hook_row(out, cell);
	}
}

void
ngc_fmt_types(struct ngc_buf *out, const struct ngc_typeinfo *t,
	      unsigned int n)
{
	unsigned int i;

	ngc_buf_printf(out, "There are %u total types:\n", n);
	if (n > 0) {
		ngc_buf_printf(out, "%15s   Number of living nodes\n",
			       "Type name");
		ngc_buf_printf(out, "%15s   ----------------------\n",
			       "---------");
	}
	for (i = 0; i < n; i++)
		ngc_buf_printf(out, "%15s   %5u\n", t[i].type_name,
			       t[i].numnodes);
}

void
ngc_fmt_response(struct ngc_buf *out, const char *cmdstr, uint32_t cmd,
		 uint32_t id, const char *args)
{
	ngc_buf_printf(out, "Rec'd response \"%s\" (%u) from \"[%x]:\":\n",
		       cmdstr, cmd, id);
	if (args == NULL || args[0] == '\0')
		ngc_buf_puts(out, "No arguments\n");
	else
		ngc_buf_printf(out, "Args:\t%s\n", args);
}

/* show, text or JSON: the one layout the server and ngctl's "show ." use */
void
ngc_show(struct ngc_buf *out, int json, const struct ngc_nodeinfo *ni,
	 const struct ngc_linkinfo *l, unsigned int n, int no_hooks)
{
	if (json) {
		ngc_buf_puts(out, "{\"node\":");
		ngc_json_node(out, ni);
		ngc_buf_puts(out, ",\"hooks\":");
		ngc_json_hooks(out, l, no_hooks ? 0 : n);
		ngc_buf_puts(out, "}");
	} else {
		ngc_fmt_node(out, ni);
		if (!no_hooks)
			fmt_hooks(out, l, n);
	}
}

/************************************************************************
			GRAPHVIZ
 ************************************************************************/

/* s inside a quoted record label: the record's own syntax escaped */
static void
dot_label_str(struct ngc_buf *out, const char *s)
{
	for (; *s != '\0'; s++)
		ngc_buf_printf(out, strchr("{}|<>\"\\ ", *s) != NULL ?
			       "\\%c" : "%c", *s);
}

void
ngc_dot_begin(struct ngc_buf *out)
{
	ngc_buf_puts(out, "graph netgraph {\n"
		     "\tnode [shape=record, fontsize=12];\n");
}

void
ngc_dot_node(struct ngc_buf *out, const struct ngc_nodeinfo *ni)
{
	ngc_buf_printf(out, "\t\"%x\" [label=\"{", ni->id);
	dot_label_str(out, name_or_unnamed(ni->name));
	ngc_buf_puts(out, ":|{");
	dot_label_str(out, ni->type);
	ngc_buf_printf(out, "|[%x]:}}\"];\n", ni->id);
}

void
ngc_dot_hooks_begin(struct ngc_buf *out, int compact)
{
	if (!compact)
		ngc_buf_puts(out, "\tnode [shape=octagon, fontsize=10];\n");
}

/* s inside a quoted string: a quote, or a backslash, gets a backslash */
static void
dot_str_body(struct ngc_buf *out, const char *s)
{
	for (; *s != '\0'; s++)
		ngc_buf_printf(out, *s == '"' || *s == '\\' ? "\\%c" : "%c",
			       *s);
}

/* A hook's own graph node: "ID.HOOK". */
static void
dot_hook_id(struct ngc_buf *out, uint32_t id, const char *hook)
{
	ngc_buf_printf(out, "\"%x.", id);
	dot_str_body(out, hook);
	ngc_buf_puts(out, "\"");
}

/* Each link is drawn once: from the end whose (node, hook) sorts first. */
static int
dot_link_ours(uint32_t id, const struct ngc_linkinfo *l)
{
	return id != l->nodeinfo.id ? id < l->nodeinfo.id :
		strcmp(l->ourhook, l->peerhook) < 0;
}

/* compact: one edge between the two nodes, a hook name at each end */
static void
dot_link_compact(struct ngc_buf *out, uint32_t id,
		 const struct ngc_linkinfo *l)
{
	ngc_buf_printf(out, "\t\"%x\" -- \"%x\" [taillabel=\"", id,
		       l->nodeinfo.id);
	dot_str_body(out, l->ourhook);
	ngc_buf_puts(out, "\", headlabel=\"");
	dot_str_body(out, l->peerhook);
	ngc_buf_puts(out, "\"];\n");
}

/* the hook as a node of its own, tied to its node and to its peer hook */
static void
dot_link_full(struct ngc_buf *out, uint32_t id, const struct ngc_linkinfo *l)
{
	ngc_buf_puts(out, "\t");
	dot_hook_id(out, id, l->ourhook);
	/* an octagon, not a record: only a quote is special in its label */
	ngc_buf_puts(out, " [label=\"");
	dot_str_body(out, l->ourhook);
	ngc_buf_printf(out, "\"];\n\t\"%x\" -- ", id);
	dot_hook_id(out, id, l->ourhook);
	ngc_buf_puts(out, ";\n");
	if (!dot_link_ours(id, l))
		return;
	ngc_buf_puts(out, "\t");
	dot_hook_id(out, id, l->ourhook);
	ngc_buf_puts(out, " -- ");
	dot_hook_id(out, l->nodeinfo.id, l->peerhook);
	ngc_buf_puts(out, ";\n");
}

void
ngc_dot_links(struct ngc_buf *out, uint32_t id, const struct ngc_linkinfo *l,
	      unsigned int n, int compact)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!compact)
			dot_link_full(out, id, &l[i]);
		else if (dot_link_ours(id, &l[i]))
			dot_link_compact(out, id, &l[i]);
	}
}

void
ngc_dot_end(struct ngc_buf *out)
{
	ngc_buf_puts(out, "}\n");
}

/************************************************************************
			JSON
 ************************************************************************/

void
ngc_json_node(struct ngc_buf *out, const struct ngc_nodeinfo *ni)
{
	ngc_buf_puts(out, "{\"name\":");
	ngc_buf_json_str(out, ni->name);
	ngc_buf_puts(out, ",\"type\":");
	ngc_buf_json_str(out, ni->type);
	ngc_buf_printf(out, ",\"id\":%u,\"path\":\"[%x]:\",\"hooks\":%u}",
		       ni->id, ni->id, ni->hooks);
}

void
ngc_json_hooks(struct ngc_buf *out, const struct ngc_linkinfo *l,
	       unsigned int n)
{
	unsigned int i;

	ngc_buf_puts(out, "[");
	for (i = 0; i < n; i++) {
		ngc_buf_puts(out, i != 0 ? ",{\"hook\":" : "{\"hook\":");
		ngc_buf_json_str(out, l[i].ourhook);
		ngc_buf_puts(out, ",\"peerhook\":");
		ngc_buf_json_str(out, l[i].peerhook);
		ngc_buf_puts(out, ",\"peer\":");
		ngc_json_node(out, &l[i].nodeinfo);
		ngc_buf_puts(out, "}");
	}
	ngc_buf_puts(out, "]");
}

void
ngc_json_types(struct ngc_buf *out, const struct ngc_typeinfo *t,
	       unsigned int n)
{
	unsigned int i;

	ngc_buf_puts(out, "{\"types\":[");
	for (i = 0; i < n; i++) {
		ngc_buf_puts(out, i != 0 ? ",{\"name\":" : "{\"name\":");
		ngc_buf_json_str(out, t[i].type_name);
		ngc_buf_printf(out, ",\"nodes\":%u}", t[i].numnodes);
	}
	ngc_buf_puts(out, "]}\n");
}

void
ngc_json_error(struct ngc_buf *out, int err, const char *detail)
{
	char nb[16];

	ngc_buf_printf(out, "{\"error\":{\"errno\":%d,\"name\":\"%s\","
		       "\"text\":", err, ngc_errno_name(err, nb, sizeof(nb)));
	ngc_buf_json_str(out, strerror(err));
	ngc_buf_puts(out, ",\"detail\":");
	ngc_buf_json_str(out, detail);
	ngc_buf_puts(out, "}}\n");
}
