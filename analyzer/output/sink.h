/* analyzer/output/sink.h - the output interface: every output portlens
 * writes is a sink, one module behind one small vtable (masscan's struct
 * OutputType and its out-*.c files; Suricata's output modules). A sink
 * receives ended flows, alerts and periodic stats ticks while the capture
 * runs, the finished analysis once at the end, and is opened and closed by
 * the command line from its option. Sinks never decide anything: what is
 * an alert is decided once by the analyzer (core/analyzer.h), so every
 * sink sees the same verdicts.
 *
 * Adding an output (one new file, one line in a table):
 *  1. Write analyzer/output/out_<name>.c defining
 *     `const struct sink_type sink_<name> = { ... };`: its option (long
 *     name, short letter, help line), flags, and the callbacks it needs
 *     (any may be NULL). Per-record callbacks (flow, alert) run on the
 *     packet path: write into a reused buffer, no tree, no allocation and
 *     no printf per record (analyzer/output/jw.h); keep the first write
 *     error in s->err and carry on: close() reports it.
 *  2. Add `SINK(<name>)` to analyzer/output/sink_list.h. The command line
 *     then accepts the option, lists it in --help, checks its path (one
 *     output on stdout at most, no file replaced without --force) and
 *     opens, feeds and closes the sink.
 *  3. Document what it writes (docs/outputs.md, docs/json.md for JSON) and
 *     test it (tests/cli_test.sh, a CUnit suite, the schema test for JSON).
 *  An output that sends rather than writes a file (an address as its
 *  value) sets SINK_ADDRESS, checks the value in check() (a bad one is a
 *  usage error, exit 2), and counts what it could not deliver in
 *  counters(): the report's "outputs" section lists it.
 */
#ifndef PORTLENS_SINK_H
#define PORTLENS_SINK_H

#include "analyzer/capture/live.h"
#include "analyzer/core/analyzer.h"
#include "analyzer/output/report.h"
#include "portdb/portdb.h"

/* Settings every sink may read; borrowed for the whole run. */
struct sink_ctx {
	const struct portdb *portdb; /* service names */
	int live;                    /* live capture (streams written in place) */
	int pretty;                  /* --pretty: indent documents */
	int quiet;                   /* -q: nothing on stderr but errors */
	int report_text;             /* the report as the text summary, not JSON */
	int color;                   /* ANSI colour in text (a terminal, no NO_COLOR) */
	int file_flags;              /* OUTFILE_* for files complete at the end */
	int stream_flags;            /* OUTFILE_* for files written while running */
};

enum {
	SINK_ALWAYS = 1,       /* open even without its option (the report) */
	SINK_LIVE_DEFAULT = 2, /* open in live mode unless -q (stderr stats) */
	SINK_STREAM = 4,       /* writes while the capture runs */
	SINK_ADDRESS = 8,      /* the value is an address, not a file: no stdout,
				  no --force; check() validates it */
};

/* Extra options of an output beyond its main one (--metrics-linger S
 * next to --metrics ADDR): each takes a value, kept in struct sink's
 * opt[] in this order. Given without the main option: a usage error.
 * Outputs may share one (the same long name: --metrics-top): given once,
 * it is set for each of them, and needs any one of their options. */
#define SINK_OPTIONS_MAX 4
struct sink_option {
	const char *long_opt; /* "metrics-linger" */
};

struct sink;
struct outputs;

/* What a sink may read between capture batches (poll): the analysis so
 * far, libpcap's counters (NULL when reading files) and the other sinks'
 * counters (outputs_counters). Borrowed for the call. */
struct sink_now {
	const struct analyzer *an;
	const struct live_stats *pcap;
	const struct outputs *outs;
};

/* What a sink gets at the end of the run; borrowed for the call. Views
 * for people (the summary, the HTML report) render the report document,
 * so what a person sees is what the JSON says. */
struct sink_end {
	const struct analyzer *an;
	const struct run_info *run;
	const json_t *report;
	const struct outputs *outs;
};

struct sink_type {
	const char *name;      /* "flows" */
	const char *what;      /* noun for messages: "cannot write flows" */
	const char *long_opt;  /* "flows", or NULL: no option */
	int short_opt;         /* 'F', or 0 */
	const char *help;      /* the --help line(s), "  -F, --flows FILE ..." */
	unsigned flags;        /* SINK_* */
	const struct sink_option *options; /* extra options, {NULL}-ended; or NULL */
	/* Before anything opens: the value and extra options make sense
	 * (an address parses, a number is in range). 0, or -1 with a
	 * message naming the option in err: exit 2. */
	int (*check)(const struct sink *s, char *err, size_t errlen);
	/* 0, or -1 with errno set. s->path is the option's value (NULL: the
	 * sink's default, e.g. stdout). */
	int (*open)(struct sink *s);
	/* Each ended flow; f is valid during the call only. */
	void (*flow)(struct sink *s, const struct flow *f);
	/* Each alert, once, when the analyzer decided it. */
	void (*alert)(struct sink *s, const struct alert *a);
	/* Live mode, every --interval: a snapshot of the counters. */
	void (*tick)(struct sink *s, const struct analyzer *an, const struct live_stats *st);
	/* Between capture batches (live: at least every 100 ms; read:
	 * between batches of a file), in the capture thread: serve what is
	 * asked now (a scrape), with no lock. */
	void (*poll)(struct sink *s, const struct sink_now *now);
	/* After the last flow and alert, before the report is built: send
	 * what is buffered, so counters() is final. 0, or -1 with errno. */
	int (*flush)(struct sink *s);
	/* What the output did so far; NULL: it has nothing to count. */
	void (*counters)(const struct sink *s, struct output_counters *out);
	/* End of the run: the finished analysis, and the report document
	 * built from it once for every sink (NULL when it could not be
	 * built: out of memory). 0, or -1 with errno set. */
	int (*finish)(struct sink *s, const struct sink_end *end);
	/* Release; with ok, commit the file (outfile.h), else discard it.
	 * 0, or -1 with errno set (this or an earlier write failed; an error
	 * finish() already returned is not returned again). */
	int (*close)(struct sink *s, int ok);
};

/* One open sink. */
struct sink {
	const struct sink_type *type;
	const char *path;           /* borrowed from argv; NULL: the default */
	const char *opt[SINK_OPTIONS_MAX]; /* extra options' values, or NULL */
	const struct sink_ctx *ctx;
	void *state;                /* the sink's own; its close frees it */
	int err;                    /* errno of the first failed write */
	int is_open;                /* opened and not closed yet */
};

#endif
