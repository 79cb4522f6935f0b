/* analyzer/flow/flow.c - flow table: keyed hash, chunked pool, LRU timeouts.
 * Layout: flows live in chunks of FLOW_CHUNK allocated on first use, so
 * memory follows the number of live flows up to the cap; a free list
 * recycles ended slots, so steady state allocates nothing per packet.
 * The index (hindex.h) maps keyed hashes (SipHash-1-3 with the run's
 * seed) to pool indices, with twice as many slots as the cap. Each timeout class keeps a doubly linked list in
 * last-activity order: touching a flow moves it to the head, expiry pops
 * from the tail, eviction ends the oldest tail of all classes. Expiry
 * runs at most once per second of capture time (a batch), never per
 * packet. Traps: capture time can step backwards (merged files), so
 * "now" is the largest timestamp seen; a slot is reused right after the
 * end callback returns. */
#include <stdlib.h>
#include <string.h>
#include "analyzer/flow/flow.h"
#include "analyzer/util/hindex.h"
#include "analyzer/util/timeops.h"
#include "analyzer/flow/tcpstate.h"
#include "dissectors/icmp.h"

#define FLOW_CHUNK_SHIFT 12
#define FLOW_CHUNK (1u << FLOW_CHUNK_SHIFT)
#define NS_PER_S 1000000000ull
#define FLOW_EXPIRE_EVERY_NS NS_PER_S

struct flow_lru {
	uint32_t head, tail; /* newest, oldest */
};

struct flow_table {
	struct flow_config cfg;
	flow_end_fn on_end;
	void *user;
	struct flow **chunks;
	uint32_t nchunks, max_chunks;
	uint32_t allocated;     /* slots handed out from chunks so far */
	uint32_t free_head;     /* free list through lru_next */
	struct hindex index;
	struct flow_lru lru[FLOW_TO_COUNT];
	uint64_t now, next_expire;
	uint64_t next_id;
	struct flow_stats st;
	struct tunctx_table tunnels;
};

static const char *const end_reason_names[FLOW_END_COUNT] = {
	"idle", "active_timeout", "evicted", "reused", "end_of_capture",
};

const char *flow_end_reason_name(enum flow_end_reason r)
{
	return (unsigned)r < FLOW_END_COUNT ? end_reason_names[r] : "unknown";
}

void flow_config_defaults(struct flow_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->max_flows = FLOW_DEFAULT_MAX;
	cfg->timeout_ns[FLOW_TO_TCP_ATTEMPT] = 30 * NS_PER_S;
	cfg->timeout_ns[FLOW_TO_TCP_ESTABLISHED] = 300 * NS_PER_S;
	cfg->timeout_ns[FLOW_TO_TCP_CLOSED] = 5 * NS_PER_S;
	cfg->timeout_ns[FLOW_TO_UDP] = 60 * NS_PER_S;
	cfg->timeout_ns[FLOW_TO_ICMP] = 60 * NS_PER_S;
	cfg->timeout_ns[FLOW_TO_OTHER] = 60 * NS_PER_S;
	cfg->active_timeout_ns = 1800 * NS_PER_S;
}

static inline struct flow *flow_at(const struct flow_table *t, uint32_t idx)
{
	return &t->chunks[idx >> FLOW_CHUNK_SHIFT][idx & (FLOW_CHUNK - 1)];
}

struct flow_table *flow_table_new(const struct flow_config *cfg,
				  flow_end_fn on_end, void *user)
{
	if (cfg->max_flows == 0 || cfg->max_flows > (1u << 30))
		return NULL;
	struct flow_table *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->cfg = *cfg;
	t->on_end = on_end;
	t->user = user;
	t->max_chunks = (cfg->max_flows + FLOW_CHUNK - 1) / FLOW_CHUNK;
	t->chunks = calloc(t->max_chunks, sizeof(*t->chunks));
	if (!t->chunks || hindex_init(&t->index, cfg->max_flows) != 0) {
		flow_table_free(t);
		return NULL;
	}
	t->free_head = FLOW_NIL;
	tunctx_init(&t->tunnels, &cfg->seed);
	for (int c = 0; c < FLOW_TO_COUNT; c++)
		t->lru[c].head = t->lru[c].tail = FLOW_NIL;
	return t;
}

