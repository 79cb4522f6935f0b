/* tests/test_html.c - the HTML report (analyzer/output/html.c and its
 * helpers htmlw.c, htmlplot.c, html_traffic.c, html_alerts.c).
 * Pages are rendered into memory (open_memstream) from the golden reports
 * in samples/expected/ (the run starts in the repository root, as for the
 * golden suite), from the goldens with a synthetic `timeline` section
 * added, and from reports built here: hostile ones (sections missing, of
 * the wrong type, empty; every member of a golden replaced by null, a
 * string, a number and an empty array in turn) and a worst case (256 scans
 * of all 65535 ports with 1000 open ports each, 1024 knocks, 100 top
 * ports) whose size is printed and must stay under 5 MB. Checks are on the
 * text: the page is self-contained (CSP meta, no script, no URL), every
 * plot is an accessible svg.plot with a text alternative, and the tables
 * hold what the JSON says. Deterministic; run under ASan+UBSan too (make
 * asan). */
#include <CUnit/CUnit.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/output/html.h"
#include "analyzer/output/htmlplot.h"
#include "analyzer/output/htmlw.h"
#include "analyzer/output/units.h"
#include "tests/tunbuild.h"

#define EXPECTED_DIR "samples/expected"
#define CSP_META "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; " \
	"style-src 'unsafe-inline'; img-src data:\">"
#define PAGE_MAX (5u * 1000u * 1000u)

/* ---- helpers ---- */

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0, k = strlen(needle);
	for (const char *p = hay; (p = strstr(p, needle)); p += k)
		n++;
	return n;
}

/* A copy of page from the first `from` to the end of the next `to`
 * (NULL when either is missing). */
static char *between(const char *page, const char *from, const char *to)
{
	const char *a = page ? strstr(page, from) : NULL;
	const char *b = a ? strstr(a, to) : NULL;
	if (!b)
		return NULL;
	size_t n = (size_t)(b - a) + strlen(to);
	char *s = malloc(n + 1);
	if (s) {
		memcpy(s, a, n);
		s[n] = '\0';
	}
	return s;
}

/* Every svg.plot has role img, is labelled by its own title and desc, and
 * is followed by its details.alt; ids are unique. Says what is wrong. */
static int plots_accessible(const char *page, const char *name)
{
	static const char open[] = "<svg class=\"plot\" id=\"";
	size_t svgs = 0;
	for (const char *p = page; (p = strstr(p, open)); svgs++) {
		char id[64], want[200];
		p += sizeof(open) - 1;
		size_t n = strcspn(p, "\"");
		if (n == 0 || n >= sizeof(id))
			return printf("\n  %s: bad plot id\n", name), 0;
		memcpy(id, p, n);
		id[n] = '\0';
		const char *end = strchr(p, '>');
		snprintf(want, sizeof(want), "role=\"img\" aria-labelledby=\"%s-title %s-desc\"", id, id);
		const char *role = strstr(p, want);
		snprintf(want, sizeof(want), "id=\"%s\"", id);
		if (!end || !role || role > end || count(page, want) != 1)
			return printf("\n  %s: %s: no role/labels, or id not unique\n", name, id), 0;
		snprintf(want, sizeof(want), "<title id=\"%s-title\">", id);
		const char *t = strstr(end, want);
		snprintf(want, sizeof(want), "<desc id=\"%s-desc\">", id);
		const char *d = strstr(end, want);
		const char *close = strstr(end, "</svg>\n<details class=\"alt\"><summary>Data</summary>");
		if (!t || !d || !close || t > close || d > close)
			return printf("\n  %s: %s: title/desc/details.alt missing\n", name, id), 0;
	}
	if (svgs != count(page, "<details class=\"alt\">") || svgs != count(page, "<figure>"))
		return printf("\n  %s: %zu plots, %zu details.alt, %zu figures\n", name, svgs,
			      count(page, "<details class=\"alt\">"), count(page, "<figure>")), 0;
	return 1;
}

/* Self-contained, complete and balanced. */
/* ---- unit: escaping and units ---- */

static void html_escape_covers_the_five_and_controls(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CU_ASSERT_FATAL(f != NULL);
	htmlw_esc(f, "a<b>&\"c'\x01\t");
	fputc('|', f);
	htmlw_esc_max(f, "\xC3\xA9\xC3\xA9", 3); /* "éé" cut inside the second */
	fputc('|', f);
	htmlw_esc(f, NULL);
	fclose(f);
	CU_ASSERT_STRING_EQUAL(buf, "a&lt;b&gt;&amp;&quot;c&#39;\xEF\xBF\xBD\t|\xC3\xA9\xE2\x80\xA6|");
	free(buf);
}

static void html_units_are_short_and_exact_in_title(void)
{
	char b[32], *buf = NULL;
	size_t len = 0;
	units_count(b, sizeof(b), 1234);
	CU_ASSERT_STRING_EQUAL(b, "1.2 K");
	units_count(b, sizeof(b), 999);
	CU_ASSERT_STRING_EQUAL(b, "999");
	units_count(b, sizeof(b), 999999);
	CU_ASSERT_STRING_EQUAL(b, "1.0 M");
	units_bytes(b, sizeof(b), 5);
	CU_ASSERT_STRING_EQUAL(b, "5 B");
	units_bytes(b, sizeof(b), 1536);
	CU_ASSERT_STRING_EQUAL(b, "1.5 KiB");
	units_bytes(b, sizeof(b), 3.0 * 1024 * 1024 * 1024);
	CU_ASSERT_STRING_EQUAL(b, "3.0 GiB");
	units_duration(b, sizeof(b), 0.016777216);
	CU_ASSERT_STRING_EQUAL(b, "16.8 ms");
	units_duration(b, sizeof(b), 75);
	CU_ASSERT_STRING_EQUAL(b, "1 min 15 s");
	FILE *f = open_memstream(&buf, &len);
	CU_ASSERT_FATAL(f != NULL);
	htmlw_bytes(f, 163596);
	fclose(f);
	CU_ASSERT_STRING_EQUAL(buf, "<span title=\"163596\">160 KiB</span>");
	free(buf);
}

