/* analyzer/output/report.c - build the summary report (one document per run).
 * Field names follow docs/report-schema.md; every counter is present even
 * when zero, so dashboards and golden diffs see a stable shape. Volatile
 * values (wall time) live under "run" only. All JSON goes through jansson:
 * json_object_set_new() steals the new value's reference. */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/output/report.h"
#include "analyzer/capture/capture.h"
#include "analyzer/output/alert.h"
#include "analyzer/output/jsonutil.h"

static json_t *pair_json(const struct counter_pair *c)
{
	return json_pack("{sI sI}", "packets", (json_int_t)c->packets,
			 "bytes", (json_int_t)c->bytes);
}

static const char *status_name(int st)
{
	switch (st) {
	case CAPTURE_OK: return "ok";
	case CAPTURE_OPEN_FAILED: return "open_failed";
	case CAPTURE_READ_FAILED: return "read_failed";
	case CAPTURE_UNSUPPORTED_LINK: return "unsupported_linktype";
	case CAPTURE_INTERRUPTED: return "interrupted";
	default: return "unknown";
	}
}

static json_t *file_json(const struct input_file *f)
{
	const char *lt = f->linktype >= 0 ? pcap_datalink_val_to_name(f->linktype) : NULL;
	json_t *o = json_pack("{ss sI si}", "path", f->path,
			      "packets", (json_int_t)f->packets,
			      "linktype", f->linktype);
	json_object_set_new(o, "linktype_name", lt ? json_string(lt) : json_null());
	json_object_set_new(o, "status", json_string(status_name(f->status)));
	json_object_set_new(o, "error", f->error[0] ? json_string(f->error) : json_null());
	json_object_set_new(o, "records_over_snaplen", json_integer((json_int_t)f->over_snaplen));
	return o;
}

static json_t *capture_json(const struct analyzer *an)
{
	const struct decode_stats *s = &an->stats;
	json_t *files = json_array();
	int complete = 1;

	for (unsigned i = 0; i < an->nfiles; i++) {
		json_array_append_new(files, file_json(&an->files[i]));
		if (an->files[i].status != CAPTURE_OK)
			complete = 0;
	}
	json_t *o = json_pack("{so sI sI sI sb sI}", "files", files,
			      "packets", (json_int_t)s->packets,
			      "bytes", (json_int_t)s->bytes,
			      "captured_bytes", (json_int_t)s->captured_bytes,
			      "complete", complete,
			      "timestamps_out_of_order", (json_int_t)s->ts_backwards);
	json_object_set_new(o, "start", s->packets ? jsonutil_time(s->first_ts_ns) : json_null());
	json_object_set_new(o, "end", s->packets ? jsonutil_time(s->last_ts_ns) : json_null());
	json_object_set_new(o, "duration_s", json_real(s->packets ?
		(double)(s->last_ts_ns - s->first_ts_ns) / 1e9 : 0.0));
	return o;
}

static void nonip_key(uint32_t kind, char *buf, size_t n)
{
	if (kind <= 0xffff)
		snprintf(buf, n, "ethertype_0x%04x", kind);
	else if (kind == NONIP_LLC)
		snprintf(buf, n, "llc");
	else if ((kind & 0xffff0000u) == NONIP_AF_BASE)
		snprintf(buf, n, "loopback_af_%u", kind & 0xffff);
	else if ((kind & 0xffff0000u) == NONIP_PPP_BASE)
		snprintf(buf, n, "ppp_0x%04x", kind & 0xffff);
	else if ((kind & 0xffff0000u) == NONIP_NFLOG_BASE)
		snprintf(buf, n, "nflog_family_%u", kind & 0xffff);
	else
		snprintf(buf, n, "sll_hatype_%u", kind & 0xffff);
}

static json_t *nonip_json(const struct decode_stats *s)
{
	json_t *o = json_object();
	char key[32];

	for (unsigned i = 0; i < s->nonip_used; i++) {
		nonip_key(s->nonip[i].key, key, sizeof(key));
		json_object_set_new(o, key, json_integer((json_int_t)s->nonip[i].count));
	}
	if (s->nonip_other)
		json_object_set_new(o, "other", json_integer((json_int_t)s->nonip_other));
	return o;
}

static json_t *decode_json(const struct decode_stats *s)
{
	json_t *by_error = json_object(), *warnings = json_object();

	for (int e = DE_OK + 1; e < DE_COUNT; e++)
		json_object_set_new(by_error, decode_err_name(e),
				    json_integer((json_int_t)s->by_error[e]));
	for (int w = 0; w < DW_COUNT; w++)
		json_object_set_new(warnings, decode_warn_name(w),
				    json_integer((json_int_t)s->warnings[w]));
	return json_pack("{sI sI sI sI so so so s{sI sI} sI}",
			 "l4", (json_int_t)s->l4,
			 "l3_only", (json_int_t)s->l3_only,
			 "non_ip", (json_int_t)s->non_ip,
			 "errors", (json_int_t)s->errors,
			 "by_error", by_error, "warnings", warnings,
			 "non_ip_by_kind", nonip_json(s),
			 "fragments", "first", (json_int_t)s->fragments_first,
			 "later", (json_int_t)s->fragments_later,
			 "vlan_tagged", (json_int_t)s->vlan_tagged);
}

