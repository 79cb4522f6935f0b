/* analyzer/output/metrics.c - see metrics.h. The text format is
 * Prometheus's "text-based exposition format" 0.0.4: per family one
 * "# HELP name text" and one "# TYPE name type" line before its samples,
 * every sample of a family together, "name{label="value",...} value".
 * Label values escape '\\', '"' and newline; HELP text '\\' and newline.
 * No timestamps and no _created series (node_exporter's textfile
 * collector refuses both). Known trap: the top-N port series come and go
 * as ports enter and leave the top N, so a rate() over one of them can
 * start or stop mid-range; the class totals never do. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/output/metrics.h"
#include "analyzer/util/decimal.h"
#include "dissectors/ipproto.h"
#include "dissectors/tunnel.h"
#include "portdb/portdb.h"

void metrics_text_free(struct metrics_text *t)
{
	free(t->buf);
	memset(t, 0, sizeof(*t));
}

/* Room for n more bytes; 0, or -1 (failed set) when out of memory. */
static int reserve(struct metrics_text *t, size_t n)
{
	if (t->failed)
		return -1;
	if (n <= t->cap - t->len)
		return 0;
	size_t cap = t->cap ? t->cap : 16384;
	while (cap - t->len < n)
		cap *= 2;
	char *nb = realloc(t->buf, cap);
	if (!nb) {
		t->failed = 1;
		return -1;
	}
	t->buf = nb;
	t->cap = cap;
	return 0;
}

static void put(struct metrics_text *t, const char *s, size_t n)
{
	if (reserve(t, n) == 0) {
		memcpy(t->buf + t->len, s, n);
		t->len += n;
	}
}

static void put_str(struct metrics_text *t, const char *s)
{
	put(t, s, strlen(s));
}

/* Decimal text of v into out (at least 21 bytes); its length. */
static size_t u64_text(char *out, uint64_t v)
{
	char tmp[20];
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = 0;
	return n;
}

/* s with '\\', '"' (label values only) and newline escaped. */
static void put_escaped(struct metrics_text *t, const char *s, int quote)
{
	for (const char *p = s; *p; p++) {
		const char *esc = *p == '\\' ? "\\\\" : *p == '\n' ? "\\n" :
				  (*p == '"' && quote) ? "\\\"" : NULL;
		if (esc)
			put(t, esc, 2);
		else
			put(t, p, 1);
	}
}

static void family(struct metrics_text *t, const char *name, const char *type,
		   const char *help)
{
	put_str(t, "# HELP ");
	put_str(t, name);
	put(t, " ", 1);
	put_escaped(t, help, 0);
	put_str(t, "\n# TYPE ");
	put_str(t, name);
	put(t, " ", 1);
	put_str(t, type);
	put(t, "\n", 1);
}

struct label {
	const char *name, *value;
};

static void sample(struct metrics_text *t, const char *name, const struct label *l,
		   size_t nl, uint64_t v)
{
	char num[21];
	put_str(t, name);
	for (size_t i = 0; i < nl; i++) {
		put(t, i ? "," : "{", 1);
		put_str(t, l[i].name);
		put(t, "=\"", 2);
		put_escaped(t, l[i].value, 1);
		put(t, "\"", 1);
	}
	if (nl)
		put(t, "}", 1);
	put(t, " ", 1);
	put(t, num, u64_text(num, v));
	put(t, "\n", 1);
}

static void sample0(struct metrics_text *t, const char *name, uint64_t v)
{
	sample(t, name, NULL, 0, v);
}

static void sample1(struct metrics_text *t, const char *name, const char *lname,
		    const char *lvalue, uint64_t v)
{
	struct label l = { lname, lvalue };
	sample(t, name, &l, 1, v);
}

/* A family of one unlabelled sample. */
static void single(struct metrics_text *t, const char *name, const char *type,
		   const char *help, uint64_t v)
{
	family(t, name, type, help);
	sample0(t, name, v);
}

/* ---- the families ----------------------------------------------------------- */

