/* tests/test_tunnels_udp.c - the UDP tunnel dissectors Geneve
 * (dissectors/geneve.c, RFC 8926 s3.4), GTP-U (dissectors/gtpu.c, 3GPP
 * TS 29.281 s5) and Teredo (dissectors/teredo.c, RFC 4380 s5.1.1), as
 * decode_packet_decap() runs them with the default ports.
 * For each: a valid packet decodes to the inner transport with the
 * tunnel's type, id and outer addresses; every cut of the tunnel header,
 * by a snap length and by a datagram that really ended there, gives the
 * dissector's named error or a decline, never anything else (ASan, via
 * make asan, catches a stray read: each decode runs on an exact-size
 * heap copy); look-alikes decline and stay UDP. Also: a valid header
 * with nothing to enter, Teredo inside GTP-U, and an inner header in the
 * first fragment of a GTP-U datagram (decode.c's frag_cut). */
#include <CUnit/CUnit.h>
#include "pktbuild.h"

/* Outer addresses (RFC 5737 TEST-NET-3); the inner packets use pb_*'s. */
#define OUT_SRC ((const uint8_t[4]){ 203, 0, 113, 1 })
#define OUT_DST ((const uint8_t[4]){ 203, 0, 113, 2 })

enum {
	PAY = PB_IPV4_LEN + PB_UDP_LEN, /* the outer UDP payload's offset */
	PORT_GENEVE = 6081, PORT_GTPU = 2152, PORT_TEREDO = 3544,
	ET_IPV4 = 0x0800, ET_IPV6 = 0x86dd, ET_ARP = 0x0806, ET_TEB = 0x6558,
	VNI = 0x123456,
	NH_NONE = 59,
};
#define TEID 0xdeadbeefu
/* What check_cuts() expects of a cut that declines (no error). */
#define DECL DE_OK

/* Outer IPv4 + UDP sport -> dport around payload bytes already at b+PAY;
 * every length consistent. Returns the frame length. */
static size_t outer_udp4(uint8_t *b, uint16_t sport, uint16_t dport, size_t payload)
{
	pb_ipv4(b, IPPROTO_NUM_UDP, (uint16_t)(PAY + payload));
	memcpy(b + 12, OUT_SRC, 4);
	memcpy(b + 16, OUT_DST, 4);
	pb_udp(b + PB_IPV4_LEN, sport, dport, (uint16_t)(PB_UDP_LEN + payload));
	return PAY + payload;
}

/* Decode caplen bytes of buf (an exact-size heap copy) as raw IP with the
 * default tunnel ports, wirelen bytes on the wire. */
static enum decode_class decap(const uint8_t *buf, size_t caplen, size_t wirelen,
			       struct packet *p)
{
	struct decap_config dc;
	uint8_t *copy = malloc(caplen ? caplen : 1);

	if (!copy)
		abort();
	decap_config_defaults(&dc);
	memcpy(copy, buf, caplen);
	enum decode_class cls = decode_packet_decap(&dc, LT_RAW, copy, (uint32_t)caplen,
						    (uint32_t)wirelen, 0, p);
	free(copy);
	return cls;
}

/* The packet after the tunnel of type was entered once from the outer
 * IPv4/UDP header. */
static void assert_entered(const struct packet *p, unsigned type)
{
	CU_ASSERT_EQUAL(p->tunnel.depth, 1);
	CU_ASSERT_EQUAL(p->tunnel.type, type);
	CU_ASSERT_EQUAL(p->tunnel.seen, 1u << type);
	CU_ASSERT_EQUAL(p->tunnel.decap, 1u << type);
	CU_ASSERT_EQUAL(p->tunnel.declined, 0);
	CU_ASSERT_EQUAL(p->tunnel.outer_ip_ver, 4);
	CU_ASSERT_EQUAL(p->tunnel.outer_l4, IPPROTO_NUM_UDP);
	CU_ASSERT_EQUAL(memcmp(p->tunnel.outer_src, OUT_SRC, 4), 0);
	CU_ASSERT_EQUAL(memcmp(p->tunnel.outer_dst, OUT_DST, 4), 0);
}

/* A UDP packet whose payload type declined: still the outer UDP. */
static void assert_declined(const struct packet *p, unsigned type, uint16_t dport)
{
	CU_ASSERT_EQUAL(p->err, DE_OK);
	CU_ASSERT_EQUAL(p->cls, DC_L4);
	CU_ASSERT_EQUAL(p->l4_proto, IPPROTO_NUM_UDP);
	CU_ASSERT_EQUAL(p->l4_seen, 1);
	CU_ASSERT_EQUAL(p->dport, dport);
	CU_ASSERT_EQUAL(memcmp(p->src, OUT_SRC, 4), 0);
	CU_ASSERT_EQUAL(p->tunnel.depth, 0);
	CU_ASSERT_EQUAL(p->tunnel.declined, 1u << type);
	CU_ASSERT_EQUAL(p->tunnel.seen, 0);
}

