/* dissectors/ipip.c - IP in IP (RFC 2003, RFC 4213), see ipip.h. The
 * inner header is named by EtherType so that IPv4's and IPv6's own
 * dissectors run, and a version nibble that breaks the protocol's promise
 * is their bad_version error. */
#include "ipip.h"

enum { IPIP_ET_IPV4 = 0x0800, IPIP_ET_IPV6 = 0x86dd };

enum decode_err ipip_decode(uint8_t proto, struct layer_next *next)
{
	return layer_ethertype(next, proto == IPPROTO_NUM_IPV4 ? IPIP_ET_IPV4 : IPIP_ET_IPV6);
}
