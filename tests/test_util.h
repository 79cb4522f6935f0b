/* tests/test_util.h - helpers shared by the dissector suites.
 * Packets are hand-built byte arrays; these helpers decode them and cut
 * them at every length to check the truncation path (STYLE.md: every
 * dissector has a truncation test; ASan catches any stray read, because
 * each cut is copied into an exactly-sized heap buffer). */
#ifndef PORTLENS_TEST_UTIL_H
#define PORTLENS_TEST_UTIL_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "dissectors/decode.h"

/* Decode len bytes of buf as linktype, from an exact-size heap copy. */
static inline enum decode_class tu_decode(int linktype, const uint8_t *buf,
					  size_t len, struct packet *p)
{
	uint8_t *copy = malloc(len ? len : 1);
	if (len)
		memcpy(copy, buf, len);
	enum decode_class cls = decode_packet(linktype, copy, (uint32_t)len,
					      (uint32_t)len, 0, p);
	free(copy);
	return cls;
}

/* The error a packet cut to len bytes gives, with the wire length kept at
 * len too (the frame really was that short, not snap-truncated). */
static inline enum decode_err tu_err_at(int linktype, const uint8_t *buf,
					size_t len)
{
	struct packet p;
	tu_decode(linktype, buf, len, &p);
	return p.err;
}

/* Convenience for arrays: TU_DECODE(LT_EN10MB, pkt, &p). */
#define TU_DECODE(lt, arr, p) tu_decode((lt), (arr), sizeof(arr), (p))

#endif
