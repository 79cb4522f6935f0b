/* dissectors/loopback.h - BSD loopback encapsulations: DLT_NULL (address
 * family in the capturing host's byte order) and DLT_LOOP (network order). */
#ifndef PORTLENS_LOOPBACK_H
#define PORTLENS_LOOPBACK_H
#include "cursor.h"
#include "packet.h"

enum decode_err loopback_null_decode(struct cursor *c, struct packet *p);
enum decode_err loopback_loop_decode(struct cursor *c, struct packet *p);

#endif
