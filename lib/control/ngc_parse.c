/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

/*
 * ASCII <-> binary conversion of typed values, in the manner of netgraph's
 * ng_parse: one recursive-descent parser and one unparser, both driven by
 * the type descriptors below.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ngc_parse.h"

#define NGC_MAX_FIELDS 32

/************************************************************************
			BASIC TYPES
 ************************************************************************/

#define NGC_INT_TYPE(n, sz, sg) \
	const struct ngc_type ngc_type_##n = { \
		.kind = NGC_KIND_INT, .name = #n, .size = sz, .is_signed = sg, \
	}

NGC_INT_TYPE(int8, 1, 1);
NGC_INT_TYPE(uint8, 1, 0);
NGC_INT_TYPE(int16, 2, 1);
NGC_INT_TYPE(uint16, 2, 0);
NGC_INT_TYPE(int32, 4, 1);
NGC_INT_TYPE(uint32, 4, 0);
NGC_INT_TYPE(int64, 8, 1);
NGC_INT_TYPE(uint64, 8, 0);

/* ng_parse_hint32_type: unsigned, printed in hex (a node's ID) */
const struct ngc_type ngc_type_hint32 = {
	.kind = NGC_KIND_INT, .name = "hint32", .size = 4, .hex = 1,
};

const struct ngc_type ngc_type_string = {
	.kind = NGC_KIND_STRING, .name = "string",
};

const struct ngc_type ngc_type_bytes = {
	.kind = NGC_KIND_BYTES, .name = "bytes",
};

/* Alignment of type t in bytes. */
static size_t
ngc_type_align(const struct ngc_type *t)
{
	const struct ngc_field *f;
	size_t a = 1, fa;

	switch (t->kind) {
	case NGC_KIND_INT:
		return t->size;
	case NGC_KIND_STRUCT:
		for (f = t->fields; f->name != NULL; f++) {
			fa = ngc_type_align(f->type);
			if (fa > a)
				a = fa;
		}
		return a;
	case NGC_KIND_ARRAY:
		return ngc_type_align(t->elem);
	case NGC_KIND_VARRAY:
		a = ngc_type_align(t->elem);
		return a > 4 ? a : 4;
	default:
		return 1;
	}
}

/************************************************************************
			PARSER: SCANNING
 ************************************************************************/

struct pctx {
	const char *s;
	size_t pos;
	uint8_t *buf;
	size_t cap;
	size_t off;
	int depth;
	int64_t want;	/* count_name=N given for the array parsed next, or -1 */
	struct ngc_perr *err;
};

static int __attribute__((format(printf, 3, 4)))
perr(struct pctx *c, int code, const char *fmt, ...)
{
	va_list ap;

	if (c->err != NULL && c->err->msg[0] == '\0') {
		c->err->off = c->pos;
		va_start(ap, fmt);
		vsnprintf(c->err->msg, sizeof(c->err->msg), fmt, ap);
		va_end(ap);
	}
	return code;
}

static void
skip_ws(struct pctx *c)
{
	while (c->s[c->pos] == ' ' || c->s[c->pos] == '\t' ||
	       c->s[c->pos] == '\n' || c->s[c->pos] == '\r')
		c->pos++;
}

static int
is_word_char(char ch)
{
	return ch != '\0' && strchr(" \t\r\n{}[]=\"", ch) == NULL;
}

static size_t
word_len(const struct pctx *c)
{
	size_t n = 0;

	while (is_word_char(c->s[c->pos + n]))
		n++;
	return n;
}

/* Skip a quoted string starting at c->pos (on the opening quote). */
static int
skip_string(struct pctx *c)
{
	c->pos++;
	for (;;) {
		char ch = c->s[c->pos];

		if (ch == '\0')
			return perr(c, -EINVAL, "unterminated string");
		c->pos++;
		if (ch == '"')
			return 0;
		if (ch == '\\' && c->s[c->pos] != '\0')
			c->pos++;
	}
}

