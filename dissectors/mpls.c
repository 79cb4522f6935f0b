/* dissectors/mpls.c - MPLS label stack entries (RFC 3032 s2.1): label 20
 * bits, traffic class 3, bottom-of-stack 1, TTL 8. The stack carries no
 * payload type; after the bottom entry the first nibble tells IPv4 or
 * IPv6 (RFC 4385 s2 recommends exactly this guess). Anything else (a
 * pseudowire control word, Ethernet) is counted as ip.bad_version.
 * The whole stack is walked here in a loop, one layer for decode.c's
 * loop however deep, and IP by version is named next (layer.h). */
#include "mpls.h"

enum { MPLS_BOS = 0x100 };

enum decode_err mpls_decode(struct cursor *c, struct layer_next *next)
{
	uint32_t entry;

	do {
		if (cur_be32(c, &entry))
			return DE_MPLS_TRUNCATED;
	} while (!(entry & MPLS_BOS));
	return layer_ip(next);
}
