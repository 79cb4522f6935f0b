/* dissectors/teredo.h - Teredo (RFC 4380 s5.1.1, s5.1.2), UDP 3544 by
 * default. Run by decode.c as a UDP tunnel layer (tunnel.h); names the
 * IPv6 packet after the optional indicators. Teredo has no tunnel id. */
#ifndef PORTLENS_TEREDO_H
#define PORTLENS_TEREDO_H
#include "cursor.h"
#include "packet.h"
#include "tunnel.h"

/* p is read only (the UDP payload length). Strict, because port 3544
 * sees other traffic: declines (tunnel.h) unless an IPv6 header, whole
 * in the capture, follows the indicators and its packet fits the UDP
 * datagram. DE_TEREDO_TRUNCATED only when the capture cut an indicator
 * the datagram holds. */
enum decode_err teredo_decode(struct cursor *c, const struct packet *p,
			      struct layer_next *next);

#endif
