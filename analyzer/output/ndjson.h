/* analyzer/output/ndjson.h - an NDJSON output file (one JSON object per
 * line), used by the flow and alert sinks. The lines come ready-made
 * (jw.h); this module only writes them through outfile.c (complete or
 * absent; devices and live streams written in place) and remembers the
 * first write error, which close returns. */
#ifndef PORTLENS_NDJSON_H
#define PORTLENS_NDJSON_H

#include <stddef.h>

struct ndjson;

/* path "-" is stdout; flags are outfile.h's OUTFILE_*. NULL with errno
 * set on failure (EEXIST when the file exists without OUTFILE_FORCE). */
struct ndjson *ndjson_open(const char *path, int flags);

/* Append len bytes: one or more whole lines, each ending in '\n'. */
void ndjson_write(struct ndjson *nd, const char *lines, size_t len);

/* Hand what was written so far to the kernel (live mode: a reader of
 * the file sees whole lines). */
void ndjson_flush(struct ndjson *nd);

/* Flush; with ok, rename into place, else discard the temporary file.
 * err is an errno the caller met earlier (0: none, e.g. a line it could
 * not build): the file is then discarded and err returned. 0, or -1 with
 * errno set (err, or an earlier or final write failure). NULL-safe. */
int ndjson_close(struct ndjson *nd, int ok, int err);

#endif
