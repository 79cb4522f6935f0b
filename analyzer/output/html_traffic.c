/* analyzer/output/html_traffic.c - see html_traffic.h. The traffic
 * sections of the HTML report, read from the report document.
 *
 * The timeline (docs/json.md, "timeline") holds per-transport arrays of
 * buckets; a report may hold more buckets than a plot can show legibly,
 * so more than HTMLPLOT_MAX_COLS are summed into wider bars (each bar
 * then spans `merge` buckets; the data table lists the bars drawn).
 *
 * Trap: jansson's object iteration takes a non-const json_t *; the
 * report is never written through it (json_object_iter_next only reads). */
#include <math.h>
#include <string.h>
#include "analyzer/output/html_traffic.h"
#include "analyzer/output/htmlplot.h"
#include "analyzer/output/htmlw.h"
#include "analyzer/output/units.h"

#define TL_SERIES 4

static const struct htmlplot_series transport_series[TL_SERIES] = {
	{ "tcp", "t-tcp" }, { "udp", "t-udp" }, { "icmp", "t-icmp" }, { "other", "t-other" },
};

const char *html_traffic_class(const char *transport)
{
	if (!transport)
		return NULL;
	for (int i = 0; i < TL_SERIES; i++)
		if (strcmp(transport, transport_series[i].name) == 0)
			return transport_series[i].cls;
	return strcmp(transport, "icmpv6") == 0 ? "t-icmp" : NULL;
}

/* ---- timeline ---- */

struct tl_view {
	const json_t *arr[TL_SERIES]; /* per transport; NULL when not an array */
	size_t n;                     /* buckets: the longest array */
	size_t merge;                 /* buckets per bar */
};

static void tl_view_init(struct tl_view *v, const json_t *tl, const char *measure)
{
	const json_t *m = json_object_get(tl, measure);
	v->n = 0;
	for (int s = 0; s < TL_SERIES; s++) {
		const json_t *a = json_object_get(m, transport_series[s].name);
		v->arr[s] = json_is_array(a) ? a : NULL;
		if (v->arr[s] && json_array_size(a) > v->n)
			v->n = json_array_size(a);
	}
	v->merge = v->n > HTMLPLOT_MAX_COLS ? (v->n + HTMLPLOT_MAX_COLS - 1) / HTMLPLOT_MAX_COLS : 1;
}

static size_t tl_cols(const struct tl_view *v)
{
	return (v->n + v->merge - 1) / v->merge;
}

static double tl_value(const void *ctx, int s, size_t col)
{
	const struct tl_view *v = ctx;
	size_t a = col * v->merge, b = a + v->merge;
	double sum = 0;
	if (b > v->n)
		b = v->n;
	for (size_t i = a; i < b; i++) {
		const json_t *x = json_array_get(v->arr[s], i);
		if (json_is_number(x) && json_number_value(x) > 0)
			sum += json_number_value(x);
	}
	return sum;
}

static double tl_total(const struct tl_view *v)
{
	double t = 0;
	for (size_t c = 0; c < tl_cols(v); c++)
		for (int s = 0; s < TL_SERIES; s++)
			t += tl_value(v, s, c);
	return t;
}

/* "time since 2026-11-26 18:15:50 UTC" from an RFC 3339 start. */
static void tl_x_label(char *buf, size_t n, const char *start)
{
	if (start && strlen(start) >= 23 && start[10] == 'T' && start[19] == '.')
		snprintf(buf, n, "time since %.10s %.12s UTC", start, start + 11);
	else if (start && strlen(start) >= 19 && start[10] == 'T')
		snprintf(buf, n, "time since %.10s %.8s UTC", start, start + 11);
	else
		snprintf(buf, n, "time since the first bucket");
	htmlw_utf8_trim(buf);
}

