/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ngiface authors
 */

#ifndef NGIFACE_PCAPNG_READ_H
#define NGIFACE_PCAPNG_READ_H

/*
 * What the capture tests read pcapng blocks back with (host byte order,
 * as the writer writes them).  Include after <cmocka.h>.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint32_t
rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static inline uint16_t
rd16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

/* In a block of len bytes whose options start at opts_at: a pointer to
 * the value of option code (its length in *olen), or NULL. */
static inline const uint8_t *
find_opt(const uint8_t *blk, size_t len, size_t opts_at, uint16_t code,
	 uint16_t *olen)
{
	size_t off = opts_at;

	while (off + 4 <= len - 4) {
		uint16_t c = rd16(blk + off), l = rd16(blk + off + 2);

		if (c == 0)
			return NULL;
		if (c == code) {
			*olen = l;
			return blk + off + 4;
		}
		off += 4 + ((l + 3u) & ~3u);
	}
	return NULL;
}

/* The block frame: type, and the same total length at both ends. */
static inline void
check_frame(const uint8_t *b, size_t len, uint32_t type)
{
	assert_true(len >= 12);
	assert_int_equal(len % 4, 0);
	assert_int_equal(rd32(b), type);
	assert_int_equal(rd32(b + 4), len);
	assert_int_equal(rd32(b + len - 4), len);
}

#endif
