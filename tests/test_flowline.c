/* tests/test_flowline.c - the flow NDJSON line (analyzer/output/flowline.c,
 * written with jw): ECS field names and values for a TCP and an ICMP flow
 * built through the real flow table, each line parsed back with jansson;
 * and the NDJSON file's atomic protocol (ndjson.c). tests/test_lines.c
 * compares every sample's lines with the jansson-built reference. */
#include <CUnit/CUnit.h>
#include <errno.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "analyzer/output/flowline.h"
#include "analyzer/output/ndjson.h"
#include "analyzer/output/jsonutil.h"
#include "analyzer/util/outfile.h"
#include "analyzer/flow/flow.h"

static json_t *last;
static const struct portdb *db;

/* The line jw writes for f, parsed: it must be one valid JSON object
 * followed by a newline. */
static void keep_json(void *user, const struct flow *f)
{
	struct jw w;
	(void)user;
	json_decref(last);
	last = NULL;
	CU_ASSERT_EQUAL_FATAL(jw_init(&w, 0), 0);
	flowline_write(&w, f, db, NULL);
	jw_end_line(&w);
	CU_ASSERT_EQUAL(jw_failed(&w), 0);
	CU_ASSERT(jw_len(&w) > 0 && jw_data(&w)[jw_len(&w) - 1] == '\n');
	last = json_loadb(jw_data(&w), jw_len(&w), 0, NULL);
	jw_free(&w);
}

static struct packet pkt(uint8_t proto, const char *s, uint16_t sp, const char *d,
			 uint16_t dp, uint16_t flags, uint64_t ts)
{
	struct packet p;
	memset(&p, 0, sizeof(p));
	p.cls = DC_L4;
	p.ip_ver = 4;
	p.l4_proto = proto;
	inet_pton(AF_INET, s, p.src);
	inet_pton(AF_INET, d, p.dst);
	p.sport = sp;
	p.dport = dp;
	p.tcp_flags = flags;
	p.ts_ns = ts;
	p.wire_len = 100;
	p.vlan_id = 12;
	return p;
}

/* The packets through a flow table (timeouts never bite when forever);
 * the last flow's line, parsed. */
static json_t *run_for(const struct packet *ps, unsigned n, int forever)
{
	struct flow_config cfg;
	flow_config_defaults(&cfg);
	cfg.max_flows = 8;
	if (forever) {
		for (int i = 0; i < FLOW_TO_COUNT; i++)
			cfg.timeout_ns[i] = UINT64_MAX - (2ull << 60);
		cfg.active_timeout_ns = UINT64_MAX - (2ull << 60);
	}
	struct flow_table *t = flow_table_new(&cfg, keep_json, NULL);
	struct flow_hit a;
	for (unsigned i = 0; i < n; i++)
		flow_packet(t, &ps[i], &a);
	flow_table_flush(t);
	flow_table_free(t);
	return last;
}

static json_t *run(const struct packet *ps, unsigned n)
{
	return run_for(ps, n, 0);
}

static const char *str_at(json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(json_object_get(o, a), b);
	return json_string_value(v);
}

static json_int_t int_at(json_t *o, const char *a, const char *b)
{
	return json_integer_value(json_object_get(json_object_get(o, a), b));
}

static void flowline_tcp_record_uses_ecs_names(void)
{
	struct portdb *pdb = portdb_new();
	db = pdb;
	const struct packet ps[] = {
		pkt(6, "10.0.0.1", 40000, "10.0.0.2", 22, 0x02, 1000000000ull),
		pkt(6, "10.0.0.2", 22, "10.0.0.1", 40000, 0x12, 1500000000ull),
		pkt(6, "10.0.0.1", 40000, "10.0.0.2", 22, 0x04, 2000000000ull),
	};
	json_t *o = run(ps, 3);
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(o, "@timestamp")),
			       "1970-01-01T00:00:02.000000000Z");
	CU_ASSERT_STRING_EQUAL(str_at(o, "event", "start"), "1970-01-01T00:00:01.000000000Z");
	CU_ASSERT_EQUAL(int_at(o, "event", "duration"), 1000000000);
	CU_ASSERT_STRING_EQUAL(str_at(o, "source", "ip"), "10.0.0.1");
	CU_ASSERT_EQUAL(int_at(o, "source", "port"), 40000);
	CU_ASSERT_EQUAL(int_at(o, "source", "packets"), 2);
	CU_ASSERT_EQUAL(int_at(o, "source", "bytes"), 200);
	CU_ASSERT_STRING_EQUAL(str_at(o, "destination", "ip"), "10.0.0.2");
	CU_ASSERT_EQUAL(int_at(o, "destination", "port"), 22);
	CU_ASSERT_EQUAL(int_at(o, "destination", "packets"), 1);
	CU_ASSERT_STRING_EQUAL(str_at(o, "network", "transport"), "tcp");
	CU_ASSERT_STRING_EQUAL(str_at(o, "network", "type"), "ipv4");
	CU_ASSERT_EQUAL(int_at(o, "network", "packets"), 3);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_object_get(
		json_object_get(o, "network"), "vlan"), "id")), "12");
	CU_ASSERT_EQUAL(strncmp(str_at(o, "network", "community_id"), "1:", 2), 0);
	CU_ASSERT_STRING_EQUAL(str_at(o, "portlens", "conn_state"), "RSTO");
	CU_ASSERT_STRING_EQUAL(str_at(o, "portlens", "history"), "ShR");
	CU_ASSERT_STRING_EQUAL(str_at(o, "portlens", "service"), "ssh");
	CU_ASSERT_STRING_EQUAL(str_at(o, "portlens", "destination_port_class"), "well-known");
	CU_ASSERT_STRING_EQUAL(str_at(o, "portlens", "source_port_class"), "registered");
	json_decref(last);
	last = NULL;
	portdb_free(pdb);
	db = NULL;
}

