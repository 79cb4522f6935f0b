/* tests/test_udp.c - the UDP header (dissectors/udp.c) over IPv4 and
 * IPv6. Checks ports and payload length, the Length field below 8,
 * beyond the IP payload, and below it (legal: the UDP length wins),
 * the first fragment whose Length counts the whole datagram, every cut
 * of the 8-byte header, and a snap length that cut the payload. */
#include <CUnit/CUnit.h>
#include "pktbuild.h"

enum { UDP_OFF = PB_IPV4_LEN, UDP6_OFF = PB_IPV6_LEN };

static void ipv4_every_field_decoded(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = pb_ipv4_udp(b, 12);

	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_UDP(p, 12);
	CU_ASSERT_EQUAL(p.tcp_seq, 0);
	CU_ASSERT_EQUAL(p.icmp_type, 0);
}

static void ipv6_every_field_decoded(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = pb_ipv6_udp(b, 33);

	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 33);
}

static void empty_datagram_has_zero_payload(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = pb_ipv4_udp(b, 0);

	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_UDP(p, 0);
}

static void length_below_8_rejected(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = pb_ipv4_udp(b, 4);

	for (uint16_t len = 0; len < 8; len++) {
		pb_be16(b + UDP_OFF + 4, len);
		CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_ERROR);
		CU_ASSERT_EQUAL(p.err, DE_UDP_BAD_LEN);
		CU_ASSERT_EQUAL(p.l4_seen, 1);
		CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_UDP);
	}
}

/* A segmentation-offload super-packet: IPv4 total length 0 (the frame
 * is used, ipv4.tso_zero_len) and UDP length 0 too: the IP payload gives
 * the UDP length (BIG TCP, GSO; RFC 2675 s4 for jumbograms). */
static void zero_length_in_offload_super_packet_uses_ip_payload(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = pb_ipv4_udp(b, 12);
	pb_be16(b + 2, 0);            /* IPv4 total length */
	pb_be16(b + UDP_OFF + 4, 0);  /* UDP length */

	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	CU_ASSERT_EQUAL(p.err, DE_OK);
	CU_ASSERT_EQUAL(p.warnings, (1u << DW_IPV4_TSO_LEN0) | (1u << DW_UDP_LEN0));
	CU_ASSERT_EQUAL(p.payload_len, 12);
}

static void length_beyond_ip_payload_rejected(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = pb_ipv4_udp(b, 4);

	pb_be16(b + UDP_OFF + 4, 13);
	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_UDP_LEN_GT_IP);
	pb_be16(b + UDP_OFF + 4, 0xffff);
	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_UDP_LEN_GT_IP);

	n = pb_ipv6_udp(b, 4);
	pb_be16(b + UDP6_OFF + 4, 13);
	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_UDP_LEN_GT_IP);
}

/* UDP Length 10 in a 20-byte IP payload: the rest is padding. */
static void length_below_ip_payload_wins(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = pb_ipv4_udp(b, 12);
	pb_be16(b + UDP_OFF + 4, 10);

	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	PB_ASSERT_CLEAN(p, DC_L4);
	CU_ASSERT_EQUAL(p.l4_len, 20);
	CU_ASSERT_EQUAL(p.payload_len, 2);
}

/* In a first fragment (MF, offset 0) the Length counts every fragment:
 * 2008 bytes against this fragment's 16 is accepted; unfragmented, the
 * same datagram is an error. */
static void first_fragment_length_beyond_fragment_accepted(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = pb_ipv4_udp(b, 8);
	pb_be16(b + UDP_OFF + 4, 2008);

	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_UDP_LEN_GT_IP);

	pb_be16(b + 6, 0x2000);
	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	PB_ASSERT_CLEAN(p, DC_L4);
	CU_ASSERT_EQUAL(p.frag, FRAG_FIRST);
	CU_ASSERT_EQUAL(p.sport, 40001);
	CU_ASSERT_EQUAL(p.dport, 53);
	CU_ASSERT_EQUAL(p.l4_len, 16);
	CU_ASSERT_EQUAL(p.payload_len, 2000);
	/* Length below 8 stays wrong even in a first fragment. */
	pb_be16(b + UDP_OFF + 4, 7);
	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_UDP_BAD_LEN);
}

/* Every cut of the header, three ways: IP total length matching the cut,
 * a frame that ended (IP length lies), and a snap length. */
static void header_cut_truncated(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = pb_ipv4_udp(b, 0);

	PB_ASSERT_CUTS(LT_RAW, b, UDP_OFF, n, 0, DE_IPV4_LEN_GT_FRAME);
	PB_ASSERT_CUTS(LT_RAW, b, UDP_OFF, n, n, DE_UDP_TRUNCATED);
	for (size_t seg = 0; seg < PB_UDP_LEN; seg++) {
		pb_be16(b + 2, (uint16_t)(PB_IPV4_LEN + seg));
		CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, UDP_OFF + seg,
					  UDP_OFF + seg, &p), DC_ERROR);
		CU_ASSERT_EQUAL(p.err, DE_UDP_TRUNCATED);
		CU_ASSERT_EQUAL(p.l4_len, seg);
	}
}

/* tcpdump -s 28 of a 1000-byte datagram: the payload count is whole. */
static void snap_cut_payload_counted(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = pb_ipv4_udp(b, 0);
	pb_be16(b + 2, 1000);
	pb_be16(b + UDP_OFF + 4, 980);

	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, 1000, &p), DC_L4);
	CU_ASSERT_EQUAL(p.err, DE_OK);
	CU_ASSERT_EQUAL(p.warnings, 1u << DW_SNAP_TRUNCATED);
	CU_ASSERT_EQUAL(p.l4_len, 980);
	CU_ASSERT_EQUAL(p.payload_len, 972);
}

static const struct pb_test tests[] = {
	{ "ipv4_every_field_decoded", ipv4_every_field_decoded },
	{ "ipv6_every_field_decoded", ipv6_every_field_decoded },
	{ "empty_datagram_has_zero_payload", empty_datagram_has_zero_payload },
	{ "length_below_8_rejected", length_below_8_rejected },
	{ "zero_length_in_offload_super_packet_uses_ip_payload",
	  zero_length_in_offload_super_packet_uses_ip_payload },
	{ "length_beyond_ip_payload_rejected", length_beyond_ip_payload_rejected },
	{ "length_below_ip_payload_wins", length_below_ip_payload_wins },
	{ "first_fragment_length_beyond_fragment_accepted",
	  first_fragment_length_beyond_fragment_accepted },
	{ "header_cut_truncated", header_cut_truncated },
	{ "snap_cut_payload_counted", snap_cut_payload_counted },
};

int test_udp_register(void)
{
	return pb_register("udp", tests, sizeof(tests) / sizeof(tests[0]));
}
