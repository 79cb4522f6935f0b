/* analyzer/output/htmlw.h - small writers for the HTML report (html.c,
 * html_alerts.c, htmlplot.c): HTML escaping, numbers with units, and
 * typed reads of the report document that treat a missing field and a
 * field of the wrong type alike ("absent"), so an old, partial or damaged
 * report renders what it has and skips the rest.
 *
 * Every writer puts text into a FILE * with stdio and never checks it;
 * the page's caller checks ferror() once at the end (html_render). No
 * function allocates; none keeps a pointer it was given. */
#ifndef PORTLENS_HTMLW_H
#define PORTLENS_HTMLW_H

#include <jansson.h>
#include "analyzer/output/units.h"
#include <stddef.h>
#include <stdio.h>

/* ---- reading the report (borrowed references, valid while v is) ---- */

/* The value at a dotted path below v ("capture.start"; keys of at most
 * 63 bytes, none with a dot); NULL when a step is missing or v is not an
 * object there. path "" is v itself. */
const json_t *htmlw_at(const json_t *v, const char *path);

/* 1 and *out when the value at path is a JSON integer; else 0, *out
 * unchanged. */
int htmlw_int(const json_t *v, const char *path, json_int_t *out);

/* 1 and *out when the value at path is a number (integer or real). */
int htmlw_num(const json_t *v, const char *path, double *out);

/* The string at path (NUL-terminated, valid while v is), or NULL. */
const char *htmlw_str(const json_t *v, const char *path);

/* ---- text into the page ---- */

/* s with & < > " ' escaped, safe in element text and in a quoted
 * attribute; C0 controls other than tab, LF, CR (and DEL) become U+FFFD.
 * NULL writes nothing. */
void htmlw_esc(FILE *out, const char *s);

/* As htmlw_esc, at most max bytes of s (cut at a UTF-8 character
 * boundary), then "…" when something was cut. */
void htmlw_esc_max(FILE *out, const char *s, size_t max);

/* Cut buf (NUL-terminated) before a UTF-8 sequence that snprintf left
 * incomplete at its end. */
void htmlw_utf8_trim(char *buf);

/* An RFC 3339 time from the report ("2026-11-26T18:15:50.123456789Z") as
 * <time> showing "2026-11-26 18:15:50.123" (UTC, to the millisecond,
 * truncated), the exact text in its title; other text escaped as it is,
 * NULL as "-". */
void htmlw_time(FILE *out, const char *s);

/* The value at path escaped, or "-" when it is absent, null or not a
 * string. */
void htmlw_str_or_dash(FILE *out, const json_t *v, const char *path);

/* A count or byte count for the page: the short form, inside a span whose
 * title is the exact value when the two differ. */
void htmlw_count(FILE *out, json_int_t v);
void htmlw_bytes(FILE *out, json_int_t v);

/* One table cell (class "n", right-aligned) from the value at path:
 * the exact integer, the short count, or the short bytes; "-" when
 * absent. */
void htmlw_td_int(FILE *out, const json_t *v, const char *path);
void htmlw_td_count(FILE *out, const json_t *v, const char *path);
void htmlw_td_bytes(FILE *out, const json_t *v, const char *path);

/* One text cell from the string at path, escaped; "-" when absent. */
void htmlw_td_str(FILE *out, const json_t *v, const char *path);

/* One cell (class "t") with htmlw_time of the string at path. */
void htmlw_td_time(FILE *out, const json_t *v, const char *path);

#endif
