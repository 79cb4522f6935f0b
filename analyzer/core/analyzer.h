/* analyzer/core/analyzer.h - one analysis run: the state every packet updates.
 * capture.c feeds packets in; report.c reads the result out. The stages
 * (decode accounting, flow table, later the scan and knock detectors)
 * hang off this struct, so the whole pipeline is one object passed
 * explicitly, with no globals. */
#ifndef PORTLENS_ANALYZER_H
#define PORTLENS_ANALYZER_H

#include <signal.h>
#include <stdint.h>
#include "analyzer/flow/flow.h"
#include "analyzer/detect/knock.h"
#include "analyzer/flow/ports.h"
#include "analyzer/detect/scan.h"
#include "analyzer/core/stats.h"
#include "analyzer/flow/tcpstate.h"

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

struct analyzer_config {
	struct flow_config flow;
	/* Extra consumer of every ended flow (the NDJSON writer), after the
	 * analyzer's own; may be NULL. The flow is valid during the call. */
	flow_end_fn on_flow;
	void *on_flow_user;
	/* Port classes and names; borrowed, must outlive the analyzer. NULL:
	 * the analyzer builds one from the built-in table only. */
	const struct portdb *portdb;
	unsigned ports_top;        /* port entries listed in the report; 0 all */
	struct scan_config scan;
	struct knock_config knock;
};

#define ANALYZER_PORTS_TOP 100

/* The likely server ports of db (flow_config.server_ports): well-known,
 * or registered with a service name. analyzer_init builds them unless
 * cfg.flow.server_ports is already set (borrowed; the fuzz targets build
 * them once per process). */
void analyzer_build_server_ports(const struct portdb *db, uint8_t out[2][8192]);

struct analyzer {
	struct decode_stats stats;
	struct input_file files[ANALYZER_MAX_FILES];
	unsigned nfiles;
	volatile sig_atomic_t *stop; /* set by a signal handler to end early */
	/* Called between batches while a file is read (main.c prints it):
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
};

/* Defaults: flow_config_defaults() with a random seed. */
void analyzer_config_defaults(struct analyzer_config *cfg);

/* cfg NULL means defaults with seed 0 (tests). 0, or -1 out of memory. */
int analyzer_init(struct analyzer *an, const struct analyzer_config *cfg);

/* End of input: end every live flow so that it is counted and emitted. */
void analyzer_finish(struct analyzer *an);

/* Release what analyzer_init allocated (not an itself). */
void analyzer_free(struct analyzer *an);

/* Hot path: account one decoded packet. */
void analyzer_packet(struct analyzer *an, const struct packet *p);


#endif
