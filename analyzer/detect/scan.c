/* analyzer/detect/scan.c - scan detection (see scan.h for the model).
 *
 * Per-flow state lives in two bytes of struct flow (scan_flags,
 * probe_tech); per-source state in a pool of struct scan_src, indexed by
 * hindex and evicted Redis-style (sample a few, drop the least recently
 * seen) when the pool is full; first contacts in one set of 64-bit keyed
 * hashes that is cleared when it reaches its cap. A source that a
 * detector flags gets a scan record with full bitmaps of ports probed,
 * answered and open, and its targets.
 *
 * TRW (Jung et al. 2004, section 4): each first contact multiplies the
 * likelihood ratio by theta1/theta0 on success and by (1-theta1)/(1-theta0)
 * on failure; the source is a scanner when the ratio reaches beta/alpha
 * and benign when it falls to (1-beta)/(1-alpha). With the paper's values
 * a failure multiplies by 4 and the upper bound is 99, so four failed
 * first contacts in a row flag a source, at any speed. We keep the log of
 * the ratio; reaching the benign bound resets it to 0, so a source that
 * was benign and starts scanning later is still caught.
 *
 * Abandoned successes (an accepted SYN closed with no payload either
 * way: a SYN scan's RST, a connect scan's close) are evidence too, in a
 * second walk and in the threshold ring. A verdict that needs them is
 * deferred by repeat_wait: a health checker's first round looks like a
 * sweep, but its next rounds repeat the same (host, port) pairs, and a
 * source whose abandoned probes are mostly repeats is not flagged.
 *
 * Traps: backscatter (SYN+ACK or RST sent by a flooded victim) starts
 * flows with a packet that is not a probe shape, so it never counts; a
 * DNS server's replies belong to flows its clients originated; retries to
 * one dead service are one first contact; nmap's ACK and window scans
 * send identical probes and are both reported as "ack". */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/util/evict.h"
#include "analyzer/util/hindex.h"
#include "analyzer/util/timeops.h"
#include "analyzer/util/hset.h"
#include "analyzer/detect/neighbour.h"
#include "analyzer/detect/scangroup.h"
#include "analyzer/detect/scan.h"
#include "analyzer/flow/tcpstate.h"

static const char *const tech_names[SCAN_TECH_COUNT] = {
	"syn", "fin", "null", "xmas", "ack", "maimon", "udp",
	"icmp_echo", "icmp_timestamp", "icmp_mask", "arp", "ip_protocol", "icmpv6_ns",
};

/* What the detectors know of one probe: a flow's first packet, an ARP
 * request, or a probe seen only through the ICMP error that rejected it.
 * port is the port asked about, 0 when none: ICMP host discovery (the
 * flow key holds the echo identifier there, which is not a port),
 * address resolution, and protocols without ports. ARP has no IP
 * protocol: it is kept as ICMP (host discovery, no port) with arp set;
 * an ND solicitation as ICMPv6 with arp set. */
struct probe {
	const uint8_t *src, *dst;
	uint64_t first_ts, last_ts;
	uint16_t port;
	uint8_t proto, tech, ip_ver, arp;
};

static uint16_t probe_port(const struct flow *f)
{
	return ipproto_has_ports(f->key.proto) ? flow_resp_port(f) : 0;
}

static struct probe probe_of_flow(const struct flow *f)
{
	struct probe pr = { flow_orig_addr(f), flow_resp_addr(f), f->first_ts, f->last_ts,
			    probe_port(f), f->key.proto, f->probe_tech, f->key.ip_ver, 0 };
	return pr;
}

/* SF_PENDING: a SYN accepted by SYN+ACK whose outcome (success or
 * abandoned) waits for payload or the originator's close. */
enum { SF_PROBE = 1, SF_FIRST = 2, SF_DECIDED = 4, SF_SUCCESS = 8,
       SF_ANSWERED = 16, SF_COUNTED = 32, SF_PENDING = 64,
       SF_UP = 128 /* the target itself answered: it is up */ };

/* Outcome of a probe. OUT_UNKNOWN: unanswered when the input ended,
 * before its timeout; a failure in the counters and the distinct-target
 * thresholds, but not in the walks (an answer may have been on its way). */
enum { OUT_FAIL = 0, OUT_SUCCESS, OUT_ABANDONED, OUT_UNKNOWN };

#define RING 32         /* recent failed or abandoned first contacts per source */
#define SUCC 8          /* recent successful first contacts per source */
#define DST_SET 2048    /* distinct targets counted exactly per record */
#define PENDING 16      /* newly flagged sources awaiting backfill */
#define WAITQ (1u << 16) /* probes waiting for an answer, FIFO */
#define DEFERQ 256      /* sources whose verdict waits for repeats, FIFO */
#define PRIOR (1u << 16) /* success counts of untracked sources, by hash */
#define UP_TRACK_MIN 4   /* answered discovery requests that start tracking */

/* A probe waiting for its answer. The flow pool never moves, so the
 * pointer stays valid; the id tells whether the slot still holds it. */
struct waiting {
	struct flow *f;
	uint64_t id;
	uint64_t deadline;
};

/* A source whose verdict waits for repeats (deferred verdicts). */
struct deferred {
	uint8_t addr[16];
	uint64_t deadline;
};

enum { T_SILENT = 0, T_REFUSED = 1, T_ABANDONED = 2 }; /* target.answered */

struct target {
	uint8_t dst[16];
	uint16_t port;
	uint8_t proto;
	uint8_t answered;       /* T_*: failed silent, failed answered, abandoned */
	uint32_t ts_s;
};

struct scan_src {
	uint8_t addr[16];
	uint8_t ip_ver, in_use;
	uint32_t hash;
	uint32_t rec1;          /* scan record + 1 */
	double llr;             /* log of the TRW likelihood ratio (the paper's) */
	double llr_ab;          /* the same walk with abandoned successes */
	uint32_t ab_first;      /* abandoned probes that were first contacts */
	uint32_t ab_repeat;     /* abandoned probes that were not */
	uint32_t defer_probes;  /* probes when the deferred evidence sufficed */
	uint8_t deferred;       /* SCAN_DET_* waiting in the defer queue, or 0 */
	struct scan_counters c;
	struct target ring[RING];
	struct target succ[SUCC];
	uint8_t ring_n, ring_pos, succ_n, succ_pos;
};

struct scan_rec {
	struct scan_record pub;    /* what the API hands out */
	uint32_t dst_set[DST_SET]; /* hashes of the targets, open addressing */
	uint8_t dst_up[DST_SET];   /* discovery: that target answered (found up) */
};

struct scan_detector {
	struct scan_config cfg;
	struct siphash_key seed;
	double llr_fail, llr_succ, llr_upper, llr_lower;
	double llr_ab_succ, llr_ab_abandon; /* the second walk's success, abandon */
	struct scan_src *src;
	uint32_t nsrc_used, live, evict_cursor;
	struct hindex src_index;
	struct scan_rec **recs;
	uint32_t nrecs;
	uint8_t pending[PENDING][16];
	uint32_t npending;
	struct waiting *waitq;
	uint32_t wq_head, wq_len;
	struct deferred deferq[DEFERQ];
	uint32_t dq_head, dq_len;
	struct neigh_table neigh;  /* ARP and ND requests waiting (host discovery) */
	uint64_t now;              /* latest packet time */
	struct hset contacts;      /* first contacts seen (hashes) */
	uint8_t prior[PRIOR];      /* successes of sources not tracked yet */
	uint8_t prior_up[PRIOR];   /* their answered discovery requests */
	const struct scan_record **pubs; /* recs[i]->pub, for scangroup.c */
	struct scan_groups *groups;
	struct scan_stats st;
};

void scan_config_defaults(struct scan_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->theta0 = 0.8;
	cfg->theta1 = 0.2;
	cfg->alpha = 0.01;
	cfg->beta = 0.99;
	cfg->abandon0 = 0.05;
	cfg->abandon1 = 0.9;
	cfg->repeat_wait_ns = 60ull * 1000000000ull;
	cfg->vertical_threshold = 12;
	cfg->horizontal_threshold = 12;
	cfg->window_ns = 3600ull * 1000000000ull;
	cfg->max_sources = 16384;
	cfg->max_scans = 256;
	cfg->max_contacts = 1u << 20;
	cfg->source_idle_ns = 3600ull * 1000000000ull;
	cfg->probe_timeout_ns = 5ull * 1000000000ull;
	cfg->min_ports = 9;
}

