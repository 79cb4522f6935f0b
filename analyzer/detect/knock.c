/* analyzer/detect/knock.c - port-knock detection (see knock.h; docs/knock.md).
 *
 * Per (source, destination) pair the detector keeps the last attempts:
 * flows the source started with a TCP SYN or a UDP datagram, with the
 * time, port, transport, how many SYNs the source sent (a client's
 * connect() retransmits; a knock is sent once) and whether the
 * destination accepted, refused or ignored them. Three moments decide:
 *  - a real connection (handshake plus data) from the source: the run of
 *    unanswered/refused attempts just before it is a knock that opened,
 *    if the run is 2..max_len long (1 UDP datagram: SPA) and nobody had
 *    reached that port before the run began, unless the same sequence
 *    had opened it before (a known secret, used again);
 *  - the pair falling idle, or the end of input: a run whose last attempt
 *    was retried is a failed knock (the last attempt was the door); a run
 *    without follow-up is incomplete when it matches a knockd section (or
 *    its start), and nothing otherwise;
 *  - in both, a run longer than max_len is a scan and yields nothing.
 * Knocks are matched to knockd sections when a configuration is given.
 * Pairs live in a pool with sampled eviction, like scan.c's sources. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/util/evict.h"
#include "analyzer/util/hindex.h"
#include "analyzer/util/timeops.h"
#include "analyzer/detect/knock.h"
#include "analyzer/flow/tcpstate.h"

#define ATTEMPTS 16        /* attempts remembered per pair */
#define ACCEPTED_SET (1u << 16) /* (dst, port, proto) first acceptances */

enum { KF_TRACKED = 1, KF_FOLLOWUP_DONE = 2 };
enum { AT_PENDING = 0, AT_REFUSED, AT_ACCEPTED };
static const char *const outcome_names[] = { "opened", "failed", "incomplete" };
static const char *const match_names[] = { NULL, "exact", "too_slow",
	"wrong_order", "wrong_transport", "incomplete" };

struct attempt {
	uint64_t ts, flow_id;
	uint16_t port;
	uint8_t proto, state, retries, consumed;
};

struct pair {
	uint8_t src[16], dst[16];
	uint8_t ip_ver, n;
	uint32_t hash;
	uint64_t last_ts;
	struct attempt a[ATTEMPTS];
};


struct accepted {
	uint64_t key;             /* hash of (dst, port, proto) | 1 */
	uint64_t first_ts;
};

struct knock_detector {
	struct knock_config cfg;
	struct siphash_key seed;
	struct pair *pairs;
	uint32_t npairs, cursor;
	struct hindex index;
	struct knock_record *recs;
	uint32_t nrecs;
	struct knock_stats st;
	struct accepted *acc;
	uint32_t nacc;
	uint64_t now;
};

void knock_config_defaults(struct knock_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->min_len = 2;
	cfg->max_len = 8;
	cfg->inter_knock_ns = 10ull * 1000000000ull;
	cfg->open_timeout_ns = 30ull * 1000000000ull;
	cfg->spa_timeout_ns = 10ull * 1000000000ull;
	cfg->max_pairs = 16384;
	cfg->max_knocks = 1024;
}

/* Checked in order; the message names the settings by their --knock
 * names (docs/knock.md). A run one longer than max_len must fit in the
 * attempts remembered, to tell a knock from a scan. */
int knock_config_check(const struct knock_config *c, char *err, size_t errlen)
{
	unsigned longest = ATTEMPTS - 1 < KNOCKCONF_MAX_SEQ ? ATTEMPTS - 1 : KNOCKCONF_MAX_SEQ;
	if (c->min_len < 1 || c->max_len > longest)
		snprintf(err, errlen, "--knock min-len and max-len must be from 1 to %u", longest);
	else if (c->max_len < c->min_len)
		snprintf(err, errlen, "--knock max-len=%u is below min-len=%u: a knock "
			 "sequence cannot be shorter than its shortest", c->max_len, c->min_len);
	else if (c->max_pairs < 16 || !c->max_knocks)
		snprintf(err, errlen, "--knock max-pairs (16) and max-knocks (1) are below "
			 "their minimum");
	else
		return 0;
	return -1;
}

