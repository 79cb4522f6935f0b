/* analyzer/cli/cli.c - the portlens command line.
 * Subcommands: read (files), live (an interface), ports (portdb queries).
 * options.c parses the options, run.c sets up and ends a run (inputs,
 * outputs, analyzer), this file drives the capture and maps outcomes to
 * exit codes. The cli/ folder is the only place that prints to the user
 * or picks an exit code (STYLE.md). cli_main() is main() for the binary
 * and, in-process, for the golden test (tests/test_golden.c), so both run
 * one code path: every call starts from zeroed state (getopt included). */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "analyzer/capture/capture.h"
#include "analyzer/capture/live.h"
#include "analyzer/cli/cli.h"
#include "analyzer/cli/options.h"
#include "analyzer/cli/run.h"
#include "analyzer/cli/views.h"

/* A count of SIGINT/SIGTERM, not a flag: non-zero stops the run, and an
 * output that keeps serving after it (--metrics-linger) stops when the
 * count changes, so one more signal ends that wait. */
static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	if (stop_requested < SIG_ATOMIC_MAX)
		stop_requested = stop_requested + 1;
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* Set up the run, then catch SIGINT/SIGTERM for it. */
static int start_run(struct run *r, struct opts *o)
{
	int rc = run_prepare(r, o, &stop_requested);
	if (rc == EXIT_OK)
		install_signals();
	return rc;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- read ------------------------------------------------------------------- */

struct progress_ui {
	double t0, last, last_poll;
	int show;       /* the progress line on a terminal */
	struct run *r;  /* its outputs poll between batches (a metrics scrape) */
};

/* Between batches: the outputs' poll every LIVE_POLL_MS; at most 4 times
 * a second, the progress line: percent of the file, packets/s, flows. */
static void progress(void *user, const struct analyzer *an, const char *path,
		     uint64_t pos, uint64_t size)
{
	struct progress_ui *ui = user;
	double now = now_s();
	if (ui->r && now - ui->last_poll >= LIVE_POLL_MS / 1000.0) {
		ui->last_poll = now;
		run_poll(ui->r, NULL);
	}
	if (!ui->show || now - ui->last < 0.25)
		return;
	ui->last = now;
	double dt = now - ui->t0;
	char pct[16] = "";
	if (size)
		snprintf(pct, sizeof(pct), "%3.0f%% ", 100.0 * (double)pos / (double)size);
	fprintf(stderr, "\rportlens: %s: %s%llu packets, %.0f packets/s, %llu flows   ",
		path, pct, (unsigned long long)an->stats.packets,
		dt > 0 ? (double)an->stats.packets / dt : 0.0,
		(unsigned long long)flow_table_stats(an->flows)->active);
}

/* What reading one file went like, on stderr. */
static void report_file(const struct input_file *f, enum capture_status st, int quiet,
			int show)
{
	if (f->over_snaplen && !quiet)
		fprintf(stderr, "%sportlens: %s: warning: %llu records longer than "
			"the file's snap length, cut to it by libpcap "
			"(capture.files[].records_over_snaplen)\n", show ? "\n" : "",
			f->path, (unsigned long long)f->over_snaplen);
	if (st == CAPTURE_OK || st == CAPTURE_INTERRUPTED ||
	    (st == CAPTURE_UNSUPPORTED_LINK && quiet))
		return;
	fprintf(stderr, "%sportlens: %s: %s", show ? "\n" : "", f->path, f->error);
	if (st == CAPTURE_READ_FAILED)
		fprintf(stderr, " (after %llu packets; those are counted in the report)",
			(unsigned long long)f->packets);
	fputc('\n', stderr);
}

/* Read every file; the worst status decides the exit code. */
static int read_inputs(struct run *r, int nfiles, char **files, int quiet)
{
	struct analyzer *an = &r->an;
	int rc = EXIT_OK;
	int show = !quiet && isatty(STDERR_FILENO);
	struct progress_ui ui = { now_s(), 0, 0, show,
				  outputs_want_poll(&r->outs) ? r : NULL };

	if (show || ui.r) {
		an->progress = progress;
		an->progress_user = &ui;
	}
	for (int i = 0; i < nfiles && !stop_requested; i++) {
		if (an->nfiles == ANALYZER_MAX_FILES) {
			fprintf(stderr, "portlens: %s: too many input files (max %d)\n",
				files[i], ANALYZER_MAX_FILES);
			return EXIT_USAGE;
		}
		enum capture_status st = capture_read_file(an, files[i]);
		report_file(&an->files[an->nfiles - 1], st, quiet, show);
		if (st == CAPTURE_INTERRUPTED)
			break;
		if (st != CAPTURE_OK)
			rc = EXIT_INPUT;
	}
	if (show)
		fputc('\n', stderr);
	an->progress = NULL;
	return stop_requested ? EXIT_INTERRUPTED : rc;
}

static int cmd_read(int argc, char **argv)
{
	static struct opts o;
	static struct run r; /* large; lives for the whole run */

	if (opts_parse(&o, MODE_READ, argc, argv) != 0)
		return EXIT_USAGE;
	if (optind >= argc) {
		fputs("portlens read: no input file (use - for standard input)\n"
		      "try 'portlens read --help'\n", stderr);
		return EXIT_USAGE;
	}
	int rc = start_run(&r, &o);
	if (rc != EXIT_OK)
		return rc;
	double t0 = now_s();
	rc = read_inputs(&r, argc - optind, argv + optind, o.quiet);
	analyzer_finish(&r.an);
	struct run_info info = { .elapsed_s = now_s() - t0,
				 .interrupted = rc == EXIT_INTERRUPTED || stop_requested };
	return run_end(&r, &o, rc, &info);
}

/* ---- live ------------------------------------------------------------------- */

/* Every interval: new alerts, then every sink's tick; between batches,
 * the sinks' poll. */
static void live_tick(void *user, const struct live_stats *st, enum live_tick_kind kind)
{
	struct run *r = user;
	if (kind == LIVE_TICK_FINAL)
		analyzer_decide_alerts(&r->an);
	else if (kind == LIVE_TICK_POLL)
		run_poll(r, st);
	else
		run_tick(r, st);
}

static int live_exit_code(enum live_status st)
{
	switch (st) {
	case LIVE_OK: return EXIT_OK;
	case LIVE_WRITE_FAILED: return EXIT_OUTPUT;
	case LIVE_PRIVS_FAILED: return EXIT_USAGE;
	default: return EXIT_INPUT;
	}
}

static int cmd_live(int argc, char **argv)
{
	static struct opts o;
	static struct run r;
	struct live_stats ls;
	char err[512];

	if (opts_parse(&o, MODE_LIVE, argc, argv) != 0)
		return EXIT_USAGE;
	if (!o.live.iface || optind < argc) {
		fputs(!o.live.iface ? "portlens live: no interface (-i IFACE; -i any for all)\n"
				    : "portlens live: takes no file arguments (see portlens read)\n",
		      stderr);
		fputs("try 'portlens live --help'\n", stderr);
		return EXIT_USAGE;
	}
	int rc = start_run(&r, &o);
	if (rc != EXIT_OK)
		return rc;
	double t0 = now_s();
	enum live_status st = live_run(&r.an, &o.live, live_tick, &r, &ls, err, sizeof(err));
	if (st != LIVE_OK)
		fprintf(stderr, "portlens: %s\n", err);
	rc = live_exit_code(st);
	analyzer_finish(&r.an);
	struct run_info info = { .elapsed_s = now_s() - t0, .interrupted = stop_requested,
				 .live = ls.have, .pcap_received = ls.received,
				 .pcap_dropped = ls.dropped_kernel,
				 .pcap_ifdropped = ls.dropped_iface };
	return run_end(&r, &o, rc, &info);
}

/* ---- ports ------------------------------------------------------------------ */

static int print_port(const struct portdb *db, const char *arg)
{
	char *end;
	errno = 0;
	unsigned long port = strtoul(arg, &end, 10);
	int only = 0;
	if (end == arg || errno || port > 65535 || *arg == '-')
		return -1;
	if (strcmp(end, "/tcp") == 0)
		only = IPPROTO_NUM_TCP;
	else if (strcmp(end, "/udp") == 0)
		only = IPPROTO_NUM_UDP;
	else if (*end)
		return -1;
	const char *eph[PORTDB_EPH_COUNT];
	size_t n = portdb_ephemeral_names(portdb_ephemeral_os((uint16_t)port), eph, PORTDB_EPH_COUNT);
	static const int protos[2] = { IPPROTO_NUM_TCP, IPPROTO_NUM_UDP };
	for (int i = 0; i < 2; i++) {
		if (only && only != protos[i])
			continue;
		const char *svc = portdb_service(db, (uint16_t)port, protos[i]);
		printf("%lu/%s\t%s\t%s\t", port, i ? "udp" : "tcp",
		       portdb_class_name(portdb_class((uint16_t)port)), svc ? svc : "-");
		for (size_t k = 0; k < n; k++)
			printf("%s%s", k ? "," : "ephemeral:", eph[k]);
		printf("%s\n", n ? "" : "-");
	}
	return 0;
}

static int cmd_ports(int argc, char **argv)
{
	enum { OPT_SERVICES = 256, OPT_NO_SYSTEM_SERVICES };
	static const struct option popts[] = {
		{ "services", required_argument, NULL, OPT_SERVICES },
		{ "no-system-services", no_argument, NULL, OPT_NO_SYSTEM_SERVICES },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *services = NULL;
	int no_system = 0, ch, rc = EXIT_OK;
	while ((ch = getopt_long(argc, argv, "h", popts, NULL)) != -1) {
		if (ch == 'h') { opts_usage_ports(stdout); return EXIT_OK; }
		if (ch == OPT_SERVICES) services = optarg;
		else if (ch == OPT_NO_SYSTEM_SERVICES) no_system = 1;
		else { opts_usage_ports(stderr); return EXIT_USAGE; }
	}
	if (optind >= argc) {
		opts_usage_ports(stderr);
		return EXIT_USAGE;
	}
	struct portdb *db = run_load_portdb(services, no_system, 0);
	if (!db)
		return EXIT_INPUT;
	for (int i = optind; i < argc; i++) {
		if (print_port(db, argv[i]) != 0) {
			fprintf(stderr, "portlens ports: '%s' is not PORT, PORT/tcp or PORT/udp "
				"with PORT 0-65535\n", argv[i]);
			rc = EXIT_USAGE;
		}
	}
	portdb_free(db);
	return rc;
}

int cli_main(int argc, char **argv)
{
	stop_requested = 0;
	optind = 0; /* glibc: 0 restarts getopt's scan from scratch */
	if (argc < 2) {
		opts_usage_main(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "read") == 0)
		return cmd_read(argc - 1, argv + 1);
	if (strcmp(cmd, "live") == 0)
		return cmd_live(argc - 1, argv + 1);
	if (strcmp(cmd, "ports") == 0)
		return cmd_ports(argc - 1, argv + 1);
	if (strcmp(cmd, "summary") == 0)
		return views_summary(argc - 1, argv + 1);
	if (strcmp(cmd, "html") == 0)
		return views_html(argc - 1, argv + 1);
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 ||
	    strcmp(cmd, "-h") == 0) {
		opts_usage_main(stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("portlens %s (report schema %d)\n", PORTLENS_VERSION,
		       REPORT_SCHEMA_VERSION);
		return EXIT_OK;
	}
	fprintf(stderr, "portlens: unknown command '%s'\n", cmd);
	opts_usage_main(stderr);
	return EXIT_USAGE;
}
