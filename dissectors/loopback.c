/* dissectors/loopback.c - DLT_NULL and DLT_LOOP (libpcap's LINKTYPE_NULL
 * documentation): a 4-byte address family before the IP packet.
 * Trap: DLT_NULL stores the family in the byte order of the machine that
 * captured, which the file does not record; the family values are all
 * below 256, so a value that reads above 0xffff little-endian is read
 * big-endian instead (byteorder.h). Some writers store an EtherType
 * instead of a family; those are IP too. IPv6 has a different AF_INET6
 * value on each BSD (24, 28, 30) and 10 on Linux.
 * IP is named as the next layer (layer.h), chosen by its version nibble. */
#include "loopback.h"
#include "byteorder.h"

enum { LB_AF_INET = 2, LB_AF_INET6_LINUX = 10, LB_AF_INET6_NETBSD = 24,
       LB_AF_INET6_FREEBSD = 28, LB_AF_INET6_DARWIN = 30,
       LB_ET_IPV4 = 0x0800, LB_ET_IPV6 = 0x86dd };

static enum decode_err loopback_by_family(uint32_t family, struct packet *p,
					  struct layer_next *next)
{
	switch (family) {
	case LB_ET_IPV4: case LB_ET_IPV6: /* writers that put an EtherType */
	case LB_AF_INET:
	case LB_AF_INET6_LINUX: case LB_AF_INET6_NETBSD:
	case LB_AF_INET6_FREEBSD: case LB_AF_INET6_DARWIN:
		/* The version nibble is authoritative; the family only says
		 * "IP". A mismatch is a named error from the IP layer. */
		return layer_ip(next);
	default:
		return layer_non_ip(p, NONIP_AF_BASE | (family & 0xffff));
	}
}

enum decode_err loopback_null_decode(struct cursor *c, struct packet *p,
				     struct layer_next *next)
{
	uint8_t b[4];

	if (cur_copy(c, b, sizeof(b)))
		return DE_NULL_TRUNCATED;
	uint32_t family = bo_le32(b);
	if (family > 0xffff)
		family = bo_be32(b);
	return loopback_by_family(family, p, next);
}

enum decode_err loopback_loop_decode(struct cursor *c, struct packet *p,
				     struct layer_next *next)
{
	uint32_t family;

	if (cur_be32(c, &family))
		return DE_NULL_TRUNCATED;
	return loopback_by_family(family, p, next);
}
