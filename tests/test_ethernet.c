/* tests/test_ethernet.c - Ethernet II, 802.3/LLC/SNAP and MPLS over
 * Ethernet (dissectors/ethernet.c, mpls.c), through decode_packet().
 * Covers a good frame of each kind with every field checked, the cut at
 * every length (a frame that really ended there, and one a snap length
 * cut), padding after a short IP packet, and the non-IP frames that must
 * be counted by kind rather than as errors. */
#include <CUnit/CUnit.h>
#include "pktbuild.h"

enum { ET_IPV4 = 0x0800, ET_IPV6 = 0x86dd, ET_ARP = 0x0806,
       ET_LLDP = 0x88cc, ET_MPLS = 0x8847, ET_MPLS_MC = 0x8848 };

/* Ethernet + IPv4 + TCP with payload bytes; returns the frame length. */
static size_t eth_ipv4_tcp(uint8_t *b, size_t payload)
{
	size_t n = pb_eth(b, ET_IPV4);
	return n + pb_ipv4_tcp(b + n, payload);
}

static void ipv4_tcp_every_field_decoded(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = eth_ipv4_tcp(b, 6);

	CU_ASSERT_EQUAL(n, 60);
	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 6);
	CU_ASSERT_EQUAL(p.cap_len, 60);
	CU_ASSERT_EQUAL(p.wire_len, 60);
	CU_ASSERT_EQUAL(p.linktype, LT_EN10MB);
	CU_ASSERT_EQUAL(p.nonip_kind, 0);
	CU_ASSERT_EQUAL(p.vlan_depth, 0);
	CU_ASSERT_EQUAL(p.vlan_id, 0);
	CU_ASSERT_EQUAL(p.icmp_type, 0);
	CU_ASSERT_EQUAL(p.inner.present, 0);
}

static void ipv6_udp_every_field_decoded(void)
{
	uint8_t b[128];
	struct packet p;
	size_t n = pb_eth(b, ET_IPV6);
	n += pb_ipv6_udp(b + n, 12);

	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 12);
	CU_ASSERT_EQUAL(p.cap_len, 14 + 40 + 8 + 12);
}

/* A 40-byte IPv4/TCP packet padded to the 60-byte Ethernet minimum: the
 * 6 pad bytes are not TCP payload. */
static void padding_clipped_from_minimum_frame(void)
{
	uint8_t b[60];
	struct packet p;
	size_t n = eth_ipv4_tcp(b, 0);

	CU_ASSERT_EQUAL(n, 54);
	memset(b + n, 0, sizeof(b) - n);
	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, 60, 60, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	CU_ASSERT_EQUAL(p.payload_len, 0);
	CU_ASSERT_EQUAL(p.ip_len, 40);
	CU_ASSERT_EQUAL(p.l4_len, 20);
}

/* A frame that really ended early: once the IPv4 header is whole, its
 * total length claims more than the frame holds. */
static void short_frame_cut_names_each_layer(void)
{
	uint8_t b[64];
	size_t n = eth_ipv4_tcp(b, 0);

	PB_ASSERT_CUTS(LT_EN10MB, b, 0, 14, 0, DE_ETH_TRUNCATED);
	PB_ASSERT_CUTS(LT_EN10MB, b, 14, 34, 0, DE_IPV4_TRUNCATED);
	PB_ASSERT_CUTS(LT_EN10MB, b, 34, n, 0, DE_IPV4_LEN_GT_FRAME);
	CU_ASSERT_EQUAL(pb_cut_err(LT_EN10MB, b, n, 0), DE_OK);
}

/* The same cuts made by a snap length (wire length stays 54): the IPv4
 * total length is believable, so the cut lands on TCP. */
