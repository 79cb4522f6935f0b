/* tests/test_golden.c - golden regression over samples/ (nDPI's idea):
 * each samples/pcap/<name>.pcap is analysed in-process and its report is
 * compared with samples/expected/<name>.json, ignoring the volatile "run"
 * object. `make golden` rewrites the expected files with the CLI; review
 * that diff like code. A capture without an expected file fails. */
#include <CUnit/CUnit.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/capture.h"
#include "analyzer/report.h"

#define GOLDEN_PCAP_DIR "samples/pcap"
#define GOLDEN_EXPECTED_DIR "samples/expected"

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

static json_t *golden_report(const char *pcap)
{
	struct analyzer *an = malloc(sizeof(*an));
	if (!an)
		return NULL;
	json_t *r = NULL;
	if (analyzer_init(an, NULL) == 0) {
		capture_read_file(an, pcap);
		analyzer_finish(an);
		struct run_info run = { 0 };
		r = report_build(an, &run);
	}
	analyzer_free(an);
	free(an);
	json_object_del(r, "run");
	return r;
}

static int golden_check(const char *name)
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
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n <= 5 || strcmp(e->d_name + n - 5, ".pcap") != 0)
			continue;
		char name[256];
		snprintf(name, sizeof(name), "%.*s", (int)(n - 5), e->d_name);
		checked++;
		failed += (unsigned)golden_check(name);
	}
	closedir(d);
	printf("\n  golden: %u samples compared, %u differ\n", checked, failed);
	CU_ASSERT(checked > 0);
	CU_ASSERT_EQUAL(failed, 0);
}

int test_golden_register(void)
{
	CU_pSuite s = CU_add_suite("golden", NULL, NULL);
	if (!s || !CU_add_test(s, "reports_match_expected", golden_reports_match_expected))
		return -1;
	return 0;
}
