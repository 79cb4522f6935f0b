/* dissectors/cursor.h - zero-copy, bounds-checked reader over packet bytes.
 * Every dissector reads the wire only through these calls, so no dissector
 * can index past the captured length (the tcpdump GET_ accessor idea).
 * A failed read returns DE_TRUNCATED and leaves the cursor and *out as they
 * were; callers translate it into their own named decode error.
 * Multi-byte values are assembled by byteorder.h, the project's one set of
 * byte-order readers. */
#ifndef PORTLENS_CURSOR_H
#define PORTLENS_CURSOR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "byteorder.h"

/* The bytes are borrowed: valid as long as the packet buffer they point into
 * (for libpcap, until the next packet). */
struct cursor {
	const uint8_t *buf; /* first readable byte */
	size_t len;         /* readable bytes from buf */
	size_t off;         /* next byte to read, 0 <= off <= len */
};

enum { CUR_OK = 0, CUR_TRUNCATED = 1 };

static inline void cur_init(struct cursor *c, const uint8_t *buf, size_t len)
{
	c->buf = buf;
	c->len = len;
	c->off = 0;
}

static inline size_t cur_remaining(const struct cursor *c)
{
	return c->len - c->off;
}

static inline int cur_has(const struct cursor *c, size_t n)
{
	return cur_remaining(c) >= n;
}

/* Pointer to the next byte; only meaningful together with cur_remaining. */
static inline const uint8_t *cur_ptr(const struct cursor *c)
{
	return c->buf + c->off;
}

static inline int cur_skip(struct cursor *c, size_t n)
{
	if (!cur_has(c, n))
		return CUR_TRUNCATED;
	c->off += n;
	return CUR_OK;
}

static inline int cur_u8(struct cursor *c, uint8_t *out)
{
	if (!cur_has(c, 1))
		return CUR_TRUNCATED;
	*out = c->buf[c->off++];
	return CUR_OK;
}

static inline int cur_be16(struct cursor *c, uint16_t *out)
{
	if (!cur_has(c, 2))
		return CUR_TRUNCATED;
	*out = bo_be16(c->buf + c->off);
	c->off += 2;
	return CUR_OK;
}

static inline int cur_be32(struct cursor *c, uint32_t *out)
{
	if (!cur_has(c, 4))
		return CUR_TRUNCATED;
	*out = bo_be32(c->buf + c->off);
	c->off += 4;
	return CUR_OK;
}

static inline int cur_le32(struct cursor *c, uint32_t *out)
{
	if (!cur_has(c, 4))
		return CUR_TRUNCATED;
	*out = bo_le32(c->buf + c->off);
	c->off += 4;
	return CUR_OK;
}

/* Copy n bytes out (addresses); nothing is copied on failure. */
static inline int cur_copy(struct cursor *c, void *out, size_t n)
{
	if (!cur_has(c, n))
		return CUR_TRUNCATED;
	memcpy(out, c->buf + c->off, n);
	c->off += n;
	return CUR_OK;
}

/* Peek without consuming. */
static inline int cur_peek_u8(const struct cursor *c, size_t at, uint8_t *out)
{
	if (cur_remaining(c) <= at)
		return CUR_TRUNCATED;
	*out = c->buf[c->off + at];
	return CUR_OK;
}

/* A child cursor over exactly the next n bytes; the parent advances past
 * them. Fails, changing nothing, when fewer than n remain. */
static inline int cur_sub(struct cursor *c, size_t n, struct cursor *child)
{
	if (!cur_has(c, n))
		return CUR_TRUNCATED;
	cur_init(child, c->buf + c->off, n);
	c->off += n;
	return CUR_OK;
}

/* The rest of c, as a child of at most n bytes; the parent is consumed. */
static inline void cur_rest_clipped(struct cursor *c, size_t n, struct cursor *child)
{
	size_t avail = cur_remaining(c);
	cur_init(child, c->buf + c->off, n < avail ? n : avail);
	c->off = c->len;
}

/* Narrow c to the rest of itself, at most n bytes: what cur_rest_clipped
 * would give as a child, in place. How a dissector hands a clipped payload
 * to the next layer (layer.h). */
static inline void cur_narrow(struct cursor *c, size_t n)
{
	struct cursor child;

	cur_rest_clipped(c, n, &child);
	*c = child;
}

#endif
