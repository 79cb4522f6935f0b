/* analyzer/cli/cli.c - the portlens command line.
 * Subcommands: read (files), live (an interface), ports (portdb queries).
 * Parses arguments, sets up the outputs, runs the capture, writes the
 * report, and maps outcomes to exit codes. The cli/ folder is the only
 * place that prints to the user or picks an exit code (STYLE.md).
 * cli_main() is main() for the binary and, in-process, for the golden
 * test (tests/test_golden.c), so both run one code path: every call
 * starts from zeroed state (getopt included). */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "analyzer/core/analyzer.h"
#include "analyzer/capture/capture.h"
#include "analyzer/output/flowlog.h"
#include "analyzer/output/alert.h"
#include "analyzer/output/jsonutil.h"
#include "analyzer/capture/live.h"
#include "analyzer/output/ndjson.h"
#include "analyzer/util/outfile.h"
#include "analyzer/output/report.h"
#include "analyzer/cli/cli.h"
#include "analyzer/cli/settings.h"

/* Exit codes; documented in --help and docs/portlens.1. */
enum {
	EXIT_OK = 0,
	EXIT_INTERNAL = 1,    /* out of memory, a bug */
	EXIT_USAGE = 2,       /* bad command line */
	EXIT_INPUT = 3,       /* an input missing, not a capture, damaged, unsupported */
	EXIT_OUTPUT = 4,      /* the report could not be written */
	EXIT_INTERRUPTED = 5, /* read: SIGINT/SIGTERM; partial report written */
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
	      "Packet-level port traffic analyzer: who talked to which ports, who\n"
	      "scanned, who knocked. Writes a JSON report, and NDJSON flows and alerts.\n"
	      "\n"
	      "commands:\n"
	      "  read FILE...     analyse pcap/pcapng files (\"-\" is standard input)\n"
	      "  live -i IFACE    capture and analyse an interface until stopped\n"
	      "  ports PORT...    class and service of ports (22, 3306/tcp, 53/udp)\n"
	      "  help             this text; `portlens <command> --help` for one\n"
	      "  version          print the version\n"
	      "\n"
	      "examples:\n"
	      "  portlens read --pretty capture.pcap\n"
	      "  portlens read -o report.json --flows flows.ndjson --alerts alerts.ndjson a.pcapng\n"
	      "  sudo portlens live -i eth0 -f 'not port 22' --alerts - -o report.json\n"
	      "  portlens ports 22 3306/tcp 50000\n"
	      "\n"
	      "manual: man portlens (docs/portlens.1); JSON: docs/json.md\n", out);
}

static const char common_help[] =
	"output:\n"
	"  -o, --output FILE  the JSON report (default stdout); written under a\n"
	"                     temporary name and renamed: complete or absent\n"
	"  -F, --flows FILE   one NDJSON line per ended flow (ECS names); - is stdout\n"
	"  -A, --alerts FILE  one NDJSON line per scan or knock alert; - is stdout\n"
	"      --force        replace output files that exist (never needed for\n"
	"                     devices such as /dev/null)\n"
	"  -p, --pretty       indent the report\n"
	"  -q, --quiet        no warnings or progress on stderr (errors still print)\n"
	"\n"
	"flows:\n"
	"  --max-flows N      hard cap on live flows (default 1000000); when full,\n"
	"                     the least recently active flow ends early (flows.evicted)\n"
	"  --timeout NAME=S   flow timeout in seconds of capture time: tcp-attempt\n"
	"                     (30), tcp (300), tcp-closed (5), udp (60), icmp (60),\n"
	"                     other (60), active (1800)\n"
	"  --seed N           fix the flow hash key (reproducible runs)\n"
	"  --services FILE    service names in /etc/services format, overriding the\n"
	"                     built-in table\n"
	"  --no-system-services  do not fill gaps from /etc/services\n"
	"  --ports-top N      port entries in the report (default 100, 0 = all)\n"
	"\n"
	"detectors (docs/scan.md, docs/knock.md):\n"
	"  --scan NAME=VALUE  theta0 (0.8), theta1 (0.2), alpha (0.01), beta (0.99) of\n"
	"                     the sequential test; vertical (12), horizontal (12)\n"
	"                     distinct failed targets within window (3600 s);\n"
	"                     probe-timeout (5 s); min-ports (9); max-sources\n"
	"                     (16384), max-scans (256), max-contacts (1048576)\n"
	"  --knockd-conf FILE knockd configuration: name knocks by section, report\n"
	"                     near-misses (wrong order, too slow, wrong transport)\n"
	"  --knock NAME=VALUE min-len (2), max-len (8), gap (10 s), open-timeout\n"
	"                     (30 s), spa-timeout (10 s), max-pairs (16384),\n"
	"                     max-knocks (1024)\n"
	"\n"
	"exit status:\n"
	"  0  success (live: also when stopped by SIGINT/SIGTERM, --duration, --count)\n"
	"  1  internal error (out of memory)\n"
	"  2  usage error\n"
	"  3  input error: a file missing, not a capture, truncated or damaged, an\n"
	"     unsupported link type, a bad --services or --knockd-conf file, an\n"
	"     interface that cannot be captured; the report still covers the\n"
	"     packets read before the problem\n"
	"  4  output error: an output could not be written\n"
	"  5  read interrupted by SIGINT/SIGTERM; the partial report is written\n";

