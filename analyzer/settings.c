/* analyzer/settings.c - NAME=VALUE settings of the command line
 * (--timeout, --scan, --knock) and number parsing, checked for range.
 * Returns -1 on anything malformed; main.c says what was wrong. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "settings.h"

/* Parse an unsigned decimal in [min, max]; -1 on anything else. */
int settings_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	errno = 0;
	if (!s || !*s || *s == '-')
		return -1;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static const char *const timeout_names[] = {
	[FLOW_TO_TCP_ATTEMPT] = "tcp-attempt", [FLOW_TO_TCP_ESTABLISHED] = "tcp",
	[FLOW_TO_TCP_CLOSED] = "tcp-closed", [FLOW_TO_UDP] = "udp",
	[FLOW_TO_ICMP] = "icmp", [FLOW_TO_OTHER] = "other",
};

static int parse_double(const char *s, double min, double max, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v > min) || !(v < max))
		return -1;
	*out = v;
	return 0;
}

/* --scan NAME=VALUE: one detector setting. */
int settings_scan(const char *arg, struct scan_config *sc)
{
	static const struct { const char *name; size_t off; } reals[] = {
		{ "theta0", offsetof(struct scan_config, theta0) },
		{ "theta1", offsetof(struct scan_config, theta1) },
		{ "alpha", offsetof(struct scan_config, alpha) },
		{ "beta", offsetof(struct scan_config, beta) },
	};
	const char *eq = strchr(arg, '=');
	uint64_t v;
	if (!eq)
		return -1;
	size_t n = (size_t)(eq - arg);
	const char *val = eq + 1;
	for (size_t i = 0; i < sizeof(reals) / sizeof(reals[0]); i++)
		if (strlen(reals[i].name) == n && strncmp(arg, reals[i].name, n) == 0)
			return parse_double(val, 0.0, 1.0, (double *)((char *)sc + reals[i].off));
#define SCAN_INT(key, field, lo, hi, scale) \
	if (n == strlen(key) && strncmp(arg, key, n) == 0) { \
		if (settings_u64(val, lo, hi, &v) != 0) return -1; \
		sc->field = (__typeof__(sc->field))(v * (scale)); return 0; }
	SCAN_INT("vertical", vertical_threshold, 2, 32, 1)
	SCAN_INT("horizontal", horizontal_threshold, 2, 32, 1)
	SCAN_INT("window", window_ns, 1, 86400 * 30, 1000000000ull)
	SCAN_INT("probe-timeout", probe_timeout_ns, 1, 3600, 1000000000ull)
	SCAN_INT("min-ports", min_ports, 1, 65536, 1)
	SCAN_INT("max-sources", max_sources, 16, 1u << 24, 1)
	SCAN_INT("max-scans", max_scans, 1, 1u << 16, 1)
	SCAN_INT("max-contacts", max_contacts, 1024, 1u << 28, 1)
#undef SCAN_INT
	return -1;
}

/* --knock NAME=VALUE: one knock detector setting. */
int settings_knock(const char *arg, struct knock_config *kc)
{
	const char *eq = strchr(arg, '=');
	uint64_t v;
	if (!eq)
		return -1;
	size_t n = (size_t)(eq - arg);
	const char *val = eq + 1;
#define KNOCK_INT(key, field, lo, hi, scale) \
	if (n == strlen(key) && strncmp(arg, key, n) == 0) { \
		if (settings_u64(val, lo, hi, &v) != 0) return -1; \
		kc->field = (__typeof__(kc->field))(v * (scale)); return 0; }
	KNOCK_INT("min-len", min_len, 1, 15, 1)
	KNOCK_INT("max-len", max_len, 1, 15, 1)
	KNOCK_INT("gap", inter_knock_ns, 1, 3600, 1000000000ull)
	KNOCK_INT("open-timeout", open_timeout_ns, 1, 3600, 1000000000ull)
	KNOCK_INT("spa-timeout", spa_timeout_ns, 1, 3600, 1000000000ull)
	KNOCK_INT("max-pairs", max_pairs, 16, 1u << 24, 1)
	KNOCK_INT("max-knocks", max_knocks, 1, 1u << 20, 1)
#undef KNOCK_INT
	return -1;
}

int settings_timeout(const char *arg, struct flow_config *fc)
{
	const char *eq = strchr(arg, '=');
	uint64_t secs;
	if (!eq || settings_u64(eq + 1, 1, 86400 * 365, &secs) != 0)
		return -1;
	size_t n = (size_t)(eq - arg);
	if (n == 6 && strncmp(arg, "active", 6) == 0) {
		fc->active_timeout_ns = secs * 1000000000ull;
		return 0;
	}
	for (int c = 0; c < FLOW_TO_COUNT; c++) {
		if (strlen(timeout_names[c]) == n && strncmp(arg, timeout_names[c], n) == 0) {
			fc->timeout_ns[c] = secs * 1000000000ull;
			return 0;
		}
	}
	return -1;
}
