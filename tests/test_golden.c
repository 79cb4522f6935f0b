/* tests/test_golden.c - golden regression over samples/ (nDPI's idea):
 * each samples/pcap/<name>.pcap is read by the command line itself,
 * in-process (cli_main), with a fixed seed, the lab's knockd.conf, the
 * built-in service names and the extra options in samples/pcap/<name>.args
 * (whitespace-separated, optional). Its three outputs are compared with
 * samples/expected/: the report <name>.json (ignoring the volatile "run"
 * object), the flow lines <name>.flows.ndjson and the alert lines
 * <name>.alerts.ndjson, line by line, as parsed JSON; and the terminal
 * summary rendered from that report, <name>.txt, byte for byte (no line
 * wider than 80 columns). With
 * PORTLENS_GOLDEN_UPDATE=1 (what `make golden` sets) the same run
 * rewrites the expected files instead; review that diff like code. A
 * capture without expected files fails.
 * The report is also checked against the ground truth in
 * samples/truth/<name>.json (samples/README.md): every scan in the truth
 * is reported with its source, kind and technique and at least 95% of
 * its open ports; no scan is reported for any other source. */
#include <CUnit/CUnit.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <unistd.h>
#include "analyzer/cli/cli.h"
#include "analyzer/output/summary.h"
#include "tests/tunbuild.h"

#define GOLDEN_PCAP_DIR "samples/pcap"
#define GOLDEN_EXPECTED_DIR "samples/expected"
#define GOLDEN_TRUTH_DIR "samples/truth"

struct truth_tally {
	unsigned truth_scans, reported, found, missed, false_alarms, open_bad;
	unsigned truth_knocks, knocks_found, knocks_missed, knock_false;
	unsigned lost;  /* samples whose outputs do not add up */
};

/* Truth technique names (tcp_syn ...) to portlens's; nmap's window scan
 * sends the same probes as its ACK scan. */
static const char *truth_technique(const char *t)
{
	if (!t)
		return "";
	if (strcmp(t, "tcp_window") == 0)
		return "ack";
	if (strcmp(t, "tcp_ping") == 0)
		return t; /* nmap -sn's combined probes: portlens's name too */
	return strncmp(t, "tcp_", 4) == 0 ? t + 4 : t;
}

static int list_has(json_t *arr, json_int_t port)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
		if (json_integer_value(v) == port)
			return 1;
	return 0;
}

static json_t *scan_detail_of(json_t *s)
{
	return json_object_get(json_object_get(s, "portlens"), "scan");
}

/* 1 when every address of want (a JSON array of strings) is in the
 * "list" of the report's {count, list} object got, and the counts agree. */
static int same_addresses(json_t *want, json_t *got)
{
	size_t i, k;
	json_t *w, *g;
	if (json_integer_value(json_object_get(got, "count")) != (json_int_t)json_array_size(want))
		return 0;
	json_array_foreach(want, i, w) {
		int found = 0;
		json_array_foreach(json_object_get(got, "list"), k, g)
			found |= json_equal(w, g);
		if (!found)
			return 0;
	}
	return 1;
}

/* The report's scan of a truth scan: by its source, or for a
 * distributed scan (no source.ip) by the sources it merges. */
static json_t *report_scan_for(json_t *report, json_t *tscan)
{
	const char *src = json_string_value(json_object_get(tscan, "source"));
	json_t *sources = json_object_get(tscan, "sources");
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(report, "scans"), i, s) {
		const char *ip = json_string_value(json_object_get(json_object_get(s, "source"), "ip"));
		if (json_is_array(sources)) {
			if (same_addresses(sources, json_object_get(scan_detail_of(s), "sources")))
				return s;
		} else if (ip && src && strcmp(ip, src) == 0) {
			return s;
		}
	}
	return NULL;
}

/* What the truth says beyond kind and technique: the hosts found up
 * (discovery), the decoys, the open protocols (nmap -sO). */
