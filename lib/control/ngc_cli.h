/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef NGC_CLI_H
#define NGC_CLI_H

/**
 * @file
 * ngctl's command set: names, aliases, usage and help text, matching of a
 * typed word (case-insensitive, any unique prefix of a name or alias) and
 * the splitting of a command line into words.  Shared by the server, which
 * executes the commands, and the ngctl client, which runs help/quit/read
 * itself.
 */

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

enum ngc_cli_id {
	NGC_CLI_CAPTURE,
	NGC_CLI_CONFIG,
	NGC_CLI_CONNECT,
	NGC_CLI_DOT,
	NGC_CLI_HELP,
	NGC_CLI_LIST,
	NGC_CLI_MKPEER,
	NGC_CLI_MSG,
	NGC_CLI_NAME,
	NGC_CLI_QUIT,
	NGC_CLI_READ,
	NGC_CLI_RMHOOK,
	NGC_CLI_SHOW,
	NGC_CLI_SHUTDOWN,
	NGC_CLI_STATUS,
	NGC_CLI_TYPES,
};

#define NGC_CLI_MAX_ALIASES 3

struct ngc_cli_cmd {
	enum ngc_cli_id id;
	const char *name;
	const char *usage;	/**< "show [-n] <path>" */
	const char *summary;	/**< one line */
	const char *help;	/**< paragraph, may be NULL */
	const char *aliases[NGC_CLI_MAX_ALIASES + 1];
	int local;		/**< run by the client, not the server */
	/**
	 * Served by an extension the embedding application registers under
	 * this name (ngc_server_conf.ext); a server without one answers
	 * EOPNOTSUPP.  The entry here gives ngctl the name and help offline.
	 */
	int ext;
};

/**
 * Match word against names and aliases.  NULL with *err = -ENOENT (no
 * match) or -EAGAIN (more than one command matches).
 */
const struct ngc_cli_cmd *ngc_cli_find(const char *word, int *err);

/**
 * Write the FreeBSD wording of a ngc_cli_find() failure into buf:
 * "\"%s\": unknown command" or "\"%s\": ambiguous command".
 */
void ngc_cli_find_error(const char *word, int err, char *buf, size_t size);

/* FreeBSD's ngctl takes 512 (MAX_ARGS): long capture filters need them */
#define NGC_CLI_MAX_WORDS 512

struct ngc_cli_words {
	int argc;
	char *argv[NGC_CLI_MAX_WORDS + 1];
	size_t off[NGC_CLI_MAX_WORDS];	/**< where argv[i] began in the line */
};

/**
 * Split line (modified in place: blanks after words become NUL) at blanks.
 * -E2BIG for more than NGC_CLI_MAX_WORDS words.  A copy of the original
 * line is needed to recover the raw text after a word (msg arguments).
 */
int ngc_cli_split(char *line, struct ngc_cli_words *w);

/**
 * One line of a file of commands (ngctl's -f, read and standard input, the
 * relay's --config) into line, which has room for max bytes and a NUL; its
 * end (LF, and a CR before it) left out.  Read a byte at a time so that
 * the bound holds while reading: a file named by mistake (an image,
 * /dev/zero) costs no more memory than a line.  Returns 1 for a line (its
 * length in *len), 0 at the end of the file, or a negative errno: -E2BIG a
 * line longer than max, -EINVAL a NUL byte (C strings would end the line
 * there and drop the rest unsaid), both with the rest of the line unread;
 * or the error of a read that failed (EISDIR for a directory, EIO).
 */
int ngc_cli_getline(FILE *f, char *line, size_t max, size_t *len);


#include "ngc_buf.h"

/**
 * Help text: the command summary, or usage, summary, aliases and
 * description of the command word matches.  Returns 0 or the
 * ngc_cli_find() error (with the FreeBSD wording appended to out).
 */
int ngc_cli_help(struct ngc_buf *out, const char *word);

/**
 * The same as JSON, for ngctl -j: {"commands":[...]} without word, or one
 * command's object ({"name","usage","aliases","summary","description"}).
 * A word that matches no command (or several) gets the words of
 * ngc_cli_help, as ngctl says them for any command it does not know.
 */
int ngc_cli_help_json(struct ngc_buf *out, const char *word);

#endif /* NGC_CLI_H */
