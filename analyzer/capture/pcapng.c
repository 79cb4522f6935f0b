/* analyzer/capture/pcapng.c - the mixed-interface pcapng reader (see pcapng.h).
 * Blocks are read one at a time (a file of any size streams through one
 * buffer of at most PCAPNG_MAX_BLOCK bytes); every length is checked
 * against the block before it is used. Byte order comes from each
 * section header (its byte-order magic read both ways) and every field is
 * read with dissectors/byteorder.h in that order; interfaces are per
 * section. Timestamps are converted
 * with the interface's if_tsresol (default microseconds; decimal or
 * binary exponents), so packets from every interface share one clock.
 * Traps: a Simple Packet Block has no timestamp (it takes the previous
 * packet's) and no captured length (it is the block's, up to the
 * original length); block lengths must be multiples of 4. Packets are
 * handed over as pointers into the one big block buffer, so under
 * AddressSanitizer everything past the current block's body is poisoned
 * (asan_poison below): a dissector reading past a packet is caught as it
 * would be in an exact-size buffer. */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/capture/record.h"
#include "analyzer/capture/pcapng.h"
#include "dissectors/byteorder.h"

#if defined(__SANITIZE_ADDRESS__)
#define PCAPNG_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PCAPNG_ASAN 1
#endif
#endif
#ifdef PCAPNG_ASAN
#include <sanitizer/asan_interface.h>
#else
#define ASAN_POISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define ASAN_UNPOISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#endif

#define PCAPNG_MAX_BLOCK (16u << 20)
#define PCAPNG_MAX_IFACES 256
enum { BT_SHB = 0x0A0D0D0A, BT_IDB = 1, BT_OPB = 2, BT_SPB = 3, BT_EPB = 6,
       OPT_TSRESOL = 9, BOM = 0x1A2B3C4D };

struct iface {
	int linktype;
	uint8_t tsresol;   /* if_tsresol: bit 7 binary, else decimal exponent */
};

struct ng {
	FILE *fp;
	int big_endian;    /* the section's byte order (its SHB); 0 before one */
	struct iface ifs[PCAPNG_MAX_IFACES];
	unsigned nifs;
	uint8_t *buf;      /* current block body */
	size_t open;       /* bytes of buf addressable under ASan: the body */
	uint64_t last_ts;
};

int pcapng_is_mixed_error(const char *msg)
{
	return strstr(msg, "different from the type of the first interface") ||
	       strstr(msg, "different from the snapshot length of the first interface");
}

static uint32_t u32(const struct ng *g, const uint8_t *p)
{
	return bo_u32(p, g->big_endian);
}

static uint16_t u16(const struct ng *g, const uint8_t *p)
{
	return bo_u16(p, g->big_endian);
}

/* Timestamp units to nanoseconds, saturating instead of overflowing. */
static uint64_t to_ns(uint64_t ts, uint8_t resol)
{
	if (resol & 0x80) { /* 2^-n seconds */
		unsigned n = resol & 0x7f;
		if (n > 63)
			return 0;
		uint64_t sec = ts >> n, frac = ts & ((n ? (1ull << n) : 1) - 1);
		unsigned __int128 fr = (unsigned __int128)frac * 1000000000u;
		return sec * 1000000000u + (uint64_t)(n ? fr >> n : 0);
	}
	uint64_t ns = ts;
	for (unsigned e = resol; e < 9; e++)
		ns = ns > UINT64_MAX / 10 ? UINT64_MAX : ns * 10;
	for (unsigned e = 9; e < resol && e < 30; e++)
		ns /= 10;
	return ns;
}

/* The IDB's if_tsresol option, or 6 (microseconds). */
static uint8_t idb_tsresol(const struct ng *g, const uint8_t *opt, size_t len)
{
	while (len >= 4) {
		uint16_t code = u16(g, opt), olen = u16(g, opt + 2);
		size_t padded = ((size_t)olen + 3) & ~(size_t)3;
		if (code == 0 || padded + 4 > len)
			break;
		if (code == OPT_TSRESOL && olen >= 1)
			return opt[4];
		opt += 4 + padded;
		len -= 4 + padded;
	}
	return 6;
}

/* One block: type and body (length excluding the 12 framing bytes).
 * 1 read, 0 clean end of file, -1 damaged (err set). */