static int check_truth_extras(json_t *tscan, json_t *det, const char *name)
{
	json_t *up = json_object_get(tscan, "hosts_up"), *decoys = json_object_get(tscan, "decoys");
	json_t *protos = json_object_get(tscan, "open_protocols");
	if (json_is_array(up) && json_integer_value(json_object_get(json_object_get(det, "hosts_up"),
				"count")) != (json_int_t)json_array_size(up)) {
		printf("  truth %s: hosts up differ from the truth's %zu\n", name, json_array_size(up));
		return 0;
	}
	if (json_is_array(decoys) &&
	    (!same_addresses(decoys, json_object_get(det, "decoys")) ||
	     !json_equal(json_object_get(det, "real_source"), json_object_get(tscan, "real_source")))) {
		printf("  truth %s: decoys or real source differ from the truth\n", name);
		return 0;
	}
	size_t i;
	json_t *p;
	json_array_foreach(protos, i, p) {
		if (!list_has(json_object_get(json_object_get(det, "protocols"), "open"),
			      json_integer_value(p))) {
			printf("  truth %s: open protocol %lld not found\n", name,
			       (long long)json_integer_value(p));
			return 0;
		}
	}
	return 1;
}


/* Open ports of the truth found in the report (open, or silent for the
 * techniques where an open port stays silent). */
static void check_open_ports(json_t *tscan, json_t *rscan, const char *name,
			     struct truth_tally *t)
{
	json_t *det = json_object_get(json_object_get(rscan, "portlens"), "scan");
	const char *tr = strcmp(truth_technique(json_string_value(json_object_get(tscan, "technique"))), "udp") == 0 ? "udp" : "tcp";
	json_t *open = json_object_get(json_object_get(det, "open_ports"), tr);
	unsigned want = 0, got = 0;
	const char *host;
	json_t *res;
	json_object_foreach(json_object_get(tscan, "results"), host, res) {
		size_t i;
		json_t *p;
		json_array_foreach(json_object_get(res, "open_ports"), i, p) {
			want++;
			got += (unsigned)list_has(open, json_integer_value(p));
		}
	}
	if (got * 100 < want * 95) {
		printf("  truth %s: %u of %u open ports found\n", name, got, want);
		t->open_bad++;
	}
}

static void check_truth_scan(json_t *tscan, json_t *report, const char *name,
			     struct truth_tally *t)
{
	const char *src = json_string_value(json_object_get(tscan, "source"));
	const char *kind = json_string_value(json_object_get(tscan, "kind"));
	const char *tech = truth_technique(json_string_value(json_object_get(tscan, "technique")));
	t->truth_scans++;
	json_t *r = report_scan_for(report, tscan);
	if (!r) {
		printf("  truth %s: scan from %s not reported\n", name, src ? src : "?");
		t->missed++;
		return;
	}
	json_t *det = json_object_get(json_object_get(r, "portlens"), "scan");
	const char *rkind = json_string_value(json_object_get(det, "kind"));
	const char *rtech = json_string_value(json_object_get(det, "technique"));
	if (!kind || !rkind || strcmp(kind, rkind) != 0 || !rtech || strcmp(tech, rtech) != 0) {
		printf("  truth %s: %s reported as %s/%s, truth %s/%s\n", name, src,
		       rkind ? rkind : "?", rtech ? rtech : "?", kind ? kind : "?", tech);
		t->missed++;
		return;
	}
	if (!check_truth_extras(tscan, det, name)) {
		t->missed++;
		return;
	}
	t->found++;
	check_open_ports(tscan, r, name, t);
}

static const char *str(json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(o, a);
	return json_string_value(b ? json_object_get(v, b) : v);
}

static json_t *knock_detail(json_t *k)
{
	return json_object_get(json_object_get(k, "portlens"), "knock");
}

/* The report's knock sequence equals the truth's "sent" list. */
static int same_sequence(json_t *sent, json_t *seq)
{
	if (json_array_size(sent) != json_array_size(seq))
		return 0;
	for (size_t i = 0; i < json_array_size(sent); i++) {
		json_t *a = json_array_get(sent, i), *b = json_array_get(seq, i);
		if (json_integer_value(json_object_get(a, "port")) !=
		    json_integer_value(json_object_get(b, "port")) ||
		    !str(a, "proto", NULL) || !str(b, "transport", NULL) ||
		    strcmp(str(a, "proto", NULL), str(b, "transport", NULL)) != 0)
			return 0;
	}
	return 1;
}

