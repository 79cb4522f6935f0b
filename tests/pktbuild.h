/* tests/pktbuild.h - builds test packets and checks how they decode.
 * Each pb_* writer fills one header at b and returns its length, so a test
 * lays a packet out as a sum of offsets and then patches the one field it
 * is about. Addresses are the documentation ranges (RFC 5737, RFC 3849);
 * checksums stay zero because the dissectors never verify them.
 * The decode helpers copy the bytes into an exactly-sized heap buffer (as
 * test_util.h does), so ASan reports any read past the captured length,
 * and they can decode with a wire length above the captured length: that
 * is how a snap length looks, and the dissectors must treat it apart from
 * a frame that really was short. */
#ifndef PORTLENS_PKTBUILD_H
#define PORTLENS_PKTBUILD_H

#include <CUnit/CUnit.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dissectors/decode.h"

#define PB_V4_SRC ((const uint8_t[4]){ 192, 0, 2, 1 })
#define PB_V4_DST ((const uint8_t[4]){ 198, 51, 100, 2 })
#define PB_V6_SRC ((const uint8_t[16]){ 0x20, 0x01, 0x0d, 0xb8, [15] = 1 })
#define PB_V6_DST ((const uint8_t[16]){ 0x20, 0x01, 0x0d, 0xb8, [15] = 2 })

/* Fixed values the writers use, so tests can assert them exactly. */
enum {
	PB_ETH_LEN = 14, PB_IPV4_LEN = 20, PB_IPV6_LEN = 40, PB_TCP_LEN = 20,
	PB_UDP_LEN = 8, PB_ICMP_LEN = 8,
	PB_TTL = 64,
	PB_TCP_WIN = 0xfaf0,
};
#define PB_TCP_SEQ 0x11223344u
#define PB_TCP_ACK 0x55667788u

static inline void pb_be16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static inline void pb_be32(uint8_t *b, uint32_t v)
{
	pb_be16(b, (uint16_t)(v >> 16));
	pb_be16(b + 2, (uint16_t)v);
}

/* Ethernet II: dst 02:00:00:00:00:02, src 02:00:00:00:00:01. */
static inline size_t pb_eth(uint8_t *b, uint16_t ethertype)
{
	static const uint8_t macs[12] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1 };
	memcpy(b, macs, sizeof(macs));
	pb_be16(b + 12, ethertype);
	return PB_ETH_LEN;
}

/* IPv4 without options, DF set, TTL 64, PB_V4_SRC -> PB_V4_DST. */
static inline size_t pb_ipv4(uint8_t *b, uint8_t proto, uint16_t total_len)
{
	memset(b, 0, PB_IPV4_LEN);
	b[0] = 0x45;
	pb_be16(b + 2, total_len);
	pb_be16(b + 4, 0x1234);  /* identification */
	pb_be16(b + 6, 0x4000);  /* DF: not a fragment */
	b[8] = PB_TTL;
	b[9] = proto;
	memcpy(b + 12, PB_V4_SRC, 4);
	memcpy(b + 16, PB_V4_DST, 4);
	return PB_IPV4_LEN;
}

/* IPv6, traffic class and flow label 0, hop limit 64, SRC -> DST. */
static inline size_t pb_ipv6(uint8_t *b, uint8_t next, uint16_t payload_len)
{
	memset(b, 0, PB_IPV6_LEN);
	b[0] = 0x60;
	pb_be16(b + 4, payload_len);
	b[6] = next;
	b[7] = PB_TTL;
	memcpy(b + 8, PB_V6_SRC, 16);
	memcpy(b + 24, PB_V6_DST, 16);
	return PB_IPV6_LEN;
}

/* TCP with data offset 5; flags are the nine TCP_* bits (NS goes into
 * the low bit of byte 12, RFC 3540). */
