/* tests/test_ipv6.c - IPv6 and its extension-header chain
 * (dissectors/ipv6.c) on LT_IPV6 (229) and LT_RAW (12). Checks every
 * field of a good packet, each length check, a chain of hop-by-hop,
 * routing, destination options, fragment and AH headers down to TCP,
 * the headers that end the walk at L3 (ESP, no-next-header, a later
 * fragment), the first fragment with ports, the bound of 16 extension
 * headers, and every cut inside the chain, made three ways. */
#include <CUnit/CUnit.h>
#include "pktbuild.h"

enum { NH_HOPOPTS = 0, NH_ROUTING = 43, NH_FRAGMENT = 44, NH_ESP = 50,
       NH_AH = 51, NH_NONE = 59, NH_DSTOPTS = 60, NH_MOBILITY = 135,
       PROTO_GRE = 47 };

/* Hop-by-hop, routing, destination options (RFC 8200 s4.3-4.6): next
 * header, length in 8-octet units after the first 8, then a PadN option
 * filling the rest. */
static size_t ext_generic(uint8_t *b, uint8_t next, uint8_t len8)
{
	size_t n = ((size_t)len8 + 1) * 8;
	memset(b, 0, n);
	b[0] = next;
	b[1] = len8;
	b[2] = 1;                  /* PadN */
	b[3] = (uint8_t)(n - 4);
	return n;
}

/* Fragment header (s4.5): offset in 8-octet units, M flag, id. */
static size_t ext_fragment(uint8_t *b, uint8_t next, uint16_t offset8, int more)
{
	b[0] = next;
	b[1] = 0;
	pb_be16(b + 2, (uint16_t)(offset8 << 3 | (more ? 1 : 0)));
	pb_be32(b + 4, 0xcafe);
	return 8;
}

/* AH (RFC 4302 s2.2): length 4 (in 4-octet units, minus 2) = 24 bytes:
 * SPI, sequence, 12-byte ICV. */
static size_t ext_ah(uint8_t *b, uint8_t next)
{
	memset(b, 0, 24);
	b[0] = next;
	b[1] = 4;
	pb_be32(b + 4, 0x100);  /* SPI */
	pb_be32(b + 8, 1);      /* sequence */
	return 24;
}

/* IPv6 + HBH 8 + routing 24 + dstopts 8 + atomic fragment 8 + AH 24
 * + TCP 20 + 10 payload bytes: 72 bytes of extension headers. */
static size_t ipv6_full_chain_tcp(uint8_t *b)
{
	size_t n = PB_IPV6_LEN;
	n += ext_generic(b + n, NH_ROUTING, 0);
	n += ext_generic(b + n, NH_DSTOPTS, 2);
	n += ext_generic(b + n, NH_FRAGMENT, 0);
	n += ext_fragment(b + n, NH_AH, 0, 0);
	n += ext_ah(b + n, IPPROTO_NUM_TCP);
	n += pb_tcp(b + n, 40000, 443, TCP_SYN);
	n += pb_fill(b + n, 10);
	pb_ipv6(b, NH_HOPOPTS, (uint16_t)(n - PB_IPV6_LEN));
	return n;
}

static void linktype_ipv6_tcp_every_field_decoded(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = pb_ipv6_tcp(b, 8);

	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_TCP(p, 8);
	CU_ASSERT_EQUAL(p.linktype, LT_IPV6);
	CU_ASSERT_EQUAL(p.cap_len, 68);

	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_TCP(p, 8);
}

static void cut_names_each_layer(void)
{
	uint8_t b[96];
	size_t n = pb_ipv6_tcp(b, 0);

	PB_ASSERT_CUTS(LT_IPV6, b, 0, 40, 0, DE_IPV6_TRUNCATED);
	PB_ASSERT_CUTS(LT_IPV6, b, 40, n, 0, DE_IPV6_LEN_GT_FRAME);
	PB_ASSERT_CUTS(LT_IPV6, b, 0, 40, n, DE_IPV6_TRUNCATED);
	PB_ASSERT_CUTS(LT_IPV6, b, 40, n, n, DE_TCP_TRUNCATED);
	PB_ASSERT_CUTS(LT_RAW, b, 0, 1, 0, DE_IP_BAD_VERSION);
	PB_ASSERT_CUTS(LT_RAW, b, 1, 40, 0, DE_IPV6_TRUNCATED);
}

