/* tests/bench/gen.c - deterministic synthetic captures for benchmarks and
 * flood tests (never committed: generated into a temporary directory).
 *
 *   gen mix PACKETS FLOWS OUT.pcap    realistic mix: TCP flows with
 *       handshake, data and teardown (about 80%), UDP request/response,
 *       ICMP echo; FLOWS conversations interleaved 64 at a time
 *   gen synflood PACKETS OUT.pcap     SYNs from PACKETS distinct spoofed
 *       sources to one server port
 *   gen synretry PACKETS OUT.pcap     a spoofed SYN flood from PACKETS/2
 *       sources, each sending its SYN twice (a retransmission 512 sources
 *       later): PACKETS/2 new flows, the flood of make bench
 *   gen sweep PACKETS OUT.pcap        SYNs over all 65535 ports of many
 *       hosts from 256 sources (a horizontal+vertical sweep)
 *   gen frags PACKETS OUT.pcap        IPv4 non-first fragments only
 *   gen scanmix PACKETS FLOWS OUT.pcap the mix with a port scan woven in
 *
 * Frames are Ethernet/IPv4 with snap length 128 (the usual flow-capture
 * setting); wire lengths stay realistic. A fixed-seed xorshift generator
 * makes every run byte-identical. The pcap writer is hand-rolled to stay
 * out of the measurement's way (libpcap's own dumper is fine too, slower). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SNAP 128

struct gen {
	FILE *out;
	uint64_t rng;
	uint64_t ts_ns;
	uint64_t written;
};

static uint32_t rnd(struct gen *g)
{
	g->rng ^= g->rng << 13;
	g->rng ^= g->rng >> 7;
	g->rng ^= g->rng << 17;
	return (uint32_t)(g->rng >> 16);
}

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)(v >> 16)); put16(p + 2, (uint16_t)v); }

static void pcap_header(FILE *f)
{
	uint32_t h[6] = { 0xa1b23c4d, 0x00040002, 0, 0, SNAP, 1 }; /* ns magic */
	fwrite(h, sizeof(h), 1, f);
}

/* One frame: Ethernet + IPv4 + L4 header (built by the caller in l4). */
static void emit(struct gen *g, uint32_t src, uint32_t dst, uint8_t proto,
		 const uint8_t *l4, unsigned l4len, unsigned payload,
		 uint16_t frag)
{
	uint8_t fr[SNAP + 64];
	unsigned iplen = 20 + l4len + payload;
	unsigned wire = 14 + iplen < 60 ? 60 : 14 + iplen;
	memset(fr, 0, sizeof(fr));
	fr[0] = 0x02; fr[5] = 1; fr[6] = 0x02; fr[11] = 2;
	put16(fr + 12, 0x0800);
	uint8_t *ip = fr + 14;
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)iplen);
	put16(ip + 4, (uint16_t)rnd(g));
	put16(ip + 6, frag);
	ip[8] = 64;
	ip[9] = proto;
	put32(ip + 12, src);
	put32(ip + 16, dst);
	memcpy(ip + 20, l4, l4len);
	unsigned cap = wire < SNAP ? wire : SNAP;
	uint32_t rec[4] = { (uint32_t)(g->ts_ns / 1000000000u),
			    (uint32_t)(g->ts_ns % 1000000000u), cap, wire };
	fwrite(rec, sizeof(rec), 1, g->out);
	fwrite(fr, cap, 1, g->out);
	g->ts_ns += 2000 + rnd(g) % 2000; /* about 330k packets/s of capture time */
	g->written++;
}

static void tcp_pkt(struct gen *g, uint32_t s, uint16_t sp, uint32_t d,
		    uint16_t dp, uint8_t flags, uint32_t seq, unsigned payload)
{
	uint8_t t[20] = { 0 };
	put16(t, sp);
	put16(t + 2, dp);
	put32(t + 4, seq);
	t[12] = 0x50;
	t[13] = flags;
	put16(t + 14, 65535);
	emit(g, s, d, 6, t, 20, payload, 0);
}

