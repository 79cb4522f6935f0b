/* tests/test_icmp.c - ICMP (dissectors/icmp.c) and ICMPv6
 * (dissectors/icmpv6.c), with the probe quoted inside error messages
 * (ipv4_decode_quoted, ipv6_decode_quoted, l4quote.c). Checks echo
 * id/seq, the inner tuple of port-unreachable and packet-too-big errors
 * quoting UDP, TCP (with its sequence number) and an IPv6 extension
 * header, quotes cut short (a warning, the outer packet stays L4),
 * types decoded to type/code only, and headers shorter than the minimum. */
#include <CUnit/CUnit.h>
#include "pktbuild.h"

enum { ICMP_OFF = PB_IPV4_LEN, ICMP6_OFF = PB_IPV6_LEN,
       NH_DSTOPTS = 60 };

/* The router that sends the error: outer source, never the inner one. */
#define ROUTER_V4 ((const uint8_t[4]){ 203, 0, 113, 9 })
#define ROUTER_V6 ((const uint8_t[16]){ 0x20, 0x01, 0x0d, 0xb8, 0xff, [15] = 9 })

/* Outer IPv4 from the router to PB_V4_SRC, protocol ICMP, with icmp_len
 * bytes of ICMP message (written by the caller at ICMP_OFF). */
static size_t outer_ipv4(uint8_t *b, size_t icmp_len)
{
	pb_ipv4(b, IPPROTO_NUM_ICMP, (uint16_t)(PB_IPV4_LEN + icmp_len));
	memcpy(b + 12, ROUTER_V4, 4);
	memcpy(b + 16, PB_V4_SRC, 4);
	return PB_IPV4_LEN;
}

static size_t outer_ipv6(uint8_t *b, size_t icmp_len)
{
	pb_ipv6(b, IPPROTO_NUM_ICMPV6, (uint16_t)icmp_len);
	memcpy(b + 8, ROUTER_V6, 16);
	memcpy(b + 24, PB_V6_SRC, 16);
	return PB_IPV6_LEN;
}

/* ICMP destination unreachable (3/3) quoting quote_len bytes of an
 * IPv4/UDP 40001 -> 53 probe; the outer lengths match. */
static size_t port_unreach_udp(uint8_t *b, size_t quote_len)
{
	uint8_t probe[160];
	pb_ipv4_udp(probe, 100);
	size_t n = outer_ipv4(b, PB_ICMP_LEN + quote_len);
	n += pb_icmp(b + n, 3, 3, 0, 0);
	memcpy(b + n, probe, quote_len);
	return n + quote_len;
}

static void echo_request_id_seq_decoded(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = pb_ipv4(b, IPPROTO_NUM_ICMP, 20 + 8 + 32);
	n += pb_icmp(b + n, 8, 0, 0x1234, 7);
	n += pb_fill(b + n, 32);

	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	PB_ASSERT_CLEAN(p, DC_L4);
	CU_ASSERT_EQUAL(p.ip_ver, 4);
	CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_ICMP);
	CU_ASSERT_EQUAL(p.l4_seen, 1);
	CU_ASSERT_EQUAL(p.icmp_type, 8);
	CU_ASSERT_EQUAL(p.icmp_code, 0);
	CU_ASSERT_EQUAL(p.icmp_id, 0x1234);
	CU_ASSERT_EQUAL(p.icmp_seq, 7);
	CU_ASSERT_EQUAL(p.l4_len, 40);
	CU_ASSERT_EQUAL(p.payload_len, 32);
	CU_ASSERT_EQUAL(p.sport, 0);
	CU_ASSERT_EQUAL(p.dport, 0);
	CU_ASSERT_EQUAL(p.inner.present, 0);
}

/* Echo reply (0) and timestamp (13) carry id/seq; router advertisement
 * (9) keeps other things in those bytes, which are not an id. */
