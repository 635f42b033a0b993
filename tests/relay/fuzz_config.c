/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * libFuzzer harness for the relay's options and config files
 * (app/ngiface-relay/relay_config.c): relay_config_parse on an argv and
 * up to three config files made from the input, relay_config_is_app_option
 * on every word, relay_eal_args on the same argv.
 *
 * Input: one flags byte, then parts apart at 0xff bytes (no UTF-8 text
 * holds one): the application's argv (words apart at NUL bytes, after the
 * program name), then the files a.conf, sub/b.conf and c.conf of a private
 * directory, the working directory for the parse, in which "--config a.conf" and a
 * file's "config sub/b.conf" (or "config ../c.conf" in sub/) find them.  A
 * file a part does not give is not there.
 *
 * Built by scripts/fuzz.sh with the real relay_config.c, relay_capture.c
 * (the capture's numeric options and its check of a whole capture
 * setting), cap_rotate.c, the driver's sources (the hook names) and
 * lib/control's line reader, linked against libdpdk; EAL is never
 * initialised, as relay_config_parse runs before rte_eal_init in the relay
 * too.  Stubbed, here: cap_filter.c, as a libpcap filter is libpcap's to
 * parse, and pcap_compile looks up the host and port names of a filter
 * ("host example.org") over the network; the stub takes any filter but
 * one starting with "!bad", for the refusal's path.  fopen is wrapped (the
 * link's --wrap=fopen): in a parse, a config file outside the directory
 * (/dev/stdin, a FIFO) is not opened.
 *
 * Invariants of a parse that succeeds: every value within its option's
 * bounds, every string NUL-terminated within its array, 1..RELAY_MAX_LINKS
 * links (the default topology's when none is given); of the EAL arguments:
 * the user's kept in order, the list NULL-terminated.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cap_filter.h"
#include "relay.h"

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

#define MAX_WORDS 64

static char dir[PATH_MAX], cwd[PATH_MAX];
static size_t dir_len;
static bool parsing;	/* in relay_config_parse: fopen is held to dir */
static struct relay_config cfg;

static const char *const files[] = { "a.conf", "sub/b.conf", "c.conf" };
#define NB_FILES (sizeof(files) / sizeof(files[0]))

/************************************************************************
			STUBS
 ************************************************************************/

int
cap_filter_check(const char *expr, uint32_t snaplen, char *err,
		 size_t errlen)
{
	CHECK(memchr(expr, '\0', CAP_STR_MAX) != NULL);
	CHECK(snaplen > 0 && snaplen <= CAP_SNAPLEN_MAX);
	if (strncmp(expr, "!bad", 4) == 0) {
		snprintf(err, errlen, "filter \"%s\": refused", expr);
		return -EINVAL;
	}
	return 0;
}

/* only a capture's start loads a filter, and none starts here */
struct rte_bpf *
cap_filter_load(const char *expr, uint32_t snaplen, bool *jit_ok, char *err,
		size_t errlen)
{
	(void)expr;
	(void)snaplen;
	(void)jit_ok;
	(void)err;
	(void)errlen;
	abort();
}

void
cap_filter_free(struct rte_bpf *bpf)
{
	(void)bpf;
	abort();
}

FILE *__real_fopen(const char *path, const char *mode);
FILE *__wrap_fopen(const char *path, const char *mode);

/*
 * While the parser runs, a file in dir only; anything else is not there.
 * Otherwise any: the wrap covers libFuzzer's own fopen too, which writes
 * the corpus and a crash's input (from its signal handler, perhaps in the
 * middle of a parse: so only reads are held).
 */
FILE *
__wrap_fopen(const char *path, const char *mode)
{
	char real[PATH_MAX];

	if (!parsing || mode[0] != 'r')
		return __real_fopen(path, mode);
	if (realpath(path, real) == NULL)
		return NULL;
	if (strncmp(real, dir, dir_len) != 0 || real[dir_len] != '/') {
		errno = ENOENT;
		return NULL;
	}
	return __real_fopen(path, mode);
}

/************************************************************************
			THE INPUT
 ************************************************************************/

/* at exit: the files and dir, whatever the last input left */
static void
cleanup(void)
{
	char path[PATH_MAX + 16];
	unsigned int i;

	for (i = 0; i < NB_FILES; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/sub", dir);
	rmdir(path);
	rmdir(dir);
}

static void
setup(void)
{
	const char *tmp = getenv("TMPDIR");
	char tmpl[PATH_MAX];

	snprintf(tmpl, sizeof(tmpl), "%s/ngiface-fuzz-config.XXXXXX",
		 tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	CHECK(mkdtemp(tmpl) != NULL);
	CHECK(realpath(tmpl, dir) != NULL);
	dir_len = strlen(dir);
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	CHECK(chdir(dir) == 0);
	CHECK(mkdir("sub", 0700) == 0);
	CHECK(chdir(cwd) == 0);
	atexit(cleanup);
}

/* File i made of len bytes at p, or none when p is NULL. */
static void
put_file(unsigned int i, const uint8_t *p, size_t len)
{
	int fd;

	if (p == NULL) {
		CHECK(unlink(files[i]) == 0 || errno == ENOENT);
		return;
	}
	fd = open(files[i], O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0);
	CHECK(write(fd, p, len) == (ssize_t)len);
	close(fd);
}

/* What a successful parse left in cfg: all in bounds. */
static void
check_config(void)
{
	const struct relay_capture_conf *c = &cfg.capture;
	const struct relay_link *l;
	unsigned int i;

	CHECK(cfg.nb_links >= 1 && cfg.nb_links <= RELAY_MAX_LINKS);
	CHECK(cfg.burst >= 1 && cfg.burst <= RELAY_BURST_MAX);
	CHECK(cfg.stats_period <= RELAY_STATS_PERIOD_MAX);
	CHECK(cfg.nb_mbufs >= RELAY_MBUFS_MIN &&
	      cfg.nb_mbufs <= RELAY_MBUFS_MAX);
	CHECK(cfg.nb_desc >= RELAY_DESC_MIN && cfg.nb_desc <= RELAY_DESC_MAX);
	CHECK(cfg.ctl_path == NULL || cfg.ctl_path[0] != '\0');
	for (i = 0; i < cfg.nb_links; i++) {
		l = &cfg.links[i];
		CHECK(l->kind == RELAY_LINK_STACK || l->kind == RELAY_LINK_HOOKS ||
		      l->kind == RELAY_LINK_HOOK);
		CHECK(memchr(l->node, '\0', sizeof(l->node)) != NULL &&
		      l->node[0] != '\0');
		CHECK(memchr(l->port_name, '\0', sizeof(l->port_name)) != NULL &&
		      l->port_name[0] != '\0');
		CHECK(memchr(l->spec, '\0', sizeof(l->spec)) != NULL);
		CHECK(l->lcore == RELAY_LCORE_AUTO || l->lcore < RTE_MAX_LCORE);
		CHECK(l->kind != RELAY_LINK_HOOK ||
		      (unsigned int)l->hook < RTE_PMD_NGIFACE_HOOK_MAX);
	}
	CHECK(!cfg.default_topology || cfg.nb_links == 2);
	CHECK(memchr(c->path, '\0', sizeof(c->path)) != NULL);
	CHECK(memchr(c->nodes, '\0', sizeof(c->nodes)) != NULL);
	CHECK(memchr(c->filter, '\0', sizeof(c->filter)) != NULL);
	/* capture options need a file, and "none" undoes them all */
	CHECK(!cfg.capture_opts || c->path[0] != '\0');
	CHECK(c->path[0] != '\0' || (c->nodes[0] == '\0' &&
				     c->filter[0] == '\0'));
	CHECK(strcmp(c->path, "none") != 0);
}

/* The EAL arguments of argv: argv's own first, in order, then NULL. */
static void
check_eal_args(int argc, char **argv, bool topo)
{
	char **eal_argv;
	int eal_argc, i;

	if (relay_eal_args(argc, argv, topo, &eal_argc, &eal_argv) != 0)
		return;
	CHECK(eal_argc >= argc && eal_argc <= argc + 8);
	for (i = 0; i < argc; i++)
		CHECK(eal_argv[i] == argv[i]);
	CHECK(eal_argv[eal_argc] == NULL);
	free(eal_argv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char prog[] = "ngiface-relay";
	const uint8_t *part[1 + NB_FILES] = { NULL }, *p, *end;
	size_t len[1 + NB_FILES] = { 0 };
	char *argv[MAX_WORDS + 2], *words, *w;
	unsigned int n, i;
	int argc = 0, ret;

	if (dir_len == 0)
		setup();
	if (size < 1 || size > 32768)
		return 0;
	/* the parts, apart at 0xff */
	p = data + 1;
	end = data + size;
	for (n = 0; n < 1 + NB_FILES && p <= end; n++) {
		const uint8_t *ff = memchr(p, 0xff, (size_t)(end - p));

		part[n] = p;
		len[n] = ff != NULL ? (size_t)(ff - p) : (size_t)(end - p);
		p += len[n] + 1;
	}
	/* in dir for the parse only: libFuzzer reads and writes its corpus
	 * by the paths it was given, which may be relative */
	CHECK(chdir(dir) == 0);
	for (i = 0; i < NB_FILES; i++)
		put_file(i, part[1 + i], len[1 + i]);
	/* argv: the program, then the words of part 0 apart at NUL */
	words = malloc(len[0] + 1);
	CHECK(words != NULL);
	if (len[0] != 0)
		memcpy(words, part[0], len[0]);
	words[len[0]] = '\0';
	argv[argc++] = prog;
	/* an empty word is a word too, as "" on a command line */
	for (w = words; len[0] != 0 && argc <= MAX_WORDS; w += strlen(w) + 1) {
		argv[argc++] = w;
		if (w + strlen(w) == words + len[0])
			break;
	}
	argv[argc] = NULL;
	for (i = 1; i < (unsigned int)argc; i++)
		(void)relay_config_is_app_option(argv[i]);
	parsing = true;
	ret = relay_config_parse(&cfg, argc, argv);
	parsing = false;
	CHECK(ret == 0 || ret == 1 || (ret < 0 && ret > -4096));
	CHECK(chdir(cwd) == 0);
	if (ret == 0)
		check_config();
	check_eal_args(argc, argv, data[0] & 1);
	free(cfg.ctl_path);
	free(words);
	return 0;
}
