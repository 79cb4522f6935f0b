/* analyzer/output/html.c - see html.h. The page: head and style sheet,
 * the header (files, capture span, totals, versions), the sections in
 * their order (html_traffic.c, html_alerts.c), and the last section,
 * decode errors and the caps that bit.
 *
 * Self-contained by construction: no <script>, no external URL (not even
 * an SVG namespace: the HTML parser gives inline <svg> its namespace), all
 * CSS in one <style>, and a Content-Security-Policy that would block
 * anything else. Every string from the report goes through htmlw_esc.
 *
 * Robustness: the report may be old, partial or damaged (portlens html
 * reads a file); a section whose data is missing or of the wrong type is
 * left out, a field is shown as "-". Page structure a test can rely on:
 * section#s-<name>; table#files, #transports, #tunnels (tr.tunnel; only
 * when some tunnel type saw packets), #ports, #scans (tr.scan),
 * #knocks (tr.knock), #known-knocks, #decode-errors, #caps (tr.cap, or
 * tr.none); svg.plot#timeline-packets, #timeline-bytes, #port-classes,
 * #conn-states, #scan-N-ports (N from 1). */
#include <errno.h>
#include <string.h>
#include "analyzer/output/html.h"
#include "analyzer/output/html_alerts.h"
#include "analyzer/output/html_traffic.h"
#include "analyzer/output/htmlw.h"
#include "analyzer/output/units.h"

/* Rows shown at most in tables a report keeps short anyway (a hostile
 * one could make them long): files read, decode counters. */
#define HTML_MAX_FILES 1000
#define HTML_MAX_DECODE_ROWS 256

/* Okabe-Ito colours (distinguishable with the common colour-vision
 * deficiencies): tcp blue, udp orange, icmp green, other grey; port
 * classes purple, sky blue, vermillion. */
static const char html_css[] =
	":root{color-scheme:light}\n"
	"body{margin:0;background:#fff;color:#1b1b1b;"
	"font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",sans-serif}\n"
	"main{max-width:1200px;margin:0 auto;padding:12px 24px 48px}\n"
	"h1{font-size:1.7em;margin:.4em 0 .1em}\n"
	"h2{font-size:1.3em;margin:1.8em 0 .5em;padding-bottom:.2em;border-bottom:2px solid #d8dde3}\n"
	"h3{font-size:1.05em;margin:1.4em 0 .4em}\n"
	"nav{margin:.6em 0 0;font-size:.92em}nav a{margin-right:1em}\n"
	"a{color:#0b5cad}\n"
	".sub,.note{color:#555}.none{color:#555;font-style:italic}.warn{color:#a4262c;font-weight:600}\n"
	"dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 18px;margin:.8em 0}\n"
	"dl.meta dt{color:#555}dl.meta dd{margin:0}\n"
	".wrap{overflow-x:auto;max-width:100%}\n"
	"table{border-collapse:collapse;margin:.4em 0;font-size:.92em}\n"
	"caption{caption-side:top;text-align:left;color:#555;padding:2px 0}\n"
	"th,td{padding:3px 9px;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:top}\n"
	"th{background:#f2f4f7;font-weight:600;white-space:nowrap}\n"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	"tbody tr:nth-child(even){background:#fafbfc}\n"
	"td.seq,td.open{max-width:28em}td.t{white-space:nowrap}\n"
	"td.outcome.opened{color:#0a6b2f;font-weight:600}td.outcome.failed{color:#a4262c}\n"
	"figure{margin:1em 0 1.4em}figcaption{font-weight:600;margin-bottom:.2em}\n"
	"svg.plot{display:block;width:100%;max-width:960px;height:auto}\n"
	"svg.plot text{font-size:12px;fill:#333}svg.plot text.title{font-size:13px;fill:#1b1b1b}\n"
	"svg.plot .axis path{stroke:#888;fill:none}svg.plot .axis path.grid{stroke:#e4e7eb}\n"
	"svg.plot .axis path.bound{stroke:#777;stroke-dasharray:3 3}\n"
	"svg.plot .lane{fill:#f1f3f5}svg.plot .probed{fill-opacity:.4}svg.plot .lg{fill:#555}\n"
	".t-tcp{fill:#0072B2}.t-udp{fill:#E69F00}.t-icmp{fill:#009E73}.t-other{fill:#8C8C8C}\n"
	".c-wk{fill:#CC79A7}.c-reg{fill:#56B4E9}.c-dyn{fill:#D55E00}\n"
	".sw{display:inline-block;width:.75em;height:.75em;border-radius:2px;vertical-align:-.05em}\n"
	".sw.t-tcp{background:#0072B2}.sw.t-udp{background:#E69F00}"
	".sw.t-icmp{background:#009E73}.sw.t-other{background:#8C8C8C}\n"
	"details.alt{margin:.2em 0 0;font-size:.92em}details.alt summary{cursor:pointer;color:#555}\n"
	"@media (max-width:720px){body{font-size:14px}main{padding:8px 10px 32px}"
	"dl.meta{grid-template-columns:1fr}dl.meta dd{margin-bottom:.3em}}\n"
	"@media print{body{font-size:10.5pt;color:#000}main{max-width:none;padding:0}nav{display:none}"
	"th,tbody tr:nth-child(even){background:none}.wrap{overflow:visible}"
	"thead{display:table-header-group}"
	"figure,svg.plot,tr,dl.meta{break-inside:avoid;page-break-inside:avoid}"
	"h2,h3,figcaption{break-after:avoid;page-break-after:avoid}"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