void flow_table_free(struct flow_table *t)
{
	if (!t)
		return;
	for (uint32_t i = 0; t->chunks && i < t->nchunks; i++)
		free(t->chunks[i]);
	free(t->chunks);
	hindex_free(&t->index);
	tunctx_free(&t->tunnels);
	free(t);
}

const struct flow_stats *flow_table_stats(const struct flow_table *t)
{
	return &t->st;
}

/* ---- keys ---------------------------------------------------------- */

static int endpoint_cmp(const uint8_t *a, uint16_t ap, const uint8_t *b,
			uint16_t bp)
{
	int c = memcmp(a, b, 16);
	if (c)
		return c;
	return (ap > bp) - (ap < bp);
}

static void icmp_key_ports(const struct packet *p, uint16_t *sp, uint16_t *dp)
{
	int echo_like = p->icmp_id != 0 || p->icmp_type == 8 || p->icmp_type == 0 ||
			p->icmp_type == 128 || p->icmp_type == 129;
	if (echo_like) { /* request and reply share the identifier */
		*sp = *dp = p->icmp_id;
	} else {
		*sp = p->icmp_type;
		*dp = p->icmp_code;
	}
}

static void key_fill(struct flow_key *k, uint8_t *sender, const uint8_t *src,
		     const uint8_t *dst, uint16_t sp, uint16_t dp)
{
	int swap = endpoint_cmp(src, sp, dst, dp) > 0;
	memcpy(k->addr[swap], src, 16);
	memcpy(k->addr[!swap], dst, 16);
	k->port[swap] = sp;
	k->port[!swap] = dp;
	*sender = (uint8_t)swap;
}

int flow_key_from_packet(const struct packet *p, struct flow_key *k,
			 uint8_t *sender)
{
	uint16_t sp = 0, dp = 0;

	if (!p->ip_ver || p->frag == FRAG_LATER ||
	    (p->cls != DC_L4 && p->cls != DC_L3_ONLY))
		return -1;
	memset(k, 0, sizeof(*k));
	if (p->l4_proto == IPPROTO_NUM_TCP || p->l4_proto == IPPROTO_NUM_UDP) {
		sp = p->sport;
		dp = p->dport;
	} else if (p->cls == DC_L4) { /* ICMP or ICMPv6 */
		icmp_key_ports(p, &sp, &dp);
	}
	key_fill(k, sender, p->src, p->dst, sp, dp);
	k->vlan = p->vlan_id;
	k->proto = p->l4_proto;
	k->ip_ver = p->ip_ver;
	return 0;
}

/* The tunnel id is hashed only with --tunnel-key: it is 0 otherwise, and
 * the 40 bytes before it are five whole SipHash blocks. */
static uint32_t key_hash(const struct flow_table *t, const struct flow_key *k)
{
	size_t n = t->cfg.tunnel_key ? sizeof(*k) : offsetof(struct flow_key, tunnel_id);
	return (uint32_t)siphash13(&t->cfg.seed, k, n);
}

/* ---- index ----------------------------------------------------------- */

struct key_match {
	const struct flow_table *t;
	const struct flow_key *k;
};

static int key_eq(const void *ctx, uint32_t idx)
{
	const struct key_match *m = ctx;
	return memcmp(&flow_at(m->t, idx)->key, m->k, sizeof(*m->k)) == 0;
}

static uint32_t index_find(const struct flow_table *t, const struct flow_key *k,
			   uint32_t h)
{
	struct key_match m = { t, k };
	return hindex_find(&t->index, h, key_eq, &m);
}

