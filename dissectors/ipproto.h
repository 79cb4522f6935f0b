/* dissectors/ipproto.h - IP protocol numbers (IANA "Assigned Internet
 * Protocol Numbers" registry): the one spelling every module uses, from
 * the dissectors to portdb and the outputs, and the registry's keyword
 * for each, which ECS's network.transport asks for. */
#ifndef PORTLENS_IPPROTO_H
#define PORTLENS_IPPROTO_H

#include <stddef.h>
#include <stdint.h>

enum {
	IPPROTO_NUM_ICMP = 1,
	IPPROTO_NUM_IGMP = 2,
	IPPROTO_NUM_IPV4 = 4,     /* IP in IP (RFC 2003) */
	IPPROTO_NUM_TCP = 6,
	IPPROTO_NUM_UDP = 17,
	IPPROTO_NUM_IPV6 = 41,    /* IPv6 in IP (RFC 4213) */
	IPPROTO_NUM_GRE = 47,
	IPPROTO_NUM_ESP = 50,
	IPPROTO_NUM_AH = 51,
	IPPROTO_NUM_ICMPV6 = 58,
	IPPROTO_NUM_OSPF = 89,
	IPPROTO_NUM_PIM = 103,
	IPPROTO_NUM_VRRP = 112,
	IPPROTO_NUM_SCTP = 132,
};

/* The registry's keyword ("tcp", "ipv6-icmp", "ospfigp" ...) of the
 * protocols above, NULL for the others. Static string. */
static inline const char *ipproto_keyword(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_NUM_ICMP: return "icmp";
	case IPPROTO_NUM_IGMP: return "igmp";
	case IPPROTO_NUM_IPV4: return "ipv4";
	case IPPROTO_NUM_TCP: return "tcp";
	case IPPROTO_NUM_UDP: return "udp";
	case IPPROTO_NUM_IPV6: return "ipv6";
	case IPPROTO_NUM_GRE: return "gre";
	case IPPROTO_NUM_ESP: return "esp";
	case IPPROTO_NUM_AH: return "ah";
	case IPPROTO_NUM_ICMPV6: return "ipv6-icmp";
	case IPPROTO_NUM_OSPF: return "ospfigp";
	case IPPROTO_NUM_PIM: return "pim";
	case IPPROTO_NUM_VRRP: return "vrrp";
	case IPPROTO_NUM_SCTP: return "sctp";
	default: return NULL;
	}
}

/* 1 for ICMP and ICMPv6. */
static inline int ipproto_is_icmp(uint8_t proto)
{
	return proto == IPPROTO_NUM_ICMP || proto == IPPROTO_NUM_ICMPV6;
}

/* 1 for the transports whose flows are keyed by ports. */
static inline int ipproto_has_ports(uint8_t proto)
{
	return proto == IPPROTO_NUM_TCP || proto == IPPROTO_NUM_UDP;
}

#endif