/* Skip one value of any shape without converting it. */
static int
skip_value(struct pctx *c)
{
	int nest = 0, ret;
	size_t n;

	skip_ws(c);
	do {
		char ch = c->s[c->pos];

		if (ch == '"') {
			ret = skip_string(c);
			if (ret != 0)
				return ret;
		} else if (ch == '{' || ch == '[') {
			nest++;
			c->pos++;
		} else if ((ch == '}' || ch == ']') && nest > 0) {
			nest--;
			c->pos++;
		} else if (ch == '\0') {
			return perr(c, -EINVAL, "unexpected end of input");
		} else if (nest > 0 && strchr(" \t\r\n=", ch) != NULL) {
			c->pos++;
		} else {
			n = word_len(c);
			if (n == 0)
				return perr(c, -EINVAL, "value expected");
			c->pos += n;
		}
	} while (nest > 0);
	return 0;
}

/************************************************************************
			PARSER: OUTPUT
 ************************************************************************/

static int
emit(struct pctx *c, const void *p, size_t n)
{
	if (n > c->cap - c->off)
		return perr(c, -ENOSPC, "value too large for buffer");
	if (p != NULL)
		memcpy(c->buf + c->off, p, n);
	else
		memset(c->buf + c->off, 0, n);
	c->off += n;
	return 0;
}

static int
pad_to(struct pctx *c, size_t align)
{
	size_t pad = (align - c->off % align) % align;

	return emit(c, NULL, pad);
}

static int
emit_default(struct pctx *c, const struct ngc_type *t)
{
	const struct ngc_field *f;
	uint32_t i;
	int ret;

	ret = pad_to(c, ngc_type_align(t));
	switch (t->kind) {
	case NGC_KIND_INT:
	case NGC_KIND_FIXSTR:
		return ret != 0 ? ret : emit(c, NULL, t->size);
	case NGC_KIND_STRING:
		return ret != 0 ? ret : emit(c, NULL, 1);
	case NGC_KIND_VARRAY:
		return ret != 0 ? ret : emit(c, NULL, 4);
	case NGC_KIND_STRUCT:
		for (f = t->fields; ret == 0 && f->name != NULL; f++)
			ret = emit_default(c, f->type);
		return ret != 0 ? ret : pad_to(c, ngc_type_align(t));
	case NGC_KIND_ARRAY:
		for (i = 0; ret == 0 && i < t->size; i++)
			ret = emit_default(c, t->elem);
		return ret;
	default:
		return ret;
	}
}

/************************************************************************
			PARSER: SCALARS
 ************************************************************************/

static int
int_in_range(const struct ngc_type *t, int64_t sv, uint64_t uv)
{
	unsigned int bits = t->size * 8;

	if (bits == 64)
		return 1;
	if (t->is_signed)
		return sv >= -(INT64_C(1) << (bits - 1)) &&
		       sv < (INT64_C(1) << (bits - 1));
	return uv < (UINT64_C(1) << bits);
}

/* Host-order integer of size bytes. */
static void
int_store(uint8_t *raw, uint64_t v, unsigned int size)
{
	uint8_t v8 = (uint8_t)v;
	uint16_t v16 = (uint16_t)v;
	uint32_t v32 = (uint32_t)v;

	switch (size) {
	case 1:
		memcpy(raw, &v8, 1);
		break;
	case 2:
		memcpy(raw, &v16, 2);
		break;
	case 4:
		memcpy(raw, &v32, 4);
		break;
	default:
		memcpy(raw, &v, 8);
		break;
	}
}

