/* analyzer/detect/scangroup.c - see scangroup.h. How records are told
 * to belong together:
 *
 * Both show as several flagged sources with one target each, close in
 * time (their probes within GROUP_GAP of each other's):
 *  - distributed: the sources split a range of the target's ports; each
 *    shares at most a fifth of its ports with the others, and together
 *    they cover at least half of the range from their lowest port to
 *    their highest (Snort 3's "distributed portscan": many sources, one
 *    target). Three sources at least. Independent scanners of an exposed
 *    host hit scattered ports (victorialugi-nmap/udp_scan.pcap: four
 *    internet scanners, 30 ports between 522 and 56367): not merged.
 *  - decoy (nmap -D): every source sends the same probes, interleaved:
 *    the port sets agree on 80% (Jaccard) and the sources start and stop
 *    within DECOY_SKEW of each other. The likely real source is the one
 *    member the target answered: the decoys are spoofed, and answers to
 *    them go nowhere (an address nobody owns gets no SYN-ACK at all, as
 *    its ARP goes unanswered). When the decoys are live hosts whose
 *    kernels answer too, or no member was answered, the record names
 *    none. docs/scan.md "Distributed and decoy scans". */

#include <stdlib.h>
#include <string.h>
#include "analyzer/detect/scangroup.h"
#include "analyzer/util/timeops.h"

#define GROUP_GAP_NS (60ull * 1000000000ull)
#define DECOY_SKEW_NS (2ull * 1000000000ull)
#define DISTRIBUTED_MIN_SOURCES 3

static int single_target(const struct scan_record *r)
{
	return r->ndst == 1 && r->nlisted == 1 && r->nports > 0;
}

static int same_target(const struct scan_record *a, const struct scan_record *b)
{
	return a->ip_ver == b->ip_ver && memcmp(a->listed[0], b->listed[0], 16) == 0;
}

static int close_in_time(const struct scan_record *a, const struct scan_record *b)
{
	return a->c.first_ts <= time_add_sat(b->c.last_ts, GROUP_GAP_NS) &&
	       b->c.first_ts <= time_add_sat(a->c.last_ts, GROUP_GAP_NS);
}

static uint64_t ts_diff(uint64_t a, uint64_t b)
{
	return a > b ? a - b : b - a;
}

/* Ports (TCP and UDP) probed by both records, and by either. */
static void port_overlap(const struct scan_record *a, const struct scan_record *b,
			 uint32_t *both, uint32_t *either)
{
	*both = *either = 0;
	for (int t = 0; t < 2; t++) {
		for (unsigned i = 0; i < 8192; i += 8) {
			uint64_t x, y;
			memcpy(&x, a->probed[t] + i, 8);
			memcpy(&y, b->probed[t] + i, 8);
			*both += (uint32_t)__builtin_popcountll(x & y);
			*either += (uint32_t)__builtin_popcountll(x | y);
		}
	}
}

/* The ports of a and b together, per transport, cover at least half of
 * the span from the lowest to the highest: a split range, not scatter. */
static int dense_union(const struct scan_record *a, const struct scan_record *b)
{
	for (int t = 0; t < 2; t++) {
		uint32_t n = 0, lo = 65536, hi = 0;
		for (uint32_t i = 0; i < 8192; i++) {
			uint8_t u = a->probed[t][i] | b->probed[t][i];
			if (!u)
				continue;
			n += (uint32_t)__builtin_popcount(u);
			if (lo == 65536)
				lo = 8 * i + (uint32_t)__builtin_ctz(u);
			hi = 8 * i + 31 - (uint32_t)__builtin_clz((uint32_t)u);
		}
		if (n && 2 * n < hi - lo + 1)
			return 0;
	}
	return 1;
}

/* How record a relates to b (a member, or a merged record): the group
 * they would form, or SCAN_GROUP_NONE. */
