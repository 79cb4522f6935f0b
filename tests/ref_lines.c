/* tests/ref_lines.c - the jansson-built reference of the NDJSON lines:
 * the flow and alert objects as portlens built them before the streaming
 * writer (analyzer/output/jw.h), one json_t tree per line. Test-only:
 * tests/test_lines.c checks that every line jw writes, for every sample,
 * parses to the same object as this tree and is the same text as
 * jansson's dump of it. Kept as it was on purpose: it is the yardstick,
 * not a second implementation to maintain. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/flow/community_id.h"
#include "analyzer/output/jsonutil.h"
#include "dissectors/tunnel.h"
#include "tests/ref_lines.h"

static json_t *endpoint_json(const struct flow *f, int side)
{
	const uint8_t *addr = side ? flow_resp_addr(f) : flow_orig_addr(f);
	const struct flow_dir *d = &f->dir[side];
	json_t *o = json_object();
	json_object_set_new(o, "ip", jsonutil_addr(addr, f->key.ip_ver));
	if (ipproto_has_ports(f->key.proto))
		json_object_set_new(o, "port", json_integer(side ? flow_resp_port(f)
								 : flow_orig_port(f)));
	json_object_set_new(o, "packets", json_integer((json_int_t)d->packets));
	json_object_set_new(o, "bytes", json_integer((json_int_t)d->bytes));
	return o;
}

static json_t *community_id_json(const struct flow *f)
{
	char cid[COMMUNITY_ID_LEN];
	uint16_t sp = flow_orig_port(f), dp = flow_resp_port(f);
	if (f->key.proto == IPPROTO_NUM_ICMP || f->key.proto == IPPROTO_NUM_ICMPV6) {
		/* ICMP flows are keyed by identifier; the ID wants the type
		 * and code of the originator's first message. */
		sp = f->first_icmp_type;
		dp = f->first_icmp_code;
	}
	if (community_id_v1(NULL, 0, f->key.ip_ver, f->key.proto, flow_orig_addr(f),
			    flow_resp_addr(f), sp, dp, cid) != 0)
		return json_null();
	return json_string(cid);
}

static json_t *network_json(const struct flow *f)
{
	const char *tr = ipproto_keyword(f->key.proto);
	json_t *o = json_object();
	json_object_set_new(o, "transport", tr ? json_string(tr) : json_null());
	char num[4];
	snprintf(num, sizeof(num), "%u", f->key.proto);
	json_object_set_new(o, "iana_number", json_string(num));
	json_object_set_new(o, "type", json_string(f->key.ip_ver == 4 ? "ipv4" : "ipv6"));
	json_object_set_new(o, "community_id", community_id_json(f));
	json_object_set_new(o, "packets", json_integer((json_int_t)(f->dir[0].packets + f->dir[1].packets)));
	json_object_set_new(o, "bytes", json_integer((json_int_t)(f->dir[0].bytes + f->dir[1].bytes)));
	if (f->key.vlan) { /* ECS: network.vlan.id is a keyword */
		char vid[8];
		snprintf(vid, sizeof(vid), "%u", f->key.vlan);
		json_object_set_new(o, "vlan", json_pack("{ss}", "id", vid));
	}
	return o;
}

static void ports_meta(json_t *o, const struct flow *f, const struct portdb *db)
{
	if (!ipproto_has_ports(f->key.proto))
		return;
	uint16_t sp = flow_orig_port(f), dp = flow_resp_port(f);
	const char *svc = db ? portdb_service(db, dp, f->key.proto) : NULL;
	json_object_set_new(o, "source_port_class", json_string(portdb_class_name(portdb_class(sp))));
	json_object_set_new(o, "destination_port_class", json_string(portdb_class_name(portdb_class(dp))));
	json_object_set_new(o, "service", svc ? json_string(svc) : json_null());
}

