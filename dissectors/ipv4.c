/* dissectors/ipv4.c - IPv4 (RFC 791 s3.1).
 * Checks, in wire order: version, IHL >= 5, the whole header captured,
 * options well-formed, total length >= header length, total length <= what
 * the frame can hold.
 * The payload cursor is clipped to the total length and handed back in *c,
 * so Ethernet padding never reaches the transport dissector (tcpdump's
 * print-ip.c idea); the protocol is named as the next layer (layer.h).
 * Fragments (RFC 791 s2.3): only offset 0 carries the transport header;
 * later fragments stop at L3 and are never decoded as L4.
 * Traps: a snap length shorter than the packet is normal, so "frame holds
 * the total length" counts the bytes the snap cut; a total length of 0 is
 * what Linux writes for TCP segmentation offload, so the frame length is
 * used instead (tcpdump does the same) and a warning is counted. Inside
 * a tunnel that a first fragment carried (p->frag already FRAG_FIRST,
 * decode.c) the datagram goes on in the later fragments, so its total
 * length may exceed the frame as well; the payload is clipped to what is
 * there. */
#include <string.h>
#include "ipv4.h"
#include "l4quote.h"

enum { IPV4_MIN_HLEN = 20, IPV4_MF = 0x2000, IPV4_OFFSET_MASK = 0x1fff };

struct ipv4_fixed {
	uint8_t ver_ihl, tos;
	uint16_t total_len, id, flags_frag;
	uint8_t ttl, proto;
	uint16_t cksum;
	uint8_t src[4], dst[4];
};

static int ipv4_read_fixed(struct cursor *c, struct ipv4_fixed *h)
{
	return cur_u8(c, &h->ver_ihl) || cur_u8(c, &h->tos) ||
	       cur_be16(c, &h->total_len) || cur_be16(c, &h->id) ||
	       cur_be16(c, &h->flags_frag) || cur_u8(c, &h->ttl) ||
	       cur_u8(c, &h->proto) || cur_be16(c, &h->cksum) ||
	       cur_copy(c, h->src, 4) || cur_copy(c, h->dst, 4);
}

/* Smallest legal length of the options that carry one (RFC 791 s3.1;
 * security: RFC 1108 s2; timestamp: RFC 791 "Internet Timestamp"). */
static size_t ipv4_option_min_len(uint8_t type)
{
	switch (type) {
	case 130: case 133: return 3;   /* basic / extended security */
	case 131: case 137: case 7: return 3; /* LSRR, SSRR, record route */
	case 68: return 4;              /* timestamp */
	default: return 2;
	}
}

/* Walk the options (RFC 791 s3.1): EOL ends, NOP is one byte, every other
 * option is type, length (counting both), data; a length below the
 * option's minimum or past the header is ipv4.bad_option, as in
 * Suricata's decoder and Wireshark's. */
static enum decode_err ipv4_check_options(struct cursor *opts)
{
	uint8_t type, len;

	while (cur_u8(opts, &type) == CUR_OK) {
		if (type == 0)
			return DE_OK;
		if (type == 1)
			continue;
		if (cur_u8(opts, &len) || len < ipv4_option_min_len(type) ||
		    cur_skip(opts, (size_t)len - 2))
			return DE_IPV4_BAD_OPTION;
	}
	return DE_OK;
}

static void ipv4_fill(struct packet *p, const struct ipv4_fixed *h)
{
	p->ip_ver = 4;
	p->ttl = h->ttl;
	p->l4_proto = h->proto;
	memcpy(p->src, h->src, 4);
	memcpy(p->dst, h->dst, 4);
	if (h->flags_frag & IPV4_OFFSET_MASK)
		p->frag = FRAG_LATER;
	else if (h->flags_frag & IPV4_MF)
		p->frag = FRAG_FIRST;
}

enum decode_err ipv4_decode(struct cursor *c, struct packet *p,
			    struct layer_next *next)
{
	struct ipv4_fixed h;

	if (cur_peek_u8(c, 0, &h.ver_ihl))
		return DE_IPV4_TRUNCATED;
	if (h.ver_ihl >> 4 != 4)
		return DE_IPV4_BAD_VERSION;
	size_t hlen = (size_t)(h.ver_ihl & 0x0f) * 4;
	if (hlen < IPV4_MIN_HLEN)
		return DE_IPV4_BAD_IHL;
	if (!cur_has(c, hlen) || ipv4_read_fixed(c, &h))
		return DE_IPV4_TRUNCATED;
	struct cursor opts;
	if (cur_sub(c, hlen - IPV4_MIN_HLEN, &opts))
		return DE_IPV4_TRUNCATED;
	if (ipv4_check_options(&opts) != DE_OK)
		return DE_IPV4_BAD_OPTION;

	/* Wire bytes from the IP header to the end of the frame. */
	size_t frame = cur_remaining(c) + hlen + layer_snap_cut(p);
	size_t total = h.total_len;
	if (total == 0) {
		total = frame;
		packet_warn(p, DW_IPV4_TSO_LEN0);
	}
	if (total < hlen)
		return DE_IPV4_LEN_LT_HLEN;
	if (total > frame && p->frag != FRAG_FIRST)
		return DE_IPV4_LEN_GT_FRAME;
	ipv4_fill(p, &h);
	p->ip_len = (uint32_t)total;
	p->l4_len = (uint32_t)(total - hlen);
	cur_narrow(c, total - hlen);
	if (p->frag == FRAG_LATER) {
		p->cls = DC_L3_ONLY;
		return DE_OK;
	}
	return layer_transport(next, h.proto);
}

int ipv4_decode_quoted(struct cursor *c, struct quoted_tuple *q)
{
	struct ipv4_fixed h;

	if (cur_peek_u8(c, 0, &h.ver_ihl) || h.ver_ihl >> 4 != 4)
		return -1;
	size_t hlen = (size_t)(h.ver_ihl & 0x0f) * 4;
	if (hlen < IPV4_MIN_HLEN || !cur_has(c, hlen) || ipv4_read_fixed(c, &h))
		return -1;
	cur_skip(c, hlen - IPV4_MIN_HLEN);
	q->present = 1;
	q->ip_ver = 4;
	q->proto = h.proto;
	memcpy(q->src, h.src, 4);
	memcpy(q->dst, h.dst, 4);
	if (!(h.flags_frag & IPV4_OFFSET_MASK))
		l4quote_ports(c, q);
	return 0;
}