static void page_begin(FILE *out, const json_t *r)
{
	const char *first = htmlw_str(json_array_get(htmlw_at(r, "capture.files"), 0), "path");
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; img-src data:\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"portlens\">\n<title>portlens report", out);
	if (first) {
		fputs(": ", out);
		htmlw_esc_max(out, first, 120);
	}
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n", html_css);
}

/* ---- header ---- */

static void file_row(FILE *out, const json_t *f)
{
	const char *status = htmlw_str(f, "status");
	fputs("<tr>", out);
	htmlw_td_str(out, f, "path");
	htmlw_td_int(out, f, "packets");
	fprintf(out, "<td%s>", status && strcmp(status, "ok") != 0 ? " class=\"warn\"" : "");
	htmlw_str_or_dash(out, f, "status");
	fputs("</td>", out);
	htmlw_td_str(out, f, "error");
	fputs("</tr>\n", out);
}

static void header_files(FILE *out, const json_t *r)
{
	const json_t *files = htmlw_at(r, "capture.files");
	if (!json_is_array(files))
		return;
	fputs("<div class=\"wrap\"><table id=\"files\"><thead><tr><th>file read</th>"
	      "<th class=\"n\">packets</th><th>status</th><th>error</th></tr></thead><tbody>\n", out);
	size_t n = json_array_size(files);
	for (size_t i = 0; i < n && i < HTML_MAX_FILES; i++)
		file_row(out, json_array_get(files, i));
	fputs("</tbody></table></div>\n", out);
	if (n > HTML_MAX_FILES)
		fprintf(out, "<p class=\"note\">%zu more files are in the JSON report.</p>\n",
			n - HTML_MAX_FILES);
}

/* One <dt>/<dd> pair of the header's list: a time from the report. */
static void meta_time(FILE *out, const char *label, const json_t *r, const char *path)
{
	const char *s = htmlw_str(r, path);
	if (!s)
		return;
	fprintf(out, "<dt>%s</dt><dd>", label);
	htmlw_time(out, s);
	fputs(" UTC</dd>\n", out);
}

static void meta_totals(FILE *out, const json_t *r)
{
	json_int_t v;
	double d;
	char buf[32];
	if (htmlw_num(r, "capture.duration_s", &d)) {
		units_duration(buf, sizeof(buf), d);
		fprintf(out, "<dt>duration</dt><dd><span title=\"%.9g s\">%s</span></dd>\n", d, buf);
	}
	if (htmlw_int(r, "capture.packets", &v)) {
		fputs("<dt>packets</dt><dd>", out);
		htmlw_count(out, v);
		fputs("</dd>\n", out);
	}
	if (htmlw_int(r, "capture.bytes", &v)) {
		fputs("<dt>bytes</dt><dd>", out);
		htmlw_bytes(out, v);
		fputs(" on the wire</dd>\n", out);
	}
	if (htmlw_int(r, "flows.total", &v)) {
		fputs("<dt>flows</dt><dd>", out);
		htmlw_count(out, v);
		fputs("</dd>\n", out);
	}
}

