/* analyzer/cli/views.c - see views.h. The report is read whole with
 * jansson (a report is bounded: top lists, capped detectors, a fixed
 * timeline), checked (report_check.c), then rendered; the HTML goes
 * through outfile.c like every output (complete or absent, --force to
 * replace a file). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "analyzer/cli/exitcode.h"
#include "analyzer/cli/run.h"
#include "analyzer/output/html.h"
#include "analyzer/output/report_check.h"
#include "analyzer/output/summary.h"
#include "analyzer/util/outfile.h"

static void usage_summary(FILE *out)
{
	fputs("usage: portlens summary [--color|--no-color] REPORT.json\n"
	      "\n"
	      "Print the one-screen summary of a saved report (portlens read -o\n"
	      "REPORT.json): capture, traffic, busy ports, flows, scans, knocks, caps.\n"
	      "\"-\" reads standard input. Colour on a terminal unless NO_COLOR is set.\n"
	      "Exit status: 0, 2 usage error, 3 not a portlens report (or one of a\n"
	      "schema version this portlens does not know), 4 output error.\n", out);
}

static void usage_html(FILE *out)
{
	fputs("usage: portlens html [-o FILE] [--force] REPORT.json\n"
	      "\n"
	      "Write a saved report (portlens read -o REPORT.json) as one self-contained\n"
	      "HTML page: timeline, port classes, top ports, connection states, scans\n"
	      "with their ports drawn over 0-65535, knocks, decode errors and caps.\n"
	      "No script and no network access; -o - or no -o writes to stdout.\n"
	      "Exit status: 0, 2 usage error, 3 not a portlens report (or one of a\n"
	      "schema version this portlens does not know), 4 output error.\n", out);
}

/* The report at path ("-": stdin), checked. NULL after printing why. */
static json_t *load_report(const char *cmd, const char *path)
{
	json_error_t jerr;
	char why[256];
	json_t *doc = strcmp(path, "-") == 0 ? json_loadf(stdin, 0, &jerr)
					     : json_load_file(path, 0, &jerr);
	if (!doc) {
		fprintf(stderr, "portlens %s: %s: not a JSON report: %s (line %d)\n", cmd, path,
			jerr.text, jerr.line);
		return NULL;
	}
	if (report_check(doc, why, sizeof(why)) != 0) {
		fprintf(stderr, "portlens %s: %s: %s\n", cmd, path, why);
		json_decref(doc);
		return NULL;
	}
	return doc;
}

enum { VOPT_FORCE = 256, VOPT_COLOR, VOPT_NO_COLOR };

int views_summary(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "color", no_argument, NULL, VOPT_COLOR },
		{ "no-color", no_argument, NULL, VOPT_NO_COLOR },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, color = run_color_allowed(STDOUT_FILENO);
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (ch == 'h') {
			usage_summary(stdout);
			return EXIT_OK;
		}
		if (ch != VOPT_COLOR && ch != VOPT_NO_COLOR) {
			usage_summary(stderr);
			return EXIT_USAGE;
		}
		color = ch == VOPT_COLOR;
	}
	if (optind != argc - 1) {
		usage_summary(stderr);
		return EXIT_USAGE;
	}
	json_t *doc = load_report("summary", argv[optind]);
	if (!doc)
		return EXIT_INPUT;
	struct summary_style style = { .color = color, .width = 80 };
	int rc = summary_render(stdout, doc, &style) == 0 && fflush(stdout) == 0 ? EXIT_OK
										: EXIT_OUTPUT;
	if (rc != EXIT_OK)
		fprintf(stderr, "portlens summary: cannot write: %s\n", strerror(errno));
	json_decref(doc);
	return rc;
}

int views_html(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, VOPT_FORCE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out_path = NULL;
	int ch, force = 0;
	while ((ch = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		if (ch == 'h') {
			usage_html(stdout);
			return EXIT_OK;
		}
		if (ch == 'o')
			out_path = optarg;
		else if (ch == VOPT_FORCE)
			force = 1;
		else {
			usage_html(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		usage_html(stderr);
		return EXIT_USAGE;
	}
	json_t *doc = load_report("html", argv[optind]);
	if (!doc)
		return EXIT_INPUT;
	struct outfile of;
	int rc = EXIT_OK;
	if (outfile_open(&of, out_path, force ? OUTFILE_FORCE : 0) != 0) {
		fprintf(stderr, "portlens html: %s: %s%s\n", out_path ? out_path : "stdout",
			strerror(errno), errno == EEXIST ? " (use --force to replace it)" : "");
		json_decref(doc);
		return EXIT_OUTPUT;
	}
	int err = html_render(of.fp, doc) == 0 ? 0 : (errno ? errno : EIO);
	if (outfile_close(&of, !err, err) != 0) {
		fprintf(stderr, "portlens html: %s: cannot write: %s\n",
			out_path ? out_path : "stdout", strerror(errno));
		rc = EXIT_OUTPUT;
	}
	json_decref(doc);
	return rc;
}
