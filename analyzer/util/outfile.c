/* analyzer/util/outfile.c - see outfile.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "analyzer/util/outfile.h"

static int open_in_place(struct outfile *of, const char *path)
{
	of->fp = fopen(path, "w");
	return of->fp ? 0 : -1;
}

static int open_temporary(struct outfile *of, const char *path)
{
	size_t n = strlen(path) + sizeof(".tmp.XXXXXX");
	of->path = strdup(path);
	of->tmp = malloc(n);
	if (!of->path || !of->tmp)
		goto fail;
	snprintf(of->tmp, n, "%s.tmp.XXXXXX", path);
	int fd = mkstemp(of->tmp);
	if (fd < 0)
		goto fail;
	if (!(of->fp = fdopen(fd, "w"))) {
		int saved = errno;
		close(fd);
		unlink(of->tmp);
		errno = saved;
		goto fail;
	}
	return 0;
fail:;
	int saved = errno ? errno : ENOMEM;
	free(of->path);
	free(of->tmp);
	of->path = of->tmp = NULL;
	errno = saved;
	return -1;
}

int outfile_open(struct outfile *of, const char *path, int flags)
{
	struct stat st;
	memset(of, 0, sizeof(*of));
	if (!path || strcmp(path, "-") == 0) {
		of->fp = stdout;
		return 0;
	}
	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			return open_in_place(of, path);
		if (!(flags & OUTFILE_FORCE)) {
			errno = EEXIST;
			return -1;
		}
	}
	if (flags & OUTFILE_IN_PLACE)
		return open_in_place(of, path);
	return open_temporary(of, path);
}

int outfile_close(struct outfile *of, int ok, int write_err)
{
	int err = write_err;
	if (of->fp == stdout) {
		if (fflush(stdout) != 0 && !err)
			err = errno;
	} else if (of->fp && fclose(of->fp) != 0 && !err) {
		err = errno;
	}
	of->fp = NULL;
	return outfile_close_renamed(of, ok, err);
}

int outfile_close_renamed(struct outfile *of, int ok, int write_err)
{
	int err = write_err;
	if (of->tmp) {
		if (ok && !err && rename(of->tmp, of->path) != 0)
			err = errno;
		if (!ok || err)
			unlink(of->tmp);
	}
	free(of->path);
	free(of->tmp);
	memset(of, 0, sizeof(*of));
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}
