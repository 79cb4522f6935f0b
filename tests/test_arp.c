/* tests/test_arp.c - ARP (dissectors/arp.c) through decode_packet().
 * Request, reply, gratuitous ARP and an RFC 5227 probe with every field
 * checked; ARP after a VLAN tag and in Linux SLL/SLL2; another hardware
 * type (header only); hlen/plen that do not fit their types; and the cut
 * of a valid frame at every length, which must name arp.truncated_header
 * once the Ethernet header is whole (ASan catches any stray read: the
 * decode helpers copy into an exact-size buffer). */
#include <CUnit/CUnit.h>
#include "pktbuild.h"
#include "dissectors/arp.h"

enum { ET_ARP = 0x0806, TPID_8021Q = 0x8100, ARP_LEN = 28,
       SLL_LEN = 16, SLL2_LEN = 20, ARPHRD_ETHER = 1, ARPHRD_IEEE802 = 6 };

static const uint8_t mac_a[6] = { 2, 0, 0, 0, 0, 0xa };
static const uint8_t mac_b[6] = { 2, 0, 0, 0, 0, 0xb };
static const uint8_t mac_zero[6];
static const uint8_t ip_a[4] = { 192, 0, 2, 1 };
static const uint8_t ip_b[4] = { 192, 0, 2, 2 };
static const uint8_t ip_zero[4];

/* Ethernet/IPv4 ARP body (RFC 826): 28 bytes. */
static size_t arp_body(uint8_t *b, uint16_t op, const uint8_t sha[6],
		       const uint8_t spa[4], const uint8_t tha[6],
		       const uint8_t tpa[4])
{
	pb_be16(b, 1);
	pb_be16(b + 2, 0x0800);
	b[4] = 6;
	b[5] = 4;
	pb_be16(b + 6, op);
	memcpy(b + 8, sha, 6);
	memcpy(b + 14, spa, 4);
	memcpy(b + 18, tha, 6);
	memcpy(b + 24, tpa, 4);
	return ARP_LEN;
}

/* Ethernet + who-has ip_b tell ip_a. */
static size_t eth_arp_request(uint8_t *b)
{
	size_t n = pb_eth(b, ET_ARP);
	return n + arp_body(b + n, ARP_OP_REQUEST, mac_a, ip_a, mac_zero, ip_b);
}

#define ASSERT_ARP(p, op_, sha_, spa_, tha_, tpa_)                           \
	do {                                                                 \
		PB_ASSERT_CLEAN(p, DC_NON_IP);                               \
		CU_ASSERT_EQUAL((p).nonip_kind, ET_ARP);                     \
		CU_ASSERT_EQUAL((p).ip_ver, 0);                              \
		CU_ASSERT_EQUAL((p).arp.present, 1);                         \
		CU_ASSERT_EQUAL((p).arp.eth_ipv4, 1);                        \
		CU_ASSERT_EQUAL((p).arp.op, (op_));                          \
		CU_ASSERT_EQUAL(memcmp((p).arp.sha, (sha_), 6), 0);          \
		CU_ASSERT_EQUAL(memcmp((p).arp.spa, (spa_), 4), 0);          \
		CU_ASSERT_EQUAL(memcmp((p).arp.tha, (tha_), 6), 0);          \
		CU_ASSERT_EQUAL(memcmp((p).arp.tpa, (tpa_), 4), 0);          \
	} while (0)

/* Build one Ethernet/IPv4 ARP, decode it, check every field and what the
 * two helpers say about it. */
static void check_eth_arp(uint16_t op, const uint8_t sha[6],
			  const uint8_t spa[4], const uint8_t tha[6],
			  const uint8_t tpa[4], int gratuitous, int probe)
{
	uint8_t b[64];
	struct packet p;
	size_t n = pb_eth(b, ET_ARP);
	n += arp_body(b + n, op, sha, spa, tha, tpa);

	CU_ASSERT_EQUAL(n, 42);
	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_NON_IP);
	ASSERT_ARP(p, op, sha, spa, tha, tpa);
	CU_ASSERT_EQUAL(arp_is_gratuitous(&p.arp), gratuitous);
	CU_ASSERT_EQUAL(arp_is_probe(&p.arp), probe);
}

static void request_every_field_decoded(void)
{
	check_eth_arp(ARP_OP_REQUEST, mac_a, ip_a, mac_zero, ip_b, 0, 0);
}

static void reply_every_field_decoded(void)
{
	check_eth_arp(ARP_OP_REPLY, mac_b, ip_b, mac_a, ip_a, 0, 0);
}

/* Ethernet pads the 42-byte frame to 60: the pad is not read. */
static void padded_minimum_frame_decodes(void)
{
	uint8_t b[60];
	struct packet p;
	size_t n = eth_arp_request(b);

	memset(b + n, 0xee, sizeof(b) - n);
	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, sizeof(b), sizeof(b), &p),
			DC_NON_IP);
	ASSERT_ARP(p, ARP_OP_REQUEST, mac_a, ip_a, mac_zero, ip_b);
}

