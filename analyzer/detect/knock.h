/* analyzer/detect/knock.h - port-knock and single-packet-authorization detection.
 * From one source to one destination, a short ordered run of attempts
 * (TCP SYNs or UDP datagrams to distinct ports) that get no answer or a
 * rejection, each within the inter-knock timeout of the previous one,
 * followed within the open timeout by a real connection (handshake and
 * data) to a port nobody reached before the run: a knock that opened a
 * door. The same run followed by a connection attempt the client keeps
 * retrying is a failed knock; a run with no follow-up is incomplete. A
 * run longer than max_len is a scan, never a knock (its first ports are
 * not reported as one). With knockd's configuration (knockconf.h), runs
 * are matched to its sections, exactly or as near-misses. Rules and
 * defaults: docs/knock.md. */
#ifndef PORTLENS_KNOCK_H
#define PORTLENS_KNOCK_H

#include <jansson.h>
#include <stdint.h>
#include "analyzer/flow/flow.h"
#include "analyzer/detect/knockconf.h"
#include "analyzer/detect/scan.h"

struct knock_config {
	unsigned min_len, max_len;   /* knocks in a sequence: 2 .. 8 */
	uint64_t inter_knock_ns;     /* longest gap between two knocks: 10 s */
	uint64_t open_timeout_ns;    /* last knock to the follow-up: 30 s */
	uint64_t spa_timeout_ns;     /* SPA datagram to the follow-up: 10 s */
	uint32_t max_pairs;          /* (source, destination) pairs tracked */
	uint32_t max_knocks;         /* knock records kept */
	const struct knock_rules *rules; /* knockd sections; borrowed, may be NULL */
};

void knock_config_defaults(struct knock_config *cfg);

struct knock_detector;

struct knock_detector *knock_new(const struct knock_config *cfg,
				 const struct siphash_key *seed);
void knock_free(struct knock_detector *d); /* NULL-safe */

/* Per packet, after flow_packet(). */
void knock_packet(struct knock_detector *d, struct flow *f,
		  const struct packet *p, const struct flow_hit *hit);

/* End of input: decide the runs still open. */
void knock_finish(struct knock_detector *d);

/* Runs that a reported scan from the same source to the same destination
 * covers in time are part of that scan: they are kept out of the knocks.
 * s is borrowed; NULL disables the filter. */
void knock_set_scan_filter(struct knock_detector *d, const struct scan_detector *s);

/* Number of knocks reported, and knock i. */
size_t knock_count(const struct knock_detector *d);
/* Knock i as an ECS-style alert object. New reference. */
json_t *knock_json(const struct knock_detector *d, size_t i);
/* Hand each reported knock not handed out before to fn (new reference). */
size_t knock_emit_new(struct knock_detector *d, scan_alert_fn fn, void *ctx);

/* Sequences that opened a door more than once: known secrets. */
json_t *knock_learned_json(const struct knock_detector *d);
json_t *knock_stats_json(const struct knock_detector *d);

#endif
