/* tests/test_jw.c - the streaming JSON writer (analyzer/output/jw.c).
 * jansson 2.14 is the reference: each value kind, nesting and a
 * realistic ECS flow line are compared with json_dumps(JSON_COMPACT |
 * JSON_ENCODE_ANY | JSON_REAL_PRECISION(12)) text and read back with
 * json_loadb; addresses with glibc's inet_ntop, integers with snprintf,
 * times with jsonutil_time and fixed dates. Random inputs come from a
 * fixed-seed xorshift64*, so every run checks the same values. The last
 * test prints ns per line and asserts nothing about time. */
#include <CUnit/CUnit.h>
#include <arpa/inet.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "analyzer/output/jsonutil.h"
#include "analyzer/output/jw.h"

#define DUMP_FLAGS (JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(12))
#define RFFFD "\xEF\xBF\xBD"

/* ---- helpers ---- */

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ull;
}

/* Is the writer's text exactly want (want_len bytes)? Says what differs. */
static int text_is(struct jw *w, const char *want, size_t want_len)
{
	if (jw_failed(w) == 0 && jw_len(w) == want_len &&
	    memcmp(jw_data(w), want, want_len) == 0)
		return 1;
	fprintf(stderr, "\n  jw  (err %d): %s\n  want: %.*s\n", jw_failed(w),
		jw_cstr(w), (int)want_len, want);
	return 0;
}

#define TEXT_IS(w, lit) text_is((w), (lit), sizeof(lit) - 1)

/* Is the text what jansson dumps for v (stolen), and does it read back
 * as a value json_equal to v? */
