/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * ngctl: the netgraph control tool, speaking to an ngiface control socket.
 *
 *   ngctl [-dj] [-s socket] [-t ms] [-f file] [command ...]
 *
 * help, quit and read run here; every other command goes to the server,
 * one request per connection, after the socket node's part
 * (ngctl_sock.h): "rmhook . x" and "show ." while the socket has hooks
 * are answered here (show asking the server for each hook's node), a
 * path through one of them is rewritten, and a mkpeer is sent with -j
 * when the socket must learn the node made.
 */

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "ngc_buf.h"
#include "ngc_cli.h"
#include "ngc_client.h"
#include "ngc_errno.h"
#include "ngc_format.h"
#include "ngc_graph.h"
#include "ngc_proto.h"

#include "ngctl_exit.h"
#include "ngctl_sock.h"

#define PROMPT		"+ "
#define CMD_QUIT	(-1)
#define MAX_DEPTH	8	/* nested read commands */
#define NGCTL_TIMEOUT_MAX_MS	3600000u	/* an hour */

struct ngctl {
	const char *socket;
	unsigned int timeout_ms;
	int json;
	int debug;	/* -d: each request and its reply's status on stderr */
	int depth;
	int args;	/* the line is the command line's words */
};

static int run_file(struct ngctl *ng, const char *path);

/*
 * An error of ngctl's own, as the server's are printed: words, name, and
 * a hint after them ("" for none).
 */
static void
say_errno(const char *what, int err, const char *hint)
{
	char name[16];

	fprintf(stderr, "ngctl: %s: %s (%s)%s\n", what, strerror(err),
		ngc_errno_name(err, name, sizeof(name)), hint);
}

/*
 * What a command prints is its result: output that could not be written
 * (a full disk, a pipe whose reader died) fails the command, EX_IOERR,
 * as a failed request does.  ngctl exited 0 with the output lost.  Said
 * once; the stream's error mark stays, so every later command fails too.
 */
static int
out_flush(int ret)
{
	static int said;
	int err;

	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return ret;
	err = errno != 0 ? errno : EIO;
	if (!said)
		say_errno("standard output", err, "");
	said = 1;
	return ret == EX_OK ? EX_IOERR : ret;
}

/* No memory: as the server says it. */
static int
no_memory(void)
{
	fprintf(stderr, "ngctl: out of memory (ENOMEM)\n");
	return EX_OSERR;
}

/************************************************************************
			TALKING TO THE SERVER
 ************************************************************************/

/* An error reply's body, and its length without the line ends. */
static const char *
error_body(const struct ngc_client_reply *r, size_t *len)
{
	const char *body = r->body != NULL ? r->body : "";
	size_t n = strlen(body);

	while (n > 0 && body[n - 1] == '\n')
		n--;
	*len = n;
	return body;
}

static void
print_error(const struct ngc_client_reply *r)
{
	size_t n;
	const char *body = error_body(r, &n);

	if (n == 0)
		fprintf(stderr, "ngctl: %s (%s)\n", r->text, r->name);
	else
		fprintf(stderr, "ngctl: %.*s (%s)\n", (int)n, body, r->name);
}

/*
 * With -j an error is the JSON error object on stdout, as the server
 * writes it (ngc_json_error), whoever found it: a script reads JSON
 * whatever went wrong.  Returns 0, or an exit status when even that
 * could not be said.
 */
static int
json_error_out(int err, const char *detail)
{
	struct ngc_buf out;
	int ret = 0;

	ngc_buf_init(&out, 0);
	ngc_json_error(&out, err, detail);
	if (ngc_buf_error(&out) != 0)
		ret = no_memory();	/* unbounded: only memory can fail */
	else
		fputs(ngc_buf_str(&out), stdout);
	ngc_buf_free(&out);
	return ret;
}

/*
 * An error ngctl finds itself once the command line is read: its words on
 * stderr, or with -j the JSON error object (err, the words as detail) on
 * stdout, as the server's errors are.  Returns status, flushed as every
 * result is (or what saying it met: no memory, an output error).
 */
static int __attribute__((format(printf, 4, 5)))
say_local(const struct ngctl *ng, int status, int err, const char *fmt, ...)
{
	char detail[PATH_MAX + 128];
	va_list ap;
	int ret = 0;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (ng->json)
		ret = json_error_out(err, detail);
	else
		fprintf(stderr, "ngctl: %s\n", detail);
	return out_flush(ret != 0 ? ret : status);
}

/*
 * say_errno ("what: words (ENAME)hint"), or with -j the JSON error object
 * (what and hint as its detail) on stdout; returns as say_local.
 */
static int
say_errno_local(const struct ngctl *ng, int status, const char *what,
		int err, const char *hint)
{
	char detail[PATH_MAX + 256];
	int ret = 0;

	if (ng->json) {
		snprintf(detail, sizeof(detail), "%s%s", what, hint);
		ret = json_error_out(err, detail);
	} else {
		say_errno(what, err, hint);
	}
	return out_flush(ret != 0 ? ret : status);
}

/* A line buffer that failed: no memory, or more than its bound. */
static int
buf_failed(const struct ngctl *ng, const struct ngc_buf *b)
{
	if (ngc_buf_error(b) == -ENOMEM)
		return no_memory();
	return say_local(ng, EX_DATAERR, E2BIG, "command too long");
}

/*
 * No answer from the socket: the cause as every error prints (words and
 * name), and for no socket or nobody listening the likely reason.
 */
static int
transport_error(const struct ngctl *ng, int ret)
{
	const char *hint = ret == -ENOENT || ret == -ECONNREFUSED ?
		": no server there (is ngiface-relay running? -s or $NGCTL_SOCKET name another socket)" :
		"";

	return say_errno_local(ng, ngctl_exit_transport(ret), ng->socket,
			       -ret, hint);
}

/*
 * A reply to a -j request whose body is not JSON: one the server gives
 * before it reads the request, so before it knows of -j (a peer it
 * refuses, a request too long, a NUL byte, a deadline).  Wrapped into
 * the JSON error object with the body as its detail.
 */
static bool
reply_needs_json(const struct ngctl *ng, const struct ngc_client_reply *r)
{
	const char *b = r->body != NULL ? r->body : "";

	return ng->json && r->status != 0 && *b != '{';
}

static int
reply_json_error(const struct ngc_client_reply *r)
{
	char detail[512];
	size_t n;
	const char *body = error_body(r, &n);

	snprintf(detail, sizeof(detail), "%.*s", (int)n, body);
	return json_error_out(r->status, detail);
}

/*
 * Send one request (with -j when json) and take its reply into *r.
 * 0, or an exit status already said (the line too long, no answer).
 */
static int
ask(struct ngctl *ng, bool json, const char *name, const char *rest,
    struct ngc_client_reply *r)
{
	struct ngc_buf line;
	int ret;

	/* the client adds the newline: NGC_REQ_MAX - 1 of text */
	ngc_buf_init(&line, NGC_REQ_MAX - 1);
	ngc_buf_printf(&line, "%s%s%s", json ? "-j " : "", name, rest);
	if (ngc_buf_error(&line) != 0) {
		ret = buf_failed(ng, &line);
		ngc_buf_free(&line);
		return ret;
	}
	if (ng->debug)
		fprintf(stderr, "ngctl: -> %s\n", ngc_buf_str(&line));
	ret = ngc_client_request(ng->socket, ngc_buf_str(&line),
				 ng->timeout_ms, r);
	ngc_buf_free(&line);
	if (ret != 0)
		return transport_error(ng, ret);
	if (ng->debug)
		fprintf(stderr, "ngctl: <- %s (%d), %zu bytes\n", r->name,
			r->status, r->body_len);
	return 0;
}

/* Print a reply as -j asked or not; its exit status. */
static int
answer(struct ngctl *ng, struct ngc_client_reply *r)
{
	int ret = 0;

	if (reply_needs_json(ng, r))
		ret = reply_json_error(r);
	else if (r->status == 0 || ng->json)
		fwrite(r->body, 1, r->body_len, stdout);
	else
		print_error(r);
	ret = out_flush(ret != 0 ? ret : ngctl_exit_status(r->status, r->body));
	ngc_client_reply_free(r);
	return ret;
}

/* Put text in place of a reply's body. */
static int
replace_body(struct ngc_client_reply *r, const char *text)
{
	char *b = strdup(text);

	if (b == NULL)
		return no_memory();
	free(r->body);
	r->body = b;
	r->body_len = strlen(b);
	return 0;
}

/*
 * A reply asked with -j for ngctl's own use, made what the request without
 * -j would have answered when the user did not ask for JSON: nothing on
 * success, the error's detail as text.
 */
static int
as_asked(const struct ngctl *ng, struct ngc_client_reply *r)
{
	char detail[NGC_REPLY_HDR_MAX + 512];

	if (ng->json)
		return 0;
	if (r->status == 0)
		return replace_body(r, "");
	if (r->body != NULL && r->body[0] == '{' &&
	    ngctl_sock_reply_detail(r->body, detail, sizeof(detail)) == 0)
		return replace_body(r, detail);
	return 0;
}

/* as_asked, then answer */
static int
answer_asked(struct ngctl *ng, struct ngc_client_reply *r)
{
	int ret = as_asked(ng, r);

	if (ret == 0)
		return answer(ng, r);
	ngc_client_reply_free(r);
	return ret;
}

/*
 * A mkpeer from the socket (ngctl_sock.h), or any while the socket has
 * hooks: asked with -j, whose reply names the node made.  Its ID was free,
 * so a hook still naming it names a node gone: that hook goes.  From the
 * socket (w's word hook_word is the new hook, its peer hook after it),
 * the new hook is kept.
 */
static int
sock_mkpeer(struct ngctl *ng, const struct ngc_cli_cmd *c, const char *rest,
	    const struct ngc_cli_words *w, int hook_word)
{
	const char *hook = hook_word >= 0 ? w->argv[hook_word] : NULL;
	struct ngc_client_reply r;
	char detail[96];
	uint32_t id;
	int ret, err = 0;

	if (hook != NULL && ngctl_sock_has(hook))
		err = EEXIST;
	else if (hook != NULL && ngctl_sock_full())
		err = ENOSPC;
	if (err != 0) {
		snprintf(detail, sizeof(detail),
			 "mkpeer: hook \"%.40s\" of \".\"", hook);
		return say_errno_local(ng, ngctl_exit_status(err, ""), detail,
				       err, err == ENOSPC ?
				       ": ngctl's socket holds no more hooks" :
				       "");
	}
	ret = ask(ng, true, c->name, rest, &r);
	if (ret != 0)
		return ret;
	if (r.status == 0 && ngctl_sock_reply_id(r.body, &id) == 0) {
		ngctl_sock_drop_id(id);
		/* the name was free and a slot too, above: only a server that
		 * made a hook no hook name allows fails it (EINVAL) */
		if (hook != NULL &&
		    ngctl_sock_add(hook, w->argv[hook_word + 1], id) != 0 &&
		    !ng->json)
			fprintf(stderr, "ngctl: mkpeer: the server took a hook "
				"name no hook can have: \".:%.40s\" will not "
				"be found\n", hook);
	} else if (r.status == 0 && hook != NULL && !ng->json) {
		/* a server that names no node: the mkpeer stands */
		fprintf(stderr, "ngctl: mkpeer: the reply names no node: "
			"\".:%.40s\" will not be found\n", hook);
	}
	return answer_asked(ng, &r);
}

/* The socket with its hooks, as show prints a node; -n: without them. */
static int
print_socket(const struct ngctl *ng, const struct ngc_linkinfo *l,
	     unsigned int n, int no_hooks)
{
	struct ngc_nodeinfo self;
	struct ngc_buf out;
	int ret = EX_OK;

	memset(&self, 0, sizeof(self));
	snprintf(self.type, sizeof(self.type), "%s", NGC_SOCKET_TYPE);
	self.id = NGC_SOCKET_ID;
	self.hooks = n;
	ngc_buf_init(&out, 0);
	ngc_show(&out, ng->json, &self, l, n, no_hooks);
	if (ng->json)
		ngc_buf_puts(&out, "\n");
	if (ngc_buf_error(&out) != 0)
		ret = buf_failed(ng, &out);
	else
		fputs(ngc_buf_str(&out), stdout);
	ngc_buf_free(&out);
	return out_flush(ret);
}

/*
 * "show ." while the socket has hooks: the server knows none of them, so
 * ngctl asks for the node at the end of each and shows the socket itself.
 * A node gone meanwhile takes its hook along, as a node's shutdown cuts
 * the socket's hook in netgraph.
 */
static int
sock_show(struct ngctl *ng, int no_hooks)
{
	struct ngc_linkinfo l[NGCTL_SOCK_MAX_HOOKS];
	struct ngc_client_reply r;
	char path[48];
	unsigned int n = 0;
	int i, ret;

	for (i = 0; i < NGCTL_SOCK_MAX_HOOKS; i++) {
		if (!ngctl_sock_at(i, &l[n]))
			continue;
		snprintf(path, sizeof(path), " -n [%x]:", l[n].nodeinfo.id);
		ret = ask(ng, true, "show", path, &r);
		if (ret != 0)
			return ret;
		if (r.status == ENOENT) {
			ngctl_sock_forget(i);
		} else if (r.status != 0) {
			return answer_asked(ng, &r);
		} else if (ngctl_sock_reply_node(r.body, &l[n].nodeinfo) != 0) {
			/* the ID asked for: the failed read cleared the copy */
			ngc_client_reply_free(&r);
			ngctl_sock_at(i, &l[n]);
			snprintf(path, sizeof(path), "show: the reply for [%x]",
				 l[n].nodeinfo.id);
			return say_errno_local(ng, ngctl_exit_status(EPROTO, ""),
					       path, EPROTO, ", naming no node");
		} else {
			n++;
		}
		ngc_client_reply_free(&r);
	}
	return print_socket(ng, l, n, no_hooks);
}

/*
 * A command for the server, after the socket's part: its own hooks
 * (mkpeer, rmhook) and a path that starts at one of them.
 */
static int
remote_line(struct ngctl *ng, const struct ngc_cli_cmd *c,
	    const struct ngc_cli_words *w, const char *text)
{
	int hook_word = ngctl_sock_mkpeer_hook(c, w), slot, no_hooks, ret;
	struct ngc_client_reply r;
	struct ngc_buf rest;

	if (ngctl_sock_show(c, w, &no_hooks))
		return sock_show(ng, no_hooks);
	if (ngctl_sock_rmhook(c, w)) {
		if (ng->json)
			fputs("{\"ok\":true}\n", stdout);
		return out_flush(EX_OK);
	}
	ngc_buf_init(&rest, NGC_REQ_MAX - 1);
	ngctl_sock_rewrite(c, w, text, &rest, &slot);
	if (ngc_buf_error(&rest) != 0) {
		ret = buf_failed(ng, &rest);
	} else if (c->id == NGC_CLI_MKPEER &&
		   (hook_word >= 0 || !ngctl_sock_empty())) {
		ret = sock_mkpeer(ng, c, ngc_buf_str(&rest), w, hook_word);
	} else {
		ret = ask(ng, ng->json, c->name, ngc_buf_str(&rest), &r);
		/* the hook goes with its node */
		if (ret == 0 && c->id == NGC_CLI_SHUTDOWN &&
		    (r.status == 0 || r.status == ENOENT))
			ngctl_sock_forget(slot);
		if (ret == 0)
			ret = answer(ng, &r);
	}
	ngc_buf_free(&rest);
	return ret;
}

/************************************************************************
			ONE COMMAND LINE
 ************************************************************************/

/* help, or with -j the same as JSON */
static int
local_help(const struct ngctl *ng, int argc, char **argv)
{
	const char *word = argc == 2 ? argv[1] : NULL;
	struct ngc_buf out;
	int ret;

	if (argc > 2)
		return say_local(ng, EX_USAGE, EINVAL, "usage: help [command]");
	ngc_buf_init(&out, 0);
	ret = ng->json ? ngc_cli_help_json(&out, word) :
		ngc_cli_help(&out, word);
	/* no memory for the whole text: none of it, rather than a part */
	if (ngc_buf_error(&out) != 0) {
		ret = buf_failed(ng, &out);
		ngc_buf_free(&out);
		return ret;
	}
	/* an unknown command is said as on a command line, as FreeBSD's
	 * help says it (warnx): "ngctl: "x": unknown command" */
	if (ret != 0)
		ret = say_local(ng, EX_USAGE, EINVAL, "%.*s",
				(int)strcspn(ngc_buf_str(&out), "\n"),
				ngc_buf_str(&out));
	else
		fputs(ngc_buf_str(&out), stdout);
	ngc_buf_free(&out);
	return ret != 0 ? ret : out_flush(EX_OK);
}

static int
run_line(struct ngctl *ng, const char *text)
{
	const struct ngc_cli_cmd *c;
	struct ngc_cli_words w;
	char msg[128], *line;
	int err, ret = EX_OK;

	line = strdup(text);
	if (line == NULL)
		return no_memory();
	if (ngc_cli_split(line, &w) != 0) {
		free(line);
		return say_local(ng, EX_USAGE, E2BIG, "too many words");
	}
	if (w.argc == 0 || w.argv[0][0] == '#') {
		free(line);
		return EX_OK;
	}
	c = ngc_cli_find(w.argv[0], &err);
	if (c == NULL) {
		ngc_cli_find_error(w.argv[0], err, msg, sizeof(msg));
		ret = say_local(ng, EX_USAGE, EINVAL, "%s%s", msg,
				ng->json && ng->args && w.argc > 1 ?
				" (-j asks for JSON here; FreeBSD's -j jail "
				"has no counterpart)" : "");
	} else if (c->id == NGC_CLI_HELP) {
		ret = local_help(ng, w.argc, w.argv);
	} else if (c->id == NGC_CLI_QUIT) {
		ret = CMD_QUIT;
	} else if (c->id == NGC_CLI_READ) {
		if (w.argc != 2)
			ret = say_local(ng, EX_USAGE, EINVAL, "usage: %s",
					c->usage);
		else
			ret = run_file(ng, w.argv[1]);
	} else {
		ret = remote_line(ng, c, &w, text);
	}
	free(line);
	return ret;
}

/************************************************************************
			FILES, PROMPT, ARGUMENTS
 ************************************************************************/

/*
 * A line ngc_cli_getline refused: too long for a request, or a NUL byte in
 * it.  In a session the rest of it is skipped (a terminal ends its lines),
 * so that the next command is the next line.
 */
static int
bad_line(const struct ngctl *ng, FILE *fp, int err, int session)
{
	int c;

	while (session && (c = getc(fp)) != EOF && c != '\n')
		;
	if (err == -E2BIG)
		return say_local(ng, EX_DATAERR, E2BIG, "command too long");
	return say_local(ng, EX_DATAERR, EINVAL, "a NUL byte in the line (not "
			 "a text file?)%s", ng->json ? "" : " (EINVAL)");
}

/* ngc_cli_getline's answer for a read that failed, not a line it refused */
static bool
read_failed(int got)
{
	return got < 0 && got != -E2BIG && got != -EINVAL;
}

/*
 * The commands of fp, one a line, each at most a request long (the bound
 * holds while reading: ngctl -f /dev/zero grew until memory ran out).  A
 * read that fails is not the end of the file: a directory (EISDIR) or an
 * I/O error ended the commands there and ngctl exited 0 as if all had run.
 * It says so, by name, and fails with EX_NOINPUT, in a session too.
 */
static int
run_stream(struct ngctl *ng, FILE *fp, const char *name, int prompt,
	   int stop_on_error)
{
	char *text = malloc(NGC_REQ_MAX);
	int num = 0, ret = EX_OK, last = EX_OK, got = 0;
	size_t n;

	if (text == NULL)
		return no_memory();
	for (;;) {
		if (prompt) {
			fputs(PROMPT, stdout);
			fflush(stdout);
		}
		got = ngc_cli_getline(fp, text, NGC_REQ_MAX - 1, &n);
		if (got == 0 || read_failed(got))
			break;
		num++;
		last = got < 0 ? bad_line(ng, fp, got, !stop_on_error) :
			run_line(ng, text);
		/* quit ends ngctl, from inside a read file too, as FreeBSD's */
		if (last == CMD_QUIT)
			break;
		if (last != EX_OK && stop_on_error) {
			/*
			 * with -j the command's error object says it; the
			 * file is named, as a read inside it fails with the
			 * same words for each file it is nested in
			 */
			if (!ng->json)
				fprintf(stderr, "ngctl: %s: line %d: error "
					"in file\n", name, num);
			ret = last;
			break;
		}
	}
	if (prompt && got <= 0)
		fputs("\n", stdout);
	free(text);
	if (last == CMD_QUIT)
		return CMD_QUIT;
	if (read_failed(got))
		return say_errno_local(ng, EX_NOINPUT, name, -got, "");
	/* a session ends 0 whatever its commands did, as FreeBSD's does */
	return stop_on_error ? ret : EX_OK;
}

static int
run_file(struct ngctl *ng, const char *path)
{
	FILE *fp;
	int ret;

	if (ng->depth >= MAX_DEPTH)
		return say_local(ng, EX_USAGE, ELOOP, "%s: read nested too deep",
				 path);
	fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (fp == NULL)
		return say_errno_local(ng, EX_NOINPUT, path, errno, "");
	ng->depth++;
	ret = run_stream(ng, fp, fp == stdin ? "standard input" : path, 0, 1);
	ng->depth--;
	if (fp != stdin)
		fclose(fp);
	return ret;
}

static int
run_args(struct ngctl *ng, int argc, char **argv)
{
	struct ngc_buf line;
	int i, ret;
	char *p;

	ngc_buf_init(&line, NGC_REQ_MAX * 2);
	for (i = 0; i < argc; i++)
		ngc_buf_printf(&line, "%s%s", i != 0 ? " " : "", argv[i]);
	if (ngc_buf_error(&line) != 0) {
		ret = buf_failed(ng, &line);
		ngc_buf_free(&line);
		return ret;
	}
	/*
	 * The arguments make one line, the request (FreeBSD's ngctl keeps
	 * them words and joins only msg's and config's); a line break inside
	 * one ("$(cat args.txt)") is a blank, as in its parser, and not the
	 * end of the request, with the rest lost.
	 */
	for (p = line.p; p != NULL && *p != '\0'; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	ng->args = 1;
	ret = run_line(ng, ngc_buf_str(&line));
	ng->args = 0;
	ngc_buf_free(&line);
	return ret;
}

/* -h or --help: the text on stdout, exit 0; a usage error: stderr, 64. */
static void
usage(int status)
{
	fprintf(status == EX_OK ? stdout : stderr,
		"usage: ngctl [-dj] [-s socket] [-t ms] [-f file] [command ...]\n"
		"  -s socket  control socket (default $NGCTL_SOCKET, else\n"
		"             %s)\n"
		"  -d         show each request and its reply's status on stderr\n"
		"  -j         print replies as JSON\n"
		"  -t ms      reply timeout, 1..%u (default %u)\n"
		"  -f file    read commands from file (\"-\" for stdin)\n"
		"  -h, --help this text\n"
		"Without a command, commands are read from stdin (stopping at\n"
		"the first error unless stdin is a terminal).\n"
		"\"ngctl help\" lists the commands, \"ngctl help CMD\" explains one.\n",
		NGC_DEFAULT_SOCKET, NGCTL_TIMEOUT_MAX_MS, NGC_DEFAULT_TIMEOUT_MS);
	exit(status == EX_OK ? out_flush(status) : status);
}

/* The -t argument: whole milliseconds, 1..NGCTL_TIMEOUT_MAX_MS. */
static unsigned int
parse_timeout(const char *arg)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || arg[0] == '-' ||
	    v == 0 || v > NGCTL_TIMEOUT_MAX_MS) {
		fprintf(stderr, "ngctl: -t %s: %s (milliseconds, 1..%u)\n",
			arg, strerror(EINVAL), NGCTL_TIMEOUT_MAX_MS);
		exit(EX_USAGE);
	}
	return (unsigned int)v;
}

