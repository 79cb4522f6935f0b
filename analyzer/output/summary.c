/* analyzer/output/summary.c - see summary.h. One screen (about 40 lines
 * of 80 columns): the capture, traffic by transport with a sparkline of
 * the timeline, the tunnels that carried packets, flows by conn_state,
 * the busiest ports, scans, knocks, decode errors and the caps that bit.
 * Numbers carry units (units.h: K/M for counts, B/KiB/MiB/GiB for
 * bytes); long lists are cut with "and N more". Everything comes from
 * the report document: a field it lacks (an older report) is left out,
 * never guessed. Text is UTF-8 (the sparkline's blocks); colour (ANSI
 * SGR) only when the style asks. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "analyzer/output/summary.h"
#include "analyzer/output/units.h"

enum { TOP_SCANS = 5, TOP_KNOCKS = 5, TOP_ERRORS = 6, SPARK_COLS = 54 };

struct out {
	FILE *f;
	const struct summary_style *st;
};

/* ---- reading the report --------------------------------------------------- */

static json_t *at(const json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(o, a);
	return b ? json_object_get(v, b) : v;
}

static json_int_t num(const json_t *o, const char *a, const char *b)
{
	json_t *v = at(o, a, b);
	return json_is_integer(v) ? json_integer_value(v) : 0;
}

static const char *str(const json_t *o, const char *a, const char *b)
{
	return json_string_value(at(o, a, b));
}

/* ---- units --------------------------------------------------------------------- */

/* The shared short forms (units.h), returning buf for use in arguments. */
static const char *count_text(char *buf, size_t n, json_int_t v)
{
	units_count(buf, n, (double)v);
	return buf;
}

static const char *bytes_text(char *buf, size_t n, json_int_t v)
{
	units_bytes(buf, n, (double)v);
	return buf;
}

static const char *duration_text(char *buf, size_t n, double s)
{
	units_duration(buf, n, s);
	return buf;
}

/* ---- writing ------------------------------------------------------------------------ */

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(o->f, fmt, ap);
	va_end(ap);
}

/* A piece of text in an SGR colour (1 bold, 31 red, 33 yellow, 2 dim). */
static void colored(struct out *o, const char *sgr, const char *text)
{
	if (o->st->color)
		put(o, "\033[%sm%s\033[0m", sgr, text);
	else
		put(o, "%s", text);
}

static void heading(struct out *o, const char *title, const char *extra)
{
	put(o, "\n");
	colored(o, "1", title);
	put(o, "%s%s\n", extra && *extra ? "  " : "", extra ? extra : "");
}

/* "2026-11-26T18:15:50.601804000Z" -> "2026-11-26 18:15:50" */
static const char *clock_text(char *buf, size_t n, const char *rfc3339)
{
	if (!rfc3339 || strlen(rfc3339) < 19) {
		snprintf(buf, n, "-");
		return buf;
	}
	snprintf(buf, n, "%.10s %.8s", rfc3339, rfc3339 + 11);
	return buf;
}

/* ---- sections ---------------------------------------------------------------------- */

/* "2026-11-26 18:15:50 to 18:15:54 UTC (4.0 s)"; the end's date only
 * when it differs. */
static void span_line(struct out *o, const json_t *cap)
{
	char a[32], b[32], c[32];
	const char *start = str(cap, "start", NULL), *end = str(cap, "end", NULL);
	json_t *dur = at(cap, "duration_s", NULL);
	if (!start || !end || !json_is_number(dur))
		return;
	clock_text(a, sizeof(a), start);
	clock_text(b, sizeof(b), end);
	put(o, "  %s to %s UTC (%s)\n", a, strncmp(a, b, 10) == 0 ? b + 11 : b,
	    duration_text(c, sizeof(c), json_number_value(dur)));
}

