/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef NGC_PARSE_H
#define NGC_PARSE_H

/**
 * @file
 * ng_parse-style conversion between the ASCII form of a value and its
 * binary form.  A type describes the binary layout (host byte order, C
 * alignment); the ASCII form is:
 *   integers   C notation: 12, -3, 0x1f, 017 (out: decimal, or 0x1f for
 *              the hex types, as ng_parse's hint types)
 *   strings    "double quoted, with C escapes\n"
 *   structs    { name=value ... }  any order, omitted fields default to 0/""
 *   arrays     [ value [index=]value ... ]
 *              (a counted array may have its count shown as the field
 *              before it, as netgraph's lists: { numnames=2 nodeinfo=[ ] };
 *              given, it is the length, elements left out being defaults)
 * Unparse writes the canonical form, which parses back to the same bytes.
 */

#include <stddef.h>
#include <stdint.h>

#include "ngc_buf.h"

enum ngc_kind {
	NGC_KIND_INT,		/**< size 1, 2, 4 or 8 bytes */
	NGC_KIND_STRING,	/**< NUL-terminated, variable length */
	NGC_KIND_FIXSTR,	/**< char[size], NUL inside */
	NGC_KIND_STRUCT,	/**< fields in order, C alignment */
	NGC_KIND_ARRAY,		/**< elem[size] */
	NGC_KIND_VARRAY,	/**< uint32 count, then elem[count], count <= size */
	NGC_KIND_BYTES,		/**< all remaining bytes (top level only) */
};

struct ngc_type;

struct ngc_field {
	const char *name;
	const struct ngc_type *type;
};

struct ngc_type {
	enum ngc_kind kind;
	const char *name;
	uint32_t size;
	int is_signed;
	int hex;			/**< unparsed as 0x..., ng_parse's hint */
	/**
	 * VARRAY in a struct: the name its count goes by in the ASCII form,
	 * a field of its own just before it (FreeBSD's numnames=2
	 * nodeinfo=[ ... ]); NULL: the count is not shown.
	 */
	const char *count_name;
	const struct ngc_type *elem;
	const struct ngc_field *fields;	/**< ends with { NULL, NULL } */
};

/** Longest error text. */
#define NGC_PERR_SIZE 96

/** Where and why a parse failed. */
struct ngc_perr {
	size_t off;			/**< offset in the ASCII input */
	char msg[NGC_PERR_SIZE];
};

/** Nesting deeper than this is refused (EINVAL). */
#define NGC_PARSE_MAX_DEPTH 16
/** Largest array/varray accepted (E2BIG above). */
#define NGC_PARSE_MAX_ELEMS 4096

extern const struct ngc_type ngc_type_int8, ngc_type_uint8;
extern const struct ngc_type ngc_type_int16, ngc_type_uint16;
extern const struct ngc_type ngc_type_int32, ngc_type_uint32;
extern const struct ngc_type ngc_type_int64, ngc_type_uint64;
extern const struct ngc_type ngc_type_hint32;
extern const struct ngc_type ngc_type_string, ngc_type_bytes;

/**
 * Parse ASCII s (whole string, surrounding blanks allowed) as type t into
 * buf.  An input of blanks only yields the type's default value.
 * Returns the binary length or a negative errno: -EINVAL syntax,
 * -ENOENT unknown field, -EALREADY field or index given twice, -ERANGE
 * integer out of range, -E2BIG string or array too long, -ENOSPC buf too
 * small.  err (may be NULL) says where and why.
 */
int ngc_parse(const struct ngc_type *t, const char *s, void *buf, size_t cap,
	      struct ngc_perr *err);

/**
 * Unparse len bytes of binary buf as type t, appending ASCII to out.
 * All len bytes must be used.  Returns 0, -EINVAL for malformed binary
 * (short, unterminated string, bad count) or the buffer's error.
 */
int ngc_unparse(const struct ngc_type *t, const void *buf, size_t len,
		struct ngc_buf *out);

#endif /* NGC_PARSE_H */
