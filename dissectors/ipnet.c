/* dissectors/ipnet.c - Solaris ipnet (libpcap's LINKTYPE_IPNET): version
 * 1, address family 1 (2 IPv4, 26 IPv6), hook type 2, packet length 4,
 * interface index 4, group index 4, zone source 4, zone destination 4:
 * 24 bytes, then the IP packet. The family byte chooses; the version
 * nibble of the packet is checked by the IP layer, named next (layer.h). */
#include "ipnet.h"

enum { IPNET_HDR_LEN = 24, IPNET_AF_INET = 2, IPNET_AF_INET6 = 26 };

enum decode_err ipnet_decode(struct cursor *c, struct packet *p,
			     struct layer_next *next)
{
	uint8_t version, family;
	if (cur_u8(c, &version) || cur_u8(c, &family) || cur_skip(c, IPNET_HDR_LEN - 2))
		return DE_IPNET_TRUNCATED;
	if (family != IPNET_AF_INET && family != IPNET_AF_INET6)
		return layer_non_ip(p, NONIP_AF_BASE | family);
	return layer_ip(next);
}
