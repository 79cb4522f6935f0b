/* tests/fuzz/tools/mkseeds.c - cut seed inputs for the fuzz targets out of
 * capture files (tests/fuzz/tools/mkseeds.sh runs it; see the README).
 *
 *     mkseeds OUTDIR FILE...
 *
 * Every frame is decoded with our own decoder and reduced to a signature
 * (link type, class, error, IP version, protocol, TCP flags, ICMP type
 * and code, fragment, quoted protocol, non-IP kind, VLAN depth, tunnels
 * met and their depth; decoded with every tunnel entered); only the
 * first frame of each signature becomes a seed, so a scan of 400 SYNs
 * gives one seed, not 400. For such a frame it writes
 *     link/   link-type index byte + frame          (fuzz_link)
 *     ipv4/ ipv6/   the IP datagram                 (fuzz_ipv4, fuzz_ipv6)
 *     tcp/ udp/ icmp/   control byte + message      (fuzz_l4_in_ip format)
 * and, for the first IPv4 and the first IPv6 datagram, the same datagram
 * under every other supported link header, so that seeds cover link
 * types our samples lack. Per file it writes
 *     pipeline/  link index + the first 32 records (frames cut to 160
 *                bytes, the cut kept in the wire length)
 *     pcap/      a pcap of the same 32 records, snap length 160
 * Frames whose link type fuzz_link cannot pick are skipped. Output names
 * are <file base>-<frame number>, so reruns overwrite, not add. */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "tests/fuzz/fuzz_common.h"

enum { MAX_SIGS = 4096, PIPE_RECORDS = 32, PIPE_SNAP = 160 };

struct sig {
	int lt, cls, err, ipv, proto, flags, it, ic, frag, iproto, vlan;
	uint32_t nonip;
	int tun_seen, tun_declined, tun_depth; /* tunnels: each kind a seed */
};

struct seeder {
	const char *out;
	struct sig sigs[MAX_SIGS];
	size_t nsigs;
	int wrapped4, wrapped6;
	unsigned long written;
};

static int lt_index(int lt)
{
	for (size_t i = 0; i < FUZZ_NLINKTYPES; i++)
		if (fuzz_linktypes[i] == lt && decode_linktype_supported(lt))
			return i;
	return -1;
}

static void put(struct seeder *s, const char *dir, const char *name,
		const uint8_t *pre, size_t npre, const uint8_t *b, size_t n)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", s->out, dir);
	mkdir(path, 0777);
	snprintf(path, sizeof(path), "%s/%s/%s", s->out, dir, name);
	FILE *fp = fopen(path, "wb");
	if (!fp) {
		perror(path);
		exit(1);
	}
	if ((npre && fwrite(pre, 1, npre, fp) != npre) ||
	    (n && fwrite(b, 1, n, fp) != n) || fclose(fp) != 0) {
		perror(path);
		exit(1);
	}
	s->written++;
}

static int sig_new(struct seeder *s, const struct packet *p)
{
	struct sig g;
	memset(&g, 0, sizeof(g));
	g.lt = p->linktype; g.cls = p->cls; g.err = p->err; g.ipv = p->ip_ver;
	g.proto = p->l4_proto; g.flags = p->tcp_flags; g.it = p->icmp_type;
	g.ic = p->icmp_code; g.frag = p->frag; g.iproto = p->inner.proto;
	g.vlan = p->vlan_depth; g.nonip = p->nonip_kind;
	g.tun_seen = p->tunnel.seen; g.tun_declined = p->tunnel.declined;
	g.tun_depth = p->tunnel.depth;
	for (size_t i = 0; i < s->nsigs; i++)
		if (memcmp(&s->sigs[i], &g, sizeof(g)) == 0)
			return 0;
	if (s->nsigs == MAX_SIGS)
		return 0;
	s->sigs[s->nsigs++] = g;
	return 1;
}

/* Offset of the IP header for the link types our samples use; -1 when
 * unknown (the frame still makes a link seed). */
static long ip_offset(int lt, const uint8_t *b, size_t n)
{
	size_t off;
	switch (lt) {
	case LT_EN10MB:
		off = 12;
		while (off + 2 <= n && (b[off] << 8 | b[off + 1]) == 0x8100)
			off += 4;
		if (off + 2 > n)
			return -1;
		{
			unsigned et = b[off] << 8 | b[off + 1];
			if (et != 0x0800 && et != 0x86dd)
				return -1;
		}
		return (long)off + 2;
	case LT_RAW: case LT_RAW_OPENBSD: case LT_RAW_101:
	case LT_IPV4: case LT_IPV6:
		return 0;
	case LT_NULL: case LT_LOOP: return 4;
	case LT_LINUX_SLL: return 16;
	case LT_LINUX_SLL2: return 20;
	default: return -1;
	}
}