/* A valid header with nothing to enter: counted as seen, still UDP. */
static void assert_seen_not_entered(const struct packet *p, unsigned type)
{
	CU_ASSERT_EQUAL(p->err, DE_OK);
	CU_ASSERT_EQUAL(p->cls, DC_L4);
	CU_ASSERT_EQUAL(p->l4_proto, IPPROTO_NUM_UDP);
	CU_ASSERT_EQUAL(memcmp(p->src, OUT_SRC, 4), 0);
	CU_ASSERT_EQUAL(p->tunnel.depth, 0);
	CU_ASSERT_EQUAL(p->tunnel.seen, 1u << type);
	CU_ASSERT_EQUAL(p->tunnel.decap, 0);
	CU_ASSERT_EQUAL(p->tunnel.declined, 0);
}

/* What a cut of hdr_cut bytes into the tunnel header should give: a
 * decode error, or DECL (declined: the packet stays UDP). */
typedef enum decode_err (*cut_rule)(size_t hdr_cut);

/* Every cut of the n-byte frame b at PAY + [0, hdr_len): with snap set,
 * a snap length (the wire length stays n); else the datagram ended there
 * (IP and UDP lengths say so). Each gives what rule says, and a
 * mismatch prints the cut. */
static void check_cuts(const uint8_t *b, size_t n, size_t hdr_len, int snap,
		       unsigned type, cut_rule rule)
{
	uint8_t *copy = malloc(n);
	if (!copy)
		abort();
	for (size_t k = 0; k < hdr_len; k++) {
		struct packet p;
		size_t cut = PAY + k;
		memcpy(copy, b, n);
		if (!snap) {
			pb_be16(copy + 2, (uint16_t)cut);
			pb_be16(copy + PB_IPV4_LEN + 4, (uint16_t)(PB_UDP_LEN + k));
		}
		decap(copy, cut, snap ? n : cut, &p);
		enum decode_err want = rule(k);
		int ok = want == DECL ? p.err == DE_OK && p.tunnel.depth == 0 &&
			 p.tunnel.declined == 1u << type && p.l4_proto == IPPROTO_NUM_UDP
			 : p.err == want && p.cls == DC_ERROR && p.tunnel.depth == 0 &&
			 p.l4_proto == IPPROTO_NUM_UDP;
		if (!ok)
			fprintf(stderr, "%s: %s cut %zu: %s depth %u declined %#x, want %s\n",
				tunnel_type_name(type), snap ? "snap" : "datagram", k,
				decode_err_name(p.err), p.tunnel.depth, p.tunnel.declined,
				want == DECL ? "decline" : decode_err_name(want));
		CU_ASSERT(ok);
	}
	free(copy);
}

/* ---- Geneve ---------------------------------------------------------- */

/* Geneve base header: version 0, opt_words of options, flags, protocol
 * type, VNI. */
static size_t geneve_hdr(uint8_t *b, uint8_t opt_words, uint8_t flags, uint16_t proto)
{
	b[0] = opt_words & 0x3f;
	b[1] = flags;
	pb_be16(b + 2, proto);
	pb_be32(b + 4, (uint32_t)VNI << 8);
	return 8;
}

/* One option of class, type and data_words 4-byte words of data. */
static size_t geneve_opt(uint8_t *b, uint16_t cls, uint8_t type, uint8_t data_words)
{
	pb_be16(b, cls);
	b[2] = type;
	b[3] = data_words & 0x1f;
	memset(b + 4, 0x5a, (size_t)data_words * 4);
	return 4 + (size_t)data_words * 4;
}

/* Geneve (Ethernet) + Ethernet + IPv4/TCP with 4 bytes of payload. */
static size_t geneve_eth_tcp(uint8_t *b)
{
	size_t m = geneve_hdr(b + PAY, 0, 0, ET_TEB);
	m += pb_eth(b + PAY + m, ET_IPV4);
	m += pb_ipv4_tcp(b + PAY + m, 4);
	return outer_udp4(b, 40000, PORT_GENEVE, m);
}