static void meta_state(FILE *out, const json_t *r)
{
	json_int_t v;
	if (json_is_false(htmlw_at(r, "capture.complete")))
		fputs("<dt>complete</dt><dd class=\"warn\">no: an input did not read to its end "
		      "(see its status)</dd>\n", out);
	if (json_is_true(htmlw_at(r, "run.interrupted")))
		fputs("<dt>run</dt><dd class=\"warn\">interrupted</dd>\n", out);
	if (htmlw_int(r, "capture.live.received", &v))
		fprintf(out, "<dt>live capture</dt><dd>%" JSON_INTEGER_FORMAT " received</dd>\n", v);
	if (htmlw_int(r, "capture.timestamps_out_of_order", &v) && v > 0)
		fprintf(out, "<dt>out of order</dt><dd>%" JSON_INTEGER_FORMAT " records older than "
			"one before them</dd>\n", v);
}

static void header(FILE *out, const json_t *r)
{
	json_int_t schema;
	fputs("<header>\n<h1>portlens report</h1>\n<p class=\"sub\">", out);
	if (htmlw_str(r, "tool.version")) {
		fputs("portlens ", out);
		htmlw_esc(out, htmlw_str(r, "tool.version"));
	}
	if (htmlw_int(r, "schema_version", &schema))
		fprintf(out, " \xC2\xB7 report schema version %" JSON_INTEGER_FORMAT, schema);
	fputs("</p>\n", out);
	header_files(out, r);
	fputs("<dl class=\"meta\">\n", out);
	meta_time(out, "start", r, "capture.start");
	meta_time(out, "end", r, "capture.end");
	meta_totals(out, r);
	meta_state(out, r);
	fputs("</dl>\n</header>\n", out);
}

/* ---- decode errors and caps ---- */

/* Rows of the non-zero counters of one map, n of them written before;
 * returns the new count (at most HTML_MAX_DECODE_ROWS rows written). */
static size_t decode_rows(FILE *out, const json_t *map, const char *kind, size_t n)
{
	const char *key;
	json_t *v; /* jansson iterates through non-const pointers; read only */
	json_object_foreach((json_t *)map, key, v) {
		if (!json_is_integer(v) || json_integer_value(v) == 0)
			continue;
		if (n++ >= HTML_MAX_DECODE_ROWS)
			continue;
		fputs("<tr><td>", out);
		htmlw_esc(out, key);
		fprintf(out, "</td><td>%s</td><td class=\"n\">%" JSON_INTEGER_FORMAT "</td></tr>\n",
			kind, json_integer_value(v));
	}
	return n;
}

static void decode_errors(FILE *out, const json_t *r)
{
	const json_t *d = json_object_get(r, "decode");
	if (!json_is_object(d))
		return;
	fputs("<h3>Decode errors and warnings</h3>\n<p>", out);
	static const char *const parts[][2] = {
		{ "l4", "decoded to TCP, UDP or ICMP" }, { "l3_only", "IP only" },
		{ "non_ip", "without IP" }, { "errors", "stopped by a decode error" },
	};
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		json_int_t v;
		if (htmlw_int(d, parts[i][0], &v))
			fprintf(out, "%s%" JSON_INTEGER_FORMAT " %s", i ? "; " : "Packets: ", v, parts[i][1]);
	}
	fputs(".</p>\n<div class=\"wrap\"><table id=\"decode-errors\"><thead><tr><th>name</th>"
	      "<th>kind</th><th class=\"n\">packets</th></tr></thead><tbody>\n", out);
	size_t n = decode_rows(out, json_object_get(d, "by_error"), "error", 0);
	n = decode_rows(out, json_object_get(d, "warnings"), "warning", n);
	if (n == 0)
		fputs("<tr class=\"none\"><td colspan=\"3\">none</td></tr>\n", out);
	fputs("</tbody></table></div>\n", out);
	if (n > HTML_MAX_DECODE_ROWS)
		fprintf(out, "<p class=\"note\">%zu more counters are in the JSON report.</p>\n",
			n - HTML_MAX_DECODE_ROWS);
}

struct html_cap {
	const char *path, *meaning;
};

