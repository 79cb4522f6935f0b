/* analyzer/cli/options.h - the options of `portlens read` and `portlens
 * live`: the getopt table (fixed options plus one per output, taken from
 * the sink table, analyzer/output/sink_list.h), their parsing into struct
 * opts, and the --help texts. Prints what is wrong with an option; picks
 * no exit code itself (cli.c does). */
#ifndef PORTLENS_OPTIONS_H
#define PORTLENS_OPTIONS_H

#include <stdio.h>
#include "analyzer/capture/live.h"
#include "analyzer/core/analyzer.h"
#include "analyzer/output/outputs.h"

enum cli_mode { MODE_READ, MODE_LIVE };

/* The report's format: chosen by --format, else text on a terminal
 * without -o, else JSON (run.c decides FORMAT_AUTO). */
enum report_format { FORMAT_AUTO = 0, FORMAT_JSON, FORMAT_TEXT };

struct opts {
	enum cli_mode mode;
	const char *services, *knockd_conf;
	int force, pretty, quiet, no_system_services, seed_given;
	enum report_format format;
	/* Per output type (output_types[i]): given on the command line, and
	 * its path (NULL: the sink's default). */
	int sink_given[OUTPUTS_MAX];
	const char *sink_path[OUTPUTS_MAX];
	const char *sink_opt[OUTPUTS_MAX][SINK_OPTIONS_MAX]; /* extra options' values */
	struct analyzer_config cfg;
	struct live_opts live;
};

/* "portlens read" or "portlens live". */
const char *opts_cmd_name(enum cli_mode mode);

/* Defaults for mode, then argv parsed with getopt_long (optind must be
 * reset by the caller). 0; -1 after printing the problem; --help prints
 * the help and exits 0. */
int opts_parse(struct opts *o, enum cli_mode mode, int argc, char **argv);

void opts_usage_main(FILE *out);
void opts_usage_ports(FILE *out);

#endif
