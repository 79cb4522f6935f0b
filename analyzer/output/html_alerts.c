/* analyzer/output/html_alerts.c - see html_alerts.h. Scans and knocks in
 * the HTML report.
 *
 * Size: a report holds at most 256 scans and 1024 knocks, but each list
 * inside one (targets, open ports, a knock sequence) is shown cut to a
 * few dozen entries with the number left out, so the page stays small
 * whatever the capture; the JSON report has them all. A scan's probed
 * ports are drawn, not listed: the ranges string ("1-200,443,8080") may
 * name tens of thousands of ports, and the strip plot bins it into
 * HTMLPLOT_STRIP_COLS columns in one pass (htmlplot.h).
 *
 * The ranges parser accepts the report's form and skips anything else a
 * character at a time: a damaged string draws less, never crashes. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/output/html_alerts.h"
#include "analyzer/output/html_traffic.h"
#include "analyzer/output/htmlplot.h"
#include "analyzer/output/htmlw.h"
#include "analyzer/output/units.h"

#define TARGETS_SHOWN 5
#define OPEN_SHOWN 50
#define SEQ_SHOWN 16
#define SOURCES_SHOWN 32

/* " … and N more" after a cut list. */
static void more(FILE *out, size_t n, size_t shown)
{
	if (n > shown)
		fprintf(out, " \xE2\x80\xA6 and %zu more", n - shown);
}

/* ---- scans: the table ---- */

/* The source; a distributed scan's sources; a decoy scan's likely real
 * source and its decoys. */
static void scan_source(FILE *out, const json_t *a, const json_t *sc)
{
	const char *src = htmlw_str(a, "source.ip");
	const json_t *list = htmlw_at(sc, src ? "decoys.list" : "sources.list");
	json_int_t count = 0;
	fputs("<td>", out);
	if (src)
		htmlw_esc(out, src);
	if (json_array_size(list)) {
		fputs(src ? "<br><span class=\"note\">decoys: " : "", out);
		for (size_t i = 0; i < json_array_size(list) && i < TARGETS_SHOWN; i++) {
			fputs(i ? ", " : "", out);
			htmlw_esc(out, json_string_value(json_array_get(list, i)));
		}
		if (htmlw_int(sc, src ? "decoys.count" : "sources.count", &count) &&
		    count > TARGETS_SHOWN)
			fprintf(out, " (%" JSON_INTEGER_FORMAT " in all)", count);
		fputs(src ? "</span>" : "", out);
	} else if (!src) {
		fputc('-', out);
	}
	fputs("</td>", out);
}

static void scan_targets(FILE *out, const json_t *sc)
{
	const json_t *list = htmlw_at(sc, "targets.list");
	size_t n = json_array_size(list), shown = n < TARGETS_SHOWN ? n : TARGETS_SHOWN;
	json_int_t count;
	fputs("<td>", out);
	for (size_t i = 0; i < shown; i++) {
		fputs(i ? ", " : "", out);
		htmlw_esc(out, json_string_value(json_array_get(list, i)));
	}
	if (htmlw_int(sc, "targets.count", &count) && (count != (json_int_t)shown || n > shown))
		fprintf(out, "%s(%" JSON_INTEGER_FORMAT "%s in all)", shown ? " \xE2\x80\xA6 " : "",
			count, json_is_true(htmlw_at(sc, "targets.count_capped")) ? "+" : "");
	else if (shown == 0)
		fputc('-', out);
	fputs("</td>", out);
}

/* "22, 80/tcp" of one transport's list, "(+N more)" after a cut one;
 * returns the ports written. */
static size_t open_list(FILE *out, const json_t *list, const char *transport)
{
	size_t n = json_array_size(list), w = 0, i;
	for (i = 0; i < n && w < OPEN_SHOWN; i++) {
		const json_t *p = json_array_get(list, i);
		if (!json_is_integer(p))
			continue;
		fprintf(out, "%s%" JSON_INTEGER_FORMAT, w ? ", " : "", json_integer_value(p));
		w++;
	}
	if (w)
		fprintf(out, "/%s", transport);
	if (w && i < n)
		fprintf(out, " (+%zu more)", n - i);
	return w;
}

/* Host discovery: "up: N hosts (a, b, ...)" in the open-ports cell. */
static int scan_hosts_up(FILE *out, const json_t *sc)
{
	const json_t *up = htmlw_at(sc, "hosts_up");
	json_int_t n = 0;
	if (!json_is_object(up) || !htmlw_int(up, "count", &n))
		return 0;
	fprintf(out, "<td class=\"open\">up: %" JSON_INTEGER_FORMAT " host%s", n, n == 1 ? "" : "s");
	const json_t *list = json_object_get(up, "list");
	for (size_t i = 0; i < json_array_size(list) && i < OPEN_SHOWN; i++) {
		fputs(i ? ", " : " (", out);
		htmlw_esc(out, json_string_value(json_array_get(list, i)) ?
			  json_string_value(json_array_get(list, i)) : "?");
	}
	if (json_array_size(list))
		fputs(json_array_size(list) > OPEN_SHOWN ? ", ...)" : ")", out);
	fputs("</td>", out);
	return 1;
}

