/* dissectors/icmpv6.c - ICMPv6 (RFC 4443 s2.1): type, code, checksum,
 * then a body. Error messages (types 1-4, s3) carry 4 bytes (unused, MTU
 * or pointer) and then as much of the offending packet as fits; echo
 * request/reply (128/129, s4) carry identifier and sequence. Neighbor
 * solicitation and advertisement (135/136, RFC 4861 s4.3-4.4) carry 4
 * bytes (reserved, flags) and the target address, kept in nd_target; a
 * message too short for it is decoded to type/code only, like the rest of
 * neighbor discovery and MLD. */
#include "icmp.h"
#include "l4quote.h"
#include "ipv6.h"

enum { ICMP6_MIN_HLEN = 4, ICMP6_ERR_MAX = 4, ICMP6_ECHO_REQUEST = 128,
       ICMP6_ECHO_REPLY = 129, ICMP6_ND_SOLICIT = 135, ICMP6_ND_ADVERT = 136 };

int icmpv6_is_error(uint8_t type)
{
	return type >= 1 && type <= ICMP6_ERR_MAX;
}

enum decode_err icmpv6_decode(struct cursor *c, struct packet *p)
{
	if (p->l4_len < ICMP6_MIN_HLEN || cur_u8(c, &p->icmp_type) ||
	    cur_u8(c, &p->icmp_code) || cur_skip(c, 2))
		return DE_ICMPV6_TRUNCATED;
	p->payload_len = p->l4_len - ICMP6_MIN_HLEN;
	if (p->icmp_type == ICMP6_ECHO_REQUEST || p->icmp_type == ICMP6_ECHO_REPLY) {
		if (cur_be16(c, &p->icmp_id) || cur_be16(c, &p->icmp_seq))
			return DE_ICMPV6_TRUNCATED;
	}
	if ((p->icmp_type == ICMP6_ND_SOLICIT || p->icmp_type == ICMP6_ND_ADVERT) &&
	    cur_skip(c, 4) == 0 && cur_copy(c, p->nd_target, 16) == 0)
		p->nd_seen = 1;
	p->cls = DC_L4;
	if (icmpv6_is_error(p->icmp_type) &&
	    (cur_skip(c, 4) || ipv6_decode_quoted(c, &p->inner) != 0 ||
	     !l4quote_complete(&p->inner)))
		packet_warn(p, DW_ICMP_QUOTE_TRUNCATED);
	return DE_OK;
}
