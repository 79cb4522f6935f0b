/* analyzer/flow/tunctx.h - the tunnel a flow was carried in, interned.
 * Flows in tunnels are many, the tunnels they share few (one VXLAN pair
 * of endpoints carries a whole tenant network), so each distinct context
 * (type, id, outer addresses) is stored once and a flow keeps a pointer:
 * 8 bytes per flow instead of 40. A table holds at most TUNCTX_MAX
 * contexts; past that a flow points at a context that names the type
 * only, and the refusal is counted (a cap in the report).
 * Entries never move or die before tunctx_free(), so a flow's pointer
 * stays valid for the flow's whole life, after the flow table let go of
 * it too (the outputs read it when the flow ends). */
#ifndef PORTLENS_TUNCTX_H
#define PORTLENS_TUNCTX_H

#include <stdint.h>
#include "analyzer/util/hindex.h"
#include "analyzer/util/siphash.h"
#include "dissectors/packet.h"

#define TUNCTX_MAX 4096u

/* One context, oriented as the flow's first packet went. */
struct tunnel_ctx {
	uint8_t type;          /* enum tunnel_type */
	uint8_t depth;         /* tunnels around the flow's first packet */
	uint8_t has_id;
	uint8_t outer_ip_ver;  /* 0: addresses unknown (table full) */
	uint32_t id;
	uint8_t outer_src[16], outer_dst[16];
};

struct tunctx_table {
	struct siphash_key seed;
	struct tunnel_ctx *ctx;   /* TUNCTX_MAX entries, allocated on first use */
	struct hindex index;      /* hash -> ctx index (analyzer/util/hindex.h) */
	uint32_t used;
	uint64_t dropped;         /* contexts refused: the table was full */
};

void tunctx_init(struct tunctx_table *t, const struct siphash_key *seed);
void tunctx_free(struct tunctx_table *t);

/* The context of p's innermost tunnel (p->tunnel.depth > 0), swapped when
 * swap is 1 so that it reads from the flow's originator. Never NULL: when
 * the table is full or memory runs out, a static context of the type
 * alone. Valid until tunctx_free(). */
const struct tunnel_ctx *tunctx_intern(struct tunctx_table *t, const struct packet *p,
				       int swap);

#endif
