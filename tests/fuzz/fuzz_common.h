/* tests/fuzz/fuzz_common.h - helpers shared by the fuzz targets.
 * Each target is one LLVMFuzzerTestOneInput(); libFuzzer links its own
 * main (make fuzz), tests/fuzz/driver.c links a plain one that replays
 * files (make fuzz-regress, gcc or clang, no libFuzzer needed).
 * A broken invariant calls abort(), which both runners report as a crash.
 * Trap: a frame handed to decode_packet() must end exactly where its
 * allocation ends, or ASan cannot see a read one byte past the capture;
 * so targets copy frames into buffers of exactly caplen bytes
 * (fuzz_frame_dup) instead of pointing into the middle of the input. */
#ifndef PORTLENS_FUZZ_COMMON_H
#define PORTLENS_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dissectors/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "fuzz: invariant broken: %s (%s:%d)\n", \
			#cond, __FILE__, __LINE__); \
		abort(); \
	} \
} while (0)

/* Link types that fuzz_link and fuzz_pipeline pick by input byte % N:
 * every type decode_linktype_supported() accepts, and one it refuses
 * (147, DLT_USER0) so that the unsupported path runs too. Append new link
 * types at the end: a seed's first byte is an index into this table, so
 * reordering would change what the committed seeds mean. */
static const int fuzz_linktypes[] = {
	LT_NULL, LT_EN10MB, LT_PPP, LT_RAW, LT_RAW_OPENBSD, LT_PPP_SERIAL,
	LT_PPP_ETHER, LT_C_HDLC, LT_LOOP, LT_LINUX_SLL, LT_RAW_101, LT_IPV4,
	LT_IPV6, LT_NFLOG, LT_LINUX_SLL2, 147, LT_FDDI, LT_IPNET,
};
#define FUZZ_NLINKTYPES (sizeof(fuzz_linktypes) / sizeof(fuzz_linktypes[0]))

static inline int fuzz_linktype(uint8_t b)
{
	return fuzz_linktypes[b % FUZZ_NLINKTYPES];
}

/* A heap copy of exactly n bytes (at least one byte is allocated so that
 * n == 0 still yields a distinct pointer). Caller frees. */
static inline uint8_t *fuzz_frame_dup(const uint8_t *src, size_t n)
{
	uint8_t *b = malloc(n ? n : 1);
	if (!b)
		abort();
	if (n)
		memcpy(b, src, n);
	return b;
}

/* The decapsulation settings every target decodes with: the defaults
 * (every tunnel entered, IANA ports), built once per process. */
static inline const struct decap_config *fuzz_decap(void)
{
	static struct decap_config dc;
	static int ready;
	if (!ready) {
		decap_config_defaults(&dc);
		ready = 1;
	}
	return &dc;
}

/* What a tunnelled packet must satisfy: the nesting bound, a decapsulated
 * type is a seen one, and the carrier's addresses are IP addresses. */
static inline void fuzz_check_tunnel(const struct packet *p)
{
	const struct packet_tunnel *t = &p->tunnel;
	FUZZ_CHECK(t->depth <= DECODE_MAX_TUNNELS);
	FUZZ_CHECK((t->decap & ~t->seen) == 0);
	FUZZ_CHECK(((t->seen | t->declined) >> TUN_COUNT) == 0);
	FUZZ_CHECK((t->depth == 0) == (t->decap == 0));
	FUZZ_CHECK(t->type < TUN_COUNT);
	/* No carrier address for a tunnel no IP header carried (NSH named by
	 * an EtherType straight after Ethernet). */
	if (t->depth)
		FUZZ_CHECK((t->outer_ip_ver == 0 || t->outer_ip_ver == 4 ||
			    t->outer_ip_ver == 6) && (t->decap >> t->type & 1));
	if (p->err == DE_TUNNEL_TOO_DEEP)
		FUZZ_CHECK(t->depth == DECODE_MAX_TUNNELS);
}

/* What every decoded packet must satisfy, whatever the bytes were:
 * the accounting (exactly one class; DC_ERROR iff err != DE_OK, and err a
 * named value) plus length sanity the analyzer relies on. */
