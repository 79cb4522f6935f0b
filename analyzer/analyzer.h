/* analyzer/analyzer.h - one analysis run: the state every packet updates.
 * capture.c feeds packets in; report.c reads the result out. Later stages
 * (flow table, scan and knock detectors) hang off this struct, so the
 * whole pipeline is one object passed explicitly, with no globals. */
#ifndef PORTLENS_ANALYZER_H
#define PORTLENS_ANALYZER_H

#include <signal.h>
#include <stdint.h>
#include "stats.h"

#define ANALYZER_MAX_FILES 256

/* What happened to one input file. */
struct input_file {
	const char *path;      /* borrowed from argv; lives for the run */
	int linktype;          /* -1 when the file did not open */
	uint64_t packets;      /* records read from this file */
	int status;            /* enum capture_status */
	char error[256];       /* libpcap's message when status != OK */
};

struct analyzer {
	struct decode_stats stats;
	struct input_file files[ANALYZER_MAX_FILES];
	unsigned nfiles;
	volatile sig_atomic_t *stop; /* set by a signal handler to end early */
};

void analyzer_init(struct analyzer *an);

/* Hot path: account one decoded packet. */
void analyzer_packet(struct analyzer *an, const struct packet *p);

#endif