/* An IP protocol scan: "protocols: 1, 6, 17" answered (open). */
static int scan_protocols_open(FILE *out, const json_t *sc)
{
	const json_t *open = htmlw_at(sc, "protocols.open");
	if (!json_is_array(open))
		return 0;
	fputs("<td class=\"open\">protocols: ", out);
	for (size_t i = 0; i < json_array_size(open) && i < OPEN_SHOWN; i++)
		fprintf(out, "%s%" JSON_INTEGER_FORMAT, i ? ", " : "",
			json_integer_value(json_array_get(open, i)));
	if (json_array_size(open) == 0)
		fputs("none", out);
	fputs("</td>", out);
	return 1;
}

/* "22, 80/tcp; 53/udp", or "none". */
static void scan_open(FILE *out, const json_t *sc)
{
	if (scan_hosts_up(out, sc) || scan_protocols_open(out, sc))
		return;
	fputs("<td class=\"open\">", out);
	size_t t = open_list(out, htmlw_at(sc, "open_ports.tcp"), "tcp");
	if (json_array_size(htmlw_at(sc, "open_ports.udp")) > 0 && t)
		fputs("; ", out);
	if (open_list(out, htmlw_at(sc, "open_ports.udp"), "udp") + t == 0)
		fputs("none", out);
	fputs("</td>", out);
}

static void scan_when(FILE *out, const json_t *a)
{
	json_int_t ns;
	char d[32];
	fputs("<td class=\"t\">", out);
	htmlw_time(out, htmlw_str(a, "event.start"));
	if (htmlw_int(a, "event.duration", &ns)) {
		units_duration(d, sizeof(d), (double)ns / 1e9);
		fprintf(out, "<br><span class=\"note\">for %s</span>", d);
	}
	fputs("</td>", out);
}

static void scan_row(FILE *out, const json_t *a, size_t n)
{
	const json_t *sc = htmlw_at(a, "portlens.scan");
	fprintf(out, "<tr class=\"scan\" id=\"scan-%zu\"><td><a href=\"#scan-%zu-ports\">%zu</a></td>",
		n, n, n);
	scan_source(out, a, sc);
	scan_targets(out, sc);
	htmlw_td_str(out, sc, "kind");
	htmlw_td_str(out, sc, "technique");
	htmlw_td_int(out, sc, "probes");
	htmlw_td_int(out, sc, "ports.count");
	scan_open(out, sc);
	scan_when(out, a);
	fputs("</tr>\n", out);
}

static void scans_table(FILE *out, const json_t *scans, size_t shown)
{
	fputs("<div class=\"wrap\"><table id=\"scans\"><thead><tr><th>#</th><th>source</th>"
	      "<th>targets</th><th>kind</th><th>technique</th><th class=\"n\">probes</th>"
	      "<th class=\"n\">ports probed</th><th>open ports</th><th>start</th></tr></thead>"
	      "<tbody>\n", out);
	for (size_t i = 0; i < shown; i++)
		scan_row(out, json_array_get(scans, i), i + 1);
	fputs("</tbody></table></div>\n", out);
}

/* ---- scans: the strips ---- */

/* A decimal number at *s (saturating at 10^6), *s moved past it. */
static unsigned long ranges_num(const char **s)
{
	unsigned long v = 0;
	for (; isdigit((unsigned char)**s); (*s)++)
		if (v < 1000000ul)
			v = v * 10 + (unsigned long)(**s - '0');
	return v;
}

/* Mark the ports of "1-200,443,8080" probed. */
static void ranges_mark(struct htmlplot_lane *l, const char *s)
{
	while (s && *s) {
		if (!isdigit((unsigned char)*s)) {
			s++;
			continue;
		}
		unsigned long lo = ranges_num(&s), hi = lo;
		if (*s == '-' && isdigit((unsigned char)s[1])) {
			s++;
			hi = ranges_num(&s);
		}
		htmlplot_lane_probed(l, (unsigned)lo, (unsigned)hi);
	}
}

static void open_mark(struct htmlplot_lane *l, const json_t *list)
{
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *p = json_array_get(list, i);
		if (json_is_integer(p) && json_integer_value(p) >= 0 && json_integer_value(p) <= 65535)
			htmlplot_lane_open(l, (unsigned)json_integer_value(p));
	}
}