static void snap_cut_names_each_layer(void)
{
	uint8_t b[64];
	size_t n = eth_ipv4_tcp(b, 0);

	PB_ASSERT_CUTS(LT_EN10MB, b, 0, 14, n, DE_ETH_TRUNCATED);
	PB_ASSERT_CUTS(LT_EN10MB, b, 14, 34, n, DE_IPV4_TRUNCATED);
	PB_ASSERT_CUTS(LT_EN10MB, b, 34, n, n, DE_TCP_TRUNCATED);
}

/* A short frame whose IPv4 total length agrees with the cut: IPv4 is
 * consistent and the TCP header inside it is too short. */
static void ip_length_matching_cut_truncates_tcp(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = eth_ipv4_tcp(b, 0);

	for (size_t cut = 34; cut < n; cut++) {
		pb_be16(b + 14 + 2, (uint16_t)(cut - 14));
		CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, cut, cut, &p), DC_ERROR);
		CU_ASSERT_EQUAL(p.err, DE_TCP_TRUNCATED);
		CU_ASSERT_EQUAL(p.ip_ver, 4);
		CU_ASSERT_EQUAL(p.l4_len, cut - 34);
		CU_ASSERT_EQUAL(p.l4_seen, 1);
		CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_TCP);
	}
}

/* tcpdump -s 54 of a full-size segment: headers whole, payload cut. */
static void snaplen_54_of_1514_decodes_l4(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = eth_ipv4_tcp(b, 0);

	pb_be16(b + 14 + 2, 1500);
	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, 1514, &p), DC_L4);
	CU_ASSERT_EQUAL(p.err, DE_OK);
	CU_ASSERT_EQUAL(p.warnings, 1u << DW_SNAP_TRUNCATED);
	CU_ASSERT_EQUAL(p.cap_len, 54);
	CU_ASSERT_EQUAL(p.wire_len, 1514);
	CU_ASSERT_EQUAL(p.ip_len, 1500);
	CU_ASSERT_EQUAL(p.l4_len, 1480);
	CU_ASSERT_EQUAL(p.payload_len, 1460);
	CU_ASSERT_EQUAL(p.sport, 40000);
	CU_ASSERT_EQUAL(p.dport, 80);
	CU_ASSERT_EQUAL(p.tcp_flags, TCP_ACK | TCP_PSH);
}

/* A record header claiming fewer wire bytes than it stored: the stored
 * bytes are decoded, and the lie is a warning, not a snap cut. */
static void caplen_over_wirelen_warns(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = eth_ipv4_tcp(b, 0);

	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, 20, &p), DC_L4);
	CU_ASSERT_EQUAL(p.warnings, 1u << DW_CAPLEN_OVER_WIRE);
	CU_ASSERT_EQUAL(p.cap_len, n);
	CU_ASSERT_EQUAL(p.wire_len, 20);
	CU_ASSERT_STRING_EQUAL(decode_warn_name(DW_CAPLEN_OVER_WIRE),
			       "decode.caplen_exceeds_wirelen");
	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, (uint32_t)n, &p), DC_L4);
	CU_ASSERT_EQUAL(p.warnings, 0u);
}

/* 802.3 length field then LLC: a spanning-tree BPDU (DSAP/SSAP 0x42). */
static void llc_frame_is_non_ip(void)
{
	uint8_t b[60] = { 0x01, 0x80, 0xc2, 0, 0, 0, 2, 0, 0, 0, 0, 1,
			  0x00, 0x26, 0x42, 0x42, 0x03 };
	struct packet p;

	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, sizeof(b), sizeof(b), &p),
			DC_NON_IP);
	PB_ASSERT_CLEAN(p, DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, NONIP_LLC);
	CU_ASSERT_EQUAL(p.ip_ver, 0);
}

/* 802.3 + LLC SNAP (RFC 1042): zero OUI, then an EtherType. */
static size_t snap_ipv4_tcp(uint8_t *b, const uint8_t oui[3],
			    uint16_t ethertype)
{
	size_t n = pb_eth(b, 8 + 40);
	b[n++] = 0xaa;
	b[n++] = 0xaa;
	b[n++] = 0x03;
	memcpy(b + n, oui, 3);
	n += 3;
	pb_be16(b + n, ethertype);
	n += 2;
	return n + pb_ipv4_tcp(b + n, 0);
}

