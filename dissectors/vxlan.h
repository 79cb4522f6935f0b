/* dissectors/vxlan.h - VXLAN (RFC 7348 s5), UDP 4789 by default.
 * Run by decode.c as a UDP tunnel layer (tunnel.h); names the Ethernet
 * frame inside. The VNI is the tunnel id. */
#ifndef PORTLENS_VXLAN_H
#define PORTLENS_VXLAN_H
#include "cursor.h"
#include "packet.h"
#include "tunnel.h"

/* Declines (tunnel.h) a header without the I flag: RFC 7348 s5 makes it
 * mandatory, and Linux drops such packets. */
enum decode_err vxlan_decode(struct cursor *c, struct tunnel_hdr *t,
			     struct layer_next *next);

#endif
