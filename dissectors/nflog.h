/* dissectors/nflog.h - Linux NFLOG (DLT 239) records.
 * Run by decode.c; narrows *c to the payload TLV and names IP by version
 * as the next layer (layer.h). */
#ifndef PORTLENS_NFLOG_H
#define PORTLENS_NFLOG_H
#include "cursor.h"
#include "layer.h"
#include "packet.h"

enum decode_err nflog_decode(struct cursor *c, struct packet *p,
			     struct layer_next *next);

#endif
