/* analyzer/cli/options.c - see options.h. The getopt table is the fixed
 * options below plus one entry per output type that has an option (its
 * long name, and short letter when it has one); the output part of
 * --help is each output's own help line, so an output added to
 * sink_list.h appears here with nothing else to edit. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/cli/exitcode.h"
#include "analyzer/cli/options.h"
#include "analyzer/cli/settings.h"

void opts_usage_main(FILE *out)
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
	      "  summary REPORT   the one-screen summary of a saved JSON report\n"
	      "  html REPORT      a saved JSON report as one HTML page (-o FILE)\n"
	      "  help             this text; `portlens <command> --help` for one\n"
	      "  version          print the version\n"
	      "\n"
	      "examples:\n"
	      "  portlens read capture.pcap             (a summary on a terminal)\n"
	      "  portlens read --html report.html -o report.json capture.pcap\n"
	      "  portlens read -o report.json --flows flows.ndjson --alerts alerts.ndjson a.pcapng\n"
	      "  sudo portlens live -i eth0 -f 'not port 22' --alerts - -o report.json\n"
	      "  portlens ports 22 3306/tcp 50000\n"
	      "\n"
	      "manual: man portlens (docs/portlens.1); JSON: docs/json.md\n", out);
}

void opts_usage_ports(FILE *out)
{
	fputs("usage: portlens ports [--services FILE] [--no-system-services] PORT[/tcp|/udp]...\n"
	      "\n"
	      "Print each port's IANA class (well-known 0-1023, registered 1024-49151,\n"
	      "dynamic 49152-65535), the operating systems whose default ephemeral\n"
	      "range holds it, and its service name per transport.\n", out);
}

static const char output_help_tail[] =
	"      --force        replace output files that exist (never needed for\n"
	"                     devices such as /dev/null)\n"
	"  -p, --pretty       indent the report\n"
	"  -q, --quiet        no warnings, progress or stats lines on stderr (errors\n"
	"                     still print)\n"
	"\n";

static const char analysis_help[] =
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
	"tunnels (docs/tunnels.md): GRE, ERSPAN, IP in IP and the UDP tunnels\n"
	"below are decapsulated; flows, ports and detectors see the innermost\n"
	"packets, and flow lines name the tunnel (portlens.tunnel)\n"
	"  --tunnel-port TYPE=PORT[,PORT...]  UDP ports of a tunnel type, replacing\n"
	"                     its defaults (TYPE=none: off): vxlan (4789; Linux uses\n"
	"                     8472), vxlan_gpe (4790), geneve (6081), gtpu (2152),\n"
	"                     teredo (3544), ayiya (5072), gre_udp (4754)\n"
	"  --tunnel-key       the tunnel id (VNI, GRE key, TEID) is part of the flow\n"
	"                     key: tenants with overlapping addresses stay apart\n"
	"  --no-decap         enter no tunnel: count the outer packets as before\n"
	"\n"
	"detectors (docs/scan.md, docs/knock.md):\n"
	"  --scan NAME=VALUE  theta0 (0.8), theta1 (0.2), alpha (0.01), beta (0.99) of\n"
	"                     the sequential test (theta1 < theta0, alpha < beta);\n"
	"                     vertical (12), horizontal (12) distinct failed targets\n"
	"                     within window (3600 s); probe-timeout (5 s); min-ports\n"
	"                     (9); max-sources (16384), max-scans (256), max-contacts\n"
	"                     (1048576); abandon0 (0.05), abandon1 (0.9): handshakes\n"
	"                     closed unused by a benign source / a scanner;\n"
	"                     repeat-wait (60 s) before such evidence alone flags\n"
	"  --knockd-conf FILE knockd configuration: name knocks by section, report\n"
	"                     near-misses (wrong order, too slow, wrong transport)\n"
	"  --knock NAME=VALUE min-len (2), max-len (8, at least min-len), gap (10 s),\n"
	"                     open-timeout (30 s), spa-timeout (10 s), max-pairs\n"
	"                     (16384), max-knocks (1024)\n"
	"\n"
	"exit status:\n"
	"  0  success (live: also when stopped by SIGINT/SIGTERM, --duration, --count)\n"
	"  1  internal error (out of memory)\n"
	"  2  usage error, or settings that conflict (both are named)\n"
	"  3  input error: a file missing, not a capture, truncated or damaged, an\n"
	"     unsupported link type, a bad --services or --knockd-conf file, an\n"
	"     interface that cannot be captured; the report still covers the\n"
	"     packets read before the problem\n"
	"  4  output error: an output could not be written\n"
	"  5  read interrupted by SIGINT/SIGTERM; the partial report is written\n";

static void usage_common(FILE *out)
{
	fputs("output:\n", out);
	for (unsigned i = 0; i < output_ntypes; i++)
		if (output_types[i]->help)
			fputs(output_types[i]->help, out);
	fputs(output_help_tail, out);
	fputs(analysis_help, out);
}

static void usage_read(FILE *out)
{
	fputs("usage: portlens read [options] FILE...\n"
	      "\n"
	      "Read pcap or pcapng files (several are read in order as one capture;\n"
	      "\"-\" reads standard input) and report flows, ports, scans and knocks.\n"
	      "\n", out);
	usage_common(out);
}

static void usage_live(FILE *out)
{
	fputs("usage: portlens live -i IFACE [options]\n"
	      "\n"
	      "Capture on an interface (root or CAP_NET_RAW) until SIGINT/SIGTERM,\n"
	      "--duration or --count; alerts are written as soon as they are decided,\n"
	      "a stats line goes to stderr (and the alert stream) every --interval\n"
	      "seconds, the report is written at the end.\n"
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
	usage_common(out);
}

enum { OPT_MAX_FLOWS = 256, OPT_TIMEOUT, OPT_SEED, OPT_SERVICES, OPT_FORCE,
       OPT_NO_SYSTEM_SERVICES, OPT_PORTS_TOP, OPT_SCAN, OPT_KNOCKD_CONF,
       OPT_KNOCK, OPT_NO_PROMISC, OPT_NO_IMMEDIATE, OPT_INTERVAL, OPT_FORMAT,
       OPT_TUNNEL_PORT, OPT_TUNNEL_KEY, OPT_NO_DECAP,
       OPT_SINK_BASE = 512, /* + index in output_types: outputs without a letter */
       OPT_SINK_EXTRA_BASE = 1024 /* + index * SINK_OPTIONS_MAX + option: extra options */ };