static json_t *protocols_json(const struct decode_stats *s)
{
	return json_pack("{so so so so so so so}",
			 "ipv4", pair_json(&s->ipv4), "ipv6", pair_json(&s->ipv6),
			 "tcp", pair_json(&s->tcp), "udp", pair_json(&s->udp),
			 "icmp", pair_json(&s->icmp), "icmpv6", pair_json(&s->icmpv6),
			 "other", pair_json(&s->other_l4));
}

static const char *const slot_names[4] = { "tcp", "udp", "icmp", "other" };

static const char *const l4_slot_names[STATS_L4_SLOTS] = {
	[STATS_L4_TCP] = "tcp", [STATS_L4_UDP] = "udp", [STATS_L4_ICMP] = "icmp",
	[STATS_L4_ICMPV6] = "icmpv6", [STATS_L4_OTHER] = "other",
	[STATS_L4_NONE] = "none",
};

/* The UDP ports of each UDP tunnel type, as configured. */
static json_t *tunnel_ports_json(const struct decap_config *dc)
{
	json_t *o = json_object();
	for (unsigned t = 1; t < TUN_COUNT; t++) {
		if (!tunnel_type_is_udp(t))
			continue;
		json_t *a = json_array();
		for (unsigned i = 0; i < dc->nports; i++)
			if (dc->ports[i].type == t)
				json_array_append_new(a, json_integer(dc->ports[i].port));
		json_object_set_new(o, tunnel_type_name(t), a);
	}
	return o;
}

static json_t *tunnel_types_json(const struct decode_stats *s)
{
	json_t *o = json_object();
	for (unsigned t = 1; t < TUN_COUNT; t++) {
		const struct tunnel_counts *c = &s->tunnel[t];
		json_object_set_new(o, tunnel_type_name(t), json_pack(
			"{sI sI sI sI sI}", "packets", (json_int_t)c->packets,
			"bytes", (json_int_t)c->bytes,
			"decapsulated", (json_int_t)c->decapsulated,
			"errors", (json_int_t)c->errors,
			"not_tunnel", (json_int_t)c->not_tunnel));
	}
	return o;
}

/* tunnels: the settings, what each tunnel type saw, and the flows that
 * came out of tunnels (docs/json.md). */
static json_t *tunnels_json(const struct analyzer *an)
{
	const struct decode_stats *s = &an->stats;
	const struct flow_stats *fs = flow_table_stats(an->flows);
	json_t *outer = json_object();
	for (int k = 0; k < STATS_L4_SLOTS; k++)
		json_object_set_new(outer, l4_slot_names[k],
				    json_integer((json_int_t)s->outer_transport[k]));
	return json_pack("{sb sb so sI sI so so sI sI sI}",
			 "decapsulation", an->cfg.decap.enabled,
			 "tunnel_key", an->cfg.flow.tunnel_key,
			 "udp_ports", tunnel_ports_json(&an->cfg.decap),
			 "packets", (json_int_t)s->tunnelled,
			 "bytes", (json_int_t)s->tunnelled_bytes,
			 "by_type", tunnel_types_json(s),
			 "outer_transport", outer,
			 "flows", (json_int_t)fs->tunnelled,
			 "contexts", (json_int_t)fs->tunnel_contexts,
			 "contexts_dropped", (json_int_t)fs->tunnel_contexts_dropped);
}

static json_t *states_json(const uint64_t *by_state)
{
	json_t *o = json_object();
	for (int s = 0; s < CS_COUNT; s++)
		if (by_state[s])
			json_object_set_new(o, tcpstate_name(s),
					    json_integer((json_int_t)by_state[s]));
	return o;
}

