/* analyzer/detect/neighbour.c - see neighbour.h. */
#include <stdlib.h>
#include <string.h>
#include "analyzer/detect/neighbour.h"

int neigh_init(struct neigh_table *t, const struct siphash_key *key)
{
	memset(t, 0, sizeof(*t));
	t->key = *key;
	t->q = calloc(NEIGH_WAITING, sizeof(*t->q));
	t->recent = calloc(NEIGH_RECENT, sizeof(*t->recent));
	if (!t->q || !t->recent || hindex_init(&t->index, NEIGH_WAITING) != 0) {
		neigh_free(t);
		return -1;
	}
	return 0;
}

void neigh_free(struct neigh_table *t)
{
	free(t->q);
	free(t->recent);
	hindex_free(&t->index);
	memset(t, 0, sizeof(*t));
}

struct req_match {
	const struct neigh_table *t;
	const uint8_t *src, *dst;
};

static int req_eq(const void *ctx, uint32_t idx)
{
	const struct req_match *m = ctx;
	const struct neigh_req *r = &m->t->q[idx];
	return memcmp(r->src, m->src, 16) == 0 && memcmp(r->dst, m->dst, 16) == 0;
}

static uint32_t req_hash(const struct neigh_table *t, const uint8_t *src, const uint8_t *dst)
{
	uint8_t buf[32];
	memcpy(buf, src, 16);
	memcpy(buf + 16, dst, 16);
	return (uint32_t)siphash13(&t->key, buf, sizeof(buf));
}

static uint32_t req_find(const struct neigh_table *t, const uint8_t *src, const uint8_t *dst)
{
	struct req_match m = { t, src, dst };
	return hindex_find(&t->index, req_hash(t, src, dst), req_eq, &m);
}

static void req_forget(struct neigh_table *t, uint32_t i)
{
	t->q[i].live = 0;
	hindex_remove(&t->index, i, t->q[i].hash);
}

int neigh_request(struct neigh_table *t, const uint8_t *src, const uint8_t *dst,
		  uint8_t ip_ver, uint64_t ts, uint64_t deadline)
{
	if (req_find(t, src, dst) != HINDEX_NONE)
		return 1;
	if (t->len == NEIGH_WAITING)
		return -1;
	uint32_t i = (t->head + t->len++) % NEIGH_WAITING;
	struct neigh_req *r = &t->q[i];
	memcpy(r->src, src, 16);
	memcpy(r->dst, dst, 16);
	r->ip_ver = ip_ver;
	r->ts = ts;
	r->deadline = deadline;
	r->answered = 0;
	r->live = 1;
	r->hash = req_hash(t, src, dst);
	hindex_insert(&t->index, i, r->hash);
	return 0;
}

void neigh_reply(struct neigh_table *t, const uint8_t *replier, const uint8_t *asker)
{
	uint32_t i = req_find(t, asker, replier);
	if (i != HINDEX_NONE)
		t->q[i].answered = 1;
}

void neigh_resolved(struct neigh_table *t, const uint8_t *src, const uint8_t *dst)
{
	uint32_t i = req_find(t, src, dst);
	if (i != HINDEX_NONE)
		req_forget(t, i);
}

int neigh_due(struct neigh_table *t, uint64_t now, struct neigh_req *out)
{
	while (t->len && t->q[t->head].deadline <= now) {
		uint32_t i = t->head;
		int live = t->q[i].live;
		if (live) {
			req_forget(t, i);
			*out = t->q[i];
		}
		t->head = (t->head + 1) % NEIGH_WAITING;
		t->len--;
		if (live)
			return 1;
	}
	return 0;
}

void neigh_remember(struct neigh_table *t, const struct neigh_req *r)
{
	struct neigh_seen *s = &t->recent[t->recent_pos++ % NEIGH_RECENT];
	memcpy(s->src, r->src, 16);
	memcpy(s->dst, r->dst, 16);
	s->ip_ver = r->ip_ver;
	s->up = r->answered;
}

void neigh_recent_foreach(const struct neigh_table *t, const uint8_t *src,
			  void (*fn)(void *ctx, const struct neigh_seen *s), void *ctx)
{
	uint32_t n = t->recent_pos < NEIGH_RECENT ? t->recent_pos : NEIGH_RECENT;
	for (uint32_t i = 0; i < n; i++)
		if (memcmp(t->recent[i].src, src, 16) == 0)
			fn(ctx, &t->recent[i]);
}
