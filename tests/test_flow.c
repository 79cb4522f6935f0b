/* tests/test_flow.c - the flow table (analyzer/flow/flow.c), TCP state
 * (analyzer/flow/tcpstate.c), Community ID (analyzer/flow/community_id.c) and
 * SipHash (analyzer/util/siphash.c). Packets are struct packet values built
 * field by field, fed with explicit capture times; ended flows are
 * copied by the end callback and checked. */
#include <CUnit/CUnit.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/flow/community_id.h"
#include "analyzer/flow/flow.h"
#include "analyzer/util/timeops.h"
#include "analyzer/util/siphash.h"
#include "analyzer/flow/tcpstate.h"
#include "dissectors/tunnel.h"

#define S(x) ((uint64_t)(x) * 1000000000ull)
#define MAX_ENDED 64

struct ended {
	struct flow f[MAX_ENDED];
	unsigned n;
};

static void on_end(void *user, const struct flow *f)
{
	struct ended *e = user;
	if (e->n < MAX_ENDED)
		e->f[e->n++] = *f;
}

static struct flow_table *table(struct ended *e, uint32_t max)
{
	struct flow_config cfg;
	flow_config_defaults(&cfg);
	cfg.max_flows = max;
	cfg.seed.k0 = 42;
	memset(e, 0, sizeof(*e));
	return flow_table_new(&cfg, on_end, e);
}

static void v4(uint8_t *a, const char *s)
{
	memset(a, 0, 16);
	inet_pton(AF_INET, s, a);
}

static struct packet tcp(const char *src, uint16_t sp, const char *dst,
			 uint16_t dp, uint16_t flags, uint64_t ts)
{
	struct packet p;
	memset(&p, 0, sizeof(p));
	p.cls = DC_L4;
	p.ip_ver = 4;
	p.l4_proto = IPPROTO_NUM_TCP;
	p.l4_seen = 1;
	v4(p.src, src);
	v4(p.dst, dst);
	p.sport = sp;
	p.dport = dp;
	p.tcp_flags = flags;
	p.ts_ns = ts;
	p.wire_len = 60;
	return p;
}

static struct packet udp(const char *src, uint16_t sp, const char *dst,
			 uint16_t dp, uint64_t ts)
{
	struct packet p = tcp(src, sp, dst, dp, 0, ts);
	p.l4_proto = IPPROTO_NUM_UDP;
	p.payload_len = 10;
	return p;
}

static struct flow *feed(struct flow_table *t, struct packet p)
{
	struct flow_hit hit;
	return flow_packet(t, &p, &hit);
}

#define C "10.0.0.1"
#define SV "10.0.0.2"

static void flow_both_directions_share_one_flow(void)
{
	struct ended e;
	struct flow_table *t = table(&e, 16);
	struct flow *a = feed(t, tcp(C, 40000, SV, 80, TCP_SYN, S(1)));
	uint64_t id = a->id;
	struct flow *b = feed(t, tcp(SV, 80, C, 40000, TCP_SYN | TCP_ACK, S(1)));
	CU_ASSERT_EQUAL(b->id, id);
	CU_ASSERT_EQUAL(b->dir[0].packets, 1);
	CU_ASSERT_EQUAL(b->dir[1].packets, 1);
	CU_ASSERT_EQUAL(flow_orig_port(b), 40000);
	CU_ASSERT_EQUAL(flow_resp_port(b), 80);
	CU_ASSERT_EQUAL(flow_table_stats(t)->created, 1);
	/* Another client port is another flow. */
	struct flow *c = feed(t, tcp(C, 40001, SV, 80, TCP_SYN, S(1)));
	CU_ASSERT_NOT_EQUAL(c->id, id);
	flow_table_flush(t);
	CU_ASSERT_EQUAL(e.n, 2);
	flow_table_free(t);
}