/* Load a host-order integer; *sv gets it sign-extended. */
static uint64_t
int_load(const uint8_t *p, unsigned int size, int64_t *sv)
{
	uint8_t v8;
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	switch (size) {
	case 1:
		memcpy(&v8, p, 1);
		*sv = (int8_t)v8;
		return v8;
	case 2:
		memcpy(&v16, p, 2);
		*sv = (int16_t)v16;
		return v16;
	case 4:
		memcpy(&v32, p, 4);
		*sv = (int32_t)v32;
		return v32;
	default:
		memcpy(&v64, p, 8);
		*sv = (int64_t)v64;
		return v64;
	}
}

static int
parse_int(struct pctx *c, const struct ngc_type *t)
{
	char tmp[32], *end;
	size_t n = word_len(c);
	int64_t sv = 0;
	uint64_t uv = 0;
	uint8_t raw[8];

	if (n == 0)
		return perr(c, -EINVAL, "integer expected");
	if (n >= sizeof(tmp))
		return perr(c, -ERANGE, "integer too long");
	memcpy(tmp, c->s + c->pos, n);
	tmp[n] = '\0';
	errno = 0;
	if (t->is_signed) {
		sv = strtoll(tmp, &end, 0);
		uv = (uint64_t)sv;
	} else {
		if (tmp[0] == '-')
			return perr(c, -ERANGE, "negative value for %s", t->name);
		uv = strtoull(tmp, &end, 0);
	}
	if (*end != '\0' || end == tmp)
		return perr(c, -EINVAL, "bad integer \"%s\"", tmp);
	if (errno == ERANGE || !int_in_range(t, sv, uv))
		return perr(c, -ERANGE, "%s out of range for %s", tmp, t->name);
	c->pos += n;
	int_store(raw, uv, t->size);
	return emit(c, raw, t->size);
}

static int
hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static const char c_unescape[][2] = {
	{ 'a', '\a' }, { 'b', '\b' }, { 'f', '\f' }, { 'n', '\n' },
	{ 'r', '\r' }, { 't', '\t' }, { 'v', '\v' }, { '"', '"' },
	{ '\\', '\\' }, { '\'', '\'' }, { '?', '?' },
};

/* Decode one escape after the backslash; returns the byte or -errno. */
static int
parse_escape(struct pctx *c)
{
	char ch = c->s[c->pos];
	unsigned int k, v = 0, n;

	for (k = 0; k < sizeof(c_unescape) / sizeof(c_unescape[0]); k++)
		if (c_unescape[k][0] == ch) {
			c->pos++;
			return (unsigned char)c_unescape[k][1];
		}
	if (ch >= '0' && ch <= '7') {
		for (n = 0; n < 3 && c->s[c->pos] >= '0' && c->s[c->pos] <= '7'; n++)
			v = v * 8 + (unsigned int)(c->s[c->pos++] - '0');
		if (v > 0xff)
			return perr(c, -ERANGE, "octal escape out of range");
		return (int)v;
	}
	if (ch == 'x' && hexval(c->s[c->pos + 1]) >= 0) {
		c->pos++;
		for (n = 0; n < 2 && hexval(c->s[c->pos]) >= 0; n++)
			v = v * 16 + (unsigned int)hexval(c->s[c->pos++]);
		return (int)v;
	}
	return perr(c, -EINVAL, "bad escape \"\\%c\"", ch != '\0' ? ch : '0');
}

static int
parse_str(struct pctx *c, const struct ngc_type *t)
{
	size_t count = 0;
	int ret, ch;
	uint8_t b;

	if (c->s[c->pos] != '"')
		return perr(c, -EINVAL, "string expected");
	c->pos++;
	for (;;) {
		ch = (unsigned char)c->s[c->pos];
		if (ch == '\0')
			return perr(c, -EINVAL, "unterminated string");
		c->pos++;
		if (ch == '"')
			break;
		if (ch == '\\') {
			ch = parse_escape(c);
			if (ch < 0)
				return ch;
			if (ch == 0)
				return perr(c, -EINVAL, "NUL inside string");
		}
		if (t->kind == NGC_KIND_FIXSTR && count + 1 >= t->size)
			return perr(c, -E2BIG, "string longer than %u bytes",
				    t->size - 1);
		b = (uint8_t)ch;
		ret = emit(c, &b, 1);
		if (ret != 0)
			return ret;
		count++;
	}
	if (t->kind == NGC_KIND_FIXSTR)
		return emit(c, NULL, t->size - count);
	return emit(c, NULL, 1);
}