/* Truth outcomes: opened, failed, too_slow (= failed, a too-slow match
 * of the knockd section). */
static int knock_matches(json_t *tk, json_t *rk)
{
	json_t *d = knock_detail(rk);
	const char *tout = str(tk, "outcome", NULL), *rout = str(d, "outcome", NULL);
	const char *section = str(tk, "section", NULL), *rule = str(d, "rule", NULL);
	const char *match = str(d, "rule_match", NULL);
	if (!tout || !rout || !same_sequence(json_object_get(tk, "sent"), json_object_get(d, "sequence")))
		return 0;
	if (json_integer_value(json_object_get(tk, "opened_port")) !=
	    json_integer_value(json_object_get(d, "opened_port")))
		return 0;
	if (strcmp(tout, "too_slow") == 0)
		return strcmp(rout, "failed") == 0 && match && strcmp(match, "too_slow") == 0;
	if (strcmp(tout, rout) != 0)
		return 0;
	if (strcmp(tout, "opened") == 0 && section)
		return rule && strcmp(rule, section) == 0 && match && strcmp(match, "exact") == 0;
	return 1;
}

static void check_knocks(json_t *truth, json_t *report, const char *name,
			 struct truth_tally *t)
{
	size_t i, j;
	json_t *tk, *rk;
	json_array_foreach(json_object_get(truth, "knocks"), i, tk) {
		int found = 0;
		t->truth_knocks++;
		json_array_foreach(json_object_get(report, "knocks"), j, rk)
			found |= knock_matches(tk, rk);
		if (found) {
			t->knocks_found++;
		} else {
			printf("  truth %s: knock by %s (%s) not reported as in the truth\n",
			       name, str(tk, "source", NULL), str(tk, "outcome", NULL));
			t->knocks_missed++;
		}
	}
	json_array_foreach(json_object_get(report, "knocks"), j, rk) {
		int expected = 0;
		json_array_foreach(json_object_get(truth, "knocks"), i, tk)
			expected |= knock_matches(tk, rk);
		if (!expected) {
			printf("  truth %s: false alarm: knock from %s\n", name,
			       str(rk, "source", "ip"));
			t->knock_false++;
		}
	}
}

/* A reported scan the truth has: by its source, or a distributed one by
 * its sources. */
static int truth_has_scan(json_t *truth, json_t *rscan)
{
	const char *ip = json_string_value(json_object_get(json_object_get(rscan, "source"), "ip"));
	json_t *merged = json_object_get(scan_detail_of(rscan), "sources");
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(truth, "scans"), i, s) {
		const char *src = json_string_value(json_object_get(s, "source"));
		json_t *sources = json_object_get(s, "sources");
		if (json_is_array(sources) && merged && same_addresses(sources, merged))
			return 1;
		if (ip && src && strcmp(src, ip) == 0)
			return 1;
	}
	return 0;
}

static void golden_truth(const char *name, json_t *report, struct truth_tally *t)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s.json", GOLDEN_TRUTH_DIR, name);
	json_t *truth = json_load_file(path, 0, NULL);
	if (!truth)
		return; /* captures without ground truth are checked by golden only */
	size_t i;
	json_t *s;
	unsigned before_missed = t->missed, before_fa = t->false_alarms, before_open = t->open_bad;
	json_array_foreach(json_object_get(truth, "scans"), i, s)
		check_truth_scan(s, report, name, t);
	check_knocks(truth, report, name, t);
	json_array_foreach(json_object_get(report, "scans"), i, s) {
		const char *ip = json_string_value(json_object_get(json_object_get(s, "source"), "ip"));
		t->reported++;
		if (!truth_has_scan(truth, s)) {
			printf("  truth %s: false alarm: scan from %s\n", name, ip ? ip : "?");
			t->false_alarms++;
		}
	}
	printf("  truth %-22s scans %zu reported %zu missed %u false %u open-ports-short %u\n",
	       name, json_array_size(json_object_get(truth, "scans")),
	       json_array_size(json_object_get(report, "scans")), t->missed - before_missed,
	       t->false_alarms - before_fa, t->open_bad - before_open);
	json_decref(truth);
}