static void flow_vlan_separates_flows(void)
{
	struct ended e;
	struct flow_table *t = table(&e, 16);
	struct packet p = tcp(C, 1, SV, 2, TCP_SYN, S(1));
	uint64_t a = feed(t, p)->id;
	p.vlan_id = 7;
	CU_ASSERT_NOT_EQUAL(feed(t, p)->id, a);
	flow_table_free(t);
}

/* Runs a packet sequence on one flow and returns its final conn_state. */
struct step { int from_server; uint16_t flags; uint32_t payload; };

static const char *run_states(const struct step *s, unsigned n, char *history)
{
	struct ended e;
	struct flow_table *t = table(&e, 16);
	for (unsigned i = 0; i < n; i++) {
		struct packet p = s[i].from_server ?
			tcp(SV, 80, C, 40000, s[i].flags, S(1) + i) :
			tcp(C, 40000, SV, 80, s[i].flags, S(1) + i);
		p.payload_len = s[i].payload;
		feed(t, p);
	}
	flow_table_flush(t);
	CU_ASSERT_EQUAL(e.n, 1);
	strcpy(history, e.f[0].tcp.history);
	const char *name = tcpstate_name(tcpstate_conn_state(&e.f[0].tcp));
	flow_table_free(t);
	return name;
}

enum { SYN = TCP_SYN, SA = TCP_SYN | TCP_ACK, ACK = TCP_ACK,
       FA = TCP_FIN | TCP_ACK, RST = TCP_RST, RA = TCP_RST | TCP_ACK,
       PA = TCP_PSH | TCP_ACK, FIN = TCP_FIN };

#define STATE_IS(want, hist, ...) do { \
	const struct step seq[] = { __VA_ARGS__ }; char h[32]; \
	CU_ASSERT_STRING_EQUAL(run_states(seq, sizeof(seq) / sizeof(seq[0]), h), want); \
	CU_ASSERT_STRING_EQUAL(h, hist); } while (0)

static void flow_conn_state_every_zeek_state(void)
{
	STATE_IS("S0", "S", { 0, SYN, 0 });
	STATE_IS("REJ", "Sr", { 0, SYN, 0 }, { 1, RA, 0 });
	STATE_IS("S1", "ShA", { 0, SYN, 0 }, { 1, SA, 0 }, { 0, ACK, 0 });
	STATE_IS("SF", "ShADdFf", { 0, SYN, 0 }, { 1, SA, 0 }, { 0, ACK, 0 },
		 { 0, PA, 10 }, { 1, PA, 20 }, { 0, FA, 0 }, { 1, FA, 0 },
		 { 0, ACK, 0 });
	STATE_IS("S2", "ShAF", { 0, SYN, 0 }, { 1, SA, 0 }, { 0, ACK, 0 },
		 { 0, FA, 0 });
	STATE_IS("S3", "ShAf", { 0, SYN, 0 }, { 1, SA, 0 }, { 0, ACK, 0 },
		 { 1, FA, 0 });
	STATE_IS("RSTO", "ShR", { 0, SYN, 0 }, { 1, SA, 0 }, { 0, RST, 0 });
	STATE_IS("RSTR", "ShAr", { 0, SYN, 0 }, { 1, SA, 0 }, { 0, ACK, 0 },
		 { 1, RA, 0 });
	STATE_IS("RSTOS0", "SR", { 0, SYN, 0 }, { 0, RST, 0 });
	STATE_IS("SH", "SF", { 0, SYN, 0 }, { 0, FIN, 0 });
	/* First packet a SYN+ACK: its receiver is the originator ('^'). */
	STATE_IS("RSTRH", "^hr", { 1, SA, 0 }, { 1, RA, 0 });
	STATE_IS("SHR", "^hf", { 1, SA, 0 }, { 1, FA, 0 });
	STATE_IS("OTH", "DA", { 0, PA, 5 }, { 0, ACK, 0 });
}