/* Checked in order; the message names the settings by their --scan
 * names (docs/scan.md). */
int scan_config_check(const struct scan_config *c, char *err, size_t errlen)
{
	if (!(c->theta1 > 0 && c->theta0 < 1 && c->alpha > 0 && c->beta < 1))
		snprintf(err, errlen, "--scan theta0, theta1, alpha and beta must lie "
			 "between 0 and 1 (both excluded)");
	else if (!(c->theta0 > c->theta1))
		snprintf(err, errlen, "--scan theta0=%g must be above theta1=%g: a benign "
			 "source's first contacts succeed more often (theta0) than a "
			 "scanner's (theta1)", c->theta0, c->theta1);
	else if (!(c->abandon0 > 0 && c->abandon1 < 1 && c->abandon0 < c->abandon1))
		snprintf(err, errlen, "--scan abandon0=%g must be below abandon1=%g, both "
			 "between 0 and 1: a scanner abandons the handshakes it completes "
			 "more often (abandon1) than a benign source (abandon0)",
			 c->abandon0, c->abandon1);
	else if (!(c->alpha < c->beta))
		snprintf(err, errlen, "--scan alpha=%g must be below beta=%g: the false "
			 "alarm rate (alpha) below the detection rate (beta)", c->alpha, c->beta);
	else if (c->vertical_threshold < 2 || c->vertical_threshold > RING ||
		 c->horizontal_threshold < 2 || c->horizontal_threshold > RING)
		snprintf(err, errlen, "--scan vertical and horizontal must be from 2 to %d", RING);
	else if (c->max_sources < 16 || c->max_scans < 1 || c->max_contacts < 1024 ||
		 c->min_ports < 1)
		snprintf(err, errlen, "--scan max-sources (16), max-scans (1), max-contacts "
			 "(1024) and min-ports (1) are below their minimum");
	else
		return 0;
	return -1;
}

struct scan_detector *scan_new(const struct scan_config *cfg,
			       const struct siphash_key *seed)
{
	char err[256];
	if (scan_config_check(cfg, err, sizeof(err)) != 0)
		return NULL;
	struct scan_detector *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->cfg = *cfg;
	d->seed = *seed;
	d->llr_fail = log((1 - cfg->theta1) / (1 - cfg->theta0));
	d->llr_succ = log(cfg->theta1 / cfg->theta0);
	d->llr_upper = log(cfg->beta / cfg->alpha);
	d->llr_lower = log((1 - cfg->beta) / (1 - cfg->alpha));
	/* A success splits into kept (payload) and abandoned: theta * (1 -
	 * abandon) and theta * abandon under each hypothesis. */
	d->llr_ab_succ = log(cfg->theta1 * (1 - cfg->abandon1) /
			     (cfg->theta0 * (1 - cfg->abandon0)));
	d->llr_ab_abandon = log(cfg->theta1 * cfg->abandon1 / (cfg->theta0 * cfg->abandon0));
	d->src = calloc(cfg->max_sources, sizeof(*d->src));
	d->recs = calloc(cfg->max_scans, sizeof(*d->recs));
	uint32_t initial = 1u << 16;
	while (initial > 2 * cfg->max_contacts)
		initial >>= 1;
	int contacts_ok = hset_init(&d->contacts, initial, cfg->max_contacts) == 0;
	d->waitq = calloc(WAITQ, sizeof(*d->waitq));
	int neigh_ok = neigh_init(&d->neigh, seed) == 0;
	d->pubs = calloc(cfg->max_scans, sizeof(*d->pubs));
	d->groups = scan_groups_new(cfg->max_scans);
	if (!d->src || !d->recs || !d->pubs || !d->groups || !contacts_ok || !d->waitq || !neigh_ok ||
	    hindex_init(&d->src_index, cfg->max_sources) != 0) {
		scan_free(d);
		return NULL;
	}
	return d;
}

void scan_free(struct scan_detector *d)
{
	if (!d)
		return;
	for (uint32_t i = 0; d->recs && i < d->nrecs; i++)
		free(d->recs[i]);
	free(d->pubs);
	scan_groups_free(d->groups);
	free(d->recs);
	free(d->src);
	hset_free(&d->contacts);
	free(d->waitq);
	neigh_free(&d->neigh);
	hindex_free(&d->src_index);
	free(d);
}

/* ---- sources ------------------------------------------------------------ */

static uint32_t rec_index(const struct scan_detector *d, const uint8_t *addr);

struct addr_match {
	const struct scan_detector *d;
	const uint8_t *addr;
};

static int src_eq(const void *ctx, uint32_t idx)
{
	const struct addr_match *m = ctx;
	return memcmp(m->d->src[idx].addr, m->addr, 16) == 0;
}

static uint32_t addr_hash(const struct scan_detector *d, const uint8_t *addr)
{
	return (uint32_t)siphash13(&d->seed, addr, 16);
}

static struct scan_src *src_find_h(struct scan_detector *d, const uint8_t *addr, uint32_t h)
{
	struct addr_match m = { d, addr };
	uint32_t i = hindex_find(&d->src_index, h, src_eq, &m);
	return i == HINDEX_NONE ? NULL : &d->src[i];
}

static struct scan_src *src_find(struct scan_detector *d, const uint8_t *addr)
{
	return src_find_h(d, addr, addr_hash(d, addr));
}

/* Successes before a source was tracked: a one-byte count per hash slot
 * of its address (PRIOR slots, shared on collision), replayed into walk
 * 1 when the source is first tracked, so the walk runs from its first
 * probe (Jung et al.'s walk, with the reset at eta0). Bounded: 64 KB
 * for every source, none per source. */
/* One more in a saturating one-byte count; the new count. */
static uint8_t count_up(uint8_t *n)
{
	if (*n < 255)
		(*n)++;
	return *n;
}

static void prior_success(struct scan_detector *d, uint32_t h)
{
	count_up(&d->prior[h & (PRIOR - 1)]);
}

/* A host whose pings a few others answer (a user, a gateway check) is
 * not worth tracking; a sweep or a monitor gets UP_TRACK_MIN answers and
 * more. Its answered requests before that are not in the threshold ring
 * (their flows still backfill a record), so an all-answered ICMP sweep is
 * flagged at 15 hosts instead of 12. ARP and ND requests have no flow to
 * backfill from and are few (one segment): their askers are tracked from
 * the first answer. */
static int prior_up_enough(struct scan_detector *d, uint32_t h)
{
	return count_up(&d->prior_up[h & (PRIOR - 1)]) >= UP_TRACK_MIN;
}

static double prior_llr(const struct scan_detector *d, uint32_t h)
{
	double l = 0;
	for (unsigned i = 0; i < d->prior[h & (PRIOR - 1)]; i++) { /* at most 255 */
		l += d->llr_succ;
		if (l <= d->llr_lower)
			l = 0;
	}
	return l;
}

/* A full pool forgets the least recently seen of a few (util/evict.h). */
static uint32_t src_victim(struct scan_detector *d)
{
	return evict_sample(d->src, sizeof(d->src[0]), offsetof(struct scan_src, c.last_ts),
			    d->cfg.max_sources, &d->evict_cursor);
}

static struct scan_src *src_get(struct scan_detector *d, const uint8_t *addr,
				uint8_t ip_ver)
{
	struct scan_src *s = src_find(d, addr);
	if (s)
		return s;
	uint32_t i;
	if (d->nsrc_used < d->cfg.max_sources) {
		i = d->nsrc_used++;
	} else {
		i = src_victim(d);
		hindex_remove(&d->src_index, i, d->src[i].hash);
		d->st.sources_evicted++;
	}
	s = &d->src[i];
	memset(s, 0, sizeof(*s));
	memcpy(s->addr, addr, 16);
	s->ip_ver = ip_ver;
	s->in_use = 1;
	s->hash = addr_hash(d, addr);
	s->llr = prior_llr(d, s->hash);
	hindex_insert(&d->src_index, i, s->hash);
	d->st.sources_tracked++;
	s->rec1 = rec_index(d, addr); /* a scanner whose state was evicted */
	return s;
}

/* ---- first contacts ------------------------------------------------------- */