static int next_block(struct ng *g, uint32_t *type, size_t *blen, char *err, size_t errlen)
{
	uint8_t hdr[8];
	size_t n = fread(hdr, 1, 8, g->fp);
	if (n == 0 && feof(g->fp))
		return 0;
	if (n != 8) {
		snprintf(err, errlen, "pcapng: truncated block header");
		return -1;
	}
	/* The SHB type is a palindrome: the same in either byte order, and
	 * the byte order is decided by the SHB itself. */
	if (bo_le32(hdr) == BT_SHB) {
		uint8_t bom[4];
		if (fread(bom, 1, 4, g->fp) != 4) {
			snprintf(err, errlen, "pcapng: truncated section header");
			return -1;
		}
		g->big_endian = bo_be32(bom) == BOM;
		if (!g->big_endian && bo_le32(bom) != BOM) {
			snprintf(err, errlen, "pcapng: bad byte-order magic");
			return -1;
		}
		if (fseek(g->fp, -4, SEEK_CUR) != 0) {
			snprintf(err, errlen, "pcapng: %s", strerror(errno));
			return -1;
		}
	}
	*type = u32(g, hdr);
	uint32_t total = u32(g, hdr + 4);
	if (total < 12 || total % 4 || total > PCAPNG_MAX_BLOCK) {
		snprintf(err, errlen, "pcapng: bad block length %u (a multiple of 4 "
			 "from 12 to %u)", total, PCAPNG_MAX_BLOCK);
		return -1;
	}
	*blen = total - 12;
	ASAN_UNPOISON_MEMORY_REGION(g->buf, total - 8);
	size_t end = total - 8 > g->open ? total - 8 : g->open;
	g->open = *blen; /* from here on only the body is addressable */
	size_t got = fread(g->buf, 1, total - 8, g->fp);
	uint32_t trailer = got == total - 8 ? u32(g, g->buf + *blen) : 0;
	ASAN_POISON_MEMORY_REGION(g->buf + *blen, end - *blen);
	if (got != total - 8) {
		snprintf(err, errlen, "pcapng: truncated block");
		return -1;
	}
	if (trailer != total) {
		snprintf(err, errlen, "pcapng: block length %u in the header, %u in the trailer",
			 total, trailer);
		return -1;
	}
	return 1;
}

/* A packet block's interface, timestamp, lengths and data; -1 (err set)
 * if it names no known interface or its lengths lie. */
static int packet_of(struct ng *g, uint32_t type, size_t blen, struct pcap_pkthdr *h,
		     const uint8_t **data, int *linktype, char *err, size_t errlen)
{
	uint32_t ifc = 0, caplen, origlen;
	size_t off;
	uint64_t ts = g->last_ts;
	if (type == BT_SPB) {
		if (blen < 4)
			goto lying;
		origlen = u32(g, g->buf);
		caplen = (uint32_t)(blen - 4) < origlen ? (uint32_t)(blen - 4) : origlen;
		off = 4;
	} else {
		if (blen < 20)
			goto lying;
		ifc = type == BT_OPB ? u16(g, g->buf) : u32(g, g->buf);
		uint64_t raw = (uint64_t)u32(g, g->buf + 4) << 32 | u32(g, g->buf + 8);
		caplen = u32(g, g->buf + 12);
		origlen = u32(g, g->buf + 16);
		off = 20;
		if (ifc < g->nifs)
			ts = to_ns(raw, g->ifs[ifc].tsresol);
	}
	if (ifc >= g->nifs) {
		snprintf(err, errlen, "pcapng: packet on interface %u, which no interface "
			 "block in this section describes", ifc);
		return -1;
	}
	if (caplen > blen - off)
		goto lying;
	g->last_ts = ts;
	h->ts.tv_sec = (time_t)(ts / 1000000000u);
	h->ts.tv_usec = (suseconds_t)(ts % 1000000000u); /* nanoseconds */
	h->caplen = caplen;
	h->len = origlen < caplen ? caplen : origlen;
	*data = g->buf + off;
	ASAN_POISON_MEMORY_REGION(g->buf + off + caplen, blen - off - caplen); /* padding */
	*linktype = g->ifs[ifc].linktype;
	return 0;
lying:
	snprintf(err, errlen, "pcapng: packet block lengths lie");
	return -1;
}

static int ng_loop(struct analyzer *an, struct input_file *f, struct ng *g, uint64_t skip)
{
	uint64_t seen = 0;
	uint32_t type;
	size_t blen;
	int r;
	while ((r = next_block(g, &type, &blen, f->error, sizeof(f->error))) == 1) {
		if (an->stop && *an->stop)
			return 0;
		if (type == BT_SHB) {
			g->nifs = 0;
		} else if (type == BT_IDB) {
			if (blen < 8 || g->nifs == PCAPNG_MAX_IFACES) {
				snprintf(f->error, sizeof(f->error), "pcapng: bad interface block");
				return -1;
			}
			g->ifs[g->nifs].linktype = u16(g, g->buf);
			g->ifs[g->nifs++].tsresol = idb_tsresol(g, g->buf + 8, blen - 8);
		} else if (type == BT_EPB || type == BT_SPB || type == BT_OPB) {
			struct pcap_pkthdr h;
			const uint8_t *data;
			int lt;
			if (packet_of(g, type, blen, &h, &data, &lt, f->error,
				      sizeof(f->error)) != 0)
				return -1;
			if (seen++ < skip)
				continue;
			f->packets++;
			capture_record(an, lt, &h, data, 1);
		}
	}
	return r;
}

int pcapng_read_rest(struct analyzer *an, struct input_file *f, const char *path,
		     uint64_t skip)
{
	struct ng g;
	memset(&g, 0, sizeof(g));
	g.fp = fopen(path, "rb");
	g.buf = malloc(PCAPNG_MAX_BLOCK);
	if (!g.fp || !g.buf) {
		snprintf(f->error, sizeof(f->error), "%s: %s", path, strerror(errno ? errno : ENOMEM));
		if (g.fp)
			fclose(g.fp);
		free(g.buf);
		return -1;
	}
	f->error[0] = '\0';
	ASAN_POISON_MEMORY_REGION(g.buf, PCAPNG_MAX_BLOCK); /* g.open = 0 */
	int r = ng_loop(an, f, &g, skip);
	fclose(g.fp);
	free(g.buf);
	return r < 0 ? -1 : 0;
}