/* Lanes for the transports the scan has ports of (tcp when it has none). */
static void strip_fill(struct htmlplot_strip *st, const json_t *sc)
{
	static const char *const names[] = { "tcp", "udp" };
	htmlplot_strip_clear(st);
	st->n_lanes = 0;
	for (int i = 0; i < 2; i++) {
		char key[32];
		snprintf(key, sizeof(key), "ports.%s", names[i]);
		const char *ranges = htmlw_str(sc, key);
		snprintf(key, sizeof(key), "open_ports.%s", names[i]);
		const json_t *open = htmlw_at(sc, key);
		if ((!ranges || !*ranges) && json_array_size(open) == 0)
			continue;
		struct htmlplot_lane *l = &st->lane[st->n_lanes++];
		l->name = names[i];
		l->cls = html_traffic_class(names[i]);
		ranges_mark(l, ranges);
		open_mark(l, open);
	}
	if (st->n_lanes == 0) {
		st->n_lanes = 1;
		st->lane[0].name = names[0];
		st->lane[0].cls = html_traffic_class(names[0]);
	}
}

static void scan_strip(FILE *out, struct htmlplot_strip *st, const json_t *a, size_t n)
{
	const json_t *sc = htmlw_at(a, "portlens.scan");
	const char *src = htmlw_str(a, "source.ip");
	json_int_t probed = 0, open = 0;
	char id[40], cap[160], title[160], desc[320];
	htmlw_int(sc, "ports.count", &probed);
	htmlw_int(sc, "open_ports.count", &open);
	snprintf(id, sizeof(id), "scan-%zu-ports", n);
	snprintf(cap, sizeof(cap), "Scan %zu: ports probed by %.64s", n, src ? src : "?");
	snprintf(title, sizeof(title), "Ports probed and open, scan %zu from %.64s", n, src ? src : "?");
	snprintf(desc, sizeof(desc), "Strips of the ports per transport, 0 to 65535 in columns of "
		 "128 ports, and below them 0 to 1023 in columns of 2: light marks are probed ports, "
		 "darker taller marks ports that replied. %" JSON_INTEGER_FORMAT " ports probed, %"
		 JSON_INTEGER_FORMAT " open.", probed, open);
	htmlw_utf8_trim(cap);
	htmlw_utf8_trim(title);
	strip_fill(st, sc);
	st->text = (struct htmlplot_text){ id, cap, title, desc };
	htmlplot_strip(out, st);
}

int html_alerts_scans(FILE *out, const json_t *r)
{
	const json_t *scans = json_object_get(r, "scans");
	size_t n = json_array_size(scans), shown = n < HTML_ALERTS_MAX_SCANS ? n : HTML_ALERTS_MAX_SCANS;
	if (n == 0) {
		fputs("<p class=\"none\">No scans were reported.</p>\n", out);
		return 0;
	}
	scans_table(out, scans, shown);
	if (shown < n)
		fprintf(out, "<p class=\"note\">%zu more scans are in the JSON report.</p>\n", n - shown);
	struct htmlplot_strip *st = malloc(sizeof(*st));
	if (!st) {
		errno = ENOMEM;
		return -1;
	}
	fputs("<h3>Ports probed, per scan</h3>\n", out);
	for (size_t i = 0; i < shown; i++)
		scan_strip(out, st, json_array_get(scans, i), i + 1);
	free(st);
	return 0;
}

/* ---- knocks ---- */

/* "7000/tcp → 8000/tcp → 9000/tcp". */
static void sequence_text(FILE *out, const json_t *seq)
{
	size_t n = json_array_size(seq), shown = n < SEQ_SHOWN ? n : SEQ_SHOWN;
	for (size_t i = 0; i < shown; i++) {
		const json_t *k = json_array_get(seq, i);
		json_int_t port;
		fputs(i ? " \xE2\x86\x92 " : "", out);
		if (htmlw_int(k, "port", &port))
			fprintf(out, "%" JSON_INTEGER_FORMAT, port);
		else
			fputc('?', out);
		fputc('/', out);
		htmlw_str_or_dash(out, k, "transport");
	}
	more(out, n, shown);
	if (n == 0)
		fputc('-', out);
}

static void delays_text(FILE *out, const json_t *d)
{
	size_t n = json_array_size(d), shown = n < SEQ_SHOWN ? n : SEQ_SHOWN;
	for (size_t i = 0; i < shown; i++) {
		const json_t *x = json_array_get(d, i);
		fputs(i ? ", " : "", out);
		if (json_is_number(x))
			fprintf(out, "%.3f", json_number_value(x));
		else
			fputc('?', out);
	}
	more(out, n, shown);
	if (n == 0)
		fputc('-', out);
}

