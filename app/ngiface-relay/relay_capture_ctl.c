/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * The control socket's "capture" command (an extension command of
 * lib/control, see doc/control.md):
 *
 *   capture start [-n ng0,ng1] [-s snaplen] [-c count] [-b files:N]
 *                 [-b filesize:KB] [-b duration:S] FILE [filter ...]
 *   capture stop
 *   capture status
 *
 * Runs on the control socket's thread; the engine (relay_capture.c) does
 * the work under its own lock.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_pmd_ngiface.h>

#include "ngc_buf.h"
#include "ngc_exec.h"
#include "ngc_node.h"
#include "relay.h"
#include "relay_capture.h"

/*
 * -s, -c and the -b values: the command line's bounds and words
 * (relay_capture_opt_set), so that the socket takes what the command line
 * takes, no more.
 */
static int
num_opt(struct relay_capture_conf *c, const char *name, const char *val,
	struct ngc_buf *out)
{
	char err[256] = "";

	if (relay_capture_opt_set(c, name, name, val, err, sizeof(err)) != 0) {
		ngc_buf_printf(out, "capture: %s", err);
		return -EINVAL;
	}
	return 0;
}

/* -b files:N | filesize:KB | duration:S */
static int
ring_opt(struct relay_capture_conf *c, const char *arg, struct ngc_buf *out)
{
	const char *colon = arg != NULL ? strchr(arg, ':') : NULL;
	static const char *const keys[] = { "files", "filesize", "duration" };
	char name[16];
	unsigned int i;

	for (i = 0; colon != NULL && i < RTE_DIM(keys); i++) {
		if (strlen(keys[i]) != (size_t)(colon - arg) ||
		    strncmp(arg, keys[i], colon - arg) != 0)
			continue;
		snprintf(name, sizeof(name), "-b %s", keys[i]);
		return num_opt(c, name, colon + 1, out);
	}
	ngc_buf_printf(out, "capture: -b %s: expected files:N, filesize:KB or duration:S",
		       arg != NULL ? arg : "");
	return -EINVAL;
}

static int
parse_start(int argc, char *const argv[], struct relay_capture_conf *c,
	    struct ngc_buf *out)
{
	size_t len;
	int i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < argc && argv[i][0] == '-' && argv[i][1] != '\0';
	     i += 2) {
		const char *o = argv[i], *a = i + 1 < argc ? argv[i + 1] :
			NULL;

		if (a == NULL || o[2] != '\0')
			goto usage;
		switch (o[1]) {
		case 'n':	/* as --capture-nodes */
			if (a[0] == '\0' || strlen(a) >= sizeof(c->nodes)) {
				ngc_buf_printf(out, "capture: -n: %s",
					       a[0] == '\0' ? "missing value" :
					       "value too long");
				return -EINVAL;
			}
			snprintf(c->nodes, sizeof(c->nodes), "%s", a);
			break;
		case 's':
		case 'c':
			if (num_opt(c, o, a, out) != 0)
				return -EINVAL;
			break;
		case 'b':
			if (ring_opt(c, a, out) != 0)
				return -EINVAL;
			break;
		default:
			goto usage;
		}
	}
	if (i >= argc)
		goto usage;
	if (strlen(argv[i]) >= sizeof(c->path)) {
		ngc_buf_printf(out, "capture: file name too long");
		return -ENAMETOOLONG;
	}
	snprintf(c->path, sizeof(c->path), "%s", argv[i]);
	for (i++, len = 0; i < argc; i++) {
		int n = snprintf(c->filter + len, sizeof(c->filter) - len,
				 "%s%s", len ? " " : "", argv[i]);

		if (n < 0 || (size_t)n >= sizeof(c->filter) - len) {
			ngc_buf_printf(out, "capture: filter too long");
			return -E2BIG;
		}
		len += n;
	}
	return 0;
usage:
	ngc_buf_printf(out, "usage: capture start [-n ng0,ng1] [-s snaplen] [-c count] [-b files:N] [-b filesize:KB] [-b duration:S] <file> [filter ...]");
	return -EINVAL;
}

/*
 * One -n item as the engine takes it, an interface name: the item itself
 * if it is one ("ng0", "ng0:"); else, read as a netgraph path ("wan" after
 * "ngctl name ng0: wan", "[1]:"), the ifname of the iface node it reaches,
 * in ifname; else the item, whole, for the engine to refuse by name.
 */