static int same_as_jansson(struct jw *w, json_t *v)
{
	char *want = json_dumps(v, DUMP_FLAGS);
	int ok = want && text_is(w, want, strlen(want));
	json_error_t e;
	json_t *back = json_loadb(jw_data(w), jw_len(w), JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
	if (!back || !json_equal(back, v)) {
		fprintf(stderr, "\n  read back differs: %s\n", back ? "" : e.text);
		ok = 0;
	}
	json_decref(back);
	json_decref(v);
	free(want);
	return ok;
}

/* The string jansson reads back from the text; NULL if not a string. */
static json_t *read_back(struct jw *w)
{
	json_error_t e;
	json_t *v = json_loadb(jw_data(w), jw_len(w), JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
	if (!json_is_string(v)) {
		fprintf(stderr, "\n  jansson rejects %s: %s\n", jw_cstr(w), e.text);
		json_decref(v);
		return NULL;
	}
	return v;
}

/* ---- a realistic flow line, written both ways ---- */

struct fake_flow {
	uint64_t first_ts, last_ts, id;
	uint8_t addr[2][16];
	uint16_t port[2];
	uint64_t packets[2], bytes[2];
	const char *community_id, *history, *conn_state, *end_reason, *service;
	int midstream, flipped;
};

static void fake_flow_init(struct fake_flow *f)
{
	memset(f, 0, sizeof(*f));
	f->first_ts = 1795715251000000000ull;
	f->last_ts = f->first_ts + 445714000ull;
	f->id = 123456789;
	inet_pton(AF_INET6, "2001:db8:85a3::8a2e:370:7334", f->addr[0]);
	inet_pton(AF_INET6, "2a00:1450:4001:82b::200e", f->addr[1]);
	f->port[0] = 51234;
	f->port[1] = 443;
	f->packets[0] = 12;
	f->packets[1] = 10;
	f->bytes[0] = 1834;
	f->bytes[1] = 48211;
	f->community_id = "1:LQU9qZlK+B5F3KDmev6m5PMibrg=";
	f->history = "ShADadFf";
	f->conn_state = "SF";
	f->end_reason = "fin";
	f->service = "https";
}

static void endpoint_jw(struct jw *w, const char *key, const struct fake_flow *f, int side)
{
	jw_kobj_begin(w, key);
	jw_kip(w, "ip", f->addr[side], 6);
	jw_ku64(w, "port", f->port[side]);
	jw_ku64(w, "packets", f->packets[side]);
	jw_ku64(w, "bytes", f->bytes[side]);
	jw_obj_end(w);
}

static void ecs_line_jw(struct jw *w, const struct fake_flow *f)
{
	jw_reset(w);
	jw_obj_begin(w);
	jw_ktime(w, "@timestamp", f->last_ts);
	jw_kobj_begin(w, "event");
	jw_kstr(w, "kind", "event");
	jw_karr_begin(w, "category");
	jw_str(w, "network");
	jw_arr_end(w);
	jw_karr_begin(w, "type");
	jw_str(w, "connection");
	jw_str(w, "end");
	jw_arr_end(w);
	jw_ku64(w, "duration", f->last_ts - f->first_ts);
	jw_ktime(w, "start", f->first_ts);
	jw_ktime(w, "end", f->last_ts);
	jw_kstr(w, "dataset", "portlens.flow");
	jw_obj_end(w);
	endpoint_jw(w, "source", f, 0);
	endpoint_jw(w, "destination", f, 1);
	jw_karr_begin(w, "related.ip");
	jw_ip(w, f->addr[0], 6);
	jw_ip(w, f->addr[1], 6);
	jw_arr_end(w);
	jw_kobj_begin(w, "network");
	jw_kstr(w, "transport", "tcp");
	jw_kstr(w, "iana_number", "6");
	jw_kstr(w, "type", "ipv6");
	jw_kstr(w, "community_id", f->community_id);
	jw_ku64(w, "packets", f->packets[0] + f->packets[1]);
	jw_ku64(w, "bytes", f->bytes[0] + f->bytes[1]);
	jw_kobj_begin(w, "vlan");
	jw_kstr(w, "id", "12");
	jw_obj_end(w);
	jw_obj_end(w);
	jw_kobj_begin(w, "portlens");
	jw_ku64(w, "flow_id", f->id);
	jw_kstr(w, "conn_state", f->conn_state);
	jw_kstr(w, "end_reason", f->end_reason);
	jw_kbool(w, "midstream", f->midstream);
	jw_kbool(w, "flipped", f->flipped);
	jw_kbool(w, "continued", 0);
	jw_kstr(w, "history", f->history);
	jw_kstr(w, "source_port_class", "ephemeral");
	jw_kstr(w, "destination_port_class", "well_known");
	jw_kstr(w, "service", f->service);
	jw_ki64(w, "clock_skew_ns", -1500);
	jw_knull(w, "icmp_errors");
	jw_ku64(w, "schema_version", 1);
	jw_obj_end(w);
	jw_kobj_begin(w, "ecs");
	jw_kstr(w, "version", "8.11.0");
	jw_obj_end(w);
	jw_obj_end(w);
}

static json_t *addr_json(const uint8_t *a)
{
	char buf[INET6_ADDRSTRLEN];
	return json_string(inet_ntop(AF_INET6, a, buf, sizeof(buf)));
}

static json_t *endpoint_tree(const struct fake_flow *f, int side)
{
	json_t *o = json_object();
	json_object_set_new(o, "ip", addr_json(f->addr[side]));
	json_object_set_new(o, "port", json_integer(f->port[side]));
	json_object_set_new(o, "packets", json_integer((json_int_t)f->packets[side]));
	json_object_set_new(o, "bytes", json_integer((json_int_t)f->bytes[side]));
	return o;
}

/* The same line as a jansson tree, built as flowlog.c builds its lines. */
static json_t *ecs_line_tree(const struct fake_flow *f)
{
	json_t *o = json_object(), *ev = json_object(), *nw = json_object(),
	       *pl = json_object(), *ecs = json_object(), *vlan = json_object();
	json_object_set_new(o, "@timestamp", jsonutil_time(f->last_ts));
	json_object_set_new(ev, "kind", json_string("event"));
	json_object_set_new(ev, "category", json_pack("[s]", "network"));
	json_object_set_new(ev, "type", json_pack("[ss]", "connection", "end"));
	json_object_set_new(ev, "duration", json_integer((json_int_t)(f->last_ts - f->first_ts)));
	json_object_set_new(ev, "start", jsonutil_time(f->first_ts));
	json_object_set_new(ev, "end", jsonutil_time(f->last_ts));
	json_object_set_new(ev, "dataset", json_string("portlens.flow"));
	json_object_set_new(o, "event", ev);
	json_object_set_new(o, "source", endpoint_tree(f, 0));
	json_object_set_new(o, "destination", endpoint_tree(f, 1));
	json_object_set_new(o, "related.ip", json_pack("[oo]", addr_json(f->addr[0]),
						      addr_json(f->addr[1])));
	json_object_set_new(nw, "transport", json_string("tcp"));
	json_object_set_new(nw, "iana_number", json_string("6"));
	json_object_set_new(nw, "type", json_string("ipv6"));
	json_object_set_new(nw, "community_id", json_string(f->community_id));
	json_object_set_new(nw, "packets", json_integer((json_int_t)(f->packets[0] + f->packets[1])));
	json_object_set_new(nw, "bytes", json_integer((json_int_t)(f->bytes[0] + f->bytes[1])));
	json_object_set_new(vlan, "id", json_string("12"));
	json_object_set_new(nw, "vlan", vlan);
	json_object_set_new(o, "network", nw);
	json_object_set_new(pl, "flow_id", json_integer((json_int_t)f->id));
	json_object_set_new(pl, "conn_state", json_string(f->conn_state));
	json_object_set_new(pl, "end_reason", json_string(f->end_reason));
	json_object_set_new(pl, "midstream", json_boolean(f->midstream));
	json_object_set_new(pl, "flipped", json_boolean(f->flipped));
	json_object_set_new(pl, "continued", json_false());
	json_object_set_new(pl, "history", json_string(f->history));
	json_object_set_new(pl, "source_port_class", json_string("ephemeral"));
	json_object_set_new(pl, "destination_port_class", json_string("well_known"));
	json_object_set_new(pl, "service", f->service ? json_string(f->service) : json_null());
	json_object_set_new(pl, "clock_skew_ns", json_integer(-1500));
	json_object_set_new(pl, "icmp_errors", json_null());
	json_object_set_new(pl, "schema_version", json_integer(1));
	json_object_set_new(o, "portlens", pl);
	json_object_set_new(ecs, "version", json_string("8.11.0"));
	json_object_set_new(o, "ecs", ecs);
	return o;
}

/* Members of every object in v, nested ones included. */
static size_t count_members(json_t *v)
{
	size_t n = 0, i;
	const char *k;
	json_t *x;
	if (json_is_object(v)) {
		json_object_foreach(v, k, x)
			n += 1 + count_members(x);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			n += count_members(x);
	}
	return n;
}

/* ---- structure ---- */

static void jw_every_value_kind_written_like_jansson(void)
{
	struct jw w;
	uint8_t v4[4] = { 192, 0, 2, 1 }, v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 0), 0);
	jw_obj_begin(&w);
	jw_kstr(&w, "s", "hi \"there\"\n");
	jw_kstrn(&w, "sn", "abcdef", 3);
	jw_ku64(&w, "u", UINT64_MAX);
	jw_ki64(&w, "i", INT64_MIN);
	jw_kbool(&w, "t", 1);
	jw_kbool(&w, "f", 0);
	jw_knull(&w, "n");
	jw_kstr(&w, "nullstr", NULL);
	jw_kreal(&w, "r", 0.5);
	jw_kip(&w, "ip4", v4, 4);
	jw_kip(&w, "ip6", v6, 6);
	jw_ktime(&w, "ts", 1000000001);
	jw_kraw(&w, "raw", "[1,{\"a\":2}]", 11);
	jw_key(&w, "arr");
	jw_arr_begin(&w);
	jw_str(&w, "x");
	jw_strn(&w, "yz", 1);
	jw_u64(&w, 7);
	jw_i64(&w, -7);
	jw_bool(&w, 1);
	jw_null(&w);
	jw_real(&w, 1.0);
	jw_ip(&w, v4, 4);
	jw_time(&w, 0);
	jw_raw(&w, "\"r\"", 3);
	jw_obj_begin(&w);
	jw_obj_end(&w);
	jw_arr_begin(&w);
	jw_arr_end(&w);
	jw_arr_end(&w);
	jw_obj_end(&w);
	CU_ASSERT(TEXT_IS(&w, "{\"s\":\"hi \\\"there\\\"\\n\",\"sn\":\"abc\","
		"\"u\":18446744073709551615,\"i\":-9223372036854775808,"
		"\"t\":true,\"f\":false,\"n\":null,\"nullstr\":null,\"r\":0.5,"
		"\"ip4\":\"192.0.2.1\",\"ip6\":\"2001:db8::1\","
		"\"ts\":\"1970-01-01T00:00:01.000000001Z\",\"raw\":[1,{\"a\":2}],"
		"\"arr\":[\"x\",\"y\",7,-7,true,null,1.0,\"192.0.2.1\","
		"\"1970-01-01T00:00:00.000000000Z\",\"r\",{},[]]}"));
	/* jansson has no uint64 beyond INT64_MAX: the same line with u
	 * written through ki64 must equal jansson's tree. */
	jw_reset(&w);
	jw_obj_begin(&w);
	jw_kstr(&w, "s", "hi \"there\"\n");
	jw_ku64(&w, "u", INT64_MAX);
	jw_ki64(&w, "i", INT64_MIN);
	jw_kbool(&w, "t", 1);
	jw_knull(&w, "n");
	jw_kreal(&w, "r", 0.5);
	jw_kip(&w, "ip6", v6, 6);
	jw_key(&w, "arr");
	jw_arr_begin(&w);
	jw_bool(&w, 0);
	jw_real(&w, -2.5);
	jw_time(&w, 0);
	jw_arr_end(&w);
	jw_obj_end(&w);
	CU_ASSERT(same_as_jansson(&w, json_pack("{s:s, s:I, s:I, s:b, s:n, s:f, s:s, s:[b,f,s]}",
		"s", "hi \"there\"\n", "u", (json_int_t)INT64_MAX, "i", (json_int_t)INT64_MIN,
		"t", 1, "n", "r", 0.5, "ip6", "2001:db8::1", "arr", 0, -2.5,
		"1970-01-01T00:00:00.000000000Z")));
	jw_free(&w);
}