/* 1 when src has never tried (dst, port, proto) before. */
static int first_contact(struct scan_detector *d, const struct probe *pr)
{
	uint8_t buf[16 + 16 + 4];
	memcpy(buf, pr->src, 16);
	memcpy(buf + 16, pr->dst, 16);
	memcpy(buf + 32, &pr->port, 2);
	buf[34] = pr->proto;
	buf[35] = pr->arp;
	uint64_t h = siphash13(&d->seed, buf, sizeof(buf)) | 1;
	int added = hset_add(&d->contacts, h);
	if (added < 0) { /* full: start remembering afresh */
		hset_clear(&d->contacts);
		d->st.contact_resets++;
		added = hset_add(&d->contacts, h);
	}
	return added != 0;
}

/* ---- records ---------------------------------------------------------------- */

static int tslot(uint8_t proto)
{
	return proto == IPPROTO_NUM_UDP;
}

static void bit_set(uint8_t *bits, uint16_t port)
{
	bits[port >> 3] |= (uint8_t)(1u << (port & 7));
}

static int bit_get(const uint8_t *bits, uint16_t port)
{
	return (bits[port >> 3] >> (port & 7)) & 1;
}

static void rec_target(struct scan_rec *r, const struct scan_detector *d,
		       const uint8_t *dst)
{
	uint32_t h = (uint32_t)siphash13(&d->seed, dst, 16) | 1;
	for (uint32_t i = h & (DST_SET - 1), n = 0; n < DST_SET; i = (i + 1) & (DST_SET - 1), n++) {
		if (r->dst_set[i] == h)
			return;
		if (!r->dst_set[i]) {
			if (r->pub.ndst >= DST_SET / 2) {
				r->pub.dst_capped = 1;
				return;
			}
			r->dst_set[i] = h;
			if (r->pub.nlisted < SCAN_TARGETS_LISTED)
				memcpy(r->pub.listed[r->pub.nlisted++], dst, 16);
			r->pub.ndst++;
			return;
		}
	}
}

static void rec_probe(struct scan_rec *r, const struct scan_detector *d,
		      const uint8_t *dst, uint16_t port, uint8_t proto)
{
	rec_target(r, d, dst);
	r->pub.nprotos += (uint32_t)!bit_get(r->pub.protos, proto);
	bit_set(r->pub.protos, proto);
	if (!ipproto_has_ports(proto))
		return; /* host discovery, other protocols: no port */
	uint8_t *bits = r->pub.probed[tslot(proto)];
	r->pub.nports += (uint32_t)!bit_get(bits, port);
	bit_set(bits, port);
}

/* Host discovery: dst answered a request, so it is up; counted once per
 * target among the targets the record counts exactly (the first
 * SCAN_TARGETS_LISTED listed). */
static void rec_host_up(struct scan_rec *r, const struct scan_detector *d, const uint8_t *dst)
{
	uint32_t h = (uint32_t)siphash13(&d->seed, dst, 16) | 1;
	for (uint32_t i = h & (DST_SET - 1), n = 0; n < DST_SET; i = (i + 1) & (DST_SET - 1), n++) {
		if (!r->dst_set[i])
			return;
		if (r->dst_set[i] != h)
			continue;
		if (r->dst_up[i])
			return;
		r->dst_up[i] = 1;
		if (r->pub.nup_listed < SCAN_TARGETS_LISTED)
			memcpy(r->pub.up_listed[r->pub.nup_listed++], dst, 16);
		r->pub.nup++;
		return;
	}
}

/* up: the target itself answered (an echo reply, an ARP reply, a RST,
 * a SYN-ACK, its own ICMP error), so it is up. */
static void rec_outcome(struct scan_rec *r, const struct scan_detector *d, const uint8_t *dst,
			uint16_t port, uint8_t proto, int success, int answered, int up)
{
	if (up)
		rec_host_up(r, d, dst);
	/* nmap -sO's open: any answer of the target in the protocol, or of
	 * TCP, UDP or ICMP at all (a RST, a port unreachable) */
	if (success || (up && (ipproto_has_ports(proto) || ipproto_is_icmp(proto))))
		bit_set(r->pub.protos_open, proto);
	if (!ipproto_has_ports(proto))
		return;
	if (answered)
		bit_set(r->pub.answered[tslot(proto)], port);
	if (success)
		bit_set(r->pub.open[tslot(proto)], port);
}

/* Index + 1 of the record of addr, 0 when none. Linear: records are few
 * (max_scans) and this runs only for sources without live state. */
static uint32_t rec_index(const struct scan_detector *d, const uint8_t *addr)
{
	for (uint32_t i = 0; i < d->nrecs; i++)
		if (memcmp(d->recs[i]->pub.src, addr, 16) == 0)
			return i + 1;
	return 0;
}

static struct scan_rec *rec_for_addr(const struct scan_detector *d, const uint8_t *addr)
{
	uint32_t i = rec_index(d, addr);
	return i ? d->recs[i - 1] : NULL;
}

/* The address-resolution probes of a source decided lately, into its
 * new record. */
struct neigh_fill {
	const struct scan_detector *d;
	struct scan_rec *r;
};

static uint8_t neigh_proto(uint8_t ip_ver)
{
	return ip_ver == 6 ? IPPROTO_NUM_ICMPV6 : IPPROTO_NUM_ICMP;
}

static void neigh_fill_one(void *ctx, const struct neigh_seen *a)
{
	const struct neigh_fill *nf = ctx;
	uint8_t proto = neigh_proto(a->ip_ver);
	rec_probe(nf->r, nf->d, a->dst, 0, proto);
	rec_outcome(nf->r, nf->d, a->dst, 0, proto, a->up, a->up, a->up);
}

/* Make src a scan record, seeded with what the source state remembers. */
/* flagged_after: the probes seen when the evidence first sufficed, which
 * is when a deferred verdict began waiting, if one is. */
static void flag_source(struct scan_detector *d, struct scan_src *s, int detector)
{
	uint32_t idx1 = rec_index(d, s->addr);
	struct scan_rec *r = idx1 ? d->recs[idx1 - 1] : NULL;
	if (!r) {
		if (d->nrecs == d->cfg.max_scans || !(r = calloc(1, sizeof(*r)))) {
			d->st.scans_dropped++;
			s->llr = s->llr_ab = 0;
			return;
		}
		memcpy(r->pub.src, s->addr, 16);
		r->pub.ip_ver = s->ip_ver;
		r->pub.flagged_after = s->deferred ? s->defer_probes : s->c.probes;
		r->pub.c = s->c;
		d->pubs[d->nrecs] = &r->pub;
		d->recs[d->nrecs++] = r;
		d->st.flagged++;
		idx1 = d->nrecs;
		if (d->npending < PENDING)
			memcpy(d->pending[d->npending++], s->addr, 16);
	}
	s->rec1 = idx1;
	r->pub.detectors |= (uint8_t)detector;
	for (unsigned i = 0; i < s->ring_n; i++) {
		const struct target *t = &s->ring[i];
		rec_probe(r, d, t->dst, t->port, t->proto);
		rec_outcome(r, d, t->dst, t->port, t->proto, t->answered == T_ABANDONED,
			    t->answered != T_SILENT, t->answered != T_SILENT);
	}
	for (unsigned i = 0; i < s->succ_n; i++) {
		const struct target *t = &s->succ[i];
		rec_probe(r, d, t->dst, t->port, t->proto);
		rec_outcome(r, d, t->dst, t->port, t->proto, 1, 1, 1);
	}
	if (s->c.tech[SCAN_TECH_ARP] || s->c.tech[SCAN_TECH_ND]) {
		struct neigh_fill nf = { d, r };
		neigh_recent_foreach(&d->neigh, s->addr, neigh_fill_one, &nf);
	}
}

static struct scan_rec *src_rec(const struct scan_detector *d, const struct scan_src *s)
{
	return s->rec1 ? d->recs[s->rec1 - 1] : NULL;
}

/* ---- detectors ---------------------------------------------------------------- */

static void ring_push(struct target *ring, uint8_t *n, uint8_t *pos, unsigned cap,
		      const struct probe *pr, int answered, uint64_t now)
{
	struct target *t = &ring[*pos];
	memcpy(t->dst, pr->dst, 16);
	t->port = pr->port;
	t->proto = pr->proto;
	t->answered = (uint8_t)answered;
	t->ts_s = (uint32_t)(now / 1000000000u);
	*pos = (uint8_t)((*pos + 1) % cap);
	if (*n < cap)
		(*n)++;
}

