/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * The little of the server's JSON replies that ngctl reads back itself
 * (ngctl_json.h): a key's value, a string unescaped, a count.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ngctl_json.h"

/*
 * Just past "key": in a reply ngc_exec wrote, or NULL.  Not a JSON parser:
 * it finds the first such key, which is the one meant for the replies read
 * here (an object's fields come before anything nested after them), and
 * no string in them can hold the sequence: a '"' inside one is written
 * \", so a key's closing quote and colon never follow its letters there.
 */
const char *
ngctl_json_key(const char *body, const char *key)
{
	char pat[24];
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = body != NULL ? strstr(body, pat) : NULL;
	return p != NULL ? p + strlen(pat) : NULL;
}

int
ngctl_json_u32(const char *p, uint32_t *v)
{
	unsigned long u;
	char *end;

	if (p == NULL || *p < '0' || *p > '9')
		return -EPROTO;
	errno = 0;
	u = strtoul(p, &end, 10);
	if (errno != 0 || u > UINT32_MAX)
		return -EPROTO;
	/* a number ends where its value does: "12abc" is no 12 */
	if (*end != '\0' && strchr(",}] \t\r\n", *end) == NULL)
		return -EPROTO;
	*v = (uint32_t)u;
	return 0;
}

/* One code point as UTF-8; below 0x100 one byte, as ngc_buf_json_str
 * writes a stray byte. */
static size_t
put_code(char *dst, unsigned long u)
{
	if (u < 0x100) {
		dst[0] = (char)u;
		return 1;
	}
	if (u < 0x800) {
		dst[0] = (char)(0xc0 | u >> 6);
		dst[1] = (char)(0x80 | (u & 0x3f));
		return 2;
	}
	dst[0] = (char)(0xe0 | u >> 12);
	dst[1] = (char)(0x80 | ((u >> 6) & 0x3f));
	dst[2] = (char)(0x80 | (u & 0x3f));
	return 3;
}

int
ngctl_json_str(const char *p, char *dst, size_t cap)
{
	static const char esc[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
	char hex[5] = "", code[3];
	unsigned long u;
	const char *e;
	size_t n = 0, k;

	if (p == NULL || *p != '"' || cap == 0)
		return -EPROTO;
	for (p++; *p != '"'; p++) {
		if (*p == '\0')
			return -EPROTO;
		if (*p != '\\') {
			code[0] = *p;
			k = 1;
		} else if (*++p == 'u') {
			if (strspn(p + 1, "0123456789abcdefABCDEF") < 4)
				return -EPROTO;
			memcpy(hex, p + 1, 4);
			u = strtoul(hex, NULL, 16);
			/* a NUL would end the text early: no name holds one */
			if (u == 0)
				return -EPROTO;
			k = put_code(code, u);
			p += 4;
		} else {
			for (e = esc; *e != '\0' && *e != *p; e += 2)
				;
			if (*e == '\0')
				return -EPROTO;
			code[0] = e[1];
			k = 1;
		}
		/* the NUL still to come needs its byte */
		if (n + k >= cap)
			return -EPROTO;
		memcpy(dst + n, code, k);
		n += k;
	}
	dst[n] = '\0';
	return 0;
}
