/* tests/test_tunnels.c - the tunnel dissectors (dissectors/gre.c,
 * erspan.c, ipip.c, vxlan.c, vxlan_gpe.c, nsh.c, ayiya.c) and what
 * decode.c records on entering a tunnel (struct packet_tunnel).
 * For each tunnel: the inner transport, ports and addresses; the depth,
 * type, id, outer addresses and per-type bits; every cut of its header
 * gives its named error, or, for a UDP look-alike, a decline that leaves
 * plain UDP (each cut both as a snap length and as a datagram that
 * really ended there, from an exact-size heap copy so ASan sees any
 * stray read). Then the framework: 8 nested tunnels decode and a 9th is
 * tunnel.too_deep, even with the longest chain of layers per tunnel;
 * --no-decap enters nothing; --tunnel-port moves VXLAN; an empty GRE or
 * IP-in-IP payload is an L3-only packet; a tunnel carried by a first
 * fragment is entered. Packets are built inside out: each wrap_* writes
 * its headers and copies the inner bytes after them. */
#include <CUnit/CUnit.h>
#include "pktbuild.h"

enum {
	ET_IPV4 = 0x0800, ET_IPV6 = 0x86dd, ET_ARP = 0x0806,
	ET_NSH = 0x894f, ET_TEB = 0x6558, ET_PPP = 0x880b, ET_ERSPAN2 = 0x88be,
	ET_ERSPAN3 = 0x22eb, TPID_8021Q = 0x8100, ET_PPPOE_SESS = 0x8864,
	PPP_IPV4 = 0x0021,
	GRE_C = 0x8000, GRE_R = 0x4000, GRE_K = 0x2000, GRE_S = 0x1000,
	GRE_A = 0x0080,
	PORT_VXLAN = 4789, PORT_GPE = 4790, PORT_AYIYA = 5072,
	PORT_GRE_UDP = 4754, PORT_LINUX_VXLAN = 8472, OUTER_SPORT = 50000,
	BUF = 2048,
};

/* Outer (carrier) addresses, apart from pktbuild's inner ones. */
#define OUT4_SRC ((const uint8_t[4]){ 203, 0, 113, 1 })
#define OUT4_DST ((const uint8_t[4]){ 203, 0, 113, 2 })
#define OUT6_SRC ((const uint8_t[16]){ 0x20, 0x01, 0x0d, 0xb8, 0xff, [15] = 1 })
#define OUT6_DST ((const uint8_t[16]){ 0x20, 0x01, 0x0d, 0xb8, 0xff, [15] = 2 })

#define BIT(type) ((uint16_t)(1u << (type)))

/* ---- building ------------------------------------------------------ */

/* memmove, so that in may overlap b; n 0 copies nothing (src may be
 * NULL then). */
static size_t put(uint8_t *b, const uint8_t *src, size_t n)
{
	if (n)
		memmove(b, src, n);
	return n;
}

/* IPv4 header (outer addresses) for a payload of n bytes, then it. */
static size_t wrap_ipv4(uint8_t *b, uint8_t proto, const uint8_t *in, size_t n)
{
	pb_ipv4(b, proto, (uint16_t)(PB_IPV4_LEN + n));
	memcpy(b + 12, OUT4_SRC, 4);
	memcpy(b + 16, OUT4_DST, 4);
	return PB_IPV4_LEN + put(b + PB_IPV4_LEN, in, n);
}

static size_t wrap_ipv6(uint8_t *b, uint8_t next, const uint8_t *in, size_t n)
{
	pb_ipv6(b, next, (uint16_t)n);
	memcpy(b + 8, OUT6_SRC, 16);
	memcpy(b + 24, OUT6_DST, 16);
	return PB_IPV6_LEN + put(b + PB_IPV6_LEN, in, n);
}

static size_t wrap_eth(uint8_t *b, uint16_t ethertype, const uint8_t *in, size_t n)
{
	pb_eth(b, ethertype);
	return PB_ETH_LEN + put(b + PB_ETH_LEN, in, n);
}

/* Ethernet + outer IPv4 of protocol proto around in. */
static size_t wrap_eth_ipv4(uint8_t *b, uint8_t proto, const uint8_t *in, size_t n)
{
	uint8_t tmp[BUF];
	return wrap_eth(b, ET_IPV4, tmp, wrap_ipv4(tmp, proto, in, n));
}

static size_t wrap_eth_ipv6(uint8_t *b, uint8_t next, const uint8_t *in, size_t n)
{
	uint8_t tmp[BUF];
	return wrap_eth(b, ET_IPV6, tmp, wrap_ipv6(tmp, next, in, n));
}

/* UDP OUTER_SPORT -> dport around in. */
static size_t wrap_udp(uint8_t *b, uint16_t dport, const uint8_t *in, size_t n)
{
	pb_udp(b, OUTER_SPORT, dport, (uint16_t)(PB_UDP_LEN + n));
	return PB_UDP_LEN + put(b + PB_UDP_LEN, in, n);
}

/* Ethernet + outer IPv4 + UDP to dport around in: the UDP tunnels. */
static size_t wrap_eth_udp4(uint8_t *b, uint16_t dport, const uint8_t *in, size_t n)
{
	uint8_t tmp[BUF];
	return wrap_eth_ipv4(b, IPPROTO_NUM_UDP, tmp, wrap_udp(tmp, dport, in, n));
}

static size_t wrap_eth_udp6(uint8_t *b, uint16_t dport, const uint8_t *in, size_t n)
{
	uint8_t tmp[BUF];
	return wrap_eth_ipv6(b, IPPROTO_NUM_UDP, tmp, wrap_udp(tmp, dport, in, n));
}

/* hdr (hlen bytes) then in. */
static size_t wrap_hdr(uint8_t *b, const uint8_t *hdr, size_t hlen,
		       const uint8_t *in, size_t n)
{
	put(b + hlen, in, n);
	memcpy(b, hdr, hlen);
	return hlen + n;
}

/* GRE: flags/version, protocol type, then nopt 4-byte optional fields in
 * wire order (the flags say which), then in. */
static size_t wrap_gre(uint8_t *b, uint16_t flags, uint16_t proto,
		       const uint32_t *opt, size_t nopt, const uint8_t *in, size_t n)
{
	uint8_t h[4 + 4 * 8];
	pb_be16(h, flags);
	pb_be16(h + 2, proto);
	for (size_t i = 0; i < nopt; i++)
		pb_be32(h + 4 + 4 * i, opt[i]);
	return wrap_hdr(b, h, 4 + 4 * nopt, in, n);
}

/* VXLAN (RFC 7348 s5): flags, 24 reserved bits, VNI, 8 reserved bits. */
static size_t wrap_vxlan(uint8_t *b, uint8_t flags, uint32_t vni,
			 const uint8_t *in, size_t n)
{
	uint8_t h[8] = { flags };
	pb_be32(h + 4, vni << 8);
	return wrap_hdr(b, h, sizeof(h), in, n);
}

/* VXLAN-GPE: flags, 16 reserved bits, Next Protocol, VNI, reserved. */
static size_t wrap_gpe(uint8_t *b, uint8_t flags, uint8_t np, uint32_t vni,
		       const uint8_t *in, size_t n)
{
	uint8_t h[8] = { flags, 0, 0, np };
	pb_be32(h + 4, vni << 8);
	return wrap_hdr(b, h, sizeof(h), in, n);
}

/* NSH (RFC 8300 s2.2): base header with TTL 63, Length words, MD type,
 * Next Protocol; SPI and SI; then Length - 2 words of context (0x5a). */
static size_t wrap_nsh_ver(uint8_t *b, unsigned ver, unsigned words, uint8_t md,
			   uint8_t np, uint32_t spi, uint8_t si,
			   const uint8_t *in, size_t n)
{
	uint8_t h[4 * 64];
	size_t hlen = words >= 2 ? 4 * (size_t)words : 8;
	memset(h, 0x5a, sizeof(h));
	pb_be16(h, (uint16_t)(ver << 14 | 63u << 6 | (words & 0x3f)));
	h[2] = md;
	h[3] = np;
	pb_be32(h + 4, spi << 8 | si);
	return wrap_hdr(b, h, hlen, in, n);
}

static size_t wrap_nsh(uint8_t *b, unsigned words, uint8_t md, uint8_t np,
		       uint32_t spi, const uint8_t *in, size_t n)
{
	return wrap_nsh_ver(b, 0, words, md, np, spi, 255, in, n);
}

/* AYIYA: the four nibble pairs, next header, epoch, identity (2^idlen
 * bytes of 0x11), signature (siglen * 4 bytes of 0x22), then in. */
struct ayiya_spec {
	uint8_t idlen, idtype, siglen, hash, auth, op, nh;
};

