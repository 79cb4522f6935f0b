/* dissectors/vxlan_gpe.c - VXLAN-GPE header (draft-ietf-nvo3-vxlan-gpe-13,
 * "VXLAN-GPE Header"), see vxlan_gpe.h.
 * 8 bytes: flags (8: R R Ver(2) I P B O), reserved (16), Next Protocol
 * (8: 1 IPv4, 2 IPv6, 3 Ethernet, 4 NSH, 5 MPLS), VNI (24), reserved (8).
 * Trap: the version sits in the flags byte (0x30), not in a field of its
 * own; an earlier draft (draft-quinn-vxlan-gpe) put it elsewhere, and the
 * draft-ietf layout is the one tcpdump, Wireshark and Linux read. */
#include "vxlan_gpe.h"

enum {
	GPE_VER_MASK = 0x30, GPE_FLAG_I = 0x08, GPE_FLAG_P = 0x04,
	GPE_NP_IPV4 = 1, GPE_NP_IPV6 = 2, GPE_NP_ETHERNET = 3, GPE_NP_NSH = 4,
	GPE_NP_MPLS = 5,
	GPE_ET_IPV4 = 0x0800, GPE_ET_IPV6 = 0x86dd, GPE_ET_MPLS = 0x8847,
};

/* Version 0 with the VNI and Next Protocol flags set. */
static int gpe_flags_ok(uint8_t flags)
{
	return (flags & GPE_VER_MASK) == 0 &&
	       (flags & (GPE_FLAG_I | GPE_FLAG_P)) == (GPE_FLAG_I | GPE_FLAG_P);
}

/* The layer Next Protocol names; DE_OK naming none when it is unlisted. */
static enum decode_err gpe_payload(uint8_t np, struct layer_next *next)
{
	switch (np) {
	case GPE_NP_IPV4: return layer_ethertype(next, GPE_ET_IPV4);
	case GPE_NP_IPV6: return layer_ethertype(next, GPE_ET_IPV6);
	case GPE_NP_ETHERNET: return layer_set(next, LAYER_LINK, LT_EN10MB);
	case GPE_NP_NSH: return layer_tunnel(next, TUN_NSH, 0);
	case GPE_NP_MPLS: return layer_ethertype(next, GPE_ET_MPLS);
	default: return DE_OK;
	}
}

enum decode_err vxlan_gpe_decode(struct cursor *c, struct tunnel_hdr *t,
				 struct layer_next *next)
{
	uint8_t flags, np;
	uint32_t vni_rsvd;

	if (cur_peek_u8(c, 0, &flags) == CUR_OK && !gpe_flags_ok(flags))
		return layer_decline(next);
	if (cur_skip(c, 3) || cur_u8(c, &np) || cur_be32(c, &vni_rsvd))
		return DE_VXLAN_GPE_TRUNCATED;
	tunnel_set_id(t, vni_rsvd >> 8);
	return gpe_payload(np, next);
}
