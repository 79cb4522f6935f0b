/* analyzer/output/ndjson.c - see ndjson.h. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/output/ndjson.h"
#include "analyzer/util/outfile.h"

struct ndjson {
	struct outfile of;
	int failed_errno;
	char *buf;       /* reused line buffer */
	size_t cap;
};

#define NDJSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))

void ndjson_write(struct ndjson *nd, const json_t *o)
{
	if (!o) {
		nd->failed_errno = ENOMEM;
		return;
	}
	/* One dump into the reused buffer; a second only when it was short
	 * (json_dumpb returns the size it needed). */
	size_t n = nd->cap ? json_dumpb(o, nd->buf, nd->cap, NDJSON_FLAGS) : SIZE_MAX;
	if (n == 0) {
		nd->failed_errno = ENOMEM;
		return;
	}
	if (n == SIZE_MAX || n + 1 > nd->cap) {
		size_t need = n == SIZE_MAX ? json_dumpb(o, NULL, 0, NDJSON_FLAGS) : n;
		size_t cap = need * 2 + 256;
		char *nb = realloc(nd->buf, cap);
		if (!nb) {
			nd->failed_errno = ENOMEM;
			return;
		}
		nd->buf = nb;
		nd->cap = cap;
		n = json_dumpb(o, nd->buf, nd->cap, NDJSON_FLAGS);
	}
	nd->buf[n] = '\n';
	if (fwrite(nd->buf, 1, n + 1, nd->of.fp) != n + 1 && !nd->failed_errno)
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
	return nd;
}

int ndjson_close(struct ndjson *nd, int ok)
{
	if (!nd)
		return 0;
	int rc = outfile_close(&nd->of, ok, nd->failed_errno);
	int saved = errno;
	free(nd->buf);
	free(nd);
	errno = saved;
	return rc;
}
