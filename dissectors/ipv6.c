/* dissectors/ipv6.c - IPv6 (RFC 8200 s3) and its extension headers (s4).
 * The fixed header is 40 bytes; the payload is clipped to Payload Length,
 * and what follows the extension headers is handed back in *c with the
 * upper-layer protocol named as the next layer (layer.h).
 * The chain walk knows hop-by-hop (0), routing (43), destination options
 * (60), mobility (135), HIP (139) and shim6 (140), all "next header, length
 * in 8-octet units not counting the first 8" (s4.3, RFC 6564); fragment (44,
 * fixed 8 bytes, s4.5); AH (51, length in 4-octet units minus 2, RFC 4302
 * s2.2). ESP (50) and no-next-header (59) end the walk at L3: what follows
 * is encrypted or absent. A non-first fragment stops at L3 like IPv4.
 * Traps: Payload Length 0 with a hop-by-hop header is a jumbogram (RFC
 * 2675), so the frame length is used; so it is with no hop-by-hop header
 * when a header follows (not No Next Header, 59): BIG TCP and GSO
 * captures hold such super-packets (Linux leaves the length 0 above
 * 65535), warned as ipv6.gso_zero_len, like IPv4's total length 0. A
 * chain of hundreds of tiny headers is bounded by IPV6_MAX_EXT_HEADERS.
 * Inside a tunnel that a first fragment carried (p->frag already
 * FRAG_FIRST, decode.c), Payload Length may exceed the frame, as in
 * ipv4.c, and the packet stays marked FRAG_FIRST. */
#include <string.h>
#include "ipv6.h"
#include "l4quote.h"

enum { IPV6_HDR_LEN = 40, NH_HOPOPTS = 0, NH_ROUTING = 43, NH_FRAGMENT = 44,
       NH_ESP = 50, NH_AH = 51, NH_NONE = 59, NH_DSTOPTS = 60,
       NH_MOBILITY = 135, NH_HIP = 139, NH_SHIM6 = 140 };

struct ipv6_chain {
	uint8_t next;     /* protocol after the walked headers */
	uint8_t frag;     /* enum packet_frag */
	uint8_t ends_l3;  /* ESP or no-next-header: nothing to decode */
};

static int is_generic_ext(uint8_t nh)
{
	return nh == NH_HOPOPTS || nh == NH_ROUTING || nh == NH_DSTOPTS ||
	       nh == NH_MOBILITY || nh == NH_HIP || nh == NH_SHIM6;
}

/* Consume one extension header; return its length or 0 when truncated. */
static size_t ipv6_ext_len(struct cursor *c, uint8_t nh, uint8_t *next,
			   uint16_t *frag_field)
{
	uint8_t len_field;

	if (cur_peek_u8(c, 0, next) || cur_peek_u8(c, 1, &len_field))
		return 0;
	size_t len;
	if (nh == NH_FRAGMENT) {
		struct cursor f = *c;
		if (cur_skip(&f, 2) || cur_be16(&f, frag_field))
			return 0;
		len = 8;
	} else if (nh == NH_AH) {
		len = ((size_t)len_field + 2) * 4;
	} else {
		len = ((size_t)len_field + 1) * 8;
	}
	return cur_skip(c, len) == CUR_OK ? len : 0;
}

/* Walk from first_nh until an upper-layer protocol. 0 or a decode error. */
static enum decode_err ipv6_walk(struct cursor *c, uint8_t first_nh,
				 struct ipv6_chain *ch)
{
	uint8_t nh = first_nh;

