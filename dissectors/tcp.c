/* dissectors/tcp.c - TCP header (RFC 9293 s3.1).
 * 20 fixed bytes; Data Offset (in 32-bit words) must be >= 5 and must fit
 * in the segment length the IP layer gave (p->l4_len, wire bytes). The
 * nine flags are the 8 of RFC 9293 plus NS (RFC 3540), the low bit of
 * byte 12. Options are skipped: nothing downstream needs them yet.
 * Trap: a snap length may cut the options; the fixed header is all the
 * flow table needs, so that is a warning, not an error. */
#include "tcp.h"

enum { TCP_MIN_HLEN = 20 };

enum decode_err tcp_decode(struct cursor *c, struct packet *p)
{
	uint8_t doff_ns, flags;

	if (cur_be16(c, &p->sport) || cur_be16(c, &p->dport) ||
	    cur_be32(c, &p->tcp_seq) || cur_be32(c, &p->tcp_ack) ||
	    cur_u8(c, &doff_ns) || cur_u8(c, &flags) ||
	    cur_be16(c, &p->tcp_win) || cur_skip(c, 4))
		return DE_TCP_TRUNCATED;
	size_t hlen = (size_t)(doff_ns >> 4) * 4;
	if (hlen < TCP_MIN_HLEN)
		return DE_TCP_BAD_DOFF;
	if (hlen > p->l4_len)
		return DE_TCP_DOFF_GT_LEN;
	if (cur_skip(c, hlen - TCP_MIN_HLEN))
		packet_warn(p, DW_TCP_OPTS_TRUNCATED);
	p->tcp_flags = (uint16_t)(flags | (doff_ns & 1) << 8);
	p->payload_len = p->l4_len - (uint32_t)hlen;
	p->cls = DC_L4;
	return DE_OK;
}
