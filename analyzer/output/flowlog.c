/* analyzer/output/flowlog.c - ECS flow records as NDJSON (see flowlog.h).
 * @timestamp is the flow's end in capture time; event.duration is in
 * nanoseconds as ECS specifies. The file mechanics are ndjson.c's. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/flow/community_id.h"
#include "analyzer/output/flowlog.h"
#include "analyzer/output/jsonutil.h"
#include "analyzer/output/ndjson.h"
#include "analyzer/flow/tcpstate.h"

struct flowlog {
	struct ndjson *nd;
	const struct portdb *db;
};

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
	if (community_id_v1(0, f->key.ip_ver, f->key.proto, flow_orig_addr(f),
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
	if (tcp)
		json_object_set_new(o, "history", json_string(f->tcp.history));
	ports_meta(o, f, db);
	if (f->icmp_errors)
		json_object_set_new(o, "icmp_errors", json_pack("{si si si sb}",
			"count", f->icmp_errors, "last_type", f->icmp_type,
			"last_code", f->icmp_code, "from_responder", f->icmp_from_resp));
	return o;
}

json_t *flowlog_flow_json(const struct flow *f, const struct portdb *db)
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

void flowlog_on_flow(void *user, const struct flow *f)
{
	struct flowlog *fl = user;
	json_t *o = flowlog_flow_json(f, fl->db);
	ndjson_write(fl->nd, o);
	json_decref(o);
}

struct flowlog *flowlog_open(const char *path, int flags, const struct portdb *db)
{
	struct flowlog *fl = calloc(1, sizeof(*fl));
	if (!fl)
		return NULL;
	fl->db = db;
	fl->nd = ndjson_open(path, flags);
	if (!fl->nd) {
		int saved = errno;
		free(fl);
		errno = saved;
		return NULL;
	}
	return fl;
}

void flowlog_flush(struct flowlog *fl)
{
	ndjson_flush(fl->nd);
}

int flowlog_close(struct flowlog *fl, int ok)
{
	if (!fl)
		return 0;
	int rc = ndjson_close(fl->nd, ok);
	int saved = errno;
	free(fl);
	errno = saved;
	return rc;
}
