/* tests/test_sll.c - the Linux capture link types: cooked SLL (DLT 113)
 * and SLL2 (DLT 276) from `tcpdump -i any` (dissectors/sll.c), and NFLOG
 * (DLT 239) records (dissectors/nflog.c). Good packets with every field,
 * every cut of each header, the hatypes and protocols that are not IP,
 * and NFLOG TLVs whose length lies. */
#include <CUnit/CUnit.h>
#include "pktbuild.h"

enum { ET_IPV4 = 0x0800, ET_IPV6 = 0x86dd, ET_8021Q = 0x8100,
       ARPHRD_ETHER = 1, ARPHRD_CAN = 280, ARPHRD_NETLINK = 824,
       SLL_LEN = 16, SLL2_LEN = 20, NFULA_PAYLOAD = 9, NFULA_PREFIX = 10 };

/* SLL: packet type 0 (to us), hatype, address length 6, MAC, protocol. */
static size_t sll_hdr(uint8_t *b, uint16_t hatype, uint16_t proto)
{
	memset(b, 0, SLL_LEN);
	pb_be16(b + 2, hatype);
	pb_be16(b + 4, 6);
	memset(b + 6, 0x02, 6);
	pb_be16(b + 14, proto);
	return SLL_LEN;
}

/* SLL2: protocol, reserved, ifindex 3, hatype, packet type 4 (outgoing),
 * address length 6, MAC. */
static size_t sll2_hdr(uint8_t *b, uint16_t hatype, uint16_t proto)
{
	memset(b, 0, SLL2_LEN);
	pb_be16(b, proto);
	pb_be32(b + 4, 3);
	pb_be16(b + 8, hatype);
	b[10] = 4;
	b[11] = 6;
	memset(b + 12, 0x02, 6);
	return SLL2_LEN;
}