/* ---- unit: plots ---- */

static double plot_value(const void *ctx, int s, size_t col)
{
	(void)ctx;
	return col % 3 == 0 ? 0 : (double)(s + 1) * (double)col; /* every third bar empty */
}

static void html_stacked_plot_skips_empty_bars(void)
{
	static const struct htmlplot_series series[] = { { "tcp", "t-tcp" }, { "udp", "t-udp" } };
	struct htmlplot_stacked p = {
		.text = { "t", "caption", "title", "desc" }, .x_label = "x", .y_label = "y",
		.n_series = 2, .series = series, .n_cols = 30, .dx = 0.5, .value = plot_value,
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CU_ASSERT_FATAL(f != NULL);
	htmlplot_stacked(f, &p);
	p.n_cols = 100000; /* more than can be drawn: clipped */
	p.text.id = "u";
	htmlplot_stacked(f, &p);
	fclose(f);
	char *t = between(buf, "<svg class=\"plot\" id=\"t\"", "</svg>");
	char *u = between(buf, "<svg class=\"plot\" id=\"u\"", "</svg>");
	CU_ASSERT_FATAL(t != NULL && u != NULL);
	CU_ASSERT_EQUAL(count(t, "<rect"), 2 + 20 * 2); /* legend, 20 stacks of 2 */
	CU_ASSERT_EQUAL(count(t, "<g><title>"), 20);
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "<g><title>+14.50 s: tcp 29 udp 58</title>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, ">15 s</text>")); /* 30 bars of 0.5 s */
	CU_ASSERT_EQUAL(count(u, "<g><title>"), HTMLPLOT_MAX_COLS / 3 * 2);
	CU_ASSERT(plots_accessible(buf, "stacked"));
	free(t);
	free(u);
	free(buf);
}

static void html_strip_of_all_ports_is_one_rect_per_lane_and_scale(void)
{
	struct htmlplot_strip *st = malloc(sizeof(*st));
	char *buf = NULL;
	size_t len = 0;
	CU_ASSERT_FATAL(st != NULL);
	htmlplot_strip_clear(st);
	st->text = (struct htmlplot_text){ "s", "caption", "title", "desc" };
	st->n_lanes = 2;
	st->lane[0] = (struct htmlplot_lane){ .name = "tcp", .cls = "t-tcp" };
	st->lane[1] = (struct htmlplot_lane){ .name = "udp", .cls = "t-udp" };
	htmlplot_lane_probed(&st->lane[0], 1, 65535);
	htmlplot_lane_probed(&st->lane[1], 65535, 1); /* swapped */
	htmlplot_lane_probed(&st->lane[1], 70000, 80000); /* beyond: ignored */
	htmlplot_lane_open(&st->lane[0], 22);
	htmlplot_lane_open(&st->lane[0], 70000);
	FILE *f = open_memstream(&buf, &len);
	CU_ASSERT_FATAL(f != NULL);
	htmlplot_strip(f, st);
	fclose(f);
	/* 2 legend + 4 lane backgrounds + 4 probed + 2 open (22, both scales) */
	CU_ASSERT_EQUAL(count(buf, "<rect"), 2 + 4 + 4 + 2);
	CU_ASSERT_EQUAL(count(buf, "<rect x=\"0\" width=\"512\" height=\"20\"/>"), 4);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "<td>0\xE2\x80\x93" "65535 (65535)</td>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "<td>0\xE2\x80\x93" "127 (1)</td>")); /* open 22 */
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "<td>22\xE2\x80\x93" "23 (1)</td>"));
	CU_ASSERT(plots_accessible(buf, "strip"));
	free(buf);
	free(st);
}

/* ---- pages ---- */

struct page {
	char *text;
	size_t len;
	int rc, err;
};

static struct page render(const json_t *r)
{
	struct page p = { NULL, 0, -1, 0 };
	FILE *f = open_memstream(&p.text, &p.len);
	if (!f)
		return p;
	p.rc = html_render(f, r);
	p.err = errno;
	fclose(f);
	return p;
}

static int page_ok(const struct page *p, const char *name)
{
	const char *t = p->text;
	if (p->rc != 0 || !t)
		return printf("\n  %s: html_render returned %d\n", name, p->rc), 0;
	if (!strstr(t, CSP_META) || strstr(t, "<script") || strstr(t, "http://") ||
	    strstr(t, "https://") || !strstr(t, "<html lang=\"en\">") ||
	    !strstr(t, "<meta charset=\"utf-8\">"))
		return printf("\n  %s: CSP/lang/charset missing, or script or URL\n", name), 0;
	if (count(t, "<style>") != 1 || !strstr(t, "</html>\n") ||
	    count(t, "<table") != count(t, "</table>") || count(t, "<svg") != count(t, "</svg>") ||
	    count(t, "<section") != count(t, "</section>"))
		return printf("\n  %s: unbalanced or unfinished page\n", name), 0;
	return plots_accessible(t, name);
}

