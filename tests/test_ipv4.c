/* tests/test_ipv4.c - the IPv4 header (dissectors/ipv4.c) on the raw IP
 * link types LT_RAW (12, version nibble picks IPv4/IPv6) and LT_IPV4
 * (228). Checks every field of a good packet, each check in its wire
 * order (version, IHL, header captured, total length vs header and vs
 * frame), options skipped for every IHL, total length 0 (TSO), the clip
 * of trailing bytes, and fragments: only offset 0 carries ports. */
#include <CUnit/CUnit.h>
#include "pktbuild.h"

enum { PROTO_GRE = 47 };

/* IPv4 with ihl 32-bit words of header (options: NOPs then EOL), then
 * UDP 40001 -> 53 with payload bytes. */
static size_t ipv4_options_udp(uint8_t *b, unsigned ihl, size_t payload)
{
	size_t hlen = ihl * 4;
	pb_ipv4(b, IPPROTO_NUM_UDP, (uint16_t)(hlen + PB_UDP_LEN + payload));
	b[0] = (uint8_t)(0x40 | ihl);
	if (hlen > PB_IPV4_LEN) {
		memset(b + PB_IPV4_LEN, 0x01, hlen - PB_IPV4_LEN);
		b[hlen - 1] = 0x00;
	}
	pb_udp(b + hlen, 40001, 53, (uint16_t)(PB_UDP_LEN + payload));
	return hlen + PB_UDP_LEN + pb_fill(b + hlen + PB_UDP_LEN, payload);
}

static void raw_ipv4_tcp_every_field_decoded(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = pb_ipv4_tcp(b, 10);

	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 10);
	CU_ASSERT_EQUAL(p.linktype, LT_RAW);
	CU_ASSERT_EQUAL(p.cap_len, 50);
	CU_ASSERT_EQUAL(p.wire_len, 50);
	CU_ASSERT_EQUAL(p.frag, FRAG_NONE); /* DF alone is no fragment */
}

