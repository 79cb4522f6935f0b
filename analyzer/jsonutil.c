/* analyzer/jsonutil.c - see jsonutil.h. */
#include <arpa/inet.h>
#include <stdio.h>
#include <time.h>
#include "jsonutil.h"

json_t *jsonutil_time(uint64_t ts_ns)
{
	char buf[48];
	time_t sec = (time_t)(ts_ns / 1000000000u);
	struct tm tm;

	if (!gmtime_r(&sec, &tm))
		return json_null();
	size_t n = strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, sizeof(buf) - n, ".%09uZ", (unsigned)(ts_ns % 1000000000u));
	return json_string(buf);
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
