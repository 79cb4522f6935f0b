/* dissectors/teredo.c - Teredo encapsulation (RFC 4380 s5.1.1: the
 * indicators; s5.1.2: bubbles), see teredo.h.
 * A Teredo UDP payload is an IPv6 packet, optionally preceded by, in
 * this order:
 *   authentication indicator: 0x0001 | ID-len (8) | AU-len (8) |
 *     client identifier (ID-len bytes) | authentication value (AU-len
 *     bytes) | nonce (8 bytes) | confirmation (8 bits);
 *   origin indication: 0x0000 | origin port (16, obfuscated) |
 *     origin IPv4 address (32, obfuscated).
 * An IPv6 packet starts with version 6 (0x6_), so the first byte tells
 * the three apart. A bubble is an IPv6 header with no payload (next
 * header 59); bytes after the IPv6 packet are left alone.
 * Validity: the IPv6 header must be captured whole and its packet (40 +
 * payload length) fit in what the UDP datagram has left; anything else
 * is declined, because many other protocols use port 3544.
 * Errors: an indicator the datagram holds but the capture cut (snap
 * length, a first fragment) is teredo.truncated_header; an indicator
 * longer than the datagram is a look-alike, declined.
 * Trap: lengths are checked against the UDP length on the wire, not the
 * captured bytes, so a snap length does not turn Teredo into a decline
 * until the IPv6 header itself is cut. */
#include "teredo.h"

enum {
	TEREDO_AUTH = 0x0001, TEREDO_ORIGIN = 0x0000,
	TEREDO_AUTH_HLEN = 4,      /* type, ID-len, AU-len */
	TEREDO_AUTH_TRAILER = 9,   /* nonce (8), confirmation (1) */
	TEREDO_ORIGIN_LEN = 8,
	TEREDO_IPV6_HLEN = 40,
	TEREDO_ET_IPV6 = 0x86dd,
};

/* Whether n more bytes are there: in the capture (FITS), only on the
 * wire (CUT: the capture ended), or not even in the datagram (NOT). */
enum teredo_fit { TEREDO_FITS, TEREDO_CUT, TEREDO_NOT };

/* wire_end: the cursor offset where the UDP datagram ends on the wire. */
static enum teredo_fit teredo_fit(const struct cursor *c, size_t wire_end, size_t n)
{
	if (c->off > wire_end || n > wire_end - c->off)
		return TEREDO_NOT;
	return cur_has(c, n) ? TEREDO_FITS : TEREDO_CUT;
}

/* Consume n bytes when they fit. */
static enum teredo_fit teredo_take(struct cursor *c, size_t wire_end, size_t n)
{
	enum teredo_fit f = teredo_fit(c, wire_end, n);
	if (f == TEREDO_FITS)
		cur_skip(c, n);
	return f;
}

/* The indicator type the next two bytes would be; -1 when fewer than two
 * are captured (then no indicator is recognised). */
static int teredo_peek_type(const struct cursor *c)
{
	struct cursor look = *c;
	uint16_t type;
	return cur_be16(&look, &type) ? -1 : type;
}

/* The authentication indicator (s5.1.1), its type already peeked. */
static enum teredo_fit teredo_auth(struct cursor *c, size_t wire_end)
{
	uint8_t id_len, au_len;

	enum teredo_fit f = teredo_fit(c, wire_end, TEREDO_AUTH_HLEN);
	if (f != TEREDO_FITS)
		return f;
	if (cur_skip(c, 2) || cur_u8(c, &id_len) || cur_u8(c, &au_len))
		return TEREDO_CUT; /* not reached: the 4 bytes fit */
	return teredo_take(c, wire_end, (size_t)id_len + au_len + TEREDO_AUTH_TRAILER);
}

/* An IPv6 header, whole in the capture, whose packet fits the datagram;
 * *pkt_len its length (header included). */
static int teredo_ipv6_ok(const struct cursor *c, size_t wire_end, size_t *pkt_len)
{
	struct cursor h = *c;
	uint8_t ver;
	uint16_t plen;

	if (teredo_fit(c, wire_end, TEREDO_IPV6_HLEN) != TEREDO_FITS ||
	    cur_u8(&h, &ver) || ver >> 4 != 6 || cur_skip(&h, 3) || cur_be16(&h, &plen))
		return 0;
	*pkt_len = (size_t)TEREDO_IPV6_HLEN + plen;
	return teredo_fit(c, wire_end, *pkt_len) != TEREDO_NOT;
}

enum decode_err teredo_decode(struct cursor *c, const struct packet *p,
			      struct layer_next *next)
{
	size_t wire_end = c->off + p->payload_len;
	size_t pkt_len;
	enum teredo_fit f = TEREDO_FITS;

	if (teredo_peek_type(c) == TEREDO_AUTH)
		f = teredo_auth(c, wire_end);
	if (f == TEREDO_FITS && teredo_peek_type(c) == TEREDO_ORIGIN)
		f = teredo_take(c, wire_end, TEREDO_ORIGIN_LEN);
	if (f == TEREDO_CUT)
		return DE_TEREDO_TRUNCATED;
	if (f == TEREDO_NOT || !teredo_ipv6_ok(c, wire_end, &pkt_len))
		return layer_decline(next);
	/* Bytes after the IPv6 packet (a bubble's payload) are not IPv6's. */
	cur_narrow(c, pkt_len);
	return layer_ethertype(next, TEREDO_ET_IPV6);
}
