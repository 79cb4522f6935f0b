/* analyzer/output/summary.c - see summary.h. (First version.) */
#include "analyzer/output/summary.h"

int summary_render(FILE *out, const json_t *report, const struct summary_style *style)
{
	(void)report;
	(void)style;
	fputs("portlens summary\n", out);
	return ferror(out) ? -1 : 0;
}
