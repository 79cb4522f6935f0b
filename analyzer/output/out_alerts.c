/* analyzer/output/out_alerts.c - the alert sink (-A FILE): one NDJSON line
 * per alert (a scan or a knock, rendered by alert.c: the same objects as
 * the report's scans[] and knocks[]), written as soon as the analyzer
 * decides it; in live mode also a stats line (event.kind "metric",
 * dataset portlens.stats) every --interval. docs/json.md. */
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include "analyzer/output/alert.h"
#include "analyzer/output/flowline.h"
#include "analyzer/output/ndjson.h"
#include "analyzer/output/sink.h"

struct alerts_sink {
	struct ndjson *nd;
	struct alert_writer aw;
	struct output_counters n; /* lines (alerts and stats) and their bytes */
};

static int alerts_close(struct sink *s, int ok);

static int alerts_open(struct sink *s)
{
	struct alerts_sink *as = calloc(1, sizeof(*as));
	if (!as)
		return -1;
	s->state = as;
	if (alert_writer_init(&as->aw) != 0) {
		alerts_close(s, 0);
		errno = ENOMEM;
		return -1;
	}
	as->nd = ndjson_open(s->path, s->ctx->stream_flags);
	if (!as->nd) {
		int saved = errno;
		alerts_close(s, 0);
		errno = saved;
		return -1;
	}
	return 0;
}

static void write_line(struct sink *s, struct jw *w, int failed)
{
	struct alerts_sink *as = s->state;
	if (failed || jw_failed(w)) {
		if (!s->err)
			s->err = ENOMEM;
		return;
	}
	ndjson_write(as->nd, jw_data(w), jw_len(w));
	as->n.records++;
	as->n.messages++;
	as->n.bytes += jw_len(w);
}

static void alerts_counters(const struct sink *s, struct output_counters *out)
{
	const struct alerts_sink *as = s->state;
	*out = as->n;
	out->errors = s->err != 0;
}

static void alerts_alert(struct sink *s, const struct alert *a)
{
	struct alerts_sink *as = s->state;
	write_line(s, &as->aw.w, alert_render(&as->aw, a) != 0);
}

/* The stats line: counters so far, stamped with the wall clock (the
 * capture's own clock is the packets'). */
static void stats_line(struct jw *w, const struct analyzer *an, const struct live_stats *st)
{
	const struct flow_stats *fs = flow_table_stats(an->flows);
	jw_reset(w);
	jw_obj_begin(w);
	jw_kobj_begin(w, "event");
	jw_kstr(w, "kind", "metric");
	jw_kraw(w, "category", "[\"network\"]", 11);
	jw_kstr(w, "dataset", "portlens.stats");
	jw_obj_end(w);
	jw_kobj_begin(w, "portlens");
	jw_kobj_begin(w, "stats");
	jw_ku64(w, "packets", an->stats.packets);
	jw_ku64(w, "bytes", an->stats.bytes);
	jw_ku64(w, "flows_active", fs->active);
	jw_ku64(w, "flows_total", fs->created);
	jw_ku64(w, "scans", an->verdicts.scans + an->verdicts.groups);
	jw_ku64(w, "knocks", an->verdicts.knocks);
	jw_kobj_begin(w, "pcap");
	jw_kbool(w, "available", st->have);
	jw_ku64(w, "received", st->received);
	jw_ku64(w, "dropped_kernel", st->dropped_kernel);
	jw_ku64(w, "dropped_interface", st->dropped_iface);
	jw_obj_end(w);
	jw_obj_end(w);
	jw_ku64(w, "schema_version", LINE_SCHEMA_VERSION);
	jw_obj_end(w);
	jw_ktime(w, "@timestamp", (uint64_t)time(NULL) * 1000000000ull);
	line_ecs_write(w);
	jw_obj_end(w);
	jw_end_line(w);
}

static void alerts_tick(struct sink *s, const struct analyzer *an, const struct live_stats *st)
{
	struct alerts_sink *as = s->state;
	stats_line(&as->aw.w, an, st);
	write_line(s, &as->aw.w, 0);
	ndjson_flush(as->nd);
}

static int alerts_close(struct sink *s, int ok)
{
	struct alerts_sink *as = s->state;
	int rc = ndjson_close(as->nd, ok, s->err);
	int saved = errno;
	alert_writer_free(&as->aw);
	free(as);
	s->state = NULL;
	errno = saved;
	return rc;
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
	.counters = alerts_counters,
	.close = alerts_close,
};
