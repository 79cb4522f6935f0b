/* dissectors/nsh.c - network service header (RFC 8300 s2.2, s2.3), see
 * nsh.h.
 * Base header, 4 bytes: Ver (2) O (1) U (1) TTL (6) Length (6) | U (4)
 * MD Type (4) | Next Protocol (8: 1 IPv4, 2 IPv6, 3 Ethernet, 4 NSH,
 * 5 MPLS; RFC 8300 s11.2.5). Service path header, 4 bytes: SPI (24) SI
 * (8). Context headers follow, fixed (MD Type 1) or TLVs (MD Type 2);
 * Length, in 4-byte words, counts all three parts, so the payload starts
 * Length * 4 bytes in whatever the MD Type.
 * Trap: RFC 8300 s2.4 wants Length 6 for MD Type 1; a different value is
 * not rejected here: Length alone says where the payload starts, which
 * is all the decode needs. */
#include "nsh.h"

enum {
	NSH_BASE_WORDS = 2,  /* base + service path header, the least Length */
	NSH_VER_SHIFT = 14, NSH_LEN_MASK = 0x3f,
	NSH_NP_IPV4 = 1, NSH_NP_IPV6 = 2, NSH_NP_ETHERNET = 3, NSH_NP_NSH = 4,
	NSH_NP_MPLS = 5,
	NSH_ET_IPV4 = 0x0800, NSH_ET_IPV6 = 0x86dd, NSH_ET_MPLS = 0x8847,
};

/* The layer Next Protocol names; DE_OK naming none when it is unlisted. */
static enum decode_err nsh_payload(uint8_t np, struct layer_next *next)
{
	switch (np) {
	case NSH_NP_IPV4: return layer_ethertype(next, NSH_ET_IPV4);
	case NSH_NP_IPV6: return layer_ethertype(next, NSH_ET_IPV6);
	case NSH_NP_ETHERNET: return layer_set(next, LAYER_LINK, LT_EN10MB);
	case NSH_NP_NSH: return layer_tunnel(next, TUN_NSH, 0);
	case NSH_NP_MPLS: return layer_ethertype(next, NSH_ET_MPLS);
	default: return DE_OK;
	}
}

enum decode_err nsh_decode(struct cursor *c, struct tunnel_hdr *t,
			   struct layer_next *next)
{
	uint16_t ver_ttl_len;
	uint8_t md_type, np;
	uint32_t spi_si;

	if (cur_be16(c, &ver_ttl_len) || cur_u8(c, &md_type) || cur_u8(c, &np))
		return DE_NSH_TRUNCATED;
	if (ver_ttl_len >> NSH_VER_SHIFT != 0)
		return DE_OK;
	size_t words = ver_ttl_len & NSH_LEN_MASK;
	if (words < NSH_BASE_WORDS)
		return DE_NSH_BAD_LENGTH;
	if (cur_be32(c, &spi_si) || cur_skip(c, (words - NSH_BASE_WORDS) * 4))
		return DE_NSH_TRUNCATED;
	tunnel_set_id(t, spi_si >> 8);
	return nsh_payload(np, next);
}