/* Distinct ports on last's host and hosts on last's port in the ring,
 * within the window: fail counts failures only, all adds abandoned
 * successes. */
struct spread {
	unsigned ports, hosts;
};

static void spread_add(struct spread *sp, uint16_t *ports, const uint8_t **dsts,
		       const struct target *t, const struct target *last)
{
	if (memcmp(t->dst, last->dst, 16) == 0) {
		unsigned k = 0;
		while (k < sp->ports && ports[k] != t->port)
			k++;
		if (k == sp->ports)
			ports[sp->ports++] = t->port;
	}
	if (t->port == last->port) {
		unsigned k = 0;
		while (k < sp->hosts && memcmp(dsts[k], t->dst, 16) != 0)
			k++;
		if (k == sp->hosts)
			dsts[sp->hosts++] = t->dst;
	}
}

static int spread_hit(const struct scan_detector *d, const struct spread *sp)
{
	if (sp->ports >= d->cfg.vertical_threshold)
		return SCAN_DET_VERTICAL;
	if (sp->hosts >= d->cfg.horizontal_threshold)
		return SCAN_DET_HORIZONTAL;
	return 0;
}

/* Distinct-target thresholds over the ring (detector 2). Returns the
 * detector that failures alone trigger; *with_ab gets the one that
 * failures and abandoned successes together trigger. */
static int threshold_hit(const struct scan_detector *d, const struct scan_src *s,
			 const struct target *last, int *with_ab)
{
	uint32_t since = last->ts_s > d->cfg.window_ns / 1000000000u ?
		last->ts_s - (uint32_t)(d->cfg.window_ns / 1000000000u) : 0;
	uint16_t ports[2][RING];
	const uint8_t *dsts[2][RING];
	struct spread fail = { 0, 0 }, all = { 0, 0 };
	for (unsigned i = 0; i < s->ring_n; i++) {
		const struct target *t = &s->ring[i];
		if (t->ts_s < since || t->proto != last->proto)
			continue;
		spread_add(&all, ports[1], dsts[1], t, last);
		if (t->answered != T_ABANDONED)
			spread_add(&fail, ports[0], dsts[0], t, last);
	}
	*with_ab = spread_hit(d, &all);
	return spread_hit(d, &fail);
}

/* Evidence that needs abandoned successes: the verdict waits repeat_wait
 * for repeats (defer_settle). A full queue leaves the source undeferred;
 * its next abandoned first contact tries again. */
static void defer_verdict(struct scan_detector *d, struct scan_src *s, int det,
			  uint64_t now)
{
	if (s->deferred) {
		s->deferred |= (uint8_t)det;
		return;
	}
	if (d->dq_len == DEFERQ)
		return;
	s->deferred = (uint8_t)det;
	s->defer_probes = s->c.probes;
	struct deferred *q = &d->deferq[(d->dq_head + d->dq_len++) % DEFERQ];
	memcpy(q->addr, s->addr, 16);
	q->deadline = time_add_sat(now, d->cfg.repeat_wait_ns);
}

/* Deferred verdicts due by now (all when now is UINT64_MAX). A source
 * whose abandoned probes are mostly repeats of (host, port) pairs it
 * already tried is a health checker, not a scanner: its second walk
 * starts afresh. Entries name sources by address. Trap: a source evicted
 * and deferred again within repeat_wait is settled at its first entry's
 * deadline, early, on the repeats counted so far. */
static void defer_settle(struct scan_detector *d, uint64_t now)
{
	while (d->dq_len && d->deferq[d->dq_head].deadline <= now) {
		struct scan_src *s = src_find(d, d->deferq[d->dq_head].addr);
		d->dq_head = (d->dq_head + 1) % DEFERQ;
		d->dq_len--;
		if (!s || !s->deferred)
			continue;
		if (!s->rec1) { /* else flagged meanwhile, on other evidence */
			if (s->ab_repeat < s->ab_first)
				flag_source(d, s, s->deferred);
			else
				s->llr_ab = 0; /* mostly repeats: a health checker */
		}
		s->deferred = 0;
	}
}

static void first_contact_outcome(struct scan_detector *d, struct scan_src *s,
				  const struct probe *pr, int kind, int answered)
{
	uint64_t now = pr->last_ts;
	/* Walk 1, the paper's: abandoned is a success. Walk 2 splits
	 * successes into kept and abandoned. */
	/* An answered host-discovery request (ICMP, ARP) says a host is up,
	 * not whether the asker scans: monitors and sweeps both get replies.
	 * It moves neither walk. Like an abandoned success it counts in the
	 * distinct-host threshold, and a verdict that needs it waits for
	 * repeats: a monitor pings the same hosts again, a sweep new ones. */
	/* An unknown outcome (the input ended first) moves neither walk; it
	 * counts in the distinct-target thresholds like a failure. */
	int up_answer = kind == OUT_SUCCESS && ipproto_is_icmp(pr->proto);
	int neutral = up_answer || kind == OUT_UNKNOWN;
	if (!neutral)
		s->llr += kind == OUT_FAIL ? d->llr_fail : d->llr_succ;
	if (!neutral)
		s->llr_ab += kind == OUT_FAIL ? d->llr_fail :
			kind == OUT_ABANDONED ? d->llr_ab_abandon : d->llr_ab_succ;
	if (kind == OUT_SUCCESS && !up_answer)
		ring_push(s->succ, &s->succ_n, &s->succ_pos, SUCC, pr, 1, now);
	else
		ring_push(s->ring, &s->ring_n, &s->ring_pos, RING, pr,
			  kind == OUT_ABANDONED || up_answer ? T_ABANDONED : answered, now);
	if (s->llr >= d->llr_upper) {
		flag_source(d, s, SCAN_DET_TRW);
		return;
	}
	if (s->llr <= d->llr_lower)
		s->llr = 0;
	int det = 0, with_ab = 0;
	if (kind != OUT_SUCCESS || up_answer) {
		uint8_t last = (uint8_t)((s->ring_pos + RING - 1) % RING);
		det = threshold_hit(d, s, &s->ring[last], &with_ab);
	}
	if (det) {
		flag_source(d, s, det);
		return;
	}
	if (s->llr_ab >= d->llr_upper && s->ab_first)
		with_ab |= SCAN_DET_TRW;
	if (s->llr_ab <= d->llr_lower)
		s->llr_ab = 0;
	if (with_ab && s->ab_first)
		defer_verdict(d, s, with_ab, now);
}

/* Count a probe on its source (or the source's record), once per flow.
 * Returns 1 when it was a first contact. */
static int count_probe(struct scan_detector *d, struct scan_src *s, const struct probe *pr)
{
	struct scan_rec *r = src_rec(d, s);
	struct scan_counters *c = r ? &r->pub.c : &s->c;
	if (!c->probes || pr->first_ts < c->first_ts)
		c->first_ts = pr->first_ts;
	if (pr->first_ts > c->last_ts)
		c->last_ts = pr->first_ts;
	if (pr->first_ts > s->c.last_ts)
		s->c.last_ts = pr->first_ts;
	c->probes++;
	c->tech[pr->tech]++;
	int first = first_contact(d, pr);
	c->first_contacts += (uint32_t)first;
	if (r)
		rec_probe(r, d, pr->dst, pr->port, pr->proto);
	return first;
}

/* A probe's outcome (OUT_*) is known. A source is tracked from its
 * first failed or abandoned probe on: a source whose probes all succeed
 * with payload costs one lookup per flow and no memory (its likelihood
 * ratios would only fall to the benign bound and be reset). Answered
 * host-discovery requests are evidence of a sweep (first_contact_outcome):
 * their source is tracked from the first.
 * Returns the flags the caller must add to the flow (it was counted). */
