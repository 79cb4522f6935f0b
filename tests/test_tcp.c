/* tests/test_tcp.c - the TCP header (dissectors/tcp.c) over IPv4 and
 * IPv6. Checks ports, sequence and acknowledgment numbers, window, all
 * nine flags (NS is the low bit of byte 12, RFC 3540), options skipped
 * and payload length, Data Offset below 5 or beyond the segment, every
 * cut of the header, and options cut by a snap length (a warning). */
#include <CUnit/CUnit.h>
#include "pktbuild.h"

enum { TCP_OFF = PB_IPV4_LEN }; /* TCP header offset under LT_RAW */

/* IPv4 + TCP with doff 32-bit words of header (options: MSS 1460,
 * SACK permitted, window scale 7, then NOPs) and payload bytes. */
static size_t ipv4_tcp_options(uint8_t *b, unsigned doff, size_t payload)
{
	size_t hlen = doff * 4;
	static const uint8_t opts[] = { 2, 4, 0x05, 0xb4, 4, 2, 3, 3, 7 };
	pb_ipv4(b, IPPROTO_NUM_TCP, (uint16_t)(PB_IPV4_LEN + hlen + payload));
	pb_tcp(b + TCP_OFF, 40000, 80, TCP_SYN);
	b[TCP_OFF + 12] = (uint8_t)(doff << 4);
	if (hlen > PB_TCP_LEN) {
		memset(b + TCP_OFF + PB_TCP_LEN, 1, hlen - PB_TCP_LEN);
		memcpy(b + TCP_OFF + PB_TCP_LEN, opts,
		       hlen - PB_TCP_LEN < sizeof(opts) ? hlen - PB_TCP_LEN
							: sizeof(opts));
	}
	return TCP_OFF + hlen + pb_fill(b + TCP_OFF + hlen, payload);
}

static void every_field_decoded(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = pb_ipv4(b, IPPROTO_NUM_TCP, 40);
	n += pb_tcp(b + n, 65535, 1, TCP_FIN | TCP_ACK);
	pb_be32(b + TCP_OFF + 4, 0xfffffffeu);
	pb_be32(b + TCP_OFF + 8, 0x80000001u);
	pb_be16(b + TCP_OFF + 14, 0);

	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	PB_ASSERT_CLEAN(p, DC_L4);
	CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_TCP);
	CU_ASSERT_EQUAL(p.sport, 65535);
	CU_ASSERT_EQUAL(p.dport, 1);
	CU_ASSERT_EQUAL(p.tcp_seq, 0xfffffffeu);
	CU_ASSERT_EQUAL(p.tcp_ack, 0x80000001u);
	CU_ASSERT_EQUAL(p.tcp_win, 0);
	CU_ASSERT_EQUAL(p.tcp_flags, TCP_FIN | TCP_ACK);
	CU_ASSERT_EQUAL(p.l4_len, 20);
	CU_ASSERT_EQUAL(p.payload_len, 0);
}

static void each_of_nine_flags_decoded(void)
{
	static const uint16_t flags[] = { TCP_FIN, TCP_SYN, TCP_RST, TCP_PSH,
		TCP_ACK, TCP_URG, TCP_ECE, TCP_CWR, TCP_NS };
	uint8_t b[64];
	struct packet p;

	for (size_t i = 0; i < 9; i++) {
		size_t n = pb_ipv4_tcp(b, 0);
		pb_tcp(b + TCP_OFF, 40000, 80, flags[i]);
		CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
		CU_ASSERT_EQUAL(p.tcp_flags, flags[i]);
	}
	size_t n = pb_ipv4_tcp(b, 0);
	pb_tcp(b + TCP_OFF, 40000, 80, 0x1ff);
	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	CU_ASSERT_EQUAL(p.tcp_flags, 0x1ff);
	CU_ASSERT_EQUAL(b[TCP_OFF + 12], 0x51);
	CU_ASSERT_EQUAL(b[TCP_OFF + 13], 0xff);
}

/* Byte 12 is doff(4) reserved(3) NS(1): the reserved bits are not flags,
 * and NS is read from there, not from byte 13. */
static void ns_from_byte_12_reserved_bits_ignored(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = pb_ipv4_tcp(b, 0);

	b[TCP_OFF + 12] = 0x51;
	b[TCP_OFF + 13] = 0x00;
	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	CU_ASSERT_EQUAL(p.tcp_flags, TCP_NS);

	b[TCP_OFF + 12] = 0x5e;
	b[TCP_OFF + 13] = TCP_SYN;
	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	CU_ASSERT_EQUAL(p.tcp_flags, TCP_SYN);
}

static void options_skipped_payload_counted(void)
{
	uint8_t b[192];
	struct packet p;
	size_t n = ipv4_tcp_options(b, 8, 100);

	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	PB_ASSERT_CLEAN(p, DC_L4);
	CU_ASSERT_EQUAL(p.l4_len, 132);
	CU_ASSERT_EQUAL(p.payload_len, 100);
	CU_ASSERT_EQUAL(p.tcp_flags, TCP_SYN);
	CU_ASSERT_EQUAL(p.tcp_seq, PB_TCP_SEQ);

	n = ipv4_tcp_options(b, 15, 0);
	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	CU_ASSERT_EQUAL(p.l4_len, 60);
	CU_ASSERT_EQUAL(p.payload_len, 0);
}

