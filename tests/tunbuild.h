/* tests/tunbuild.h - a small tunnelled traffic mix for the output tests
 * (test_metrics.c, test_golden.c's summary, test_html.c): frames built
 * with pktbuild.h and handed to an analyzer through capture_record(), the
 * path every reader takes, so decapsulation, flows and the tunnel
 * counters are the real ones. No file, no clock: packet i is stamped
 * TB_T0 + i ms.
 *
 * tb_feed_mix() sends, in order (TB_MIX_* say what each type must count):
 *   1-3  VXLAN VNI TB_VNI, outer 192.0.2.1 <-> 198.51.100.2 (UDP 4789),
 *        inside a TCP handshake 10.0.0.1:40000 -> 10.0.0.2:80
 *   4    GRE key TB_GRE_KEY, outer 192.0.2.1 -> 198.51.100.2, inside
 *        UDP 10.1.0.1:5000 -> 10.1.0.2:53
 *   5    UDP to 4789 whose VXLAN header is cut (vxlan.truncated_header)
 *   6    UDP to 4789 without VXLAN's I flag: declined, left as UDP
 *   7    a plain TCP SYN 192.0.2.9:41000 -> 198.51.100.9:22
 * tb_feed_contexts() sends n VXLAN packets of n distinct VNIs and inner
 * ports: n tunnelled flows, so n > TUNCTX_MAX makes the context cap bite.
 * tb_report() is the report of an analyzer fed both, as report_build()
 * makes it for `portlens read` (no input file: capture.files is empty).
 * Known trap: everything here is static inline (a header shared by
 * several suites); a frame is at most TB_FRAME_MAX bytes. */
#ifndef PORTLENS_TUNBUILD_H
#define PORTLENS_TUNBUILD_H

#include "analyzer/capture/record.h"
#include "analyzer/output/report.h"
#include "tests/pktbuild.h"

#define TB_T0 1700000000u
#define TB_VNI 4242u
#define TB_GRE_KEY 7u
#define TB_FRAME_MAX 256

/* What tb_feed_mix() makes each counter say. */
enum {
	TB_MIX_PACKETS = 7,
	TB_MIX_VXLAN_PACKETS = 4, TB_MIX_VXLAN_DECAP = 3, TB_MIX_VXLAN_ERRORS = 1,
	TB_MIX_VXLAN_NOT_TUNNEL = 1,
	TB_MIX_GRE_PACKETS = 1,
	TB_MIX_TUNNELLED = 4,      /* tunnels.packets: decapsulated at least once */
	TB_MIX_TUNNEL_FLOWS = 2,   /* the TCP flow in VXLAN, the UDP flow in GRE */
};

static const uint8_t tb_outer_a[4] = { 192, 0, 2, 1 };
static const uint8_t tb_outer_b[4] = { 198, 51, 100, 2 };

/* IPv4 src -> dst of protocol proto around payload bytes. */
static inline size_t tb_ipv4(uint8_t *b, const uint8_t *src, const uint8_t *dst,
			     uint8_t proto, size_t payload)
{
	size_t n = pb_ipv4(b, proto, (uint16_t)(PB_IPV4_LEN + payload));
	memcpy(b + 12, src, 4);
	memcpy(b + 16, dst, 4);
	return n;
}

/* Ethernet + IPv4 + TCP (no payload). */
static inline size_t tb_eth_tcp(uint8_t *b, const uint8_t *src, const uint8_t *dst,
				uint16_t sport, uint16_t dport, uint16_t flags)
{
	size_t n = pb_eth(b, 0x0800);
	n += tb_ipv4(b + n, src, dst, IPPROTO_NUM_TCP, PB_TCP_LEN);
	return n + pb_tcp(b + n, sport, dport, flags);
}

/* Ethernet + IPv4 + UDP around len bytes of payload. */
static inline size_t tb_eth_udp(uint8_t *b, const uint8_t *src, const uint8_t *dst,
				uint16_t sport, uint16_t dport,
				const uint8_t *payload, size_t len)
{
	size_t n = pb_eth(b, 0x0800);
	n += tb_ipv4(b + n, src, dst, IPPROTO_NUM_UDP, PB_UDP_LEN + len);
	n += pb_udp(b + n, sport, dport, (uint16_t)(PB_UDP_LEN + len));
	memcpy(b + n, payload, len);
	return n + len;
}

/* The VXLAN header (RFC 7348 s5: I flag, VNI) and then inner bytes. */
static inline size_t tb_vxlan(uint8_t *b, uint32_t vni, const uint8_t *inner, size_t len)
{
	memset(b, 0, 8);
	b[0] = 0x08;
	pb_be32(b + 4, vni << 8);
	memcpy(b + 8, inner, len);
	return 8 + len;
}