static uint8_t outcome(struct scan_detector *d, const struct probe *pr, uint8_t flags,
		       int kind, int answered, int up)
{
	uint32_t h = addr_hash(d, pr->src);
	struct scan_src *s = src_find_h(d, pr->src, h);
	int up_answer = kind == OUT_SUCCESS && ipproto_is_icmp(pr->proto);
	if (!s) {
		if (kind == OUT_SUCCESS && !up_answer) {
			prior_success(d, h);
			return 0;
		}
		if (up_answer && !pr->arp && !prior_up_enough(d, h))
			return 0; /* its flow backfills it if the source is flagged */
		s = src_get(d, pr->src, pr->ip_ver);
	}
	int counted = (flags & SF_COUNTED) != 0;
	int first = counted ? (flags & SF_FIRST) != 0 : count_probe(d, s, pr);
	struct scan_rec *r = src_rec(d, s);
	struct scan_counters *c = r ? &r->pub.c : &s->c;
	if (kind == OUT_FAIL || kind == OUT_UNKNOWN)
		c->failures++;
	else
		c->successes++;
	c->unknown += kind == OUT_UNKNOWN;
	c->neutral += (uint32_t)up_answer;
	c->abandoned += kind == OUT_ABANDONED;
	if (kind == OUT_ABANDONED || up_answer) {
		if (first)
			s->ab_first++;
		else
			s->ab_repeat++;
	}
	if (r)
		rec_outcome(r, d, pr->dst, pr->port, pr->proto,
			    kind == OUT_SUCCESS || kind == OUT_ABANDONED, answered, up);
	else if (first)
		first_contact_outcome(d, s, pr, kind, answered);
	return counted ? 0 : (uint8_t)(SF_COUNTED | (first ? SF_FIRST : 0));
}

static uint8_t flow_outcome(struct scan_detector *d, const struct flow *f, int kind,
			    int answered)
{
	struct probe pr = probe_of_flow(f);
	return outcome(d, &pr, f->scan_flags, kind, answered, (f->scan_flags & SF_UP) != 0);
}

/* An accepted SYN's outcome once it is clear: payload from the source
 * makes it an ordinary success (it used the connection); none at its
 * close, or at the flow's end, an abandoned one. A server-first banner
 * (SSH, SMTP, FTP) is not use: a connect sweep of port 22 gets one from
 * every host and drops it. Unless the responder ended it: it reset the
 * connection and the source never closed, or it spoke and closed (a
 * server that says "too busy" and hangs up); then the responder gave up,
 * not the source. */
static int accepted_outcome(const struct flow *f)
{
	if (f->dir[0].payload_bytes)
		return OUT_SUCCESS;
	uint8_t seen = f->tcp.seen;
	if ((seen & TCPS_RESP_RST) && !(seen & (TCPS_ORIG_RST | TCPS_ORIG_FIN)))
		return OUT_SUCCESS;
	if (f->dir[1].payload_bytes && (seen & (TCPS_RESP_FIN | TCPS_RESP_RST)))
		return OUT_SUCCESS;
	return OUT_ABANDONED;
}

static void decide_accepted(struct scan_detector *d, struct flow *f)
{
	f->scan_flags &= (uint8_t)~SF_PENDING;
	f->scan_flags |= flow_outcome(d, f, accepted_outcome(f), 1);
}

/* ---- per packet ------------------------------------------------------------------ */

static int addr_is_group(const uint8_t *a, uint8_t ip_ver)
{
	if (ip_ver == 6)
		return a[0] == 0xff;
	return (a[0] & 0xf0) == 0xe0 || (a[0] == 255 && a[1] == 255 && a[2] == 255 && a[3] == 255);
}

/* Multicast (224.0.0.0/4, ff00::/8) or the limited broadcast
 * 255.255.255.255: service discovery (SSDP, mDNS, LLMNR, WS-Discovery,
 * DHCPv6, NetBIOS) asks everyone at once, and nobody in particular has to
 * answer. Such a packet is never a probe. A subnet's directed broadcast
 * (10.0.2.255) cannot be told from a host without the netmask. */
static int to_group(const struct packet *p)
{
	return addr_is_group(p->dst, p->ip_ver);
}

/* A near-empty datagram of another protocol (not TCP, UDP or ICMP, and
 * not a later fragment): what nmap -sO sends, one protocol number per
 * probe, with no payload or a bare header (IGMP: 8 bytes). Tunnels and
 * IPsec carry traffic: their packets are longer (zeek/ip6_esp.pcap's ESP
 * to 12 hosts, one way, is no protocol scan). */
#define IP_PROTO_PROBE_MAX 24

static int other_protocol(const struct packet *p)
{
	return p->cls == DC_L3_ONLY && p->frag != FRAG_LATER && p->l4_len <= IP_PROTO_PROBE_MAX &&
	       !ipproto_has_ports(p->l4_proto) && !ipproto_is_icmp(p->l4_proto);
}

static int classify_probe(const struct packet *p)
{
	if (to_group(p))
		return -1;
	if (other_protocol(p))
		return SCAN_TECH_IP_PROTO;
	if (p->cls != DC_L4)
		return -1;
	if (p->l4_proto == IPPROTO_NUM_UDP)
		return SCAN_TECH_UDP;
	if (p->l4_proto == IPPROTO_NUM_ICMP)
		return p->icmp_type == 8 ? SCAN_TECH_ICMP_ECHO :
		       p->icmp_type == 13 ? SCAN_TECH_ICMP_TIMESTAMP :
		       p->icmp_type == 17 ? SCAN_TECH_ICMP_MASK : -1;
	if (p->l4_proto == IPPROTO_NUM_ICMPV6)
		return p->icmp_type == 128 ? SCAN_TECH_ICMP_ECHO : -1;
	if (p->l4_proto != IPPROTO_NUM_TCP)
		return -1;
	switch (p->tcp_flags & (TCP_SYN | TCP_ACK | TCP_FIN | TCP_RST | TCP_PSH | TCP_URG)) {
	case TCP_SYN: return SCAN_TECH_SYN;
	case 0: return SCAN_TECH_NULL;
	case TCP_FIN: return SCAN_TECH_FIN;
	case TCP_FIN | TCP_PSH | TCP_URG: return SCAN_TECH_XMAS;
	case TCP_ACK: return SCAN_TECH_ACK;
	case TCP_FIN | TCP_ACK: return SCAN_TECH_MAIMON;
	default: return -1; /* RST, SYN+ACK (backscatter), data: not a probe */
	}
}

static void new_probe(struct scan_detector *d, struct flow *f, const struct packet *p, int tech)
{
	f->scan_flags = SF_PROBE;
	f->probe_tech = (uint8_t)tech;
	d->st.probes++;
	struct scan_src *s = src_find(d, flow_orig_addr(f));
	if (s) { /* a source under watch: count now; others at their outcome */
		struct probe pr = probe_of_flow(f);
		f->scan_flags |= (uint8_t)(SF_COUNTED | (count_probe(d, s, &pr) ? SF_FIRST : 0));
	}
	if (d->wq_len == WAITQ) {
		d->st.probes_untimed++; /* decided when its flow ends instead */
		return;
	}
	struct waiting *w = &d->waitq[(d->wq_head + d->wq_len++) % WAITQ];
	w->f = f;
	w->id = f->id;
	w->deadline = time_add_sat(p->ts_ns, d->cfg.probe_timeout_ns);
}

/* A probe unanswered at its deadline failed; at the end of input (now is
 * UINT64_MAX) one whose deadline lies after the last packet is unknown. */
static int unanswered_outcome(const struct scan_detector *d, uint64_t deadline)
{
	return deadline <= d->now ? OUT_FAIL : OUT_UNKNOWN;
}

/* Probes unanswered past their deadline have failed (all when now is
 * UINT64_MAX). FIFO order is deadline order: one timeout for all. */
static void expire_waiting(struct scan_detector *d, uint64_t now)
{
	while (d->wq_len) {
		struct waiting *w = &d->waitq[d->wq_head];
		if (w->deadline > now)
			break;
		struct flow *f = w->f;
		if (f->id == w->id && (f->scan_flags & (SF_PROBE | SF_DECIDED)) == SF_PROBE) {
			f->scan_flags |= SF_DECIDED;
			f->scan_flags |= flow_outcome(d, f, unanswered_outcome(d, w->deadline), 0);
		}
		d->wq_head = (d->wq_head + 1) % WAITQ;
		d->wq_len--;
	}
}

/* ---- address resolution: host discovery on the local segment ------------------- */

/* A request is decided at its deadline: answered (the target is up) or
 * not; one that IP traffic followed was forgotten before (neighbour.c). */
static void neigh_decide(struct scan_detector *d, const struct neigh_req *w)
{
	d->st.probes++; /* a probe: no IP traffic followed */
	neigh_remember(&d->neigh, w);
	struct probe pr = { w->src, w->dst, w->ts, w->ts, 0, neigh_proto(w->ip_ver),
			    w->ip_ver == 6 ? SCAN_TECH_ND : SCAN_TECH_ARP, w->ip_ver, 1 };
	int kind = w->answered ? OUT_SUCCESS : unanswered_outcome(d, w->deadline);
	(void)outcome(d, &pr, 0, kind, w->answered, w->answered);
}

