/* dissectors/sll.h - Linux "cooked" capture headers SLL (DLT 113) and
 * SLL2 (DLT 276), as written by `tcpdump -i any`. Run by decode.c; name
 * the protocol as the next layer's EtherType (layer.h). */
#ifndef PORTLENS_SLL_H
#define PORTLENS_SLL_H
#include "cursor.h"
#include "layer.h"
#include "packet.h"

enum decode_err sll_decode(struct cursor *c, struct packet *p,
			   struct layer_next *next);
enum decode_err sll2_decode(struct cursor *c, struct packet *p,
			    struct layer_next *next);

#endif