static void build_info(struct metrics_text *t, const struct metrics_source *src)
{
	char schema[21];
	u64_text(schema, REPORT_SCHEMA_VERSION);
	struct label l[2] = { { "version", PORTLENS_VERSION }, { "report_schema", schema } };
	family(t, "portlens_build_info", "gauge", "portlens version and report schema; always 1");
	sample(t, "portlens_build_info", l, 2, 1);
	if (src->start_time_s < 0)
		return;
	char num[64];
	int n = snprintf(num, sizeof(num), "portlens_start_time_seconds %.3f\n",
			 src->start_time_s);
	family(t, "portlens_start_time_seconds", "gauge",
	       "Start of the portlens process, seconds since 1970");
	put(t, num, n > 0 && (size_t)n < sizeof(num) ? (size_t)n : 0);
}

/* Packets and bytes: in total, by network layer, by transport (the
 * report's capture and protocols objects). */
static void traffic(struct metrics_text *t, const struct decode_stats *s)
{
	static const char *const tr_names[5] = { "tcp", "udp", "icmp", "icmpv6", "other" };
	const struct counter_pair *tr[5] = { &s->tcp, &s->udp, &s->icmp, &s->icmpv6,
					     &s->other_l4 };
	single(t, "portlens_packets_total", "counter",
	       "Packets read (the report's capture.packets)", s->packets);
	single(t, "portlens_bytes_total", "counter",
	       "Bytes on the wire of the packets read (capture.bytes)", s->bytes);
	family(t, "portlens_network_packets_total", "counter", "IP packets by version");
	sample1(t, "portlens_network_packets_total", "network", "ipv4", s->ipv4.packets);
	sample1(t, "portlens_network_packets_total", "network", "ipv6", s->ipv6.packets);
	family(t, "portlens_network_bytes_total", "counter", "Wire bytes of IP packets by version");
	sample1(t, "portlens_network_bytes_total", "network", "ipv4", s->ipv4.bytes);
	sample1(t, "portlens_network_bytes_total", "network", "ipv6", s->ipv6.bytes);
	family(t, "portlens_transport_packets_total", "counter",
	       "IP packets by the transport their IP header names (protocols.*); the "
	       "sum leaves out non-IP packets and fragments after the first");
	for (int i = 0; i < 5; i++)
		sample1(t, "portlens_transport_packets_total", "transport", tr_names[i],
			tr[i]->packets);
	family(t, "portlens_transport_bytes_total", "counter", "Wire bytes by transport");
	for (int i = 0; i < 5; i++)
		sample1(t, "portlens_transport_bytes_total", "transport", tr_names[i],
			tr[i]->bytes);
	family(t, "portlens_decode_errors_total", "counter",
	       "Packets whose decoding stopped, by reason (decode.by_error)");
	for (int e = DE_OK + 1; e < DE_COUNT; e++)
		sample1(t, "portlens_decode_errors_total", "reason", decode_err_name(e),
			s->by_error[e]);
}

/* The report's tunnels section: per tunnel type, then the tunnelled
 * packets as a whole, their outer transports and the flows they made.
 * The settings (UDP ports, --tunnel-key) stay in the report. */
static void tunnel_types(struct metrics_text *t, const struct decode_stats *s)
{
	static const struct { const char *name, *help; size_t off; } fam[5] = {
		{ "portlens_tunnel_packets_total", "Packets whose header a tunnel type's "
		  "dissector accepted (tunnels.by_type.*.packets); a nested packet counts "
		  "under every type it went through", offsetof(struct tunnel_counts, packets) },
		{ "portlens_tunnel_bytes_total", "Wire bytes of those packets "
		  "(tunnels.by_type.*.bytes)", offsetof(struct tunnel_counts, bytes) },
		{ "portlens_tunnel_decapsulated_total", "Packets whose payload a tunnel type "
		  "handed on (tunnels.by_type.*.decapsulated)",
		  offsetof(struct tunnel_counts, decapsulated) },
		{ "portlens_tunnel_errors_total", "Packets stopped by a broken header of the "
		  "tunnel type, also counted under their decode error (tunnels.by_type.*.errors)",
		  offsetof(struct tunnel_counts, errors) },
		{ "portlens_tunnel_not_tunnel_total", "UDP packets on a tunnel type's ports that "
		  "were not its header, left as UDP (tunnels.by_type.*.not_tunnel)",
		  offsetof(struct tunnel_counts, not_tunnel) },
	};
	for (int f = 0; f < 5; f++) {
		family(t, fam[f].name, "counter", fam[f].help);
		for (unsigned type = 1; type < TUN_COUNT; type++) {
			uint64_t v;
			memcpy(&v, (const char *)&s->tunnel[type] + fam[f].off, sizeof(v));
			sample1(t, fam[f].name, "type", tunnel_type_name(type), v);
		}
	}
}

