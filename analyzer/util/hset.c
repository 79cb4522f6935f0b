/* analyzer/util/hset.c - see hset.h. */
#include <stdlib.h>
#include <string.h>
#include "analyzer/util/hset.h"

int hset_init(struct hset *s, uint32_t initial, uint32_t max)
{
	memset(s, 0, sizeof(*s));
	s->cap = initial;
	s->max = max;
	s->slot = calloc(initial, sizeof(*s->slot));
	return s->slot ? 0 : -1;
}

void hset_free(struct hset *s)
{
	free(s->slot);
	memset(s, 0, sizeof(*s));
}

static int insert_raw(uint64_t *slot, uint32_t cap, uint64_t h)
{
	for (uint32_t i = (uint32_t)h & (cap - 1);; i = (i + 1) & (cap - 1)) {
		if (slot[i] == h)
			return 0;
		if (!slot[i]) {
			slot[i] = h;
			return 1;
		}
	}
}

static int grow(struct hset *s)
{
	uint32_t ncap = s->cap * 2;
	uint64_t *n = calloc(ncap, sizeof(*n));
	if (!n)
		return -1;
	for (uint32_t i = 0; i < s->cap; i++)
		if (s->slot[i])
			insert_raw(n, ncap, s->slot[i]);
	free(s->slot);
	s->slot = n;
	s->cap = ncap;
	return 0;
}

int hset_add(struct hset *s, uint64_t h)
{
	if (s->n + 1 > s->cap / 2) {
		if (s->n + 1 > s->max || grow(s) != 0) {
			/* Full: still answer "seen" for what is there. */
			for (uint32_t i = (uint32_t)h & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
				if (s->slot[i] == h)
					return 0;
				if (!s->slot[i])
					return -1;
			}
		}
	}
	int added = insert_raw(s->slot, s->cap, h);
	s->n += (uint32_t)added;
	return added;
}

void hset_clear(struct hset *s)
{
	memset(s->slot, 0, (size_t)s->cap * sizeof(*s->slot));
	s->n = 0;
}
