/* analyzer/output/alert.c - see alert.h. Field names follow ECS (event,
 * rule, threat with MITRE ATT&CK ids, source, destination) plus a
 * portlens.scan or portlens.knock object with what the detector found;
 * docs/json.md lists every field. Port sets are written as ranges
 * ("1-200,443") for probed and silent ports, and as lists for open ports
 * (at most 1000). Scan: ATT&CK T1046 Network Service Discovery, or
 * T1018 Remote System Discovery for a host-discovery sweep (tactic
 * TA0007 Discovery); knock: T1205 Traffic Signaling, T1205.001 Port
 * Knocking. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/output/alert.h"
#include "analyzer/output/flowline.h"

int alert_writer_init(struct alert_writer *aw)
{
	memset(aw, 0, sizeof(*aw));
	return jw_init(&aw->w, 4096);
}

void alert_writer_free(struct alert_writer *aw)
{
	jw_free(&aw->w);
	free(aw->text);
	memset(aw, 0, sizeof(*aw));
}

/* ---- port sets ---------------------------------------------------------------- */

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

/* Decimal digits of v (< 65536) at p; returns the end. */
static char *put_port(char *p, uint32_t v)
{
	char tmp[6];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

/* Room for the longest ranges text: every other port ("1,3,5,..."), at
 * most 6 bytes a port. */
#define RANGES_MAX (32768 * 6 + 16)

/* "1-200,443,8080" from a port bitmap ("" when empty) as key's value. */
static int ranges_write(struct alert_writer *aw, const char *key, const uint8_t *bits)
{
	if (!aw->text) {
		aw->text = malloc(RANGES_MAX);
		if (!aw->text)
			return -1;
		aw->cap = RANGES_MAX;
	}
	char *p = aw->text;
	for (uint32_t port = 0; port < 65536; port++) {
		if (!bit_get(bits, (uint16_t)port))
			continue;
		uint32_t last = port;
		while (last + 1 < 65536 && bit_get(bits, (uint16_t)(last + 1)))
			last++;
		if (p != aw->text)
			*p++ = ',';
		p = put_port(p, port);
		if (last != port) {
			*p++ = '-';
			p = put_port(p, last);
		}
		port = last;
	}
	jw_kstrn(&aw->w, key, aw->text, (size_t)(p - aw->text));
	return 0;
}

static void port_list_write(struct jw *w, const char *key, const uint8_t *bits, unsigned max)
{
	unsigned n = 0;
	jw_karr_begin(w, key);
	for (uint32_t port = 0; port < 65536 && n < max; port++) {
		if (bit_get(bits, (uint16_t)port)) {
			jw_u64(w, port);
			n++;
		}
	}
	jw_arr_end(w);
}

/* {"count": N, "tcp": ..., "udp": ...}: ranges, or lists when list. */
static int ports_write(struct alert_writer *aw, const char *key, const uint8_t (*bits)[8192],
		       unsigned count, int list)
{
	int rc = 0;
	jw_kobj_begin(&aw->w, key);
	jw_ku64(&aw->w, "count", count);
	if (list) {
		port_list_write(&aw->w, "tcp", bits[0], 1000);
		port_list_write(&aw->w, "udp", bits[1], 1000);
	} else {
		rc |= ranges_write(aw, "tcp", bits[0]);
		rc |= ranges_write(aw, "udp", bits[1]);
	}
	jw_obj_end(&aw->w);
	return rc;
}

/* ---- the parts every alert has ------------------------------------------------ */

static void event_write(struct jw *w, const char *dataset, uint64_t start, uint64_t end)
{
	jw_kobj_begin(w, "event");
	jw_kstr(w, "kind", "alert");
	jw_kraw(w, "category", "[\"intrusion_detection\",\"network\"]", 33);
	jw_kraw(w, "type", "[\"info\"]", 8);
	jw_kstr(w, "dataset", dataset);
	jw_ku64(w, "duration", line_duration_ns(start, end));
	jw_ktime(w, "start", start);
	jw_ktime(w, "end", end);
	jw_obj_end(w);
}

static void rule_write(struct jw *w, const char *name)
{
	jw_kobj_begin(w, "rule");
	jw_kstr(w, "name", name);
	jw_obj_end(w);
}

/* ECS threat.*.id and .name are arrays of keywords. */
static void ids_write(struct jw *w, const char *key, const char *id, const char *name)
{
	jw_kobj_begin(w, key);
	jw_karr_begin(w, "id");
	jw_str(w, id);
	jw_arr_end(w);
	jw_karr_begin(w, "name");
	jw_str(w, name);
	jw_arr_end(w);
	jw_obj_end(w);
}

static void ip_obj_write(struct jw *w, const char *key, const uint8_t *addr, int ip_ver)
{
	jw_kobj_begin(w, key);
	jw_kip(w, "ip", addr, ip_ver);
	jw_obj_end(w);
}

/* The closing parts: portlens.schema_version (inside the open portlens
 * object) and ecs.version. */
static void stamp_write(struct jw *w)
{
	jw_ku64(w, "schema_version", LINE_SCHEMA_VERSION);
	jw_obj_end(w);
	line_ecs_write(w);
}

/* ---- scans ---------------------------------------------------------------------- */

static void techniques_write(struct jw *w, const struct scan_counters *c)
{
	jw_kobj_begin(w, "techniques");
	for (int t = 0; t < SCAN_TECH_COUNT; t++)
		if (c->tech[t])
			jw_ku64(w, scan_tech_name(t), c->tech[t]);
	jw_obj_end(w);
}

/* "count" and "list" of addresses, the object left open for more. */
static void hosts_begin(struct jw *w, const char *key, uint32_t count,
			const uint8_t (*list)[16], uint32_t n, uint8_t ip_ver)
{
	jw_kobj_begin(w, key);
	jw_ku64(w, "count", count);
	jw_karr_begin(w, "list");
	for (uint32_t i = 0; i < n; i++)
		jw_ip(w, list[i], ip_ver);
	jw_arr_end(w);
}

static void targets_write(struct jw *w, const struct scan_record *r)
{
	hosts_begin(w, "targets", r->ndst, (const uint8_t (*)[16])r->listed, r->nlisted,
		    r->ip_ver);
	jw_kbool(w, "count_capped", r->dst_capped);
	jw_obj_end(w);
}

/* Host discovery: the targets that answered (found up). Written for
 * records with host-discovery probes (a discovery sweep, or a port scan
 * that began with one), where it is a finding; port scans report
 * open_ports. */
static void hosts_up_write(struct jw *w, const struct scan_record *r)
{
	if (!scan_record_has_discovery(r))
		return;
	hosts_begin(w, "hosts_up", r->nup, (const uint8_t (*)[16])r->up_listed, r->nup_listed,
		    r->ip_ver);
	jw_obj_end(w);
}

static void proto_list(struct jw *w, const char *key, const uint8_t *bits)
{
	jw_karr_begin(w, key);
	for (unsigned p = 0; p < 256; p++)
		if (bit_get(bits, (uint16_t)p))
			jw_u64(w, p);
	jw_arr_end(w);
}

/* IP protocol scans (nmap -sO): the protocol numbers probed, and those
 * answered in their own protocol (open). */
static void protocols_write(struct jw *w, const struct scan_record *r)
{
	if (!r->c.tech[SCAN_TECH_IP_PROTO])
		return;
	jw_kobj_begin(w, "protocols");
	jw_ku64(w, "count", r->nprotos);
	proto_list(w, "list", r->protos);
	proto_list(w, "open", r->protos_open);
	jw_obj_end(w);
}

static const char *group_name(uint8_t g)
{
	return g == SCAN_GROUP_DISTRIBUTED ? "distributed" : g == SCAN_GROUP_DECOY ? "decoy" : NULL;
}

/* A merged record: what it is, the sources it merges, and for a decoy
 * scan the decoys (all but the likely real source, which is source.ip;
 * every source when none is likely). */
static void group_write(struct jw *w, const struct scan_record *r)
{
	if (!r->group)
		return;
	jw_kstr(w, "group", group_name(r->group));
	hosts_begin(w, "sources", r->nsources, (const uint8_t (*)[16])r->sources, r->nsources,
		    r->ip_ver);
	jw_obj_end(w);
	if (r->group != SCAN_GROUP_DECOY)
		return;
	jw_kobj_begin(w, "decoys");
	jw_ku64(w, "count", r->nsources - (r->real_known ? 1u : 0u));
	jw_karr_begin(w, "list");
	for (uint32_t i = 0; i < r->nsources; i++)
		if (!r->real_known || memcmp(r->sources[i], r->src, 16) != 0)
			jw_ip(w, r->sources[i], r->ip_ver);
	jw_arr_end(w);
	jw_obj_end(w);
	if (r->real_known)
		jw_kip(w, "real_source", r->src, r->ip_ver);
	else
		jw_knull(w, "real_source");
}

static void detectors_write(struct jw *w, uint8_t det)
{
	jw_karr_begin(w, "detectors");
	if (det & SCAN_DET_TRW)
		jw_str(w, "trw");
	if (det & SCAN_DET_VERTICAL)
		jw_str(w, "vertical_threshold");
	if (det & SCAN_DET_HORIZONTAL)
		jw_str(w, "horizontal_threshold");
	jw_arr_end(w);
}

/* Probed ports that never answered: nmap's "open|filtered" for FIN, NULL,
 * Xmas, Maimon and UDP scans, where an open port stays silent. */
static void silent_bits(const struct scan_record *r, uint8_t out[2][8192])
{
	for (int t = 0; t < 2; t++)
		for (unsigned i = 0; i < 8192; i++)
			out[t][i] = r->probed[t][i] & (uint8_t)~r->answered[t][i];
}

static int scan_detail_write(struct alert_writer *aw, const struct scan_record *r)
{
	struct jw *w = &aw->w;
	uint8_t silent[2][8192];
	int rc = 0;
	silent_bits(r, silent);
	jw_kobj_begin(w, "scan");
	jw_kstr(w, "kind", scan_kind_name(scan_record_kind(r)));
	jw_kstr(w, "technique", scan_record_technique(r));
	techniques_write(w, &r->c);
	group_write(w, r);
	targets_write(w, r);
	hosts_up_write(w, r);
	protocols_write(w, r);
	rc |= ports_write(aw, "ports", (const uint8_t (*)[8192])r->probed, r->nports, 0);
	rc |= ports_write(aw, "open_ports", (const uint8_t (*)[8192])r->open,
			  bits_count(r->open[0]) + bits_count(r->open[1]), 1);
	rc |= ports_write(aw, "silent_ports", (const uint8_t (*)[8192])silent,
			  bits_count(silent[0]) + bits_count(silent[1]), 0);
	jw_ku64(w, "probes", r->c.probes);
	jw_ku64(w, "first_contacts", r->c.first_contacts);
	jw_ku64(w, "failures", r->c.failures);
	jw_ku64(w, "successes", r->c.successes);
	jw_ku64(w, "abandoned", r->c.abandoned);
	jw_ku64(w, "unanswered_at_end", r->c.unknown);
	detectors_write(w, r->detectors);
	jw_ku64(w, "flagged_after_probes", r->flagged_after);
	jw_obj_end(w);
	return rc;
}

static int scan_write(struct alert_writer *aw, const struct scan_record *r)
{
	struct jw *w = &aw->w;
	jw_obj_begin(w);
	jw_ktime(w, "@timestamp", r->c.last_ts);
	event_write(w, "portlens.scan", r->c.first_ts, r->c.last_ts);
	rule_write(w, r->group == SCAN_GROUP_DISTRIBUTED ? "distributed port scan" :
		      r->group == SCAN_GROUP_DECOY ? "decoy port scan" : "port scan");
	jw_kobj_begin(w, "threat");
	jw_kstr(w, "framework", "MITRE ATT&CK");
	if (scan_record_kind(r) == SCAN_KIND_DISCOVERY)
		ids_write(w, "technique", "T1018", "Remote System Discovery");
	else
		ids_write(w, "technique", "T1046", "Network Service Discovery");
	ids_write(w, "tactic", "TA0007", "Discovery");
	jw_obj_end(w);
	if (!r->group || r->real_known) /* a distributed scan has sources, not one */
		ip_obj_write(w, "source", r->src, r->ip_ver);
	if (r->ndst == 1)
		ip_obj_write(w, "destination", r->listed[0], r->ip_ver);
	jw_kobj_begin(w, "portlens");
	int rc = scan_detail_write(aw, r);
	stamp_write(w);
	jw_obj_end(w);
	return rc;
}

/* ---- knocks --------------------------------------------------------------------- */

static void sequence_write(struct jw *w, const struct knock_record *k)
{
	jw_karr_begin(w, "sequence");
	for (unsigned i = 0; i < k->len; i++) {
		jw_obj_begin(w);
		jw_ku64(w, "port", k->ports[i]);
		jw_kstr(w, "transport", k->protos[i] == IPPROTO_NUM_UDP ? "udp" : "tcp");
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void knock_detail_write(struct jw *w, const struct knock_record *k)
{
	jw_kobj_begin(w, "knock");
	jw_kstr(w, "kind", k->spa ? "spa" : "knock");
	sequence_write(w, k);
	jw_karr_begin(w, "delays_s");
	for (unsigned i = 1; i < k->len; i++)
		jw_real(w, (double)(k->ts[i] - k->ts[i - 1]) / 1e9);
	jw_arr_end(w);
	jw_kreal(w, "span_s", (double)(k->ts[k->len - 1] - k->ts[0]) / 1e9);
	jw_kstr(w, "outcome", knock_outcome_name(k->outcome));
	if (k->opened_port >= 0)
		jw_ku64(w, "opened_port", (uint64_t)k->opened_port);
	else
		jw_knull(w, "opened_port");
	jw_kstr(w, "rule", k->rule);                     /* NULL: null */
	jw_kstr(w, "rule_match", knock_match_name(k->match)); /* NONE: null */
	jw_obj_end(w);
}

static void knock_write(struct jw *w, const struct knock_record *k)
{
	jw_obj_begin(w);
	jw_ktime(w, "@timestamp", k->end_ts);
	event_write(w, k->spa ? "portlens.spa" : "portlens.knock", k->ts[0], k->end_ts);
	rule_write(w, k->spa ? "single-packet authorization" : "port knock");
	jw_kobj_begin(w, "threat");
	jw_kstr(w, "framework", "MITRE ATT&CK");
	jw_kobj_begin(w, "technique");
	jw_karr_begin(w, "id");
	jw_str(w, "T1205");
	jw_arr_end(w);
	jw_karr_begin(w, "name");
	jw_str(w, "Traffic Signaling");
	jw_arr_end(w);
	if (!k->spa)
		ids_write(w, "subtechnique", "T1205.001", "Port Knocking");
	jw_obj_end(w);
	jw_obj_end(w);
	ip_obj_write(w, "source", k->src, k->ip_ver);
	ip_obj_write(w, "destination", k->dst, k->ip_ver);
	jw_kobj_begin(w, "portlens");
	knock_detail_write(w, k);
	stamp_write(w);
	jw_obj_end(w);
}

/* ---- entry points --------------------------------------------------------------- */

int alert_render(struct alert_writer *aw, const struct alert *a)
{
	int rc = 0;
	jw_reset(&aw->w);
	if (a->kind == ALERT_SCAN)
		rc = scan_write(aw, a->scan);
	else
		knock_write(&aw->w, a->knock);
	jw_end_line(&aw->w);
	return rc || jw_failed(&aw->w) ? -1 : 0;
}

json_t *alert_json(struct alert_writer *aw, const struct alert *a)
{
	if (alert_render(aw, a) != 0)
		return NULL;
	return json_loadb(jw_data(&aw->w), jw_len(&aw->w), 0, NULL);
}
