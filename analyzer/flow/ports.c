/* analyzer/flow/ports.c - per-port aggregation of ended flows (ports.h).
 * Entries live in a vector indexed through idx[transport][port] (0 =
 * none), so a lookup is one array read. Distinct clients and servers are
 * counted exactly with one set of 64-bit keyed hashes of (entry, role,
 * address) (hset.h), up to PORTS_DISTINCT_MAX; past the cap new pairs are
 * no longer counted and the report says the counts are lower bounds. */
#include <stdlib.h>
#include <string.h>
#include "analyzer/util/hset.h"
#include "analyzer/flow/ports.h"
#include "analyzer/flow/tcpstate.h"

struct port_entry {
	uint16_t port;
	uint8_t tslot;            /* 0 tcp, 1 udp */
	uint64_t flows, packets, bytes;
	uint64_t clients, servers;
	uint64_t states[CS_COUNT];
};

struct port_report {
	const struct portdb *db;
	struct siphash_key seed;
	uint32_t idx[2][65536];   /* entry index + 1 */
	struct port_entry *v;
	uint32_t n, cap;
	struct hset distinct;     /* (entry, role, address) hashes */
	int distinct_capped;
	uint64_t dropped;         /* flows not counted: out of memory */
};

struct port_report *ports_new(const struct portdb *db, const struct siphash_key *seed)
{
	struct port_report *pr = calloc(1, sizeof(*pr));
	if (!pr)
		return NULL;
	pr->db = db;
	pr->seed = *seed;
	if (hset_init(&pr->distinct, 4096, PORTS_DISTINCT_MAX) != 0) {
		free(pr);
		return NULL;
	}
	return pr;
}

void ports_free(struct port_report *pr)
{
	if (!pr)
		return;
	free(pr->v);
	hset_free(&pr->distinct);
	free(pr);
}

/* 1 when the (entry, role, address) pair is new. */
static int distinct_new(struct port_report *pr, uint32_t entry, int role,
			const uint8_t *addr)
{
	uint8_t buf[4 + 1 + 16];
	memcpy(buf, &entry, 4);
	buf[4] = (uint8_t)role;
	memcpy(buf + 5, addr, 16);
	uint64_t h = siphash13(&pr->seed, buf, sizeof(buf)) | 1; /* never 0 */
	int added = hset_add(&pr->distinct, h);
	if (added < 0) {
		pr->distinct_capped = 1;
		return 0;
	}
	return added;
}

static struct port_entry *entry_for(struct port_report *pr, int tslot, uint16_t port,
				    uint32_t *index)
{
	uint32_t i = pr->idx[tslot][port];
	if (i) {
		*index = i - 1;
		return &pr->v[i - 1];
	}
	if (pr->n == pr->cap) {
		uint32_t ncap = pr->cap ? pr->cap * 2 : 256;
		struct port_entry *nv = realloc(pr->v, ncap * sizeof(*nv));
		if (!nv)
			return NULL;
		pr->v = nv;
		pr->cap = ncap;
	}
	struct port_entry *e = &pr->v[pr->n];
	memset(e, 0, sizeof(*e));
	e->port = port;
	e->tslot = (uint8_t)tslot;
	*index = pr->n;
	pr->idx[tslot][port] = ++pr->n;
	return e;
}

int ports_add_flow(struct port_report *pr, const struct flow *f)
{
	int tslot = f->key.proto == IPPROTO_NUM_TCP ? 0 :
		    f->key.proto == IPPROTO_NUM_UDP ? 1 : -1;
	uint32_t index;
	if (tslot < 0)
		return 0;
	struct port_entry *e = entry_for(pr, tslot, flow_resp_port(f), &index);
	if (!e) {
		pr->dropped++;
		return -1;
	}
	enum tcp_conn_state cs = flow_conn_state(f);
	e->flows++;
	e->packets += f->dir[0].packets + f->dir[1].packets;
	e->bytes += f->dir[0].bytes + f->dir[1].bytes;
	e->states[cs]++;
	e->clients += (uint64_t)distinct_new(pr, index, 0, flow_orig_addr(f));
	e->servers += (uint64_t)distinct_new(pr, index, 1, flow_resp_addr(f));
	return 0;
}

/* ---- JSON ------------------------------------------------------------------ */

static uint64_t rejected(const struct port_entry *e)
{
	return e->states[CS_REJ] + e->states[CS_RSTOS0];
}

