/* analyzer/cli/run.c - see run.h. Order of a run: options checked
 * (conflicting settings are usage errors), output paths checked (one on
 * stdout at most, no file replaced without --force), inputs loaded,
 * sinks opened, analyzer initialised with the sinks as its hooks. At the
 * end the analyzer has decided every alert (analyzer_finish), the sinks
 * finish in table order and close: files are committed (outfile.c), or
 * discarded when the run failed before reading. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>
#include "analyzer/cli/exitcode.h"
#include "analyzer/cli/run.h"
#include "analyzer/util/outfile.h"

/* Is output type i opened in this run? */
static int sink_wanted(const struct opts *o, unsigned i)
{
	unsigned f = output_types[i]->flags;
	return o->sink_given[i] || (f & SINK_ALWAYS) ||
	       ((f & SINK_LIVE_DEFAULT) && o->mode == MODE_LIVE && !o->quiet);
}

static int is_stdout(const char *path)
{
	return !path || strcmp(path, "-") == 0;
}

static int output_taken(const char *path, int force)
{
	struct stat st;
	if (!path || force || strcmp(path, "-") == 0 || stat(path, &st) != 0 ||
	    !S_ISREG(st.st_mode))
		return 0;
	fprintf(stderr, "portlens: %s: exists; use --force to overwrite\n", path);
	return 1;
}

/* Is an output that has the extra option name wanted? (An extra option
 * may be shared by several outputs: --metrics-top.) */
static int extra_used(const struct opts *o, const char *name)
{
	for (unsigned i = 0; i < output_ntypes; i++) {
		const struct sink_option *so = output_types[i]->options;
		for (unsigned j = 0; so && j < SINK_OPTIONS_MAX && so[j].long_opt; j++)
			if (strcmp(so[j].long_opt, name) == 0 && sink_wanted(o, i))
				return 1;
	}
	return 0;
}

/* An extra option given without its output's own option (without any of
 * them, when shared). */
static int orphan_option(const struct opts *o, unsigned i)
{
	const struct sink_type *st = output_types[i];
	for (unsigned j = 0; st->options && j < SINK_OPTIONS_MAX && st->options[j].long_opt; j++) {
		if (!o->sink_opt[i][j] || extra_used(o, st->options[j].long_opt))
			continue;
		fprintf(stderr, "%s: --%s needs --%s\ntry '%s --help'\n", opts_cmd_name(o->mode),
			st->options[j].long_opt, st->long_opt, opts_cmd_name(o->mode));
		return 1;
	}
	return 0;
}

/* Each wanted output's own check of its value and extra options (an
 * address that does not parse ...): usage errors. */