/* ---- LRU lists --------------------------------------------------------- */

static void lru_unlink(struct flow_table *t, uint32_t idx)
{
	struct flow *f = flow_at(t, idx);
	struct flow_lru *l = &t->lru[f->to_class];
	if (f->lru_prev != FLOW_NIL)
		flow_at(t, f->lru_prev)->lru_next = f->lru_next;
	else
		l->head = f->lru_next;
	if (f->lru_next != FLOW_NIL)
		flow_at(t, f->lru_next)->lru_prev = f->lru_prev;
	else
		l->tail = f->lru_prev;
}

static void lru_push(struct flow_table *t, uint32_t idx, uint8_t cls)
{
	struct flow *f = flow_at(t, idx);
	struct flow_lru *l = &t->lru[cls];
	f->to_class = cls;
	f->lru_prev = FLOW_NIL;
	f->lru_next = l->head;
	if (l->head != FLOW_NIL)
		flow_at(t, l->head)->lru_prev = idx;
	else
		l->tail = idx;
	l->head = idx;
}

/* ---- life cycle --------------------------------------------------------- */

static void flow_end(struct flow_table *t, uint32_t idx, enum flow_end_reason r)
{
	struct flow *f = flow_at(t, idx);
	f->end_reason = (uint8_t)r;
	if (t->on_end)
		t->on_end(t->user, f);
	hindex_remove(&t->index, idx, f->hash);
	lru_unlink(t, idx);
	f->lru_next = t->free_head;
	t->free_head = idx;
	t->st.ended++;
	t->st.ended_by[r]++;
	t->st.active--;
}

static uint32_t oldest_flow(const struct flow_table *t)
{
	uint32_t best = FLOW_NIL;
	for (int c = 0; c < FLOW_TO_COUNT; c++) {
		uint32_t tail = t->lru[c].tail;
		if (tail != FLOW_NIL && (best == FLOW_NIL ||
		    flow_at(t, tail)->last_ts < flow_at(t, best)->last_ts))
			best = tail;
	}
	return best;
}

/* A free pool index, evicting the oldest flow when the cap is reached. */
static uint32_t flow_alloc(struct flow_table *t)
{
	if (t->free_head != FLOW_NIL) {
		uint32_t idx = t->free_head;
		t->free_head = flow_at(t, idx)->lru_next;
		return idx;
	}
	if (t->allocated < t->cfg.max_flows) {
		uint32_t c = t->allocated >> FLOW_CHUNK_SHIFT;
		if (c == t->nchunks) {
			t->chunks[c] = aligned_alloc(_Alignof(struct flow),
						     FLOW_CHUNK * sizeof(struct flow));
			if (!t->chunks[c])
				return FLOW_NIL;
			t->nchunks++;
		}
		return t->allocated++;
	}
	uint32_t victim = oldest_flow(t);
	if (victim == FLOW_NIL)
		return FLOW_NIL;
	flow_end(t, victim, FLOW_END_EVICTED);
	return flow_alloc(t);
}

/* Ask for the next flow to end while this one is ended: flows that end
 * in a row (expiry, flush) lie far apart in the pool, and the work done
 * per ended flow (the outputs: a flow line is about a microsecond) is
 * long enough to hide the next flow's cache misses instead of meeting
 * them one after another. */
static void prefetch_flow(const struct flow_table *t, uint32_t idx)
{
	if (idx == FLOW_NIL)
		return;
	const char *p = (const char *)flow_at(t, idx);
	for (size_t off = 0; off < sizeof(struct flow); off += 64)
		__builtin_prefetch(p + off);
}