static void capture_section(struct out *o, const json_t *r)
{
	const json_t *cap = at(r, "capture", NULL);
	json_t *files = at(cap, "files", NULL);
	char a[32], b[32];
	size_t i;
	json_t *f;
	colored(o, "1", "portlens");
	put(o, " %s: %s packets, %s\n", str(r, "tool", "version") ? str(r, "tool", "version") : "?",
	    count_text(a, sizeof(a), num(cap, "packets", NULL)),
	    bytes_text(b, sizeof(b), num(cap, "bytes", NULL)));
	span_line(o, cap);
	json_int_t errors = num(r, "decode", "errors");
	if (errors)
		put(o, "  decode errors: %s packets (below); the counters still add up\n",
		    count_text(a, sizeof(a), errors));
	else
		put(o, "  every packet decoded\n");
	json_array_foreach(files, i, f) {
		const char *status = str(f, "status", NULL);
		put(o, "  %s: %s packets", str(f, "path", NULL) ? str(f, "path", NULL) : "?",
		    count_text(a, sizeof(a), num(f, "packets", NULL)));
		if (status && strcmp(status, "ok") != 0) {
			put(o, ", ");
			colored(o, "31", status);
			if (str(f, "error", NULL))
				put(o, ": %s", str(f, "error", NULL));
		}
		put(o, "\n");
		if (i == 4 && json_array_size(files) > 6) {
			put(o, "  and %zu more files\n", json_array_size(files) - 5);
			break;
		}
	}
}

static const char *const slots[] = { "tcp", "udp", "icmp", "other" };

/* One sparkline row of the timeline's packets: SPARK_COLS columns, each
 * the sum of the buckets it covers, scaled to eight block heights. */
static void sparkline(struct out *o, const json_t *t)
{
	static const char *const blocks[] = { " ", "\u2581", "\u2582", "\u2583", "\u2584",
					      "\u2585", "\u2586", "\u2587", "\u2588" };
	json_int_t cols[SPARK_COLS] = { 0 }, max = 0;
	size_t n = (size_t)num(t, "buckets", NULL);
	if (!n || !str(t, "start", NULL))
		return;
	for (int s = 0; s < 4; s++) {
		json_t *a = at(at(t, "packets", NULL), slots[s], NULL);
		for (size_t i = 0; i < n && i < json_array_size(a); i++)
			cols[i * SPARK_COLS / n] += json_integer_value(json_array_get(a, i));
	}
	for (int i = 0; i < SPARK_COLS; i++)
		if (cols[i] > max)
			max = cols[i];
	char c[32];
	put(o, "  timeline  ");
	for (int i = 0; i < SPARK_COLS; i++)
		put(o, "%s", blocks[max ? (cols[i] * 8 + max - 1) / max : 0]);
	json_t *bs = at(t, "bucket_s", NULL);
	put(o, "  %s\n", duration_text(c, sizeof(c), json_number_value(bs) * (double)n));
	json_int_t outside = num(at(t, "outside", NULL), "packets", NULL);
	if (outside)
		put(o, "            %s packets outside this span (%lld before, %lld after)\n",
		    count_text(c, sizeof(c), outside), (long long)num(at(t, "outside", NULL), "before", NULL),
		    (long long)num(at(t, "outside", NULL), "after", NULL));
}

static void traffic_section(struct out *o, const json_t *r)
{
	const json_t *p = at(r, "protocols", NULL);
	json_int_t total = num(r, "capture", "packets");
	char a[32], b[32];
	if (!p)
		return;
	heading(o, "TRAFFIC", NULL);
	put(o, "  %-10s %10s %12s %6s\n", "transport", "packets", "bytes", "share");
	static const char *const rows[] = { "tcp", "udp", "icmp", "icmpv6", "other" };
	for (int i = 0; i < 5; i++) {
		json_int_t pk = num(at(p, rows[i], NULL), "packets", NULL);
		if (!pk && i >= 2)
			continue;
		put(o, "  %-10s %10s %12s %5.0f%%\n", rows[i], count_text(a, sizeof(a), pk),
		    bytes_text(b, sizeof(b), num(at(p, rows[i], NULL), "bytes", NULL)),
		    total ? 100.0 * (double)pk / (double)total : 0.0);
	}
	json_int_t non_ip = num(r, "decode", "non_ip"), l3 = num(r, "decode", "l3_only");
	if (non_ip)
		put(o, "  %s non-IP frames\n", count_text(a, sizeof(a), non_ip));
	if (l3)
		put(o, "  %s IP packets without a transport header (fragments, ESP ...)\n",
		    count_text(b, sizeof(b), l3));
	sparkline(o, at(r, "timeline", NULL));
}