static void udp_pkt(struct gen *g, uint32_t s, uint16_t sp, uint32_t d,
		    uint16_t dp, unsigned payload)
{
	uint8_t u[8] = { 0 };
	put16(u, sp);
	put16(u + 2, dp);
	put16(u + 4, (uint16_t)(8 + payload));
	emit(g, s, d, 17, u, 8, payload, 0);
}

static void icmp_pkt(struct gen *g, uint32_t s, uint32_t d, uint8_t type, uint16_t id)
{
	uint8_t i[8] = { type, 0, 0, 0, 0, 0, 0, 1 };
	put16(i + 4, id);
	emit(g, s, d, 1, i, 8, 56, 0);
}

/* A conversation advances one packet per call; 0 when finished. */
struct conv {
	uint32_t cli, srv;
	uint16_t cport, sport;
	uint8_t kind;   /* 0 tcp, 1 udp, 2 icmp */
	uint8_t step, steps;
};

static const uint16_t services[] = { 80, 443, 22, 53, 25, 3306, 8080, 993 };

static void conv_new(struct gen *g, struct conv *c, uint32_t n)
{
	unsigned r = rnd(g) % 100;
	c->cli = 0x0a000000u | (n & 0xffffff);
	c->srv = 0xc0a80000u | (rnd(g) % 512);
	c->cport = (uint16_t)(32768 + rnd(g) % 28000);
	c->kind = r < 80 ? 0 : r < 97 ? 1 : 2;
	c->sport = c->kind == 1 ? 53 : services[rnd(g) % 8];
	c->step = 0;
	c->steps = c->kind == 0 ? (uint8_t)(8 + rnd(g) % 14) : 2;
}

static int conv_step(struct gen *g, struct conv *c)
{
	unsigned s = c->step++;
	int last = c->step >= c->steps;
	if (c->kind == 1) {
		if (s == 0) udp_pkt(g, c->cli, c->cport, c->srv, c->sport, 40);
		else udp_pkt(g, c->srv, c->sport, c->cli, c->cport, 120);
	} else if (c->kind == 2) {
		icmp_pkt(g, s ? c->srv : c->cli, s ? c->cli : c->srv, s ? 0 : 8, c->cport);
	} else if (s == 0) {
		tcp_pkt(g, c->cli, c->cport, c->srv, c->sport, 0x02, 1000, 0);
	} else if (s == 1) {
		tcp_pkt(g, c->srv, c->sport, c->cli, c->cport, 0x12, 5000, 0);
	} else if (s == 2) {
		tcp_pkt(g, c->cli, c->cport, c->srv, c->sport, 0x10, 1001, 0);
	} else if (last || s + 2 == (unsigned)c->steps) {
		int from_cli = last ? 0 : 1;
		tcp_pkt(g, from_cli ? c->cli : c->srv, from_cli ? c->cport : c->sport,
			from_cli ? c->srv : c->cli, from_cli ? c->sport : c->cport,
			0x11, 9000, 0);
	} else {
		int from_cli = s % 2;
		tcp_pkt(g, from_cli ? c->cli : c->srv, from_cli ? c->cport : c->sport,
			from_cli ? c->srv : c->cli, from_cli ? c->sport : c->cport,
			0x18, 2000 + s, from_cli ? 200 : 1400);
	}
	return !last;
}

#define LIVE 64

static void gen_mix(struct gen *g, uint64_t packets, uint64_t flows, int scan)
{
	struct conv live[LIVE];
	uint32_t next = 0;
	uint16_t scan_port = 1;
	for (int i = 0; i < LIVE; i++)
		conv_new(g, &live[i], next++ % (uint32_t)flows);
	while (g->written < packets) {
		if (scan && rnd(g) % 8 == 0) {
			tcp_pkt(g, 0x0b000001u, 40000, 0xc0a80001u, scan_port, 0x02, 1, 0);
			tcp_pkt(g, 0xc0a80001u, scan_port, 0x0b000001u, 40000, 0x14, 0, 0);
			scan_port = (uint16_t)(scan_port % 65535 + 1);
			continue;
		}
		struct conv *c = &live[rnd(g) % LIVE];
		if (!conv_step(g, c))
			conv_new(g, c, next++ % (uint32_t)flows);
	}
}