static void tunnels(struct metrics_text *t, const struct analyzer *an)
{
	static const char *const l4_names[STATS_L4_SLOTS] = {
		[STATS_L4_TCP] = "tcp", [STATS_L4_UDP] = "udp", [STATS_L4_ICMP] = "icmp",
		[STATS_L4_ICMPV6] = "icmpv6", [STATS_L4_OTHER] = "other",
		[STATS_L4_NONE] = "none",
	};
	const struct decode_stats *s = &an->stats;
	const struct flow_stats *fs = flow_table_stats(an->flows);
	single(t, "portlens_tunnel_decapsulation", "gauge", "1 when tunnels are entered "
	       "(tunnels.decapsulation), 0 with --no-decap", an->cfg.decap.enabled ? 1 : 0);
	tunnel_types(t, s);
	single(t, "portlens_tunnelled_packets_total", "counter",
	       "Packets decapsulated at least once (tunnels.packets)", s->tunnelled);
	single(t, "portlens_tunnelled_bytes_total", "counter",
	       "Wire bytes of those packets (tunnels.bytes)", s->tunnelled_bytes);
	family(t, "portlens_tunnel_outer_transport_packets_total", "counter",
	       "Tunnelled packets by the first transport after their outermost IP "
	       "header (tunnels.outer_transport)");
	for (int k = 0; k < STATS_L4_SLOTS; k++)
		sample1(t, "portlens_tunnel_outer_transport_packets_total", "transport",
			l4_names[k], s->outer_transport[k]);
	single(t, "portlens_tunnel_flows_total", "counter",
	       "Flows created from a tunnelled packet (tunnels.flows)", fs->tunnelled);
	single(t, "portlens_tunnel_contexts", "gauge", "Distinct tunnel contexts kept for "
	       "flows (tunnels.contexts; at most 4096)", fs->tunnel_contexts);
}

/* libpcap's counters of a live capture (capture.live). */
static void pcap_counters(struct metrics_text *t, const struct run_info *run)
{
	if (!run || !run->live)
		return;
	single(t, "portlens_capture_received_packets_total", "counter",
	       "Packets libpcap received (capture.live.received)", run->pcap_received);
	family(t, "portlens_capture_dropped_packets_total", "counter",
	       "Packets dropped before portlens saw them: by the kernel (no buffer "
	       "space) or by the interface");
	sample1(t, "portlens_capture_dropped_packets_total", "by", "kernel", run->pcap_dropped);
	sample1(t, "portlens_capture_dropped_packets_total", "by", "interface",
		run->pcap_ifdropped);
}

static const char *const slot_names[4] = { "tcp", "udp", "icmp", "other" };

static void flows(struct metrics_text *t, const struct analyzer *an)
{
	const struct flow_stats *fs = flow_table_stats(an->flows);
	single(t, "portlens_flows_active", "gauge", "Flows in the flow table now", fs->active);
	single(t, "portlens_flows_active_max", "gauge", "Most flows in the table at once so far",
	       fs->max_active);
	single(t, "portlens_flows_limit", "gauge", "The flow table's cap (--max-flows)",
	       an->cfg.flow.max_flows);
	single(t, "portlens_flows_total", "counter", "Flows created (flows.total counts "
	       "the ended ones)", fs->created);
	family(t, "portlens_flows_ended_total", "counter",
	       "Flows ended, by why (flows.ended_by; evicted: the table was full)");
	for (int r = 0; r < FLOW_END_COUNT; r++)
		sample1(t, "portlens_flows_ended_total", "reason", flow_end_reason_name(r),
			fs->ended_by[r]);
	family(t, "portlens_flows_ended_by_state_total", "counter",
	       "Flows ended, by transport and Zeek conn_state (flows.by_conn_state; "
	       "states never seen are absent)");
	for (int i = 0; i < 4; i++)
		for (int s = 0; s < CS_COUNT; s++) {
			struct label l[2] = { { "transport", slot_names[i] },
					      { "state", tcpstate_name(s) } };
			if (an->flowsum.by_state[i][s])
				sample(t, "portlens_flows_ended_by_state_total", l, 2,
				       an->flowsum.by_state[i][s]);
		}
}