static const struct option fixed_opts[] = {
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "pretty", no_argument, NULL, 'p' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "format", required_argument, NULL, OPT_FORMAT },
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
	{ "tunnel-port", required_argument, NULL, OPT_TUNNEL_PORT },
	{ "tunnel-key", no_argument, NULL, OPT_TUNNEL_KEY },
	{ "no-decap", no_argument, NULL, OPT_NO_DECAP },
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
};
#define NFIXED (sizeof(fixed_opts) / sizeof(fixed_opts[0]))
static const char fixed_short[] = "pqhi:f:s:B:d:c:Z:w:";

/* The whole getopt table: the fixed options, then the outputs'. */
struct opt_table {
	struct option longopts[NFIXED + OUTPUTS_MAX * (1 + SINK_OPTIONS_MAX) + 1];
	char shortopts[sizeof(fixed_short) + 2 * OUTPUTS_MAX];
};

static int has_long(const struct option *opts, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(opts[i].name, name) == 0)
			return 1;
	return 0;
}

static void build_table(struct opt_table *t)
{
	size_t n = NFIXED, len = strlen(fixed_short);
	memset(t, 0, sizeof(*t));
	memcpy(t->longopts, fixed_opts, sizeof(fixed_opts));
	memcpy(t->shortopts, fixed_short, len);
	for (unsigned i = 0; i < output_ntypes && i < OUTPUTS_MAX; i++) {
		const struct sink_type *st = output_types[i];
		if (!st->long_opt)
			continue;
		int val = st->short_opt ? st->short_opt : OPT_SINK_BASE + (int)i;
		t->longopts[n++] = (struct option){ st->long_opt, required_argument, NULL, val };
		if (st->short_opt) {
			t->shortopts[len++] = (char)st->short_opt;
			t->shortopts[len++] = ':';
		}
		for (unsigned j = 0; st->options && j < SINK_OPTIONS_MAX &&
				     st->options[j].long_opt; j++)
			if (!has_long(t->longopts, n, st->options[j].long_opt))
				t->longopts[n++] = (struct option){ st->options[j].long_opt,
					required_argument, NULL,
					OPT_SINK_EXTRA_BASE + (int)(i * SINK_OPTIONS_MAX + j) };
	}
}

