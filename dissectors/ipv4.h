/* dissectors/ipv4.h - IPv4 header (RFC 791 s3.1).
 * Run by decode.c after a link layer, an EtherType or "IP by version";
 * icmp.c uses the quote reader below. */
#ifndef PORTLENS_IPV4_H
#define PORTLENS_IPV4_H
#include "cursor.h"
#include "layer.h"
#include "packet.h"

/* Decodes the header; on success *c is narrowed to the payload (total
 * length, less the header) and the protocol is named as the next layer,
 * unless a later fragment ends the decode at L3. */
enum decode_err ipv4_decode(struct cursor *c, struct packet *p,
			    struct layer_next *next);

/* The IPv4 header quoted in an ICMP error (RFC 792) plus the first 8
 * bytes of its transport header (RFC 1812 s4.3.2.3 allows more). Lenient:
 * the quote is cut by design, so lengths are not checked against it.
 * Returns 0 when the inner addresses were read, -1 otherwise; q->has_ports
 * tells whether the ports were quoted too. */
int ipv4_decode_quoted(struct cursor *c, struct quoted_tuple *q);

#endif