static void flowline_icmp_record_has_no_ports(void)
{
	struct packet ps[2] = {
		pkt(1, "10.0.0.1", 0, "10.0.0.2", 0, 0, 1),
		pkt(1, "10.0.0.2", 0, "10.0.0.1", 0, 0, 2),
	};
	ps[0].icmp_type = 8;
	ps[0].icmp_id = 77;
	ps[1].icmp_type = 0;
	ps[1].icmp_id = 77;
	json_t *o = run(ps, 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	CU_ASSERT_PTR_NULL(json_object_get(json_object_get(o, "source"), "port"));
	CU_ASSERT_STRING_EQUAL(str_at(o, "network", "transport"), "icmp");
	CU_ASSERT_STRING_EQUAL(str_at(o, "portlens", "conn_state"), "SF");
	CU_ASSERT_PTR_NULL(json_object_get(json_object_get(o, "portlens"), "history"));
	json_decref(last);
	last = NULL;
}

/* Timestamps 300 years apart (a forged pcapng can have them; fuzzing
 * found it): event.duration saturates at the largest signed 64-bit
 * integer, so the line stays something an Elasticsearch long holds. */
static void flowline_duration_saturates_at_int64_max(void)
{
	const struct packet ps[] = {
		pkt(17, "10.0.0.1", 5000, "10.0.0.2", 53, 0, 1000000000ull),
		pkt(17, "10.0.0.2", 53, "10.0.0.1", 5000, 0, 1000000000ull + 300ull * 365 * 86400 * 1000000000ull),
	};
	json_t *o = run_for(ps, 2, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	CU_ASSERT_EQUAL(int_at(o, "network", "packets"), 2);
	CU_ASSERT_EQUAL(int_at(o, "event", "duration"), INT64_MAX);
	CU_ASSERT_EQUAL(line_duration_ns(5, 3), 0);
	CU_ASSERT_EQUAL(line_duration_ns(3, 5), 2);
	json_decref(last);
	last = NULL;
}

static void flowline_file_appears_only_when_closed_ok(void)
{
	char dir[] = "/tmp/portlens-flowline-XXXXXX", path[64];
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/flows.ndjson", dir);
	struct ndjson *nd = ndjson_open(path, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(nd);
	ndjson_write(nd, "{}\n", 3);
	CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0); /* not there while writing */
	CU_ASSERT_EQUAL(ndjson_close(nd, 0, 0), 0);    /* abandoned: nothing left */
	CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
	nd = ndjson_open(path, 0);
	ndjson_write(nd, "{}\n", 3);
	CU_ASSERT_EQUAL(ndjson_close(nd, 1, 0), 0);
	CU_ASSERT_EQUAL(access(path, F_OK), 0);
	CU_ASSERT_PTR_NULL(ndjson_open(path, 0)); /* exists, no force */
	nd = ndjson_open(path, OUTFILE_FORCE);
	CU_ASSERT_PTR_NOT_NULL(nd);
	ndjson_close(nd, 1, 0);
	unlink(path);
	/* A line the sink could not build: the file is discarded, the
	 * caller's error returned. */
	nd = ndjson_open(path, 0);
	ndjson_write(nd, "{}\n", 3);
	errno = 0;
	CU_ASSERT_EQUAL(ndjson_close(nd, 1, ENOMEM), -1);
	CU_ASSERT_EQUAL(errno, ENOMEM);
	CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
	unlink(path);
	rmdir(dir);
}

static void flowline_time_format_matches_rfc3339_dates(void)
{
	static const struct { uint64_t s; const char *want; } cases[] = {
		{ 0, "1970-01-01T00:00:00.000000123Z" },
		{ 951782400, "2000-02-29T00:00:00.000000123Z" },   /* leap day, century */
		{ 951868799, "2000-02-29T23:59:59.000000123Z" },
		{ 1709164800, "2024-02-29T00:00:00.000000123Z" },
		{ 1795715256, "2026-11-26T17:47:36.000000123Z" },
		{ 4107542400ull, "2100-03-01T00:00:00.000000123Z" }, /* 2100: no leap day */
		{ 4102444799ull, "2099-12-31T23:59:59.000000123Z" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *t = jsonutil_time(cases[i].s * 1000000000ull + 123);
		CU_ASSERT_STRING_EQUAL(json_string_value(t), cases[i].want);
		json_decref(t);
	}
}

int test_flowline_register(void)
{
	CU_pSuite s = CU_add_suite("flowline", NULL, NULL);
	if (!s ||
	    !CU_add_test(s, "tcp_record_uses_ecs_names", flowline_tcp_record_uses_ecs_names) ||
	    !CU_add_test(s, "icmp_record_has_no_ports", flowline_icmp_record_has_no_ports) ||
	    !CU_add_test(s, "duration_saturates_at_int64_max", flowline_duration_saturates_at_int64_max) ||
	    !CU_add_test(s, "file_appears_only_when_closed_ok", flowline_file_appears_only_when_closed_ok) ||
	    !CU_add_test(s, "time_format_matches_rfc3339_dates", flowline_time_format_matches_rfc3339_dates))
		return -1;
	return 0;
}
