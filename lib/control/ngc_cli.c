/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ngc_buf.h"
#include "ngc_cli.h"

/************************************************************************
			COMMAND TABLE
 ************************************************************************/

static const struct ngc_cli_cmd ngc_cli_cmds[] = {
	{ NGC_CLI_CAPTURE, "capture",
	  "capture start [-n ng0,ng1] [-s snaplen] [-c count] [-b files:N] "
	  "[-b filesize:KB] [-b duration:S] <file> [filter ...] | "
	  "capture stop | capture status",
	  "Start, stop or show a pcapng capture of iface nodes",
	  "The capture command records the raw IP packets of iface nodes, "
	  "both directions, into a pcapng file (one interface per node, "
	  "link type RAW). \"start\" opens <file> for the nodes given with "
	  "-n (default every iface node); the words after <file> are a "
	  "libpcap filter. -s sets the snapshot length, -c stops after that "
	  "many packets, -b rotates files as dumpcap does. \"stop\" closes "
	  "the file with its interface statistics; \"status\" shows the "
	  "counters. Served by the process that owns the nodes, when it "
	  "offers captures (ngiface-relay does).",
	  { NULL }, 0, 1 },
	{ NGC_CLI_CONFIG, "config", "config <path> [arguments]",
	  "Read or set a node's configuration as text",
	  "Sends the node at <path> a text configuration message holding "
	  "the arguments, if any (none: a read), and prints its answer. "
	  "A node with no text configuration answers \"No config "
	  "available\"; iface, echo and hole nodes are such nodes, as "
	  "ng_iface is in FreeBSD.",
	  { NULL }, 0, 0 },
	{ NGC_CLI_CONNECT, "connect", "connect [path] <relpath> <hook> <peerhook>",
	  "Join a hook of one node to a hook of another",
	  "Links <hook> of the node at [path] (\".\" when left out) with "
	  "<peerhook> of the node at <relpath>; a relative <relpath> starts "
	  "from [path], and \".\" there is the node at [path] itself. "
	  "Both must be iface nodes. A hook that is already "
	  "linked answers EISCONN, as ng_iface does.",
	  { "join", NULL }, 0, 0 },
	{ NGC_CLI_DOT, "dot", "dot [-c]",
	  "Print the graph in Graphviz's language",
	  "Every node is a record of its name, type and ID; every hook a "
	  "small node of its own, tied to its node and to its peer hook. "
	  "With -c a link is one edge between two nodes, with the hook "
	  "names at its ends. Feed it to Graphviz: ngctl dot | dot -Tsvg "
	  "> graph.svg (redirect for a file: no file argument).",
	  { "graphviz", "confdot", NULL }, 0, 0 },
	{ NGC_CLI_HELP, "help", "help [command]",
	  "List the commands, or explain one in full",
	  NULL, { "?", NULL }, 1, 0 },
	{ NGC_CLI_LIST, "list", "list [-ln]",
	  "Print every node of the graph",
	  "One line a node: name, type, ID and number of hooks. With -n only "
	  "named nodes are printed; with -l each node is printed as show "
	  "prints it, hook table included.",
	  { "ls", NULL }, 0, 0 },
	{ NGC_CLI_MKPEER, "mkpeer", "mkpeer [path] <type> <hook> <peerhook>",
	  "Make a node and link it to a hook of an existing one",
	  "Makes a node of <type> and links its <peerhook> to <hook> of the "
	  "node at [path] (\".\" when left out), as one step: if the link "
	  "cannot be made, the new node is removed again. Type iface "
	  "hot-plugs a net_ngiface device; types echo and hole put an echo "
	  "or a discard on <hook>. From \".\" the new node stays reachable "
	  "as .:<hook> for the rest of the ngctl session (rmhook . <hook> "
	  "drops it).",
	  { NULL }, 0, 0 },
	{ NGC_CLI_MSG, "msg", "msg path command [args ... ]",
	  "Send a control message to a node and print its reply",
	  "Builds message <command> from its arguments, written in "
	  "netgraph's ASCII form ({ field=value ... }), hands it to the node "
	  "at <path> and prints the reply in the same form, for messages "
	  "that have one. iface nodes take getifname, getifindex, "
	  "point2point, broadcast, linkup and linkdown; hole nodes take "
	  "getstats, getclrstats and clrstats with their hook's name in "
	  "quotes.",
	  { "cmd", NULL }, 0, 0 },
	{ NGC_CLI_NAME, "name", "name <path> <name>",
	  "Give the node at <path> a name", NULL, { NULL }, 0, 0 },
	{ NGC_CLI_QUIT, "quit", "quit", "Leave ngctl", NULL,
	  { "exit", NULL }, 1, 0 },
	{ NGC_CLI_READ, "read", "read <filename>",
	  "Run the commands of a file, up to the first that fails", NULL,
	  { "source", ".", NULL }, 1, 0 },
	{ NGC_CLI_RMHOOK, "rmhook", "rmhook [path] <hook>",
	  "Unlink one hook of a node",
	  "Takes <hook> of the node at [path] (\".\" when left out) away "
	  "from its peer. What the node sends to that hook from then on is "
	  "dropped and counted as unconnected. A hook that is not linked, "
	  "or that the node cannot have, is no error (netgraph's rmhook).",
	  { "disconnect", NULL }, 0, 0 },
	{ NGC_CLI_SHOW, "show", "show [-n] <path>",
	  "Print one node and its hooks",
	  "Prints the node's name, type, ID and number of hooks, then a "
	  "table of its hooks and their peers; -n leaves the table out.",
	  { "inquire", "info", NULL }, 0, 0 },
	{ NGC_CLI_SHUTDOWN, "shutdown", "shutdown <path>",
	  "Remove the node at <path>",
	  "An iface node's net_ngiface device is stopped and removed, and its "
	  "unit number becomes free; an echo or hole node is unlinked. "
	  "Ports that are not iface nodes cannot be removed (EPERM).",
	  { "kill", "rmnode", NULL }, 0, 0 },
	{ NGC_CLI_STATUS, "status", "status <path>",
	  "Print a node's state and counters",
	  "For an iface node: mode, link, MTU, max_nesting, queues, and each "
	  "hook's peer and counters.",
	  { NULL }, 0, 0 },
	{ NGC_CLI_TYPES, "types", "types",
	  "List the node types and how many nodes each has", NULL,
	  { NULL }, 0, 0 },
};

