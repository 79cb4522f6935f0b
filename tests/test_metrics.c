/* tests/test_metrics.c - the Prometheus renderer (analyzer/output/metrics.c)
 * and the address option of the metrics endpoint (analyzer/util/hostport.c).
 * An analyzer reads samples/pcap/mixed.pcap; its metrics are parsed back
 * with the exposition format's line grammar (HELP and TYPE once per
 * family, before its samples; a family's samples together; valid metric
 * and label names; no series twice; counters end in _total, nothing else
 * does) and compared with the analyzer's own numbers, the ones the
 * report prints; the tunnel families also over tests/tunbuild.h's mix,
 * with the tunnel context cap made to bite. The checker is itself shown
 * to reject broken text. */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "analyzer/capture/capture.h"
#include "analyzer/output/metrics.h"
#include "analyzer/util/hostport.h"
#include "tests/tunbuild.h"

#define MT_PCAP "samples/pcap/mixed.pcap"
#define MT_MAX_SAMPLES 1024
#define MT_MAX_FAMILIES 128

static struct analyzer *an;

struct mt_sample {
	char name[96];
	char labels[512]; /* k=v,k=v unescaped, in text order */
	double value;
};

struct mt_family {
	char name[96];
	int help, type, samples, closed;
	char kind[16];
};

struct mt_parsed {
	struct mt_sample s[MT_MAX_SAMPLES];
	struct mt_family f[MT_MAX_FAMILIES];
	int ns, nf, errors;
	char first_error[256];
};

static struct mt_parsed parsed; /* large: static */

static void mt_error(struct mt_parsed *p, const char *what, const char *line)
{
	if (!p->errors++)
		snprintf(p->first_error, sizeof(p->first_error), "%s: %.160s", what, line);
}

static int name_ok(const char *s, size_t n, int colon)
{
	if (!n || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || (colon && c == ':')))
			return 0;
	}
	return 1;
}

static struct mt_family *mt_family(struct mt_parsed *p, const char *name, size_t n)
{
	for (int i = 0; i < p->nf; i++)
		if (strlen(p->f[i].name) == n && memcmp(p->f[i].name, name, n) == 0)
			return &p->f[i];
	if (p->nf == MT_MAX_FAMILIES || n >= sizeof(p->f[0].name))
		return NULL;
	struct mt_family *f = &p->f[p->nf++];
	memset(f, 0, sizeof(*f));
	memcpy(f->name, name, n);
	return f;
}

/* "# HELP name text" / "# TYPE name type". */
static void mt_comment(struct mt_parsed *p, const char *line)
{
	int help = strncmp(line, "# HELP ", 7) == 0, type = strncmp(line, "# TYPE ", 7) == 0;
	if (!help && !type)
		return; /* a plain comment */
	const char *name = line + 7, *sp = strchr(name, ' ');
	if (!sp || !name_ok(name, (size_t)(sp - name), 1))
		return mt_error(p, "bad HELP/TYPE name", line);
	struct mt_family *f = mt_family(p, name, (size_t)(sp - name));
	if (!f)
		return mt_error(p, "too many families", line);
	if (f->samples)
		return mt_error(p, "HELP/TYPE after samples", line);
	if (help && f->help++)
		return mt_error(p, "HELP twice", line);
	if (type) {
		if (f->type++)
			return mt_error(p, "TYPE twice", line);
		snprintf(f->kind, sizeof(f->kind), "%s", sp + 1);
		if (strcmp(f->kind, "counter") && strcmp(f->kind, "gauge") &&
		    strcmp(f->kind, "untyped"))
			mt_error(p, "unknown type", line);
	}
}