static void jw_nested_containers_get_commas_like_jansson(void)
{
	struct jw w;
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 16), 0);
	/* [[],[[]],{},{"a":[{}],"b":{"c":{"d":1},"e":[1,[2,[3]]]}},"z"] */
	jw_arr_begin(&w);
	jw_arr_begin(&w);
	jw_arr_end(&w);
	jw_arr_begin(&w);
	jw_arr_begin(&w);
	jw_arr_end(&w);
	jw_arr_end(&w);
	jw_obj_begin(&w);
	jw_obj_end(&w);
	jw_obj_begin(&w);
	jw_karr_begin(&w, "a");
	jw_obj_begin(&w);
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_key(&w, "b");
	jw_obj_begin(&w);
	jw_kobj_begin(&w, "c");
	jw_ku64(&w, "d", 1);
	jw_obj_end(&w);
	jw_karr_begin(&w, "e");
	jw_u64(&w, 1);
	jw_arr_begin(&w);
	jw_u64(&w, 2);
	jw_arr_begin(&w);
	jw_u64(&w, 3);
	jw_arr_end(&w);
	jw_arr_end(&w);
	jw_arr_end(&w);
	jw_obj_end(&w);
	jw_obj_end(&w);
	jw_str(&w, "z");
	jw_arr_end(&w);
	CU_ASSERT(TEXT_IS(&w, "[[],[[]],{},{\"a\":[{}],\"b\":{\"c\":{\"d\":1},\"e\":[1,[2,[3]]]}},\"z\"]"));
	CU_ASSERT(same_as_jansson(&w, json_pack("[[],[[]],{},{s:[{}],s:{s:{s:i},s:[i,[i,[i]]]}},s]",
						"a", "b", "c", "d", 1, "e", 1, 2, 3, "z")));
	jw_free(&w);
}

static void jw_empty_object_and_array_written_as_pairs(void)
{
	struct jw w;
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 0), 0);
	jw_obj_begin(&w);
	jw_obj_end(&w);
	CU_ASSERT(TEXT_IS(&w, "{}"));
	jw_reset(&w);
	jw_arr_begin(&w);
	jw_arr_end(&w);
	CU_ASSERT(TEXT_IS(&w, "[]"));
	jw_reset(&w);
	jw_obj_begin(&w);
	jw_kobj_begin(&w, "a");
	jw_obj_end(&w);
	jw_karr_begin(&w, "b");
	jw_arr_end(&w);
	jw_obj_end(&w);
	CU_ASSERT(same_as_jansson(&w, json_pack("{s:{},s:[]}", "a", "b")));
	jw_free(&w);
}

static void jw_ecs_flow_line_matches_jansson_tree(void)
{
	struct jw w;
	struct fake_flow f;
	fake_flow_init(&f);
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 0), 0);
	ecs_line_jw(&w, &f);
	CU_ASSERT(same_as_jansson(&w, ecs_line_tree(&f)));
	/* Characters to escape, and a null service. */
	f.history = "Sh\tA\x01";
	f.service = NULL;
	ecs_line_jw(&w, &f);
	CU_ASSERT(same_as_jansson(&w, ecs_line_tree(&f)));
	jw_free(&w);
}

static void jw_end_line_batches_lines_in_one_buffer(void)
{
	struct jw w;
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 0), 0);
	jw_obj_begin(&w);
	jw_ku64(&w, "a", 1);
	jw_obj_end(&w);
	jw_end_line(&w);
	jw_arr_begin(&w);
	jw_u64(&w, 2);
	jw_arr_end(&w);
	jw_end_line(&w);
	jw_str(&w, "s");
	jw_end_line(&w);
	CU_ASSERT(TEXT_IS(&w, "{\"a\":1}\n[2]\n\"s\"\n"));
	jw_free(&w);
}

static void jw_reset_reuses_buffer_without_growth(void)
{
	struct jw w;
	struct fake_flow f;
	fake_flow_init(&f);
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 64), 0);
	ecs_line_jw(&w, &f);
	size_t len = jw_len(&w), cap = w.cap;
	const char *buf = jw_data(&w);
	CU_ASSERT(cap > len);
	int same = 1;
	for (int i = 0; i < 1000; i++) {
		f.bytes[0] = rnd() >> 20; /* as long or shorter */
		ecs_line_jw(&w, &f);
		same &= jw_data(&w) == buf && w.cap == cap && !jw_failed(&w);
	}
	CU_ASSERT(same);
	jw_free(&w);
}

static void jw_cstr_nul_terminates_without_counting(void)
{
	struct jw w;
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 4), 0);
	CU_ASSERT_STRING_EQUAL(jw_cstr(&w), "");
	jw_str(&w, "ab"); /* 4 bytes of text: the cap it started with */
	CU_ASSERT_STRING_EQUAL(jw_cstr(&w), "\"ab\"");
	CU_ASSERT_EQUAL(jw_len(&w), 4);
	CU_ASSERT(w.cap > w.len);
	jw_free(&w);
}

static void jw_free_is_null_safe_and_zeroed_writer_works(void)
{
	struct jw w;
	jw_free(NULL);
	memset(&w, 0, sizeof(w)); /* never initialised: grows on first use */
	CU_ASSERT_STRING_EQUAL(jw_cstr(&w), "");
	jw_u64(&w, 42);
	CU_ASSERT(TEXT_IS(&w, "42"));
	jw_free(&w);
	jw_free(&w);
	CU_ASSERT_PTR_NULL(w.buf);
	CU_ASSERT_EQUAL(w.cap, 0);
}

/* ---- misuse ---- */

