/* analyzer/util/hostport.h - an output's address option (--metrics ADDR):
 * HOST:PORT, [IPV6]:PORT or :PORT, turned into one socket address with
 * getaddrinfo(3). HOST may be a name (localhost) or a numeric address;
 * an empty HOST is every IPv4 address when listening (0.0.0.0), the
 * loopback when sending. PORT is 1-65535 (0 would pick a random port
 * nobody could be told about). Trap: a name is resolved once, at check
 * time; a name that is not in /etc/hosts asks DNS. */
#ifndef PORTLENS_HOSTPORT_H
#define PORTLENS_HOSTPORT_H

#include <stddef.h>
#include <sys/socket.h>

struct hostport {
	struct sockaddr_storage addr;
	socklen_t addrlen;
	int family; /* AF_INET or AF_INET6 */
	unsigned short port;
};

/* Parse value into out (the first address getaddrinfo gives; passive:
 * for listening). 0, or -1 with why in err (without the option's name:
 * the caller prefixes it). */
int hostport_parse(const char *value, int passive, struct hostport *out, char *err,
		   size_t errlen);

#endif