/* name="value" pairs up to '}', unescaped into out; the end, or NULL. */
static const char *mt_labels(const char *q, char *out, size_t outlen)
{
	size_t o = 0;
	while (*q != '}') {
		const char *eq = strchr(q, '=');
		if (!eq || eq[1] != '"' || !name_ok(q, (size_t)(eq - q), 0) || o + (size_t)(eq - q) + 2 >= outlen)
			return NULL;
		if (o)
			out[o++] = ',';
		memcpy(out + o, q, (size_t)(eq - q));
		o += (size_t)(eq - q);
		out[o++] = '=';
		for (q = eq + 2; *q != '"'; q++) {
			char c = *q;
			if (!c || c == '\n' || o + 2 >= outlen)
				return NULL;
			if (c == '\\') {
				c = *++q;
				if (c == 'n')
					c = '\n';
				else if (c != '\\' && c != '"')
					return NULL;
			}
			out[o++] = c;
		}
		q++;
		if (*q == ',')
			q++;
		else if (*q != '}')
			return NULL;
	}
	out[o] = 0;
	return q + 1;
}

static void mt_sample_line(struct mt_parsed *p, const char *line, struct mt_family **cur)
{
	size_t n = strcspn(line, "{ ");
	struct mt_sample *s = &p->s[p->ns];
	if (p->ns == MT_MAX_SAMPLES || !name_ok(line, n, 1) || n >= sizeof(s->name))
		return mt_error(p, "bad sample name", line);
	struct mt_family *f = mt_family(p, line, n);
	if (!f || !f->type || !f->help)
		return mt_error(p, "sample before its HELP and TYPE", line);
	if (*cur && *cur != f)
		(*cur)->closed = 1; /* the next family began */
	if (f->closed)
		return mt_error(p, "family's samples not together", line);
	*cur = f;
	memcpy(s->name, line, n);
	s->name[n] = 0;
	s->labels[0] = 0;
	const char *q = line + n;
	if (*q == '{' && !(q = mt_labels(q + 1, s->labels, sizeof(s->labels))))
		return mt_error(p, "bad labels", line);
	char *end;
	if (*q != ' ' || (s->value = strtod(q + 1, &end), *end) || end == q + 1)
		return mt_error(p, "bad value (or a timestamp)", line);
	for (int i = 0; i < p->ns; i++)
		if (!strcmp(p->s[i].name, s->name) && !strcmp(p->s[i].labels, s->labels))
			return mt_error(p, "series twice", line);
	size_t len = strlen(s->name);
	int total = len > 6 && strcmp(s->name + len - 6, "_total") == 0;
	if (total != (strcmp(f->kind, "counter") == 0))
		return mt_error(p, "_total on a non-counter or missing on a counter", line);
	f->samples++;
	p->ns++;
}

/* Parse text (len bytes, each line ending in '\n') into p. */
static void mt_parse(struct mt_parsed *p, const char *text, size_t len)
{
	char line[1024];
	struct mt_family *cur = NULL;
	memset(p, 0, sizeof(*p));
	if (len && text[len - 1] != '\n')
		mt_error(p, "no newline at the end", "");
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
		if (n >= sizeof(line)) {
			mt_error(p, "line too long", text + at);
			return;
		}
		memcpy(line, text + at, n);
		line[n] = 0;
		at += n + 1;
		if (line[0] == '#')
			mt_comment(p, line);
		else if (line[0])
			mt_sample_line(p, line, &cur);
		else
			mt_error(p, "empty line", line);
	}
}

/* The value of one series; NAN when absent. */
static double mt_value(const struct mt_parsed *p, const char *name, const char *labels)
{
	for (int i = 0; i < p->ns; i++)
		if (!strcmp(p->s[i].name, name) && !strcmp(p->s[i].labels, labels))
			return p->s[i].value;
	return NAN;
}

/* Sum and count of every series of a family. */
static double mt_sum(const struct mt_parsed *p, const char *name, int *count)
{
	double sum = 0;
	*count = 0;
	for (int i = 0; i < p->ns; i++)
		if (!strcmp(p->s[i].name, name)) {
			sum += p->s[i].value;
			(*count)++;
		}
	return sum;
}

static int suite_init(void)
{
	an = calloc(1, sizeof(*an));
	if (!an || analyzer_init(an, NULL) != 0 || capture_read_file(an, MT_PCAP) != CAPTURE_OK)
		return -1;
	analyzer_finish(an);
	return 0;
}

static int suite_clean(void)
{
	analyzer_free(an);
	free(an);
	return 0;
}

