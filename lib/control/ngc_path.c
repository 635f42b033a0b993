/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ngc_buf.h"
#include "ngc_path.h"

/*
 * No blank, control character or byte of bad; beyond ASCII, whole UTF-8
 * sequences (FreeBSD takes any byte there, but a name must survive the
 * JSON replies as it was given).  s ends in NUL at n.
 */
static int
chars_ok(const char *s, size_t n, const char *bad)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, k;

	for (i = 0; i < n; i += k) {
		if (u[i] >= 0x80) {
			k = ngc_utf8_seq(s + i);
			if (k == 0)
				return 0;
			continue;
		}
		k = 1;
		if (u[i] <= ' ' || u[i] == 0x7f || strchr(bad, s[i]) != NULL)
			return 0;
	}
	return 1;
}

int
ngc_name_valid(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n < NGC_NODESIZ && chars_ok(s, n, ".:[]\"");
}

int
ngc_hook_valid(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n < NGC_HOOKSIZ && chars_ok(s, n, ".:[]\"");
}

/*
 * "[hex]" between s and s + n as an ID, read as netgraph's ng_decodeidname
 * reads it: '[', a hex digit, then strtoul in base 16 up to the closing
 * ']', so "[0x1f]" and "[0001f]" are node 1f too.  Anything else (no ']',
 * junk before it, 0, more than 32 bits) is no ID: 0, and the text is
 * looked up as a name, which no node has.
 */
static uint32_t
decode_id(const char *s, size_t n)
{
	char tmp[NGC_PATHSIZ], *end;
	unsigned long v;

	if (n < 3 || n > sizeof(tmp) || s[0] != '[' || s[n - 1] != ']' ||
	    !isxdigit((unsigned char)s[1]))
		return 0;
	memcpy(tmp, s + 1, n - 2);
	tmp[n - 2] = '\0';
	errno = 0;
	v = strtoul(tmp, &end, 16);
	if (*end != '\0' || errno != 0 || v > UINT32_MAX)
		return 0;
	return (uint32_t)v;
}

/*
 * The node part, before the colon.  As ng_path_parse, only its structure
 * is checked (not empty; no dot, but for "." itself); what its characters
 * are is left to the lookup.  A name longer than any node can have is
 * not found (ENOENT), as in netgraph.
 */
static int
parse_node(const char *s, size_t n, struct ngc_path *p)
{
	if (n == 1 && s[0] == '.') {
		p->kind = NGC_ADDR_SELF;
		return 0;
	}
	if (n == 0 || memchr(s, '.', n) != NULL)
		return -EINVAL;
	p->id = decode_id(s, n);
	if (p->id != 0) {
		p->kind = NGC_ADDR_ID;
		return 0;
	}
	if (n >= NGC_NODESIZ)
		return -ENOENT;
	p->kind = NGC_ADDR_NAME;
	memcpy(p->name, s, n);
	p->name[n] = '\0';
	return 0;
}

/*
 * The hook part: names between dots.  As netgraph's ng_path_parse, two
 * dots in a row anywhere are refused, then one dot at its start and one
 * at its end are dropped ("ng0:.inet.", ".:.").  A hook name longer than
 * any hook can have is not found.
 */
static int
parse_hooks(const char *s, struct ngc_path *p)
{
	const char *dot, *end;
	size_t n;

	if (strstr(s, "..") != NULL)
		return -EINVAL;
	if (*s == '.')
		s++;
	end = s + strlen(s);
	if (end > s && end[-1] == '.')
		end--;
	while (s < end) {
		dot = memchr(s, '.', (size_t)(end - s));
		n = dot != NULL ? (size_t)(dot - s) : (size_t)(end - s);
		if (p->nb_hooks == NGC_PATH_MAX_HOOKS)
			return -ENAMETOOLONG;
		if (n >= NGC_HOOKSIZ)
			return -ENOENT;
		memcpy(p->hooks[p->nb_hooks], s, n);
		p->hooks[p->nb_hooks++][n] = '\0';
		if (dot == NULL)
			break;
		s = dot + 1;
	}
	return 0;
}

int
ngc_path_parse(const char *s, struct ngc_path *p)
{
	const char *colon;
	int ret;

	memset(p, 0, sizeof(*p));
	if (s == NULL || *s == '\0')
		return -EINVAL;
	if (strlen(s) >= NGC_PATHSIZ)
		return -ENAMETOOLONG;
	if (strcmp(s, ".") == 0)
		return 0;
	colon = strchr(s, ':');
	if (colon == NULL) {
		p->kind = NGC_ADDR_SELF;
		return parse_hooks(s, p);
	}
	/* the whole structure first, as ng_path_parse, then the names */
	if (strchr(colon + 1, ':') != NULL || strstr(colon + 1, "..") != NULL)
		return -EINVAL;
	ret = parse_node(s, (size_t)(colon - s), p);
	if (ret != 0)
		return ret;
	return parse_hooks(colon + 1, p);
}