static void jw_depth_overflow_sets_error_without_overrun(void)
{
	struct jw w;
	/* 40 bytes: room for JW_MAX_DEPTH '[' and the spare, not 2 more. */
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, JW_MAX_DEPTH + 8), 0);
	for (int i = 0; i < JW_MAX_DEPTH; i++)
		jw_arr_begin(&w);
	CU_ASSERT_EQUAL(jw_failed(&w), 0);
	CU_ASSERT_EQUAL(w.depth, JW_MAX_DEPTH);
	jw_arr_begin(&w);
	CU_ASSERT_EQUAL(jw_failed(&w), JW_E_DEPTH);
	CU_ASSERT_EQUAL(jw_len(&w), JW_MAX_DEPTH);
	for (int i = 0; i < 100; i++) { /* all no-ops now */
		jw_arr_begin(&w);
		jw_obj_begin(&w);
		jw_u64(&w, 1);
		jw_arr_end(&w);
	}
	CU_ASSERT_EQUAL(jw_len(&w), JW_MAX_DEPTH);
	CU_ASSERT_EQUAL(w.depth, JW_MAX_DEPTH);
	CU_ASSERT_EQUAL(jw_failed(&w), JW_E_DEPTH);
	/* Keyed opens hit the same limit. */
	jw_reset(&w);
	jw_obj_begin(&w);
	for (int i = 1; i < JW_MAX_DEPTH; i++)
		jw_kobj_begin(&w, "k");
	CU_ASSERT_EQUAL(jw_failed(&w), 0);
	jw_kobj_begin(&w, "k");
	jw_karr_begin(&w, "k");
	CU_ASSERT_EQUAL(jw_failed(&w), JW_E_DEPTH);
	CU_ASSERT_EQUAL(w.depth, JW_MAX_DEPTH);
	jw_reset(&w);
	CU_ASSERT_EQUAL(jw_failed(&w), 0);
	jw_u64(&w, 5);
	CU_ASSERT(TEXT_IS(&w, "5"));
	jw_free(&w);
}

static void misuse_member_at_top(struct jw *w) { jw_ku64(w, "a", 1); }
static void misuse_key_at_top(struct jw *w) { jw_key(w, "a"); }
static void misuse_value_in_object(struct jw *w) { jw_obj_begin(w); jw_u64(w, 1); }
static void misuse_open_in_object(struct jw *w) { jw_obj_begin(w); jw_arr_begin(w); }
static void misuse_key_in_array(struct jw *w) { jw_arr_begin(w); jw_key(w, "a"); }
static void misuse_member_in_array(struct jw *w) { jw_arr_begin(w); jw_kstr(w, "a", "b"); }
static void misuse_two_keys(struct jw *w) { jw_obj_begin(w); jw_key(w, "a"); jw_key(w, "b"); }
static void misuse_end_with_key_due(struct jw *w) { jw_obj_begin(w); jw_key(w, "a"); jw_obj_end(w); }
static void misuse_obj_end_on_array(struct jw *w) { jw_arr_begin(w); jw_obj_end(w); }
static void misuse_arr_end_on_object(struct jw *w) { jw_obj_begin(w); jw_arr_end(w); }
static void misuse_end_at_top(struct jw *w) { jw_arr_end(w); }
static void misuse_extra_end(struct jw *w) { jw_obj_begin(w); jw_obj_end(w); jw_obj_end(w); }
static void misuse_second_top_value(struct jw *w) { jw_u64(w, 1); jw_u64(w, 2); }
static void misuse_end_line_open(struct jw *w) { jw_obj_begin(w); jw_end_line(w); }
static void misuse_end_line_empty(struct jw *w) { jw_end_line(w); }
static void misuse_end_line_key_due(struct jw *w) { jw_obj_begin(w); jw_key(w, "k"); jw_end_line(w); }

static void jw_misuse_is_recorded_and_sticky_until_reset(void)
{
	static void (*const cases[])(struct jw *) = {
		misuse_member_at_top, misuse_key_at_top, misuse_value_in_object,
		misuse_open_in_object, misuse_key_in_array, misuse_member_in_array,
		misuse_two_keys, misuse_end_with_key_due, misuse_obj_end_on_array,
		misuse_arr_end_on_object, misuse_end_at_top, misuse_extra_end,
		misuse_second_top_value, misuse_end_line_open, misuse_end_line_empty,
		misuse_end_line_key_due,
	};
	struct jw w;
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 0), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		jw_reset(&w);
		cases[i](&w);
		size_t len = jw_len(&w);
		int err = jw_failed(&w);
		if (err != JW_E_MISUSE)
			fprintf(stderr, "\n  case %zu: err %d\n", i, err);
		CU_ASSERT_EQUAL(err, JW_E_MISUSE);
		jw_null(&w); /* sticky: nothing more is written */
		jw_arr_end(&w);
		jw_obj_end(&w);
		jw_end_line(&w);
		CU_ASSERT_EQUAL(jw_len(&w), len);
		CU_ASSERT_EQUAL(jw_failed(&w), JW_E_MISUSE);
	}
	jw_reset(&w);
	jw_obj_begin(&w);
	jw_obj_end(&w);
	jw_end_line(&w);
	CU_ASSERT(TEXT_IS(&w, "{}\n"));
	jw_free(&w);
}

static void jw_oversized_lengths_fail_without_reading(void)
{
	struct jw w;
	/* One heap byte (ASan traps any read past it), through volatiles so
	 * gcc sees neither its size nor the lengths (it would warn about the
	 * paths the length checks rule out). */
	char *volatile hide = malloc(1);
	const char *one = hide;
	volatile size_t huge = SIZE_MAX;
	CU_ASSERT_PTR_NOT_NULL_FATAL(one);
	hide[0] = 'x';
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 0), 0);
	jw_strn(&w, one, huge / 8);
	CU_ASSERT_EQUAL(jw_failed(&w), JW_E_NOMEM);
	CU_ASSERT_EQUAL(jw_len(&w), 0);
	jw_reset(&w);
	jw_raw(&w, one, huge - 1);
	CU_ASSERT_EQUAL(jw_failed(&w), JW_E_NOMEM);
	jw_reset(&w);
	jw_obj_begin(&w);
	jw_kstrn(&w, "k", one, huge / 2);
	CU_ASSERT_EQUAL(jw_failed(&w), JW_E_NOMEM);
	CU_ASSERT_EQUAL(jw_len(&w), 1);
	jw_reset(&w);
	jw_obj_begin(&w);
	jw_keyn(&w, one, huge / 4);
	CU_ASSERT_EQUAL(jw_failed(&w), JW_E_NOMEM);
	jw_reset(&w);
	jw_strn(&w, one, 1);
	CU_ASSERT(TEXT_IS(&w, "\"x\""));
	jw_free(&w);
	free(hide);
}

/* ---- strings ---- */

/* Every byte alone and between ASCII letters: what jansson dumps when it
 * takes the string (all of 00..7F), else one U+FFFD (80..FF alone are
 * never UTF-8) that jansson reads back. */
