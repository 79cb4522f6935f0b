/* analyzer/jsonutil.h - small jansson helpers shared by the report and
 * the NDJSON writers, so every timestamp and address is rendered alike. */
#ifndef PORTLENS_JSONUTIL_H
#define PORTLENS_JSONUTIL_H

#include <jansson.h>
#include <stdint.h>

/* RFC 3339 UTC with nanoseconds ("2026-11-26T17:47:31.445714000Z"), the
 * form ECS's @timestamp accepts. New reference; json null on failure. */
json_t *jsonutil_time(uint64_t ts_ns);

/* Text form of a 4- or 16-byte address (ip_ver 4 or 6). New reference. */
json_t *jsonutil_addr(const uint8_t *addr, int ip_ver);

#endif