static json_t *load(const char *name)
{
	char path[256];
	json_error_t e;
	snprintf(path, sizeof(path), "%s/%s", EXPECTED_DIR, name);
	json_t *r = json_load_file(path, 0, &e);
	if (!r)
		printf("\n  %s: %s\n", path, e.text);
	return r;
}

/* Per-transport arrays of n buckets: bucket i of transport t holds
 * (i * (t + 3)) % 7 times scale. */
static json_t *tl_measure(size_t n, json_int_t scale)
{
	static const char *const tr[] = { "tcp", "udp", "icmp", "other" };
	json_t *m = json_object();
	for (size_t t = 0; t < 4; t++) {
		json_t *a = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, json_integer((json_int_t)((i * (t + 3)) % 7) * scale));
		json_object_set_new(m, tr[t], a);
	}
	return m;
}

/* A timeline section as docs/json.md describes it (the main session's
 * format), replacing any the report has. */
static void add_timeline(json_t *r, size_t n, json_int_t outside_before, int rolling)
{
	json_t *tl = json_pack("{s:I, s:f, s:s, s:s, s:b, s:o, s:o, s:{s:I, s:I, s:I, s:I}}",
			       "buckets", (json_int_t)n, "bucket_s", 0.016777216,
			       "start", "2026-11-26T18:15:50.000000000Z",
			       "end", "2026-11-26T18:15:52.013265920Z", "rolling", rolling,
			       "packets", tl_measure(n, 1), "bytes", tl_measure(n, 1500),
			       "outside", "packets", outside_before, "bytes", outside_before * 60,
			       "before", outside_before, "after", (json_int_t)0);
	json_object_set_new(r, "timeline", tl);
}

/* ---- every golden ---- */

static void html_every_golden_renders_self_contained(void)
{
	DIR *d = opendir(EXPECTED_DIR);
	struct dirent *e;
	unsigned n = 0, bad = 0;
	CU_ASSERT_FATAL(d != NULL);
	while ((e = readdir(d))) {
		size_t k = strlen(e->d_name);
		if (k < 6 || strcmp(e->d_name + k - 5, ".json") != 0)
			continue;
		json_t *r = load(e->d_name);
		for (int with_tl = 0; r && with_tl < 2; with_tl++) {
			if (with_tl)
				add_timeline(r, 120, 0, 0);
			struct page p = render(r);
			bad += !page_ok(&p, e->d_name);
			/* capture, transports, port classes, ports, states: 2 with a timeline */
			bad += count(p.text ? p.text : "", "<svg class=\"plot\"") <
			       (size_t)(2 + 2 * with_tl);
			free(p.text);
		}
		bad += !r;
		json_decref(r);
		n++;
	}
	closedir(d);
	printf("\n  html: %u golden reports rendered twice (with and without a timeline), %u bad\n",
	       n, bad);
	CU_ASSERT(n >= 20);
	CU_ASSERT_EQUAL(bad, 0);
}

/* ---- what the tables say ---- */