static void sll_decodes_ipv4_tcp(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = sll_hdr(b, ARPHRD_ETHER, ET_IPV4);
	n += pb_ipv4_tcp(b + n, 5);

	CU_ASSERT_EQUAL(pb_decode(LT_LINUX_SLL, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 5);
	CU_ASSERT_EQUAL(p.linktype, LT_LINUX_SLL);
	CU_ASSERT_EQUAL(p.vlan_depth, 0);
}

static void sll_decodes_ipv6_udp(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = sll_hdr(b, ARPHRD_ETHER, ET_IPV6);
	n += pb_ipv6_udp(b + n, 1);

	CU_ASSERT_EQUAL(pb_decode(LT_LINUX_SLL, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 1);
}

/* The protocol field is an EtherType, so a VLAN tag is walked too. */
static void sll_vlan_protocol_walks_tag(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = sll_hdr(b, ARPHRD_ETHER, ET_8021Q);
	pb_be16(b + n, 77);
	pb_be16(b + n + 2, ET_IPV4);
	n += 4;
	n += pb_ipv4_tcp(b + n, 0);

	CU_ASSERT_EQUAL(pb_decode(LT_LINUX_SLL, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	CU_ASSERT_EQUAL(p.vlan_id, 77);
	CU_ASSERT_EQUAL(p.vlan_depth, 1);
}

static void sll_cut_names_each_layer(void)
{
	uint8_t b[96];
	size_t n = sll_hdr(b, ARPHRD_ETHER, ET_IPV4);
	n += pb_ipv4_tcp(b + n, 0);

	PB_ASSERT_CUTS(LT_LINUX_SLL, b, 0, 16, 0, DE_SLL_TRUNCATED);
	PB_ASSERT_CUTS(LT_LINUX_SLL, b, 16, 36, 0, DE_IPV4_TRUNCATED);
	PB_ASSERT_CUTS(LT_LINUX_SLL, b, 36, n, 0, DE_IPV4_LEN_GT_FRAME);
	PB_ASSERT_CUTS(LT_LINUX_SLL, b, 16, 36, n, DE_IPV4_TRUNCATED);
	PB_ASSERT_CUTS(LT_LINUX_SLL, b, 36, n, n, DE_TCP_TRUNCATED);
}

/* Netlink monitor frames carry netlink messages, not an EtherType. */
static void sll_netlink_hatype_is_non_ip(void)
{
	uint8_t b[48] = { 0 };
	struct packet p;
	sll_hdr(b, ARPHRD_NETLINK, 0x0000);

	CU_ASSERT_EQUAL(pb_decode(LT_LINUX_SLL, b, sizeof(b), sizeof(b), &p),
			DC_NON_IP);
	PB_ASSERT_CLEAN(p, DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, NONIP_SLL_HATYPE | ARPHRD_NETLINK);
}

/* Protocol 0x0004: an 802.2 LLC frame follows (not an EtherType). */
static void sll_llc_protocol_is_non_ip(void)
{
	uint8_t b[40] = { 0 };
	struct packet p;
	sll_hdr(b, ARPHRD_ETHER, 0x0004);

	CU_ASSERT_EQUAL(pb_decode(LT_LINUX_SLL, b, sizeof(b), sizeof(b), &p),
			DC_NON_IP);
	PB_ASSERT_CLEAN(p, DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, NONIP_LLC);
}

static void sll2_decodes_ipv4_tcp(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = sll2_hdr(b, ARPHRD_ETHER, ET_IPV4);
	n += pb_ipv4_tcp(b + n, 9);

	CU_ASSERT_EQUAL(pb_decode(LT_LINUX_SLL2, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 9);
	CU_ASSERT_EQUAL(p.linktype, LT_LINUX_SLL2);
}

static void sll2_decodes_ipv6_udp(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = sll2_hdr(b, ARPHRD_ETHER, ET_IPV6);
	n += pb_ipv6_udp(b + n, 0);

	CU_ASSERT_EQUAL(pb_decode(LT_LINUX_SLL2, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 0);
}

static void sll2_cut_names_each_layer(void)
{
	uint8_t b[96];
	size_t n = sll2_hdr(b, ARPHRD_ETHER, ET_IPV4);
	n += pb_ipv4_tcp(b + n, 0);

	PB_ASSERT_CUTS(LT_LINUX_SLL2, b, 0, 20, 0, DE_SLL2_TRUNCATED);
	PB_ASSERT_CUTS(LT_LINUX_SLL2, b, 20, 40, 0, DE_IPV4_TRUNCATED);
	PB_ASSERT_CUTS(LT_LINUX_SLL2, b, 40, n, 0, DE_IPV4_LEN_GT_FRAME);
	PB_ASSERT_CUTS(LT_LINUX_SLL2, b, 40, n, n, DE_TCP_TRUNCATED);
}

/* SocketCAN frames: the protocol field would read as an EtherType. */
static void sll2_can_hatype_is_non_ip(void)
{
	uint8_t b[36] = { 0 };
	struct packet p;
	sll2_hdr(b, ARPHRD_CAN, 0x000c);

	CU_ASSERT_EQUAL(pb_decode(LT_LINUX_SLL2, b, sizeof(b), sizeof(b), &p),
			DC_NON_IP);
	PB_ASSERT_CLEAN(p, DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, NONIP_SLL_HATYPE | ARPHRD_CAN);
}

/* NFLOG TLV: length (header + value) and type, little-endian. */
static size_t nflog_tlv(uint8_t *b, uint16_t type, const uint8_t *value,
			size_t len)
{
	b[0] = (uint8_t)(len + 4);
	b[1] = (uint8_t)((len + 4) >> 8);
	b[2] = (uint8_t)type;
	b[3] = (uint8_t)(type >> 8);
	memcpy(b + 4, value, len);
	size_t pad = (4 - (len + 4) % 4) % 4;
	memset(b + 4 + len, 0, pad);
	return 4 + len + pad;
}

/* NFLOG record: family, version 0, resource id 0, a 5-byte prefix TLV
 * (padded to 8), then the payload TLV holding ip (iplen bytes). */
static size_t nflog_record(uint8_t *b, uint8_t family, const uint8_t *ip,
			   size_t iplen)
{
	b[0] = family;
	b[1] = 0;
	pb_be16(b + 2, 0);
	size_t n = 4;
	n += nflog_tlv(b + n, NFULA_PREFIX, (const uint8_t *)"test", 5);
	if (ip)
		n += nflog_tlv(b + n, NFULA_PAYLOAD, ip, iplen);
	return n;
}

static void nflog_payload_tlv_decodes_ipv4_udp(void)
{
	uint8_t ip[64], b[96];
	struct packet p;
	size_t n = nflog_record(b, 2, ip, pb_ipv4_udp(ip, 0));

	CU_ASSERT_EQUAL(n, 4 + 12 + 4 + 28);
	CU_ASSERT_EQUAL(pb_decode(LT_NFLOG, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_UDP(p, 0);
	CU_ASSERT_EQUAL(p.linktype, LT_NFLOG);
}

static void nflog_ipv6_family_decodes_ipv6_tcp(void)
{
	uint8_t ip[96], b[128];
	struct packet p;
	size_t n = nflog_record(b, 10, ip, pb_ipv6_tcp(ip, 3));

	CU_ASSERT_EQUAL(pb_decode(LT_NFLOG, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_TCP(p, 3);
}

static void nflog_without_payload_is_non_ip(void)
{
	uint8_t b[32];
	struct packet p;
	size_t n = nflog_record(b, 2, NULL, 0);

	CU_ASSERT_EQUAL(pb_decode(LT_NFLOG, b, n, n, &p), DC_NON_IP);
	PB_ASSERT_CLEAN(p, DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, NONIP_NFLOG_BASE | 2);
}

static void nflog_unknown_family_is_non_ip(void)
{
	uint8_t ip[64], b[96];
	struct packet p;
	size_t n = nflog_record(b, 7, ip, pb_ipv4_udp(ip, 0));

	CU_ASSERT_EQUAL(pb_decode(LT_NFLOG, b, n, n, &p), DC_NON_IP);
	PB_ASSERT_CLEAN(p, DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, NONIP_NFLOG_BASE | 7);
}

/* A TLV length below its own 4-byte header would never advance. */
static void nflog_tlv_length_below_header_truncated(void)
{
	uint8_t ip[64], b[96];
	struct packet p;
	size_t n = nflog_record(b, 2, ip, pb_ipv4_udp(ip, 0));

	for (uint8_t len = 0; len < 4; len++) {
		b[4] = len;
		CU_ASSERT_EQUAL(pb_decode(LT_NFLOG, b, n, n, &p), DC_ERROR);
		CU_ASSERT_EQUAL(p.err, DE_NFLOG_TRUNCATED);
	}
}

/* The payload TLV claims 4 bytes more than the record holds. */
static void nflog_tlv_length_beyond_record_truncated(void)
{
	uint8_t ip[64], b[96];
	struct packet p;
	size_t n = nflog_record(b, 2, ip, pb_ipv4_udp(ip, 0));

	b[16] = (uint8_t)(b[16] + 4);
	CU_ASSERT_EQUAL(pb_decode(LT_NFLOG, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_NFLOG_TRUNCATED);
}

/* Header 0-3, prefix TLV 4-7 + value 8-12 + pad 13-15, payload TLV
 * 16-19 + IPv4/UDP 20-47. A cut exactly after a TLV (or in the padding
 * of the last one) leaves a record without payload: non-IP, not an
 * error. A cut inside the payload makes its TLV length lie. */
static void nflog_cut_names_each_part(void)
{
	uint8_t ip[64], b[96];
	struct packet p;
	size_t n = nflog_record(b, 2, ip, pb_ipv4_udp(ip, 0));

	PB_ASSERT_CUTS(LT_NFLOG, b, 0, 4, 0, DE_NFLOG_TRUNCATED);
	PB_ASSERT_CUTS(LT_NFLOG, b, 4, 5, 0, DE_OK);
	PB_ASSERT_CUTS(LT_NFLOG, b, 5, 13, 0, DE_NFLOG_TRUNCATED);
	PB_ASSERT_CUTS(LT_NFLOG, b, 13, 17, 0, DE_OK);
	PB_ASSERT_CUTS(LT_NFLOG, b, 17, n, 0, DE_NFLOG_TRUNCATED);
	CU_ASSERT_EQUAL(pb_decode(LT_NFLOG, b, 14, 14, &p), DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, NONIP_NFLOG_BASE | 2);
}

static const struct pb_test tests[] = {
	{ "sll_decodes_ipv4_tcp", sll_decodes_ipv4_tcp },
	{ "sll_decodes_ipv6_udp", sll_decodes_ipv6_udp },
	{ "sll_vlan_protocol_walks_tag", sll_vlan_protocol_walks_tag },
	{ "sll_cut_names_each_layer", sll_cut_names_each_layer },
	{ "sll_netlink_hatype_is_non_ip", sll_netlink_hatype_is_non_ip },
	{ "sll_llc_protocol_is_non_ip", sll_llc_protocol_is_non_ip },
	{ "sll2_decodes_ipv4_tcp", sll2_decodes_ipv4_tcp },
	{ "sll2_decodes_ipv6_udp", sll2_decodes_ipv6_udp },
	{ "sll2_cut_names_each_layer", sll2_cut_names_each_layer },
	{ "sll2_can_hatype_is_non_ip", sll2_can_hatype_is_non_ip },
	{ "nflog_payload_tlv_decodes_ipv4_udp", nflog_payload_tlv_decodes_ipv4_udp },
	{ "nflog_ipv6_family_decodes_ipv6_tcp", nflog_ipv6_family_decodes_ipv6_tcp },
	{ "nflog_without_payload_is_non_ip", nflog_without_payload_is_non_ip },
	{ "nflog_unknown_family_is_non_ip", nflog_unknown_family_is_non_ip },
	{ "nflog_tlv_length_below_header_truncated",
	  nflog_tlv_length_below_header_truncated },
	{ "nflog_tlv_length_beyond_record_truncated",
	  nflog_tlv_length_beyond_record_truncated },
	{ "nflog_cut_names_each_part", nflog_cut_names_each_part },
};

int test_sll_register(void)
{
	return pb_register("sll", tests, sizeof(tests) / sizeof(tests[0]));
}
