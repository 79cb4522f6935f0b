/* dissectors/decode.c - decode_packet(): the loop that runs the dissectors.
 * The loop starts at LAYER_LINK (the capture's link type). Each step
 * dispatches the layer named by the previous dissector (layer.h) to the
 * dissector for it; that dissector consumes its header through the cursor,
 * narrows the cursor for its payload when it must, and names the next
 * layer or none. The loop ends when no next layer is named, a dissector
 * fails, or DECODE_MAX_LAYERS dissectors have run and another layer is
 * named (decode.too_many_layers: a fixed CPU bound per packet, whatever
 * the packet says). Only this file includes the dissectors' headers, and no
 * dissector calls another layer's dissector: no include cycle, no
 * recursion. The packet's class is set by the layer where decoding ends,
 * errors by the layer that failed.
 * To add a layer: a kind in layer.h if none fits, a case in
 * decode_layer(), and the dissector fills *next. A tunnel is a case in
 * decode_tunnel_header(); decode_tunnel() bounds the nesting (at most
 * DECODE_MAX_TUNNELS, then tunnel.too_deep) and records what the carrier
 * said (decode_enter_tunnel). Tunnels make the layer graph cyclic, so
 * both bounds matter: the tunnel bound is the one captures reach, the
 * layer bound stays a CPU bound above it (8 tunnels of at most 5 layers
 * each, plus the outer chain, fit in DECODE_MAX_LAYERS). */
#include <string.h>
#include "decode.h"
#include "arp.h"
#include "erspan.h"
#include "ethernet.h"
#include "gre.h"
#include "ipip.h"
#include "fddi.h"
#include "ipnet.h"
#include "icmp.h"
#include "ipv4.h"
#include "ipv6.h"
#include "loopback.h"
#include "mpls.h"
#include "nflog.h"
#include "ppp.h"
#include "sll.h"
#include "tcp.h"
#include "udp.h"
#include "vlan.h"
#include "vxlan.h"

/* The dispatchers are inlined into the loop, so that each dissector is
 * called straight from decode_layers() with no frame in between (the
 * loop replaced direct calls between dissectors and should cost no more
 * than they did). */
#define DECODE_INLINE inline __attribute__((always_inline))

/* EtherTypes (IEEE registry). */
enum {
	ET_IPV4 = 0x0800, ET_IPV6 = 0x86dd, ET_PPPOE_SESS = 0x8864,
	ET_MPLS_UC = 0x8847, ET_MPLS_MC = 0x8848, ET_ARP = 0x0806,
};

int decode_linktype_supported(int linktype)
{
	switch (linktype) {
	case LT_NULL: case LT_EN10MB: case LT_PPP: case LT_RAW:
	case LT_RAW_OPENBSD: case LT_PPP_SERIAL: case LT_PPP_ETHER:
	case LT_C_HDLC: case LT_LOOP: case LT_LINUX_SLL: case LT_RAW_101:
	case LT_IPV4: case LT_IPV6: case LT_NFLOG: case LT_LINUX_SLL2:
	case LT_FDDI: case LT_IPNET:
		return 1;
	default:
		return 0;
	}
}

/* IPv4 or IPv6 by the version nibble (raw IP, PPP, MPLS, NFLOG ...). */
static DECODE_INLINE enum decode_err decode_ip_by_version(struct cursor *c, struct packet *p,
					    struct layer_next *next)
{
	uint8_t b;

	if (cur_peek_u8(c, 0, &b) != CUR_OK)
		return DE_IP_BAD_VERSION;
	switch (b >> 4) {
	case 4: return ipv4_decode(c, p, next);
	case 6: return ipv6_decode(c, p, next);
	default: return DE_IP_BAD_VERSION;
	}
}

