/* analyzer/core/timeline.c - see timeline.h. */
#include <string.h>
#include "analyzer/core/timeline.h"

enum {
	INITIAL_SHIFT = 10,  /* 2^10 ns, about 1 us: 123 us of buckets to start */
	MAX_SHIFT = 57,      /* 2^57 ns, 4.5 years a bucket: 120 of them span 550 */
	NEAR_FACTOR = 16,    /* a packet may stretch the span 16-fold at once */
	SHARE_MIN_PCT = 1,   /* a histogram with less is set apart at the end */
	MERGE_FACTOR = 256,  /* the most a pause may stretch the picture */
};
#define NEAR_MIN_NS (60ull * 1000000000ull) /* and always by a minute */

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static uint64_t sat_mul(uint64_t a, uint64_t b)
{
	return a && b > UINT64_MAX / a ? UINT64_MAX : a * b;
}

const uint8_t timeline_slot_by_proto[256] = { /* the rest: 0, TL_OTHER */
	[IPPROTO_NUM_TCP] = TL_TCP,
	[IPPROTO_NUM_UDP] = TL_UDP,
	[IPPROTO_NUM_ICMP] = TL_ICMP,
	[IPPROTO_NUM_ICMPV6] = TL_ICMP,
};

const enum timeline_slot timeline_slot_order[TL_SLOTS] = { TL_TCP, TL_UDP, TL_ICMP, TL_OTHER };

const char *timeline_slot_name(enum timeline_slot s)
{
	static const char *const names[TL_SLOTS] = { "other", "tcp", "udp", "icmp" };
	return (unsigned)s < TL_SLOTS ? names[s] : "other";
}

/* ---- one histogram -------------------------------------------------------- */

static void hist_start(struct tl_hist *h, uint64_t ts, unsigned shift, uint64_t width)
{
	memset(h, 0, sizeof(*h));
	h->shift = shift;
	h->width = width;
	h->anchor = ts - ts % width;
	h->lo = h->hi = ts;
}

/* Bucket idx gets the packet; it becomes the fast path's bucket. */
static void hist_put(struct tl_hist *h, unsigned idx, uint64_t ts, unsigned slot,
		     uint64_t bytes)
{
	h->b[idx].packets[slot]++;
	h->b[idx].bytes[slot] += bytes;
	h->packets++;
	if (ts < h->lo)
		h->lo = ts;
	if (ts > h->hi)
		h->hi = ts;
	h->cur = idx;
	h->cur_start = h->anchor + (uint64_t)idx * h->width;
	h->width_in_cur = sat_add(h->cur_start, h->width) - h->cur_start;
}

/* The bucket of ts, or -1 when ts lies outside the buckets. */
static int hist_index(const struct tl_hist *h, uint64_t ts)
{
	if (ts < h->anchor)
		return -1;
	uint64_t i = (ts - h->anchor) / h->width;
	return i < TIMELINE_BUCKETS ? (int)i : -1;
}

/* Move every bucket onto the grid (anchor, shift), which must hold them
 * all: each old bucket lies inside one new one (the widths are powers of
 * two and the anchors multiples of their widths). */
static void hist_rebin(struct tl_hist *h, uint64_t anchor, unsigned shift)
{
	struct tl_bucket old[TIMELINE_BUCKETS];
	memcpy(old, h->b, sizeof(old));
	memset(h->b, 0, sizeof(h->b));
	for (unsigned i = 0; i < TIMELINE_BUCKETS; i++) {
		uint64_t start = h->anchor + ((uint64_t)i << h->shift);
		uint64_t j = (start - anchor) >> shift;
		if (j >= TIMELINE_BUCKETS)
			continue; /* only empty buckets lie past the data */
		for (int s = 0; s < TL_SLOTS; s++) {
			h->b[j].packets[s] += old[i].packets[s];
			h->b[j].bytes[s] += old[i].bytes[s];
		}
	}
	h->anchor = anchor;
	h->shift = shift;
	h->width = 1ull << shift;
	h->width_in_cur = 0; /* no fast-path bucket until the next put */
}

