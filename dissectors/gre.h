/* dissectors/gre.h - GRE (RFC 2784, RFC 2890; PPTP's enhanced GRE, RFC
 * 2637 s4.1), over IP (protocol 47) or UDP (GRE-in-UDP, RFC 8086).
 * Run by decode.c as a tunnel layer (tunnel.h); names the payload by its
 * protocol type: IPv4, IPv6, Ethernet (0x6558), PPP, MPLS, or ERSPAN. */
#ifndef PORTLENS_GRE_H
#define PORTLENS_GRE_H
#include "cursor.h"
#include "packet.h"
#include "tunnel.h"

/* GRE over IP. A payload of a type not listed ends the decode at the GRE
 * header: the tunnel is counted, not entered. */
enum decode_err gre_decode(struct cursor *c, struct packet *p,
			   struct tunnel_hdr *t, struct layer_next *next);

/* GRE in UDP: the same header, but a UDP port is a weak sign, so a header
 * that is not version 0 with a listed payload type declines (tunnel.h). */
enum decode_err gre_udp_decode(struct cursor *c, struct packet *p,
			       struct tunnel_hdr *t, struct layer_next *next);

#endif
