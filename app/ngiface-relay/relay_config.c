/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * Options and configuration: the application options after "--", the
 * optional config file (same vocabulary, one option a line), and what the
 * relay adds to the EAL arguments (memory and PCI defaults for machines
 * without hugepages, the default topology's vdevs).
 */

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "ngc_cli.h"
#include "ngc_proto.h"
#include "relay.h"
#include "relay_num.h"

static const char *const drop_names[RELAY_DROP_MAX] = {
	[RELAY_DROP_TX_FULL] = "tx_full",
	[RELAY_DROP_RING_FULL] = "ring_full",
	[RELAY_DROP_NON_IP] = "non_ip",
	[RELAY_DROP_AF_UNSERVED] = "af_unserved",
};

const char *
relay_drop_name(enum relay_drop d)
{
	return d < RELAY_DROP_MAX ? drop_names[d] : "?";
}

const char *
relay_link_kind_name(enum relay_link_kind kind)
{
	switch (kind) {
	case RELAY_LINK_STACK:
		return "stack";
	case RELAY_LINK_HOOKS:
		return "hooks";
	case RELAY_LINK_HOOK:
		return "hook";
	}
	return "?";
}

void
relay_usage(const char *prog)
{
	printf("Usage: %s [EAL options] -- [options]\n"
	       "\n"
	       "Links (each polled by exactly one forwarding lcore):\n"
	       "  --stack ngN=PORT[@LCORE]       PORT Rx -> ngN Tx, ngN Rx -> PORT Tx\n"
	       "  --hooks ngN=PORT[@LCORE]       PORT Rx -> ngN's inet/inet6 hook by IP\n"
	       "                                 version; both hooks -> PORT Tx\n"
	       "  --hook ngN:HOOK=PORT[@LCORE]   one hook (inet or inet6) <-> PORT\n"
	       "  PORT is an ethdev name (net_ring0, net_tun0, net_pcap0, a NIC);\n"
	       "  LCORE defaults to the first lcore that is not the main one.\n"
	       "  A node whose stack side is an L3 port (net_tun) needs l2=none.\n"
	       "\n"
	       "Options:\n"
	       "  --burst N            packets per burst, 1..%u (default %u)\n"
	       "  --stats-period S     print rates every S seconds, 0..%u (default 0:\n"
	       "                       never): per link, node, hook and port, with\n"
	       "                       drops by cause\n"
	       "  --mbufs N            mbufs in the pool, %u..%u (default %u)\n"
	       "  --desc N             Rx/Tx descriptors per port queue, %u..%u\n"
	       "                       (default %u)\n"
	       "  --ctl PATH           control socket (default\n"
	       "                       " NGC_DEFAULT_SOCKET "; none: no socket)\n"
	       "\n"
	       "Capture (pcapng, raw IP, one interface per node, both directions):\n"
	       "  --capture FILE           capture the nodes' packets into FILE (none: no\n"
	       "                           capture, undoing a config file's)\n"
	       "  --capture-nodes LIST     nodes to capture, ng0,ng1 (default: every node)\n"
	       "  --capture-filter EXPR    libpcap filter for raw IP (e.g. \"ip6 or udp\")\n"
	       "  --snaplen N              bytes kept of each packet, 0..%u\n"
	       "                           (0 and the default: %u, as tcpdump -s 0)\n"
	       "  --capture-count N        stop the capture after N packets\n"
	       "  --capture-filesize KB    begin a new file at KB kB (of 1000 bytes,\n"
	       "                           as Wireshark's dumpcap counts them)\n"
	       "  --capture-duration S     begin a new file every S seconds\n"
	       "  --capture-ring N         keep only the N newest files; with a size or\n"
	       "                           duration, files are FILE_NNNNN_YYYYmmddHHMMSS.ext\n"
	       "  The control socket starts and stops captures too: ngctl capture ...\n"
	       "\n"
	       "  --config FILE        read options from FILE, one a line, the leading\n"
	       "                       dashes optional (e.g. \"stack ng0=net_ring0@1\");\n"
	       "                       # comments; \"config FILE\" nests, relative to\n"
	       "                       the file that names it\n"
	       "  -h, --help           this text\n"
	       "\n"
	       "With no link option the relay runs its default topology: ng0 and ng1\n"
	       "(l2=none, ng1's hooks joined to ng0's), each on a kernel TUN of the\n"
	       "same name (--vdev=net_tun0,iface=ng0 --vdev=net_tun1,iface=ng1);\n"
	       "it refuses to start if an interface of either name exists, or if\n"
	       "another relay in the network namespace runs its default topology.\n"
	       "Without memory options the relay adds --no-huge -m 512 to the EAL\n"
	       "arguments, and --no-pci without PCI options.\n"
	       "Exit status: 0 on a clean stop (SIGINT, SIGTERM, SIGHUP) with\n"
	       "balanced totals;\n"
	       "2 for a bad option, config file (unreadable, or a bad line),\n"
	       "EAL argument, lcore plan, capture setting or file that cannot be\n"
	       "made as written, control socket path, a default topology taken\n"
	       "(its interface names, or another relay's), or a TUN or TAP named\n"
	       "with iface= that another process holds, all refused before any\n"
	       "port starts;\n"
	       "1 for any other failure, totals that do not balance included (and a\n"
	       "socket another relay took while this one set up its ports);\n"
	       "3 when a second SIGINT or SIGTERM cut the stop short (no totals).\n",
	       prog, (unsigned int)RELAY_BURST_MAX,
	       (unsigned int)RELAY_BURST_DEFAULT,
	       (unsigned int)RELAY_STATS_PERIOD_MAX,
	       (unsigned int)RELAY_MBUFS_MIN, (unsigned int)RELAY_MBUFS_MAX,
	       (unsigned int)RELAY_MBUFS_DEFAULT,
	       (unsigned int)RELAY_DESC_MIN, (unsigned int)RELAY_DESC_MAX,
	       (unsigned int)RELAY_DESC_DEFAULT,
	       (unsigned int)CAP_SNAPLEN_MAX,
	       (unsigned int)RELAY_CAPTURE_SNAPLEN_DEFAULT);
}

static int
parse_uint(const char *opt, const char *s, unsigned long min,
	   unsigned long max, unsigned int *out)
{
	char why[128];
	unsigned long v;

	if (relay_num_parse(opt, s, min, max, &v, why, sizeof(why)) != 0) {
		fprintf(stderr, "%s\n", why);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

static int
copy_name(const char *opt, char *dst, const char *src, size_t len)
{
	if (len == 0) {
		fprintf(stderr, "%s: bad name \"\"\n", opt);
		return -EINVAL;
	}
	/* "bad name" alone did not say what was wrong with it */
	if (len >= RELAY_NAME_MAX) {
		fprintf(stderr, "%s: name \"%.*s\" too long: %zu bytes, at most %u\n",
			opt, (int)len, src, len,
			(unsigned int)RELAY_NAME_MAX - 1);
		return -EINVAL;
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
	return 0;
}

/*
 * The ":HOOK" of --hook ngN:HOOK=PORT, between colon and eq: required
 * there, refused in the other links.
 */
static int
parse_link_hook(struct relay_link *l, const char *opt, const char *val,
		const char *colon, const char *eq)
{
	char hook[16];
	int h;

	if (l->kind != RELAY_LINK_HOOK) {
		if (colon == NULL)
			return 0;
		fprintf(stderr, "%s %s: no hook name here (use --hook)\n", opt,
			val);
		return -EINVAL;
	}
	if (colon == NULL || eq - colon - 1 <= 0 ||
	    (size_t)(eq - colon - 1) >= sizeof(hook)) {
		fprintf(stderr, "%s %s: expected ngN:HOOK=PORT[@LCORE]\n",
			opt, val);
		return -EINVAL;
	}
	memcpy(hook, colon + 1, eq - colon - 1);
	hook[eq - colon - 1] = '\0';
	h = rte_pmd_ngiface_hook_by_name(hook);
	if (h < 0) {
		fprintf(stderr, "%s %s: unknown hook \"%s\" (inet or inet6)\n",
			opt, val, hook);
		return -EINVAL;
	}
	l->hook = h;
	return 0;
}

/*
 * "PORT[@LCORE]", what follows the '=' (a port name holds no '@').  A
 * refusal names the part: "--stack ng0=net_ring0@128: lcore: ...".
 */
static int
parse_link_port(struct relay_link *l, const char *opt, const char *val,
		const char *s)
{
	const char *at = strrchr(s, '@');
	char what[sizeof(((struct relay_link *)0)->spec) + 16];

	snprintf(what, sizeof(what), "%s %s: port", opt, val);
	if (copy_name(what, l->port_name, s,
		      at != NULL ? (size_t)(at - s) : strlen(s)) != 0)
		return -EINVAL;
	snprintf(what, sizeof(what), "%s %s: lcore", opt, val);
	if (at != NULL &&
	    parse_uint(what, at + 1, 0, RTE_MAX_LCORE - 1, &l->lcore) != 0)
		return -EINVAL;
	return 0;
}

/* "NODE[:HOOK]=PORT[@LCORE]" */
static int
parse_link(struct relay_config *cfg, enum relay_link_kind kind,
	   const char *opt, const char *val)
{
	char what[sizeof(((struct relay_link *)0)->spec) + 16];
	const char *eq, *colon;
	struct relay_link *l;

	if (val == NULL) {
		fprintf(stderr, "%s: missing value\n", opt);
		return -EINVAL;
	}
	if (cfg->nb_links == RELAY_MAX_LINKS) {
		fprintf(stderr, "%s: more than %u links\n", opt,
			(unsigned int)RELAY_MAX_LINKS);
		return -EINVAL;
	}
	l = &cfg->links[cfg->nb_links];
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	l->lcore = RELAY_LCORE_AUTO;
	snprintf(l->spec, sizeof(l->spec), "--%s %s",
		 relay_link_kind_name(kind), val);

	eq = strchr(val, '=');
	if (eq == NULL) {
		fprintf(stderr, "%s %s: expected %s=PORT[@LCORE]\n", opt, val,
			kind == RELAY_LINK_HOOK ? "ngN:HOOK" : "ngN");
		return -EINVAL;
	}
	colon = memchr(val, ':', eq - val);
	snprintf(what, sizeof(what), "%s %s: node", opt, val);
	if (parse_link_hook(l, opt, val, colon, eq) != 0 ||
	    copy_name(what, l->node, val,
		      (colon != NULL ? colon : eq) - val) != 0 ||
	    parse_link_port(l, opt, val, eq + 1) != 0)
		return -EINVAL;
	cfg->nb_links++;
	return 0;
}

static int config_file(struct relay_config *cfg, const char *from,
		       const char *name, int depth);

static int
copy_str(const char *opt, char *dst, size_t size, const char *val)
{
	if (val == NULL || *val == '\0') {
		fprintf(stderr, "%s: missing value\n", opt);
		return -EINVAL;
	}
	if (strlen(val) >= size) {
		fprintf(stderr, "%s: value too long\n", opt);
		return -EINVAL;
	}
	snprintf(dst, size, "%s", val);
	return 0;
}

/*
 * Whether name (no dashes) is one of EAL's options, given after "--" or in
 * a config file, where the relay takes only its own: the error then says
 * where it goes.  The ones a relay's command line is likely to hold.
 */
static bool
is_eal_option(const char *name)
{
	static const char *const eal_opts[] = {
		"vdev", "file-prefix", "no-huge", "no-pci", "huge-dir",
		"socket-mem", "socket-limit", "proc-type", "allow", "block",
		"log-level", "iova-mode", "in-memory", "lcores", "main-lcore",
		"legacy-mem", "single-file-segments", "huge-unlink",
		"no-telemetry", "no-shconf", "base-virtaddr", "syslog",
		"l", "c", "n", "m", "a", "b", "d", "v",
	};
	unsigned int i;

	for (i = 0; i < RTE_DIM(eal_opts); i++)
		if (strcmp(name, eal_opts[i]) == 0)
			return true;
	return false;
}

static int
unknown_option(const char *opt, const char *name)
{
	if (is_eal_option(name))
		fprintf(stderr, "unknown option %s: an EAL option, which goes on the command line before \"--\" (see --help)\n",
			opt);
	else
		fprintf(stderr, "unknown option %s (see --help)\n", opt);
	return -EINVAL;
}

/* --capture FILE; returns 1 (value consumed) or -EINVAL. */
static int
capture_file_option(struct relay_config *cfg, const char *opt,
		    const char *val)
{
	struct relay_capture_conf *c = &cfg->capture;

	if (copy_str(opt, c->path, sizeof(c->path), val) != 0)
		return -EINVAL;
	/* "none" undoes a config file's capture, as --ctl none */
	cfg->capture_none = strcmp(c->path, "none") == 0;
	if (cfg->capture_none)
		c->path[0] = '\0';
	return 1;
}

/* --snaplen, --capture-count...: bounds shared with ngctl's capture start */
static int
capture_number_option(struct relay_config *cfg, const char *name,
		      const char *opt, const char *val)
{
	char err[256];

	cfg->capture_opts = true;
	if (relay_capture_opt_set(&cfg->capture, name, opt, val, err,
				  sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return -EINVAL;
	}
	return 1;
}

/* --ctl PATH: a path that cannot be bound is refused before EAL starts. */
static int
ctl_option(struct relay_config *cfg, const char *val)
{
	const size_t max = sizeof(((struct sockaddr_un *)NULL)->sun_path) - 1;
	char why[RELAY_STRERROR_LEN];

	if (val == NULL || *val == '\0') {
		fprintf(stderr, "--ctl: missing path\n");
		return -EINVAL;
	}
	if (strcmp(val, "none") != 0 && strlen(val) > max) {
		fprintf(stderr, "--ctl %s: %s: %zu bytes, a Unix socket path holds at most %zu\n",
			val, relay_strerror(ENAMETOOLONG, why, sizeof(why)),
			strlen(val), max);
		return -EINVAL;
	}
	/* the last --ctl wins (the command line and a config file) */
	free(cfg->ctl_path);
	cfg->ctl_path = strdup(val);
	return cfg->ctl_path != NULL ? 1 : -ENOMEM;
}

/************************************************************************
			THE OPTION TABLE
 ************************************************************************/

/* The relay's own options: one table, to parse them and to place them. */

enum relay_opt_kind {
	RELAY_OPT_HELP,
	RELAY_OPT_LINK,		/* a link; .link is its kind */
	RELAY_OPT_NUMBER,	/* an unsigned int in .min..max, at .field */
	RELAY_OPT_CTL,
	RELAY_OPT_CONFIG,
	RELAY_OPT_CAPTURE,	/* --capture FILE */
	RELAY_OPT_CAPTURE_TEXT,	/* a string of .size bytes at .field */
	RELAY_OPT_CAPTURE_NUMBER, /* the capture's own table has these */
};

struct relay_opt {
	const char *name;	/* less its dashes */
	enum relay_opt_kind kind;
	enum relay_link_kind link;
	unsigned long min;
	unsigned long max;
	size_t field;		/* offset in struct relay_config */
	size_t size;		/* RELAY_OPT_CAPTURE_TEXT's room */
};

/*
 * The pointer compare is never evaluated: it makes the build fail (distinct
 * pointer types) if the field is not the unsigned int parse_uint() stores.
 */
#define RELAY_OPT_NUM(n, lo, hi, f) { .name = (n),			\
	.kind = RELAY_OPT_NUMBER, .min = (lo), .max = (hi),		\
	.field = offsetof(struct relay_config, f) +			\
		0 * sizeof(&((struct relay_config *)NULL)->f ==		\
			   (unsigned int *)NULL) }

#define RELAY_OPT_TEXT(n, f) { .name = (n),				\
	.kind = RELAY_OPT_CAPTURE_TEXT,					\
	.field = offsetof(struct relay_config, f),			\
	.size = sizeof(((struct relay_config *)NULL)->f) }

static const struct relay_opt relay_opts[] = {
	{ .name = "help", .kind = RELAY_OPT_HELP },
	{ .name = "h", .kind = RELAY_OPT_HELP },
	{ .name = "stack", .kind = RELAY_OPT_LINK, .link = RELAY_LINK_STACK },
	{ .name = "hooks", .kind = RELAY_OPT_LINK, .link = RELAY_LINK_HOOKS },
	{ .name = "hook", .kind = RELAY_OPT_LINK, .link = RELAY_LINK_HOOK },
	RELAY_OPT_NUM("burst", 1, RELAY_BURST_MAX, burst),
	RELAY_OPT_NUM("stats-period", 0, RELAY_STATS_PERIOD_MAX, stats_period),
	RELAY_OPT_NUM("mbufs", RELAY_MBUFS_MIN, RELAY_MBUFS_MAX, nb_mbufs),
	RELAY_OPT_NUM("desc", RELAY_DESC_MIN, RELAY_DESC_MAX, nb_desc),
	{ .name = "ctl", .kind = RELAY_OPT_CTL },
	{ .name = "config", .kind = RELAY_OPT_CONFIG },
	{ .name = "capture", .kind = RELAY_OPT_CAPTURE },
	RELAY_OPT_TEXT("capture-nodes", capture.nodes),
	RELAY_OPT_TEXT("capture-filter", capture.filter),
};

/* --snaplen, --capture-count...: their names and bounds are the capture's */
static const struct relay_opt relay_opt_capture_number = {
	.name = "capture number", .kind = RELAY_OPT_CAPTURE_NUMBER,
};

static const struct relay_opt *
relay_opt_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(relay_opts); i++)
		if (strcmp(name, relay_opts[i].name) == 0)
			return &relay_opts[i];
	if (relay_capture_opt_known(name))
		return &relay_opt_capture_number;
	return NULL;
}

bool
relay_config_is_app_option(const char *arg)
{
	const struct relay_opt *o;
	char name[64];
	size_t len;

	if (strncmp(arg, "--", 2) != 0)
		return false;
	arg += 2;
	len = strcspn(arg, "=");
	if (len >= sizeof(name))
		return false;
	memcpy(name, arg, len);
	name[len] = '\0';
	o = relay_opt_find(name);
	/* EAL has a --help of its own */
	return o != NULL && o->kind != RELAY_OPT_HELP;
}

static int
config_option(struct relay_config *cfg, const char *val, const char *from,
	      int depth)
{
	/* "--config ''" named no file: it said ": No such file..." */
	if (val == NULL || *val == '\0') {
		fprintf(stderr, "--config: missing file\n");
		return -EINVAL;
	}
	return config_file(cfg, from, val, depth + 1) ? -EINVAL : 1;
}

/*
 * One option; name without leading dashes.  Returns 1 if it consumed val,
 * 0 if not, negative on error; *help is set by -h.
 */
static int
apply_option(struct relay_config *cfg, const char *name, const char *val,
	     const char *from, int depth, bool *help)
{
	const struct relay_opt *o = relay_opt_find(name);
	char opt[64];

	snprintf(opt, sizeof(opt), "--%s", name);
	if (o == NULL)
		return unknown_option(opt, name);
	switch (o->kind) {
	case RELAY_OPT_HELP:
		*help = true;
		return 0;
	case RELAY_OPT_LINK:
		return parse_link(cfg, o->link, opt, val) ? -EINVAL : 1;
	case RELAY_OPT_NUMBER:
		return parse_uint(opt, val, o->min, o->max,
				  (unsigned int *)((char *)cfg + o->field)) ?
			-EINVAL : 1;
	case RELAY_OPT_CTL:
		return ctl_option(cfg, val);
	case RELAY_OPT_CONFIG:
		return config_option(cfg, val, from, depth);
	case RELAY_OPT_CAPTURE:
		return capture_file_option(cfg, opt, val);
	case RELAY_OPT_CAPTURE_TEXT:
		cfg->capture_opts = true;
		return copy_str(opt, (char *)cfg + o->field, o->size, val) ?
			-EINVAL : 1;
	case RELAY_OPT_CAPTURE_NUMBER:
		return capture_number_option(cfg, name, opt, val);
	}
	return -EINVAL;
}

/* "FILE: words (ENAME)" */
static void
config_file_error(const char *path, int err)
{
	char why[RELAY_STRERROR_LEN];

	fprintf(stderr, "%s: %s\n", path,
		relay_strerror(err, why, sizeof(why)));
}

/*
 * A config line holds one option; the value may be as long as any the
 * options keep (a PATH_MAX capture file, a CAP_STR_MAX filter), with room
 * for a comment.  A longer line is refused, not split: the rest read as a
 * line of its own would shift every line number after it.
 */
#define RELAY_CONFIG_LINE_MAX 8192

/* One line, newline stripped: "[--]name [value] [# comment]". */
static int
config_line(struct relay_config *cfg, const char *path, char *line,
	    int depth)
{
	char *p, *name, *val = NULL, *end;
	bool help = false;
	int ret;

	p = strchr(line, '#');
	if (p != NULL)
		*p = '\0';
	p = line;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0')
		return 0;
	while (*p == '-')
		p++;
	name = p;
	while (*p != '\0' && !isspace((unsigned char)*p))
		p++;
	if (*p != '\0') {
		*p++ = '\0';
		while (isspace((unsigned char)*p))
			p++;
		end = p + strlen(p);
		while (end > p && isspace((unsigned char)end[-1]))
			*--end = '\0';
		if (*p != '\0')
			val = p;
	}
	ret = apply_option(cfg, name, val, path, depth, &help);
	if (ret >= 0 && help) {
		fprintf(stderr, "%s: help is a command-line option, not one "
			"for a config file\n", name);
		ret = -EINVAL;
	}
	return ret < 0 ? ret : 0;
}

/*
 * The file a "config NAME" names: NAME relative to the directory of the
 * file that holds the line (from), as C resolves #include "NAME", so a set
 * of files that include each other can move together; on the command line
 * (from NULL), relative to the working directory.
 */
static int
config_path(const char *from, const char *name, char *path, size_t size)
{
	const char *slash = from != NULL ? strrchr(from, '/') : NULL;
	char why[RELAY_STRERROR_LEN];
	int n;

	if (slash == NULL || name[0] == '/')
		n = snprintf(path, size, "%s", name);
	else
		n = snprintf(path, size, "%.*s/%s", (int)(slash - from), from,
			     name);
	if (n < 0 || (size_t)n >= size) {
		fprintf(stderr, "%s: %s\n", name,
			relay_strerror(ENAMETOOLONG, why, sizeof(why)));
		return -ENAMETOOLONG;
	}
	return 0;
}

/*
 * One line of a config file (ngc_cli_getline: the bound holds while
 * reading); a line it refuses, or a read that fails, said with the path
 * and the line number.  1 for a line, 0 at the end, or a negative errno.
 */
static int
config_getline(FILE *f, const char *path, unsigned int lineno, char *line)
{
	size_t len;
	int ret = ngc_cli_getline(f, line, RELAY_CONFIG_LINE_MAX, &len);

	if (ret == -EINVAL)
		fprintf(stderr, "%s:%u: a NUL byte (not a text file?)\n", path,
			lineno);
	else if (ret == -E2BIG)
		fprintf(stderr, "%s:%u: line too long (max %u bytes)\n", path,
			lineno, (unsigned int)RELAY_CONFIG_LINE_MAX);
	else if (ret < 0)	/* not the end of the file (EISDIR...) */
		config_file_error(path, -ret);
	return ret;
}

static int
config_file(struct relay_config *cfg, const char *from, const char *name,
	    int depth)
{
	char path[PATH_MAX], line[RELAY_CONFIG_LINE_MAX + 1];
	unsigned int lineno = 0;
	int ret = 0;
	FILE *f;

	if (depth > 4) {
		fprintf(stderr, "%s: config files nested too deep\n", name);
		return -ELOOP;
	}
	ret = config_path(from, name, path, sizeof(path));
	if (ret != 0)
		return ret;
	f = fopen(path, "r");
	if (f == NULL) {
		ret = -errno;
		config_file_error(path, -ret);
		return ret;
	}
	for (;;) {
		ret = config_getline(f, path, ++lineno, line);
		if (ret <= 0)
			break;
		/* a Windows editor's mark: invisible, and no option */
		if (lineno == 1 && strncmp(line, "\xef\xbb\xbf", 3) == 0) {
			fprintf(stderr, "%s:1: starts with a UTF-8 byte order "
				"mark: save the file without one\n", path);
			ret = -EINVAL;
			break;
		}
		ret = config_line(cfg, path, line, depth);
		if (ret < 0) {
			fprintf(stderr, "%s:%u: bad line\n", path, lineno);
			break;
		}
	}
	fclose(f);
	return ret;
}

/*
 * The default topology's links, node and port; its vdevs come with
 * relay_eal_args(), each TUN named as its node.
 */
static const char *const default_spec[][2] = {
	{ "ng0", "net_tun0" },
	{ "ng1", "net_tun1" },
};

static void
relay_default_links(struct relay_config *cfg)
{
	struct relay_link *l;
	unsigned int i;

	for (i = 0; i < RTE_DIM(default_spec); i++) {
		l = &cfg->links[cfg->nb_links++];
		memset(l, 0, sizeof(*l));
		l->kind = RELAY_LINK_STACK;
		l->lcore = RELAY_LCORE_AUTO;
		strcpy(l->node, default_spec[i][0]);
		strcpy(l->port_name, default_spec[i][1]);
		snprintf(l->spec, sizeof(l->spec), "--stack %s=%s (default)",
			 default_spec[i][0], default_spec[i][1]);
	}
}

/*
 * argv[*i], an option with its value after '=' or in the next argument;
 * *i is left on the last argument it used.  Returns 0 or a negative errno.
 */
static int
parse_arg(struct relay_config *cfg, int argc, char **argv, int *i,
	  bool *help)
{
	const char *name, *val;
	char buf[64];
	char *eq;
	int ret;

	if (strncmp(argv[*i], "--", 2) == 0) {
		name = argv[*i] + 2;
	} else if (strcmp(argv[*i], "-h") == 0) {
		name = "h";
	} else if (argv[*i][0] == '-' && is_eal_option(argv[*i] + 1)) {
		return unknown_option(argv[*i], argv[*i] + 1);
	} else {
		fprintf(stderr, "unexpected argument \"%s\" (see --help)\n",
			argv[*i]);
		return -EINVAL;
	}
	/* --opt=value: only when the name itself has no '=' use */
	eq = strchr(name, '=');
	if (eq != NULL && (size_t)(eq - name) < sizeof(buf)) {
		memcpy(buf, name, eq - name);
		buf[eq - name] = '\0';
		ret = apply_option(cfg, buf, eq + 1, NULL, 0, help);
		if (ret == 0) {
			fprintf(stderr, "--%s takes no value\n", buf);
			return -EINVAL;
		}
		return ret < 0 ? ret : 0;
	}
	val = *i + 1 < argc ? argv[*i + 1] : NULL;
	ret = apply_option(cfg, name, val, NULL, 0, help);
	if (ret == 1)
		(*i)++;
	return ret < 0 ? ret : 0;
}

/* Once every option is in: what they need of each other, the default. */
static int
parse_finish(struct relay_config *cfg)
{
	char err[512];

	if (cfg->capture_none && cfg->capture.path[0] == '\0') {
		memset(&cfg->capture, 0, sizeof(cfg->capture));
		cfg->capture_opts = false;
	}
	if (cfg->capture_opts && cfg->capture.path[0] == '\0') {
		fprintf(stderr, "--capture-* options and --snaplen need --capture FILE\n");
		return -EINVAL;
	}
	if (cfg->capture.nodes[0] != '\0' &&
	    relay_capture_nodes_check(cfg->capture.nodes, err,
				      sizeof(err)) != 0) {
		fprintf(stderr, "--capture-nodes: %s\n", err);
		return -EINVAL;
	}
	if (cfg->capture.path[0] != '\0' &&
	    relay_capture_conf_check(&cfg->capture, err, sizeof(err)) != 0) {
		fprintf(stderr, "--capture: %s\n", err);
		return -EINVAL;
	}
	if (cfg->nb_links == 0) {
		cfg->default_topology = true;
		relay_default_links(cfg);
	}
	return 0;
}

/*
 * Parse the application options (argv[0] is the program name).  Returns 0,
 * 1 for --help, or a negative errno after a message on stderr.
 */
int
relay_config_parse(struct relay_config *cfg, int argc, char **argv)
{
	bool help = false;
	int i, ret;

	memset(cfg, 0, sizeof(*cfg));
	cfg->burst = RELAY_BURST_DEFAULT;
	cfg->nb_mbufs = RELAY_MBUFS_DEFAULT;
	cfg->nb_desc = RELAY_DESC_DEFAULT;

	for (i = 1; i < argc; i++) {
		ret = parse_arg(cfg, argc, argv, &i, &help);
		if (ret < 0)
			return ret;
		if (help)
			return 1;
	}
	return parse_finish(cfg);
}

/*
 * The default topology's TUNs must be new.  net_tun opens its interface
 * with IFF_MULTI_QUEUE: given the name of a TUN that exists (a running
 * relay's ng0), it joins it as one more queue, and the kernel then splits
 * that interface's traffic between the two processes with no error
 * anywhere.  An interface of another kind under the name makes net_tun
 * fail later, less clearly.  So any interface of either name is refused
 * here, in the namespace the relay runs in (where net_tun would create
 * them), before EAL starts.  Links the user gave name their TUN or TAP
 * interfaces themselves: joining one that exists is their call, unless
 * another process holds it (relay_tun_check.c).
 *
 * Two relays started together would both find no interface: EAL creates
 * the TUNs a second or so later.  So a default relay first claims a name
 * in the abstract socket namespace, which is per network namespace, like
 * the interfaces, and is given back by the kernel when the process ends
 * however it ends.  The socket stays open for the relay's lifetime.
 */
#define RELAY_DEFAULT_CLAIM "ngiface-relay-default-topology"

static int
default_claim(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char why[RELAY_STRERROR_LEN];
	socklen_t len;
	int fd, err;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		err = errno;
		fprintf(stderr, "error: default topology: socket: %s\n",
			relay_strerror(err, why, sizeof(why)));
		return -err;
	}
	/* sun_path[0] stays 0: the abstract namespace */
	memcpy(sa.sun_path + 1, RELAY_DEFAULT_CLAIM,
	       sizeof(RELAY_DEFAULT_CLAIM) - 1);
	len = offsetof(struct sockaddr_un, sun_path) + 1 +
		sizeof(RELAY_DEFAULT_CLAIM) - 1;
	if (bind(fd, (struct sockaddr *)&sa, len) == 0)
		return 0;	/* fd held until exit */
	err = errno;
	close(fd);
	if (err == EADDRINUSE)
		fprintf(stderr, "error: default topology: another relay in this network namespace runs it (or is starting it): a process holds the abstract socket @%s (ss -xlp | grep %s names it); stop that one, or give links of your own (see --help)\n",
			RELAY_DEFAULT_CLAIM, RELAY_DEFAULT_CLAIM);
	else
		fprintf(stderr, "error: default topology: cannot claim it: %s\n",
			relay_strerror(err, why, sizeof(why)));
	return err == EADDRINUSE ? -EEXIST : -err;
}

