/* dissectors/ipnet.h - Solaris ipnet (DLT_IPNET, 226) headers.
 * Run by decode.c; names IP by version as the next layer (layer.h). */
#ifndef PORTLENS_IPNET_H
#define PORTLENS_IPNET_H
#include "cursor.h"
#include "layer.h"
#include "packet.h"

enum decode_err ipnet_decode(struct cursor *c, struct packet *p,
			     struct layer_next *next);

#endif