/* The tunnel types that saw packets or declined look-alikes on their
 * ports (report "tunnels", absent before 0.2.0), in the report's order;
 * the not_tunnel column only when some type has one. */
static int tunnel_not_tunnel_column(const json_t *by)
{
	const char *k;
	json_t *c;
	json_object_foreach((json_t *)by, k, c)
		if (num(c, "not_tunnel", NULL))
			return 1;
	return 0;
}

static void tunnel_rows(struct out *o, const json_t *by)
{
	char a[32], b[32], c[32], d[32], e[32];
	int nt = tunnel_not_tunnel_column(by);
	const char *k;
	json_t *v;
	put(o, "  %-10s %10s %10s %12s %8s%s\n", "type", "packets", "bytes", "decapsulated",
	    "errors", nt ? "  not tunnel" : "");
	json_object_foreach((json_t *)by, k, v) {
		if (!num(v, "packets", NULL) && !num(v, "not_tunnel", NULL))
			continue;
		put(o, "  %-10.10s %10s %10s %12s %8s", k, count_text(a, sizeof(a), num(v, "packets", NULL)),
		    bytes_text(b, sizeof(b), num(v, "bytes", NULL)),
		    count_text(c, sizeof(c), num(v, "decapsulated", NULL)),
		    count_text(d, sizeof(d), num(v, "errors", NULL)));
		if (nt && num(v, "not_tunnel", NULL))
			put(o, " %11s", count_text(e, sizeof(e), num(v, "not_tunnel", NULL)));
		put(o, "\n");
	}
}

/* "outer transport: udp 3, other 1" (other: GRE and IP in IP carriers). */
static void tunnel_outer_line(struct out *o, const json_t *outer)
{
	static const char *const rows[] = { "tcp", "udp", "icmp", "icmpv6", "other", "none" };
	char a[32];
	int n = 0;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		json_int_t v = num(outer, rows[i], NULL);
		if (!v)
			continue;
		put(o, "%s%s %s", n++ ? ", " : "  outer transport: ", rows[i], count_text(a, sizeof(a), v));
	}
	if (n)
		put(o, "\n");
}

static void tunnels_section(struct out *o, const json_t *r)
{
	const json_t *tu = at(r, "tunnels", NULL), *by = at(tu, "by_type", NULL);
	const char *k;
	json_t *v;
	json_int_t seen = 0;
	char a[32], b[32], c[32], extra[160];
	json_object_foreach((json_t *)by, k, v)
		seen += num(v, "packets", NULL);
	if (!seen)
		return;
	snprintf(extra, sizeof(extra), "%s packets decapsulated (%s); flows from tunnels: %s",
		 count_text(a, sizeof(a), num(tu, "packets", NULL)),
		 bytes_text(b, sizeof(b), num(tu, "bytes", NULL)),
		 count_text(c, sizeof(c), num(tu, "flows", NULL)));
	heading(o, "TUNNELS", extra);
	tunnel_rows(o, by);
	tunnel_outer_line(o, at(tu, "outer_transport", NULL));
	if (json_is_true(at(tu, "tunnel_key", NULL)))
		put(o, "  flow keys include the tunnel id (--tunnel-key)\n");
}