static size_t wrap_ayiya(uint8_t *b, const struct ayiya_spec *s,
			 const uint8_t *in, size_t n)
{
	uint8_t h[8 + 256 + 60];
	size_t id = (size_t)1 << s->idlen, sig = (size_t)s->siglen * 4;
	if (s->idlen > 8 || s->siglen > 15)
		abort(); /* larger ones are patched in by hand */
	h[0] = (uint8_t)(s->idlen << 4 | s->idtype);
	h[1] = (uint8_t)(s->siglen << 4 | s->hash);
	h[2] = (uint8_t)(s->auth << 4 | s->op);
	h[3] = s->nh;
	pb_be32(h + 4, 1234567890u);
	memset(h + 8, 0x11, id);
	memset(h + 8 + id, 0x22, sig);
	return wrap_hdr(b, h, 8 + id + sig, in, n);
}

/* The SixXS forward of ayiya3.pcap: 16-byte identity, SHA-1 signature. */
static const struct ayiya_spec AYIYA_FWD6 = { 4, 1, 5, 2, 1, 1, IPPROTO_NUM_IPV6 };

/* Inner payloads: pktbuild's IPv4/TCP (40 bytes) and IPv6/UDP (48),
 * and IPv4/TCP in an Ethernet frame (54). */
static size_t inner_v4_tcp(uint8_t *b) { return pb_ipv4_tcp(b, 0); }
static size_t inner_v6_udp(uint8_t *b) { return pb_ipv6_udp(b, 0); }

static size_t inner_eth_v4_tcp(uint8_t *b)
{
	size_t n = pb_eth(b, ET_IPV4);
	return n + pb_ipv4_tcp(b + n, 0);
}

/* ---- decoding ------------------------------------------------------ */

/* decode_packet_decap() from an exact-size heap copy (see pb_decode). */
static enum decode_class tn_decode(const struct decap_config *dc,
				   const uint8_t *buf, size_t caplen,
				   size_t wirelen, struct packet *p)
{
	uint8_t *copy = malloc(caplen ? caplen : 1);
	if (!copy)
		abort();
	memcpy(copy, buf, caplen);
	enum decode_class cls = decode_packet_decap(dc, LT_EN10MB, copy,
						    (uint32_t)caplen,
						    (uint32_t)wirelen, 0, p);
	free(copy);
	return cls;
}

/* How a cut is made: a snap length cut a frame of the full length, or the
 * datagram really ended there (outer IPv4 total length at 14, and the UDP
 * length at 38 when the protocol is UDP, rewritten to match). */
enum cut_mode { CUT_SNAP, CUT_SHORT };

static void tn_cut(const struct decap_config *dc, const uint8_t *b, size_t n,
		   size_t cut, enum cut_mode mode, struct packet *p)
{
	uint8_t copy[BUF];
	memcpy(copy, b, n);
	if (mode == CUT_SHORT && cut >= PB_ETH_LEN + PB_IPV4_LEN) {
		pb_be16(copy + 16, (uint16_t)(cut - PB_ETH_LEN));
		if (copy[23] == IPPROTO_NUM_UDP && cut >= 42)
			pb_be16(copy + 38, (uint16_t)(cut - 34));
	}
	tn_decode(dc, copy, cut, mode == CUT_SNAP ? n : cut, p);
}

/* Every cut in [from, to), both ways, stops with want; a mismatch prints
 * the cut. The outer header must be IPv4 after Ethernet. */
#define TN_ASSERT_CUTS(dc, b, n, from, to, want)                             \
	do {                                                                 \
		for (size_t tn_c = (from); tn_c < (size_t)(to); tn_c++)     \
			for (int tn_m = CUT_SNAP; tn_m <= CUT_SHORT; tn_m++) { \
				struct packet tn_p;                          \
				tn_cut((dc), (b), (n), tn_c, tn_m, &tn_p);   \
				if (tn_p.err != (want))                      \
					fprintf(stderr, "%s:%d: cut %zu (%s): %s, want %s\n", \
						__FILE__, __LINE__, tn_c,    \
						tn_m ? "short" : "snap",     \
						decode_err_name(tn_p.err),   \
						decode_err_name(want));      \
				CU_ASSERT_EQUAL(tn_p.err, (want));           \
			}                                                    \
	} while (0)

/* Every cut in [from, to) of a UDP tunnel of type is a look-alike:
 * declined, the packet left as the UDP datagram it was. */
#define TN_ASSERT_CUTS_DECLINED(dc, b, n, from, to, type)                    \
	do {                                                                 \
		for (size_t tn_c = (from); tn_c < (size_t)(to); tn_c++)     \
			for (int tn_m = CUT_SNAP; tn_m <= CUT_SHORT; tn_m++) { \
				struct packet tn_p;                          \
				tn_cut((dc), (b), (n), tn_c, tn_m, &tn_p);   \
				if (tn_p.err != DE_OK || !(tn_p.tunnel.declined & BIT(type))) \
					fprintf(stderr, "%s:%d: cut %zu (%s): %s, not declined\n", \
						__FILE__, __LINE__, tn_c,    \
						tn_m ? "short" : "snap",     \
						decode_err_name(tn_p.err));  \
				CU_ASSERT_EQUAL(tn_p.err, DE_OK);            \
				CU_ASSERT_EQUAL(tn_p.cls, DC_L4);            \
				CU_ASSERT_EQUAL(tn_p.l4_proto, IPPROTO_NUM_UDP); \
				CU_ASSERT(tn_p.tunnel.declined & BIT(type)); \
				CU_ASSERT_EQUAL(tn_p.tunnel.depth, 0);       \
			}                                                    \
	} while (0)

/* The tunnel record of a packet decapsulated depth times, the innermost
 * of type, carried by outer IPv4 (OUT4_*). */
#define TN_ASSERT_TUNNEL_V4(p, depth_, type_)                                \
	do {                                                                 \
		CU_ASSERT_EQUAL((p).tunnel.depth, (depth_));                 \
		CU_ASSERT_EQUAL((p).tunnel.type, (type_));                   \
		CU_ASSERT_EQUAL((p).tunnel.outer_ip_ver, 4);                 \
		CU_ASSERT_EQUAL(memcmp((p).tunnel.outer_src, OUT4_SRC, 4), 0); \
		CU_ASSERT_EQUAL(memcmp((p).tunnel.outer_dst, OUT4_DST, 4), 0); \
		CU_ASSERT((p).tunnel.seen & BIT(type_));                     \
		CU_ASSERT((p).tunnel.decap & BIT(type_));                    \
		CU_ASSERT_EQUAL((p).tunnel.declined, 0);                     \
	} while (0)

#define TN_ASSERT_TUNNEL_V6(p, depth_, type_)                                \
	do {                                                                 \
		CU_ASSERT_EQUAL((p).tunnel.depth, (depth_));                 \
		CU_ASSERT_EQUAL((p).tunnel.type, (type_));                   \
		CU_ASSERT_EQUAL((p).tunnel.outer_ip_ver, 6);                 \
		CU_ASSERT_EQUAL(memcmp((p).tunnel.outer_src, OUT6_SRC, 16), 0); \
		CU_ASSERT_EQUAL(memcmp((p).tunnel.outer_dst, OUT6_DST, 16), 0); \
		CU_ASSERT((p).tunnel.decap & BIT(type_));                    \
	} while (0)

/* A UDP tunnel packet left as its outer UDP datagram (OUTER_SPORT ->
 * dport, IPv4), nothing entered. */
#define TN_ASSERT_STAYS_UDP(p, dport_)                                       \
	do {                                                                 \
		PB_ASSERT_CLEAN(p, DC_L4);                                   \
		CU_ASSERT_EQUAL((p).ip_ver, 4);                              \
		CU_ASSERT_EQUAL(memcmp((p).src, OUT4_SRC, 4), 0);            \
		CU_ASSERT_EQUAL((p).l4_proto, IPPROTO_NUM_UDP);              \
		CU_ASSERT_EQUAL((p).sport, OUTER_SPORT);                     \
		CU_ASSERT_EQUAL((p).dport, (dport_));                        \
		CU_ASSERT_EQUAL((p).tunnel.depth, 0);                        \
		CU_ASSERT_EQUAL((p).tunnel.decap, 0);                        \
	} while (0)

/* The defaults every test starts from: all IANA ports, decapsulation on. */
static void dc_defaults(struct decap_config *dc)
{
	decap_config_defaults(dc);
}

/* ---- GRE ------------------------------------------------------------ */

