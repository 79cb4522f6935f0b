/* dissectors/icmp.c - ICMP for IPv4 (RFC 792).
 * Every message has 8 header bytes: type, code, checksum, and 4 bytes
 * whose meaning depends on the type (identifier and sequence for echo,
 * timestamp and information messages). Errors (destination unreachable 3,
 * source quench 4, redirect 5, time exceeded 11, parameter problem 12)
 * quote the offending IP header and at least 8 bytes of its payload;
 * a quote too short to decode is a warning, not an error: the outer
 * message is fine. */
#include "icmp.h"
#include "l4quote.h"
#include "ipv4.h"

enum { ICMP_HLEN = 8, ICMP_ECHOREPLY = 0, ICMP_UNREACH = 3,
       ICMP_SOURCEQUENCH = 4, ICMP_REDIRECT = 5, ICMP_ECHO = 8,
       ICMP_TIMXCEED = 11, ICMP_PARAMPROB = 12, ICMP_TSTAMP = 13,
       ICMP_TSTAMPREPLY = 14, ICMP_IREQ = 15, ICMP_IREQREPLY = 16 };

int icmp_is_error(uint8_t type)
{
	return type == ICMP_UNREACH || type == ICMP_SOURCEQUENCH ||
	       type == ICMP_REDIRECT || type == ICMP_TIMXCEED ||
	       type == ICMP_PARAMPROB;
}

static int icmp_has_id(uint8_t type)
{
	return type == ICMP_ECHOREPLY || type == ICMP_ECHO ||
	       (type >= ICMP_TSTAMP && type <= ICMP_IREQREPLY);
}

enum decode_err icmp_decode(struct cursor *c, struct packet *p)
{
	uint16_t id, seq;

	if (!cur_has(c, ICMP_HLEN) || cur_u8(c, &p->icmp_type) ||
	    cur_u8(c, &p->icmp_code) || cur_skip(c, 2) ||
	    cur_be16(c, &id) || cur_be16(c, &seq))
		return DE_ICMP_TRUNCATED;
	if (p->l4_len < ICMP_HLEN)
		return DE_ICMP_TRUNCATED;
	if (icmp_has_id(p->icmp_type)) {
		p->icmp_id = id;
		p->icmp_seq = seq;
	}
	p->payload_len = p->l4_len - ICMP_HLEN;
	p->cls = DC_L4;
	if (icmp_is_error(p->icmp_type) &&
	    (ipv4_decode_quoted(c, &p->inner) != 0 ||
	     !l4quote_complete(&p->inner)))
		packet_warn(p, DW_ICMP_QUOTE_TRUNCATED);
	return DE_OK;
}
