/* tests/test_scan.c - scan detection (analyzer/detect/scan.c) through the real
 * pipeline: struct packet values fed to analyzer_packet(), then the
 * reported scans read back as JSON. Covers how fast TRW decides, slow
 * scans, kinds and techniques, open ports, and the false-positive traps
 * of the issue (busy client, DNS server, backscatter, dead-service
 * retries, NAT with many peers), plus the caps under a spoofed flood. */
#include <CUnit/CUnit.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/core/analyzer.h"
#include "analyzer/output/report.h"

#define S(x) ((uint64_t)(x) * 1000000000ull)
#define MS(x) ((uint64_t)(x) * 1000000ull)

static struct analyzer *an;

static void start(void)
{
	an = calloc(1, sizeof(*an));
	CU_ASSERT_EQUAL_FATAL(analyzer_init(an, NULL), 0);
}

static void stop(void)
{
	analyzer_free(an);
	free(an);
	an = NULL;
}

static void ip4(uint8_t *a, uint32_t v)
{
	memset(a, 0, 16);
	a[0] = (uint8_t)(v >> 24); a[1] = (uint8_t)(v >> 16);
	a[2] = (uint8_t)(v >> 8); a[3] = (uint8_t)v;
}

/* A decoded IPv4 packet of proto from src to dst at ts. */
static struct packet ip_pkt(uint8_t proto, uint32_t src, uint32_t dst, uint64_t ts)
{
	struct packet p;
	memset(&p, 0, sizeof(p));
	p.cls = DC_L4;
	p.ip_ver = 4;
	p.l4_proto = proto;
	p.l4_seen = 1;
	ip4(p.src, src);
	ip4(p.dst, dst);
	p.ts_ns = ts;
	p.wire_len = 60;
	return p;
}

static void send_pkt(uint8_t proto, uint32_t src, uint16_t sp, uint32_t dst,
		     uint16_t dp, uint16_t flags, uint32_t payload, uint64_t ts)
{
	struct packet p = ip_pkt(proto, src, dst, ts);
	p.sport = sp;
	p.dport = dp;
	p.tcp_flags = flags;
	p.payload_len = payload;
	p.wire_len = 60 + payload;
	analyzer_packet(an, &p);
}

static void tcp(uint32_t s, uint16_t sp, uint32_t d, uint16_t dp, uint16_t fl, uint64_t ts)
{
	send_pkt(IPPROTO_NUM_TCP, s, sp, d, dp, fl, 0, ts);
}

#define SCANNER 0x0a000002u
#define TARGET 0x0a00000au
enum { SYN = TCP_SYN, SA = TCP_SYN | TCP_ACK, RA = TCP_RST | TCP_ACK, RST = TCP_RST,
       ACK = TCP_ACK, FA = TCP_FIN | TCP_ACK, PA = TCP_PSH | TCP_ACK };

/* The first scan as the report (and the alert stream) shows it. */
static json_t *scan0(void)
{
	struct run_info run = { 0 };
	json_t *r = report_build(an, &run);
	json_t *s = json_incref(json_array_get(json_object_get(r, "scans"), 0));
	json_decref(r);
	return s;
}

static const char *detail(json_t *s, const char *key)
{
	return json_string_value(json_object_get(json_object_get(
		json_object_get(s, "portlens"), "scan"), key));
}

static json_int_t detail_int(json_t *s, const char *a, const char *b)
{
	json_t *d = json_object_get(json_object_get(s, "portlens"), "scan");
	return json_integer_value(b ? json_object_get(json_object_get(d, a), b)
				    : json_object_get(d, a));
}

static void scan_trw_flags_closed_port_syn_scan_after_four_probes(void)
{
	start();
	/* Sequential SYN probes, each answered by RST at once. */
	for (unsigned i = 0; i < 20; i++) {
		tcp(SCANNER, 40000, TARGET, (uint16_t)(1000 + i), SYN, S(1) + MS(10 * i));
		tcp(TARGET, (uint16_t)(1000 + i), SCANNER, 40000, RA, S(1) + MS(10 * i) + 100);
	}
	analyzer_finish(an);
	json_t *s = scan0();
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	/* TRW with the paper's values: a failure multiplies the likelihood
	 * ratio by 4; 4^4 = 256 >= 99 = beta/alpha. */
	CU_ASSERT_EQUAL(analyzer_alert(an, 0)->scan->flagged_after, 4);
	CU_ASSERT_STRING_EQUAL(detail(s, "kind"), "vertical");
	CU_ASSERT_STRING_EQUAL(detail(s, "technique"), "syn");
	CU_ASSERT_EQUAL(detail_int(s, "ports", "count"), 20);
	CU_ASSERT_EQUAL(detail_int(s, "probes", NULL), 20);
	CU_ASSERT_EQUAL(detail_int(s, "failures", NULL), 20);
	json_t *ids = json_object_get(json_object_get(json_object_get(s, "threat"), "technique"), "id");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(ids, 0)), "T1046");
	json_decref(s);
	stop();
}

static void scan_open_ports_found_and_half_open_technique(void)
{
	start();
	for (unsigned i = 0; i < 30; i++) {
		uint16_t port = (uint16_t)(20 + i);
		uint64_t t = S(1) + MS(5 * i);
		tcp(SCANNER, 50000, TARGET, port, SYN, t);
		if (port == 22 || port == 25) {
			tcp(TARGET, port, SCANNER, 50000, SA, t + 100);
			tcp(SCANNER, 50000, TARGET, port, RST, t + 200);
		} else {
			tcp(TARGET, port, SCANNER, 50000, RA, t + 100);
		}
	}
	analyzer_finish(an);
	json_t *s = scan0();
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	json_t *open = json_object_get(json_object_get(json_object_get(
		json_object_get(s, "portlens"), "scan"), "open_ports"), "tcp");
	CU_ASSERT_EQUAL(json_array_size(open), 2);
	CU_ASSERT_EQUAL(json_integer_value(json_array_get(open, 0)), 22);
	CU_ASSERT_EQUAL(json_integer_value(json_array_get(open, 1)), 25);
	CU_ASSERT_STRING_EQUAL(detail(s, "technique"), "syn");
	json_decref(s);
	stop();
}

static void scan_connect_technique_from_full_handshakes(void)
{
	start();
	for (unsigned i = 0; i < 30; i++) {
		uint16_t port = (uint16_t)(20 + i), cport = (uint16_t)(50000 + i);
		uint64_t t = S(1) + MS(5 * i);
		tcp(SCANNER, cport, TARGET, port, SYN, t);
		if (port == 22) {
			tcp(TARGET, port, SCANNER, cport, SA, t + 100);
			tcp(SCANNER, cport, TARGET, port, ACK, t + 200);
			tcp(SCANNER, cport, TARGET, port, RA, t + 300);
		} else {
			tcp(TARGET, port, SCANNER, cport, RA, t + 100);
		}
	}
	analyzer_finish(an);
	json_t *s = scan0();
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_STRING_EQUAL(detail(s, "technique"), "connect");
	json_decref(s);
	stop();
}

static void scan_stealth_techniques_by_probe_flags(void)
{
	static const struct { uint16_t flags; const char *name; } kinds[] = {
		{ TCP_FIN, "fin" }, { 0, "null" }, { TCP_FIN | TCP_PSH | TCP_URG, "xmas" },
		{ TCP_ACK, "ack" }, { TCP_FIN | TCP_ACK, "maimon" },
	};
	for (unsigned k = 0; k < 5; k++) {
		start();
		for (unsigned i = 0; i < 20; i++) {
			uint64_t t = S(1) + MS(5 * i);
			tcp(SCANNER, 40000, TARGET, (uint16_t)(100 + i), kinds[k].flags, t);
			if (i % 5) /* closed ports answer RST; open ones stay silent */
				tcp(TARGET, (uint16_t)(100 + i), SCANNER, 40000, RST, t + 100);
		}
		analyzer_finish(an);
		json_t *s = scan0();
		CU_ASSERT_PTR_NOT_NULL_FATAL(s);
		CU_ASSERT_STRING_EQUAL(detail(s, "technique"), kinds[k].name);
		CU_ASSERT_EQUAL(detail_int(s, "silent_ports", "count"), 4);
		json_decref(s);
		stop();
	}
}

