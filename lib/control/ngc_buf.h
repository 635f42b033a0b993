/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef NGC_BUF_H
#define NGC_BUF_H

/**
 * @file
 * Growable, size-capped text/byte buffer.  Errors are sticky: once a write
 * fails (no memory, cap reached) every later write is a no-op and
 * ngc_buf_error() reports the first failure.
 */

#include <stddef.h>
#include <stdint.h>

struct ngc_buf {
	char *p;	/**< always NUL-terminated when non-NULL */
	size_t len;	/**< bytes used, terminating NUL not counted */
	size_t cap;	/**< bytes allocated */
	size_t max;	/**< largest len allowed; 0 means 1 MiB */
	int err;	/**< 0 or the first negative errno */
};

void ngc_buf_init(struct ngc_buf *b, size_t max);
void ngc_buf_free(struct ngc_buf *b);
void ngc_buf_reset(struct ngc_buf *b);
int ngc_buf_put(struct ngc_buf *b, const void *data, size_t len);
int ngc_buf_puts(struct ngc_buf *b, const char *s);
int ngc_buf_printf(struct ngc_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/**
 * Append s as a JSON string literal, quotes included.  A byte that is not
 * part of a valid UTF-8 sequence is written as \u00XX (its Latin-1
 * reading), so that the reply stays valid JSON whatever s holds.
 */
int ngc_buf_json_str(struct ngc_buf *b, const char *s);
/**
 * The length of the valid UTF-8 sequence s starts with (1 for ASCII), or
 * 0 when it starts with none: a stray continuation byte, an overlong or
 * surrogate form, a code point above U+10FFFF, a sequence cut short.
 * s ends in NUL, which is no continuation byte.
 */
size_t ngc_utf8_seq(const char *s);
/**
 * s made safe to show (a reply, a log line) for text a client sent: a
 * control character (C0, DEL, and C1 from U+0080 to U+009F, a terminal's
 * escapes) or a byte of no whole UTF-8 sequence is written \xNN, each
 * byte of it; printable ASCII and whole UTF-8 sequences of other code
 * points stay as they are (node names may be UTF-8).  Written into buf
 * (size bytes, at least 1), NUL-terminated, cut before an escape or a
 * sequence that would not fit whole.  Returns buf.  NGC_ESC_SIZE(n) holds
 * n bytes of s, each escaped.
 */
const char *ngc_esc(const char *s, char *buf, size_t size);
#define NGC_ESC_SIZE(n) (4 * (n) + 1)
/** Append s as a C-style quoted string (ng_parse form). */
int ngc_buf_c_str(struct ngc_buf *b, const char *s, size_t len);
static inline int
ngc_buf_error(const struct ngc_buf *b)
{
	return b->err;
}
static inline const char *
ngc_buf_str(const struct ngc_buf *b)
{
	return b->p != NULL ? b->p : "";
}

#endif /* NGC_BUF_H */