/* Print the first path where a and b differ; 1 when they differ. */
static int golden_diff(const json_t *a, const json_t *b, const char *path)
{
	char sub[512];
	if (json_equal(a, b))
		return 0;
	if (json_is_object(a) && json_is_object(b)) {
		const char *k;
		json_t *va;
		json_object_foreach((json_t *)a, k, va) {
			snprintf(sub, sizeof(sub), "%s.%s", path, k);
			json_t *vb = json_object_get(b, k);
			if (!vb) {
				printf("    %s: missing from the output\n", sub);
				return 1;
			}
			if (golden_diff(va, vb, sub))
				return 1;
		}
		printf("    %s: the output has extra keys\n", path);
		return 1;
	}
	char *sa = json_dumps(a, JSON_COMPACT | JSON_ENCODE_ANY);
	char *sb = json_dumps(b, JSON_COMPACT | JSON_ENCODE_ANY);
	printf("    %s: expected %.200s, got %.200s\n", path, sa ? sa : "?",
	       sb ? sb : "?");
	free(sa);
	free(sb);
	return 1;
}

#define GOLDEN_KNOCKD_CONF "samples/knockd.conf"
#define GOLDEN_MAX_ARGS 64

/* Words of samples/pcap/<name>.args appended to argv (at most room);
 * the words live in buf. Returns how many. */
static int golden_extra_args(const char *name, char *buf, size_t buflen,
			     char **argv, int room)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s.args", GOLDEN_PCAP_DIR, name);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	size_t n = fread(buf, 1, buflen - 1, f);
	fclose(f);
	buf[n] = '\0';
	int argc = 0;
	for (char *tok = strtok(buf, " \t\r\n"); tok && argc < room; tok = strtok(NULL, " \t\r\n"))
		argv[argc++] = tok;
	return argc;
}

/* One sample through cli_main into dir; its exit status. */
static int golden_run(const char *name, const char *dir)
{
	char pcap[512], report[512], flows[512], alerts[512], extra[4096];
	char *argv[GOLDEN_MAX_ARGS];
	int argc = 0;
	snprintf(pcap, sizeof(pcap), "%s/%s.pcap", GOLDEN_PCAP_DIR, name);
	snprintf(report, sizeof(report), "%s/report.json", dir);
	snprintf(flows, sizeof(flows), "%s/flows.ndjson", dir);
	snprintf(alerts, sizeof(alerts), "%s/alerts.ndjson", dir);
	const char *base[] = { "portlens", "read", "--quiet", "--force", "--seed", "0",
		"--no-system-services", "--knockd-conf", GOLDEN_KNOCKD_CONF,
		"-o", report, "-F", flows, "-A", alerts };
	for (size_t i = 0; i < sizeof(base) / sizeof(base[0]); i++)
		argv[argc++] = (char *)base[i];
	argc += golden_extra_args(name, extra, sizeof(extra), argv + argc,
				  GOLDEN_MAX_ARGS - argc - 2);
	argv[argc++] = pcap;
	argv[argc] = NULL;
	return cli_main(argc, argv);
}

/* Each line of an NDJSON file as a JSON array of objects; NULL when the
 * file is missing or a line does not parse. */
static json_t *load_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	json_t *lines = json_array();
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, f)) > 0) {
		json_t *o = json_loadb(line, (size_t)n, 0, NULL);
		if (!o) {
			json_decref(lines);
			lines = NULL;
			break;
		}
		json_array_append_new(lines, o);
	}
	free(line);
	fclose(f);
	return lines;
}