static const char *
node_ifname(const struct ngc_graph *g, const char *item,
	    char ifname[RTE_PMD_NGIFACE_NAMESIZE])
{
	const size_t len = strlen(item);
	const bool colon = len > 0 && item[len - 1] == ':';
	char path[NGC_PATHSIZ];
	struct ngc_nodeinfo ni;
	uint16_t port;

	if (len - colon < RTE_PMD_NGIFACE_NAMESIZE) {
		snprintf(ifname, RTE_PMD_NGIFACE_NAMESIZE, "%.*s",
			 (int)(len - colon), item);
		if (rte_pmd_ngiface_port_by_name(ifname, &port) == 0)
			return item;
	}
	snprintf(path, sizeof(path), "%s%s", item, colon ? "" : ":");
	/* a node's ID is its port's ifindex, the port number plus one */
	if (ngc_node_resolve(g, NGC_SOCKET_ID, path, &ni) == 0 &&
	    strcmp(ni.type, "iface") == 0 && ni.id != 0 &&
	    ni.id <= UINT16_MAX &&
	    rte_pmd_ngiface_getifname((uint16_t)(ni.id - 1), ifname,
				      RTE_PMD_NGIFACE_NAMESIZE) == 0)
		return ifname;
	return item;
}

/* -n's list with every item an interface name (node_ifname). */
static int
nodes_by_ifname(const struct ngc_graph *g, struct relay_capture_conf *c,
		struct ngc_buf *out)
{
	char list[sizeof(c->nodes)], ifname[RTE_PMD_NGIFACE_NAMESIZE], *tok;
	char *save;
	size_t len = 0;
	int n;

	if (c->nodes[0] == '\0')
		return 0;
	snprintf(list, sizeof(list), "%s", c->nodes);
	for (save = list; (tok = strsep(&save, ",")) != NULL;) {
		n = snprintf(c->nodes + len, sizeof(c->nodes) - len, "%s%s",
			     len ? "," : "", node_ifname(g, tok, ifname));
		if (n < 0 || (size_t)n >= sizeof(c->nodes) - len) {
			ngc_buf_printf(out, "capture: -n: value too long");
			return -EINVAL;
		}
		len += (size_t)n;
	}
	return 0;
}

/*
 * Below the table, a node's accepted packets that are neither written nor
 * dropped by the ring alone: the drop causes, where the ring's is not the
 * only one, and those taken after the count was reached.
 */
static void
info_causes(const struct relay_capture_node_info *n, struct ngc_buf *out)
{
	if (n->write_error != 0 || n->ring_error != 0) {
		ngc_buf_printf(out, "  %s dropped: %" PRIu64 " ring full, %"
			       PRIu64 " write error", n->name, n->ring_full,
			       n->write_error);
		if (n->ring_error != 0)
			ngc_buf_printf(out, ", %" PRIu64 " ring error",
				       n->ring_error);
		ngc_buf_puts(out, "\n");
	}
	if (n->after_count != 0)
		ngc_buf_printf(out, "  %s after count: %" PRIu64
			       " accepted, not written\n", n->name,
			       n->after_count);
}

static void
info_text(const struct relay_capture_info *in, struct ngc_buf *out)
{
	const struct relay_capture_node_info *n;
	/* FILE and the filter are a client's words: escaped */
	char shown[NGC_ESC_SIZE(sizeof(in->current))];
	unsigned int i;

	if (!in->running && in->files == 0) {
		ngc_buf_puts(out, "No capture\n");
		return;
	}
	ngc_buf_printf(out, "Capture %s: %s\n",
		       in->running ? "running" : "stopped",
		       ngc_esc(in->conf.path, shown, sizeof(shown)));
	ngc_buf_printf(out, "  file %s (%" PRIu64 " begun), snaplen %u, count %"
		       PRIu64 "%s\n", ngc_esc(in->current, shown, sizeof(shown)),
		       in->files, in->conf.snaplen, in->conf.count,
		       in->done ? " (reached)" : "");
	if (in->conf.filter[0] != '\0')
		ngc_buf_printf(out, "  filter \"%s\"\n",
			       ngc_esc(in->conf.filter, shown, sizeof(shown)));
	ngc_buf_printf(out, "  %" PRIu64 " packets, %" PRIu64
		       " bytes written in %.1f s%s%s\n", in->written,
		       in->bytes, in->secs, in->err != 0 ? ": " : "",
		       in->err != 0 ? strerror(-in->err) : "");
	ngc_buf_printf(out, "  %-8s %12s %12s %12s %12s %12s\n", "node",
		       "seen", "accepted", "dropped", "written_in",
		       "written_out");
	for (i = 0; i < in->nb_nodes; i++) {
		n = &in->node[i];
		ngc_buf_printf(out, "  %-8s %12" PRIu64 " %12" PRIu64 " %12"
			       PRIu64 " %12" PRIu64 " %12" PRIu64 "\n",
			       n->name, n->seen, n->accepted, n->dropped,
			       n->written[0], n->written[1]);
	}
	for (i = 0; i < in->nb_nodes; i++)
		info_causes(&in->node[i], out);
}

