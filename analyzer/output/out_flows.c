/* analyzer/output/out_flows.c - the flow sink (-F FILE): one NDJSON line
 * per ended flow (flowline.c, docs/json.md), written into one reused jw
 * buffer with a reused SHA-1 context for the Community ID, then through
 * ndjson.c (complete or absent; live: in place, flushed every interval).
 * Per flow: no allocation, no tree, no printf. */
#include <errno.h>
#include <stdlib.h>
#include "analyzer/output/flowline.h"
#include "analyzer/output/ndjson.h"
#include "analyzer/output/sink.h"

struct flows_sink {
	struct ndjson *nd;
	struct jw w;
	struct community_id cid;
	struct output_counters n; /* flow lines and their bytes */
};

static int flows_close(struct sink *s, int ok);

static int flows_open(struct sink *s)
{
	struct flows_sink *fs = calloc(1, sizeof(*fs));
	if (!fs)
		return -1;
	s->state = fs;
	if (jw_init(&fs->w, 0) != 0) {
		flows_close(s, 0);
		errno = ENOMEM;
		return -1;
	}
	(void)community_id_init(&fs->cid); /* without it: one-shot digests */
	fs->nd = ndjson_open(s->path, s->ctx->stream_flags);
	if (!fs->nd) {
		int saved = errno;
		flows_close(s, 0);
		errno = saved;
		return -1;
	}
	return 0;
}

static void flows_flow(struct sink *s, const struct flow *f)
{
	struct flows_sink *fs = s->state;
	jw_reset(&fs->w);
	flowline_write(&fs->w, f, s->ctx->portdb, &fs->cid);
	jw_end_line(&fs->w);
	if (jw_failed(&fs->w)) {
		if (!s->err)
			s->err = ENOMEM; /* the only failure a well-formed line can have */
		return;
	}
	ndjson_write(fs->nd, jw_data(&fs->w), jw_len(&fs->w));
	fs->n.records++;
	fs->n.messages++;
	fs->n.bytes += jw_len(&fs->w);
}

static void flows_counters(const struct sink *s, struct output_counters *out)
{
	const struct flows_sink *fs = s->state;
	*out = fs->n;
	out->errors = s->err != 0;
}

/* Live: every interval, the lines so far reach the file. */
static void flows_tick(struct sink *s, const struct analyzer *an, const struct live_stats *st)
{
	struct flows_sink *fs = s->state;
	(void)an;
	(void)st;
	ndjson_flush(fs->nd);
}

static int flows_close(struct sink *s, int ok)
{
	struct flows_sink *fs = s->state;
	int rc = ndjson_close(fs->nd, ok, s->err);
	int saved = errno;
	jw_free(&fs->w);
	community_id_free(&fs->cid);
	free(fs);
	s->state = NULL;
	errno = saved;
	return rc;
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
	.counters = flows_counters,
	.close = flows_close,
};
