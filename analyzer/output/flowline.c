/* analyzer/output/flowline.c - see flowline.h. @timestamp is the flow's
 * end in capture time; event.duration is in nanoseconds as ECS specifies;
 * network.vlan.id and network.iana_number are strings (ECS keywords).
 * Members appear in the order the schema lists them. */
#include "analyzer/output/flowline.h"
#include "dissectors/tunnel.h"

/* '"' + RFC 3339 + '"': formatted once, written twice (@timestamp, end). */
struct quoted_time {
	char s[JW_RFC3339_LEN + 3];
	size_t n;
};

static void quote_time(struct quoted_time *q, uint64_t ts_ns)
{
	q->s[0] = '"';
	q->n = 1 + jw_rfc3339(q->s + 1, ts_ns);
	q->s[q->n++] = '"';
}

static void event_write(struct jw *w, const struct flow *f, const struct quoted_time *end)
{
	jw_kobj_begin(w, "event");
	jw_kstr(w, "kind", "event");
	jw_kraw(w, "category", "[\"network\"]", 11);
	jw_kraw(w, "type", "[\"connection\",\"end\"]", 20);
	jw_ku64(w, "duration", line_duration_ns(f->first_ts, f->last_ts));
	if (f->first_ts == f->last_ts) /* one packet (a flood's flows): format once */
		jw_kraw(w, "start", end->s, end->n);
	else
		jw_ktime(w, "start", f->first_ts);
	jw_kraw(w, "end", end->s, end->n);
	jw_kstr(w, "dataset", "portlens.flow");
	jw_obj_end(w);
}

static void endpoint_write(struct jw *w, const char *key, const struct flow *f, int side)
{
	const struct flow_dir *d = &f->dir[side];
	jw_kobj_begin(w, key);
	jw_kip(w, "ip", side ? flow_resp_addr(f) : flow_orig_addr(f), f->key.ip_ver);
	if (ipproto_has_ports(f->key.proto))
		jw_ku64(w, "port", side ? flow_resp_port(f) : flow_orig_port(f));
	jw_ku64(w, "packets", d->packets);
	jw_ku64(w, "bytes", d->bytes);
	jw_obj_end(w);
}

static void community_id_write(struct jw *w, const struct flow *f, struct community_id *cid)
{
	char id[COMMUNITY_ID_LEN];
	uint16_t sp = flow_orig_port(f), dp = flow_resp_port(f);
	if (ipproto_is_icmp(f->key.proto)) {
		/* ICMP flows are keyed by identifier; the ID wants the type
		 * and code of the originator's first message. */
		sp = f->first_icmp_type;
		dp = f->first_icmp_code;
	}
	if (community_id_v1(cid, 0, f->key.ip_ver, f->key.proto, flow_orig_addr(f),
			    flow_resp_addr(f), sp, dp, id) != 0)
		jw_knull(w, "community_id");
	else
		jw_kstrn(w, "community_id", id, COMMUNITY_ID_LEN - 1);
}

/* Decimal text of v (at most 5 digits here) into buf; its length. */
static size_t small_decimal(char *buf, unsigned v)
{
	char tmp[8];
	size_t n = 0, len = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		buf[len++] = tmp[--n];
	return len;
}

static void network_write(struct jw *w, const struct flow *f, struct community_id *cid)
{
	char num[8];
	const char *tr = ipproto_keyword(f->key.proto);
	jw_kobj_begin(w, "network");
	if (tr)
		jw_kstr(w, "transport", tr);
	else
		jw_knull(w, "transport");
	jw_kstrn(w, "iana_number", num, small_decimal(num, f->key.proto));
	jw_kstr(w, "type", f->key.ip_ver == 4 ? "ipv4" : "ipv6");
	community_id_write(w, f, cid);
	jw_ku64(w, "packets", f->dir[0].packets + f->dir[1].packets);
	jw_ku64(w, "bytes", f->dir[0].bytes + f->dir[1].bytes);
	if (f->key.vlan) {
		jw_kobj_begin(w, "vlan");
		jw_kstrn(w, "id", num, small_decimal(num, f->key.vlan));
		jw_obj_end(w);
	}
	jw_obj_end(w);
}

