/* analyzer/capture/capture.c - the offline read loop.
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
 * by libpcap, which skips the rest without a word (a Solaris 2.3 legacy).
 * We notice it once per batch: the file offset is past the sum of the
 * records handed over; only then are that batch's record headers re-read
 * (pread) to count the long ones. ftell costs a system call, so it is
 * never called per packet. */
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "analyzer/capture/capture.h"
#include "analyzer/capture/pcapng.h"
#include "analyzer/capture/record.h"
#include "dissectors/byteorder.h"
#include "dissectors/decode.h"

enum { CAPTURE_BATCH = 4096 };

struct read_ctx {
	struct analyzer *an;
	struct input_file *file;
	int linktype;
	/* Over-snap-length detection (classic pcap in a seekable file only):
	 * where this batch began, where the next record should start, the
	 * record header size (0 = not tracking), the byte order of its
	 * fields, the effective snap length. */
	FILE *fp;
	long batch_off, next_off;
	unsigned rec_hdr;
	int big_endian;
	uint32_t snaplen;
};

static void capture_on_packet(u_char *user, const struct pcap_pkthdr *h,
			      const u_char *bytes)
{
	struct read_ctx *rc = (struct read_ctx *)user;
	rc->file->packets++;
	rc->next_off += (long)rc->rec_hdr + (long)h->caplen;
	capture_record(rc->an, rc->linktype, h, bytes, 1);
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
 * modified format; 0 (do not track) for pcapng, pipes and anything else.
 * *big_endian: the file's byte order. */
static unsigned pcap_record_header_size(FILE *fp, int *big_endian)
{
	uint8_t m[4];
	if (!fp || pread(fileno(fp), m, sizeof(m), 0) != (ssize_t)sizeof(m))
		return 0;
	for (int be = 1; be >= 0; be--) {
		uint32_t v = bo_u32(m, be);
		*big_endian = be;
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
	rc->rec_hdr = pcap_record_header_size(rc->fp, &rc->big_endian);
	rc->next_off = rc->rec_hdr ? ftell(rc->fp) : -1;
	rc->batch_off = rc->next_off;
	rc->snaplen = (uint32_t)pcap_snapshot(pc);
	if (rc->next_off < 0)
		rc->rec_hdr = 0;
}

/* Records in [from, to) of the file whose stored length exceeds the snap
 * length: their headers read again, straight from the file. */
static uint64_t count_over_snaplen(const struct read_ctx *rc, long from, long to)
{
	uint64_t n = 0;
	uint8_t h[24];
	while (from < to && pread(fileno(rc->fp), h, rc->rec_hdr, from) == (ssize_t)rc->rec_hdr) {
		uint32_t caplen = bo_u32(h + 8, rc->big_endian); /* incl_len */
		n += caplen > rc->snaplen;
		from += (long)rc->rec_hdr + (long)caplen;
	}
	return n;
}

/* After a batch: is the stream past the records it handed over? */
static void check_batch_offsets(struct read_ctx *rc)
{
	long pos = ftell(rc->fp);
	if (pos > rc->next_off)
		rc->file->over_snaplen += count_over_snaplen(rc, rc->batch_off, pos);
	if (pos >= 0)
		rc->next_off = pos;
	rc->batch_off = rc->next_off;
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
		if (rc->rec_hdr && n > 0)
			check_batch_offsets(rc);
		if (n == 0)
			return CAPTURE_OK;
		if (n == PCAP_ERROR) {
			/* The stream stopped inside a record: count over the
			 * records handed over only (their offsets in the file
			 * are at or past the ones summed, so none is counted
			 * that was not read). */
			if (rc->rec_hdr)
				rc->file->over_snaplen +=
					count_over_snaplen(rc, rc->batch_off, rc->next_off);
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
		/* libpcap names the file in some messages ("PATH: Permission
		 * denied"); the report and stderr name it already. */
		size_t plen = strlen(path);
		const char *msg = errbuf;
		if (strncmp(errbuf, path, plen) == 0 && strncmp(errbuf + plen, ": ", 2) == 0)
			msg = errbuf + plen + 2;
		snprintf(f->error, sizeof(f->error), "%s", msg);
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
	} else if (st == CAPTURE_READ_FAILED && pcapng_is_mixed_error(f->error)) {
		/* Standard input cannot be read again from the start. */
		size_t len = strlen(f->error);
		snprintf(f->error + len, sizeof(f->error) - len, "%s",
			 "; give the file by name, not on standard input, to read "
			 "interfaces of several link types");
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
