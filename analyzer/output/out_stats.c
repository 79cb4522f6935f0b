/* analyzer/output/out_stats.c - the stats-line sink of live capture: every
 * --interval, one line on stderr for the person watching the terminal
 * (packets, active flows, alerts so far, drops). On by default in live
 * mode, off with -q; machines read the same counters from the alert
 * stream's stats lines or the report. */
#include <stdio.h>
#include "analyzer/output/sink.h"

static void stats_tick(struct sink *s, const struct analyzer *an, const struct live_stats *st)
{
	const struct flow_stats *fs = flow_table_stats(an->flows);
	(void)s;
	fprintf(stderr, "portlens: %llu packets, %llu flows active, %llu scans, %llu knocks, "
		"%llu dropped by the kernel, %llu by the interface\n",
		(unsigned long long)an->stats.packets, (unsigned long long)fs->active,
		(unsigned long long)(an->verdicts.scans + an->verdicts.groups),
		(unsigned long long)an->verdicts.knocks,
		(unsigned long long)st->dropped_kernel, (unsigned long long)st->dropped_iface);
}

const struct sink_type sink_stats = {
	.name = "stats",
	.what = "stats lines",
	.flags = SINK_LIVE_DEFAULT,
	.tick = stats_tick,
};
