/* analyzer/output/out_alerts.c - the alert sink (-A FILE): one NDJSON line
 * per alert (a scan or a knock, rendered by alert.c, the same objects as
 * the report's scans[] and knocks[]), written as soon as the analyzer
 * decides it; in live mode also a stats line (event.kind "metric",
 * dataset portlens.stats) every --interval. docs/json.md. */
#include <errno.h>
#include <stdio.h>
#include <time.h>
#include "analyzer/output/alert.h"
#include "analyzer/output/jsonutil.h"
#include "analyzer/output/ndjson.h"
#include "analyzer/output/sink.h"

static int alerts_open(struct sink *s)
{
	s->state = ndjson_open(s->path, s->ctx->stream_flags);
	return s->state ? 0 : -1;
}

static void alerts_alert(struct sink *s, const struct alert *a)
{
	json_t *o = alert_json(a);
	ndjson_write(s->state, o);
	json_decref(o);
}

/* The stats line: counters so far, stamped with the wall clock (the
 * capture's own clock is the packets'). */
static void alerts_tick(struct sink *s, const struct analyzer *an, const struct live_stats *st)
{
	const struct flow_stats *fs = flow_table_stats(an->flows);
	json_t *line = json_pack("{s{ss s[s] ss} s{s{sI sI sI sI sI sI s{sb sI sI sI}}}}",
		"event", "kind", "metric", "category", "network", "dataset", "portlens.stats",
		"portlens", "stats",
		"packets", (json_int_t)an->stats.packets,
		"bytes", (json_int_t)an->stats.bytes,
		"flows_active", (json_int_t)fs->active,
		"flows_total", (json_int_t)fs->created,
		"scans", (json_int_t)an->verdicts.scans,
		"knocks", (json_int_t)an->verdicts.knocks,
		"pcap", "available", st->have, "received", (json_int_t)st->received,
		"dropped_kernel", (json_int_t)st->dropped_kernel,
		"dropped_interface", (json_int_t)st->dropped_iface);
	json_object_set_new(line, "@timestamp", jsonutil_time((uint64_t)time(NULL) * 1000000000ull));
	jsonutil_stamp_line(line);
	ndjson_write(s->state, line);
	json_decref(line);
	ndjson_flush(s->state);
}

static int alerts_close(struct sink *s, int ok)
{
	return ndjson_close(s->state, ok);
}

const struct sink_type sink_alerts = {
	.name = "alerts",
	.what = "alerts",
	.long_opt = "alerts",
	.short_opt = 'A',
	.help = "  -A, --alerts FILE  one NDJSON line per scan or knock alert, as soon as it\n"
		"                     is decided (live: and a stats line every --interval);\n"
		"                     - is stdout\n",
	.flags = SINK_STREAM,
	.open = alerts_open,
	.alert = alerts_alert,
	.tick = alerts_tick,
	.close = alerts_close,
};
