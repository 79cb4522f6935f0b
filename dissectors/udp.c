/* dissectors/udp.c - UDP header (RFC 768): ports, length, checksum.
 * The Length field counts header and data and must lie between 8 and the
 * IP payload length; a shorter length than the IP payload is legal (the
 * rest is padding) and the UDP length wins for the payload count.
 * Trap: in the first fragment of a fragmented datagram the length counts
 * every fragment, so it may exceed this fragment's IP payload.
 * Length 0 in a jumbogram (RFC 2675 s4) or in a segmentation-offload
 * super-packet whose IP length was 0 too (BIG TCP, GSO: the IP layer
 * warned) means "the IP payload": its length is used. The super-packet
 * case is warned (udp.zero_len): decode.c enters no UDP tunnel behind a
 * length that RFC 768 does not allow. */
#include "udp.h"

enum { UDP_HLEN = 8 };

enum decode_err udp_decode(struct cursor *c, struct packet *p)
{
	uint16_t len;

	if (cur_be16(c, &p->sport) || cur_be16(c, &p->dport) ||
	    cur_be16(c, &len) || cur_skip(c, 2))
		return DE_UDP_TRUNCATED;
	uint32_t len0_ok = (1u << DW_IPV4_TSO_LEN0) | (1u << DW_IPV6_GSO_LEN0);
	if (len == 0 && p->l4_len >= UDP_HLEN && ((p->warnings & len0_ok) || p->l4_len > 65535)) {
		if (p->warnings & len0_ok) /* not a jumbogram: a length it lacks */
			packet_warn(p, DW_UDP_LEN0);
		p->payload_len = p->l4_len - UDP_HLEN;
		p->cls = DC_L4;
		return DE_OK;
	}
	if (len < UDP_HLEN)
		return DE_UDP_BAD_LEN;
	/* A first fragment's UDP length covers the whole datagram. */
	if (len > p->l4_len && p->frag != FRAG_FIRST)
		return DE_UDP_LEN_GT_IP;
	p->payload_len = (uint32_t)len - UDP_HLEN;
	p->cls = DC_L4;
	return DE_OK;
}