struct knock_detector *knock_new(const struct knock_config *cfg,
				 const struct siphash_key *seed)
{
	char err[256];
	if (knock_config_check(cfg, err, sizeof(err)) != 0)
		return NULL;
	struct knock_detector *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->cfg = *cfg;
	d->seed = *seed;
	d->pairs = calloc(cfg->max_pairs, sizeof(*d->pairs));
	d->recs = calloc(cfg->max_knocks, sizeof(*d->recs));
	d->acc = calloc(ACCEPTED_SET, sizeof(*d->acc));
	if (!d->pairs || !d->recs || !d->acc || hindex_init(&d->index, cfg->max_pairs) != 0) {
		knock_free(d);
		return NULL;
	}
	return d;
}

void knock_free(struct knock_detector *d)
{
	if (!d)
		return;
	free(d->pairs);
	free(d->recs);
	free(d->acc);
	hindex_free(&d->index);
	free(d);
}

/* ---- first acceptance of (dst, port, proto) ------------------------------- */

static uint64_t acc_key(const struct knock_detector *d, const uint8_t *dst,
			uint16_t port, uint8_t proto)
{
	uint8_t buf[19];
	memcpy(buf, dst, 16);
	memcpy(buf + 16, &port, 2);
	buf[18] = proto;
	return siphash13(&d->seed, buf, sizeof(buf)) | 1;
}

/* The slot of key, or the empty slot where it would go (NULL: full). */
static struct accepted *acc_slot(struct knock_detector *d, uint64_t key)
{
	for (uint32_t i = (uint32_t)key & (ACCEPTED_SET - 1), n = 0; n < ACCEPTED_SET;
	     i = (i + 1) & (ACCEPTED_SET - 1), n++)
		if (d->acc[i].key == key || !d->acc[i].key)
			return &d->acc[i];
	return NULL;
}

static void acc_note(struct knock_detector *d, const uint8_t *dst, uint16_t port,
		     uint8_t proto, uint64_t ts)
{
	uint64_t key = acc_key(d, dst, port, proto);
	struct accepted *a = acc_slot(d, key);
	if (a && a->key)
		return;
	if (!a || d->nacc >= ACCEPTED_SET / 2) {
		d->st.accepted_full++;
		return;
	}
	a->key = key;
	a->first_ts = ts;
	d->nacc++;
}

/* 1 when the port accepted anyone before ts (as far as remembered). */
static int acc_before(struct knock_detector *d, const uint8_t *dst, uint16_t port,
		      uint8_t proto, uint64_t ts)
{
	struct accepted *a = acc_slot(d, acc_key(d, dst, port, proto));
	return a && a->key && a->first_ts < ts;
}

/* ---- pairs ------------------------------------------------------------------- */

struct pair_match {
	const struct knock_detector *d;
	const uint8_t *src, *dst;
};

static int pair_eq(const void *ctx, uint32_t idx)
{
	const struct pair_match *m = ctx;
	const struct pair *p = &m->d->pairs[idx];
	return memcmp(p->src, m->src, 16) == 0 && memcmp(p->dst, m->dst, 16) == 0;
}

static uint32_t pair_hash(const struct knock_detector *d, const uint8_t *src,
			  const uint8_t *dst)
{
	uint8_t buf[32];
	memcpy(buf, src, 16);
	memcpy(buf + 16, dst, 16);
	return (uint32_t)siphash13(&d->seed, buf, sizeof(buf));
}

static struct pair *pair_find(struct knock_detector *d, const uint8_t *src,
			      const uint8_t *dst)
{
	struct pair_match m = { d, src, dst };
	uint32_t i = hindex_find(&d->index, pair_hash(d, src, dst), pair_eq, &m);
	return i == HINDEX_NONE ? NULL : &d->pairs[i];
}