/* Lines of two NDJSON files compared as parsed objects, in order. */
static int golden_lines_differ(const char *want_path, const char *got_path,
			       const char *what)
{
	json_t *want = load_lines(want_path), *got = load_lines(got_path);
	int differs = 1;
	if (!want || !got) {
		printf("    %s: %s unreadable or not NDJSON (run `make golden`)\n", what,
		       !want ? want_path : got_path);
	} else if (json_array_size(want) != json_array_size(got)) {
		printf("    %s: %zu lines expected, %zu written\n", what,
		       json_array_size(want), json_array_size(got));
	} else {
		differs = 0;
		for (size_t i = 0; i < json_array_size(want) && !differs; i++) {
			char path[64];
			snprintf(path, sizeof(path), "%s[%zu]", what, i + 1);
			differs = golden_diff(json_array_get(want, i), json_array_get(got, i), path);
		}
	}
	json_decref(want);
	json_decref(got);
	return differs;
}

#define GOLDEN_SUMMARY_COLUMNS 80

/* The summary of a report as the terminal gets it without colour: the
 * same renderer as --format text and `portlens summary`. Caller frees. */
static char *summary_text(const json_t *report, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	struct summary_style style = { .color = 0, .width = GOLDEN_SUMMARY_COLUMNS };
	if (!f)
		return NULL;
	int rc = summary_render(f, report, &style);
	if (fclose(f) != 0 || rc != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* Lines wider than the screen (counted in characters: UTF-8 lead bytes). */
static unsigned summary_wide_lines(const char *text)
{
	unsigned wide = 0, cols = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p == '\n') {
			wide += cols > GOLDEN_SUMMARY_COLUMNS;
			cols = 0;
		} else if ((*p & 0xc0) != 0x80) {
			cols++;
		}
	}
	return wide;
}

static int file_equals(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	char *buf = malloc(len + 1);
	size_t n = buf ? fread(buf, 1, len + 1, f) : 0;
	fclose(f);
	int same = buf && n == len && memcmp(buf, text, len) == 0;
	free(buf);
	return same;
}

/* samples/expected/<name>.txt: the summary, compared byte for byte (or
 * rewritten with PORTLENS_GOLDEN_UPDATE). 1 when it differs. */
static int golden_summary(const char *name, const json_t *report)
{
	char path[512];
	size_t len = 0;
	snprintf(path, sizeof(path), "%s/%s.txt", GOLDEN_EXPECTED_DIR, name);
	char *text = summary_text(report, &len);
	if (!text) {
		printf("  golden %s: summary_render failed\n", name);
		return 1;
	}
	int bad = 0;
	if (summary_wide_lines(text)) {
		printf("  golden %s: %u summary lines wider than %d columns\n", name,
		       summary_wide_lines(text), GOLDEN_SUMMARY_COLUMNS);
		bad = 1;
	}
	if (getenv("PORTLENS_GOLDEN_UPDATE")) {
		FILE *f = fopen(path, "wb");
		bad |= !f || fwrite(text, 1, len, f) != len;
		if (f && fclose(f) != 0)
			bad = 1;
	} else if (!file_equals(path, text, len)) {
		printf("    summary: differs from %s (run `make golden` and review the diff)\n", path);
		bad = 1;
	}
	free(text);
	return bad;
}

static json_t *load_report(const char *path)
{
	json_t *r = json_load_file(path, 0, NULL);
	json_object_del(r, "run");
	return r;
}

static int copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[65536];
	size_t n;
	int rc = in && out ? 0 : -1;
	while (rc == 0 && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	if (in)
		fclose(in);
	if (out && fclose(out) != 0)
		rc = -1;
	return rc;
}

/* PORTLENS_GOLDEN_UPDATE=1: the run's outputs become the expected ones
 * (the report without its volatile "run", indented like --pretty). */
static int golden_update(const char *name, const char *dir)
{
	char from[512], to[512];
	snprintf(from, sizeof(from), "%s/report.json", dir);
	snprintf(to, sizeof(to), "%s/%s.json", GOLDEN_EXPECTED_DIR, name);
	json_t *r = load_report(from);
	FILE *f = r ? fopen(to, "w") : NULL;
	int rc = f && json_dumpf(r, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
				 JSON_REAL_PRECISION(12)) == 0 && fputc('\n', f) != EOF ? 0 : -1;
	if (f && fclose(f) != 0)
		rc = -1;
	json_decref(r);
	static const char *const streams[] = { "flows", "alerts" };
	for (int i = 0; i < 2 && rc == 0; i++) {
		snprintf(from, sizeof(from), "%s/%s.ndjson", dir, streams[i]);
		snprintf(to, sizeof(to), "%s/%s.%s.ndjson", GOLDEN_EXPECTED_DIR, name, streams[i]);
		rc = copy_file(from, to);
	}
	if (rc != 0)
		printf("  golden %s: cannot rewrite %s\n", name, to);
	return rc != 0;
}