/* Render src's analyzer with the given top and run; parse into parsed. */
static void render(struct metrics_text *t, const struct run_info *run, unsigned top)
{
	struct metrics_source src = { an, run, top, 1700000000.5 };
	CU_ASSERT_EQUAL_FATAL(metrics_render(t, &src), 0);
	mt_parse(&parsed, t->buf, t->len);
}

static void metrics_text_follows_the_line_grammar(void)
{
	struct metrics_text t = { 0 };
	render(&t, NULL, METRICS_TOP_DEFAULT);
	if (parsed.errors)
		fprintf(stderr, "\n  first error: %s\n", parsed.first_error);
	CU_ASSERT_EQUAL(parsed.errors, 0);
	CU_ASSERT(parsed.nf > 20);
	for (int i = 0; i < parsed.nf; i++)
		CU_ASSERT(parsed.f[i].help == 1 && parsed.f[i].type == 1);
	CU_ASSERT(strstr(t.buf, "_created") == NULL); /* node_exporter's textfile rule */
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_build_info",
				 "version=" PORTLENS_VERSION ",report_schema=1"), 1);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_start_time_seconds", ""), 1700000000.5);
	metrics_text_free(&t);
}

static void metrics_values_equal_the_analyzer(void)
{
	struct metrics_text t = { 0 };
	const struct flow_stats *fs = flow_table_stats(an->flows);
	const struct decode_stats *s = &an->stats;
	int n;
	render(&t, NULL, METRICS_TOP_DEFAULT);
	CU_ASSERT(s->packets > 1000);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_packets_total", ""), (double)s->packets);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_bytes_total", ""), (double)s->bytes);
	CU_ASSERT_EQUAL(mt_sum(&parsed, "portlens_transport_packets_total", &n),
			(double)(s->tcp.packets + s->udp.packets + s->icmp.packets +
				 s->icmpv6.packets + s->other_l4.packets));
	CU_ASSERT_EQUAL(n, 5);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_transport_packets_total", "transport=udp"),
			(double)s->udp.packets);
	CU_ASSERT_EQUAL(mt_sum(&parsed, "portlens_decode_errors_total", &n), (double)s->errors);
	CU_ASSERT_EQUAL(n, DE_COUNT - 1);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_flows_active", ""), (double)fs->active);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_flows_total", ""), (double)fs->created);
	CU_ASSERT_EQUAL(mt_sum(&parsed, "portlens_flows_ended_total", &n), (double)fs->ended);
	CU_ASSERT_EQUAL(mt_sum(&parsed, "portlens_flows_ended_by_state_total", &n),
			(double)an->flowsum.flows);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_flows_ended_by_state_total",
				 "transport=tcp,state=REJ"),
			(double)an->flowsum.by_state[0][CS_REJ]);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_alerts_total", "kind=scan"),
			(double)an->verdicts.scans);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_alerts_total", "kind=knock"),
			(double)an->verdicts.knocks);
	struct ports_class_sum cs[3];
	ports_by_class(an->ports, cs);
	CU_ASSERT_EQUAL(mt_sum(&parsed, "portlens_port_class_bytes_total", &n),
			(double)(cs[0].bytes + cs[1].bytes + cs[2].bytes));
	CU_ASSERT(cs[0].bytes > 0);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_port_class_flows_total", "class=well-known"),
			(double)cs[0].flows);
	/* The top port is the report's first ports.top entry: udp/53. */
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_port_flows_total",
				 "transport=udp,port=53,service=domain,class=well-known"), 100);
	metrics_text_free(&t);
}

/* The tunnel families: one series per tunnel type in each per-type
 * family, the counts of what tests/tunbuild.h sent (its mix plus 4100
 * VXLAN contexts, so the cap of 4096 bites), and zeros for a capture
 * without tunnels. */