/************************************************************************
			PARSER: AGGREGATES
 ************************************************************************/

static int parse_value(struct pctx *c, const struct ngc_type *t);

static int
name_is(const char *name, const char *s, size_t n)
{
	return name != NULL && strlen(name) == n && strncmp(name, s, n) == 0;
}

/*
 * The field named s (n bytes), or, as NGC_MAX_FIELDS + i, the count of
 * field i, a counted array (its count_name); -1 if neither.
 */
static int
find_field(const struct ngc_type *t, const char *s, size_t n)
{
	int i;

	for (i = 0; t->fields[i].name != NULL; i++) {
		if (name_is(t->fields[i].name, s, n))
			return i;
		if (t->fields[i].type->kind == NGC_KIND_VARRAY &&
		    name_is(t->fields[i].type->count_name, s, n))
			return NGC_MAX_FIELDS + i;
	}
	return -1;
}

/*
 * Scan "{ name=value ... }", remembering where each value starts (at[i]
 * for field i; at[NGC_MAX_FIELDS + i] for the count of field i).
 */
static int
scan_struct(struct pctx *c, const struct ngc_type *t, size_t *at)
{
	size_t n, name_pos;
	int i, ret;

	c->pos++;
	for (;;) {
		skip_ws(c);
		if (c->s[c->pos] == '}') {
			c->pos++;
			return 0;
		}
		if (c->s[c->pos] == '\0')
			return perr(c, -EINVAL, "unterminated struct");
		name_pos = c->pos;
		n = word_len(c);
		if (n == 0)
			return perr(c, -EINVAL, "field name expected");
		c->pos += n;
		skip_ws(c);
		if (c->s[c->pos] != '=')
			return perr(c, -EINVAL, "'=' expected");
		i = find_field(t, c->s + name_pos, n);
		if (i < 0) {
			c->pos = name_pos;
			return perr(c, -ENOENT, "unknown field \"%.*s\"",
				    (int)(n > 32 ? 32 : n), c->s + name_pos);
		}
		if (at[i] != 0) {
			c->pos = name_pos;
			return perr(c, -EALREADY, "field \"%.*s\" given twice",
				    (int)n, c->s + name_pos);
		}
		c->pos++;
		skip_ws(c);
		at[i] = c->pos;
		ret = skip_value(c);
		if (ret != 0)
			return ret;
	}
}

/*
 * The length of a counted array whose count_name was given (c->want), with
 * *count its elements given: the count given, which may leave elements
 * out (defaults) but not have fewer.  Consumes c->want.
 */
static int
counted_len(struct pctx *c, const struct ngc_type *t, uint32_t *count)
{
	const uint32_t max = t->size < NGC_PARSE_MAX_ELEMS ? t->size :
		NGC_PARSE_MAX_ELEMS;
	const int64_t want = c->want;

	c->want = -1;
	if (want > (int64_t)max)
		return perr(c, -E2BIG, "%s=%" PRId64 ": at most %u",
			    t->count_name, want, max);
	/* ng_parse: an index at or past the length is too big */
	if ((uint32_t)want < *count)
		return perr(c, -E2BIG, "%s=%" PRId64 " but %u elements",
			    t->count_name, want, *count);
	*count = (uint32_t)want;
	return 0;
}

/* A counted array given by its count alone: that many defaults. */
static int
emit_counted(struct pctx *c, const struct ngc_type *t)
{
	uint32_t count = 0, i;
	int ret;

	ret = counted_len(c, t, &count);
	if (ret == 0)
		ret = pad_to(c, ngc_type_align(t));
	if (ret == 0)
		ret = emit(c, &count, sizeof(count));
	for (i = 0; ret == 0 && i < count; i++)
		ret = emit_default(c, t->elem);
	return ret;
}