static inline void fuzz_check_packet(const struct packet *p,
				     enum decode_class ret)
{
	FUZZ_CHECK(ret == p->cls);
	FUZZ_CHECK((unsigned)p->cls <= DC_ERROR);
	FUZZ_CHECK((p->cls == DC_ERROR) == (p->err != DE_OK));
	FUZZ_CHECK((unsigned)p->err < DE_COUNT);
	FUZZ_CHECK(strcmp(decode_err_name(p->err), "unknown") != 0);
	FUZZ_CHECK((p->warnings >> DW_COUNT) == 0);
	FUZZ_CHECK(p->ip_ver == 0 || p->ip_ver == 4 || p->ip_ver == 6);
	FUZZ_CHECK(p->frag <= FRAG_LATER);
	fuzz_check_tunnel(p);
	if (p->ip_ver && p->cls != DC_ERROR) {
		FUZZ_CHECK(p->l4_len <= p->ip_len);
		/* Inside a tunnel that a first fragment carried, the inner
		 * datagram (or the inner fragment) runs on into the later
		 * fragments (decode.c): no bound from this frame. */
		int carried_by_fragment = p->tunnel.depth && p->frag != FRAG_NONE;
		if (!carried_by_fragment && p->wire_len >= p->cap_len)
			FUZZ_CHECK(p->ip_len <= p->wire_len);
	}
	if (p->cls == DC_L4) {
		FUZZ_CHECK(p->ip_ver != 0);
		FUZZ_CHECK(p->l4_seen);
		FUZZ_CHECK(p->l4_proto == IPPROTO_NUM_TCP ||
			   p->l4_proto == IPPROTO_NUM_UDP ||
			   p->l4_proto == IPPROTO_NUM_ICMP ||
			   p->l4_proto == IPPROTO_NUM_ICMPV6);
		/* UDP is exempt: a first fragment's length covers the
		 * whole datagram (udp.c). */
		if (p->l4_proto != IPPROTO_NUM_UDP)
			FUZZ_CHECK(p->payload_len <= p->l4_len);
		if (p->inner.present)
			FUZZ_CHECK(p->inner.ip_ver == 4 || p->inner.ip_ver == 6);
	}
	if (p->cls == DC_NON_IP)
		FUZZ_CHECK(p->ip_ver == 0);
}

/* Decode one frame and check it. data must be exactly caplen bytes. */
static inline void fuzz_decode_checked(int linktype, const uint8_t *data,
				       uint32_t caplen, uint32_t wirelen)
{
	struct packet p, again;
	enum decode_class c = decode_packet_decap(fuzz_decap(), linktype, data,
						  caplen, wirelen,
						  1700000000000000000ull, &p);
	fuzz_check_packet(&p, c);
	/* Deterministic, and every byte of the struct written: the decoder
	 * overwrites *p fully, so a second decode over garbage must give
	 * the same bytes (catches a field read before it is set). */
	memset(&again, 0xa5, sizeof(again));
	decode_packet_decap(fuzz_decap(), linktype, data, caplen, wirelen,
			    1700000000000000000ull, &again);
	FUZZ_CHECK(memcmp(&p, &again, sizeof(p)) == 0);
	FUZZ_CHECK(p.cap_len == caplen && p.wire_len == wirelen);
	FUZZ_CHECK(((p.warnings >> DW_SNAP_TRUNCATED) & 1) == (caplen < wirelen));
	if (!decode_linktype_supported(linktype))
		FUZZ_CHECK(p.err == DE_LINK_UNSUPPORTED);
}

/* Outer IP header around a transport message for fuzz_tcp, fuzz_udp and
 * fuzz_icmp. The control byte picks:
 *   bit 0      IPv6 (next header proto6) instead of IPv4 (proto4)
 *   bit 1      a first fragment: IPv4 MF set, or an IPv6 fragment
 *              header (RFC 8200 s4.5) with M set and offset 0
 *   bits 2-7   snap cut: the IP length claims extra = bits * 61 bytes
 *              more than were captured, and wirelen says so too
 * The frame is built in one exact-size buffer (see the trap above). */
static inline void fuzz_l4_in_ip(uint8_t ctl, const uint8_t *msg, size_t n,
				 uint8_t proto4, uint8_t proto6)
{
	int v6 = ctl & 1, frag = (ctl >> 1) & 1;
	size_t extra = (size_t)(ctl >> 2) * 61;
	size_t hlen = v6 ? 40 + (frag ? 8 : 0) : 20;
	/* The length field must hold the message plus the cut bytes. */
	size_t lmax = 65535 - (v6 ? 0 : 20) - (v6 && frag ? 8 : 0) - extra;
	if (n > lmax)
		n = lmax;
	size_t caplen = hlen + n;
	uint8_t *f = malloc(caplen);
	if (!f)
		abort();
	memset(f, 0, hlen);
	if (!v6) {
		size_t total = 20 + n + extra;
		f[0] = 0x45;
		f[2] = (uint8_t)(total >> 8);
		f[3] = (uint8_t)total;
		f[4] = 0x12; f[5] = 0x34;          /* identification */
		f[6] = frag ? 0x20 : 0x40;         /* MF, or DF */
		f[8] = 64;                         /* TTL */
		f[9] = proto4;
		f[12] = 10; f[15] = 1;             /* 10.0.0.1 */
		f[16] = 10; f[19] = 2;             /* 10.0.0.2 */
	} else {
		size_t plen = n + extra + (frag ? 8 : 0);
		f[0] = 0x60;
		f[4] = (uint8_t)(plen >> 8);
		f[5] = (uint8_t)plen;
		f[6] = frag ? 44 : proto6;
		f[7] = 64;                         /* hop limit */
		f[8] = 0x20; f[9] = 0x01; f[9 + 14] = 1;   /* 2001::1 */
		f[24] = 0x20; f[25] = 0x01; f[25 + 14] = 2; /* 2001::2 */
		if (frag) {
			f[40] = proto6;
			f[43] = 1;                 /* offset 0, M set */
			f[47] = 7;                 /* identification */
		}
	}
	if (n)
		memcpy(f + hlen, msg, n);
	int lt = v6 ? LT_IPV6 : LT_IPV4;
	fuzz_decode_checked(lt, f, (uint32_t)caplen, (uint32_t)(caplen + extra));
	free(f);
}

#endif