static void scan_udp_scan_answered_by_port_unreachable(void)
{
	start();
	for (unsigned i = 0; i < 12; i++) {
		uint16_t port = (uint16_t)(100 + i);
		uint64_t t = S(1) + MS(20 * i);
		send_pkt(IPPROTO_NUM_UDP, SCANNER, 33000, TARGET, port, 0, 0, t);
		struct packet e;
		memset(&e, 0, sizeof(e));
		e.cls = DC_L4;
		e.ip_ver = 4;
		e.l4_proto = IPPROTO_NUM_ICMP;
		ip4(e.src, TARGET);
		ip4(e.dst, SCANNER);
		e.icmp_type = 3;
		e.icmp_code = 3;
		e.inner.present = e.inner.has_ports = 1;
		e.inner.ip_ver = 4;
		e.inner.proto = IPPROTO_NUM_UDP;
		ip4(e.inner.src, SCANNER);
		ip4(e.inner.dst, TARGET);
		e.inner.sport = 33000;
		e.inner.dport = port;
		e.ts_ns = t + 100;
		analyzer_packet(an, &e);
	}
	analyzer_finish(an);
	json_t *s = scan0();
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_STRING_EQUAL(detail(s, "technique"), "udp");
	CU_ASSERT_EQUAL(detail_int(s, "failures", NULL), 12);
	json_decref(s);
	stop();
}

static void scan_slow_scan_one_probe_per_15s_flagged(void)
{
	start();
	for (unsigned i = 0; i < 20; i++) {
		uint64_t t = S(100 + 15 * i);
		tcp(SCANNER, 40000, TARGET, (uint16_t)(1 + i), SYN, t);
		tcp(TARGET, (uint16_t)(1 + i), SCANNER, 40000, RA, t + 100);
	}
	analyzer_finish(an);
	CU_ASSERT_EQUAL(an->verdicts.scans, 1);
	CU_ASSERT_EQUAL(analyzer_alert(an, 0)->scan->flagged_after, 4);
	stop();
}

static void scan_horizontal_sweep_kind(void)
{
	start();
	for (unsigned h = 0; h < 30; h++) { /* port 22 on 30 hosts, most dead */
		uint64_t t = S(1) + MS(10 * h);
		tcp(SCANNER, 40000, TARGET + h, 22, SYN, t);
		if (h % 10 == 0)
			tcp(TARGET + h, 22, SCANNER, 40000, SA, t + 100);
	}
	analyzer_finish(an);
	json_t *s = scan0();
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_STRING_EQUAL(detail(s, "kind"), "horizontal");
	CU_ASSERT_EQUAL(detail_int(s, "targets", "count"), 30);
	json_decref(s);
	stop();
}

/* ---- traps that must stay quiet --------------------------------------- */

static void handshake(uint32_t c, uint16_t cp, uint32_t sv, uint16_t sp, uint64_t t)
{
	tcp(c, cp, sv, sp, SYN, t);
	tcp(sv, sp, c, cp, SA, t + 100);
	tcp(c, cp, sv, sp, ACK, t + 200);
	send_pkt(IPPROTO_NUM_TCP, c, cp, sv, sp, PA, 100, t + 300);
	tcp(c, cp, sv, sp, FA, t + 400);
	tcp(sv, sp, c, cp, FA, t + 500);
}

static void scan_trap_busy_client_quiet(void)
{
	start();
	static const uint16_t svc[] = { 80, 443, 22 };
	for (unsigned i = 0; i < 300; i++)
		handshake(0x0a000003u, (uint16_t)(40000 + i), TARGET, svc[i % 3], S(1) + MS(10 * i));
	analyzer_finish(an);
	CU_ASSERT_EQUAL(an->verdicts.scans, 0);
	stop();
}

static void scan_trap_dns_server_replies_quiet(void)
{
	start();
	for (unsigned i = 0; i < 500; i++) {
		uint32_t client = 0x0a010000u + (i % 50);
		uint16_t cport = (uint16_t)(30000 + i * 7);
		uint64_t t = S(1) + MS(2 * i);
		send_pkt(IPPROTO_NUM_UDP, client, cport, TARGET, 53, 0, 30, t);
		send_pkt(IPPROTO_NUM_UDP, TARGET, 53, client, cport, 0, 90, t + 100);
	}
	analyzer_finish(an);
	CU_ASSERT_EQUAL(an->verdicts.scans, 0);
	stop();
}

static void scan_trap_backscatter_quiet(void)
{
	start();
	/* A SYN-flooded victim answers spoofed sources: SYN+ACK, then RST. */
	for (unsigned i = 0; i < 1000; i++) {
		uint32_t spoofed = 0x30000000u + i * 7919;
		uint64_t t = S(1) + MS(i);
		tcp(TARGET, 80, spoofed, (uint16_t)(1024 + i), SA, t);
		tcp(TARGET, 80, spoofed, (uint16_t)(1024 + i), RA, t + 1000);
	}
	analyzer_finish(an);
	CU_ASSERT_EQUAL(an->verdicts.scans, 0);
	stop();
}

static void scan_trap_retrying_dead_service_quiet(void)
{
	start();
	for (unsigned i = 0; i < 8; i++) { /* connection refused, 8 tries */
		uint64_t t = S(1 + i);
		tcp(0x0a000004u, (uint16_t)(45000 + i), TARGET, 5432, SYN, t);
		tcp(TARGET, 5432, 0x0a000004u, (uint16_t)(45000 + i), RA, t + 100);
	}
	analyzer_finish(an);
	CU_ASSERT_EQUAL(an->verdicts.scans, 0);
	stop();
}

static void scan_trap_nat_many_peers_quiet(void)
{
	start();
	/* One NAT address, 200 successful sessions to 100 servers, plus the
	 * odd failure a real network has. */
	for (unsigned i = 0; i < 200; i++) {
		uint32_t server = 0xc6336400u + (i % 100);
		uint64_t t = S(1) + MS(50 * i);
		if (i % 40 == 39) {
			tcp(0x0a000005u, (uint16_t)(20000 + i), server, 443, SYN, t);
			tcp(server, 443, 0x0a000005u, (uint16_t)(20000 + i), RA, t + 100);
		} else {
			handshake(0x0a000005u, (uint16_t)(20000 + i), server, 443, t);
		}
	}
	analyzer_finish(an);
	CU_ASSERT_EQUAL(an->verdicts.scans, 0);
	stop();
}

static void scan_short_failed_burst_like_a_knock_not_reported(void)
{
	start();
	/* Four refused ports then a refused connection: TRW flags it, but it
	 * is as narrow as a knock sequence, so no scan is reported. */
	static const uint16_t ports[] = { 7000, 8000, 9000, 6000, 2222 };
	for (unsigned i = 0; i < 5; i++) {
		uint64_t t = S(1) + MS(300 * i);
		tcp(SCANNER, (uint16_t)(41000 + i), TARGET, ports[i], SYN, t);
		tcp(TARGET, ports[i], SCANNER, (uint16_t)(41000 + i), RA, t + 100);
	}
	analyzer_finish(an);
	CU_ASSERT_EQUAL(an->verdicts.scans, 0);
	stop();
}

static void scan_spoofed_flood_stays_within_caps(void)
{
	struct analyzer_config cfg;
	analyzer_config_defaults(&cfg);
	cfg.flow.max_flows = 4096;
	cfg.scan.max_sources = 1024;
	cfg.scan.max_contacts = 4096;
	cfg.scan.max_scans = 4;
	an = calloc(1, sizeof(*an));
	CU_ASSERT_EQUAL_FATAL(analyzer_init(an, &cfg), 0);
	for (unsigned i = 0; i < 100000; i++)
		tcp(0x20000000u + i, (uint16_t)(1024 + i % 60000), TARGET, 80, SYN, S(1) + i * 1000ull);
	analyzer_finish(an);
	const struct scan_stats *st = scan_stats(an->scan);
	CU_ASSERT_EQUAL(st->sources_tracked, 100000);
	CU_ASSERT_EQUAL(st->sources_evicted, 100000 - 1024);
	CU_ASSERT(st->contact_resets > 0);
	CU_ASSERT_EQUAL(an->verdicts.scans, 0); /* one probe each: no scanner */
	stop();
}