/* A count_name=N value: a uint32 in C notation, kept for the array. */
static int
parse_count(struct pctx *c, size_t at)
{
	char *end;
	unsigned long v;

	c->pos = at;
	if (c->s[at] < '0' || c->s[at] > '9')
		return perr(c, -EINVAL, "count expected");
	errno = 0;
	v = strtoul(c->s + at, &end, 0);
	if (errno != 0 || v > UINT32_MAX)
		return perr(c, -ERANGE, "count out of range");
	c->pos = (size_t)(end - c->s);
	if (is_word_char(c->s[c->pos]))
		return perr(c, -EINVAL, "count expected");
	c->want = (int64_t)v;
	return 0;
}

static int
parse_struct(struct pctx *c, const struct ngc_type *t)
{
	size_t at[2 * NGC_MAX_FIELDS] = { 0 };
	size_t end;
	int i, ret;

	if (c->s[c->pos] != '{')
		return perr(c, -EINVAL, "'{' expected");
	ret = scan_struct(c, t, at);
	if (ret != 0)
		return ret;
	end = c->pos;
	for (i = 0; ret == 0 && t->fields[i].name != NULL; i++) {
		if (at[NGC_MAX_FIELDS + i] != 0) {
			ret = parse_count(c, at[NGC_MAX_FIELDS + i]);
			if (ret != 0)
				break;
		}
		if (at[i] == 0) {
			ret = c->want < 0 ? emit_default(c, t->fields[i].type) :
				emit_counted(c, t->fields[i].type);
			continue;
		}
		c->pos = at[i];
		ret = parse_value(c, t->fields[i].type);
	}
	if (ret != 0)
		return ret;
	c->pos = end;
	return pad_to(c, ngc_type_align(t));
}

/* If an "index=" prefix is at c->pos, consume it and return the index. */
static long
scan_index(struct pctx *c)
{
	size_t n = word_len(c), k, p;
	long v = 0;

	for (k = 0; k < n; k++)
		if (c->s[c->pos + k] < '0' || c->s[c->pos + k] > '9')
			return -1;
	p = c->pos + n;
	while (c->s[p] == ' ' || c->s[p] == '\t')
		p++;
	if (n == 0 || c->s[p] != '=')
		return -1;
	for (k = 0; k < n && v <= NGC_PARSE_MAX_ELEMS; k++)
		v = v * 10 + (c->s[c->pos + k] - '0');
	c->pos = p + 1;
	return v;
}

/* Scan "[ [i=]value ... ]"; *count is one past the highest index. */
static int
scan_array(struct pctx *c, uint32_t max, size_t *at, uint32_t *count)
{
	long idx = 0, given;
	int ret;

	c->pos++;
	*count = 0;
	for (;;) {
		skip_ws(c);
		if (c->s[c->pos] == ']') {
			c->pos++;
			return 0;
		}
		if (c->s[c->pos] == '\0')
			return perr(c, -EINVAL, "unterminated array");
		given = scan_index(c);
		if (given >= 0)
			idx = given;
		if (idx >= (long)max)
			return perr(c, -E2BIG, "array index %ld out of range", idx);
		if (at[idx] != 0)
			return perr(c, -EALREADY, "array index %ld given twice", idx);
		skip_ws(c);
		at[idx] = c->pos;
		ret = skip_value(c);
		if (ret != 0)
			return ret;
		idx++;
		if ((uint32_t)idx > *count)
			*count = (uint32_t)idx;
	}
}

