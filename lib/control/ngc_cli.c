/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

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
	{ NGC_CLI_CONNECT, "connect", "connect [path] <relpath> <hook> <peerhook>",
	  "Connects hook <peerhook> of the node at <relpath> to <hook>",
	  "The connect command creates a link between the two nodes at "
	  "\"path\" and \"relpath\" using hooks \"hook\" and \"peerhook\", "
	  "respectively. The \"relpath\", if not absolute, is specified "
	  "relative to the node at \"path\". If \"path\" is omitted then "
	  "\".\" is assumed.",
	  { NULL }, 0, 0 },
	{ NGC_CLI_HELP, "help", "help [command]",
	  "Show command summary or get more help on a specific command",
	  NULL, { "?", NULL }, 1, 0 },
	{ NGC_CLI_LIST, "list", "list [-ln]",
	  "Show information about all nodes",
	  "The list command shows information about every node that "
	  "currently exists in the netgraph system. The optional -n argument "
	  "limits this list to named nodes. The optional -l argument provides "
	  "expanded information on each node.",
	  { "ls", NULL }, 0, 0 },
	{ NGC_CLI_MKPEER, "mkpeer", "mkpeer [path] <type> <hook> <peerhook>",
	  "Create and connect a new node to the node at \"path\"",
	  "The mkpeer command atomically creates a new node of type \"type\" "
	  "and connects it to the node at \"path\". The hooks used for the "
	  "connection are \"hook\" on the original node and \"peerhook\" on "
	  "the new node. Type iface hot-plugs a new net_ngiface node; types "
	  "echo and hole attach an echo or a discard to \"hook\".",
	  { NULL }, 0, 0 },
	{ NGC_CLI_MSG, "msg", "msg path command [args ... ]",
	  "Send a netgraph control message to the node at \"path\"",
	  "The msg command constructs a netgraph control message from the "
	  "command name and ASCII arguments (if any) and sends that message to "
	  "the node. The response, if any, is printed in ASCII form.",
	  { "cmd", NULL }, 0, 0 },
	{ NGC_CLI_NAME, "name", "name <path> <name>",
	  "Assign name <name> to the node at <path>", NULL, { NULL }, 0,
	  0 },
	{ NGC_CLI_QUIT, "quit", "quit", "Exit program", NULL,
	  { "exit", NULL }, 1, 0 },
	{ NGC_CLI_READ, "read", "read <filename>",
	  "Read and execute commands from a file", NULL,
	  { "source", ".", NULL }, 1, 0 },
	{ NGC_CLI_RMHOOK, "rmhook", "rmhook [path] <hook>",
	  "Disconnect hook \"hook\" of the node at \"path\"",
	  "The rmhook command forces the node at \"path\" to break the link "
	  "formed by its hook \"hook\", if connected. If \"path\" is omitted "
	  "then \".\" is assumed.",
	  { NULL }, 0, 0 },
	{ NGC_CLI_SHOW, "show", "show [-n] <path>",
	  "Show information about the node at <path>",
	  "If the -n flag is given, hooks are not listed.",
	  { "inquire", "info", NULL }, 0, 0 },
	{ NGC_CLI_SHUTDOWN, "shutdown", "shutdown <path>",
	  "Shutdown the node at <path>",
	  "The shutdown command causes the node at \"path\" to be shut down. "
	  "For an iface node the net_ngiface device is removed.",
	  { "kill", NULL }, 0, 0 },
	{ NGC_CLI_STATUS, "status", "status <path>",
	  "Get human readable status information from the node at <path>",
	  NULL, { NULL }, 0, 0 },
	{ NGC_CLI_TYPES, "types", "types",
	  "Show information about all installed node types", NULL,
	  { NULL }, 0, 0 },
};

#define NGC_CLI_NB (sizeof(ngc_cli_cmds) / sizeof(ngc_cli_cmds[0]))

const struct ngc_cli_cmd *
ngc_cli_at(unsigned int i)
{
	return i < NGC_CLI_NB ? &ngc_cli_cmds[i] : NULL;
}

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
	snprintf(buf, size, "\"%.64s\": %s command", word,
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

int
ngc_cli_help(struct ngc_buf *out, const char *word)
{
	const struct ngc_cli_cmd *c;
	char msg[96];
	unsigned int i;
	int err, k;

	if (word == NULL) {
		ngc_buf_puts(out, "Available commands:\n");
		for (i = 0; i < NGC_CLI_NB; i++)
			ngc_buf_printf(out, "  %-10s %s\n", ngc_cli_cmds[i].name,
				       ngc_cli_cmds[i].summary);
		return 0;
	}
	c = ngc_cli_find(word, &err);
	if (c == NULL) {
		ngc_cli_find_error(word, err, msg, sizeof(msg));
		ngc_buf_printf(out, "%s\n", msg);
		return err;
	}
	ngc_buf_printf(out, "Usage:    %s\nSummary:  %s\n", c->usage,
		       c->summary);
	if (c->aliases[0] != NULL) {
		ngc_buf_puts(out, "Aliases:  ");
		for (k = 0; c->aliases[k] != NULL; k++)
			ngc_buf_printf(out, "%s%s", k ? ", " : "",
				       c->aliases[k]);
		ngc_buf_puts(out, "\n");
	}
	if (c->help != NULL) {
		ngc_buf_puts(out, "Description:\n");
		help_wrap(out, c->help);
	}
	return 0;
}
