/* analyzer/detect/neighbour.h - address-resolution requests waiting for
 * their replies: ARP (RFC 826) and IPv6 neighbour solicitation (RFC 4861
 * s4.3). scan.c uses them as host-discovery probes: a request that no IP
 * traffic follows asks whether a host is up (an ARP sweep, nmap -PR,
 * arp-scan, an ND sweep), and its reply says it is. Requests have no
 * flow, so they wait here: a FIFO of NEIGH_WAITING slots with an index by
 * (asker, asked), decided at their deadline, plus a ring of the last
 * NEIGH_RECENT decided ones from which a new scan record is backfilled.
 * Fixed memory, no allocation after neigh_init. */
#ifndef PORTLENS_NEIGHBOUR_H
#define PORTLENS_NEIGHBOUR_H

#include <stdint.h>
#include "analyzer/util/hindex.h"
#include "analyzer/util/siphash.h"

#define NEIGH_WAITING 4096
#define NEIGH_RECENT 4096

/* One request: who asked (src) for which address (dst). */
struct neigh_req {
	uint8_t src[16], dst[16];
	uint64_t ts, deadline;
	uint32_t hash;
	uint8_t ip_ver;
	uint8_t live;      /* waiting, and in the index */
	uint8_t answered;  /* a reply came */
};

/* A request decided lately (for backfill). */
struct neigh_seen {
	uint8_t src[16], dst[16];
	uint8_t ip_ver, up;
};

struct neigh_table {
	struct siphash_key key;
	struct neigh_req *q;
	uint32_t head, len;
	struct hindex index;
	struct neigh_seen *recent;
	uint32_t recent_pos;
};

int neigh_init(struct neigh_table *t, const struct siphash_key *key); /* 0, or -1: no memory */
void neigh_free(struct neigh_table *t);

static inline int neigh_waiting(const struct neigh_table *t)
{
	return t->len != 0;
}

/* A new request: 0 queued, 1 a retry of one still waiting (ignored), -1
 * the queue is full (the request stays undecided). */
int neigh_request(struct neigh_table *t, const uint8_t *src, const uint8_t *dst,
		  uint8_t ip_ver, uint64_t ts, uint64_t deadline);

/* replier answered asker's request for it. */
void neigh_reply(struct neigh_table *t, const uint8_t *replier, const uint8_t *asker);

/* src sent IP traffic to dst: its request for dst, if one waits, was
 * address resolution, not a probe: forgotten. */
void neigh_resolved(struct neigh_table *t, const uint8_t *src, const uint8_t *dst);

/* The oldest request due by now that is still a probe: copied to out and
 * 1; 0 when none is due. Forgotten requests are dropped on the way. */
int neigh_due(struct neigh_table *t, uint64_t now, struct neigh_req *out);

/* Remember a decided request, for neigh_recent_foreach. */
void neigh_remember(struct neigh_table *t, const struct neigh_req *r);

/* The remembered requests of src, oldest slots first. */
void neigh_recent_foreach(const struct neigh_table *t, const uint8_t *src,
			  void (*fn)(void *ctx, const struct neigh_seen *s), void *ctx);

#endif