static void
info_json(const struct relay_capture_info *in, struct ngc_buf *out)
{
	const struct relay_capture_node_info *n;
	unsigned int i;

	ngc_buf_printf(out, "{\"capture\":{\"running\":%s,\"path\":",
		       in->running ? "true" : "false");
	ngc_buf_json_str(out, in->conf.path);
	ngc_buf_puts(out, ",\"file\":");
	ngc_buf_json_str(out, in->current);
	ngc_buf_puts(out, ",\"filter\":");
	ngc_buf_json_str(out, in->conf.filter);
	ngc_buf_printf(out, ",\"snaplen\":%u,\"count\":%" PRIu64
		       ",\"done\":%s,\"files\":%" PRIu64 ",\"packets\":%"
		       PRIu64 ",\"bytes\":%" PRIu64 ",\"seconds\":%.3f"
		       ",\"errno\":%d,\"nodes\":[", in->conf.snaplen,
		       in->conf.count, in->done ? "true" : "false",
		       in->files, in->written, in->bytes, in->secs, -in->err);
	for (i = 0; i < in->nb_nodes; i++) {
		n = &in->node[i];
		ngc_buf_puts(out, i ? ",{\"name\":" : "{\"name\":");
		ngc_buf_json_str(out, n->name);
		ngc_buf_printf(out, ",\"seen\":%" PRIu64 ",\"accepted\":%"
			       PRIu64 ",\"dropped\":%" PRIu64
			       ",\"ring_full\":%" PRIu64
			       ",\"write_error\":%" PRIu64
			       ",\"ring_error\":%" PRIu64
			       ",\"written_in\":%" PRIu64
			       ",\"written_out\":%" PRIu64
			       ",\"after_count\":%" PRIu64 "}", n->seen,
			       n->accepted, n->dropped, n->ring_full,
			       n->write_error, n->ring_error, n->written[0],
			       n->written[1], n->after_count);
	}
	ngc_buf_puts(out, "]}}\n");
}

/*
 * A stop finds no capture: if the last one ended by itself (a write error,
 * its count reached), say so, or an operator who only types "stop" never
 * learns that the capture ended short of it.
 */
static void
ended_alone(struct ngc_buf *out)
{
	struct relay_capture_info last;
	char why[RELAY_STRERROR_LEN];

	relay_capture_status(&last);
	if (last.files == 0 || last.running || (last.err == 0 && !last.done))
		return;
	if (last.err != 0)
		ngc_buf_printf(out, " (the last one ended on its own: %s: %s; "
			       "\"capture status\" shows its counts)",
			       last.current,
			       relay_strerror(-last.err, why, sizeof(why)));
	else
		ngc_buf_printf(out, " (the last one ended on its own: its "
			       "count was reached; \"capture status\" shows "
			       "its counts)");
}

static int
capture_cmd(void *arg __rte_unused, const struct ngc_graph *g, int argc,
	    char *const argv[], int json, struct ngc_buf *out)
{
	struct relay_capture_info info;
	struct relay_capture_conf c;
	char err[512];
	int ret;

	if (argc >= 1 && strcmp(argv[0], "start") == 0) {
		ret = parse_start(argc - 1, argv + 1, &c, out);
		if (ret == 0)
			ret = nodes_by_ifname(g, &c, out);
		if (ret != 0)
			return ret;
		ret = relay_capture_start(&c, err, sizeof(err));
		if (ret != 0) {
			ngc_buf_printf(out, "capture: %s", err);
			return ret;
		}
		relay_capture_status(&info);
		if (json) {
			info_json(&info, out);
		} else {
			info_text(&info, out);
		}
		return 0;
	}
	if (argc == 1 && strcmp(argv[0], "stop") == 0) {
		ret = relay_capture_stop(&info);
		if (ret == -ENOENT) {
			ngc_buf_puts(out, "capture: no capture runs");
			ended_alone(out);
			return -ENOTCONN;
		}
		if (json)
			info_json(&info, out);
		else
			info_text(&info, out);
		return 0;
	}
	if (argc == 1 && strcmp(argv[0], "status") == 0) {
		relay_capture_status(&info);
		if (json)
			info_json(&info, out);
		else
			info_text(&info, out);
		return 0;
	}
	ngc_buf_puts(out, "usage: capture start [options] <file> [filter ...] | capture stop | capture status");
	return -EINVAL;
}

const struct ngc_ext_cmd relay_capture_ctl_cmd = {
	.name = "capture",
	.fn = capture_cmd,
	.arg = NULL,
};
