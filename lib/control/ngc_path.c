/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ngc_path.h"

static int
chars_ok(const char *s, size_t n, const char *bad)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] == 0x7f || strchr(bad, s[i]) != NULL)
			return 0;
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
 * "[hex]" between s and s + n, read as netgraph's ng_decodeidname reads it:
 * a hex digit first, then strtoul in base 16 to the ']', so "[0x1f]" and
 * "[0001f]" are node 1f too.  0 is no node; an ID has 32 bits.
 */
static int
parse_id(const char *s, size_t n, uint32_t *id)
{
	char tmp[NGC_PATHSIZ], *end;
	unsigned long v;

	if (n < 3 || n > sizeof(tmp) || s[0] != '[' || s[n - 1] != ']' ||
	    !isxdigit((unsigned char)s[1]))
		return -EINVAL;
	memcpy(tmp, s + 1, n - 2);
	tmp[n - 2] = '\0';
	errno = 0;
	v = strtoul(tmp, &end, 16);
	if (*end != '\0' || errno != 0 || v == 0 || v > UINT32_MAX)
		return -EINVAL;
	*id = (uint32_t)v;
	return 0;
}

static int
parse_node(const char *s, size_t n, struct ngc_path *p)
{
	if (n == 1 && s[0] == '.') {
		p->kind = NGC_ADDR_SELF;
		return 0;
	}
	if (n > 0 && s[0] == '[') {
		p->kind = NGC_ADDR_ID;
		return parse_id(s, n, &p->id);
	}
	if (n >= NGC_NODESIZ)
		return -ENAMETOOLONG;
	if (n == 0 || !chars_ok(s, n, ".:[]\""))
		return -EINVAL;
	p->kind = NGC_ADDR_NAME;
	memcpy(p->name, s, n);
	p->name[n] = '\0';
	return 0;
}

/*
 * The hook part: names between dots.  As netgraph's ng_path_parse, one
 * dot at its start and one at its end are dropped ("ng0:.inet.",
 * ".:."), but an empty name between two dots is refused.
 */
static int
parse_hooks(const char *s, struct ngc_path *p)
{
	const char *dot, *end;
	size_t n;

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
			return -ENAMETOOLONG;
		if (n == 0 || !chars_ok(s, n, ":[]\""))
			return -EINVAL;
		memcpy(p->hooks[p->nb_hooks], s, n);
		p->hooks[p->nb_hooks++][n] = '\0';
		if (dot == NULL)
			break;
		s = dot + 1;
		if (s == end)
			return -EINVAL;
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
	if (strchr(colon + 1, ':') != NULL)
		return -EINVAL;
	ret = parse_node(s, (size_t)(colon - s), p);
	if (ret != 0)
		return ret;
	return parse_hooks(colon + 1, p);
}
