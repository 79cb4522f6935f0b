/* analyzer/flow/tunctx.c - interned tunnel contexts (tunctx.h): a fixed
 * array and the shared open-addressing index (hindex.h), hashed with the
 * flow table's seed so that crafted outer addresses cannot pile into one
 * probe chain. Runs once per flow created from a tunnelled packet. */
#include <stdlib.h>
#include <string.h>
#include "analyzer/flow/tunctx.h"
#include "dissectors/tunnel.h"

/* Type-only contexts, for flows whose context the table could not keep. */
static const struct tunnel_ctx type_only[TUN_COUNT] = {
#define TYPE_ONLY(t) [t] = { .type = t }
	TYPE_ONLY(TUN_NONE), TYPE_ONLY(TUN_IPIP), TYPE_ONLY(TUN_GRE),
	TYPE_ONLY(TUN_ERSPAN), TYPE_ONLY(TUN_VXLAN), TYPE_ONLY(TUN_VXLAN_GPE),
	TYPE_ONLY(TUN_NSH), TYPE_ONLY(TUN_GENEVE), TYPE_ONLY(TUN_GTPU),
	TYPE_ONLY(TUN_TEREDO), TYPE_ONLY(TUN_AYIYA), TYPE_ONLY(TUN_GRE_UDP),
#undef TYPE_ONLY
};

void tunctx_init(struct tunctx_table *t, const struct siphash_key *seed)
{
	memset(t, 0, sizeof(*t));
	t->seed = *seed;
}

void tunctx_free(struct tunctx_table *t)
{
	free(t->ctx);
	t->ctx = NULL;
	hindex_free(&t->index);
}

static void ctx_from_packet(struct tunnel_ctx *c, const struct packet *p, int swap)
{
	const struct packet_tunnel *tu = &p->tunnel;
	memset(c, 0, sizeof(*c));
	c->type = tu->type;
	c->depth = tu->depth;
	c->has_id = tu->has_id;
	c->outer_ip_ver = tu->outer_ip_ver;
	c->id = tu->id;
	memcpy(c->outer_src, swap ? tu->outer_dst : tu->outer_src, 16);
	memcpy(c->outer_dst, swap ? tu->outer_src : tu->outer_dst, 16);
}

struct ctx_match {
	const struct tunctx_table *t;
	const struct tunnel_ctx *want;
};

static int ctx_eq(const void *ctx, uint32_t idx)
{
	const struct ctx_match *m = ctx;
	return memcmp(&m->t->ctx[idx], m->want, sizeof(*m->want)) == 0;
}

static int tunctx_alloc(struct tunctx_table *t)
{
	if (t->ctx)
		return 0;
	t->ctx = malloc(TUNCTX_MAX * sizeof(*t->ctx));
	if (t->ctx && hindex_init(&t->index, TUNCTX_MAX) == 0)
		return 0;
	tunctx_free(t);
	return -1;
}

const struct tunnel_ctx *tunctx_intern(struct tunctx_table *t, const struct packet *p,
				       int swap)
{
	struct tunnel_ctx want;
	unsigned type = p->tunnel.type < TUN_COUNT ? p->tunnel.type : TUN_NONE;

	ctx_from_packet(&want, p, swap);
	if (tunctx_alloc(t) != 0) {
		t->dropped++;
		return &type_only[type];
	}
	uint32_t h = (uint32_t)siphash13(&t->seed, &want, sizeof(want));
	struct ctx_match m = { t, &want };
	uint32_t i = hindex_find(&t->index, h, ctx_eq, &m);
	if (i != HINDEX_NONE)
		return &t->ctx[i];
	if (t->used == TUNCTX_MAX) {
		t->dropped++;
		return &type_only[type];
	}
	t->ctx[t->used] = want;
	hindex_insert(&t->index, t->used, h);
	return &t->ctx[t->used++];
}