static void usage_read(FILE *out)
{
	fputs("usage: portlens read [options] FILE...\n"
	      "\n"
	      "Read pcap or pcapng files (several are read in order as one capture;\n"
	      "\"-\" reads standard input) and report flows, ports, scans and knocks.\n"
	      "\n", out);
	fputs(common_help, out);
}

static void usage_live(FILE *out)
{
	fputs("usage: portlens live -i IFACE [options]\n"
	      "\n"
	      "Capture on an interface (root or CAP_NET_RAW) until SIGINT/SIGTERM,\n"
	      "--duration or --count; alerts are written as soon as they are decided\n"
	      "and a stats line every --interval seconds; the report at the end.\n"
	      "\n"
	      "capture:\n"
	      "  -i, --interface IFACE  interface to capture (any: all of them)\n"
	      "  -f, --filter EXPR  BPF capture filter (tcpdump syntax)\n"
	      "  -s, --snaplen N    bytes kept per packet (default 262144)\n"
	      "      --no-promisc   do not put the interface in promiscuous mode\n"
	      "      --no-immediate let the kernel batch packets (less CPU, later alerts)\n"
	      "  -B, --buffer MIB   kernel capture buffer in MiB\n"
	      "  -d, --duration S   stop after S seconds\n"
	      "  -c, --count N      stop after N packets\n"
	      "      --interval S   stats line period (default 10; 0 = none)\n"
	      "  -Z, --user USER    drop root privileges to USER after opening the\n"
	      "                     interface and the outputs (which are then written\n"
	      "                     in place, not renamed into place at the end)\n"
	      "  -w, --write FILE   also save the raw packets (pcap)\n"
	      "\n", out);
	fputs(common_help, out);
}

static void usage_ports(FILE *out)
{
	fputs("usage: portlens ports [--services FILE] [--no-system-services] PORT[/tcp|/udp]...\n"
	      "\n"
	      "Print each port's IANA class (well-known 0-1023, registered 1024-49151,\n"
	      "dynamic 49152-65535), the operating systems whose default ephemeral\n"
	      "range holds it, and its service name per transport.\n", out);
}

enum { MODE_READ, MODE_LIVE };

struct opts {
	int mode;
	const char *output, *flows, *services, *alerts, *knockd_conf;
	int force, pretty, quiet, no_system_services, seed_given;
	struct analyzer_config cfg;
	struct live_opts live;
};

enum { OPT_MAX_FLOWS = 256, OPT_TIMEOUT, OPT_SEED, OPT_SERVICES, OPT_FORCE,
       OPT_NO_SYSTEM_SERVICES, OPT_PORTS_TOP, OPT_SCAN, OPT_KNOCKD_CONF,
       OPT_KNOCK, OPT_NO_PROMISC, OPT_NO_IMMEDIATE, OPT_INTERVAL };

