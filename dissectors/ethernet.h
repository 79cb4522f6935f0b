/* dissectors/ethernet.h - Ethernet II and IEEE 802.3/LLC/SNAP frames.
 * Called by decode.c for DLT_EN10MB; hands the payload on by EtherType. */
#ifndef PORTLENS_ETHERNET_H
#define PORTLENS_ETHERNET_H
#include "cursor.h"
#include "packet.h"

enum decode_err ethernet_decode(struct cursor *c, struct packet *p);

/* 802.2 LLC: SNAP with a zero OUI carries an EtherType (RFC 1042) and is
 * dispatched by it; anything else is non-IP. Also used by FDDI. */
enum decode_err llc_decode(struct cursor *c, struct packet *p);

#endif
