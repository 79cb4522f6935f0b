/* dissectors/gre.c - GRE header (RFC 2784 s2, RFC 2890 s2; version 1 as
 * PPTP uses it, RFC 2637 s4.1), see gre.h.
 * Header: flags and version (16 bits: C R K S s Recur | A Flags Ver),
 * protocol type (16), then optional fields in this order: checksum and
 * offset (4 bytes, when C or R), key (4, K), sequence number (4, S),
 * acknowledgment (4, version 1 with A), and, when R is set, the source
 * route entries of RFC 1701 s2.2 (family 2, offset 1, length 1, data)
 * up to one of length 0.
 * Version 1 carries PPP only and always a key (payload length, call id).
 * The key is the tunnel id (RFC 2890 s2.1: it names the flow within the
 * tunnel); for version 1 the call id alone. */
#include "gre.h"

enum {
	GRE_C = 0x8000, GRE_R = 0x4000, GRE_K = 0x2000, GRE_S = 0x1000,
	GRE_A = 0x0080, GRE_VER = 0x0007,
	GRE_PT_IPV4 = 0x0800, GRE_PT_IPV6 = 0x86dd, GRE_PT_TEB = 0x6558,
	GRE_PT_PPP = 0x880b, GRE_PT_MPLS = 0x8847, GRE_PT_ERSPAN2 = 0x88be,
	GRE_PT_ERSPAN3 = 0x22eb,
};

/* RFC 1701 s2.2 source route entries, up to the terminating one. */
static enum decode_err gre_skip_routing(struct cursor *c)
{
	for (;;) {
		uint16_t family;
		uint8_t offset, len;
		if (cur_be16(c, &family) || cur_u8(c, &offset) || cur_u8(c, &len))
			return DE_GRE_TRUNCATED;
		if (len == 0)
			return DE_OK;
		if (cur_skip(c, len))
			return DE_GRE_TRUNCATED;
	}
}

/* The optional fields after flags/version and protocol type. */
static enum decode_err gre_options(struct cursor *c, uint16_t flags,
				   struct tunnel_hdr *t)
{
	uint32_t key;

	if ((flags & (GRE_C | GRE_R)) && cur_skip(c, 4))
		return DE_GRE_TRUNCATED;
	if (flags & GRE_K) {
		if (cur_be32(c, &key))
			return DE_GRE_TRUNCATED;
		tunnel_set_id(t, (flags & GRE_VER) == 1 ? key & 0xffff : key);
	}
	if ((flags & GRE_S) && cur_skip(c, 4))
		return DE_GRE_TRUNCATED;
	if ((flags & GRE_VER) == 1 && (flags & GRE_A) && cur_skip(c, 4))
		return DE_GRE_TRUNCATED;
	if (flags & GRE_R)
		return gre_skip_routing(c);
	return DE_OK;
}

/* The layer a protocol type names; 0 when this file does not enter it. */
static int gre_payload(uint16_t proto, uint16_t flags, struct layer_next *next)
{
	switch (proto) {
	case GRE_PT_IPV4: case GRE_PT_IPV6: case GRE_PT_MPLS:
		layer_ethertype(next, proto);
		return 1;
	case GRE_PT_TEB: layer_set(next, LAYER_LINK, LT_EN10MB); return 1;
	case GRE_PT_PPP: layer_set(next, LAYER_LINK, LT_PPP); return 1;
	case GRE_PT_ERSPAN2: /* type I has no sequence number (and no header) */
		layer_tunnel(next, TUN_ERSPAN, (flags & GRE_S) ? 2 : 1);
		return 1;
	case GRE_PT_ERSPAN3: layer_tunnel(next, TUN_ERSPAN, 3); return 1;
	default: return 0;
	}
}

/* The fixed part: version 0, or version 1 carrying PPP with a key. */
static int gre_version_ok(uint16_t flags, uint16_t proto)
{
	unsigned ver = flags & GRE_VER;
	return ver == 0 || (ver == 1 && proto == GRE_PT_PPP && (flags & GRE_K));
}

enum decode_err gre_decode(struct cursor *c, struct packet *p,
			   struct tunnel_hdr *t, struct layer_next *next)
{
	uint16_t flags, proto;
	(void)p;

	if (cur_be16(c, &flags) || cur_be16(c, &proto))
		return DE_GRE_TRUNCATED;
	if (!gre_version_ok(flags, proto))
		return DE_GRE_BAD_VERSION;
	enum decode_err err = gre_options(c, flags, t);
	if (err != DE_OK)
		return err;
	gre_payload(proto, flags, next);
	return DE_OK;
}

enum decode_err gre_udp_decode(struct cursor *c, struct packet *p,
			       struct tunnel_hdr *t, struct layer_next *next)
{
	uint16_t flags, proto;
	struct layer_next inner = { LAYER_DONE, 0 };
	(void)p;

	if (cur_be16(c, &flags) || cur_be16(c, &proto) || (flags & GRE_VER) != 0 ||
	    !gre_payload(proto, flags, &inner))
		return layer_decline(next);
	enum decode_err err = gre_options(c, flags, t);
	if (err != DE_OK)
		return err;
	*next = inner;
	return DE_OK;
}