static int check_values(const struct opts *o)
{
	char err[512];
	for (unsigned i = 0; i < output_ntypes; i++) {
		if (orphan_option(o, i))
			return EXIT_USAGE;
		const struct sink_type *st = output_types[i];
		if (!sink_wanted(o, i) || !st->check)
			continue;
		struct sink s = { .type = st, .path = o->sink_path[i] };
		memcpy(s.opt, o->sink_opt[i], sizeof(s.opt));
		err[0] = 0;
		if (st->check(&s, err, sizeof(err)) != 0) {
			fprintf(stderr, "%s: %s\ntry '%s --help'\n", opts_cmd_name(o->mode), err,
				opts_cmd_name(o->mode));
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}

/* Output paths usable: at most one on stdout, none clobbered. */
static int check_outputs(const struct opts *o)
{
	int on_stdout = 0, taken = 0;
	int rc = check_values(o);
	if (rc != EXIT_OK)
		return rc;
	for (unsigned i = 0; i < output_ntypes; i++) {
		if (!sink_wanted(o, i) || !output_types[i]->long_opt ||
		    (output_types[i]->flags & SINK_ADDRESS))
			continue;
		on_stdout += is_stdout(o->sink_path[i]);
		taken |= output_taken(o->sink_path[i], o->force);
	}
	if (on_stdout > 1) {
		fprintf(stderr, "%s: only one of the report and the streams (--flows, "
			"--alerts ...) can go to stdout; give the others a FILE (-o FILE "
			"for the report)\n", opts_cmd_name(o->mode));
		return EXIT_USAGE;
	}
	taken |= output_taken(o->live.write_path, o->force);
	return taken ? EXIT_OUTPUT : EXIT_OK;
}

/* The port database: built-in table, /etc/services gaps, user file. */
struct portdb *run_load_portdb(const char *services, int no_system, int quiet)
{
	char err[512];
	struct portdb *db = portdb_new();
	if (!db) {
		fputs("portlens: out of memory loading the port database\n", stderr);
		return NULL;
	}
	if (!no_system && portdb_load_system(db, NULL, err, sizeof(err)) != 0 && !quiet)
		fprintf(stderr, "portlens: warning: %s (ignored)\n", err);
	if (services && portdb_load_file(db, services, PORTDB_OVERRIDE, err, sizeof(err)) != 0) {
		fprintf(stderr, "portlens: --services: %s\n", err);
		portdb_free(db);
		return NULL;
	}
	return db;
}

static int load_inputs(struct run *r, struct opts *o)
{
	r->db = run_load_portdb(o->services, o->no_system_services, o->quiet);
	if (!r->db)
		return EXIT_INPUT;
	o->cfg.portdb = r->db;
	if (o->knockd_conf) {
		char err[512];
		if (knockconf_load_file(&r->rules, o->knockd_conf, err, sizeof(err)) != 0) {
			fprintf(stderr, "portlens: --knockd-conf: %s\n", err);
			return EXIT_INPUT;
		}
		o->cfg.knock.rules = &r->rules;
	}
	return EXIT_OK;
}

static const char *sink_name(const struct sink *s)
{
	return s->path && strcmp(s->path, "-") != 0 ? s->path : "stdout";
}

/* Index of the report sink in output_types (always there). */
static unsigned report_index(void)
{
	unsigned i = 0;
	while (i < output_ntypes && strcmp(output_types[i]->name, "report") != 0)
		i++;
	return i;
}

/* The report goes to the terminal: no -o, stdout a terminal. */
static int report_on_terminal(const struct opts *o)
{
	unsigned i = report_index();
	return !(i < output_ntypes && o->sink_given[i]) && isatty(STDOUT_FILENO);
}

static int report_as_text(const struct opts *o)
{
	if (o->format != FORMAT_AUTO)
		return o->format == FORMAT_TEXT;
	return report_on_terminal(o);
}

/* Colour only on a terminal, and never with NO_COLOR set (no-color.org:
 * present and not empty). */
int run_color_allowed(int fd)
{
	const char *nc = getenv("NO_COLOR");
	return isatty(fd) && !(nc && *nc);
}

static int report_colored(const struct opts *o)
{
	unsigned i = report_index();
	const char *path = i < output_ntypes ? o->sink_path[i] : NULL;
	return (!path || strcmp(path, "-") == 0) && run_color_allowed(STDOUT_FILENO);
}

/* The streams (--flows, --alerts) of a live capture are written in place,
 * so a dashboard reading the file sees each line as it is written; so are
 * all outputs with -Z (a rename at the end would run as USER and could be
 * refused). Otherwise files appear complete or not at all. */
static int open_outputs(struct run *r, const struct opts *o)
{
	struct sink_ctx ctx = {
		.portdb = r->db, .live = o->mode == MODE_LIVE, .pretty = o->pretty,
		.quiet = o->quiet, .report_text = report_as_text(o),
		.color = report_colored(o),
		.file_flags = (o->force ? OUTFILE_FORCE : 0) | (o->live.user ? OUTFILE_IN_PLACE : 0),
	};
	ctx.stream_flags = ctx.file_flags | (ctx.live ? OUTFILE_IN_PLACE : 0);
	outputs_init(&r->outs, &ctx);
	for (unsigned i = 0; i < output_ntypes; i++)
		if (sink_wanted(o, i) && outputs_add(&r->outs, output_types[i], o->sink_path[i],
						      o->sink_opt[i]) != 0)
			return EXIT_INTERNAL;
	const struct sink *failed = NULL;
	if (outputs_open(&r->outs, &failed) != 0) {
		fprintf(stderr, "portlens: %s: cannot write %s: %s\n", sink_name(failed),
			failed->type->what, strerror(errno));
		return EXIT_OUTPUT;
	}
	return EXIT_OK;
}

/* Close every sink (commit files when ok); the worst rc wins. */
static int close_outputs(struct run *r, int ok, int rc)
{
	for (unsigned i = 0; i < r->outs.n; i++) {
		if (outputs_close_one(&r->outs, i, ok) == 0)
			continue;
		const struct sink *s = &r->outs.sinks[i];
		fprintf(stderr, "portlens: %s: cannot write %s: %s\n", sink_name(s),
			s->type->what, strerror(errno));
		rc = EXIT_OUTPUT;
	}
	return rc;
}

static void free_inputs(struct run *r)
{
	portdb_free(r->db);
	knockconf_free(&r->rules);
	r->db = NULL;
}

int run_prepare(struct run *r, struct opts *o, volatile sig_atomic_t *stop)
{
	char err[512];
	memset(&r->rules, 0, sizeof(r->rules));
	r->db = NULL;
	memset(&r->outs, 0, sizeof(r->outs));
	if (analyzer_config_check(&o->cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s: %s\ntry '%s --help'\n", opts_cmd_name(o->mode), err,
			opts_cmd_name(o->mode));
		return EXIT_USAGE;
	}
	if (!o->seed_given)
		analyzer_config_random_seed(&o->cfg);
	int rc = check_outputs(o);
	if (rc == EXIT_OK)
		rc = load_inputs(r, o);
	if (rc == EXIT_OK)
		rc = open_outputs(r, o);
	if (rc != EXIT_OK) {
		rc = close_outputs(r, 0, rc);
		free_inputs(r);
		return rc;
	}
	o->cfg.on_flow = outputs_flow;
	o->cfg.on_alert = outputs_alert;
	o->cfg.on_user = &r->outs;
	if (analyzer_init(&r->an, &o->cfg) != 0) {
		fputs("portlens: out of memory setting up the analyzer\n", stderr);
		analyzer_free(&r->an);
		rc = close_outputs(r, 0, EXIT_INTERNAL);
		free_inputs(r);
		return rc;
	}
	r->an.stop = stop;
	return EXIT_OK;
}

/* The wall clock, ns since the epoch: live capture time. */
static uint64_t wall_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void run_tick(struct run *r, const struct live_stats *st)
{
	analyzer_advance(&r->an, wall_ns());
	analyzer_decide_alerts(&r->an);
	outputs_tick(&r->outs, &r->an, st);
}

void run_poll(struct run *r, const struct live_stats *st)
{
	outputs_poll(&r->outs, &r->an, st);
}

/* Outputs that buffer (IPFIX) send the rest, so that their counters in
 * the report are final. */
static int flush_outputs(struct run *r, int rc)
{
	const struct sink *failed = NULL;
	if (outputs_flush(&r->outs, &failed) == 0)
		return rc;
	fprintf(stderr, "portlens: %s: cannot write %s: %s\n", sink_name(failed),
		failed->type->what, strerror(errno));
	return EXIT_OUTPUT;
}

int run_end(struct run *r, const struct opts *o, int rc, const struct run_info *run)
{
	(void)o;
	struct run_info info = *run;
	rc = flush_outputs(r, rc);
	outputs_counters(&r->outs, &info);
	struct sink_end end = { &r->an, &info, report_build(&r->an, &info), &r->outs };
	if (!end.report) {
		fputs("portlens: out of memory building the report\n", stderr);
		rc = EXIT_INTERNAL;
	}
	for (unsigned i = 0; i < r->outs.n; i++) {
		if (outputs_finish_one(&r->outs, i, &end) == 0)
			continue;
		const struct sink *s = &r->outs.sinks[i];
		int internal = errno == ENOMEM;
		fprintf(stderr, "portlens: %s: cannot write %s: %s\n", sink_name(s),
			s->type->what, strerror(errno));
		rc = internal ? EXIT_INTERNAL : EXIT_OUTPUT;
	}
	json_decref((json_t *)end.report);
	rc = close_outputs(r, 1, rc);
	analyzer_free(&r->an);
	free_inputs(r);
	return rc;
}
