/* analyzer/cli/settings.c - NAME=VALUE settings of the command line
 * (--timeout, --scan, --knock) and number parsing, checked for range.
 * Each family is one table of names, ranges and fields; a bad setting
 * leaves the config unchanged and writes what was wrong into err, for
 * main.c to print: the unknown name with the known ones, or the value
 * with its range. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/cli/settings.h"
#include "analyzer/util/decimal.h"

/* Parse an unsigned decimal in [min, max]; -1 on anything else (a sign,
 * leading blanks, trailing junk, overflow). */
int settings_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	return decimal_u64(s, min, max, out);
}

/* A real in the open interval (min, max); -1 on anything else. */
static int parse_open_real(const char *s, double min, double max, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v > min) || !(v < max))
		return -1;
	*out = v;
	return 0;
}

enum { SEC = 1000000000 }; /* a value given in seconds, stored in ns */

/* One setting: a real in (0, 1) when real, else an integer in [lo, hi]
 * times scale, stored into a field of size bytes at off. */
struct setting {
	const char *name;
	size_t off, size;
	int real;
	uint64_t lo, hi, scale;
};

#define INT_SETTING(type, key, field, lo, hi, scale) \
	{ key, offsetof(type, field), sizeof(((type *)0)->field), 0, lo, hi, scale }
#define REAL_SETTING(type, key, field) \
	{ key, offsetof(type, field), sizeof(double), 1, 0, 0, 0 }

static const struct setting scan_settings[] = {
	REAL_SETTING(struct scan_config, "theta0", theta0),
	REAL_SETTING(struct scan_config, "theta1", theta1),
	REAL_SETTING(struct scan_config, "alpha", alpha),
	REAL_SETTING(struct scan_config, "beta", beta),
	INT_SETTING(struct scan_config, "vertical", vertical_threshold, 2, 32, 1),
	INT_SETTING(struct scan_config, "horizontal", horizontal_threshold, 2, 32, 1),
	INT_SETTING(struct scan_config, "window", window_ns, 1, 86400 * 30, SEC),
	INT_SETTING(struct scan_config, "probe-timeout", probe_timeout_ns, 1, 3600, SEC),
	INT_SETTING(struct scan_config, "min-ports", min_ports, 1, 65536, 1),
	INT_SETTING(struct scan_config, "max-sources", max_sources, 16, 1u << 24, 1),
	INT_SETTING(struct scan_config, "max-scans", max_scans, 1, 1u << 16, 1),
	INT_SETTING(struct scan_config, "max-contacts", max_contacts, 1024, 1u << 28, 1),
	REAL_SETTING(struct scan_config, "abandon0", abandon0),
	REAL_SETTING(struct scan_config, "abandon1", abandon1),
	INT_SETTING(struct scan_config, "repeat-wait", repeat_wait_ns, 1, 86400, SEC),
};

static const struct setting knock_settings[] = {
	INT_SETTING(struct knock_config, "min-len", min_len, 1, 15, 1),
	INT_SETTING(struct knock_config, "max-len", max_len, 1, 15, 1),
	INT_SETTING(struct knock_config, "gap", inter_knock_ns, 1, 3600, SEC),
	INT_SETTING(struct knock_config, "open-timeout", open_timeout_ns, 1, 3600, SEC),
	INT_SETTING(struct knock_config, "spa-timeout", spa_timeout_ns, 1, 3600, SEC),
	INT_SETTING(struct knock_config, "max-pairs", max_pairs, 16, 1u << 24, 1),
	INT_SETTING(struct knock_config, "max-knocks", max_knocks, 1, 1u << 20, 1),
};

#define TIMEOUT_MAX (86400 * 365)
static const struct setting timeout_settings[] = {
	INT_SETTING(struct flow_config, "tcp-attempt", timeout_ns[FLOW_TO_TCP_ATTEMPT], 1, TIMEOUT_MAX, SEC),
	INT_SETTING(struct flow_config, "tcp", timeout_ns[FLOW_TO_TCP_ESTABLISHED], 1, TIMEOUT_MAX, SEC),
	INT_SETTING(struct flow_config, "tcp-closed", timeout_ns[FLOW_TO_TCP_CLOSED], 1, TIMEOUT_MAX, SEC),
	INT_SETTING(struct flow_config, "udp", timeout_ns[FLOW_TO_UDP], 1, TIMEOUT_MAX, SEC),
	INT_SETTING(struct flow_config, "icmp", timeout_ns[FLOW_TO_ICMP], 1, TIMEOUT_MAX, SEC),
	INT_SETTING(struct flow_config, "other", timeout_ns[FLOW_TO_OTHER], 1, TIMEOUT_MAX, SEC),
	INT_SETTING(struct flow_config, "active", active_timeout_ns, 1, TIMEOUT_MAX, SEC),
};

/* Integer fields are 64 or 32 bits wide (the ranges above fit both). */
static void store_uint(void *field, size_t size, uint64_t v)
{
	if (size == sizeof(uint64_t)) {
		memcpy(field, &v, sizeof(v));
	} else {
		uint32_t w = (uint32_t)v;
		memcpy(field, &w, sizeof(w));
	}
}

