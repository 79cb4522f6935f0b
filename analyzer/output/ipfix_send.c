/* analyzer/output/ipfix_send.c - see ipfix_send.h. Pacing and retries
 * run on the wall clock (CLOCK_MONOTONIC): they are about the collector,
 * not about the capture, so capture time would be wrong here.
 * Traps: a UDP send to a closed local port fails with ECONNREFUSED once
 * per ICMP error, and the message is gone; EAGAIN on a full send buffer
 * gets one short wait (poll, 50 ms) and one retry, never more; TCP sends
 * use MSG_NOSIGNAL (no SIGPIPE when the collector goes away). */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "analyzer/output/ipfix_send.h"

#define NS_PER_S 1000000000ull
#define SEND_WAIT_MS 50          /* EAGAIN: one wait this long */
#define CONNECT_WAIT_MS 2000     /* TCP connect */
#define TCP_RETRY_NS NS_PER_S    /* at most one reconnect a second */
#define UDP_SNDBUF (4 << 20)     /* bytes; the kernel caps it at wmem_max */

uint64_t ipfix_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

int ipfix_dest_parse(const char *s, struct ipfix_dest *d, char *err, size_t errlen)
{
	const char *rest = s;
	memset(d, 0, sizeof(*d));
	if (strncmp(s, "tcp://", 6) == 0) {
		d->tcp = 1;
		rest = s + 6;
	} else if (strncmp(s, "udp://", 6) == 0) {
		rest = s + 6;
	}
	char why[400];
	if (hostport_parse(rest, 0, &d->hp, why, sizeof(why)) == 0)
		return 0;
	if (rest == s)
		snprintf(err, errlen, "%s", why);
	else
		snprintf(err, errlen, "'%s': %s", s, why);
	return -1;
}

/* Wait up to ms for fd to become writable: 1, or 0 on timeout/error. */
static int wait_writable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	int rc;
	do
		rc = poll(&p, 1, ms);
	while (rc < 0 && errno == EINTR);
	return rc == 1;
}

/* Non-blocking connect, bounded for TCP. 0, or -1 with errno. */
static int sock_connect(struct ipfix_sock *k)
{
	int type = (k->tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK | SOCK_CLOEXEC;
	int fd = socket(k->sa.ss_family, type, 0);
	if (fd < 0)
		return -1;
	if (!k->tcp) {
		int sz = UDP_SNDBUF;
		(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	}
	if (connect(fd, (const struct sockaddr *)&k->sa, k->salen) != 0) {
		int e = errno, soerr = 0;
		socklen_t l = sizeof(soerr);
		if (e != EINPROGRESS || !wait_writable(fd, CONNECT_WAIT_MS) ||
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &l) != 0 || soerr) {
			close(fd);
			errno = e == EINPROGRESS ? (soerr ? soerr : ETIMEDOUT) : e;
			return -1;
		}
	}
	k->fd = fd;
	return 0;
}

int ipfix_sock_open(struct ipfix_sock *k, const struct ipfix_dest *d)
{
	memset(k, 0, sizeof(*k));
	k->fd = -1;
	k->tcp = d->tcp;
	memcpy(&k->sa, &d->hp.addr, d->hp.addrlen);
	k->salen = d->hp.addrlen;
	if (sock_connect(k) != 0) {
		k->retry_ns = ipfix_now_ns() + TCP_RETRY_NS;
		return -1;
	}
	return 0;
}

void ipfix_sock_close(struct ipfix_sock *k)
{
	if (k->fd >= 0)
		close(k->fd);
	k->fd = -1;
}

/* The whole message, with bounded waits; 0 or an errno. */
static int send_all(int fd, const uint8_t *msg, size_t len, int waits)
{
	while (len > 0) {
		ssize_t n = send(fd, msg, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n > 0) {
			msg += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && waits-- > 0 &&
		    wait_writable(fd, SEND_WAIT_MS))
			continue;
		return n < 0 ? errno : EIO;
	}
	return 0;
}

int ipfix_sock_reconnect(struct ipfix_sock *k)
{
	uint64_t now = ipfix_now_ns();
	if (!k->tcp || k->fd >= 0 || now < k->retry_ns)
		return -1;
	k->retry_ns = now + TCP_RETRY_NS;
	return sock_connect(k);
}

int ipfix_sock_send(struct ipfix_sock *k, const uint8_t *msg, size_t len)
{
	if (k->fd < 0)
		return ENOTCONN;
	/* TCP may wait longer in pieces (a stream), UDP once (one datagram). */
	int e = send_all(k->fd, msg, len, k->tcp ? 40 : 1);
	if (e && k->tcp) {
		ipfix_sock_close(k); /* a partial message would corrupt the stream */
		k->retry_ns = ipfix_now_ns() + TCP_RETRY_NS;
	}
	return e;
}

void ipfix_pacer_init(struct ipfix_pacer *p, uint32_t rate)
{
	p->interval_ns = rate ? NS_PER_S / rate : 0;
	p->next_ns = 0;
}

void ipfix_pacer_wait(struct ipfix_pacer *p)
{
	if (!p->interval_ns)
		return;
	uint64_t now = ipfix_now_ns();
	uint64_t floor = now > NS_PER_S / 10 ? now - NS_PER_S / 10 : 0; /* burst */
	if (p->next_ns < floor)
		p->next_ns = floor;
	/* Sleep in steps of 1 ms or more: a nanosleep per message would cost
	 * more than the message at high rates. */
	if (p->next_ns > now + NS_PER_S / 1000) {
		uint64_t d = p->next_ns - now;
		struct timespec ts = { (time_t)(d / NS_PER_S), (long)(d % NS_PER_S) };
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
	}
	p->next_ns += p->interval_ns;
}