static const struct html_cap html_caps[] = {
	{ "flows.evicted", "flows ended early: the flow table was full (--max-flows)" },
	{ "detectors.scan.sources_evicted", "scan sources forgotten at max-sources" },
	{ "detectors.scan.scans_dropped", "scans not reported beyond max-scans" },
	{ "detectors.scan.groups_dropped", "distributed or decoy scans beyond 32 not reported" },
	{ "detectors.scan.contact_memory_resets", "times the first-contact memory was full and cleared" },
	{ "detectors.scan.probes_untimed", "probes decided when their flow ended, or ARP/ND requests undecided (queue full)" },
	{ "detectors.knock.knocks_dropped", "knocks not reported beyond max-knocks" },
	{ "detectors.knock.pairs_evicted", "(source, destination) pairs forgotten at max-pairs" },
	{ "detectors.knock.acceptance_memory_full", "first acceptances not remembered (table full)" },
	{ "ports.flows_not_counted", "flows missing from the port report (out of memory)" },
	{ "tunnels.contexts_dropped", "tunnelled flows whose tunnel context was not kept "
	  "(4096 at most): their flow lines name the tunnel type only" },
	{ "capture.live.dropped_kernel", "packets the kernel dropped (live capture)" },
	{ "capture.live.dropped_interface", "packets the interface dropped (live capture)" },
};

static void cap_row(FILE *out, const char *name, const char *value, const char *meaning)
{
	fputs("<tr class=\"cap\"><td>", out);
	htmlw_esc(out, name);
	fprintf(out, "</td><td class=\"n\">%s</td><td>", value);
	htmlw_esc(out, meaning);
	fputs("</td></tr>\n", out);
}

/* records_over_snaplen of each file, named by its path. */
static size_t cap_files(FILE *out, const json_t *r)
{
	const json_t *files = htmlw_at(r, "capture.files");
	size_t n = 0;
	for (size_t i = 0; i < json_array_size(files); i++) {
		const json_t *f = json_array_get(files, i);
		json_int_t v;
		char name[160], value[32];
		if (!htmlw_int(f, "records_over_snaplen", &v) || v == 0)
			continue;
		snprintf(name, sizeof(name), "capture.files[%zu].records_over_snaplen (%.100s)", i,
			 htmlw_str(f, "path") ? htmlw_str(f, "path") : "?");
		htmlw_utf8_trim(name);
		snprintf(value, sizeof(value), "%" JSON_INTEGER_FORMAT, v);
		cap_row(out, name, value, "records longer than the snap length: the rest was skipped");
		n++;
	}
	return n;
}

static void caps(FILE *out, const json_t *r)
{
	size_t n = 0;
	fputs("<h3>Caps that bit</h3>\n<div class=\"wrap\"><table id=\"caps\"><thead><tr>"
	      "<th>counter</th><th class=\"n\">value</th><th>meaning</th></tr></thead><tbody>\n", out);
	for (size_t i = 0; i < sizeof(html_caps) / sizeof(html_caps[0]); i++) {
		json_int_t v;
		char value[32];
		if (!htmlw_int(r, html_caps[i].path, &v) || v == 0)
			continue;
		snprintf(value, sizeof(value), "%" JSON_INTEGER_FORMAT, v);
		cap_row(out, html_caps[i].path, value, html_caps[i].meaning);
		n++;
	}
	if (json_is_true(htmlw_at(r, "ports.distinct_counts_capped"))) {
		cap_row(out, "ports.distinct_counts_capped", "true",
			"clients and servers per port are lower bounds (over 1M distinct pairs)");
		n++;
	}
	n += cap_files(out, r);
	if (n == 0)
		fputs("<tr class=\"none\"><td colspan=\"3\">none</td></tr>\n", out);
	fputs("</tbody></table></div>\n", out);
}

/* What each output did (report "outputs", absent before 0.2.0): records
 * handed over, sent, and lost (a collector down). */
