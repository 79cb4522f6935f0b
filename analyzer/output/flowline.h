/* analyzer/output/flowline.h - one ended flow as its NDJSON line: Elastic
 * Common Schema names (event, source, destination, network) plus a
 * portlens group and the line's schema and ECS versions (docs/json.md,
 * docs/schema/flow.schema.json). Written straight into a jw buffer (no
 * tree, no allocation, no printf): this runs once per ended flow, a
 * million times in a flood. */
#ifndef PORTLENS_FLOWLINE_H
#define PORTLENS_FLOWLINE_H

#include "analyzer/flow/community_id.h"
#include "analyzer/flow/flow.h"
#include "analyzer/output/jw.h"
#include "portdb/portdb.h"

/* Version of the flow and alert line formats (docs/schema/), carried in
 * every line as portlens.schema_version; the ECS version the names follow
 * goes in ecs.version. */
#define LINE_SCHEMA_VERSION 1
#define LINE_ECS_VERSION "8.11.0"

/* ECS event.duration: nanoseconds, an Elasticsearch long (signed 64
 * bits). Timestamps more than 292 years apart (only a damaged or forged
 * capture has them; fuzzing found one) saturate at INT64_MAX instead of
 * becoming a number no long can hold. */
static inline uint64_t line_duration_ns(uint64_t start, uint64_t end)
{
	uint64_t d = end > start ? end - start : 0;
	return d > (uint64_t)INT64_MAX ? (uint64_t)INT64_MAX : d;
}

/* The closing member every line has: "ecs":{"version":...}. */
void line_ecs_write(struct jw *w);

/* Append f's object to w (the caller resets w and ends the line). db
 * (borrowed, may be NULL) names services; cid (may be NULL: one-shot
 * digests) hashes the Community ID. */
void flowline_write(struct jw *w, const struct flow *f, const struct portdb *db,
		    struct community_id *cid);

#endif