static json_t *flows_json(const struct analyzer *an)
{
	const struct flow_summary *s = &an->flowsum;
	const struct flow_stats *fs = flow_table_stats(an->flows);
	json_t *by_tr = json_object(), *by_state = json_object(), *ended = json_object();

	for (int i = 0; i < 4; i++) {
		json_object_set_new(by_tr, slot_names[i], json_integer((json_int_t)s->by_proto[i]));
		json_object_set_new(by_state, slot_names[i], states_json(s->by_state[i]));
	}
	for (int r = 0; r < FLOW_END_COUNT; r++)
		json_object_set_new(ended, flow_end_reason_name(r),
				    json_integer((json_int_t)fs->ended_by[r]));
	return json_pack("{sI so so so sI sI sI sI sI sI sI sI sI sI}",
			 "total", (json_int_t)s->flows,
			 "by_transport", by_tr, "by_conn_state", by_state,
			 "ended_by", ended,
			 "evicted", (json_int_t)fs->ended_by[FLOW_END_EVICTED],
			 "reused_tuples", (json_int_t)fs->reused_tuples,
			 "packets", (json_int_t)s->packets,
			 "bytes", (json_int_t)s->bytes,
			 "icmp_errors_attributed", (json_int_t)fs->icmp_errors_attributed,
			 "ip_packets_not_in_flow", (json_int_t)fs->not_in_flow,
			 "midstream", (json_int_t)s->midstream,
			 "flipped", (json_int_t)s->flipped,
			 "max_active", (json_int_t)fs->max_active,
			 "max_flows", (json_int_t)an->cfg.flow.max_flows);
}

static json_t *series_json(const struct tl_hist *h, int bytes)
{
	json_t *o = json_object();
	for (int k = 0; k < TL_SLOTS; k++) {
		enum timeline_slot slot = timeline_slot_order[k];
		json_t *a = json_array();
		for (unsigned i = 0; i < TIMELINE_BUCKETS; i++)
			json_array_append_new(a, json_integer((json_int_t)(bytes ?
				h->b[i].bytes[slot] : h->b[i].packets[slot])));
		json_object_set_new(o, timeline_slot_name(slot), a);
	}
	return o;
}

/* "timeline": TIMELINE_BUCKETS buckets by transport, and what lies
 * outside them (core/timeline.h decides the span). */
static json_t *timeline_json(const struct timeline *t)
{
	struct tl_hist h;
	struct tl_outside out;
	int any = timeline_view(t, &h, &out);
	uint64_t end = h.anchor + (uint64_t)TIMELINE_BUCKETS * h.width;
	if (end < h.anchor)
		end = UINT64_MAX; /* saturate: a bucket grid reaching past 2554 */
	json_t *o = json_pack("{si sf}", "buckets", TIMELINE_BUCKETS,
			      "bucket_s", any ? (double)h.width / 1e9 : 0.0);
	json_object_set_new(o, "start", any ? jsonutil_time(h.anchor) : json_null());
	json_object_set_new(o, "end", any ? jsonutil_time(end) : json_null());
	json_object_set_new(o, "rolling", json_boolean(t->rolling));
	json_object_set_new(o, "packets", series_json(&h, 0));
	json_object_set_new(o, "bytes", series_json(&h, 1));
	json_object_set_new(o, "outside", json_pack("{sI sI sI sI}",
		"packets", (json_int_t)out.packets, "bytes", (json_int_t)out.bytes,
		"before", (json_int_t)out.before, "after", (json_int_t)out.after));
	return o;
}

/* scans[] and knocks[]: the alerts, in the order they were decided. */
static int alerts_json(const struct analyzer *an, json_t *scans, json_t *knocks)
{
	struct alert_writer aw;
	int rc = alert_writer_init(&aw);
	for (uint32_t i = 0; rc == 0 && i < analyzer_alert_count(an); i++) {
		const struct alert *a = analyzer_alert(an, i);
		json_t *o = alert_json(&aw, a);
		if (!o || json_array_append_new(a->kind == ALERT_SCAN ? scans : knocks, o) != 0)
			rc = -1;
	}
	alert_writer_free(&aw);
	return rc;
}

/* Sources of the opened knocks with k's sequence, first seen first. */
static json_t *learned_sources(const struct knock_detector *d, uint32_t first,
			       const struct knock_record *k, unsigned *uses)
{
	json_t *sources = json_array();
	*uses = 0;
	for (uint32_t j = first; j < knock_records(d); j++) {
		const struct knock_record *o = knock_record(d, j);
		if (o->outcome != KNOCK_OPENED || !knock_same_sequence(o, k))
			continue;
		(*uses)++;
		int dup = 0;
		for (uint32_t m = first; m < j && !dup; m++) {
			const struct knock_record *e = knock_record(d, m);
			dup = e->outcome == KNOCK_OPENED && knock_same_sequence(e, k) &&
			      memcmp(e->src, o->src, 16) == 0;
		}
		if (!dup)
			json_array_append_new(sources, jsonutil_addr(o->src, o->ip_ver));
	}
	return sources;
}

/* known_knock_sequences: sequences that opened a door more than once
 * (over every knock record, reported or inside a scan). */
