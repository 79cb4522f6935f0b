/* dissectors/nflog.h - Linux NFLOG (DLT 239) records. */
#ifndef PORTLENS_NFLOG_H
#define PORTLENS_NFLOG_H
#include "cursor.h"
#include "packet.h"

enum decode_err nflog_decode(struct cursor *c, struct packet *p);

#endif