static json_int_t member_int(json_t *o, const char *a, const char *b)
{
	return json_integer_value(json_object_get(json_object_get(o, a), b));
}

/* Nothing lost: the report's flow totals are the sums over the flow
 * lines, and the alert lines are the report's scans[] then knocks[], the
 * same objects in the same order (read mode decides them all at the
 * end). 1 when something differs. */
static int golden_nothing_lost(const char *name, json_t *report, const char *dir)
{
	char path[600];
	snprintf(path, sizeof(path), "%s/flows.ndjson", dir);
	json_t *flows = load_lines(path);
	snprintf(path, sizeof(path), "%s/alerts.ndjson", dir);
	json_t *alerts = load_lines(path);
	int bad = !flows || !alerts;
	json_int_t packets = 0, bytes = 0;
	size_t i;
	json_t *line;
	json_array_foreach(flows, i, line) {
		packets += member_int(line, "network", "packets");
		bytes += member_int(line, "network", "bytes");
	}
	json_t *fs = json_object_get(report, "flows");
	if (!bad && (json_integer_value(json_object_get(fs, "total")) != (json_int_t)json_array_size(flows) ||
		     json_integer_value(json_object_get(fs, "packets")) != packets ||
		     json_integer_value(json_object_get(fs, "bytes")) != bytes)) {
		printf("  golden %s: report flows differ from the %zu flow lines (%lld packets, %lld bytes)\n",
		       name, json_array_size(flows), (long long)packets, (long long)bytes);
		bad = 1;
	}
	json_t *scans = json_object_get(report, "scans"), *knocks = json_object_get(report, "knocks");
	size_t ns = json_array_size(scans), nk = json_array_size(knocks);
	if (!bad && json_array_size(alerts) != ns + nk) {
		printf("  golden %s: %zu alert lines, the report has %zu scans and %zu knocks\n",
		       name, json_array_size(alerts), ns, nk);
		bad = 1;
	}
	for (i = 0; !bad && i < ns + nk; i++) {
		json_t *want = i < ns ? json_array_get(scans, i) : json_array_get(knocks, i - ns);
		if (!json_equal(want, json_array_get(alerts, i))) {
			printf("  golden %s: alert line %zu is not the report's\n", name, i + 1);
			bad = 1;
		}
	}
	json_decref(flows);
	json_decref(alerts);
	return bad;
}

static int golden_check(const char *name, const char *dir, struct truth_tally *t)
{
	char exp[512], got[512], want_l[512], got_l[512];
	int rc = golden_run(name, dir);
	if (rc != 0) {
		printf("  golden %s: portlens read exited %d\n", name, rc);
		return 1;
	}
	if (getenv("PORTLENS_GOLDEN_UPDATE")) {
		int bad = golden_update(name, dir);
		char rp[600];
		snprintf(rp, sizeof(rp), "%s/report.json", dir);
		json_t *r = load_report(rp);
		bad |= !r || golden_summary(name, r);
		json_decref(r);
		return bad;
	}
	snprintf(exp, sizeof(exp), "%s/%s.json", GOLDEN_EXPECTED_DIR, name);
	snprintf(got, sizeof(got), "%s/report.json", dir);
	json_t *want = load_report(exp), *report = load_report(got);
	if (report)
		golden_truth(name, report, t);
	int differs = !want || !report || golden_diff(want, report, name);
	if (report && golden_nothing_lost(name, report, dir)) {
		t->lost++;
		differs = 1;
	}
	if (report)
		differs |= golden_summary(name, report);
	json_decref(want);
	json_decref(report);
	static const char *const streams[] = { "flows", "alerts" };
	for (int i = 0; i < 2; i++) {
		snprintf(want_l, sizeof(want_l), "%s/%s.%s.ndjson", GOLDEN_EXPECTED_DIR, name, streams[i]);
		snprintf(got_l, sizeof(got_l), "%s/%s.ndjson", dir, streams[i]);
		differs |= golden_lines_differ(want_l, got_l, streams[i]);
	}
	if (differs)
		printf("  golden %s: outputs differ from %s/%s.*\n", name, GOLDEN_EXPECTED_DIR, name);
	return differs;
}

