/* analyzer/output/ndjson.c - see ndjson.h. Lines go to a stdio stream
 * (its buffer batches them into large writes); a failed write is kept
 * and reported once, at close. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "analyzer/output/ndjson.h"
#include "analyzer/util/outfile.h"

/* stdio's default buffer (4 KiB) makes a write(2) every few flow lines;
 * a larger one batches them (live mode flushes every interval anyway). */
#define NDJSON_BUFFER (1u << 20)

struct ndjson {
	struct outfile of;
	int failed_errno;
	char *buf;       /* the stream's buffer, ours to free after close */
};

void ndjson_write(struct ndjson *nd, const char *lines, size_t len)
{
	if (fwrite(lines, 1, len, nd->of.fp) != len && !nd->failed_errno)
		nd->failed_errno = errno ? errno : EIO;
}

void ndjson_flush(struct ndjson *nd)
{
	if (fflush(nd->of.fp) != 0 && !nd->failed_errno)
		nd->failed_errno = errno ? errno : EIO;
}

struct ndjson *ndjson_open(const char *path, int flags)
{
	struct ndjson *nd = calloc(1, sizeof(*nd));
	if (!nd)
		return NULL;
	if (outfile_open(&nd->of, path, flags) != 0) {
		int saved = errno;
		free(nd);
		errno = saved;
		return NULL;
	}
	nd->buf = malloc(NDJSON_BUFFER);
	if (nd->buf && setvbuf(nd->of.fp, nd->buf, _IOFBF, NDJSON_BUFFER) != 0) {
		free(nd->buf); /* keep stdio's own buffer */
		nd->buf = NULL;
	}
	return nd;
}

int ndjson_close(struct ndjson *nd, int ok, int err)
{
	if (!nd) {
		errno = err;
		return err ? -1 : 0;
	}
	int rc = outfile_close(&nd->of, ok, err ? err : nd->failed_errno);
	int saved = errno;
	free(nd->buf);
	free(nd);
	errno = saved;
	return rc;
}
