/* tests/test_vlan.c - 802.1Q tags, 802.1ad and old 0x9100 QinQ stacks,
 * and the E-TAG / VN-Tag headers that sit where a tag sits
 * (dissectors/vlan.c). Checks the outer VLAN id and the stack depth, the
 * PCP/DEI bits kept out of the id, every cut inside a tag, and that a
 * frame of hundreds of tags is walked to its end without overflow. */
#include <CUnit/CUnit.h>
#include "pktbuild.h"

enum { ET_IPV4 = 0x0800, ET_IPV6 = 0x86dd, ET_ARP = 0x0806,
       TPID_8021Q = 0x8100, TPID_8021AD = 0x88a8, TPID_QINQ_OLD = 0x9100,
       TPID_ETAG = 0x893f, TPID_VNTAG = 0x8926 };

/* One 802.1Q-style tag body: TCI, then the next EtherType. */
static size_t tag(uint8_t *b, uint16_t tci, uint16_t next)
{
	pb_be16(b, tci);
	pb_be16(b + 2, next);
	return 4;
}

static void single_tag_decodes_ipv4_tcp(void)
{
	uint8_t b[80];
	struct packet p;
	size_t n = pb_eth(b, TPID_8021Q);
	n += tag(b + n, 100, ET_IPV4);
	n += pb_ipv4_tcp(b + n, 2);

	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 2);
	CU_ASSERT_EQUAL(p.vlan_id, 100);
	CU_ASSERT_EQUAL(p.vlan_depth, 1);
}

/* PCP 7 and DEI 1 around VID 0xabc: only the 12 VID bits are the id. */
static void priority_and_dei_bits_not_in_vlan_id(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = pb_eth(b, TPID_8021Q);
	n += tag(b + n, 0xf000 | 0xabc, ET_IPV6);
	n += pb_ipv6_udp(b + n, 0);

	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 0);
	CU_ASSERT_EQUAL(p.vlan_id, 0xabc);
	CU_ASSERT_EQUAL(p.vlan_depth, 1);
}

/* 802.1ad service tag (S-VID 200) outside a customer tag (C-VID 300). */
static void double_tag_keeps_outer_id(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = pb_eth(b, TPID_8021AD);
	n += tag(b + n, 200, TPID_8021Q);
	n += tag(b + n, 300, ET_IPV4);
	n += pb_ipv4_tcp(b + n, 0);

	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	CU_ASSERT_EQUAL(p.vlan_id, 200);
	CU_ASSERT_EQUAL(p.vlan_depth, 2);
}

static void triple_tag_keeps_outer_id(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = pb_eth(b, TPID_QINQ_OLD);
	n += tag(b + n, 7, TPID_8021AD);
	n += tag(b + n, 8, TPID_8021Q);
	n += tag(b + n, 9, ET_IPV4);
	n += pb_ipv4_udp(b + n, 3);

	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_UDP(p, 3);
	CU_ASSERT_EQUAL(p.vlan_id, 7);
	CU_ASSERT_EQUAL(p.vlan_depth, 3);
}

/* A tagged ARP is non-IP, and the tag is still reported. */
static void tagged_arp_is_non_ip_with_vlan(void)
{
	uint8_t b[64] = { 0 };
	struct packet p;
	size_t n = pb_eth(b, TPID_8021Q);
	n += tag(b + n, 42, ET_ARP);

	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, sizeof(b), sizeof(b), &p),
			DC_NON_IP);
	PB_ASSERT_CLEAN(p, DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, ET_ARP);
	CU_ASSERT_EQUAL(p.vlan_id, 42);
	CU_ASSERT_EQUAL(p.vlan_depth, 1);
}

/* Cuts inside either tag of a double stack name the tag; the first
 * byte after the stack belongs to IPv4. */
static void cut_inside_tags_is_vlan_truncated(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = pb_eth(b, TPID_8021AD);
	n += tag(b + n, 200, TPID_8021Q);
	n += tag(b + n, 300, ET_IPV4);
	n += pb_ipv4_tcp(b + n, 0);

	PB_ASSERT_CUTS(LT_EN10MB, b, 0, 14, 0, DE_ETH_TRUNCATED);
	PB_ASSERT_CUTS(LT_EN10MB, b, 14, 22, 0, DE_VLAN_TRUNCATED);
	PB_ASSERT_CUTS(LT_EN10MB, b, 22, 42, 0, DE_IPV4_TRUNCATED);
	PB_ASSERT_CUTS(LT_EN10MB, b, 42, n, 0, DE_IPV4_LEN_GT_FRAME);
	PB_ASSERT_CUTS(LT_EN10MB, b, 42, n, n, DE_TCP_TRUNCATED);
	/* The outer tag decoded before the inner one was cut stays. */
	pb_decode(LT_EN10MB, b, 20, 20, &p);
	CU_ASSERT_EQUAL(p.err, DE_VLAN_TRUNCATED);
	CU_ASSERT_EQUAL(p.vlan_id, 200);
	CU_ASSERT_EQUAL(p.vlan_depth, 1);
}

