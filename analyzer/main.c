/* analyzer/main.c - the portlens command line.
 * Parses arguments, runs the capture loop over the input files, writes the
 * report, and maps outcomes to exit codes. The only file that prints to
 * the user or picks an exit code (STYLE.md). */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "analyzer.h"
#include "capture.h"
#include "report.h"

/* Exit codes; documented in --help and docs/portlens.md. */
enum {
	EXIT_OK = 0,
	EXIT_INTERNAL = 1,    /* out of memory, a bug */
	EXIT_USAGE = 2,       /* bad command line */
	EXIT_INPUT = 3,       /* an input missing, not a capture, damaged, unsupported */
	EXIT_OUTPUT = 4,      /* the report could not be written */
	EXIT_INTERRUPTED = 5, /* SIGINT/SIGTERM: partial report written */
};

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void usage_main(FILE *out)
{
	fputs("usage: portlens <command> [options]\n"
	      "\n"
	      "Packet-level port traffic analyzer: who talked to which ports.\n"
	      "\n"
	      "commands:\n"
	      "  read FILE...   analyse pcap/pcapng files (\"-\" is standard input)\n"
	      "  help           this text; `portlens read --help` for a command\n"
	      "  version        print the version\n", out);
}

static void usage_read(FILE *out)
{
	fputs("usage: portlens read [options] FILE...\n"
	      "\n"
	      "Read pcap or pcapng files (several are read in order as one capture;\n"
	      "\"-\" reads standard input), decode every packet and print a JSON\n"
	      "summary report (schema: docs/report-schema.md).\n"
	      "\n"
	      "options:\n"
	      "  -o, --output FILE  write the report to FILE instead of stdout; the\n"
	      "                     file appears complete or not at all\n"
	      "  -f, --force        overwrite FILE when it exists\n"
	      "  -p, --pretty       indent the JSON\n"
	      "  -q, --quiet        no warnings on stderr (errors still print)\n"
	      "  -h, --help         this text\n"
	      "\n"
	      "exit status:\n"
	      "  0  success\n"
	      "  1  internal error (out of memory)\n"
	      "  2  usage error\n"
	      "  3  input error: a file is missing, not a capture, truncated or\n"
	      "     damaged, or of an unsupported link type; the report is still\n"
	      "     written with the packets read before the problem\n"
	      "  4  output error: the report could not be written\n"
	      "  5  interrupted by SIGINT/SIGTERM; the partial report is written\n", out);
}

struct read_opts {
	const char *output;
	int force, pretty, quiet;
};

static int parse_read_opts(int argc, char **argv, struct read_opts *o)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "o:fpqh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o': o->output = optarg; break;
		case 'f': o->force = 1; break;
		case 'p': o->pretty = 1; break;
		case 'q': o->quiet = 1; break;
		case 'h': usage_read(stdout); exit(EXIT_OK);
		default:
			fputs("portlens read: try 'portlens read --help'\n", stderr);
			return -1;
		}
	}
	return 0;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
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

/* Read every file; the worst status decides the exit code. */
static int read_inputs(struct analyzer *an, int nfiles, char **files, int quiet)
{
	int rc = EXIT_OK;

	for (int i = 0; i < nfiles && !stop_requested; i++) {
		enum capture_status st = capture_read_file(an, files[i]);
		const struct input_file *f = &an->files[an->nfiles - 1];
		if (st == CAPTURE_INTERRUPTED)
			return EXIT_INTERRUPTED;
		if (st == CAPTURE_OPEN_FAILED && an->nfiles == 0) {
			fprintf(stderr, "portlens: %s: too many input files (max %d)\n",
				files[i], ANALYZER_MAX_FILES);
			return EXIT_USAGE;
		}
		if (st == CAPTURE_OK)
			continue;
		rc = EXIT_INPUT;
		if (st == CAPTURE_READ_FAILED)
			fprintf(stderr, "portlens: %s: %s (after %llu packets; those are "
				"counted in the report)\n", files[i], f->error,
				(unsigned long long)f->packets);
		else if (st == CAPTURE_UNSUPPORTED_LINK && !quiet)
			fprintf(stderr, "portlens: %s: %s\n", files[i], f->error);
		else if (st != CAPTURE_UNSUPPORTED_LINK)
			fprintf(stderr, "portlens: %s: %s\n", files[i], f->error);
	}
	return stop_requested ? EXIT_INTERRUPTED : rc;
}

static int cmd_read(int argc, char **argv)
{
	struct read_opts o = { 0 };
	static struct analyzer an; /* large; lives for the whole run */

	if (parse_read_opts(argc, argv, &o) != 0)
		return EXIT_USAGE;
	if (optind >= argc) {
		fputs("portlens read: no input file (use - for standard input)\n"
		      "try 'portlens read --help'\n", stderr);
		return EXIT_USAGE;
	}
	if (o.output && !o.force && strcmp(o.output, "-") != 0 &&
	    access(o.output, F_OK) == 0) {
		fprintf(stderr, "portlens: %s: exists; use --force to overwrite\n", o.output);
		return EXIT_OUTPUT;
	}
	analyzer_init(&an);
	an.stop = &stop_requested;
	install_signals();
	double t0 = now_s();
	int rc = read_inputs(&an, argc - optind, argv + optind, o.quiet);
	struct run_info run = { .elapsed_s = now_s() - t0,
				.interrupted = rc == EXIT_INTERRUPTED };
	json_t *root = report_build(&an, &run);
	if (!root) {
		fputs("portlens: out of memory building the report\n", stderr);
		return EXIT_INTERNAL;
	}
	if (report_write(root, o.output, o.pretty, o.force) != 0) {
		fprintf(stderr, "portlens: %s: cannot write report: %s\n",
			o.output ? o.output : "stdout", strerror(errno));
		rc = EXIT_OUTPUT;
	}
	json_decref(root);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage_main(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "read") == 0)
		return cmd_read(argc - 1, argv + 1);
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 ||
	    strcmp(cmd, "-h") == 0) {
		usage_main(stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("portlens %s (report schema %d)\n", PORTLENS_VERSION,
		       REPORT_SCHEMA_VERSION);
		return EXIT_OK;
	}
	fprintf(stderr, "portlens: unknown command '%s'\n", cmd);
	usage_main(stderr);
	return EXIT_USAGE;
}
