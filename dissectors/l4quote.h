/* dissectors/l4quote.h - the first bytes of a transport header quoted
 * inside an ICMP error: ports for TCP, UDP, SCTP and UDP-Lite, and the TCP
 * sequence number, which names the exact probe that was rejected.
 * Shared by ipv4.c and ipv6.c so both quote paths read alike. */
#ifndef PORTLENS_L4QUOTE_H
#define PORTLENS_L4QUOTE_H
#include "cursor.h"
#include "packet.h"

void l4quote_ports(struct cursor *c, struct quoted_tuple *q);

/* 1 when the quote named the inner packet fully: addresses, and ports
 * when its protocol has ports. */
int l4quote_complete(const struct quoted_tuple *q);

#endif
