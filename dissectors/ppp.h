/* dissectors/ppp.h - PPP (RFC 1661) in HDLC-like framing (RFC 1662),
 * Cisco HDLC, and PPPoE sessions (RFC 2516). */
#ifndef PORTLENS_PPP_H
#define PORTLENS_PPP_H
#include "cursor.h"
#include "packet.h"

enum decode_err ppp_decode(struct cursor *c, struct packet *p);
enum decode_err pppoe_decode(struct cursor *c, struct packet *p);
enum decode_err chdlc_decode(struct cursor *c, struct packet *p);

#endif