static void geneve_ethernet_inner_tcp_decoded(void)
{
	uint8_t b[160];
	struct packet p;
	size_t n = geneve_eth_tcp(b);

	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 4);
	assert_entered(&p, TUN_GENEVE);
	CU_ASSERT_EQUAL(p.tunnel.has_id, 1);
	CU_ASSERT_EQUAL(p.tunnel.id, VNI);
	/* Without decapsulation the same frame is the outer UDP packet. */
	CU_ASSERT_EQUAL(pb_decode(LT_RAW, b, n, n, &p), DC_L4);
	CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_UDP);
	CU_ASSERT_EQUAL(p.dport, PORT_GENEVE);
	CU_ASSERT_EQUAL(p.tunnel.depth, 0);
}

/* Two options (12 and 4 bytes; C and O set) before an IPv6 payload
 * named by its EtherType: skipped by their lengths. */
static void geneve_options_skipped_ipv6_by_ethertype(void)
{
	uint8_t b[200];
	struct packet p;
	size_t m = geneve_hdr(b + PAY, 4, 0xc0, ET_IPV6);
	m += geneve_opt(b + PAY + m, 0x0102, 0x80, 2);
	m += geneve_opt(b + PAY + m, 0xffff, 0x01, 0);
	m += pb_ipv6_udp(b + PAY + m, 5);
	size_t n = outer_udp4(b, PORT_GENEVE, 33000, m);

	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 5);
	assert_entered(&p, TUN_GENEVE);
	CU_ASSERT_EQUAL(p.tunnel.id, VNI);
}

/* ARP inside: the tunnel is entered and the packet ends non-IP. */
static void geneve_inner_arp_is_non_ip(void)
{
	uint8_t b[160];
	struct packet p;
	size_t m = geneve_hdr(b + PAY, 0, 0, ET_ARP);
	memset(b + PAY + m, 0, 28);
	pb_be16(b + PAY + m, 1);           /* Ethernet */
	pb_be16(b + PAY + m + 2, ET_IPV4);
	b[PAY + m + 4] = 6;
	b[PAY + m + 5] = 4;
	pb_be16(b + PAY + m + 6, 1);       /* request */
	size_t n = outer_udp4(b, 40000, PORT_GENEVE, m + 28);

	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_NON_IP);
	CU_ASSERT_EQUAL(p.err, DE_OK);
	assert_entered(&p, TUN_GENEVE);
	CU_ASSERT_EQUAL(p.l4_seen, 0);
}

static void geneve_header_without_payload_stays_udp(void)
{
	uint8_t b[96];
	struct packet p;
	size_t m = geneve_hdr(b + PAY, 2, 0, ET_TEB);
	m += geneve_opt(b + PAY + m, 0, 0, 1);
	size_t n = outer_udp4(b, 40000, PORT_GENEVE, m);

	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
	assert_seen_not_entered(&p, TUN_GENEVE);
}

/* Versions 1 to 3: not a Geneve this reader (or RFC 8926 s3.4) reads. */
static void geneve_bad_version_declined(void)
{
	uint8_t b[160];
	struct packet p;
	size_t n = geneve_eth_tcp(b);

	for (uint8_t v = 1; v < 4; v++) {
		b[PAY] = (uint8_t)(v << 6);
		CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
		assert_declined(&p, TUN_GENEVE, PORT_GENEVE);
	}
}

/* An option longer than the option area, and an option area longer
 * than the datagram: geneve.bad_options_length. */
static void geneve_bad_option_lengths_rejected(void)
{
	uint8_t b[200];
	struct packet p;
	size_t m = geneve_hdr(b + PAY, 3, 0, ET_TEB);
	m += geneve_opt(b + PAY + m, 0x0102, 0x80, 2);
	m += pb_eth(b + PAY + m, ET_IPV4);
	m += pb_ipv4_tcp(b + PAY + m, 0);
	size_t n = outer_udp4(b, 40000, PORT_GENEVE, m);

	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);     /* 12 bytes of 12 */
	b[PAY + 8 + 3] = 3;                              /* 16 bytes in 12 */
	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_GENEVE_BAD_OPTIONS);
	CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_UDP);
	CU_ASSERT_EQUAL(p.tunnel.seen, 1u << TUN_GENEVE);
	CU_ASSERT_EQUAL(p.tunnel.depth, 0);
	b[PAY + 8 + 3] = 2;
	b[PAY] = 63;                                     /* 252 bytes of options */
	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_GENEVE_BAD_OPTIONS);
}

static enum decode_err geneve_cut_snap(size_t k)
{
	(void)k;
	return DE_GENEVE_TRUNCATED;
}

static enum decode_err geneve_cut_datagram(size_t k)
{
	return k < 8 ? DE_GENEVE_TRUNCATED : DE_GENEVE_BAD_OPTIONS;
}