static void expire_neigh(struct scan_detector *d, uint64_t now)
{
	struct neigh_req w;
	while (neigh_due(&d->neigh, now, &w))
		neigh_decide(d, &w);
}

static int addr_is_zero(const uint8_t *a, uint8_t ip_ver)
{
	static const uint8_t zero[16];
	return memcmp(a, zero, ip_ver == 6 ? 16 : 4) == 0;
}

/* A request asks for an address. Not probes: a gratuitous request (the
 * sender asks for itself), an address probe from the unspecified address
 * (RFC 5227 for ARP, duplicate address detection for ND, RFC 4862
 * s5.4), one for a group address, a unicast request (a neighbour cache
 * refreshing an entry it has, RFC 1122 s2.3.2.1 and RFC 4861 s7.3.3:
 * Linux sends it after the traffic, not before), and a retry of a
 * request still waiting. A full queue leaves the request undecided
 * (probes_untimed); a request is counted among the probes when decided,
 * as resolution is told apart by then. */
static void neigh_ask(struct scan_detector *d, const struct packet *p, const uint8_t *src,
		      const uint8_t *target, uint8_t ip_ver, int unicast)
{
	if (unicast || memcmp(src, target, 16) == 0 || addr_is_zero(src, ip_ver) ||
	    addr_is_zero(target, ip_ver) || addr_is_group(target, ip_ver))
		return;
	if (neigh_request(&d->neigh, src, target, ip_ver, p->ts_ns,
			  time_add_sat(p->ts_ns, d->cfg.probe_timeout_ns)) < 0)
		d->st.probes_untimed++;
}

/* ARP (RFC 826): a request asks who has tpa, a reply from spa to tpa
 * answers tpa's request for spa. */
void scan_nonip(struct scan_detector *d, const struct packet *p)
{
	const struct packet_arp *a = &p->arp;
	if (!a->present || !a->eth_ipv4)
		return;
	uint8_t spa[16] = { 0 }, tpa[16] = { 0 };
	memcpy(spa, a->spa, 4);
	memcpy(tpa, a->tpa, 4);
	if (a->op == 1)
		neigh_ask(d, p, spa, tpa, 4, p->link_unicast);
	else if (a->op == 2)
		neigh_reply(&d->neigh, spa, tpa);
}

/* IPv6 neighbour discovery (RFC 4861): a solicitation to the target's
 * solicited-node multicast address asks for it (a unicast one refreshes
 * a known neighbour); an advertisement answers the solicitor. */
static void neigh_discovery(struct scan_detector *d, const struct packet *p)
{
	if (p->icmp_type == 135)
		neigh_ask(d, p, p->src, p->nd_target, 6, p->dst[0] != 0xff);
	else if (p->icmp_type == 136)
		neigh_reply(&d->neigh, p->nd_target, p->dst);
}

/* ---- probes seen only through their rejection ------------------------------------ */

/* An ICMP error that rejects a probe and quotes it, when no flow holds
 * the probe (a capture that starts after it, a tap that sees only the
 * answers: lucaderi-sgr/hs-sh-IPscan.pcapng holds nothing but protocol
 * unreachables): the quoted header names the probe, and the error goes
 * back to the prober. Protocol unreachable (ICMP 3/2, ICMPv6 parameter
 * problem 4/1, RFC 792 and RFC 4443) rejects an IP protocol probe; port
 * unreachable (3/3, ICMPv6 1/4) a UDP one. Other errors (host
 * unreachable, time exceeded: traceroute) say nothing of a scan. */
static int quoted_rejection(const struct packet *p)
{
	const struct quoted_tuple *q = &p->inner;
	if (p->cls != DC_L4 || !q->present || q->ip_ver != p->ip_ver || ipproto_is_icmp(q->proto))
		return -1;
	int proto_unreach = p->l4_proto == IPPROTO_NUM_ICMP ?
		p->icmp_type == 3 && p->icmp_code == 2 :
		p->l4_proto == IPPROTO_NUM_ICMPV6 && p->icmp_type == 4 && p->icmp_code == 1;
	int port_unreach = p->l4_proto == IPPROTO_NUM_ICMP ?
		p->icmp_type == 3 && p->icmp_code == 3 :
		p->l4_proto == IPPROTO_NUM_ICMPV6 && p->icmp_type == 1 && p->icmp_code == 4;
	if (proto_unreach)
		return SCAN_TECH_IP_PROTO;
	if (port_unreach && q->proto == IPPROTO_NUM_UDP && q->has_ports)
		return SCAN_TECH_UDP;
	return -1;
}

static void quoted_probe(struct scan_detector *d, const struct packet *p)
{
	int tech = quoted_rejection(p);
	if (tech < 0 || addr_is_group(p->inner.dst, p->ip_ver))
		return;
	const struct quoted_tuple *q = &p->inner;
	struct probe pr = { p->dst, q->dst, p->ts_ns, p->ts_ns,
			    tech == SCAN_TECH_UDP ? q->dport : 0, q->proto, (uint8_t)tech,
			    p->ip_ver, 0 };
	d->st.probes++;
	(void)outcome(d, &pr, 0, OUT_FAIL, 1, memcmp(p->src, q->dst, 16) == 0);
}

void scan_settle(struct scan_detector *d, struct flow *f)
{
	if (f->scan_flags & SF_PENDING)
		decide_accepted(d, f);
}

#define ADVANCE_MAX_LAG_NS (86400ull * 1000000000ull)

void scan_advance(struct scan_detector *d, uint64_t now)
{
	if (!d->now || now <= d->now || now - d->now > ADVANCE_MAX_LAG_NS)
		return;
	d->now = now;
	expire_waiting(d, now);
	expire_neigh(d, now);
	defer_settle(d, now);
}

void scan_finish(struct scan_detector *d)
{
	expire_waiting(d, UINT64_MAX);
	expire_neigh(d, UINT64_MAX);
	defer_settle(d, UINT64_MAX);
}

/* The responder answered a flow that began with a stealth-shaped packet
 * (ACK, FIN, FIN+ACK, NULL, Xmas) with an ACK or data, not a RST: the
 * flow is a conversation the capture joined midstream (every live
 * capture starts so; pcapng-example.pcapng's X11 sessions were an ACK
 * "scan"), not a probe. A scanner's stealth probe gets a RST, an ICMP
 * error or nothing. Neither success nor failure: no evidence. */
static int is_conversation_answer(const struct flow *f, const struct packet *p)
{
	return f->key.proto == IPPROTO_NUM_TCP && f->probe_tech != SCAN_TECH_SYN &&
	       p->l4_proto == IPPROTO_NUM_TCP && !(p->tcp_flags & (TCP_RST | TCP_SYN)) &&
	       (p->payload_len || (p->tcp_flags & TCP_ACK));
}

/* The originator of a SYN probe went on as if answered: an ACK without
 * SYN or RST, or data. Its SYN was accepted even when the SYN-ACK is not
 * in the capture (a one-sided tap, asymmetric routing: ndpi/ocs.pcap
 * holds only the client's direction, SYN then ACK then data). */
static int answered_unseen(const struct flow *f, const struct packet *p)
{
	return f->key.proto == IPPROTO_NUM_TCP && f->probe_tech == SCAN_TECH_SYN &&
	       (p->payload_len ||
		(p->tcp_flags & (TCP_ACK | TCP_SYN | TCP_RST)) == TCP_ACK);
}

static void new_flow(struct scan_detector *d, struct flow *f, const struct packet *p,
		     const struct flow_hit *hit)
{
	f->scan_flags = 0;
	if (hit->dir != 0 || hit->attributed)
		return;
	int tech = classify_probe(p);
	if (tech >= 0)
		new_probe(d, f, p, tech);
}

/* A probe's first packet from the responder, or an ICMP error quoting
 * it (attributed). */
