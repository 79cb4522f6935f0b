/* tests/test_loopback.c - BSD loopback link types (dissectors/loopback.c):
 * DLT_NULL, whose 4-byte address family is in the capturing host's byte
 * order (both orders must decode), and DLT_LOOP, always network order.
 * Checks AF_INET, each platform's AF_INET6 (24 NetBSD, 28 FreeBSD,
 * 30 Darwin, 10 Linux), EtherType-valued families, unknown families
 * (non-IP), and the cuts of the 4-byte header. */
#include <CUnit/CUnit.h>
#include "pktbuild.h"

enum { AF_INET_ = 2 };

static const uint32_t af_inet6_values[] = { 24, 28, 30, 10 };

static size_t family_le(uint8_t *b, uint32_t af)
{
	b[0] = (uint8_t)af;
	b[1] = (uint8_t)(af >> 8);
	b[2] = (uint8_t)(af >> 16);
	b[3] = (uint8_t)(af >> 24);
	return 4;
}

static size_t family_be(uint8_t *b, uint32_t af)
{
	pb_be32(b, af);
	return 4;
}

static void null_little_endian_af_inet_decodes_ipv4(void)
{
	uint8_t b[80];
	struct packet p;
	size_t n = family_le(b, AF_INET_);
	n += pb_ipv4_tcp(b + n, 4);

	CU_ASSERT_EQUAL(b[0], 2);
	CU_ASSERT_EQUAL(pb_decode(LT_NULL, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 4);
	CU_ASSERT_EQUAL(p.linktype, LT_NULL);
}

/* A file written on a big-endian host: 00 00 00 02. */
static void null_big_endian_af_inet_decodes_ipv4(void)
{
	uint8_t b[80];
	struct packet p;
	size_t n = family_be(b, AF_INET_);
	n += pb_ipv4_tcp(b + n, 4);

	CU_ASSERT_EQUAL(b[3], 2);
	CU_ASSERT_EQUAL(pb_decode(LT_NULL, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 4);
}

static void null_every_af_inet6_both_orders_decodes_ipv6(void)
{
	uint8_t b[96];
	struct packet p;

	for (size_t i = 0; i < 4; i++) {
		size_t n = family_le(b, af_inet6_values[i]);
		n += pb_ipv6_udp(b + n, 2);
		CU_ASSERT_EQUAL(pb_decode(LT_NULL, b, n, n, &p), DC_L4);
		PB_ASSERT_IPV6_UDP(p, 2);

		family_be(b, af_inet6_values[i]);
		CU_ASSERT_EQUAL(pb_decode(LT_NULL, b, n, n, &p), DC_L4);
		PB_ASSERT_IPV6_UDP(p, 2);
	}
}

/* Some writers store the EtherType (0x0800, 0x86dd) instead. */
static void null_ethertype_family_decodes_ip(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = family_le(b, 0x0800);
	n += pb_ipv4_tcp(b + n, 0);
	CU_ASSERT_EQUAL(pb_decode(LT_NULL, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);

	n = family_be(b, 0x86dd);
	n += pb_ipv6_udp(b + n, 0);
	CU_ASSERT_EQUAL(pb_decode(LT_NULL, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 0);
}

/* The version nibble decides: an AF_INET header over an IPv6 packet
 * decodes as IPv6. */
static void null_family_mismatch_follows_version_nibble(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = family_le(b, AF_INET_);
	n += pb_ipv6_udp(b + n, 0);

	CU_ASSERT_EQUAL(pb_decode(LT_NULL, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 0);
}

static void null_af_inet_bad_version_rejected(void)
{
	uint8_t b[80];
	struct packet p;
	size_t n = family_le(b, AF_INET_);
	n += pb_ipv4_tcp(b + n, 0);
	b[4] = 0x55;

	CU_ASSERT_EQUAL(pb_decode(LT_NULL, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_IP_BAD_VERSION);
	CU_ASSERT_EQUAL(p.ip_ver, 0);
}

/* AF_APPLETALK (16) in either byte order: counted by family. */
static void null_unknown_family_is_non_ip(void)
{
	uint8_t b[40] = { 0 };
	struct packet p;

	family_le(b, 16);
	CU_ASSERT_EQUAL(pb_decode(LT_NULL, b, sizeof(b), sizeof(b), &p),
			DC_NON_IP);
	PB_ASSERT_CLEAN(p, DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, NONIP_AF_BASE | 16);

	family_be(b, 16);
	CU_ASSERT_EQUAL(pb_decode(LT_NULL, b, sizeof(b), sizeof(b), &p),
			DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, NONIP_AF_BASE | 16);
}

/* Cut 4 leaves no byte to read a version from: ip.bad_version. */
static void null_cut_names_each_layer(void)
{
	uint8_t b[80];
	size_t n = family_le(b, AF_INET_);
	n += pb_ipv4_tcp(b + n, 0);

	PB_ASSERT_CUTS(LT_NULL, b, 0, 4, 0, DE_NULL_TRUNCATED);
	PB_ASSERT_CUTS(LT_NULL, b, 4, 5, 0, DE_IP_BAD_VERSION);
	PB_ASSERT_CUTS(LT_NULL, b, 5, 24, 0, DE_IPV4_TRUNCATED);
	PB_ASSERT_CUTS(LT_NULL, b, 24, n, 0, DE_IPV4_LEN_GT_FRAME);
	PB_ASSERT_CUTS(LT_NULL, b, 24, n, n, DE_TCP_TRUNCATED);
}

static void loop_network_order_af_inet_decodes_ipv4(void)
{
	uint8_t b[80];
	struct packet p;
	size_t n = family_be(b, AF_INET_);
	n += pb_ipv4_tcp(b + n, 7);

	CU_ASSERT_EQUAL(pb_decode(LT_LOOP, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 7);
	CU_ASSERT_EQUAL(p.linktype, LT_LOOP);
}

static void loop_every_af_inet6_decodes_ipv6(void)
{
	uint8_t b[96];
	struct packet p;

	for (size_t i = 0; i < 4; i++) {
		size_t n = family_be(b, af_inet6_values[i]);
		n += pb_ipv6_udp(b + n, 0);
		CU_ASSERT_EQUAL(pb_decode(LT_LOOP, b, n, n, &p), DC_L4);
		PB_ASSERT_IPV6_UDP(p, 0);
	}
}

/* DLT_LOOP has no byte-order guess: little-endian AF_INET is 0x02000000,
 * an unknown family. */
static void loop_little_endian_family_is_non_ip(void)
{
	uint8_t b[80];
	struct packet p;
	size_t n = family_le(b, AF_INET_);
	n += pb_ipv4_tcp(b + n, 0);

	CU_ASSERT_EQUAL(pb_decode(LT_LOOP, b, n, n, &p), DC_NON_IP);
	PB_ASSERT_CLEAN(p, DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, NONIP_AF_BASE | 0);
}

static void loop_cut_names_each_layer(void)
{
	uint8_t b[96];
	size_t n = family_be(b, 28);
	n += pb_ipv6_udp(b + n, 0);

	PB_ASSERT_CUTS(LT_LOOP, b, 0, 4, 0, DE_NULL_TRUNCATED);
	PB_ASSERT_CUTS(LT_LOOP, b, 4, 5, 0, DE_IP_BAD_VERSION);
	PB_ASSERT_CUTS(LT_LOOP, b, 5, 44, 0, DE_IPV6_TRUNCATED);
	PB_ASSERT_CUTS(LT_LOOP, b, 44, n, 0, DE_IPV6_LEN_GT_FRAME);
	PB_ASSERT_CUTS(LT_LOOP, b, 44, n, n, DE_UDP_TRUNCATED);
}

static const struct pb_test tests[] = {
	{ "null_little_endian_af_inet_decodes_ipv4",
	  null_little_endian_af_inet_decodes_ipv4 },
	{ "null_big_endian_af_inet_decodes_ipv4",
	  null_big_endian_af_inet_decodes_ipv4 },
	{ "null_every_af_inet6_both_orders_decodes_ipv6",
	  null_every_af_inet6_both_orders_decodes_ipv6 },
	{ "null_ethertype_family_decodes_ip", null_ethertype_family_decodes_ip },
	{ "null_family_mismatch_follows_version_nibble",
	  null_family_mismatch_follows_version_nibble },
	{ "null_af_inet_bad_version_rejected", null_af_inet_bad_version_rejected },
	{ "null_unknown_family_is_non_ip", null_unknown_family_is_non_ip },
	{ "null_cut_names_each_layer", null_cut_names_each_layer },
	{ "loop_network_order_af_inet_decodes_ipv4",
	  loop_network_order_af_inet_decodes_ipv4 },
	{ "loop_every_af_inet6_decodes_ipv6", loop_every_af_inet6_decodes_ipv6 },
	{ "loop_little_endian_family_is_non_ip", loop_little_endian_family_is_non_ip },
	{ "loop_cut_names_each_layer", loop_cut_names_each_layer },
};

int test_loopback_register(void)
{
	return pb_register("loopback", tests, sizeof(tests) / sizeof(tests[0]));
}
