/* analyzer/output/metrics.h - the analysis as Prometheus metrics: the
 * text exposition format 0.0.4 (# HELP, # TYPE, one sample per line),
 * rendered from the analyzer's state into one reused buffer, for the
 * metrics outputs (out_metrics.c serves it over HTTP, out_metrics_file.c
 * writes node_exporter textfile collector files). Every number is read
 * from the same place the report reads it (report.c), so a scrape after
 * the run equals the report. Names, types and labels: docs/outputs.md
 * "Metrics"; labels have bounded values only (enums, the top N ports).
 *
 * Cost: one pass over fixed-size counters, plus the port entries once
 * for the class totals and the top N (no allocation: ports_top). The
 * buffer grows until it fits the longest text rendered so far and is
 * then reused; no printf but for the one real (start time). */
#ifndef PORTLENS_METRICS_H
#define PORTLENS_METRICS_H

#include <stddef.h>
#include "analyzer/capture/live.h"
#include "analyzer/core/analyzer.h"
#include "analyzer/output/report.h"

#define METRICS_TOP_DEFAULT 10u
#define METRICS_TOP_MAX 100u

/* The text (len bytes, and a NUL after them); owned (metrics_text_free),
 * valid until the next render. failed: out of memory during the
 * last render (the text is then incomplete: do not serve it). */
struct metrics_text {
	char *buf;
	size_t len, cap;
	int failed;
};

void metrics_text_free(struct metrics_text *t); /* safe twice, on zeroed t */

/* What a render reads; all borrowed for the call. */
struct metrics_source {
	const struct analyzer *an;
	/* libpcap's counters when run->live, and the outputs' counters
	 * (outputs_counters); NULL: neither. */
	const struct run_info *run;
	unsigned top;        /* top ports as series, at most METRICS_TOP_MAX */
	double start_time_s; /* process start, seconds since 1970; < 0: omit */
};

/* Set info's libpcap counters from st (live, when st has them; else
 * info->live is 0). The outputs' counters are left as they are. */
void metrics_run_pcap(struct run_info *info, const struct live_stats *st);

/* Replace t's text with the metrics of src. 0, or -1 when out of memory
 * (t->failed set; t stays valid and reusable). */
int metrics_render(struct metrics_text *t, const struct metrics_source *src);

/* The --metrics-top value: NULL (METRICS_TOP_DEFAULT) or 0 to
 * METRICS_TOP_MAX. 0, or -1 with a message naming the option in err. */
int metrics_top_parse(const char *value, unsigned *top, char *err, size_t errlen);

#endif