static DECODE_INLINE enum decode_err decode_link(uint32_t linktype, struct cursor *c,
				   struct packet *p, struct layer_next *next)
{
	if (linktype == LT_EN10MB) /* most captures: one compare, no table */
		return ethernet_decode(c, p, next);
	switch (linktype) {
	case LT_EN10MB: return ethernet_decode(c, p, next);
	case LT_NULL: return loopback_null_decode(c, p, next);
	case LT_LOOP: return loopback_loop_decode(c, p, next);
	case LT_RAW: case LT_RAW_OPENBSD: case LT_RAW_101:
		return decode_ip_by_version(c, p, next);
	case LT_IPV4: return ipv4_decode(c, p, next);
	case LT_IPV6: return ipv6_decode(c, p, next);
	case LT_LINUX_SLL: return sll_decode(c, p, next);
	case LT_LINUX_SLL2: return sll2_decode(c, p, next);
	case LT_PPP: case LT_PPP_SERIAL: return ppp_decode(c, p, next);
	case LT_C_HDLC: return chdlc_decode(c, next);
	case LT_PPP_ETHER: return pppoe_decode(c, p, next);
	case LT_NFLOG: return nflog_decode(c, p, next);
	case LT_FDDI: return fddi_decode(c, p, next);
	case LT_IPNET: return ipnet_decode(c, p, next);
	default: return DE_LINK_UNSUPPORTED;
	}
}

static DECODE_INLINE enum decode_err decode_ethertype(uint16_t ethertype, struct cursor *c,
					struct packet *p,
					struct layer_next *next)
{
	/* IP first: most frames; the tag test takes five compares. */
	if (ethertype == ET_IPV4)
		return ipv4_decode(c, p, next);
	if (ethertype == ET_IPV6)
		return ipv6_decode(c, p, next);
	if (vlan_is_tag(ethertype))
		return vlan_decode(c, ethertype, p, next);
	switch (ethertype) {
	case ET_IPV4: return ipv4_decode(c, p, next);
	case ET_IPV6: return ipv6_decode(c, p, next);
	case ET_PPPOE_SESS: return pppoe_decode(c, p, next);
	case ET_MPLS_UC: case ET_MPLS_MC: return mpls_decode(c, next);
	case ET_ARP: return arp_decode(c, p);
	default: return layer_non_ip(p, ethertype);
	}
}

/* GRE and IP in IP are entered when dc allows it and a byte of the
 * payload is there: an empty one (nmap -sO's probes for protocols 4, 41
 * and 47) is an IP packet of that protocol, not a broken tunnel. */
static DECODE_INLINE int decap_ip_tunnel(const struct decap_config *dc,
					 const struct cursor *c)
{
	return dc && dc->enabled && cur_remaining(c) > 0;
}

/* The transports, and the IP protocols that lead into a tunnel (GRE, IP
 * in IP) when dc allows it. TCP ends the decode; a UDP packet on a tunnel
 * port names its tunnel, its payload clipped to the UDP length. */
static DECODE_INLINE enum decode_err decode_transport(uint8_t proto, struct cursor *c,
					struct packet *p,
					const struct decap_config *dc,
					struct layer_next *next)
{
	p->l4_proto = proto;
	p->l4_seen = 1;
	switch (proto) {
	case IPPROTO_NUM_TCP: return tcp_decode(c, p);
	case IPPROTO_NUM_UDP: {
		enum decode_err err = udp_decode(c, p);
		unsigned type;
		if (err != DE_OK || !dc || !dc->enabled ||
		    !(type = decap_udp_type(dc, p->sport, p->dport)))
			return err;
		cur_narrow(c, p->payload_len);
		return layer_tunnel(next, (enum tunnel_type)type, 0);
	}
	case IPPROTO_NUM_ICMP: return icmp_decode(c, p);
	case IPPROTO_NUM_ICMPV6: return icmpv6_decode(c, p);
	case IPPROTO_NUM_GRE:
		p->cls = DC_L3_ONLY;
		return decap_ip_tunnel(dc, c) ? layer_tunnel(next, TUN_GRE, 0) : DE_OK;
	case IPPROTO_NUM_IPV4: case IPPROTO_NUM_IPV6:
		p->cls = DC_L3_ONLY;
		return decap_ip_tunnel(dc, c) ? layer_tunnel(next, TUN_IPIP, proto) : DE_OK;
	default:
		p->cls = DC_L3_ONLY;
		return DE_OK;
	}
}

