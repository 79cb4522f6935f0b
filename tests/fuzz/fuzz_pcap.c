/* tests/fuzz/fuzz_pcap.c - fuzz target: libpcap's file parser, then our
 * pipeline on whatever it yields.
 * Input: a whole pcap or pcapng file. It is opened from memory (fmemopen)
 * with pcap_fopen_offline_with_tstamp_precision(), nanosecond precision
 * as capture.c asks, and dispatched in batches into one analyzer
 * (fuzz_analyzer.h) by the file's link type, the way capture.c's loop
 * does; then the report is built. libpcap is not instrumented, so this
 * finds bugs in our handling of what it returns (odd link types, caplen
 * above len, huge timestamps), not in libpcap itself.
 * Traps: on failure pcap_fopen_offline* leaves the FILE open (the caller
 * closes it); on success pcap_close() closes it. fmemopen() refuses size 0. */
#include <pcap/pcap.h>
#include "fuzz_analyzer.h"

struct fuzz_pcap_ctx {
	struct analyzer *an;
	int linktype;
	uint64_t records;
	uint64_t ip;      /* records that decoded an IP header */
};

static void fuzz_pcap_on_packet(u_char *user, const struct pcap_pkthdr *h,
				const u_char *bytes)
{
	struct fuzz_pcap_ctx *fc = (struct fuzz_pcap_ctx *)user;
	struct packet p;
	uint64_t ts = (uint64_t)h->ts.tv_sec * 1000000000u + (uint64_t)h->ts.tv_usec;
	/* libpcap hands out a pointer into its own buffer; copy so that ASan
	 * sees the end of the captured bytes. */
	uint8_t *f = fuzz_frame_dup(bytes, h->caplen);
	enum decode_class c = decode_packet_decap(&fc->an->cfg.decap, fc->linktype,
						  f, h->caplen, h->len, ts, &p);
	fuzz_check_packet(&p, c);
	analyzer_packet(fc->an, &p);
	fc->records++;
	fc->ip += p.ip_ver != 0;
	free(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char errbuf[PCAP_ERRBUF_SIZE];

	if (size < 1 || size > 0x100000)
		return 0;
	uint8_t *copy = fuzz_frame_dup(data, size);
	FILE *fp = fmemopen(copy, size, "rb");
	if (!fp) {
		free(copy);
		return 0;
	}
	pcap_t *pc = pcap_fopen_offline_with_tstamp_precision(
		fp, PCAP_TSTAMP_PRECISION_NANO, errbuf);
	if (!pc) {
		fclose(fp);
		free(copy);
		return 0;
	}
	struct fuzz_pcap_ctx fc = { .an = fuzz_analyzer_new(),
				    .linktype = pcap_datalink(pc) };
	for (int batch = 0; batch < 64; batch++) {
		int n = pcap_dispatch(pc, 64, fuzz_pcap_on_packet, (u_char *)&fc);
		if (n <= 0)
			break;
	}
	FUZZ_CHECK(fc.an->stats.packets == fc.records);
	fuzz_analyzer_end(fc.an, fc.ip);
	pcap_close(pc);
	free(copy);
	return 0;
}