/* Widen h (never narrow it, never below min_shift) until [lo, hi] fits. */
static void hist_fit(struct tl_hist *h, uint64_t lo, uint64_t hi, unsigned min_shift)
{
	unsigned s = h->shift > min_shift ? h->shift : min_shift;
	uint64_t anchor = lo >> s << s;
	while (s < MAX_SHIFT && (hi - anchor) >> s >= TIMELINE_BUCKETS) {
		s++;
		anchor = lo >> s << s;
	}
	if (s != h->shift || anchor != h->anchor)
		hist_rebin(h, anchor, s);
}

/* Is ts close enough to h's packets to stretch its buckets? */
static int hist_near(const struct tl_hist *h, uint64_t ts)
{
	uint64_t reach = sat_mul(NEAR_FACTOR, h->hi - h->lo);
	if (reach < NEAR_MIN_NS)
		reach = NEAR_MIN_NS;
	return sat_add(ts, reach) >= h->lo && ts <= sat_add(h->hi, reach);
}

/* Count the packet in h, widening it first when it does not fit. */
static void hist_add(struct tl_hist *h, uint64_t ts, unsigned slot, uint64_t bytes)
{
	int i = hist_index(h, ts);
	if (i < 0) {
		hist_fit(h, ts < h->lo ? ts : h->lo, ts > h->hi ? ts : h->hi, h->shift);
		i = hist_index(h, ts);
		if (i < 0) /* beyond MAX_SHIFT's reach: cannot happen in 64-bit ns */
			i = ts < h->anchor ? 0 : TIMELINE_BUCKETS - 1;
	}
	hist_put(h, (unsigned)i, ts, slot, bytes);
}

static uint64_t hist_bytes(const struct tl_hist *h)
{
	uint64_t n = 0;
	for (unsigned i = 0; i < TIMELINE_BUCKETS; i++)
		for (int s = 0; s < TL_SLOTS; s++)
			n += h->b[i].bytes[s];
	return n;
}

/* ---- outside ------------------------------------------------------------------ */

static void outside_add(struct tl_outside *o, uint64_t packets, uint64_t bytes, int before)
{
	o->packets += packets;
	o->bytes += bytes;
	if (before)
		o->before += packets;
	else
		o->after += packets;
}

/* ---- reading: the bulk and the far ------------------------------------------- */

static void add_spanning(struct timeline *t, uint64_t ts, unsigned slot, uint64_t bytes)
{
	struct tl_hist *m = &t->main, *s = &t->side;
	if (ts == UINT64_MAX) {
		/* The readers saturate a time they cannot represent in 64-bit
		 * nanoseconds (after July 2554): not a time at all. */
		outside_add(&t->outside, 1, bytes, 0);
		return;
	}
	if (!m->packets) {
		hist_start(m, ts, INITIAL_SHIFT, 1ull << INITIAL_SHIFT);
		hist_put(m, (unsigned)hist_index(m, ts), ts, slot, bytes);
		return;
	}
	if (hist_near(m, ts)) {
		hist_add(m, ts, slot, bytes);
		return;
	}
	if (s->packets && hist_near(s, ts)) {
		hist_add(s, ts, slot, bytes);
		return;
	}
	uint64_t total = m->packets + s->packets + t->outside.packets;
	if (s->packets && s->packets * 100 >= total * SHARE_MIN_PCT) {
		outside_add(&t->outside, 1, bytes, ts < m->lo);
		return;
	}
	/* The side histogram is empty or holds a stray few: those are set
	 * apart, and this packet starts it afresh (a pause in the capture
	 * after a stray timestamp is then still drawn). */
	if (s->packets)
		outside_add(&t->outside, s->packets, hist_bytes(s), s->lo < m->lo);
	hist_start(s, ts, INITIAL_SHIFT, 1ull << INITIAL_SHIFT);
	hist_put(s, (unsigned)hist_index(s, ts), ts, slot, bytes);
}

/* ---- live: a rolling window ------------------------------------------------------ */