/* The 20-byte header (8 + 12 of options), cut at each length. */
static void geneve_header_cuts_truncated(void)
{
	uint8_t b[200];
	size_t m = geneve_hdr(b + PAY, 3, 0, ET_TEB);
	m += geneve_opt(b + PAY + m, 0x0102, 0x80, 2);
	size_t hdr = m;
	m += pb_eth(b + PAY + m, ET_IPV4);
	m += pb_ipv4_tcp(b + PAY + m, 0);
	size_t n = outer_udp4(b, 40000, PORT_GENEVE, m);

	check_cuts(b, n, hdr, 1, TUN_GENEVE, geneve_cut_snap);
	check_cuts(b, n, hdr, 0, TUN_GENEVE, geneve_cut_datagram);
}

/* ---- GTP-U ----------------------------------------------------------- */

/* GTP-U v1 mandatory header: flags, type, length (after these 8), TEID. */
static size_t gtpu_hdr(uint8_t *b, uint8_t flags, uint8_t type, uint16_t len)
{
	b[0] = flags;
	b[1] = type;
	pb_be16(b + 2, len);
	pb_be32(b + 4, TEID);
	return 8;
}

/* A G-PDU (flags 0x30: version 1, PT 1) carrying IPv4/TCP. */
static size_t gtpu_gpdu_tcp(uint8_t *b)
{
	size_t t = pb_ipv4_tcp(b + PAY + 8, 6);
	size_t m = gtpu_hdr(b + PAY, 0x30, 255, (uint16_t)t) + t;
	return outer_udp4(b, PORT_GTPU, PORT_GTPU, m);
}

static void gtpu_gpdu_ipv4_decoded(void)
{
	uint8_t b[160];
	struct packet p;
	size_t n = gtpu_gpdu_tcp(b);

	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 6);
	assert_entered(&p, TUN_GTPU);
	CU_ASSERT_EQUAL(p.tunnel.has_id, 1);
	CU_ASSERT_EQUAL(p.tunnel.id, TEID);
}

/* E set: sequence, N-PDU, next type 0x85 (PDU session container), one
 * 4-byte extension header, then IPv6/UDP; padding after the T-PDU (the
 * GTP length is shorter than the datagram) is not the inner packet's. */
static size_t gtpu_ext_ipv6(uint8_t *b)
{
	uint8_t *g = b + PAY;
	size_t opt = 4 + 4;
	size_t t = pb_ipv6_udp(g + 8 + opt, 3);
	gtpu_hdr(g, 0x34, 255, (uint16_t)(opt + t));
	pb_be16(g + 8, 0x0102);     /* sequence */
	g[10] = 0;                  /* N-PDU */
	g[11] = 0x85;               /* next extension header type */
	g[12] = 1;                  /* 1 x 4 bytes */
	g[13] = 0x10;
	g[14] = 0x09;               /* QFI */
	g[15] = 0;                  /* no more */
	return 8 + opt + t;
}

static void gtpu_extension_header_skipped_ipv6_decoded(void)
{
	uint8_t b[200];
	struct packet p;
	size_t m = gtpu_ext_ipv6(b);
	memset(b + PAY + m, 0xee, 6);                  /* padding */
	size_t n = outer_udp4(b, 40000, PORT_GTPU, m + 6);

	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 3);
	assert_entered(&p, TUN_GTPU);
	CU_ASSERT_EQUAL(p.tunnel.id, TEID);
}

/* S alone: the 4 optional bytes are there, and their next-type byte is
 * not read as an extension (it is only meaningful with E). */
static void gtpu_sequence_only_next_type_ignored(void)
{
	uint8_t b[200];
	struct packet p;
	size_t m = gtpu_ext_ipv6(b);
	size_t t = m - 16;
	uint8_t *g = b + PAY;
	g[0] = 0x32;
	g[11] = 0xff;                                  /* ignored without E */
	pb_be16(g + 2, (uint16_t)(4 + t));
	memmove(g + 12, g + 16, t);
	size_t n = outer_udp4(b, 40000, PORT_GTPU, 12 + t);

	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 3);
	assert_entered(&p, TUN_GTPU);
}

/* Echo request (1), error indication (26), end marker (254): valid
 * headers that carry no user packet. */
static void gtpu_signalling_messages_not_entered(void)
{
	static const uint8_t types[] = { 1, 2, 26, 254 };
	uint8_t b[96];
	struct packet p;

	for (size_t i = 0; i < sizeof(types); i++) {
		size_t m = gtpu_hdr(b + PAY, 0x32, types[i], 4);
		memset(b + PAY + m, 0, 4);             /* sequence, N-PDU, next */
		size_t n = outer_udp4(b, PORT_GTPU, PORT_GTPU, m + 4);
		CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
		assert_seen_not_entered(&p, TUN_GTPU);
	}
}

