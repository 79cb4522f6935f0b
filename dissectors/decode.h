/* dissectors/decode.h - entry point of the dissectors: decode_packet().
 * analyzer/capture/capture.c calls it once per packet. decode.c drives a
 * loop: the link type picks the first dissector; each dissector decodes
 * its header and names the next layer (layer.h: an EtherType, "IP by
 * version", an IP protocol number, or done), and the loop dispatches it
 * until a dissector names no next layer. No dissector includes this
 * file, so the dependencies point one way: decode.c -> dissectors ->
 * layer.h/cursor.h/packet.h. No allocation, no recursion, no global
 * state: safe to call from any thread. */
#ifndef PORTLENS_DECODE_H
#define PORTLENS_DECODE_H

#include <stdint.h>
#include "cursor.h"
#include "layer.h"
#include "packet.h"

/* 1 when decode_packet() understands this link type (LT_*, layer.h). */
int decode_linktype_supported(int linktype);

/* Decode one captured frame into *p (fully overwritten). data is borrowed
 * for the call only. Returns p->cls; on DC_ERROR p->err names the reason
 * and the layers decoded before the failure stay filled in. */
enum decode_class decode_packet(int linktype, const uint8_t *data,
				uint32_t caplen, uint32_t wirelen,
				uint64_t ts_ns, struct packet *p);

#endif