static void id_seq_only_for_types_that_have_them(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = pb_ipv4(b, IPPROTO_NUM_ICMP, 20 + 8 + 12);
	pb_icmp(b + n, 0, 0, 0xbeef, 0xffff);
	n += 8 + pb_fill(b + n + 8, 12);

	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	CU_ASSERT_EQUAL(p.icmp_type, 0);
	CU_ASSERT_EQUAL(p.icmp_id, 0xbeef);
	CU_ASSERT_EQUAL(p.icmp_seq, 0xffff);

	b[ICMP_OFF] = 13;
	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	CU_ASSERT_EQUAL(p.icmp_type, 13);
	CU_ASSERT_EQUAL(p.icmp_id, 0xbeef);

	b[ICMP_OFF] = 9;
	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	PB_ASSERT_CLEAN(p, DC_L4);
	CU_ASSERT_EQUAL(p.icmp_type, 9);
	CU_ASSERT_EQUAL(p.icmp_id, 0);
	CU_ASSERT_EQUAL(p.icmp_seq, 0);
	CU_ASSERT_EQUAL(p.payload_len, 12);
}

static void port_unreachable_quotes_ipv4_udp(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = port_unreach_udp(b, 28);

	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	PB_ASSERT_CLEAN(p, DC_L4);
	CU_ASSERT_EQUAL(memcmp(p.src, ROUTER_V4, 4), 0);
	CU_ASSERT_EQUAL(memcmp(p.dst, PB_V4_SRC, 4), 0);
	CU_ASSERT_EQUAL(p.icmp_type, 3);
	CU_ASSERT_EQUAL(p.icmp_code, 3);
	CU_ASSERT_EQUAL(p.icmp_id, 0);
	CU_ASSERT_EQUAL(p.payload_len, 28);
	CU_ASSERT_EQUAL(p.sport, 0);
	CU_ASSERT_EQUAL(p.inner.present, 1);
	CU_ASSERT_EQUAL(p.inner.has_ports, 1);
	CU_ASSERT_EQUAL(p.inner.ip_ver, 4);
	CU_ASSERT_EQUAL(p.inner.proto, IPPROTO_NUM_UDP);
	CU_ASSERT_EQUAL(memcmp(p.inner.src, PB_V4_SRC, 4), 0);
	CU_ASSERT_EQUAL(memcmp(p.inner.dst, PB_V4_DST, 4), 0);
	CU_ASSERT_EQUAL(p.inner.sport, 40001);
	CU_ASSERT_EQUAL(p.inner.dport, 53);
	CU_ASSERT_EQUAL(p.inner.tcp_seq, 0);
}

/* Host unreachable (3/1) for a SYN: the 8 quoted TCP bytes hold ports and
 * the sequence number; a longer quote (RFC 1812) reads the same. */
static void unreachable_quotes_ipv4_tcp_seq(void)
{
	uint8_t probe[64], b[128];
	struct packet p;
	pb_ipv4_tcp(probe, 0);

	for (size_t quote = 28; quote <= 40; quote += 12) {
		size_t n = outer_ipv4(b, PB_ICMP_LEN + quote);
		n += pb_icmp(b + n, 3, 1, 0, 0);
		memcpy(b + n, probe, quote);
		n += quote;
		CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
		PB_ASSERT_CLEAN(p, DC_L4);
		CU_ASSERT_EQUAL(p.icmp_code, 1);
		CU_ASSERT_EQUAL(p.inner.present, 1);
		CU_ASSERT_EQUAL(p.inner.has_ports, 1);
		CU_ASSERT_EQUAL(p.inner.proto, IPPROTO_NUM_TCP);
		CU_ASSERT_EQUAL(memcmp(p.inner.src, PB_V4_SRC, 4), 0);
		CU_ASSERT_EQUAL(memcmp(p.inner.dst, PB_V4_DST, 4), 0);
		CU_ASSERT_EQUAL(p.inner.sport, 40000);
		CU_ASSERT_EQUAL(p.inner.dport, 80);
		CU_ASSERT_EQUAL(p.inner.tcp_seq, PB_TCP_SEQ);
	}
}

/* The quoted header has options (IHL 7): the ports follow them. */
static void quoted_ipv4_options_skipped(void)
{
	uint8_t probe[64], b[128];
	struct packet p;
	pb_ipv4(probe, IPPROTO_NUM_UDP, 28 + 8);
	probe[0] = 0x47;
	memset(probe + 20, 1, 8);
	pb_udp(probe + 28, 5353, 5353, 8);
	size_t n = outer_ipv4(b, PB_ICMP_LEN + 36);
	n += pb_icmp(b + n, 3, 3, 0, 0);
	memcpy(b + n, probe, 36);
	n += 36;

	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	PB_ASSERT_CLEAN(p, DC_L4);
	CU_ASSERT_EQUAL(p.inner.has_ports, 1);
	CU_ASSERT_EQUAL(p.inner.sport, 5353);
	CU_ASSERT_EQUAL(p.inner.dport, 5353);
}

