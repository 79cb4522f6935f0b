/* analyzer/util/hostport.c - see hostport.h. */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/util/hostport.h"

/* Split value into host (into buf) and the port's text; 0 or -1. */
static int split(const char *value, char *host, size_t hostlen, const char **port,
		 char *err, size_t errlen)
{
	const char *colon, *h = value;
	size_t n;
	if (value[0] == '[') {
		const char *close = strchr(value, ']');
		if (!close || close[1] != ':') {
			snprintf(err, errlen, "'%s' is not [IPV6]:PORT", value);
			return -1;
		}
		h = value + 1;
		n = (size_t)(close - h);
		colon = close + 1;
	} else {
		colon = strrchr(value, ':');
		if (!colon) {
			snprintf(err, errlen, "'%s' is not HOST:PORT, [IPV6]:PORT or :PORT", value);
			return -1;
		}
		if (memchr(value, ':', (size_t)(colon - value))) {
			snprintf(err, errlen, "'%s': put an IPv6 address in brackets, "
				 "[IPV6]:PORT", value);
			return -1;
		}
		n = (size_t)(colon - value);
	}
	if (n >= hostlen) {
		snprintf(err, errlen, "'%s': host name too long", value);
		return -1;
	}
	memcpy(host, h, n);
	host[n] = 0;
	*port = colon + 1;
	return 0;
}

static int port_number(const char *value, const char *text, unsigned short *out, char *err,
		       size_t errlen)
{
	char *end;
	unsigned long v = strtoul(text, &end, 10);
	if (!*text || *end || text[0] < '0' || text[0] > '9' || v < 1 || v > 65535) {
		snprintf(err, errlen, "'%s': port '%s' is not a number from 1 to 65535",
			 value, text);
		return -1;
	}
	*out = (unsigned short)v;
	return 0;
}

int hostport_parse(const char *value, int passive, struct hostport *out, char *err,
		   size_t errlen)
{
	char host[256];
	const char *port;
	struct addrinfo hints, *res = NULL;
	memset(out, 0, sizeof(*out));
	if (split(value, host, sizeof(host), &port, err, errlen) != 0 ||
	    port_number(value, port, &out->port, err, errlen) != 0)
		return -1;
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0);
	hints.ai_family = host[0] ? AF_UNSPEC : AF_INET;
	int rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
	if (rc != 0 || !res) {
		snprintf(err, errlen, "'%s': %s", value, rc ? gai_strerror(rc) : "no address");
		return -1;
	}
	memcpy(&out->addr, res->ai_addr, res->ai_addrlen);
	out->addrlen = res->ai_addrlen;
	out->family = res->ai_family;
	freeaddrinfo(res);
	return 0;
}
