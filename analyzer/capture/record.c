/* analyzer/capture/record.c - see record.h. The packet is decoded into a
 * struct on the stack: no allocation per packet. */
#include <pcap/pcap.h>
#include "analyzer/capture/record.h"
#include "dissectors/decode.h"

void capture_record(struct analyzer *an, int linktype, const struct pcap_pkthdr *h,
		    const uint8_t *bytes, int ts_nano)
{
	struct packet pkt;
	/* With PCAP_TSTAMP_PRECISION_NANO, tv_usec holds nanoseconds. */
	uint64_t frac = (uint64_t)h->ts.tv_usec * (ts_nano ? 1u : 1000u);
	uint64_t ts = (uint64_t)h->ts.tv_sec * 1000000000u + frac;

	decode_packet(linktype, bytes, h->caplen, h->len, ts, &pkt);
	analyzer_packet(an, &pkt);
}