static void bad_version_rejected(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = pb_ipv6_udp(b, 0);

	b[0] = 0x45;
	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_IPV6_BAD_VERSION);
	CU_ASSERT_EQUAL(p.ip_ver, 0);
	b[0] = 0x70;
	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_IP_BAD_VERSION);

	n = pb_eth(b, 0x86dd);
	n += pb_ipv4_udp(b + n, 40); /* an IPv4 packet behind 0x86dd */
	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_IPV6_BAD_VERSION);
}

/* Payload length one beyond the frame: an error when the frame really
 * ended, a snap cut when the wire had the byte. */
static void payload_length_beyond_frame_rejected(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = pb_ipv6_udp(b, 0);

	pb_be16(b + 4, 9);
	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_IPV6_LEN_GT_FRAME);
	pb_be16(b + 4, 0xffff);
	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_IPV6_LEN_GT_FRAME);

	pb_be16(b + 4, 9);
	pb_be16(b + 40 + 4, 9);
	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n + 1, &p), DC_L4);
	CU_ASSERT_EQUAL(p.warnings, 1u << DW_SNAP_TRUNCATED);
	CU_ASSERT_EQUAL(p.ip_len, 49);
	CU_ASSERT_EQUAL(p.payload_len, 1);
}

/* Bytes after Payload Length are a trailer, not UDP data. */
static void payload_length_below_frame_clips_trailer(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = pb_ipv6_udp(b, 4);
	memset(b + n, 0xee, 6);

	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n + 6, n + 6, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 4);
}

static void full_ext_chain_reaches_tcp(void)
{
	uint8_t b[160];
	struct packet p;
	size_t n = ipv6_full_chain_tcp(b);

	CU_ASSERT_EQUAL(n, 40 + 72 + 30);
	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L4);
	PB_ASSERT_CLEAN(p, DC_L4);
	CU_ASSERT_EQUAL(p.ip_ver, 6);
	CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_TCP);
	CU_ASSERT_EQUAL(p.l4_seen, 1);
	CU_ASSERT_EQUAL(p.frag, FRAG_NONE); /* atomic fragment: offset 0, no M */
	CU_ASSERT_EQUAL(p.ip_len, 142);
	CU_ASSERT_EQUAL(p.l4_len, 30);
	CU_ASSERT_EQUAL(p.sport, 40000);
	CU_ASSERT_EQUAL(p.dport, 443);
	CU_ASSERT_EQUAL(p.tcp_flags, TCP_SYN);
	CU_ASSERT_EQUAL(p.tcp_seq, PB_TCP_SEQ);
	CU_ASSERT_EQUAL(p.payload_len, 10);
	CU_ASSERT_EQUAL(memcmp(p.src, PB_V6_SRC, 16), 0);
	CU_ASSERT_EQUAL(memcmp(p.dst, PB_V6_DST, 16), 0);
}

/* Cuts inside the 72 bytes of extension headers, three ways: a frame
 * that really ended (Payload Length then lies), a snap length, and a
 * Payload Length that agrees with the cut. */