static int relation(const struct scan_record *a, const struct scan_record *b)
{
	if (!same_target(a, b) || !close_in_time(a, b))
		return SCAN_GROUP_NONE;
	uint32_t both, either;
	port_overlap(a, b, &both, &either);
	if (10ull * both >= 8ull * either &&
	    ts_diff(a->c.first_ts, b->c.first_ts) <= DECOY_SKEW_NS &&
	    ts_diff(a->c.last_ts, b->c.last_ts) <= DECOY_SKEW_NS)
		return SCAN_GROUP_DECOY;
	if (5ull * both <= a->nports && dense_union(a, b))
		return SCAN_GROUP_DISTRIBUTED;
	return SCAN_GROUP_NONE;
}

/* A merged record: what its members did, together. */
struct scan_grp {
	struct scan_record pub;
	uint32_t member[SCAN_GROUP_MEMBERS]; /* indexes of the records */
	uint32_t n;
};

struct scan_groups {
	struct scan_grp *g[SCAN_MAX_GROUPS];
	uint32_t n;
	uint32_t *group1;       /* per record: the merged record it joined + 1 */
	uint32_t max_records;
	uint64_t made, dropped;
};

struct scan_groups *scan_groups_new(uint32_t max_records)
{
	struct scan_groups *g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	g->group1 = calloc(max_records, sizeof(*g->group1));
	g->max_records = max_records;
	if (!g->group1) {
		free(g);
		return NULL;
	}
	return g;
}

void scan_groups_free(struct scan_groups *g)
{
	if (!g)
		return;
	for (uint32_t i = 0; i < g->n; i++)
		free(g->g[i]);
	free(g->group1);
	free(g);
}

static struct scan_grp *group_new(struct scan_groups *gs, int type)
{
	struct scan_grp *g = gs->n < SCAN_MAX_GROUPS ? calloc(1, sizeof(*g)) : NULL;
	if (!g) {
		gs->dropped++;
		return NULL;
	}
	g->pub.group = (uint8_t)type;
	gs->g[gs->n++] = g;
	gs->made++;
	return g;
}

static void add_listed(uint8_t (*list)[16], uint32_t *n, const uint8_t *addr)
{
	for (uint32_t k = 0; k < *n; k++)
		if (memcmp(list[k], addr, 16) == 0)
			return;
	if (*n < SCAN_TARGETS_LISTED)
		memcpy(list[(*n)++], addr, 16);
}

static void sum_counters(struct scan_counters *to, const struct scan_counters *c)
{
	if (!to->probes || c->first_ts < to->first_ts)
		to->first_ts = c->first_ts;
	if (c->last_ts > to->last_ts)
		to->last_ts = c->last_ts;
	to->probes += c->probes;
	to->first_contacts += c->first_contacts;
	to->failures += c->failures;
	to->successes += c->successes;
	to->abandoned += c->abandoned;
	to->connect += c->connect;
	to->halfopen += c->halfopen;
	to->unknown += c->unknown;
	to->neutral += c->neutral;
	for (int t = 0; t < SCAN_TECH_COUNT; t++)
		to->tech[t] += c->tech[t];
}

static void bits_or(uint8_t *to, const uint8_t *from, size_t n)
{
	for (size_t i = 0; i < n; i++)
		to[i] |= from[i];
}

static uint32_t bits_count(const uint8_t *bits, size_t n)
{
	uint32_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += (uint32_t)__builtin_popcount(bits[i]);
	return c;
}

/* The one member the target answered, or -1 (none, or several). */
static int decoy_real(const struct scan_record *const *recs, const struct scan_grp *g)
{
	int real = -1;
	for (uint32_t k = 0; k < g->n; k++) {
		if (!recs[g->member[k]]->nup)
			continue;
		if (real >= 0)
			return -1;
		real = (int)k;
	}
	return real;
}

