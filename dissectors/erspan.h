/* dissectors/erspan.h - ERSPAN types I, II and III (Cisco's remote SPAN,
 * draft-foschiano-erspan-03), carried in GRE (gre.c names it with the
 * type as context). Run by decode.c as a tunnel layer (tunnel.h); names
 * the mirrored Ethernet frame (or IP packet, type III) inside. */
#ifndef PORTLENS_ERSPAN_H
#define PORTLENS_ERSPAN_H
#include "cursor.h"
#include "packet.h"
#include "tunnel.h"

/* type: 1, 2 or 3 as gre.c found it. The session id is the tunnel id. */
enum decode_err erspan_decode(struct cursor *c, unsigned type,
			      struct tunnel_hdr *t, struct layer_next *next);

#endif
