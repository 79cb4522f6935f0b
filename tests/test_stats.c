/* tests/test_stats.c - decode accounting (analyzer/core/stats.c).
 * Checks the identity packets == l4 + l3_only + non_ip + errors on
 * decoded packets of every class, and the per-protocol counting rule:
 * a packet counts under the transport its IP header names, even when
 * that transport header then fails to decode. */
#include <CUnit/CUnit.h>
#include "analyzer/core/stats.h"
#include "dissectors/decode.h"
#include "test_util.h"

/* Ethernet + IPv4 (total 40) + TCP SYN 1234 -> 80. */
static const uint8_t eth_ipv4_tcp[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00,
	0x45, 0, 0, 40, 0, 1, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
	0x04, 0xd2, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff,
	0, 0, 0, 0,
};

static const uint8_t eth_arp[] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 6, 7, 8, 9, 10, 11, 0x08, 0x06,
	0, 1, 8, 0, 6, 4, 0, 1,
	6, 7, 8, 9, 10, 11, 192, 0, 2, 1, 0, 0, 0, 0, 0, 0, 192, 0, 2, 2,
};

static void account(struct decode_stats *s, const uint8_t *buf, size_t len)
{
	struct packet p;
	tu_decode(LT_EN10MB, buf, len, &p);
	stats_account(s, &p);
}

static void stats_identity_holds_over_every_class(void)
{
	struct decode_stats s;
	stats_init(&s);
	account(&s, eth_ipv4_tcp, sizeof(eth_ipv4_tcp));    /* l4 */
	account(&s, eth_arp, sizeof(eth_arp));              /* non-ip */
	account(&s, eth_ipv4_tcp, 10);                      /* ethernet error */
	account(&s, eth_ipv4_tcp, 40);                      /* ipv4 len > frame */
	CU_ASSERT_EQUAL(s.packets, 4);
	CU_ASSERT_EQUAL(s.l4, 1);
	CU_ASSERT_EQUAL(s.non_ip, 1);
	CU_ASSERT_EQUAL(s.errors, 2);
	CU_ASSERT_EQUAL(s.by_error[DE_ETH_TRUNCATED], 1);
	CU_ASSERT_EQUAL(s.by_error[DE_IPV4_LEN_GT_FRAME], 1);
	CU_ASSERT_EQUAL(s.l4 + s.l3_only + s.non_ip + s.errors, s.packets);
	CU_ASSERT_EQUAL(s.nonip_used, 1);
	CU_ASSERT_EQUAL(s.nonip[0].key, 0x0806);
	CU_ASSERT_EQUAL(s.tcp.packets, 1);
	CU_ASSERT_EQUAL(s.tcp.bytes, sizeof(eth_ipv4_tcp));
	CU_ASSERT_EQUAL(s.ipv4.packets, 1);
	CU_ASSERT_EQUAL(s.bytes, sizeof(eth_ipv4_tcp) + sizeof(eth_arp) + 10 + 40);
}

static void stats_truncated_tcp_counts_as_tcp_and_error(void)
{
	uint8_t pkt[sizeof(eth_ipv4_tcp)];
	struct decode_stats s;
	struct packet p;

	memcpy(pkt, eth_ipv4_tcp, sizeof(pkt));
	pkt[14 + 20 + 12] = 0x30; /* TCP data offset 3 words: below 5 */
	stats_init(&s);
	tu_decode(LT_EN10MB, pkt, sizeof(pkt), &p);
	stats_account(&s, &p);
	CU_ASSERT_EQUAL(p.cls, DC_ERROR);
	CU_ASSERT_EQUAL(s.by_error[DE_TCP_BAD_DOFF], 1);
	CU_ASSERT_EQUAL(s.tcp.packets, 1);
	CU_ASSERT_EQUAL(s.l4, 0);
	CU_ASSERT_EQUAL(s.errors, 1);
}

static void stats_nonip_table_overflows_into_other(void)
{
	uint8_t pkt[sizeof(eth_arp)];
	struct decode_stats s;

	memcpy(pkt, eth_arp, sizeof(pkt));
	stats_init(&s);
	for (unsigned i = 0; i < STATS_NONIP_SLOTS + 5; i++) {
		pkt[12] = 0x90;          /* EtherTypes 0x9000 + i: not IP, not tags */
		pkt[13] = (uint8_t)(0x20 + i);
		account(&s, pkt, sizeof(pkt));
	}
	CU_ASSERT_EQUAL(s.non_ip, STATS_NONIP_SLOTS + 5);
	CU_ASSERT_EQUAL(s.nonip_used, STATS_NONIP_SLOTS);
	CU_ASSERT_EQUAL(s.nonip_other, 5);
}

static void stats_time_span_and_reordering(void)
{
	struct decode_stats s;
	struct packet p;

	stats_init(&s);
	uint64_t ts[] = { 5000, 3000, 9000, 8000 };
	for (unsigned i = 0; i < 4; i++) {
		decode_packet(LT_EN10MB, eth_arp, sizeof(eth_arp), sizeof(eth_arp),
			      ts[i], &p);
		stats_account(&s, &p);
	}
	CU_ASSERT_EQUAL(s.first_ts_ns, 3000);
	CU_ASSERT_EQUAL(s.last_ts_ns, 9000);
	CU_ASSERT_EQUAL(s.ts_backwards, 2);
}

int test_stats_register(void)
{
	CU_pSuite s = CU_add_suite("stats", NULL, NULL);
	if (!s ||
	    !CU_add_test(s, "identity_holds_over_every_class",
			 stats_identity_holds_over_every_class) ||
	    !CU_add_test(s, "truncated_tcp_counts_as_tcp_and_error",
			 stats_truncated_tcp_counts_as_tcp_and_error) ||
	    !CU_add_test(s, "nonip_table_overflows_into_other",
			 stats_nonip_table_overflows_into_other) ||
	    !CU_add_test(s, "time_span_and_reordering",
			 stats_time_span_and_reordering))
		return -1;
	return 0;
}
