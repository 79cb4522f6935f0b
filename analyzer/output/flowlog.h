/* analyzer/output/flowlog.h - the flow NDJSON stream (--flows FILE): one JSON
 * object per ended flow, Elastic Common Schema names plus a portlens.*
 * group (docs/flows-schema.md), written through ndjson.c (atomic file,
 * reused line buffer). */
#ifndef PORTLENS_FLOWLOG_H
#define PORTLENS_FLOWLOG_H

#include <jansson.h>
#include <stdio.h>
#include "analyzer/flow/flow.h"
#include "portdb/portdb.h"

struct flowlog;

/* path "-" is stdout; flags: OUTFILE_* (outfile.h); db (borrowed, may be
 * NULL) names services. NULL with errno set on failure (EEXIST when the
 * file exists and force is not set). */
struct flowlog *flowlog_open(const char *path, int flags, const struct portdb *db);

/* The flow_end_fn to hand to the analyzer (user = the flowlog). */
void flowlog_on_flow(void *user, const struct flow *f);

/* The ECS object of one flow; new reference (caller decrefs). */
json_t *flowlog_flow_json(const struct flow *f, const struct portdb *db);

/* Hand the lines written so far to the kernel. */
void flowlog_flush(struct flowlog *fl);

/* Finish: with ok, flush and rename into place; without, discard the
 * temporary file. 0, or -1 with errno set (a write failed earlier or
 * now). NULL-safe. */
int flowlog_close(struct flowlog *fl, int ok);

#endif
