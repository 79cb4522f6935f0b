/* dissectors/vxlan.c - VXLAN header (RFC 7348 s5), see vxlan.h.
 * 8 bytes: flags (8; I = 0x08, "VNI valid"), reserved (24), VNI (24),
 * reserved (8); an Ethernet frame follows. */
#include "vxlan.h"

enum { VXLAN_HLEN = 8, VXLAN_FLAG_I = 0x08 };

enum decode_err vxlan_decode(struct cursor *c, struct tunnel_hdr *t,
			     struct layer_next *next)
{
	uint8_t flags;
	uint32_t vni_rsvd;

	if (cur_peek_u8(c, 0, &flags) == CUR_OK && !(flags & VXLAN_FLAG_I))
		return layer_decline(next);
	if (cur_skip(c, 4) || cur_be32(c, &vni_rsvd))
		return DE_VXLAN_TRUNCATED;
	tunnel_set_id(t, vni_rsvd >> 8);
	return layer_set(next, LAYER_LINK, LT_EN10MB);
}