/* Time exceeded for a ping: the quoted ICMP has no ports to miss. */
static void quote_of_icmp_echo_is_complete(void)
{
	uint8_t probe[64], b[128];
	struct packet p;
	pb_ipv4(probe, IPPROTO_NUM_ICMP, 28);
	pb_icmp(probe + 20, 8, 0, 1, 2);
	size_t n = outer_ipv4(b, PB_ICMP_LEN + 28);
	n += pb_icmp(b + n, 11, 0, 0, 0);
	memcpy(b + n, probe, 28);
	n += 28;

	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	PB_ASSERT_CLEAN(p, DC_L4);
	CU_ASSERT_EQUAL(p.icmp_type, 11);
	CU_ASSERT_EQUAL(p.inner.present, 1);
	CU_ASSERT_EQUAL(p.inner.proto, IPPROTO_NUM_ICMP);
	CU_ASSERT_EQUAL(p.inner.has_ports, 0);
}

/* Quotes of 0..27 bytes: the outer message is fine (L4), the inner
 * tuple is partial and the warning says so; from 24 bytes the ports
 * are there. */
static void quote_cut_short_warns(void)
{
	uint8_t b[96];
	struct packet p;

	for (size_t quote = 0; quote <= 28; quote++) {
		size_t n = port_unreach_udp(b, quote);
		CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
		CU_ASSERT_EQUAL(p.err, DE_OK);
		CU_ASSERT_EQUAL(p.icmp_type, 3);
		CU_ASSERT_EQUAL(p.inner.present, quote >= 20);
		CU_ASSERT_EQUAL(p.inner.has_ports, quote >= 24);
		CU_ASSERT_EQUAL(p.warnings,
				quote >= 24 ? 0 : 1u << DW_ICMP_QUOTE_TRUNCATED);
	}
	/* The quote cut by a snap length rather than by the router. */
	size_t n = port_unreach_udp(b, 28);
	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n - 6, n, &p), DC_L4);
	CU_ASSERT_EQUAL(p.warnings, (1u << DW_SNAP_TRUNCATED) |
					    (1u << DW_ICMP_QUOTE_TRUNCATED));
	CU_ASSERT_EQUAL(p.inner.present, 1);
	CU_ASSERT_EQUAL(p.inner.has_ports, 0);
}

/* ICMP messages of 0..7 bytes, three ways: IP length matching, a frame
 * that ended (IP length lies), and a snap length. */
static void icmp_shorter_than_8_truncated(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = pb_ipv4(b, IPPROTO_NUM_ICMP, 28);
	n += pb_icmp(b + n, 8, 0, 1, 1);

	PB_ASSERT_CUTS(LT_RAW, b, ICMP_OFF, n, 0, DE_IPV4_LEN_GT_FRAME);
	PB_ASSERT_CUTS(LT_RAW, b, ICMP_OFF, n, n, DE_ICMP_TRUNCATED);
	for (size_t len = 0; len < PB_ICMP_LEN; len++) {
		pb_be16(b + 2, (uint16_t)(PB_IPV4_LEN + len));
		CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, ICMP_OFF + len,
					  ICMP_OFF + len, &p), DC_ERROR);
		CU_ASSERT_EQUAL(p.err, DE_ICMP_TRUNCATED);
		CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_ICMP);
	}
}