static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "flows", required_argument, NULL, 'F' },
	{ "alerts", required_argument, NULL, 'A' },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "pretty", no_argument, NULL, 'p' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "max-flows", required_argument, NULL, OPT_MAX_FLOWS },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "services", required_argument, NULL, OPT_SERVICES },
	{ "no-system-services", no_argument, NULL, OPT_NO_SYSTEM_SERVICES },
	{ "ports-top", required_argument, NULL, OPT_PORTS_TOP },
	{ "scan", required_argument, NULL, OPT_SCAN },
	{ "knockd-conf", required_argument, NULL, OPT_KNOCKD_CONF },
	{ "knock", required_argument, NULL, OPT_KNOCK },
	{ "interface", required_argument, NULL, 'i' },
	{ "filter", required_argument, NULL, 'f' },
	{ "snaplen", required_argument, NULL, 's' },
	{ "no-promisc", no_argument, NULL, OPT_NO_PROMISC },
	{ "no-immediate", no_argument, NULL, OPT_NO_IMMEDIATE },
	{ "buffer", required_argument, NULL, 'B' },
	{ "duration", required_argument, NULL, 'd' },
	{ "count", required_argument, NULL, 'c' },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "user", required_argument, NULL, 'Z' },
	{ "write", required_argument, NULL, 'w' },
	{ NULL, 0, NULL, 0 },
};

static const char *cmd_name(int mode)
{
	return mode == MODE_LIVE ? "portlens live" : "portlens read";
}

/* A numeric option in [lo, hi]; prints the problem. */
static int opt_u64(int mode, const char *name, uint64_t lo, uint64_t hi, uint64_t *out)
{
	if (settings_u64(optarg, lo, hi, out) == 0)
		return 0;
	fprintf(stderr, "%s: %s: '%s' is not a number from %llu to %llu\n", cmd_name(mode),
		name, optarg, (unsigned long long)lo, (unsigned long long)hi);
	return -1;
}

/* A NAME=VALUE option (--timeout, --scan, --knock); prints the problem. */
static int opt_setting(int mode, const char *name, int rc, const char *err)
{
	if (rc == 0)
		return 0;
	fprintf(stderr, "%s: %s: %s (see --help)\n", cmd_name(mode), name, err);
	return -1;
}

/* Options of read and live alike; 1 when ch was not one of them. */
static int common_opt(struct opts *o, int ch)
{
	uint64_t v = 0;
	char err[512];
	switch (ch) {
	case 'o': o->output = optarg; return 0;
	case 'F': o->flows = optarg; return 0;
	case 'A': o->alerts = optarg; return 0;
	case OPT_FORCE: o->force = o->live.force = 1; return 0;
	case 'p': o->pretty = 1; return 0;
	case 'q': o->quiet = 1; return 0;
	case OPT_SERVICES: o->services = optarg; return 0;
	case OPT_NO_SYSTEM_SERVICES: o->no_system_services = 1; return 0;
	case OPT_KNOCKD_CONF: o->knockd_conf = optarg; return 0;
	case OPT_MAX_FLOWS:
		if (opt_u64(o->mode, "--max-flows", 1, 1u << 30, &v))
			return -1;
		o->cfg.flow.max_flows = (uint32_t)v;
		return 0;
	case OPT_SEED:
		if (opt_u64(o->mode, "--seed", 0, UINT64_MAX, &v))
			return -1;
		o->cfg.flow.seed.k0 = v;
		o->cfg.flow.seed.k1 = 0;
		o->seed_given = 1;
		return 0;
	case OPT_PORTS_TOP:
		if (opt_u64(o->mode, "--ports-top", 0, 131072, &v))
			return -1;
		o->cfg.ports_top = (unsigned)v;
		return 0;
	case OPT_TIMEOUT:
		return opt_setting(o->mode, "--timeout", settings_timeout(optarg, &o->cfg.flow,
					err, sizeof(err)), err);
	case OPT_SCAN:
		return opt_setting(o->mode, "--scan", settings_scan(optarg, &o->cfg.scan,
					err, sizeof(err)), err);
	case OPT_KNOCK:
		return opt_setting(o->mode, "--knock", settings_knock(optarg, &o->cfg.knock,
					err, sizeof(err)), err);
	default: return 1;
	}
}

