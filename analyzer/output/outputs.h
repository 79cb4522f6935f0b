/* analyzer/output/outputs.h - the set of sinks of one run: the table of
 * every output type (sink_list.h), and the fan-out that hands each ended
 * flow, alert and tick to the sinks that take it. The command line adds
 * the sinks its options name, opens them before the capture and closes
 * them after; the analyzer's on_flow/on_alert hooks point here. */
#ifndef PORTLENS_OUTPUTS_H
#define PORTLENS_OUTPUTS_H

#include "analyzer/output/sink.h"

#define OUTPUTS_MAX 16

/* Every output type, in sink_list.h order. */
extern const struct sink_type *const output_types[];
extern const unsigned output_ntypes;

struct outputs {
	struct sink_ctx ctx;
	struct sink sinks[OUTPUTS_MAX];
	unsigned n, nopen;
	/* The sinks that take flows / alerts, so that the per-flow fan-out
	 * is one short loop. */
	struct sink *flow_sinks[OUTPUTS_MAX], *alert_sinks[OUTPUTS_MAX];
	struct sink *poll_sinks[OUTPUTS_MAX];
	unsigned nflow, nalert, npoll;
};

/* Start an empty set; ctx is copied. */
void outputs_init(struct outputs *o, const struct sink_ctx *ctx);

/* Add a sink of type t writing to path (borrowed; NULL: its default),
 * with the values of its extra options (SINK_OPTIONS_MAX of them, each
 * NULL when not given; opt NULL: none). 0, or -1 when the set is full. */
int outputs_add(struct outputs *o, const struct sink_type *t, const char *path,
		const char *const *opt);

/* Open the sinks in order. 0, or -1 with errno set and *failed the sink
 * that could not open (those before it stay open: close them). */
int outputs_open(struct outputs *o, const struct sink **failed);

/* The analyzer's hooks (user = the struct outputs). */
void outputs_flow(void *user, const struct flow *f);
void outputs_alert(void *user, const struct alert *a);

void outputs_tick(struct outputs *o, const struct analyzer *an, const struct live_stats *st);

/* Between capture batches: poll() of the sinks that have one. */
void outputs_poll(struct outputs *o, const struct analyzer *an, const struct live_stats *pcap);
static inline int outputs_want_poll(const struct outputs *o)
{
	return o->npoll > 0;
}

/* flush() of every open sink: 0, or -1 with errno of the first failure
 * and *failed that sink (the others are still flushed). */
int outputs_flush(struct outputs *o, const struct sink **failed);

/* The counters of every open sink that counts, into run->outputs. */
void outputs_counters(const struct outputs *o, struct run_info *run);

/* finish() of sink i; 0, or -1 with errno set. */
int outputs_finish_one(struct outputs *o, unsigned i, const struct sink_end *end);

/* close() of sink i (each open sink exactly once); 0, or -1 with errno. */
int outputs_close_one(struct outputs *o, unsigned i, int ok);

#endif