int
relay_default_check(void)
{
	const char *ifname;
	unsigned int i;
	int ret;

	ret = default_claim();
	if (ret != 0)
		return ret;
	for (i = 0; i < RTE_DIM(default_spec); i++) {
		ifname = default_spec[i][0];	/* the TUN is named as its node */
		if (if_nametoindex(ifname) == 0)
			continue;
		fprintf(stderr, "error: default topology: a kernel interface named %s exists already (another relay's TUN?); net_tun would join it as a second queue and share its traffic. Stop its owner or remove it (ip link del %s), or give links of your own (see --help)\n",
			ifname, ifname);
		return -EEXIST;
	}
	return 0;
}

/*
 * EAL parses its options with getopt_long(), which takes any unambiguous
 * abbreviation (--vde=, --no-hu).  The relay reads some of them before
 * EAL starts, by their whole names: the TUN/TAPs named with --vdev (held
 * by another process? their MTU?), the memory and bus options (what to
 * add), --help.  Abbreviated, one of those would pass those checks
 * unseen and reach EAL all the same: refused, with its whole name.
 */
int
relay_eal_abbrev_check(int argc, char **argv)
{
	static const char *const read_opts[] = {
		"vdev", "no-huge", "socket-mem", "huge-dir", "socket-limit",
		"in-memory", "legacy-mem", "allow", "block", "no-pci", "help",
	};
	const char *name;
	size_t len, i;
	int a;

	for (a = 1; a < argc; a++) {
		if (strncmp(argv[a], "--", 2) != 0 || argv[a][2] == '\0')
			continue;
		name = argv[a] + 2;
		len = strcspn(name, "=");
		for (i = 0; i < RTE_DIM(read_opts); i++) {
			if (len >= strlen(read_opts[i]) ||
			    strncmp(name, read_opts[i], len) != 0)
				continue;
			fprintf(stderr, "error: --%.*s: an abbreviation of an EAL option the relay reads before EAL starts (--%s): write it in full\n",
				(int)len, name, read_opts[i]);
			return -EINVAL;
		}
	}
	return 0;
}

