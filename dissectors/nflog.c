/* dissectors/nflog.c - LINKTYPE_NFLOG (libpcap's documentation of it):
 * family 1, version 1, resource id 2 (big-endian), then TLVs of length 2,
 * type 2 (both in the capturing host's byte order, little-endian on the
 * machines that write these files, read with byteorder.h's bo_le16),
 * value padded to 4 bytes. The packet is the value of TLV type 9
 * (NFULA_PAYLOAD), a bare IP datagram.
 * The payload TLV's value becomes the cursor the next layer (IP by
 * version, layer.h) reads: padding and later TLVs are not part of it.
 * Trap: a TLV length below 4 would loop forever; it is an error. */
#include "nflog.h"
#include "byteorder.h"

enum { NFULA_PAYLOAD = 9, NFLOG_TLV_HDR = 4, NFLOG_AF_INET = 2,
       NFLOG_AF_INET6 = 10 };

static int nflog_tlv(struct cursor *c, uint16_t *len, uint16_t *type)
{
	uint8_t b[4];

	if (cur_copy(c, b, sizeof(b)))
		return -1;
	*len = bo_le16(b);
	*type = bo_le16(b + 2);
	return 0;
}

enum decode_err nflog_decode(struct cursor *c, struct packet *p,
			     struct layer_next *next)
{
	uint8_t family;
	uint16_t len, type;
	struct cursor value;

	if (cur_u8(c, &family) || cur_skip(c, 3))
		return DE_NFLOG_TRUNCATED;
	if (family != NFLOG_AF_INET && family != NFLOG_AF_INET6)
		return layer_non_ip(p, NONIP_NFLOG_BASE | family);
	while (cur_remaining(c) > 0) {
		if (nflog_tlv(c, &len, &type) || len < NFLOG_TLV_HDR ||
		    cur_sub(c, len - NFLOG_TLV_HDR, &value))
			return DE_NFLOG_TRUNCATED;
		if ((type & 0x7fff) == NFULA_PAYLOAD) {
			*c = value;
			return layer_ip(next);
		}
		if (cur_skip(c, (4 - len % 4) % 4))
			break; /* last TLV may end unpadded */
	}
	return layer_non_ip(p, NONIP_NFLOG_BASE | family);
}