static void llc_snap_zero_oui_decodes_ipv4(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = snap_ipv4_tcp(b, (const uint8_t[3]){ 0, 0, 0 }, ET_IPV4);

	CU_ASSERT_EQUAL(n, 62);
	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
}

/* Cisco OUI (CDP, 0x2000): a vendor protocol, not RFC 1042 IP. */
static void llc_snap_vendor_oui_is_non_ip(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = snap_ipv4_tcp(b, (const uint8_t[3]){ 0, 0, 0x0c }, 0x2000);

	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_NON_IP);
	PB_ASSERT_CLEAN(p, DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, NONIP_LLC);
}

static void llc_snap_cut_names_each_layer(void)
{
	uint8_t b[64];
	size_t n = snap_ipv4_tcp(b, (const uint8_t[3]){ 0, 0, 0 }, ET_IPV4);

	PB_ASSERT_CUTS(LT_EN10MB, b, 0, 14, 0, DE_ETH_TRUNCATED);
	PB_ASSERT_CUTS(LT_EN10MB, b, 14, 22, 0, DE_LLC_TRUNCATED);
	PB_ASSERT_CUTS(LT_EN10MB, b, 22, 42, 0, DE_IPV4_TRUNCATED);
	PB_ASSERT_CUTS(LT_EN10MB, b, 42, n, 0, DE_IPV4_LEN_GT_FRAME);
	PB_ASSERT_CUTS(LT_EN10MB, b, 42, n, n, DE_TCP_TRUNCATED);
}

static void arp_is_non_ip_with_its_ethertype(void)
{
	uint8_t b[42] = { 0 };
	struct packet p;
	size_t n = pb_eth(b, ET_ARP);
	const uint8_t arp[8] = { 0, 1, 8, 0, 6, 4, 0, 1 };
	memcpy(b + n, arp, sizeof(arp));

	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, sizeof(b), sizeof(b), &p),
			DC_NON_IP);
	PB_ASSERT_CLEAN(p, DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, 0x0806);
	CU_ASSERT_EQUAL(p.ip_ver, 0);
	/* The ARP body is decoded (arp.c): a bare header is cut short. */
	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, 14, 14, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_ARP_TRUNCATED);
}

static void unknown_ethertype_is_non_ip_with_its_type(void)
{
	uint8_t b[60] = { 0 };
	struct packet p;
	pb_eth(b, ET_LLDP);

	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, sizeof(b), sizeof(b), &p),
			DC_NON_IP);
	PB_ASSERT_CLEAN(p, DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, ET_LLDP);
}

/* MPLS label stack entry (RFC 3032 s2.1). */
static size_t mpls_entry(uint8_t *b, uint32_t label, int bos)
{
	pb_be32(b, label << 12 | (bos ? 0x100u : 0) | PB_TTL);
	return 4;
}

/* Ethernet + two labels (100, then 200 with bottom-of-stack) + IPv4/UDP. */
static size_t eth_mpls_ipv4_udp(uint8_t *b)
{
	size_t n = pb_eth(b, ET_MPLS);
	n += mpls_entry(b + n, 100, 0);
	n += mpls_entry(b + n, 200, 1);
	return n + pb_ipv4_udp(b + n, 4);
}

static void mpls_two_labels_decode_ipv4_udp(void)
{
	uint8_t b[64];
	struct packet p;
	size_t n = eth_mpls_ipv4_udp(b);

	CU_ASSERT_EQUAL(n, 14 + 8 + 32);
	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_UDP(p, 4);
}

static void mpls_multicast_one_label_decodes_ipv6(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = pb_eth(b, ET_MPLS_MC);
	n += mpls_entry(b + n, 16, 1);
	n += pb_ipv6_udp(b + n, 0);

	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 0);
}

