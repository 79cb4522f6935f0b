/* analyzer/cli/run.h - one run of `read` or `live`, around the capture:
 * the inputs it needs besides packets (port database, knockd rules),
 * the outputs its options name (sinks: checked, opened, fed, finished and
 * closed), and the analyzer wired to them. Prints what goes wrong and
 * returns the exit code for it. */
#ifndef PORTLENS_RUN_H
#define PORTLENS_RUN_H

#include <signal.h>
#include "analyzer/cli/options.h"
#include "analyzer/detect/knockconf.h"
#include "analyzer/output/outputs.h"

struct run {
	struct portdb *db;
	struct knock_rules rules;
	struct outputs outs;
	struct analyzer an;   /* large: a struct run lives in static storage */
};

/* The port database: the built-in table, gaps filled from /etc/services
 * unless no_system, then the user's file (--services) over it. NULL after
 * printing why. Caller frees with portdb_free. */
struct portdb *run_load_portdb(const char *services, int no_system, int quiet);

/* 1 when text written to fd may be coloured: a terminal, and NO_COLOR
 * absent or empty (no-color.org). */
int run_color_allowed(int fd);

/* Check the options, load the inputs, open the outputs and set up the
 * analyzer (its stop flag is stop). EXIT_OK, or the exit code after
 * printing why (everything opened is then released). */
int run_prepare(struct run *r, struct opts *o, volatile sig_atomic_t *stop);

/* Live, every interval: decide new alerts, then tick every sink. */
void run_tick(struct run *r, const struct live_stats *st);

/* Between capture batches (live: every LIVE_POLL_MS; read: between
 * batches when an output polls): the sinks serve requests. */
void run_poll(struct run *r, const struct live_stats *st);

/* After the capture: finish every sink (the report is written), close
 * them all and free the run. rc is the capture's exit code; the result
 * is the worse of it and any output failure. */
int run_end(struct run *r, const struct opts *o, int rc, const struct run_info *info);

#endif