static void gre_ipv4_in_ipv4_decapsulated(void)
{
	uint8_t in[BUF], g[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t n = wrap_eth_ipv4(b, IPPROTO_NUM_GRE, g,
				 wrap_gre(g, 0, ET_IPV4, NULL, 0, in, inner_v4_tcp(in)));

	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	TN_ASSERT_TUNNEL_V4(p, 1, TUN_GRE);
	CU_ASSERT_EQUAL(p.tunnel.has_id, 0);
	CU_ASSERT_EQUAL(p.tunnel.seen, BIT(TUN_GRE));
	CU_ASSERT_EQUAL(p.tunnel.outer_l4, IPPROTO_NUM_GRE);
	CU_ASSERT_EQUAL(p.tunnel.outer_l4_seen, 1);
}

/* C, K and S together: checksum/offset, key, sequence, in that order;
 * the key is the id. Over IPv6, with IPv6/UDP inside. */
static void gre_checksum_key_sequence_key_is_id(void)
{
	uint8_t in[BUF], g[BUF], b[BUF];
	const uint32_t opt[] = { 0xffff0000u, 0xdeadbeefu, 7 };
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t n = wrap_eth_ipv6(b, IPPROTO_NUM_GRE, g,
				 wrap_gre(g, GRE_C | GRE_K | GRE_S, ET_IPV6, opt, 3,
					  in, inner_v6_udp(in)));

	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 0);
	TN_ASSERT_TUNNEL_V6(p, 1, TUN_GRE);
	CU_ASSERT_EQUAL(p.tunnel.has_id, 1);
	CU_ASSERT_EQUAL(p.tunnel.id, 0xdeadbeefu);
}

/* R (RFC 1701 s2.2): checksum/offset word, then source route entries up
 * to one of length 0. */
static void gre_routing_entries_skipped(void)
{
	uint8_t in[BUF], g[BUF], b[BUF];
	uint8_t route[16] = { 0x08, 0x00, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8,
			      0, 0, 0, 0 };
	const uint32_t opt[] = { 0 };
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t r = wrap_hdr(g, route, sizeof(route), in, inner_v4_tcp(in));
	size_t gl = wrap_gre(g, GRE_R, ET_IPV4, opt, 1, g, r);
	size_t n = wrap_eth_ipv4(b, IPPROTO_NUM_GRE, g, gl);

	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	TN_ASSERT_TUNNEL_V4(p, 1, TUN_GRE);
	/* Every cut inside the header or the route entries. */
	TN_ASSERT_CUTS(&dc, b, n, 35, 34 + 8 + sizeof(route), DE_GRE_TRUNCATED);
}

/* PPTP (RFC 2637 s4.1): version 1, K (payload length | call id), S, A,
 * protocol PPP; the call id alone is the id. */
static void gre_v1_pptp_ppp_decapsulated(void)
{
	uint8_t in[BUF], g[BUF], b[BUF];
	const uint8_t ppp[4] = { 0xff, 0x03, 0x00, 0x21 };
	const uint32_t opt[] = { 44u << 16 | 0x4242, 5, 4 };
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t pl = wrap_hdr(in, ppp, sizeof(ppp), in, 0);
	pl += inner_v4_tcp(in + pl);
	size_t n = wrap_eth_ipv4(b, IPPROTO_NUM_GRE, g,
				 wrap_gre(g, GRE_K | GRE_S | GRE_A | 1, ET_PPP, opt, 3,
					  in, pl));

	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	TN_ASSERT_TUNNEL_V4(p, 1, TUN_GRE);
	CU_ASSERT_EQUAL(p.tunnel.has_id, 1);
	CU_ASSERT_EQUAL(p.tunnel.id, 0x4242);
	TN_ASSERT_CUTS(&dc, b, n, 35, 34 + 16, DE_GRE_TRUNCATED);
	TN_ASSERT_CUTS(&dc, b, n, 34 + 16, 34 + 16 + 4, DE_PPP_TRUNCATED);
}

/* Version 1 is PPTP's only: without PPP or a key it is gre.bad_version,
 * and so is any version above 1. */
static void gre_bad_versions_rejected(void)
{
	uint8_t in[BUF], g[BUF], b[BUF];
	const uint32_t key[] = { 1 };
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t il = inner_v4_tcp(in);
	size_t n = wrap_eth_ipv4(b, IPPROTO_NUM_GRE, g,
				 wrap_gre(g, GRE_K | 1, ET_IPV4, key, 1, in, il));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_GRE_BAD_VERSION);
	CU_ASSERT(p.tunnel.seen & BIT(TUN_GRE));
	CU_ASSERT_EQUAL(p.tunnel.depth, 0);
	n = wrap_eth_ipv4(b, IPPROTO_NUM_GRE, g, wrap_gre(g, 1, ET_PPP, NULL, 0, in, il));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_GRE_BAD_VERSION);
	n = wrap_eth_ipv4(b, IPPROTO_NUM_GRE, g, wrap_gre(g, 2, ET_IPV4, NULL, 0, in, il));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_GRE_BAD_VERSION);
}

/* Transparent Ethernet bridging (0x6558): an Ethernet frame inside. */
static void gre_teb_ethernet_decapsulated(void)
{
	uint8_t in[BUF], g[BUF], b[BUF];
	const uint32_t key[] = { 77 };
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t n = wrap_eth_ipv4(b, IPPROTO_NUM_GRE, g,
				 wrap_gre(g, GRE_K, ET_TEB, key, 1, in, inner_eth_v4_tcp(in)));

	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	TN_ASSERT_TUNNEL_V4(p, 1, TUN_GRE);
	CU_ASSERT_EQUAL(p.tunnel.id, 77);
	/* The inner Ethernet header cut: its own error. */
	TN_ASSERT_CUTS(&dc, b, n, 34 + 8, 34 + 8 + 14, DE_ETH_TRUNCATED);
}

/* A protocol type GRE does not enter: the tunnel is seen, not entered;
 * the packet stays the IPv4 packet of protocol 47 it was. */
static void gre_unknown_protocol_seen_not_decapsulated(void)
{
	uint8_t in[BUF], g[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t n = wrap_eth_ipv4(b, IPPROTO_NUM_GRE, g,
				 wrap_gre(g, 0, 0x1234, NULL, 0, in, pb_fill(in, 30)));

	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L3_ONLY);
	PB_ASSERT_CLEAN(p, DC_L3_ONLY);
	CU_ASSERT_EQUAL(p.ip_ver, 4);
	CU_ASSERT_EQUAL(memcmp(p.src, OUT4_SRC, 4), 0);
	CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_GRE);
	CU_ASSERT_EQUAL(p.tunnel.depth, 0);
	CU_ASSERT_EQUAL(p.tunnel.seen, BIT(TUN_GRE));
	CU_ASSERT_EQUAL(p.tunnel.decap, 0);
}

/* Every cut of a GRE header with every optional word: gre.truncated_header;
 * a cut right after the outer IPv4 header is an empty payload instead. */
static void gre_every_cut_is_truncated(void)
{
	uint8_t in[BUF], g[BUF], b[BUF];
	const uint32_t opt[] = { 0, 0x01020304, 9 };
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t n = wrap_eth_ipv4(b, IPPROTO_NUM_GRE, g,
				 wrap_gre(g, GRE_C | GRE_K | GRE_S, ET_IPV4, opt, 3,
					  in, inner_v4_tcp(in)));

	TN_ASSERT_CUTS(&dc, b, n, 35, 34 + 16, DE_GRE_TRUNCATED);
	TN_ASSERT_CUTS(&dc, b, n, 34 + 16, 34 + 16 + 20, DE_IPV4_TRUNCATED);
	tn_cut(&dc, b, n, 34, CUT_SHORT, &p);
	PB_ASSERT_CLEAN(p, DC_L3_ONLY);
	CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_GRE);
	CU_ASSERT_EQUAL(p.tunnel.seen, 0);
}

/* nmap -sO's probes: protocol 47, 4 or 41 with nothing after the IP
 * header are IP packets of that protocol, not broken tunnels. */
static void empty_gre_and_ipip_payloads_are_l3_only(void)
{
	const uint8_t protos[] = { IPPROTO_NUM_GRE, IPPROTO_NUM_IPV4, IPPROTO_NUM_IPV6 };
	uint8_t b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	for (size_t i = 0; i < sizeof(protos); i++) {
		size_t n = wrap_eth_ipv4(b, protos[i], NULL, 0);
		CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L3_ONLY);
		PB_ASSERT_CLEAN(p, DC_L3_ONLY);
		CU_ASSERT_EQUAL(p.l4_proto, protos[i]);
		CU_ASSERT_EQUAL(p.l4_len, 0);
		CU_ASSERT_EQUAL(p.tunnel.depth, 0);
		CU_ASSERT_EQUAL(p.tunnel.seen, 0);
		n = wrap_eth_ipv6(b, protos[i], NULL, 0);
		CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L3_ONLY);
		CU_ASSERT_EQUAL(p.err, DE_OK);
		CU_ASSERT_EQUAL(p.tunnel.seen, 0);
	}
}

/* ---- ERSPAN --------------------------------------------------------- */