/* The tunnel dissector of type; aux is the context its carrier named. */
static enum decode_err decode_tunnel_header(unsigned type, unsigned aux,
					    struct cursor *c, struct packet *p,
					    struct tunnel_hdr *t,
					    struct layer_next *next)
{
	switch (type) {
	case TUN_IPIP: return ipip_decode((uint8_t)aux, next);
	case TUN_GRE: return gre_decode(c, p, t, next);
	case TUN_GRE_UDP: return gre_udp_decode(c, p, t, next);
	case TUN_ERSPAN: return erspan_decode(c, aux, t, next);
	case TUN_VXLAN: return vxlan_decode(c, t, next);
	default: return layer_decline(next);
	}
}

/* Inside a tunnel the packet starts over: what the outer layers said is
 * kept in p->tunnel (the carrier's addresses; the first transport, for
 * the outermost) and the fields the inner layers fill are cleared, so
 * that a payload that ends early (ESP in GRE, ARP in VXLAN) does not
 * keep the outer header's ports or class. */
static void decode_enter_tunnel(struct packet *p, unsigned type,
				const struct tunnel_hdr *t)
{
	struct packet_tunnel *tu = &p->tunnel;
	if (tu->depth == 0) {
		tu->outer_l4 = p->l4_proto;
		tu->outer_l4_seen = p->l4_seen;
	}
	tu->depth++;
	tu->type = (uint8_t)type;
	tu->id = t->id;
	tu->has_id = t->has_id;
	tu->decap |= (uint16_t)(1u << type);
	/* A tunnel straight inside another (ERSPAN in GRE) has no IP header
	 * of its own: the one around the outer tunnel carries it too. */
	if (p->ip_ver) {
		tu->outer_ip_ver = p->ip_ver;
		memcpy(tu->outer_src, p->src, 16);
		memcpy(tu->outer_dst, p->dst, 16);
	}
	p->cls = DC_L4;
	p->ip_ver = 0;
	p->l4_proto = 0;
	p->l4_seen = 0;
	p->frag = FRAG_NONE;
	p->sport = p->dport = 0;
	p->tcp_flags = 0;
	p->payload_len = 0;
}

/* One tunnel layer: the depth bound, the header, and entering it. A UDP
 * look-alike is declined with the cursor as it was: the packet stays the
 * UDP packet it was. A valid header that carries nothing to decode (a
 * keepalive, a payload type not listed) is counted as seen and ends the
 * decode where the carrier left it. */
static enum decode_err decode_tunnel(uint32_t value, struct cursor *c,
				     struct packet *p, struct layer_next *next)
{
	unsigned type = value & 0xff;
	struct tunnel_hdr t = { 0, 0 };
	struct cursor inner = *c;

	if (p->tunnel.depth >= DECODE_MAX_TUNNELS)
		return DE_TUNNEL_TOO_DEEP;
	enum decode_err err = decode_tunnel_header(type, value >> 8, &inner, p, &t, next);
	if (next->kind == LAYER_DECLINED) {
		next->kind = LAYER_DONE;
		p->tunnel.declined |= (uint16_t)(1u << type);
		return DE_OK;
	}
	p->tunnel.seen |= (uint16_t)(1u << type);
	if (err != DE_OK || next->kind == LAYER_DONE)
		return err;
	decode_enter_tunnel(p, type, &t);
	*c = inner;
	return DE_OK;
}

