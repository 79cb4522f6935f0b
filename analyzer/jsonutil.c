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

json_t *jsonutil_addr(const uint8_t *addr, int ip_ver)
{
	char buf[INET6_ADDRSTRLEN];
	if (!inet_ntop(ip_ver == 4 ? AF_INET : AF_INET6, addr, buf, sizeof(buf)))
		return json_null();
	return json_string(buf);
}
