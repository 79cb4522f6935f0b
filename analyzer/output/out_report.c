/* analyzer/output/out_report.c - the JSON report sink (-o FILE, default
 * stdout): one document per run, built by report.c with jansson at the
 * end and written through outfile.c, so a file appears complete or not at
 * all (docs/report-schema.md). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "analyzer/output/sink.h"
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

static int report_finish(struct sink *s, const struct analyzer *an, const struct run_info *run)
{
	struct outfile *of = s->state;
	json_t *root = report_build(an, run);
	if (!root) {
		s->err = ENOMEM;
	} else if (json_dumpf(root, of->fp, dump_flags(s->ctx->pretty)) != 0 ||
		   fputc('\n', of->fp) == EOF) {
		s->err = errno ? errno : EIO;
	}
	json_decref(root);
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
	.help = "  -o, --output FILE  the JSON report (default stdout); written under a\n"
		"                     temporary name and renamed: complete or absent\n",
	.flags = SINK_ALWAYS,
	.open = report_open,
	.finish = report_finish,
	.close = report_close,
};