/* ---- abandoned successes (issue 16) ------------------------------------ */

/* A SYN accepted and then reset by the scanner, no payload: Zeek's ShR. */
static void syn_open_reset(uint32_t src, uint16_t sp, uint32_t dst, uint16_t dp, uint64_t t)
{
	tcp(src, sp, dst, dp, SYN, t);
	tcp(dst, dp, src, sp, SA, t + 100);
	tcp(src, sp, dst, dp, RST, t + 200);
}

/* connect() then close() with nothing sent: ShAFf, or ShAR when
 * rst is set (SO_LINGER 0, as nmap does on some systems). */
static void connect_close(uint32_t c, uint16_t cp, uint32_t sv, uint16_t sp, uint64_t t,
			  int rst)
{
	tcp(c, cp, sv, sp, SYN, t);
	tcp(sv, sp, c, cp, SA, t + 100);
	tcp(c, cp, sv, sp, ACK, t + 200);
	if (rst) {
		tcp(c, cp, sv, sp, RA, t + 300);
		return;
	}
	tcp(c, cp, sv, sp, FA, t + 300);
	tcp(sv, sp, c, cp, FA, t + 400);
	tcp(c, cp, sv, sp, ACK, t + 500);
}

static json_t *open_tcp(json_t *s)
{
	return json_object_get(json_object_get(json_object_get(
		json_object_get(s, "portlens"), "scan"), "open_ports"), "tcp");
}

/* End the input; exactly one scan is reported, of this kind and
 * technique with nopen open TCP ports. The caller frees it. */
static json_t *finish_one_scan(const char *kind, const char *technique, size_t nopen)
{
	analyzer_finish(an);
	CU_ASSERT_EQUAL_FATAL(an->verdicts.scans, 1);
	json_t *s = scan0();
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_STRING_EQUAL(detail(s, "kind"), kind);
	CU_ASSERT_STRING_EQUAL(detail(s, "technique"), technique);
	CU_ASSERT_EQUAL(json_array_size(open_tcp(s)), nopen);
	return s;
}

static void scan_abandoned_open_port_sweep_flagged_within_12_hosts(void)
{
	start();
	for (unsigned h = 0; h < 20; h++) /* port 445 open on all 20 hosts */
		syn_open_reset(SCANNER, (uint16_t)(40000 + h), TARGET + h, 445, S(1) + MS(10 * h));
	/* Unrelated traffic 70 s later: the deferred verdict (60 s waiting
	 * for repeats) is settled on the way, before the end of input. */
	handshake(0x0a000007u, 50000, 0x0a0000f0u, 80, S(71));
	CU_ASSERT_EQUAL(scan_records(an->scan), 1);
	json_t *s = finish_one_scan("horizontal", "syn", 1);
	CU_ASSERT_EQUAL(json_integer_value(json_array_get(open_tcp(s), 0)), 445);
	CU_ASSERT_EQUAL(detail_int(s, "targets", "count"), 20);
	CU_ASSERT_EQUAL(detail_int(s, "probes", NULL), 20);
	CU_ASSERT_EQUAL(detail_int(s, "abandoned", NULL), 20);
	CU_ASSERT_EQUAL(detail_int(s, "failures", NULL), 0);
	json_int_t after = detail_int(s, "flagged_after_probes", NULL);
	CU_ASSERT(after >= 1 && after <= 12);
	json_decref(s);
	stop();
}

static void scan_abandoned_connect_scan_of_open_ports_vertical(void)
{
	start();
	for (unsigned i = 0; i < 20; i++)
		connect_close(SCANNER, (uint16_t)(50000 + i), TARGET, (uint16_t)(8000 + i),
			      S(1) + MS(5 * i), i % 2);
	json_t *s = finish_one_scan("vertical", "connect", 20);
	CU_ASSERT_EQUAL(detail_int(s, "abandoned", NULL), 20);
	CU_ASSERT(detail_int(s, "flagged_after_probes", NULL) <= 12);
	json_decref(s);
	stop();
}

/* n first contacts to port 22 of n hosts, all open: abandoned (ShR)
 * except the one at index kept, which carries a request. */
static void abandoned_around_kept(unsigned n, unsigned kept)
{
	for (unsigned h = 0; h < n; h++) {
		uint16_t cp = (uint16_t)(40000 + h);
		if (h == kept)
			handshake(SCANNER, cp, TARGET + h, 22, S(1) + MS(10 * h));
		else
			syn_open_reset(SCANNER, cp, TARGET + h, 22, S(1) + MS(10 * h));
	}
	analyzer_finish(an);
}

/* The second walk (docs/scan.md): an abandoned first contact multiplies
 * the ratio by theta1*abandon1 / (theta0*abandon0) = 0.18/0.04 = 4.5;
 * 4.5^3 = 91 < 99 = beta/alpha <= 4.5^4 = 410. A kept success multiplies
 * by 0.02/0.76: one undoes more than two abandoned. */
static void scan_abandoned_trw_needs_four_in_a_row(void)
{
	for (unsigned n = 3; n <= 4; n++) {
		start();
		for (unsigned h = 0; h < n; h++)
			syn_open_reset(SCANNER, (uint16_t)(40000 + h), TARGET + h, 22, S(1) + MS(10 * h));
		analyzer_finish(an);
		CU_ASSERT_EQUAL(an->verdicts.scans, n == 4);
		if (n == 4) {
			CU_ASSERT_EQUAL(analyzer_alert(an, 0)->scan->flagged_after, 4);
			CU_ASSERT_EQUAL(analyzer_alert(an, 0)->scan->detectors, SCAN_DET_TRW);
		}
		stop();
	}
	start(); /* 3 abandoned, 1 kept, 3 abandoned: 4.5^6 / 38 = 218 */
	abandoned_around_kept(7, 3);
	CU_ASSERT_EQUAL(an->verdicts.scans, 1);
	CU_ASSERT_EQUAL(analyzer_alert(an, 0)->scan->flagged_after, 7);
	stop();
	start(); /* 2 abandoned, 1 kept, 2 abandoned: 4.5^4 / 38 = 10.8 */
	abandoned_around_kept(5, 2);
	CU_ASSERT_EQUAL(an->verdicts.scans, 0);
	stop();
}

static void scan_abandoned_evidence_dates_a_later_verdict(void)
{
	start();
	/* Eight open hosts, then eight that never answer: the failures flag
	 * it at the end of input (walk 1), but the abandoned ones had
	 * sufficed after four probes, and the record says so. */
	for (unsigned h = 0; h < 16; h++) {
		uint64_t t = S(1) + MS(10 * h);
		if (h < 8)
			syn_open_reset(SCANNER, (uint16_t)(40000 + h), TARGET + h, 22, t);
		else
			tcp(SCANNER, (uint16_t)(40000 + h), TARGET + h, 22, SYN, t);
	}
	analyzer_finish(an);
	CU_ASSERT_EQUAL_FATAL(an->verdicts.scans, 1);
	CU_ASSERT_EQUAL(analyzer_alert(an, 0)->scan->flagged_after, 4);
	CU_ASSERT_EQUAL(analyzer_alert(an, 0)->scan->c.failures, 8);
	CU_ASSERT_EQUAL(analyzer_alert(an, 0)->scan->c.abandoned, 8);
	stop();
}