/* Give the extra option name's value to every output that has it (an
 * extra option may be shared: --metrics-top for --metrics and
 * --metrics-file). */
static void set_extra(struct opts *o, const char *name, const char *value)
{
	for (unsigned i = 0; i < output_ntypes && i < OUTPUTS_MAX; i++) {
		const struct sink_option *so = output_types[i]->options;
		for (unsigned j = 0; so && j < SINK_OPTIONS_MAX && so[j].long_opt; j++)
			if (strcmp(so[j].long_opt, name) == 0)
				o->sink_opt[i][j] = value;
	}
}

const char *opts_cmd_name(enum cli_mode mode)
{
	return mode == MODE_LIVE ? "portlens live" : "portlens read";
}

/* A numeric option in [lo, hi]; prints the problem. */
static int opt_u64(const struct opts *o, const char *name, uint64_t lo, uint64_t hi,
		   uint64_t *out)
{
	if (settings_u64(optarg, lo, hi, out) == 0)
		return 0;
	fprintf(stderr, "%s: %s: '%s' is not a number from %llu to %llu\n",
		opts_cmd_name(o->mode), name, optarg, (unsigned long long)lo,
		(unsigned long long)hi);
	return -1;
}

/* A NAME=VALUE option (--timeout, --scan, --knock); prints the problem. */
static int opt_setting(const struct opts *o, const char *name, int rc, const char *err)
{
	if (rc == 0)
		return 0;
	fprintf(stderr, "%s: %s: %s (see --help)\n", opts_cmd_name(o->mode), name, err);
	return -1;
}

/* An output's option; 1 when ch is none of them. */
static int sink_opt(struct opts *o, int ch)
{
	if (ch >= OPT_SINK_EXTRA_BASE &&
	    ch < OPT_SINK_EXTRA_BASE + (int)(OUTPUTS_MAX * SINK_OPTIONS_MAX)) {
		unsigned k = (unsigned)(ch - OPT_SINK_EXTRA_BASE);
		set_extra(o, output_types[k / SINK_OPTIONS_MAX]->options[k % SINK_OPTIONS_MAX].long_opt,
			  optarg);
		return 0;
	}
	for (unsigned i = 0; i < output_ntypes && i < OUTPUTS_MAX; i++) {
		const struct sink_type *st = output_types[i];
		if (!st->long_opt || ch != (st->short_opt ? st->short_opt : OPT_SINK_BASE + (int)i))
			continue;
		o->sink_given[i] = 1;
		o->sink_path[i] = optarg;
		return 0;
	}
	return 1;
}

static int seed_opt(struct opts *o)
{
	uint64_t v;
	if (opt_u64(o, "--seed", 0, UINT64_MAX, &v))
		return -1;
	o->cfg.flow.seed.k0 = v;
	o->cfg.flow.seed.k1 = 0;
	o->seed_given = 1;
	return 0;
}