static void linktype_ipv4_decodes_udp(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = pb_ipv4_udp(b, 20);

	CU_ASSERT_EQUAL(pb_decode(LT_IPV4, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_UDP(p, 20);
	CU_ASSERT_EQUAL(p.linktype, LT_IPV4);
}

/* Under LT_RAW an empty frame has no version nibble (ip.bad_version);
 * under LT_IPV4 it is an IPv4 header cut at 0. */
static void raw_cut_names_each_layer(void)
{
	uint8_t b[64];
	size_t n = pb_ipv4_tcp(b, 0);

	PB_ASSERT_CUTS(LT_RAW, b, 0, 1, 0, DE_IP_BAD_VERSION);
	PB_ASSERT_CUTS(LT_RAW, b, 1, 20, 0, DE_IPV4_TRUNCATED);
	PB_ASSERT_CUTS(LT_RAW, b, 20, n, 0, DE_IPV4_LEN_GT_FRAME);
	PB_ASSERT_CUTS(LT_RAW, b, 1, 20, n, DE_IPV4_TRUNCATED);
	PB_ASSERT_CUTS(LT_RAW, b, 20, n, n, DE_TCP_TRUNCATED);
	PB_ASSERT_CUTS(LT_IPV4, b, 0, 20, 0, DE_IPV4_TRUNCATED);
	PB_ASSERT_CUTS(LT_IPV4, b, 20, n, 0, DE_IPV4_LEN_GT_FRAME);
}

static void bad_version_named_per_link(void)
{
	uint8_t b[80];
	struct packet p;
	size_t n = pb_ipv4_tcp(b, 0);

	for (unsigned v = 0; v < 16; v++) {
		if (v == 4 || v == 6)
			continue;
		b[0] = (uint8_t)(v << 4 | 5);
		CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_ERROR);
		CU_ASSERT_EQUAL(p.err, DE_IP_BAD_VERSION);
		CU_ASSERT_EQUAL(p.ip_ver, 0);
	}
	b[0] = 0x65; /* an IPv6 nibble where IPv4 is promised */
	CU_ASSERT_EQUAL(pb_decode(LT_IPV4, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_IPV4_BAD_VERSION);

	n = pb_eth(b, 0x0800);
	n += pb_ipv4_tcp(b + n, 0);
	b[14] = 0x65;
	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_IPV4_BAD_VERSION);
}

static void ihl_below_5_rejected(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = pb_ipv4_tcp(b, 0);

	for (unsigned ihl = 0; ihl < 5; ihl++) {
		b[0] = (uint8_t)(0x40 | ihl);
		CU_ASSERT_EQUAL(pb_decode(LT_IPV4, b, n, n, &p), DC_ERROR);
		CU_ASSERT_EQUAL(p.err, DE_IPV4_BAD_IHL);
		CU_ASSERT_EQUAL(p.ip_ver, 0);
	}
}

static void options_skipped_for_every_ihl(void)
{
	uint8_t b[128];
	struct packet p;

	for (unsigned ihl = 6; ihl <= 15; ihl++) {
		size_t n = ipv4_options_udp(b, ihl, 4);
		CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
		PB_ASSERT_CLEAN(p, DC_L4);
		CU_ASSERT_EQUAL(p.ip_len, ihl * 4 + 12);
		CU_ASSERT_EQUAL(p.l4_len, 12);
		CU_ASSERT_EQUAL(p.sport, 40001);
		CU_ASSERT_EQUAL(p.dport, 53);
		CU_ASSERT_EQUAL(p.payload_len, 4);
		CU_ASSERT_EQUAL(memcmp(p.dst, PB_V4_DST, 4), 0);
	}
}

/* IHL 15 needs 60 header bytes: cut anywhere inside them (by the frame
 * or by a snap length) and the header is truncated. */
static void options_cut_truncates_header(void)
{
	uint8_t b[128];
	size_t n = ipv4_options_udp(b, 15, 0);

	CU_ASSERT_EQUAL(n, 68);
	PB_ASSERT_CUTS(LT_IPV4, b, 0, 60, 0, DE_IPV4_TRUNCATED);
	PB_ASSERT_CUTS(LT_IPV4, b, 0, 60, n, DE_IPV4_TRUNCATED);
	PB_ASSERT_CUTS(LT_IPV4, b, 60, n, 0, DE_IPV4_LEN_GT_FRAME);
	PB_ASSERT_CUTS(LT_IPV4, b, 60, n, n, DE_UDP_TRUNCATED);
}

/* Total length 1..19 with IHL 5, or 20..23 with IHL 6: below the
 * header. Compared before any subtraction, so no underflow. */
static void total_length_below_header_rejected(void)
{
	uint8_t b[80];
	struct packet p;
	size_t n = pb_ipv4_tcp(b, 0);

	for (uint16_t tl = 1; tl < 20; tl++) {
		pb_be16(b + 2, tl);
		CU_ASSERT_EQUAL(pb_decode(LT_IPV4, b, n, n, &p), DC_ERROR);
		CU_ASSERT_EQUAL(p.err, DE_IPV4_LEN_LT_HLEN);
	}
	n = ipv4_options_udp(b, 6, 0);
	for (uint16_t tl = 20; tl < 24; tl++) {
		pb_be16(b + 2, tl);
		CU_ASSERT_EQUAL(pb_decode(LT_IPV4, b, n, n, &p), DC_ERROR);
		CU_ASSERT_EQUAL(p.err, DE_IPV4_LEN_LT_HLEN);
	}
}

/* One byte more than the frame is an error; the same byte cut by a
 * snap length is not. */
static void total_length_beyond_frame_rejected(void)
{
	uint8_t b[80];
	struct packet p;
	size_t n = pb_ipv4_tcp(b, 0);

	pb_be16(b + 2, 41);
	CU_ASSERT_EQUAL(pb_decode(LT_IPV4, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_IPV4_LEN_GT_FRAME);
	pb_be16(b + 2, 0xffff);
	CU_ASSERT_EQUAL(pb_decode(LT_IPV4, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_IPV4_LEN_GT_FRAME);

	pb_be16(b + 2, 41);
	CU_ASSERT_EQUAL(pb_decode(LT_IPV4, b, n, n + 1, &p), DC_L4);
	CU_ASSERT_EQUAL(p.warnings, 1u << DW_SNAP_TRUNCATED);
	CU_ASSERT_EQUAL(p.ip_len, 41);
	CU_ASSERT_EQUAL(p.payload_len, 1);
}

/* Bytes after the total length (a link trailer) are not payload. */
static void total_length_below_frame_clips_trailer(void)
{
	uint8_t b[80];
	struct packet p;
	size_t n = pb_ipv4_tcp(b, 0);
	memset(b + n, 0xee, 8);

	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n + 8, n + 8, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
}

/* Linux writes total length 0 for TSO super-packets: the frame length
 * stands in for it and a warning is counted. */
static void zero_total_length_uses_frame_with_warning(void)
{
	uint8_t b[256];
	struct packet p;
	size_t n = pb_ipv4_tcp(b, 100);
	pb_be16(b + 2, 0);

	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	CU_ASSERT_EQUAL(p.err, DE_OK);
	CU_ASSERT_EQUAL(p.warnings, 1u << DW_IPV4_TSO_LEN0);
	CU_ASSERT_EQUAL(p.ip_len, 140);
	CU_ASSERT_EQUAL(p.l4_len, 120);
	CU_ASSERT_EQUAL(p.payload_len, 100);
	CU_ASSERT_EQUAL(p.sport, 40000);
	CU_ASSERT_EQUAL(p.dport, 80);

	/* Over Ethernet with a snap length: the wire frame length is used. */
	n = pb_eth(b, 0x0800);
	n += pb_ipv4_tcp(b + n, 0);
	pb_be16(b + 14 + 2, 0);
	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, 9014, &p), DC_L4);
	CU_ASSERT_EQUAL(p.warnings,
			(1u << DW_IPV4_TSO_LEN0) | (1u << DW_SNAP_TRUNCATED));
	CU_ASSERT_EQUAL(p.ip_len, 9000);
	CU_ASSERT_EQUAL(p.payload_len, 8960);
}

/* Offset 185 (1480 bytes in), MF set: the bytes after the header are the
 * middle of a datagram, here an impossible UDP header, never decoded. */
static void later_fragment_stops_at_l3(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = pb_ipv4_udp(b, 8);
	pb_be16(b + 6, 0x2000 | 185);
	pb_be16(b + 20 + 4, 3); /* UDP length 3 would be udp.bad_len */

	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L3_ONLY);
	PB_ASSERT_CLEAN(p, DC_L3_ONLY);
	CU_ASSERT_EQUAL(p.frag, FRAG_LATER);
	CU_ASSERT_EQUAL(p.ip_ver, 4);
	CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_UDP);
	CU_ASSERT_EQUAL(p.l4_seen, 0);
	CU_ASSERT_EQUAL(p.ip_len, 36);
	CU_ASSERT_EQUAL(p.l4_len, 16);
	CU_ASSERT_EQUAL(p.sport, 0);
	CU_ASSERT_EQUAL(p.dport, 0);
	CU_ASSERT_EQUAL(p.payload_len, 0);

	/* The last fragment (MF clear) is a later fragment too. */
	pb_be16(b + 6, 185);
	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L3_ONLY);
	CU_ASSERT_EQUAL(p.frag, FRAG_LATER);
}

