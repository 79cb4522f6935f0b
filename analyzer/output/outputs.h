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
	unsigned nflow, nalert;
};

/* Start an empty set; ctx is copied. */
void outputs_init(struct outputs *o, const struct sink_ctx *ctx);

/* Add a sink of type t writing to path (borrowed; NULL: its default).
 * 0, or -1 when the set is full. */
int outputs_add(struct outputs *o, const struct sink_type *t, const char *path);

/* Open the sinks in order. 0, or -1 with errno set and *failed the sink
 * that could not open (those before it stay open: close them). */
int outputs_open(struct outputs *o, const struct sink **failed);

/* The analyzer's hooks (user = the struct outputs). */
void outputs_flow(void *user, const struct flow *f);
void outputs_alert(void *user, const struct alert *a);

void outputs_tick(struct outputs *o, const struct analyzer *an, const struct live_stats *st);

/* finish() of sink i; 0, or -1 with errno set. */
int outputs_finish_one(struct outputs *o, unsigned i, const struct sink_end *end);

/* close() of sink i (each open sink exactly once); 0, or -1 with errno. */
int outputs_close_one(struct outputs *o, unsigned i, int ok);

#endif
