/* dissectors/erspan.c - ERSPAN headers (draft-foschiano-erspan-03 s4),
 * see erspan.h.
 * Type I: GRE protocol 0x88be without a sequence number; no header, the
 * mirrored Ethernet frame follows GRE directly.
 * Type II: 8 bytes, GRE protocol 0x88be with a sequence number:
 *   Ver (4) = 1 | VLAN (12) | COS (3) En (2) T (1) Session ID (10) |
 *   Reserved (12) | Index (20).
 * Type III: 12 bytes, GRE protocol 0x22eb:
 *   Ver (4) = 2 | VLAN (12) | COS (3) BSO (2) T (1) Session ID (10) |
 *   Timestamp (32) | SGT (16) | P (1) FT (5) Hw ID (6) D (1) Gra (2) O (1)
 *   and, with O, an 8-byte platform-specific subheader. FT 0 is an
 *   Ethernet frame, 2 an IP packet; other frame types are not entered. */
#include "erspan.h"

enum { ERSPAN_V2 = 1, ERSPAN_V3 = 2, ERSPAN_FT_ETH = 0, ERSPAN_FT_IP = 2 };

/* Version and session id, the 4 bytes that open types II and III. */
static enum decode_err erspan_common(struct cursor *c, unsigned version,
				     struct tunnel_hdr *t)
{
	uint16_t ver_vlan, cos_session;

	if (cur_be16(c, &ver_vlan) || cur_be16(c, &cos_session))
		return DE_ERSPAN_TRUNCATED;
	if ((unsigned)(ver_vlan >> 12) != version)
		return DE_ERSPAN_BAD_VERSION;
	tunnel_set_id(t, cos_session & 0x3ff);
	return DE_OK;
}

static enum decode_err erspan3_decode(struct cursor *c, struct tunnel_hdr *t,
				      struct layer_next *next)
{
	uint16_t sgt, bits;

	enum decode_err err = erspan_common(c, ERSPAN_V3, t);
	if (err != DE_OK)
		return err;
	if (cur_skip(c, 4) || cur_be16(c, &sgt) || cur_be16(c, &bits))
		return DE_ERSPAN_TRUNCATED;
	if ((bits & 1) && cur_skip(c, 8)) /* O: platform-specific subheader */
		return DE_ERSPAN_TRUNCATED;
	switch ((bits >> 10) & 0x1f) {
	case ERSPAN_FT_ETH: return layer_set(next, LAYER_LINK, LT_EN10MB);
	case ERSPAN_FT_IP: return layer_ip(next);
	default: return DE_OK;
	}
}

enum decode_err erspan_decode(struct cursor *c, unsigned type,
			      struct tunnel_hdr *t, struct layer_next *next)
{
	switch (type) {
	case 1:
		return layer_set(next, LAYER_LINK, LT_EN10MB);
	case 2: {
		enum decode_err err = erspan_common(c, ERSPAN_V2, t);
		if (err != DE_OK)
			return err;
		if (cur_skip(c, 4))
			return DE_ERSPAN_TRUNCATED;
		return layer_set(next, LAYER_LINK, LT_EN10MB);
	}
	default:
		return erspan3_decode(c, t, next);
	}
}
