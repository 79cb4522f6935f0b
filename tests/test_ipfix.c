/* tests/test_ipfix.c - the IPFIX encoder (analyzer/output/ipfix.c):
 * synthetic flows (IPv4 TCP, IPv6 UDP, ICMP, VLAN, tunnelled) are encoded into
 * messages kept in memory, and decoded back here by a small RFC 7011
 * parser that does not use libfixbuf (s3.1 message header, s3.3 sets,
 * s3.4.1 template records, enterprise bit and PEN), so the test checks
 * the wire, not libfixbuf against itself. Also: every message within the
 * MTU, the sequence number of each message counts the data records sent
 * before it in the domain (s3.1), the end reason mapping (RFC 7012), and
 * layer2SegmentId (IE 351) only on flows from VXLAN, in templates of
 * their own. */
#include <CUnit/CUnit.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/output/ipfix.h"
#include "dissectors/tunnel.h"

#define PEN_REVERSE 29305u
#define MAX_MSGS 4096
#define MAX_RECS 4096
#define MAX_FIELDS 32

struct field { uint32_t pen; uint16_t id, len; };
struct tmpl { uint16_t tid, n; struct field f[MAX_FIELDS]; };

/* A decoded data record: its template and a copy of its bytes. */
struct rec { const struct tmpl *t; uint8_t b[256]; };

struct capture {
	uint8_t *msg[MAX_MSGS];
	size_t len[MAX_MSGS];
	uint32_t records[MAX_MSGS];
	int templates[MAX_MSGS];
	unsigned n;
	struct tmpl t[8];
	unsigned nt;
	struct rec r[MAX_RECS];
	unsigned nr;
};

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t be32(const uint8_t *p) { return (uint32_t)be16(p) << 16 | be16(p + 2); }

static void keep(void *user, const uint8_t *msg, size_t len, uint32_t records, int templates)
{
	struct capture *c = user;
	CU_ASSERT_FATAL(c->n < MAX_MSGS);
	c->msg[c->n] = malloc(len);
	memcpy(c->msg[c->n], msg, len);
	c->len[c->n] = len;
	c->records[c->n] = records;
	c->templates[c->n] = templates;
	c->n++;
}

static void capture_free(struct capture *c)
{
	for (unsigned i = 0; i < c->n; i++)
		free(c->msg[i]);
	memset(c, 0, sizeof(*c));
}

static const struct tmpl *find_tmpl(const struct capture *c, uint16_t tid)
{
	for (unsigned i = 0; i < c->nt; i++)
		if (c->t[i].tid == tid)
			return &c->t[i];
	return NULL;
}

/* RFC 7011 s3.4.1: template records of one template set. */
static void parse_templates(struct capture *c, const uint8_t *p, size_t len)
{
	size_t off = 0;
	while (off + 4 <= len) {
		struct tmpl t = { be16(p + off), be16(p + off + 2), { { 0, 0, 0 } } };
		off += 4;
		CU_ASSERT_FATAL(t.n <= MAX_FIELDS);
		for (unsigned i = 0; i < t.n; i++) {
			uint16_t id = be16(p + off);
			t.f[i].id = id & 0x7fff;
			t.f[i].len = be16(p + off + 2);
			off += 4;
			if (id & 0x8000) { /* enterprise bit: a PEN follows */
				t.f[i].pen = be32(p + off);
				off += 4;
			}
		}
		struct tmpl *slot = (struct tmpl *)find_tmpl(c, t.tid);
		if (!slot) {
			CU_ASSERT_FATAL(c->nt < 8);
			slot = &c->t[c->nt++];
		}
		*slot = t;
	}
}

static size_t tmpl_len(const struct tmpl *t)
{
	size_t n = 0;
	for (unsigned i = 0; i < t->n; i++)
		n += t->f[i].len;
	return n;
}

static void parse_data(struct capture *c, const struct tmpl *t, const uint8_t *p, size_t len)
{
	size_t rl = tmpl_len(t);
	CU_ASSERT_FATAL(rl > 0 && rl <= sizeof(c->r[0].b));
	for (size_t off = 0; off + rl <= len; off += rl) { /* the rest is padding */
		CU_ASSERT_FATAL(c->nr < MAX_RECS);
		c->r[c->nr].t = t;
		memcpy(c->r[c->nr].b, p + off, rl);
		c->nr++;
	}
}

