/* analyzer/output/ndjson.h - an NDJSON output stream (one JSON object per line),
 * used for the flow records (--flows) and the alerts (--alerts). Lines go
 * through one reused buffer; the file is handled by outfile.c (complete
 * or absent; devices written in place). Write errors are remembered and
 * returned once, at close. */
#ifndef PORTLENS_NDJSON_H
#define PORTLENS_NDJSON_H

#include <jansson.h>

struct ndjson;

/* path "-" is stdout; flags are outfile.h's OUTFILE_*. NULL with errno
 * set on failure (EEXIST when the file exists without OUTFILE_FORCE). */
struct ndjson *ndjson_open(const char *path, int flags);

/* Append o (borrowed) as one compact line. */
void ndjson_write(struct ndjson *nd, const json_t *o);

/* Hand what was written so far to the kernel (live mode: a reader of
 * the file sees whole lines). */
void ndjson_flush(struct ndjson *nd);

/* Flush; with ok, rename into place, else discard the temporary file.
 * 0, or -1 with errno set (an earlier or final write failed). NULL-safe. */
int ndjson_close(struct ndjson *nd, int ok);

#endif
