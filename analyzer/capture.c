/* analyzer/capture.c - the offline read loop.
 * pcap_dispatch() with a callback is the cheapest way libpcap hands over
 * records (no copy, no per-packet allocation); the callback decodes into a
 * struct packet on the stack and accounts it. Records come in batches so
 * a stop request (SIGINT) is seen within one batch.
 * Traps: pcap_open_offline accepts "-" for stdin itself; pcap_dispatch
 * returns 0 at end of file, -1 on a damaged record, -2 after breakloop;
 * a pcapng file may carry several interfaces, but libpcap refuses
 * interfaces whose link type differs from the first, with a read error:
 * pcapng.c then reads the rest of the file. A classic pcap record whose
 * stored length exceeds the file's snap length is cut to the snap length
 * by libpcap, which skips the rest without a word (a Solaris 2.3 legacy);
 * we notice it from the file offset (see track_over_snaplen) and count it. */
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "capture.h"
#include "pcapng.h"
#include "dissectors/decode.h"

enum { CAPTURE_BATCH = 4096 };

struct read_ctx {
	struct analyzer *an;
	struct input_file *file;
	int linktype;
	/* Over-snap-length detection (classic pcap in a seekable file only):
	 * the offset where the next record should start, the record header
	 * size, the effective snap length; rec_hdr 0 = not tracking. */
	FILE *fp;
	long next_off;
	unsigned rec_hdr;
	uint32_t snaplen;
};

void capture_packet(struct analyzer *an, int linktype, const struct pcap_pkthdr *h,
		    const uint8_t *bytes, int ts_nano)
{
	struct packet pkt;
	/* With PCAP_TSTAMP_PRECISION_NANO, tv_usec holds nanoseconds. */
	uint64_t frac = (uint64_t)h->ts.tv_usec * (ts_nano ? 1u : 1000u);
	uint64_t ts = (uint64_t)h->ts.tv_sec * 1000000000u + frac;

	decode_packet(linktype, bytes, h->caplen, h->len, ts, &pkt);
	analyzer_packet(an, &pkt);
}

/* Only a record cut to exactly the snap length can have been longer in
 * the file: then the offset after it (libpcap has skipped the excess by
 * the time the callback runs) is past where the record should end. */
static void note_over_snaplen(struct read_ctx *rc, const struct pcap_pkthdr *h)
{
	rc->next_off += (long)rc->rec_hdr + (long)h->caplen;
	if (h->caplen != rc->snaplen)
		return;
	long pos = ftell(rc->fp);
	if (pos > rc->next_off) {
		rc->file->over_snaplen++;
		rc->next_off = pos;
	}
}

static void capture_on_packet(u_char *user, const struct pcap_pkthdr *h,
			      const u_char *bytes)
{
	struct read_ctx *rc = (struct read_ctx *)user;
	rc->file->packets++;
	if (rc->rec_hdr)
		note_over_snaplen(rc, h);
	capture_packet(rc->an, rc->linktype, h, bytes, 1);
}

static struct input_file *capture_new_file(struct analyzer *an, const char *path)
{
	if (an->nfiles == ANALYZER_MAX_FILES)
		return NULL;
	struct input_file *f = &an->files[an->nfiles++];
	memset(f, 0, sizeof(*f));
	f->path = path;
	f->linktype = -1;
	return f;
}

static void report_progress(struct read_ctx *rc, pcap_t *pc, uint64_t size)
{
	FILE *f = pcap_file(pc);
	long pos = f ? ftell(f) : -1;
	rc->an->progress(rc->an->progress_user, rc->an, rc->file->path,
			 pos < 0 ? 0 : (uint64_t)pos, size);
}

