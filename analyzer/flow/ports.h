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

/* The report's "ports" object: top entries by flows (all when top is 0),
 * and the per-class summary. New reference. */
json_t *ports_json(const struct port_report *pr, unsigned top);

#endif