static void close_run(struct knock_detector *d, struct pair *p);

/* A full pool forgets the least recently active of a few (util/evict.h). */
static uint32_t pair_victim(struct knock_detector *d)
{
	return evict_sample(d->pairs, sizeof(d->pairs[0]), offsetof(struct pair, last_ts),
			    d->cfg.max_pairs, &d->cursor);
}

static struct pair *pair_get(struct knock_detector *d, const struct flow *f)
{
	const uint8_t *src = flow_orig_addr(f), *dst = flow_resp_addr(f);
	struct pair *p = pair_find(d, src, dst);
	if (p)
		return p;
	uint32_t i;
	if (d->npairs < d->cfg.max_pairs) {
		i = d->npairs++;
	} else {
		i = pair_victim(d);
		close_run(d, &d->pairs[i]); /* decide what it held, then forget */
		hindex_remove(&d->index, i, d->pairs[i].hash);
		d->st.pairs_evicted++;
	}
	p = &d->pairs[i];
	memset(p, 0, sizeof(*p));
	memcpy(p->src, src, 16);
	memcpy(p->dst, dst, 16);
	p->ip_ver = f->key.ip_ver;
	p->hash = pair_hash(d, src, dst);
	hindex_insert(&d->index, i, p->hash);
	return p;
}

static struct attempt *attempt_of(struct pair *p, uint64_t flow_id)
{
	for (unsigned i = 0; i < p->n; i++)
		if (p->a[i].flow_id == flow_id)
			return &p->a[i];
	return NULL;
}

static void attempt_add(struct pair *p, const struct flow *f, uint64_t ts)
{
	if (p->n == ATTEMPTS) {
		memmove(p->a, p->a + 1, (ATTEMPTS - 1) * sizeof(p->a[0]));
		p->n--;
	}
	struct attempt *a = &p->a[p->n++];
	memset(a, 0, sizeof(*a));
	a->ts = ts;
	a->flow_id = f->id;
	a->port = flow_resp_port(f);
	a->proto = f->key.proto;
	a->retries = 1;
	p->last_ts = ts;
}

/* ---- runs -------------------------------------------------------------------- */

/* Indices of the run of unanswered, unconsumed attempts that ends with
 * attempt `last`: consecutive gaps within the inter-knock timeout,
 * repeats of one port in a row folded. Returns its length (distinct
 * steps), writing indices to idx; max_len + 2 means "longer: a scan". */
static unsigned run_before(const struct knock_detector *d, const struct pair *p,
			   int last, unsigned *idx)
{
	unsigned n = 0;
	uint64_t next_ts = 0;
	for (int i = last; i >= 0; i--) {
		const struct attempt *a = &p->a[i];
		if (a->state == AT_ACCEPTED || a->consumed)
			break;
		if (n && time_age(next_ts, a->ts) > d->cfg.inter_knock_ns)
			break;
		if (n && p->a[idx[n - 1]].port == a->port && p->a[idx[n - 1]].proto == a->proto) {
			next_ts = a->ts;
			continue; /* the same knock again */
		}
		if (n == d->cfg.max_len + 1) {
			return d->cfg.max_len + 2; /* too long for a knock */
		}
		idx[n++] = (unsigned)i;
		next_ts = a->ts;
	}
	/* idx is newest first: reverse to time order. */
	for (unsigned i = 0; i < n / 2; i++) {
		unsigned t = idx[i];
		idx[i] = idx[n - 1 - i];
		idx[n - 1 - i] = t;
	}
	return n;
}

