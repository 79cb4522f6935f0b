/* dissectors/packet.h - the one plain struct a decoded packet becomes.
 * decode_packet() (decode.h) fills it layer by layer; the analyzer reads
 * it and never touches packet bytes itself. Everything is copied out of
 * the capture buffer, so a struct packet stays valid after the next
 * packet arrives. Addresses are 16-byte values: IPv4 uses the first 4
 * bytes, the rest are zero, and ip_ver tells which. */
#ifndef PORTLENS_PACKET_H
#define PORTLENS_PACKET_H

#include <stdint.h>
#include "decode_err.h"
#include "ipproto.h"

/* How far a packet decoded; exactly one per packet (the accounting). */
enum decode_class {
	DC_L4 = 0,   /* TCP, UDP, ICMP or ICMPv6 header decoded */
	DC_L3_ONLY,  /* IP decoded; other protocol, later fragment, ESP ... */
	DC_NON_IP,   /* a link frame that carries no IP (ARP, LLDP, LLC ...) */
	DC_ERROR,    /* stopped by a named decode error (packet.err) */
};

/* TCP flags, RFC 9293 s3.1 plus NS (RFC 3540, historic), as 9 bits. */
enum {
	TCP_FIN = 0x001, TCP_SYN = 0x002, TCP_RST = 0x004, TCP_PSH = 0x008,
	TCP_ACK = 0x010, TCP_URG = 0x020, TCP_ECE = 0x040, TCP_CWR = 0x080,
	TCP_NS = 0x100,
};


enum packet_frag {
	FRAG_NONE = 0,  /* not fragmented */
	FRAG_FIRST,     /* offset 0, more fragments: carries the L4 header */
	FRAG_LATER,     /* offset > 0: never decoded as L4 */
};

/* Keys for non-IP frames: an EtherType, or one of these pseudo kinds
 * above 0xffff so that they cannot collide with a real EtherType. */
enum {
	NONIP_LLC = 0x10000,       /* 802.3 length field + LLC (STP, CDP ...) */
	NONIP_AF_BASE = 0x20000,   /* BSD loopback family not IPv4/IPv6 */
	NONIP_PPP_BASE = 0x30000,  /* PPP protocol other than IP */
	NONIP_NFLOG_BASE = 0x40000,/* NFLOG family without IP payload */
	NONIP_SLL_HATYPE = 0x50000,/* SLL frames of a non-Ethernet hatype */
};

/* The header an ICMP/ICMPv6 error quotes (RFC 792, RFC 4443 s3): enough
 * to name the probe that was rejected. */
struct quoted_tuple {
	uint8_t present;      /* inner IP header decoded */
	uint8_t has_ports;    /* inner TCP/UDP ports decoded */
	uint8_t ip_ver;       /* 4 or 6 */
	uint8_t proto;        /* inner upper-layer protocol */
	uint8_t src[16], dst[16];
	uint16_t sport, dport;
	uint32_t tcp_seq;     /* valid when proto is TCP and 8 bytes were quoted */
};

/* An ARP frame (RFC 826), filled by arp.c; all zero for other frames.
 * 24 bytes. Addresses are copied only for Ethernet/IPv4 ARP (eth_ipv4);
 * other hardware/protocol pairs keep op alone. */
struct packet_arp {
	uint8_t present;      /* the ARP header decoded */
	uint8_t eth_ipv4;     /* htype 1, ptype 0x0800: the addresses below */
	uint16_t op;          /* opcode: 1 request, 2 reply (3/4 RARP) */
	uint8_t sha[6], spa[4]; /* sender MAC and IPv4 address */
	uint8_t tha[6], tpa[4]; /* target MAC and IPv4 address */
};

/* The tunnels a packet was carried in (dissectors/tunnel.h), filled by
 * decode.c as it enters each one. The packet's other fields describe its
 * innermost layers; this keeps what the tunnel nearest to them says and
 * the IP header that carried it. 44 bytes. */
struct packet_tunnel {
	uint8_t depth;        /* tunnels entered (decapsulated), 0: none */
	uint8_t type;         /* enum tunnel_type of the innermost one */
	uint8_t has_id;       /* its header carried an id */
	uint8_t outer_ip_ver; /* 4 or 6: the IP header around it */
	uint32_t id;          /* VNI, GRE key, TEID, ERSPAN session, NSH path */
	uint16_t seen;        /* bit per type: its dissector accepted a header */
	uint16_t decap;       /* bit per type: its payload was handed on */
	uint16_t declined;    /* bit per type: a UDP look-alike, left as UDP */
	uint8_t outer_l4;     /* first transport after the outermost IP header */
	uint8_t outer_l4_seen;/* that transport was named (as l4_seen) */
	uint8_t carrier_l4;   /* transport after the IP header around the
				 innermost tunnel (0: none, e.g. NSH by EtherType) */
	uint8_t outer_src[16], outer_dst[16];
};

struct packet {
	uint64_t ts_ns;       /* capture time, ns since the Unix epoch */
	uint32_t cap_len;     /* bytes captured */
	uint32_t wire_len;    /* bytes on the wire */
	int linktype;         /* DLT_ value of the capture */

	enum decode_class cls;
	enum decode_err err;  /* DE_OK unless cls == DC_ERROR */
	uint32_t warnings;    /* bit (1u << enum decode_warn) */

	uint32_t nonip_kind;  /* cls == DC_NON_IP: EtherType or NONIP_* */
	uint16_t vlan_id;     /* outer 802.1Q/802.1ad VLAN id */
	uint8_t vlan_depth;   /* number of VLAN tags */
	uint8_t link_unicast; /* Ethernet: the destination MAC is one station's */

	uint8_t ip_ver;       /* 0 (none), 4 or 6 */
	uint8_t l4_proto;     /* upper-layer protocol after IPv6 extensions */
	uint8_t ttl;          /* TTL or hop limit */
	uint8_t frag;         /* enum packet_frag */
	uint8_t l4_seen;      /* IP named a transport and decode.c ran it:
			       * l4_proto is the packet's first transport even
			       * when its header then fails to decode */
	uint8_t src[16], dst[16];
	uint32_t ip_len;      /* IP datagram length on the wire (header incl.) */
	uint32_t l4_len;      /* bytes after the IP headers, on the wire */

	uint16_t sport, dport;/* TCP/UDP ports */
	uint16_t tcp_flags;   /* TCP_* bits */
	uint32_t tcp_seq, tcp_ack;
	uint16_t tcp_win;
	uint16_t frag_cut;    /* inside a tunnel entered from the first fragment
			       * of a UDP datagram: its bytes in the later
			       * fragments (layer_snap_cut); in a padding hole,
			       * so struct packet stays 256 bytes */
	uint32_t payload_len; /* L4 payload bytes on the wire */

	uint8_t icmp_type, icmp_code;
	uint16_t icmp_id, icmp_seq; /* echo identifier and sequence */
	struct quoted_tuple inner;
	struct packet_arp arp; /* cls == DC_NON_IP, nonip_kind 0x0806 */
	/* ICMPv6 neighbour solicitation or advertisement (RFC 4861 s4.3,
	 * s4.4) whose target address was decoded: nd_seen, nd_target. */
	uint8_t nd_seen;
	uint8_t nd_target[16];
	struct packet_tunnel tunnel;
};

static inline void packet_warn(struct packet *p, enum decode_warn w)
{
	p->warnings |= 1u << w;
}

#endif