static void tl_plot(FILE *out, const json_t *tl, const struct tl_view *v, int bytes)
{
	double bucket_s = 0;
	char width[32], xl[96], cap[128], desc[400], total[32];
	const char *what = bytes ? "Bytes" : "Packets";
	int timed = htmlw_num(tl, "bucket_s", &bucket_s) && bucket_s > 0 && isfinite(bucket_s);
	double dx = timed ? bucket_s * (double)v->merge : 0;
	if (timed)
		units_duration(width, sizeof(width), dx);
	else
		snprintf(width, sizeof(width), "a bucket");
	tl_x_label(xl, sizeof(xl), htmlw_str(tl, "start"));
	if (bytes)
		units_bytes(total, sizeof(total), tl_total(v));
	else
		units_count(total, sizeof(total), tl_total(v));
	snprintf(cap, sizeof(cap), "%s per %s, by transport", what, width);
	snprintf(desc, sizeof(desc), "Stacked bars over time, one per %s, %s; each bar stacks "
		 "tcp, udp, icmp (with ICMPv6) and other from the bottom. %s %s in all.",
		 width, xl, total, bytes ? "bytes on the wire" : "packets");
	htmlw_utf8_trim(desc);
	struct htmlplot_stacked p = {
		.text = { bytes ? "timeline-bytes" : "timeline-packets", cap,
			  bytes ? "Bytes over time by transport" : "Packets over time by transport",
			  desc },
		.x_label = xl, .y_label = bytes ? "bytes" : "packets", .bytes = bytes,
		.n_series = TL_SERIES, .series = transport_series,
		.n_cols = tl_cols(v), .dx = dx, .value = tl_value, .ctx = v,
	};
	htmlplot_stacked(out, &p);
}

/* "120 buckets of 16.8 ms, from START to END." */
static void tl_span(FILE *out, const json_t *tl, const struct tl_view *v)
{
	double bucket_s;
	char w[32];
	fprintf(out, "<p>%zu buckets", v->n);
	if (htmlw_num(tl, "bucket_s", &bucket_s)) {
		units_duration(w, sizeof(w), bucket_s);
		fprintf(out, " of %s", w);
	}
	if (htmlw_str(tl, "start")) {
		fputs(", from ", out);
		htmlw_time(out, htmlw_str(tl, "start"));
		fputs(" to ", out);
		htmlw_time(out, htmlw_str(tl, "end"));
		fputs(" UTC", out);
	}
	if (v->merge > 1)
		fprintf(out, "; each bar sums %zu buckets", v->merge);
	fputs(".</p>\n", out);
}

static void tl_notes(FILE *out, const json_t *tl)
{
	json_int_t n = 0, before = 0, after = 0, b = 0;
	double bucket_s = 0;
	if (json_is_true(json_object_get(tl, "rolling"))) {
		size_t k = json_array_size(htmlw_at(tl, "packets.tcp"));
		json_int_t buckets = 0;
		if (!htmlw_int(tl, "buckets", &buckets))
			buckets = (json_int_t)k;
		htmlw_num(tl, "bucket_s", &bucket_s);
		double span = (double)buckets * bucket_s;
		if (span > 0 && isfinite(span))
			fprintf(out, "<p class=\"note rolling\">rolling: last %g s (a live capture "
				"keeps only the latest buckets)</p>\n", span);
		else
			fputs("<p class=\"note rolling\">rolling: the latest buckets of a live "
			      "capture</p>\n", out);
	}
	if (htmlw_int(tl, "outside.packets", &n) && n > 0) {
		htmlw_int(tl, "outside.before", &before);
		htmlw_int(tl, "outside.after", &after);
		fprintf(out, "<p class=\"note outside\">%" JSON_INTEGER_FORMAT " packets outside "
			"the plotted span: %" JSON_INTEGER_FORMAT " before, %" JSON_INTEGER_FORMAT
			" after", n, before, after);
		if (htmlw_int(tl, "outside.bytes", &b))
			fprintf(out, " (%" JSON_INTEGER_FORMAT " bytes)", b);
		fputs(".</p>\n", out);
	}
}

void html_traffic_timeline(FILE *out, const json_t *r)
{
	const json_t *tl = json_object_get(r, "timeline");
	struct tl_view pk, by;
	tl_view_init(&pk, tl, "packets");
	tl_view_init(&by, tl, "bytes");
	tl_span(out, tl, &pk);
	if (tl_total(&pk) > 0)
		tl_plot(out, tl, &pk, 0);
	if (tl_total(&by) > 0)
		tl_plot(out, tl, &by, 1);
	if (tl_total(&pk) <= 0 && tl_total(&by) <= 0)
		fputs("<p class=\"none\">No packets in the timeline.</p>\n", out);
	tl_notes(out, tl);
}

/* ---- traffic by transport ---- */

static void transport_row(FILE *out, const json_t *protos, const char *name,
			  const char *layer, json_int_t all)
{
	const json_t *p = json_object_get(protos, name);
	const char *cls = html_traffic_class(name);
	json_int_t n;
	if (!json_is_object(p))
		return;
	fprintf(out, "<tr><td>%s</td><td>", layer);
	if (cls)
		fprintf(out, "<span class=\"sw %s\"></span> ", cls);
	fprintf(out, "%s</td>", name);
	htmlw_td_count(out, p, "packets");
	if (htmlw_int(p, "packets", &n) && all > 0)
		fprintf(out, "<td class=\"n\">%.1f %%</td>", 100.0 * (double)n / (double)all);
	else
		fputs("<td class=\"n\">-</td>", out);
	htmlw_td_bytes(out, p, "bytes");
	fputs("</tr>\n", out);
}

