/* analyzer/output/ipfix_send.h - where IPFIX messages go: the collector's
 * address ([udp://|tcp://]HOST:PORT, IPv6 as [ADDR]:PORT), one connected
 * socket, and a pacer that keeps a fast file read from overrunning a
 * collector's socket buffer. A send never blocks for long and never
 * stops the run: it returns the errno and the caller counts it. UDP over
 * a connected socket learns of a closed port (ICMP port unreachable) on
 * the next send, as ECONNREFUSED (RFC 1122 s4.1.3.3; Linux udp(7)). */
#ifndef PORTLENS_IPFIX_SEND_H
#define PORTLENS_IPFIX_SEND_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include "analyzer/util/hostport.h"

struct ipfix_dest {
	int tcp;                 /* 1: tcp://, else UDP (RFC 7011 s10.3) */
	struct hostport hp;      /* resolved once, when parsed */
};

/* Parse [udp://|tcp://]HOST:PORT, [ADDR]:PORT or :PORT (the loopback)
 * and resolve it (analyzer/util/hostport.h, the same rules as
 * --metrics). 0, or -1 with a message (the value quoted, not the option:
 * the caller names it) in err. */
int ipfix_dest_parse(const char *s, struct ipfix_dest *d, char *err, size_t errlen);

struct ipfix_sock {
	int fd;                  /* -1 when not connected */
	int tcp;
	struct sockaddr_storage sa;
	socklen_t salen;
	uint64_t retry_ns;       /* TCP: earliest next connect attempt (monotonic) */
};

/* Resolve d and connect (UDP: at once; TCP: up to 2 s). 0, or -1 with
 * errno set (the socket stays closed; sends then fail and count). */
int ipfix_sock_open(struct ipfix_sock *k, const struct ipfix_dest *d);

/* Send one whole message. 0, or an errno (ENOTCONN: not connected). A
 * TCP socket that failed is closed (a partial message would corrupt the
 * stream). */
int ipfix_sock_send(struct ipfix_sock *k, const uint8_t *msg, size_t len);

/* TCP, closed after a failure: connect again, at most once a second. 0
 * when connected now (the caller must send templates before data, RFC
 * 7011 s8), else -1. */
int ipfix_sock_reconnect(struct ipfix_sock *k);

void ipfix_sock_close(struct ipfix_sock *k);

/* Messages per second at most; rate 0: unpaced. A burst of up to 1/10 s
 * of messages goes out at once after an idle spell. */
struct ipfix_pacer {
	uint64_t interval_ns;    /* 1e9 / rate */
	uint64_t next_ns;        /* earliest time of the next message */
};

void ipfix_pacer_init(struct ipfix_pacer *p, uint32_t rate);
/* Sleep until the next message may go. */
void ipfix_pacer_wait(struct ipfix_pacer *p);

/* CLOCK_MONOTONIC in ns. */
uint64_t ipfix_now_ns(void);

#endif