/* The outcome, with a class for its colour when it is one of the three. */
static void outcome_cell(FILE *out, const json_t *k)
{
	static const char *const known[] = { "opened", "failed", "incomplete" };
	const char *o = htmlw_str(k, "outcome");
	const char *cls = "";
	for (size_t i = 0; o && i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(o, known[i]) == 0)
			cls = known[i];
	fprintf(out, "<td class=\"outcome %s\">", cls);
	htmlw_str_or_dash(out, k, "outcome");
	fputs("</td>", out);
}

static void knock_row(FILE *out, const json_t *a, size_t n)
{
	const json_t *k = htmlw_at(a, "portlens.knock");
	double span;
	fprintf(out, "<tr class=\"knock\" id=\"knock-%zu\"><td>%zu</td>", n, n);
	htmlw_td_time(out, a, "event.start");
	htmlw_td_str(out, a, "source.ip");
	htmlw_td_str(out, a, "destination.ip");
	htmlw_td_str(out, k, "kind");
	fputs("<td class=\"seq\">", out);
	sequence_text(out, json_object_get(k, "sequence"));
	fputs("</td><td class=\"n\">", out);
	delays_text(out, json_object_get(k, "delays_s"));
	if (htmlw_num(k, "span_s", &span))
		fprintf(out, "</td><td class=\"n\">%.3f</td>", span);
	else
		fputs("</td><td class=\"n\">-</td>", out);
	outcome_cell(out, k);
	htmlw_td_int(out, k, "opened_port");
	htmlw_td_str(out, k, "rule");
	htmlw_td_str(out, k, "rule_match");
	fputs("</tr>\n", out);
}

static void known_row(FILE *out, const json_t *e)
{
	const json_t *src = json_object_get(e, "sources");
	size_t n = json_array_size(src), shown = n < SOURCES_SHOWN ? n : SOURCES_SHOWN;
	fputs("<tr class=\"known\">", out);
	htmlw_td_str(out, e, "destination");
	fputs("<td class=\"seq\">", out);
	sequence_text(out, json_object_get(e, "sequence"));
	fputs("</td>", out);
	htmlw_td_int(out, e, "uses");
	fputs("<td>", out);
	for (size_t i = 0; i < shown; i++) {
		fputs(i ? ", " : "", out);
		htmlw_esc(out, json_string_value(json_array_get(src, i)));
	}
	more(out, n, shown);
	fputs("</td></tr>\n", out);
}

static void known_table(FILE *out, const json_t *known)
{
	size_t n = json_array_size(known), shown = n < HTML_ALERTS_MAX_KNOCKS ? n : HTML_ALERTS_MAX_KNOCKS;
	if (n == 0)
		return;
	fputs("<h3>Known knock sequences (opened a door more than once)</h3>\n<div class=\"wrap\">"
	      "<table id=\"known-knocks\"><thead><tr><th>destination</th><th>sequence</th>"
	      "<th class=\"n\">uses</th><th>sources</th></tr></thead><tbody>\n", out);
	for (size_t i = 0; i < shown; i++)
		known_row(out, json_array_get(known, i));
	fputs("</tbody></table></div>\n", out);
	if (shown < n)
		fprintf(out, "<p class=\"note\">%zu more sequences are in the JSON report.</p>\n",
			n - shown);
}

void html_alerts_knocks(FILE *out, const json_t *r)
{
	const json_t *knocks = json_object_get(r, "knocks");
	size_t n = json_array_size(knocks), shown = n < HTML_ALERTS_MAX_KNOCKS ? n : HTML_ALERTS_MAX_KNOCKS;
	if (n == 0) {
		fputs("<p class=\"none\">No knocks or single-packet authorizations were "
		      "reported.</p>\n", out);
	} else {
		fputs("<div class=\"wrap\"><table id=\"knocks\"><thead><tr><th>#</th><th>start</th>"
		      "<th>source</th><th>destination</th><th>kind</th><th>sequence</th>"
		      "<th class=\"n\">delays (s)</th><th class=\"n\">span (s)</th><th>outcome</th>"
		      "<th class=\"n\">opened port</th><th>rule</th><th>rule match</th></tr>"
		      "</thead><tbody>\n", out);
		for (size_t i = 0; i < shown; i++)
			knock_row(out, json_array_get(knocks, i), i + 1);
		fputs("</tbody></table></div>\n", out);
		if (shown < n)
			fprintf(out, "<p class=\"note\">%zu more knocks are in the JSON report.</p>\n",
				n - shown);
	}
	known_table(out, json_object_get(r, "known_knock_sequences"));
}