static void scan_abandoned_decided_at_end_without_close(void)
{
	start();
	/* A SYN+ACK answered by nothing (the scanner's RST dropped): the
	 * handshake is decided abandoned when the input ends. The same
	 * handshake reset by the responder is a plain success. */
	for (unsigned h = 0; h < 20; h++) {
		tcp(SCANNER, (uint16_t)(40000 + h), TARGET + h, 80, SYN, S(1) + MS(10 * h));
		tcp(TARGET + h, 80, SCANNER, (uint16_t)(40000 + h), SA, S(1) + MS(10 * h) + 100);
	}
	for (unsigned h = 0; h < 20; h++) {
		uint32_t c = 0x0a000009u;
		tcp(c, (uint16_t)(40000 + h), TARGET + h, 81, SYN, S(2) + MS(10 * h));
		tcp(TARGET + h, 81, c, (uint16_t)(40000 + h), SA, S(2) + MS(10 * h) + 100);
		tcp(TARGET + h, 81, c, (uint16_t)(40000 + h), RST, S(2) + MS(10 * h) + 200);
	}
	json_t *s = finish_one_scan("horizontal", "syn", 1);
	CU_ASSERT_EQUAL(detail_int(s, "abandoned", NULL), 20);
	CU_ASSERT_EQUAL(json_integer_value(json_array_get(open_tcp(s), 0)), 80);
	json_decref(s);
	stop();
}

static void scan_trap_health_checker_quiet(void)
{
	start();
	/* 30 backends, connect + close with no payload, every 2 s for 2 min:
	 * the first round is 30 abandoned first contacts, the rest repeats. */
	for (unsigned round = 0; round < 60; round++)
		for (unsigned b = 0; b < 30; b++)
			connect_close(0x0a000063u, (uint16_t)(20000 + (round * 30 + b) % 40000),
				      0x0a010000u + b, 8080, S(1 + 2 * round) + MS(b), 0);
	analyzer_finish(an);
	CU_ASSERT_EQUAL(scan_records(an->scan), 0);
	CU_ASSERT_EQUAL(an->verdicts.scans, 0);
	stop();
}

static void scan_trap_health_checker_first_round_alone_is_a_sweep(void)
{
	start();
	/* The limit of the rule: one round with nothing after it cannot be
	 * told from a sweep of an open port (docs/scan.md). */
	for (unsigned b = 0; b < 30; b++)
		connect_close(0x0a000063u, (uint16_t)(20000 + b), 0x0a010000u + b, 8080,
			      S(1) + MS(b), 0);
	analyzer_finish(an);
	CU_ASSERT_EQUAL(an->verdicts.scans, 1);
	stop();
}

static void scan_trap_connection_pool_with_payload_quiet(void)
{
	start();
	/* 200 short connections from one client to 20 servers, each with a
	 * request: ordinary successes, no evidence. */
	for (unsigned i = 0; i < 200; i++)
		handshake(0x0a000008u, (uint16_t)(30000 + i), 0x0a020000u + i % 20, 5432,
			  S(1) + MS(20 * i));
	analyzer_finish(an);
	CU_ASSERT_EQUAL(scan_records(an->scan), 0);
	CU_ASSERT_EQUAL(an->verdicts.scans, 0);
	stop();
}

/* Verdicts over the whole history (ndpi/ethereum.pcap's shape): four
 * early failures flag a peer-to-peer client, but its next 40 first
 * contacts succeed and carry data. At the decision its whole walk says
 * benign: not reported (flagged, counted in flagged_not_reported). The
 * same start followed by more failures is reported. */
static void scan_whole_history_used_successes_unflag_a_client(void)
{
	start();
	for (unsigned i = 0; i < 4; i++) {
		uint32_t peer = 0x0a030000u + i;
		tcp(SCANNER, (uint16_t)(41000 + i), peer, 30303, SYN, S(1) + MS(10 * i));
		tcp(peer, 30303, SCANNER, (uint16_t)(41000 + i), RA, S(1) + MS(10 * i) + 100);
	}
	for (unsigned i = 0; i < 40; i++)
		handshake(SCANNER, (uint16_t)(42000 + i), 0x0a040000u + i, 30303, S(2) + MS(20 * i));
	analyzer_finish(an);
	CU_ASSERT_EQUAL(scan_records(an->scan), 1);
	CU_ASSERT_EQUAL(an->verdicts.scans, 0);
	CU_ASSERT_FALSE(scan_reportable(an->scan, scan_record(an->scan, 0)));
	stop();
	start();
	for (unsigned i = 0; i < 44; i++) {
		uint32_t peer = 0x0a030000u + i;
		tcp(SCANNER, (uint16_t)(41000 + i), peer, 30303, SYN, S(1) + MS(10 * i));
		if (i % 10 == 9) /* a few answer and are used */
			handshake(SCANNER, (uint16_t)(43000 + i), peer, 30304, S(3) + MS(10 * i));
		tcp(peer, 30303, SCANNER, (uint16_t)(41000 + i), RA, S(1) + MS(10 * i) + 100);
	}
	json_t *sc = finish_one_scan("horizontal", "syn", 1); /* 30304 */
	json_decref(sc);
	stop();
}

/* Service discovery to groups is not a scan: SSDP, mDNS, LLMNR,
 * WS-Discovery and NetBIOS datagrams to multicast and the limited
 * broadcast, unanswered, on many ports: no probe, no record. */
static void scan_trap_service_discovery_to_groups_quiet(void)
{
	static const uint32_t groups[] = { 0xeffffffau /* 239.255.255.250 */,
		0xe00000fbu /* 224.0.0.251 */, 0xe00000fcu /* 224.0.0.252 */,
		0xffffffffu /* 255.255.255.255 */ };
	start();
	for (unsigned i = 0; i < 200; i++)
		send_pkt(IPPROTO_NUM_UDP, 0x0a000009u, (uint16_t)(50000 + i), groups[i % 4],
			 (uint16_t)(1900 + i), 0, 40, S(1) + MS(50 * i));
	analyzer_finish(an);
	CU_ASSERT_EQUAL(an->verdicts.scans, 0);
	CU_ASSERT_EQUAL(scan_records(an->scan), 0);
	CU_ASSERT_EQUAL(scan_stats(an->scan)->probes, 0);
	stop();
}

/* A narrow record of probes no knock uses is reported below min-ports:
 * six ports of one host probed with FIN and NULL, each answered by a
 * RST (ndpi/tcp_scan.pcapng's shape). The SYN-only burst of the same
 * size stays unreported (scan/short_failed_burst_like_a_knock). */
static void scan_narrow_stealth_probes_reported(void)
{
	start();
	for (unsigned i = 0; i < 6; i++) {
		uint16_t port = (uint16_t)(3390 + i);
		tcp(SCANNER, (uint16_t)(45000 + i), TARGET, port, i % 2 ? 0 : TCP_FIN,
		    S(1) + MS(10 * i));
		tcp(TARGET, port, SCANNER, (uint16_t)(45000 + i), RA, S(1) + MS(10 * i) + 100);
	}
	analyzer_finish(an);
	CU_ASSERT_EQUAL(an->verdicts.scans, 1);
	json_t *sc = scan0();
	CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
	CU_ASSERT_STRING_EQUAL(detail(sc, "kind"), "vertical");
	CU_ASSERT_EQUAL(detail_int(sc, "ports", "count"), 6);
	json_decref(sc);
	stop();
}

/* A one-sided capture (ndpi/ocs.pcap): only the client's direction.
 * Its SYN to each of 12 servers is followed by its own ACK and data, so
 * each was answered though no SYN-ACK is in the capture: used successes,
 * no scan. The same SYNs without the ACK and data are a sweep. */
static void scan_trap_one_sided_capture_client_quiet(void)
{
	for (int answered = 1; answered >= 0; answered--) {
		start();
		for (unsigned i = 0; i < 12; i++) {
			uint32_t sv = 0x0a050000u + i;
			uint16_t cp = (uint16_t)(46000 + i);
			uint64_t t = S(1) + MS(700 * i);
			tcp(SCANNER, cp, sv, 443, SYN, t);
			if (!answered)
				continue;
			tcp(SCANNER, cp, sv, 443, ACK, t + MS(30));
			send_pkt(IPPROTO_NUM_TCP, SCANNER, cp, sv, 443, PA, 200, t + MS(31));
		}
		analyzer_finish(an);
		CU_ASSERT_EQUAL(an->verdicts.scans, answered ? 0 : 1);
		stop();
	}
}

/* Conversations the capture joined midstream: the client's first packet
 * in each of 12 connections is an ACK (or FIN+ACK), and the server answers
 * with an ACK and data, not a RST. Not ACK-scan probes: no scan. */
