/* dissectors/ipip.h - IP in IP: IPv4 or IPv6 directly inside IPv4 or IPv6
 * (protocol 4, RFC 2003 s3; protocol 41, RFC 4213 s3.5 and RFC 2473).
 * Run by decode.c as a tunnel layer (tunnel.h). There is no header of its
 * own: it names the inner IP header the protocol number promises, whose
 * dissector then checks the version. */
#ifndef PORTLENS_IPIP_H
#define PORTLENS_IPIP_H
#include "cursor.h"
#include "packet.h"
#include "tunnel.h"

/* proto: 4 (IPv4 inside) or 41 (IPv6 inside). */
enum decode_err ipip_decode(uint8_t proto, struct layer_next *next);

#endif