void html_traffic_transports(FILE *out, const json_t *r)
{
	static const char *const names[] = { "ipv4", "ipv6", "tcp", "udp", "icmp", "icmpv6", "other" };
	const json_t *protos = json_object_get(r, "protocols");
	json_int_t all = 0;
	htmlw_int(r, "capture.packets", &all);
	fputs("<div class=\"wrap\"><table id=\"transports\"><thead><tr><th>layer</th>"
	      "<th>protocol</th><th class=\"n\">packets</th><th class=\"n\">of all packets</th>"
	      "<th class=\"n\">bytes</th></tr></thead><tbody>\n", out);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		transport_row(out, protos, names[i], i < 2 ? "network" : "transport", all);
	fputs("</tbody></table></div>\n<p class=\"note\">Packets whose IP header passed its "
	      "checks, by the protocol it names; \"other\": other IP protocols. Frames "
	      "without IP are counted under decode (below).</p>\n", out);
}

/* ---- tunnels ---- */

int html_traffic_has_tunnels(const json_t *r)
{
	const char *key;
	json_t *v; /* iterated read only */
	json_object_foreach((json_t *)htmlw_at(r, "tunnels.by_type"), key, v) {
		json_int_t n;
		if (htmlw_int(v, "packets", &n) && n > 0)
			return 1;
	}
	return 0;
}

/* A count from the report in running text: the short form, "-" when
 * absent. */
static void tunnel_count(FILE *out, const json_t *v, const char *path, int bytes)
{
	json_int_t n;
	if (!htmlw_int(v, path, &n))
		fputs("-", out);
	else if (bytes)
		htmlw_bytes(out, n);
	else
		htmlw_count(out, n);
}

/* "N packets were decapsulated (B); outer transport: udp N, ...". */
static void tunnel_summary(FILE *out, const json_t *tu)
{
	static const char *const outer[] = { "tcp", "udp", "icmp", "icmpv6", "other", "none" };
	const char *sep = "; outer transport: ";
	fputs("<p>", out);
	tunnel_count(out, tu, "packets", 0);
	fputs(" packets were decapsulated (", out);
	tunnel_count(out, tu, "bytes", 1);
	fputs(")", out);
	for (size_t i = 0; i < sizeof(outer) / sizeof(outer[0]); i++) {
		json_int_t n;
		if (!htmlw_int(json_object_get(tu, "outer_transport"), outer[i], &n) || n <= 0)
			continue;
		fprintf(out, "%s%s %" JSON_INTEGER_FORMAT, sep, outer[i], n);
		sep = ", ";
	}
	fputs(". Flows created from them: ", out);
	tunnel_count(out, tu, "flows", 0);
	fputs(", in ", out);
	tunnel_count(out, tu, "contexts", 0);
	fputs(" distinct tunnel contexts.</p>\n", out);
}

static void tunnel_row(FILE *out, const char *type, const json_t *c)
{
	fputs("<tr class=\"tunnel\"><td>", out);
	htmlw_esc_max(out, type, 64);
	fputs("</td>", out);
	htmlw_td_count(out, c, "packets");
	htmlw_td_bytes(out, c, "bytes");
	htmlw_td_count(out, c, "decapsulated");
	htmlw_td_count(out, c, "errors");
	htmlw_td_count(out, c, "not_tunnel");
	fputs("</tr>\n", out);
}

/* The UDP ports of each UDP tunnel type, and --tunnel-key. */
static void tunnel_settings(FILE *out, const json_t *tu)
{
	const char *key;
	json_t *ports; /* iterated read only */
	size_t shown = 0;
	fputs("<p class=\"note\">UDP ports:", out);
	json_object_foreach((json_t *)json_object_get(tu, "udp_ports"), key, ports) {
		if (shown++ == HTML_TRAFFIC_MAX_TUNNELS)
			break;
		fputs(shown > 1 ? "; " : " ", out);
		htmlw_esc_max(out, key, 64);
		for (size_t i = 0; i < json_array_size(ports) && i < 32; i++)
			fprintf(out, "%s%" JSON_INTEGER_FORMAT, i ? ", " : " ",
				json_integer_value(json_array_get(ports, i)));
		if (!json_array_size(ports))
			fputs(" none", out);
	}
	fprintf(out, ". Decapsulation %s; the tunnel id is %spart of the flow key.</p>\n",
		json_is_false(json_object_get(tu, "decapsulation")) ? "off" : "on",
		json_is_true(json_object_get(tu, "tunnel_key")) ? "" : "not ");
}

