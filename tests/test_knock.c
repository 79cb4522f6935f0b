/* tests/test_knock.c - port-knock and SPA detection (analyzer/detect/knock.c)
 * through the real pipeline, with hand-built packet sequences: a correct
 * knock, wrong order and too slow (near-misses of a knockd rule), a knock
 * with no follow-up, a learned (repeated) sequence, a knock interleaved
 * with another source's traffic, SPA, and a scan whose first probed ports
 * are closed, which must not become a knock. */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/core/analyzer.h"
#include "analyzer/output/report.h"

#define S(x) ((uint64_t)(x) * 1000000000ull)
#define MS(x) ((uint64_t)(x) * 1000000ull)

static struct analyzer *an;
static struct knock_rules rules;
static struct knock_rule rule_ssh;

static void start(int with_rules)
{
	struct analyzer_config cfg;
	analyzer_config_defaults(&cfg);
	cfg.flow.seed.k0 = 1;
	memset(&rule_ssh, 0, sizeof(rule_ssh));
	strcpy(rule_ssh.name, "openSSH");
	rule_ssh.len = 3;
	rule_ssh.ports[0] = 7000; rule_ssh.ports[1] = 8000; rule_ssh.ports[2] = 9000;
	rule_ssh.protos[0] = rule_ssh.protos[1] = rule_ssh.protos[2] = 6;
	rule_ssh.seq_timeout_s = 5;
	rules.v = &rule_ssh;
	rules.n = 1;
	if (with_rules)
		cfg.knock.rules = &rules;
	an = calloc(1, sizeof(*an));
	CU_ASSERT_EQUAL_FATAL(analyzer_init(an, &cfg), 0);
}

static void stop(void)
{
	analyzer_free(an);
	free(an);
}

static void ip4(uint8_t *a, uint32_t v)
{
	memset(a, 0, 16);
	a[0] = (uint8_t)(v >> 24); a[1] = (uint8_t)(v >> 16);
	a[2] = (uint8_t)(v >> 8); a[3] = (uint8_t)v;
}

static void pkt(uint8_t proto, uint32_t s, uint16_t sp, uint32_t d, uint16_t dp,
		uint16_t flags, uint32_t payload, uint64_t ts)
{
	struct packet p;
	memset(&p, 0, sizeof(p));
	p.cls = DC_L4;
	p.ip_ver = 4;
	p.l4_proto = proto;
	p.l4_seen = 1;
	ip4(p.src, s);
	ip4(p.dst, d);
	p.sport = sp;
	p.dport = dp;
	p.tcp_flags = flags;
	p.payload_len = payload;
	p.ts_ns = ts;
	p.wire_len = 60 + payload;
	analyzer_packet(an, &p);
}

#define CLIENT 0x0a000002u
#define SERVER 0x0a00000au
enum { SYN = TCP_SYN, SA = TCP_SYN | TCP_ACK, RA = TCP_RST | TCP_ACK,
       ACK = TCP_ACK, PA = TCP_PSH | TCP_ACK, FA = TCP_FIN | TCP_ACK };

/* A knock: one SYN per port, refused (closed port). */
static void knock(uint32_t c, uint16_t port, uint16_t cport, uint64_t t)
{
	pkt(6, c, cport, SERVER, port, SYN, 0, t);
	pkt(6, SERVER, port, c, cport, RA, 0, t + 50000);
}

/* A real connection with data (the door opened). */
static void connect_ok(uint32_t c, uint16_t port, uint16_t cport, uint64_t t)
{
	pkt(6, c, cport, SERVER, port, SYN, 0, t);
	pkt(6, SERVER, port, c, cport, SA, 0, t + 100000);
	pkt(6, c, cport, SERVER, port, ACK, 0, t + 200000);
	pkt(6, SERVER, port, c, cport, PA, 40, t + 300000);
	pkt(6, c, cport, SERVER, port, FA, 0, t + 400000);
	pkt(6, SERVER, port, c, cport, FA, 0, t + 500000);
}

/* A connection attempt the client keeps retrying (door still shut). */
static void connect_dropped(uint32_t c, uint16_t port, uint16_t cport, uint64_t t)
{
	for (unsigned i = 0; i < 4; i++)
		pkt(6, c, cport, SERVER, port, SYN, 0, t + S(1) * i);
}

/* Member key of the report, kept alive (new reference). */
static json_t *report_part(const char *key)
{
	struct run_info run = { 0 };
	json_t *r = report_build(an, &run);
	json_t *part = json_incref(json_object_get(r, key));
	json_decref(r);
	return part;
}

/* Knock i as the report (and the alert stream) shows it. */
static json_t *knock_at(size_t i)
{
	json_t *knocks = report_part("knocks");
	json_t *k = json_incref(json_array_get(knocks, i));
	json_decref(knocks);
	return k;
}

