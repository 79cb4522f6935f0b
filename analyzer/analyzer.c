/* analyzer/analyzer.c - the per-packet pipeline after decoding:
 * decode accounting, then the flow table; ended flows feed the flow
 * summary and the optional NDJSON consumer. Detectors plug in here. */
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include "analyzer.h"

int analyzer_proto_slot(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_NUM_TCP: return 0;
	case IPPROTO_NUM_UDP: return 1;
	case IPPROTO_NUM_ICMP: case IPPROTO_NUM_ICMPV6: return 2;
	default: return 3;
	}
}

void analyzer_config_defaults(struct analyzer_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	flow_config_defaults(&cfg->flow);
	/* A random hash key per run; a short read leaves a weaker but still
	 * per-run key (the address of cfg), never a fixed one. */
	if (getrandom(&cfg->flow.seed, sizeof(cfg->flow.seed), 0) !=
	    (ssize_t)sizeof(cfg->flow.seed))
		cfg->flow.seed.k0 ^= (uint64_t)(uintptr_t)cfg;
}

static void summary_add(struct flow_summary *s, const struct flow *f)
{
	int slot = analyzer_proto_slot(f->key.proto);
	enum tcp_conn_state cs = slot == 0 ? tcpstate_conn_state(&f->tcp)
					   : tcpstate_udp_conn_state(f);
	s->flows++;
	s->by_proto[slot]++;
	s->by_state[slot][cs]++;
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
	if (an->cfg.on_flow)
		an->cfg.on_flow(an->cfg.on_flow_user, f);
}

int analyzer_init(struct analyzer *an, const struct analyzer_config *cfg)
{
	memset(an, 0, sizeof(*an));
	stats_init(&an->stats);
	if (cfg)
		an->cfg = *cfg;
	else
		flow_config_defaults(&an->cfg.flow);
	an->flows = flow_table_new(&an->cfg.flow, analyzer_on_flow_end, an);
	return an->flows ? 0 : -1;
}

void analyzer_finish(struct analyzer *an)
{
	if (an->flows)
		flow_table_flush(an->flows);
}

void analyzer_free(struct analyzer *an)
{
	flow_table_free(an->flows);
	an->flows = NULL;
}

void analyzer_packet(struct analyzer *an, const struct packet *p)
{
	int attributed;
	stats_account(&an->stats, p);
	flow_packet(an->flows, p, &attributed);
}
