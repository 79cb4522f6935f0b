/* analyzer/output/jsonutil.h - small jansson helpers shared by the report and
 * the NDJSON writers, so every timestamp and address is rendered alike. */
#ifndef PORTLENS_JSONUTIL_H
#define PORTLENS_JSONUTIL_H

#include <jansson.h>
#include <stdint.h>

/* RFC 3339 UTC with nanoseconds ("2026-11-26T17:47:31.445714000Z"), the
 * form ECS's @timestamp accepts. New reference; json null on failure. */
json_t *jsonutil_time(uint64_t ts_ns);

/* Version of the flow and alert line formats (docs/schema/), carried in
 * every line as portlens.schema_version; the ECS version the names follow
 * goes in ecs.version. */
#define JSONUTIL_LINE_SCHEMA_VERSION 1
#define JSONUTIL_ECS_VERSION "8.11.0"

/* Add ecs.version and portlens.schema_version to an NDJSON line object
 * (which must already have a "portlens" object). */
void jsonutil_stamp_line(json_t *line);

/* Text form of a 4- or 16-byte address (ip_ver 4 or 6). New reference. */
json_t *jsonutil_addr(const uint8_t *addr, int ip_ver);

#endif