static void ports_write(struct jw *w, const struct flow *f, const struct portdb *db)
{
	uint16_t sp = flow_orig_port(f), dp = flow_resp_port(f);
	const char *svc = db ? portdb_service(db, dp, f->key.proto) : NULL;
	jw_kstr(w, "source_port_class", portdb_class_name(portdb_class(sp)));
	jw_kstr(w, "destination_port_class", portdb_class_name(portdb_class(dp)));
	if (svc)
		jw_kstr(w, "service", svc);
	else
		jw_knull(w, "service");
}

/* portlens.tunnel: the tunnel the flow's first packet came in (type, its
 * id when the header has one, the carrier's addresses from the
 * originator's side, how many tunnels deep). The addresses are absent
 * when the context cap refused them (flows.tunnel_contexts_dropped). */
static void tunnel_write(struct jw *w, const struct tunnel_ctx *t)
{
	jw_kobj_begin(w, "tunnel");
	jw_kstr(w, "type", tunnel_type_name(t->type));
	if (t->has_id)
		jw_ku64(w, "id", t->id);
	if (t->depth)
		jw_ku64(w, "depth", t->depth);
	if (t->outer_ip_ver) {
		jw_kobj_begin(w, "outer");
		jw_kobj_begin(w, "source");
		jw_kip(w, "ip", t->outer_src, t->outer_ip_ver);
		jw_obj_end(w);
		jw_kobj_begin(w, "destination");
		jw_kip(w, "ip", t->outer_dst, t->outer_ip_ver);
		jw_obj_end(w);
		jw_obj_end(w);
	}
	jw_obj_end(w);
}

static void portlens_write(struct jw *w, const struct flow *f, const struct portdb *db)
{
	jw_kobj_begin(w, "portlens");
	jw_ku64(w, "flow_id", f->id);
	jw_kstr(w, "conn_state", tcpstate_name(flow_conn_state(f)));
	jw_kstr(w, "end_reason", flow_end_reason_name(f->end_reason));
	jw_kbool(w, "midstream", f->flags & FLOW_F_MIDSTREAM);
	jw_kbool(w, "flipped", f->flags & FLOW_F_FLIPPED);
	jw_kbool(w, "continued", f->flags & FLOW_F_CONTINUED);
	jw_ku64(w, "orig_ip_bytes", f->dir[0].ip_bytes);
	jw_ku64(w, "resp_ip_bytes", f->dir[1].ip_bytes);
	if (f->key.proto == IPPROTO_NUM_TCP)
		jw_kstr(w, "history", f->tcp.history);
	if (ipproto_has_ports(f->key.proto))
		ports_write(w, f, db);
	if (f->icmp_errors) {
		jw_kobj_begin(w, "icmp_errors");
		jw_ku64(w, "count", f->icmp_errors);
		jw_ku64(w, "last_type", f->icmp_type);
		jw_ku64(w, "last_code", f->icmp_code);
		jw_kbool(w, "from_responder", f->icmp_from_resp);
		jw_obj_end(w);
	}
	if (f->tunnel)
		tunnel_write(w, f->tunnel);
	jw_ku64(w, "schema_version", LINE_SCHEMA_VERSION);
	jw_obj_end(w);
}

void line_ecs_write(struct jw *w)
{
	jw_kobj_begin(w, "ecs");
	jw_kstr(w, "version", LINE_ECS_VERSION);
	jw_obj_end(w);
}

void flowline_write(struct jw *w, const struct flow *f, const struct portdb *db,
		    struct community_id *cid)
{
	struct quoted_time end;
	quote_time(&end, f->last_ts);
	jw_obj_begin(w);
	jw_kraw(w, "@timestamp", end.s, end.n);
	event_write(w, f, &end);
	endpoint_write(w, "source", f, 0);
	endpoint_write(w, "destination", f, 1);
	network_write(w, f, cid);
	portlens_write(w, f, db);
	line_ecs_write(w);
	jw_obj_end(w);
}
