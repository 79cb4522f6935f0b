/* dissectors/ppp.h - PPP (RFC 1661) in HDLC-like framing (RFC 1662),
 * Cisco HDLC, and PPPoE sessions (RFC 2516). Run by decode.c (link types,
 * EtherType 0x8864); name the next layer (layer.h). */
#ifndef PORTLENS_PPP_H
#define PORTLENS_PPP_H
#include "cursor.h"
#include "layer.h"
#include "packet.h"

enum decode_err ppp_decode(struct cursor *c, struct packet *p,
			   struct layer_next *next);
enum decode_err pppoe_decode(struct cursor *c, struct packet *p,
			     struct layer_next *next);
/* Fills nothing in the packet: names the EtherType next. */
enum decode_err chdlc_decode(struct cursor *c, struct layer_next *next);

#endif
