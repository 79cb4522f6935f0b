/* tests/fuzz/fuzz_pipeline.c - fuzz target: decode -> analyzer -> report.
 * Input: byte 0 picks the link type (fuzz_linktype()), then
 * records, each
 *     u16 caplen (big-endian)   bytes of frame that follow
 *     u16 cut                   wirelen = caplen + cut (snap length)
 *     u64 ts delta              nanoseconds added to the previous time
 *                               (mod 2^64, so time may run backwards)
 *     frame                     caplen bytes (fewer in a short last record)
 * Every record is decoded into one analyzer (64-flow cap, fixed seed, see
 * fuzz_analyzer.h), which drives the flow table through creation,
 * eviction under the cap, timeouts and TCP state; then the report is
 * built and printed. Aborts if packets != l4 + l3_only + non_ip + errors.
 * Timestamps start near 2023 so that JSON times are ordinary. */
#include "fuzz_analyzer.h"

enum { REC_HDR = 12, MAX_RECORDS = 2048 };

static uint64_t be_read(const uint8_t *b, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = v << 8 | b[i];
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 0x100000)
		return 0;
	int lt = fuzz_linktype(data[0]);
	struct analyzer *an = fuzz_analyzer_new();
	uint64_t ts = 1700000000000000000ull;
	size_t off = 1;
	uint64_t fed = 0, ip = 0;

	for (int r = 0; r < MAX_RECORDS && size - off >= REC_HDR; r++) {
		const uint8_t *h = data + off;
		size_t caplen = (size_t)be_read(h, 2);
		uint32_t cut = (uint32_t)be_read(h + 2, 2);
		ts += be_read(h + 4, 8);
		off += REC_HDR;
		if (caplen > size - off)
			caplen = size - off;
		uint8_t *f = fuzz_frame_dup(data + off, caplen);
		off += caplen;
		struct packet p;
		enum decode_class c = decode_packet_decap(&an->cfg.decap, lt, f, (uint32_t)caplen,
						    (uint32_t)caplen + cut, ts, &p);
		fuzz_check_packet(&p, c);
		analyzer_packet(an, &p);
		fed++;
		ip += p.ip_ver != 0;
		free(f);
	}
	FUZZ_CHECK(an->stats.packets == fed);
	fuzz_analyzer_end(an, ip);
	return 0;
}
