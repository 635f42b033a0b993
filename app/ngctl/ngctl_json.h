/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef NGCTL_JSON_H
#define NGCTL_JSON_H

/**
 * @file
 * Reading back the JSON that lib/control's writers (ngc_format.c,
 * ngc_buf_json_str) put in a reply: enough for ngctl's own needs (a
 * node made, a node shown, an error's detail), not a JSON parser.
 */

#include <stddef.h>
#include <stdint.h>

/**
 * Just past the first "key": in body, or NULL (body NULL too).  The first
 * is the one meant in the replies read here: an object's own fields come
 * before anything nested after them, and no string value can hold the
 * sequence (a '"' in one is written \").
 */
const char *ngctl_json_key(const char *body, const char *key);

/**
 * The unsigned decimal at p (NULL: none) into *v: 0, or -EPROTO, also when
 * anything but a blank, a comma, a closing brace or bracket or the end
 * follows its digits.
 */
int ngctl_json_u32(const char *p, uint32_t *v);

/**
 * The JSON string at p (its opening quote; NULL: none), unescaped into dst
 * (cap bytes with the NUL): 0, or -EPROTO (not a string, a bad escape, a
 * \u0000 that would cut it short, no room).  \u00XX gives the byte XX, as
 * ngc_buf_json_str writes a stray byte; above that, UTF-8.
 */
int ngctl_json_str(const char *p, char *dst, size_t cap);

#endif /* NGCTL_JSON_H */
