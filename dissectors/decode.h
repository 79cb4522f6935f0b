/* dissectors/decode.h - entry point of the dissectors and the dispatch
 * between layers (link type -> EtherType -> IP version -> transport).
 * analyzer/capture/capture.c calls decode_packet() once per packet; the protocol
 * files call the dispatchers below to hand their payload to the next
 * layer. No allocation, no global state: safe to call from any thread. */
#ifndef PORTLENS_DECODE_H
#define PORTLENS_DECODE_H

#include <stdint.h>
#include "cursor.h"
#include "packet.h"

/* Link types we decode (values as pcap_datalink() returns them). */
enum {
	LT_NULL = 0, LT_EN10MB = 1, LT_PPP = 9, LT_RAW = 12, LT_RAW_OPENBSD = 14,
	LT_PPP_SERIAL = 50, LT_PPP_ETHER = 51, LT_C_HDLC = 104, LT_LOOP = 108,
	LT_LINUX_SLL = 113, LT_RAW_101 = 101, LT_IPV4 = 228, LT_IPV6 = 229,
	LT_NFLOG = 239, LT_LINUX_SLL2 = 276, LT_FDDI = 10, LT_IPNET = 226,
};

/* 1 when decode_packet() understands this link type. */
int decode_linktype_supported(int linktype);

/* Decode one captured frame into *p (fully overwritten). data is borrowed
 * for the call only. Returns p->cls; on DC_ERROR p->err names the reason
 * and the layers decoded before the failure stay filled in. */
enum decode_class decode_packet(int linktype, const uint8_t *data,
				uint32_t caplen, uint32_t wirelen,
				uint64_t ts_ns, struct packet *p);

/* Layer dispatchers used by the protocol files. */
enum decode_err decode_ethertype(uint16_t ethertype, struct cursor *c,
				 struct packet *p);
enum decode_err decode_ip_by_version(struct cursor *c, struct packet *p);
enum decode_err decode_transport(uint8_t proto, struct cursor *c,
				 struct packet *p);
/* End the decode at a frame that carries no IP: kind is an EtherType or
 * a NONIP_* key (packet.h). Always DE_OK. */
enum decode_err decode_mark_non_ip(struct packet *p, uint32_t kind);

/* Bytes the snap length cut from the end of this frame. A cursor that
 * reaches the end of the captured data may stand for this many more
 * bytes on the wire. */
static inline uint32_t decode_snap_cut(const struct packet *p)
{
	return p->wire_len > p->cap_len ? p->wire_len - p->cap_len : 0;
}

#endif
