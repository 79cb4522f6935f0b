/* analyzer/output/alert.h - ECS alert documents: the one place where a
 * scan or knock record becomes JSON, for the alert stream (--alerts) and
 * for the report's scans[] and knocks[] alike (docs/json.md). */
#ifndef PORTLENS_ALERT_H
#define PORTLENS_ALERT_H

#include <jansson.h>
#include "analyzer/core/analyzer.h"

/* The ECS object of one alert. New reference; NULL out of memory. */
json_t *alert_json(const struct alert *a);

#endif