/* A G-PDU whose payload does not start with version 4 or 6, or that is
 * empty: a valid header, nothing entered. */
static void gtpu_gpdu_non_ip_payload_not_entered(void)
{
	uint8_t b[160];
	struct packet p;
	size_t n = gtpu_gpdu_tcp(b);

	b[PAY + 8] = 0x20;
	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
	assert_seen_not_entered(&p, TUN_GTPU);
	size_t m = gtpu_hdr(b + PAY, 0x30, 255, 0);
	n = outer_udp4(b, PORT_GTPU, PORT_GTPU, m);
	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
	assert_seen_not_entered(&p, TUN_GTPU);
}

/* GTPv2-C (version 2), GTP' (PT 0), version 0, a Length beyond the
 * datagram, E without room for the optional fields, and a datagram too
 * short for a header: look-alikes on 2152, left as UDP. */
static void gtpu_lookalikes_declined(void)
{
	static const uint8_t bad_flags[] = { 0x48, 0x20, 0x10, 0x00, 0xff };
	uint8_t b[160];
	struct packet p;
	size_t n = gtpu_gpdu_tcp(b);

	for (size_t i = 0; i < sizeof(bad_flags); i++) {
		b[PAY] = bad_flags[i];
		CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
		assert_declined(&p, TUN_GTPU, PORT_GTPU);
	}
	b[PAY] = 0x30;
	pb_be16(b + PAY + 2, (uint16_t)(n - PAY - 8 + 1));
	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
	assert_declined(&p, TUN_GTPU, PORT_GTPU);

	size_t m = gtpu_hdr(b + PAY, 0x34, 255, 3);
	n = outer_udp4(b, PORT_GTPU, PORT_GTPU, m + 3);
	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
	assert_declined(&p, TUN_GTPU, PORT_GTPU);

	b[PAY] = 0x30;
	n = outer_udp4(b, 53, PORT_GTPU, 7);
	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
	assert_declined(&p, TUN_GTPU, PORT_GTPU);
}

/* An extension header of length 0, and one that runs past the GTP
 * Length: gtpu.bad_extension_header. */
static void gtpu_bad_extension_rejected(void)
{
	uint8_t b[200];
	struct packet p;
	size_t m = gtpu_ext_ipv6(b);
	size_t n = outer_udp4(b, 40000, PORT_GTPU, m);

	b[PAY + 12] = 0;
	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_GTPU_BAD_EXTENSION);
	CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_UDP);
	CU_ASSERT_EQUAL(p.tunnel.seen, 1u << TUN_GTPU);
	CU_ASSERT_EQUAL(p.tunnel.depth, 0);
	b[PAY + 12] = 1;
	b[PAY + 15] = 0x85;                    /* another one, 4 bytes of 4 */
	pb_be16(b + PAY + 2, 8);               /* Length: up to the first one */
	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_GTPU_BAD_EXTENSION);
}

static enum decode_err gtpu_cut_snap(size_t k)
{
	return k == 0 ? DECL : DE_GTPU_TRUNCATED;
}

static enum decode_err gtpu_cut_datagram(size_t k)
{
	(void)k;
	return DECL;
}

/* The 16-byte header (8, 4 optional, one extension), cut at each length:
 * by a snap length, truncated once a byte says GTP-U v1; by the datagram
 * ending, a Length the datagram cannot hold, so a look-alike. */
static void gtpu_header_cuts_truncated_or_declined(void)
{
	uint8_t b[200];
	size_t m = gtpu_ext_ipv6(b);
	size_t n = outer_udp4(b, 40000, PORT_GTPU, m);

	check_cuts(b, n, 16, 1, TUN_GTPU, gtpu_cut_snap);
	check_cuts(b, n, 16, 0, TUN_GTPU, gtpu_cut_datagram);
}

/* The first fragment of a GTP-U datagram (MF set, UDP Length counting
 * the later fragments): the inner IPv4 header and TCP are read, the
 * bytes missing at the end being the later fragments' (decode.c,
 * decode_frag_cut). Unfragmented, the same inner length is a lie. */