static inline size_t pb_tcp(uint8_t *b, uint16_t sport, uint16_t dport,
			    uint16_t flags)
{
	memset(b, 0, PB_TCP_LEN);
	pb_be16(b, sport);
	pb_be16(b + 2, dport);
	pb_be32(b + 4, PB_TCP_SEQ);
	pb_be32(b + 8, PB_TCP_ACK);
	b[12] = (uint8_t)(5 << 4 | (flags >> 8 & 1));
	b[13] = (uint8_t)flags;
	pb_be16(b + 14, PB_TCP_WIN);
	return PB_TCP_LEN;
}

static inline size_t pb_udp(uint8_t *b, uint16_t sport, uint16_t dport,
			    uint16_t len)
{
	memset(b, 0, PB_UDP_LEN);
	pb_be16(b, sport);
	pb_be16(b + 2, dport);
	pb_be16(b + 4, len);
	return PB_UDP_LEN;
}

/* ICMP or ICMPv6: type, code, checksum, then id and seq (or whatever the
 * type keeps in those 4 bytes). */
static inline size_t pb_icmp(uint8_t *b, uint8_t type, uint8_t code,
			     uint16_t id, uint16_t seq)
{
	memset(b, 0, PB_ICMP_LEN);
	b[0] = type;
	b[1] = code;
	pb_be16(b + 4, id);
	pb_be16(b + 6, seq);
	return PB_ICMP_LEN;
}

/* Filler bytes for a payload (the dissectors never read them). */
static inline size_t pb_fill(uint8_t *b, size_t n)
{
	memset(b, 0xab, n);
	return n;
}

/* IPv4 + TCP 40000 -> 80 (ACK|PSH) + payload bytes. */
static inline size_t pb_ipv4_tcp(uint8_t *b, size_t payload)
{
	size_t n = pb_ipv4(b, IPPROTO_NUM_TCP,
			   (uint16_t)(PB_IPV4_LEN + PB_TCP_LEN + payload));
	n += pb_tcp(b + n, 40000, 80, TCP_ACK | TCP_PSH);
	return n + pb_fill(b + n, payload);
}

/* IPv4 + UDP 40001 -> 53 + payload bytes. */
static inline size_t pb_ipv4_udp(uint8_t *b, size_t payload)
{
	size_t n = pb_ipv4(b, IPPROTO_NUM_UDP,
			   (uint16_t)(PB_IPV4_LEN + PB_UDP_LEN + payload));
	n += pb_udp(b + n, 40001, 53, (uint16_t)(PB_UDP_LEN + payload));
	return n + pb_fill(b + n, payload);
}

/* IPv6 + TCP 40000 -> 443 (SYN) + payload bytes. */
static inline size_t pb_ipv6_tcp(uint8_t *b, size_t payload)
{
	size_t n = pb_ipv6(b, IPPROTO_NUM_TCP, (uint16_t)(PB_TCP_LEN + payload));
	n += pb_tcp(b + n, 40000, 443, TCP_SYN);
	return n + pb_fill(b + n, payload);
}

/* IPv6 + UDP 40001 -> 53 + payload bytes. */
static inline size_t pb_ipv6_udp(uint8_t *b, size_t payload)
{
	size_t n = pb_ipv6(b, IPPROTO_NUM_UDP, (uint16_t)(PB_UDP_LEN + payload));
	n += pb_udp(b + n, 40001, 53, (uint16_t)(PB_UDP_LEN + payload));
	return n + pb_fill(b + n, payload);
}

/* Decode caplen bytes of buf, from an exact-size heap copy, as a frame
 * of wirelen bytes on the wire (wirelen > caplen: a snap-length cut). */
static inline enum decode_class pb_decode(int linktype, const uint8_t *buf,
					  size_t caplen, size_t wirelen,
					  struct packet *p)
{
	uint8_t *copy = calloc(caplen ? caplen : 1, 1);
	if (!copy)
		abort();
	if (caplen)
		memcpy(copy, buf, caplen);
	enum decode_class cls = decode_packet(linktype, copy, (uint32_t)caplen,
					      (uint32_t)wirelen, 0, p);
	free(copy);
	return cls;
}

/* The error of buf cut to cut bytes. wirelen 0: the frame really ended
 * there (wire length = cut); otherwise a snap length cut a wirelen frame. */