/* Best knockd section for a sequence (rule index, *match), -1 if none. */
static int match_rule(const struct knock_detector *d, const struct knock_record *k,
		      uint8_t *match)
{
	const struct knock_rules *rs = d->cfg.rules;
	int best = -1;
	*match = KNOCK_MATCH_NONE;
	for (size_t r = 0; rs && r < rs->n; r++) {
		const struct knock_rule *rule = &rs->v[r];
		uint8_t m = KNOCK_MATCH_NONE;
		int same_order = k->len == rule->len, same_ports = k->len == rule->len,
		    prefix = k->len < rule->len;
		for (unsigned i = 0; i < k->len; i++) {
			int pe = i < rule->len && rule->ports[i] == k->ports[i];
			int te = i < rule->len && rule->protos[i] == k->protos[i];
			same_order &= pe && te;
			same_ports &= pe;
			prefix &= pe && te;
		}
		uint64_t span = k->ts[k->len - 1] - k->ts[0];
		if (same_order)
			m = span <= (uint64_t)rule->seq_timeout_s * 1000000000ull ? KNOCK_MATCH_EXACT : KNOCK_MATCH_TOO_SLOW;
		else if (same_ports)
			m = KNOCK_MATCH_WRONG_TRANSPORT;
		else if (k->len == rule->len) {
			unsigned found = 0; /* same multiset, other order */
			for (unsigned i = 0; i < k->len; i++)
				for (unsigned j = 0; j < rule->len; j++)
					if (rule->ports[j] == k->ports[i] && rule->protos[j] == k->protos[i]) {
						found++;
						break;
					}
			if (found == k->len)
				m = KNOCK_MATCH_WRONG_ORDER;
		}
		if (m == KNOCK_MATCH_NONE && prefix)
			m = KNOCK_MATCH_INCOMPLETE;
		if (m != KNOCK_MATCH_NONE && (*match == KNOCK_MATCH_NONE || m < *match)) {
			*match = m;
			best = (int)r;
		}
	}
	return best;
}

static void record(struct knock_detector *d, const struct pair *p, const unsigned *idx,
		   unsigned n, int outcome, int32_t opened, uint64_t end_ts, int spa)
{
	if (d->nrecs == d->cfg.max_knocks) {
		d->st.knocks_dropped++;
		return;
	}
	struct knock_record *k = &d->recs[d->nrecs++];
	memset(k, 0, sizeof(*k));
	memcpy(k->src, p->src, 16);
	memcpy(k->dst, p->dst, 16);
	k->ip_ver = p->ip_ver;
	k->len = (uint8_t)n;
	for (unsigned i = 0; i < n; i++) {
		k->ports[i] = p->a[idx[i]].port;
		k->protos[i] = p->a[idx[i]].proto;
		k->ts[i] = p->a[idx[i]].ts;
	}
	k->outcome = (uint8_t)outcome;
	k->opened_port = opened;
	k->end_ts = end_ts;
	k->spa = (uint8_t)spa;
	int rule = match_rule(d, k, &k->match);
	k->rule = rule >= 0 ? d->cfg.rules->v[rule].name : NULL;
}

/* 1 when the same sequence already opened this port on this destination:
 * a known secret reused (by the same or another source). */
static int opened_before(const struct knock_detector *d, const struct pair *p,
			 const unsigned *idx, unsigned n, uint16_t port)
{
	for (uint32_t r = 0; r < d->nrecs; r++) {
		const struct knock_record *k = &d->recs[r];
		int same = k->outcome == KNOCK_OPENED && k->opened_port == port &&
			   k->len == n && memcmp(k->dst, p->dst, 16) == 0;
		for (unsigned i = 0; same && i < n; i++)
			same = k->ports[i] == p->a[idx[i]].port && k->protos[i] == p->a[idx[i]].proto;
		if (same)
			return 1;
	}
	return 0;
}

static void consume(struct pair *p, const unsigned *idx, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p->a[idx[i]].consumed = 1;
}