static void metrics_tunnel_series_count_what_was_sent(void)
{
	static const char *const per_type[] = { "portlens_tunnel_packets_total",
		"portlens_tunnel_bytes_total", "portlens_tunnel_decapsulated_total",
		"portlens_tunnel_errors_total", "portlens_tunnel_not_tunnel_total" };
	enum { CONTEXTS = 4100 };
	struct analyzer *tan = calloc(1, sizeof(*tan));
	struct metrics_text t = { 0 };
	int n;
	CU_ASSERT_FATAL(tan && analyzer_init(tan, NULL) == 0);
	tb_feed_mix(tan);
	tb_feed_contexts(tan, CONTEXTS);
	analyzer_finish(tan);
	struct metrics_source src = { tan, NULL, METRICS_TOP_DEFAULT, -1 };
	CU_ASSERT_EQUAL_FATAL(metrics_render(&t, &src), 0);
	mt_parse(&parsed, t.buf, t.len);
	CU_ASSERT_EQUAL(parsed.errors, 0);
	for (size_t f = 0; f < sizeof(per_type) / sizeof(per_type[0]); f++) {
		mt_sum(&parsed, per_type[f], &n);
		CU_ASSERT_EQUAL(n, TUN_COUNT - 1);
	}
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_tunnel_packets_total", "type=vxlan"),
			TB_MIX_VXLAN_PACKETS + CONTEXTS);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_tunnel_decapsulated_total", "type=vxlan"),
			TB_MIX_VXLAN_DECAP + CONTEXTS);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_tunnel_errors_total", "type=vxlan"),
			TB_MIX_VXLAN_ERRORS);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_tunnel_not_tunnel_total", "type=vxlan"),
			TB_MIX_VXLAN_NOT_TUNNEL);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_tunnel_packets_total", "type=gre"),
			TB_MIX_GRE_PACKETS);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_tunnel_bytes_total", "type=vxlan"),
			(double)tan->stats.tunnel[TUN_VXLAN].bytes);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_tunnel_packets_total", "type=geneve"), 0);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_tunnelled_packets_total", ""),
			TB_MIX_TUNNELLED + CONTEXTS);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_tunnelled_bytes_total", ""),
			(double)tan->stats.tunnelled_bytes);
	CU_ASSERT_EQUAL(mt_sum(&parsed, "portlens_tunnel_outer_transport_packets_total", &n),
			TB_MIX_TUNNELLED + CONTEXTS);
	CU_ASSERT_EQUAL(n, STATS_L4_SLOTS); /* tcp udp icmp icmpv6 other none */
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_tunnel_flows_total", ""),
			TB_MIX_TUNNEL_FLOWS + CONTEXTS);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_tunnel_contexts", ""), TUNCTX_MAX);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_cap_hits_total", "cap=tunnels.contexts_dropped"),
			TB_MIX_TUNNEL_FLOWS + CONTEXTS - TUNCTX_MAX);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_tunnel_decapsulation", ""), 1);
	metrics_text_free(&t);
	analyzer_free(tan);
	free(tan);
	/* mixed.pcap: no tunnel, every series there and 0 */
	render(&t, NULL, METRICS_TOP_DEFAULT);
	CU_ASSERT_EQUAL(mt_sum(&parsed, "portlens_tunnel_packets_total", &n), 0);
	CU_ASSERT_EQUAL(n, TUN_COUNT - 1);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_tunnelled_packets_total", ""), 0);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_cap_hits_total", "cap=tunnels.contexts_dropped"), 0);
	metrics_text_free(&t);
}

/* The report's ports.top, in the same order, for the first n entries. */
static void metrics_top_ports_in_report_order(void)
{
	struct metrics_text t = { 0 };
	render(&t, NULL, 5);
	json_t *ports = ports_json(an->ports, 5), *top = json_object_get(ports, "top");
	int k = 0;
	for (int i = 0; i < parsed.ns; i++) {
		if (strcmp(parsed.s[i].name, "portlens_port_flows_total"))
			continue;
		json_t *e = json_array_get(top, (size_t)k++);
		char want[256];
		const char *svc = json_string_value(json_object_get(e, "service"));
		snprintf(want, sizeof(want), "transport=%s,port=%d,service=%s,class=%s",
			 json_string_value(json_object_get(e, "transport")),
			 (int)json_integer_value(json_object_get(e, "port")), svc ? svc : "",
			 json_string_value(json_object_get(e, "class")));
		CU_ASSERT_STRING_EQUAL(parsed.s[i].labels, want);
		CU_ASSERT_EQUAL(parsed.s[i].value,
				(double)json_integer_value(json_object_get(e, "flows")));
	}
	CU_ASSERT_EQUAL(k, 5);
	json_decref(ports);
	metrics_text_free(&t);
}

