/* dissectors/ethernet.h - Ethernet II and IEEE 802.3/LLC/SNAP frames.
 * Called by decode.c for DLT_EN10MB; hands the payload on by EtherType. */
#ifndef PORTLENS_ETHERNET_H
#define PORTLENS_ETHERNET_H
#include "cursor.h"
#include "packet.h"

enum decode_err ethernet_decode(struct cursor *c, struct packet *p);

#endif
