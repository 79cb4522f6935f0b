/* dissectors/geneve.h - Geneve (RFC 8926 s3.4), UDP 6081 by default.
 * Run by decode.c as a UDP tunnel layer (tunnel.h); names the layer its
 * Protocol Type gives (Ethernet for 0x6558, otherwise that EtherType).
 * The VNI is the tunnel id. */
#ifndef PORTLENS_GENEVE_H
#define PORTLENS_GENEVE_H
#include "cursor.h"
#include "packet.h"
#include "tunnel.h"

/* p is read only (the UDP payload length, to tell a datagram too short
 * for its options from a capture that cut them). Declines (tunnel.h) a
 * header whose version is not 0: RFC 8926 s3.4 has such packets dropped,
 * so on port 6081 they are not a Geneve we can read. A valid header with
 * no byte after it ends the decode at the UDP layer (nothing to enter). */
enum decode_err geneve_decode(struct cursor *c, const struct packet *p,
			      struct tunnel_hdr *t, struct layer_next *next);

#endif
