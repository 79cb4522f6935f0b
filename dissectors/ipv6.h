/* dissectors/ipv6.h - IPv6 header and extension-header chain (RFC 8200).
 * Run by decode.c after a link layer, an EtherType or "IP by version";
 * icmpv6.c uses the quote reader below. */
#ifndef PORTLENS_IPV6_H
#define PORTLENS_IPV6_H
#include "cursor.h"
#include "layer.h"
#include "packet.h"

/* At most this many extension headers are walked before the packet is
 * counted as ipv6.too_many_ext_headers (a CPU bound on hostile chains). */
#define IPV6_MAX_EXT_HEADERS 16

/* Decodes the header and the extension chain; on success *c is narrowed
 * to the upper-layer bytes (within Payload Length) and their protocol is
 * named as the next layer, unless ESP, no-next-header or a later fragment
 * ends the decode at L3. */
enum decode_err ipv6_decode(struct cursor *c, struct packet *p,
			    struct layer_next *next);

/* The IPv6 packet quoted in an ICMPv6 error (RFC 4443 s3): header,
 * extension headers as far as quoted, then the transport ports.
 * Returns 0 when the chain was walked to its upper layer, -1 otherwise;
 * q->present tells whether the inner addresses were read. */
int ipv6_decode_quoted(struct cursor *c, struct quoted_tuple *q);

#endif
