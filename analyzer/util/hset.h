/* analyzer/util/hset.h - a set of nonzero 64-bit keyed hashes (open
 * addressing, linear probing), grown by doubling up to a cap. Used where
 * only "seen before?" matters and the keys are hashes already: the port
 * report's distinct clients and servers, the scan detector's first
 * contacts. Callers make hashes nonzero (h | 1); 0 marks an empty slot. */
#ifndef PORTLENS_HSET_H
#define PORTLENS_HSET_H

#include <stdint.h>

struct hset {
	uint64_t *slot;
	uint32_t cap, n;   /* slots (a power of two), entries */
	uint32_t max;      /* entries allowed (load stays <= 1/2) */
};

/* Start with `initial` slots (a power of two) and room for `max` entries.
 * 0, or -1 out of memory. */
int hset_init(struct hset *s, uint32_t initial, uint32_t max);
void hset_free(struct hset *s);

/* 1 when h was added, 0 when it was there, -1 when the set is full (at
 * max, or out of memory to grow): the caller decides what full means. */
int hset_add(struct hset *s, uint64_t h);

/* Forget every entry (keeps the memory). */
void hset_clear(struct hset *s);

#endif
