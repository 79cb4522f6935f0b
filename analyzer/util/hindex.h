/* analyzer/util/hindex.h - an open-addressing index from a 32-bit hash to a
 * pool index, shared by the flow table and the scan detector's source
 * table. Linear probing with twice as many slots as entries; deletion by
 * backward shift (Knuth, TAOCP vol. 3, 6.4 algorithm R), so no
 * tombstones pile up under churn. The caller owns the entries and says
 * whether the one at a pool index matches (eq), so keys of any shape fit.
 * Inline: the lookup is on the per-packet path. */
#ifndef PORTLENS_HINDEX_H
#define PORTLENS_HINDEX_H

#include <stdint.h>
#include <stdlib.h>

#define HINDEX_NONE UINT32_MAX

struct hindex_slot {
	uint32_t idx1;  /* pool index + 1; 0 = empty */
	uint32_t hash;
};

struct hindex {
	struct hindex_slot *slots;
	uint32_t mask;
};

/* Room for `entries` at load <= 0.5. 0, or -1 out of memory. */
static inline int hindex_init(struct hindex *ix, uint32_t entries)
{
	uint32_t n = 1024;
	while (n < 2 * (uint64_t)entries)
		n <<= 1;
	ix->mask = n - 1;
	ix->slots = calloc(n, sizeof(*ix->slots));
	return ix->slots ? 0 : -1;
}

static inline void hindex_free(struct hindex *ix)
{
	free(ix->slots);
	ix->slots = NULL;
}

/* The pool index whose entry eq() accepts, or HINDEX_NONE. */
static inline uint32_t hindex_find(const struct hindex *ix, uint32_t h,
				   int (*eq)(const void *ctx, uint32_t idx),
				   const void *ctx)
{
	for (uint32_t i = h & ix->mask;; i = (i + 1) & ix->mask) {
		const struct hindex_slot *s = &ix->slots[i];
		if (!s->idx1)
			return HINDEX_NONE;
		if (s->hash == h && eq(ctx, s->idx1 - 1))
			return s->idx1 - 1;
	}
}

static inline void hindex_insert(struct hindex *ix, uint32_t idx, uint32_t h)
{
	uint32_t i = h & ix->mask;
	while (ix->slots[i].idx1)
		i = (i + 1) & ix->mask;
	ix->slots[i].idx1 = idx + 1;
	ix->slots[i].hash = h;
}

/* idx must be present under hash h. */
static inline void hindex_remove(struct hindex *ix, uint32_t idx, uint32_t h)
{
	uint32_t i = h & ix->mask;
	while (ix->slots[i].idx1 != idx + 1)
		i = (i + 1) & ix->mask;
	for (uint32_t j = (i + 1) & ix->mask; ix->slots[j].idx1; j = (j + 1) & ix->mask) {
		uint32_t home = ix->slots[j].hash & ix->mask;
		/* Move j back to i unless its home lies cyclically in (i, j]. */
		if (((j - home) & ix->mask) >= ((j - i) & ix->mask)) {
			ix->slots[i] = ix->slots[j];
			i = j;
		}
	}
	ix->slots[i].idx1 = 0;
}

#endif
