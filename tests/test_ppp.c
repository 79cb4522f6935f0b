/* tests/test_ppp.c - PPP framings (dissectors/ppp.c): PPP with and
 * without the ff 03 address/control bytes (RFC 1662 s3.1) and with a
 * compressed one-byte protocol (RFC 1661 s6.5), on DLT_PPP (9) and
 * DLT_PPP_SERIAL (50); PPPoE sessions over Ethernet (EtherType 0x8864)
 * and on DLT_PPP_ETHER (51); Cisco HDLC (104). Good packets with every
 * field, non-IP protocols, and every cut of each header. */
#include <CUnit/CUnit.h>
#include "pktbuild.h"

enum { PPP_IPV4 = 0x0021, PPP_IPV6 = 0x0057, PPP_LCP = 0xc021,
       ET_IPV4 = 0x0800, ET_PPPOE_SESS = 0x8864, ET_SLARP = 0x8035 };

/* ff 03 (when addr_ctl), then the protocol in 2 bytes or, when
 * compressed, 1 byte. */
static size_t ppp_hdr(uint8_t *b, int addr_ctl, uint16_t proto, int compressed)
{
	size_t n = 0;
	if (addr_ctl) {
		b[n++] = 0xff;
		b[n++] = 0x03;
	}
	if (compressed) {
		b[n++] = (uint8_t)proto;
	} else {
		pb_be16(b + n, proto);
		n += 2;
	}
	return n;
}

