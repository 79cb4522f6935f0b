/* dissectors/ipv4.h - IPv4 header (RFC 791 s3.1).
 * Called by the link dissectors; hands the payload to decode_transport(). */
#ifndef PORTLENS_IPV4_H
#define PORTLENS_IPV4_H
#include "cursor.h"
#include "packet.h"

enum decode_err ipv4_decode(struct cursor *c, struct packet *p);

/* The IPv4 header quoted in an ICMP error (RFC 792) plus the first 8
 * bytes of its transport header (RFC 1812 s4.3.2.3 allows more). Lenient:
 * the quote is cut by design, so lengths are not checked against it.
 * Returns 0 when the inner addresses were read, -1 otherwise; q->has_ports
 * tells whether the ports were quoted too. */
int ipv4_decode_quoted(struct cursor *c, struct quoted_tuple *q);

#endif