static int
parse_array(struct pctx *c, const struct ngc_type *t)
{
	uint32_t max = t->size, count, i;
	size_t *at, end;
	int ret;

	if (c->s[c->pos] != '[')
		return perr(c, -EINVAL, "'[' expected");
	if (max > NGC_PARSE_MAX_ELEMS)
		max = NGC_PARSE_MAX_ELEMS;
	at = calloc(max + 1, sizeof(*at));
	if (at == NULL)
		return perr(c, -ENOMEM, "out of memory");
	ret = scan_array(c, max, at, &count);
	end = c->pos;
	if (ret == 0 && t->kind == NGC_KIND_VARRAY && c->want >= 0)
		ret = counted_len(c, t, &count);
	if (ret == 0)
		ret = pad_to(c, ngc_type_align(t));
	if (ret == 0 && t->kind == NGC_KIND_VARRAY)
		ret = emit(c, &count, sizeof(count));
	else
		count = t->size;
	for (i = 0; ret == 0 && i < count; i++) {
		if (at[i] == 0) {
			ret = emit_default(c, t->elem);
			continue;
		}
		c->pos = at[i];
		ret = parse_value(c, t->elem);
	}
	free(at);
	c->pos = end;
	return ret;
}

static int
parse_bytes(struct pctx *c)
{
	int ret;

	if (c->s[c->pos] != '[')
		return perr(c, -EINVAL, "'[' expected");
	c->pos++;
	for (;;) {
		skip_ws(c);
		if (c->s[c->pos] == ']') {
			c->pos++;
			return 0;
		}
		if (c->s[c->pos] == '\0')
			return perr(c, -EINVAL, "unterminated array");
		ret = parse_int(c, &ngc_type_uint8);
		if (ret != 0)
			return ret;
	}
}

static int
parse_value(struct pctx *c, const struct ngc_type *t)
{
	int ret;

	skip_ws(c);
	if (++c->depth > NGC_PARSE_MAX_DEPTH)
		return perr(c, -EINVAL, "nesting too deep");
	ret = pad_to(c, ngc_type_align(t));
	if (ret != 0)
		return ret;
	switch (t->kind) {
	case NGC_KIND_INT:
		ret = parse_int(c, t);
		break;
	case NGC_KIND_STRING:
	case NGC_KIND_FIXSTR:
		ret = parse_str(c, t);
		break;
	case NGC_KIND_STRUCT:
		ret = parse_struct(c, t);
		break;
	case NGC_KIND_ARRAY:
	case NGC_KIND_VARRAY:
		ret = parse_array(c, t);
		break;
	default:
		ret = parse_bytes(c);
		break;
	}
	c->depth--;
	return ret;
}

int
ngc_parse(const struct ngc_type *t, const char *s, void *buf, size_t cap,
	  struct ngc_perr *err)
{
	struct pctx c = {
		.s = s, .buf = buf, .cap = cap, .want = -1, .err = err,
	};
	int ret;

	if (err != NULL) {
		err->off = 0;
		err->msg[0] = '\0';
	}
	skip_ws(&c);
	if (s[c.pos] == '\0')
		ret = emit_default(&c, t);
	else
		ret = parse_value(&c, t);
	if (ret != 0)
		return ret;
	skip_ws(&c);
	if (s[c.pos] != '\0')
		return perr(&c, -EINVAL, "trailing characters");
	if (c.off > INT32_MAX)
		return perr(&c, -E2BIG, "value too large");
	return (int)c.off;
}

/************************************************************************
			UNPARSER
 ************************************************************************/

struct uctx {
	const uint8_t *buf;
	size_t len;
	size_t off;
	struct ngc_buf *out;	/* NULL: only measure */
};

static int
take(struct uctx *u, size_t n, const uint8_t **p)
{
	if (n > u->len - u->off)
		return -EINVAL;
	*p = u->buf + u->off;
	u->off += n;
	return 0;
}

static int
skip_pad(struct uctx *u, size_t align)
{
	size_t pad = (align - u->off % align) % align;

	if (pad > u->len - u->off)
		return -EINVAL;
	u->off += pad;
	return 0;
}

