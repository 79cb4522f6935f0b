/* analyzer/detect/scan.h - port-scan detection.
 * Evidence comes from flows: a probe is the first packet of a flow sent
 * by its originator with a scan-like shape (SYN, FIN, NULL, Xmas, ACK,
 * Maimon, or a UDP datagram); it succeeds when the responder accepts
 * (SYN+ACK, a UDP reply) and fails on a RST, an ICMP error quoting it, or
 * no answer before the flow ends. Two detectors run on every source:
 *  1. Threshold Random Walk, the sequential hypothesis test of Jung,
 *     Paxson, Berger and Balakrishnan, "Fast Portscan Detection Using
 *     Sequential Hypothesis Testing", IEEE S&P 2004, over the outcomes of
 *     first contacts (a (destination, port, transport) the source never
 *     tried before);
 *  2. distinct-target thresholds over a sliding window: failed first
 *     contacts to many ports of one host, or one port of many hosts.
 * A flagged source becomes a scan record: kind (vertical, horizontal,
 * block), technique, ports probed, open ports found, targets, times.
 * All state is bounded by caps (sources, scans, remembered contacts);
 * each cap that bites is counted. Design notes: docs/scan.md. */
#ifndef PORTLENS_SCAN_H
#define PORTLENS_SCAN_H

#include <jansson.h>
#include <stdint.h>
#include "analyzer/flow/flow.h"
#include "portdb/portdb.h"

struct scan_config {
	/* TRW (Jung et al. 2004, section 4): probability that a first contact
	 * succeeds for a benign source (theta0) and for a scanner (theta1);
	 * target false-positive (alpha) and detection (beta) probabilities. */
	double theta0, theta1, alpha, beta;
	unsigned vertical_threshold;   /* failed distinct ports on one host */
	unsigned horizontal_threshold; /* failed distinct hosts on one port */
	uint64_t window_ns;            /* sliding window of the thresholds */
	uint32_t max_sources;          /* sources tracked at once */
	uint32_t max_scans;            /* scan records kept */
	uint32_t max_contacts;         /* first contacts remembered */
	uint64_t source_idle_ns;       /* forget an unflagged source idle this long */
	uint64_t probe_timeout_ns;     /* no answer this long: a failed probe */
	/* A flagged source is reported once it probed more distinct ports
	 * than a knock sequence has (knock.c: at most 8), or more than one
	 * host: a handful of failed ports on one host is also what a port
	 * knock looks like. */
	unsigned min_ports;
};

/* Defaults: the paper's theta0 0.8, theta1 0.2, alpha 0.01, beta 0.99;
 * thresholds 12 and 12 in a 1-hour window; 16384 sources, 256 scans,
 * 1M contacts, 1-hour source idle, 5 s probe timeout, 9 ports. */
void scan_config_defaults(struct scan_config *cfg);

struct scan_detector;

/* NULL when out of memory or the config is invalid. */
struct scan_detector *scan_new(const struct scan_config *cfg,
			       const struct siphash_key *seed);
void scan_free(struct scan_detector *d); /* NULL-safe */

/* Per packet, after flow_packet(): f and hit as it returned them. */
void scan_packet(struct scan_detector *d, struct flow *f,
		 const struct packet *p, const struct flow_hit *hit);

/* Per ended flow (before its slot is reused). */
void scan_flow_end(struct scan_detector *d, const struct flow *f);

/* End of input: every probe still waiting for an answer has failed.
 * Call before the flow table is flushed (the backfill needs the flows). */
void scan_finish(struct scan_detector *d);

/* A source flagged since the last call: copies its address to addr and
 * returns 1, else 0. The caller then hands the source's live flows to
 * scan_backfill(), so probes sent before the decision are in the record. */
int scan_pop_flagged(struct scan_detector *d, uint8_t addr[16]);
void scan_backfill(struct scan_detector *d, struct flow *f);

/* Number of reported scans (flagged and broad enough, see min_ports), and
 * scan i as an ECS-style JSON object (the report's scans[] entry and the
 * alert line). New reference. */
size_t scan_count(const struct scan_detector *d);
json_t *scan_json(const struct scan_detector *d, size_t i);

/* 1 when a reported scan from src probed dst and overlaps [t0, t1]. */
int scan_covers(const struct scan_detector *d, const uint8_t *src,
		const uint8_t *dst, uint64_t t0, uint64_t t1);

/* Hand each reported scan not handed out before to fn (a new reference
 * fn must release): alerts as soon as they are decided. Returns how many. */
typedef void (*scan_alert_fn)(void *ctx, json_t *alert);
size_t scan_emit_new(struct scan_detector *d, scan_alert_fn fn, void *ctx);

/* Detector counters (caps that bit, sources seen). New reference. */
json_t *scan_stats_json(const struct scan_detector *d);

/* How many probes had been seen from the source of scan i when it was
 * flagged (for tests and docs). */
uint32_t scan_flagged_after(const struct scan_detector *d, size_t i);

#endif