static void metrics_top_n_is_bounded(void)
{
	struct metrics_text t = { 0 };
	int n;
	struct ports_summary ps;
	ports_summary(an->ports, &ps);
	CU_ASSERT(ps.distinct > 100); /* mixed.pcap: enough ports to cut */
	render(&t, NULL, 3);
	mt_sum(&parsed, "portlens_port_bytes_total", &n);
	CU_ASSERT_EQUAL(n, 3);
	render(&t, NULL, 0);
	mt_sum(&parsed, "portlens_port_flows_total", &n);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_EQUAL(parsed.errors, 0); /* a family with no sample is fine */
	render(&t, NULL, 100000);
	mt_sum(&parsed, "portlens_port_packets_total", &n);
	CU_ASSERT_EQUAL(n, METRICS_TOP_MAX);
	metrics_text_free(&t);
}

static void metrics_label_values_escaped(void)
{
	static struct run_info run; /* large */
	struct metrics_text t = { 0 };
	memset(&run, 0, sizeof(run));
	run.noutputs = 2;
	run.outputs[0].name = "back\\slash \"quoted\"\nnewline";
	run.outputs[0].c.records_lost = 7;
	run.outputs[1].name = "ipfix";
	run.outputs[1].c.records = 3;
	render(&t, &run, METRICS_TOP_DEFAULT);
	CU_ASSERT_EQUAL(parsed.errors, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(t.buf, "{output=\"back\\\\slash \\\"quoted\\\"\\nnewline\"} 7\n"));
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_output_records_lost_total",
				 "output=back\\slash \"quoted\"\nnewline"), 7);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_output_records_total", "output=ipfix"), 3);
	metrics_text_free(&t);
}

static void metrics_pcap_counters_only_when_live(void)
{
	static struct run_info run;
	struct metrics_text t = { 0 };
	memset(&run, 0, sizeof(run));
	render(&t, &run, METRICS_TOP_DEFAULT);
	CU_ASSERT(isnan(mt_value(&parsed, "portlens_capture_dropped_packets_total", "by=kernel")));
	CU_ASSERT(strstr(t.buf, "portlens_output_") == NULL); /* no outputs: no family */
	run.live = 1;
	run.pcap_received = 12;
	run.pcap_dropped = 5;
	run.pcap_ifdropped = 2;
	render(&t, &run, METRICS_TOP_DEFAULT);
	CU_ASSERT_EQUAL(parsed.errors, 0);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_capture_received_packets_total", ""), 12);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_capture_dropped_packets_total", "by=kernel"), 5);
	CU_ASSERT_EQUAL(mt_value(&parsed, "portlens_capture_dropped_packets_total",
				 "by=interface"), 2);
	metrics_text_free(&t);
}

/* The checker above must be able to fail, or its passes mean nothing. */
static void metrics_checker_rejects_broken_text(void)
{
	static const char *const bad[] = {
		"# HELP a_total x\n# TYPE a_total counter\na_total 1\na_total 2\n",   /* twice */
		"a_total 1\n# HELP a_total x\n# TYPE a_total counter\n",              /* late */
		"# HELP a x\n# TYPE a gauge\n# HELP a y\na 1\n",                      /* HELP x2 */
		"# HELP a x\n# TYPE a counter\na 1\n",                                /* _total */
		"# HELP a x\n# TYPE a gauge\na{l=\"x\\q\"} 1\n",                      /* escape */
		"# HELP a x\n# TYPE a gauge\na{0l=\"x\"} 1\n",                        /* label */
		"# HELP a x\n# TYPE a gauge\n# HELP b x\n# TYPE b gauge\na 1\nb 1\na{x=\"y\"} 2\n",
		"# HELP a x\n# TYPE a gauge\na 1 1700000000\n",                       /* timestamp */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		mt_parse(&parsed, bad[i], strlen(bad[i]));
		CU_ASSERT(parsed.errors > 0);
	}
	const char *good = "# HELP a x\n# TYPE a gauge\na{l=\"q\\\"\\\\\\n\"} 1\n";
	mt_parse(&parsed, good, strlen(good));
	CU_ASSERT_EQUAL(parsed.errors, 0);
	CU_ASSERT_EQUAL(mt_value(&parsed, "a", "l=q\"\\\n"), 1);
}

