/* dissectors/tcp.h - TCP header (RFC 9293 s3.1).
 * Run by decode.c for its IP protocol number; ends the decode; fills ports, flags, seq/ack, window and
 * payload length; the analyzer's flow table consumes them. */
#ifndef PORTLENS_TCP_H
#define PORTLENS_TCP_H
#include "cursor.h"
#include "packet.h"

enum decode_err tcp_decode(struct cursor *c, struct packet *p);

#endif