/* A real connection from the pair's source to port at time ts. */
static void followup(struct knock_detector *d, struct pair *p, const struct flow *f)
{
	unsigned idx[ATTEMPTS];
	int last = -1;
	for (int i = 0; i < p->n; i++)
		if (p->a[i].ts < f->first_ts && p->a[i].flow_id != f->id)
			last = i;
	if (last < 0)
		return;
	const struct attempt *l = &p->a[last];
	uint64_t gap = f->first_ts - l->ts;
	unsigned n = run_before(d, p, last, idx);
	if (n == 0 || n > d->cfg.max_len)
		return;
	uint64_t start = p->a[idx[0]].ts;
	if (acc_before(d, p->dst, flow_resp_port(f), f->key.proto, start) &&
	    !opened_before(d, p, idx, n, flow_resp_port(f)))
		return; /* that door was open before: not opened by a knock */
	int spa = n == 1 && p->a[idx[0]].proto == IPPROTO_NUM_UDP && gap <= d->cfg.spa_timeout_ns;
	if (!spa && (n < d->cfg.min_len || gap > d->cfg.open_timeout_ns))
		return;
	record(d, p, idx, n, KNOCK_OPENED, flow_resp_port(f), f->first_ts, spa);
	consume(p, idx, n);
}

/* The pair's last run has ended without a real connection. */
static void close_run(struct knock_detector *d, struct pair *p)
{
	unsigned idx[ATTEMPTS];
	if (!p->n)
		return;
	int last = p->n - 1;
	unsigned n = run_before(d, p, last, idx);
	if (n == 0 || n > d->cfg.max_len + 1)
		return;
	const struct attempt *door = &p->a[idx[n - 1]];
	if (door->retries >= 2 && door->proto == IPPROTO_NUM_TCP && n - 1 >= d->cfg.min_len) {
		record(d, p, idx, n - 1, KNOCK_FAILED, door->port, door->ts, 0);
		consume(p, idx, n);
		return;
	}
	if (n < d->cfg.min_len || n > d->cfg.max_len)
		return;
	/* No follow-up: only a configured sequence (or its start) says this
	 * was a knock at all; without one it is a few refused ports. */
	struct knock_record probe = { .len = (uint8_t)n };
	for (unsigned i = 0; i < n; i++) {
		probe.ports[i] = p->a[idx[i]].port;
		probe.protos[i] = p->a[idx[i]].proto;
		probe.ts[i] = p->a[idx[i]].ts;
	}
	uint8_t match;
	if (match_rule(d, &probe, &match) < 0 || match == KNOCK_MATCH_WRONG_TRANSPORT)
		return;
	record(d, p, idx, n, KNOCK_INCOMPLETE, -1, door->ts, 0);
	consume(p, idx, n);
}

/* ---- per packet ---------------------------------------------------------------- */

static int is_real_connection(const struct flow *f, const struct packet *p)
{
	return f->key.proto == IPPROTO_NUM_TCP && p->payload_len > 0 &&
	       (f->tcp.seen & TCPS_ORIG_ACK);
}

static void new_attempt(struct knock_detector *d, struct flow *f, const struct packet *p)
{
	int syn = p->l4_proto == IPPROTO_NUM_TCP &&
		  (p->tcp_flags & (TCP_SYN | TCP_ACK | TCP_RST | TCP_FIN)) == TCP_SYN;
	if (!syn && p->l4_proto != IPPROTO_NUM_UDP)
		return;
	/* A port that has accepted someone is a service, not a knock port
	 * (knocks go to closed ports): most flows stop here, cheaply. */
	if (acc_before(d, flow_resp_addr(f), flow_resp_port(f), f->key.proto, time_add_sat(p->ts_ns, 1)))
		return;
	struct pair *p2 = pair_get(d, f);
	if (p2->n && time_age(p->ts_ns, p2->last_ts) >
			 time_add_sat(d->cfg.inter_knock_ns, d->cfg.open_timeout_ns))
		close_run(d, p2);
	attempt_add(p2, f, p->ts_ns);
	f->knock_flags = KF_TRACKED;
}

/* Follow an attempt until the destination answered; then the flow
 * stops being looked up (established flows cost nothing here). */