/* The datagram under every other link header we decode. */
static void wrap_all(struct seeder *s, const char *base, const uint8_t *ip,
		     size_t n, int v6)
{
	uint8_t h[64];
	char name[1024];
	struct { int lt; const char *tag; size_t len; uint8_t b[32]; } w[] = {
		{ LT_NULL, "null", 4, { v6 ? 30 : 2, 0, 0, 0 } },
		{ LT_LOOP, "loop", 4, { 0, 0, 0, v6 ? 24 : 2 } },
		{ LT_RAW, "raw", 0, { 0 } },
		{ LT_RAW_OPENBSD, "raw14", 0, { 0 } },
		{ LT_RAW_101, "raw101", 0, { 0 } },
		{ v6 ? LT_IPV6 : LT_IPV4, "ipv", 0, { 0 } },
		{ LT_PPP, "ppp", 4, { 0xff, 0x03, 0x00, v6 ? 0x57 : 0x21 } },
		{ LT_PPP_SERIAL, "pppser", 3, { 0xff, 0x03, v6 ? 0x57 : 0x21 } },
		{ LT_C_HDLC, "chdlc", 4, { 0x0f, 0x00, v6 ? 0x86 : 0x08, v6 ? 0xdd : 0x00 } },
		{ LT_PPP_ETHER, "pppoe", 8, { 0x11, 0x00, 0x00, 0x01, 0, 0, 0x00, v6 ? 0x57 : 0x21 } },
		{ LT_LINUX_SLL, "sll", 16, { 0, 0, 0, 1, 0, 6, 1,2,3,4,5,6,0,0,
					       v6 ? 0x86 : 0x08, v6 ? 0xdd : 0x00 } },
		{ LT_LINUX_SLL2, "sll2", 20, { v6 ? 0x86 : 0x08, v6 ? 0xdd : 0x00,
					       0, 0, 0, 0, 0, 2, 0, 1, 0, 6,
					       1,2,3,4,5,6,0,0 } },
		{ LT_EN10MB, "vlan", 18, { 0,1,2,3,4,5, 6,7,8,9,10,11, 0x81,0x00,
					   0x00,0x2a, v6 ? 0x86 : 0x08, v6 ? 0xdd : 0x00 } },
		{ LT_FDDI, "fddi", 21, { 0x50, 0,1,2,3,4,5, 6,7,8,9,10,11,
					 0xaa, 0xaa, 0x03, 0, 0, 0,
					 v6 ? 0x86 : 0x08, v6 ? 0xdd : 0x00 } },
		{ LT_IPNET, "ipnet", 24, { 1, v6 ? 26 : 2 } },
		{ LT_EN10MB, "mpls", 18, { 0,1,2,3,4,5, 6,7,8,9,10,11, 0x88,0x47,
					   0x00,0x01,0x01,0x40 } },
	};
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		h[0] = (uint8_t)lt_index(w[i].lt);
		memcpy(h + 1, w[i].b, w[i].len);
		snprintf(name, sizeof(name), "%s-%s%d", base, w[i].tag, v6 ? 6 : 4);
		put(s, "link", name, h, 1 + w[i].len, ip, n);
	}
	/* NFLOG: family, version, resource id, then a prefix TLV and the
	 * payload TLV (type 9), lengths little-endian. */
	size_t tlv = 4 + n;
	uint8_t nf[1 + 4 + 8 + 4] = { (uint8_t)lt_index(LT_NFLOG),
		v6 ? 10 : 2, 0, 0, 0,
		8, 0, 10, 0, 'f', 'z', 0, 0,
		(uint8_t)tlv, (uint8_t)(tlv >> 8), 9, 0 };
	snprintf(name, sizeof(name), "%s-nflog%d", base, v6 ? 6 : 4);
	if (tlv <= 0xffff)
		put(s, "link", name, nf, sizeof(nf), ip, n);
}