static void jw_every_byte_escaped_like_jansson_or_replaced(void)
{
	struct jw w;
	int bad = 0;
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 0), 0);
	for (unsigned b = 0; b < 256; b++) {
		char in[3] = { 'a', (char)b, 'z' };
		for (int ctx = 0; ctx < 2; ctx++) {
			const char *s = ctx ? in : in + 1;
			size_t n = ctx ? 3 : 1;
			jw_reset(&w);
			jw_strn(&w, s, n);
			json_t *ref = json_stringn(s, n);
			if (b < 0x80) {
				bad += ref == NULL;
				bad += ref && !same_as_jansson(&w, json_incref(ref));
			} else {
				json_t *back = read_back(&w);
				const char *want = ctx ? "a" RFFFD "z" : RFFFD;
				bad += ref != NULL;
				bad += !back || strcmp(json_string_value(back), want) != 0;
				json_decref(back);
			}
			json_decref(ref);
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
	/* The escapes themselves, spelled out. */
	jw_reset(&w);
	jw_strn(&w, "\x00\x01\b\t\n\x0b\f\r\x1f \"/\\\x7f", 14);
	CU_ASSERT(TEXT_IS(&w, "\"\\u0000\\u0001\\b\\t\\n\\u000B\\f\\r\\u001F \\\"/\\\\\x7f\""));
	/* All 256 bytes in one string: 0..7F as jansson, then one U+FFFD
	 * each (no byte there starts a sequence its successor completes). */
	char all[256];
	for (int i = 0; i < 256; i++)
		all[i] = (char)i;
	jw_reset(&w);
	jw_strn(&w, all, 256);
	json_t *back = read_back(&w);
	CU_ASSERT_PTR_NOT_NULL_FATAL(back);
	CU_ASSERT_EQUAL(json_string_length(back), 128 + 128 * 3);
	CU_ASSERT(memcmp(json_string_value(back), all, 128) == 0);
	CU_ASSERT(memcmp(json_string_value(back) + 128, RFFFD RFFFD, 6) == 0);
	json_decref(back);
	jw_free(&w);
}

static void jw_valid_multibyte_utf8_passes_through_like_jansson(void)
{
	static const char *const cps[] = {
		"\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xE2\x82\xAC", "\xED\x9F\xBF",
		"\xEE\x80\x80", "\xEF\xBF\xBD", "\xEF\xBF\xBF", "\xE2\x80\xA8",
		"\xF0\x90\x80\x80", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF",
		"caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x8C\x8D\"\\",
	};
	struct jw w;
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 0), 0);
	for (size_t i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		jw_reset(&w);
		jw_str(&w, cps[i]);
		json_t *ref = json_string(cps[i]);
		CU_ASSERT_PTR_NOT_NULL(ref);
		CU_ASSERT(ref && same_as_jansson(&w, ref));
	}
	jw_free(&w);
}

/* Literal strings and keys have a constant length, which jw.h checks and
 * copies inline (1..3, 4..7 and 8..16 bytes): a byte to escape at the
 * start, middle or end of each must still reach the escaping path. */
#define LIT_IS_JANSSON(lit)                                                   \
	do {                                                                  \
		jw_reset(&w);                                                 \
		jw_str(&w, lit);                                              \
		bad += !same_as_jansson(&w, json_stringn(lit, sizeof(lit) - 1)); \
		jw_reset(&w);                                                 \
		jw_obj_begin(&w);                                             \
		jw_kstr(&w, lit, lit);                                        \
		jw_obj_end(&w);                                               \
		o = json_object();                                            \
		json_object_set_new(o, lit, json_string(lit));                \
		bad += !same_as_jansson(&w, o);                               \
	} while (0)

static void jw_literal_strings_and_keys_escape_like_jansson(void)
{
	struct jw w;
	json_t *o;
	int bad = 0;
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 0), 0);
	LIT_IS_JANSSON("a");
	LIT_IS_JANSSON("\"");
	LIT_IS_JANSSON("\\b");
	LIT_IS_JANSSON("a\n");
	LIT_IS_JANSSON("ab\x01");
	LIT_IS_JANSSON("\tbcd");
	LIT_IS_JANSSON("ab\"d");
	LIT_IS_JANSSON("abc\x7f");
	LIT_IS_JANSSON("abcd\"");
	LIT_IS_JANSSON("abcde\n");
	LIT_IS_JANSSON("abcdef\\");
	LIT_IS_JANSSON("caf\xC3\xA9");
	LIT_IS_JANSSON("abcdefgh");
	LIT_IS_JANSSON("\x1f" "bcdefgh");
	LIT_IS_JANSSON("abcdefg\r");
	LIT_IS_JANSSON("abcdefghijk\"mn");
	LIT_IS_JANSSON("abcdefghijklmnop");
	LIT_IS_JANSSON("abcdefghijklmno\n");
	LIT_IS_JANSSON("abcdefgh\bjklmnop");
	LIT_IS_JANSSON("abcdefghijklmnop\f");
	LIT_IS_JANSSON("abcdefghijklmnopq");
	CU_ASSERT_EQUAL(bad, 0);
	jw_reset(&w);
	jw_str(&w, "ab\x80"); /* constant, 3 bytes, not UTF-8 */
	CU_ASSERT(TEXT_IS(&w, "\"ab" RFFFD "\""));
	jw_free(&w);
}

static void jw_invalid_utf8_becomes_one_fffd_per_maximal_subpart(void)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "\x80", RFFFD },			/* lone continuation */
		{ "a\xBF" "b", "a" RFFFD "b" },
		{ "\xC2", RFFFD },			/* truncated at the end */
		{ "\xC2" "A", RFFFD "A" },
		{ "\xE2\x82", RFFFD },			/* one per maximal subpart */
		{ "\xE2\x82" "A", RFFFD "A" },
		{ "\xE2\x28\xA1", RFFFD "(" RFFFD },
		{ "\xF0\x9F\x98", RFFFD },
		{ "\xF0\x9F\x98" "A", RFFFD "A" },
		{ "\xC0\x80", RFFFD RFFFD },		/* overlong NUL */
		{ "\xC1\xBF", RFFFD RFFFD },
		{ "\xE0\x80\x80", RFFFD RFFFD RFFFD },	/* overlong 3-byte */
		{ "\xE0\x9F\xBF", RFFFD RFFFD RFFFD },
		{ "\xF0\x80\x80\x80", RFFFD RFFFD RFFFD RFFFD },
		{ "\xF0\x8F\xBF\xBF", RFFFD RFFFD RFFFD RFFFD },
		{ "\xED\xA0\x80", RFFFD RFFFD RFFFD },	/* U+D800 */
		{ "\xED\xBF\xBF", RFFFD RFFFD RFFFD },	/* U+DFFF */
		{ "\xED\xA0\x80\xED\xB0\x80", RFFFD RFFFD RFFFD RFFFD RFFFD RFFFD },
		{ "\xF4\x90\x80\x80", RFFFD RFFFD RFFFD RFFFD }, /* U+110000 */
		{ "\xF5\x80\x80\x80", RFFFD RFFFD RFFFD RFFFD },
		{ "\xF7\xBF\xBF\xBF", RFFFD RFFFD RFFFD RFFFD },
		{ "\xFE\xFF", RFFFD RFFFD },
		{ "\xC3\xA9\x80\xC3\xA9", "\xC3\xA9" RFFFD "\xC3\xA9" },
	};
	struct jw w;
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 0), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char want[64];
		int n = snprintf(want, sizeof(want), "\"%s\"", cases[i].want);
		jw_reset(&w);
		jw_str(&w, cases[i].in);
		CU_ASSERT(text_is(&w, want, (size_t)n));
		json_t *back = read_back(&w);
		CU_ASSERT(back && strcmp(json_string_value(back), cases[i].want) == 0);
		json_decref(back);
	}
	jw_free(&w);
}

