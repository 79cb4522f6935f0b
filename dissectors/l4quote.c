/* dissectors/l4quote.c - ports out of a quoted transport header.
 * RFC 792 guarantees 8 bytes of the original datagram's data: for TCP
 * (RFC 9293 s3.1) that is ports and sequence number; for UDP (RFC 768)
 * ports, length and checksum; SCTP (RFC 9260 s3.1) and UDP-Lite
 * (RFC 3828) also begin with the two ports. */
#include "l4quote.h"

enum { PROTO_SCTP = 132, PROTO_UDPLITE = 136 };

static int proto_has_ports(uint8_t proto)
{
	return proto == IPPROTO_NUM_TCP || proto == IPPROTO_NUM_UDP ||
	       proto == PROTO_SCTP || proto == PROTO_UDPLITE;
}

int l4quote_complete(const struct quoted_tuple *q)
{
	return q->present && (q->has_ports || !proto_has_ports(q->proto));
}

void l4quote_ports(struct cursor *c, struct quoted_tuple *q)
{
	if (!proto_has_ports(q->proto))
		return;
	if (cur_be16(c, &q->sport) || cur_be16(c, &q->dport))
		return;
	q->has_ports = 1;
	if (q->proto == IPPROTO_NUM_TCP && cur_be32(c, &q->tcp_seq) != CUR_OK)
		q->tcp_seq = 0;
}
