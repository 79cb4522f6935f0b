/* dissectors/sll.h - Linux "cooked" capture headers SLL (DLT 113) and
 * SLL2 (DLT 276), as written by `tcpdump -i any`. */
#ifndef PORTLENS_SLL_H
#define PORTLENS_SLL_H
#include "cursor.h"
#include "packet.h"

enum decode_err sll_decode(struct cursor *c, struct packet *p);
enum decode_err sll2_decode(struct cursor *c, struct packet *p);

#endif