static void icmpv6_echo_request_id_seq_decoded(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = pb_ipv6(b, IPPROTO_NUM_ICMPV6, 8 + 16);
	n += pb_icmp(b + n, 128, 0, 0x4242, 0x0102);
	n += pb_fill(b + n, 16);

	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L4);
	PB_ASSERT_CLEAN(p, DC_L4);
	CU_ASSERT_EQUAL(p.ip_ver, 6);
	CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_ICMPV6);
	CU_ASSERT_EQUAL(p.icmp_type, 128);
	CU_ASSERT_EQUAL(p.icmp_code, 0);
	CU_ASSERT_EQUAL(p.icmp_id, 0x4242);
	CU_ASSERT_EQUAL(p.icmp_seq, 0x0102);
	CU_ASSERT_EQUAL(p.l4_len, 24);
	/* RFC 4443 s2.1: the ICMPv6 header is 4 bytes; id/seq are body. */
	CU_ASSERT_EQUAL(p.payload_len, 20);
	CU_ASSERT_EQUAL(p.inner.present, 0);

	b[ICMP6_OFF] = 129;
	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L4);
	CU_ASSERT_EQUAL(p.icmp_type, 129);
	CU_ASSERT_EQUAL(p.icmp_id, 0x4242);
}

/* ICMPv6 error of type/code with a 4-byte field (unused or MTU), quoting
 * probe_len bytes of probe; returns the packet length. */
static size_t icmpv6_error(uint8_t *b, uint8_t type, uint8_t code,
			   uint32_t field, const uint8_t *probe,
			   size_t probe_len)
{
	size_t n = outer_ipv6(b, 8 + probe_len);
	b[n] = type;
	b[n + 1] = code;
	pb_be16(b + n + 2, 0);
	pb_be32(b + n + 4, field);
	n += 8;
	memcpy(b + n, probe, probe_len);
	return n + probe_len;
}

static void icmpv6_port_unreachable_quotes_ipv6_udp(void)
{
	uint8_t probe[96], b[160];
	struct packet p;
	size_t plen = pb_ipv6_udp(probe, 20);
	size_t n = icmpv6_error(b, 1, 4, 0, probe, plen);

	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L4);
	PB_ASSERT_CLEAN(p, DC_L4);
	CU_ASSERT_EQUAL(memcmp(p.src, ROUTER_V6, 16), 0);
	CU_ASSERT_EQUAL(p.icmp_type, 1);
	CU_ASSERT_EQUAL(p.icmp_code, 4);
	CU_ASSERT_EQUAL(p.icmp_id, 0);
	CU_ASSERT_EQUAL(p.inner.present, 1);
	CU_ASSERT_EQUAL(p.inner.has_ports, 1);
	CU_ASSERT_EQUAL(p.inner.ip_ver, 6);
	CU_ASSERT_EQUAL(p.inner.proto, IPPROTO_NUM_UDP);
	CU_ASSERT_EQUAL(memcmp(p.inner.src, PB_V6_SRC, 16), 0);
	CU_ASSERT_EQUAL(memcmp(p.inner.dst, PB_V6_DST, 16), 0);
	CU_ASSERT_EQUAL(p.inner.sport, 40001);
	CU_ASSERT_EQUAL(p.inner.dport, 53);
}

/* IPv6 + destination options (8) + TCP SYN 40000 -> 22. */
static size_t probe_ipv6_dstopts_tcp(uint8_t *probe)
{
	size_t plen = pb_ipv6(probe, NH_DSTOPTS, 8 + 20);
	memset(probe + plen, 0, 8);
	probe[plen] = IPPROTO_NUM_TCP;
	probe[plen + 2] = 1;  /* PadN of 4 */
	probe[plen + 3] = 4;
	plen += 8;
	return plen + pb_tcp(probe + plen, 40000, 22, TCP_SYN);
}

/* The probe has a destination options header before TCP: the quote's
 * chain is walked to the ports and sequence number. */
static void icmpv6_unreachable_quotes_ipv6_ext_tcp(void)
{
	uint8_t probe[96], b[160];
	struct packet p;
	size_t plen = probe_ipv6_dstopts_tcp(probe);
	size_t n = icmpv6_error(b, 1, 1, 0, probe, plen);

	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L4);
	PB_ASSERT_CLEAN(p, DC_L4);
	CU_ASSERT_EQUAL(p.inner.present, 1);
	CU_ASSERT_EQUAL(p.inner.has_ports, 1);
	CU_ASSERT_EQUAL(p.inner.proto, IPPROTO_NUM_TCP);
	CU_ASSERT_EQUAL(p.inner.sport, 40000);
	CU_ASSERT_EQUAL(p.inner.dport, 22);
	CU_ASSERT_EQUAL(p.inner.tcp_seq, PB_TCP_SEQ);
	CU_ASSERT_EQUAL(memcmp(p.inner.dst, PB_V6_DST, 16), 0);
}

