/* dissectors/geneve.c - Geneve header (RFC 8926 s3.4, options s3.5), see
 * geneve.h.
 * Base header, 8 bytes: Ver (2) = 0 | Opt Len (6, in 4-byte words) |
 * O (1) | C (1) | Rsvd (6) | Protocol Type (16, an EtherType) |
 * VNI (24) | Reserved (8); then Opt Len words of options, each
 * Option Class (16) | Type (8) | R R R (3) | Length (5, 4-byte words of
 * data after this 4-byte option header) | data.
 * The options are skipped, but walked: they must tile the option area
 * exactly (s3.5), else geneve.bad_options_length.
 * Errors: fewer than 8 bytes captured, or options the capture cut (snap
 * length, or a first fragment), is geneve.truncated_header; an option
 * area longer than the UDP datagram itself, or options that overrun it,
 * is geneve.bad_options_length. The O (OAM) bit does not change how the
 * payload is read: the Protocol Type still names it (s3.4: O marks a
 * control message, which is still a frame of that type).
 * Trap: the UDP length, not the captured bytes, says whether the
 * datagram is too short; the cursor is clipped to what was captured. */
#include "geneve.h"

enum {
	GENEVE_HLEN = 8, GENEVE_OPT_HLEN = 4, GENEVE_VERSION = 0,
	GENEVE_PT_ETHERNET = 0x6558, /* transparent Ethernet bridging */
};

/* The option TLVs of the option area o, which must end exactly at its
 * end (each option's length counts 4-byte words after its header). */
static enum decode_err geneve_walk_options(struct cursor *o)
{
	while (cur_remaining(o) > 0) {
		uint8_t len_byte;
		if (cur_skip(o, 3) || cur_u8(o, &len_byte) ||
		    cur_skip(o, (size_t)(len_byte & 0x1f) * 4))
			return DE_GENEVE_BAD_OPTIONS;
	}
	return DE_OK;
}

/* Skip the option area of opt_bytes after the base header. */
static enum decode_err geneve_options(struct cursor *c, const struct packet *p,
				      size_t opt_bytes)
{
	struct cursor opts;

	if (GENEVE_HLEN + opt_bytes > p->payload_len)
		return DE_GENEVE_BAD_OPTIONS;
	if (cur_sub(c, opt_bytes, &opts))
		return DE_GENEVE_TRUNCATED;
	return geneve_walk_options(&opts);
}

enum decode_err geneve_decode(struct cursor *c, const struct packet *p,
			      struct tunnel_hdr *t, struct layer_next *next)
{
	uint8_t ver_optlen, flags;
	uint16_t proto;
	uint32_t vni_rsvd;

	if (cur_peek_u8(c, 0, &ver_optlen) == CUR_OK && ver_optlen >> 6 != GENEVE_VERSION)
		return layer_decline(next);
	if (cur_u8(c, &ver_optlen) || cur_u8(c, &flags) || cur_be16(c, &proto) ||
	    cur_be32(c, &vni_rsvd))
		return DE_GENEVE_TRUNCATED;
	enum decode_err err = geneve_options(c, p, (size_t)(ver_optlen & 0x3f) * 4);
	if (err != DE_OK)
		return err;
	tunnel_set_id(t, vni_rsvd >> 8);
	if (cur_remaining(c) == 0) /* nothing carried: stays UDP */
		return DE_OK;
	if (proto == GENEVE_PT_ETHERNET)
		return layer_set(next, LAYER_LINK, LT_EN10MB);
	return layer_ethertype(next, proto);
}