static void gtpu_first_fragment_inner_tcp_decoded(void)
{
	uint8_t b[160];
	struct packet p;
	size_t n = gtpu_gpdu_tcp(b);
	size_t more = 1000;                      /* in the later fragments */
	uint8_t *inner = b + PAY + 8;

	pb_be16(inner + 2, (uint16_t)(PB_IPV4_LEN + PB_TCP_LEN + 6 + more));
	pb_be16(b + PAY + 2, (uint16_t)(n - PAY - 8 + more));
	pb_be16(b + PB_IPV4_LEN + 4, (uint16_t)(n - PB_IPV4_LEN + more));
	pb_be16(b + 6, 0x2000);                  /* MF, offset 0 */
	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
	CU_ASSERT_EQUAL(p.err, DE_OK);
	assert_entered(&p, TUN_GTPU);
	CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_TCP);
	CU_ASSERT_EQUAL(p.sport, 40000);
	CU_ASSERT_EQUAL(p.dport, 80);
	CU_ASSERT_EQUAL(p.frag_cut, more);

	pb_be16(b + 6, 0x4000);                  /* DF: the datagram is whole */
	pb_be16(b + PAY + 2, (uint16_t)(n - PAY - 8));
	pb_be16(b + PB_IPV4_LEN + 4, (uint16_t)(n - PB_IPV4_LEN));
	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_IPV4_LEN_GT_FRAME);
	CU_ASSERT_EQUAL(p.frag_cut, 0);
}

/* ---- Teredo ---------------------------------------------------------- */

/* Authentication indicator (RFC 4380 s5.1.1): client id of id_len
 * bytes, authentication value of au_len, nonce, confirmation. */
static size_t teredo_auth(uint8_t *b, uint8_t id_len, uint8_t au_len)
{
	pb_be16(b, 0x0001);
	b[2] = id_len;
	b[3] = au_len;
	memset(b + 4, 0x11, (size_t)id_len + au_len + 9);
	return 4 + (size_t)id_len + au_len + 9;
}

/* Origin indication: 0x0000, obfuscated port and IPv4 address. */
static size_t teredo_origin(uint8_t *b)
{
	pb_be16(b, 0x0000);
	pb_be16(b + 2, (uint16_t)~40000u);
	pb_be32(b + 4, ~0xc0000201u);
	return 8;
}

static void teredo_plain_ipv6_decoded(void)
{
	uint8_t b[160];
	struct packet p;
	size_t m = pb_ipv6_udp(b + PAY, 9);
	size_t n = outer_udp4(b, 50000, PORT_TEREDO, m);

	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_UDP(p, 9);
	assert_entered(&p, TUN_TEREDO);
	CU_ASSERT_EQUAL(p.tunnel.has_id, 0);
}

/* Both indicators, in the RFC's order, then IPv6/TCP; from port 3544. */
static size_t teredo_auth_origin_tcp(uint8_t *b, size_t *ind_len)
{
	size_t m = teredo_auth(b + PAY, 3, 2);
	m += teredo_origin(b + PAY + m);
	*ind_len = m;
	m += pb_ipv6_tcp(b + PAY + m, 7);
	return outer_udp4(b, PORT_TEREDO, 50000, m);
}

static void teredo_indicators_skipped(void)
{
	uint8_t b[200];
	struct packet p;
	size_t ind;
	size_t n = teredo_auth_origin_tcp(b, &ind);

	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_TCP(p, 7);
	assert_entered(&p, TUN_TEREDO);

	size_t m = teredo_origin(b + PAY);
	m += pb_ipv6_tcp(b + PAY + m, 0);
	n = outer_udp4(b, PORT_TEREDO, 50000, m);
	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_TCP(p, 0);
	assert_entered(&p, TUN_TEREDO);
}

/* A bubble (next header 59, no payload) with bytes after it: accepted,
 * the IPv6 packet ends at its own length (not a GSO packet of 12). */
static void teredo_bubble_with_trailing_bytes_accepted(void)
{
	uint8_t b[160];
	struct packet p;
	size_t m = pb_ipv6(b + PAY, NH_NONE, 0);
	m += pb_fill(b + PAY + m, 12);
	size_t n = outer_udp4(b, 50000, PORT_TEREDO, m);

	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L3_ONLY);
	CU_ASSERT_EQUAL(p.err, DE_OK);
	CU_ASSERT_EQUAL(p.warnings, 0);
	CU_ASSERT_EQUAL(p.ip_ver, 6);
	CU_ASSERT_EQUAL(p.ip_len, 40);
	CU_ASSERT_EQUAL(memcmp(p.src, PB_V6_SRC, 16), 0);
	assert_entered(&p, TUN_TEREDO);
}

/* Not Teredo: IPv4 or DNS-like bytes, an IPv6 payload length beyond the
 * datagram, an IPv6 header shorter than 40 bytes, an indicator longer
 * than the datagram, an unknown indicator type, an empty datagram. */