static inline void tb_feed(struct analyzer *an, const uint8_t *frame, size_t len, unsigned i)
{
	struct pcap_pkthdr h;
	memset(&h, 0, sizeof(h));
	h.ts.tv_sec = (time_t)(TB_T0 + i / 1000);
	h.ts.tv_usec = (suseconds_t)(i % 1000) * 1000;
	h.caplen = h.len = (bpf_u_int32)len;
	capture_record(an, LT_EN10MB, &h, frame, 0);
}

/* One VXLAN packet a -> b carrying a TCP segment. */
static inline void tb_feed_vxlan_tcp(struct analyzer *an, unsigned i, uint32_t vni, int reply,
				     uint16_t inner_sport, uint16_t flags)
{
	static const uint8_t in_a[4] = { 10, 0, 0, 1 }, in_b[4] = { 10, 0, 0, 2 };
	uint8_t inner[TB_FRAME_MAX], vx[TB_FRAME_MAX], frame[TB_FRAME_MAX];
	size_t n = reply ? tb_eth_tcp(inner, in_b, in_a, 80, inner_sport, flags)
			 : tb_eth_tcp(inner, in_a, in_b, inner_sport, 80, flags);
	n = tb_vxlan(vx, vni, inner, n);
	n = reply ? tb_eth_udp(frame, tb_outer_b, tb_outer_a, 49153, 4789, vx, n)
		  : tb_eth_udp(frame, tb_outer_a, tb_outer_b, 49152, 4789, vx, n);
	tb_feed(an, frame, n, i);
}

/* GRE (RFC 2890: K flag, protocol 0x0800, key) around UDP in IPv4. */
static inline void tb_feed_gre_udp(struct analyzer *an, unsigned i)
{
	static const uint8_t in_a[4] = { 10, 1, 0, 1 }, in_b[4] = { 10, 1, 0, 2 };
	uint8_t frame[TB_FRAME_MAX];
	size_t inner = PB_IPV4_LEN + PB_UDP_LEN + 4;
	size_t n = pb_eth(frame, 0x0800);
	n += tb_ipv4(frame + n, tb_outer_a, tb_outer_b, IPPROTO_NUM_GRE, 8 + inner);
	pb_be16(frame + n, 0x2000);
	pb_be16(frame + n + 2, 0x0800);
	pb_be32(frame + n + 4, TB_GRE_KEY);
	n += 8;
	n += tb_ipv4(frame + n, in_a, in_b, IPPROTO_NUM_UDP, PB_UDP_LEN + 4);
	n += pb_udp(frame + n, 5000, 53, PB_UDP_LEN + 4);
	n += pb_fill(frame + n, 4);
	tb_feed(an, frame, n, i);
}

static inline void tb_feed_mix(struct analyzer *an)
{
	static const uint8_t cut[4] = { 0x08, 0, 0, 0 }, not_vxlan[8] = { 0 };
	static const uint8_t plain_a[4] = { 192, 0, 2, 9 }, plain_b[4] = { 198, 51, 100, 9 };
	uint8_t frame[TB_FRAME_MAX];
	tb_feed_vxlan_tcp(an, 0, TB_VNI, 0, 40000, TCP_SYN);
	tb_feed_vxlan_tcp(an, 1, TB_VNI, 1, 40000, TCP_SYN | TCP_ACK);
	tb_feed_vxlan_tcp(an, 2, TB_VNI, 0, 40000, TCP_ACK);
	tb_feed_gre_udp(an, 3);
	tb_feed(an, frame, tb_eth_udp(frame, tb_outer_a, tb_outer_b, 49154, 4789, cut,
				      sizeof(cut)), 4);
	tb_feed(an, frame, tb_eth_udp(frame, tb_outer_a, tb_outer_b, 49155, 4789, not_vxlan,
				      sizeof(not_vxlan)), 5);
	tb_feed(an, frame, tb_eth_tcp(frame, plain_a, plain_b, 41000, 22, TCP_SYN), 6);
}

/* n VXLAN SYNs, VNI 1..n, inner source ports 1024 + i: n flows, each with
 * a context of its own. */
static inline void tb_feed_contexts(struct analyzer *an, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		tb_feed_vxlan_tcp(an, 100 + i, i + 1, 0, (uint16_t)(1024 + i), TCP_SYN);
}

/* The report of a default analyzer fed tb_feed_mix() and then
 * tb_feed_contexts(contexts); NULL when something failed. Caller
 * json_decref()s it. */
static inline json_t *tb_report(unsigned contexts)
{
	struct analyzer *an = calloc(1, sizeof(*an));
	struct run_info run;
	json_t *r = NULL;
	memset(&run, 0, sizeof(run));
	if (an && analyzer_init(an, NULL) == 0) {
		tb_feed_mix(an);
		tb_feed_contexts(an, contexts);
		analyzer_finish(an);
		r = report_build(an, &run);
	}
	if (an)
		analyzer_free(an);
	free(an);
	return r;
}

#endif