static int live_opt(struct opts *o, int ch)
{
	uint64_t v = 0;
	struct live_opts *l = &o->live;
	switch (ch) {
	case 'i': l->iface = optarg; return 0;
	case 'f': l->filter = optarg; return 0;
	case 'Z': l->user = optarg; return 0;
	case 'w': l->write_path = optarg; return 0;
	case OPT_NO_PROMISC: l->promisc = 0; return 0;
	case OPT_NO_IMMEDIATE: l->immediate = 0; return 0;
	case 's':
		if (opt_u64(o->mode, "--snaplen", 64, 262144, &v))
			return -1;
		l->snaplen = (int)v;
		return 0;
	case 'B':
		if (opt_u64(o->mode, "--buffer", 1, 4096, &v))
			return -1;
		l->buffer_mib = (int)v;
		return 0;
	case 'd': return opt_u64(o->mode, "--duration", 1, 86400 * 365, &l->duration_s);
	case 'c': return opt_u64(o->mode, "--count", 1, UINT64_MAX, &l->count);
	case OPT_INTERVAL:
		if (opt_u64(o->mode, "--interval", 0, 86400, &v))
			return -1;
		l->interval_s = (unsigned)v;
		return 0;
	default: return 1;
	}
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	int ch;
	while ((ch = getopt_long(argc, argv, "o:F:A:pqhi:f:s:B:d:c:Z:w:", longopts, NULL)) != -1) {
		if (ch == 'h') {
			if (o->mode == MODE_LIVE)
				usage_live(stdout);
			else
				usage_read(stdout);
			exit(EXIT_OK);
		}
		int r = common_opt(o, ch);
		if (r == 1 && o->mode == MODE_LIVE)
			r = live_opt(o, ch);
		if (r == 1 && ch != '?')
			fprintf(stderr, "%s: option -%c is for portlens live\n", cmd_name(o->mode), ch);
		if (r != 0) {
			fprintf(stderr, "try '%s --help'\n", cmd_name(o->mode));
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

/* ---- outputs ---------------------------------------------------------- */

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
static struct portdb *load_portdb(const char *services, int no_system, int quiet)
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

static int is_stdout(const char *path)
{
	return !path || strcmp(path, "-") == 0;
}

/* Output paths usable: at most one stream on stdout, none clobbered. */
static int check_outputs(const struct opts *o)
{
	int on_stdout = is_stdout(o->output) + (o->flows && is_stdout(o->flows)) +
			(o->alerts && is_stdout(o->alerts));
	if (on_stdout > 1) {
		fprintf(stderr, "%s: only one of the report, --flows and --alerts can "
			"go to stdout; give the others a FILE (-o FILE for the report)\n",
			cmd_name(o->mode));
		return EXIT_USAGE;
	}
	if (output_taken(o->output, o->force) || output_taken(o->flows, o->force) ||
	    output_taken(o->alerts, o->force) || output_taken(o->live.write_path, o->force))
		return EXIT_OUTPUT;
	return EXIT_OK;
}

/* The outputs of one run, opened before reading and closed after. */
struct run_outputs {
	struct portdb *db;
	struct knock_rules rules;
	struct flowlog *flows;
	struct ndjson *alerts;
	struct outfile report; /* opened early only with -Z */
	int report_open;
};

/* The streams (--flows, --alerts) of a live capture are written in place,
 * so a dashboard reading the file sees each line as it is written; so are
 * all outputs with -Z (a rename at the end would run as USER and could be
 * refused). Otherwise files appear complete or not at all. */
static int out_flags(const struct opts *o)
{
	return (o->force ? OUTFILE_FORCE : 0) | (o->live.user ? OUTFILE_IN_PLACE : 0);
}

static int stream_flags(const struct opts *o)
{
	return out_flags(o) | (o->mode == MODE_LIVE ? OUTFILE_IN_PLACE : 0);
}

static void run_on_flow(void *user, const struct flow *f)
{
	struct run_outputs *out = user;
	if (out->flows)
		flowlog_on_flow(out->flows, f);
}

/* Each alert goes to the alert stream once, when it is decided. */
static void run_on_alert(void *user, const struct alert *a)
{
	struct run_outputs *out = user;
	if (!out->alerts)
		return;
	json_t *o = alert_json(a);
	ndjson_write(out->alerts, o);
	json_decref(o);
}

static int open_outputs(struct opts *o, struct run_outputs *out)
{
	memset(out, 0, sizeof(*out));
	out->db = load_portdb(o->services, o->no_system_services, o->quiet);
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
		out->flows = flowlog_open(o->flows, stream_flags(o), out->db);
		if (!out->flows) {
			fprintf(stderr, "portlens: %s: cannot write flows: %s\n", o->flows,
				strerror(errno));
			return EXIT_OUTPUT;
		}
		o->cfg.on_flow = run_on_flow;
	}
	o->cfg.on_alert = run_on_alert;
	o->cfg.on_user = out;
	if (o->alerts && !(out->alerts = ndjson_open(o->alerts, stream_flags(o)))) {
		fprintf(stderr, "portlens: %s: cannot write alerts: %s\n", o->alerts,
			strerror(errno));
		return EXIT_OUTPUT;
	}
	if (o->live.user) {
		if (outfile_open(&out->report, o->output, out_flags(o)) != 0) {
			fprintf(stderr, "portlens: %s: cannot write report: %s\n",
				o->output ? o->output : "stdout", strerror(errno));
			return EXIT_OUTPUT;
		}
		out->report_open = 1;
	}
	return EXIT_OK;
}

/* Close the streams (complete files only when ok); the worst rc wins. */
static int close_outputs(const struct opts *o, struct run_outputs *out, int ok, int rc)
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
	if (out->report_open)
		outfile_close(&out->report, 0, 0);
	portdb_free(out->db);
	knockconf_free(&out->rules);
	memset(out, 0, sizeof(*out));
	return rc;
}

static int write_report(const struct analyzer *an, const struct opts *o,
			struct run_outputs *out, double elapsed, int rc,
			const struct live_stats *ls)
{
	struct run_info run = { .elapsed_s = elapsed,
				.interrupted = rc == EXIT_INTERRUPTED || stop_requested };
	if (ls && ls->have) {
		run.live = 1;
		run.pcap_received = ls->received;
		run.pcap_dropped = ls->dropped_kernel;
		run.pcap_ifdropped = ls->dropped_iface;
	}
	json_t *root = report_build(an, &run);
	if (!root) {
		fputs("portlens: out of memory building the report\n", stderr);
		return EXIT_INTERNAL;
	}
	int wrc;
	if (out->report_open) {
		out->report_open = 0;
		wrc = report_write_to(root, &out->report, o->pretty);
	} else {
		wrc = report_write(root, o->output, o->pretty, o->force);
	}
	if (wrc != 0) {
		fprintf(stderr, "portlens: %s: cannot write report: %s\n",
			o->output ? o->output : "stdout", strerror(errno));
		rc = EXIT_OUTPUT;
	}
	json_decref(root);
	return rc;
}

/* ---- read ------------------------------------------------------------------- */

struct progress_ui {
	double t0, last;
};

/* At most 4 times a second: percent of the file, packets/s, flows. */
static void progress(void *user, const struct analyzer *an, const char *path,
		     uint64_t pos, uint64_t size)
{
	struct progress_ui *ui = user;
	double now = now_s();
	if (now - ui->last < 0.25)
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

/* Read every file; the worst status decides the exit code. */
static int read_inputs(struct analyzer *an, int nfiles, char **files, int quiet)
{
	int rc = EXIT_OK;
	int show = !quiet && isatty(STDERR_FILENO);
	struct progress_ui ui = { now_s(), 0 };

	if (show) {
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
		const struct input_file *f = &an->files[an->nfiles - 1];
		if (f->over_snaplen && !quiet)
			fprintf(stderr, "%sportlens: %s: warning: %llu records longer than "
				"the file's snap length, cut to it by libpcap "
				"(capture.files[].records_over_snaplen)\n", show ? "\n" : "",
				files[i], (unsigned long long)f->over_snaplen);
		if (st == CAPTURE_INTERRUPTED)
			break;
		if (st == CAPTURE_OK)
			continue;
		rc = EXIT_INPUT;
		if (st == CAPTURE_UNSUPPORTED_LINK && quiet)
			continue;
		fprintf(stderr, "%sportlens: %s: %s", show ? "\n" : "", files[i], f->error);
		if (st == CAPTURE_READ_FAILED)
			fprintf(stderr, " (after %llu packets; those are counted in the report)",
				(unsigned long long)f->packets);
		fputc('\n', stderr);
	}
	if (show)
		fputc('\n', stderr);
	an->progress = NULL;
	return stop_requested ? EXIT_INTERRUPTED : rc;
}

/* Shared set-up of read and live: options checked, outputs open,
 * analyzer ready. EXIT_OK or the code to return. */
static int prepare(struct opts *o, struct run_outputs *out, struct analyzer *an)
{
	char err[512];
	if (analyzer_config_check(&o->cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s: %s\ntry '%s --help'\n", cmd_name(o->mode), err,
			cmd_name(o->mode));
		return EXIT_USAGE;
	}
	if (!o->seed_given)
		analyzer_config_random_seed(&o->cfg);
	int rc = check_outputs(o);
	if (rc != EXIT_OK)
		return rc;
	if ((rc = open_outputs(o, out)) != EXIT_OK)
		return close_outputs(o, out, 0, rc);
	if (analyzer_init(an, &o->cfg) != 0) {
		fputs("portlens: out of memory setting up the analyzer\n", stderr);
		analyzer_free(an);
		return close_outputs(o, out, 0, EXIT_INTERNAL);
	}
	an->stop = &stop_requested;
	install_signals();
	return EXIT_OK;
}

static int cmd_read(int argc, char **argv)
{
	static struct opts o;
	static struct analyzer an; /* large; lives for the whole run */
	struct run_outputs out;

	memset(&o, 0, sizeof(o));
	o.mode = MODE_READ;
	analyzer_config_defaults(&o.cfg);
	if (parse_opts(argc, argv, &o) != 0)
		return EXIT_USAGE;
	if (optind >= argc) {
		fputs("portlens read: no input file (use - for standard input)\n"
		      "try 'portlens read --help'\n", stderr);
		return EXIT_USAGE;
	}
	int rc = prepare(&o, &out, &an);
	if (rc != EXIT_OK)
		return rc;
	double t0 = now_s();
	rc = read_inputs(&an, argc - optind, argv + optind, o.quiet);
	analyzer_finish(&an);
	rc = write_report(&an, &o, &out, now_s() - t0, rc, NULL);
	analyzer_free(&an);
	return close_outputs(&o, &out, 1, rc);
}

/* ---- live ------------------------------------------------------------------- */

struct live_ui {
	struct analyzer *an;
	struct ndjson *alerts;
	int quiet;
};

/* Every interval: new alerts, then a stats line (alert stream, or stderr). */
static void live_tick(void *user, const struct live_stats *st, int final)
{
	struct live_ui *ui = user;
	const struct flow_stats *fs = flow_table_stats(ui->an->flows);
	analyzer_decide_alerts(ui->an);
	if (final)
		return;
	if (ui->alerts) {
		json_t *line = json_pack("{s{ss s[s] ss} s{s{sI sI sI sI sI sI s{sb sI sI sI}}}}",
			"event", "kind", "metric", "category", "network", "dataset", "portlens.stats",
			"portlens", "stats",
			"packets", (json_int_t)ui->an->stats.packets,
			"bytes", (json_int_t)ui->an->stats.bytes,
			"flows_active", (json_int_t)fs->active,
			"flows_total", (json_int_t)fs->created,
			"scans", (json_int_t)ui->an->verdicts.scans,
			"knocks", (json_int_t)ui->an->verdicts.knocks,
			"pcap", "available", st->have, "received", (json_int_t)st->received,
			"dropped_kernel", (json_int_t)st->dropped_kernel,
			"dropped_interface", (json_int_t)st->dropped_iface);
		json_object_set_new(line, "@timestamp", jsonutil_time((uint64_t)time(NULL) * 1000000000ull));
		jsonutil_stamp_line(line);
		ndjson_write(ui->alerts, line);
		json_decref(line);
		fflush(NULL);
	} else if (!ui->quiet) {
		fprintf(stderr, "portlens: %llu packets, %llu flows active, %zu scans, %zu knocks, "
			"%llu dropped by the kernel, %llu by the interface\n",
			(unsigned long long)ui->an->stats.packets, (unsigned long long)fs->active,
			(size_t)ui->an->verdicts.scans, (size_t)ui->an->verdicts.knocks,
			(unsigned long long)st->dropped_kernel, (unsigned long long)st->dropped_iface);
	}
}

static int cmd_live(int argc, char **argv)
{
	static struct opts o;
	static struct analyzer an;
	struct run_outputs out;
	struct live_stats ls;
	char err[512];

	memset(&o, 0, sizeof(o));
	o.mode = MODE_LIVE;
	analyzer_config_defaults(&o.cfg);
	live_opts_defaults(&o.live);
	if (parse_opts(argc, argv, &o) != 0)
		return EXIT_USAGE;
	if (!o.live.iface || optind < argc) {
		fputs(!o.live.iface ? "portlens live: no interface (-i IFACE; -i any for all)\n"
				    : "portlens live: takes no file arguments (see portlens read)\n",
		      stderr);
		fputs("try 'portlens live --help'\n", stderr);
		return EXIT_USAGE;
	}
	int rc = prepare(&o, &out, &an);
	if (rc != EXIT_OK)
		return rc;
	struct live_ui ui = { &an, out.alerts, o.quiet };
	double t0 = now_s();
	enum live_status st = live_run(&an, &o.live, live_tick, &ui, &ls, err, sizeof(err));
	if (st != LIVE_OK)
		fprintf(stderr, "portlens: %s\n", err);
	rc = st == LIVE_OK ? EXIT_OK : st == LIVE_WRITE_FAILED ? EXIT_OUTPUT :
	     st == LIVE_PRIVS_FAILED ? EXIT_USAGE : EXIT_INPUT;
	analyzer_finish(&an);
	rc = write_report(&an, &o, &out, now_s() - t0, rc, &ls);
	analyzer_free(&an);
	return close_outputs(&o, &out, 1, rc);
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
		only = PORTDB_TCP;
	else if (strcmp(end, "/udp") == 0)
		only = PORTDB_UDP;
	else if (*end)
		return -1;
	const char *eph[PORTDB_EPH_COUNT];
	size_t n = portdb_ephemeral_names(portdb_ephemeral_os((uint16_t)port), eph, PORTDB_EPH_COUNT);
	static const int protos[2] = { PORTDB_TCP, PORTDB_UDP };
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
	static const struct option popts[] = {
		{ "services", required_argument, NULL, OPT_SERVICES },
		{ "no-system-services", no_argument, NULL, OPT_NO_SYSTEM_SERVICES },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *services = NULL;
	int no_system = 0, ch, rc = EXIT_OK;
	while ((ch = getopt_long(argc, argv, "h", popts, NULL)) != -1) {
		if (ch == 'h') { usage_ports(stdout); return EXIT_OK; }
		if (ch == OPT_SERVICES) services = optarg;
		else if (ch == OPT_NO_SYSTEM_SERVICES) no_system = 1;
		else { usage_ports(stderr); return EXIT_USAGE; }
	}
	if (optind >= argc) {
		usage_ports(stderr);
		return EXIT_USAGE;
	}
	struct portdb *db = load_portdb(services, no_system, 0);
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
		usage_main(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "read") == 0)
		return cmd_read(argc - 1, argv + 1);
	if (strcmp(cmd, "live") == 0)
		return cmd_live(argc - 1, argv + 1);
	if (strcmp(cmd, "ports") == 0)
		return cmd_ports(argc - 1, argv + 1);
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
