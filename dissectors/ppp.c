/* dissectors/ppp.c - PPP, PPPoE and Cisco HDLC framing.
 * PPP (RFC 1661 s2): optional address/control 0xff 0x03 (RFC 1662 s3.1),
 * then a protocol field that is one byte when compressed (RFC 1661 s6.5:
 * the low bit of a protocol's last byte is 1, of its first byte 0).
 * PPPoE session (RFC 2516 s4): ver/type 1, code 1, session 2, length 2,
 * then a PPP protocol field. Cisco HDLC: address 1, control 1, EtherType 2.
 * IP (by version) or the C-HDLC EtherType is named as the next layer
 * (layer.h). The PPPoE length field is not used to clip the payload. */
#include "ppp.h"

enum { PPP_IPV4 = 0x0021, PPP_IPV6 = 0x0057, PPP_ADDR = 0xff,
       PPP_CTRL = 0x03 };

static enum decode_err ppp_by_protocol(uint16_t proto, struct packet *p,
				       struct layer_next *next)
{
	switch (proto) {
	case PPP_IPV4: case PPP_IPV6: return layer_ip(next);
	default: return layer_non_ip(p, NONIP_PPP_BASE | proto);
	}
}

static enum decode_err ppp_protocol(struct cursor *c, struct packet *p,
				    struct layer_next *next)
{
	uint8_t b0, b1;

	if (cur_u8(c, &b0))
		return DE_PPP_TRUNCATED;
	if (b0 & 1) /* compressed one-byte protocol field */
		return ppp_by_protocol(b0, p, next);
	if (cur_u8(c, &b1))
		return DE_PPP_TRUNCATED;
	return ppp_by_protocol((uint16_t)(b0 << 8 | b1), p, next);
}

enum decode_err ppp_decode(struct cursor *c, struct packet *p,
			   struct layer_next *next)
{
	uint8_t a, ctl;

	if (cur_peek_u8(c, 0, &a) || cur_peek_u8(c, 1, &ctl))
		return DE_PPP_TRUNCATED;
	if (a == PPP_ADDR && ctl == PPP_CTRL)
		cur_skip(c, 2);
	return ppp_protocol(c, p, next);
}

enum decode_err pppoe_decode(struct cursor *c, struct packet *p,
			     struct layer_next *next)
{
	if (cur_skip(c, 6))
		return DE_PPPOE_TRUNCATED;
	return ppp_protocol(c, p, next);
}

enum decode_err chdlc_decode(struct cursor *c, struct layer_next *next)
{
	uint16_t ethertype;

	if (cur_skip(c, 2) || cur_be16(c, &ethertype))
		return DE_PPP_TRUNCATED;
	return layer_ethertype(next, ethertype);
}
