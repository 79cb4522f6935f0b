/* dissectors/vxlan_gpe.h - VXLAN generic protocol extension
 * (draft-ietf-nvo3-vxlan-gpe-13, "VXLAN-GPE Header"), UDP 4790 by default.
 * Run by decode.c as a UDP tunnel layer (tunnel.h); names the payload its
 * Next Protocol field gives: IPv4, IPv6, Ethernet, NSH or MPLS. The VNI
 * is the tunnel id. */
#ifndef PORTLENS_VXLAN_GPE_H
#define PORTLENS_VXLAN_GPE_H
#include "cursor.h"
#include "packet.h"
#include "tunnel.h"

/* Declines (tunnel.h) a header whose version is not 0 or whose I or P
 * flag is clear: the draft makes both flags mandatory and tells a
 * receiver to drop a version it does not know, so such a header on the
 * port is more likely some other UDP payload. A valid header whose Next
 * Protocol is not one of the five is counted as seen, not entered (like
 * GRE's unlisted protocol types). */
enum decode_err vxlan_gpe_decode(struct cursor *c, struct tunnel_hdr *t,
				 struct layer_next *next);

#endif
