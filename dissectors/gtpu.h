/* dissectors/gtpu.h - GTP-U version 1 (3GPP TS 29.281 s5), UDP 2152 by
 * default. Run by decode.c as a UDP tunnel layer (tunnel.h); a G-PDU
 * names the IPv4 or IPv6 packet it carries, every other message (echo,
 * error indication, end marker ...) is a valid header with nothing to
 * enter. The TEID is the tunnel id. */
#ifndef PORTLENS_GTPU_H
#define PORTLENS_GTPU_H
#include "cursor.h"
#include "packet.h"
#include "tunnel.h"

/* p is read only (the UDP payload length). Declines (tunnel.h) what is
 * not a GTP-U v1 header: another version (GTPv2-C), PT 0 (GTP'), or a
 * Length field the datagram cannot hold; port 2152 has look-alikes. */
enum decode_err gtpu_decode(struct cursor *c, const struct packet *p,
			    struct tunnel_hdr *t, struct layer_next *next);

#endif
