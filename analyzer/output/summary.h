/* analyzer/output/summary.h - the terminal summary: one screen of text
 * for a person, rendered from the report document (docs/json.md), so it
 * says what the JSON says. Used by the report sink (--format text, the
 * default on a terminal) and by `portlens summary REPORT.json`. */
#ifndef PORTLENS_SUMMARY_H
#define PORTLENS_SUMMARY_H

#include <jansson.h>
#include <stdio.h>

struct summary_style {
	int color;   /* ANSI colours (only on a terminal, never with NO_COLOR) */
	int width;   /* columns available (80 when unknown) */
};

/* Write report's summary to out. 0, or -1 with errno set (a write
 * failed). A report missing sections renders what it has. */
int summary_render(FILE *out, const json_t *report, const struct summary_style *style);

#endif
