/* dissectors/fddi.h - FDDI frames (DLT_FDDI, 10): frame control and MAC
 * addresses, then an 802.2 LLC/SNAP header like 802.3's. Run by decode.c;
 * a SNAP EtherType is named as the next layer (layer.h). */
#ifndef PORTLENS_FDDI_H
#define PORTLENS_FDDI_H
#include "cursor.h"
#include "layer.h"
#include "packet.h"

enum decode_err fddi_decode(struct cursor *c, struct packet *p,
			    struct layer_next *next);

#endif