/* Type I: protocol 0x88be without a sequence number, no header: the
 * mirrored frame follows GRE. Two tunnels entered, GRE then ERSPAN, and
 * ERSPAN keeps the IP header that carried GRE. */
static void erspan_type_i_decapsulated(void)
{
	uint8_t in[BUF], g[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t n = wrap_eth_ipv4(b, IPPROTO_NUM_GRE, g,
				 wrap_gre(g, 0, ET_ERSPAN2, NULL, 0, in, inner_eth_v4_tcp(in)));

	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	TN_ASSERT_TUNNEL_V4(p, 2, TUN_ERSPAN);
	CU_ASSERT_EQUAL(p.tunnel.has_id, 0);
	CU_ASSERT_EQUAL(p.tunnel.seen, BIT(TUN_GRE) | BIT(TUN_ERSPAN));
	CU_ASSERT_EQUAL(p.tunnel.decap, BIT(TUN_GRE) | BIT(TUN_ERSPAN));
	CU_ASSERT_EQUAL(p.tunnel.outer_l4, IPPROTO_NUM_GRE);
}

/* Type II header: Ver 1 | VLAN, COS En T | session (10 bits), index. */
static size_t wrap_erspan2(uint8_t *b, unsigned ver, uint16_t session,
			   const uint8_t *in, size_t n)
{
	uint8_t h[8];
	pb_be16(h, (uint16_t)(ver << 12 | 0x0aa));
	pb_be16(h + 2, (uint16_t)(0xe000 | 0x1c00 | session));
	pb_be32(h + 4, 0x000fffffu);
	return wrap_hdr(b, h, sizeof(h), in, n);
}

static void erspan_type_ii_session_is_id(void)
{
	uint8_t in[BUF], e[BUF], g[BUF], b[BUF];
	const uint32_t seq[] = { 1 };
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t el = wrap_erspan2(e, 1, 0x2a5, in, inner_eth_v4_tcp(in));
	size_t n = wrap_eth_ipv4(b, IPPROTO_NUM_GRE, g,
				 wrap_gre(g, GRE_S, ET_ERSPAN2, seq, 1, e, el));

	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	TN_ASSERT_TUNNEL_V4(p, 2, TUN_ERSPAN);
	CU_ASSERT_EQUAL(p.tunnel.has_id, 1);
	CU_ASSERT_EQUAL(p.tunnel.id, 0x2a5);
	TN_ASSERT_CUTS(&dc, b, n, 34 + 8, 34 + 16, DE_ERSPAN_TRUNCATED);
	/* A version that is not type II's. */
	el = wrap_erspan2(e, 2, 0x2a5, in, inner_eth_v4_tcp(in));
	n = wrap_eth_ipv4(b, IPPROTO_NUM_GRE, g, wrap_gre(g, GRE_S, ET_ERSPAN2, seq, 1, e, el));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_ERSPAN_BAD_VERSION);
}

/* Type III: Ver 2 | VLAN, COS BSO T | session, timestamp, SGT, then
 * P FT(5) HwID(6) D Gra(2) O; O adds an 8-byte subheader. */
static size_t wrap_erspan3(uint8_t *b, unsigned ft, int o, uint16_t session,
			   const uint8_t *in, size_t n)
{
	uint8_t h[20];
	memset(h, 0x33, sizeof(h));
	pb_be16(h, (uint16_t)(2u << 12 | 0x0aa));
	pb_be16(h + 2, session);
	pb_be32(h + 4, 0x01020304);
	pb_be16(h + 8, 0xbeef);
	pb_be16(h + 10, (uint16_t)(ft << 10 | 0x03f0 | (o ? 1 : 0)));
	return wrap_hdr(b, h, o ? 20 : 12, in, n);
}

static void erspan_type_iii_frame_types(void)
{
	uint8_t in[BUF], e[BUF], g[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	/* FT 0 with the platform subheader: Ethernet. */
	size_t el = wrap_erspan3(e, 0, 1, 0x155, in, inner_eth_v4_tcp(in));
	size_t n = wrap_eth_ipv4(b, IPPROTO_NUM_GRE, g,
				 wrap_gre(g, 0, ET_ERSPAN3, NULL, 0, e, el));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	TN_ASSERT_TUNNEL_V4(p, 2, TUN_ERSPAN);
	CU_ASSERT_EQUAL(p.tunnel.id, 0x155);
	TN_ASSERT_CUTS(&dc, b, n, 34 + 4, 34 + 4 + 20, DE_ERSPAN_TRUNCATED);
	/* FT 2: an IP packet, no Ethernet header. */
	el = wrap_erspan3(e, 2, 0, 0x3ff, in, inner_v6_udp(in));
	n = wrap_eth_ipv4(b, IPPROTO_NUM_GRE, g, wrap_gre(g, 0, ET_ERSPAN3, NULL, 0, e, el));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 0);
	TN_ASSERT_TUNNEL_V4(p, 2, TUN_ERSPAN);
	CU_ASSERT_EQUAL(p.tunnel.id, 0x3ff);
	TN_ASSERT_CUTS(&dc, b, n, 34 + 4, 34 + 4 + 12, DE_ERSPAN_TRUNCATED);
}

/* FT 7 is not entered: ERSPAN is seen inside the GRE tunnel entered,
 * and the packet is L3-only (what GRE's carrier was), not an L4 packet
 * without a transport. */
static void erspan_type_iii_unlisted_frame_type_is_l3_only(void)
{
	uint8_t in[BUF], e[BUF], g[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t el = wrap_erspan3(e, 7, 0, 1, in, pb_fill(in, 40));
	size_t n = wrap_eth_ipv4(b, IPPROTO_NUM_GRE, g,
				 wrap_gre(g, 0, ET_ERSPAN3, NULL, 0, e, el));

	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L3_ONLY);
	PB_ASSERT_CLEAN(p, DC_L3_ONLY);
	CU_ASSERT_EQUAL(p.l4_seen, 0);
	CU_ASSERT_EQUAL(p.tunnel.depth, 1);
	CU_ASSERT_EQUAL(p.tunnel.type, TUN_GRE);
	CU_ASSERT_EQUAL(p.tunnel.seen, BIT(TUN_GRE) | BIT(TUN_ERSPAN));
	CU_ASSERT_EQUAL(p.tunnel.decap, BIT(TUN_GRE));
}

/* ---- IP in IP ------------------------------------------------------- */

static void ipip_4in4_6in4_4in6_6in6(void)
{
	uint8_t in[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t v4 = inner_v4_tcp(in);
	size_t n = wrap_eth_ipv4(b, IPPROTO_NUM_IPV4, in, v4);
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	TN_ASSERT_TUNNEL_V4(p, 1, TUN_IPIP);
	CU_ASSERT_EQUAL(p.tunnel.has_id, 0);
	CU_ASSERT_EQUAL(p.tunnel.outer_l4, IPPROTO_NUM_IPV4);

	n = wrap_eth_ipv6(b, IPPROTO_NUM_IPV4, in, v4);
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	TN_ASSERT_TUNNEL_V6(p, 1, TUN_IPIP);

	size_t v6 = inner_v6_udp(in);
	n = wrap_eth_ipv4(b, IPPROTO_NUM_IPV6, in, v6);
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 0);
	TN_ASSERT_TUNNEL_V4(p, 1, TUN_IPIP);
	CU_ASSERT_EQUAL(p.tunnel.outer_l4, IPPROTO_NUM_IPV6);

	n = wrap_eth_ipv6(b, IPPROTO_NUM_IPV6, in, v6);
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 0);
	TN_ASSERT_TUNNEL_V6(p, 1, TUN_IPIP);
}

/* No header of its own: a cut is the inner IP header's error, and an
 * inner header of the other version is its bad_version. */
static void ipip_cuts_and_version_mismatch(void)
{
	uint8_t in[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t n = wrap_eth_ipv4(b, IPPROTO_NUM_IPV4, in, inner_v4_tcp(in));
	TN_ASSERT_CUTS(&dc, b, n, 35, 54, DE_IPV4_TRUNCATED);
	n = wrap_eth_ipv4(b, IPPROTO_NUM_IPV6, in, inner_v6_udp(in));
	TN_ASSERT_CUTS(&dc, b, n, 35, 74, DE_IPV6_TRUNCATED);
	n = wrap_eth_ipv4(b, IPPROTO_NUM_IPV4, in, inner_v6_udp(in));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_IPV4_BAD_VERSION);
	CU_ASSERT_EQUAL(p.tunnel.depth, 1);
}

/* ---- VXLAN ---------------------------------------------------------- */

