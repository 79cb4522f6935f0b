/* analyzer/core/analyzer.c - the per-packet pipeline after decoding:
 * decode accounting, the flow table, then the detectors; ended flows feed
 * the flow summary, the port report and the on_flow hook. The verdicts on
 * detector records (which become alerts) are decided here, once each; see
 * analyzer.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include "analyzer/core/analyzer.h"

static void backfill_source(struct analyzer *an, const uint8_t *src);

void analyzer_config_defaults(struct analyzer_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	flow_config_defaults(&cfg->flow);
	scan_config_defaults(&cfg->scan);
	knock_config_defaults(&cfg->knock);
	decap_config_defaults(&cfg->decap);
	cfg->ports_top = ANALYZER_PORTS_TOP;
}

void analyzer_config_random_seed(struct analyzer_config *cfg)
{
	/* A random hash key per run; a short read leaves a weaker but still
	 * per-run key (the address of cfg), never a fixed one. */
	if (getrandom(&cfg->flow.seed, sizeof(cfg->flow.seed), 0) !=
	    (ssize_t)sizeof(cfg->flow.seed))
		cfg->flow.seed.k0 ^= (uint64_t)(uintptr_t)cfg;
}

int analyzer_config_check(const struct analyzer_config *cfg, char *err, size_t errlen)
{
	if (scan_config_check(&cfg->scan, err, errlen) != 0 ||
	    knock_config_check(&cfg->knock, err, errlen) != 0)
		return -1;
	return 0;
}

static void summary_add(struct flow_summary *s, const struct flow *f)
{
	int slot = flow_proto_slot(f->key.proto);
	s->flows++;
	s->by_proto[slot]++;
	s->by_state[slot][flow_conn_state(f)]++;
	s->packets += f->dir[0].packets + f->dir[1].packets;
	s->bytes += f->dir[0].bytes + f->dir[1].bytes;
	if (f->flags & FLOW_F_MIDSTREAM)
		s->midstream++;
	if (f->flags & FLOW_F_FLIPPED)
		s->flipped++;
}

static void analyzer_on_flow_end(void *user, const struct flow *f)
{
	struct analyzer *an = user;
	summary_add(&an->flowsum, f);
	ports_add_flow(an->ports, f);
	scan_flow_end(an->scan, f);
	if (an->cfg.on_flow)
		an->cfg.on_flow(an->cfg.on_user, f);
}

/* A likely server port: well-known, or registered with a service name.
 * Dynamic ports are client ports even when a name exists for them. */
void analyzer_build_server_ports(const struct portdb *db, uint8_t out[2][8192])
{
	static const int protos[2] = { IPPROTO_NUM_TCP, IPPROTO_NUM_UDP };
	memset(out, 0, 2 * 8192);
	for (int t = 0; t < 2; t++) {
		for (uint32_t port = 1; port < 65536; port++) {
			enum portdb_class c = portdb_class((uint16_t)port);
			int server = c == PORTDB_WELL_KNOWN ||
				(c == PORTDB_REGISTERED &&
				 portdb_service(db, (uint16_t)port, protos[t]));
			if (server)
				out[t][port >> 3] |= (uint8_t)(1u << (port & 7));
		}
	}
}

static int verdicts_init(struct alert_verdicts *v, const struct analyzer_config *cfg)
{
	memset(v, 0, sizeof(*v));
	v->cap = cfg->scan.max_scans + SCAN_MAX_GROUPS + cfg->knock.max_knocks;
	v->log = calloc(v->cap, sizeof(*v->log));
	v->scan_alerted = calloc(cfg->scan.max_scans, 1);
	return v->log && v->scan_alerted ? 0 : -1;
}

static void verdicts_free(struct alert_verdicts *v)
{
	free(v->log);
	free(v->scan_alerted);
	memset(v, 0, sizeof(*v));
}

int analyzer_init(struct analyzer *an, const struct analyzer_config *cfg)
{
	char err[256];
	memset(an, 0, sizeof(*an));
	stats_init(&an->stats);
	if (cfg)
		an->cfg = *cfg;
	else
		analyzer_config_defaults(&an->cfg);
	if (analyzer_config_check(&an->cfg, err, sizeof(err)) != 0)
		return ANALYZER_EINVAL;
	timeline_init(&an->timeline, an->cfg.live);
	if (!an->cfg.portdb) {
		an->own_portdb = portdb_new();
		an->cfg.portdb = an->own_portdb;
	}
	if (!an->cfg.portdb)
		return ANALYZER_ENOMEM;
	if (!an->cfg.flow.server_ports) {
		analyzer_build_server_ports(an->cfg.portdb, an->server_ports);
		an->cfg.flow.server_ports = (const uint8_t (*)[8192])an->server_ports;
	}
	an->flows = flow_table_new(&an->cfg.flow, analyzer_on_flow_end, an);
	an->ports = ports_new(an->cfg.portdb, &an->cfg.flow.seed);
	an->scan = scan_new(&an->cfg.scan, &an->cfg.flow.seed);
	an->knock = knock_new(&an->cfg.knock, &an->cfg.flow.seed);
	int ok = verdicts_init(&an->verdicts, &an->cfg) == 0;
	return ok && an->flows && an->ports && an->scan && an->knock ? 0 : ANALYZER_ENOMEM;
}

static void settle_one(void *ctx, struct flow *f)
{
	scan_settle(ctx, f);
}