static void
out_puts(struct uctx *u, const char *s)
{
	if (u->out != NULL)
		ngc_buf_puts(u->out, s);
}

/* What has been written so far, to tell an empty struct or array. */
static size_t
out_len(const struct uctx *u)
{
	return u->out != NULL ? u->out->len : 0;
}

/*
 * Close a struct or array opened when the output was open bytes long:
 * "{ a=1 }", but "{}" with nothing in it, as ng_parse closes them.
 */
static void
out_close(struct uctx *u, size_t open, const char *brace)
{
	if (out_len(u) != open)
		out_puts(u, " ");
	out_puts(u, brace);
}

static int
unparse_int(struct uctx *u, const struct ngc_type *t)
{
	const uint8_t *p;
	uint64_t uv;
	int64_t sv;
	int ret = take(u, t->size, &p);

	if (ret != 0 || u->out == NULL)
		return ret;
	uv = int_load(p, t->size, &sv);
	if (t->hex)
		return ngc_buf_printf(u->out, "0x%" PRIx64, uv);
	if (t->is_signed)
		return ngc_buf_printf(u->out, "%" PRId64, sv);
	return ngc_buf_printf(u->out, "%" PRIu64, uv);
}

static int
unparse_str(struct uctx *u, const struct ngc_type *t)
{
	const uint8_t *p, *nul;
	size_t n;
	int ret;

	if (t->kind == NGC_KIND_FIXSTR) {
		ret = take(u, t->size, &p);
		if (ret != 0)
			return ret;
		nul = memchr(p, 0, t->size);
		if (nul == NULL)
			return -EINVAL;
	} else {
		p = u->buf + u->off;
		nul = memchr(p, 0, u->len - u->off);
		if (nul == NULL)
			return -EINVAL;
		u->off += (size_t)(nul - p) + 1;
	}
	n = (size_t)(nul - p);
	if (u->out != NULL)
		return ngc_buf_c_str(u->out, (const char *)p, n);
	return 0;
}

static int unparse_value(struct uctx *u, const struct ngc_type *t);

#define NGC_DEFAULT_MAX 16384

/* 1 if text is how the default value of t unparses. */
static int
is_default_text(const struct ngc_type *t, const char *text)
{
	struct ngc_buf dtext;
	uint8_t *d = malloc(NGC_DEFAULT_MAX);
	int n, same = 0;

	if (d == NULL)
		return 0;
	ngc_buf_init(&dtext, 0);
	n = ngc_parse(t, "", d, NGC_DEFAULT_MAX, NULL);
	if (n >= 0 && ngc_unparse(t, d, (size_t)n, &dtext) == 0)
		same = strcmp(ngc_buf_str(&dtext), text) == 0;
	ngc_buf_free(&dtext);
	free(d);
	return same;
}

/*
 * Unparse the next value into text (when printing).  *is_default says
 * whether it reads as the type's default, so structs and arrays can leave
 * it out: what is left out parses back to the same thing.
 */
static int
unparse_item(struct uctx *u, const struct ngc_type *t, struct ngc_buf *text,
	     int *is_default)
{
	struct uctx m = *u;
	int ret;

	*is_default = 0;
	m.out = u->out != NULL ? text : NULL;
	ret = unparse_value(&m, t);
	if (ret != 0)
		return ret;
	u->off = m.off;
	if (u->out != NULL)
		*is_default = is_default_text(t, ngc_buf_str(text));
	return ngc_buf_error(text);
}

/*
 * A counted array's count as the field before it (count_name=N), as
 * netgraph prints its lists; left out when 0, as any default.  Read
 * ahead: the array reads it again.
 */
