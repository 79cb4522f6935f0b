/* tests/test_fddi.c - FDDI (dissectors/fddi.c) and Solaris ipnet
 * (dissectors/ipnet.c) link headers: a good frame of each, every
 * truncation of the link header, and frames that carry no IP. */
#include <CUnit/CUnit.h>
#include "test_util.h"

/* FDDI: FC 0x50 (LLC, async), dst, src, LLC/SNAP, IPv4/UDP 1024 -> 53. */
static const uint8_t fddi_udp[] = {
	0x50, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
	0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00,
	0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
	0x04, 0x00, 0x00, 0x35, 0, 8, 0, 0,
};

/* ipnet: version 1, family 2 (IPv4), then the same IPv4/UDP packet. */
static const uint8_t ipnet_udp[] = {
	1, 2, 0, 0, 0, 0, 0, 28, 0, 0, 0, 2, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0,
	0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
	0x04, 0x00, 0x00, 0x35, 0, 8, 0, 0,
};

static void fddi_llc_snap_ipv4_udp_decoded(void)
{
	struct packet p;
	CU_ASSERT_EQUAL(TU_DECODE(LT_FDDI, fddi_udp, &p), DC_L4);
	CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_UDP);
	CU_ASSERT_EQUAL(p.sport, 1024);
	CU_ASSERT_EQUAL(p.dport, 53);
}

static void fddi_truncated_header_each_length(void)
{
	for (size_t n = 0; n < 13; n++)
		CU_ASSERT_EQUAL(tu_err_at(LT_FDDI, fddi_udp, n), DE_FDDI_TRUNCATED);
	for (size_t n = 13; n < 21; n++)
		CU_ASSERT_EQUAL(tu_err_at(LT_FDDI, fddi_udp, n), DE_LLC_TRUNCATED);
}

static void fddi_smt_frame_is_non_ip(void)
{
	uint8_t f[sizeof(fddi_udp)];
	struct packet p;
	memcpy(f, fddi_udp, sizeof(f));
	f[0] = 0x41; /* SMT frame control */
	CU_ASSERT_EQUAL(TU_DECODE(LT_FDDI, f, &p), DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, NONIP_LLC);
}

static void ipnet_ipv4_udp_decoded(void)
{
	struct packet p;
	CU_ASSERT_EQUAL(TU_DECODE(LT_IPNET, ipnet_udp, &p), DC_L4);
	CU_ASSERT_EQUAL(p.ip_ver, 4);
	CU_ASSERT_EQUAL(p.dport, 53);
}

static void ipnet_truncated_header_each_length(void)
{
	for (size_t n = 0; n < 24; n++)
		CU_ASSERT_EQUAL(tu_err_at(LT_IPNET, ipnet_udp, n), DE_IPNET_TRUNCATED);
}

static void ipnet_unknown_family_is_non_ip(void)
{
	uint8_t f[sizeof(ipnet_udp)];
	struct packet p;
	memcpy(f, ipnet_udp, sizeof(f));
	f[1] = 7;
	CU_ASSERT_EQUAL(TU_DECODE(LT_IPNET, f, &p), DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, (uint32_t)(NONIP_AF_BASE | 7));
}

int test_fddi_register(void)
{
	CU_pSuite s = CU_add_suite("fddi", NULL, NULL);
	if (!s ||
	    !CU_add_test(s, "fddi_llc_snap_ipv4_udp_decoded", fddi_llc_snap_ipv4_udp_decoded) ||
	    !CU_add_test(s, "fddi_truncated_header_each_length", fddi_truncated_header_each_length) ||
	    !CU_add_test(s, "fddi_smt_frame_is_non_ip", fddi_smt_frame_is_non_ip) ||
	    !CU_add_test(s, "ipnet_ipv4_udp_decoded", ipnet_ipv4_udp_decoded) ||
	    !CU_add_test(s, "ipnet_truncated_header_each_length", ipnet_truncated_header_each_length) ||
	    !CU_add_test(s, "ipnet_unknown_family_is_non_ip", ipnet_unknown_family_is_non_ip))
		return -1;
	return 0;
}
