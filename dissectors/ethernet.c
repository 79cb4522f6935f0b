/* dissectors/ethernet.c - Ethernet II and 802.3 frames (IEEE 802.3 s3.2).
 * The 2-byte field after the MAC addresses is an EtherType when >= 0x0600
 * and a length when <= 1500 (802.3 with an LLC header). LLC frames are
 * non-IP (STP, CDP ...) except SNAP with a zero OUI, which carries an
 * EtherType (RFC 1042) and is handed on like Ethernet II: the EtherType is
 * named as the next layer (layer.h) and decode.c dispatches it. Whether
 * the destination is one station (unicast) is kept: a unicast ARP
 * request refreshes a known neighbour, a broadcast one asks. */
#include "ethernet.h"

enum { ETH_HDR_LEN = 14, ETH_MIN_ETHERTYPE = 0x0600,
       LLC_SAP_SNAP = 0xaa, LLC_CTRL_UI = 0x03 };

enum decode_err llc_decode(struct cursor *c, struct packet *p,
			   struct layer_next *next)
{
	uint8_t dsap, ssap, ctrl, oui[3];
	uint16_t ethertype;

	if (cur_u8(c, &dsap) || cur_u8(c, &ssap) || cur_u8(c, &ctrl))
		return DE_LLC_TRUNCATED;
	if (dsap != LLC_SAP_SNAP || ssap != LLC_SAP_SNAP || ctrl != LLC_CTRL_UI)
		return layer_non_ip(p, NONIP_LLC);
	if (cur_copy(c, oui, sizeof(oui)) || cur_be16(c, &ethertype))
		return DE_LLC_TRUNCATED;
	if (oui[0] || oui[1] || oui[2])
		return layer_non_ip(p, NONIP_LLC);
	return layer_ethertype(next, ethertype);
}

enum decode_err ethernet_decode(struct cursor *c, struct packet *p,
				struct layer_next *next)
{
	uint16_t type_or_len;
	uint8_t dst0;

	if (cur_u8(c, &dst0) || cur_skip(c, ETH_HDR_LEN - 3) || cur_be16(c, &type_or_len))
		return DE_ETH_TRUNCATED;
	p->link_unicast = !(dst0 & 1); /* the I/G bit: 1 for group addresses */
	if (type_or_len < ETH_MIN_ETHERTYPE)
		return llc_decode(c, p, next);
	return layer_ethertype(next, type_or_len);
}
