/* analyzer/output/report.h - the JSON summary report (docs/report-schema.md).
 * report_build() turns a finished analyzer into a jansson tree, in one
 * pass over what the analyzer decided; the report sink (out_report.c)
 * writes it. */
#ifndef PORTLENS_REPORT_H
#define PORTLENS_REPORT_H

#include <jansson.h>
#include "analyzer/core/analyzer.h"

#define REPORT_SCHEMA_VERSION 1
#define PORTLENS_VERSION "0.1.0"

/* What an output did (the report's "outputs" section, the metrics):
 * every record handed to it, and what did not arrive. */
struct output_counters {
	uint64_t records;      /* records handed to the output (flows, lines ...) */
	uint64_t messages;     /* messages, datagrams or lines sent; scrapes served */
	uint64_t bytes;        /* bytes written or sent */
	uint64_t errors;       /* failed writes or sends */
	uint64_t records_lost; /* records that did not reach the destination */
};

#define REPORT_OUTPUTS_MAX 16

/* Volatile facts about the run, kept under "run" so that golden tests
 * can ignore them. */
struct run_info {
	double elapsed_s;          /* wall-clock seconds of the analysis */
	int interrupted;           /* stopped by a signal */
	int live;                  /* live capture: the pcap counters are set */
	uint64_t pcap_received, pcap_dropped, pcap_ifdropped;
	/* Outputs that count what they did (sink counters()), by name. */
	unsigned noutputs;
	struct { const char *name; struct output_counters c; } outputs[REPORT_OUTPUTS_MAX];
};

/* New reference (caller json_decref()s it); NULL when out of memory. */
json_t *report_build(const struct analyzer *an, const struct run_info *run);

#endif
