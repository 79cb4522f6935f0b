/* analyzer/capture/capture.h - reading pcap and pcapng files with libpcap.
 * Opens each file with nanosecond timestamps, decodes every record by the
 * file's link type and hands it to the analyzer. A malformed packet never
 * stops the run; a damaged file stops that file with a status and a
 * message, after counting every packet before the damage. */
#ifndef PORTLENS_CAPTURE_H
#define PORTLENS_CAPTURE_H

#include "analyzer/core/analyzer.h"

enum capture_status {
	CAPTURE_OK = 0,
	CAPTURE_OPEN_FAILED,      /* missing, unreadable, not a capture */
	CAPTURE_READ_FAILED,      /* truncated or damaged partway */
	CAPTURE_UNSUPPORTED_LINK, /* packets counted as link.unsupported_linktype */
	CAPTURE_INTERRUPTED,      /* *an->stop was set */
};

/* Read one file ("-" is standard input) into an, recording it in
 * an->files. Returns the file's status. */
enum capture_status capture_read_file(struct analyzer *an, const char *path);

#endif
