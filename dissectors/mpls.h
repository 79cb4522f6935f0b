/* dissectors/mpls.h - MPLS label stacks (RFC 3032) over Ethernet.
 * Run by decode.c for EtherTypes 0x8847/0x8848; names IP next (layer.h). */
#ifndef PORTLENS_MPLS_H
#define PORTLENS_MPLS_H
#include "cursor.h"
#include "layer.h"
#include "packet.h"

/* Walks the stack to its bottom entry; fills nothing in the packet. */
enum decode_err mpls_decode(struct cursor *c, struct layer_next *next);

#endif