#define NGC_CLI_NB (sizeof(ngc_cli_cmds) / sizeof(ngc_cli_cmds[0]))

/************************************************************************
			MATCHING AND SPLITTING
 ************************************************************************/

static int
cmd_matches(const struct ngc_cli_cmd *c, const char *word, size_t n)
{
	int k;

	if (strncasecmp(c->name, word, n) == 0)
		return 1;
	for (k = 0; c->aliases[k] != NULL; k++)
		if (strncasecmp(c->aliases[k], word, n) == 0)
			return 1;
	return 0;
}

const struct ngc_cli_cmd *
ngc_cli_find(const char *word, int *err)
{
	const struct ngc_cli_cmd *found = NULL;
	size_t n = strlen(word);
	unsigned int i;

	*err = -ENOENT;
	if (n == 0)
		return NULL;
	for (i = 0; i < NGC_CLI_NB; i++) {
		if (!cmd_matches(&ngc_cli_cmds[i], word, n))
			continue;
		if (found != NULL) {
			*err = -EAGAIN;
			return NULL;
		}
		found = &ngc_cli_cmds[i];
	}
	if (found != NULL)
		*err = 0;
	return found;
}

void
ngc_cli_find_error(const char *word, int err, char *buf, size_t size)
{
	char shown[65];	/* 64 bytes of the word, or fewer escaped */

	snprintf(buf, size, "\"%s\": %s command",
		 ngc_esc(word, shown, sizeof(shown)),
		 err == -EAGAIN ? "ambiguous" : "unknown");
}

int
ngc_cli_split(char *line, struct ngc_cli_words *w)
{
	char *p = line;

	w->argc = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (*p == '\0')
			break;
		if (w->argc == NGC_CLI_MAX_WORDS)
			return -E2BIG;
		w->off[w->argc] = (size_t)(p - line);
		w->argv[w->argc++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r' &&
		       *p != '\n')
			p++;
		if (*p == '\0')
			break;
		*p++ = '\0';
	}
	w->argv[w->argc] = NULL;
	return 0;
}

int
ngc_cli_getline(FILE *f, char *line, size_t max, size_t *len)
{
	size_t n = 0;
	int c;

	errno = 0;
	while ((c = getc(f)) != EOF && c != '\n') {
		if (c == '\0')
			return -EINVAL;
		if (n == max)
			return -E2BIG;
		line[n++] = (char)c;
	}
	if (c == EOF && ferror(f))
		return errno != 0 ? -errno : -EIO;
	if (c == EOF && n == 0)
		return 0;
	if (n > 0 && line[n - 1] == '\r')
		n--;
	line[n] = '\0';
	*len = n;
	return 1;
}