static void add_rolling(struct timeline *t, uint64_t ts, unsigned slot, uint64_t bytes)
{
	struct tl_hist *m = &t->main;
	if (!m->packets && !t->outside.packets)
		hist_start(m, ts, 0, TIMELINE_ROLL_NS);
	if (ts < m->anchor) {
		outside_add(&t->outside, 1, bytes, 1);
		return;
	}
	uint64_t i = (ts - m->anchor) / m->width;
	if (i >= TIMELINE_BUCKETS) {
		uint64_t drop = i - (TIMELINE_BUCKETS - 1);
		unsigned n = drop < TIMELINE_BUCKETS ? (unsigned)drop : TIMELINE_BUCKETS;
		for (unsigned k = 0; k < n; k++)
			for (int s = 0; s < TL_SLOTS; s++) {
				outside_add(&t->outside, m->b[k].packets[s], m->b[k].bytes[s], 1);
				m->packets -= m->b[k].packets[s];
			}
		memmove(m->b, m->b + n, (TIMELINE_BUCKETS - n) * sizeof(m->b[0]));
		memset(m->b + TIMELINE_BUCKETS - n, 0, n * sizeof(m->b[0]));
		m->anchor += drop * m->width;
		m->lo = m->anchor;
		i = TIMELINE_BUCKETS - 1;
	}
	hist_put(m, (unsigned)i, ts, slot, bytes);
}

void timeline_init(struct timeline *t, int rolling)
{
	memset(t, 0, sizeof(*t));
	t->rolling = rolling;
}

void timeline_add_slow(struct timeline *t, uint64_t ts, unsigned slot, uint64_t bytes)
{
	if (t->rolling)
		add_rolling(t, ts, slot, bytes);
	else
		add_spanning(t, ts, slot, bytes);
}

/* ---- the view ------------------------------------------------------------------ */

/* Merge src into dst, widening dst to hold both. */
static void hist_merge(struct tl_hist *dst, const struct tl_hist *src)
{
	uint64_t lo = src->lo < dst->lo ? src->lo : dst->lo;
	uint64_t hi = src->hi > dst->hi ? src->hi : dst->hi;
	hist_fit(dst, lo, hi, src->shift);
	for (unsigned i = 0; i < TIMELINE_BUCKETS; i++) {
		uint64_t start = src->anchor + ((uint64_t)i << src->shift);
		uint64_t j = (start - dst->anchor) >> dst->shift;
		if (j >= TIMELINE_BUCKETS)
			continue;
		for (int s = 0; s < TL_SLOTS; s++) {
			dst->b[j].packets[s] += src->b[i].packets[s];
			dst->b[j].bytes[s] += src->b[i].bytes[s];
		}
	}
	dst->packets += src->packets;
	dst->lo = lo;
	dst->hi = hi;
}

/* Two histograms are one capture with a pause when the span of both is
 * within MERGE_FACTOR times the longer of their spans (and a minute): a
 * pause of hours in a capture of minutes is drawn; decades are not. */
static int mergeable(const struct tl_hist *a, const struct tl_hist *b)
{
	uint64_t lo = a->lo < b->lo ? a->lo : b->lo, hi = a->hi > b->hi ? a->hi : b->hi;
	uint64_t longest = a->hi - a->lo > b->hi - b->lo ? a->hi - a->lo : b->hi - b->lo;
	if (longest < NEAR_MIN_NS)
		longest = NEAR_MIN_NS;
	return hi - lo <= sat_mul(MERGE_FACTOR, longest);
}

int timeline_view(const struct timeline *t, struct tl_hist *out, struct tl_outside *outside)
{
	const struct tl_hist *m = &t->main, *s = &t->side;
	*out = *m;
	*outside = t->outside;
	if (t->rolling || !s->packets)
		return out->packets > 0;
	uint64_t total = m->packets + s->packets + t->outside.packets;
	int m_real = m->packets * 100 >= total * SHARE_MIN_PCT;
	int s_real = s->packets * 100 >= total * SHARE_MIN_PCT;
	if (m_real && s_real && mergeable(m, s)) {
		hist_merge(out, s);
	} else if (s->packets > m->packets) {
		*out = *s;
		outside_add(outside, m->packets, hist_bytes(m), m->lo < s->lo);
	} else {
		outside_add(outside, s->packets, hist_bytes(s), s->lo < m->lo);
	}
	return out->packets > 0;
}
