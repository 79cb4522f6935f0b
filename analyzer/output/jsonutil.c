/* analyzer/output/jsonutil.c - see jsonutil.h. */
#include <arpa/inet.h>
#include <stdio.h>
#include "analyzer/output/jsonutil.h"
#include "analyzer/output/jw.h"

/* The date arithmetic lives in jw.c (jw_rfc3339), shared with the
 * streaming writer so the two cannot drift apart. */
json_t *jsonutil_time(uint64_t ts_ns)
{
	char buf[JW_RFC3339_LEN + 1];
	size_t n = jw_rfc3339(buf, ts_ns);
	return json_stringn_nocheck(buf, n);
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