static uint64_t file_size(pcap_t *pc)
{
	struct stat st;
	FILE *f = pcap_file(pc);
	if (!f || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	return (uint64_t)st.st_size;
}

/* Record header size from the magic number (read with pread, so the
 * stream's position is untouched): 16 bytes, or 24 in Kuznetzov's
 * modified format; 0 (do not track) for pcapng, pipes and anything else. */
static unsigned pcap_record_header_size(FILE *fp)
{
	uint8_t m[4];
	if (!fp || pread(fileno(fp), m, sizeof(m), 0) != (ssize_t)sizeof(m))
		return 0;
	uint32_t be = (uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 |
		      (uint32_t)m[2] << 8 | m[3];
	uint32_t le = (uint32_t)m[3] << 24 | (uint32_t)m[2] << 16 |
		      (uint32_t)m[1] << 8 | m[0];
	for (int i = 0; i < 2; i++) {
		uint32_t v = i ? le : be;
		if (v == 0xa1b2c3d4u || v == 0xa1b23c4du)
			return 16;
		if (v == 0xa1b2cd34u)
			return 24;
	}
	return 0;
}

static void track_over_snaplen(struct read_ctx *rc, pcap_t *pc)
{
	rc->fp = pcap_file(pc);
	rc->rec_hdr = pcap_record_header_size(rc->fp);
	rc->next_off = rc->rec_hdr ? ftell(rc->fp) : -1;
	rc->snaplen = (uint32_t)pcap_snapshot(pc);
	if (rc->next_off < 0)
		rc->rec_hdr = 0;
}

static enum capture_status capture_loop(struct read_ctx *rc, pcap_t *pc)
{
	uint64_t size = rc->an->progress ? file_size(pc) : 0;
	for (;;) {
		if (rc->an->progress)
			report_progress(rc, pc, size);
		if (rc->an->stop && *rc->an->stop)
			return CAPTURE_INTERRUPTED;
		int n = pcap_dispatch(pc, CAPTURE_BATCH, capture_on_packet,
				      (u_char *)rc);
		if (n == 0)
			return CAPTURE_OK;
		if (n == PCAP_ERROR) {
			snprintf(rc->file->error, sizeof(rc->file->error), "%s",
				 pcap_geterr(pc));
			return CAPTURE_READ_FAILED;
		}
		if (n == PCAP_ERROR_BREAK)
			return CAPTURE_INTERRUPTED;
	}
}

enum capture_status capture_read_file(struct analyzer *an, const char *path)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	struct input_file *f = capture_new_file(an, path);

	if (!f)
		return CAPTURE_OPEN_FAILED;
	pcap_t *pc = pcap_open_offline_with_tstamp_precision(
		path, PCAP_TSTAMP_PRECISION_NANO, errbuf);
	if (!pc) {
		snprintf(f->error, sizeof(f->error), "%s", errbuf);
		f->status = CAPTURE_OPEN_FAILED;
		return CAPTURE_OPEN_FAILED;
	}
	struct read_ctx rc = { .an = an, .file = f, .linktype = pcap_datalink(pc) };
	f->linktype = rc.linktype;
	track_over_snaplen(&rc, pc);
	enum capture_status st = capture_loop(&rc, pc);
	if (st == CAPTURE_READ_FAILED && strcmp(path, "-") != 0 &&
	    pcapng_is_mixed_error(f->error)) {
		/* Interfaces of several link types: go on with our own reader
		 * from the packet libpcap stopped at. */
		st = pcapng_read_rest(an, f, path, f->packets) == 0 ? CAPTURE_OK
								  : CAPTURE_READ_FAILED;
		rc.linktype = decode_linktype_supported(rc.linktype) ? rc.linktype : 1;
	}
	if (st == CAPTURE_OK && !decode_linktype_supported(rc.linktype)) {
		snprintf(f->error, sizeof(f->error),
			 "unsupported link type %d (%s); its packets are counted "
			 "as link.unsupported_linktype", rc.linktype,
			 pcap_datalink_val_to_name(rc.linktype) ?
			 pcap_datalink_val_to_name(rc.linktype) : "unknown");
		st = CAPTURE_UNSUPPORTED_LINK;
	}
	pcap_close(pc);
	f->status = st;
	return st;
}