static void ext_chain_cut_names_each_part(void)
{
	uint8_t b[160];
	struct packet p;
	size_t n = ipv6_full_chain_tcp(b);

	PB_ASSERT_CUTS(LT_IPV6, b, 40, n, 0, DE_IPV6_LEN_GT_FRAME);
	PB_ASSERT_CUTS(LT_IPV6, b, 40, 112, n, DE_IPV6_EXT_TRUNCATED);
	PB_ASSERT_CUTS(LT_IPV6, b, 112, 132, n, DE_TCP_TRUNCATED);
	PB_ASSERT_CUTS(LT_IPV6, b, 132, n, n, DE_OK); /* TCP payload cut */
	for (size_t cut = 40; cut < 132; cut++) {
		pb_be16(b + 4, (uint16_t)(cut - 40));
		pb_decode(LT_IPV6, b, cut, cut, &p);
		CU_ASSERT_EQUAL(p.err, cut < 112 ? DE_IPV6_EXT_TRUNCATED
						 : DE_TCP_TRUNCATED);
		CU_ASSERT_EQUAL(p.ip_ver, 6);
	}
}

/* A hop-by-hop header whose length (88 bytes) runs past the payload. */
static void ext_length_beyond_payload_truncated(void)
{
	uint8_t b[128];
	struct packet p;
	size_t n = PB_IPV6_LEN + ext_generic(b + PB_IPV6_LEN, NH_NONE, 0);
	n += pb_fill(b + n, 8);
	pb_ipv6(b, NH_HOPOPTS, 16);
	b[PB_IPV6_LEN + 1] = 10;

	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_IPV6_EXT_TRUNCATED);
	CU_ASSERT_EQUAL(p.ip_ver, 6);
	CU_ASSERT_EQUAL(memcmp(p.src, PB_V6_SRC, 16), 0);
}

/* ESP: the rest is encrypted; the packet is IP, the transport unknown. */
static void esp_ends_at_l3(void)
{
	uint8_t b[128];
	struct packet p;
	size_t n = PB_IPV6_LEN + ext_generic(b + PB_IPV6_LEN, NH_ESP, 0);
	pb_be32(b + n, 0x1001);  /* SPI */
	pb_be32(b + n + 4, 7);   /* sequence */
	n += 8;
	n += pb_fill(b + n, 24);
	pb_ipv6(b, NH_HOPOPTS, (uint16_t)(n - PB_IPV6_LEN));

	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L3_ONLY);
	PB_ASSERT_CLEAN(p, DC_L3_ONLY);
	CU_ASSERT_EQUAL(p.l4_proto, NH_ESP);
	CU_ASSERT_EQUAL(p.l4_seen, 0);
	CU_ASSERT_EQUAL(p.ip_len, 40 + 8 + 32);
	CU_ASSERT_EQUAL(p.l4_len, 32);
	CU_ASSERT_EQUAL(p.sport, 0);
}

/* No next header (59): nothing follows, whatever bytes are there. */
static void no_next_header_ends_at_l3(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = PB_IPV6_LEN + ext_generic(b + PB_IPV6_LEN, NH_NONE, 0);
	n += pb_fill(b + n, 4);
	pb_ipv6(b, NH_DSTOPTS, (uint16_t)(n - PB_IPV6_LEN));

	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L3_ONLY);
	PB_ASSERT_CLEAN(p, DC_L3_ONLY);
	CU_ASSERT_EQUAL(p.l4_proto, NH_NONE);
	CU_ASSERT_EQUAL(p.l4_len, 4);

	/* Straight after the fixed header, with an empty payload. */
	n = pb_ipv6(b, NH_NONE, 0);
	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L3_ONLY);
	CU_ASSERT_EQUAL(p.l4_proto, NH_NONE);
	CU_ASSERT_EQUAL(p.ip_len, 40);
	CU_ASSERT_EQUAL(p.l4_len, 0);
}

/* Offset 0 with M set: the UDP header is here, and its length counts
 * the whole datagram (1000 bytes), more than this fragment holds. */