/* portlens.tunnel (issue 17). */
static json_t *tunnel_json(const struct tunnel_ctx *t)
{
	json_t *o = json_object();
	json_object_set_new(o, "type", json_string(tunnel_type_name(t->type)));
	if (t->has_id)
		json_object_set_new(o, "id", json_integer(t->id));
	if (t->depth)
		json_object_set_new(o, "depth", json_integer(t->depth));
	if (t->outer_ip_ver)
		json_object_set_new(o, "outer", json_pack("{s{so} s{so}}",
			"source", "ip", jsonutil_addr(t->outer_src, t->outer_ip_ver),
			"destination", "ip", jsonutil_addr(t->outer_dst, t->outer_ip_ver)));
	return o;
}

static json_t *portlens_json(const struct flow *f, const struct portdb *db)
{
	int tcp = f->key.proto == IPPROTO_NUM_TCP;
	enum tcp_conn_state cs = flow_conn_state(f);
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "flow_id", json_integer((json_int_t)f->id));
	json_object_set_new_nocheck(o, "conn_state", json_string_nocheck(tcpstate_name(cs)));
	json_object_set_new_nocheck(o, "end_reason",
				    json_string_nocheck(flow_end_reason_name(f->end_reason)));
	json_object_set_new_nocheck(o, "midstream", json_boolean(f->flags & FLOW_F_MIDSTREAM));
	json_object_set_new_nocheck(o, "flipped", json_boolean(f->flags & FLOW_F_FLIPPED));
	json_object_set_new_nocheck(o, "continued", json_boolean(f->flags & FLOW_F_CONTINUED));
	json_object_set_new_nocheck(o, "orig_ip_bytes", json_integer((json_int_t)f->dir[0].ip_bytes));
	json_object_set_new_nocheck(o, "resp_ip_bytes", json_integer((json_int_t)f->dir[1].ip_bytes));
	if (tcp)
		json_object_set_new(o, "history", json_string(f->tcp.history));
	ports_meta(o, f, db);
	if (f->icmp_errors)
		json_object_set_new(o, "icmp_errors", json_pack("{si si si sb}",
			"count", f->icmp_errors, "last_type", f->icmp_type,
			"last_code", f->icmp_code, "from_responder", f->icmp_from_resp));
	if (f->tunnel)
		json_object_set_new(o, "tunnel", tunnel_json(f->tunnel));
	return o;
}

json_t *ref_flow_json(const struct flow *f, const struct portdb *db)
{
	/* Built with direct calls, not json_pack (it parses its format on
	 * every call); the end time is formatted once and shared. */
	json_t *ev = json_object(), *category = json_array(), *type = json_array();
	json_t *end = jsonutil_time(f->last_ts);
	json_array_append_new(category, json_string_nocheck("network"));
	json_array_append_new(type, json_string_nocheck("connection"));
	json_array_append_new(type, json_string_nocheck("end"));
	json_object_set_new_nocheck(ev, "kind", json_string_nocheck("event"));
	json_object_set_new_nocheck(ev, "category", category);
	json_object_set_new_nocheck(ev, "type", type);
	json_object_set_new_nocheck(ev, "duration", json_integer((json_int_t)(f->last_ts - f->first_ts)));
	json_object_set_new_nocheck(ev, "start", jsonutil_time(f->first_ts));
	json_object_set_nocheck(ev, "end", end);
	json_object_set_new_nocheck(ev, "dataset", json_string_nocheck("portlens.flow"));
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "@timestamp", end);
	json_object_set_new_nocheck(o, "event", ev);
	json_object_set_new(o, "source", endpoint_json(f, 0));
	json_object_set_new(o, "destination", endpoint_json(f, 1));
	json_object_set_new(o, "network", network_json(f));
	json_object_set_new(o, "portlens", portlens_json(f, db));
	jsonutil_stamp_line(o);
	return o;
}

/* ---- scans ------------------------------------------------------------------ */

static int bit_get(const uint8_t *bits, uint16_t port)
{
	return (bits[port >> 3] >> (port & 7)) & 1;
}

static unsigned bits_count(const uint8_t *bits)
{
	unsigned n = 0;
	for (unsigned i = 0; i < 8192; i++)
		n += (unsigned)__builtin_popcount(bits[i]);
	return n;
}