static void doff_below_5_rejected(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = pb_ipv4_tcp(b, 8);

	for (unsigned doff = 0; doff < 5; doff++) {
		b[TCP_OFF + 12] = (uint8_t)(doff << 4);
		CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_ERROR);
		CU_ASSERT_EQUAL(p.err, DE_TCP_BAD_DOFF);
		CU_ASSERT_EQUAL(p.l4_seen, 1);
		CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_TCP);
	}
}

/* Data Offset 15 (60 bytes) in a 20- or 59-byte segment, 6 in a 20-byte
 * one: the header would run past the segment the IP layer gave. */
static void doff_beyond_segment_rejected(void)
{
	uint8_t b[128];
	struct packet p;
	size_t n = pb_ipv4_tcp(b, 0);

	b[TCP_OFF + 12] = 15 << 4;
	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_TCP_DOFF_GT_LEN);
	b[TCP_OFF + 12] = 6 << 4;
	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_TCP_DOFF_GT_LEN);

	n = pb_ipv4_tcp(b, 39);
	b[TCP_OFF + 12] = 15 << 4;
	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_TCP_DOFF_GT_LEN);
	n = pb_ipv4_tcp(b, 40);
	b[TCP_OFF + 12] = 15 << 4;
	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	CU_ASSERT_EQUAL(p.payload_len, 0);
}

/* IPv4 total length follows every cut of the 20-byte header. */
static void header_cut_truncated(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = pb_ipv4_tcp(b, 0);

	for (size_t seg = 0; seg < PB_TCP_LEN; seg++) {
		pb_be16(b + 2, (uint16_t)(PB_IPV4_LEN + seg));
		CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, TCP_OFF + seg,
					  TCP_OFF + seg, &p), DC_ERROR);
		CU_ASSERT_EQUAL(p.err, DE_TCP_TRUNCATED);
		CU_ASSERT_EQUAL(p.l4_len, seg);
	}
	/* A 19-byte segment in a 40-byte frame: the last byte is not TCP. */
	pb_be16(b + 2, 39);
	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_TCP_TRUNCATED);
}

/* The snap length cut inside the options: the fixed header is enough
 * for the flow table, so the packet is L4 with a warning. */
static void snap_cut_in_options_warns(void)
{
	uint8_t b[192];
	struct packet p;
	size_t n = ipv4_tcp_options(b, 10, 50);
	size_t cap = TCP_OFF + 30;

	for (size_t c = TCP_OFF + PB_TCP_LEN; c < TCP_OFF + 40; c++) {
		CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, c, n, &p), DC_L4);
		CU_ASSERT_EQUAL(p.warnings, (1u << DW_SNAP_TRUNCATED) |
						    (1u << DW_TCP_OPTS_TRUNCATED));
	}
	pb_decode(LT_RAW, b, cap, n, &p);
	CU_ASSERT_EQUAL(p.err, DE_OK);
	CU_ASSERT_EQUAL(p.payload_len, 50);
	CU_ASSERT_EQUAL(p.sport, 40000);
	CU_ASSERT_EQUAL(p.tcp_flags, TCP_SYN);
	/* Options whole, payload cut: only the snap warning. */
	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, TCP_OFF + 40, n, &p), DC_L4);
	CU_ASSERT_EQUAL(p.warnings, 1u << DW_SNAP_TRUNCATED);
}

static void ipv6_tcp_with_ns_decoded(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = pb_ipv6_tcp(b, 5);
	pb_tcp(b + PB_IPV6_LEN, 40000, 443, TCP_SYN | TCP_ECE | TCP_CWR | TCP_NS);

	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L4);
	PB_ASSERT_CLEAN(p, DC_L4);
	CU_ASSERT_EQUAL(p.tcp_flags, TCP_SYN | TCP_ECE | TCP_CWR | TCP_NS);
	CU_ASSERT_EQUAL(p.l4_len, 25);
	CU_ASSERT_EQUAL(p.payload_len, 5);
	CU_ASSERT_EQUAL(p.dport, 443);
	PB_ASSERT_CUTS(LT_IPV6, b, 40, 60, n, DE_TCP_TRUNCATED);
}

static const struct pb_test tests[] = {
	{ "every_field_decoded", every_field_decoded },
	{ "each_of_nine_flags_decoded", each_of_nine_flags_decoded },
	{ "ns_from_byte_12_reserved_bits_ignored",
	  ns_from_byte_12_reserved_bits_ignored },
	{ "options_skipped_payload_counted", options_skipped_payload_counted },
	{ "doff_below_5_rejected", doff_below_5_rejected },
	{ "doff_beyond_segment_rejected", doff_beyond_segment_rejected },
	{ "header_cut_truncated", header_cut_truncated },
	{ "snap_cut_in_options_warns", snap_cut_in_options_warns },
	{ "ipv6_tcp_with_ns_decoded", ipv6_tcp_with_ns_decoded },
};

int test_tcp_register(void)
{
	return pb_register("tcp", tests, sizeof(tests) / sizeof(tests[0]));
}
