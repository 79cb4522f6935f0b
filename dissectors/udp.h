/* dissectors/udp.h - UDP header (RFC 768).
 * Called by decode_transport(); fills ports and payload length. */
#ifndef PORTLENS_UDP_H
#define PORTLENS_UDP_H
#include "cursor.h"
#include "packet.h"

enum decode_err udp_decode(struct cursor *c, struct packet *p);

#endif