static void vxlan_decapsulated_vni_is_id(void)
{
	uint8_t in[BUF], v[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t n = wrap_eth_udp4(b, PORT_VXLAN, v,
				 wrap_vxlan(v, 0x08, 0x123456, in, inner_eth_v4_tcp(in)));

	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	TN_ASSERT_TUNNEL_V4(p, 1, TUN_VXLAN);
	CU_ASSERT_EQUAL(p.tunnel.has_id, 1);
	CU_ASSERT_EQUAL(p.tunnel.id, 0x123456);
	CU_ASSERT_EQUAL(p.tunnel.outer_l4, IPPROTO_NUM_UDP);
	CU_ASSERT_EQUAL(p.tunnel.outer_l4_seen, 1);
	/* Every cut of the 8-byte header, an empty payload included. */
	TN_ASSERT_CUTS(&dc, b, n, 42, 50, DE_VXLAN_TRUNCATED);
	TN_ASSERT_CUTS(&dc, b, n, 50, 64, DE_ETH_TRUNCATED);
}

/* The reply direction: the tunnel port as the source port. Over IPv6. */
static void vxlan_source_port_and_ipv6_carrier(void)
{
	uint8_t in[BUF], v[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t n = wrap_eth_udp6(b, 33333, v,
				 wrap_vxlan(v, 0x08, 42, in, inner_eth_v4_tcp(in)));
	pb_be16(b + 54, PORT_VXLAN); /* UDP source port */

	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	TN_ASSERT_TUNNEL_V6(p, 1, TUN_VXLAN);
	CU_ASSERT_EQUAL(p.tunnel.id, 42);
}

/* RFC 7348 s5: I must be set; without it the datagram stays UDP. */
static void vxlan_without_i_flag_declined(void)
{
	uint8_t in[BUF], v[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t n = wrap_eth_udp4(b, PORT_VXLAN, v,
				 wrap_vxlan(v, 0x00, 9, in, inner_eth_v4_tcp(in)));

	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	TN_ASSERT_STAYS_UDP(p, PORT_VXLAN);
	CU_ASSERT_EQUAL(p.payload_len, 8 + 54);
	CU_ASSERT_EQUAL(p.tunnel.declined, BIT(TUN_VXLAN));
	CU_ASSERT_EQUAL(p.tunnel.seen, 0);
	TN_ASSERT_CUTS_DECLINED(&dc, b, n, 43, 50, TUN_VXLAN);
}

/* ARP inside VXLAN (zeek-vxlan.pcap's first two frames): the tunnel is
 * entered and the packet is the non-IP frame inside, with none of the
 * outer UDP header's fields. */
static void vxlan_arp_inside_is_non_ip(void)
{
	const uint8_t arp[8] = { 0, 1, 0x08, 0x00, 6, 4, 0, 1 };
	uint8_t in[BUF], v[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t il = pb_eth(in, ET_ARP);
	il += put(in + il, arp, sizeof(arp));
	il += pb_fill(in + il, 20);
	size_t n = wrap_eth_udp4(b, PORT_VXLAN, v, wrap_vxlan(v, 0x08, 5, in, il));

	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_NON_IP);
	PB_ASSERT_CLEAN(p, DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, ET_ARP);
	CU_ASSERT_EQUAL(p.arp.present, 1);
	TN_ASSERT_TUNNEL_V4(p, 1, TUN_VXLAN);
	CU_ASSERT_EQUAL(p.sport, 0);
	CU_ASSERT_EQUAL(p.l4_proto, 0);
	CU_ASSERT_EQUAL(p.l4_seen, 0);
	CU_ASSERT_EQUAL(p.ip_ver, 0);
}

/* ---- settings: --no-decap, --tunnel-port ------------------------------ */

static void no_decap_enters_nothing(void)
{
	uint8_t in[BUF], t[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	dc.enabled = 0;
	size_t n = wrap_eth_ipv4(b, IPPROTO_NUM_GRE, t,
				 wrap_gre(t, 0, ET_IPV4, NULL, 0, in, inner_v4_tcp(in)));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L3_ONLY);
	PB_ASSERT_CLEAN(p, DC_L3_ONLY);
	CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_GRE);
	CU_ASSERT_EQUAL(memcmp(p.src, OUT4_SRC, 4), 0);
	CU_ASSERT_EQUAL(p.tunnel.depth, 0);
	CU_ASSERT_EQUAL(p.tunnel.seen, 0);
	/* decode_packet() is the same with no settings at all. */
	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_L3_ONLY);
	CU_ASSERT_EQUAL(p.tunnel.seen, 0);

	n = wrap_eth_udp4(b, PORT_VXLAN, t, wrap_vxlan(t, 0x08, 1, in, inner_eth_v4_tcp(in)));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	TN_ASSERT_STAYS_UDP(p, PORT_VXLAN);
	CU_ASSERT_EQUAL(p.tunnel.seen | p.tunnel.declined, 0);

	n = wrap_eth_ipv4(b, IPPROTO_NUM_IPV6, in, inner_v6_udp(in));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L3_ONLY);
	CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_IPV6);

	n = wrap_eth(b, ET_NSH, t, wrap_nsh(t, 2, 2, 1, 5, in, inner_v4_tcp(in)));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, ET_NSH);
	CU_ASSERT_EQUAL(p.tunnel.seen, 0);
	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, ET_NSH);
}