static const char *kd(json_t *k, const char *key)
{
	return json_string_value(json_object_get(json_object_get(json_object_get(k, "portlens"), "knock"), key));
}

static json_int_t kd_int(json_t *k, const char *key)
{
	return json_integer_value(json_object_get(json_object_get(json_object_get(k, "portlens"), "knock"), key));
}

static json_int_t seq_port(json_t *k, size_t i)
{
	json_t *seq = json_object_get(json_object_get(json_object_get(k, "portlens"), "knock"), "sequence");
	return json_integer_value(json_object_get(json_array_get(seq, i), "port"));
}

static void knock_correct_sequence_opens(void)
{
	start(1);
	knock(CLIENT, 7000, 40001, S(10));
	knock(CLIENT, 8000, 40002, S(10) + MS(300));
	knock(CLIENT, 9000, 40003, S(10) + MS(600));
	connect_ok(CLIENT, 2222, 40004, S(11));
	analyzer_finish(an);
	CU_ASSERT_EQUAL_FATAL(an->verdicts.knocks, 1);
	json_t *k = knock_at(0);
	CU_ASSERT_STRING_EQUAL(kd(k, "outcome"), "opened");
	CU_ASSERT_EQUAL(kd_int(k, "opened_port"), 2222);
	CU_ASSERT_EQUAL(seq_port(k, 0), 7000);
	CU_ASSERT_EQUAL(seq_port(k, 1), 8000);
	CU_ASSERT_EQUAL(seq_port(k, 2), 9000);
	CU_ASSERT_STRING_EQUAL(kd(k, "rule"), "openSSH");
	CU_ASSERT_STRING_EQUAL(kd(k, "rule_match"), "exact");
	CU_ASSERT_STRING_EQUAL(kd(k, "kind"), "knock");
	CU_ASSERT_EQUAL(an->verdicts.scans, 0);
	json_decref(k);
	stop();
}

static void knock_wrong_order_is_failed_near_miss(void)
{
	start(1);
	knock(CLIENT, 8000, 40001, S(10));
	knock(CLIENT, 7000, 40002, S(10) + MS(300));
	knock(CLIENT, 9000, 40003, S(10) + MS(600));
	connect_dropped(CLIENT, 2222, 40004, S(11));
	analyzer_finish(an);
	CU_ASSERT_EQUAL_FATAL(an->verdicts.knocks, 1);
	json_t *k = knock_at(0);
	CU_ASSERT_STRING_EQUAL(kd(k, "outcome"), "failed");
	CU_ASSERT_EQUAL(kd_int(k, "opened_port"), 2222);
	CU_ASSERT_EQUAL(seq_port(k, 0), 8000);
	CU_ASSERT_STRING_EQUAL(kd(k, "rule_match"), "wrong_order");
	json_decref(k);
	stop();
}

static void knock_too_slow_is_failed_near_miss(void)
{
	start(1);
	knock(CLIENT, 7000, 40001, S(10));
	knock(CLIENT, 8000, 40002, S(14));
	knock(CLIENT, 9000, 40003, S(18));
	connect_dropped(CLIENT, 2222, 40004, S(19));
	analyzer_finish(an);
	CU_ASSERT_EQUAL_FATAL(an->verdicts.knocks, 1);
	json_t *k = knock_at(0);
	CU_ASSERT_STRING_EQUAL(kd(k, "outcome"), "failed");
	CU_ASSERT_STRING_EQUAL(kd(k, "rule_match"), "too_slow");
	json_decref(k);
	stop();
}

static void knock_without_follow_up_is_incomplete(void)
{
	/* With knockd's sections: the start of a configured sequence. */
	start(1);
	knock(CLIENT, 7000, 40001, S(10));
	knock(CLIENT, 8000, 40002, S(10) + MS(300));
	analyzer_finish(an);
	CU_ASSERT_EQUAL_FATAL(an->verdicts.knocks, 1);
	json_t *k = knock_at(0);
	CU_ASSERT_STRING_EQUAL(kd(k, "outcome"), "incomplete");
	CU_ASSERT_STRING_EQUAL(kd(k, "rule"), "openSSH");
	CU_ASSERT_STRING_EQUAL(kd(k, "rule_match"), "incomplete");
	json_decref(k);
	stop();
	/* Without a configuration, a few refused ports and nothing after
	 * them are not evidence of a knock. */
	start(0);
	knock(CLIENT, 7000, 40001, S(10));
	knock(CLIENT, 8000, 40002, S(10) + MS(300));
	knock(CLIENT, 9000, 40003, S(10) + MS(600));
	analyzer_finish(an);
	CU_ASSERT_EQUAL(an->verdicts.knocks, 0);
	stop();
}