static void html_nmap_syn_scan_row_names_source_technique_open_ports(void)
{
	json_t *r = load("nmap-syn.json");
	CU_ASSERT_FATAL(r != NULL);
	struct page p = render(r);
	char *scans = between(p.text, "<table id=\"scans\">", "</table>");
	CU_ASSERT_FATAL(scans != NULL);
	CU_ASSERT_EQUAL(count(scans, "<tr class=\"scan\""), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(scans, "<td>10.77.0.2</td>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(scans, "<td>syn</td>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(scans, "<td>vertical</td>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(scans, "22, 25, 80, 443, 8080/tcp"));
	CU_ASSERT_PTR_NOT_NULL(strstr(scans, "10.77.0.10"));
	CU_ASSERT_PTR_NOT_NULL(strstr(scans, "<td class=\"n\">202</td>")); /* ports probed */
	/* its strip: 1-200 in two runs of 2-port columns and one of 128-port,
	 * 443 and 8080 one each; open 22, 25, 80, 443, 8080 */
	char *strip = between(p.text, "<svg class=\"plot\" id=\"scan-1-ports\"", "</svg>");
	CU_ASSERT_FATAL(strip != NULL);
	CU_ASSERT(count(strip, "<rect") > 4 && count(strip, "<rect") < 40);
	char *ports = between(p.text, "<table id=\"ports\">", "</table>");
	CU_ASSERT_FATAL(ports != NULL);
	CU_ASSERT_EQUAL(count(ports, "<tr>"), 1 + 100); /* header + ports.top */
	CU_ASSERT_PTR_NOT_NULL(strstr(ports, "<td>epmap</td>"));
	free(ports);
	free(strip);
	free(scans);
	free(p.text);
	json_decref(r);
}

static void html_knock_tcp_open_row_has_sequence_and_outcome(void)
{
	json_t *r = load("knock-tcp-open.json");
	CU_ASSERT_FATAL(r != NULL);
	struct page p = render(r);
	char *knocks = between(p.text, "<table id=\"knocks\">", "</table>");
	CU_ASSERT_FATAL(knocks != NULL);
	CU_ASSERT_EQUAL(count(knocks, "<tr class=\"knock\""), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(knocks, "7000/tcp \xE2\x86\x92 8000/tcp \xE2\x86\x92 9000/tcp"));
	CU_ASSERT_PTR_NOT_NULL(strstr(knocks, ">opened</td>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(knocks, "<td class=\"n\">2222</td>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(knocks, "<td>openSSH</td><td>exact</td>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(knocks, "0.350, 0.351"));
	CU_ASSERT_PTR_NULL(strstr(p.text, "<table id=\"scans\">"));
	free(knocks);
	free(p.text);
	json_decref(r);
}

static void html_known_sequences_and_caps_listed(void)
{
	json_t *r = load("knock-tcp-open.json");
	CU_ASSERT_FATAL(r != NULL);
	json_object_set_new(r, "known_knock_sequences",
			    json_pack("[{s:s, s:[{s:i, s:s}], s:i, s:[s, s]}]", "destination",
				      "10.77.0.10", "sequence", "port", 7000, "transport", "udp",
				      "uses", 3, "sources", "10.77.0.2", "10.77.0.3"));
	json_object_set_new(json_object_get(r, "flows"), "evicted", json_integer(17));
	json_object_set_new(json_object_get(r, "ports"), "distinct_counts_capped", json_true());
	struct page p = render(r);
	char *known = between(p.text, "<table id=\"known-knocks\">", "</table>");
	char *caps = between(p.text, "<table id=\"caps\">", "</table>");
	CU_ASSERT_FATAL(known != NULL && caps != NULL);
	CU_ASSERT_PTR_NOT_NULL(strstr(known, "7000/udp"));
	CU_ASSERT_PTR_NOT_NULL(strstr(known, "10.77.0.2, 10.77.0.3"));
	CU_ASSERT_EQUAL(count(caps, "<tr class=\"cap\">"), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(caps, "flows.evicted"));
	CU_ASSERT_PTR_NOT_NULL(strstr(caps, "<td class=\"n\">17</td>"));
	CU_ASSERT_PTR_NULL(strstr(caps, ">none<"));
	free(known);
	free(caps);
	free(p.text);
	/* the golden itself: no cap bit */
	json_decref(r);
	r = load("knock-tcp-open.json");
	p = render(r);
	caps = between(p.text, "<table id=\"caps\">", "</table>");
	CU_ASSERT_PTR_NOT_NULL(caps && strstr(caps, "<tr class=\"none\"><td colspan=\"3\">none</td>"));
	free(caps);
	free(p.text);
	json_decref(r);
}

/* The tunnels section: shown for a report whose tunnel types saw packets
 * (tests/tunbuild.h's mix), one tr.tunnel per type that saw packets, the
 * JSON's numbers in its cells; absent for a plain capture (zeros) and a
 * report without the section (before 0.2.0); the context cap in #caps
 * when it bites. */
static void html_tunnels_table_only_when_tunnelled(void)
{
	json_t *r = tb_report(0);
	CU_ASSERT_FATAL(r != NULL);
	json_object_set_new(json_object_get(r, "tunnels"), "contexts_dropped", json_integer(5));
	struct page p = render(r);
	CU_ASSERT(page_ok(&p, "tunnels"));
	char *t = between(p.text, "<table id=\"tunnels\">", "</table>");
	CU_ASSERT_FATAL(t != NULL);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.text, "<a href=\"#s-tunnels\">Tunnels</a>"));
	CU_ASSERT_EQUAL(count(t, "<tr class=\"tunnel\">"), 2);
	/* type, packets, bytes, decapsulated, errors, not tunnel */
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "<tr class=\"tunnel\"><td>vxlan</td><td class=\"n\">4</td>"
				      "<td class=\"n\"><span title=\"358\">358 B</span></td><td class=\"n\">3</td>"
				      "<td class=\"n\">1</td><td class=\"n\">1</td></tr>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "<td>gre</td><td class=\"n\">1</td>"));
	CU_ASSERT_PTR_NULL(strstr(t, "geneve"));
	CU_ASSERT_PTR_NOT_NULL(strstr(p.text, "; outer transport: udp 3, other 1. Flows created "
				      "from them: 2, in 2 distinct tunnel contexts."));
	char *caps = between(p.text, "<table id=\"caps\">", "</table>");
	CU_ASSERT_PTR_NOT_NULL(caps && strstr(caps, "<td>tunnels.contexts_dropped</td>"
					      "<td class=\"n\">5</td>"));
	free(caps);
	free(t);
	free(p.text);
	json_object_del(r, "tunnels");
	p = render(r);
	CU_ASSERT(page_ok(&p, "no tunnels"));
	CU_ASSERT_PTR_NULL(strstr(p.text, "s-tunnels"));
	free(p.text);
	json_decref(r);
	r = load("nmap-syn.json");
	CU_ASSERT_FATAL(r != NULL);
	p = render(r);
	CU_ASSERT_PTR_NULL(strstr(p.text, "s-tunnels"));
	CU_ASSERT_PTR_NULL(strstr(p.text, "<table id=\"tunnels\">"));
	free(p.text);
	json_decref(r);
}

/* The outputs table: one row per output, a loss marked on its row; the
 * section is absent from reports older than 0.2.0. */