/* "SF 161, REJ 148, S0 4" over every transport, most first. */
static void flows_section(struct out *o, const json_t *r)
{
	const json_t *fl = at(r, "flows", NULL);
	char a[32];
	if (!fl)
		return;
	char extra[64];
	snprintf(extra, sizeof(extra), "%s total", count_text(a, sizeof(a), num(fl, "total", NULL)));
	heading(o, "FLOWS", extra);
	for (int s = 0; s < 4; s++) {
		json_t *states = at(at(fl, "by_conn_state", NULL), slots[s], NULL);
		if (!json_object_size(states))
			continue;
		put(o, "  %-6s", slots[s]);
		/* most frequent first, at most 8 */
		const char *done[16];
		size_t ndone = 0;
		while (ndone < json_object_size(states) && ndone < 8) {
			const char *best = NULL, *k;
			json_int_t bestv = -1;
			json_t *v;
			json_object_foreach(states, k, v) {
				int seen = 0;
				for (size_t d = 0; d < ndone; d++)
					seen |= strcmp(done[d], k) == 0;
				if (!seen && json_integer_value(v) > bestv) {
					best = k;
					bestv = json_integer_value(v);
				}
			}
			done[ndone++] = best;
			put(o, "%s%s %s", ndone > 1 ? ", " : " ", best, count_text(a, sizeof(a), bestv));
		}
		put(o, "\n");
	}
}

static void port_row(struct out *o, const json_t *p)
{
	char a[32], b[32], c[32], d[32], e[32], port[16];
	snprintf(port, sizeof(port), "%lld/%s", (long long)num(p, "port", NULL),
		 str(p, "transport", NULL) ? str(p, "transport", NULL) : "?");
	const char *svc = str(p, "service", NULL);
	put(o, "    %-10s %-15.15s %6s %7s %8s %10s %9s\n", port, svc ? svc : "-",
	    count_text(a, sizeof(a), num(p, "flows", NULL)),
	    count_text(b, sizeof(b), num(p, "clients", NULL)),
	    count_text(c, sizeof(c), num(p, "rejected", NULL)),
	    count_text(d, sizeof(d), num(p, "unanswered", NULL)),
	    bytes_text(e, sizeof(e), num(p, "bytes", NULL)));
}

/* The busiest ports grouped by IANA class, each class with its totals;
 * ports.top is sorted by flows already. */
static void ports_section(struct out *o, const json_t *r)
{
	static const char *const classes[] = { "well-known", "registered", "dynamic" };
	static const size_t per_class[] = { 6, 3, 3 };
	const json_t *pr = at(r, "ports", NULL);
	json_t *top = at(pr, "top", NULL);
	char a[32], b[32], c[32], extra[64];
	if (!pr)
		return;
	snprintf(extra, sizeof(extra), "%s distinct", count_text(a, sizeof(a), num(pr, "distinct", NULL)));
	heading(o, "PORTS", extra);
	put(o, "    %-10s %-15s %6s %7s %8s %10s %9s\n", "port", "service", "flows", "clients",
	    "rejected", "unanswered", "bytes");
	for (int k = 0; k < 3; k++) {
		const json_t *cl = at(at(pr, "by_class", NULL), classes[k], NULL);
		put(o, "  %s: %s ports, %s flows, %s\n", classes[k],
		    count_text(a, sizeof(a), num(cl, "ports", NULL)),
		    count_text(b, sizeof(b), num(cl, "flows", NULL)),
		    bytes_text(c, sizeof(c), num(cl, "bytes", NULL)));
		size_t shown = 0, listed = 0, i;
		json_t *p;
		json_array_foreach(top, i, p) {
			const char *pc = str(p, "class", NULL);
			if (!pc || strcmp(pc, classes[k]) != 0)
				continue;
			listed++;
			if (shown < per_class[k]) {
				port_row(o, p);
				shown++;
			}
		}
		if (listed > shown)
			put(o, "    and %zu more in the report\n", listed - shown);
	}
}

/* "22, 80, 443/tcp; 53/udp", at most max ports, "+N" for the rest. */
static void open_ports_text(char *buf, size_t n, const json_t *open, size_t max)
{
	size_t len = 0, shown = 0, total = 0;
	buf[0] = '\0';
	for (int t = 0; t < 2; t++) {
		json_t *list = at(open, t ? "udp" : "tcp", NULL);
		size_t i;
		json_t *v;
		if (!json_array_size(list))
			continue;
		json_array_foreach(list, i, v) {
			total++;
			if (shown == max || len + 16 >= n)
				continue;
			len += (size_t)snprintf(buf + len, n - len, "%s%lld", shown ? (i ? ", " : "; ") : "",
						(long long)json_integer_value(v));
			shown++;
		}
		if (len + 8 < n)
			len += (size_t)snprintf(buf + len, n - len, "/%s", t ? "udp" : "tcp");
	}
	if (total > shown && len + 16 < n)
		snprintf(buf + len, n - len, " (+%zu)", total - shown);
	if (!total)
		snprintf(buf, n, "none");
}

