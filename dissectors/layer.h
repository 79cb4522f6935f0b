/* dissectors/layer.h - how a dissector says what comes after its header.
 * A dissector decodes its own header and then names the next layer in a
 * struct layer_next (an EtherType, "IP by version nibble", an IP protocol
 * number ...) instead of calling the next dissector itself; decode.c's
 * loop reads it and dispatches. So every dissector depends only on this
 * file, cursor.h and packet.h, never on decode.h or on the dissectors
 * after it: dependencies point one way (decode.c -> dissectors -> here),
 * and decoding a packet is a bounded loop, not a recursion.
 * Contract: the loop sets *next to LAYER_DONE before each call, so a
 * dissector that ends the decode (TCP, a non-IP frame, a later fragment)
 * writes nothing there. A dissector that narrows the payload (IPv4/IPv6
 * clip it to their length, NFLOG to its TLV) replaces *c with the narrowed
 * cursor, so the next layer sees exactly the bytes it is given.
 * Trap: a value is only meaningful with its kind; keep kinds and the
 * switch in decode.c's decode_layer() in step when adding one. Tunnel
 * dissectors name LAYER_TUNNEL and the layer inside them (tunnel.h). */
#ifndef PORTLENS_LAYER_H
#define PORTLENS_LAYER_H

#include <stdint.h>
#include "packet.h"

/* Link types (values as pcap_datalink() returns them), the values of
 * LAYER_LINK. */
enum {
	LT_NULL = 0, LT_EN10MB = 1, LT_PPP = 9, LT_RAW = 12, LT_RAW_OPENBSD = 14,
	LT_PPP_SERIAL = 50, LT_PPP_ETHER = 51, LT_C_HDLC = 104, LT_LOOP = 108,
	LT_LINUX_SLL = 113, LT_RAW_101 = 101, LT_IPV4 = 228, LT_IPV6 = 229,
	LT_NFLOG = 239, LT_LINUX_SLL2 = 276, LT_FDDI = 10, LT_IPNET = 226,
};

enum layer_kind {
	LAYER_DONE = 0,  /* nothing follows: p->cls / the error say how it ended */
	LAYER_LINK,      /* value: a link type (LT_*); where decoding starts */
	LAYER_ETHERTYPE, /* value: an EtherType (IEEE registry), VLAN TPIDs too */
	LAYER_IP,        /* IPv4 or IPv6, chosen by the version nibble (no value) */
	LAYER_TRANSPORT, /* value: the IP protocol number of the upper layer */
	LAYER_TUNNEL,    /* value: enum tunnel_type (tunnel.h) | context << 8 */
	LAYER_DECLINED,  /* a UDP tunnel dissector's "not my header" (tunnel.h) */
};

/* The layer after the one just decoded; lives on decode_packet()'s stack. */
struct layer_next {
	enum layer_kind kind;
	uint32_t value;  /* meaning set by kind; 0 when the kind has none */
};

static inline enum decode_err layer_set(struct layer_next *next,
					enum layer_kind kind, uint32_t value)
{
	next->kind = kind;
	next->value = value;
	return DE_OK;
}

/* Hand the rest of the cursor on by EtherType. Always DE_OK. */
static inline enum decode_err layer_ethertype(struct layer_next *next,
					      uint16_t ethertype)
{
	return layer_set(next, LAYER_ETHERTYPE, ethertype);
}

/* Hand the rest on as IPv4 or IPv6, whichever its first nibble says
 * (ip.bad_version when neither). Always DE_OK. */
static inline enum decode_err layer_ip(struct layer_next *next)
{
	return layer_set(next, LAYER_IP, 0);
}

/* Hand the rest on to the transport named by an IP protocol number.
 * Always DE_OK. */
static inline enum decode_err layer_transport(struct layer_next *next,
					      uint8_t proto)
{
	return layer_set(next, LAYER_TRANSPORT, proto);
}

/* End the decode at a frame that carries no IP: kind is an EtherType or
 * a NONIP_* key (packet.h). Leaves the next layer LAYER_DONE. Always DE_OK. */
static inline enum decode_err layer_non_ip(struct packet *p, uint32_t kind)
{
	p->cls = DC_NON_IP;
	p->nonip_kind = kind;
	return DE_OK;
}

/* Bytes the snap length cut from the end of this frame. A cursor that
 * reaches the end of the captured data may stand for this many more
 * bytes on the wire. Inside a tunnel entered from the first fragment of
 * a UDP datagram, the bytes its later fragments carry are missing the
 * same way (decode.c sets frag_cut; it counts the snap cut too). */
static inline uint32_t layer_snap_cut(const struct packet *p)
{
	uint32_t snap = p->wire_len > p->cap_len ? p->wire_len - p->cap_len : 0;
	return p->frag_cut > snap ? p->frag_cut : snap;
}

#endif
