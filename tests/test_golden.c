/* tests/test_golden.c - golden regression over samples/ (nDPI's idea):
 * each samples/pcap/<name>.pcap is analysed in-process and its report is
 * compared with samples/expected/<name>.json, ignoring the volatile "run"
 * object. `make golden` rewrites the expected files with the CLI; review
 * that diff like code. A capture without an expected file fails.
 * The report is also checked against the ground truth in
 * samples/truth/<name>.json (samples/README.md): every scan in the truth
 * is reported with its source, kind and technique and at least 95% of
 * its open ports; no scan is reported for any other source. */
#include <CUnit/CUnit.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/capture/capture.h"
#include "analyzer/detect/knockconf.h"
#include "analyzer/output/report.h"

#define GOLDEN_PCAP_DIR "samples/pcap"
#define GOLDEN_EXPECTED_DIR "samples/expected"
#define GOLDEN_TRUTH_DIR "samples/truth"

struct truth_tally {
	unsigned truth_scans, reported, found, missed, false_alarms, open_bad;
	unsigned truth_knocks, knocks_found, knocks_missed, knock_false;
};

/* Truth technique names (tcp_syn ...) to portlens's; nmap's window scan
 * sends the same probes as its ACK scan. */
static const char *truth_technique(const char *t)
{
	if (!t)
		return "";
	if (strcmp(t, "tcp_window") == 0)
		return "ack";
	return strncmp(t, "tcp_", 4) == 0 ? t + 4 : t;
}

static json_t *report_scan_for(json_t *report, const char *src)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(report, "scans"), i, s) {
		const char *ip = json_string_value(json_object_get(json_object_get(s, "source"), "ip"));
		if (ip && strcmp(ip, src) == 0)
			return s;
	}
	return NULL;
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
	json_t *r = src ? report_scan_for(report, src) : NULL;
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

static int truth_has_scanner(json_t *truth, const char *ip)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(truth, "scans"), i, s) {
		const char *src = json_string_value(json_object_get(s, "source"));
		if (src && strcmp(src, ip) == 0)
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
		if (!ip || !truth_has_scanner(truth, ip)) {
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
				printf("    %s: missing from the report\n", sub);
				return 1;
			}
			if (golden_diff(va, vb, sub))
				return 1;
		}
		printf("    %s: the report has extra keys\n", path);
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

/* The report `make golden` writes: defaults, built-in services only, and
 * the lab's knockd configuration. */
static json_t *golden_report(const char *pcap)
{
	struct analyzer *an = malloc(sizeof(*an));
	struct analyzer_config cfg;
	struct knock_rules rules = { 0 };
	char err[256];
	if (!an)
		return NULL;
	analyzer_config_defaults(&cfg);
	cfg.flow.seed.k0 = cfg.flow.seed.k1 = 0;
	if (knockconf_load_file(&rules, GOLDEN_KNOCKD_CONF, err, sizeof(err)) == 0)
		cfg.knock.rules = &rules;
	json_t *r = NULL;
	if (analyzer_init(an, &cfg) == 0) {
		capture_read_file(an, pcap);
		analyzer_finish(an);
		struct run_info run = { 0 };
		r = report_build(an, &run);
	}
	analyzer_free(an);
	free(an);
	knockconf_free(&rules);
	json_object_del(r, "run");
	return r;
}

static int golden_check(const char *name, struct truth_tally *t)
{
	char pcap[512], exp[512];
	json_error_t jerr;
	snprintf(pcap, sizeof(pcap), "%s/%s.pcap", GOLDEN_PCAP_DIR, name);
	snprintf(exp, sizeof(exp), "%s/%s.json", GOLDEN_EXPECTED_DIR, name);
	json_t *want = json_load_file(exp, 0, &jerr);
	if (!want) {
		printf("  golden %s: %s: %s (run `make golden`)\n", name, exp, jerr.text);
		return 1;
	}
	json_object_del(want, "run");
	json_t *got = golden_report(pcap);
	if (got)
		golden_truth(name, got, t);
	int differs = !got || golden_diff(want, got, name);
	if (differs)
		printf("  golden %s: report differs from %s\n", name, exp);
	json_decref(want);
	json_decref(got);
	return differs;
}

static void golden_reports_match_expected(void)
{
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
		failed += (unsigned)golden_check(name, &t);
	}
	closedir(d);
	printf("\n  golden: %u samples compared, %u differ\n", checked, failed);
	printf("  truth: %u scans in truth, %u found, %u missed, %u reported, "
	       "%u false alarms, %u short of open ports\n", t.truth_scans, t.found,
	       t.missed, t.reported, t.false_alarms, t.open_bad);
	CU_ASSERT(checked > 0);
	CU_ASSERT_EQUAL(failed, 0);
	CU_ASSERT_EQUAL(t.missed, 0);
	CU_ASSERT_EQUAL(t.false_alarms, 0);
	CU_ASSERT_EQUAL(t.open_bad, 0);
	printf("  truth: %u knocks in truth, %u found, %u missed, %u false alarms\n",
	       t.truth_knocks, t.knocks_found, t.knocks_missed, t.knock_false);
	CU_ASSERT_EQUAL(t.knocks_missed, 0);
	CU_ASSERT_EQUAL(t.knock_false, 0);
}

int test_golden_register(void)
{
	CU_pSuite s = CU_add_suite("golden", NULL, NULL);
	if (!s || !CU_add_test(s, "reports_match_expected", golden_reports_match_expected))
		return -1;
	return 0;
}
