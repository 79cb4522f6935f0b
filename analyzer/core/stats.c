/* analyzer/core/stats.c - per-packet decode accounting (see stats.h). */
#include <string.h>
#include "analyzer/core/stats.h"

void stats_init(struct decode_stats *s)
{
	memset(s, 0, sizeof(*s));
}

/* Count under key in a small table; 0 when the table is full. */
static int keyed_bump(struct keyed_count *t, unsigned *used, unsigned cap,
		      uint32_t key)
{
	for (unsigned i = 0; i < *used; i++) {
		if (t[i].key == key) {
			t[i].count++;
			return 1;
		}
	}
	if (*used == cap)
		return 0;
	t[*used].key = key;
	t[*used].count = 1;
	(*used)++;
	return 1;
}

static void bump(struct counter_pair *c, uint32_t bytes)
{
	c->packets++;
	c->bytes += bytes;
}

static void account_ip(struct decode_stats *s, const struct packet *p)
{
	bump(p->ip_ver == 4 ? &s->ipv4 : &s->ipv6, p->wire_len);
	if (p->frag == FRAG_FIRST)
		s->fragments_first++;
	else if (p->frag == FRAG_LATER)
		s->fragments_later++;
	/* Counted by what the IP header says comes next, like tshark's
	 * "first transport": a truncated TCP header is still a TCP packet
	 * (and also a tcp.* decode error). */
	if (!p->l4_seen)
		return;
	switch (p->l4_proto) {
	case IPPROTO_NUM_TCP: bump(&s->tcp, p->wire_len); break;
	case IPPROTO_NUM_UDP: bump(&s->udp, p->wire_len); break;
	case IPPROTO_NUM_ICMP: bump(&s->icmp, p->wire_len); break;
	case IPPROTO_NUM_ICMPV6: bump(&s->icmpv6, p->wire_len); break;
	default: bump(&s->other_l4, p->wire_len); break;
	}
}

static int l4_slot(uint8_t proto, uint8_t seen)
{
	if (!seen)
		return -1;
	switch (proto) {
	case IPPROTO_NUM_TCP: return STATS_L4_TCP;
	case IPPROTO_NUM_UDP: return STATS_L4_UDP;
	case IPPROTO_NUM_ICMP: return STATS_L4_ICMP;
	case IPPROTO_NUM_ICMPV6: return STATS_L4_ICMPV6;
	default: return STATS_L4_OTHER;
	}
}

/* Only for packets that met a tunnel port or header: one test per packet
 * otherwise. */
static void account_tunnels(struct decode_stats *s, const struct packet *p)
{
	const struct packet_tunnel *t = &p->tunnel;
	for (unsigned type = 1; type < TUN_COUNT; type++) {
		uint16_t bit = (uint16_t)(1u << type);
		struct tunnel_counts *c = &s->tunnel[type];
		if (t->declined & bit)
			c->not_tunnel++;
		if (!(t->seen & bit))
			continue;
		c->packets++;
		c->bytes += p->wire_len;
		if (t->decap & bit)
			c->decapsulated++;
		else if (p->cls == DC_ERROR)
			c->errors++;
	}
	if (!t->depth)
		return;
	s->tunnelled++;
	s->tunnelled_bytes += p->wire_len;
	int outer = l4_slot(t->outer_l4, t->outer_l4_seen);
	int inner = l4_slot(p->l4_proto, p->l4_seen);
	s->outer_transport[outer >= 0 ? outer : STATS_L4_NONE]++;
	if (inner >= 0)
		s->inner_transport[inner]++;
	if (!p->ip_ver && t->carrier_l4)
		s->nonip_inner_by_carrier[l4_slot(t->carrier_l4, 1)]++;
}

static void account_time(struct decode_stats *s, uint64_t ts)
{
	if (s->packets == 1 || ts < s->first_ts_ns)
		s->first_ts_ns = ts;
	if (ts < s->last_ts_ns)
		s->ts_backwards++;
	else
		s->last_ts_ns = ts;
}

void stats_account(struct decode_stats *s, const struct packet *p)
{
	s->packets++;
	s->bytes += p->wire_len;
	s->captured_bytes += p->cap_len;
	account_time(s, p->ts_ns);
	for (uint32_t w = p->warnings, i = 0; w; w >>= 1, i++)
		if (w & 1)
			s->warnings[i]++;
	if (p->vlan_depth)
		s->vlan_tagged++;
	switch (p->cls) {
	case DC_L4: s->l4++; break;
	case DC_L3_ONLY: s->l3_only++; break;
	case DC_NON_IP:
		s->non_ip++;
		if (!keyed_bump(s->nonip, &s->nonip_used, STATS_NONIP_SLOTS,
				p->nonip_kind))
			s->nonip_other++;
		break;
	case DC_ERROR:
		s->errors++;
		s->by_error[p->err < DE_COUNT ? p->err : DE_OK]++;
		break;
	}
	if (p->ip_ver) /* set once the IP header passed its checks */
		account_ip(s, p);
	if (p->tunnel.seen | p->tunnel.declined)
		account_tunnels(s, p);
	if (p->inner.present && p->cls == DC_L4 && /* an ICMP error's quote */
	    (p->inner.has_ports || !ipproto_has_ports(p->inner.proto)))
		s->icmp_errors_by_quoted[p->l4_proto == IPPROTO_NUM_ICMPV6]
					[l4_slot(p->inner.proto, 1)]++;
}