static json_t *learned_json(const struct knock_detector *d)
{
	json_t *out = json_array();
	for (uint32_t i = 0; i < knock_records(d); i++) {
		const struct knock_record *k = knock_record(d, i);
		int seen_before = 0;
		for (uint32_t j = 0; j < i && !seen_before; j++) {
			const struct knock_record *e = knock_record(d, j);
			seen_before = e->outcome == KNOCK_OPENED && knock_same_sequence(e, k);
		}
		if (k->outcome != KNOCK_OPENED || seen_before)
			continue;
		unsigned uses;
		json_t *sources = learned_sources(d, i, k, &uses);
		if (uses < 2) {
			json_decref(sources);
			continue;
		}
		json_t *seq = json_array();
		for (unsigned n = 0; n < k->len; n++)
			json_array_append_new(seq, json_pack("{si ss}", "port", k->ports[n],
				"transport", k->protos[n] == IPPROTO_NUM_UDP ? "udp" : "tcp"));
		json_array_append_new(out, json_pack("{so so si so}",
			"destination", jsonutil_addr(k->dst, k->ip_ver),
			"sequence", seq, "uses", uses, "sources", sources));
	}
	return out;
}

static json_t *scan_stats_json(const struct analyzer *an)
{
	const struct scan_stats *st = scan_stats(an->scan);
	return json_pack("{sI sI sI sI sI sI sI sI sI sI sI}",
			 "flagged_not_reported",
			 (json_int_t)(st->flagged - an->verdicts.scans - an->verdicts.merged),
			 "merged", (json_int_t)an->verdicts.merged,
			 "groups", (json_int_t)st->groups,
			 "groups_dropped", (json_int_t)st->groups_dropped,
			 "probes", (json_int_t)st->probes,
			 "probes_untimed", (json_int_t)st->probes_untimed,
			 "sources_tracked", (json_int_t)st->sources_tracked,
			 "sources_evicted", (json_int_t)st->sources_evicted,
			 "flagged", (json_int_t)st->flagged,
			 "scans_dropped", (json_int_t)st->scans_dropped,
			 "contact_memory_resets", (json_int_t)st->contact_resets);
}

static json_t *knock_stats_json(const struct analyzer *an)
{
	const struct knock_stats *st = knock_stats(an->knock);
	return json_pack("{sI sI sI sI sI}", "knocks", (json_int_t)an->verdicts.knocks,
			 "inside_scans", (json_int_t)an->verdicts.knocks_inside_scans,
			 "knocks_dropped", (json_int_t)st->knocks_dropped,
			 "pairs_evicted", (json_int_t)st->pairs_evicted,
			 "acceptance_memory_full", (json_int_t)st->accepted_full);
}

/* Outputs that count what they did: records handed over, messages and
 * bytes sent, errors, records lost (a collector down). */
static json_t *outputs_json(const struct run_info *run)
{
	json_t *o = json_object();
	for (unsigned i = 0; o && i < run->noutputs && i < REPORT_OUTPUTS_MAX; i++) {
		const struct output_counters *c = &run->outputs[i].c;
		json_object_set_new(o, run->outputs[i].name, json_pack(
			"{sI sI sI sI sI}", "records", (json_int_t)c->records,
			"messages", (json_int_t)c->messages, "bytes", (json_int_t)c->bytes,
			"errors", (json_int_t)c->errors,
			"records_lost", (json_int_t)c->records_lost));
	}
	return o;
}

json_t *report_build(const struct analyzer *an, const struct run_info *run)
{
	json_t *scans = json_array(), *knocks = json_array();
	if (!scans || !knocks || alerts_json(an, scans, knocks) != 0) {
		json_decref(scans);
		json_decref(knocks);
		return NULL;
	}
	json_t *root = json_pack("{si s{ss ss} so so so so so so so so so so s{so so} so s{sf sb}}",
			 "schema_version", REPORT_SCHEMA_VERSION,
			 "tool", "name", "portlens", "version", PORTLENS_VERSION,
			 "capture", capture_json(an),
			 "decode", decode_json(&an->stats),
			 "protocols", protocols_json(&an->stats),
			 "tunnels", tunnels_json(an),
			 "timeline", timeline_json(&an->timeline),
			 "flows", flows_json(an),
			 "ports", ports_json(an->ports, an->cfg.ports_top),
			 "scans", scans,
			 "knocks", knocks,
			 "known_knock_sequences", learned_json(an->knock),
			 "detectors", "scan", scan_stats_json(an),
			 "knock", knock_stats_json(an),
			 "outputs", outputs_json(run),
			 "run", "elapsed_s", run->elapsed_s,
			 "interrupted", run->interrupted);
	if (root && run->live)
		json_object_set_new(json_object_get(root, "capture"), "live", json_pack(
			"{sI sI sI}", "received", (json_int_t)run->pcap_received,
			"dropped_kernel", (json_int_t)run->pcap_dropped,
			"dropped_interface", (json_int_t)run->pcap_ifdropped));
	return root;
}
