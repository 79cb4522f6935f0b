/* dissectors/tunnel.h - what the tunnel dissectors share: the tunnel
 * types, the header fields they hand back, and the decapsulation settings.
 * A tunnel dissector (gre.c, erspan.c, vxlan.c ...) reads its header and
 * names the layer inside (layer.h), as every dissector does; decode.c's
 * loop does the bookkeeping of entering a tunnel (depth bound, outer
 * addresses, per-type bits in struct packet_tunnel) in one place.
 * UDP tunnels are found by port (struct decap_config, set from
 * --tunnel-port), and only decapsulated when their header is valid: GTP-U
 * and Teredo have look-alikes, so a dissector may decline (layer_decline)
 * and the packet stays plain UDP. The settings are passed to
 * decode_packet_decap() by the caller; no global state.
 * Trap: enum tunnel_type values are bit positions in packet_tunnel's
 * 16-bit masks and indexes of the report's counters: append only, and
 * keep TUN_COUNT <= 16. */
#ifndef PORTLENS_TUNNEL_H
#define PORTLENS_TUNNEL_H

#include <stddef.h>
#include <stdint.h>
#include "layer.h"

enum tunnel_type {
	TUN_NONE = 0,
	TUN_IPIP,      /* IP in IP: protocols 4 and 41 (RFC 2003, RFC 4213) */
	TUN_GRE,       /* GRE (RFC 2784, RFC 2890; PPTP's version 1, RFC 2637) */
	TUN_ERSPAN,    /* ERSPAN types I, II, III, inside GRE */
	TUN_VXLAN,     /* RFC 7348, UDP 4789 */
	TUN_VXLAN_GPE, /* VXLAN generic protocol extension, UDP 4790 */
	TUN_NSH,       /* network service header, RFC 8300 */
	TUN_GENEVE,    /* RFC 8926, UDP 6081 */
	TUN_GTPU,      /* GTP-U v1, 3GPP TS 29.281, UDP 2152 */
	TUN_TEREDO,    /* RFC 4380, UDP 3544 */
	TUN_AYIYA,     /* anything in anything, UDP 5072 */
	TUN_GRE_UDP,   /* GRE in UDP, RFC 8086, UDP 4754 */
	TUN_COUNT
};

/* Stable name of a type, the key in reports and --tunnel-port ("vxlan");
 * "none" for TUN_NONE, "unknown" outside the enum. */
const char *tunnel_type_name(unsigned type);

/* The type named name, or TUN_NONE. */
enum tunnel_type tunnel_type_by_name(const char *name, size_t len);

/* 1 for the types found by UDP port (configurable with --tunnel-port). */
int tunnel_type_is_udp(unsigned type);

/* What a tunnel dissector hands back besides the next layer: the id that
 * names a virtual network, when its header has one. */
struct tunnel_hdr {
	uint32_t id;     /* VNI, GRE key, TEID, ERSPAN session, NSH path id */
	uint8_t has_id;
};

static inline void tunnel_set_id(struct tunnel_hdr *t, uint32_t id)
{
	t->id = id;
	t->has_id = 1;
}

/* A UDP tunnel dissector's "not my header": the payload is left as plain
 * UDP and the cursor as it was. Always DE_OK. */
static inline enum decode_err layer_decline(struct layer_next *next)
{
	return layer_set(next, LAYER_DECLINED, 0);
}

/* Hand the payload on to the tunnel dissector of type, with a byte of
 * context for it (ERSPAN: the GRE sequence bit). Always DE_OK. */
static inline enum decode_err layer_tunnel(struct layer_next *next,
					   enum tunnel_type type, uint8_t aux)
{
	return layer_set(next, LAYER_TUNNEL, (uint32_t)type | (uint32_t)aux << 8);
}

#define TUNNEL_MAX_PORTS 32   /* UDP ports mapped to tunnel types */
#define DECODE_MAX_TUNNELS 8  /* nested tunnels decapsulated per packet */

struct tunnel_port {
	uint16_t port;
	uint8_t type;
};

/* Decapsulation settings (docs/tunnels.md). port_bits marks every port in
 * ports[] so that a plain UDP packet pays two bit tests. */
struct decap_config {
	uint8_t enabled;               /* 0: --no-decap, nothing is entered */
	uint8_t nports;
	struct tunnel_port ports[TUNNEL_MAX_PORTS];
	uint64_t port_bits[65536 / 64];
};

/* The IANA ports of every UDP tunnel type, decapsulation on. */
void decap_config_defaults(struct decap_config *dc);

/* The UDP ports of type become exactly ports[0..n) (n 0: none), as
 * --tunnel-port TYPE=PORT,... says. A port another type holds moves to
 * this one. 0, or -1 (dc unchanged) when type is not a UDP tunnel or the
 * table would exceed TUNNEL_MAX_PORTS. */
int decap_config_set_ports(struct decap_config *dc, unsigned type,
			   const uint16_t *ports, size_t n);

/* The tunnel type of a UDP packet with these ports (destination first),
 * TUN_NONE when neither is a tunnel port. */
static inline unsigned decap_udp_type_slow(const struct decap_config *dc,
					   uint16_t sport, uint16_t dport)
{
	for (unsigned pass = 0; pass < 2; pass++) {
		uint16_t port = pass ? sport : dport;
		for (unsigned i = 0; i < dc->nports; i++)
			if (dc->ports[i].port == port)
				return dc->ports[i].type;
	}
	return TUN_NONE;
}

static inline int decap_port_bit(const struct decap_config *dc, uint16_t port)
{
	return (int)(dc->port_bits[port >> 6] >> (port & 63)) & 1;
}

static inline unsigned decap_udp_type(const struct decap_config *dc,
				      uint16_t sport, uint16_t dport)
{
	if (!decap_port_bit(dc, dport) && !decap_port_bit(dc, sport))
		return TUN_NONE;
	return decap_udp_type_slow(dc, sport, dport);
}

#endif