/* "1, 6, 17", or "none": an IP protocol scan's open protocols. */
static void protocols_text(char *buf, size_t n, const json_t *open)
{
	size_t len = 0, i;
	json_t *v;
	buf[0] = '\0';
	json_array_foreach(open, i, v) {
		if (len + 8 >= n)
			break;
		len += (size_t)snprintf(buf + len, n - len, "%s%lld", i ? ", " : "",
					(long long)json_integer_value(v));
	}
	if (!len)
		snprintf(buf, n, "none");
}

/* The source; "N sources" for a distributed scan; the likely real
 * source of a decoy scan with "+N decoys" (or "N decoys, real unknown"). */
static void source_text(struct out *o, const json_t *s, const json_t *d)
{
	const char *ip = str(s, "source", "ip");
	json_int_t decoys = num(at(d, "decoys", NULL), "count", NULL);
	if (ip)
		colored(o, "31", ip);
	else if (json_is_object(at(d, "decoys", NULL)))
		put(o, "%lld decoys, real source unknown", (long long)decoys);
	else if (json_is_object(at(d, "sources", NULL)))
		put(o, "%lld sources", (long long)num(at(d, "sources", NULL), "count", NULL));
	else
		put(o, "?");
	if (ip && json_is_object(at(d, "decoys", NULL)))
		put(o, " (+%lld decoys)", (long long)decoys);
}

static void scans_section(struct out *o, const json_t *r)
{
	json_t *scans = at(r, "scans", NULL);
	char a[32], open[256], extra[32];
	size_t i;
	json_t *s;
	if (!json_array_size(scans))
		return;
	snprintf(extra, sizeof(extra), "%zu", json_array_size(scans));
	heading(o, "SCANS", extra);
	json_array_foreach(scans, i, s) {
		if (i == TOP_SCANS)
			break;
		const json_t *d = at(at(s, "portlens", NULL), "scan", NULL);
		const json_t *tg = at(d, "targets", NULL);
		json_int_t ntg = num(tg, "count", NULL);
		const char *first = json_string_value(json_array_get(at(tg, "list", NULL), 0));
		char targets[96];
		if (ntg == 1 && first)
			snprintf(targets, sizeof(targets), "%s", first);
		else
			snprintf(targets, sizeof(targets), "%lld hosts%s%s", (long long)ntg,
				 first ? " from " : "", first ? first : "");
		put(o, "  ");
		source_text(o, s, d);
		json_int_t nports = num(at(d, "ports", NULL), "count", NULL);
		json_t *protos = at(d, "protocols", NULL);
		put(o, " -> %s  %s %s", targets,
		    str(d, "kind", NULL) ? str(d, "kind", NULL) : "?",
		    str(d, "technique", NULL) ? str(d, "technique", NULL) : "?");
		if (json_is_object(protos)) /* nmap -sO: protocols, not ports */
			nports = 0;
		if (nports) /* host discovery probes no port */
			put(o, ", %s %s probed", count_text(a, sizeof(a), nports),
			    nports == 1 ? "port" : "ports");
		if (json_is_object(protos))
			put(o, ", %s protocols probed", count_text(a, sizeof(a),
								   num(protos, "count", NULL)));
		put(o, "\n");
		if (json_is_object(protos)) {
			protocols_text(open, sizeof(open), at(protos, "open", NULL));
			put(o, "      open protocols: %s\n", open);
			continue;
		}
		if (!nports) { /* host discovery: the hosts found up */
			json_t *up = at(d, "hosts_up", NULL);
			if (json_is_object(up))
				put(o, "      up: %s hosts\n",
				    count_text(open, sizeof(open), num(up, "count", NULL)));
			continue;
		}
		open_ports_text(open, sizeof(open), at(d, "open_ports", NULL), 12);
		put(o, "      open: %s\n", open);
	}
	if (json_array_size(scans) > TOP_SCANS)
		put(o, "  and %zu more scans in the report\n", json_array_size(scans) - TOP_SCANS);
}