static void ppp_with_address_control_decodes_ipv4(void)
{
	uint8_t b[80];
	struct packet p;
	size_t n = ppp_hdr(b, 1, PPP_IPV4, 0);
	n += pb_ipv4_tcp(b + n, 3);

	CU_ASSERT_EQUAL(pb_decode(LT_PPP, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 3);
	CU_ASSERT_EQUAL(p.linktype, LT_PPP);
}

static void ppp_without_address_control_decodes_ipv4(void)
{
	uint8_t b[80];
	struct packet p;
	size_t n = ppp_hdr(b, 0, PPP_IPV4, 0);
	n += pb_ipv4_tcp(b + n, 3);

	CU_ASSERT_EQUAL(pb_decode(LT_PPP, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 3);
}

/* Protocol 0x21 in one byte (odd first byte), with and without ff 03. */
static void ppp_compressed_protocol_decodes_ipv4(void)
{
	uint8_t b[80];
	struct packet p;
	size_t n = ppp_hdr(b, 0, PPP_IPV4, 1);
	n += pb_ipv4_udp(b + n, 0);
	CU_ASSERT_EQUAL(n, 1 + 28);
	CU_ASSERT_EQUAL(pb_decode(LT_PPP, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_UDP(p, 0);

	n = ppp_hdr(b, 1, PPP_IPV4, 1);
	n += pb_ipv4_udp(b + n, 0);
	CU_ASSERT_EQUAL(pb_decode(LT_PPP, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_UDP(p, 0);
}

static void ppp_serial_ipv6_decoded(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = ppp_hdr(b, 1, PPP_IPV6, 0);
	n += pb_ipv6_udp(b + n, 6);

	CU_ASSERT_EQUAL(pb_decode(LT_PPP_SERIAL, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 6);
}

static void ppp_lcp_is_non_ip(void)
{
	uint8_t b[24] = { 0 };
	struct packet p;
	ppp_hdr(b, 1, PPP_LCP, 0);

	CU_ASSERT_EQUAL(pb_decode(LT_PPP, b, sizeof(b), sizeof(b), &p),
			DC_NON_IP);
	PB_ASSERT_CLEAN(p, DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, NONIP_PPP_BASE | PPP_LCP);
}

/* ff 03 00 21 | IPv4: the first two bytes are needed to tell whether
 * address/control is present; cut 4 has no version nibble. */
static void ppp_cut_names_each_layer(void)
{
	uint8_t b[80];
	size_t n = ppp_hdr(b, 1, PPP_IPV4, 0);
	n += pb_ipv4_tcp(b + n, 0);

	PB_ASSERT_CUTS(LT_PPP, b, 0, 4, 0, DE_PPP_TRUNCATED);
	PB_ASSERT_CUTS(LT_PPP, b, 4, 5, 0, DE_IP_BAD_VERSION);
	PB_ASSERT_CUTS(LT_PPP, b, 5, 24, 0, DE_IPV4_TRUNCATED);
	PB_ASSERT_CUTS(LT_PPP, b, 24, n, 0, DE_IPV4_LEN_GT_FRAME);
	PB_ASSERT_CUTS(LT_PPP, b, 24, n, n, DE_TCP_TRUNCATED);
}

/* A one-byte frame cannot hold even a compressed protocol and IP. */
static void ppp_one_byte_frame_truncated(void)
{
	const uint8_t b[1] = { 0x21 };
	struct packet p;

	CU_ASSERT_EQUAL(pb_decode(LT_PPP, b, 1, 1, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_PPP_TRUNCATED);
}

/* PPPoE session header (RFC 2516 s4): ver/type 0x11, code 0, session id,
 * length (PPP protocol + payload), then the 2-byte PPP protocol. */
static size_t pppoe_hdr(uint8_t *b, uint16_t ppp_proto, size_t payload)
{
	b[0] = 0x11;
	b[1] = 0x00;
	pb_be16(b + 2, 0x1234);
	pb_be16(b + 4, (uint16_t)(2 + payload));
	pb_be16(b + 6, ppp_proto);
	return 8;
}

static size_t eth_pppoe_ipv4_udp(uint8_t *b)
{
	size_t n = pb_eth(b, ET_PPPOE_SESS);
	n += pppoe_hdr(b + n, PPP_IPV4, 28 + 2);
	return n + pb_ipv4_udp(b + n, 2);
}

static void pppoe_over_ethernet_decodes_ipv4_udp(void)
{
	uint8_t b[80];
	struct packet p;
	size_t n = eth_pppoe_ipv4_udp(b);

	CU_ASSERT_EQUAL(n, 14 + 8 + 30);
	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_UDP(p, 2);
}

static void pppoe_linktype_decodes_ipv6_tcp(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = pppoe_hdr(b, PPP_IPV6, 40 + 20);
	n += pb_ipv6_tcp(b + n, 0);

	CU_ASSERT_EQUAL(pb_decode(LT_PPP_ETHER, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_TCP(p, 0);
}

static void pppoe_lcp_is_non_ip(void)
{
	uint8_t b[40] = { 0 };
	struct packet p;
	size_t n = pb_eth(b, ET_PPPOE_SESS);
	pppoe_hdr(b + n, PPP_LCP, 10);

	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, sizeof(b), sizeof(b), &p),
			DC_NON_IP);
	PB_ASSERT_CLEAN(p, DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, NONIP_PPP_BASE | PPP_LCP);
}

/* Ethernet 0-13, PPPoE 14-19, PPP protocol 20-21, IPv4 22-41, UDP. */
static void pppoe_cut_names_each_layer(void)
{
	uint8_t b[80];
	size_t n = eth_pppoe_ipv4_udp(b);

	PB_ASSERT_CUTS(LT_EN10MB, b, 0, 14, 0, DE_ETH_TRUNCATED);
	PB_ASSERT_CUTS(LT_EN10MB, b, 14, 20, 0, DE_PPPOE_TRUNCATED);
	PB_ASSERT_CUTS(LT_EN10MB, b, 20, 22, 0, DE_PPP_TRUNCATED);
	PB_ASSERT_CUTS(LT_EN10MB, b, 22, 23, 0, DE_IP_BAD_VERSION);
	PB_ASSERT_CUTS(LT_EN10MB, b, 23, 42, 0, DE_IPV4_TRUNCATED);
	PB_ASSERT_CUTS(LT_EN10MB, b, 42, n, 0, DE_IPV4_LEN_GT_FRAME);
	PB_ASSERT_CUTS(LT_EN10MB, b, 42, 50, n, DE_UDP_TRUNCATED);
}

/* Cisco HDLC: address 0x0f (unicast), control 0, then an EtherType. */
static size_t chdlc_hdr(uint8_t *b, uint16_t ethertype)
{
	b[0] = 0x0f;
	b[1] = 0x00;
	pb_be16(b + 2, ethertype);
	return 4;
}

static void chdlc_decodes_ipv4_tcp(void)
{
	uint8_t b[80];
	struct packet p;
	size_t n = chdlc_hdr(b, ET_IPV4);
	n += pb_ipv4_tcp(b + n, 11);

	CU_ASSERT_EQUAL(pb_decode(LT_C_HDLC, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 11);
	CU_ASSERT_EQUAL(p.linktype, LT_C_HDLC);
}

/* SLARP keepalives are Cisco's own protocol, not IP. */
static void chdlc_slarp_is_non_ip(void)
{
	uint8_t b[24] = { 0 };
	struct packet p;
	chdlc_hdr(b, ET_SLARP);

	CU_ASSERT_EQUAL(pb_decode(LT_C_HDLC, b, sizeof(b), sizeof(b), &p),
			DC_NON_IP);
	PB_ASSERT_CLEAN(p, DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, ET_SLARP);
}

static void chdlc_cut_names_each_layer(void)
{
	uint8_t b[80];
	size_t n = chdlc_hdr(b, ET_IPV4);
	n += pb_ipv4_tcp(b + n, 0);

	PB_ASSERT_CUTS(LT_C_HDLC, b, 0, 4, 0, DE_PPP_TRUNCATED);
	PB_ASSERT_CUTS(LT_C_HDLC, b, 4, 24, 0, DE_IPV4_TRUNCATED);
	PB_ASSERT_CUTS(LT_C_HDLC, b, 24, n, 0, DE_IPV4_LEN_GT_FRAME);
	PB_ASSERT_CUTS(LT_C_HDLC, b, 24, n, n, DE_TCP_TRUNCATED);
}

static const struct pb_test tests[] = {
	{ "ppp_with_address_control_decodes_ipv4",
	  ppp_with_address_control_decodes_ipv4 },
	{ "ppp_without_address_control_decodes_ipv4",
	  ppp_without_address_control_decodes_ipv4 },
	{ "ppp_compressed_protocol_decodes_ipv4",
	  ppp_compressed_protocol_decodes_ipv4 },
	{ "ppp_serial_ipv6_decoded", ppp_serial_ipv6_decoded },
	{ "ppp_lcp_is_non_ip", ppp_lcp_is_non_ip },
	{ "ppp_cut_names_each_layer", ppp_cut_names_each_layer },
	{ "ppp_one_byte_frame_truncated", ppp_one_byte_frame_truncated },
	{ "pppoe_over_ethernet_decodes_ipv4_udp",
	  pppoe_over_ethernet_decodes_ipv4_udp },
	{ "pppoe_linktype_decodes_ipv6_tcp", pppoe_linktype_decodes_ipv6_tcp },
	{ "pppoe_lcp_is_non_ip", pppoe_lcp_is_non_ip },
	{ "pppoe_cut_names_each_layer", pppoe_cut_names_each_layer },
	{ "chdlc_decodes_ipv4_tcp", chdlc_decodes_ipv4_tcp },
	{ "chdlc_slarp_is_non_ip", chdlc_slarp_is_non_ip },
	{ "chdlc_cut_names_each_layer", chdlc_cut_names_each_layer },
};

int test_ppp_register(void)
{
	return pb_register("ppp", tests, sizeof(tests) / sizeof(tests[0]));
}