/* Decode every message kept: headers checked against what the emit
 * callback said, records into c->r. domain: the expected ID. */
static void decode_all(struct capture *c, uint32_t domain, size_t mtu)
{
	uint32_t seq = 0;
	for (unsigned m = 0; m < c->n; m++) {
		const uint8_t *p = c->msg[m];
		unsigned before = c->nr;
		CU_ASSERT_FATAL(c->len[m] >= 16);
		CU_ASSERT(c->len[m] <= mtu);
		CU_ASSERT_EQUAL(be16(p), 10);                    /* version */
		CU_ASSERT_EQUAL(be16(p + 2), c->len[m]);         /* length */
		CU_ASSERT_EQUAL(be32(p + 4), 1234567u);          /* export time */
		CU_ASSERT_EQUAL(be32(p + 8), seq);               /* records before */
		CU_ASSERT_EQUAL(be32(p + 12), domain);
		for (size_t off = 16; off + 4 <= c->len[m];) {
			uint16_t sid = be16(p + off), slen = be16(p + off + 2);
			CU_ASSERT_FATAL(slen >= 4 && off + slen <= c->len[m]);
			if (sid == 2)
				parse_templates(c, p + off + 4, slen - 4u);
			else if (sid >= 256) {
				const struct tmpl *t = find_tmpl(c, sid);
				CU_ASSERT_PTR_NOT_NULL_FATAL(t); /* template came first */
				parse_data(c, t, p + off + 4, slen - 4u);
			}
			off += slen;
		}
		CU_ASSERT_EQUAL(c->nr - before, c->records[m]);
		seq += c->records[m];
	}
}

/* The value of IE (pen, id) in r, big-endian unsigned; found: 1. */
static int ie(const struct rec *r, uint32_t pen, uint16_t id, uint64_t *v, const uint8_t **raw)
{
	size_t off = 0;
	for (unsigned i = 0; i < r->t->n; i++) {
		const struct field *f = &r->t->f[i];
		if (f->pen == pen && f->id == id) {
			*v = 0;
			for (unsigned k = 0; k < f->len && k < 8; k++)
				*v = *v << 8 | r->b[off + k];
			if (raw)
				*raw = r->b + off;
			return 1;
		}
		off += f->len;
	}
	return 0;
}

static uint64_t val(const struct rec *r, uint32_t pen, uint16_t id)
{
	uint64_t v = 0xdeadbeef;
	CU_ASSERT(ie(r, pen, id, &v, NULL));
	return v;
}

/* A finished flow of one originator packet set and one responder set. */
static struct flow mkflow(int v, uint8_t proto, const char *a, uint16_t ap, const char *b,
			  uint16_t bp)
{
	struct flow f;
	memset(&f, 0, sizeof(f));
	f.key.ip_ver = (uint8_t)v;
	f.key.proto = proto;
	inet_pton(v == 4 ? AF_INET : AF_INET6, a, f.key.addr[1]);
	inet_pton(v == 4 ? AF_INET : AF_INET6, b, f.key.addr[0]);
	f.key.port[1] = ap;
	f.key.port[0] = bp;
	f.orig = 1; /* the originator is key endpoint 1: source must follow orig */
	f.first_ts = 1700000000123456789ull;
	f.last_ts = 1700000005987654321ull;
	f.dir[0] = (struct flow_dir){ .packets = 3, .bytes = 1000, .ip_bytes = 958,
				      .tcp_flags = 0x02 | 0x10 | 0x01 };
	f.dir[1] = (struct flow_dir){ .packets = 2, .bytes = 500, .ip_bytes = 472,
				      .tcp_flags = 0x12 };
	f.end_reason = FLOW_END_IDLE;
	return f;
}

