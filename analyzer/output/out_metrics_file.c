/* analyzer/output/out_metrics_file.c - the metrics as a node_exporter
 * textfile collector file (--metrics-file FILE): the same text as the
 * endpoint (metrics.c), written at the end of the run, and in live mode
 * also every --interval. Each write is a whole file under a temporary
 * name, renamed into place (outfile.c), so the collector never reads half
 * a file; the temporary name ends ".tmp.XXXXXX", which the collector
 * skips (it reads *.prom only). Trap: mkstemp creates the temporary file
 * 0600, which node_exporter (another user) could not read, so it is made
 * 0644 before the rename. A tick does not see the other outputs, so
 * poll() keeps a copy of their counters (at most LIVE_POLL_MS old) for
 * it. With -Z (OUTFILE_IN_PLACE) the file is opened once, before
 * privileges are dropped, and each write truncates and rewrites it: the
 * user may not create files there, nor rename; a reader can then see a
 * partial file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "analyzer/output/metrics.h"
#include "analyzer/output/outputs.h"
#include "analyzer/util/outfile.h"

enum { OPT_TOP = 0 };

struct metrics_file {
	struct metrics_text text;
	unsigned top;
	double start_time_s;
	int written;               /* the file exists now: later writes replace it */
	struct outfile kept;       /* -Z: open for the whole run (kept.fp) */
	struct run_info outs;      /* the outputs' counters at the last poll() */
	struct output_counters n;  /* renders, files written, bytes, errors */
};

static int mfile_check(const struct sink *s, char *err, size_t errlen)
{
	unsigned top;
	return metrics_top_parse(s->opt[OPT_TOP], &top, err, errlen);
}

static int mfile_open(struct sink *s)
{
	char err[256];
	struct metrics_file *mf = calloc(1, sizeof(*mf));
	if (!mf)
		return -1;
	s->state = mf;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	mf->start_time_s = (double)ts.tv_sec + ts.tv_nsec / 1e9;
	if (metrics_top_parse(s->opt[OPT_TOP], &mf->top, err, sizeof(err)) != 0) {
		free(mf);
		s->state = NULL;
		errno = EINVAL; /* check() passed: cannot happen */
		return -1;
	}
	if ((s->ctx->file_flags & OUTFILE_IN_PLACE) &&
	    outfile_open(&mf->kept, s->path, s->ctx->file_flags) != 0) {
		int saved = errno;
		free(mf);
		s->state = NULL;
		errno = saved;
		return -1;
	}
	return 0;
}

/* -Z: rewrite the file kept open. 0, or -1 with errno. */
static int rewrite_kept(struct metrics_file *mf)
{
	FILE *fp = mf->kept.fp;
	rewind(fp);
	if ((fp != stdout && ftruncate(fileno(fp), 0) != 0) ||
	    fwrite(mf->text.buf, 1, mf->text.len, fp) != mf->text.len || fflush(fp) != 0) {
		if (!errno)
			errno = EIO;
		return -1;
	}
	return 0;
}

/* A whole new file renamed into place. 0, or -1 with errno. */
static int replace_file(struct sink *s, struct metrics_file *mf)
{
	struct outfile of;
	int flags = s->ctx->file_flags | (mf->written ? OUTFILE_FORCE : 0);
	if (outfile_open(&of, s->path, flags) != 0)
		return -1;
	int werr = 0;
	if (of.tmp && fchmod(fileno(of.fp), 0644) != 0)
		werr = errno;
	if (fwrite(mf->text.buf, 1, mf->text.len, of.fp) != mf->text.len && !werr)
		werr = errno ? errno : EIO;
	return outfile_close(&of, 1, werr);
}

/* Render src and replace the file with it. 0, or -1 with errno. */
static int write_file(struct sink *s, const struct metrics_source *src)
{
	struct metrics_file *mf = s->state;
	mf->n.records++;
	if (metrics_render(&mf->text, src) != 0) {
		errno = ENOMEM;
		return -1;
	}
	errno = 0;
	if ((mf->kept.fp ? rewrite_kept(mf) : replace_file(s, mf)) != 0)
		return -1;
	mf->written = 1;
	mf->n.messages++;
	mf->n.bytes += mf->text.len;
	return 0;
}

static void mfile_poll(struct sink *s, const struct sink_now *now)
{
	struct metrics_file *mf = s->state;
	if (s->ctx->live && now->outs)
		outputs_counters(now->outs, &mf->outs);
}

/* Live, every --interval: the counters so far. A failure is kept for
 * close() and counted; the next tick tries again. */
static void mfile_tick(struct sink *s, const struct analyzer *an, const struct live_stats *st)
{
	struct metrics_file *mf = s->state;
	struct run_info info = mf->outs;
	metrics_run_pcap(&info, st);
	struct metrics_source src = { an, &info, mf->top, mf->start_time_s };
	if (write_file(s, &src) != 0) {
		mf->n.errors++;
		if (!s->err)
			s->err = errno;
	}
}

static int mfile_finish(struct sink *s, const struct sink_end *end)
{
	struct metrics_file *mf = s->state;
	struct metrics_source src = { end->an, end->run, mf->top, mf->start_time_s };
	if (write_file(s, &src) == 0)
		return 0;
	mf->n.errors++;
	s->err = 0; /* reported here; close() must not report it again */
	return -1;
}

static void mfile_counters(const struct sink *s, struct output_counters *out)
{
	const struct metrics_file *mf = s->state;
	*out = mf->n;
}

static int mfile_close(struct sink *s, int ok)
{
	struct metrics_file *mf = s->state;
	int err = s->err;
	/* Each write was complete on its own; a kept file stays (ok or not). */
	if (mf->kept.fp && outfile_close(&mf->kept, 1, 0) != 0 && !err && ok)
		err = errno;
	metrics_text_free(&mf->text);
	free(mf);
	s->state = NULL;
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

static const struct sink_option mfile_options[] = {
	[OPT_TOP] = { "metrics-top" },
	{ NULL },
};

const struct sink_type sink_metrics_file = {
	.name = "metrics_file",
	.what = "metrics file",
	.long_opt = "metrics-file",
	.help = "      --metrics-file FILE  the same metrics as a node_exporter textfile\n"
		"                     (name it *.prom), at the end (live: and every\n"
		"                     --interval), replaced atomically each time\n",
	.options = mfile_options,
	.check = mfile_check,
	.open = mfile_open,
	.tick = mfile_tick,
	.poll = mfile_poll,
	.finish = mfile_finish,
	.counters = mfile_counters,
	.close = mfile_close,
};