/* "1-200,443,8080" from a port bitmap; "" when empty. New reference. */
static json_t *ranges_json(const uint8_t *bits)
{
	size_t cap = 256, len = 0;
	char *buf = malloc(cap);
	if (!buf)
		return json_null();
	buf[0] = '\0';
	for (uint32_t p = 0; p < 65536; p++) {
		if (!bit_get(bits, (uint16_t)p))
			continue;
		uint32_t q = p;
		while (q + 1 < 65536 && bit_get(bits, (uint16_t)(q + 1)))
			q++;
		char item[16];
		int n = q == p ? snprintf(item, sizeof(item), "%s%u", len ? "," : "", p)
			       : snprintf(item, sizeof(item), "%s%u-%u", len ? "," : "", p, q);
		if (len + (size_t)n + 1 > cap) {
			char *nb = realloc(buf, cap * 2 + (size_t)n);
			if (!nb)
				break;
			buf = nb;
			cap = cap * 2 + (size_t)n;
		}
		memcpy(buf + len, item, (size_t)n + 1);
		len += (size_t)n;
		p = q;
	}
	json_t *s = json_string(buf);
	free(buf);
	return s;
}

static json_t *port_list_json(const uint8_t *bits, unsigned max)
{
	json_t *a = json_array();
	for (uint32_t p = 0; p < 65536 && json_array_size(a) < max; p++)
		if (bit_get(bits, (uint16_t)p))
			json_array_append_new(a, json_integer(p));
	return a;
}

static json_t *techniques_json(const struct scan_counters *c)
{
	json_t *all = json_object();
	for (int t = 0; t < SCAN_TECH_COUNT; t++)
		if (c->tech[t])
			json_object_set_new(all, scan_tech_name(t), json_integer(c->tech[t]));
	return all;
}

static json_t *detectors_json(uint8_t det)
{
	json_t *a = json_array();
	if (det & SCAN_DET_TRW)
		json_array_append_new(a, json_string("trw"));
	if (det & SCAN_DET_VERTICAL)
		json_array_append_new(a, json_string("vertical_threshold"));
	if (det & SCAN_DET_HORIZONTAL)
		json_array_append_new(a, json_string("horizontal_threshold"));
	return a;
}

/* Probed ports that never answered: nmap's "open|filtered" for FIN, NULL,
 * Xmas, Maimon and UDP scans, where an open port stays silent. */
static void silent_bits(const struct scan_record *r, int t, uint8_t *out)
{
	for (unsigned i = 0; i < 8192; i++)
		out[i] = r->probed[t][i] & (uint8_t)~r->answered[t][i];
}

static json_t *ports_obj(const struct scan_record *r, const uint8_t (*bits)[8192], int list)
{
	unsigned n = bits_count(bits[0]) + bits_count(bits[1]);
	json_t *o = json_pack("{si}", "count", n);
	json_object_set_new(o, "tcp", list ? port_list_json(bits[0], 1000) : ranges_json(bits[0]));
	json_object_set_new(o, "udp", list ? port_list_json(bits[1], 1000) : ranges_json(bits[1]));
	(void)r;
	return o;
}

static json_t *targets_json(const struct scan_record *r)
{
	json_t *list = json_array();
	for (uint32_t i = 0; i < r->nlisted; i++)
		json_array_append_new(list, jsonutil_addr(r->listed[i], r->ip_ver));
	return json_pack("{si so sb}", "count", r->ndst, "list", list,
			 "count_capped", r->dst_capped);
}

