/* analyzer/util/evict.h - which entry of a full pool to forget: Redis's
 * approximate LRU (redis/src/evict.c's idea): look at a few entries and
 * take the one seen least recently. A fixed stride (a prime, so every
 * index comes round for any pool size it does not divide) walks the pool,
 * so the work is EVICT_SAMPLES reads whatever the pool's size, and no
 * list has to be kept in recency order on the packet path. Used by the
 * scan detector's sources and the knock detector's pairs. */
#ifndef PORTLENS_EVICT_H
#define PORTLENS_EVICT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define EVICT_SAMPLES 8
#define EVICT_STRIDE 7919u

/* The least recently seen of EVICT_SAMPLES entries of a pool of n (n > 0)
 * structs of stride bytes at base, whose uint64_t last-seen time is at
 * byte ts_off of each; *cursor (below n) is where the next walk starts. */
static inline uint32_t evict_sample(const void *base, size_t stride, size_t ts_off,
				    uint32_t n, uint32_t *cursor)
{
	const unsigned char *p = base;
	uint32_t best = *cursor;
	uint64_t best_ts = UINT64_MAX;
	for (int k = 0; k < EVICT_SAMPLES; k++) {
		uint32_t i = *cursor;
		uint64_t ts;
		*cursor = (uint32_t)((*cursor + (uint64_t)EVICT_STRIDE) % n);
		memcpy(&ts, p + (size_t)i * stride + ts_off, sizeof(ts));
		if (ts < best_ts) {
			best = i;
			best_ts = ts;
		}
	}
	return best;
}

#endif
