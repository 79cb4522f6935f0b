/* analyzer/capture/live.h - live capture on an interface with libpcap.
 * Opens the interface (snap length, promiscuous, immediate mode, buffer,
 * BPF filter), optionally saves raw packets (-w), drops root privileges
 * after opening (-Z, as tcpdump does), and runs packets through the
 * analyzer until a signal, --duration or --count stops it. Every
 * interval it hands a snapshot (packets, bytes, flows, detections,
 * libpcap's drop counters) to the caller, which also polls for new
 * alerts there. Reports nothing itself: main.c prints. */
#ifndef PORTLENS_LIVE_H
#define PORTLENS_LIVE_H

#include <stdint.h>
#include "analyzer/core/analyzer.h"

struct live_opts {
	const char *iface;       /* "any" for all interfaces */
	const char *filter;      /* BPF expression or NULL */
	int snaplen;             /* bytes per packet (default 262144) */
	int promisc;             /* 1 promiscuous (default), 0 not */
	int immediate;           /* 1 deliver packets at once (default) */
	int buffer_mib;          /* kernel buffer, 0 = libpcap's default */
	uint64_t duration_s;     /* stop after this long; 0 = no limit */
	uint64_t count;          /* stop after this many packets; 0 = none */
	unsigned interval_s;     /* snapshot period (default 10) */
	const char *user;        /* -Z: drop privileges to this user */
	const char *write_path;  /* -w: save raw packets here */
	int force;               /* -w may replace an existing file */
};

/* libpcap's counters (pcap_stats); valid when have is set. */
struct live_stats {
	int have;
	uint64_t received, dropped_kernel, dropped_iface;
};

/* Why the tick callback runs: every --interval, once at the end, and
 * every LIVE_POLL_MS between batches (outputs that answer requests, such
 * as a metrics scrape, serve them there). */
enum live_tick_kind { LIVE_TICK_INTERVAL = 0, LIVE_TICK_FINAL, LIVE_TICK_POLL };
#define LIVE_POLL_MS 100
typedef void (*live_tick_fn)(void *user, const struct live_stats *st,
			     enum live_tick_kind kind);

enum live_status {
	LIVE_OK = 0,        /* stopped by signal, duration or count */
	LIVE_OPEN_FAILED,   /* interface, permissions, filter */
	LIVE_PRIVS_FAILED,  /* -Z could not drop privileges */
	LIVE_WRITE_FAILED,  /* -w file */
	LIVE_READ_FAILED,   /* capture error mid-way */
};

/* Runs the capture into an (recorded in an->files as the interface).
 * err receives a message for any status but LIVE_OK. */
enum live_status live_run(struct analyzer *an, const struct live_opts *o,
			  live_tick_fn tick, void *tick_user,
			  struct live_stats *final_stats, char *err, size_t errlen);

void live_opts_defaults(struct live_opts *o);

#endif