static void teredo_lookalikes_declined(void)
{
	uint8_t b[320];
	struct packet p;
	size_t m = pb_ipv6_udp(b + PAY, 9);
	size_t n = outer_udp4(b, 50000, PORT_TEREDO, m);

	b[PAY] = 0x45;
	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
	assert_declined(&p, TUN_TEREDO, PORT_TEREDO);
	b[PAY] = 0x12;                                /* a DNS id */
	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
	assert_declined(&p, TUN_TEREDO, PORT_TEREDO);
	b[PAY] = 0x60;
	pb_be16(b + PAY + 4, (uint16_t)(m - 40 + 1)); /* one byte too long */
	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
	assert_declined(&p, TUN_TEREDO, PORT_TEREDO);

	n = outer_udp4(b, 50000, PORT_TEREDO, 39);    /* 39 bytes of IPv6 */
	pb_be16(b + PAY + 4, 0);
	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
	assert_declined(&p, TUN_TEREDO, PORT_TEREDO);

	m = teredo_auth(b + PAY, 200, 0);             /* 213 > the datagram */
	n = outer_udp4(b, 50000, PORT_TEREDO, 60);
	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
	assert_declined(&p, TUN_TEREDO, PORT_TEREDO);

	pb_be16(b + PAY, 0x0002);
	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
	assert_declined(&p, TUN_TEREDO, PORT_TEREDO);

	n = outer_udp4(b, 50000, PORT_TEREDO, 0);
	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
	assert_declined(&p, TUN_TEREDO, PORT_TEREDO);
}

/* The indicators of teredo_auth_origin_tcp(): auth 18 bytes, origin 8. */
enum { AUTH_END = 18, ORIGIN_END = 26 };

/* Snap cuts: an indicator whose type is captured but not its body is
 * truncated; with its type not captured whole (the first 2 bytes, or
 * the first of the origin's), nothing says Teredo; and the IPv6 header
 * must be whole: declined. */
static enum decode_err teredo_cut_snap(size_t k)
{
	if (k < 2 || k == AUTH_END || k == AUTH_END + 1 || k >= ORIGIN_END)
		return DECL;
	return DE_TEREDO_TRUNCATED;
}

static enum decode_err teredo_cut_datagram(size_t k)
{
	(void)k;
	return DECL;
}

static void teredo_header_cuts_truncated_or_declined(void)
{
	uint8_t b[200];
	size_t ind;
	size_t n = teredo_auth_origin_tcp(b, &ind);

	CU_ASSERT_EQUAL(ind, ORIGIN_END);
	check_cuts(b, n, ind + PB_IPV6_LEN, 1, TUN_TEREDO, teredo_cut_snap);
	check_cuts(b, n, ind + PB_IPV6_LEN, 0, TUN_TEREDO, teredo_cut_datagram);
}

/* ---- nesting --------------------------------------------------------- */

/* IPv4/UDP 2152, GTP-U G-PDU, IPv4/UDP 3544 (the subscriber's Teredo),
 * origin indication, IPv6/TCP: two tunnels, Teredo the innermost; the
 * outer addresses are those of the IPv4 header that carried Teredo. */
static void teredo_inside_gtpu_decoded(void)
{
	static const uint8_t mid_src[4] = { 10, 1, 2, 3 }, mid_dst[4] = { 192, 88, 99, 1 };
	uint8_t b[256];
	struct packet p;
	uint8_t *mid = b + PAY + 8;
	uint8_t *tered = mid + PAY;
	size_t t = teredo_origin(tered);
	t += pb_ipv6_tcp(tered + t, 2);
	pb_ipv4(mid, IPPROTO_NUM_UDP, (uint16_t)(PAY + t));
	memcpy(mid + 12, mid_src, 4);
	memcpy(mid + 16, mid_dst, 4);
	pb_udp(mid + PB_IPV4_LEN, 61000, PORT_TEREDO, (uint16_t)(PB_UDP_LEN + t));
	gtpu_hdr(b + PAY, 0x30, 255, (uint16_t)(PAY + t));
	size_t n = outer_udp4(b, PORT_GTPU, PORT_GTPU, 8 + PAY + t);

	CU_ASSERT_EQUAL(decap(b, n, n, &p), DC_L4);
	PB_ASSERT_IPV6_TCP(p, 2);
	CU_ASSERT_EQUAL(p.tunnel.depth, 2);
	CU_ASSERT_EQUAL(p.tunnel.type, TUN_TEREDO);
	CU_ASSERT_EQUAL(p.tunnel.seen, (1u << TUN_GTPU) | (1u << TUN_TEREDO));
	CU_ASSERT_EQUAL(p.tunnel.decap, (1u << TUN_GTPU) | (1u << TUN_TEREDO));
	CU_ASSERT_EQUAL(p.tunnel.has_id, 0);
	CU_ASSERT_EQUAL(p.tunnel.outer_l4, IPPROTO_NUM_UDP);
	CU_ASSERT_EQUAL(memcmp(p.tunnel.outer_src, mid_src, 4), 0);
	CU_ASSERT_EQUAL(memcmp(p.tunnel.outer_dst, mid_dst, 4), 0);

	/* The inner Teredo cut by a snap length: its error, the GTP-U tunnel
	 * entered, the inner UDP kept. */
	size_t cut = (size_t)(tered - b) + 4;
	CU_ASSERT_EQUAL(decap(b, cut, n, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_TEREDO_TRUNCATED);
	CU_ASSERT_EQUAL(p.tunnel.depth, 1);
	CU_ASSERT_EQUAL(p.tunnel.type, TUN_GTPU);
	CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_UDP);
	CU_ASSERT_EQUAL(p.dport, PORT_TEREDO);
}