/* Per-render cost, printed for the record (never asserted: STYLE.md). */
static void metrics_render_reuses_its_buffer(void)
{
	struct metrics_text t = { 0 };
	struct metrics_source src = { an, NULL, METRICS_TOP_MAX, 0 };
	struct timespec a, b;
	CU_ASSERT_EQUAL(metrics_render(&t, &src), 0);
	char *buf = t.buf;
	size_t cap = t.cap;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < 200; i++)
		CU_ASSERT_EQUAL(metrics_render(&t, &src), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	CU_ASSERT(t.buf == buf && t.cap == cap);
	double us = ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) / 200 / 1e3;
	printf("\n  metrics: %zu bytes, %.1f us per render (top %u)\n", t.len, us, METRICS_TOP_MAX);
	metrics_text_free(&t);
}

static void metrics_top_option_bounds(void)
{
	unsigned top = 99;
	char err[128] = "";
	CU_ASSERT_EQUAL(metrics_top_parse(NULL, &top, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(top, METRICS_TOP_DEFAULT);
	CU_ASSERT_EQUAL(metrics_top_parse("100", &top, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(top, 100);
	CU_ASSERT_EQUAL(metrics_top_parse("0", &top, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(top, 0);
	static const char *const bad[] = { "101", "-1", "", "10x", "+5" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = 0;
		CU_ASSERT_EQUAL(metrics_top_parse(bad[i], &top, err, sizeof(err)), -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, "--metrics-top"));
	}
}

static void metrics_address_forms(void)
{
	struct hostport hp;
	char err[256];
	CU_ASSERT_EQUAL(hostport_parse("127.0.0.1:9100", 1, &hp, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(hp.family, AF_INET);
	CU_ASSERT_EQUAL(hp.port, 9100);
	CU_ASSERT_EQUAL(hostport_parse("[::1]:9100", 1, &hp, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(hp.family, AF_INET6);
	CU_ASSERT_EQUAL(hostport_parse(":65535", 1, &hp, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(hp.family, AF_INET);
	static const char *const bad[] = { "nohost", "127.0.0.1:0", ":99999", "::1:9100",
					   "[::1]9100", "127.0.0.1:", "127.0.0.1:-5",
					   "127.0.0.1:80x", "[::1:9100" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CU_ASSERT_EQUAL(hostport_parse(bad[i], 1, &hp, err, sizeof(err)), -1);
}

int test_metrics_register(void)
{
	CU_pSuite s = CU_add_suite("metrics", suite_init, suite_clean);
	if (!s ||
	    !CU_add_test(s, "text_follows_the_line_grammar", metrics_text_follows_the_line_grammar) ||
	    !CU_add_test(s, "values_equal_the_analyzer", metrics_values_equal_the_analyzer) ||
	    !CU_add_test(s, "tunnel_series_count_what_was_sent",
			 metrics_tunnel_series_count_what_was_sent) ||
	    !CU_add_test(s, "top_ports_in_report_order", metrics_top_ports_in_report_order) ||
	    !CU_add_test(s, "top_n_is_bounded", metrics_top_n_is_bounded) ||
	    !CU_add_test(s, "label_values_escaped", metrics_label_values_escaped) ||
	    !CU_add_test(s, "pcap_counters_only_when_live", metrics_pcap_counters_only_when_live) ||
	    !CU_add_test(s, "checker_rejects_broken_text", metrics_checker_rejects_broken_text) ||
	    !CU_add_test(s, "render_reuses_its_buffer", metrics_render_reuses_its_buffer) ||
	    !CU_add_test(s, "top_option_bounds", metrics_top_option_bounds) ||
	    !CU_add_test(s, "address_forms", metrics_address_forms))
		return -1;
	return 0;
}