static void golden_outputs_match_expected(void)
{
	char dir[] = "/tmp/portlens-golden-XXXXXX";
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	DIR *d = opendir(GOLDEN_PCAP_DIR);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	unsigned checked = 0, failed = 0;
	struct truth_tally t = { 0 };
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n <= 5 || strcmp(e->d_name + n - 5, ".pcap") != 0)
			continue;
		char name[256];
		snprintf(name, sizeof(name), "%.*s", (int)(n - 5), e->d_name);
		checked++;
		failed += (unsigned)golden_check(name, dir, &t);
	}
	closedir(d);
	static const char *const outs[] = { "report.json", "flows.ndjson", "alerts.ndjson" };
	for (int i = 0; i < 3; i++) {
		char p[600];
		snprintf(p, sizeof(p), "%s/%s", dir, outs[i]);
		unlink(p);
	}
	rmdir(dir);
	if (getenv("PORTLENS_GOLDEN_UPDATE")) {
		printf("\n  golden: rewrote %s/ for %u samples (%u failed); review: git diff %s\n",
		       GOLDEN_EXPECTED_DIR, checked, failed, GOLDEN_EXPECTED_DIR);
		CU_ASSERT_EQUAL(failed, 0);
		return;
	}
	printf("\n  golden: %u samples compared (report, flow and alert lines), %u differ; "
	       "%u where the report's flows and alerts are not the lines'\n", checked, failed, t.lost);
	printf("  truth: %u scans in truth, %u found, %u missed, %u reported, "
	       "%u false alarms, %u short of open ports\n", t.truth_scans, t.found,
	       t.missed, t.reported, t.false_alarms, t.open_bad);
	CU_ASSERT(checked > 0);
	CU_ASSERT_EQUAL(failed, 0);
	CU_ASSERT_EQUAL(t.lost, 0);
	CU_ASSERT_EQUAL(t.missed, 0);
	CU_ASSERT_EQUAL(t.false_alarms, 0);
	CU_ASSERT_EQUAL(t.open_bad, 0);
	printf("  truth: %u knocks in truth, %u found, %u missed, %u false alarms\n",
	       t.truth_knocks, t.knocks_found, t.knocks_missed, t.knock_false);
	CU_ASSERT_EQUAL(t.knocks_missed, 0);
	CU_ASSERT_EQUAL(t.knock_false, 0);
}

/* The summary's OUTPUTS section: one line per output, a loss named on
 * its line; absent when the report has no outputs (before 0.2.0). */
static void golden_summary_names_output_loss(void)
{
	json_t *r = json_load_file(GOLDEN_EXPECTED_DIR "/nmap-syn.json", 0, NULL);
	size_t len = 0;
	CU_ASSERT_FATAL(r != NULL);
	json_object_set_new(json_object_get(r, "outputs"), "ipfix",
			    json_pack("{s:i, s:i, s:i, s:i, s:i}", "records", 1000, "messages", 30,
				      "bytes", 90000, "errors", 3, "records_lost", 96));
	char *text = summary_text(r, &len);
	CU_ASSERT_FATAL(text != NULL);
	const char *sec = strstr(text, "\nOUTPUTS");
	CU_ASSERT_PTR_NOT_NULL(sec);
	CU_ASSERT_PTR_NOT_NULL(sec && strstr(sec, "ipfix"));
	CU_ASSERT_PTR_NOT_NULL(sec && strstr(sec, "96 lost, 3 errors"));
	CU_ASSERT_PTR_NOT_NULL(sec && strstr(sec, "flows"));
	free(text);
	json_object_del(r, "outputs");
	text = summary_text(r, &len);
	CU_ASSERT_PTR_NULL(text ? strstr(text, "OUTPUTS") : "no text");
	free(text);
	json_decref(r);
}