static inline enum decode_err pb_cut_err(int linktype, const uint8_t *buf,
					 size_t cut, size_t wirelen)
{
	struct packet p;
	pb_decode(linktype, buf, cut, wirelen ? wirelen : cut, &p);
	return p.err;
}

/* Assert the error of every cut in [from, to); a mismatch also prints the
 * cut, which the CUnit message alone would not name. */
#define PB_ASSERT_CUTS(lt, buf, from, to, wirelen, want)                     \
	do {                                                                 \
		for (size_t pb_cut = (from); pb_cut < (size_t)(to); pb_cut++) { \
			enum decode_err pb_got =                             \
				pb_cut_err((lt), (buf), pb_cut, (wirelen));  \
			if (pb_got != (want))                                \
				fprintf(stderr, "%s:%d: cut %zu: %s, want %s\n", \
					__FILE__, __LINE__, pb_cut,          \
					decode_err_name(pb_got),             \
					decode_err_name(want));              \
			CU_ASSERT_EQUAL(pb_got, (want));                     \
		}                                                            \
	} while (0)

/* Asserts that p decoded without error and without any warning. */
#define PB_ASSERT_CLEAN(p, want_cls)                                         \
	do {                                                                 \
		CU_ASSERT_EQUAL((p).cls, (want_cls));                        \
		CU_ASSERT_EQUAL((p).err, DE_OK);                             \
		CU_ASSERT_EQUAL((p).warnings, 0);                            \
	} while (0)

/* Every field of a packet built by pb_ipv4_tcp(payload), as decoded. */
#define PB_ASSERT_IPV4_TCP(p, payload)                                       \
	do {                                                                 \
		PB_ASSERT_CLEAN(p, DC_L4);                                   \
		CU_ASSERT_EQUAL((p).ip_ver, 4);                              \
		CU_ASSERT_EQUAL(memcmp((p).src, PB_V4_SRC, 4), 0);           \
		CU_ASSERT_EQUAL(memcmp((p).dst, PB_V4_DST, 4), 0);           \
		CU_ASSERT_EQUAL((p).ttl, PB_TTL);                            \
		CU_ASSERT_EQUAL((p).frag, FRAG_NONE);                        \
		CU_ASSERT_EQUAL((p).l4_proto, IPPROTO_NUM_TCP);              \
		CU_ASSERT_EQUAL((p).l4_seen, 1);                             \
		CU_ASSERT_EQUAL((p).ip_len, 40 + (payload));                 \
		CU_ASSERT_EQUAL((p).l4_len, 20 + (payload));                 \
		CU_ASSERT_EQUAL((p).sport, 40000);                           \
		CU_ASSERT_EQUAL((p).dport, 80);                              \
		CU_ASSERT_EQUAL((p).tcp_flags, TCP_ACK | TCP_PSH);           \
		CU_ASSERT_EQUAL((p).tcp_seq, PB_TCP_SEQ);                    \
		CU_ASSERT_EQUAL((p).tcp_ack, PB_TCP_ACK);                    \
		CU_ASSERT_EQUAL((p).tcp_win, PB_TCP_WIN);                    \
		CU_ASSERT_EQUAL((p).payload_len, (payload));                 \
	} while (0)

/* Every field of a packet built by pb_ipv6_udp(payload), as decoded. */
#define PB_ASSERT_IPV6_UDP(p, payload)                                       \
	do {                                                                 \
		PB_ASSERT_CLEAN(p, DC_L4);                                   \
		CU_ASSERT_EQUAL((p).ip_ver, 6);                              \
		CU_ASSERT_EQUAL(memcmp((p).src, PB_V6_SRC, 16), 0);          \
		CU_ASSERT_EQUAL(memcmp((p).dst, PB_V6_DST, 16), 0);          \
		CU_ASSERT_EQUAL((p).ttl, PB_TTL);                            \
		CU_ASSERT_EQUAL((p).frag, FRAG_NONE);                        \
		CU_ASSERT_EQUAL((p).l4_proto, IPPROTO_NUM_UDP);              \
		CU_ASSERT_EQUAL((p).l4_seen, 1);                             \
		CU_ASSERT_EQUAL((p).ip_len, 48 + (payload));                 \
		CU_ASSERT_EQUAL((p).l4_len, 8 + (payload));                  \
		CU_ASSERT_EQUAL((p).sport, 40001);                           \
		CU_ASSERT_EQUAL((p).dport, 53);                              \
		CU_ASSERT_EQUAL((p).tcp_flags, 0);                           \
		CU_ASSERT_EQUAL((p).payload_len, (payload));                 \
	} while (0)