/* Random byte strings biased towards UTF-8 edges: jansson always reads
 * the text back; when jansson takes the input as a string, the text is
 * byte for byte its dump. */
static void jw_random_bytes_always_give_valid_json(void)
{
	static const uint8_t pick[] = {
		0x00, 0x01, 0x1f, 0x20, '"', '\\', '/', 'a', 0x7f, 0x80, 0x8f, 0x90,
		0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed,
		0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff,
	};
	struct jw w;
	int bad_valid = 0, bad_invalid = 0, valid = 0;
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 0), 0);
	rng = 0x9E3779B97F4A7C15ull;
	for (int t = 0; t < 200000; t++) {
		char s[24];
		size_t n = rnd() % sizeof(s);
		for (size_t i = 0; i < n; i++) {
			uint64_t r = rnd();
			s[i] = (char)(r & 1 ? pick[(r >> 8) % sizeof(pick)] : (uint8_t)(r >> 8));
		}
		jw_reset(&w);
		jw_strn(&w, s, n);
		json_t *ref = json_stringn(s, n);
		if (ref) {
			valid++;
			bad_valid += !same_as_jansson(&w, ref);
		} else {
			json_t *back = read_back(&w);
			bad_invalid += back == NULL;
			json_decref(back);
		}
	}
	CU_ASSERT_EQUAL(bad_valid, 0);
	CU_ASSERT_EQUAL(bad_invalid, 0);
	CU_ASSERT(valid > 1000 && valid < 199000); /* both kinds were tried */
	jw_free(&w);
}

/* ---- numbers ---- */

static int u64_ok(struct jw *w, uint64_t v)
{
	char want[32];
	int n = snprintf(want, sizeof(want), "%" PRIu64, v);
	jw_reset(w);
	jw_u64(w, v);
	return text_is(w, want, (size_t)n);
}

static int i64_ok(struct jw *w, int64_t v)
{
	char want[48];
	int n = snprintf(want, sizeof(want), "{\"k\":%" PRId64 "}", v);
	jw_reset(w);
	jw_obj_begin(w);
	jw_ki64(w, "k", v);
	jw_obj_end(w);
	return text_is(w, want, (size_t)n);
}

static void jw_integers_match_snprintf(void)
{
	static const uint64_t fixed[] = { 0, 1, 9, 10, 11, 99, 100, 101, 255, 256,
		65535, 65536, UINT32_MAX, (uint64_t)UINT32_MAX + 1, INT64_MAX,
		(uint64_t)INT64_MAX + 1, UINT64_MAX - 1, UINT64_MAX };
	struct jw w;
	int bad = 0;
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 0), 0);
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		bad += !u64_ok(&w, fixed[i]);
		bad += !i64_ok(&w, (int64_t)fixed[i]);
		bad += !i64_ok(&w, -(int64_t)(fixed[i] & INT64_MAX));
	}
	bad += !i64_ok(&w, INT64_MIN) + !i64_ok(&w, INT64_MIN + 1) + !i64_ok(&w, INT64_MAX);
	uint64_t p = 1;
	for (int e = 0; e < 20; e++, p *= 10) {
		bad += !u64_ok(&w, p) + !u64_ok(&w, p - 1) + !u64_ok(&w, p + 1);
		if (p <= INT64_MAX)
			bad += !i64_ok(&w, -(int64_t)p) + !i64_ok(&w, 1 - (int64_t)p) +
			       !i64_ok(&w, -1 - (int64_t)p);
	}
	rng = 0x243F6A8885A308D3ull;
	for (int t = 0; t < 100000; t++) {
		uint64_t v = rnd() >> (rnd() % 64); /* every digit count */
		bad += !u64_ok(&w, v);
		bad += !i64_ok(&w, (int64_t)v);
	}
	CU_ASSERT_EQUAL(bad, 0);
	jw_free(&w);
}

static int real_ok(struct jw *w, double x)
{
	json_t *ref = json_real(x);
	char *want = json_dumps(ref, DUMP_FLAGS);
	jw_reset(w);
	jw_real(w, x);
	int ok = want && text_is(w, want, strlen(want));
	free(want);
	json_decref(ref);
	return ok;
}

static void jw_reals_match_jansson_precision_12(void)
{
	static const double fixed[] = { 0.0, -0.0, 1.0, -1.0, 0.5, 1e-7, 123456.789,
		1e21, -2.5, 0.1 + 0.2, 0.100234, 0.000312, 1.25e-3, 100.0, 1e15, 1e16,
		1e17, 123456789012345.0, 999999999999.0, 9999999999999.0, 1e-5, 1e-4,
		1e100, 1.5e300, -1.5e-300, 5e-324, DBL_MAX, DBL_MIN, 3.141592653589793,
		1.0 / 3.0 };
	struct jw w;
	int bad = 0;
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 0), 0);
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		bad += !real_ok(&w, fixed[i]);
	rng = 0x13198A2E03707344ull;
	for (int t = 0; t < 20000; t++) {
		uint64_t bits = rnd();
		double x;
		memcpy(&x, &bits, sizeof(x));
		if (t & 1) /* knock-delay-like: seconds with microseconds */
			x = (double)(rnd() % 100000000) / 1e6;
		if (isfinite(x))
			bad += !real_ok(&w, x);
	}
	CU_ASSERT_EQUAL(bad, 0);
	jw_reset(&w);
	jw_obj_begin(&w);
	jw_kreal(&w, "delay", 0.100234);
	jw_obj_end(&w);
	CU_ASSERT(same_as_jansson(&w, json_pack("{s:f}", "delay", 0.100234)));
	jw_free(&w);
}

