/* analyzer/flow/ports.h - the port report: per server port and transport,
 * what the flows to it looked like (flows, packets, bytes, distinct
 * clients and servers, conn_states, rejected and unanswered attempts),
 * with portdb's class and service name; plus totals per IANA class.
 * Fed once per ended flow (never per packet); the server side of a flow
 * is its responder (flow.c decides who originated). */
#ifndef PORTLENS_PORTS_H
#define PORTLENS_PORTS_H

#include <jansson.h>
#include <stdint.h>
#include "analyzer/flow/flow.h"
#include "portdb/portdb.h"

/* Distinct (port, client) and (port, server) pairs remembered exactly;
 * past this the distinct counts are lower bounds, flagged in the report. */
#define PORTS_DISTINCT_MAX (1u << 20)

struct port_report;

/* db is borrowed and must outlive the report. NULL when out of memory. */
struct port_report *ports_new(const struct portdb *db, const struct siphash_key *seed);
void ports_free(struct port_report *pr); /* NULL-safe */

/* Count one ended TCP or UDP flow (others are ignored). 0, or -1 when out
 * of memory (the flow is then missing from the port report, counted). */
int ports_add_flow(struct port_report *pr, const struct flow *f);

/* Totals per IANA class (enum portdb_class: well-known, registered,
 * dynamic) over every entry: what the report's ports.by_class says. */
struct ports_class_sum {
	uint64_t ports, flows, packets, bytes;
};
void ports_by_class(const struct port_report *pr, struct ports_class_sum out[3]);

/* The report's ports.distinct, ports.flows_not_counted and
 * ports.distinct_counts_capped. */
struct ports_summary {
	uint64_t distinct;          /* (port, transport) entries */
	uint64_t flows_not_counted; /* out of memory */
	int distinct_counts_capped; /* PORTS_DISTINCT_MAX reached */
};
void ports_summary(const struct port_report *pr, struct ports_summary *out);

/* One port entry, for outputs that read the report without JSON (the
 * metrics). transport is IPPROTO_NUM_TCP or IPPROTO_NUM_UDP. */
struct ports_top_entry {
	uint16_t port;
	uint8_t transport;
	uint64_t flows, packets, bytes;
};

/* The first n entries in the report's order (most flows first, then
 * transport, then port), into out; returns how many (at most n). No
 * allocation: O(entries * log n), plus a shift of out per entry that
 * enters it. */
size_t ports_top(const struct port_report *pr, struct ports_top_entry *out, size_t n);

/* The report's "ports" object: top entries by flows (all when top is 0),
 * and the per-class summary. New reference. */
json_t *ports_json(const struct port_report *pr, unsigned top);

#endif