static void outputs(FILE *out, const json_t *r)
{
	const json_t *o = json_object_get(r, "outputs");
	const char *name;
	json_t *c; /* iterated read only */
	if (!json_is_object(o) || json_object_size(o) == 0)
		return;
	fputs("<h3>Outputs</h3>\n<div class=\"wrap\"><table id=\"outputs\"><thead><tr>"
	      "<th>output</th><th class=\"n\">records</th><th class=\"n\">messages</th>"
	      "<th class=\"n\">bytes</th><th class=\"n\">errors</th>"
	      "<th class=\"n\">records lost</th></tr></thead><tbody>\n", out);
	json_object_foreach((json_t *)o, name, c) {
		static const char *const cols[] = { "records", "messages", "bytes", "errors",
						    "records_lost" };
		json_int_t lost = 0;
		htmlw_int(c, "records_lost", &lost);
		fputs(lost ? "<tr class=\"output lost\"><td>" : "<tr class=\"output\"><td>", out);
		htmlw_esc(out, name);
		fputs("</td>", out);
		for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
			json_int_t v = 0;
			htmlw_int(c, cols[i], &v);
			fputs("<td class=\"n\">", out);
			if (i == 2)
				htmlw_bytes(out, v);
			else
				htmlw_count(out, v);
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</tbody></table></div>\n", out);
}

static int health(FILE *out, const json_t *r)
{
	decode_errors(out, r);
	caps(out, r);
	outputs(out, r);
	return 0;
}

/* ---- the sections, in order ---- */

static int timeline(FILE *out, const json_t *r) { html_traffic_timeline(out, r); return 0; }
static int transports(FILE *out, const json_t *r) { html_traffic_transports(out, r); return 0; }
static int tunnels(FILE *out, const json_t *r) { html_traffic_tunnels(out, r); return 0; }
static int classes(FILE *out, const json_t *r) { html_traffic_classes(out, r); return 0; }
static int ports(FILE *out, const json_t *r) { html_traffic_ports(out, r); return 0; }
static int states(FILE *out, const json_t *r) { html_traffic_conn_states(out, r); return 0; }
static int knocks(FILE *out, const json_t *r) { html_alerts_knocks(out, r); return 0; }

struct html_section {
	const char *id, *title;
	const char *key, *key2; /* shown when one is an object or array (NULL: always) */
	int (*render)(FILE *out, const json_t *r); /* 0, or -1 with errno */
	int (*shown)(const json_t *r); /* instead of key, key2 when set */
};

static const struct html_section html_sections[] = {
	{ "s-timeline", "Traffic timeline", "timeline", NULL, timeline, NULL },
	{ "s-transports", "Traffic by transport", "protocols", NULL, transports, NULL },
	{ "s-tunnels", "Tunnels", NULL, NULL, tunnels, html_traffic_has_tunnels },
	{ "s-classes", "Port classes", "ports.by_class", NULL, classes, NULL },
	{ "s-ports", "Top ports", "ports.top", NULL, ports, NULL },
	{ "s-states", "Connection states", "flows.by_conn_state", NULL, states, NULL },
	{ "s-scans", "Scans", "scans", NULL, html_alerts_scans, NULL },
	{ "s-knocks", "Knocks", "knocks", "known_knock_sequences", knocks, NULL },
	{ "s-health", "Decode errors and caps", NULL, NULL, health, NULL },
};

#define HTML_N_SECTIONS (sizeof(html_sections) / sizeof(html_sections[0]))

static int is_container(const json_t *v)
{
	return json_is_object(v) || json_is_array(v);
}

static int section_shown(const struct html_section *s, const json_t *r)
{
	if (s->shown)
		return s->shown(r);
	if (!s->key)
		return 1;
	return is_container(htmlw_at(r, s->key)) || (s->key2 && is_container(htmlw_at(r, s->key2)));
}

static void nav(FILE *out, const json_t *r)
{
	fputs("<nav aria-label=\"sections\">", out);
	for (size_t i = 0; i < HTML_N_SECTIONS; i++)
		if (section_shown(&html_sections[i], r))
			fprintf(out, "<a href=\"#%s\">%s</a>", html_sections[i].id, html_sections[i].title);
	fputs("</nav>\n", out);
}

int html_render(FILE *out, const json_t *report)
{
	int rc = 0;
	errno = 0;
	page_begin(out, report);
	header(out, report);
	nav(out, report);
	for (size_t i = 0; i < HTML_N_SECTIONS && rc == 0 && !ferror(out); i++) {
		const struct html_section *s = &html_sections[i];
		if (!section_shown(s, report))
			continue;
		fprintf(out, "<section id=\"%s\">\n<h2>%s</h2>\n", s->id, s->title);
		rc = s->render(out, report);
		fputs("</section>\n", out);
	}
	fputs("</main>\n</body>\n</html>\n", out);
	if (rc != 0)
		return -1;
	if (fflush(out) != 0 || ferror(out)) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}