static void flow_midstream_low_port_sender_becomes_responder(void)
{
	struct ended e;
	struct flow_table *t = table(&e, 16);
	struct flow *f = feed(t, tcp(SV, 443, C, 51000, PA, S(1)));
	CU_ASSERT_EQUAL(flow_resp_port(f), 443);
	CU_ASSERT(f->flags & FLOW_F_MIDSTREAM);
	CU_ASSERT(f->flags & FLOW_F_FLIPPED);
	CU_ASSERT_EQUAL(f->dir[1].packets, 1);
	flow_table_free(t);
}

static void flow_idle_timeouts_per_class(void)
{
	struct ended e;
	struct flow_table *t = table(&e, 16);
	feed(t, udp(C, 5000, SV, 53, S(100)));                  /* udp: 60 s */
	feed(t, tcp(C, 40000, SV, 80, SYN, S(100)));            /* attempt: 30 s */
	feed(t, tcp("10.9.9.9", 1, "10.9.9.8", 2, SYN, S(129))); /* clock to 129 */
	CU_ASSERT_EQUAL(e.n, 0);
	feed(t, tcp("10.9.9.9", 3, "10.9.9.8", 4, SYN, S(131)));
	CU_ASSERT_EQUAL(e.n, 1); /* the attempt expired at 130 */
	CU_ASSERT_EQUAL(e.f[0].key.proto, IPPROTO_NUM_TCP);
	CU_ASSERT_EQUAL(e.f[0].end_reason, FLOW_END_IDLE);
	feed(t, tcp("10.9.9.9", 3, "10.9.9.8", 4, SYN, S(160) + S(1) / 2));
	CU_ASSERT_EQUAL(e.n, 3); /* the udp flow at 160, first probe at 159 */
	CU_ASSERT_EQUAL(flow_table_stats(t)->ended_by[FLOW_END_IDLE], 3);
	flow_table_free(t);
}

static void flow_closed_connection_lingers_briefly(void)
{
	struct ended e;
	struct flow_table *t = table(&e, 16);
	feed(t, tcp(C, 40000, SV, 80, SYN, S(10)));
	feed(t, tcp(SV, 80, C, 40000, RA, S(10)));
	feed(t, tcp("10.9.9.9", 1, "10.9.9.8", 2, SYN, S(14)));
	CU_ASSERT_EQUAL(e.n, 0);
	feed(t, tcp("10.9.9.9", 1, "10.9.9.8", 2, SYN, S(16)));
	CU_ASSERT_EQUAL(e.n, 1); /* 5 s linger after the RST */
	flow_table_free(t);
}

static void flow_active_timeout_splits_long_flows(void)
{
	struct ended e;
	struct flow_table *t = table(&e, 16);
	for (unsigned i = 0; i <= 80; i++) /* every 30 s for 40 min */
		feed(t, udp(C, 5000, SV, 53, S(30 * i)));
	CU_ASSERT_EQUAL(e.n, 1);
	CU_ASSERT_EQUAL(e.f[0].end_reason, FLOW_END_ACTIVE);
	CU_ASSERT_EQUAL(e.f[0].dir[0].packets, 60); /* 0 .. 1770 s */
	flow_table_flush(t);
	CU_ASSERT(e.f[1].flags & FLOW_F_CONTINUED);
	CU_ASSERT_EQUAL(flow_orig_port(&e.f[1]), 5000);
	flow_table_free(t);
}

/* Timestamps at the end of the uint64_t range (a pcapng interface whose
 * clock runs to the year 2554, saturated by the reader): a conversation
 * stays one flow, and the timeouts still work on normal time after. */