static void first_fragment_decodes_ports(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = PB_IPV6_LEN + ext_fragment(b + PB_IPV6_LEN, IPPROTO_NUM_UDP,
					      0, 1);
	n += pb_udp(b + n, 40001, 53, 1000);
	n += pb_fill(b + n, 16);
	pb_ipv6(b, NH_FRAGMENT, (uint16_t)(n - PB_IPV6_LEN));

	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L4);
	PB_ASSERT_CLEAN(p, DC_L4);
	CU_ASSERT_EQUAL(p.frag, FRAG_FIRST);
	CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_UDP);
	CU_ASSERT_EQUAL(p.l4_len, 24);
	CU_ASSERT_EQUAL(p.sport, 40001);
	CU_ASSERT_EQUAL(p.dport, 53);
	CU_ASSERT_EQUAL(p.payload_len, 992);
}

/* Offset 185: mid-datagram bytes, never decoded as a transport. */
static void later_fragment_stops_at_l3(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = PB_IPV6_LEN + ext_fragment(b + PB_IPV6_LEN, IPPROTO_NUM_TCP,
					      185, 1);
	n += pb_fill(b + n, 16);
	pb_ipv6(b, NH_FRAGMENT, (uint16_t)(n - PB_IPV6_LEN));

	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L3_ONLY);
	PB_ASSERT_CLEAN(p, DC_L3_ONLY);
	CU_ASSERT_EQUAL(p.frag, FRAG_LATER);
	CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_TCP);
	CU_ASSERT_EQUAL(p.l4_seen, 0);
	CU_ASSERT_EQUAL(p.l4_len, 16);
	CU_ASSERT_EQUAL(p.sport, 0);
	CU_ASSERT_EQUAL(p.tcp_flags, 0);

	/* The last fragment (M clear) too. */
	b[PB_IPV6_LEN + 3] &= 0xfe;
	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L3_ONLY);
	CU_ASSERT_EQUAL(p.frag, FRAG_LATER);
}

/* count alternating hop-by-hop / destination options headers, then UDP. */
static size_t ipv6_ext_run_udp(uint8_t *b, int count)
{
	size_t n = PB_IPV6_LEN;
	for (int i = 0; i < count; i++) {
		uint8_t next = i + 1 == count ? IPPROTO_NUM_UDP
			     : (i % 2 ? NH_HOPOPTS : NH_DSTOPTS);
		n += ext_generic(b + n, next, 0);
	}
	n += pb_udp(b + n, 40001, 53, 8);
	pb_ipv6(b, NH_HOPOPTS, (uint16_t)(n - PB_IPV6_LEN));
	return n;
}

static void sixteen_ext_headers_walked(void)
{
	uint8_t b[256];
	struct packet p;
	size_t n = ipv6_ext_run_udp(b, 16); /* IPV6_MAX_EXT_HEADERS */

	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L4);
	PB_ASSERT_CLEAN(p, DC_L4);
	CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_UDP);
	CU_ASSERT_EQUAL(p.l4_len, 8);
	CU_ASSERT_EQUAL(p.sport, 40001);
}

static void seventeen_ext_headers_too_many(void)
{
	uint8_t b[512];
	struct packet p;

	for (int count = 17; count <= 40; count++) {
		size_t n = ipv6_ext_run_udp(b, count);
		CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_ERROR);
		CU_ASSERT_EQUAL(p.err, DE_IPV6_EXT_TOO_MANY);
	}
}

/* Payload Length 0 behind a hop-by-hop header is a jumbogram (RFC 2675):
 * the frame gives the length. */
static void jumbogram_uses_frame_length(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = PB_IPV6_LEN + ext_generic(b + PB_IPV6_LEN, IPPROTO_NUM_TCP, 0);
	n += pb_tcp(b + n, 40000, 443, TCP_SYN);
	n += pb_fill(b + n, 4);
	pb_ipv6(b, NH_HOPOPTS, 0);

	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L4);
	PB_ASSERT_CLEAN(p, DC_L4);
	CU_ASSERT_EQUAL(p.ip_len, n);
	CU_ASSERT_EQUAL(p.l4_len, 24);
	CU_ASSERT_EQUAL(p.payload_len, 4);
}

/* Without a hop-by-hop header, Payload Length 0 with a header after it
 * is a BIG TCP / GSO super-packet: the frame gives the length, warned as
 * ipv6.gso_zero_len. Behind No Next Header (59) it means empty. */