/* arping -U (request) and arping -A (reply): sender == target address. */
static void gratuitous_request_and_reply_recognised(void)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	check_eth_arp(ARP_OP_REQUEST, mac_a, ip_a, mac_zero, ip_a, 1, 0);
	check_eth_arp(ARP_OP_REPLY, mac_a, ip_a, bcast, ip_a, 1, 0);
}

/* RFC 5227 s2.1.1: sender 0.0.0.0, target the candidate address. A probe
 * for 0.0.0.0 itself is still a probe and not gratuitous; a reply from
 * 0.0.0.0 is no probe. */
static void probe_recognised_not_gratuitous(void)
{
	check_eth_arp(ARP_OP_REQUEST, mac_a, ip_zero, mac_zero, ip_b, 0, 1);
	check_eth_arp(ARP_OP_REQUEST, mac_a, ip_zero, mac_zero, ip_zero, 0, 1);
	check_eth_arp(ARP_OP_REPLY, mac_a, ip_zero, mac_b, ip_b, 0, 0);
}

/* The helpers say no for a frame that is not ARP at all. */
static void helpers_false_without_arp(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = pb_eth(b, 0x0800);
	n += pb_ipv4_tcp(b + n, 0);

	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_L4);
	CU_ASSERT_EQUAL(p.arp.present, 0);
	CU_ASSERT_FALSE(arp_is_gratuitous(&p.arp));
	CU_ASSERT_FALSE(arp_is_probe(&p.arp));
}

static void vlan_tagged_arp_decoded_with_tag(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = pb_eth(b, TPID_8021Q);
	pb_be16(b + n, 42);
	pb_be16(b + n + 2, ET_ARP);
	n += 4;
	n += arp_body(b + n, ARP_OP_REPLY, mac_b, ip_b, mac_a, ip_a);

	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_NON_IP);
	ASSERT_ARP(p, ARP_OP_REPLY, mac_b, ip_b, mac_a, ip_a);
	CU_ASSERT_EQUAL(p.vlan_id, 42);
	CU_ASSERT_EQUAL(p.vlan_depth, 1);
	PB_ASSERT_CUTS(LT_EN10MB, b, 18, n, 0, DE_ARP_TRUNCATED);
}

/* Linux cooked captures name ARP by the protocol field. */
static void sll_and_sll2_arp_decoded(void)
{
	uint8_t b[64] = { 0 };
	struct packet p;

	pb_be16(b + 2, ARPHRD_ETHER);
	pb_be16(b + 14, ET_ARP);
	size_t n = SLL_LEN + arp_body(b + SLL_LEN, ARP_OP_REQUEST, mac_a, ip_a,
				      mac_zero, ip_b);
	CU_ASSERT_EQUAL(pb_decode(LT_LINUX_SLL, b, n, n, &p), DC_NON_IP);
	ASSERT_ARP(p, ARP_OP_REQUEST, mac_a, ip_a, mac_zero, ip_b);
	PB_ASSERT_CUTS(LT_LINUX_SLL, b, SLL_LEN, n, 0, DE_ARP_TRUNCATED);

	memset(b, 0, sizeof(b));
	pb_be16(b, ET_ARP);
	pb_be16(b + 8, ARPHRD_ETHER);
	n = SLL2_LEN + arp_body(b + SLL2_LEN, ARP_OP_REPLY, mac_b, ip_b, mac_a,
				ip_a);
	CU_ASSERT_EQUAL(pb_decode(LT_LINUX_SLL2, b, n, n, &p), DC_NON_IP);
	ASSERT_ARP(p, ARP_OP_REPLY, mac_b, ip_b, mac_a, ip_a);
	PB_ASSERT_CUTS(LT_LINUX_SLL2, b, SLL2_LEN, n, 0, DE_ARP_TRUNCATED);
}

/* IEEE 802 hardware (htype 6) and an unknown protocol type: the fixed
 * header is kept, the addresses are not copied but must be present. */
