/* analyzer/capture/record.h - one captured record into the analyzer:
 * timestamp to nanoseconds, decode by link type (entering the tunnels the
 * analyzer's configuration allows), then analyzer_packet().
 * Shared by the three readers (capture.c for libpcap files, pcapng.c for
 * pcapng files of mixed link types, live.c for interfaces), so that none
 * of them depends on another. Inline: it runs once per packet. The packet
 * is decoded into a struct on the stack: no allocation per packet. */
#ifndef PORTLENS_RECORD_H
#define PORTLENS_RECORD_H

#include <pcap/pcap.h>
#include <stdint.h>
#include "analyzer/core/analyzer.h"
#include "dissectors/decode.h"

/* Decode one record and hand it to the analyzer. ts_nano: the header's
 * tv_usec holds nanoseconds (PCAP_TSTAMP_PRECISION_NANO). */
static inline void capture_record(struct analyzer *an, int linktype,
				  const struct pcap_pkthdr *h, const uint8_t *bytes,
				  int ts_nano)
{
	struct packet pkt;
	uint64_t frac = (uint64_t)h->ts.tv_usec * (ts_nano ? 1u : 1000u);
	uint64_t ts = (uint64_t)h->ts.tv_sec * 1000000000u + frac;

	decode_packet_decap(&an->cfg.decap, linktype, bytes, h->caplen, h->len, ts, &pkt);
	analyzer_packet(an, &pkt);
}

#endif