static json_t *entry_json(const struct port_report *pr, const struct port_entry *e)
{
	int proto = e->tslot ? IPPROTO_NUM_UDP : IPPROTO_NUM_TCP;
	const char *svc = portdb_service(pr->db, e->port, proto);
	json_t *states = json_object();
	for (int s = 0; s < CS_COUNT; s++)
		if (e->states[s])
			json_object_set_new(states, tcpstate_name(s),
					    json_integer((json_int_t)e->states[s]));
	json_t *o = json_pack("{si ss ss}", "port", e->port,
			      "transport", e->tslot ? "udp" : "tcp",
			      "class", portdb_class_name(portdb_class(e->port)));
	json_object_set_new(o, "service", svc ? json_string(svc) : json_null());
	json_object_set_new(o, "flows", json_integer((json_int_t)e->flows));
	json_object_set_new(o, "packets", json_integer((json_int_t)e->packets));
	json_object_set_new(o, "bytes", json_integer((json_int_t)e->bytes));
	json_object_set_new(o, "clients", json_integer((json_int_t)e->clients));
	json_object_set_new(o, "servers", json_integer((json_int_t)e->servers));
	json_object_set_new(o, "conn_states", states);
	json_object_set_new(o, "rejected", json_integer((json_int_t)rejected(e)));
	json_object_set_new(o, "unanswered", json_integer((json_int_t)e->states[CS_S0]));
	return o;
}

/* Order: most flows first, then transport, then port: stable output. */
static int entry_cmp(const void *a, const void *b)
{
	const struct port_entry *x = *(const struct port_entry *const *)a;
	const struct port_entry *y = *(const struct port_entry *const *)b;
	if (x->flows != y->flows)
		return x->flows > y->flows ? -1 : 1;
	if (x->tslot != y->tslot)
		return x->tslot - y->tslot;
	return (int)x->port - (int)y->port;
}

void ports_by_class(const struct port_report *pr, struct ports_class_sum out[3])
{
	memset(out, 0, 3 * sizeof(*out));
	for (uint32_t i = 0; i < pr->n; i++) {
		struct ports_class_sum *c = &out[portdb_class(pr->v[i].port)];
		c->ports++;
		c->flows += pr->v[i].flows;
		c->packets += pr->v[i].packets;
		c->bytes += pr->v[i].bytes;
	}
}

void ports_summary(const struct port_report *pr, struct ports_summary *out)
{
	out->distinct = pr->n;
	out->flows_not_counted = pr->dropped;
	out->distinct_counts_capped = pr->distinct_capped;
}

/* entry_cmp's order on the entry views. */
static int top_before(const struct ports_top_entry *x, const struct ports_top_entry *y)
{
	if (x->flows != y->flows)
		return x->flows > y->flows;
	if (x->transport != y->transport)
		return x->transport == IPPROTO_NUM_TCP;
	return x->port < y->port;
}

size_t ports_top(const struct port_report *pr, struct ports_top_entry *out, size_t n)
{
	size_t used = 0;
	for (uint32_t i = 0; i < pr->n && n; i++) {
		const struct port_entry *e = &pr->v[i];
		struct ports_top_entry v = { e->port, e->tslot ? IPPROTO_NUM_UDP : IPPROTO_NUM_TCP,
					     e->flows, e->packets, e->bytes };
		if (used == n && !top_before(&v, &out[n - 1]))
			continue;
		size_t lo = 0, hi = used; /* first slot v goes before */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (top_before(&v, &out[mid]))
				hi = mid;
			else
				lo = mid + 1;
		}
		if (used < n)
			used++;
		memmove(&out[lo + 1], &out[lo], (used - 1 - lo) * sizeof(*out));
		out[lo] = v;
	}
	return used;
}

static json_t *classes_json(const struct port_report *pr)
{
	struct ports_class_sum sum[3];
	ports_by_class(pr, sum);
	json_t *o = json_object();
	for (int c = 0; c < 3; c++)
		json_object_set_new(o, portdb_class_name(c), json_pack("{sI sI sI sI}",
			"ports", (json_int_t)sum[c].ports, "flows", (json_int_t)sum[c].flows,
			"packets", (json_int_t)sum[c].packets, "bytes", (json_int_t)sum[c].bytes));
	return o;
}

json_t *ports_json(const struct port_report *pr, unsigned top)
{
	const struct port_entry **order = malloc((pr->n ? pr->n : 1) * sizeof(*order));
	if (!order)
		return NULL;
	for (uint32_t i = 0; i < pr->n; i++)
		order[i] = &pr->v[i];
	qsort(order, pr->n, sizeof(*order), entry_cmp);
	uint32_t shown = top && top < pr->n ? top : pr->n;
	json_t *list = json_array();
	for (uint32_t i = 0; i < shown; i++)
		json_array_append_new(list, entry_json(pr, order[i]));
	free(order);
	return json_pack("{sI sI so so sb sI}", "distinct", (json_int_t)pr->n,
			 "listed", (json_int_t)shown, "by_class", classes_json(pr),
			 "top", list, "distinct_counts_capped", pr->distinct_capped,
			 "flows_not_counted", (json_int_t)pr->dropped);
}
