/* tests/test_lines.c - the streaming writer against the jansson-built
 * reference (issue 13): every sample is analysed in-process with the
 * golden options; each ended flow and each alert is written the way the
 * sinks write it (flowline.c, alert.c over jw.h) and built as a jansson
 * tree the way portlens built lines before (tests/ref_lines.c). Every
 * line must parse to the reference object and be the very text jansson
 * dumps for it (compact, insertion order, reals at precision 12). */
#include <CUnit/CUnit.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/capture/capture.h"
#include "analyzer/detect/knockconf.h"
#include "analyzer/output/alert.h"
#include "analyzer/output/flowline.h"
#include "tests/ref_lines.h"

#define LINES_PCAP_DIR "samples/pcap"
#define LINES_DUMP_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))

struct lines_check {
	const struct portdb *db;
	const char *sample;
	struct jw w;
	struct alert_writer aw;
	unsigned flows, alerts, not_equal, not_same_text;
};

/* Compare one written line with its reference tree (borrowed). */
static void compare_line(struct lines_check *c, const struct jw *w, json_t *ref,
			 const char *what)
{
	json_t *got = json_loadb(jw_data(w), jw_len(w), 0, NULL);
	char *text = json_dumps(ref, LINES_DUMP_FLAGS);
	size_t n = jw_len(w) ? jw_len(w) - 1 : 0; /* without the newline */
	if (!got || !json_equal(got, ref)) {
		if (c->not_equal++ < 3)
			printf("\n  %s: a %s line differs from the reference:\n    %.*s\n", c->sample,
			       what, (int)n, jw_data(w));
	} else if (!text || strlen(text) != n || memcmp(text, jw_data(w), n) != 0) {
		if (c->not_same_text++ < 3)
			printf("\n  %s: a %s line is not jansson's text:\n    %.*s\n    %s\n",
			       c->sample, what, (int)n, jw_data(w), text ? text : "?");
	}
	free(text);
	json_decref(got);
}

static void on_flow(void *user, const struct flow *f)
{
	struct lines_check *c = user;
	jw_reset(&c->w);
	flowline_write(&c->w, f, c->db, NULL);
	jw_end_line(&c->w);
	json_t *ref = ref_flow_json(f, c->db);
	compare_line(c, &c->w, ref, "flow");
	json_decref(ref);
	c->flows++;
}

static void on_alert(void *user, const struct alert *a)
{
	struct lines_check *c = user;
	CU_ASSERT_EQUAL(alert_render(&c->aw, a), 0);
	json_t *ref = ref_alert_json(a);
	compare_line(c, &c->aw.w, ref, "alert");
	json_decref(ref);
	c->alerts++;
}

static void check_sample(const char *pcap, const char *name, struct lines_check *c,
			 const struct knock_rules *rules)
{
	struct analyzer *an = malloc(sizeof(*an));
	struct analyzer_config cfg;
	CU_ASSERT_PTR_NOT_NULL_FATAL(an);
	analyzer_config_defaults(&cfg);
	cfg.portdb = c->db;
	cfg.knock.rules = rules;
	cfg.on_flow = on_flow;
	cfg.on_alert = on_alert;
	cfg.on_user = c;
	c->sample = name;
	CU_ASSERT_EQUAL_FATAL(analyzer_init(an, &cfg), 0);
	capture_read_file(an, pcap);
	analyzer_finish(an);
	analyzer_free(an);
	free(an);
}

static void lines_match_jansson_reference(void)
{
	struct lines_check c;
	struct knock_rules rules = { 0 };
	char err[256];
	memset(&c, 0, sizeof(c));
	struct portdb *db = portdb_new();
	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	c.db = db;
	CU_ASSERT_EQUAL_FATAL(jw_init(&c.w, 0), 0);
	CU_ASSERT_EQUAL_FATAL(alert_writer_init(&c.aw), 0);
	CU_ASSERT_EQUAL(knockconf_load_file(&rules, "samples/knockd.conf", err, sizeof(err)), 0);
	DIR *d = opendir(LINES_PCAP_DIR);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	unsigned samples = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n <= 5 || strcmp(e->d_name + n - 5, ".pcap") != 0)
			continue;
		char path[512];
		snprintf(path, sizeof(path), "%s/%s", LINES_PCAP_DIR, e->d_name);
		check_sample(path, e->d_name, &c, &rules);
		samples++;
	}
	closedir(d);
	printf("\n  lines: %u samples, %u flow lines and %u alert lines against the jansson "
	       "reference: %u differ, %u other text\n", samples, c.flows, c.alerts,
	       c.not_equal, c.not_same_text);
	CU_ASSERT(samples > 0 && c.flows > 0 && c.alerts > 0);
	CU_ASSERT_EQUAL(c.not_equal, 0);
	CU_ASSERT_EQUAL(c.not_same_text, 0);
	jw_free(&c.w);
	alert_writer_free(&c.aw);
	knockconf_free(&rules);
	portdb_free(db);
}

int test_lines_register(void)
{
	CU_pSuite s = CU_add_suite("lines", NULL, NULL);
	if (!s || !CU_add_test(s, "lines_match_jansson_reference", lines_match_jansson_reference))
		return -1;
	return 0;
}
