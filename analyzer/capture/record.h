/* analyzer/capture/record.h - one captured record into the analyzer:
 * timestamp to nanoseconds, decode by link type, then analyzer_packet().
 * Shared by the three readers (capture.c for libpcap files, pcapng.c for
 * pcapng files of mixed link types, live.c for interfaces), so that none
 * of them depends on another. */
#ifndef PORTLENS_RECORD_H
#define PORTLENS_RECORD_H

#include <stdint.h>
#include "analyzer/core/analyzer.h"

/* Decode one record and hand it to the analyzer. ts_nano: the header's
 * tv_usec holds nanoseconds (PCAP_TSTAMP_PRECISION_NANO). */
struct pcap_pkthdr;
void capture_record(struct analyzer *an, int linktype, const struct pcap_pkthdr *h,
		    const uint8_t *bytes, int ts_nano);

#endif