static void port_classes(struct metrics_text *t, const struct port_report *pr)
{
	struct ports_class_sum sum[3];
	ports_by_class(pr, sum);
	static const struct { const char *name, *type, *help; size_t off; } fam[4] = {
		{ "portlens_port_class_ports", "gauge",
		  "Distinct server ports seen, by IANA class (ports.by_class)",
		  offsetof(struct ports_class_sum, ports) },
		{ "portlens_port_class_flows_total", "counter",
		  "Ended TCP and UDP flows by the server port's IANA class",
		  offsetof(struct ports_class_sum, flows) },
		{ "portlens_port_class_packets_total", "counter",
		  "Packets of those flows by the server port's IANA class",
		  offsetof(struct ports_class_sum, packets) },
		{ "portlens_port_class_bytes_total", "counter",
		  "Wire bytes of those flows by the server port's IANA class",
		  offsetof(struct ports_class_sum, bytes) },
	};
	for (int f = 0; f < 4; f++) {
		family(t, fam[f].name, fam[f].type, fam[f].help);
		for (int c = 0; c < 3; c++) {
			uint64_t v;
			memcpy(&v, (const char *)&sum[c] + fam[f].off, sizeof(v));
			sample1(t, fam[f].name, "class", portdb_class_name(c), v);
		}
	}
}

/* The top N server ports (ports.top, same order), one series per port
 * and transport in each of three families. */
static void top_ports(struct metrics_text *t, const struct analyzer *an, unsigned top)
{
	struct ports_top_entry e[METRICS_TOP_MAX];
	size_t n = ports_top(an->ports, e, top < METRICS_TOP_MAX ? top : METRICS_TOP_MAX);
	static const char *const names[3] = { "portlens_port_flows_total",
		"portlens_port_packets_total", "portlens_port_bytes_total" };
	static const char *const helps[3] = {
		"Ended flows to the top --metrics-top server ports (ports.top)",
		"Packets of the flows to the top server ports",
		"Wire bytes of the flows to the top server ports" };
	for (int f = 0; f < 3; f++) {
		family(t, names[f], "counter", helps[f]);
		for (size_t i = 0; i < n; i++) {
			char port[21];
			u64_text(port, e[i].port);
			const char *svc = portdb_service(an->cfg.portdb, e[i].port, e[i].transport);
			struct label l[4] = {
				{ "transport", e[i].transport == IPPROTO_NUM_UDP ? "udp" : "tcp" },
				{ "port", port }, { "service", svc ? svc : "" },
				{ "class", portdb_class_name(portdb_class(e[i].port)) } };
			uint64_t v = f == 0 ? e[i].flows : f == 1 ? e[i].packets : e[i].bytes;
			sample(t, names[f], l, 4, v);
		}
	}
}

static void detections(struct metrics_text *t, const struct analyzer *an)
{
	family(t, "portlens_alerts_total", "counter",
	       "Alerts decided so far, by kind (the report's scans[] and knocks[])");
	sample1(t, "portlens_alerts_total", "kind", "scan", an->verdicts.scans + an->verdicts.groups);
	sample1(t, "portlens_alerts_total", "kind", "knock", an->verdicts.knocks);
	single(t, "portlens_scan_probes_total", "counter",
	       "Probe-shaped first packets the scan detector saw (detectors.scan.probes)",
	       scan_stats(an->scan)->probes);
}

