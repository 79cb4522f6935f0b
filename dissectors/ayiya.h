/* dissectors/ayiya.h - AYIYA, "Anything In Anything" (draft-massar-v6ops-
 * ayiya-02, the AYIYA header), UDP 5072 by default: SixXS's IPv6 (or
 * IPv4) tunnel through NAT. Run by decode.c as a UDP tunnel layer
 * (tunnel.h); names the IPv4 or IPv6 packet a forward carries. The
 * identity (up to 2^15 bytes, often an IPv6 address) does not fit the
 * tunnel id, so an AYIYA tunnel has none. */
#ifndef PORTLENS_AYIYA_H
#define PORTLENS_AYIYA_H
#include "cursor.h"
#include "packet.h"
#include "tunnel.h"

/* Declines (tunnel.h) a header whose identity type, hash or
 * authentication method or opcode is not one the draft defines, and a
 * forward whose next header is not IPv4 (4), IPv6 (41) or "no next
 * header" (59): nothing else was ever carried, and a port alone is a weak
 * sign. Other opcodes (heartbeat, echo, MOTD, query) carry nothing to
 * decode: seen, not entered, the packet stays UDP. */
enum decode_err ayiya_decode(struct cursor *c, struct tunnel_hdr *t,
			     struct layer_next *next);

#endif
