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

#include <stddef.h>
#include <stdint.h>
#include "analyzer/flow/flow.h"
#include "analyzer/detect/knockconf.h"

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

/* 0 when the settings are usable together; else -1 with the conflict,
 * naming the settings as --knock calls them, in err. */
int knock_config_check(const struct knock_config *cfg, char *err, size_t errlen);

struct knock_detector;

struct knock_detector *knock_new(const struct knock_config *cfg,
				 const struct siphash_key *seed);
void knock_free(struct knock_detector *d); /* NULL-safe */

/* Per packet, after flow_packet(). */
void knock_packet(struct knock_detector *d, struct flow *f,
		  const struct packet *p, const struct flow_hit *hit);

/* End of input: decide the runs still open. */
void knock_finish(struct knock_detector *d);

/* ---- records: knocks decided (plain data, no JSON) --------------------- */

enum knock_outcome { KNOCK_OPENED = 0, KNOCK_FAILED, KNOCK_INCOMPLETE };
/* How a sequence matched a knockd section (KNOCK_MATCH_NONE: no section). */
enum knock_match { KNOCK_MATCH_NONE = 0, KNOCK_MATCH_EXACT, KNOCK_MATCH_TOO_SLOW,
		   KNOCK_MATCH_WRONG_ORDER, KNOCK_MATCH_WRONG_TRANSPORT,
		   KNOCK_MATCH_INCOMPLETE };

/* One knock run, decided. ts[] are the knocks' times (ns); delays are
 * their differences. Valid as long as the detector. */
struct knock_record {
	uint8_t src[16], dst[16];
	uint8_t ip_ver;
	uint8_t len;              /* knocks in the sequence */
	uint8_t outcome;          /* enum knock_outcome */
	uint8_t spa;              /* one UDP datagram: single-packet authorization */
	uint8_t match;            /* enum knock_match */
	const char *rule;         /* knockd section name (borrowed from the
				   * rules), NULL when none matched */
	uint16_t ports[KNOCKCONF_MAX_SEQ];
	uint8_t protos[KNOCKCONF_MAX_SEQ]; /* IPPROTO_NUM_TCP or _UDP */
	uint64_t ts[KNOCKCONF_MAX_SEQ];
	int32_t opened_port;      /* the door that opened (or was tried); -1 none */
	uint64_t end_ts;          /* follow-up time, or the last knock */
};

/* Knocks decided so far, in the order they were decided; record i never
 * moves or changes once made. */
uint32_t knock_records(const struct knock_detector *d);
const struct knock_record *knock_record(const struct knock_detector *d, uint32_t i);

const char *knock_outcome_name(enum knock_outcome o);
const char *knock_match_name(enum knock_match m); /* NULL for NONE */

/* 1 when a and b are the same sequence (ports and transports) to the
 * same destination. */
int knock_same_sequence(const struct knock_record *a, const struct knock_record *b);

/* Detector counters: caps that bit. */
struct knock_stats {
	uint64_t knocks_dropped;  /* decided with max_knocks records already */
	uint64_t pairs_evicted;   /* (source, destination) pairs forgotten early */
	uint64_t accepted_full;   /* acceptance memory full */
};
const struct knock_stats *knock_stats(const struct knock_detector *d);

#endif