static void per_frame(struct seeder *s, const char *base, unsigned long no,
		      int lt, const uint8_t *b, size_t n, uint32_t wire)
{
	struct packet p;
	char name[512];
	int idx = lt_index(lt);

	if (idx < 0)
		return;
	decode_packet_decap(fuzz_decap(), lt, b, (uint32_t)n, wire, 0, &p);
	if (!sig_new(s, &p))
		return;
	snprintf(name, sizeof(name), "%s-%lu", base, no);
	uint8_t ib = (uint8_t)idx;
	put(s, "link", name, &ib, 1, b, n);
	long off = ip_offset(lt, b, n);
	if (off < 0 || (size_t)off >= n || !(p.ip_ver || p.tunnel.depth))
		return;
	const uint8_t *ip = b + off;
	size_t ilen = n - (size_t)off;
	int v6 = (ip[0] >> 4) == 6;
	if ((ip[0] >> 4) != 4 && !v6)
		return;
	put(s, v6 ? "ipv6" : "ipv4", name, NULL, 0, ip, ilen);
	if (v6 ? !s->wrapped6 : !s->wrapped4) {
		wrap_all(s, name, ip, ilen, v6);
		if (v6)
			s->wrapped6 = 1;
		else
			s->wrapped4 = 1;
	}
	/* Transport: only where it follows the fixed header directly. */
	size_t hl = v6 ? 40 : (size_t)(ip[0] & 15) * 4;
	uint8_t nh = v6 ? (ilen > 6 ? ip[6] : 0) : (ilen > 9 ? ip[9] : 0);
	if (hl >= ilen || p.frag == FRAG_LATER)
		return;
	const char *dir = nh == 6 ? "tcp" : nh == 17 ? "udp" :
			  (nh == 1 || nh == 58) ? "icmp" : NULL;
	if (!dir)
		return;
	/* Clip to the IP length, as the dissector does. */
	size_t iplen = v6 ? 40 + (size_t)(ip[4] << 8 | ip[5])
			  : (size_t)(ip[2] << 8 | ip[3]);
	size_t l4 = ilen - hl;
	if (iplen > hl && iplen - hl < l4)
		l4 = iplen - hl;
	uint8_t ctl = v6 ? 1 : 0;
	put(s, dir, name, &ctl, 1, ip + hl, l4);
}

static void be_put(uint8_t *b, uint64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--, v >>= 8)
		b[i] = (uint8_t)v;
}

static void per_file(struct seeder *s, const char *path)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	pcap_t *pc = pcap_open_offline_with_tstamp_precision(
		path, PCAP_TSTAMP_PRECISION_NANO, errbuf);
	if (!pc) {
		fprintf(stderr, "mkseeds: %s: %s\n", path, errbuf);
		return;
	}
	const char *slash = strrchr(path, '/');
	char base[256];
	snprintf(base, sizeof(base), "%s", slash ? slash + 1 : path);
	char *dot = strrchr(base, '.');
	if (dot)
		*dot = '\0';
	int lt = pcap_datalink(pc);
	int idx = lt_index(lt);

	static uint8_t pipe[1 + PIPE_RECORDS * (12 + PIPE_SNAP)];
	size_t plen = 0;
	pipe[plen++] = (uint8_t)(idx < 0 ? 15 : idx); /* 15: unsupported */
	char pcap_path[4096];
	snprintf(pcap_path, sizeof(pcap_path), "%s/pcap", s->out);
	mkdir(pcap_path, 0777);
	snprintf(pcap_path, sizeof(pcap_path), "%s/pcap/%s", s->out, base);
	pcap_t *dead = pcap_open_dead_with_tstamp_precision(
		lt, PIPE_SNAP, PCAP_TSTAMP_PRECISION_NANO);
	pcap_dumper_t *dump = dead ? pcap_dump_open(dead, pcap_path) : NULL;

	struct pcap_pkthdr *h;
	const u_char *b;
	unsigned long no = 0;
	uint64_t prev = 0;
	int r;
	while ((r = pcap_next_ex(pc, &h, &b)) == 1) {
		no++;
		per_frame(s, base, no, lt, b, h->caplen, h->len);
		if (no > PIPE_RECORDS)
			continue;
		uint32_t cap = h->caplen < PIPE_SNAP ? h->caplen : PIPE_SNAP;
		uint64_t ts = (uint64_t)h->ts.tv_sec * 1000000000u + (uint64_t)h->ts.tv_usec;
		uint32_t cut = h->len > cap ? h->len - cap : 0;
		if (cut > 0xffff)
			cut = 0xffff;
		be_put(pipe + plen, cap, 2);
		be_put(pipe + plen + 2, cut, 2);
		be_put(pipe + plen + 4, no == 1 ? 0 : ts - prev, 8);
		memcpy(pipe + plen + 12, b, cap);
		plen += 12 + cap;
		prev = ts;
		if (dump) {
			struct pcap_pkthdr hh = *h;
			hh.caplen = cap;
			pcap_dump((u_char *)dump, &hh, b);
		}
	}
	if (dump)
		pcap_dump_close(dump);
	if (dead)
		pcap_close(dead);
	if (no && idx >= 0)
		put(s, "pipeline", base, NULL, 0, pipe, plen);
	pcap_close(pc);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: mkseeds OUTDIR FILE...\n");
		return 2;
	}
	struct seeder *s = calloc(1, sizeof(*s));
	if (!s)
		return 1;
	s->out = argv[1];
	mkdir(s->out, 0777);
	for (int i = 2; i < argc; i++)
		per_file(s, argv[i]);
	printf("mkseeds: %lu files, %zu frame signatures\n", s->written, s->nsigs);
	free(s);
	return 0;
}