/* $NGCTL_SOCKET, unless unset or empty (as a shell's ${VAR:-default}) */
static const char *
socket_from_env(void)
{
	const char *s = getenv("NGCTL_SOCKET");

	return s != NULL && *s != '\0' ? s : NULL;
}

int
main(int argc, char **argv)
{
	struct ngctl ng = {
		.socket = socket_from_env(),
		.timeout_ms = NGC_DEFAULT_TIMEOUT_MS,
	};
	static const struct option long_opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL;
	int ch, tty, ret;

	if (ng.socket == NULL)
		ng.socket = NGC_DEFAULT_SOCKET;
	while ((ch = getopt_long(argc, argv, "+dhjs:t:f:", long_opts,
				 NULL)) != -1) {
		switch (ch) {
		case 'd':
			ng.debug = 1;
			break;
		case 'j':
			ng.json = 1;
			break;
		case 's':
			/* "-s $SOCK" with SOCK unset: no path, not "" */
			if (*optarg == '\0') {
				fprintf(stderr, "ngctl: -s: an empty socket "
					"path\n");
				usage(EX_USAGE);
			}
			ng.socket = optarg;
			break;
		case 't':
			ng.timeout_ms = parse_timeout(optarg);
			break;
		case 'f':
			file = optarg;
			break;
		case 'h':
			usage(EX_OK);
			break;
		default:
			usage(EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (file != NULL && argc > 0) {
		fprintf(stderr, "ngctl: -f and a command on the line: give one\n");
		usage(EX_USAGE);
	}
	if (file != NULL) {
		ret = run_file(&ng, file);
	} else if (argc > 0) {
		ret = run_args(&ng, argc, argv);
	} else {
		/* A terminal is a session and goes on past errors; a pipe
		 * is a script, and stops at the first as -f does. */
		tty = isatty(STDIN_FILENO);
		if (tty)	/* as FreeBSD's ngctl greets a session */
			run_line(&ng, "help");
		ret = run_stream(&ng, stdin, "standard input", tty, !tty);
	}
	/* the prompt and what no command flushed yet */
	return out_flush(ret == CMD_QUIT ? EX_OK : ret);
}
