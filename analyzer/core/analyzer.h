/* analyzer/core/analyzer.h - one analysis run: the state every packet
 * updates. The capture readers feed packets in (analyzer_packet); the
 * outputs read the result out. The stages (decode accounting, flow table,
 * port usage, the scan and knock detectors) hang off this struct, so the
 * whole pipeline is one object passed explicitly, with no globals.
 *
 * Two things leave the pipeline while it runs, through the hooks of the
 * config: every ended flow (on_flow) and every alert (on_alert). An alert
 * is a detector record that the analyzer decided to report. Rules that
 * span detectors are decided here, once per record, at a decision point
 * (analyzer_decide_alerts: each live tick, and at the end): a scan is
 * reported once its record is broad enough; a knock is reported unless a
 * reported scan from the same source to the same destination covers it
 * in time. A verdict never changes afterwards, so the alert stream and
 * the report (which lists analyzer_alert(0..n-1)) always agree. */
#ifndef PORTLENS_ANALYZER_H
#define PORTLENS_ANALYZER_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include "analyzer/core/stats.h"
#include "analyzer/core/timeline.h"
#include "analyzer/detect/knock.h"
#include "analyzer/detect/scan.h"
#include "analyzer/flow/flow.h"
#include "analyzer/flow/ports.h"
#include "dissectors/tunnel.h"

#define ANALYZER_MAX_FILES 256

/* What happened to one input file. */
struct input_file {
	const char *path;      /* borrowed from argv; lives for the run */
	int linktype;          /* -1 when the file did not open */
	uint64_t packets;      /* records read from this file */
	uint64_t over_snaplen; /* records longer than the snap length, cut by libpcap */
	int status;            /* enum capture_status */
	char error[256];       /* libpcap's message when status != OK */
};

/* Totals over ended flows, for the report's "flows" object. */
struct flow_summary {
	uint64_t flows;
	uint64_t by_proto[4];              /* tcp, udp, icmp, other */
	uint64_t by_state[4][CS_COUNT];    /* conn_state per transport slot */
	uint64_t packets, bytes;           /* sum over ended flows */
	uint64_t midstream, flipped;
};

/* An alert: a scan or a knock record the analyzer reports. The record is
 * the detector's (valid as long as the analyzer) and may still grow
 * after the alert was decided (a scan goes on probing). */
enum alert_kind { ALERT_SCAN = 0, ALERT_KNOCK };
struct alert {
	enum alert_kind kind;
	const struct scan_record *scan;   /* ALERT_SCAN */
	const struct knock_record *knock; /* ALERT_KNOCK */
};

/* Called once per alert, when it is decided; a is valid during the call. */
typedef void (*alert_fn)(void *user, const struct alert *a);

struct analyzer_config {
	struct flow_config flow;
	/* Consumers of ended flows and of alerts (the outputs), after the
	 * analyzer's own accounting; each may be NULL. */
	flow_end_fn on_flow;
	alert_fn on_alert;
	void *on_user;
	/* Port classes and names; borrowed, must outlive the analyzer. NULL:
	 * the analyzer builds one from the built-in table only. */
	const struct portdb *portdb;
	unsigned ports_top;        /* port entries listed in the report; 0 all */
	int live;                  /* live capture: the timeline rolls */
	struct scan_config scan;
	struct knock_config knock;
	/* Which tunnels are entered (--tunnel-port, --no-decap); read by
	 * capture_record() for every packet. */
	struct decap_config decap;
};

#define ANALYZER_PORTS_TOP 100

/* The likely server ports of db (flow_config.server_ports): well-known,
 * or registered with a service name. analyzer_init builds them unless
 * cfg.flow.server_ports is already set (borrowed; the fuzz targets build
 * them once per process). */
void analyzer_build_server_ports(const struct portdb *db, uint8_t out[2][8192]);

/* Verdicts decided so far (see the top of this file). */
struct alert_verdicts {
	struct alert *log;          /* every alert, in the order decided */
	uint32_t n, cap;            /* cap = max_scans + max_knocks */
	uint8_t *scan_alerted;      /* per scan record: 1 once reported */
	uint8_t group_alerted[SCAN_MAX_GROUPS]; /* per merged record: 1 once reported */
	uint32_t knocks_decided;    /* knock records [0, this) have a verdict */
	uint64_t scans, knocks;     /* alerts by kind (scans: one source each) */
	uint64_t groups;            /* distributed and decoy scan alerts */
	uint64_t merged;            /* records reported only in a merged one */
	uint64_t knocks_inside_scans; /* knock records kept out: part of a scan */
};

struct analyzer {
	struct decode_stats stats;
	struct timeline timeline;
	struct input_file files[ANALYZER_MAX_FILES];
	unsigned nfiles;
	volatile sig_atomic_t *stop; /* set by a signal handler to end early */
	/* Called between batches while a file is read (cli.c prints it):
	 * bytes of the file consumed so far and its size (0 if unknown). */
	void (*progress)(void *user, const struct analyzer *an, const char *path,
			 uint64_t pos, uint64_t size);
	void *progress_user;
	struct analyzer_config cfg;
	struct flow_table *flows;
	struct flow_summary flowsum;
	struct port_report *ports;
	struct portdb *own_portdb; /* when cfg.portdb was NULL */
	uint8_t server_ports[2][8192]; /* likely server ports, TCP and UDP */
	struct scan_detector *scan;
	struct knock_detector *knock;
	struct alert_verdicts verdicts;
};

/* Defaults of every stage, with hash seed 0 (reproducible); the command
 * line draws a random seed with analyzer_config_random_seed() unless
 * --seed is given. */
void analyzer_config_defaults(struct analyzer_config *cfg);
void analyzer_config_random_seed(struct analyzer_config *cfg);

/* 0 when the settings fit together; else -1 with what conflicts (naming
 * both settings) in err. */
int analyzer_config_check(const struct analyzer_config *cfg, char *err, size_t errlen);

enum { ANALYZER_ENOMEM = -1, ANALYZER_EINVAL = -2 };

/* cfg NULL means defaults. 0; ANALYZER_EINVAL when the config does not
 * pass analyzer_config_check; ANALYZER_ENOMEM out of memory. Either way
 * analyzer_free() releases what was made. */
int analyzer_init(struct analyzer *an, const struct analyzer_config *cfg);

/* End of input: end every live flow so that it is counted and emitted,
 * decide what is still open in the detectors, then decide the alerts. */
void analyzer_finish(struct analyzer *an);

/* Release what analyzer_init allocated (not an itself). */
void analyzer_free(struct analyzer *an);

/* Hot path: account one decoded packet. */
void analyzer_packet(struct analyzer *an, const struct packet *p);

/* A decision point: give a verdict to every detector record made since
 * the last one, calling cfg.on_alert for each alert. Returns how many
 * alerts were added. Cost: O(scan records + new knock records). */
size_t analyzer_decide_alerts(struct analyzer *an);

/* Live, at each interval: the detectors' timeouts run to now (ns since
 * the epoch, the wall clock) though no packet came (scan_advance). */
void analyzer_advance(struct analyzer *an, uint64_t now_ns);

/* Alerts decided so far, in order. */
static inline uint32_t analyzer_alert_count(const struct analyzer *an)
{
	return an->verdicts.n;
}
static inline const struct alert *analyzer_alert(const struct analyzer *an, uint32_t i)
{
	return i < an->verdicts.n ? &an->verdicts.log[i] : NULL;
}

#endif