static json_t *scan_detail_json(const struct scan_record *r)
{
	json_t *techs = techniques_json(&r->c);
	const char *tech = scan_record_technique(r);
	uint8_t silent[2][8192];
	silent_bits(r, 0, silent[0]);
	silent_bits(r, 1, silent[1]);
	json_t *o = json_pack("{ss ss so}", "kind", scan_kind_name(scan_record_kind(r)),
			      "technique", tech, "techniques", techs);
	if (r->group) {
		json_t *src = json_array(), *dec = json_array();
		for (uint32_t i = 0; i < r->nsources; i++) {
			json_array_append_new(src, jsonutil_addr(r->sources[i], r->ip_ver));
			if (!r->real_known || memcmp(r->sources[i], r->src, 16) != 0)
				json_array_append_new(dec, jsonutil_addr(r->sources[i], r->ip_ver));
		}
		json_object_set_new(o, "group", json_string(r->group == SCAN_GROUP_DECOY ?
							   "decoy" : "distributed"));
		json_object_set_new(o, "sources", json_pack("{si so}", "count", r->nsources,
							   "list", src));
		if (r->group == SCAN_GROUP_DECOY) {
			json_object_set_new(o, "decoys", json_pack("{sI so}", "count",
				(json_int_t)json_array_size(dec), "list", dec));
			json_object_set_new(o, "real_source", r->real_known ?
					    jsonutil_addr(r->src, r->ip_ver) : json_null());
		} else {
			json_decref(dec);
		}
	}
	json_object_set_new(o, "targets", targets_json(r));
	if (scan_record_has_discovery(r)) {
		json_t *up = json_array();
		for (uint32_t i = 0; i < r->nup_listed; i++)
			json_array_append_new(up, jsonutil_addr(r->up_listed[i], r->ip_ver));
		json_object_set_new(o, "hosts_up", json_pack("{si so}", "count", r->nup,
							    "list", up));
	}
	if (r->c.tech[SCAN_TECH_IP_PROTO]) {
		json_t *list = json_array(), *open = json_array();
		for (unsigned p = 0; p < 256; p++) {
			if ((r->protos[p / 8] >> (p % 8)) & 1)
				json_array_append_new(list, json_integer(p));
			if ((r->protos_open[p / 8] >> (p % 8)) & 1)
				json_array_append_new(open, json_integer(p));
		}
		json_object_set_new(o, "protocols", json_pack("{si so so}", "count", r->nprotos,
							     "list", list, "open", open));
	}
	json_object_set_new(o, "ports", ports_obj(r, (const uint8_t (*)[8192])r->probed, 0));
	json_object_set_new(o, "open_ports", ports_obj(r, (const uint8_t (*)[8192])r->open, 1));
	json_object_set_new(o, "silent_ports", ports_obj(r, (const uint8_t (*)[8192])silent, 0));
	json_object_set_new(o, "probes", json_integer(r->c.probes));
	json_object_set_new(o, "first_contacts", json_integer(r->c.first_contacts));
	json_object_set_new(o, "failures", json_integer(r->c.failures));
	json_object_set_new(o, "successes", json_integer(r->c.successes));
	json_object_set_new(o, "abandoned", json_integer(r->c.abandoned));
	json_object_set_new(o, "unanswered_at_end", json_integer(r->c.unknown));
	json_object_set_new(o, "detectors", detectors_json(r->detectors));
	json_object_set_new(o, "flagged_after_probes", json_integer(r->flagged_after));
	return o;
}

static json_t *scan_alert_json(const struct scan_record *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "@timestamp", jsonutil_time(r->c.last_ts));
	json_t *ev = json_pack("{ss s[ss] s[s] ss sI}", "kind", "alert",
			       "category", "intrusion_detection", "network",
			       "type", "info", "dataset", "portlens.scan",
			       "duration", (json_int_t)(r->c.last_ts - r->c.first_ts));
	json_object_set_new(ev, "start", jsonutil_time(r->c.first_ts));
	json_object_set_new(ev, "end", jsonutil_time(r->c.last_ts));
	json_object_set_new(o, "event", ev);
	json_object_set_new(o, "rule", json_pack("{ss}", "name",
		r->group == SCAN_GROUP_DISTRIBUTED ? "distributed port scan" :
		r->group == SCAN_GROUP_DECOY ? "decoy port scan" : "port scan"));
	int discovery = scan_record_kind(r) == SCAN_KIND_DISCOVERY;
	json_object_set_new(o, "threat", json_pack("{ss s{s[s] s[s]} s{s[s] s[s]}}",
		"framework", "MITRE ATT&CK",
		"technique", "id", discovery ? "T1018" : "T1046",
		"name", discovery ? "Remote System Discovery" : "Network Service Discovery",
		"tactic", "id", "TA0007", "name", "Discovery"));
	if (!r->group || r->real_known)
		json_object_set_new(o, "source", json_pack("{so}", "ip",
							  jsonutil_addr(r->src, r->ip_ver)));
	if (r->ndst == 1)
		json_object_set_new(o, "destination",
				    json_pack("{so}", "ip", jsonutil_addr(r->listed[0], r->ip_ver)));
	json_object_set_new(o, "portlens", json_pack("{so}", "scan", scan_detail_json(r)));
	jsonutil_stamp_line(o);
	return o;
}

