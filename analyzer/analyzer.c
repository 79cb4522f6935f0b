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
	cfg->ports_top = ANALYZER_PORTS_TOP;
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
	ports_add_flow(an->ports, f);
	if (an->cfg.on_flow)
		an->cfg.on_flow(an->cfg.on_flow_user, f);
}

/* A likely server port: well-known, or registered with a service name.
 * Dynamic ports are client ports even when a name exists for them. */
static void build_server_ports(struct analyzer *an)
{
	static const int protos[2] = { PORTDB_TCP, PORTDB_UDP };
	for (int t = 0; t < 2; t++) {
		for (uint32_t port = 1; port < 65536; port++) {
			enum portdb_class c = portdb_class((uint16_t)port);
			int server = c == PORTDB_WELL_KNOWN ||
				(c == PORTDB_REGISTERED &&
				 portdb_service(an->cfg.portdb, (uint16_t)port, protos[t]));
			if (server)
				an->server_ports[t][port >> 3] |= (uint8_t)(1u << (port & 7));
		}
	}
}

int analyzer_init(struct analyzer *an, const struct analyzer_config *cfg)
{
	memset(an, 0, sizeof(*an));
	stats_init(&an->stats);
	if (cfg) {
		an->cfg = *cfg;
	} else {
		flow_config_defaults(&an->cfg.flow);
		an->cfg.ports_top = ANALYZER_PORTS_TOP;
	}
	if (!an->cfg.portdb) {
		an->own_portdb = portdb_new();
		an->cfg.portdb = an->own_portdb;
	}
	if (!an->cfg.portdb)
		return -1;
	build_server_ports(an);
	an->cfg.flow.server_ports = (const uint8_t (*)[8192])an->server_ports;
	an->flows = flow_table_new(&an->cfg.flow, analyzer_on_flow_end, an);
	an->ports = ports_new(an->cfg.portdb, &an->cfg.flow.seed);
	return an->flows && an->ports ? 0 : -1;
}

void analyzer_finish(struct analyzer *an)
{
	if (an->flows)
		flow_table_flush(an->flows);
}

void analyzer_free(struct analyzer *an)
{
	flow_table_free(an->flows);
	ports_free(an->ports);
	portdb_free(an->own_portdb);
	an->flows = NULL;
	an->ports = NULL;
	an->own_portdb = NULL;
}

void analyzer_packet(struct analyzer *an, const struct packet *p)
{
	int attributed;
	stats_account(&an->stats, p);
	flow_packet(an->flows, p, &attributed);
}
