/* dissectors/udp.h - UDP header (RFC 768).
 * Run by decode.c for its IP protocol number; ends the decode; fills ports and payload length. */
#ifndef PORTLENS_UDP_H
#define PORTLENS_UDP_H
#include "cursor.h"
#include "packet.h"

enum decode_err udp_decode(struct cursor *c, struct packet *p);

#endif