/* Packet too big (2) keeps the MTU where other errors keep "unused". */
static void icmpv6_packet_too_big_quotes_probe(void)
{
	uint8_t probe[160], b[256];
	struct packet p;
	size_t plen = pb_ipv6_tcp(probe, 80);
	size_t n = icmpv6_error(b, 2, 0, 1280, probe, plen);

	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L4);
	PB_ASSERT_CLEAN(p, DC_L4);
	CU_ASSERT_EQUAL(p.icmp_type, 2);
	CU_ASSERT_EQUAL(p.icmp_code, 0);
	CU_ASSERT_EQUAL(p.payload_len, 4 + plen);
	CU_ASSERT_EQUAL(p.inner.present, 1);
	CU_ASSERT_EQUAL(p.inner.proto, IPPROTO_NUM_TCP);
	CU_ASSERT_EQUAL(p.inner.sport, 40000);
	CU_ASSERT_EQUAL(p.inner.dport, 443);
}

/* A time exceeded for a ping6: ICMPv6 has no ports, so the quote is
 * complete without them (as for IPv4 above). */
static void icmpv6_quote_of_echo_is_complete(void)
{
	uint8_t probe[96], b[160];
	struct packet p;
	size_t plen = pb_ipv6(probe, IPPROTO_NUM_ICMPV6, 8);
	plen += pb_icmp(probe + plen, 128, 0, 9, 9);
	size_t n = icmpv6_error(b, 3, 0, 0, probe, plen);

	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L4);
	PB_ASSERT_CLEAN(p, DC_L4);
	CU_ASSERT_EQUAL(p.icmp_type, 3);
	CU_ASSERT_EQUAL(p.inner.present, 1);
	CU_ASSERT_EQUAL(p.inner.proto, IPPROTO_NUM_ICMPV6);
	CU_ASSERT_EQUAL(p.inner.has_ports, 0);
}

static void icmpv6_quote_cut_short_warns(void)
{
	uint8_t probe[96], b[160];
	struct packet p;
	size_t plen = pb_ipv6_udp(probe, 0);

	for (size_t quote = 0; quote <= plen; quote++) {
		size_t n = icmpv6_error(b, 1, 4, 0, probe, quote);
		CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L4);
		CU_ASSERT_EQUAL(p.err, DE_OK);
		CU_ASSERT_EQUAL(p.inner.present, quote >= 40);
		CU_ASSERT_EQUAL(p.inner.has_ports, quote >= 44);
		CU_ASSERT_EQUAL(p.warnings,
				quote >= 44 ? 0 : 1u << DW_ICMP_QUOTE_TRUNCATED);
	}
}

/* Quotes cut inside the extension header or the ports: the addresses
 * are kept, and the quote is flagged until the ports are in it. */
static void icmpv6_quote_cut_in_ext_header_warns(void)
{
	uint8_t probe[96], b[160];
	struct packet p;
	size_t plen = probe_ipv6_dstopts_tcp(probe);

	for (size_t quote = 0; quote <= plen; quote++) {
		size_t n = icmpv6_error(b, 1, 1, 0, probe, quote);
		CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L4);
		CU_ASSERT_EQUAL(p.err, DE_OK);
		CU_ASSERT_EQUAL(p.inner.present, quote >= 40);
		CU_ASSERT_EQUAL(p.inner.has_ports, quote >= 52);
		CU_ASSERT_EQUAL(p.warnings,
				quote >= 52 ? 0 : 1u << DW_ICMP_QUOTE_TRUNCATED);
	}
}

/* Neighbor solicitation: type/code and its target address (RFC 4861
 * s4.3), no id, no quote; cut anywhere inside the target, the message is
 * still whole but the target is not kept. */