static void other_types_keep_header_only(void)
{
	uint8_t b[80] = { 0 };
	struct packet p;
	size_t n = pb_eth(b, ET_ARP);
	pb_be16(b + n, ARPHRD_IEEE802);
	pb_be16(b + n + 2, 0x0800);
	b[n + 4] = 6;
	b[n + 5] = 4;
	pb_be16(b + n + 6, ARP_OP_REPLY);
	n += ARP_LEN;

	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_NON_IP);
	PB_ASSERT_CLEAN(p, DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, ET_ARP);
	CU_ASSERT_EQUAL(p.arp.present, 1);
	CU_ASSERT_EQUAL(p.arp.eth_ipv4, 0);
	CU_ASSERT_EQUAL(p.arp.op, ARP_OP_REPLY);
	CU_ASSERT_FALSE(arp_is_gratuitous(&p.arp));
	PB_ASSERT_CUTS(LT_EN10MB, b, PB_ETH_LEN, n, 0, DE_ARP_TRUNCATED);

	/* Ethernet with a 16-byte protocol address (no such ptype is IPv4):
	 * 2 * (6 + 16) address bytes follow the fixed header. */
	pb_be16(b + PB_ETH_LEN, ARPHRD_ETHER);
	pb_be16(b + PB_ETH_LEN + 2, 0x86dd);
	b[PB_ETH_LEN + 5] = 16;
	n = PB_ETH_LEN + 8 + 2 * (6 + 16);
	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_NON_IP);
	CU_ASSERT_EQUAL(p.arp.present, 1);
	CU_ASSERT_EQUAL(p.arp.eth_ipv4, 0);
	CU_ASSERT_EQUAL(pb_cut_err(LT_EN10MB, b, n - 1, 0), DE_ARP_TRUNCATED);
}

/* hlen/plen that contradict htype 1 / ptype 0x0800 are named, and nothing
 * of the ARP is kept. */
static void wrong_lengths_are_bad_lengths(void)
{
	static const uint8_t bad[][2] = { { 8, 4 }, { 6, 16 }, { 0, 0 }, { 6, 0 } };
	uint8_t b[64];
	struct packet p;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t n = eth_arp_request(b);
		b[PB_ETH_LEN + 4] = bad[i][0];
		b[PB_ETH_LEN + 5] = bad[i][1];
		CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_ERROR);
		CU_ASSERT_EQUAL(p.err, DE_ARP_BAD_LENGTHS);
		CU_ASSERT_EQUAL(p.arp.present, 0);
		CU_ASSERT_EQUAL(p.nonip_kind, 0);
	}
	/* IPv4 over a non-Ethernet htype with a 6-byte hlen is fine, a
	 * 4-byte plen is required. */
	size_t n = eth_arp_request(b);
	pb_be16(b + PB_ETH_LEN, ARPHRD_IEEE802);
	b[PB_ETH_LEN + 5] = 6;
	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_ARP_BAD_LENGTHS);
}

/* Every cut of a valid request: Ethernet first, then the ARP header and
 * addresses, whether the frame really ended or a snap length cut it. */
static void every_cut_is_named(void)
{
	uint8_t b[64];
	size_t n = eth_arp_request(b);

	PB_ASSERT_CUTS(LT_EN10MB, b, 0, PB_ETH_LEN, 0, DE_ETH_TRUNCATED);
	PB_ASSERT_CUTS(LT_EN10MB, b, PB_ETH_LEN, n, 0, DE_ARP_TRUNCATED);
	PB_ASSERT_CUTS(LT_EN10MB, b, PB_ETH_LEN, n, n, DE_ARP_TRUNCATED);
	CU_ASSERT_EQUAL(pb_cut_err(LT_EN10MB, b, n, 0), DE_OK);
}

/* Appended after decode.too_many_layers, never renumbered; report keys. */
static void error_names_are_stable(void)
{
	CU_ASSERT_EQUAL(DE_ARP_TRUNCATED, DE_TOO_MANY_LAYERS + 1);
	CU_ASSERT_EQUAL(DE_ARP_BAD_LENGTHS, DE_TOO_MANY_LAYERS + 2);
	CU_ASSERT_STRING_EQUAL(decode_err_name(DE_ARP_TRUNCATED),
			       "arp.truncated_header");
	CU_ASSERT_STRING_EQUAL(decode_err_name(DE_ARP_BAD_LENGTHS),
			       "arp.bad_lengths");
}

static const struct pb_test tests[] = {
	{ "request_every_field_decoded", request_every_field_decoded },
	{ "reply_every_field_decoded", reply_every_field_decoded },
	{ "padded_minimum_frame_decodes", padded_minimum_frame_decodes },
	{ "gratuitous_request_and_reply_recognised",
	  gratuitous_request_and_reply_recognised },
	{ "probe_recognised_not_gratuitous", probe_recognised_not_gratuitous },
	{ "helpers_false_without_arp", helpers_false_without_arp },
	{ "vlan_tagged_arp_decoded_with_tag", vlan_tagged_arp_decoded_with_tag },
	{ "sll_and_sll2_arp_decoded", sll_and_sll2_arp_decoded },
	{ "other_types_keep_header_only", other_types_keep_header_only },
	{ "wrong_lengths_are_bad_lengths", wrong_lengths_are_bad_lengths },
	{ "every_cut_is_named", every_cut_is_named },
	{ "error_names_are_stable", error_names_are_stable },
};

int test_arp_register(void)
{
	return pb_register("arp", tests, sizeof(tests) / sizeof(tests[0]));
}
