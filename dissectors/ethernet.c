/* dissectors/ethernet.c - Ethernet II and 802.3 frames (IEEE 802.3 s3.2).
 * The 2-byte field after the MAC addresses is an EtherType when >= 0x0600
 * and a length when <= 1500 (802.3 with an LLC header). LLC frames are
 * non-IP (STP, CDP ...) except SNAP with a zero OUI, which carries an
 * EtherType (RFC 1042) and is dispatched like Ethernet II. */
#include "ethernet.h"
#include "decode.h"

enum { ETH_HDR_LEN = 14, ETH_MIN_ETHERTYPE = 0x0600,
       LLC_SAP_SNAP = 0xaa, LLC_CTRL_UI = 0x03 };

enum decode_err llc_decode(struct cursor *c, struct packet *p)
{
	uint8_t dsap, ssap, ctrl, oui[3];
	uint16_t ethertype;

	if (cur_u8(c, &dsap) || cur_u8(c, &ssap) || cur_u8(c, &ctrl))
		return DE_LLC_TRUNCATED;
	if (dsap != LLC_SAP_SNAP || ssap != LLC_SAP_SNAP || ctrl != LLC_CTRL_UI)
		return decode_mark_non_ip(p, NONIP_LLC);
	if (cur_copy(c, oui, sizeof(oui)) || cur_be16(c, &ethertype))
		return DE_LLC_TRUNCATED;
	if (oui[0] || oui[1] || oui[2])
		return decode_mark_non_ip(p, NONIP_LLC);
	return decode_ethertype(ethertype, c, p);
}

enum decode_err ethernet_decode(struct cursor *c, struct packet *p)
{
	uint16_t type_or_len;

	if (cur_skip(c, ETH_HDR_LEN - 2) || cur_be16(c, &type_or_len))
		return DE_ETH_TRUNCATED;
	if (type_or_len < ETH_MIN_ETHERTYPE)
		return llc_decode(c, p);
	return decode_ethertype(type_or_len, c, p);
}
