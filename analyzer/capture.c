/* analyzer/capture.c - the offline read loop.
 * pcap_dispatch() with a callback is the cheapest way libpcap hands over
 * records (no copy, no per-packet allocation); the callback decodes into a
 * struct packet on the stack and accounts it. Records come in batches so
 * a stop request (SIGINT) is seen within one batch.
 * Traps: pcap_open_offline accepts "-" for stdin itself; pcap_dispatch
 * returns 0 at end of file, -1 on a damaged record, -2 after breakloop;
 * a pcapng file may carry several interfaces, but libpcap refuses
 * interfaces whose link type differs from the first, with a read error:
 * pcapng.c then reads the rest of the file. */
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "capture.h"
#include "pcapng.h"
#include "dissectors/decode.h"

enum { CAPTURE_BATCH = 4096 };

struct read_ctx {
	struct analyzer *an;
	struct input_file *file;
	int linktype;
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

static void capture_on_packet(u_char *user, const struct pcap_pkthdr *h,
			      const u_char *bytes)
{
	struct read_ctx *rc = (struct read_ctx *)user;
	rc->file->packets++;
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