static void merge_member(struct scan_record *m, const struct scan_record *r)
{
	m->ip_ver = r->ip_ver;
	m->detectors |= r->detectors;
	sum_counters(&m->c, &r->c);
	for (int t = 0; t < 2; t++) {
		bits_or(m->probed[t], r->probed[t], 8192);
		bits_or(m->answered[t], r->answered[t], 8192);
		bits_or(m->open[t], r->open[t], 8192);
	}
	bits_or(m->protos, r->protos, 32);
	bits_or(m->protos_open, r->protos_open, 32);
	for (uint32_t i = 0; i < r->nlisted; i++)
		add_listed(m->listed, &m->nlisted, r->listed[i]);
	for (uint32_t i = 0; i < r->nup_listed; i++)
		add_listed(m->up_listed, &m->nup_listed, r->up_listed[i]);
	m->dst_capped |= r->dst_capped;
	memcpy(m->sources[m->nsources++], r->src, 16);
}

/* Rebuild the merged record from its members. flagged_after: the probes
 * of its sources when it was first found. */
static void group_merge(const struct scan_record *const *recs, struct scan_grp *g)
{
	struct scan_record *m = &g->pub;
	uint8_t type = m->group;
	uint32_t flagged_after = m->flagged_after;
	memset(m, 0, sizeof(*m));
	m->group = type;
	for (uint32_t k = 0; k < g->n; k++)
		merge_member(m, recs[g->member[k]]);
	m->ndst = m->nlisted;
	m->nup = m->nup_listed;
	m->nports = bits_count(m->probed[0], 8192) + bits_count(m->probed[1], 8192);
	m->nprotos = bits_count(m->protos, 32);
	m->flagged_after = flagged_after ? flagged_after : m->c.probes;
	int real = type == SCAN_GROUP_DECOY ? decoy_real(recs, g) : -1;
	m->real_known = real >= 0;
	if (real >= 0)
		memcpy(m->src, m->sources[real], 16);
}

/* Record i joins the first merged record it fits, or pairs up with the
 * first record not merged yet that it relates to. */
static void join_or_pair(struct scan_groups *gs, const struct scan_record *const *recs,
			 uint32_t n, uint32_t i)
{
	const struct scan_record *a = recs[i];
	for (uint32_t k = 0; k < gs->n; k++) {
		struct scan_grp *g = gs->g[k];
		if (g->n < SCAN_GROUP_MEMBERS && relation(a, &g->pub) == g->pub.group) {
			g->member[g->n++] = i;
			gs->group1[i] = k + 1;
			group_merge(recs, g);
			return;
		}
	}
	for (uint32_t j = 0; j < n; j++) {
		if (j == i || gs->group1[j] || !single_target(recs[j]))
			continue;
		int type = relation(a, recs[j]);
		struct scan_grp *g = type ? group_new(gs, type) : NULL;
		if (!g)
			continue;
		g->member[0] = i;
		g->member[1] = j;
		g->n = 2;
		gs->group1[i] = gs->group1[j] = gs->n;
		group_merge(recs, g);
		return;
	}
}

void scan_groups_update(struct scan_groups *gs, const struct scan_record *const *recs,
			uint32_t n)
{
	if (n > gs->max_records)
		n = gs->max_records;
	for (uint32_t k = 0; k < gs->n; k++)
		group_merge(recs, gs->g[k]); /* members grew since */
	for (uint32_t i = 0; i < n; i++)
		if (!gs->group1[i] && single_target(recs[i]))
			join_or_pair(gs, recs, n, i);
}

int scan_groups_reportable(const struct scan_record *r, unsigned min_ports)
{
	uint32_t min_sources = r->group == SCAN_GROUP_DECOY ? 2 : DISTRIBUTED_MIN_SOURCES;
	return r->nsources >= min_sources && (r->nports >= min_ports || r->nprotos >= min_ports);
}

uint32_t scan_groups_count(const struct scan_groups *g)
{
	return g->n;
}

const struct scan_record *scan_groups_get(const struct scan_groups *g, uint32_t i)
{
	return i < g->n ? &g->g[i]->pub : NULL;
}

const struct scan_record *scan_groups_of(const struct scan_groups *g, uint32_t rec)
{
	return rec < g->max_records && g->group1[rec] ? &g->g[g->group1[rec] - 1]->pub : NULL;
}

uint64_t scan_groups_made(const struct scan_groups *g)
{
	return g->made;
}

uint64_t scan_groups_dropped(const struct scan_groups *g)
{
	return g->dropped;
}
