/* dissectors/fddi.h - FDDI frames (DLT_FDDI, 10): frame control and MAC
 * addresses, then an 802.2 LLC/SNAP header like 802.3's. */
#ifndef PORTLENS_FDDI_H
#define PORTLENS_FDDI_H
#include "cursor.h"
#include "packet.h"

enum decode_err fddi_decode(struct cursor *c, struct packet *p);

#endif
