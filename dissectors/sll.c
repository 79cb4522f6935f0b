/* dissectors/sll.c - Linux cooked headers (libpcap's LINKTYPE_LINUX_SLL
 * and LINKTYPE_LINUX_SLL2 documentation).
 *   SLL  (16 bytes): packet type 2, ARPHRD type 2, address length 2,
 *                    address 8, protocol 2.
 *   SLL2 (20 bytes): protocol 2, reserved 2, interface index 4,
 *                    ARPHRD type 2, packet type 1, address length 1,
 *                    address 8.
 * The protocol field is an EtherType for Ethernet-like devices; a few
 * ARPHRD types (netlink, CAN ...) put something else there and are
 * non-IP. The protocol is named as the next layer's EtherType (layer.h).
 * Trap: protocol 0x0004 means "802.2 LLC frame follows". */
#include "sll.h"

enum { ARPHRD_NETLINK = 824, ARPHRD_CAN = 280, SLL_PROTO_LLC = 0x0004 };

static enum decode_err sll_next(uint16_t hatype, uint16_t proto,
				struct packet *p, struct layer_next *next)
{
	if (hatype == ARPHRD_NETLINK || hatype == ARPHRD_CAN)
		return layer_non_ip(p, NONIP_SLL_HATYPE | hatype);
	if (proto == SLL_PROTO_LLC)
		return layer_non_ip(p, NONIP_LLC);
	return layer_ethertype(next, proto);
}

enum decode_err sll_decode(struct cursor *c, struct packet *p,
			   struct layer_next *next)
{
	uint16_t hatype, proto;

	if (cur_skip(c, 2) || cur_be16(c, &hatype) || cur_skip(c, 2 + 8) ||
	    cur_be16(c, &proto))
		return DE_SLL_TRUNCATED;
	return sll_next(hatype, proto, p, next);
}

enum decode_err sll2_decode(struct cursor *c, struct packet *p,
			    struct layer_next *next)
{
	uint16_t hatype, proto;

	if (cur_be16(c, &proto) || cur_skip(c, 2 + 4) || cur_be16(c, &hatype) ||
	    cur_skip(c, 1 + 1 + 8))
		return DE_SLL2_TRUNCATED;
	return sll_next(hatype, proto, p, next);
}
