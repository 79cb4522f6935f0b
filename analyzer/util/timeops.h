/* analyzer/util/timeops.h - time arithmetic on capture timestamps that
 * cannot wrap. Timestamps are ns since the Unix epoch in a uint64_t, and
 * a damaged or forged capture can hold any of them: pcapplusplus's
 * pcapng-example.pcapng has an interface whose clock runs to the year
 * 2554, within a few seconds of UINT64_MAX ns. There `last_ts + timeout`
 * wraps to a small number, every flow looks expired at its next packet,
 * and each packet becomes a flow of its own. Add with saturation, and
 * compare ages (a difference of two times, later minus earlier) rather
 * than sums. */
#ifndef PORTLENS_TIMEOPS_H
#define PORTLENS_TIMEOPS_H

#include <stdint.h>

/* a + b, or UINT64_MAX when that does not fit. */
static inline uint64_t time_add_sat(uint64_t a, uint64_t b)
{
	uint64_t r;
	return __builtin_add_overflow(a, b, &r) ? UINT64_MAX : r;
}

/* now - then, or 0 when then is later (timestamps out of order). */
static inline uint64_t time_age(uint64_t now, uint64_t then)
{
	return now > then ? now - then : 0;
}

/* At least span ns passed from then to now. */
static inline int time_elapsed(uint64_t now, uint64_t then, uint64_t span)
{
	return now >= then && now - then >= span;
}

#endif