static void known_names(const struct setting *t, size_t n, char *err, size_t errlen)
{
	size_t used = strlen(err);
	for (size_t i = 0; i < n && used < errlen; i++) {
		int w = snprintf(err + used, errlen - used, "%s%s", i ? ", " : "", t[i].name);
		if (w < 0)
			return;
		used += (size_t)w;
	}
}

/* Apply one NAME=VALUE from table t to the struct at base. */
static int apply(const struct setting *t, size_t n, const char *arg, void *base,
		 char *err, size_t errlen)
{
	const char *eq = strchr(arg, '=');
	if (!eq) {
		snprintf(err, errlen, "'%s' is not NAME=VALUE", arg);
		return -1;
	}
	size_t len = (size_t)(eq - arg);
	const char *val = eq + 1;
	for (size_t i = 0; i < n; i++) {
		const struct setting *s = &t[i];
		if (strlen(s->name) != len || strncmp(arg, s->name, len) != 0)
			continue;
		char *field = (char *)base + s->off;
		if (s->real) {
			double d;
			if (parse_open_real(val, 0.0, 1.0, &d) == 0) {
				memcpy(field, &d, sizeof(d));
				return 0;
			}
			snprintf(err, errlen, "%s: '%s' is not a number between 0 and 1 "
				 "(both excluded)", s->name, val);
			return -1;
		}
		uint64_t v;
		if (settings_u64(val, s->lo, s->hi, &v) == 0) {
			store_uint(field, s->size, v * s->scale);
			return 0;
		}
		snprintf(err, errlen, "%s: '%s' is not a whole number from %llu to %llu",
			 s->name, val, (unsigned long long)s->lo, (unsigned long long)s->hi);
		return -1;
	}
	snprintf(err, errlen, "unknown name '%.*s'; known: ", (int)len, arg);
	known_names(t, n, err, errlen);
	return -1;
}

#define NSET(t) (sizeof(t) / sizeof((t)[0]))

int settings_scan(const char *arg, struct scan_config *sc, char *err, size_t errlen)
{
	return apply(scan_settings, NSET(scan_settings), arg, sc, err, errlen);
}

int settings_knock(const char *arg, struct knock_config *kc, char *err, size_t errlen)
{
	return apply(knock_settings, NSET(knock_settings), arg, kc, err, errlen);
}

int settings_timeout(const char *arg, struct flow_config *fc, char *err, size_t errlen)
{
	return apply(timeout_settings, NSET(timeout_settings), arg, fc, err, errlen);
}

/* The UDP tunnel types, for messages. */
static void udp_tunnel_names(char *out, size_t n)
{
	size_t used = 0;
	out[0] = '\0';
	for (unsigned t = 1; t < TUN_COUNT && used < n; t++)
		if (tunnel_type_is_udp(t))
			used += (size_t)snprintf(out + used, n - used, "%s%s",
						 used ? ", " : "", tunnel_type_name(t));
}

/* PORT[,PORT...] into ports; the count, or -1 naming the bad one in err. */
static int parse_port_list(const char *list, uint16_t *ports, size_t max,
			   char *err, size_t errlen)
{
	char buf[256];
	size_t n = 0;
	if (strlen(list) >= sizeof(buf)) {
		snprintf(err, errlen, "port list too long");
		return -1;
	}
	memcpy(buf, list, strlen(list) + 1);
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		uint64_t v;
		if (decimal_u64(tok, 1, 65535, &v) != 0) {
			snprintf(err, errlen, "'%s' is not a port (1-65535)", tok);
			return -1;
		}
		if (n == max) {
			snprintf(err, errlen, "more than %zu ports", max);
			return -1;
		}
		ports[n++] = (uint16_t)v;
	}
	if (n == 0)
		snprintf(err, errlen, "no port given (TYPE=PORT[,PORT...] or TYPE=none)");
	return n ? (int)n : -1;
}

int settings_tunnel_port(const char *arg, struct decap_config *dc, char *err, size_t errlen)
{
	char names[160];
	uint16_t ports[TUNNEL_MAX_PORTS];
	const char *eq = strchr(arg, '=');
	udp_tunnel_names(names, sizeof(names));
	unsigned type = eq ? tunnel_type_by_name(arg, (size_t)(eq - arg)) : TUN_NONE;
	if (!eq || !tunnel_type_is_udp(type)) {
		snprintf(err, errlen, "'%s': expected TYPE=PORT[,PORT...] with TYPE one of %s",
			 arg, names);
		return -1;
	}
	int n = strcmp(eq + 1, "none") == 0 ? 0 :
		parse_port_list(eq + 1, ports, TUNNEL_MAX_PORTS, err, errlen);
	if (n < 0)
		return -1;
	if (decap_config_set_ports(dc, type, ports, (size_t)n) != 0) {
		snprintf(err, errlen, "more than %d tunnel ports in all", TUNNEL_MAX_PORTS);
		return -1;
	}
	return 0;
}