/* Every cap that can bite, under the report's own name for it. */
static void caps(struct metrics_text *t, const struct analyzer *an)
{
	const struct scan_stats *ss = scan_stats(an->scan);
	const struct knock_stats *ks = knock_stats(an->knock);
	struct ports_summary ps;
	ports_summary(an->ports, &ps);
	const struct { const char *cap; uint64_t v; } c[] = {
		{ "flows.evicted", flow_table_stats(an->flows)->ended_by[FLOW_END_EVICTED] },
		{ "ports.flows_not_counted", ps.flows_not_counted },
		{ "detectors.scan.probes_untimed", ss->probes_untimed },
		{ "detectors.scan.sources_evicted", ss->sources_evicted },
		{ "detectors.scan.scans_dropped", ss->scans_dropped },
		{ "detectors.scan.groups_dropped", ss->groups_dropped },
		{ "detectors.scan.contact_memory_resets", ss->contact_resets },
		{ "detectors.knock.knocks_dropped", ks->knocks_dropped },
		{ "detectors.knock.pairs_evicted", ks->pairs_evicted },
		{ "detectors.knock.acceptance_memory_full", ks->accepted_full },
		{ "tunnels.contexts_dropped", flow_table_stats(an->flows)->tunnel_contexts_dropped },
	};
	family(t, "portlens_cap_hits_total", "counter",
	       "Times a memory cap bit, by the report's field for it: the numbers "
	       "under it are then incomplete (docs/robustness.md)");
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		sample1(t, "portlens_cap_hits_total", "cap", c[i].cap, c[i].v);
	single(t, "portlens_ports_distinct_counts_capped", "gauge",
	       "1 when the distinct client/server counts of ports are lower bounds",
	       (uint64_t)ps.distinct_counts_capped);
}

/* The outputs' counters (the report's outputs section). */
static void outputs(struct metrics_text *t, const struct run_info *run)
{
	static const struct { const char *name, *help; size_t off; } fam[5] = {
		{ "portlens_output_records_total", "Records handed to each output",
		  offsetof(struct output_counters, records) },
		{ "portlens_output_messages_total",
		  "Messages, datagrams, lines or scrapes each output sent",
		  offsetof(struct output_counters, messages) },
		{ "portlens_output_bytes_total", "Bytes each output wrote or sent",
		  offsetof(struct output_counters, bytes) },
		{ "portlens_output_errors_total", "Failed writes or sends of each output",
		  offsetof(struct output_counters, errors) },
		{ "portlens_output_records_lost_total",
		  "Records that did not reach each output's destination",
		  offsetof(struct output_counters, records_lost) },
	};
	if (!run || !run->noutputs)
		return;
	for (int f = 0; f < 5; f++) {
		family(t, fam[f].name, "counter", fam[f].help);
		for (unsigned i = 0; i < run->noutputs && i < REPORT_OUTPUTS_MAX; i++) {
			uint64_t v;
			memcpy(&v, (const char *)&run->outputs[i].c + fam[f].off, sizeof(v));
			sample1(t, fam[f].name, "output", run->outputs[i].name, v);
		}
	}
}

void metrics_run_pcap(struct run_info *info, const struct live_stats *st)
{
	info->live = st && st->have;
	info->pcap_received = info->live ? st->received : 0;
	info->pcap_dropped = info->live ? st->dropped_kernel : 0;
	info->pcap_ifdropped = info->live ? st->dropped_iface : 0;
}

int metrics_render(struct metrics_text *t, const struct metrics_source *src)
{
	const struct analyzer *an = src->an;
	t->len = 0;
	t->failed = 0;
	build_info(t, src);
	traffic(t, &an->stats);
	tunnels(t, an);
	pcap_counters(t, src->run);
	flows(t, an);
	port_classes(t, an->ports);
	top_ports(t, an, src->top);
	detections(t, an);
	caps(t, an);
	outputs(t, src->run);
	if (reserve(t, 1) == 0)
		t->buf[t->len] = 0; /* not counted in len */
	return t->failed ? -1 : 0;
}

int metrics_top_parse(const char *value, unsigned *top, char *err, size_t errlen)
{
	uint64_t v;
	if (!value) {
		*top = METRICS_TOP_DEFAULT;
		return 0;
	}
	if (decimal_u64(value, 0, METRICS_TOP_MAX, &v) != 0) {
		snprintf(err, errlen, "--metrics-top: '%s' is not a number from 0 to %u", value,
			 METRICS_TOP_MAX);
		return -1;
	}
	*top = (unsigned)v;
	return 0;
}