static void html_outputs_table_marks_a_loss(void)
{
	json_t *r = load("nmap-syn.json");
	CU_ASSERT_FATAL(r != NULL);
	json_object_set_new(json_object_get(r, "outputs"), "ipfix",
			    json_pack("{s:i, s:i, s:i, s:i, s:i}", "records", 1000, "messages", 30,
				      "bytes", 90000, "errors", 3, "records_lost", 96));
	struct page p = render(r);
	char *t = between(p.text, "<table id=\"outputs\">", "</table>");
	CU_ASSERT_FATAL(t != NULL);
	CU_ASSERT_EQUAL(count(t, "<tr class=\"output\">"), 2); /* flows, alerts */
	CU_ASSERT_EQUAL(count(t, "<tr class=\"output lost\">"), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "<td>ipfix</td>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, ">96<"));
	free(t);
	free(p.text);
	json_object_del(r, "outputs");
	p = render(r);
	CU_ASSERT_PTR_NULL(strstr(p.text, "<table id=\"outputs\">"));
	free(p.text);
	json_decref(r);
}

static void html_report_strings_are_escaped(void)
{
	static const char evil[] = "<script>alert(1)</script>&\"'";
	json_t *r = load("nmap-syn.json");
	CU_ASSERT_FATAL(r != NULL);
	json_t *top0 = json_array_get(json_object_get(json_object_get(r, "ports"), "top"), 0);
	json_t *file0 = json_array_get(json_object_get(json_object_get(r, "capture"), "files"), 0);
	json_t *scan0 = json_array_get(json_object_get(r, "scans"), 0);
	json_object_set_new(top0, "service", json_string(evil));
	json_object_set_new(file0, "path", json_string(evil));
	json_object_set_new(file0, "error", json_string(evil));
	json_object_set_new(json_object_get(scan0, "source"), "ip", json_string(evil));
	json_object_set_new(json_object_get(json_object_get(r, "flows"), "by_conn_state"), "tcp",
			    json_pack("{s:i}", evil, 4));
	struct page p = render(r);
	CU_ASSERT(page_ok(&p, "escaped"));
	CU_ASSERT_PTR_NULL(strstr(p.text, "<script"));
	CU_ASSERT_PTR_NULL(strstr(p.text, "alert(1)</"));
	CU_ASSERT(count(p.text, "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;") >= 6);
	free(p.text);
	json_decref(r);
}

/* ---- robustness ---- */

static const char hostile_json[] =
	"{\"schema_version\":\"one\",\"tool\":[1],\"capture\":{\"files\":[5,null,{\"path\":7,"
	"\"packets\":\"x\",\"status\":{},\"records_over_snaplen\":-3}],\"start\":12,"
	"\"duration_s\":-1e300,\"packets\":-5,\"bytes\":9223372036854775807,\"live\":[]},"
	"\"decode\":{\"by_error\":[1,2],\"warnings\":{\"x\":\"y\",\"z\":-1},\"l4\":null},"
	"\"protocols\":{\"tcp\":5,\"udp\":{\"packets\":\"a\",\"bytes\":1.5}},"
	"\"flows\":{\"by_conn_state\":{\"tcp\":[1],\"udp\":{\"SF\":\"x\",\"S0\":-4,\"REJ\":1e300}},"
	"\"evicted\":\"x\"},"
	"\"ports\":{\"by_class\":{\"well-known\":5,\"dynamic\":{\"flows\":-1,\"bytes\":\"x\"}},"
	"\"top\":[1,\"x\",null,{},{\"port\":\"x\",\"transport\":5,\"service\":[],\"bytes\":-7}],"
	"\"distinct_counts_capped\":\"yes\"},"
	"\"timeline\":{\"buckets\":\"x\",\"bucket_s\":-1,\"start\":5,\"rolling\":true,"
	"\"packets\":{\"tcp\":\"x\",\"udp\":[1,\"a\",null,-5,1e300,{}],\"icmp\":{}},"
	"\"bytes\":[],\"outside\":{\"packets\":3,\"before\":\"x\"}},"
	"\"scans\":[1,null,{\"portlens\":3},{\"source\":{\"ip\":5},\"portlens\":{\"scan\":{"
	"\"ports\":{\"tcp\":\"65535-1,x-,--,70000-80000,5-,-9,99999999999999999999,,1-0\","
	"\"udp\":7},\"open_ports\":{\"tcp\":[-1,70000,\"a\",1.5,65535,0],\"udp\":\"x\"},"
	"\"targets\":{\"list\":[1,null,\"a\"],\"count\":\"x\"}}},\"event\":{\"duration\":-5}}],"
	"\"knocks\":[2,{\"portlens\":{\"knock\":{\"sequence\":[1,{\"port\":\"x\"},{}],"
	"\"delays_s\":\"x\",\"outcome\":5,\"span_s\":null}}},{\"portlens\":{\"knock\":{"
	"\"sequence\":5,\"delays_s\":[null,\"x\",1]}}}],"
	"\"known_knock_sequences\":[5,{\"sources\":[1,\"a\"],\"sequence\":{}}],"
	"\"detectors\":{\"scan\":[],\"knock\":{\"knocks_dropped\":\"x\",\"pairs_evicted\":2}}}";

static void html_hostile_report_renders(void)
{
	json_error_t e;
	json_t *r = json_loads(hostile_json, 0, &e);
	if (!r)
		printf("\n  hostile_json: %s at %d\n", e.text, e.position);
	CU_ASSERT_FATAL(r != NULL);
	struct page p = render(r);
	CU_ASSERT(page_ok(&p, "hostile"));
	CU_ASSERT_PTR_NOT_NULL(strstr(p.text, "class=\"note rolling\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(p.text, "3 packets outside the plotted span"));
	CU_ASSERT_EQUAL(count(p.text, "<tr class=\"scan\""), 4);
	CU_ASSERT_EQUAL(count(p.text, "<tr class=\"knock\""), 3);
	free(p.text);
	json_decref(r);
}

static void html_missing_or_empty_sections_render(void)
{
	static const char *const docs[] = {
		"{}", "[]", "5", "null", "\"x\"",
		"{\"scans\":[],\"knocks\":[],\"known_knock_sequences\":[],\"ports\":{\"top\":[]}}",
		/* an empty capture: no packet, timeline start null */
		"{\"schema_version\":1,\"capture\":{\"files\":[],\"packets\":0,\"bytes\":0,"
		"\"start\":null,\"end\":null,\"duration_s\":0},\"flows\":{\"by_conn_state\":"
		"{\"tcp\":{},\"udp\":{},\"icmp\":{},\"other\":{}}},\"timeline\":{\"buckets\":120,"
		"\"bucket_s\":0.016777216,\"start\":null,\"end\":null,\"rolling\":false,"
		"\"packets\":{\"tcp\":[],\"udp\":[],\"icmp\":[],\"other\":[]},"
		"\"bytes\":{\"tcp\":[0,0],\"udp\":[0],\"icmp\":[],\"other\":[]},"
		"\"outside\":{\"packets\":0,\"bytes\":0,\"before\":0,\"after\":0}}}",
	};
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		json_error_t e;
		json_t *r = json_loads(docs[i], JSON_DECODE_ANY, &e);
		CU_ASSERT_FATAL(r != NULL || strcmp(docs[i], "null") == 0);
		struct page p = render(r);
		CU_ASSERT(page_ok(&p, docs[i]));
		CU_ASSERT_PTR_NOT_NULL(p.text && strstr(p.text, "<h1>portlens report</h1>"));
		if (i == 6) {
			CU_ASSERT_PTR_NOT_NULL(strstr(p.text, "No packets in the timeline."));
			CU_ASSERT_PTR_NULL(strstr(p.text, "id=\"timeline-packets\""));
			CU_ASSERT_PTR_NULL(strstr(p.text, "outside the plotted span"));
		}
		free(p.text);
		json_decref(r);
	}
}

/* Replace the member at (parent, key) by each of a few wrong values in
 * turn, render, put it back; recurse into objects and the first element
 * of arrays. Returns the pages that were not ok. */
static unsigned mutate(json_t *root, json_t *node, unsigned *renders, int depth)
{
	const char *key;
	json_t *v;
	void *tmp;
	unsigned bad = 0;
	if (json_is_array(node) && json_array_size(node) > 0)
		return mutate(root, json_array_get(node, 0), renders, depth);
	if (!json_is_object(node) || depth > 6)
		return 0;
	json_object_foreach_safe(node, tmp, key, v) {
		json_t *keep = json_incref(v);
		json_t *wrong[] = { json_null(), json_string("<x>"), json_integer(-1),
				    json_array(), json_object() };
		for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
			json_object_set_new(node, key, wrong[i]);
			struct page p = render(root);
			bad += !page_ok(&p, key);
			free(p.text);
			(*renders)++;
		}
		json_object_set_new(node, key, keep);
		bad += mutate(root, keep, renders, depth + 1);
	}
	return bad;
}

static void html_every_member_of_the_wrong_type_renders(void)
{
	static const char *const names[] = { "nmap-syn.json", "knock-tcp-open.json" };
	unsigned renders = 0, bad = 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		json_t *r = load(names[i]);
		CU_ASSERT_FATAL(r != NULL);
		/* fewer ports, so the walk stays a few thousand renders */
		json_array_clear(json_object_get(json_object_get(r, "ports"), "top"));
		/* a tunnel type that saw packets: the tunnels section renders */
		json_object_set_new(json_object_get(json_object_get(json_object_get(r, "tunnels"),
						    "by_type"), "vxlan"), "packets", json_integer(3));
		add_timeline(r, 8, 2, 1);
		bad += mutate(r, r, &renders, 0);
		json_decref(r);
	}
	printf("\n  html: %u renders with one member replaced, %u bad\n", renders, bad);
	CU_ASSERT(renders > 500);
	CU_ASSERT_EQUAL(bad, 0);
}