static void knock_repeated_sequence_is_learned(void)
{
	start(0);
	for (unsigned u = 0; u < 3; u++) {
		uint32_t c = CLIENT + u % 2; /* two sources, three uses */
		uint64_t t = S(100 * (u + 1));
		knock(c, 7000, (uint16_t)(41000 + 10 * u), t);
		knock(c, 8000, (uint16_t)(41001 + 10 * u), t + MS(300));
		knock(c, 9000, (uint16_t)(41002 + 10 * u), t + MS(600));
		connect_ok(c, 2222, (uint16_t)(41003 + 10 * u), t + S(1));
	}
	analyzer_finish(an);
	CU_ASSERT_EQUAL(an->verdicts.knocks, 3);
	json_t *learned = report_part("known_knock_sequences");
	CU_ASSERT_EQUAL_FATAL(json_array_size(learned), 1);
	json_t *l = json_array_get(learned, 0);
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(l, "uses")), 3);
	CU_ASSERT_EQUAL(json_array_size(json_object_get(l, "sources")), 2);
	json_decref(learned);
	stop();
}

static void knock_interleaved_with_other_traffic(void)
{
	start(0);
	uint32_t other = 0x0a000009u;
	knock(CLIENT, 7000, 40001, S(10));
	connect_ok(other, 80, 50001, S(10) + MS(100));
	knock(other, 7100, 50002, S(10) + MS(150)); /* another source's refused port */
	knock(CLIENT, 8000, 40002, S(10) + MS(300));
	connect_ok(other, 443, 50003, S(10) + MS(400));
	knock(CLIENT, 9000, 40003, S(10) + MS(600));
	connect_ok(CLIENT, 2222, 40004, S(11));
	analyzer_finish(an);
	CU_ASSERT_EQUAL_FATAL(an->verdicts.knocks, 1);
	json_t *k = knock_at(0);
	CU_ASSERT_EQUAL(json_array_size(json_object_get(json_object_get(json_object_get(
		k, "portlens"), "knock"), "sequence")), 3);
	CU_ASSERT_EQUAL(seq_port(k, 1), 8000);
	json_decref(k);
	stop();
}

static void knock_spa_datagram_then_connection(void)
{
	start(0);
	pkt(17, CLIENT, 45000, SERVER, 62201, 0, 120, S(10));
	connect_ok(CLIENT, 22, 45001, S(11));
	analyzer_finish(an);
	CU_ASSERT_EQUAL_FATAL(an->verdicts.knocks, 1);
	json_t *k = knock_at(0);
	CU_ASSERT_STRING_EQUAL(kd(k, "kind"), "spa");
	CU_ASSERT_EQUAL(kd_int(k, "opened_port"), 22);
	CU_ASSERT_EQUAL(seq_port(k, 0), 62201);
	json_decref(k);
	stop();
}

static void knock_not_from_scan_first_closed_ports(void)
{
	start(0);
	/* A SYN scan: 40 ports, the first ones closed, 22 open; then the
	 * scanner connects to 22 for real (version detection). */
	for (unsigned i = 0; i < 40; i++) {
		uint16_t port = (uint16_t)(1 + i);
		uint64_t t = S(10) + MS(20 * i);
		pkt(6, CLIENT, 60000, SERVER, port, SYN, 0, t);
		if (port == 22)
			pkt(6, SERVER, port, CLIENT, 60000, SA, 0, t + 1000);
		else
			pkt(6, SERVER, port, CLIENT, 60000, RA, 0, t + 1000);
	}
	connect_ok(CLIENT, 22, 60001, S(12));
	analyzer_finish(an);
	CU_ASSERT_EQUAL(an->verdicts.knocks, 0);
	CU_ASSERT_EQUAL(an->verdicts.scans, 1);
	stop();
}

int test_knock_register(void)
{
	CU_pSuite s = CU_add_suite("knock", NULL, NULL);
	if (!s ||
	    !CU_add_test(s, "correct_sequence_opens", knock_correct_sequence_opens) ||
	    !CU_add_test(s, "wrong_order_is_failed_near_miss", knock_wrong_order_is_failed_near_miss) ||
	    !CU_add_test(s, "too_slow_is_failed_near_miss", knock_too_slow_is_failed_near_miss) ||
	    !CU_add_test(s, "without_follow_up_is_incomplete", knock_without_follow_up_is_incomplete) ||
	    !CU_add_test(s, "repeated_sequence_is_learned", knock_repeated_sequence_is_learned) ||
	    !CU_add_test(s, "interleaved_with_other_traffic", knock_interleaved_with_other_traffic) ||
	    !CU_add_test(s, "spa_datagram_then_connection", knock_spa_datagram_then_connection) ||
	    !CU_add_test(s, "not_from_scan_first_closed_ports", knock_not_from_scan_first_closed_ports))
		return -1;
	return 0;
}
