/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ngc_buf.h"

#define NGC_BUF_DEFAULT_MAX (1u << 20)

void
ngc_buf_init(struct ngc_buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max != 0 ? max : NGC_BUF_DEFAULT_MAX;
}

void
ngc_buf_free(struct ngc_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
	b->err = 0;
}

void
ngc_buf_reset(struct ngc_buf *b)
{
	b->len = 0;
	b->err = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

static int
buf_reserve(struct ngc_buf *b, size_t more)
{
	size_t need, ncap;
	char *np;

	if (b->err != 0)
		return b->err;
	if (more > b->max || b->len + more > b->max) {
		b->err = -ENOSPC;
		return b->err;
	}
	need = b->len + more + 1;
	if (need <= b->cap)
		return 0;
	ncap = b->cap != 0 ? b->cap : 256;
	while (ncap < need)
		ncap *= 2;
	np = realloc(b->p, ncap);
	if (np == NULL) {
		b->err = -ENOMEM;
		return b->err;
	}
	b->p = np;
	b->cap = ncap;
	return 0;
}

int
ngc_buf_put(struct ngc_buf *b, const void *data, size_t len)
{
	int ret = buf_reserve(b, len);

	if (ret != 0)
		return ret;
	if (len != 0)
		memcpy(b->p + b->len, data, len);
	b->len += len;
	b->p[b->len] = '\0';
	return 0;
}

int
ngc_buf_puts(struct ngc_buf *b, const char *s)
{
	return ngc_buf_put(b, s, strlen(s));
}

int
ngc_buf_printf(struct ngc_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n, ret;

	if (b->err != 0)
		return b->err;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->err = -EINVAL;
		return b->err;
	}
	ret = buf_reserve(b, (size_t)n);
	if (ret != 0)
		return ret;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

/*
 * The second byte's range after each lead byte (RFC 3629's table): what
 * rules out overlong forms, surrogates and code points above U+10FFFF.
 */
static int
utf8_second_ok(unsigned char lead, unsigned char c)
{
	if (lead == 0xe0)
		return c >= 0xa0 && c <= 0xbf;
	if (lead == 0xed)
		return c >= 0x80 && c <= 0x9f;
	if (lead == 0xf0)
		return c >= 0x90 && c <= 0xbf;
	if (lead == 0xf4)
		return c >= 0x80 && c <= 0x8f;
	return c >= 0x80 && c <= 0xbf;
}

size_t
ngc_utf8_seq(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len, i;

	if (u[0] < 0x80)
		return 1;
	if (u[0] >= 0xc2 && u[0] <= 0xdf)
		len = 2;
	else if (u[0] >= 0xe0 && u[0] <= 0xef)
		len = 3;
	else if (u[0] >= 0xf0 && u[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (!utf8_second_ok(u[0], u[1]))
		return 0;
	for (i = 2; i < len; i++)
		if (u[i] < 0x80 || u[i] > 0xbf)
			return 0;
	return len;
}

/* Bytes of s's next character to show as they are, 0 to escape one. */
static size_t
esc_plain(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t k;

	if (u[0] < 0x80)
		return u[0] >= 0x20 && u[0] != 0x7f;
	k = ngc_utf8_seq(s);
	/* U+0080 to U+009F (C2 80 to C2 9F): the C1 controls, CSI among them */
	if (k == 2 && u[0] == 0xc2 && u[1] < 0xa0)
		return 0;
	return k;
}

const char *
ngc_esc(const char *s, char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t len = 0, k;

	for (; *s != '\0'; s += k) {
		k = esc_plain(s);
		if (k != 0) {
			if (len + k >= size)
				break;
			memcpy(buf + len, s, k);
			len += k;
			continue;
		}
		k = 1;
		if (len + 4 >= size)
			break;
		buf[len++] = '\\';
		buf[len++] = 'x';
		buf[len++] = hex[(unsigned char)*s >> 4];
		buf[len++] = hex[(unsigned char)*s & 0xf];
	}
	buf[len] = '\0';
	return buf;
}

int
ngc_buf_json_str(struct ngc_buf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t k;

	ngc_buf_put(b, "\"", 1);
	for (; *u != '\0'; u++) {
		if (*u >= 0x80) {
			k = ngc_utf8_seq((const char *)u);
			if (k == 0) {
				ngc_buf_printf(b, "\\u%04x", *u);
				continue;
			}
			ngc_buf_put(b, u, k);
			u += k - 1;
		} else if (*u == '"' || *u == '\\')
			ngc_buf_printf(b, "\\%c", *u);
		else if (*u == '\n')
			ngc_buf_puts(b, "\\n");
		else if (*u == '\t')
			ngc_buf_puts(b, "\\t");
		else if (*u < 0x20 || *u == 0x7f)
			ngc_buf_printf(b, "\\u%04x", *u);
		else
			ngc_buf_put(b, u, 1);
	}
	return ngc_buf_put(b, "\"", 1);
}

/*
 * The escapes ng_parse writes (ng_encode_string): these five letters,
 * the quote and the backslash; every other byte outside printable ASCII
 * as \xNN.  The parser reads those and the rest of C's.
 */
static const char c_escapes[][2] = {
	{ '\f', 'f' }, { '\n', 'n' }, { '\r', 'r' }, { '\t', 't' },
	{ '\v', 'v' }, { '"', '"' }, { '\\', '\\' },
};

int
ngc_buf_c_str(struct ngc_buf *b, const char *s, size_t len)
{
	size_t i, k;

	ngc_buf_put(b, "\"", 1);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		for (k = 0; k < sizeof(c_escapes) / sizeof(c_escapes[0]); k++)
			if (c_escapes[k][0] == (char)c)
				break;
		if (k < sizeof(c_escapes) / sizeof(c_escapes[0]))
			ngc_buf_printf(b, "\\%c", c_escapes[k][1]);
		else if (c < 0x20 || c >= 0x7f)
			ngc_buf_printf(b, "\\x%02x", c);
		else
			ngc_buf_put(b, &c, 1);
	}
	return ngc_buf_put(b, "\"", 1);
}