void html_traffic_tunnels(FILE *out, const json_t *r)
{
	const json_t *tu = json_object_get(r, "tunnels");
	const char *key;
	json_t *c; /* iterated read only */
	size_t rows = 0, more = 0;
	tunnel_summary(out, tu);
	fputs("<div class=\"wrap\"><table id=\"tunnels\"><thead><tr><th>type</th>"
	      "<th class=\"n\">packets</th><th class=\"n\">bytes</th>"
	      "<th class=\"n\">decapsulated</th><th class=\"n\">errors</th>"
	      "<th class=\"n\" title=\"UDP packets on its ports that were not its header\">"
	      "not tunnel</th></tr></thead><tbody>\n", out);
	json_object_foreach((json_t *)json_object_get(tu, "by_type"), key, c) {
		json_int_t n = 0, declined = 0;
		htmlw_int(c, "packets", &n);
		htmlw_int(c, "not_tunnel", &declined);
		if (n <= 0 && declined <= 0)
			continue;
		if (rows++ < HTML_TRAFFIC_MAX_TUNNELS)
			tunnel_row(out, key, c);
		else
			more++;
	}
	fputs("</tbody></table></div>\n", out);
	if (more)
		fprintf(out, "<p class=\"note\">%zu more tunnel types are in the JSON report.</p>\n",
			more);
	fputs("<p class=\"note\">A packet nested in several tunnels counts under each; its "
	      "flows, ports and detections are those of the innermost packet. Errors: "
	      "packets stopped by a broken header of that type (also under decode "
	      "errors).</p>\n", out);
	tunnel_settings(out, tu);
}

/* ---- port classes ---- */

void html_traffic_classes(FILE *out, const json_t *r)
{
	static const struct htmlplot_series cats[] = {
		{ "well-known", "c-wk" }, { "registered", "c-reg" }, { "dynamic", "c-dyn" },
	};
	static const char *const panels[] = { "flows", "bytes" };
	static const int panel_bytes[] = { 0, 1 };
	const json_t *bc = htmlw_at(r, "ports.by_class");
	double v[2 * 3];
	for (int k = 0; k < 2; k++)
		for (int c = 0; c < 3; c++) {
			double x = 0;
			htmlw_num(json_object_get(bc, cats[c].name), panels[k], &x);
			v[k * 3 + c] = x;
		}
	struct htmlplot_bars p = {
		.text = { "port-classes", "Flows and bytes by the responder's port class",
			  "Flows and bytes by port class",
			  "Two bar charts: flows (left) and bytes (right) to responder ports in "
			  "each IANA class: well-known 0-1023, registered 1024-49151, dynamic "
			  "49152-65535." },
		.cat_head = "class", .n_panels = 2, .panel_names = panels,
		.panel_bytes = panel_bytes, .n_cats = 3, .cats = cats, .values = v,
	};
	htmlplot_bars(out, &p);
}

/* ---- top ports ---- */

static void port_row(FILE *out, const json_t *e)
{
	const char *t = htmlw_str(e, "transport"), *cls = html_traffic_class(t);
	fputs("<tr>", out);
	htmlw_td_int(out, e, "port");
	fputs("<td>", out);
	if (cls)
		fprintf(out, "<span class=\"sw %s\"></span> ", cls);
	htmlw_str_or_dash(out, e, "transport");
	fputs("</td>", out);
	htmlw_td_str(out, e, "service");
	htmlw_td_str(out, e, "class");
	htmlw_td_int(out, e, "flows");
	htmlw_td_int(out, e, "clients");
	htmlw_td_int(out, e, "servers");
	htmlw_td_int(out, e, "rejected");
	htmlw_td_int(out, e, "unanswered");
	htmlw_td_bytes(out, e, "bytes");
	fputs("</tr>\n", out);
}

