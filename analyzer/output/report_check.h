/* analyzer/output/report_check.h - is a JSON document a portlens report
 * this build can render? For `portlens summary` and `portlens html`,
 * which read a saved report: a file that is not one, or of a schema
 * version these views do not know, is refused with a reason. */
#ifndef PORTLENS_REPORT_CHECK_H
#define PORTLENS_REPORT_CHECK_H

#include <jansson.h>
#include <stddef.h>

/* The report schema versions the views can render (docs/json.md,
 * Versioning): every version up to and including the current one. */
#define REPORT_CHECK_OLDEST_VERSION 1

/* 0 when doc is a portlens report of a known schema version; else -1
 * with why in err ("not a portlens report: ...", "schema version 7 is
 * newer than this portlens knows (1)"). */
int report_check(const json_t *doc, char *err, size_t errlen);

#endif
