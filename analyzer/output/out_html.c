/* analyzer/output/out_html.c - the HTML report sink (--html FILE): the
 * run's report document rendered as one self-contained page (html.c),
 * written through outfile.c at the end (complete or absent). */
#include <errno.h>
#include <stdlib.h>
#include "analyzer/output/html.h"
#include "analyzer/output/sink.h"
#include "analyzer/util/outfile.h"

static int html_open(struct sink *s)
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

static int html_finish(struct sink *s, const struct sink_end *end)
{
	struct outfile *of = s->state;
	errno = 0;
	if (!end->report)
		s->err = ENOMEM;
	else if (html_render(of->fp, end->report) != 0)
		s->err = errno ? errno : EIO;
	errno = s->err;
	return s->err ? -1 : 0;
}

static int html_close(struct sink *s, int ok)
{
	struct outfile *of = s->state;
	int rc = outfile_close(of, ok && !s->err, 0); /* finish() said why */
	int saved = errno;
	free(of);
	errno = saved;
	return rc;
}

const struct sink_type sink_html = {
	.name = "html",
	.what = "the HTML report",
	.long_opt = "html",
	.help = "      --html FILE    the report as one self-contained HTML page (plots,\n"
		"                     tables; no script, no network); - is stdout\n",
	.open = html_open,
	.finish = html_finish,
	.close = html_close,
};
