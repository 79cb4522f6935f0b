/* analyzer/main.c - the portlens command line.
 * Parses arguments, runs the capture loop over the input files, writes the
 * report, and maps outcomes to exit codes. The only file that prints to
 * the user or picks an exit code (STYLE.md). */
#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>
#include "analyzer.h"
#include "capture.h"
#include "flowlog.h"
#include "ndjson.h"
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
	      "  -F, --flows FILE   write one NDJSON line per ended flow (ECS names,\n"
	      "                     docs/flows-schema.md); - is stdout\n"
	      "  -f, --force        overwrite output files that exist\n"
	      "  --max-flows N      hard cap on live flows (default 1000000); when\n"
	      "                     full, the least recently active flow is ended\n"
	      "                     early and counted in flows.evicted\n"
	      "  --timeout NAME=S   flow timeout in seconds of capture time; NAME is\n"
	      "                     tcp-attempt (30), tcp (300), tcp-closed (5),\n"
	      "                     udp (60), icmp (60), other (60), active (1800)\n"
	      "  --seed N           fix the flow hash key (reproducible runs);\n"
	      "                     default: random per run\n"
	      "  --services FILE    service names in /etc/services format; they\n"
	      "                     override the built-in table (portdb/services)\n"
	      "  --no-system-services  do not fill gaps from /etc/services\n"
	      "  --ports-top N      port entries listed in the report (default 100,\n"
	      "                     0 lists every port seen)\n"
	      "  -A, --alerts FILE  write one NDJSON alert per detected scan; - is stdout\n"
	      "  --scan NAME=VALUE  scan detector setting (docs/scan.md): theta0 (0.8),\n"
	      "                     theta1 (0.2), alpha (0.01), beta (0.99) of the\n"
	      "                     sequential test; vertical (12), horizontal (12)\n"
	      "                     distinct failed targets within window (3600 s);\n"
	      "                     probe-timeout (5 s); min-ports (9) before a scan\n"
	      "                     on one host is reported; max-sources (16384),\n"
	      "                     max-scans (256), max-contacts (1048576)\n"
	      "  --knockd-conf FILE knockd configuration: name knocks by section and\n"
	      "                     report near-misses (wrong order, too slow ...)\n"
	      "  --knock NAME=VALUE knock detector setting (docs/knock.md): min-len (2),\n"
	      "                     max-len (8), gap (10 s between knocks), open-timeout\n"
	      "                     (30 s to the connection), spa-timeout (10 s),\n"
	      "                     max-pairs (16384), max-knocks (1024)\n"
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
	const char *output, *flows, *services, *alerts, *knockd_conf;
	int force, pretty, quiet, no_system_services;
	struct analyzer_config cfg;
};

enum { OPT_MAX_FLOWS = 256, OPT_TIMEOUT, OPT_SEED, OPT_SERVICES,
       OPT_NO_SYSTEM_SERVICES, OPT_PORTS_TOP, OPT_SCAN, OPT_KNOCKD_CONF, OPT_KNOCK };

/* Parse an unsigned decimal in [min, max]; -1 on anything else. */
static int parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	errno = 0;
	if (!s || !*s || *s == '-')
		return -1;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static const char *const timeout_names[] = {
	[FLOW_TO_TCP_ATTEMPT] = "tcp-attempt", [FLOW_TO_TCP_ESTABLISHED] = "tcp",
	[FLOW_TO_TCP_CLOSED] = "tcp-closed", [FLOW_TO_UDP] = "udp",
	[FLOW_TO_ICMP] = "icmp", [FLOW_TO_OTHER] = "other",
};

static int parse_double(const char *s, double min, double max, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v > min) || !(v < max))
		return -1;
	*out = v;
	return 0;
}

