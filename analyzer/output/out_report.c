/* analyzer/output/out_report.c - the report sink (-o FILE, default
 * stdout): the run's report document (report.c, built once at the end),
 * as JSON (docs/report-schema.md) or, with --format text (the default on
 * a terminal), as the one-screen summary rendered from it (summary.c).
 * Written through outfile.c, so a file appears complete or not at all. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "analyzer/output/sink.h"
#include "analyzer/output/summary.h"
#include "analyzer/util/outfile.h"

static int report_open(struct sink *s)
{
	struct outfile *of = calloc(1, sizeof(*of));
	if (!of)
		return -1;
	if (outfile_open(of, s->path, s->ctx->file_flags) != 0) {
		int saved = errno;
		free(of);
		errno = saved;
		return -1;
	}
	s->state = of;
	return 0;
}

static size_t dump_flags(int pretty)
{
	return (pretty ? JSON_INDENT(2) : JSON_COMPACT) | JSON_PRESERVE_ORDER |
	       JSON_REAL_PRECISION(12);
}

static int report_finish(struct sink *s, const struct sink_end *end)
{
	struct outfile *of = s->state;
	errno = 0;
	if (!end->report) {
		s->err = ENOMEM;
	} else if (s->ctx->report_text) {
		struct summary_style style = { .color = s->ctx->color, .width = 80 };
		if (summary_render(of->fp, end->report, &style) != 0)
			s->err = errno ? errno : EIO;
	} else if (json_dumpf(end->report, of->fp, dump_flags(s->ctx->pretty)) != 0 ||
		   fputc('\n', of->fp) == EOF) {
		s->err = errno ? errno : EIO;
	}
	errno = s->err;
	return s->err ? -1 : 0;
}

static int report_close(struct sink *s, int ok)
{
	struct outfile *of = s->state;
	/* An error finish() returned is not returned again: the file is
	 * discarded quietly. */
	int rc = outfile_close(of, ok && !s->err, 0);
	int saved = errno;
	free(of);
	errno = saved;
	return rc;
}

const struct sink_type sink_report = {
	.name = "report",
	.what = "report",
	.long_opt = "output",
	.short_opt = 'o',
	.help = "  -o, --output FILE  the report (default stdout); written under a\n"
		"                     temporary name and renamed: complete or absent\n"
		"      --format F     the report as json, or as text (a one-screen summary);\n"
		"                     default: text on a terminal without -o, else json\n",
	.flags = SINK_ALWAYS,
	.open = report_open,
	.finish = report_finish,
	.close = report_close,
};