/* One step of the loop: the dissector for layer at. */
static DECODE_INLINE enum decode_err decode_layer(const struct layer_next *at,
				    struct cursor *c, struct packet *p,
				    const struct decap_config *dc,
				    struct layer_next *next)
{
	switch (at->kind) {
	case LAYER_LINK: return decode_link(at->value, c, p, next);
	case LAYER_ETHERTYPE:
		return decode_ethertype((uint16_t)at->value, c, p, next);
	case LAYER_IP: return decode_ip_by_version(c, p, next);
	case LAYER_TRANSPORT:
		return decode_transport((uint8_t)at->value, c, p, dc, next);
	case LAYER_TUNNEL: return decode_tunnel(at->value, c, p, next);
	case LAYER_DONE: case LAYER_DECLINED: break;
	}
	return DE_OK;
}

/* Run the layers from the link layer on, at most max_layers of them;
 * c is narrowed as they go. The common chain (link, EtherType, IP,
 * transport) is dispatched without going back through decode_layer(),
 * and TCP, which ends every chain it is in, is called in tail position.
 * This keeps the loop within a few instructions of the direct calls it
 * replaced (callgrind: about 20 per packet instead of 60). */
static enum decode_err decode_layers(int linktype, struct cursor *c,
				     struct packet *p, const struct decap_config *dc,
				     unsigned max_layers)
{
	struct layer_next next = { LAYER_DONE, 0 };
	enum decode_err err = decode_link((uint32_t)linktype, c, p, &next);
	for (unsigned ran = 1; err == DE_OK && next.kind != LAYER_DONE; ran++) {
		if (ran >= max_layers)
			return DE_TOO_MANY_LAYERS;
		struct layer_next at = next;
		next.kind = LAYER_DONE;
		if (at.kind == LAYER_TRANSPORT) {
			if (at.value == IPPROTO_NUM_TCP) {
				p->l4_proto = IPPROTO_NUM_TCP;
				p->l4_seen = 1;
				return tcp_decode(c, p);
			}
			err = decode_transport((uint8_t)at.value, c, p, dc, &next);
			continue;
		}
		if (at.kind == LAYER_ETHERTYPE)
			err = decode_ethertype((uint16_t)at.value, c, p, &next);
		else
			err = decode_layer(&at, c, p, dc, &next);
	}
	return err;
}

/* The body of both entry points, inlined into each: decode_packet() runs
 * once per packet and should not pay a second call. */
static inline __attribute__((always_inline)) enum decode_class
decode_run(int linktype, const uint8_t *data, uint32_t caplen, uint32_t wirelen,
	   uint64_t ts_ns, const struct decap_config *dc, unsigned max_layers,
	   struct packet *p)
{
	struct cursor c;

	memset(p, 0, sizeof(*p));
	p->ts_ns = ts_ns;
	p->cap_len = caplen;
	p->wire_len = wirelen;
	p->linktype = linktype;
	if (caplen < wirelen)
		packet_warn(p, DW_SNAP_TRUNCATED);
	else if (caplen > wirelen) /* decoded as stored; bytes count wirelen */
		packet_warn(p, DW_CAPLEN_OVER_WIRE);
	cur_init(&c, data, caplen);
	enum decode_err err = decode_layers(linktype, &c, p, dc, max_layers);
	if (err != DE_OK) {
		p->err = err;
		p->cls = DC_ERROR;
	}
	return p->cls;
}

enum decode_class decode_packet_bounded(int linktype, const uint8_t *data,
					uint32_t caplen, uint32_t wirelen,
					uint64_t ts_ns, unsigned max_layers,
					struct packet *p)
{
	return decode_run(linktype, data, caplen, wirelen, ts_ns, NULL, max_layers, p);
}

enum decode_class decode_packet(int linktype, const uint8_t *data,
				uint32_t caplen, uint32_t wirelen,
				uint64_t ts_ns, struct packet *p)
{
	return decode_run(linktype, data, caplen, wirelen, ts_ns, NULL, DECODE_MAX_LAYERS, p);
}

enum decode_class decode_packet_decap(const struct decap_config *dc, int linktype,
				      const uint8_t *data, uint32_t caplen,
				      uint32_t wirelen, uint64_t ts_ns, struct packet *p)
{
	return decode_run(linktype, data, caplen, wirelen, ts_ns, dc, DECODE_MAX_LAYERS, p);
}