/* --scan NAME=VALUE: one detector setting. */
static int parse_scan(const char *arg, struct scan_config *sc)
{
	static const struct { const char *name; size_t off; } reals[] = {
		{ "theta0", offsetof(struct scan_config, theta0) },
		{ "theta1", offsetof(struct scan_config, theta1) },
		{ "alpha", offsetof(struct scan_config, alpha) },
		{ "beta", offsetof(struct scan_config, beta) },
	};
	const char *eq = strchr(arg, '=');
	uint64_t v;
	if (!eq)
		return -1;
	size_t n = (size_t)(eq - arg);
	const char *val = eq + 1;
	for (size_t i = 0; i < sizeof(reals) / sizeof(reals[0]); i++)
		if (strlen(reals[i].name) == n && strncmp(arg, reals[i].name, n) == 0)
			return parse_double(val, 0.0, 1.0, (double *)((char *)sc + reals[i].off));
#define SCAN_INT(key, field, lo, hi, scale) \
	if (n == strlen(key) && strncmp(arg, key, n) == 0) { \
		if (parse_u64(val, lo, hi, &v) != 0) return -1; \
		sc->field = (__typeof__(sc->field))(v * (scale)); return 0; }
	SCAN_INT("vertical", vertical_threshold, 2, 32, 1)
	SCAN_INT("horizontal", horizontal_threshold, 2, 32, 1)
	SCAN_INT("window", window_ns, 1, 86400 * 30, 1000000000ull)
	SCAN_INT("probe-timeout", probe_timeout_ns, 1, 3600, 1000000000ull)
	SCAN_INT("min-ports", min_ports, 1, 65536, 1)
	SCAN_INT("max-sources", max_sources, 16, 1u << 24, 1)
	SCAN_INT("max-scans", max_scans, 1, 1u << 16, 1)
	SCAN_INT("max-contacts", max_contacts, 1024, 1u << 28, 1)
#undef SCAN_INT
	return -1;
}

/* --knock NAME=VALUE: one knock detector setting. */
static int parse_knock(const char *arg, struct knock_config *kc)
{
	const char *eq = strchr(arg, '=');
	uint64_t v;
	if (!eq)
		return -1;
	size_t n = (size_t)(eq - arg);
	const char *val = eq + 1;
#define KNOCK_INT(key, field, lo, hi, scale) \
	if (n == strlen(key) && strncmp(arg, key, n) == 0) { \
		if (parse_u64(val, lo, hi, &v) != 0) return -1; \
		kc->field = (__typeof__(kc->field))(v * (scale)); return 0; }
	KNOCK_INT("min-len", min_len, 1, 15, 1)
	KNOCK_INT("max-len", max_len, 1, 15, 1)
	KNOCK_INT("gap", inter_knock_ns, 1, 3600, 1000000000ull)
	KNOCK_INT("open-timeout", open_timeout_ns, 1, 3600, 1000000000ull)
	KNOCK_INT("spa-timeout", spa_timeout_ns, 1, 3600, 1000000000ull)
	KNOCK_INT("max-pairs", max_pairs, 16, 1u << 24, 1)
	KNOCK_INT("max-knocks", max_knocks, 1, 1u << 20, 1)
#undef KNOCK_INT
	return -1;
}

static int parse_timeout(const char *arg, struct flow_config *fc)
{
	const char *eq = strchr(arg, '=');
	uint64_t secs;
	if (!eq || parse_u64(eq + 1, 1, 86400 * 365, &secs) != 0)
		return -1;
	size_t n = (size_t)(eq - arg);
	if (n == 6 && strncmp(arg, "active", 6) == 0) {
		fc->active_timeout_ns = secs * 1000000000ull;
		return 0;
	}
	for (int c = 0; c < FLOW_TO_COUNT; c++) {
		if (strlen(timeout_names[c]) == n && strncmp(arg, timeout_names[c], n) == 0) {
			fc->timeout_ns[c] = secs * 1000000000ull;
			return 0;
		}
	}
	return -1;
}

