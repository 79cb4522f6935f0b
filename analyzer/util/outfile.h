/* analyzer/util/outfile.h - how portlens writes an output file (report,
 * --flows, --alerts): "-" is stdout; a path that exists and is not a
 * regular file (/dev/null, a FIFO, a terminal) is opened and written in
 * place; anything else is written under a temporary name in the same
 * directory and renamed into place on success, so a crash or a kill
 * never leaves half a file, and an existing regular file is replaced
 * only with force. Trap: renaming over a device node would replace it;
 * that is why devices are never written through a temporary file. */
#ifndef PORTLENS_OUTFILE_H
#define PORTLENS_OUTFILE_H

#include <stdio.h>

struct outfile {
	FILE *fp;        /* write here */
	char *path;      /* final name when renaming; NULL otherwise */
	char *tmp;       /* temporary name when renaming */
};

enum {
	OUTFILE_FORCE = 1,    /* replace an existing regular file */
	OUTFILE_IN_PLACE = 2, /* write the final path directly: for outputs
			       * opened before privileges are dropped (-Z),
			       * when the rename at the end would be refused */
};

/* flags: OUTFILE_*. 0, or -1 with errno set (EEXIST: a regular file
 * exists and OUTFILE_FORCE is not set). */
int outfile_open(struct outfile *of, const char *path, int flags);

/* Close; with ok rename the temporary file into place, without it remove
 * the temporary file. write_err is an errno from earlier writes (0 if
 * none): it makes the close fail too. 0, or -1 with errno set. */
int outfile_close(struct outfile *of, int ok, int write_err);

/* The same when someone else already closed of->fp (pcap_dump_close). */
int outfile_close_renamed(struct outfile *of, int ok, int write_err);

#endif