	memset(ch, 0, sizeof(*ch));
	for (int i = 0; i <= IPV6_MAX_EXT_HEADERS; i++) {
		if (nh == NH_ESP || nh == NH_NONE) {
			ch->next = nh;
			ch->ends_l3 = 1;
			return DE_OK;
		}
		if (!is_generic_ext(nh) && nh != NH_FRAGMENT && nh != NH_AH) {
			ch->next = nh;
			return DE_OK;
		}
		uint8_t next;
		uint16_t frag = 0;
		if (ipv6_ext_len(c, nh, &next, &frag) == 0)
			return DE_IPV6_EXT_TRUNCATED;
		if (nh == NH_FRAGMENT) {
			if (frag & 0xfff8) {
				ch->frag = FRAG_LATER;
				ch->next = next;
				ch->ends_l3 = 1;
				return DE_OK;
			}
			if (frag & 1)
				ch->frag = FRAG_FIRST;
		}
		nh = next;
	}
	return DE_IPV6_EXT_TOO_MANY;
}

struct ipv6_fixed {
	uint32_t vtcfl;
	uint16_t payload_len;
	uint8_t next, hlim;
	uint8_t src[16], dst[16];
};

static int ipv6_read_fixed(struct cursor *c, struct ipv6_fixed *h)
{
	return cur_be32(c, &h->vtcfl) || cur_be16(c, &h->payload_len) ||
	       cur_u8(c, &h->next) || cur_u8(c, &h->hlim) ||
	       cur_copy(c, h->src, 16) || cur_copy(c, h->dst, 16);
}

enum decode_err ipv6_decode(struct cursor *c, struct packet *p,
			    struct layer_next *next)
{
	struct ipv6_fixed h;
	struct cursor payload;
	struct ipv6_chain ch;
	uint8_t b;

	if (cur_peek_u8(c, 0, &b))
		return DE_IPV6_TRUNCATED;
	if (b >> 4 != 6)
		return DE_IPV6_BAD_VERSION;
	if (ipv6_read_fixed(c, &h))
		return DE_IPV6_TRUNCATED;
	size_t frame = cur_remaining(c) + layer_snap_cut(p);
	size_t plen = h.payload_len;
	if (plen == 0 && h.next == NH_HOPOPTS) {
		plen = frame; /* jumbogram, RFC 2675 s3 */
	} else if (plen == 0 && h.next != NH_NONE && frame > 0) {
		plen = frame; /* BIG TCP / GSO: no jumbo option, length left 0 */
		packet_warn(p, DW_IPV6_GSO_LEN0);
	}
	if (plen > frame && p->frag != FRAG_FIRST)
		return DE_IPV6_LEN_GT_FRAME;
	p->ip_ver = 6;
	p->ttl = h.hlim;
	memcpy(p->src, h.src, 16);
	memcpy(p->dst, h.dst, 16);
	p->ip_len = (uint32_t)(plen + IPV6_HDR_LEN);
	cur_rest_clipped(c, plen, &payload);
	enum decode_err err = ipv6_walk(&payload, h.next, &ch);
	if (err != DE_OK)
		return err;
	if (ch.frag != FRAG_NONE)
		p->frag = ch.frag;
	p->l4_proto = ch.next;
	size_t ext = payload.off;
	p->l4_len = (uint32_t)(plen > ext ? plen - ext : 0);
	if (ch.ends_l3) {
		p->cls = DC_L3_ONLY;
		return DE_OK;
	}
	cur_narrow(&payload, p->l4_len);
	*c = payload;
	return layer_transport(next, ch.next);
}

int ipv6_decode_quoted(struct cursor *c, struct quoted_tuple *q)
{
	struct ipv6_fixed h;
	struct ipv6_chain ch;
	uint8_t b;

	if (cur_peek_u8(c, 0, &b) || b >> 4 != 6 || ipv6_read_fixed(c, &h))
		return -1;
	q->present = 1;
	q->ip_ver = 6;
	memcpy(q->src, h.src, 16);
	memcpy(q->dst, h.dst, 16);
	q->proto = h.next;
	if (ipv6_walk(c, h.next, &ch) != DE_OK)
		return -1; /* addresses known, chain cut by the quote */
	q->proto = ch.next;
	if (!ch.ends_l3)
		l4quote_ports(c, q);
	return 0;
}
