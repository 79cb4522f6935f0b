/* dissectors/mpls.h - MPLS label stacks (RFC 3032) over Ethernet. */
#ifndef PORTLENS_MPLS_H
#define PORTLENS_MPLS_H
#include "cursor.h"
#include "packet.h"

enum decode_err mpls_decode(struct cursor *c, struct packet *p);

#endif