/* MF with offset 0 carries the transport header: ports decode, and a UDP
 * length counting the whole datagram (1480 + 8) is accepted. */
static void first_fragment_decodes_ports(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = pb_ipv4_udp(b, 8);
	pb_be16(b + 6, 0x2000);
	pb_be16(b + 20 + 4, 1488);

	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	PB_ASSERT_CLEAN(p, DC_L4);
	CU_ASSERT_EQUAL(p.frag, FRAG_FIRST);
	CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_UDP);
	CU_ASSERT_EQUAL(p.sport, 40001);
	CU_ASSERT_EQUAL(p.dport, 53);
	CU_ASSERT_EQUAL(p.l4_len, 16);
	CU_ASSERT_EQUAL(p.payload_len, 1480);

	/* A first TCP fragment too. */
	n = pb_ipv4_tcp(b, 4);
	pb_be16(b + 6, 0x2000);
	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	CU_ASSERT_EQUAL(p.frag, FRAG_FIRST);
	CU_ASSERT_EQUAL(p.sport, 40000);
	CU_ASSERT_EQUAL(p.payload_len, 4);
}

/* GRE: IP decoded, the transport is one we do not dissect. */
static void unknown_protocol_is_l3_only(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = pb_ipv4(b, PROTO_GRE, 20 + 24);
	n += pb_fill(b + n, 24);

	CU_ASSERT_EQUAL(pb_decode(LT_IPV4, b, n, n, &p), DC_L3_ONLY);
	PB_ASSERT_CLEAN(p, DC_L3_ONLY);
	CU_ASSERT_EQUAL(p.l4_proto, PROTO_GRE);
	CU_ASSERT_EQUAL(p.l4_seen, 1);
	CU_ASSERT_EQUAL(p.ip_len, 44);
	CU_ASSERT_EQUAL(p.l4_len, 24);
	CU_ASSERT_EQUAL(p.ttl, PB_TTL);
	CU_ASSERT_EQUAL(memcmp(p.src, PB_V4_SRC, 4), 0);
	CU_ASSERT_EQUAL(p.sport, 0);
}

static const struct pb_test tests[] = {
	{ "raw_ipv4_tcp_every_field_decoded", raw_ipv4_tcp_every_field_decoded },
	{ "linktype_ipv4_decodes_udp", linktype_ipv4_decodes_udp },
	{ "raw_cut_names_each_layer", raw_cut_names_each_layer },
	{ "bad_version_named_per_link", bad_version_named_per_link },
	{ "ihl_below_5_rejected", ihl_below_5_rejected },
	{ "options_skipped_for_every_ihl", options_skipped_for_every_ihl },
	{ "options_cut_truncates_header", options_cut_truncates_header },
	{ "total_length_below_header_rejected", total_length_below_header_rejected },
	{ "total_length_beyond_frame_rejected", total_length_beyond_frame_rejected },
	{ "total_length_below_frame_clips_trailer",
	  total_length_below_frame_clips_trailer },
	{ "zero_total_length_uses_frame_with_warning",
	  zero_total_length_uses_frame_with_warning },
	{ "later_fragment_stops_at_l3", later_fragment_stops_at_l3 },
	{ "first_fragment_decodes_ports", first_fragment_decodes_ports },
	{ "unknown_protocol_is_l3_only", unknown_protocol_is_l3_only },
};

int test_ipv4_register(void)
{
	return pb_register("ipv4", tests, sizeof(tests) / sizeof(tests[0]));
}