static void jw_nonfinite_reals_written_as_null(void)
{
	struct jw w;
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 0), 0);
	jw_arr_begin(&w);
	jw_real(&w, NAN);
	jw_real(&w, INFINITY);
	jw_real(&w, -INFINITY);
	jw_arr_end(&w);
	CU_ASSERT(TEXT_IS(&w, "[null,null,null]"));
	jw_reset(&w);
	jw_obj_begin(&w);
	jw_kreal(&w, "x", NAN);
	jw_kreal(&w, "y", 2.0);
	jw_obj_end(&w);
	CU_ASSERT(TEXT_IS(&w, "{\"x\":null,\"y\":2.0}"));
	jw_free(&w);
}

/* ---- addresses ---- */

/* jw_ip of a (as a bare value, quotes stripped) equals inet_ntop's text. */
static int ip_ok(struct jw *w, const uint8_t *a, int ver)
{
	char want[INET6_ADDRSTRLEN + 2] = "\"";
	if (!inet_ntop(ver == 4 ? AF_INET : AF_INET6, a, want + 1, INET6_ADDRSTRLEN))
		return 0;
	strcat(want, "\"");
	jw_reset(w);
	jw_ip(w, a, ver);
	return text_is(w, want, strlen(want));
}

static void jw_ipv6_fixed_cases_match_inet_ntop(void)
{
	static const char *const cases[] = {
		"::", "::1", "::ffff:1.2.3.4", "::1.2.3.4", "1::", "1:0:0:1::1",
		"1::1:1:0:0:1", "1:0:1:1:1:1:1:1", "1:2:3:4:5:6:0:8", "2001:db8::1",
		"fe80::1ff:fe23:4567:890a", "fe80::", "::ffff:0.0.0.0",
		"::100", "::1.0.0.0", "::fffe:102:304", "::1:102:304",
		"::ffff:0:102:304", "1::102:304", "::ffff:255.255.255.255", "::ffff:0.0.0.1",
		"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "0:1::", "1::2:0:0:3:4",
		"2001:db8::1:0:0:1", "a:b:c:d:e:f:1:2", "1000:200:30:4::",
	};
	struct jw w;
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 0), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t a[16];
		CU_ASSERT_EQUAL_FATAL(inet_pton(AF_INET6, cases[i], a), 1);
		char want[64];
		int n = snprintf(want, sizeof(want), "\"%s\"", cases[i]);
		jw_reset(&w);
		jw_ip(&w, a, 6);
		CU_ASSERT(text_is(&w, want, (size_t)n)); /* canonical in, same out */
		CU_ASSERT(ip_ok(&w, a, 6));
	}
	jw_free(&w);
}

static void jw_ipv6_random_addresses_match_inet_ntop(void)
{
	struct jw w;
	int bad = 0;
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 0), 0);
	rng = 0xA4093822299F31D0ull;
	for (int t = 0; t < 1000000; t++) {
		uint8_t a[16];
		uint64_t r = rnd(), bits = rnd();
		for (int g = 0; g < 8; g++, r >>= 3) {
			unsigned v;
			switch (r & 7) { /* zero runs of every length and place */
			case 0: case 1: case 2: v = 0; break;
			case 3: v = 1u << (bits % 16); break;
			case 4: v = 0xffff; break;
			default: v = (unsigned)(bits >> 16) & 0xffff; break;
			}
			bits = bits * 6364136223846793005ull + 1442695040888963407ull;
			a[2 * g] = (uint8_t)(v >> 8);
			a[2 * g + 1] = (uint8_t)v;
		}
		if ((r & 0x1f) == 0) /* the dotted-tail prefixes, often */
			memset(a, 0, 10 + (r >> 5 & 2));
		if ((r & 0x1f) == 1) {
			memset(a, 0, 10);
			a[10] = a[11] = 0xff;
		}
		bad += !ip_ok(&w, a, 6);
	}
	CU_ASSERT_EQUAL(bad, 0);
	jw_free(&w);
}

static void jw_ipv4_matches_inet_ntop(void)
{
	static const uint8_t fixed[][4] = {
		{ 0, 0, 0, 0 }, { 255, 255, 255, 255 }, { 1, 2, 3, 4 }, { 10, 0, 0, 1 },
		{ 100, 10, 1, 0 }, { 9, 99, 199, 200 }, { 127, 0, 0, 1 },
	};
	struct jw w;
	int bad = 0;
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 0), 0);
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		bad += !ip_ok(&w, fixed[i], 4);
	for (unsigned b = 0; b < 256; b++) {
		uint8_t a[4] = { (uint8_t)b, (uint8_t)(255 - b), (uint8_t)(b * 7), (uint8_t)b };
		bad += !ip_ok(&w, a, 4);
	}
	rng = 0x082EFA98EC4E6C89ull;
	for (int t = 0; t < 1000000; t++) {
		uint32_t v = (uint32_t)rnd();
		uint8_t a[4];
		memcpy(a, &v, 4);
		bad += !ip_ok(&w, a, 4);
	}
	CU_ASSERT_EQUAL(bad, 0);
	jw_reset(&w);
	jw_obj_begin(&w);
	jw_kip(&w, "ip", fixed[1], 4);
	jw_obj_end(&w);
	CU_ASSERT(TEXT_IS(&w, "{\"ip\":\"255.255.255.255\"}"));
	jw_free(&w);
}

static void jw_ip_of_unknown_version_is_null(void)
{
	struct jw w;
	const uint8_t a[16] = { 1 };
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 0), 0);
	jw_arr_begin(&w);
	jw_ip(&w, a, 0);
	jw_ip(&w, a, 5);
	jw_arr_end(&w);
	CU_ASSERT(TEXT_IS(&w, "[null,null]"));
	jw_free(&w);
}

/* ---- time ---- */

static int time_ok(struct jw *w, uint64_t ts)
{
	json_t *ref = jsonutil_time(ts);
	char *want = json_dumps(ref, DUMP_FLAGS);
	jw_reset(w);
	jw_time(w, ts);
	int ok = want && text_is(w, want, strlen(want));
	free(want);
	json_decref(ref);
	return ok;
}

static void jw_time_matches_jsonutil_and_calendar(void)
{
	static const struct { uint64_t ts; const char *want; } fixed[] = {
		{ 0, "\"1970-01-01T00:00:00.000000000Z\"" },
		{ 951825600000000001ull, "\"2000-02-29T12:00:00.000000001Z\"" },
		{ 1709251199999999999ull, "\"2024-02-29T23:59:59.999999999Z\"" },
		{ 4107456000000000000ull, "\"2100-02-28T00:00:00.000000000Z\"" },
		{ 4107542400000000000ull, "\"2100-03-01T00:00:00.000000000Z\"" },
		{ 18429292800000000000ull, "\"2554-01-01T00:00:00.000000000Z\"" },
		{ UINT64_MAX, "\"2554-07-21T23:34:33.709551615Z\"" },
	};
	struct jw w;
	int bad = 0;
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 0), 0);
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		jw_reset(&w);
		jw_time(&w, fixed[i].ts);
		CU_ASSERT(text_is(&w, fixed[i].want, strlen(fixed[i].want)));
		bad += !time_ok(&w, fixed[i].ts);
	}
	rng = 0xBE5466CF34E90C6Cull;
	for (int t = 0; t < 100000; t++)
		bad += !time_ok(&w, rnd());
	CU_ASSERT_EQUAL(bad, 0);
	char out[JW_RFC3339_LEN + 1];
	CU_ASSERT_EQUAL(jw_rfc3339(out, 1795715251445714000ull), JW_RFC3339_LEN);
	CU_ASSERT_STRING_EQUAL(out, "2026-11-26T17:47:31.445714000Z");
	jw_free(&w);
}