/* --tunnel-port vxlan=8472: 8472 decapsulates, 4789 is plain UDP again. */
static void vxlan_port_replaced_by_8472(void)
{
	const uint16_t linux_port[] = { PORT_LINUX_VXLAN };
	uint8_t in[BUF], v[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	CU_ASSERT_EQUAL(decap_config_set_ports(&dc, TUN_VXLAN, linux_port, 1), 0);
	CU_ASSERT_EQUAL(decap_config_set_ports(&dc, TUN_GRE, linux_port, 1), -1);
	size_t vl = wrap_vxlan(v, 0x08, 7, in, inner_eth_v4_tcp(in));

	size_t n = wrap_eth_udp4(b, PORT_LINUX_VXLAN, v, vl);
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	TN_ASSERT_TUNNEL_V4(p, 1, TUN_VXLAN);
	CU_ASSERT_EQUAL(p.tunnel.id, 7);

	n = wrap_eth_udp4(b, PORT_VXLAN, v, vl);
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	TN_ASSERT_STAYS_UDP(p, PORT_VXLAN);
	CU_ASSERT_EQUAL(p.tunnel.seen | p.tunnel.declined, 0);
	/* The other types keep their ports. */
	CU_ASSERT_EQUAL(decap_udp_type(&dc, 1, PORT_GPE), TUN_VXLAN_GPE);
	CU_ASSERT_EQUAL(decap_udp_type(&dc, 1, PORT_AYIYA), TUN_AYIYA);
}

/* ---- GRE in UDP ------------------------------------------------------ */

static void gre_in_udp_decapsulated(void)
{
	uint8_t in[BUF], g[BUF], b[BUF];
	const uint32_t key[] = { 0x00c0ffee };
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t n = wrap_eth_udp4(b, PORT_GRE_UDP, g,
				 wrap_gre(g, GRE_K, ET_IPV4, key, 1, in, inner_v4_tcp(in)));

	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	TN_ASSERT_TUNNEL_V4(p, 1, TUN_GRE_UDP);
	CU_ASSERT_EQUAL(p.tunnel.id, 0x00c0ffee);
	CU_ASSERT_EQUAL(p.tunnel.outer_l4, IPPROTO_NUM_UDP);
	/* A cut before the protocol type: not enough to call it GRE. */
	TN_ASSERT_CUTS_DECLINED(&dc, b, n, 42, 46, TUN_GRE_UDP);
	TN_ASSERT_CUTS(&dc, b, n, 46, 50, DE_GRE_TRUNCATED);
}

/* A version other than 0, or a protocol type GRE does not enter, on
 * port 4754: not GRE, the datagram stays UDP. */
static void gre_in_udp_look_alikes_declined(void)
{
	uint8_t in[BUF], g[BUF], b[BUF];
	const uint32_t key[] = { 1 };
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t il = inner_v4_tcp(in);
	size_t n = wrap_eth_udp4(b, PORT_GRE_UDP, g,
				 wrap_gre(g, GRE_K | 1, ET_PPP, key, 1, in, il));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	TN_ASSERT_STAYS_UDP(p, PORT_GRE_UDP);
	CU_ASSERT_EQUAL(p.tunnel.declined, BIT(TUN_GRE_UDP));
	n = wrap_eth_udp4(b, PORT_GRE_UDP, g, wrap_gre(g, 0, 0x1234, NULL, 0, in, il));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	TN_ASSERT_STAYS_UDP(p, PORT_GRE_UDP);
	CU_ASSERT_EQUAL(p.tunnel.declined, BIT(TUN_GRE_UDP));
}

/* ---- VXLAN-GPE ------------------------------------------------------ */

enum { GPE_FLAGS = 0x0c }; /* I and P, version 0 */

static void gpe_ipv4_ipv6_ethernet_mpls(void)
{
	uint8_t in[BUF], v[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t n = wrap_eth_udp4(b, PORT_GPE, v,
				 wrap_gpe(v, GPE_FLAGS, 1, 0xabcdef, in, inner_v4_tcp(in)));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	TN_ASSERT_TUNNEL_V4(p, 1, TUN_VXLAN_GPE);
	CU_ASSERT_EQUAL(p.tunnel.has_id, 1);
	CU_ASSERT_EQUAL(p.tunnel.id, 0xabcdef);

	n = wrap_eth_udp4(b, PORT_GPE, v, wrap_gpe(v, GPE_FLAGS, 2, 1, in, inner_v6_udp(in)));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 0);
	TN_ASSERT_TUNNEL_V4(p, 1, TUN_VXLAN_GPE);

	n = wrap_eth_udp4(b, PORT_GPE, v, wrap_gpe(v, GPE_FLAGS, 3, 2, in, inner_eth_v4_tcp(in)));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	TN_ASSERT_TUNNEL_V4(p, 1, TUN_VXLAN_GPE);
	CU_ASSERT_EQUAL(p.tunnel.id, 2);

	/* MPLS: one label, bottom of stack, then IPv4. */
	const uint8_t label[4] = { 0x00, 0x01, 0x01, 0x40 };
	size_t ml = wrap_hdr(in, label, sizeof(label), in, 0);
	ml += inner_v4_tcp(in + ml);
	n = wrap_eth_udp4(b, PORT_GPE, v, wrap_gpe(v, GPE_FLAGS, 5, 3, in, ml));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	TN_ASSERT_TUNNEL_V4(p, 1, TUN_VXLAN_GPE);
	TN_ASSERT_CUTS(&dc, b, n, 42, 50, DE_VXLAN_GPE_TRUNCATED);
	TN_ASSERT_CUTS(&dc, b, n, 50, 54, DE_MPLS_TRUNCATED);
}

/* tcpdump-nsh-over-vxlan-gpe.pcap's layout: GPE, NSH (MD type 2, one
 * context word pair), IPv4/UDP. Two tunnels; NSH keeps GPE's carrier. */
static void gpe_nsh_ipv4_two_tunnels(void)
{
	uint8_t in[BUF], s[BUF], v[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t sl = wrap_nsh(s, 6, 2, 2, 0xffffff, in, inner_v6_udp(in));
	size_t n = wrap_eth_udp4(b, PORT_GPE, v, wrap_gpe(v, GPE_FLAGS, 4, 0x10, s, sl));

	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 0);
	TN_ASSERT_TUNNEL_V4(p, 2, TUN_NSH);
	CU_ASSERT_EQUAL(p.tunnel.id, 0xffffff);
	CU_ASSERT_EQUAL(p.tunnel.seen, BIT(TUN_VXLAN_GPE) | BIT(TUN_NSH));
	CU_ASSERT_EQUAL(p.tunnel.decap, BIT(TUN_VXLAN_GPE) | BIT(TUN_NSH));
	CU_ASSERT_EQUAL(p.tunnel.outer_l4, IPPROTO_NUM_UDP);
	TN_ASSERT_CUTS(&dc, b, n, 42, 50, DE_VXLAN_GPE_TRUNCATED);
	TN_ASSERT_CUTS(&dc, b, n, 50, 50 + 24, DE_NSH_TRUNCATED);
}

/* Version not 0, I or P clear: declined, stays UDP. */
static void gpe_bad_flags_declined(void)
{
	const uint8_t flags[] = { 0x1c, 0x2c, 0x3c, 0x04, 0x08, 0x00 };
	uint8_t in[BUF], v[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t il = inner_v4_tcp(in);
	for (size_t i = 0; i < sizeof(flags); i++) {
		size_t n = wrap_eth_udp4(b, PORT_GPE, v, wrap_gpe(v, flags[i], 1, 1, in, il));
		CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
		TN_ASSERT_STAYS_UDP(p, PORT_GPE);
		CU_ASSERT_EQUAL(p.tunnel.declined, BIT(TUN_VXLAN_GPE));
		TN_ASSERT_CUTS_DECLINED(&dc, b, n, 43, 50, TUN_VXLAN_GPE);
	}
	/* B and O do not matter. */
	size_t n = wrap_eth_udp4(b, PORT_GPE, v, wrap_gpe(v, 0x0f, 1, 1, in, il));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
}

/* A valid header whose Next Protocol is not listed: seen, not entered. */
static void gpe_unknown_next_protocol_seen_stays_udp(void)
{
	uint8_t in[BUF], v[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t n = wrap_eth_udp4(b, PORT_GPE, v,
				 wrap_gpe(v, GPE_FLAGS, 0x7f, 1, in, inner_v4_tcp(in)));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	TN_ASSERT_STAYS_UDP(p, PORT_GPE);
	CU_ASSERT_EQUAL(p.tunnel.seen, BIT(TUN_VXLAN_GPE));
	CU_ASSERT_EQUAL(p.tunnel.declined, 0);
}

/* ---- NSH ------------------------------------------------------------ */

/* tcpdump-nsh.pcap's layout: EtherType 0x894f, MD type 1 (Length 6),
 * SPI 777, SI 7, IPv4 inside. No IP carries it. */
static void nsh_by_ethertype_spi_is_id(void)
{
	uint8_t in[BUF], s[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t n = wrap_eth(b, ET_NSH, s, wrap_nsh_ver(s, 0, 6, 1, 1, 777, 7, in, inner_v4_tcp(in)));

	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	CU_ASSERT_EQUAL(p.tunnel.depth, 1);
	CU_ASSERT_EQUAL(p.tunnel.type, TUN_NSH);
	CU_ASSERT_EQUAL(p.tunnel.has_id, 1);
	CU_ASSERT_EQUAL(p.tunnel.id, 777);
	CU_ASSERT_EQUAL(p.nonip_kind, 0);
	CU_ASSERT_EQUAL(p.tunnel.outer_ip_ver, 0);
	CU_ASSERT_EQUAL(p.tunnel.outer_l4_seen, 0);
	CU_ASSERT_EQUAL(p.tunnel.seen, BIT(TUN_NSH));
	CU_ASSERT_EQUAL(p.tunnel.decap, BIT(TUN_NSH));
	/* Every cut: base header, service path, the four context words. */
	for (size_t cut = 14; cut < 14 + 24; cut++) {
		tn_decode(&dc, b, cut, cut, &p);
		if (p.err != DE_NSH_TRUNCATED)
			fprintf(stderr, "%s:%d: cut %zu: %s\n", __FILE__, __LINE__,
				cut, decode_err_name(p.err));
		CU_ASSERT_EQUAL(p.err, DE_NSH_TRUNCATED);
		CU_ASSERT(p.tunnel.seen & BIT(TUN_NSH));
	}
	tn_decode(&dc, b, 38, 38, &p);
	CU_ASSERT_EQUAL(p.err, DE_IPV4_TRUNCATED);
}

/* MD type 2 with a Length of 2 (no context) and of 3; Ethernet, IPv6
 * and NSH (nested) as next protocols. */
static void nsh_md2_lengths_and_next_protocols(void)
{
	uint8_t in[BUF], s[BUF], t[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t n = wrap_eth(b, ET_NSH, s, wrap_nsh(s, 2, 2, 3, 1, in, inner_eth_v4_tcp(in)));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	CU_ASSERT_EQUAL(p.tunnel.id, 1);

	n = wrap_eth(b, ET_NSH, s, wrap_nsh(s, 3, 2, 2, 2, in, inner_v6_udp(in)));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 0);
	CU_ASSERT_EQUAL(p.tunnel.id, 2);

	size_t tl = wrap_nsh(t, 2, 2, 2, 4, in, inner_v6_udp(in));
	n = wrap_eth(b, ET_NSH, s, wrap_nsh(s, 2, 2, 4, 3, t, tl));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 0);
	CU_ASSERT_EQUAL(p.tunnel.depth, 2);
	CU_ASSERT_EQUAL(p.tunnel.id, 4);
}

/* Length 0 or 1 cannot hold the base and service path headers. */
static void nsh_length_below_two_words_is_bad_length(void)
{
	uint8_t in[BUF], s[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	for (unsigned words = 0; words < 2; words++) {
		size_t n = wrap_eth(b, ET_NSH, s, wrap_nsh(s, words, 1, 1, 1, in, inner_v4_tcp(in)));
		CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_ERROR);
		CU_ASSERT_EQUAL(p.err, DE_NSH_BAD_LENGTH);
		CU_ASSERT_EQUAL(p.tunnel.depth, 0);
	}
	/* Length 63 on a short frame: truncated, not an overrun. */
	size_t n = wrap_eth(b, ET_NSH, s, wrap_nsh(s, 2, 1, 1, 1, in, inner_v4_tcp(in)));
	b[15] = 63;
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_NSH_TRUNCATED);
}

/* A version NSH does not know, or a Next Protocol not listed: seen and
 * not entered; the frame stays a non-IP frame of EtherType 0x894f. */
static void nsh_unknown_version_or_protocol_not_entered(void)
{
	uint8_t in[BUF], s[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t n = wrap_eth(b, ET_NSH, s, wrap_nsh_ver(s, 1, 6, 1, 1, 9, 1, in, inner_v4_tcp(in)));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_NON_IP);
	PB_ASSERT_CLEAN(p, DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, ET_NSH);
	CU_ASSERT_EQUAL(p.tunnel.seen, BIT(TUN_NSH));
	CU_ASSERT_EQUAL(p.tunnel.depth, 0);
	n = wrap_eth(b, ET_NSH, s, wrap_nsh(s, 6, 1, 0xfe, 9, in, inner_v4_tcp(in)));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, ET_NSH);
	CU_ASSERT_EQUAL(p.tunnel.seen, BIT(TUN_NSH));
	CU_ASSERT_EQUAL(p.tunnel.decap, 0);
	/* The same inside GPE: GPE entered, NSH seen; L3-only, no transport. */
	size_t sl = wrap_nsh(s, 2, 2, 0xfe, 9, in, inner_v4_tcp(in));
	n = wrap_eth_udp4(b, PORT_GPE, in, wrap_gpe(in, GPE_FLAGS, 4, 1, s, sl));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L3_ONLY);
	CU_ASSERT_EQUAL(p.l4_seen, 0);
	CU_ASSERT_EQUAL(p.tunnel.depth, 1);
	CU_ASSERT_EQUAL(p.tunnel.seen, BIT(TUN_VXLAN_GPE) | BIT(TUN_NSH));
}