static void update_attempt(struct knock_detector *d, struct flow *f,
			   const struct packet *p, const struct flow_hit *hit)
{
	struct pair *pr = pair_find(d, flow_orig_addr(f), flow_resp_addr(f));
	struct attempt *a = pr ? attempt_of(pr, f->id) : NULL;
	if (!a) {
		f->knock_flags &= (uint8_t)~KF_TRACKED;
		return;
	}
	if (hit->attributed) {
		if (a->state == AT_PENDING)
			a->state = AT_REFUSED;
	} else if (hit->dir == 0) {
		if (p->l4_proto == IPPROTO_NUM_TCP && (p->tcp_flags & (TCP_SYN | TCP_ACK)) == TCP_SYN &&
		    a->retries < UINT8_MAX)
			a->retries++;
	} else if (p->l4_proto == IPPROTO_NUM_TCP) {
		if ((p->tcp_flags & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK))
			a->state = AT_ACCEPTED;
		else if ((p->tcp_flags & TCP_RST) && a->state == AT_PENDING)
			a->state = AT_REFUSED;
	} else {
		a->state = AT_ACCEPTED;
	}
	if (a->state != AT_PENDING)
		f->knock_flags &= (uint8_t)~KF_TRACKED;
}

/* The responder's first packet (a SYN+ACK, a UDP reply) tells whether
 * the port accepted; later packets cannot change it. */
static void note_acceptance(struct knock_detector *d, const struct flow *f,
			    const struct packet *p, const struct flow_hit *hit)
{
	if (hit->attributed || hit->dir != 1 || f->dir[1].packets != 1)
		return;
	int accepted = p->l4_proto == IPPROTO_NUM_UDP ||
		(p->l4_proto == IPPROTO_NUM_TCP &&
		 (p->tcp_flags & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK));
	if (accepted)
		acc_note(d, flow_resp_addr(f), flow_resp_port(f), f->key.proto, p->ts_ns);
}

void knock_packet(struct knock_detector *d, struct flow *f,
		  const struct packet *p, const struct flow_hit *hit)
{
	if (!f)
		return;
	if (p->ts_ns > d->now)
		d->now = p->ts_ns;
	if (hit->created) {
		f->knock_flags = 0;
		if (hit->dir == 0 && !hit->attributed && p->cls == DC_L4)
			new_attempt(d, f, p);
		note_acceptance(d, f, p, hit);
		return;
	}
	note_acceptance(d, f, p, hit);
	if (f->knock_flags & KF_TRACKED)
		update_attempt(d, f, p, hit);
	if ((f->knock_flags & KF_FOLLOWUP_DONE) || f->key.proto != IPPROTO_NUM_TCP)
		return;
	if (is_real_connection(f, p)) {
		f->knock_flags |= KF_FOLLOWUP_DONE;
		struct pair *pr = pair_find(d, flow_orig_addr(f), flow_resp_addr(f));
		if (pr)
			followup(d, pr, f);
	}
}

void knock_finish(struct knock_detector *d)
{
	for (uint32_t i = 0; i < d->npairs; i++)
		close_run(d, &d->pairs[i]);
}

/* ---- records ------------------------------------------------------------------ */

uint32_t knock_records(const struct knock_detector *d)
{
	return d->nrecs;
}

const struct knock_record *knock_record(const struct knock_detector *d, uint32_t i)
{
	return i < d->nrecs ? &d->recs[i] : NULL;
}

const struct knock_stats *knock_stats(const struct knock_detector *d)
{
	return &d->st;
}

const char *knock_outcome_name(enum knock_outcome o)
{
	return (unsigned)o <= KNOCK_INCOMPLETE ? outcome_names[o] : "unknown";
}

const char *knock_match_name(enum knock_match m)
{
	return (unsigned)m <= KNOCK_MATCH_INCOMPLETE ? match_names[m] : NULL;
}

int knock_same_sequence(const struct knock_record *a, const struct knock_record *b)
{
	return a->len == b->len && memcmp(a->dst, b->dst, 16) == 0 &&
	       memcmp(a->ports, b->ports, a->len * sizeof(a->ports[0])) == 0 &&
	       memcmp(a->protos, b->protos, a->len) == 0;
}