static void probe_answered(struct scan_detector *d, struct flow *f, const struct packet *p,
			   const struct flow_hit *hit)
{
	if (!hit->attributed && is_conversation_answer(f, p)) {
		f->scan_flags |= SF_DECIDED | SF_ANSWERED; /* no outcome: not evidence */
		return;
	}
	int tcp = f->key.proto == IPPROTO_NUM_TCP;
	int accepted = !hit->attributed && (!tcp ||
		((p->tcp_flags & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK) &&
		 f->probe_tech == SCAN_TECH_SYN));
	int up = memcmp(p->src, flow_resp_addr(f), 16) == 0;
	f->scan_flags |= (uint8_t)(SF_DECIDED | SF_ANSWERED | (accepted ? SF_SUCCESS : 0) |
				   (up ? SF_UP : 0));
	if (accepted && tcp) /* kept or abandoned: wait for what follows */
		f->scan_flags |= SF_PENDING;
	else
		f->scan_flags |= flow_outcome(d, f, accepted ? OUT_SUCCESS : OUT_FAIL, 1);
}

void scan_packet(struct scan_detector *d, struct flow *f,
		 const struct packet *p, const struct flow_hit *hit)
{
	if (p->ts_ns > d->now)
		d->now = p->ts_ns;
	expire_waiting(d, p->ts_ns);
	if (neigh_waiting(&d->neigh))
		expire_neigh(d, p->ts_ns);
	if (d->dq_len)
		defer_settle(d, p->ts_ns);
	if (!f)
		return;
	if (p->nd_seen)
		neigh_discovery(d, p);
	else if (neigh_waiting(&d->neigh) && !hit->attributed && f->dir[hit->dir].packets == 1)
		neigh_resolved(&d->neigh, p->src, p->dst);
	if (!hit->attributed && p->inner.present)
		quoted_probe(d, p); /* an ICMP error no flow of ours holds */
	if (hit->created) {
		new_flow(d, f, p, hit);
		return;
	}
	if (f->scan_flags & SF_PENDING) { /* the source's data or close decides */
		if (!hit->attributed && hit->dir == 0 &&
		    (p->payload_len || (p->tcp_flags & (TCP_RST | TCP_FIN))))
			decide_accepted(d, f);
		return;
	}
	if ((f->scan_flags & (SF_PROBE | SF_DECIDED)) != SF_PROBE)
		return;
	if (!hit->attributed && hit->dir == 0 && answered_unseen(f, p)) {
		f->scan_flags |= SF_DECIDED | SF_ANSWERED | SF_SUCCESS | SF_PENDING | SF_UP;
		if (p->payload_len || (p->tcp_flags & (TCP_RST | TCP_FIN)))
			decide_accepted(d, f);
		return;
	}
	if (!hit->attributed && hit->dir != 1)
		return;
	probe_answered(d, f, p, hit);
}

void scan_flow_end(struct scan_detector *d, const struct flow *f)
{
	if (!(f->scan_flags & SF_PROBE))
		return;
	if (!(f->scan_flags & SF_DECIDED))
		(void)flow_outcome(d, f, OUT_FAIL, 0); /* no answer until the flow ended */
	else if (f->scan_flags & SF_PENDING) /* const: the slot is reused next */
		(void)flow_outcome(d, f, accepted_outcome(f), 1);
	if (f->probe_tech != SCAN_TECH_SYN || !(f->scan_flags & SF_SUCCESS))
		return;
	struct scan_src *s = src_find(d, flow_orig_addr(f));
	struct scan_rec *r = s ? src_rec(d, s) : rec_for_addr(d, flow_orig_addr(f));
	struct scan_counters *c = r ? &r->pub.c : s ? &s->c : NULL;
	if (!c)
		return;
	/* Open port: half-open (RST without completing) or connect (ACK,
	 * then close without data). */
	if ((f->tcp.seen & TCPS_ORIG_ACK) && f->dir[0].payload_bytes == 0)
		c->connect++;
	else if (!(f->tcp.seen & TCPS_ORIG_ACK) && (f->tcp.seen & TCPS_ORIG_RST))
		c->halfopen++;
}

int scan_pop_flagged(struct scan_detector *d, uint8_t addr[16])
{
	if (!d->npending)
		return 0;
	memcpy(addr, d->pending[--d->npending], 16);
	return 1;
}

void scan_backfill(struct scan_detector *d, struct flow *f)
{
	if (!(f->scan_flags & SF_PROBE))
		return;
	struct scan_src *s = src_find(d, flow_orig_addr(f));
	struct scan_rec *r = s ? src_rec(d, s) : NULL;
	if (!r)
		return;
	struct probe pr = probe_of_flow(f);
	if (!(f->scan_flags & SF_COUNTED)) {
		/* Sent before the source was under watch (it had not failed yet). */
		f->scan_flags |= (uint8_t)(SF_COUNTED | (count_probe(d, s, &pr) ? SF_FIRST : 0));
		if ((f->scan_flags & (SF_DECIDED | SF_SUCCESS | SF_PENDING)) ==
		    (SF_DECIDED | SF_SUCCESS)) {
			r->pub.c.successes++; /* a pending one is counted when decided */
			r->pub.c.neutral += ipproto_is_icmp(pr.proto);
		}
	}
	rec_probe(r, d, pr.dst, pr.port, pr.proto);
	if (f->scan_flags & SF_DECIDED)
		rec_outcome(r, d, pr.dst, pr.port, pr.proto,
			    (f->scan_flags & SF_SUCCESS) != 0,
			    (f->scan_flags & SF_ANSWERED) != 0, (f->scan_flags & SF_UP) != 0);
}

/* ---- records ---------------------------------------------------------------- */

/* The whole history still says scanner: the paper's walk over every
 * outcome of the record's probes, not only those before the verdict,
 * ends at or above eta1. A failure weighs (1-theta1)/(1-theta0), an
 * abandoned success theta1*abandon1/(theta0*abandon0) (the same as in
 * the live walk), a success that was used (payload, or any UDP reply)
 * theta1/theta0. A source flagged on a few early failures whose later
 * probes mostly succeed and are used (ndpi/ethereum.pcap: 6 failures,
 * then 64 used successes: a client with some dead peers) is not
 * reported; a scanner finding a few open ports among many closed ones
 * stays far above the bound. docs/scan.md "Verdicts over the whole
 * history". An unknown outcome (unanswered when the input ended) is
 * no failure in the walk; it is in a record that the distinct-target
 * thresholds flagged, because they count it (a one-second sweep of 509
 * addresses, lucaderi-sgr/hs-arpScan.pcap, ends before any timeout). */
/* Successes that were used: not abandoned, and not an answer to host
 * discovery (neutral, as in the walk). */
static uint32_t used_successes(const struct scan_record *r)
{
	uint64_t neutral = (uint64_t)r->c.abandoned + r->c.neutral;
	return r->c.successes > neutral ? (uint32_t)(r->c.successes - neutral) : 0;
}

static int is_discovery(const struct scan_record *r);

static int history_says_scanner(const struct scan_config *c, const struct scan_record *r)
{
	const struct scan_counters *k = &r->c;
	uint32_t used = used_successes(r);
	uint32_t failures = k->failures;
	if (!(r->detectors & (SCAN_DET_VERTICAL | SCAN_DET_HORIZONTAL)))
		failures -= k->unknown < failures ? k->unknown : failures;
	/* A discovery sweep's hosts found up weigh like abandoned successes:
	 * asked once, answered, dropped. */
	uint32_t dropped = k->abandoned + (is_discovery(r) ? r->nup : 0);
	double l = failures * log((1 - c->theta1) / (1 - c->theta0)) +
		   dropped * log(c->theta1 * c->abandon1 / (c->theta0 * c->abandon0)) +
		   used * log(c->theta1 / c->theta0);
	return l >= log(c->beta / c->alpha);
}

/* Evidence no knock sequence leaves: a knock is a SYN or a UDP datagram
 * to a closed port (knockd, fwknop), never a FIN, NULL, Xmas, ACK or
 * Maimon probe, and never a handshake completed and dropped unused. Four
 * of them, the count that flags a source in the walk, make a narrow
 * record (one host, fewer than min-ports ports) a scan all the same:
 * ndpi/tcp_scan.pcapng probes 7 ports of one host with SYN, FIN, NULL and
 * Xmas, two of them open and dropped. */
#define SCAN_UNKNOCKLIKE_MIN 4

static uint32_t unknocklike_evidence(const struct scan_counters *k)
{
	return k->tech[SCAN_TECH_FIN] + k->tech[SCAN_TECH_NULL] + k->tech[SCAN_TECH_XMAS] +
	       k->tech[SCAN_TECH_ACK] + k->tech[SCAN_TECH_MAIMON] + k->abandoned;
}

