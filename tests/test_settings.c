/* tests/test_settings.c - NAME=VALUE settings (analyzer/cli/settings.c).
 * Every name of --timeout, --scan and --knock reaches its own field, with
 * seconds stored as nanoseconds; range ends are accepted and one past
 * them refused; unknown names list the known ones; a refused setting
 * leaves the whole config as it was; settings_u64 refuses signs, junk and
 * overflow. */
#include <CUnit/CUnit.h>
#include <string.h>
#include <stdlib.h>
#include "analyzer/cli/settings.h"
#include "analyzer/core/analyzer.h"

#define ERRLEN 256
#define NS 1000000000ull

static void timeout_names_reach_their_fields(void)
{
	static const struct { const char *arg; int slot; uint64_t ns; } cases[] = {
		{ "tcp-attempt=7", FLOW_TO_TCP_ATTEMPT, 7 * NS },
		{ "tcp=3601", FLOW_TO_TCP_ESTABLISHED, 3601 * NS },
		{ "tcp-closed=2", FLOW_TO_TCP_CLOSED, 2 * NS },
		{ "udp=61", FLOW_TO_UDP, 61 * NS },
		{ "icmp=9", FLOW_TO_ICMP, 9 * NS },
		{ "other=31536000", FLOW_TO_OTHER, 31536000 * NS },
	};
	char err[ERRLEN];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct flow_config fc, before;
		flow_config_defaults(&fc);
		before = fc;
		CU_ASSERT_EQUAL_FATAL(settings_timeout(cases[i].arg, &fc, err, sizeof(err)), 0);
		CU_ASSERT_EQUAL(fc.timeout_ns[cases[i].slot], cases[i].ns);
		/* Nothing else moved. */
		before.timeout_ns[cases[i].slot] = cases[i].ns;
		CU_ASSERT_EQUAL(memcmp(&fc, &before, sizeof(fc)), 0);
	}
	struct flow_config fc;
	flow_config_defaults(&fc);
	CU_ASSERT_EQUAL(settings_timeout("active=120", &fc, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(fc.active_timeout_ns, 120 * NS);
}

static void scan_names_reach_their_fields(void)
{
	char err[ERRLEN];
	struct scan_config sc;
	scan_config_defaults(&sc);
	CU_ASSERT_EQUAL(settings_scan("theta0=0.7", &sc, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(settings_scan("theta1=0.3", &sc, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(settings_scan("alpha=0.05", &sc, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(settings_scan("beta=0.95", &sc, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(settings_scan("vertical=5", &sc, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(settings_scan("horizontal=6", &sc, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(settings_scan("window=60", &sc, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(settings_scan("probe-timeout=3", &sc, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(settings_scan("min-ports=65536", &sc, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(settings_scan("max-sources=16", &sc, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(settings_scan("max-scans=7", &sc, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(settings_scan("max-contacts=1024", &sc, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(settings_scan("abandon0=0.1", &sc, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(settings_scan("abandon1=0.8", &sc, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(settings_scan("repeat-wait=120", &sc, err, sizeof(err)), 0);
	CU_ASSERT_DOUBLE_EQUAL(sc.abandon0, 0.1, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(sc.abandon1, 0.8, 1e-12);
	CU_ASSERT_EQUAL(sc.repeat_wait_ns, 120 * NS);
	CU_ASSERT_DOUBLE_EQUAL(sc.theta0, 0.7, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(sc.theta1, 0.3, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(sc.alpha, 0.05, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(sc.beta, 0.95, 1e-12);
	CU_ASSERT_EQUAL(sc.vertical_threshold, 5);
	CU_ASSERT_EQUAL(sc.horizontal_threshold, 6);
	CU_ASSERT_EQUAL(sc.window_ns, 60 * NS);
	CU_ASSERT_EQUAL(sc.probe_timeout_ns, 3 * NS);
	CU_ASSERT_EQUAL(sc.min_ports, 65536);
	CU_ASSERT_EQUAL(sc.max_sources, 16);
	CU_ASSERT_EQUAL(sc.max_scans, 7);
	CU_ASSERT_EQUAL(sc.max_contacts, 1024);
}

static void knock_names_reach_their_fields(void)
{
	char err[ERRLEN];
	struct knock_config kc;
	knock_config_defaults(&kc);
	CU_ASSERT_EQUAL(settings_knock("min-len=3", &kc, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(settings_knock("max-len=15", &kc, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(settings_knock("gap=4", &kc, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(settings_knock("open-timeout=3600", &kc, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(settings_knock("spa-timeout=1", &kc, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(settings_knock("max-pairs=16777216", &kc, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(settings_knock("max-knocks=2", &kc, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(kc.min_len, 3);
	CU_ASSERT_EQUAL(kc.max_len, 15);
	CU_ASSERT_EQUAL(kc.inter_knock_ns, 4 * NS);
	CU_ASSERT_EQUAL(kc.open_timeout_ns, 3600 * NS);
	CU_ASSERT_EQUAL(kc.spa_timeout_ns, 1 * NS);
	CU_ASSERT_EQUAL(kc.max_pairs, 16777216u);
	CU_ASSERT_EQUAL(kc.max_knocks, 2);
}

/* Each refused argument leaves the config byte for byte as it was and
 * says why. */
static void refusals_change_nothing_and_explain(void)
{
	static const struct { const char *arg; const char *says; } scan_bad[] = {
		{ "vertical=1", "vertical: '1' is not a whole number from 2 to 32" },
		{ "vertical=33", "from 2 to 32" },
		{ "max-sources=15", "from 16 to 16777216" },
		{ "alpha=1", "alpha: '1' is not a number between 0 and 1" },
		{ "alpha=0", "between 0 and 1" },
		{ "beta=nan", "between 0 and 1" },
		{ "theta0=", "between 0 and 1" },
		{ "window=-1", "window: '-1'" },
		{ "window=1e3", "window: '1e3'" },
		{ "bogus=1", "unknown name 'bogus'; known: theta0, theta1, alpha, beta, vertical," },
		{ "vertical", "'vertical' is not NAME=VALUE" },
		{ "=3", "unknown name ''" },
	};
	char err[ERRLEN];
	struct scan_config sc, before;
	scan_config_defaults(&sc);
	before = sc;
	for (size_t i = 0; i < sizeof(scan_bad) / sizeof(scan_bad[0]); i++) {
		err[0] = '\0';
		CU_ASSERT_EQUAL(settings_scan(scan_bad[i].arg, &sc, err, sizeof(err)), -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, scan_bad[i].says));
		CU_ASSERT_EQUAL(memcmp(&sc, &before, sizeof(sc)), 0);
	}
	struct flow_config fc, fbefore;
	flow_config_defaults(&fc);
	fbefore = fc;
	CU_ASSERT_EQUAL(settings_timeout("udp=0", &fc, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "udp: '0' is not a whole number from 1 to 31536000"));
	CU_ASSERT_EQUAL(settings_timeout("udp=31536001", &fc, err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(settings_timeout("tcpx=5", &fc, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "known: tcp-attempt, tcp, tcp-closed, udp, icmp, other, active"));
	CU_ASSERT_EQUAL(memcmp(&fc, &fbefore, sizeof(fc)), 0);
	struct knock_config kc, kbefore;
	knock_config_defaults(&kc);
	kbefore = kc;
	CU_ASSERT_EQUAL(settings_knock("max-len=16", &kc, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "max-len: '16' is not a whole number from 1 to 15"));
	CU_ASSERT_EQUAL(memcmp(&kc, &kbefore, sizeof(kc)), 0);
}

/* A short error buffer is truncated, never overrun, and stays a string. */
static void short_error_buffer_is_safe(void)
{
	char err[12];
	struct knock_config kc;
	knock_config_defaults(&kc);
	memset(err, 'x', sizeof(err));
	CU_ASSERT_EQUAL(settings_knock("nope=1", &kc, err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(strlen(err), sizeof(err) - 1);
	CU_ASSERT_EQUAL(strncmp(err, "unknown nam", 11), 0);
}

static void u64_refuses_signs_junk_and_overflow(void)
{
	uint64_t v = 42;
	CU_ASSERT_EQUAL(settings_u64("18446744073709551615", 0, UINT64_MAX, &v), 0);
	CU_ASSERT_EQUAL(v, UINT64_MAX);
	v = 42;
	CU_ASSERT_EQUAL(settings_u64("18446744073709551616", 0, UINT64_MAX, &v), -1);
	CU_ASSERT_EQUAL(settings_u64("-1", 0, UINT64_MAX, &v), -1);
	CU_ASSERT_EQUAL(settings_u64("+3", 0, 5, &v), -1);
	CU_ASSERT_EQUAL(settings_u64(" 3", 0, 5, &v), -1);
	CU_ASSERT_EQUAL(settings_u64("", 0, 5, &v), -1);
	CU_ASSERT_EQUAL(settings_u64(NULL, 0, 5, &v), -1);
	CU_ASSERT_EQUAL(settings_u64("3x", 0, 5, &v), -1);
	CU_ASSERT_EQUAL(settings_u64("6", 0, 5, &v), -1);
	CU_ASSERT_EQUAL(v, 42);
	CU_ASSERT_EQUAL(settings_u64("5", 0, 5, &v), 0);
	CU_ASSERT_EQUAL(v, 5);
}

/* Settings valid one by one can still conflict; setup tells that apart
 * from a failed allocation (issue 13: it used to say "out of memory"). */
static void conflicts_are_named_not_out_of_memory(void)
{
	struct analyzer_config cfg;
	char err[256] = "";
	analyzer_config_defaults(&cfg);
	CU_ASSERT_EQUAL(analyzer_config_check(&cfg, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(settings_scan("theta0=0.1", &cfg.scan, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(analyzer_config_check(&cfg, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "theta0=0.1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "theta1=0.2"));
	analyzer_config_defaults(&cfg);
	CU_ASSERT_EQUAL(settings_scan("abandon0=0.95", &cfg.scan, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(analyzer_config_check(&cfg, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "abandon0=0.95"));
	analyzer_config_defaults(&cfg);
	CU_ASSERT_EQUAL(settings_scan("theta0=0.1", &cfg.scan, err, sizeof(err)), 0);
	struct analyzer *an = calloc(1, sizeof(*an));
	CU_ASSERT_PTR_NOT_NULL_FATAL(an);
	CU_ASSERT_EQUAL(analyzer_init(an, &cfg), ANALYZER_EINVAL);
	analyzer_free(an);

	analyzer_config_defaults(&cfg);
	CU_ASSERT_EQUAL(settings_knock("max-len=1", &cfg.knock, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(analyzer_config_check(&cfg, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "max-len=1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "min-len=2"));
	CU_ASSERT_EQUAL(analyzer_init(an, &cfg), ANALYZER_EINVAL);
	analyzer_free(an);

	analyzer_config_defaults(&cfg);
	CU_ASSERT_EQUAL(settings_scan("alpha=0.995", &cfg.scan, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(analyzer_config_check(&cfg, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "beta=0.99"));
	free(an);
}

int test_settings_register(void)
{
	static const struct { const char *name; CU_TestFunc fn; } tests[] = {
		{ "timeout_names_reach_their_fields", timeout_names_reach_their_fields },
		{ "scan_names_reach_their_fields", scan_names_reach_their_fields },
		{ "knock_names_reach_their_fields", knock_names_reach_their_fields },
		{ "refusals_change_nothing_and_explain", refusals_change_nothing_and_explain },
		{ "short_error_buffer_is_safe", short_error_buffer_is_safe },
		{ "u64_refuses_signs_junk_and_overflow", u64_refuses_signs_junk_and_overflow },
		{ "conflicts_are_named_not_out_of_memory", conflicts_are_named_not_out_of_memory },
	};
	CU_pSuite s = CU_add_suite("settings", NULL, NULL);
	if (!s)
		return -1;
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		if (!CU_add_test(s, tests[i].name, tests[i].fn))
			return -1;
	return 0;
}