static void expire(struct flow_table *t)
{
	for (int c = 0; c < FLOW_TO_COUNT; c++) {
		uint64_t to = t->cfg.timeout_ns[c];
		uint32_t idx;
		while ((idx = t->lru[c].tail) != FLOW_NIL &&
		       time_elapsed(t->now, flow_at(t, idx)->last_ts, to)) {
			prefetch_flow(t, flow_at(t, idx)->lru_prev);
			flow_end(t, idx, FLOW_END_IDLE);
		}
	}
	t->next_expire = time_add_sat(t->now, FLOW_EXPIRE_EVERY_NS);
}

void flow_table_foreach(struct flow_table *t,
			void (*fn)(void *ctx, struct flow *f), void *ctx)
{
	for (int c = 0; c < FLOW_TO_COUNT; c++)
		for (uint32_t idx = t->lru[c].head; idx != FLOW_NIL;
		     idx = flow_at(t, idx)->lru_next)
			fn(ctx, flow_at(t, idx));
}

void flow_table_flush(struct flow_table *t)
{
	uint32_t idx;
	for (int c = 0; c < FLOW_TO_COUNT; c++) {
		while ((idx = t->lru[c].tail) != FLOW_NIL) {
			prefetch_flow(t, flow_at(t, idx)->lru_prev);
			flow_end(t, idx, FLOW_END_FLUSH);
		}
	}
}

/* ---- per packet ----------------------------------------------------------- */

static int is_likely_server_port(const struct flow_table *t, uint8_t proto,
				 uint16_t port)
{
	if (!t->cfg.server_ports)
		return port != 0 && port < 1024;
	const uint8_t *bits = t->cfg.server_ports[proto == IPPROTO_NUM_UDP];
	return (bits[port >> 3] >> (port & 7)) & 1;
}

/* Swap when the sender's port looks like a service and the receiver's
 * does not: a reply seen before its request. */
static int sender_is_server(const struct flow_table *t, const struct packet *p)
{
	return is_likely_server_port(t, p->l4_proto, p->sport) &&
	       !is_likely_server_port(t, p->l4_proto, p->dport);
}

/* Which key endpoint originated a flow whose first packet is p. */
static uint8_t decide_orig(const struct flow_table *t, const struct packet *p,
			   uint8_t sender, uint8_t *flags)
{
	int flip = 0;
	if (p->l4_proto == IPPROTO_NUM_TCP && p->cls == DC_L4) {
		uint16_t fl = p->tcp_flags;
		if ((fl & TCP_SYN) && !(fl & TCP_ACK))
			return sender;
		if (fl & TCP_SYN) {
			flip = 1; /* SYN+ACK: the receiver asked first */
		} else {
			*flags |= FLOW_F_MIDSTREAM;
			flip = sender_is_server(t, p);
		}
	} else if (p->l4_proto == IPPROTO_NUM_UDP) {
		flip = sender_is_server(t, p);
	} else if (p->cls == DC_L4) {
		flip = p->icmp_type == 0 || p->icmp_type == 129; /* echo reply */
	}
	if (flip)
		*flags |= FLOW_F_FLIPPED;
	return flip ? sender ^ 1 : sender;
}

int flow_proto_slot(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_NUM_TCP: return 0;
	case IPPROTO_NUM_UDP: return 1;
	case IPPROTO_NUM_ICMP: case IPPROTO_NUM_ICMPV6: return 2;
	default: return 3;
	}
}

static uint8_t timeout_class(const struct flow *f)
{
	switch (f->key.proto) {
	case IPPROTO_NUM_TCP:
		if (tcpstate_closed(&f->tcp))
			return FLOW_TO_TCP_CLOSED;
		if (tcpstate_handshake_seen(&f->tcp) || !(f->tcp.seen & TCPS_ORIG_SYN))
			return FLOW_TO_TCP_ESTABLISHED;
		return FLOW_TO_TCP_ATTEMPT;
	case IPPROTO_NUM_UDP: return FLOW_TO_UDP;
	case IPPROTO_NUM_ICMP: case IPPROTO_NUM_ICMPV6: return FLOW_TO_ICMP;
	default: return FLOW_TO_OTHER;
	}
}

