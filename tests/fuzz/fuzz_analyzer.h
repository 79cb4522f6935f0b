/* tests/fuzz/fuzz_analyzer.h - one analyzer per fuzz input, shared by
 * fuzz_pipeline and fuzz_pcap: init with a 64-flow cap, a scan detector
 * at its smallest valid sizes with low thresholds (so that a few packets
 * flag a scanner and the backfill and eviction paths run), and a fixed
 * seed,
 * every ended flow and every alert written as its NDJSON line by the
 * real writers (flowline.c, alert.c over jw.h, and community_id.c) and
 * parsed back with jansson: each line must be exactly one valid JSON
 * object and a newline, then finish, report_build, json_dumps, the
 * terminal summary and the HTML page of the report (the timeline adding
 * up to the packets), and free, checking the accounting identity on the way.
 * The portdb is built once per process and shared read-only (portdb.h
 * allows that once loaded); building it per input would cost more than
 * the packets. So are the server-port bitmaps made from it (131072
 * instrumented lookups per analyzer_init otherwise). The knock detector gets the same treatment: small tables
 * and a few knockd rules (built once, like the portdb) whose ports and
 * flags a mutation can reach. Traps: the analyzer struct is large
 * (server port bitmaps),
 * so it lives on the heap; the seed is fixed so that a crash replays. */
#ifndef PORTLENS_FUZZ_ANALYZER_H
#define PORTLENS_FUZZ_ANALYZER_H

#include <jansson.h>
#include "fuzz_common.h"
#include "analyzer/core/analyzer.h"
#include "analyzer/output/alert.h"
#include "analyzer/output/flowline.h"
#include "analyzer/output/html.h"
#include "analyzer/output/summary.h"
#include "analyzer/detect/knockconf.h"
#include "analyzer/output/report.h"
#include "portdb/portdb.h"

enum { FUZZ_MAX_FLOWS = 64 };

static const struct portdb *fuzz_portdb(void)
{
	static struct portdb *db; /* once per process, then read-only */
	if (!db && !(db = portdb_new()))
		abort();
	return db;
}

static const uint8_t (*fuzz_server_ports(void))[8192]
{
	static uint8_t bits[2][8192]; /* once per process, then read-only */
	static int built;
	if (!built) {
		analyzer_build_server_ports(fuzz_portdb(), bits);
		built = 1;
	}
	return (const uint8_t (*)[8192])bits;
}

/* Rules for the knock detector: TCP with flags, UDP, open/close pairs. */
static const char fuzz_knockd_conf[] =
	"[tcp]\n sequence = 7000,8000,9000\n seq_timeout = 5\n tcpflags = syn\n"
	"[udp]\n sequence = 7100:udp,7200:udp\n"
	"[pair]\n open_sequence = 1,2,3\n close_sequence = 3,2,1\n"
	" tcpflags = fin,!ack\n";

static const struct knock_rules *fuzz_knock_rules(void)
{
	static struct knock_rules rules; /* once per process, then read-only */
	if (!rules.n && knockconf_load_buffer(&rules, "fuzz", fuzz_knockd_conf,
					      sizeof(fuzz_knockd_conf) - 1,
					      NULL, 0) != 0)
		abort();
	return &rules;
}

/* One NDJSON line in w: a single JSON object, then '\n'. */
static void fuzz_check_line(const struct jw *w)
{
	json_error_t err;
	FUZZ_CHECK(!jw_failed(w) && jw_len(w) > 1 && jw_data(w)[jw_len(w) - 1] == '\n');
	json_t *o = json_loadb(jw_data(w), jw_len(w) - 1, 0, &err);
	if (!o || !json_is_object(o))
		fprintf(stderr, "not one JSON object (%s at %d): %.*s\n", err.text,
			err.position, (int)jw_len(w), jw_data(w));
	FUZZ_CHECK(o != NULL && json_is_object(o));
	json_decref(o);
}

static struct jw *fuzz_jw(void)
{
	static struct jw w; /* once per process, reused like the flow sink's */
	if (!w.buf && jw_init(&w, 0) != 0)
		abort();
	return &w;
}

static void fuzz_on_flow(void *user, const struct flow *f)
{
	const struct analyzer *an = user;
	struct jw *w = fuzz_jw();
	jw_reset(w);
	flowline_write(w, f, an->cfg.portdb, NULL);
	jw_end_line(w);
	fuzz_check_line(w);
}

static void fuzz_on_alert(void *user, const struct alert *a)
{
	struct alert_writer aw;
	(void)user;
	FUZZ_CHECK(alert_writer_init(&aw) == 0);
	FUZZ_CHECK(alert_render(&aw, a) == 0);
	fuzz_check_line(&aw.w);
	alert_writer_free(&aw);
}

