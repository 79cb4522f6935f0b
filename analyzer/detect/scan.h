/* analyzer/detect/scan.h - port-scan detection.
 * Evidence comes from flows: a probe is the first packet of a flow sent
 * by its originator with a scan-like shape (SYN, FIN, NULL, Xmas, ACK,
 * Maimon, or a UDP datagram); it succeeds when the responder accepts
 * (SYN+ACK, a UDP reply) and fails on a RST, an ICMP error quoting it, or
 * no answer before the flow ends. An accepted SYN that the originator
 * then resets or closes with no payload either way is an abandoned
 * success: what a SYN or connect scan does to an open port. Two
 * detectors run on every source:
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

#include <stddef.h>
#include <stdint.h>
#include "analyzer/detect/scanrecord.h"
#include "analyzer/flow/flow.h"
#include "portdb/portdb.h"

struct scan_config {
	/* TRW (Jung et al. 2004, section 4): probability that a first contact
	 * succeeds for a benign source (theta0) and for a scanner (theta1);
	 * target false-positive (alpha) and detection (beta) probabilities. */
	double theta0, theta1, alpha, beta;
	/* Of the first contacts that succeed, the fraction abandoned (SYN
	 * accepted, then closed with no payload either way) by a benign
	 * source (abandon0) and by a scanner (abandon1); docs/scan.md. */
	double abandon0, abandon1;
	/* Evidence that needs abandoned successes waits this long (ns) for
	 * repeats: a health checker connects to the same backends again, a
	 * scanner keeps finding new ones. */
	uint64_t repeat_wait_ns;
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
 * abandon0 0.05, abandon1 0.9, repeat wait 60 s; thresholds 12 and 12
 * in a 1-hour window; 16384 sources, 256 scans, 1M contacts, 1-hour
 * source idle, 5 s probe timeout, 9 ports. */
void scan_config_defaults(struct scan_config *cfg);

/* 0 when the settings are usable together; else -1 with the conflict,
 * naming the settings as --scan calls them, in err. */
int scan_config_check(const struct scan_config *cfg, char *err, size_t errlen);

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

/* End of input, per live flow, before scan_finish(): an accepted probe
 * whose close was not seen is decided as if its flow ended now. */
void scan_settle(struct scan_detector *d, struct flow *f);

/* Per packet that carries no IP: an ARP request is a host-discovery
 * probe (unless IP traffic follows it), an ARP reply answers it. IPv6
 * neighbour solicitations reach scan_packet() and count the same way. */
void scan_nonip(struct scan_detector *d, const struct packet *p);

/* Live, on a quiet network: decide what is due by now (ns, the wall
 * clock) as if a packet had come then: probes past their timeout,
 * address-resolution requests, verdicts waiting for repeats. Only when
 * the capture's clock is the wall clock (its last packet at most a day
 * before now); a replay of old timestamps waits for its packets. */
void scan_advance(struct scan_detector *d, uint64_t now);

/* End of input: a probe still waiting for an answer has failed when its
 * timeout passed before the last packet, and its outcome is unknown
 * otherwise (counters.unknown). Call before the flow table is flushed
 * (the backfill needs the flows). */
void scan_finish(struct scan_detector *d);

/* A source flagged since the last call: copies its address to addr and
 * returns 1, else 0. The caller then hands the source's live flows to
 * scan_backfill(), so probes sent before the decision are in the record. */
int scan_pop_flagged(struct scan_detector *d, uint8_t addr[16]);
void scan_backfill(struct scan_detector *d, struct flow *f);


/* Flagged sources so far (reportable or not), and record i of them, in
 * the order they were flagged (never moves, never removed). */
uint32_t scan_records(const struct scan_detector *d);
const struct scan_record *scan_record(const struct scan_detector *d, uint32_t i);

/* Distributed and decoy records found so far (scan_find_groups), and
 * record i of them, in the order found; they keep growing as their
 * members do. */
uint32_t scan_groups(const struct scan_detector *d);
const struct scan_record *scan_group(const struct scan_detector *d, uint32_t i);

/* Look for distributed and decoy scans among the records (flagged
 * sources, reported or not) and bring the merged records up to date.
 * O(records^2) over records with one target; run when alerts are
 * decided, not per packet. */
void scan_find_groups(struct scan_detector *d);

/* 1 when record i (scan_record) is a member of a reportable merged
 * record: it is reported there, by the sources it merges. */
int scan_record_merged(const struct scan_detector *d, uint32_t i);

/* 1 when a record is broad enough to report (see min_ports); once true,
 * it stays true. O(1). A merged record: when its sources, together, are
 * (three sources at least for a distributed scan). */
int scan_reportable(const struct scan_detector *d, const struct scan_record *r);

/* The kind (vertical: one host; horizontal: few ports over hosts; block:
 * both) and the technique ("syn", "connect", "fin", ..., "mixed": each
 * present technique has at least 20% of the probes) of a record. */
enum scan_kind scan_record_kind(const struct scan_record *r);
/* 1 when the record is host discovery, or began with a sweep of at
 * least 8 host-discovery requests (ICMP, ARP): its hosts_up is worth
 * reading. */
int scan_record_has_discovery(const struct scan_record *r);
const char *scan_kind_name(enum scan_kind k);
const char *scan_record_technique(const struct scan_record *r);
const char *scan_tech_name(enum scan_tech t);

/* 1 when a reportable scan from src probed dst and overlaps [t0, t1]. */
int scan_covers(const struct scan_detector *d, const uint8_t *src,
		const uint8_t *dst, uint64_t t0, uint64_t t1);

/* Detector counters: work done and caps that bit. */
struct scan_stats {
	uint64_t probes;           /* probe-shaped first packets */
	uint64_t probes_untimed;   /* the answer queue was full */
	uint64_t sources_tracked, sources_evicted;
	uint64_t flagged;          /* records made */
	uint64_t scans_dropped;    /* flagged with max_scans records already */
	uint64_t contact_resets;   /* first-contact memory cleared at its cap */
	uint64_t groups;           /* distributed and decoy records made */
	uint64_t groups_dropped;   /* found with SCAN_MAX_GROUPS already */
};
const struct scan_stats *scan_stats(const struct scan_detector *d);

#endif