/* ---- knocks ------------------------------------------------------------------ */

static json_t *sequence_json(const struct knock_record *k)
{
	json_t *a = json_array();
	for (unsigned i = 0; i < k->len; i++)
		json_array_append_new(a, json_pack("{si ss}", "port", k->ports[i],
			"transport", k->protos[i] == IPPROTO_NUM_UDP ? "udp" : "tcp"));
	return a;
}

static json_t *delays_json(const struct knock_record *k)
{
	json_t *a = json_array();
	for (unsigned i = 1; i < k->len; i++)
		json_array_append_new(a, json_real((double)(k->ts[i] - k->ts[i - 1]) / 1e9));
	return a;
}

static json_t *detail_json(const struct knock_record *k)
{
	json_t *o = json_pack("{ss so so sf ss}", "kind", k->spa ? "spa" : "knock",
			      "sequence", sequence_json(k), "delays_s", delays_json(k),
			      "span_s", (double)(k->ts[k->len - 1] - k->ts[0]) / 1e9,
			      "outcome", knock_outcome_name(k->outcome));
	json_object_set_new(o, "opened_port", k->opened_port >= 0 ?
			    json_integer(k->opened_port) : json_null());
	json_object_set_new(o, "rule", k->rule ? json_string(k->rule) : json_null());
	json_object_set_new(o, "rule_match", k->match ? json_string(knock_match_name(k->match)) :
			    json_null());
	return o;
}

static json_t *knock_alert_json(const struct knock_record *k)
{
	json_t *o = json_object();
	json_object_set_new(o, "@timestamp", jsonutil_time(k->end_ts));
	json_t *ev = json_pack("{ss s[ss] s[s] ss sI}", "kind", "alert",
			       "category", "intrusion_detection", "network",
			       "type", "info", "dataset", k->spa ? "portlens.spa" : "portlens.knock",
			       "duration", (json_int_t)(k->end_ts - k->ts[0]));
	json_object_set_new(ev, "start", jsonutil_time(k->ts[0]));
	json_object_set_new(ev, "end", jsonutil_time(k->end_ts));
	json_object_set_new(o, "event", ev);
	json_object_set_new(o, "rule", json_pack("{ss}", "name", k->spa ?
				"single-packet authorization" : "port knock"));
	/* ATT&CK T1205 Traffic Signaling; knocks are its T1205.001. */
	json_t *threat = json_pack("{ss s{s[s] s[s]}}", "framework", "MITRE ATT&CK",
				   "technique", "id", "T1205", "name", "Traffic Signaling");
	if (!k->spa)
		json_object_set_new(json_object_get(threat, "technique"), "subtechnique",
				    json_pack("{s[s] s[s]}", "id", "T1205.001", "name", "Port Knocking"));
	json_object_set_new(o, "threat", threat);
	json_object_set_new(o, "source", json_pack("{so}", "ip", jsonutil_addr(k->src, k->ip_ver)));
	json_object_set_new(o, "destination", json_pack("{so}", "ip", jsonutil_addr(k->dst, k->ip_ver)));
	json_object_set_new(o, "portlens", json_pack("{so}", "knock", detail_json(k)));
	jsonutil_stamp_line(o);
	return o;
}

json_t *ref_alert_json(const struct alert *a)
{
	return a->kind == ALERT_SCAN ? scan_alert_json(a->scan) : knock_alert_json(a->knock);
}