static void flow_absurd_timestamps_do_not_wrap_timeouts(void)
{
	struct ended e;
	struct flow_table *t = table(&e, 16);
	const uint64_t end = UINT64_MAX;
	struct flow *a = feed(t, tcp(C, 40000, SV, 80, SYN, end - 2));
	uint64_t id = a->id;
	feed(t, tcp(SV, 80, C, 40000, SYN | ACK, end - 1));
	struct flow *c = feed(t, tcp(C, 40000, SV, 80, ACK, end));
	struct flow *d = feed(t, tcp(C, 40000, SV, 80, ACK, end));
	CU_ASSERT_EQUAL(c->id, id);
	CU_ASSERT_EQUAL(d->id, id);
	CU_ASSERT_EQUAL(d->dir[0].packets, 3);
	CU_ASSERT_EQUAL(e.n, 0);
	CU_ASSERT_EQUAL(flow_table_stats(t)->created, 1);
	flow_table_flush(t);
	CU_ASSERT_EQUAL(e.n, 1);
	CU_ASSERT_EQUAL(e.f[0].end_reason, FLOW_END_FLUSH);
	flow_table_free(t);
	/* An active timeout near the end of the range does not wrap either. */
	t = table(&e, 16);
	for (unsigned i = 0; i < 4; i++)
		feed(t, udp(C, 5000, SV, 53, end - S(40) + S(10) * i));
	CU_ASSERT_EQUAL(e.n, 0);
	CU_ASSERT_EQUAL(flow_table_stats(t)->created, 1);
	flow_table_free(t);
	CU_ASSERT_EQUAL(time_add_sat(end - 5, 10), UINT64_MAX);
	CU_ASSERT_EQUAL(time_add_sat(5, 10), 15);
	CU_ASSERT_EQUAL(time_age(10, 20), 0);
	CU_ASSERT(time_elapsed(end, end - 30, 30));
	CU_ASSERT(!time_elapsed(end, end, 1));
}

static void flow_eviction_ends_least_recent_under_cap(void)
{
	struct ended e;
	struct flow_table *t = table(&e, 4);
	for (unsigned i = 0; i < 4; i++)
		feed(t, udp(C, (uint16_t)(1000 + i), SV, 53, S(1) + i));
	feed(t, udp(C, 1000, SV, 53, S(1) + 10)); /* 1000 becomes the newest */
	feed(t, udp(C, 2000, SV, 53, S(1) + 20)); /* full: evicts port 1001 */
	CU_ASSERT_EQUAL(e.n, 1);
	CU_ASSERT_EQUAL(flow_orig_port(&e.f[0]), 1001);
	CU_ASSERT_EQUAL(e.f[0].end_reason, FLOW_END_EVICTED);
	const struct flow_stats *st = flow_table_stats(t);
	CU_ASSERT_EQUAL(st->active, 4);
	CU_ASSERT_EQUAL(st->ended_by[FLOW_END_EVICTED], 1);
	/* Many more flows: the live count never exceeds the cap. */
	for (unsigned i = 0; i < 1000; i++)
		feed(t, udp("10.1.0.1", (uint16_t)(3000 + i), SV, 53, S(2) + i));
	CU_ASSERT_EQUAL(st->active, 4);
	CU_ASSERT_EQUAL(st->max_active, 4);
	CU_ASSERT_EQUAL(st->ended_by[FLOW_END_EVICTED], 1001);
	flow_table_free(t);
}

static void flow_syn_on_closed_tuple_is_reuse(void)
{
	struct ended e;
	struct flow_table *t = table(&e, 16);
	feed(t, tcp(C, 40000, SV, 80, SYN, S(1)));
	feed(t, tcp(SV, 80, C, 40000, RA, S(1)));
	feed(t, tcp(C, 40000, SV, 80, SYN, S(2)));
	CU_ASSERT_EQUAL(e.n, 1);
	CU_ASSERT_EQUAL(e.f[0].end_reason, FLOW_END_REUSED);
	CU_ASSERT_EQUAL(flow_table_stats(t)->reused_tuples, 1);
	CU_ASSERT_EQUAL(flow_table_stats(t)->created, 2);
	/* A retransmitted SYN on an open attempt is not reuse. */
	feed(t, tcp(C, 40000, SV, 80, SYN, S(3)));
	CU_ASSERT_EQUAL(flow_table_stats(t)->reused_tuples, 1);
	flow_table_free(t);
}