static void knock_sequence_text(char *buf, size_t n, const json_t *seq)
{
	size_t len = 0, i;
	json_t *k;
	buf[0] = '\0';
	json_array_foreach(seq, i, k) {
		if (len + 24 >= n)
			break;
		len += (size_t)snprintf(buf + len, n - len, "%s%lld/%s", i ? ", " : "",
					(long long)num(k, "port", NULL),
					str(k, "transport", NULL) ? str(k, "transport", NULL) : "?");
	}
}

static void knocks_section(struct out *o, const json_t *r)
{
	json_t *knocks = at(r, "knocks", NULL);
	char seq[128], extra[32];
	size_t i;
	json_t *k;
	if (!json_array_size(knocks))
		return;
	snprintf(extra, sizeof(extra), "%zu", json_array_size(knocks));
	heading(o, "KNOCKS", extra);
	json_array_foreach(knocks, i, k) {
		if (i == TOP_KNOCKS)
			break;
		const json_t *d = at(at(k, "portlens", NULL), "knock", NULL);
		knock_sequence_text(seq, sizeof(seq), at(d, "sequence", NULL));
		put(o, "  ");
		colored(o, "33", str(k, "source", "ip") ? str(k, "source", "ip") : "?");
		put(o, " -> %s  %s %s", str(k, "destination", "ip") ? str(k, "destination", "ip") : "?",
		    str(d, "kind", NULL) ? str(d, "kind", NULL) : "?",
		    str(d, "outcome", NULL) ? str(d, "outcome", NULL) : "?");
		json_t *opened = at(d, "opened_port", NULL);
		if (json_is_integer(opened))
			put(o, " %lld", (long long)json_integer_value(opened));
		if (str(d, "rule", NULL))
			put(o, "  (knockd %s, %s)", str(d, "rule", NULL),
			    str(d, "rule_match", NULL) ? str(d, "rule_match", NULL) : "?");
		put(o, "\n      sequence: %s", seq);
		json_t *span = at(d, "span_s", NULL);
		if (json_is_number(span))
			put(o, " in %.2f s", json_number_value(span));
		put(o, "\n");
	}
	if (json_array_size(knocks) > TOP_KNOCKS)
		put(o, "  and %zu more knocks in the report\n", json_array_size(knocks) - TOP_KNOCKS);
}

/* Decode errors by reason, most first. */
static void errors_section(struct out *o, const json_t *r)
{
	json_t *by = at(at(r, "decode", NULL), "by_error", NULL);
	json_int_t errors = num(r, "decode", "errors");
	char a[32], extra[48];
	if (!errors)
		return;
	snprintf(extra, sizeof(extra), "%s packets", count_text(a, sizeof(a), errors));
	heading(o, "DECODE ERRORS", extra);
	const char *done[TOP_ERRORS];
	size_t ndone = 0;
	while (ndone < TOP_ERRORS) {
		const char *best = NULL, *k;
		json_int_t bestv = 0;
		json_t *v;
		json_object_foreach(by, k, v) {
			int seen = 0;
			for (size_t d = 0; d < ndone; d++)
				seen |= strcmp(done[d], k) == 0;
			if (!seen && json_integer_value(v) > bestv) {
				best = k;
				bestv = json_integer_value(v);
			}
		}
		if (!best)
			break;
		done[ndone++] = best;
		put(o, "  %-34s %10s\n", best, count_text(a, sizeof(a), bestv));
	}
}

/* One cap: its name when its counter is non-zero. */
struct cap {
	const char *section, *sub, *field, *name;
};