/* Geneve inside Geneve inside Geneve: each entered, the innermost VNI. */
static void geneve_in_geneve_decoded(void)
{
	uint8_t b[400];
	struct packet p;
	size_t at = 0, lens[3];
	/* Lay out three Geneve + Ethernet + IPv4/UDP shells, then TCP. */
	for (int i = 0; i < 3; i++) {
		at += PAY;
		at += geneve_hdr(b + at, 0, 0, ET_TEB);
		b[at - 2] = (uint8_t)(i + 1);          /* VNI low byte: depth */
		at += pb_eth(b + at, ET_IPV4);
		lens[i] = at;
	}
	size_t end = at + pb_ipv4_tcp(b + at, 0);
	for (int i = 2; i >= 0; i--) {
		size_t start = i ? lens[i - 1] : 0;
		outer_udp4(b + start, 40000, PORT_GENEVE, end - start - PAY);
	}

	CU_ASSERT_EQUAL(decap(b, end, end, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	CU_ASSERT_EQUAL(p.tunnel.depth, 3);
	CU_ASSERT_EQUAL(p.tunnel.type, TUN_GENEVE);
	CU_ASSERT_EQUAL(p.tunnel.id, (VNI & ~0xffu) | 3);
	CU_ASSERT_EQUAL(memcmp(p.tunnel.outer_src, OUT_SRC, 4), 0);
}

static const struct pb_test tests[] = {
	{ "geneve_ethernet_inner_tcp_decoded", geneve_ethernet_inner_tcp_decoded },
	{ "geneve_options_skipped_ipv6_by_ethertype",
	  geneve_options_skipped_ipv6_by_ethertype },
	{ "geneve_inner_arp_is_non_ip", geneve_inner_arp_is_non_ip },
	{ "geneve_header_without_payload_stays_udp",
	  geneve_header_without_payload_stays_udp },
	{ "geneve_bad_version_declined", geneve_bad_version_declined },
	{ "geneve_bad_option_lengths_rejected", geneve_bad_option_lengths_rejected },
	{ "geneve_header_cuts_truncated", geneve_header_cuts_truncated },
	{ "gtpu_gpdu_ipv4_decoded", gtpu_gpdu_ipv4_decoded },
	{ "gtpu_extension_header_skipped_ipv6_decoded",
	  gtpu_extension_header_skipped_ipv6_decoded },
	{ "gtpu_sequence_only_next_type_ignored", gtpu_sequence_only_next_type_ignored },
	{ "gtpu_signalling_messages_not_entered", gtpu_signalling_messages_not_entered },
	{ "gtpu_gpdu_non_ip_payload_not_entered", gtpu_gpdu_non_ip_payload_not_entered },
	{ "gtpu_lookalikes_declined", gtpu_lookalikes_declined },
	{ "gtpu_bad_extension_rejected", gtpu_bad_extension_rejected },
	{ "gtpu_header_cuts_truncated_or_declined",
	  gtpu_header_cuts_truncated_or_declined },
	{ "gtpu_first_fragment_inner_tcp_decoded", gtpu_first_fragment_inner_tcp_decoded },
	{ "teredo_plain_ipv6_decoded", teredo_plain_ipv6_decoded },
	{ "teredo_indicators_skipped", teredo_indicators_skipped },
	{ "teredo_bubble_with_trailing_bytes_accepted",
	  teredo_bubble_with_trailing_bytes_accepted },
	{ "teredo_lookalikes_declined", teredo_lookalikes_declined },
	{ "teredo_header_cuts_truncated_or_declined",
	  teredo_header_cuts_truncated_or_declined },
	{ "teredo_inside_gtpu_decoded", teredo_inside_gtpu_decoded },
	{ "geneve_in_geneve_decoded", geneve_in_geneve_decoded },
};

int test_tunnels_udp_register(void)
{
	return pb_register("tunnels_udp", tests, sizeof(tests) / sizeof(tests[0]));
}