static void scan_trap_midstream_conversations_quiet(void)
{
	start();
	for (unsigned i = 0; i < 12; i++) {
		uint32_t sv = 0x0a060000u + i;
		uint16_t cp = (uint16_t)(47000 + i);
		uint64_t t = S(1) + MS(100 * i);
		tcp(SCANNER, cp, sv, 6000, i % 3 ? ACK : FA, t);
		send_pkt(IPPROTO_NUM_TCP, sv, 6000, SCANNER, cp, PA, 64, t + MS(1));
		tcp(SCANNER, cp, sv, 6000, ACK, t + MS(2));
	}
	analyzer_finish(an);
	CU_ASSERT_EQUAL(an->verdicts.scans, 0);
	CU_ASSERT_EQUAL(scan_records(an->scan), 0);
	stop();
}

/* An ICMP echo sweep of 30 silent hosts is host discovery: kind
 * discovery, technique icmp_echo, ATT&CK T1018, no ports. */
static void scan_icmp_echo_sweep_is_discovery(void)
{
	start();
	for (unsigned i = 0; i < 30; i++) {
		struct packet p = ip_pkt(IPPROTO_NUM_ICMP, SCANNER, 0x0a070000u + i,
					 S(1) + MS(10 * i));
		p.icmp_type = 8;
		p.icmp_id = (uint16_t)(100 + i);
		analyzer_packet(an, &p);
		if (i % 3)
			continue;
		/* every third host is up: its echo reply */
		struct packet q = ip_pkt(IPPROTO_NUM_ICMP, 0x0a070000u + i, SCANNER,
					 S(1) + MS(10 * i) + MS(1));
		q.icmp_type = 0;
		q.icmp_id = (uint16_t)(100 + i);
		analyzer_packet(an, &q);
	}
	analyzer_finish(an);
	CU_ASSERT_EQUAL_FATAL(an->verdicts.scans, 1);
	json_t *sc = scan0();
	CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
	CU_ASSERT_STRING_EQUAL(detail(sc, "kind"), "discovery");
	CU_ASSERT_STRING_EQUAL(detail(sc, "technique"), "icmp_echo");
	CU_ASSERT_EQUAL(detail_int(sc, "targets", "count"), 30);
	CU_ASSERT_EQUAL(detail_int(sc, "ports", "count"), 0);
	CU_ASSERT_EQUAL(detail_int(sc, "hosts_up", "count"), 10);
	json_t *up = json_object_get(json_object_get(json_object_get(sc, "portlens"), "scan"),
				     "hosts_up");
	CU_ASSERT_EQUAL(json_array_size(json_object_get(up, "list")), 10);
	int has_first = 0, has_up_only = 1;
	for (size_t k = 0; k < json_array_size(json_object_get(up, "list")); k++) {
		const char *ip = json_string_value(json_array_get(json_object_get(up, "list"), k));
		unsigned last = (unsigned)atoi(strrchr(ip, '.') + 1);
		has_first |= last == 0;
		has_up_only &= last % 3 == 0;
	}
	CU_ASSERT(has_first);    /* answered before the source was flagged */
	CU_ASSERT(has_up_only);  /* only hosts that replied */
	json_t *ids = json_object_get(json_object_get(json_object_get(sc, "threat"), "technique"), "id");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(ids, 0)), "T1018");
	json_decref(sc);
	stop();
}

/* A peer-to-peer client (ndpi/gnutella.pcap's shape): 60 peers, each on
 * its own port; 40 are offline (RST), 20 answer and are talked to. Not a
 * scan. A sparse random scan of the same shape that uses no success (60
 * hosts, one random port each, 40 closed and 20 dropped unused) is. */
static void scan_p2p_client_shape_quiet_sparse_scan_reported(void)
{
	for (int used = 1; used >= 0; used--) {
		start();
		for (unsigned i = 0; i < 60; i++) {
			uint32_t peer = 0x0a080000u + i;
			uint16_t pp = (uint16_t)(6346 + 97 * i), cp = (uint16_t)(48000 + i);
			uint64_t t = S(1) + MS(50 * i);
			if (i % 3 == 0) {
				if (used)
					handshake(SCANNER, cp, peer, pp, t);
				else
					syn_open_reset(SCANNER, cp, peer, pp, t);
				continue;
			}
			tcp(SCANNER, cp, peer, pp, SYN, t);
			tcp(peer, pp, SCANNER, cp, RA, t + MS(1));
		}
		analyzer_finish(an);
		CU_ASSERT_EQUAL(an->verdicts.scans, used ? 0 : 1);
		CU_ASSERT_EQUAL(scan_records(an->scan), 1); /* flagged either way */
		stop();
	}
}

/* Two unanswered pings and two UDP datagrams to two hosts (a reachability
 * test, tcpdump's ipv6-routing-header.pcap) are flagged by the walk but
 * are no sweep: a record with ICMP requests needs 8 hosts. */
static void scan_two_host_ping_test_not_a_sweep(void)
{
	start();
	for (unsigned i = 0; i < 4; i++) {
		uint32_t host = 0x0a090000u + i % 2;
		if (i < 2) {
			struct packet p = ip_pkt(IPPROTO_NUM_ICMP, SCANNER, host, S(1 + i));
			p.icmp_type = 8;
			analyzer_packet(an, &p);
		} else {
			send_pkt(IPPROTO_NUM_UDP, SCANNER, 5645, host, 5642, 0, 0, S(1 + i));
		}
	}
	analyzer_finish(an);
	CU_ASSERT_EQUAL(an->verdicts.scans, 0);
	stop();
}

/* ---- host discovery on the segment, protocol scans, unknown outcomes ----- */

static void arp_pkt(uint16_t op, uint32_t spa, uint32_t tpa, uint64_t ts)
{
	struct packet p;
	memset(&p, 0, sizeof(p));
	p.cls = DC_NON_IP;
	p.nonip_kind = 0x0806;
	p.ts_ns = ts;
	p.wire_len = 42;
	p.arp.present = p.arp.eth_ipv4 = 1;
	p.arp.op = op;
	for (int k = 0; k < 4; k++) {
		p.arp.spa[k] = (uint8_t)(spa >> (24 - 8 * k));
		p.arp.tpa[k] = (uint8_t)(tpa >> (24 - 8 * k));
	}
	analyzer_packet(an, &p);
}

/* arp-scan: requests for 40 addresses, 10 answered, no IP traffic after.
 * Host discovery with technique arp, the 10 found up. With the input
 * ending before the timeouts (unknown outcomes) the distinct-host
 * threshold still flags it, as in lucaderi-sgr/hs-arpScan.pcap. */
static void scan_arp_sweep_is_discovery(void)
{
	for (int ends_early = 0; ends_early < 2; ends_early++) {
		start();
		for (unsigned i = 0; i < 40; i++) {
			uint64_t t = S(1) + MS(5 * i);
			arp_pkt(1, SCANNER, 0x0a000100u + i, t);
			arp_pkt(1, SCANNER, 0x0a000100u + i, t + MS(1)); /* a retry: one probe */
			if (i % 4 == 0)
				arp_pkt(2, 0x0a000100u + i, SCANNER, t + MS(2));
		}
		if (!ends_early)
			arp_pkt(1, 0x0a0001ffu, 0x0a0001ffu, S(30)); /* gratuitous: time passes */
		analyzer_finish(an);
		CU_ASSERT_EQUAL_FATAL(an->verdicts.scans, 1);
		json_t *sc = scan0();
		CU_ASSERT_STRING_EQUAL(detail(sc, "kind"), "discovery");
		CU_ASSERT_STRING_EQUAL(detail(sc, "technique"), "arp");
		CU_ASSERT_EQUAL(detail_int(sc, "targets", "count"), 40);
		CU_ASSERT_EQUAL(detail_int(sc, "probes", NULL), 40);
		CU_ASSERT_EQUAL(detail_int(sc, "hosts_up", "count"), 10);
		CU_ASSERT_EQUAL(detail_int(sc, "unanswered_at_end", NULL), ends_early ? 30 : 0);
		json_t *ids = json_object_get(json_object_get(json_object_get(sc, "threat"),
							      "technique"), "id");
		CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(ids, 0)), "T1018");
		json_decref(sc);
		stop();
	}
}