static void flow_icmp_unreachable_attributed_to_udp_probe(void)
{
	struct ended e;
	struct flow_table *t = table(&e, 16);
	struct packet probe = udp(C, 5000, SV, 161, S(1));
	feed(t, probe);
	struct packet err = udp(SV, 0, C, 0, S(1) + 5);
	err.l4_proto = IPPROTO_NUM_ICMP;
	err.icmp_type = 3;
	err.icmp_code = 3;
	err.inner.present = err.inner.has_ports = 1;
	err.inner.ip_ver = 4;
	err.inner.proto = IPPROTO_NUM_UDP;
	memcpy(err.inner.src, probe.src, 16);
	memcpy(err.inner.dst, probe.dst, 16);
	err.inner.sport = 5000;
	err.inner.dport = 161;
	struct flow_hit hit;
	struct flow *f = flow_packet(t, &err, &hit);
	CU_ASSERT_EQUAL(hit.attributed, 1);
	CU_ASSERT_EQUAL(hit.dir, 1);
	CU_ASSERT_EQUAL(f->key.proto, IPPROTO_NUM_UDP);
	CU_ASSERT_EQUAL(f->icmp_errors, 1);
	CU_ASSERT(f->icmp_from_resp);
	CU_ASSERT_STRING_EQUAL(tcpstate_name(flow_conn_state(f)), "REJ");
	CU_ASSERT_EQUAL(flow_table_stats(t)->created, 1);
	flow_table_free(t);
}

static void flow_later_fragment_joins_no_flow(void)
{
	struct ended e;
	struct flow_table *t = table(&e, 16);
	struct packet p = udp(C, 1, SV, 2, S(1));
	p.frag = FRAG_LATER;
	p.cls = DC_L3_ONLY;
	CU_ASSERT_PTR_NULL(feed(t, p));
	CU_ASSERT_EQUAL(flow_table_stats(t)->not_in_flow, 1);
	flow_table_free(t);
}

static void flow_backward_shift_keeps_lookups_working(void)
{
	/* Many inserts and removals in a small table exercise collisions. */
	struct ended e;
	struct flow_table *t = table(&e, 64);
	for (unsigned round = 0; round < 50; round++)
		for (unsigned i = 0; i < 64; i++)
			feed(t, udp(C, (uint16_t)(round * 64 + i), SV, 9, S(round * 100 + 1)));
	const struct flow_stats *st = flow_table_stats(t);
	CU_ASSERT_EQUAL(st->created, 50 * 64);
	/* Every live flow is still found: re-feeding creates nothing new. */
	for (unsigned i = 0; i < 64; i++)
		feed(t, udp(C, (uint16_t)(49 * 64 + i), SV, 9, S(49 * 100 + 2)));
	CU_ASSERT_EQUAL(st->created, 50 * 64);
	flow_table_free(t);
}

/* Vectors from the community-id-spec repository's baseline (seed 0). */
struct cid_vec { int v6; uint8_t proto; const char *s, *d; uint16_t sp, dp; const char *id; };