static const struct cap caps[] = {
	{ "flows", NULL, "evicted", "flows ended early: the flow table was full (--max-flows)" },
	{ "ports", NULL, "flows_not_counted", "flows missing from the port table (out of memory)" },
	{ "detectors", "scan", "sources_evicted", "scan sources forgotten early (max-sources)" },
	{ "detectors", "scan", "scans_dropped", "scans not recorded (max-scans)" },
	{ "detectors", "scan", "groups_dropped", "distributed or decoy scans not recorded (32 at most)" },
	{ "detectors", "scan", "contact_memory_resets", "first-contact memory cleared (max-contacts)" },
	{ "detectors", "scan", "probes_untimed", "probes not timed: the answer or address-resolution queue was full" },
	{ "detectors", "knock", "knocks_dropped", "knocks not recorded (max-knocks)" },
	{ "detectors", "knock", "pairs_evicted", "knock pairs forgotten early (max-pairs)" },
	{ "detectors", "knock", "acceptance_memory_full", "port acceptances not remembered" },
	{ "tunnels", NULL, "contexts_dropped", "tunnel flows named by type only (4096 contexts kept)" },
};

static void caps_section(struct out *o, const json_t *r)
{
	char a[32];
	int any = 0;
	heading(o, "CAPS", NULL);
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		const json_t *sec = at(r, caps[i].section, caps[i].sub);
		json_int_t v = num(sec, caps[i].field, NULL);
		if (!v)
			continue;
		any = 1;
		put(o, "  ");
		colored(o, "31", count_text(a, sizeof(a), v));
		put(o, " %s\n", caps[i].name);
	}
	if (json_is_true(at(r, "ports", "distinct_counts_capped"))) {
		any = 1;
		put(o, "  port clients/servers are lower bounds: their memory was full\n");
	}
	size_t i;
	json_t *f;
	json_array_foreach(at(r, "capture", "files"), i, f) {
		if (num(f, "records_over_snaplen", NULL)) {
			any = 1;
			put(o, "  %s: %lld records longer than the snap length, cut\n",
			    str(f, "path", NULL) ? str(f, "path", NULL) : "?",
			    (long long)num(f, "records_over_snaplen", NULL));
		}
	}
	if (!any)
		put(o, "  none bit: every packet, flow and detection is counted\n");
}

/* What each output did (report "outputs", absent before 0.2.0); a loss
 * (a collector down) in red. */
static void outputs_section(struct out *o, const json_t *r)
{
	const json_t *outs = at(r, "outputs", NULL);
	const char *name;
	json_t *c;
	char a[32], b[32], l[32];
	if (!json_is_object(outs) || json_object_size(outs) == 0)
		return;
	heading(o, "OUTPUTS", NULL);
	json_object_foreach((json_t *)outs, name, c) {
		put(o, "  %-8.8s %10s records %10s", name,
		    count_text(a, sizeof(a), num(c, "records", NULL)),
		    bytes_text(b, sizeof(b), num(c, "bytes", NULL)));
		json_int_t lost = num(c, "records_lost", NULL), errs = num(c, "errors", NULL);
		if (lost || errs) {
			char text[96];
			snprintf(text, sizeof(text), "  %s lost, %s errors",
				 count_text(l, sizeof(l), lost), count_text(a, sizeof(a), errs));
			colored(o, "31", text);
		}
		put(o, "\n");
	}
}

int summary_render(FILE *out, const json_t *report, const struct summary_style *style)
{
	struct out o = { out, style };
	errno = 0;
	capture_section(&o, report);
	traffic_section(&o, report);
	tunnels_section(&o, report);
	flows_section(&o, report);
	ports_section(&o, report);
	scans_section(&o, report);
	knocks_section(&o, report);
	errors_section(&o, report);
	caps_section(&o, report);
	outputs_section(&o, report);
	if (json_is_true(at(report, "run", "interrupted")))
		colored(&o, "33", "\ninterrupted: the report covers the packets read until then\n");
	if (ferror(out)) {
		if (!errno)
			errno = EIO;
		return -1;
	}
	return 0;
}