static void icmpv6_neighbor_solicitation_type_code_only(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = pb_ipv6(b, IPPROTO_NUM_ICMPV6, 24);
	n += pb_icmp(b + n, 135, 0, 0x1111, 0x2222); /* reserved, nonzero */
	memcpy(b + n, PB_V6_DST, 16);                 /* target address */
	n += 16;

	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L4);
	PB_ASSERT_CLEAN(p, DC_L4);
	CU_ASSERT_EQUAL(p.icmp_type, 135);
	CU_ASSERT_EQUAL(p.icmp_code, 0);
	CU_ASSERT_EQUAL(p.icmp_id, 0);
	CU_ASSERT_EQUAL(p.icmp_seq, 0);
	CU_ASSERT_EQUAL(p.inner.present, 0);
	CU_ASSERT_EQUAL(p.payload_len, 20);
	CU_ASSERT_EQUAL(p.nd_seen, 1);
	CU_ASSERT_EQUAL(memcmp(p.nd_target, PB_V6_DST, 16), 0);
	for (size_t cut = 4; cut < 24; cut++) {
		pb_be16(b + 4, (uint16_t)cut);
		CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, ICMP6_OFF + cut, ICMP6_OFF + cut, &p), DC_L4);
		CU_ASSERT_EQUAL(p.err, DE_OK);
		CU_ASSERT_EQUAL(p.nd_seen, 0);
	}
}

/* Shorter than the 4-byte header; and an echo without room for id/seq. */
static void icmpv6_shorter_than_header_truncated(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = pb_ipv6(b, IPPROTO_NUM_ICMPV6, 8);
	n += pb_icmp(b + n, 128, 0, 1, 1);

	PB_ASSERT_CUTS(LT_IPV6, b, ICMP6_OFF, ICMP6_OFF + 4, n,
		       DE_ICMPV6_TRUNCATED);
	for (size_t len = 0; len < 8; len++) {
		pb_be16(b + 4, (uint16_t)len);
		CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, ICMP6_OFF + len,
					  ICMP6_OFF + len, &p), DC_ERROR);
		CU_ASSERT_EQUAL(p.err, DE_ICMPV6_TRUNCATED);
	}
	/* A 4-byte non-echo message is whole. */
	pb_be16(b + 4, 4);
	b[ICMP6_OFF] = 135;
	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, ICMP6_OFF + 4, ICMP6_OFF + 4, &p),
			DC_L4);
	CU_ASSERT_EQUAL(p.payload_len, 0);
}

static const struct pb_test tests[] = {
	{ "echo_request_id_seq_decoded", echo_request_id_seq_decoded },
	{ "id_seq_only_for_types_that_have_them",
	  id_seq_only_for_types_that_have_them },
	{ "port_unreachable_quotes_ipv4_udp", port_unreachable_quotes_ipv4_udp },
	{ "unreachable_quotes_ipv4_tcp_seq", unreachable_quotes_ipv4_tcp_seq },
	{ "quoted_ipv4_options_skipped", quoted_ipv4_options_skipped },
	{ "quote_of_icmp_echo_is_complete", quote_of_icmp_echo_is_complete },
	{ "quote_cut_short_warns", quote_cut_short_warns },
	{ "icmp_shorter_than_8_truncated", icmp_shorter_than_8_truncated },
	{ "icmpv6_echo_request_id_seq_decoded", icmpv6_echo_request_id_seq_decoded },
	{ "icmpv6_port_unreachable_quotes_ipv6_udp",
	  icmpv6_port_unreachable_quotes_ipv6_udp },
	{ "icmpv6_unreachable_quotes_ipv6_ext_tcp",
	  icmpv6_unreachable_quotes_ipv6_ext_tcp },
	{ "icmpv6_packet_too_big_quotes_probe", icmpv6_packet_too_big_quotes_probe },
	{ "icmpv6_quote_of_echo_is_complete", icmpv6_quote_of_echo_is_complete },
	{ "icmpv6_quote_cut_short_warns", icmpv6_quote_cut_short_warns },
	{ "icmpv6_quote_cut_in_ext_header_warns",
	  icmpv6_quote_cut_in_ext_header_warns },
	{ "icmpv6_neighbor_solicitation_type_code_only",
	  icmpv6_neighbor_solicitation_type_code_only },
	{ "icmpv6_shorter_than_header_truncated",
	  icmpv6_shorter_than_header_truncated },
};

int test_icmp_register(void)
{
	return pb_register("icmp", tests, sizeof(tests) / sizeof(tests[0]));
}