/************************************************************************
			HELP
 ************************************************************************/

/* Word-wrap text at about 72 columns, each line indented by two blanks. */
static void
help_wrap(struct ngc_buf *out, const char *text)
{
	size_t col = 0, n;
	const char *p = text;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		n = strcspn(p, " ");
		if (n == 0)
			break;
		if (col != 0 && col + 1 + n > 72) {
			ngc_buf_puts(out, "\n");
			col = 0;
		}
		ngc_buf_puts(out, col == 0 ? "  " : " ");
		ngc_buf_put(out, p, n);
		col += n + (col == 0 ? 2 : 1);
		p += n;
	}
	if (col != 0)
		ngc_buf_puts(out, "\n");
}

/* The command word names; or, if none, its error's words into out. */
static int
help_find(struct ngc_buf *out, const char *word,
	  const struct ngc_cli_cmd **c)
{
	char msg[96];
	int err;

	*c = ngc_cli_find(word, &err);
	if (*c != NULL)
		return 0;
	ngc_cli_find_error(word, err, msg, sizeof(msg));
	ngc_buf_printf(out, "%s\n", msg);
	return err;
}

/* One command's help as JSON: name, usage, aliases, summary, description. */
static void
help_json_cmd(struct ngc_buf *out, const struct ngc_cli_cmd *c)
{
	int k;

	ngc_buf_puts(out, "{\"name\":");
	ngc_buf_json_str(out, c->name);
	ngc_buf_puts(out, ",\"usage\":");
	ngc_buf_json_str(out, c->usage);
	ngc_buf_puts(out, ",\"aliases\":[");
	for (k = 0; c->aliases[k] != NULL; k++) {
		ngc_buf_puts(out, k != 0 ? "," : "");
		ngc_buf_json_str(out, c->aliases[k]);
	}
	ngc_buf_puts(out, "],\"summary\":");
	ngc_buf_json_str(out, c->summary);
	ngc_buf_puts(out, ",\"description\":");
	if (c->help != NULL)
		ngc_buf_json_str(out, c->help);
	else
		ngc_buf_puts(out, "null");
	ngc_buf_puts(out, "}");
}

int
ngc_cli_help_json(struct ngc_buf *out, const char *word)
{
	const struct ngc_cli_cmd *c;
	unsigned int i;
	int err;

	if (word == NULL) {
		ngc_buf_puts(out, "{\"commands\":[");
		for (i = 0; i < NGC_CLI_NB; i++) {
			ngc_buf_puts(out, i != 0 ? "," : "");
			help_json_cmd(out, &ngc_cli_cmds[i]);
		}
		ngc_buf_puts(out, "]}\n");
		return 0;
	}
	/* a word no command has: words, as ngctl says them, -j or not */
	err = help_find(out, word, &c);
	if (err != 0)
		return err;
	help_json_cmd(out, c);
	ngc_buf_puts(out, "\n");
	return 0;
}

int
ngc_cli_help(struct ngc_buf *out, const char *word)
{
	const struct ngc_cli_cmd *c;
	unsigned int i;
	int err, k;

	if (word == NULL) {
		ngc_buf_puts(out, "Available commands:\n");
		for (i = 0; i < NGC_CLI_NB; i++)
			ngc_buf_printf(out, "  %-10s %s\n", ngc_cli_cmds[i].name,
				       ngc_cli_cmds[i].summary);
		return 0;
	}
	err = help_find(out, word, &c);
	if (err != 0)
		return err;
	/* FreeBSD ngctl's order and words */
	ngc_buf_printf(out, "usage:    %s\n", c->usage);
	if (c->aliases[0] != NULL) {
		ngc_buf_puts(out, "Aliases:  ");
		for (k = 0; c->aliases[k] != NULL; k++)
			ngc_buf_printf(out, "%s%s", k != 0 ? ", " : "",
				       c->aliases[k]);
		ngc_buf_puts(out, "\n");
	}
	ngc_buf_printf(out, "Summary:  %s\n", c->summary);
	if (c->help != NULL) {
		ngc_buf_puts(out, "Description:\n");
		help_wrap(out, c->help);
	}
	return 0;
}