static uint32_t flow_create(struct flow_table *t, const struct flow_key *k,
			    uint32_t h, uint8_t orig, uint8_t flags)
{
	uint32_t idx = flow_alloc(t);
	if (idx == FLOW_NIL)
		return FLOW_NIL;
	struct flow *f = flow_at(t, idx);
	memset(f, 0, sizeof(*f));
	f->key = *k;
	f->hash = h;
	f->orig = orig;
	f->flags = flags;
	f->id = ++t->next_id;
	if (flags & FLOW_F_FLIPPED)
		tcpstate_flipped(&f->tcp);
	hindex_insert(&t->index, idx, h);
	lru_push(t, idx, FLOW_TO_OTHER);
	t->st.created++;
	t->st.created_by_proto[flow_proto_slot(k->proto)]++;
	if (++t->st.active > t->st.max_active)
		t->st.max_active = t->st.active;
	return idx;
}

static void flow_account(struct flow *f, const struct packet *p, int dir)
{
	struct flow_dir *d = &f->dir[dir];
	if (!f->dir[0].packets && !f->dir[1].packets) {
		f->first_ts = f->last_ts = p->ts_ns;
		f->first_icmp_type = p->icmp_type;
		f->first_icmp_code = p->icmp_code;
	}
	if (!d->packets)
		d->first_ts = p->ts_ns;
	d->packets++;
	d->bytes += p->wire_len;
	d->ip_bytes += p->ip_len;
	d->payload_bytes += p->payload_len;
	d->last_ts = p->ts_ns;
	if (p->ts_ns > f->last_ts)
		f->last_ts = p->ts_ns;
	if (p->l4_proto == IPPROTO_NUM_TCP && p->cls == DC_L4) {
		d->tcp_flags |= p->tcp_flags;
		tcpstate_packet(&f->tcp, dir, p->tcp_flags, p->payload_len);
	}
}

/* The tunnel id a key carries: with --tunnel-key, the id of the tunnel
 * around the packet (an ICMP error's quote is in the same tunnel). */
static uint32_t tunnel_key_id(const struct flow_table *t, const struct packet *p)
{
	return t->cfg.tunnel_key && p->tunnel.has_id ? p->tunnel.id : 0;
}

/* A flow created from a tunnelled packet keeps the tunnel's context. */
static void note_tunnel(struct flow_table *t, struct flow *f, const struct packet *p,
			uint8_t sender)
{
	f->tunnel = tunctx_intern(&t->tunnels, p, sender != f->orig);
	t->st.tunnelled++;
	t->st.tunnel_contexts = t->tunnels.used;
	t->st.tunnel_contexts_dropped = t->tunnels.dropped;
}

/* An ICMP error quoting a live flow's packet: note it on that flow. */
static struct flow *attribute_icmp_error(struct flow_table *t,
					 const struct packet *p)
{
	const struct quoted_tuple *q = &p->inner;
	struct flow_key k;
	uint8_t sender;

	/* A quoted TCP or UDP header names its flow by the ports; another
	 * protocol's flow has none (ICMP's identifier is not quoted). */
	if (!q->present || q->ip_ver != p->ip_ver || ipproto_is_icmp(q->proto) ||
	    (ipproto_has_ports(q->proto) && !q->has_ports))
		return NULL;
	memset(&k, 0, sizeof(k));
	int ports = ipproto_has_ports(q->proto);
	key_fill(&k, &sender, q->src, q->dst, ports ? q->sport : 0, ports ? q->dport : 0);
	k.vlan = p->vlan_id;
	k.proto = q->proto;
	k.ip_ver = q->ip_ver;
	k.tunnel_id = tunnel_key_id(t, p);
	uint32_t idx = index_find(t, &k, key_hash(t, &k));
	if (idx == FLOW_NIL)
		return NULL;
	struct flow *f = flow_at(t, idx);
	f->icmp_errors++;
	f->icmp_type = p->icmp_type;
	f->icmp_code = p->icmp_code;
	f->icmp_from_resp = memcmp(p->src, flow_resp_addr(f), 16) == 0;
	t->st.icmp_errors_attributed++;
	return f;
}

