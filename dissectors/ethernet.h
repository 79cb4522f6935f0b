/* dissectors/ethernet.h - Ethernet II and IEEE 802.3/LLC/SNAP frames.
 * Run by decode.c for DLT_EN10MB; names the payload's EtherType as the
 * next layer (layer.h). */
#ifndef PORTLENS_ETHERNET_H
#define PORTLENS_ETHERNET_H
#include "cursor.h"
#include "layer.h"
#include "packet.h"

enum decode_err ethernet_decode(struct cursor *c, struct packet *p,
				struct layer_next *next);

/* 802.2 LLC: SNAP with a zero OUI carries an EtherType (RFC 1042), named
 * as the next layer; anything else is non-IP. Also used by FDDI. */
enum decode_err llc_decode(struct cursor *c, struct packet *p,
			   struct layer_next *next);

#endif
