/* analyzer/output/jsonutil.c - see jsonutil.h. */
#include <arpa/inet.h>
#include <stdio.h>
#include "analyzer/output/jsonutil.h"

/* Write v as exactly n decimal digits, zero-padded. */
static char *digits(char *p, uint64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + n;
}

/* Days since 1970-01-01 to a proleptic Gregorian date: H. Hinnant's
 * civil_from_days ("chrono-Compatible Low-Level Date Algorithms"). Exact
 * for every uint64 nanosecond timestamp; no locale, no libc formatting
 * on the per-flow path. */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

json_t *jsonutil_time(uint64_t ts_ns)
{
	char buf[48], *p = buf;
	uint64_t sec = ts_ns / 1000000000u, sod = sec % 86400;
	int64_t y;
	unsigned m, d;

	civil_from_days((int64_t)(sec / 86400), &y, &m, &d);
	p = digits(p, (uint64_t)y, 4);
	*p++ = '-';
	p = digits(p, m, 2);
	*p++ = '-';
	p = digits(p, d, 2);
	*p++ = 'T';
	p = digits(p, sod / 3600, 2);
	*p++ = ':';
	p = digits(p, sod / 60 % 60, 2);
	*p++ = ':';
	p = digits(p, sod % 60, 2);
	*p++ = '.';
	p = digits(p, ts_ns % 1000000000u, 9);
	*p++ = 'Z';
	return json_stringn_nocheck(buf, (size_t)(p - buf));
}

void jsonutil_stamp_line(json_t *line)
{
	json_object_set_new(line, "ecs", json_pack("{ss}", "version", JSONUTIL_ECS_VERSION));
	json_object_set_new(json_object_get(line, "portlens"), "schema_version",
			    json_integer(JSONUTIL_LINE_SCHEMA_VERSION));
}

/* inet_ntop writes IPv6 in RFC 5952 canonical form (lowercase, longest
 * zero run compressed, IPv4-mapped dotted), which ECS expects. */
json_t *jsonutil_addr(const uint8_t *addr, int ip_ver)
{
	char buf[INET6_ADDRSTRLEN];
	if (!inet_ntop(ip_ver == 4 ? AF_INET : AF_INET6, addr, buf, sizeof(buf)))
		return json_null();
	return json_string(buf);
}