/* Options of read and live alike; 1 when ch was not one of them. */
static int common_opt(struct opts *o, int ch)
{
	uint64_t v = 0;
	char err[512];
	switch (ch) {
	case OPT_FORCE: o->force = o->live.force = 1; return 0;
	case 'p': o->pretty = 1; return 0;
	case 'q': o->quiet = 1; return 0;
	case OPT_FORMAT:
		if (strcmp(optarg, "json") == 0 || strcmp(optarg, "text") == 0) {
			o->format = optarg[0] == 't' ? FORMAT_TEXT : FORMAT_JSON;
			return 0;
		}
		fprintf(stderr, "%s: --format: '%s' is not json or text\n",
			opts_cmd_name(o->mode), optarg);
		return -1;
	case OPT_SERVICES: o->services = optarg; return 0;
	case OPT_NO_SYSTEM_SERVICES: o->no_system_services = 1; return 0;
	case OPT_KNOCKD_CONF: o->knockd_conf = optarg; return 0;
	case OPT_SEED: return seed_opt(o);
	case OPT_MAX_FLOWS:
		if (opt_u64(o, "--max-flows", 1, 1u << 30, &v))
			return -1;
		o->cfg.flow.max_flows = (uint32_t)v;
		return 0;
	case OPT_PORTS_TOP:
		if (opt_u64(o, "--ports-top", 0, 131072, &v))
			return -1;
		o->cfg.ports_top = (unsigned)v;
		return 0;
	case OPT_TIMEOUT:
		return opt_setting(o, "--timeout", settings_timeout(optarg, &o->cfg.flow,
				   err, sizeof(err)), err);
	case OPT_SCAN:
		return opt_setting(o, "--scan", settings_scan(optarg, &o->cfg.scan,
				   err, sizeof(err)), err);
	case OPT_KNOCK:
		return opt_setting(o, "--knock", settings_knock(optarg, &o->cfg.knock,
				   err, sizeof(err)), err);
	case OPT_TUNNEL_PORT:
		return opt_setting(o, "--tunnel-port", settings_tunnel_port(optarg,
				   &o->cfg.decap, err, sizeof(err)), err);
	case OPT_TUNNEL_KEY: o->cfg.flow.tunnel_key = 1; return 0;
	case OPT_NO_DECAP: o->cfg.decap.enabled = 0; return 0;
	default: return sink_opt(o, ch);
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
		if (opt_u64(o, "--snaplen", 64, 262144, &v))
			return -1;
		l->snaplen = (int)v;
		return 0;
	case 'B':
		if (opt_u64(o, "--buffer", 1, 4096, &v))
			return -1;
		l->buffer_mib = (int)v;
		return 0;
	case 'd': return opt_u64(o, "--duration", 1, 86400 * 365, &l->duration_s);
	case 'c': return opt_u64(o, "--count", 1, UINT64_MAX, &l->count);
	case OPT_INTERVAL:
		if (opt_u64(o, "--interval", 0, 86400, &v))
			return -1;
		l->interval_s = (unsigned)v;
		return 0;
	default: return 1;
	}
}

int opts_parse(struct opts *o, enum cli_mode mode, int argc, char **argv)
{
	static struct opt_table t; /* rebuilt per call; getopt keeps pointers into it */
	int ch;
	memset(o, 0, sizeof(*o));
	o->mode = mode;
	analyzer_config_defaults(&o->cfg);
	o->cfg.live = mode == MODE_LIVE;
	live_opts_defaults(&o->live);
	build_table(&t);
	while ((ch = getopt_long(argc, argv, t.shortopts, t.longopts, NULL)) != -1) {
		if (ch == 'h') {
			if (mode == MODE_LIVE)
				usage_live(stdout);
			else
				usage_read(stdout);
			exit(EXIT_OK);
		}
		int r = common_opt(o, ch);
		if (r == 1 && mode == MODE_LIVE)
			r = live_opt(o, ch);
		if (r == 1 && ch != '?')
			fprintf(stderr, "%s: option -%c is for portlens live\n",
				opts_cmd_name(mode), ch);
		if (r != 0) {
			fprintf(stderr, "try '%s --help'\n", opts_cmd_name(mode));
			return -1;
		}
	}
	return 0;
}