static int parse_read_opts(int argc, char **argv, struct read_opts *o)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "flows", required_argument, NULL, 'F' },
		{ "max-flows", required_argument, NULL, OPT_MAX_FLOWS },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "services", required_argument, NULL, OPT_SERVICES },
		{ "no-system-services", no_argument, NULL, OPT_NO_SYSTEM_SERVICES },
		{ "ports-top", required_argument, NULL, OPT_PORTS_TOP },
		{ "alerts", required_argument, NULL, 'A' },
		{ "scan", required_argument, NULL, OPT_SCAN },
		{ "knockd-conf", required_argument, NULL, OPT_KNOCKD_CONF },
		{ "knock", required_argument, NULL, OPT_KNOCK },
		{ "force", no_argument, NULL, 'f' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	uint64_t v;

	while ((ch = getopt_long(argc, argv, "o:F:A:fpqh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o': o->output = optarg; break;
		case 'F': o->flows = optarg; break;
		case OPT_MAX_FLOWS:
			if (parse_u64(optarg, 1, 1u << 30, &v) != 0) {
				fprintf(stderr, "portlens read: --max-flows: '%s' is not a "
					"number from 1 to %u\n", optarg, 1u << 30);
				return -1;
			}
			o->cfg.flow.max_flows = (uint32_t)v;
			break;
		case OPT_TIMEOUT:
			if (parse_timeout(optarg, &o->cfg.flow) != 0) {
				fprintf(stderr, "portlens read: --timeout: '%s' is not NAME=SECONDS "
					"(see --help for the names)\n", optarg);
				return -1;
			}
			break;
		case OPT_SEED:
			if (parse_u64(optarg, 0, UINT64_MAX, &v) != 0) {
				fprintf(stderr, "portlens read: --seed: '%s' is not a number\n", optarg);
				return -1;
			}
			o->cfg.flow.seed.k0 = v;
			o->cfg.flow.seed.k1 = 0;
			break;
		case OPT_SERVICES: o->services = optarg; break;
		case 'A': o->alerts = optarg; break;
		case OPT_KNOCKD_CONF: o->knockd_conf = optarg; break;
		case OPT_KNOCK:
			if (parse_knock(optarg, &o->cfg.knock) != 0) {
				fprintf(stderr, "portlens read: --knock: '%s' is not NAME=VALUE "
					"with a valid value (see --help)\n", optarg);
				return -1;
			}
			break;
		case OPT_SCAN:
			if (parse_scan(optarg, &o->cfg.scan) != 0) {
				fprintf(stderr, "portlens read: --scan: '%s' is not NAME=VALUE "
					"with a valid value (see --help)\n", optarg);
				return -1;
			}
			break;
		case OPT_NO_SYSTEM_SERVICES: o->no_system_services = 1; break;
		case OPT_PORTS_TOP:
			if (parse_u64(optarg, 0, 65536 * 2, &v) != 0) {
				fprintf(stderr, "portlens read: --ports-top: '%s' is not a "
					"number from 0 to 131072\n", optarg);
				return -1;
			}
			o->cfg.ports_top = (unsigned)v;
			break;
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

static int output_taken(const char *path, int force)
{
	struct stat st;
	if (!path || force || strcmp(path, "-") == 0 || stat(path, &st) != 0 ||
	    !S_ISREG(st.st_mode))
		return 0;
	fprintf(stderr, "portlens: %s: exists; use --force to overwrite\n", path);
	return 1;
}

/* The port database: built-in table, /etc/services gaps, user file. */
static struct portdb *load_portdb(const struct read_opts *o)
{
	char err[512];
	struct portdb *db = portdb_new();
	if (!db) {
		fputs("portlens: out of memory loading the port database\n", stderr);
		return NULL;
	}
	if (!o->no_system_services && portdb_load_system(db, NULL, err, sizeof(err)) != 0 &&
	    !o->quiet)
		fprintf(stderr, "portlens: warning: %s (ignored)\n", err);
	if (o->services &&
	    portdb_load_file(db, o->services, PORTDB_OVERRIDE, err, sizeof(err)) != 0) {
		fprintf(stderr, "portlens: --services: %s\n", err);
		portdb_free(db);
		return NULL;
	}
	return db;
}

static int is_stdout(const char *path)
{
	return !path || strcmp(path, "-") == 0;
}

/* Output paths usable: at most one stream on stdout, none clobbered. */
static int check_outputs(const struct read_opts *o)
{
	int on_stdout = is_stdout(o->output) + (o->flows && is_stdout(o->flows)) +
			(o->alerts && is_stdout(o->alerts));
	if (on_stdout > 1) {
		fputs("portlens read: only one of the report, --flows and --alerts can "
		      "go to stdout; give the others a FILE (-o FILE for the report)\n",
		      stderr);
		return EXIT_USAGE;
	}
	if (output_taken(o->output, o->force) || output_taken(o->flows, o->force) ||
	    output_taken(o->alerts, o->force))
		return EXIT_OUTPUT;
	return EXIT_OK;
}

/* The outputs of one run, opened before reading and closed after. */
struct run_outputs {
	struct portdb *db;
	struct knock_rules rules;
	struct flowlog *flows;
	struct ndjson *alerts;
};

static int open_outputs(struct read_opts *o, struct run_outputs *out)
{
	memset(out, 0, sizeof(*out));
	out->db = load_portdb(o);
	if (!out->db)
		return EXIT_INPUT;
	o->cfg.portdb = out->db;
	if (o->knockd_conf) {
		char err[512];
		if (knockconf_load_file(&out->rules, o->knockd_conf, err, sizeof(err)) != 0) {
			fprintf(stderr, "portlens: --knockd-conf: %s\n", err);
			return EXIT_INPUT;
		}
		o->cfg.knock.rules = &out->rules;
	}
	if (o->flows) {
		out->flows = flowlog_open(o->flows, o->force, out->db);
		if (!out->flows) {
			fprintf(stderr, "portlens: %s: cannot write flows: %s\n", o->flows,
				strerror(errno));
			return EXIT_OUTPUT;
		}
		o->cfg.on_flow = flowlog_on_flow;
		o->cfg.on_flow_user = out->flows;
	}
	if (o->alerts && !(out->alerts = ndjson_open(o->alerts, o->force))) {
		fprintf(stderr, "portlens: %s: cannot write alerts: %s\n", o->alerts,
			strerror(errno));
		return EXIT_OUTPUT;
	}
	return EXIT_OK;
}

/* Close the streams (complete files only when ok); the worst rc wins. */
static int close_outputs(const struct read_opts *o, struct run_outputs *out, int ok, int rc)
{
	if (flowlog_close(out->flows, ok) != 0) {
		fprintf(stderr, "portlens: %s: cannot write flows: %s\n", o->flows,
			strerror(errno));
		rc = EXIT_OUTPUT;
	}
	if (ndjson_close(out->alerts, ok) != 0) {
		fprintf(stderr, "portlens: %s: cannot write alerts: %s\n", o->alerts,
			strerror(errno));
		rc = EXIT_OUTPUT;
	}
	portdb_free(out->db);
	knockconf_free(&out->rules);
	memset(out, 0, sizeof(*out));
	return rc;
}

static void write_alerts(const struct analyzer *an, struct ndjson *nd)
{
	for (size_t i = 0; nd && i < scan_count(an->scan); i++) {
		json_t *a = scan_json(an->scan, i);
		ndjson_write(nd, a);
		json_decref(a);
	}
	for (size_t i = 0; nd && i < knock_count(an->knock); i++) {
		json_t *a = knock_json(an->knock, i);
		ndjson_write(nd, a);
		json_decref(a);
	}
}

static int write_report(const struct analyzer *an, const struct read_opts *o,
			double elapsed, int rc)
{
	struct run_info run = { .elapsed_s = elapsed,
				.interrupted = rc == EXIT_INTERRUPTED };
	json_t *root = report_build(an, &run);
	if (!root) {
		fputs("portlens: out of memory building the report\n", stderr);
		return EXIT_INTERNAL;
	}
	if (report_write(root, o->output, o->pretty, o->force) != 0) {
		fprintf(stderr, "portlens: %s: cannot write report: %s\n",
			o->output ? o->output : "stdout", strerror(errno));
		rc = EXIT_OUTPUT;
	}
	json_decref(root);
	return rc;
}

static int cmd_read(int argc, char **argv)
{
	struct read_opts o = { 0 };
	static struct analyzer an; /* large; lives for the whole run */
	struct run_outputs out;

	analyzer_config_defaults(&o.cfg);
	if (parse_read_opts(argc, argv, &o) != 0)
		return EXIT_USAGE;
	if (optind >= argc) {
		fputs("portlens read: no input file (use - for standard input)\n"
		      "try 'portlens read --help'\n", stderr);
		return EXIT_USAGE;
	}
	int rc = check_outputs(&o);
	if (rc != EXIT_OK)
		return rc;
	if ((rc = open_outputs(&o, &out)) != EXIT_OK)
		return close_outputs(&o, &out, 0, rc);
	if (analyzer_init(&an, &o.cfg) != 0) {
		fputs("portlens: out of memory setting up the analyzer\n", stderr);
		analyzer_free(&an);
		return close_outputs(&o, &out, 0, EXIT_INTERNAL);
	}
	an.stop = &stop_requested;
	install_signals();
	double t0 = now_s();
	rc = read_inputs(&an, argc - optind, argv + optind, o.quiet);
	analyzer_finish(&an);
	write_alerts(&an, out.alerts);
	rc = write_report(&an, &o, now_s() - t0, rc);
	analyzer_free(&an);
	return close_outputs(&o, &out, 1, rc);
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