/* A LAN host resolves 40 neighbours and then talks to each: every
 * request was address resolution for the SYN that follows, not a probe. */
static void scan_arp_resolution_before_traffic_not_a_probe(void)
{
	start();
	for (unsigned i = 0; i < 40; i++) {
		uint64_t t = S(1) + MS(20 * i);
		arp_pkt(1, 0x0a000003u, 0x0a000100u + i, t);
		arp_pkt(2, 0x0a000100u + i, 0x0a000003u, t + MS(1));
		handshake(0x0a000003u, (uint16_t)(41000 + i), 0x0a000100u + i, 80, t + MS(2));
	}
	arp_pkt(1, 0x0a0001ffu, 0x0a0001ffu, S(30));
	analyzer_finish(an);
	CU_ASSERT_EQUAL(scan_stats(an->scan)->probes, 40); /* the SYNs alone */
	CU_ASSERT_EQUAL(scan_records(an->scan), 0);
	stop();
}

/* An ICMP protocol unreachable from TARGET quoting SCANNER -> TARGET with
 * protocol proto, with no flow of ours behind it. */
static void proto_unreachable(uint8_t proto, uint64_t t)
{
	struct packet e = ip_pkt(IPPROTO_NUM_ICMP, TARGET, SCANNER, t);
	e.icmp_type = 3;
	e.icmp_code = 2;
	e.inner.present = 1;
	e.inner.ip_ver = 4;
	e.inner.proto = proto;
	ip4(e.inner.src, SCANNER);
	ip4(e.inner.dst, TARGET);
	analyzer_packet(an, &e);
}

/* A protocol scan seen only through its rejections (lucaderi-sgr/
 * hs-sh-IPscan.pcapng): technique ip_protocol, the protocols listed. */
static void scan_protocol_unreachables_alone_are_a_protocol_scan(void)
{
	start();
	for (unsigned i = 0; i < 20; i++)
		proto_unreachable((uint8_t)(100 + i), S(1) + MS(i));
	analyzer_finish(an);
	CU_ASSERT_EQUAL_FATAL(an->verdicts.scans, 1);
	json_t *sc = scan0();
	CU_ASSERT_STRING_EQUAL(detail(sc, "kind"), "vertical");
	CU_ASSERT_STRING_EQUAL(detail(sc, "technique"), "ip_protocol");
	CU_ASSERT_EQUAL(detail_int(sc, "protocols", "count"), 20);
	CU_ASSERT_EQUAL(detail_int(sc, "failures", NULL), 20);
	json_decref(sc);
	stop();
}

/* nmap -sO as a capture shows it: a bare datagram of each protocol, the
 * unsupported ones rejected by protocol unreachables (attributed to the
 * probe's flow), protocol 4 answered in its own protocol (open). Long
 * one-way ESP packets to 12 hosts (zeek/ip6_esp.pcap) are traffic. */
static void scan_ip_protocol_scan_and_esp_traffic(void)
{
	start();
	for (unsigned i = 0; i < 30; i++) {
		uint8_t proto = (uint8_t)(2 + i);
		if (proto == IPPROTO_NUM_TCP || proto == IPPROTO_NUM_UDP)
			continue;
		uint64_t t = S(1) + MS(10 * i);
		struct packet p = ip_pkt(proto, SCANNER, TARGET, t);
		p.cls = DC_L3_ONLY;
		analyzer_packet(an, &p);
		if (proto == 4) {
			struct packet q = ip_pkt(proto, TARGET, SCANNER, t + MS(1));
			q.cls = DC_L3_ONLY;
			q.l4_len = 20;
			analyzer_packet(an, &q);
		} else {
			proto_unreachable(proto, t + MS(1));
		}
	}
	for (unsigned h = 0; h < 12; h++) {
		struct packet p = ip_pkt(50, 0x0a000003u, 0x0a000200u + h, S(2) + MS(h));
		p.cls = DC_L3_ONLY;
		p.l4_len = 100;
		analyzer_packet(an, &p);
	}
	analyzer_finish(an);
	CU_ASSERT_EQUAL_FATAL(an->verdicts.scans, 1);
	json_t *sc = scan0();
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_object_get(sc, "source"), "ip")),
			       "10.0.0.2");
	CU_ASSERT_STRING_EQUAL(detail(sc, "technique"), "ip_protocol");
	CU_ASSERT_EQUAL(detail_int(sc, "protocols", "count"), 28);
	json_t *open = json_object_get(json_object_get(json_object_get(json_object_get(
		sc, "portlens"), "scan"), "protocols"), "open");
	CU_ASSERT_EQUAL(json_array_size(open), 1);
	CU_ASSERT_EQUAL(json_integer_value(json_array_get(open, 0)), 4);
	json_decref(sc);
	stop();
}

/* nmap -sn: per host an ICMP echo, a SYN to 443, an ACK to 80 and an ICMP
 * timestamp request. 30 hosts, every third up (it answers all four).
 * Host discovery, technique tcp_ping, the 10 found up; not a horizontal
 * scan of 443 and 80. */
static void scan_nmap_ping_sweep_is_tcp_ping_discovery(void)
{
	start();
	for (unsigned i = 0; i < 30; i++) {
		uint32_t h = 0x0a000300u + i;
		uint64_t t = S(1) + MS(10 * i);
		struct packet e = ip_pkt(IPPROTO_NUM_ICMP, SCANNER, h, t);
		e.icmp_type = 8;
		e.icmp_id = (uint16_t)(200 + i);
		analyzer_packet(an, &e);
		tcp(SCANNER, 51000, h, 443, SYN, t + 1);
		tcp(SCANNER, 51000, h, 80, ACK, t + 2);
		struct packet ts = ip_pkt(IPPROTO_NUM_ICMP, SCANNER, h, t + 3);
		ts.icmp_type = 13;
		ts.icmp_id = (uint16_t)(300 + i);
		analyzer_packet(an, &ts);
		if (i % 3)
			continue;
		e = ip_pkt(IPPROTO_NUM_ICMP, h, SCANNER, t + MS(1));
		e.icmp_type = 0;
		e.icmp_id = (uint16_t)(200 + i);
		analyzer_packet(an, &e);
		tcp(h, 443, SCANNER, 51000, SA, t + MS(1) + 1);
		tcp(SCANNER, 51000, h, 443, RST, t + MS(1) + 2);
		tcp(h, 80, SCANNER, 51000, RST, t + MS(1) + 3);
	}
	arp_pkt(1, 0x0a0001ffu, 0x0a0001ffu, S(30)); /* time passes */
	analyzer_finish(an);
	CU_ASSERT_EQUAL_FATAL(an->verdicts.scans, 1);
	json_t *sc = scan0();
	CU_ASSERT_STRING_EQUAL(detail(sc, "kind"), "discovery");
	CU_ASSERT_STRING_EQUAL(detail(sc, "technique"), "tcp_ping");
	CU_ASSERT_EQUAL(detail_int(sc, "targets", "count"), 30);
	CU_ASSERT_EQUAL(detail_int(sc, "hosts_up", "count"), 10);
	json_decref(sc);
	stop();
}

/* The end of the input is not an answer: five SYNs to five hosts, the
 * capture ending a second later, are unknown outcomes and flag nothing;
 * the same SYNs unanswered past the timeout are four failures in a row. */
static void scan_end_of_input_is_unknown_not_failure(void)
{
	for (int later = 0; later < 2; later++) {
		start();
		for (unsigned i = 0; i < 5; i++)
			tcp(SCANNER, 52000, 0x0a000400u + i, 8080, SYN, S(1) + MS(100 * i));
		if (later)
			tcp(0x0a000003u, 40000, TARGET, 22, SYN, S(20));
		analyzer_finish(an);
		CU_ASSERT_EQUAL(scan_records(an->scan) > 0, later);
		stop();
	}
}

/* ---- distributed and decoy scans ------------------------------------------- */

static const char *source_ip(json_t *sc)
{
	return json_string_value(json_object_get(json_object_get(sc, "source"), "ip"));
}

static json_t *scan_obj(json_t *sc, const char *key)
{
	return json_object_get(json_object_get(json_object_get(sc, "portlens"), "scan"), key);
}