static bool
arg_is(const char *arg, const char *const *list, size_t n)
{
	size_t i, len;

	for (i = 0; i < n; i++) {
		len = strlen(list[i]);
		if (strncmp(arg, list[i], len) != 0)
			continue;
		/* "-m", "-m512", "--socket-mem", "--socket-mem=..." */
		if (arg[len] == '\0' || arg[len] == '=' || list[i][1] != '-')
			return true;
	}
	return false;
}

/*
 * The EAL arguments: argv[0..argc) as the user gave them, plus what this
 * machine needs when the user said nothing about it.
 */
int
relay_eal_args(int argc, char **argv, bool default_topology, int *eal_argc,
	       char ***eal_argv)
{
	static const char *const mem_opts[] = {
		"-m", "--socket-mem", "--no-huge", "--huge-dir",
		"--socket-limit", "--in-memory", "--legacy-mem",
	};
	static const char *const pci_opts[] = {
		"-a", "--allow", "-b", "--block", "--no-pci", "-w",
	};
	static const char *const defaults[] = {
		"--vdev=net_ngiface0,l2=none",
		"--vdev=net_ngiface1,l2=none,inet=ng0:inet,inet6=ng0:inet6",
		"--vdev=net_tun0,iface=ng0",
		"--vdev=net_tun1,iface=ng1",
	};
	bool mem = false, pci = false;
	char **v;
	int i, n = 0;

	for (i = 1; i < argc; i++) {
		mem |= arg_is(argv[i], mem_opts, RTE_DIM(mem_opts));
		pci |= arg_is(argv[i], pci_opts, RTE_DIM(pci_opts));
	}
	v = calloc(argc + 8 + RTE_DIM(defaults), sizeof(*v));
	if (v == NULL)
		return -ENOMEM;
	for (i = 0; i < argc; i++)
		v[n++] = argv[i];
	if (!mem) {
		v[n++] = (char *)(uintptr_t)"--no-huge";
		v[n++] = (char *)(uintptr_t)"-m";
		v[n++] = (char *)(uintptr_t)"512";
	}
	if (!pci)
		v[n++] = (char *)(uintptr_t)"--no-pci";
	if (default_topology)
		for (i = 0; i < (int)RTE_DIM(defaults); i++)
			v[n++] = (char *)(uintptr_t)defaults[i];
	v[n] = NULL;
	*eal_argc = n;
	*eal_argv = v;
	return 0;
}
