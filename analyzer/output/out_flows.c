/* analyzer/output/out_flows.c - the flow sink (-F FILE): one NDJSON line
 * per ended flow, ECS names plus a portlens.* group (docs/json.md),
 * rendered by flowlog.c into a reused buffer and written through ndjson.c
 * (complete or absent; live: in place, line by line). */
#include <errno.h>
#include "analyzer/output/flowlog.h"
#include "analyzer/output/sink.h"

static int flows_open(struct sink *s)
{
	s->state = flowlog_open(s->path, s->ctx->stream_flags, s->ctx->portdb);
	return s->state ? 0 : -1;
}

static void flows_flow(struct sink *s, const struct flow *f)
{
	flowlog_on_flow(s->state, f);
}

/* Live: every interval, the lines so far reach the file. */
static void flows_tick(struct sink *s, const struct analyzer *an, const struct live_stats *st)
{
	(void)an;
	(void)st;
	flowlog_flush(s->state);
}

static int flows_close(struct sink *s, int ok)
{
	return flowlog_close(s->state, ok);
}

const struct sink_type sink_flows = {
	.name = "flows",
	.what = "flows",
	.long_opt = "flows",
	.short_opt = 'F',
	.help = "  -F, --flows FILE   one NDJSON line per ended flow (ECS names); - is stdout\n",
	.flags = SINK_STREAM,
	.open = flows_open,
	.flow = flows_flow,
	.tick = flows_tick,
	.close = flows_close,
};