/* 802.1BR E-TAG: 6 bytes after the TPID, then the EtherType. Not a VLAN. */
static void etag_skipped_to_ipv4(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = pb_eth(b, TPID_ETAG);
	memset(b + n, 0x77, 6);
	n += 6;
	pb_be16(b + n, ET_IPV4);
	n += 2;
	n += pb_ipv4_tcp(b + n, 0);

	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	CU_ASSERT_EQUAL(p.vlan_depth, 0);
	CU_ASSERT_EQUAL(p.vlan_id, 0);
	PB_ASSERT_CUTS(LT_EN10MB, b, 14, 22, 0, DE_VLAN_TRUNCATED);
	PB_ASSERT_CUTS(LT_EN10MB, b, 22, 42, 0, DE_IPV4_TRUNCATED);
}

/* Cisco VN-Tag: 4 bytes, then an 802.1Q tag that is the outer VLAN. */
static void vntag_skipped_then_vlan_counted(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = pb_eth(b, TPID_VNTAG);
	memset(b + n, 0x55, 4);
	n += 4;
	pb_be16(b + n, TPID_8021Q);
	n += 2;
	n += tag(b + n, 0x123, ET_IPV4);
	n += pb_ipv4_tcp(b + n, 0);

	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	CU_ASSERT_EQUAL(p.vlan_id, 0x123);
	CU_ASSERT_EQUAL(p.vlan_depth, 1);
	PB_ASSERT_CUTS(LT_EN10MB, b, 14, 24, 0, DE_VLAN_TRUNCATED);
}

/* 300 stacked tags: walked in a loop to the IP packet; the depth
 * saturates at 255 instead of wrapping to 44. */
static void hundreds_of_tags_depth_saturates(void)
{
	enum { TAGS = 300 };
	uint8_t b[14 + 4 * TAGS + 64];
	struct packet p;
	size_t n = pb_eth(b, TPID_8021Q);
	for (int i = 0; i < TAGS; i++)
		n += tag(b + n, (uint16_t)(i + 1),
			 i + 1 < TAGS ? TPID_8021Q : ET_IPV4);
	n += pb_ipv4_tcp(b + n, 0);

	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	CU_ASSERT_EQUAL(p.vlan_id, 1);
	CU_ASSERT_EQUAL(p.vlan_depth, 255);
	/* Cut after the last tag: the stack is whole, the IP is not. */
	CU_ASSERT_EQUAL(pb_cut_err(LT_EN10MB, b, 14 + 4 * TAGS, 0),
			DE_IPV4_TRUNCATED);
	CU_ASSERT_EQUAL(pb_cut_err(LT_EN10MB, b, 14 + 4 * TAGS - 1, 0),
			DE_VLAN_TRUNCATED);
}

static const struct pb_test tests[] = {
	{ "single_tag_decodes_ipv4_tcp", single_tag_decodes_ipv4_tcp },
	{ "priority_and_dei_bits_not_in_vlan_id",
	  priority_and_dei_bits_not_in_vlan_id },
	{ "double_tag_keeps_outer_id", double_tag_keeps_outer_id },
	{ "triple_tag_keeps_outer_id", triple_tag_keeps_outer_id },
	{ "tagged_arp_is_non_ip_with_vlan", tagged_arp_is_non_ip_with_vlan },
	{ "cut_inside_tags_is_vlan_truncated", cut_inside_tags_is_vlan_truncated },
	{ "etag_skipped_to_ipv4", etag_skipped_to_ipv4 },
	{ "vntag_skipped_then_vlan_counted", vntag_skipped_then_vlan_counted },
	{ "hundreds_of_tags_depth_saturates", hundreds_of_tags_depth_saturates },
};

int test_vlan_register(void)
{
	return pb_register("vlan", tests, sizeof(tests) / sizeof(tests[0]));
}