static const struct cid_vec cid_vectors[] = {
	{ 0, 6, "128.232.110.120", "66.35.250.204", 34855, 80, "1:LQU9qZlK+B5F3KDmev6m5PMibrg=" },
	{ 0, 6, "66.35.250.204", "128.232.110.120", 80, 34855, "1:LQU9qZlK+B5F3KDmev6m5PMibrg=" },
	{ 0, 17, "192.168.1.52", "8.8.8.8", 54585, 53, "1:d/FP5EW3wiY1vCndhwleRRKHowQ=" },
	{ 0, 17, "8.8.8.8", "192.168.1.52", 53, 54585, "1:d/FP5EW3wiY1vCndhwleRRKHowQ=" },
	{ 0, 132, "192.168.170.8", "192.168.170.56", 7, 7, "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=" },
	{ 0, 1, "192.168.0.89", "192.168.0.1", 8, 0, "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=" },
	{ 0, 1, "192.168.0.1", "192.168.0.89", 0, 8, "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=" },
	{ 0, 1, "10.0.0.1", "10.0.0.2", 11, 0, "1:YHxtAirCG//0OzkcVAukqKQN9xM=" },
	{ 0, 46, "10.1.12.1", "10.1.12.2", 0, 0, "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=" },
	{ 0, 46, "10.1.12.2", "10.1.12.1", 0, 0, "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=" },
	{ 1, 6, "2001:470:e5bf:dead:4957:2174:e82c:4887", "2607:f8b0:400c:c03::1a", 63943, 25, "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=" },
	{ 1, 6, "2607:f8b0:400c:c03::1a", "2001:470:e5bf:dead:4957:2174:e82c:4887", 25, 63943, "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=" },
	{ 1, 58, "fe80::200:86ff:fe05:80da", "fe80::260:97ff:fe07:69ea", 135, 0, "1:dGHyGvjMfljg6Bppwm3bg0LO8TY=" },
	{ 1, 58, "fe80::260:97ff:fe07:69ea", "fe80::200:86ff:fe05:80da", 136, 0, "1:dGHyGvjMfljg6Bppwm3bg0LO8TY=" },
	{ 1, 58, "3ffe:501:1800:2345::2", "3ffe:507:0:1:200:86ff:fe05:80da", 3, 0, "1:2ObVBgIn28oZvibYZhZMBgh7WdQ=" },
	{ 1, 58, "3ffe:501:410:0:2c0:dfff:fe47:33e", "3ffe:507:0:1:200:86ff:fe05:80da", 1, 4, "1:hLZd0XGWojozrvxqE0dWB1iM6R0=" },
	{ 1, 58, "3ffe:507:0:1:200:86ff:fe05:80da", "3ffe:501:0:1001::2", 128, 0, "1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=" },
	{ 1, 58, "3ffe:501:0:1001::2", "3ffe:507:0:1:200:86ff:fe05:80da", 129, 0, "1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=" },
	{ 1, 58, "fe80::200:86ff:fe05:80da", "ff02::2", 133, 0, "1:hO+sN4H+MG5MY/8hIrXPqc4ZQz0=" },
	{ 1, 58, "fe80::260:97ff:fe07:69ea", "ff02::1", 134, 0, "1:pkvHqCL88/tg1k4cPigmZXUtL00=" },
};

/* p as if it came out of a VXLAN tunnel with this VNI between outer
 * addresses osrc and odst. */
static struct packet in_vxlan(struct packet p, uint32_t vni, const char *osrc,
			      const char *odst)
{
	p.tunnel.depth = 1;
	p.tunnel.type = TUN_VXLAN;
	p.tunnel.id = vni;
	p.tunnel.has_id = 1;
	p.tunnel.outer_ip_ver = 4;
	p.tunnel.seen = p.tunnel.decap = 1u << TUN_VXLAN;
	v4(p.tunnel.outer_src, osrc);
	v4(p.tunnel.outer_dst, odst);
	return p;
}

