/* analyzer/output/html.h - the HTML report: one self-contained page for a
 * person (plots as inline SVG, tables, a text alternative for every plot;
 * no script, no external load, a Content-Security-Policy that forbids
 * them), rendered from the report document (docs/json.md), so it shows
 * what the JSON says. Used by the HTML sink (read/live --html FILE) and by
 * `portlens html REPORT.json -o FILE`. */
#ifndef PORTLENS_HTML_H
#define PORTLENS_HTML_H

#include <jansson.h>
#include <stdio.h>

/* Write report's page to out. 0, or -1 with errno set (a write failed,
 * or out of memory). */
int html_render(FILE *out, const json_t *report);

#endif