static int is_icmp_error(const struct packet *p)
{
	if (p->cls != DC_L4)
		return 0;
	if (p->l4_proto == IPPROTO_NUM_ICMP)
		return icmp_is_error(p->icmp_type);
	return p->l4_proto == IPPROTO_NUM_ICMPV6 && icmpv6_is_error(p->icmp_type);
}

/* The flow a packet must start anew: tuple reuse or active timeout. */
static int must_restart(struct flow_table *t, const struct flow *f,
			const struct packet *p, enum flow_end_reason *why)
{
	if (time_elapsed(p->ts_ns, f->first_ts, t->cfg.active_timeout_ns)) {
		*why = FLOW_END_ACTIVE;
		return 1;
	}
	if (p->l4_proto == IPPROTO_NUM_TCP && p->cls == DC_L4 &&
	    (p->tcp_flags & (TCP_SYN | TCP_ACK)) == TCP_SYN &&
	    tcpstate_closed(&f->tcp)) {
		*why = FLOW_END_REUSED;
		return 1;
	}
	return 0;
}

static void advance_clock(struct flow_table *t, uint64_t ts)
{
	if (ts > t->now)
		t->now = ts;
	if (t->now >= t->next_expire)
		expire(t);
}

struct flow *flow_packet(struct flow_table *t, const struct packet *p,
			 struct flow_hit *hit)
{
	struct flow_key k;
	uint8_t sender, flags = 0;

	memset(hit, 0, sizeof(*hit));
	if (flow_key_from_packet(p, &k, &sender) != 0) {
		if (p->ip_ver)
			t->st.not_in_flow++;
		return NULL;
	}
	if (t->cfg.tunnel_key)
		k.tunnel_id = tunnel_key_id(t, p);
	advance_clock(t, p->ts_ns);
	if (is_icmp_error(p)) {
		struct flow *ef = attribute_icmp_error(t, p);
		if (ef) {
			hit->attributed = 1;
			hit->dir = ef->icmp_from_resp;
			return ef;
		}
	}
	uint32_t h = key_hash(t, &k);
	uint32_t idx = index_find(t, &k, h);
	enum flow_end_reason why;
	if (idx != FLOW_NIL && must_restart(t, flow_at(t, idx), p, &why)) {
		uint8_t orig = flow_at(t, idx)->orig;
		flow_end(t, idx, why);
		if (why == FLOW_END_REUSED) {
			t->st.reused_tuples++;
			orig = decide_orig(t, p, sender, &flags);
		} else {
			flags = FLOW_F_CONTINUED; /* same originator goes on */
		}
		idx = flow_create(t, &k, h, orig, flags);
		hit->created = 1;
	} else if (idx == FLOW_NIL) {
		uint8_t orig = decide_orig(t, p, sender, &flags);
		idx = flow_create(t, &k, h, orig, flags);
		hit->created = 1;
	}
	if (idx == FLOW_NIL) {
		t->st.not_in_flow++;
		return NULL;
	}
	struct flow *f = flow_at(t, idx);
	if (hit->created && p->tunnel.depth)
		note_tunnel(t, f, p, sender);
	hit->dir = sender == f->orig ? 0 : 1;
	flow_account(f, p, hit->dir);
	t->st.packets++;
	lru_unlink(t, idx);
	lru_push(t, idx, timeout_class(f));
	return f;
}

enum tcp_conn_state flow_conn_state(const struct flow *f)
{
	if (f->key.proto == IPPROTO_NUM_TCP)
		return tcpstate_conn_state(&f->tcp);
	if (f->dir[1].packets)
		return CS_SF;
	return f->icmp_errors ? CS_REJ : CS_S0;
}