/* Every field of a packet built by pb_ipv4_udp(payload), as decoded. */
#define PB_ASSERT_IPV4_UDP(p, payload)                                       \
	do {                                                                 \
		PB_ASSERT_CLEAN(p, DC_L4);                                   \
		CU_ASSERT_EQUAL((p).ip_ver, 4);                              \
		CU_ASSERT_EQUAL(memcmp((p).src, PB_V4_SRC, 4), 0);           \
		CU_ASSERT_EQUAL(memcmp((p).dst, PB_V4_DST, 4), 0);           \
		CU_ASSERT_EQUAL((p).ttl, PB_TTL);                            \
		CU_ASSERT_EQUAL((p).frag, FRAG_NONE);                        \
		CU_ASSERT_EQUAL((p).l4_proto, IPPROTO_NUM_UDP);              \
		CU_ASSERT_EQUAL((p).l4_seen, 1);                             \
		CU_ASSERT_EQUAL((p).ip_len, 28 + (payload));                 \
		CU_ASSERT_EQUAL((p).l4_len, 8 + (payload));                  \
		CU_ASSERT_EQUAL((p).sport, 40001);                           \
		CU_ASSERT_EQUAL((p).dport, 53);                              \
		CU_ASSERT_EQUAL((p).tcp_flags, 0);                           \
		CU_ASSERT_EQUAL((p).payload_len, (payload));                 \
	} while (0)

/* Every field of a packet built by pb_ipv6_tcp(payload), as decoded. */
#define PB_ASSERT_IPV6_TCP(p, payload)                                       \
	do {                                                                 \
		PB_ASSERT_CLEAN(p, DC_L4);                                   \
		CU_ASSERT_EQUAL((p).ip_ver, 6);                              \
		CU_ASSERT_EQUAL(memcmp((p).src, PB_V6_SRC, 16), 0);          \
		CU_ASSERT_EQUAL(memcmp((p).dst, PB_V6_DST, 16), 0);          \
		CU_ASSERT_EQUAL((p).ttl, PB_TTL);                            \
		CU_ASSERT_EQUAL((p).frag, FRAG_NONE);                        \
		CU_ASSERT_EQUAL((p).l4_proto, IPPROTO_NUM_TCP);              \
		CU_ASSERT_EQUAL((p).l4_seen, 1);                             \
		CU_ASSERT_EQUAL((p).ip_len, 60 + (payload));                 \
		CU_ASSERT_EQUAL((p).l4_len, 20 + (payload));                 \
		CU_ASSERT_EQUAL((p).sport, 40000);                           \
		CU_ASSERT_EQUAL((p).dport, 443);                             \
		CU_ASSERT_EQUAL((p).tcp_flags, TCP_SYN);                     \
		CU_ASSERT_EQUAL((p).tcp_seq, PB_TCP_SEQ);                    \
		CU_ASSERT_EQUAL((p).tcp_ack, PB_TCP_ACK);                    \
		CU_ASSERT_EQUAL((p).tcp_win, PB_TCP_WIN);                    \
		CU_ASSERT_EQUAL((p).payload_len, (payload));                 \
	} while (0)

struct pb_test {
	const char *name;
	CU_TestFunc fn;
};

/* Add suite name with its n tests; 0, or -1 on a CUnit error. */
static inline int pb_register(const char *name, const struct pb_test *t,
			      size_t n)
{
	CU_pSuite s = CU_add_suite(name, NULL, NULL);
	if (!s)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!CU_add_test(s, t[i].name, t[i].fn))
			return -1;
	return 0;
}

#endif
