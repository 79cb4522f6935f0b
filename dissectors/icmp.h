/* dissectors/icmp.h - ICMP (RFC 792) and ICMPv6 (RFC 4443), with the IP
 * header and transport ports quoted inside error messages, so that the
 * analyzer can tell which probe a "port unreachable" rejects. Run by
 * decode.c for IP protocols 1 and 58; they end the decode. The quoted IP
 * header is read with ipv4.h/ipv6.h's quote readers, never through
 * decode.c, so the quote adds no layer and no include cycle. */
#ifndef PORTLENS_ICMP_H
#define PORTLENS_ICMP_H
#include "cursor.h"
#include "packet.h"

enum decode_err icmp_decode(struct cursor *c, struct packet *p);
enum decode_err icmpv6_decode(struct cursor *c, struct packet *p);

/* 1 when this ICMP / ICMPv6 type quotes the offending packet. */
int icmp_is_error(uint8_t type);
int icmpv6_is_error(uint8_t type);

#endif
