/* dissectors/arp.c - ARP (RFC 826), the Ethernet/IPv4 flavour decoded.
 * Fixed header, 8 bytes: hardware type (htype) 2, protocol type (ptype) 2,
 * hardware address length (hlen) 1, protocol address length (plen) 1,
 * opcode 2; then sender hardware address (hlen), sender protocol address
 * (plen), target hardware address (hlen), target protocol address (plen).
 * Only htype 1 (Ethernet) with ptype 0x0800 (IPv4) has its addresses
 * copied into struct packet; other pairs (IEEE 802 htype 6, Frame Relay,
 * IPv6-less oddities ...) keep their fixed header, and their address
 * block must still be in the frame, or the frame is arp.truncated_header.
 * Known traps:
 *  - Ethernet pads ARP (28 bytes) to 46 bytes of payload: the padding is
 *    not read, so it never matters.
 *  - htype 1 or ptype 0x0800 with any other hlen/plen would make us copy
 *    the wrong bytes as addresses: that is arp.bad_lengths, not a guess.
 *  - A probe (RFC 5227 s2.1.1) has sender address 0.0.0.0 and the
 *    candidate address as target; an announcement has sender == target.
 *    A probe is not gratuitous even though 0.0.0.0 == 0.0.0.0 could be. */
#include "arp.h"
#include "layer.h"

enum { ARP_FIXED_LEN = 8, ARP_HTYPE_ETHER = 1, ARP_PTYPE_IPV4 = 0x0800,
       ARP_HLEN_ETHER = 6, ARP_PLEN_IPV4 = 4, ET_ARP = 0x0806 };

static const uint8_t arp_zero_ip[4];

/* The four Ethernet/IPv4 addresses (28-byte ARP body after the header). */
static int arp_eth_ipv4_addrs(struct cursor *c, struct packet_arp *a)
{
	if (!cur_has(c, 2 * (ARP_HLEN_ETHER + ARP_PLEN_IPV4)))
		return CUR_TRUNCATED;
	return cur_copy(c, a->sha, sizeof(a->sha)) ||
	       cur_copy(c, a->spa, sizeof(a->spa)) ||
	       cur_copy(c, a->tha, sizeof(a->tha)) ||
	       cur_copy(c, a->tpa, sizeof(a->tpa));
}

enum decode_err arp_decode(struct cursor *c, struct packet *p)
{
	uint16_t htype, ptype, op;
	uint8_t hlen, plen;
	struct packet_arp a = { 0 };

	if (cur_be16(c, &htype) || cur_be16(c, &ptype) || cur_u8(c, &hlen) ||
	    cur_u8(c, &plen) || cur_be16(c, &op))
		return DE_ARP_TRUNCATED;
	if ((htype == ARP_HTYPE_ETHER && hlen != ARP_HLEN_ETHER) ||
	    (ptype == ARP_PTYPE_IPV4 && plen != ARP_PLEN_IPV4))
		return DE_ARP_BAD_LENGTHS;
	a.op = op;
	if (htype == ARP_HTYPE_ETHER && ptype == ARP_PTYPE_IPV4) {
		if (arp_eth_ipv4_addrs(c, &a))
			return DE_ARP_TRUNCATED;
		a.eth_ipv4 = 1;
	} else if (cur_skip(c, 2 * ((size_t)hlen + plen))) {
		return DE_ARP_TRUNCATED;
	}
	a.present = 1;
	p->arp = a;
	return layer_non_ip(p, ET_ARP);
}

int arp_is_gratuitous(const struct packet_arp *a)
{
	return a->present && a->eth_ipv4 &&
	       memcmp(a->spa, a->tpa, sizeof(a->spa)) == 0 &&
	       memcmp(a->spa, arp_zero_ip, sizeof(a->spa)) != 0;
}

int arp_is_probe(const struct packet_arp *a)
{
	return a->present && a->eth_ipv4 && a->op == ARP_OP_REQUEST &&
	       memcmp(a->spa, arp_zero_ip, sizeof(a->spa)) == 0;
}