/* n sources split ports 1..8n of TARGET, 8 each, interleaved in time;
 * every probe refused. */
static void distributed_scan(unsigned n)
{
	for (unsigned k = 0; k < 8; k++)
		for (unsigned i = 0; i < n; i++) {
			uint16_t port = (uint16_t)(1 + 8 * i + k);
			uint64_t t = S(1) + MS(50 * k) + MS(i);
			tcp(0x0a000003u + i, 43000, TARGET, port, SYN, t);
			tcp(TARGET, port, 0x0a000003u + i, 43000, RA, t + 100);
		}
}

/* Six sources, eight ports each, none reported alone (a knock's size):
 * one distributed record naming the six, with no source.ip. Two sources
 * are not enough. */
static void scan_distributed_scan_one_record(void)
{
	start();
	distributed_scan(6);
	analyzer_finish(an);
	CU_ASSERT_EQUAL_FATAL(an->verdicts.scans + an->verdicts.groups, 1);
	CU_ASSERT_EQUAL(an->verdicts.groups, 1);
	json_t *sc = scan0();
	CU_ASSERT_PTR_NULL(source_ip(sc));
	CU_ASSERT_STRING_EQUAL(detail(sc, "group"), "distributed");
	CU_ASSERT_EQUAL(detail_int(sc, "sources", "count"), 6);
	CU_ASSERT_EQUAL(detail_int(sc, "ports", "count"), 48);
	CU_ASSERT_STRING_EQUAL(detail(sc, "kind"), "vertical");
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_object_get(sc, "rule"), "name")),
			       "distributed port scan");
	json_decref(sc);
	stop();
	start();
	distributed_scan(2);
	analyzer_finish(an);
	CU_ASSERT_EQUAL(an->verdicts.groups, 0);
	stop();
}

/* nmap -D: three spoofed sources send the real one's 40 probes, each
 * probe from all four back to back. Only the real source is answered
 * (answers to the decoys go nowhere): one decoy record naming it. When
 * the target answers every source (live decoys), no source is named. */
static void scan_decoy_scan_names_the_real_source(void)
{
	for (int live_decoys = 0; live_decoys < 2; live_decoys++) {
		start();
		for (unsigned k = 0; k < 40; k++)
			for (unsigned i = 0; i < 4; i++) {
				uint32_t src = i == 3 ? SCANNER : 0x0a000060u + i;
				uint64_t t = S(1) + MS(10 * k) + i;
				tcp(src, 44000, TARGET, (uint16_t)(100 + k), SYN, t);
				if (src == SCANNER || live_decoys)
					tcp(TARGET, (uint16_t)(100 + k), src, 44000, RA, t + MS(1));
			}
		arp_pkt(1, 0x0a0001ffu, 0x0a0001ffu, S(30)); /* time passes */
		analyzer_finish(an);
		CU_ASSERT_EQUAL(an->verdicts.scans, 0); /* the four are merged */
		CU_ASSERT_EQUAL_FATAL(an->verdicts.groups, 1);
		json_t *sc = scan0();
		CU_ASSERT_STRING_EQUAL(detail(sc, "group"), "decoy");
		CU_ASSERT_EQUAL(detail_int(sc, "sources", "count"), 4);
		if (live_decoys) {
			CU_ASSERT_PTR_NULL(source_ip(sc));
			CU_ASSERT(json_is_null(scan_obj(sc, "real_source")));
			CU_ASSERT_EQUAL(detail_int(sc, "decoys", "count"), 4);
		} else {
			CU_ASSERT_STRING_EQUAL(source_ip(sc), "10.0.0.2");
			CU_ASSERT_STRING_EQUAL(detail(sc, "real_source"), "10.0.0.2");
			CU_ASSERT_EQUAL(detail_int(sc, "decoys", "count"), 3);
		}
		CU_ASSERT_EQUAL(detail_int(sc, "ports", "count"), 40);
		json_decref(sc);
		stop();
	}
}

/* Three clients knocking the same three-port sequence on one server at
 * the same time: the same ports, a knock's size: no merged scan. */
static void scan_same_knock_from_three_clients_not_a_group(void)
{
	start();
	for (unsigned k = 0; k < 3; k++)
		for (unsigned i = 0; i < 3; i++)
			tcp(0x0a000003u + i, 45000, TARGET, (uint16_t)(7000 + 1000 * k), SYN,
			    S(1) + MS(300 * k) + MS(i));
	arp_pkt(1, 0x0a0001ffu, 0x0a0001ffu, S(30));
	analyzer_finish(an);
	CU_ASSERT_EQUAL(an->verdicts.groups, 0);
	CU_ASSERT_EQUAL(an->verdicts.scans, 0);
	stop();
}

/* An IPv6 neighbour solicitation from src for target, to the target's
 * solicited-node multicast address; an advertisement from target to dst. */
static void nd_pkt(uint8_t type, const uint8_t *src, const uint8_t *dst,
		   const uint8_t *target, uint64_t ts)
{
	struct packet p;
	memset(&p, 0, sizeof(p));
	p.cls = DC_L4;
	p.ip_ver = 6;
	p.l4_proto = IPPROTO_NUM_ICMPV6;
	p.l4_seen = 1;
	p.icmp_type = type;
	memcpy(p.src, src, 16);
	memcpy(p.dst, dst, 16);
	p.nd_seen = 1;
	memcpy(p.nd_target, target, 16);
	p.ts_ns = ts;
	p.wire_len = 86;
	analyzer_packet(an, &p);
}

static void v6(uint8_t *a, uint16_t last)
{
	static const uint8_t base[16] = { 0xfd, 0, 0, 0x77, [15] = 0 };
	memcpy(a, base, 16);
	a[14] = (uint8_t)(last >> 8);
	a[15] = (uint8_t)last;
}

/* An ND sweep (nmap -6 -sn on a LAN): solicitations for 40 addresses, 10
 * advertised: discovery, technique icmpv6_ns, 10 up. Duplicate address
 * detection (from ::) and unicast solicitations (a cache refreshing a
 * neighbour) are not probes. */
static void scan_nd_sweep_is_discovery(void)
{
	start();
	uint8_t me[16], tgt[16], snm[16] = { 0xff, 0x02, [11] = 1, [12] = 0xff };
	static const uint8_t unspec[16];
	v6(me, 2);
	for (unsigned i = 0; i < 40; i++) {
		uint64_t t = S(1) + MS(5 * i);
		v6(tgt, (uint16_t)(0x100 + i));
		memcpy(snm + 13, tgt + 13, 3);
		nd_pkt(135, me, snm, tgt, t);
		nd_pkt(135, unspec, snm, tgt, t + 1);   /* DAD */
		nd_pkt(135, tgt, me, me, t + 2);         /* unicast: a refresh */
		if (i % 4 == 0)
			nd_pkt(136, tgt, me, tgt, t + MS(1));
	}
	arp_pkt(1, 0x0a0001ffu, 0x0a0001ffu, S(30)); /* time passes */
	analyzer_finish(an);
	CU_ASSERT_EQUAL_FATAL(an->verdicts.scans, 1);
	json_t *sc = scan0();
	CU_ASSERT_STRING_EQUAL(detail(sc, "kind"), "discovery");
	CU_ASSERT_STRING_EQUAL(detail(sc, "technique"), "icmpv6_ns");
	CU_ASSERT_EQUAL(detail_int(sc, "targets", "count"), 40);
	CU_ASSERT_EQUAL(detail_int(sc, "hosts_up", "count"), 10);
	CU_ASSERT_EQUAL(scan_stats(an->scan)->probes, 40);
	json_decref(sc);
	stop();
}

/* A connect sweep of SSH: every host sends its banner, the scanner
 * closes without a word (nmap -sT, Zeek ShAdR). Abandoned, not used: a
 * horizontal connect scan with port 22 open. A client that answers the
 * banner with its own uses the connection. */
