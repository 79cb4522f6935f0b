/* dissectors/decode.h - entry point of the dissectors: decode_packet().
 * analyzer/capture/capture.c calls it once per packet. decode.c drives a
 * loop: the link type picks the first dissector; each dissector decodes
 * its header and names the next layer (layer.h: an EtherType, "IP by
 * version", an IP protocol number, or done), and the loop dispatches it,
 * at most DECODE_MAX_LAYERS times per packet. No dissector includes this
 * file, so the dependencies point one way: decode.c -> dissectors ->
 * layer.h/cursor.h/packet.h. No allocation, no recursion, no global
 * state: safe to call from any thread. */
#ifndef PORTLENS_DECODE_H
#define PORTLENS_DECODE_H

#include <stdint.h>
#include "cursor.h"
#include "layer.h"
#include "packet.h"
#include "tunnel.h"

/* Dissectors run per packet, the link layer included, before the packet
 * is counted as decode.too_many_layers. The deepest chain without tunnels
 * is 5 (e.g. Ethernet, a VLAN stack, PPPoE, IPv4, TCP): a VLAN or MPLS
 * stack is walked inside one dissector however deep (test_vlan: 300
 * tags). Each tunnel adds at most 6: the transport that carries it, the
 * tunnel, and a frame's Ethernet, VLAN stack, PPPoE (or MPLS) and IP (a
 * tunnel named by another, ERSPAN in GRE or NSH in VXLAN-GPE, adds one
 * layer). DECODE_MAX_TUNNELS (tunnel.h) bounds the nesting first: 4
 * outer layers, 8 tunnels of 6 and the 9th tunnel's transport and header
 * are 54, so this is a CPU bound no valid chain reaches (test_tunnels:
 * longest_chains_reach_tunnel_bound_first; 48 was reached first). */
#define DECODE_MAX_LAYERS 64

/* 1 when decode_packet() understands this link type (LT_*, layer.h). */
int decode_linktype_supported(int linktype);

/* Decode one captured frame into *p (fully overwritten). data is borrowed
 * for the call only. Returns p->cls; on DC_ERROR p->err names the reason
 * and the layers decoded before the failure stay filled in. */
enum decode_class decode_packet(int linktype, const uint8_t *data,
				uint32_t caplen, uint32_t wirelen,
				uint64_t ts_ns, struct packet *p);

/* decode_packet() that enters the tunnels dc allows (tunnel.h; borrowed
 * for the call). decode_packet() enters none: it is this with dc NULL. */
enum decode_class decode_packet_decap(const struct decap_config *dc, int linktype,
				      const uint8_t *data, uint32_t caplen,
				      uint32_t wirelen, uint64_t ts_ns, struct packet *p);

/* decode_packet() running at most max_layers dissectors (>= 1: the link
 * layer always runs); a layer named after the last one allowed ends the
 * decode with DE_TOO_MANY_LAYERS, the layers before it kept.
 * decode_packet() is this with DECODE_MAX_LAYERS; tests pass a small
 * bound to reach the limit with today's protocols. */
enum decode_class decode_packet_bounded(int linktype, const uint8_t *data,
					uint32_t caplen, uint32_t wirelen,
					uint64_t ts_ns, unsigned max_layers,
					struct packet *p);

#endif