static void zero_payload_length_uses_frame(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = pb_ipv6_tcp(b, 0);
	pb_be16(b + 4, 0);

	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L4);
	CU_ASSERT_EQUAL(p.err, DE_OK);
	CU_ASSERT_EQUAL(p.warnings, 1u << DW_IPV6_GSO_LEN0);
	CU_ASSERT_EQUAL(p.ip_len, n);
	CU_ASSERT_EQUAL(p.l4_len, n - 40);

	b[6] = 59; /* No Next Header */
	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L3_ONLY);
	CU_ASSERT_EQUAL(p.warnings, 0);
	CU_ASSERT_EQUAL(p.ip_len, 40);
}

/* Mobility (135) is walked like the option headers. */
static void mobility_header_walked(void)
{
	uint8_t b[128];
	struct packet p;
	size_t n = PB_IPV6_LEN + ext_generic(b + PB_IPV6_LEN, IPPROTO_NUM_TCP, 1);
	n += pb_tcp(b + n, 40000, 443, TCP_SYN);
	pb_ipv6(b, NH_MOBILITY, (uint16_t)(n - PB_IPV6_LEN));

	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L4);
	PB_ASSERT_CLEAN(p, DC_L4);
	CU_ASSERT_EQUAL(p.l4_len, 20);
	CU_ASSERT_EQUAL(p.dport, 443);
}

static void unknown_upper_protocol_is_l3_only(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = PB_IPV6_LEN + ext_generic(b + PB_IPV6_LEN, PROTO_GRE, 0);
	n += pb_fill(b + n, 12);
	pb_ipv6(b, NH_DSTOPTS, (uint16_t)(n - PB_IPV6_LEN));

	CU_ASSERT_EQUAL(pb_decode(LT_IPV6, b, n, n, &p), DC_L3_ONLY);
	PB_ASSERT_CLEAN(p, DC_L3_ONLY);
	CU_ASSERT_EQUAL(p.l4_proto, PROTO_GRE);
	CU_ASSERT_EQUAL(p.l4_seen, 1);
	CU_ASSERT_EQUAL(p.l4_len, 12);
}

static const struct pb_test tests[] = {
	{ "linktype_ipv6_tcp_every_field_decoded",
	  linktype_ipv6_tcp_every_field_decoded },
	{ "cut_names_each_layer", cut_names_each_layer },
	{ "bad_version_rejected", bad_version_rejected },
	{ "payload_length_beyond_frame_rejected",
	  payload_length_beyond_frame_rejected },
	{ "payload_length_below_frame_clips_trailer",
	  payload_length_below_frame_clips_trailer },
	{ "full_ext_chain_reaches_tcp", full_ext_chain_reaches_tcp },
	{ "ext_chain_cut_names_each_part", ext_chain_cut_names_each_part },
	{ "ext_length_beyond_payload_truncated",
	  ext_length_beyond_payload_truncated },
	{ "esp_ends_at_l3", esp_ends_at_l3 },
	{ "no_next_header_ends_at_l3", no_next_header_ends_at_l3 },
	{ "first_fragment_decodes_ports", first_fragment_decodes_ports },
	{ "later_fragment_stops_at_l3", later_fragment_stops_at_l3 },
	{ "sixteen_ext_headers_walked", sixteen_ext_headers_walked },
	{ "seventeen_ext_headers_too_many", seventeen_ext_headers_too_many },
	{ "jumbogram_uses_frame_length", jumbogram_uses_frame_length },
	{ "zero_payload_length_uses_frame", zero_payload_length_uses_frame },
	{ "mobility_header_walked", mobility_header_walked },
	{ "unknown_upper_protocol_is_l3_only", unknown_upper_protocol_is_l3_only },
};

int test_ipv6_register(void)
{
	return pb_register("ipv6", tests, sizeof(tests) / sizeof(tests[0]));
}