static void scan_banner_connect_sweep_is_abandoned(void)
{
	for (int client_talks = 0; client_talks < 2; client_talks++) {
		start();
		for (unsigned h = 0; h < 20; h++) {
			uint32_t sv = 0x0a000500u + h;
			uint16_t cp = (uint16_t)(42000 + h);
			uint64_t t = S(1) + MS(20 * h);
			tcp(SCANNER, cp, sv, 22, SYN, t);
			tcp(sv, 22, SCANNER, cp, SA, t + 100);
			tcp(SCANNER, cp, sv, 22, ACK, t + 200);
			send_pkt(IPPROTO_NUM_TCP, sv, 22, SCANNER, cp, PA, 40, t + 300);
			if (client_talks)
				send_pkt(IPPROTO_NUM_TCP, SCANNER, cp, sv, 22, PA, 40, t + 400);
			tcp(SCANNER, cp, sv, 22, RA, t + 500);
		}
		analyzer_finish(an);
		CU_ASSERT_EQUAL(an->verdicts.scans, client_talks ? 0 : 1);
		if (!client_talks) {
			json_t *sc = scan0();
			CU_ASSERT_STRING_EQUAL(detail(sc, "kind"), "horizontal");
			CU_ASSERT_STRING_EQUAL(detail(sc, "technique"), "connect");
			CU_ASSERT_EQUAL(detail_int(sc, "abandoned", NULL), 20);
			json_decref(sc);
		}
		stop();
	}
}

/* Live, on a quiet network: a sweep of an open port over 15 hosts waits
 * for repeats (repeat-wait, 60 s), then no packet comes. The interval
 * tick runs the clock on (analyzer_advance) and the verdict is made; a
 * clock a day past the capture's (a replay of old packets) does not. */
static void scan_live_tick_settles_waiting_verdicts(void)
{
	for (int replay = 0; replay < 2; replay++) {
		start();
		uint64_t t0 = S(1000000);
		for (unsigned h = 0; h < 15; h++)
			syn_open_reset(SCANNER, (uint16_t)(40000 + h), TARGET + h, 22, t0 + MS(10 * h));
		analyzer_decide_alerts(an);
		CU_ASSERT_EQUAL(an->verdicts.scans, 0); /* waiting for repeats */
		analyzer_advance(an, t0 + (replay ? S(2 * 86400) : S(61)));
		analyzer_decide_alerts(an);
		CU_ASSERT_EQUAL(an->verdicts.scans, replay ? 0 : 1);
		stop();
	}
}

int test_scan_register(void)
{
	CU_pSuite s = CU_add_suite("scan", NULL, NULL);
	if (!s ||
	    !CU_add_test(s, "trw_flags_closed_port_syn_scan_after_four_probes",
			 scan_trw_flags_closed_port_syn_scan_after_four_probes) ||
	    !CU_add_test(s, "open_ports_found_and_half_open_technique",
			 scan_open_ports_found_and_half_open_technique) ||
	    !CU_add_test(s, "connect_technique_from_full_handshakes",
			 scan_connect_technique_from_full_handshakes) ||
	    !CU_add_test(s, "stealth_techniques_by_probe_flags", scan_stealth_techniques_by_probe_flags) ||
	    !CU_add_test(s, "udp_scan_answered_by_port_unreachable",
			 scan_udp_scan_answered_by_port_unreachable) ||
	    !CU_add_test(s, "slow_scan_one_probe_per_15s_flagged", scan_slow_scan_one_probe_per_15s_flagged) ||
	    !CU_add_test(s, "horizontal_sweep_kind", scan_horizontal_sweep_kind) ||
	    !CU_add_test(s, "trap_busy_client_quiet", scan_trap_busy_client_quiet) ||
	    !CU_add_test(s, "trap_dns_server_replies_quiet", scan_trap_dns_server_replies_quiet) ||
	    !CU_add_test(s, "trap_backscatter_quiet", scan_trap_backscatter_quiet) ||
	    !CU_add_test(s, "trap_retrying_dead_service_quiet", scan_trap_retrying_dead_service_quiet) ||
	    !CU_add_test(s, "trap_nat_many_peers_quiet", scan_trap_nat_many_peers_quiet) ||
	    !CU_add_test(s, "short_failed_burst_like_a_knock_not_reported",
			 scan_short_failed_burst_like_a_knock_not_reported) ||
	    !CU_add_test(s, "spoofed_flood_stays_within_caps", scan_spoofed_flood_stays_within_caps) ||
	    !CU_add_test(s, "abandoned_open_port_sweep_flagged_within_12_hosts",
			 scan_abandoned_open_port_sweep_flagged_within_12_hosts) ||
	    !CU_add_test(s, "abandoned_connect_scan_of_open_ports_vertical",
			 scan_abandoned_connect_scan_of_open_ports_vertical) ||
	    !CU_add_test(s, "abandoned_trw_needs_four_in_a_row", scan_abandoned_trw_needs_four_in_a_row) ||
	    !CU_add_test(s, "abandoned_evidence_dates_a_later_verdict",
			 scan_abandoned_evidence_dates_a_later_verdict) ||
	    !CU_add_test(s, "abandoned_decided_at_end_without_close",
			 scan_abandoned_decided_at_end_without_close) ||
	    !CU_add_test(s, "trap_health_checker_quiet", scan_trap_health_checker_quiet) ||
	    !CU_add_test(s, "trap_health_checker_first_round_alone_is_a_sweep",
			 scan_trap_health_checker_first_round_alone_is_a_sweep) ||
	    !CU_add_test(s, "narrow_stealth_probes_reported", scan_narrow_stealth_probes_reported) ||
	    !CU_add_test(s, "icmp_echo_sweep_is_discovery", scan_icmp_echo_sweep_is_discovery) ||
	    !CU_add_test(s, "p2p_client_shape_quiet_sparse_scan_reported",
			 scan_p2p_client_shape_quiet_sparse_scan_reported) ||
	    !CU_add_test(s, "two_host_ping_test_not_a_sweep", scan_two_host_ping_test_not_a_sweep) ||
	    !CU_add_test(s, "arp_sweep_is_discovery", scan_arp_sweep_is_discovery) ||
	    !CU_add_test(s, "arp_resolution_before_traffic_not_a_probe",
			 scan_arp_resolution_before_traffic_not_a_probe) ||
	    !CU_add_test(s, "protocol_unreachables_alone_are_a_protocol_scan",
			 scan_protocol_unreachables_alone_are_a_protocol_scan) ||
	    !CU_add_test(s, "ip_protocol_scan_and_esp_traffic", scan_ip_protocol_scan_and_esp_traffic) ||
	    !CU_add_test(s, "nmap_ping_sweep_is_tcp_ping_discovery",
			 scan_nmap_ping_sweep_is_tcp_ping_discovery) ||
	    !CU_add_test(s, "end_of_input_is_unknown_not_failure",
			 scan_end_of_input_is_unknown_not_failure) ||
	    !CU_add_test(s, "distributed_scan_one_record", scan_distributed_scan_one_record) ||
	    !CU_add_test(s, "nd_sweep_is_discovery", scan_nd_sweep_is_discovery) ||
	    !CU_add_test(s, "live_tick_settles_waiting_verdicts",
			 scan_live_tick_settles_waiting_verdicts) ||
	    !CU_add_test(s, "banner_connect_sweep_is_abandoned", scan_banner_connect_sweep_is_abandoned) ||
	    !CU_add_test(s, "decoy_scan_names_the_real_source", scan_decoy_scan_names_the_real_source) ||
	    !CU_add_test(s, "same_knock_from_three_clients_not_a_group",
			 scan_same_knock_from_three_clients_not_a_group) ||
	    !CU_add_test(s, "trap_midstream_conversations_quiet",
			 scan_trap_midstream_conversations_quiet) ||
	    !CU_add_test(s, "trap_one_sided_capture_client_quiet",
			 scan_trap_one_sided_capture_client_quiet) ||
	    !CU_add_test(s, "trap_service_discovery_to_groups_quiet",
			 scan_trap_service_discovery_to_groups_quiet) ||
	    !CU_add_test(s, "whole_history_used_successes_unflag_a_client",
			 scan_whole_history_used_successes_unflag_a_client) ||
	    !CU_add_test(s, "trap_connection_pool_with_payload_quiet",
			 scan_trap_connection_pool_with_payload_quiet))
		return -1;
	return 0;
}
