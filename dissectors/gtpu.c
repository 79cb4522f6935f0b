/* dissectors/gtpu.c - GTP-U v1 header (3GPP TS 29.281 s5.1, extension
 * headers s5.2), see gtpu.h.
 * Mandatory 8 bytes: Version (3) = 1 | PT (1) = 1 | spare (1) | E | S |
 * PN | Message Type (8) | Length (16, bytes after these 8: optional
 * fields, extension headers and T-PDU) | TEID (32). When any of E, S, PN
 * is set, 4 more: Sequence Number (16) | N-PDU Number (8) | Next
 * Extension Header Type (8). Each extension header: Length (8, in
 * 4-octet units, counting this byte and the next-type byte; 0 is
 * invalid) | contents | Next Extension Header Type (8, 0: no more).
 * Message type 255 (G-PDU) carries a T-PDU: entered when its first
 * nibble says IPv4 or IPv6, else (an empty or non-IP payload) the header
 * is valid and nothing is entered. Other types carry no user packet.
 * Look-alikes (port 2152 is also a client port) are declined, not
 * counted as errors: a datagram shorter than 8 bytes, a version other
 * than 1, PT 0, or a Length the UDP datagram cannot hold; and, with E,
 * S or PN set, a Length below the 4 bytes they add.
 * Errors: the capture cut the header (snap length, a first fragment) is
 * gtpu.truncated_header; an extension header of length 0, or one that
 * overruns the Length, is gtpu.bad_extension_header.
 * Trap: the extension chain is bounded by Length (each header takes 4
 * bytes at least), so the walk is at most 16384 steps. */
#include "gtpu.h"

enum {
	GTPU_HLEN = 8, GTPU_OPT_LEN = 4, GTPU_VERSION = 1,
	GTPU_PT = 0x10, GTPU_E = 0x04, GTPU_S = 0x02, GTPU_PN = 0x01,
	GTPU_GPDU = 255,
};

struct gtpu_fixed {
	uint8_t flags, type;
	uint16_t len;  /* bytes after the mandatory header */
	uint32_t teid;
};

/* Version 1 and PT 1 in the first byte: GTP-U, not GTPv2 or GTP'. */
static int gtpu_is_v1(uint8_t flags)
{
	return flags >> 5 == GTPU_VERSION && (flags & GTPU_PT);
}

/* A Length that fits the UDP datagram (udp_len bytes of payload on the
 * wire) and holds the optional fields when a flag announces them. */
static int gtpu_len_ok(const struct gtpu_fixed *h, uint32_t udp_len)
{
	if ((size_t)GTPU_HLEN + h->len > udp_len)
		return 0;
	return !(h->flags & (GTPU_E | GTPU_S | GTPU_PN)) || h->len >= GTPU_OPT_LEN;
}

/* The extension headers from type first on, in the message m (Length
 * bytes, clipped to the capture; clipped says it was). */
static enum decode_err gtpu_extensions(struct cursor *m, uint8_t type, int clipped)
{
	enum decode_err cut = clipped ? DE_GTPU_TRUNCATED : DE_GTPU_BAD_EXTENSION;

	while (type != 0) {
		uint8_t units;
		if (cur_u8(m, &units))
			return cut;
		if (units == 0)
			return DE_GTPU_BAD_EXTENSION;
		if (cur_skip(m, (size_t)units * 4 - 2) || cur_u8(m, &type))
			return cut;
	}
	return DE_OK;
}

/* The optional fields and extension headers, when E, S or PN is set. */
static enum decode_err gtpu_optional(struct cursor *m, uint8_t flags, int clipped)
{
	uint8_t next_type;

	if (!(flags & (GTPU_E | GTPU_S | GTPU_PN)))
		return DE_OK;
	if (cur_skip(m, 3) || cur_u8(m, &next_type))
		return DE_GTPU_TRUNCATED; /* Length >= 4 was checked */
	/* The next-type field is only meaningful with E (s5.1). */
	return (flags & GTPU_E) ? gtpu_extensions(m, next_type, clipped) : DE_OK;
}

/* The T-PDU of a G-PDU: IPv4 or IPv6 by its version nibble. */
static enum decode_err gtpu_tpdu(const struct cursor *m, struct layer_next *next)
{
	uint8_t b;

	if (cur_peek_u8(m, 0, &b) || (b >> 4 != 4 && b >> 4 != 6))
		return DE_OK; /* empty or not IP: a valid header, nothing to enter */
	return layer_ip(next);
}

enum decode_err gtpu_decode(struct cursor *c, const struct packet *p,
			    struct tunnel_hdr *t, struct layer_next *next)
{
	struct gtpu_fixed h;
	struct cursor m;

	/* Nothing captured, or a datagram too short: not recognisably GTP-U. */
	if (p->payload_len < GTPU_HLEN || cur_peek_u8(c, 0, &h.flags) ||
	    !gtpu_is_v1(h.flags))
		return layer_decline(next);
	if (cur_skip(c, 1) || cur_u8(c, &h.type) || cur_be16(c, &h.len) ||
	    cur_be32(c, &h.teid))
		return DE_GTPU_TRUNCATED;
	if (!gtpu_len_ok(&h, p->payload_len))
		return layer_decline(next);
	int clipped = cur_remaining(c) < h.len;
	cur_rest_clipped(c, h.len, &m);
	enum decode_err err = gtpu_optional(&m, h.flags, clipped);
	if (err != DE_OK)
		return err;
	tunnel_set_id(t, h.teid);
	*c = m;
	return h.type == GTPU_GPDU ? gtpu_tpdu(c, next) : DE_OK;
}