/* ---- AYIYA ---------------------------------------------------------- */

/* zeek-ayiya3.pcap's layout: a forward of IPv6 with a 16-byte identity
 * and a SHA-1 signature; no id. */
static void ayiya_forward_ipv6_and_ipv4(void)
{
	uint8_t in[BUF], a[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t n = wrap_eth_udp4(b, PORT_AYIYA, a, wrap_ayiya(a, &AYIYA_FWD6, in, inner_v6_udp(in)));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 0);
	TN_ASSERT_TUNNEL_V4(p, 1, TUN_AYIYA);
	CU_ASSERT_EQUAL(p.tunnel.has_id, 0);
	CU_ASSERT_EQUAL(p.tunnel.outer_l4, IPPROTO_NUM_UDP);
	TN_ASSERT_CUTS(&dc, b, n, 42, 42 + 8 + 16 + 20, DE_AYIYA_TRUNCATED);
	TN_ASSERT_CUTS(&dc, b, n, 42 + 44, 42 + 44 + 40, DE_IPV6_TRUNCATED);

	struct ayiya_spec v4 = AYIYA_FWD6;
	v4.nh = IPPROTO_NUM_IPV4;
	v4.idlen = 2; /* an IPv4 address as identity */
	v4.hash = 1;
	v4.siglen = 4;
	n = wrap_eth_udp4(b, PORT_AYIYA, a, wrap_ayiya(a, &v4, in, inner_v4_tcp(in)));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	TN_ASSERT_TUNNEL_V4(p, 1, TUN_AYIYA);
	TN_ASSERT_CUTS(&dc, b, n, 42, 42 + 8 + 4 + 16, DE_AYIYA_TRUNCATED);
}

/* zeek-ayiya-large-identity.pcap: idlen 8, 256 bytes of identity. The
 * largest, idlen 15, on a short datagram is truncated, not an overrun. */
static void ayiya_large_identity(void)
{
	uint8_t in[BUF], a[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	struct ayiya_spec s = AYIYA_FWD6;
	s.idlen = 8;
	size_t n = wrap_eth_udp4(b, PORT_AYIYA, a, wrap_ayiya(a, &s, in, inner_v6_udp(in)));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 0);
	TN_ASSERT_TUNNEL_V4(p, 1, TUN_AYIYA);

	s.idlen = 4;
	n = wrap_eth_udp4(b, PORT_AYIYA, a, wrap_ayiya(a, &s, in, inner_v6_udp(in)));
	b[42] = 0xf1; /* idlen 15: 32 KiB of identity announced */
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_AYIYA_TRUNCATED);
}

/* A heartbeat (opcode 0, next header 59) carries nothing: seen, not
 * entered, the datagram stays UDP; so does a forward of nothing. */
static void ayiya_heartbeat_seen_stays_udp(void)
{
	uint8_t a[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	struct ayiya_spec s = AYIYA_FWD6;
	s.op = 0;
	s.nh = 59;
	size_t n = wrap_eth_udp4(b, PORT_AYIYA, a, wrap_ayiya(a, &s, NULL, 0));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	TN_ASSERT_STAYS_UDP(p, PORT_AYIYA);
	CU_ASSERT_EQUAL(p.tunnel.seen, BIT(TUN_AYIYA));
	s.op = 1;
	n = wrap_eth_udp4(b, PORT_AYIYA, a, wrap_ayiya(a, &s, NULL, 0));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	TN_ASSERT_STAYS_UDP(p, PORT_AYIYA);
	CU_ASSERT_EQUAL(p.tunnel.seen, BIT(TUN_AYIYA));
}

/* Values the draft does not define, or a forward of something AYIYA
 * never carries: a look-alike on port 5072, declined. */
static void ayiya_look_alikes_declined(void)
{
	uint8_t in[BUF], a[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	struct ayiya_spec bad[5];
	for (int i = 0; i < 5; i++)
		bad[i] = AYIYA_FWD6;
	bad[0].idtype = 3;
	bad[1].hash = 3;
	bad[2].auth = 3;
	bad[3].op = 8;
	bad[4].nh = IPPROTO_NUM_TCP;
	size_t il = inner_v6_udp(in);
	for (int i = 0; i < 5; i++) {
		size_t n = wrap_eth_udp4(b, PORT_AYIYA, a, wrap_ayiya(a, &bad[i], in, il));
		CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
		TN_ASSERT_STAYS_UDP(p, PORT_AYIYA);
		CU_ASSERT_EQUAL(p.tunnel.declined, BIT(TUN_AYIYA));
		CU_ASSERT_EQUAL(p.tunnel.seen, 0);
		TN_ASSERT_CUTS_DECLINED(&dc, b, n, 46, 46 + 40, TUN_AYIYA);
	}
}

/* ---- nesting and fragments ------------------------------------------- */

/* k GRE-in-IPv4 tunnels around IPv4/TCP, in an Ethernet frame. */
static size_t nested_gre(uint8_t *b, unsigned k)
{
	uint8_t cur[BUF], tmp[BUF];
	size_t n = inner_v4_tcp(cur);
	for (unsigned i = 0; i < k; i++) {
		size_t g = wrap_gre(tmp, GRE_K, ET_IPV4, (const uint32_t[]){ i + 1 }, 1, cur, n);
		n = wrap_ipv4(cur, IPPROTO_NUM_GRE, tmp, g);
	}
	return wrap_eth(b, ET_IPV4, cur, n);
}

static void eight_tunnels_decode_ninth_too_deep(void)
{
	uint8_t b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t n = nested_gre(b, DECODE_MAX_TUNNELS);
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	TN_ASSERT_TUNNEL_V4(p, DECODE_MAX_TUNNELS, TUN_GRE);
	CU_ASSERT_EQUAL(p.tunnel.id, 1); /* the innermost key */

	n = nested_gre(b, DECODE_MAX_TUNNELS + 1);
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_TUNNEL_TOO_DEEP);
	CU_ASSERT_STRING_EQUAL(decode_err_name(DE_TUNNEL_TOO_DEEP), "tunnel.too_deep");
	CU_ASSERT_EQUAL(p.tunnel.depth, DECODE_MAX_TUNNELS);
	CU_ASSERT_EQUAL(p.tunnel.id, 2);
}

/* An Ethernet frame of one VLAN tag and a PPPoE session around IP: the
 * most layers a frame adds (link, tag stack, PPPoE, IP). */
static size_t eth_vlan_pppoe(uint8_t *b, const uint8_t *ip, size_t n)
{
	uint8_t h[14 + 4 + 8];
	pb_eth(h, TPID_8021Q);
	pb_be16(h + 14, 100);
	pb_be16(h + 16, ET_PPPOE_SESS);
	h[18] = 0x11;
	h[19] = 0;
	pb_be16(h + 20, 1);
	pb_be16(h + 22, (uint16_t)(2 + n));
	pb_be16(h + 24, PPP_IPV4);
	return wrap_hdr(b, h, sizeof(h), ip, n);
}

/* k VXLAN tunnels, each frame (the outer one too) in VLAN and PPPoE: six
 * layers of decode.c's loop per tunnel (UDP, VXLAN, Ethernet, VLAN,
 * PPPoE, IP), the longest chain a tunnel adds. */
static size_t nested_vxlan_long(uint8_t *b, unsigned k)
{
	uint8_t frame[BUF], tmp[BUF], ip[BUF];
	size_t n = eth_vlan_pppoe(frame, ip, inner_v4_tcp(ip));
	for (unsigned i = 0; i < k; i++) {
		size_t v = wrap_vxlan(tmp, 0x08, i + 1, frame, n);
		v = wrap_udp(ip, PORT_VXLAN, tmp, v);
		memcpy(tmp, ip, v);
		v = wrap_ipv4(ip, IPPROTO_NUM_UDP, tmp, v);
		n = eth_vlan_pppoe(frame, ip, v);
	}
	memcpy(b, frame, n);
	return n;
}

/* The layer bound must not be reached before the tunnel bound. */
static void longest_chains_reach_tunnel_bound_first(void)
{
	uint8_t b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t n = nested_vxlan_long(b, DECODE_MAX_TUNNELS);
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	CU_ASSERT_EQUAL(p.err, DE_OK);
	CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_TCP);
	CU_ASSERT_EQUAL(p.dport, 80);
	CU_ASSERT_EQUAL(p.tunnel.depth, DECODE_MAX_TUNNELS);
	CU_ASSERT_EQUAL(p.tunnel.id, 1);

	n = nested_vxlan_long(b, DECODE_MAX_TUNNELS + 1);
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_TUNNEL_TOO_DEEP);
}