/* The line of text that starts with prefix after the start of sec, or
 * NULL (a copy; caller frees). */
static char *summary_line(const char *sec, const char *prefix)
{
	const char *p = sec ? strstr(sec, prefix) : NULL;
	size_t n = p ? strcspn(p, "\n") : 0;
	char *line = p ? malloc(n + 1) : NULL;
	if (line) {
		memcpy(line, p, n);
		line[n] = '\0';
	}
	return line;
}

/* The summary's TUNNELS section: shown for a report whose tunnel types
 * saw packets (tests/tunbuild.h's mix), with a row per type and the
 * counts the JSON has; absent for a plain capture's report (its tunnels
 * section all zeros) and for a report without the section (before
 * 0.2.0). The context cap, when it bites, is in CAPS. */
static void golden_summary_shows_tunnels_only_when_tunnelled(void)
{
	size_t len = 0;
	json_t *r = tb_report(0);
	CU_ASSERT_FATAL(r != NULL);
	char *text = summary_text(r, &len);
	CU_ASSERT_FATAL(text != NULL);
	const char *sec = strstr(text, "\nTUNNELS  4 packets decapsulated");
	CU_ASSERT_PTR_NOT_NULL(sec);
	CU_ASSERT_PTR_NOT_NULL(sec && strstr(sec, "flows from tunnels: 2\n"));
	CU_ASSERT_PTR_NOT_NULL(sec && strstr(sec, "not tunnel\n"));
	char *vx = summary_line(sec, "  vxlan "), *gre = summary_line(sec, "  gre ");
	/* type, packets, bytes, decapsulated, errors, not tunnel */
	CU_ASSERT_STRING_EQUAL(vx ? vx : "", "  vxlan               4      358 B            3"
			       "        1           1");
	CU_ASSERT_STRING_EQUAL(gre ? gre : "", "  gre                 1       74 B            1"
			       "        0");
	CU_ASSERT_PTR_NOT_NULL(sec && strstr(sec, "outer transport: udp 3, other 1\n"));
	CU_ASSERT_PTR_NULL(sec && strstr(sec, "  geneve"));
	CU_ASSERT_EQUAL(summary_wide_lines(text), 0);
	CU_ASSERT_PTR_NULL(strstr(text, "tunnel flows named by type only"));
	free(vx);
	free(gre);
	free(text);
	/* the cap, when it bites */
	json_object_set_new(json_object_get(r, "tunnels"), "contexts_dropped", json_integer(5));
	text = summary_text(r, &len);
	CU_ASSERT_PTR_NOT_NULL(text && strstr(text, "  5 tunnel flows named by type only"));
	free(text);
	/* a report without the section */
	json_object_del(r, "tunnels");
	text = summary_text(r, &len);
	CU_ASSERT_PTR_NULL(text ? strstr(text, "TUNNELS") : "no text");
	free(text);
	json_decref(r);
	/* a plain capture's report: zeros only */
	r = json_load_file(GOLDEN_EXPECTED_DIR "/nmap-syn.json", 0, NULL);
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT_PTR_NOT_NULL(json_object_get(r, "tunnels"));
	text = summary_text(r, &len);
	CU_ASSERT_PTR_NULL(text ? strstr(text, "TUNNELS") : "no text");
	free(text);
	json_decref(r);
}

int test_golden_register(void)
{
	CU_pSuite s = CU_add_suite("golden", NULL, NULL);
	if (!s || !CU_add_test(s, "outputs_match_expected", golden_outputs_match_expected) ||
	    !CU_add_test(s, "summary_names_output_loss", golden_summary_names_output_loss) ||
	    !CU_add_test(s, "summary_shows_tunnels_only_when_tunnelled",
			 golden_summary_shows_tunnels_only_when_tunnelled))
		return -1;
	return 0;
}