static void flow_tunnel_context_interned_and_oriented(void)
{
	struct ended e;
	struct flow_table *t = table(&e, 16);
	struct flow *a = feed(t, in_vxlan(tcp(C, 40000, SV, 80, TCP_SYN, S(1)), 42,
					  "192.0.2.1", "192.0.2.2"));
	CU_ASSERT_PTR_NOT_NULL_FATAL(a->tunnel);
	CU_ASSERT_EQUAL(a->tunnel->type, TUN_VXLAN);
	CU_ASSERT_EQUAL(a->tunnel->id, 42);
	uint8_t o[16];
	v4(o, "192.0.2.1");
	CU_ASSERT_EQUAL(memcmp(a->tunnel->outer_src, o, 16), 0);
	/* Another flow through the same endpoints shares the context. */
	struct flow *b = feed(t, in_vxlan(tcp(C, 40001, SV, 80, TCP_SYN, S(1)), 42,
					  "192.0.2.1", "192.0.2.2"));
	CU_ASSERT_PTR_EQUAL(b->tunnel, a->tunnel);
	/* A flow whose first packet is the responder's (a SYN-ACK, the SYN
	 * missed) reads its context from the originator's side. */
	struct flow *c = feed(t, in_vxlan(tcp(SV, 81, C, 40002, TCP_SYN | TCP_ACK, S(1)),
					  42, "192.0.2.2", "192.0.2.1"));
	CU_ASSERT_EQUAL(flow_orig_port(c), 40002);
	CU_ASSERT_PTR_EQUAL(c->tunnel, a->tunnel);
	/* An untunnelled flow has none; without --tunnel-key the same tuple
	 * in another VNI is the same flow. */
	CU_ASSERT_PTR_NULL(feed(t, udp(C, 5, SV, 53, S(1)))->tunnel);
	struct flow *d = feed(t, in_vxlan(tcp(C, 40000, SV, 80, TCP_ACK, S(1)), 7,
					  "192.0.2.1", "192.0.2.2"));
	CU_ASSERT_EQUAL(d->id, a->id);
	CU_ASSERT_EQUAL(flow_table_stats(t)->tunnelled, 3);
	CU_ASSERT_EQUAL(flow_table_stats(t)->tunnel_contexts, 1);
	flow_table_free(t);
}

static void flow_tunnel_key_separates_tenants(void)
{
	struct ended e;
	struct flow_config cfg;
	flow_config_defaults(&cfg);
	cfg.max_flows = 16;
	cfg.tunnel_key = 1;
	memset(&e, 0, sizeof(e));
	struct flow_table *t = flow_table_new(&cfg, on_end, &e);
	struct packet p = tcp(C, 40000, SV, 80, TCP_SYN, S(1));
	uint64_t a = feed(t, in_vxlan(p, 42, "192.0.2.1", "192.0.2.2"))->id;
	uint64_t b = feed(t, in_vxlan(p, 7, "192.0.2.1", "192.0.2.2"))->id;
	uint64_t c = feed(t, p)->id;
	CU_ASSERT_NOT_EQUAL(a, b);
	CU_ASSERT_NOT_EQUAL(b, c);
	CU_ASSERT_EQUAL(feed(t, in_vxlan(p, 42, "192.0.2.9", "192.0.2.2"))->id, a);
	flow_table_free(t);
}

/* Past TUNCTX_MAX distinct contexts a flow keeps the type alone and the
 * refusal is counted. */
