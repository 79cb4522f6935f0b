/* analyzer/output/alert.h - ECS alert documents: the one place where a
 * scan or knock record becomes JSON, for the alert stream (--alerts) and
 * for the report's scans[] and knocks[] alike (docs/json.md). The text is
 * written with jw (no tree); the report parses that same text, so the two
 * cannot differ. */
#ifndef PORTLENS_ALERT_H
#define PORTLENS_ALERT_H

#include <jansson.h>
#include "analyzer/core/analyzer.h"
#include "analyzer/output/jw.h"

/* A writer and a scratch buffer for port ranges, reused from alert to
 * alert. */
struct alert_writer {
	struct jw w;
	char *text;
	size_t cap;
};

int alert_writer_init(struct alert_writer *aw); /* 0, or -1 out of memory */
void alert_writer_free(struct alert_writer *aw); /* zeroed: safe */

/* The alert's object, one line with its '\n', in aw->w (jw_data/jw_len).
 * 0, or -1 when out of memory (the text is then not usable). */
int alert_render(struct alert_writer *aw, const struct alert *a);

/* The same object parsed into a jansson tree (for the report). New
 * reference; NULL out of memory. */
json_t *alert_json(struct alert_writer *aw, const struct alert *a);

#endif