/* A peer-to-peer client's shape: it tries many peers, each on that
 * peer's own port (about one port per target, and the ports mostly
 * differ), many peers are offline, and it talks to those that answer.
 * A scanner tries the same ports across hosts (horizontal, block) or
 * many ports of one host (vertical), and drops what answers. Shape:
 * at least P2P_MIN_PEERS targets, first contacts at most twice the
 * targets, distinct ports at least half the targets; behaviour: used
 * successes at least a tenth of the failures. ndpi/gnutella.pcap's
 * 10.0.2.15: 504 targets, 726 first contacts, 609 ports, 203 used
 * successes against 813 failures. A sparse random scan (masscan over a
 * large range, seen briefly) has the shape but uses no success. */
#define P2P_MIN_PEERS 8

static int p2p_shaped(const struct scan_record *r)
{
	const struct scan_counters *k = &r->c;
	uint32_t used = used_successes(r);
	return r->ndst >= P2P_MIN_PEERS && !r->dst_capped &&
	       k->first_contacts <= 2 * r->ndst && 2 * r->nports >= r->ndst &&
	       10ull * used >= k->failures;
}

/* Hosts a record with host-discovery requests must cover to be a sweep:
 * a couple of unanswered pings and datagrams to two hosts are a
 * traceroute or a reachability test (tcpdump's ipv6-routing-header.pcap),
 * not discovery. */
#define SCAN_DISCOVERY_MIN_HOSTS 8

/* Requests that ask whether a host is up: ICMP echo, timestamp and
 * address mask, ARP. */
static uint32_t discovery_probes(const struct scan_counters *k)
{
	return k->tech[SCAN_TECH_ICMP_ECHO] + k->tech[SCAN_TECH_ICMP_TIMESTAMP] +
	       k->tech[SCAN_TECH_ICMP_MASK] + k->tech[SCAN_TECH_ARP] + k->tech[SCAN_TECH_ND];
}

/* A record is broad enough when it covers hosts (eight for a sweep with
 * host-discovery requests, two otherwise), min-ports ports or IP
 * protocols, or carries evidence no knock leaves. */
int scan_reportable(const struct scan_detector *d, const struct scan_record *r)
{
	if (r->group)
		return scan_groups_reportable(r, d->cfg.min_ports);
	uint32_t min_hosts = discovery_probes(&r->c) ? SCAN_DISCOVERY_MIN_HOSTS : 2;
	int broad = r->ndst >= min_hosts || r->nports >= d->cfg.min_ports ||
		    r->nprotos >= d->cfg.min_ports ||
		    unknocklike_evidence(&r->c) >= SCAN_UNKNOCKLIKE_MIN;
	return broad && history_says_scanner(&d->cfg, r) && !p2p_shaped(r);
}

static int reportable(const struct scan_detector *d, const struct scan_rec *r)
{
	return scan_reportable(d, &r->pub);
}

uint32_t scan_records(const struct scan_detector *d)
{
	return d->nrecs;
}

const struct scan_record *scan_record(const struct scan_detector *d, uint32_t i)
{
	return i < d->nrecs ? &d->recs[i]->pub : NULL;
}

const struct scan_stats *scan_stats(const struct scan_detector *d)
{
	return &d->st;
}

const char *scan_tech_name(enum scan_tech t)
{
	return (unsigned)t < SCAN_TECH_COUNT ? tech_names[t] : "unknown";
}

/* Where discovery ends and a horizontal scan begins: a record is host
 * discovery when all its probes ask whether hosts are up (ICMP, ARP), or
 * when at least half do and the rest are TCP probes of at most two ports,
 * as nmap -sn sends (ICMP echo, SYN to 443, ACK to 80, ICMP timestamp,
 * per host): those TCP probes ask whether the host answers, not which
 * service runs. A SYN sweep of one port, with no ICMP, is horizontal. */
static int is_discovery(const struct scan_record *r)
{
	const struct scan_counters *c = &r->c;
	uint32_t disc = discovery_probes(c);
	uint32_t tcp_ping = c->tech[SCAN_TECH_SYN] + c->tech[SCAN_TECH_ACK];
	if (!disc)
		return 0;
	return disc == c->probes ||
	       (2ull * disc >= c->probes && disc + tcp_ping == c->probes && r->nports <= 2);
}

static int is_discovery_tech(int t)
{
	return t == SCAN_TECH_ICMP_ECHO || t == SCAN_TECH_ICMP_TIMESTAMP ||
	       t == SCAN_TECH_ICMP_MASK || t == SCAN_TECH_ARP || t == SCAN_TECH_ND;
}

/* Techniques present: each with at least 20% of the probes; one present
 * is the technique, SYN probes that completed handshakes and never
 * half-opened are a connect scan, several (or none) are "mixed"; host
 * discovery with TCP probes beside its ICMP ones is "tcp_ping". A port
 * scan that began with a discovery sweep (nmap's ARP ping of the subnet,
 * zeek/nmap-vsn.pcap) is named by its port probes. */
const char *scan_record_technique(const struct scan_record *r)
{
	const struct scan_counters *c = &r->c;
	int discovery = is_discovery(r);
	if (discovery && discovery_probes(c) != c->probes)
		return "tcp_ping";
	uint32_t base = discovery ? c->probes : c->probes - discovery_probes(c);
	int present = -1, npresent = 0;
	for (int t = 0; t < SCAN_TECH_COUNT; t++) {
		if (!discovery && is_discovery_tech(t))
			continue;
		if (c->tech[t] && c->tech[t] * 5 >= base) {
			present = t;
			npresent++;
		}
	}
	if (npresent != 1)
		return "mixed";
	if (present == SCAN_TECH_SYN && c->connect && !c->halfopen)
		return "connect";
	return tech_names[present];
}

int scan_record_has_discovery(const struct scan_record *r)
{
	return is_discovery(r) || discovery_probes(&r->c) >= SCAN_DISCOVERY_MIN_HOSTS;
}

enum scan_kind scan_record_kind(const struct scan_record *r)
{
	if (is_discovery(r))
		return SCAN_KIND_DISCOVERY;
	if (r->ndst <= 1)
		return SCAN_KIND_VERTICAL;
	if (r->nports <= 3)
		return SCAN_KIND_HORIZONTAL;
	if (r->ndst <= 3)
		return SCAN_KIND_VERTICAL;
	return SCAN_KIND_BLOCK;
}

const char *scan_kind_name(enum scan_kind k)
{
	static const char *const names[] = { "vertical", "horizontal", "block", "discovery" };
	return (unsigned)k < 4 ? names[k] : "unknown";
}

static int rec_has_target(const struct scan_detector *d, const struct scan_rec *r,
			  const uint8_t *dst)
{
	uint32_t h = (uint32_t)siphash13(&d->seed, dst, 16) | 1;
	for (uint32_t i = h & (DST_SET - 1), n = 0; n < DST_SET; i = (i + 1) & (DST_SET - 1), n++) {
		if (r->dst_set[i] == h)
			return 1;
		if (!r->dst_set[i])
			return 0;
	}
	return 0;
}

int scan_covers(const struct scan_detector *d, const uint8_t *src,
		const uint8_t *dst, uint64_t t0, uint64_t t1)
{
	const struct scan_rec *r = rec_for_addr(d, src);
	if (!r || !reportable(d, r) || !rec_has_target(d, r, dst))
		return 0;
	/* The scan's probes ended with its last probe; answers and retries
	 * follow within the probe timeout. */
	return t0 <= time_add_sat(r->pub.c.last_ts, d->cfg.probe_timeout_ns) &&
	       t1 >= r->pub.c.first_ts;
}

/* ---- distributed and decoy scans (scangroup.c) ------------------------------------ */

void scan_find_groups(struct scan_detector *d)
{
	scan_groups_update(d->groups, d->pubs, d->nrecs);
	d->st.groups = scan_groups_made(d->groups);
	d->st.groups_dropped = scan_groups_dropped(d->groups);
}

uint32_t scan_groups(const struct scan_detector *d)
{
	return scan_groups_count(d->groups);
}

const struct scan_record *scan_group(const struct scan_detector *d, uint32_t i)
{
	return scan_groups_get(d->groups, i);
}

int scan_record_merged(const struct scan_detector *d, uint32_t i)
{
	const struct scan_record *g = scan_groups_of(d->groups, i);
	return g && scan_groups_reportable(g, d->cfg.min_ports);
}