/* ---- speed (printed, never asserted: STYLE.md, make bench) ---- */

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* The flow line as flowlog.c writes it (no real in it; a knock alert's
 * delays are the reals, timed apart). Best of BATCHES batches, so other
 * load on the machine inflates the figure less. */
static void jw_bench_realistic_line_prints_ns_per_line(void)
{
	enum { BATCHES = 10, LINES = 20000, TREE_LINES = 2000, REALS = 20000 };
	struct jw w;
	struct fake_flow f;
	volatile size_t sink = 0;
	char tree_buf[4096];
	double jw_ns = 1e18, tree_ns = 1e18, real_ns = 1e18, t0;
	fake_flow_init(&f);
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 0), 0);
	ecs_line_jw(&w, &f);
	json_t *t = ecs_line_tree(&f);
	size_t members = count_members(t), len = jw_len(&w);
	json_decref(t);

	for (int b = 0; b < BATCHES; b++) {
		t0 = now_ns();
		for (int i = 0; i < LINES; i++) {
			f.bytes[0] = 1000 + (uint64_t)i;
			f.last_ts += 1000;
			ecs_line_jw(&w, &f);
			jw_end_line(&w);
			sink += jw_len(&w);
		}
		jw_ns = fmin(jw_ns, (now_ns() - t0) / LINES);

		t0 = now_ns();
		jw_reset(&w);
		jw_arr_begin(&w);
		for (int i = 0; i < REALS; i++)
			jw_real(&w, (double)(100234567 + i) / 1e9);
		real_ns = fmin(real_ns, (now_ns() - t0) / REALS);

		t0 = now_ns();
		for (int i = 0; i < TREE_LINES; i++) {
			f.bytes[0] = 1000 + (uint64_t)i;
			t = ecs_line_tree(&f);
			sink += json_dumpb(t, tree_buf, sizeof(tree_buf), DUMP_FLAGS);
			json_decref(t);
		}
		tree_ns = fmin(tree_ns, (now_ns() - t0) / TREE_LINES);
	}
	CU_ASSERT_EQUAL(jw_failed(&w), 0);
	printf("\n  jw: %.0f ns/line (%zu bytes, %zu members; best of %d x %d lines);"
	       "\n  jansson tree + json_dumpb: %.0f ns/line; jw_real: %.0f ns each\n  ",
	       jw_ns, len + 1, members, BATCHES, LINES, tree_ns, real_ns);
	(void)sink;
	jw_free(&w);
}

int test_jw_register(void)
{
	CU_pSuite s = CU_add_suite("jw", NULL, NULL);
	if (!s ||
	    !CU_add_test(s, "every_value_kind_written_like_jansson", jw_every_value_kind_written_like_jansson) ||
	    !CU_add_test(s, "nested_containers_get_commas_like_jansson", jw_nested_containers_get_commas_like_jansson) ||
	    !CU_add_test(s, "empty_object_and_array_written_as_pairs", jw_empty_object_and_array_written_as_pairs) ||
	    !CU_add_test(s, "ecs_flow_line_matches_jansson_tree", jw_ecs_flow_line_matches_jansson_tree) ||
	    !CU_add_test(s, "end_line_batches_lines_in_one_buffer", jw_end_line_batches_lines_in_one_buffer) ||
	    !CU_add_test(s, "reset_reuses_buffer_without_growth", jw_reset_reuses_buffer_without_growth) ||
	    !CU_add_test(s, "cstr_nul_terminates_without_counting", jw_cstr_nul_terminates_without_counting) ||
	    !CU_add_test(s, "free_is_null_safe_and_zeroed_writer_works", jw_free_is_null_safe_and_zeroed_writer_works) ||
	    !CU_add_test(s, "depth_overflow_sets_error_without_overrun", jw_depth_overflow_sets_error_without_overrun) ||
	    !CU_add_test(s, "misuse_is_recorded_and_sticky_until_reset", jw_misuse_is_recorded_and_sticky_until_reset) ||
	    !CU_add_test(s, "oversized_lengths_fail_without_reading", jw_oversized_lengths_fail_without_reading) ||
	    !CU_add_test(s, "every_byte_escaped_like_jansson_or_replaced", jw_every_byte_escaped_like_jansson_or_replaced) ||
	    !CU_add_test(s, "valid_multibyte_utf8_passes_through_like_jansson", jw_valid_multibyte_utf8_passes_through_like_jansson) ||
	    !CU_add_test(s, "literal_strings_and_keys_escape_like_jansson", jw_literal_strings_and_keys_escape_like_jansson) ||
	    !CU_add_test(s, "invalid_utf8_becomes_one_fffd_per_maximal_subpart", jw_invalid_utf8_becomes_one_fffd_per_maximal_subpart) ||
	    !CU_add_test(s, "random_bytes_always_give_valid_json", jw_random_bytes_always_give_valid_json) ||
	    !CU_add_test(s, "integers_match_snprintf", jw_integers_match_snprintf) ||
	    !CU_add_test(s, "reals_match_jansson_precision_12", jw_reals_match_jansson_precision_12) ||
	    !CU_add_test(s, "nonfinite_reals_written_as_null", jw_nonfinite_reals_written_as_null) ||
	    !CU_add_test(s, "ipv6_fixed_cases_match_inet_ntop", jw_ipv6_fixed_cases_match_inet_ntop) ||
	    !CU_add_test(s, "ipv6_random_addresses_match_inet_ntop", jw_ipv6_random_addresses_match_inet_ntop) ||
	    !CU_add_test(s, "ipv4_matches_inet_ntop", jw_ipv4_matches_inet_ntop) ||
	    !CU_add_test(s, "ip_of_unknown_version_is_null", jw_ip_of_unknown_version_is_null) ||
	    !CU_add_test(s, "time_matches_jsonutil_and_calendar", jw_time_matches_jsonutil_and_calendar) ||
	    !CU_add_test(s, "bench_realistic_line_prints_ns_per_line", jw_bench_realistic_line_prints_ns_per_line))
		return -1;
	return 0;
}