static struct ipfix_enc *enc_for(struct capture *c, uint32_t domain, uint16_t mtu)
{
	char err[256];
	struct ipfix_config cfg = { domain, mtu, 1234567 };
	memset(c, 0, sizeof(*c));
	struct ipfix_enc *e = ipfix_enc_new(&cfg, keep, c, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL(e);
	return e;
}

/* Encode n flows, flush, decode. */
static void roundtrip(struct capture *c, const struct flow *fs, unsigned n)
{
	struct ipfix_enc *e = enc_for(c, 7, IPFIX_MTU_DEFAULT);
	if (!e)
		return;
	for (unsigned i = 0; i < n; i++)
		CU_ASSERT_EQUAL(ipfix_enc_flow(e, &fs[i]), 0);
	CU_ASSERT_EQUAL(ipfix_enc_flush(e), 0);
	CU_ASSERT_EQUAL(ipfix_enc_pending(e), 0);
	ipfix_enc_free(e);
	decode_all(c, 7, IPFIX_MTU_DEFAULT);
}

static void ipfix_v4_tcp_biflow_has_every_ie(void)
{
	struct capture c;
	struct flow f = mkflow(4, 6, "192.0.2.10", 51000, "198.51.100.7", 443);
	const uint8_t *raw = NULL;
	uint64_t v;
	roundtrip(&c, &f, 1);
	CU_ASSERT_EQUAL_FATAL(c.nr, 1);
	const struct rec *r = &c.r[0];
	CU_ASSERT_EQUAL(r->t->tid, IPFIX_TID_V4);
	CU_ASSERT(c.templates[0]);
	CU_ASSERT_EQUAL(val(r, 0, 152), 1700000000123ull);   /* flowStartMilliseconds */
	CU_ASSERT_EQUAL(val(r, 0, 153), 1700000005987ull);   /* flowEndMilliseconds */
	CU_ASSERT_EQUAL(val(r, 0, 1), 958);                  /* octetDeltaCount: IP bytes */
	CU_ASSERT_EQUAL(val(r, 0, 2), 3);
	CU_ASSERT_EQUAL(val(r, PEN_REVERSE, 1), 472);
	CU_ASSERT_EQUAL(val(r, PEN_REVERSE, 2), 2);
	CU_ASSERT(ie(r, 0, 8, &v, &raw) && raw && memcmp(raw, "\xc0\x00\x02\x0a", 4) == 0);
	CU_ASSERT(ie(r, 0, 12, &v, &raw) && raw && memcmp(raw, "\xc6\x33\x64\x07", 4) == 0);
	CU_ASSERT_EQUAL(val(r, 0, 7), 51000);                /* source = originator */
	CU_ASSERT_EQUAL(val(r, 0, 11), 443);
	CU_ASSERT_EQUAL(val(r, 0, 4), 6);
	CU_ASSERT_EQUAL(val(r, 0, 6), 0x13);                 /* FIN SYN ACK */
	CU_ASSERT_EQUAL(val(r, PEN_REVERSE, 6), 0x12);
	CU_ASSERT_EQUAL(val(r, 0, 136), 1);                  /* idle timeout */
	CU_ASSERT_EQUAL(val(r, 0, 32), 0);
	CU_ASSERT_EQUAL(val(r, 0, 58), 0);
	CU_ASSERT_EQUAL(val(r, 0, 239), 1);                  /* initiator */
	CU_ASSERT_FALSE(ie(r, 0, 27, &v, NULL));             /* no IPv6 IEs */
	capture_free(&c);
}

static void ipfix_v6_udp_uses_v6_template(void)
{
	struct capture c;
	struct flow f = mkflow(6, 17, "2001:db8::1", 5353, "2001:db8::2", 53);
	const uint8_t *raw = NULL;
	uint8_t want[16];
	uint64_t v;
	f.flags = FLOW_F_MIDSTREAM;
	f.end_reason = FLOW_END_FLUSH;
	f.dir[0].tcp_flags = f.dir[1].tcp_flags = 0;
	roundtrip(&c, &f, 1);
	CU_ASSERT_EQUAL_FATAL(c.nr, 1);
	const struct rec *r = &c.r[0];
	CU_ASSERT_EQUAL(r->t->tid, IPFIX_TID_V6);
	inet_pton(AF_INET6, "2001:db8::1", want);
	CU_ASSERT(ie(r, 0, 27, &v, &raw) && raw && memcmp(raw, want, 16) == 0);
	inet_pton(AF_INET6, "2001:db8::2", want);
	CU_ASSERT(ie(r, 0, 28, &v, &raw) && raw && memcmp(raw, want, 16) == 0);
	CU_ASSERT_EQUAL(val(r, 0, 7), 5353);
	CU_ASSERT_EQUAL(val(r, 0, 11), 53);
	CU_ASSERT_EQUAL(val(r, 0, 4), 17);
	CU_ASSERT_EQUAL(val(r, 0, 1), 958);
	CU_ASSERT_EQUAL(val(r, PEN_REVERSE, 1), 472);
	CU_ASSERT_EQUAL(val(r, 0, 136), 4);                  /* forced end */
	CU_ASSERT_EQUAL(val(r, 0, 239), 0);                  /* midstream: arbitrary */
	CU_ASSERT_FALSE(ie(r, 0, 8, &v, NULL));
	capture_free(&c);
}

static void ipfix_icmp_and_vlan_fields(void)
{
	struct capture c;
	struct flow fs[2] = {
		mkflow(4, 1, "10.0.0.1", 77, "10.0.0.2", 77),    /* echo, id 77 */
		mkflow(6, 58, "fe80::1", 9, "fe80::2", 9),
	};
	fs[0].first_icmp_type = 8;
	fs[0].key.vlan = 12;
	fs[1].first_icmp_type = 128;
	fs[1].first_icmp_code = 3;
	roundtrip(&c, fs, 2);
	CU_ASSERT_EQUAL_FATAL(c.nr, 2);
	CU_ASSERT_EQUAL(val(&c.r[0], 0, 32), 8 << 8);        /* icmpTypeCodeIPv4 */
	CU_ASSERT_EQUAL(val(&c.r[0], 0, 7), 0);              /* the ICMP id is no port */
	CU_ASSERT_EQUAL(val(&c.r[0], 0, 11), 0);
	CU_ASSERT_EQUAL(val(&c.r[0], 0, 58), 12);            /* vlanId */
	CU_ASSERT_EQUAL(val(&c.r[1], 0, 139), 128 << 8 | 3); /* icmpTypeCodeIPv6 */
	CU_ASSERT_EQUAL(val(&c.r[1], 0, 58), 0);
	capture_free(&c);
}

/* 3000 flows, v4 and v6 mixed, in 512-byte messages. */
static void ipfix_messages_fit_mtu_and_sequence_counts_records(void)
{
	struct capture c;
	struct ipfix_enc *e = enc_for(&c, 42, 512);
	if (!e)
		return;
	for (unsigned i = 0; i < 3000; i++) {
		struct flow f = i % 3 ? mkflow(4, 6, "10.1.0.1", 1024, "10.2.0.1", 80)
				      : mkflow(6, 17, "2001:db8::5", 1024, "2001:db8::6", 53);
		f.dir[0].packets = i;
		CU_ASSERT_EQUAL(ipfix_enc_flow(e, &f), 0);
		if (i == 1500)
			CU_ASSERT_EQUAL(ipfix_enc_templates(e), 0); /* a refresh mid-way */
	}
	CU_ASSERT_EQUAL(ipfix_enc_flush(e), 0);
	ipfix_enc_free(e);
	CU_ASSERT(c.n > 100);
	decode_all(&c, 42, 512);
	CU_ASSERT_EQUAL_FATAL(c.nr, 3000);
	unsigned with_templates = 0;
	for (unsigned m = 0; m < c.n; m++)
		with_templates += c.templates[m];
	CU_ASSERT_EQUAL(with_templates, 2);
	for (unsigned i = 0; i < 3000; i++)  /* order kept, nothing lost */
		CU_ASSERT_EQUAL(val(&c.r[i], 0, 2), i);
	capture_free(&c);
}

/* A VXLAN flow (v4 and v6) goes in 258/259: template 256/257 plus
 * layer2SegmentId = 0x01 (VXLAN) << 56 | VNI; a GRE-keyed flow, a flow
 * whose context the cap refused (no id) and a plain one stay in 256 with
 * 17 fields and no IE 351. */
static void ipfix_vxlan_flow_carries_layer2_segment_id(void)
{
	static const struct tunnel_ctx vx = { .type = TUN_VXLAN, .depth = 1, .has_id = 1,
					      .outer_ip_ver = 4, .id = 4242 };
	static const struct tunnel_ctx vx6 = { .type = TUN_VXLAN, .depth = 1, .has_id = 1,
					       .outer_ip_ver = 4, .id = 0xabcdef };
	static const struct tunnel_ctx gre = { .type = TUN_GRE, .depth = 1, .has_id = 1,
					       .outer_ip_ver = 4, .id = 7 };
	static const struct tunnel_ctx capped = { .type = TUN_VXLAN };
	struct capture c;
	uint64_t v;
	struct flow fs[5] = {
		mkflow(4, 6, "10.0.0.1", 40000, "10.0.0.2", 80),
		mkflow(6, 17, "2001:db8::1", 5353, "2001:db8::2", 53),
		mkflow(4, 17, "10.1.0.1", 5000, "10.1.0.2", 53),
		mkflow(4, 6, "10.0.0.3", 40001, "10.0.0.2", 80),
		mkflow(4, 6, "192.0.2.10", 51000, "198.51.100.7", 443),
	};
	fs[0].tunnel = &vx;
	fs[1].tunnel = &vx6;
	fs[2].tunnel = &gre;
	fs[3].tunnel = &capped;
	CU_ASSERT_EQUAL(ipfix_layer2_segment_id(&fs[0]), 0x0100000000001092ull);
	CU_ASSERT_EQUAL(ipfix_layer2_segment_id(&fs[2]), 0);
	CU_ASSERT_EQUAL(ipfix_layer2_segment_id(&fs[3]), 0);
	roundtrip(&c, fs, 5);
	CU_ASSERT_EQUAL_FATAL(c.nr, 5);
	CU_ASSERT_EQUAL(c.r[0].t->tid, IPFIX_TID_V4_L2SEG);
	CU_ASSERT_EQUAL(c.r[1].t->tid, IPFIX_TID_V6_L2SEG);
	CU_ASSERT_EQUAL(val(&c.r[0], 0, 351), 0x0100000000001092ull);
	CU_ASSERT_EQUAL(val(&c.r[1], 0, 351), 0x0100000000abcdefull);
	CU_ASSERT_EQUAL(c.r[0].t->n, 18);
	CU_ASSERT_EQUAL(c.r[0].t->f[17].id, 351);             /* last: 256 + one field */
	CU_ASSERT_EQUAL(val(&c.r[0], 0, 7), 40000);           /* the rest as in 256 */
	CU_ASSERT_EQUAL(val(&c.r[0], PEN_REVERSE, 1), 472);
	CU_ASSERT_EQUAL(val(&c.r[1], 0, 11), 53);
	for (unsigned i = 2; i < 5; i++) {
		CU_ASSERT_EQUAL(c.r[i].t->tid, IPFIX_TID_V4);
		CU_ASSERT_EQUAL(c.r[i].t->n, 17);
		CU_ASSERT_FALSE(ie(&c.r[i], 0, 351, &v, NULL));
	}
	const struct tmpl *t256 = find_tmpl(&c, IPFIX_TID_V4), *t258 = find_tmpl(&c, IPFIX_TID_V4_L2SEG);
	CU_ASSERT_FATAL(t256 && t258);
	for (unsigned i = 0; i < 17; i++)
		CU_ASSERT(t256->f[i].id == t258->f[i].id && t256->f[i].pen == t258->f[i].pen &&
			  t256->f[i].len == t258->f[i].len);
	CU_ASSERT_EQUAL(c.nt, 4);
	capture_free(&c);
}

static void ipfix_end_reasons_follow_rfc7012(void)
{
	CU_ASSERT_EQUAL(ipfix_end_reason(FLOW_END_IDLE), 1);
	CU_ASSERT_EQUAL(ipfix_end_reason(FLOW_END_ACTIVE), 2);
	CU_ASSERT_EQUAL(ipfix_end_reason(FLOW_END_REUSED), 3);
	CU_ASSERT_EQUAL(ipfix_end_reason(FLOW_END_FLUSH), 4);
	CU_ASSERT_EQUAL(ipfix_end_reason(FLOW_END_EVICTED), 5);
}

int test_ipfix_register(void)
{
	CU_pSuite s = CU_add_suite("ipfix", NULL, NULL);
	if (!s ||
	    !CU_add_test(s, "v4_tcp_biflow_has_every_ie", ipfix_v4_tcp_biflow_has_every_ie) ||
	    !CU_add_test(s, "v6_udp_uses_v6_template", ipfix_v6_udp_uses_v6_template) ||
	    !CU_add_test(s, "icmp_and_vlan_fields", ipfix_icmp_and_vlan_fields) ||
	    !CU_add_test(s, "messages_fit_mtu_and_sequence_counts_records",
			 ipfix_messages_fit_mtu_and_sequence_counts_records) ||
	    !CU_add_test(s, "vxlan_flow_carries_layer2_segment_id",
			 ipfix_vxlan_flow_carries_layer2_segment_id) ||
	    !CU_add_test(s, "end_reasons_follow_rfc7012", ipfix_end_reasons_follow_rfc7012))
		return -1;
	return 0;
}