static int
unparse_count(struct uctx *u, const struct ngc_type *t)
{
	struct uctx m = *u;
	const uint8_t *p;
	uint32_t count;
	int ret;

	ret = skip_pad(&m, ngc_type_align(t));
	if (ret == 0)
		ret = take(&m, sizeof(count), &p);
	if (ret != 0)
		return ret;
	memcpy(&count, p, sizeof(count));
	if (count != 0 && u->out != NULL)
		ngc_buf_printf(u->out, " %s=%" PRIu32, t->count_name, count);
	return 0;
}

static int
unparse_struct(struct uctx *u, const struct ngc_type *t)
{
	const struct ngc_field *f;
	struct ngc_buf text;
	int ret = 0, dflt;
	size_t open;

	out_puts(u, "{");
	open = out_len(u);
	for (f = t->fields; ret == 0 && f->name != NULL; f++) {
		if (f->type->kind == NGC_KIND_VARRAY &&
		    f->type->count_name != NULL)
			ret = unparse_count(u, f->type);
		if (ret != 0)
			break;
		ngc_buf_init(&text, 0);
		ret = unparse_item(u, f->type, &text, &dflt);
		if (ret == 0 && u->out != NULL && !dflt)
			ngc_buf_printf(u->out, " %s=%s", f->name,
				       ngc_buf_str(&text));
		ngc_buf_free(&text);
	}
	if (ret != 0)
		return ret;
	out_close(u, open, "}");
	return skip_pad(u, ngc_type_align(t));
}

static int
unparse_array(struct uctx *u, const struct ngc_type *t)
{
	uint32_t i, count = t->size, expect = 0;
	const uint8_t *p;
	struct ngc_buf text;
	int ret = 0, dflt;
	size_t open;

	if (t->kind == NGC_KIND_VARRAY) {
		ret = take(u, sizeof(count), &p);
		if (ret != 0)
			return ret;
		memcpy(&count, p, sizeof(count));
		if (count > t->size || count > NGC_PARSE_MAX_ELEMS)
			return -EINVAL;
	}
	out_puts(u, "[");
	open = out_len(u);
	for (i = 0; ret == 0 && i < count; i++) {
		ngc_buf_init(&text, 0);
		ret = unparse_item(u, t->elem, &text, &dflt);
		if (ret == 0 && u->out != NULL &&
		    !(dflt && t->kind == NGC_KIND_ARRAY)) {
			if (i != expect)
				ngc_buf_printf(u->out, " %u=", i);
			else
				out_puts(u, " ");
			ngc_buf_puts(u->out, ngc_buf_str(&text));
			expect = i + 1;
		}
		ngc_buf_free(&text);
	}
	if (ret == 0)
		out_close(u, open, "]");
	return ret;
}

static int
unparse_bytes(struct uctx *u)
{
	size_t open;

	out_puts(u, "[");
	open = out_len(u);
	for (; u->off < u->len; u->off++)
		if (u->out != NULL)
			ngc_buf_printf(u->out, " 0x%02x", u->buf[u->off]);
	out_close(u, open, "]");
	return 0;
}

static int
unparse_value(struct uctx *u, const struct ngc_type *t)
{
	int ret = skip_pad(u, ngc_type_align(t));

	if (ret != 0)
		return ret;
	switch (t->kind) {
	case NGC_KIND_INT:
		return unparse_int(u, t);
	case NGC_KIND_STRING:
	case NGC_KIND_FIXSTR:
		return unparse_str(u, t);
	case NGC_KIND_STRUCT:
		return unparse_struct(u, t);
	case NGC_KIND_ARRAY:
	case NGC_KIND_VARRAY:
		return unparse_array(u, t);
	default:
		return unparse_bytes(u);
	}
}

int
ngc_unparse(const struct ngc_type *t, const void *buf, size_t len,
	    struct ngc_buf *out)
{
	struct uctx u = { .buf = buf, .len = len, .out = out };
	int ret;

	ret = unparse_value(&u, t);
	if (ret == 0 && u.off != len)
		ret = -EINVAL;
	if (ret == 0 && out != NULL)
		ret = ngc_buf_error(out);
	return ret;
}
