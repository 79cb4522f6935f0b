/* analyzer/output/html_alerts.h - the scans and knocks sections of the
 * HTML report (html.c puts them in order), from the report's scans[],
 * knocks[] and known_knock_sequences[] (the alert objects of
 * docs/json.md, "Alert lines").
 *
 * Each writes the body of its <section> from the report document r,
 * which it only reads; a part missing or of the wrong type is skipped.
 * Errors of the stream are left to the caller (ferror at the end). */
#ifndef PORTLENS_HTML_ALERTS_H
#define PORTLENS_HTML_ALERTS_H

#include <jansson.h>
#include <stdio.h>

/* Rows shown at most (the report's own caps: max-scans, max-knocks); a
 * note says how many more the JSON has. */
#define HTML_ALERTS_MAX_SCANS 256
#define HTML_ALERTS_MAX_KNOCKS 1024

/* table#scans with one tr.scan per scan (row id scan-N, N from 1), then
 * one strip plot per scan, svg#scan-N-ports. 0, or -1 with errno ENOMEM
 * (the strip's bins are allocated once per call). */
int html_alerts_scans(FILE *out, const json_t *r);

/* table#knocks with one tr.knock per knock or SPA, then
 * table#known-knocks when known_knock_sequences has entries. */
void html_alerts_knocks(FILE *out, const json_t *r);

#endif
