/* dissectors/loopback.h - BSD loopback encapsulations: DLT_NULL (address
 * family in the capturing host's byte order) and DLT_LOOP (network order).
 * Run by decode.c; name IP by version as the next layer (layer.h). */
#ifndef PORTLENS_LOOPBACK_H
#define PORTLENS_LOOPBACK_H
#include "cursor.h"
#include "layer.h"
#include "packet.h"

enum decode_err loopback_null_decode(struct cursor *c, struct packet *p,
				     struct layer_next *next);
enum decode_err loopback_loop_decode(struct cursor *c, struct packet *p,
				     struct layer_next *next);

#endif