void html_traffic_ports(FILE *out, const json_t *r)
{
	const json_t *top = htmlw_at(r, "ports.top");
	size_t n = json_array_size(top), shown = n < HTML_TRAFFIC_MAX_PORTS ? n : HTML_TRAFFIC_MAX_PORTS;
	json_int_t distinct;
	if (htmlw_int(r, "ports.distinct", &distinct))
		fprintf(out, "<p>The %zu responder ports with the most flows, of %" JSON_INTEGER_FORMAT
			" distinct (port, transport) pairs.</p>\n", n, distinct);
	fputs("<div class=\"wrap\"><table id=\"ports\"><thead><tr><th class=\"n\">port</th>"
	      "<th>transport</th><th>service</th><th>class</th><th class=\"n\">flows</th>"
	      "<th class=\"n\">clients</th><th class=\"n\">servers</th>"
	      "<th class=\"n\" title=\"flows in REJ or RSTOS0\">rejected</th>"
	      "<th class=\"n\" title=\"flows in S0\">unanswered</th><th class=\"n\">bytes</th>"
	      "</tr></thead><tbody>\n", out);
	for (size_t i = 0; i < shown; i++)
		port_row(out, json_array_get(top, i));
	fputs("</tbody></table></div>\n", out);
	if (shown < n)
		fprintf(out, "<p class=\"note\">%zu more ports are in the JSON report.</p>\n", n - shown);
	if (json_is_true(htmlw_at(r, "ports.distinct_counts_capped")))
		fputs("<p class=\"note\">Clients and servers are lower bounds (over a million "
		      "distinct pairs).</p>\n", out);
}

/* ---- connection states ---- */

/* Zeek's conn_state meanings (docs/flows.md). */
static const char *state_meaning(const char *transport, const char *state)
{
	static const char *const tcp[][2] = {
		{ "S0", "SYN, no reply" }, { "S1", "established, not closed" },
		{ "SF", "established and closed by FIN both ways" },
		{ "REJ", "SYN answered by RST" }, { "S2", "established, FIN from the originator only" },
		{ "S3", "established, FIN from the responder only" },
		{ "RSTO", "established, reset by the originator" },
		{ "RSTR", "established, reset by the responder" },
		{ "RSTOS0", "SYN then RST from the originator, no SYN+ACK" },
		{ "RSTRH", "SYN+ACK then RST from the responder, no SYN seen" },
		{ "SH", "SYN then FIN, no SYN+ACK" }, { "SHR", "SYN+ACK then FIN, no SYN seen" },
		{ "OTH", "no SYN: midstream" },
	};
	static const char *const other[][2] = {
		{ "SF", "both sides sent" }, { "S0", "only the originator sent" },
		{ "REJ", "only the originator sent; an ICMP error named the flow" },
	};
	int is_tcp = strcmp(transport, "tcp") == 0;
	size_t n = is_tcp ? sizeof(tcp) / sizeof(tcp[0]) : sizeof(other) / sizeof(other[0]);
	for (size_t i = 0; i < n; i++) {
		const char *const *e = is_tcp ? tcp[i] : other[i];
		if (strcmp(e[0], state) == 0)
			return e[1];
	}
	return NULL;
}

/* Rows of one transport, most flows first; returns the new row count. */
static size_t state_rows(const json_t *states, int series, struct htmlplot_hbar *rows, size_t n)
{
	size_t first = n;
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)states, key, v) {
		if (n == HTML_TRAFFIC_MAX_STATES || !json_is_number(v))
			continue;
		struct htmlplot_hbar row = { transport_series[series].name, key,
			state_meaning(transport_series[series].name, key), series,
			json_number_value(v) };
		size_t j = n++;
		for (; j > first && rows[j - 1].value < row.value; j--)
			rows[j] = rows[j - 1];
		rows[j] = row;
	}
	return n;
}

void html_traffic_conn_states(FILE *out, const json_t *r)
{
	const json_t *bc = htmlw_at(r, "flows.by_conn_state");
	struct htmlplot_hbar rows[HTML_TRAFFIC_MAX_STATES];
	size_t n = 0;
	for (int s = 0; s < TL_SERIES; s++)
		n = state_rows(json_object_get(bc, transport_series[s].name), s, rows, n);
	if (n == 0) {
		fputs("<p class=\"none\">No flows.</p>\n", out);
		return;
	}
	struct htmlplot_hbars p = {
		.text = { "conn-states", "Flows by connection state (Zeek conn_state), per transport",
			  "Flows by connection state",
			  "Horizontal bars: the number of flows in each Zeek connection state, "
			  "grouped by transport (tcp, udp, icmp, other), most first." },
		.x_label = "flows", .group_head = "transport", .label_head = "state",
		.tip_head = "meaning", .n_series = TL_SERIES, .series = transport_series,
		.n_rows = n, .rows = rows,
	};
	htmlplot_hbars(out, &p);
}
