/* dissectors/byteorder.h - the one set of fixed-width byte-order readers.
 * bo_be16/32/64 read network (big-endian) order, bo_le16/32/64 little-
 * endian order, from any address: bytes are combined by shift-or, so no
 * unaligned load or aliasing question arises and the result does not
 * depend on the host. GCC and Clang at -O2 turn each into one load (plus
 * a bswap/movbe on a little-endian host for the big-endian ones), so they
 * cost what a hand-written load would on the per-packet path.
 * bo_u16/32/64 take the order as a run-time flag, for files that say
 * theirs (pcap magic, pcapng section header).
 * Callers check the length first: these read exactly 2, 4 or 8 bytes at
 * p (dissectors go through cursor.h, which does). Used by cursor.h, the
 * capture readers (capture.c, pcapng.c), loopback.c, nflog.c and
 * analyzer/util/siphash.c; no other file assembles multi-byte values
 * from bytes. */
#ifndef PORTLENS_BYTEORDER_H
#define PORTLENS_BYTEORDER_H

#include <stdint.h>

static inline uint16_t bo_be16(const uint8_t *p)
{
	return (uint16_t)((uint16_t)p[0] << 8 | p[1]);
}

static inline uint32_t bo_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t bo_be64(const uint8_t *p)
{
	return (uint64_t)bo_be32(p) << 32 | bo_be32(p + 4);
}

static inline uint16_t bo_le16(const uint8_t *p)
{
	return (uint16_t)((uint16_t)p[1] << 8 | p[0]);
}

static inline uint32_t bo_le32(const uint8_t *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | p[0];
}

static inline uint64_t bo_le64(const uint8_t *p)
{
	return (uint64_t)bo_le32(p + 4) << 32 | bo_le32(p);
}

/* Big-endian when big_endian is non-zero, little-endian otherwise. */
static inline uint16_t bo_u16(const uint8_t *p, int big_endian)
{
	return big_endian ? bo_be16(p) : bo_le16(p);
}

static inline uint32_t bo_u32(const uint8_t *p, int big_endian)
{
	return big_endian ? bo_be32(p) : bo_le32(p);
}

static inline uint64_t bo_u64(const uint8_t *p, int big_endian)
{
	return big_endian ? bo_be64(p) : bo_le64(p);
}

#endif