static void flow_tunnel_contexts_capped(void)
{
	struct ended e;
	struct flow_table *t = table(&e, TUNCTX_MAX + 8);
	struct flow *f = NULL;
	char addr[32];
	for (unsigned i = 0; i < TUNCTX_MAX + 2; i++) {
		snprintf(addr, sizeof(addr), "192.%u.%u.1", (i >> 8) & 255, i & 255);
		f = feed(t, in_vxlan(udp(C, (uint16_t)(1000 + i), SV, 53, S(1)), 1, addr,
				     "192.0.2.2"));
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(f->tunnel->type, TUN_VXLAN);
	CU_ASSERT_EQUAL(f->tunnel->outer_ip_ver, 0);
	CU_ASSERT_EQUAL(flow_table_stats(t)->tunnel_contexts, TUNCTX_MAX);
	CU_ASSERT_EQUAL(flow_table_stats(t)->tunnel_contexts_dropped, 2);
	flow_table_free(t);
}

static void community_id_matches_spec_vectors(void)
{
	for (size_t i = 0; i < sizeof(cid_vectors) / sizeof(cid_vectors[0]); i++) {
		const struct cid_vec *v = &cid_vectors[i];
		uint8_t s[16], d[16];
		char out[COMMUNITY_ID_LEN];
		int af = v->v6 ? AF_INET6 : AF_INET;
		CU_ASSERT_EQUAL_FATAL(inet_pton(af, v->s, s), 1);
		CU_ASSERT_EQUAL_FATAL(inet_pton(af, v->d, d), 1);
		CU_ASSERT_EQUAL(community_id_v1(NULL, 0, v->v6 ? 6 : 4, v->proto, s, d,
						v->sp, v->dp, out), 0);
		CU_ASSERT_STRING_EQUAL(out, v->id);
	}
}

static void siphash24_matches_paper_vector(void)
{
	/* Aumasson & Bernstein 2012, appendix A: key 00..0f, message 00..0e. */
	struct siphash_key k = { 0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull };
	uint8_t msg[15];
	for (int i = 0; i < 15; i++)
		msg[i] = (uint8_t)i;
	CU_ASSERT_EQUAL(siphash24(&k, msg, sizeof(msg)), 0xa129ca6149be45e5ull);
	CU_ASSERT_NOT_EQUAL(siphash13(&k, msg, sizeof(msg)), siphash24(&k, msg, sizeof(msg)));
}

int test_flow_register(void)
{
	CU_pSuite s = CU_add_suite("flow", NULL, NULL);
	if (!s ||
	    !CU_add_test(s, "both_directions_share_one_flow", flow_both_directions_share_one_flow) ||
	    !CU_add_test(s, "vlan_separates_flows", flow_vlan_separates_flows) ||
	    !CU_add_test(s, "conn_state_every_zeek_state", flow_conn_state_every_zeek_state) ||
	    !CU_add_test(s, "midstream_low_port_sender_becomes_responder",
			 flow_midstream_low_port_sender_becomes_responder) ||
	    !CU_add_test(s, "idle_timeouts_per_class", flow_idle_timeouts_per_class) ||
	    !CU_add_test(s, "closed_connection_lingers_briefly", flow_closed_connection_lingers_briefly) ||
	    !CU_add_test(s, "active_timeout_splits_long_flows", flow_active_timeout_splits_long_flows) ||
	    !CU_add_test(s, "eviction_ends_least_recent_under_cap", flow_eviction_ends_least_recent_under_cap) ||
	    !CU_add_test(s, "syn_on_closed_tuple_is_reuse", flow_syn_on_closed_tuple_is_reuse) ||
	    !CU_add_test(s, "icmp_unreachable_attributed_to_udp_probe",
			 flow_icmp_unreachable_attributed_to_udp_probe) ||
	    !CU_add_test(s, "later_fragment_joins_no_flow", flow_later_fragment_joins_no_flow) ||
	    !CU_add_test(s, "absurd_timestamps_do_not_wrap_timeouts",
			 flow_absurd_timestamps_do_not_wrap_timeouts) ||
	    !CU_add_test(s, "backward_shift_keeps_lookups_working",
			 flow_backward_shift_keeps_lookups_working) ||
	    !CU_add_test(s, "tunnel_context_interned_and_oriented",
			 flow_tunnel_context_interned_and_oriented) ||
	    !CU_add_test(s, "tunnel_key_separates_tenants", flow_tunnel_key_separates_tenants) ||
	    !CU_add_test(s, "tunnel_contexts_capped", flow_tunnel_contexts_capped) ||
	    !CU_add_test(s, "community_id_matches_spec_vectors", community_id_matches_spec_vectors) ||
	    !CU_add_test(s, "siphash24_matches_paper_vector", siphash24_matches_paper_vector))
		return -1;
	return 0;
}
