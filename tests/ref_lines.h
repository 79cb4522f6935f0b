/* tests/ref_lines.h - jansson-built reference of the flow and alert lines
 * (see ref_lines.c). */
#ifndef PORTLENS_REF_LINES_H
#define PORTLENS_REF_LINES_H

#include <jansson.h>
#include "analyzer/core/analyzer.h"

/* New references. */
json_t *ref_flow_json(const struct flow *f, const struct portdb *db);
json_t *ref_alert_json(const struct alert *a);

#endif
