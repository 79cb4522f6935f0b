/* dissectors/ipnet.h - Solaris ipnet (DLT_IPNET, 226) headers. */
#ifndef PORTLENS_IPNET_H
#define PORTLENS_IPNET_H
#include "cursor.h"
#include "packet.h"

enum decode_err ipnet_decode(struct cursor *c, struct packet *p);

#endif