/* The stack ends where the bottom-of-stack entry does; an empty payload
 * there has no version nibble to read (counted as ip.bad_version). */
static void mpls_cut_names_each_layer(void)
{
	uint8_t b[64];
	size_t n = eth_mpls_ipv4_udp(b);

	PB_ASSERT_CUTS(LT_EN10MB, b, 14, 22, 0, DE_MPLS_TRUNCATED);
	CU_ASSERT_EQUAL(pb_cut_err(LT_EN10MB, b, 22, 0), DE_IP_BAD_VERSION);
	PB_ASSERT_CUTS(LT_EN10MB, b, 23, 42, 0, DE_IPV4_TRUNCATED);
	PB_ASSERT_CUTS(LT_EN10MB, b, 42, n, 0, DE_IPV4_LEN_GT_FRAME);
	PB_ASSERT_CUTS(LT_EN10MB, b, 42, 50, n, DE_UDP_TRUNCATED);
}

/* Labels all the way to the end of the frame, none marked bottom. */
static void mpls_without_bottom_of_stack_truncated(void)
{
	uint8_t b[14 + 4 * 8];
	struct packet p;
	size_t n = pb_eth(b, ET_MPLS);
	for (int i = 0; i < 8; i++)
		n += mpls_entry(b + n, (uint32_t)(16 + i), 0);

	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_MPLS_TRUNCATED);
}

/* A pseudowire control word (first nibble 0) after the stack. */
static void mpls_control_word_payload_bad_version(void)
{
	uint8_t b[64] = { 0 };
	struct packet p;
	size_t n = pb_eth(b, ET_MPLS);
	n += mpls_entry(b + n, 300, 1);
	n += 4 + 14; /* zero control word, then an Ethernet header */

	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_IP_BAD_VERSION);
}

static const struct pb_test tests[] = {
	{ "ipv4_tcp_every_field_decoded", ipv4_tcp_every_field_decoded },
	{ "ipv6_udp_every_field_decoded", ipv6_udp_every_field_decoded },
	{ "padding_clipped_from_minimum_frame", padding_clipped_from_minimum_frame },
	{ "short_frame_cut_names_each_layer", short_frame_cut_names_each_layer },
	{ "snap_cut_names_each_layer", snap_cut_names_each_layer },
	{ "ip_length_matching_cut_truncates_tcp",
	  ip_length_matching_cut_truncates_tcp },
	{ "snaplen_54_of_1514_decodes_l4", snaplen_54_of_1514_decodes_l4 },
	{ "llc_frame_is_non_ip", llc_frame_is_non_ip },
	{ "llc_snap_zero_oui_decodes_ipv4", llc_snap_zero_oui_decodes_ipv4 },
	{ "llc_snap_vendor_oui_is_non_ip", llc_snap_vendor_oui_is_non_ip },
	{ "llc_snap_cut_names_each_layer", llc_snap_cut_names_each_layer },
	{ "arp_is_non_ip_with_its_ethertype", arp_is_non_ip_with_its_ethertype },
	{ "caplen_over_wirelen_warns", caplen_over_wirelen_warns },
	{ "unknown_ethertype_is_non_ip_with_its_type",
	  unknown_ethertype_is_non_ip_with_its_type },
	{ "mpls_two_labels_decode_ipv4_udp", mpls_two_labels_decode_ipv4_udp },
	{ "mpls_multicast_one_label_decodes_ipv6",
	  mpls_multicast_one_label_decodes_ipv6 },
	{ "mpls_cut_names_each_layer", mpls_cut_names_each_layer },
	{ "mpls_without_bottom_of_stack_truncated",
	  mpls_without_bottom_of_stack_truncated },
	{ "mpls_control_word_payload_bad_version",
	  mpls_control_word_payload_bad_version },
};

int test_ethernet_register(void)
{
	return pb_register("ethernet", tests, sizeof(tests) / sizeof(tests[0]));
}