void analyzer_finish(struct analyzer *an)
{
	uint8_t flagged[16];
	if (!an->flows)
		return;
	flow_table_foreach(an->flows, settle_one, an->scan);
	scan_finish(an->scan);
	knock_finish(an->knock);
	while (scan_pop_flagged(an->scan, flagged))
		backfill_source(an, flagged);
	flow_table_flush(an->flows);
	analyzer_decide_alerts(an);
}

void analyzer_free(struct analyzer *an)
{
	flow_table_free(an->flows);
	ports_free(an->ports);
	scan_free(an->scan);
	knock_free(an->knock);
	verdicts_free(&an->verdicts);
	portdb_free(an->own_portdb);
	an->flows = NULL;
	an->ports = NULL;
	an->scan = NULL;
	an->knock = NULL;
	an->own_portdb = NULL;
}

/* ---- verdicts ------------------------------------------------------------ */

static void alert_add(struct analyzer *an, const struct alert *a)
{
	struct alert_verdicts *v = &an->verdicts;
	if (v->n == v->cap)
		return; /* cannot happen: one alert per record, records are capped */
	v->log[v->n++] = *a;
	if (an->cfg.on_alert)
		an->cfg.on_alert(an->cfg.on_user, a);
}

/* Distributed and decoy scans: one alert each, naming the sources it
 * merges. Their members not reported yet are reported there only; one
 * reported before stays as it was (a sink never sees it taken back). */
static size_t decide_groups(struct analyzer *an)
{
	struct alert_verdicts *v = &an->verdicts;
	size_t added = 0;
	scan_find_groups(an->scan);
	for (uint32_t i = 0; i < scan_groups(an->scan); i++) {
		const struct scan_record *g = scan_group(an->scan, i);
		if (v->group_alerted[i] || !scan_reportable(an->scan, g))
			continue;
		v->group_alerted[i] = 1;
		v->groups++;
		struct alert a = { .kind = ALERT_SCAN, .scan = g };
		alert_add(an, &a);
		added++;
	}
	return added;
}

/* Scans first: a knock decided in the same pass sees every scan reported
 * by then. */
static size_t decide_scans(struct analyzer *an)
{
	struct alert_verdicts *v = &an->verdicts;
	size_t added = 0;
	for (uint32_t i = 0; i < scan_records(an->scan); i++) {
		const struct scan_record *r = scan_record(an->scan, i);
		if (v->scan_alerted[i])
			continue;
		if (scan_record_merged(an->scan, i)) {
			v->scan_alerted[i] = 1;
			v->merged++;
			continue;
		}
		if (!scan_reportable(an->scan, r))
			continue;
		v->scan_alerted[i] = 1;
		v->scans++;
		struct alert a = { .kind = ALERT_SCAN, .scan = r };
		alert_add(an, &a);
		added++;
	}
	return added;
}

/* A knock that a reported scan from the same source to the same
 * destination covers in time is part of that scan, not a knock. */
static size_t decide_knocks(struct analyzer *an)
{
	struct alert_verdicts *v = &an->verdicts;
	size_t added = 0;
	for (; v->knocks_decided < knock_records(an->knock); v->knocks_decided++) {
		const struct knock_record *k = knock_record(an->knock, v->knocks_decided);
		if (scan_covers(an->scan, k->src, k->dst, k->ts[0], k->end_ts)) {
			v->knocks_inside_scans++;
			continue;
		}
		v->knocks++;
		struct alert a = { .kind = ALERT_KNOCK, .knock = k };
		alert_add(an, &a);
		added++;
	}
	return added;
}

size_t analyzer_decide_alerts(struct analyzer *an)
{
	if (!an->scan || !an->knock)
		return 0;
	size_t n = decide_groups(an);
	n += decide_scans(an);
	return n + decide_knocks(an);
}

/* ---- per packet ------------------------------------------------------------ */

struct backfill_ctx {
	struct analyzer *an;
	const uint8_t *src;
};

static void backfill_one(void *ctx, struct flow *f)
{
	const struct backfill_ctx *b = ctx;
	if (memcmp(flow_orig_addr(f), b->src, 16) == 0)
		scan_backfill(b->an->scan, f);
}

/* A source just became a scanner: its probes still in the flow table
 * (a fast scan's are all there) go into its record. Once per scan. */
static void backfill_source(struct analyzer *an, const uint8_t *src)
{
	struct backfill_ctx b = { an, src };
	flow_table_foreach(an->flows, backfill_one, &b);
}

void analyzer_advance(struct analyzer *an, uint64_t now_ns)
{
	uint8_t flagged[16];
	if (!an->scan)
		return;
	scan_advance(an->scan, now_ns);
	while (scan_pop_flagged(an->scan, flagged))
		backfill_source(an, flagged);
}

void analyzer_packet(struct analyzer *an, const struct packet *p)
{
	struct flow_hit hit;
	stats_account(&an->stats, p);
	timeline_add(&an->timeline, p);
	struct flow *f = flow_packet(an->flows, p, &hit);
	scan_packet(an->scan, f, p, &hit);
	if (p->cls == DC_NON_IP)
		scan_nonip(an->scan, p);
	knock_packet(an->knock, f, p, &hit);
	uint8_t flagged[16];
	while (scan_pop_flagged(an->scan, flagged))
		backfill_source(an, flagged);
}