static void gen_synflood(struct gen *g, uint64_t packets)
{
	for (uint64_t i = 0; i < packets; i++)
		tcp_pkt(g, 0x20000000u + (uint32_t)i, (uint16_t)(1024 + rnd(g) % 60000),
			0xc0a80001u, 80, 0x02, rnd(g), 0);
}

/* Source i's SYN, and the retransmission of source i - RETRY_LAG's. */
#define RETRY_LAG 512
static void gen_synretry(struct gen *g, uint64_t packets)
{
	uint64_t sources = packets / 2;
	for (uint64_t i = 0; i < sources + RETRY_LAG; i++) {
		if (i < sources)
			tcp_pkt(g, 0x20000000u + (uint32_t)i, (uint16_t)(1024 + i % 60000),
				0xc0a80001u, 80, 0x02, (uint32_t)i, 0);
		if (i >= RETRY_LAG) {
			uint64_t j = i - RETRY_LAG;
			tcp_pkt(g, 0x20000000u + (uint32_t)j, (uint16_t)(1024 + j % 60000),
				0xc0a80001u, 80, 0x02, (uint32_t)j, 0);
		}
	}
}

static void gen_sweep(struct gen *g, uint64_t packets)
{
	for (uint64_t i = 0; i < packets; i++)
		tcp_pkt(g, 0x0b000000u + (uint32_t)(i % 256), 40000,
			0xc0a80000u + (uint32_t)((i / 65535) % 65536),
			(uint16_t)(i % 65535 + 1), 0x02, 1, 0);
}

static void gen_frags(struct gen *g, uint64_t packets)
{
	uint8_t data[8] = { 0 };
	for (uint64_t i = 0; i < packets; i++)
		emit(g, 0x0c000000u + (uint32_t)(i % 100000), 0xc0a80001u, 17, data, 8,
		     500, (uint16_t)(0x2000 | (1 + rnd(g) % 100))); /* MF, offset > 0 */
}

static int usage(void)
{
	fputs("usage: gen mix|scanmix PACKETS FLOWS OUT.pcap\n"
	      "       gen synflood|synretry|sweep|frags PACKETS OUT.pcap\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 4)
		return usage();
	int two = strcmp(argv[1], "mix") == 0 || strcmp(argv[1], "scanmix") == 0;
	if ((two && argc != 5) || (!two && argc != 4))
		return usage();
	uint64_t packets = strtoull(argv[2], NULL, 10);
	uint64_t flows = two ? strtoull(argv[3], NULL, 10) : 0;
	const char *path = argv[argc - 1];
	struct gen g = { .rng = 0x9e3779b97f4a7c15ull, .ts_ns = 1700000000ull * 1000000000u };
	if (!packets || (two && !flows))
		return usage();
	g.out = fopen(path, "wb");
	if (!g.out) {
		perror(path);
		return 1;
	}
	static char buf[1 << 20];
	setvbuf(g.out, buf, _IOFBF, sizeof(buf));
	pcap_header(g.out);
	if (two)
		gen_mix(&g, packets, flows, argv[1][0] == 's');
	else if (strcmp(argv[1], "synflood") == 0)
		gen_synflood(&g, packets);
	else if (strcmp(argv[1], "synretry") == 0)
		gen_synretry(&g, packets);
	else if (strcmp(argv[1], "sweep") == 0)
		gen_sweep(&g, packets);
	else if (strcmp(argv[1], "frags") == 0)
		gen_frags(&g, packets);
	else
		return usage();
	if (fclose(g.out) != 0) {
		perror(path);
		return 1;
	}
	return 0;
}