/* The views render every report: the summary and the HTML page, into
 * memory, and the timeline adds up to the packets. */
static void fuzz_check_views(const json_t *root)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct summary_style style = { .color = 1, .width = 80 };
	FUZZ_CHECK(f != NULL);
	FUZZ_CHECK(summary_render(f, root, &style) == 0);
	FUZZ_CHECK(html_render(f, root) == 0);
	FUZZ_CHECK(fclose(f) == 0);
	free(text);
	json_t *tl = json_object_get(root, "timeline");
	json_int_t in = 0;
	const char *k;
	json_t *series;
	json_object_foreach(json_object_get(tl, "packets"), k, series) {
		size_t i;
		json_t *v;
		json_array_foreach(series, i, v)
			in += json_integer_value(v);
	}
	FUZZ_CHECK(in + json_integer_value(json_object_get(json_object_get(tl, "outside"), "packets")) ==
		   json_integer_value(json_object_get(json_object_get(root, "capture"), "packets")));
}

/* Heap analyzer ready for packets; fuzz_analyzer_end() frees it. */
static struct analyzer *fuzz_analyzer_new(void)
{
	struct analyzer *an = malloc(sizeof(*an));
	struct analyzer_config cfg;

	if (!an)
		abort();
	analyzer_config_defaults(&cfg);
	cfg.flow.max_flows = FUZZ_MAX_FLOWS;
	/* Smallest sizes scan.c accepts: its tables are calloc'd per init,
	 * and the defaults (16384 sources) cost more than the packets. */
	cfg.scan.max_sources = 16;
	cfg.scan.max_scans = 2;
	cfg.scan.max_contacts = 1024;
	cfg.scan.vertical_threshold = 3;
	cfg.scan.horizontal_threshold = 3;
	cfg.scan.min_ports = 2;
	cfg.knock.max_pairs = 16;
	cfg.knock.max_knocks = 4;
	cfg.knock.rules = fuzz_knock_rules();
	cfg.flow.seed.k0 = 0x0706050403020100ull;
	cfg.flow.seed.k1 = 0x0f0e0d0c0b0a0908ull;
	cfg.portdb = fuzz_portdb();
	cfg.flow.server_ports = fuzz_server_ports();
	cfg.on_flow = fuzz_on_flow;
	cfg.on_alert = fuzz_on_alert;
	cfg.on_user = an;
	cfg.ports_top = 8; /* small, so the top-N cut is exercised */
	FUZZ_CHECK(analyzer_init(an, &cfg) == 0);
	return an;
}

static void fuzz_check_stats(const struct decode_stats *s)
{
	uint64_t errs = 0;
	for (int i = 0; i < DE_COUNT; i++)
		errs += s->by_error[i];
	FUZZ_CHECK(s->l4 + s->l3_only + s->non_ip + s->errors == s->packets);
	FUZZ_CHECK(errs == s->errors);
	FUZZ_CHECK(s->by_error[DE_OK] == 0);
}

/* Flow table bookkeeping after analyzer_finish(): every flow created has
 * ended, for exactly one reason, the cap held, and every IP packet either
 * joined a flow, was attributed to the flow its ICMP error quotes, or was
 * counted as not_in_flow (flow.h). ip_packets counts packets with ip_ver
 * set. */
static void fuzz_check_flows(const struct analyzer *an, uint64_t ip_packets)
{
	const struct flow_stats *st = flow_table_stats(an->flows);
	uint64_t by = 0;
	for (int i = 0; i < FLOW_END_COUNT; i++)
		by += st->ended_by[i];
	FUZZ_CHECK(st->created == st->ended);
	FUZZ_CHECK(st->active == 0);
	FUZZ_CHECK(by == st->ended);
	FUZZ_CHECK(st->max_active <= FUZZ_MAX_FLOWS);
	FUZZ_CHECK(st->packets + st->not_in_flow + st->icmp_errors_attributed ==
		   ip_packets);
}

/* Finish the run, build and print the report, free everything. */
static void fuzz_analyzer_end(struct analyzer *an, uint64_t ip_packets)
{
	struct run_info run = { 0 };

	fuzz_check_stats(&an->stats);
	analyzer_finish(an);
	fuzz_check_stats(&an->stats);
	fuzz_check_flows(an, ip_packets);
	json_t *root = report_build(an, &run);
	FUZZ_CHECK(root != NULL);
	char *s = json_dumps(root, JSON_COMPACT);
	FUZZ_CHECK(s != NULL);
	free(s);
	fuzz_check_views(root);
	json_decref(root);
	analyzer_free(an);
	free(an);
}

#endif
