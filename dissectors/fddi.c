/* dissectors/fddi.c - FDDI (ANSI X3.139; libpcap's LINKTYPE_FDDI): 1 byte
 * frame control, 6 destination, 6 source, then LLC. The MAC addresses are
 * not used, so their bit order (FDDI sends them bit-reversed) does not
 * matter here. Non-LLC frames (SMT, MAC frames) are non-IP; LLC is
 * ethernet.c's llc_decode(), which names the next layer (layer.h). */
#include "fddi.h"
#include "ethernet.h"

enum { FDDI_HDR_LEN = 13, FDDI_FC_LLC_MASK = 0x38, FDDI_FC_LLC = 0x10 };

enum decode_err fddi_decode(struct cursor *c, struct packet *p,
			    struct layer_next *next)
{
	uint8_t fc;
	if (cur_u8(c, &fc) || cur_skip(c, FDDI_HDR_LEN - 1))
		return DE_FDDI_TRUNCATED;
	if ((fc & FDDI_FC_LLC_MASK) != FDDI_FC_LLC)
		return layer_non_ip(p, NONIP_LLC);
	return llc_decode(c, p, next);
}