static void html_write_error_returns_minus_one_with_errno(void)
{
	json_t *r = load("mixed.json");
	FILE *f = fopen("/dev/full", "w");
	if (!f) {
		printf("\n  html: /dev/full absent, write error not tested\n");
		json_decref(r);
		return;
	}
	setvbuf(f, NULL, _IONBF, 0);
	errno = 0;
	CU_ASSERT_EQUAL(html_render(f, r), -1);
	CU_ASSERT_EQUAL(errno, ENOSPC);
	fclose(f);
	json_decref(r);
}

/* ---- the timeline ---- */

static void html_timeline_draws_bars_and_outside_note(void)
{
	json_t *r = load("mixed.json");
	CU_ASSERT_FATAL(r != NULL);
	add_timeline(r, 120, 0, 0);
	struct page p = render(r);
	CU_ASSERT(page_ok(&p, "timeline"));
	char *pk = between(p.text, "<svg class=\"plot\" id=\"timeline-packets\"", "</svg>");
	char *by = between(p.text, "<svg class=\"plot\" id=\"timeline-bytes\"", "</svg>");
	char *sec = between(p.text, "<section id=\"s-timeline\">", "</section>");
	CU_ASSERT_FATAL(pk != NULL && by != NULL && sec != NULL);
	/* (i*(t+3)) % 7 is zero for i = 0, 7, ..., 119: 102 stacks of 4 rects, 4 legend rects */
	CU_ASSERT_EQUAL(count(pk, "<rect"), 4 + 102 * 4);
	CU_ASSERT_EQUAL(count(by, "<rect"), 4 + 102 * 4);
	CU_ASSERT_PTR_NOT_NULL(strstr(pk, "class=\"t-udp\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(pk, ">1.0 s</text>")); /* 120 x 16.8 ms: ticks in 0.5 s */
	CU_ASSERT_PTR_NOT_NULL(strstr(pk, "time since 2026-11-26 18:15:50.000 UTC"));
	CU_ASSERT_PTR_NOT_NULL(strstr(by, " KiB</text>"));
	CU_ASSERT_PTR_NULL(strstr(sec, "outside the plotted span"));
	CU_ASSERT_PTR_NULL(strstr(sec, "rolling"));
	CU_ASSERT(strstr(p.text, "id=\"s-timeline\"") < strstr(p.text, "id=\"s-transports\""));
	free(pk);
	free(by);
	free(sec);
	free(p.text);

	add_timeline(r, 120, 42, 1);
	p = render(r);
	sec = between(p.text, "<section id=\"s-timeline\">", "</section>");
	CU_ASSERT_PTR_NOT_NULL(sec && strstr(sec, "42 packets outside the plotted span: 42 before, 0 after"));
	CU_ASSERT_PTR_NOT_NULL(sec && strstr(sec, "rolling: last 2.01327 s"));
	free(sec);
	free(p.text);
	json_decref(r);
}

static void html_timeline_of_many_buckets_is_merged(void)
{
	json_t *r = load("quickstart.json");
	CU_ASSERT_FATAL(r != NULL);
	add_timeline(r, 5000, 0, 0);
	struct page p = render(r);
	CU_ASSERT(page_ok(&p, "5000 buckets"));
	char *pk = between(p.text, "<svg class=\"plot\" id=\"timeline-packets\"", "</svg>");
	char *alt = between(p.text, "<svg class=\"plot\" id=\"timeline-packets\"", "</details>");
	CU_ASSERT_FATAL(pk != NULL && alt != NULL);
	CU_ASSERT(count(pk, "<g><title>") <= HTMLPLOT_MAX_COLS);
	CU_ASSERT(count(alt, "<tr><td>") <= HTMLPLOT_MAX_COLS);
	CU_ASSERT_PTR_NOT_NULL(strstr(p.text, "each bar sums 9 buckets"));
	free(pk);
	free(alt);
	free(p.text);
	json_decref(r);
}

/* ---- size ---- */

/* 1000 open ports: every 65th from 1, or (scattered) the ports of ranges
 * (single ports) up to 1000. */
static json_t *worst_open(const char *ranges, int scattered)
{
	json_t *open = json_array();
	for (json_int_t k = 0; k < 1000 && !scattered; k++)
		json_array_append_new(open, json_integer(1 + k * 65));
	for (const char *s = ranges; scattered && *s && json_array_size(open) < 1000; s++)
		if (s == ranges || s[-1] == ',')
			json_array_append_new(open, json_integer(atoi(s)));
	return open;
}

static json_t *worst_scan(size_t i, const char *ranges, int scattered)
{
	json_t *open = worst_open(ranges, scattered);
	json_t *targets = json_array();
	for (int k = 0; k < 32; k++)
		json_array_append_new(targets, json_sprintf("10.%zu.0.%d", i, k));
	return json_pack("{s:{s:s, s:I}, s:{s:s}, s:{s:{s:s, s:s, s:{s:i, s:o, s:b}, "
			 "s:{s:i, s:s, s:s}, s:{s:i, s:O, s:o}, s:i}}}",
			 "event", "start", "2026-11-26T18:15:56.541742000Z", "duration",
			 (json_int_t)1101435000, "source", "ip", "2001:db8::dead:beef",
			 "portlens", "scan", "kind", "block", "technique", "mixed",
			 "targets", "count", 1024, "list", targets, "count_capped", 1,
			 "ports", "count", 65535, "tcp", ranges, "udp", ranges,
			 "open_ports", "count", 2000, "tcp", open, "udp", open,
			 "probes", 9999999);
}

static json_t *worst_knock(size_t i)
{
	json_t *seq = json_array(), *delays = json_array();
	for (int k = 0; k < 40; k++) {
		json_array_append_new(seq, json_pack("{s:i, s:s}", "port", 60000 + k, "transport",
						     k % 2 ? "udp" : "tcp"));
		json_array_append_new(delays, json_real(0.123456 * k));
	}
	return json_pack("{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:{s:s, s:o, s:o, s:f, s:s, s:i, "
			 "s:s, s:s}}}", "event", "start", "2026-11-26T18:19:11.808670000Z",
			 "source", "ip", "2001:db8::1", "destination", "ip", "2001:db8::2",
			 "portlens", "knock", "kind", i % 2 ? "spa" : "knock", "sequence", seq,
			 "delays_s", delays, "span_s", 12.5, "outcome", "failed", "opened_port",
			 2222, "rule", "openSSH-with-a-long-section-name", "rule_match",
			 "wrong_order");
}

/* The mixed golden with n_scans scans of the given ranges, 1024 knocks,
 * 100 top ports and a timeline. */
static json_t *worst_report(const char *ranges, int scattered)
{
	json_t *r = load("mixed.json");
	json_t *scans = json_array(), *knocks = json_array(), *top = json_array();
	json_t *port = json_array_get(json_object_get(json_object_get(r, "ports"), "top"), 0);
	for (size_t i = 0; i < 256; i++)
		json_array_append_new(scans, worst_scan(i, ranges, scattered));
	for (size_t i = 0; i < 1024; i++)
		json_array_append_new(knocks, worst_knock(i));
	for (size_t i = 0; i < 100; i++)
		json_array_append_new(top, json_deep_copy(port));
	json_object_set_new(r, "scans", scans);
	json_object_set_new(r, "knocks", knocks);
	json_object_set_new(json_object_get(r, "ports"), "top", top);
	add_timeline(r, 120, 0, 0);
	return r;
}

static void html_worst_case_page_under_5mb(void)
{
	json_t *r = load("mixed.json");
	CU_ASSERT_FATAL(r != NULL);
	struct page p = render(r);
	size_t mixed = p.len;
	free(p.text);
	json_decref(r);

	r = worst_report("1-65535", 0);
	p = render(r);
	CU_ASSERT(page_ok(&p, "worst case"));
	CU_ASSERT_EQUAL(count(p.text, "<tr class=\"scan\""), 256);
	CU_ASSERT_EQUAL(count(p.text, "<tr class=\"knock\""), 1024);
	CU_ASSERT_EQUAL(count(p.text, "<svg class=\"plot\" id=\"scan-"), 256);
	char *strip = between(p.text, "<svg class=\"plot\" id=\"scan-256-ports\"", "</svg>");
	CU_ASSERT_FATAL(strip != NULL);
	/* per lane and scale: one probed run, and open ports every 65 apart:
	 * one run (bridged gaps) in 128-port columns, 16 runs of them below 1024 */
	size_t rects = count(strip, "<rect");
	CU_ASSERT(rects <= 4 + 2 * 2 * 2 * HTMLPLOT_STRIP_MAX_RUNS + 2);
	printf("\n  html: worst case (256 scans of 65535 ports and 1000 open, 1024 knocks, "
	       "100 ports): %zu bytes, %zu rects in a strip; mixed.json: %zu bytes\n",
	       p.len, rects, mixed);
	CU_ASSERT(p.len < PAGE_MAX);
	free(strip);
	free(p.text);
	json_decref(r);

	/* scattered, probed and open alike, for the most rects a strip draws:
	 * HTMLPLOT_STRIP_MAX_RUNS runs spread evenly in both scales (below
	 * 1024 for the zoom, above for the whole range); closer runs would be
	 * bridged into fewer rects */
	char *ranges = malloc(8 * 2 * HTMLPLOT_STRIP_MAX_RUNS), *w = ranges;
	CU_ASSERT_FATAL(ranges != NULL);
	for (unsigned port = 0; port < 65536;
	     port += port < 1024 ? 1024 / HTMLPLOT_STRIP_MAX_RUNS : 65536 / HTMLPLOT_STRIP_MAX_RUNS)
		w += sprintf(w, "%s%u", w == ranges ? "" : ",", port);
	r = worst_report(ranges, 1);
	p = render(r);
	CU_ASSERT(page_ok(&p, "scattered"));
	strip = between(p.text, "<svg class=\"plot\" id=\"scan-1-ports\"", "</svg>");
	rects = strip ? count(strip, "<rect") : 0;
	printf("  html: 256 scattered scans: %zu bytes, %zu rects in a strip\n", p.len, rects);
	CU_ASSERT(rects >= 2 * 2 * 2 * HTMLPLOT_STRIP_MAX_RUNS &&
		  rects <= 4 + 2 * 2 * 2 * HTMLPLOT_STRIP_MAX_RUNS + 2);
	CU_ASSERT(p.len < PAGE_MAX);
	free(ranges);
	free(strip);
	free(p.text);
	json_decref(r);
}

int test_html_register(void)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} tests[] = {
		{ "escape_covers_the_five_and_controls", html_escape_covers_the_five_and_controls },
		{ "units_are_short_and_exact_in_title", html_units_are_short_and_exact_in_title },
		{ "stacked_plot_skips_empty_bars", html_stacked_plot_skips_empty_bars },
		{ "strip_of_all_ports_is_one_rect_per_lane_and_scale",
		  html_strip_of_all_ports_is_one_rect_per_lane_and_scale },
		{ "every_golden_renders_self_contained", html_every_golden_renders_self_contained },
		{ "nmap_syn_scan_row_names_source_technique_open_ports",
		  html_nmap_syn_scan_row_names_source_technique_open_ports },
		{ "knock_tcp_open_row_has_sequence_and_outcome",
		  html_knock_tcp_open_row_has_sequence_and_outcome },
		{ "known_sequences_and_caps_listed", html_known_sequences_and_caps_listed },
		{ "outputs_table_marks_a_loss", html_outputs_table_marks_a_loss },
		{ "tunnels_table_only_when_tunnelled", html_tunnels_table_only_when_tunnelled },
		{ "report_strings_are_escaped", html_report_strings_are_escaped },
		{ "hostile_report_renders", html_hostile_report_renders },
		{ "missing_or_empty_sections_render", html_missing_or_empty_sections_render },
		{ "every_member_of_the_wrong_type_renders",
		  html_every_member_of_the_wrong_type_renders },
		{ "write_error_returns_minus_one_with_errno",
		  html_write_error_returns_minus_one_with_errno },
		{ "timeline_draws_bars_and_outside_note", html_timeline_draws_bars_and_outside_note },
		{ "timeline_of_many_buckets_is_merged", html_timeline_of_many_buckets_is_merged },
		{ "worst_case_page_under_5mb", html_worst_case_page_under_5mb },
	};
	CU_pSuite s = CU_add_suite("html", NULL, NULL);
	if (!s)
		return -1;
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		if (!CU_add_test(s, tests[i].name, tests[i].fn))
			return -1;
	return 0;
}