/* NSH in NSH, one layer per tunnel: the 9th is too deep as well. */
static void nine_nsh_headers_too_deep(void)
{
	uint8_t cur[BUF], tmp[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t n = inner_v4_tcp(cur);
	uint8_t np = 1;
	for (unsigned i = 0; i < DECODE_MAX_TUNNELS + 1; i++) {
		n = wrap_nsh(tmp, 2, 2, np, i + 1, cur, n);
		memcpy(cur, tmp, n);
		np = 4;
		if (i + 1 == DECODE_MAX_TUNNELS) {
			size_t m = wrap_eth(b, ET_NSH, cur, n);
			CU_ASSERT_EQUAL(tn_decode(&dc, b, m, m, &p), DC_L4);
			PB_ASSERT_IPV4_TCP(p, 0);
			CU_ASSERT_EQUAL(p.tunnel.depth, DECODE_MAX_TUNNELS);
		}
	}
	n = wrap_eth(b, ET_NSH, cur, n);
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_TUNNEL_TOO_DEEP);
}

/* A GRE packet fragmented on the way (zeek-erspan.pcap): the first
 * fragment holds the inner headers of a datagram that goes on in later
 * fragments. It is entered and its transport counted, marked as a first
 * fragment; a later fragment stays L3-only; without fragmentation an
 * inner length beyond the frame is still an error. */
static void tunnel_in_first_fragment_entered(void)
{
	uint8_t in[BUF], g[BUF], b[BUF];
	struct decap_config dc;
	struct packet p;
	dc_defaults(&dc);
	size_t il = pb_eth(in, ET_IPV4);
	il += pb_ipv4_tcp(in + il, 100);
	pb_be16(in + 14 + 2, 2960); /* the inner datagram is longer */
	size_t n = wrap_eth_ipv4(b, IPPROTO_NUM_GRE, g, wrap_gre(g, 0, ET_TEB, NULL, 0, in, il));
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_IPV4_LEN_GT_FRAME);

	pb_be16(b + 20, 0x2000); /* outer: MF, offset 0 */
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	CU_ASSERT_EQUAL(p.err, DE_OK);
	CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_TCP);
	CU_ASSERT_EQUAL(p.dport, 80);
	CU_ASSERT_EQUAL(p.frag, FRAG_FIRST);
	CU_ASSERT_EQUAL(p.ip_len, 2960);
	TN_ASSERT_TUNNEL_V4(p, 1, TUN_GRE);

	pb_be16(b + 20, 0x2000 | 185); /* a later fragment */
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L3_ONLY);
	CU_ASSERT_EQUAL(p.frag, FRAG_LATER);
	CU_ASSERT_EQUAL(p.tunnel.seen, 0);

	/* IPv6 inside, through IP in IP. */
	il = pb_ipv6_udp(in, 100);
	pb_be16(in + 4, 3000);
	n = wrap_eth_ipv4(b, IPPROTO_NUM_IPV6, in, il);
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_IPV6_LEN_GT_FRAME);
	pb_be16(b + 20, 0x2000);
	CU_ASSERT_EQUAL(tn_decode(&dc, b, n, n, &p), DC_L4);
	CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_UDP);
	CU_ASSERT_EQUAL(p.frag, FRAG_FIRST);
}

static const struct pb_test tests[] = {
	{ "gre_ipv4_in_ipv4_decapsulated", gre_ipv4_in_ipv4_decapsulated },
	{ "gre_checksum_key_sequence_key_is_id", gre_checksum_key_sequence_key_is_id },
	{ "gre_routing_entries_skipped", gre_routing_entries_skipped },
	{ "gre_v1_pptp_ppp_decapsulated", gre_v1_pptp_ppp_decapsulated },
	{ "gre_bad_versions_rejected", gre_bad_versions_rejected },
	{ "gre_teb_ethernet_decapsulated", gre_teb_ethernet_decapsulated },
	{ "gre_unknown_protocol_seen_not_decapsulated",
	  gre_unknown_protocol_seen_not_decapsulated },
	{ "gre_every_cut_is_truncated", gre_every_cut_is_truncated },
	{ "empty_gre_and_ipip_payloads_are_l3_only",
	  empty_gre_and_ipip_payloads_are_l3_only },
	{ "erspan_type_i_decapsulated", erspan_type_i_decapsulated },
	{ "erspan_type_ii_session_is_id", erspan_type_ii_session_is_id },
	{ "erspan_type_iii_frame_types", erspan_type_iii_frame_types },
	{ "erspan_type_iii_unlisted_frame_type_is_l3_only",
	  erspan_type_iii_unlisted_frame_type_is_l3_only },
	{ "ipip_4in4_6in4_4in6_6in6", ipip_4in4_6in4_4in6_6in6 },
	{ "ipip_cuts_and_version_mismatch", ipip_cuts_and_version_mismatch },
	{ "vxlan_decapsulated_vni_is_id", vxlan_decapsulated_vni_is_id },
	{ "vxlan_source_port_and_ipv6_carrier", vxlan_source_port_and_ipv6_carrier },
	{ "vxlan_without_i_flag_declined", vxlan_without_i_flag_declined },
	{ "vxlan_arp_inside_is_non_ip", vxlan_arp_inside_is_non_ip },
	{ "no_decap_enters_nothing", no_decap_enters_nothing },
	{ "vxlan_port_replaced_by_8472", vxlan_port_replaced_by_8472 },
	{ "gre_in_udp_decapsulated", gre_in_udp_decapsulated },
	{ "gre_in_udp_look_alikes_declined", gre_in_udp_look_alikes_declined },
	{ "gpe_ipv4_ipv6_ethernet_mpls", gpe_ipv4_ipv6_ethernet_mpls },
	{ "gpe_nsh_ipv4_two_tunnels", gpe_nsh_ipv4_two_tunnels },
	{ "gpe_bad_flags_declined", gpe_bad_flags_declined },
	{ "gpe_unknown_next_protocol_seen_stays_udp",
	  gpe_unknown_next_protocol_seen_stays_udp },
	{ "nsh_by_ethertype_spi_is_id", nsh_by_ethertype_spi_is_id },
	{ "nsh_md2_lengths_and_next_protocols", nsh_md2_lengths_and_next_protocols },
	{ "nsh_length_below_two_words_is_bad_length",
	  nsh_length_below_two_words_is_bad_length },
	{ "nsh_unknown_version_or_protocol_not_entered",
	  nsh_unknown_version_or_protocol_not_entered },
	{ "ayiya_forward_ipv6_and_ipv4", ayiya_forward_ipv6_and_ipv4 },
	{ "ayiya_large_identity", ayiya_large_identity },
	{ "ayiya_heartbeat_seen_stays_udp", ayiya_heartbeat_seen_stays_udp },
	{ "ayiya_look_alikes_declined", ayiya_look_alikes_declined },
	{ "eight_tunnels_decode_ninth_too_deep", eight_tunnels_decode_ninth_too_deep },
	{ "longest_chains_reach_tunnel_bound_first",
	  longest_chains_reach_tunnel_bound_first },
	{ "nine_nsh_headers_too_deep", nine_nsh_headers_too_deep },
	{ "tunnel_in_first_fragment_entered", tunnel_in_first_fragment_entered },
};

int test_tunnels_register(void)
{
	return pb_register("tunnels", tests, sizeof(tests) / sizeof(tests[0]));
}
