/* analyzer/core/timeline.h - packets and bytes per time bucket, by
 * transport: the report's "timeline" section (docs/json.md), a fixed
 * number of buckets whatever the capture's length.
 *
 * Reading a file, the buckets span the bulk of the packets: their width
 * is a power of two nanoseconds and doubles (buckets merge pairwise) as
 * the capture grows, so the data fill between half and all of them. A
 * packet far from everything seen so far (farther than 16 times the span
 * so far, and at least a minute) is not allowed to stretch the buckets:
 * it goes to a second histogram. At the end the two are merged when both
 * hold a real share of the packets (1% or more) and lie close enough to be
 * one capture with a pause (the pause at most 256 times the longer span);
 * otherwise the one with more packets is drawn and the other set apart as
 * outliers. A time the readers saturated (64-bit nanoseconds end in July
 * 2554; pcapng-example.pcapng has 100 such packets) is always an outlier.
 * So damaged or forged timestamps cannot squash the picture into one
 * bucket. Outliers are counted apart ("outside"), so the buckets plus
 * outside always add up to every packet.
 *
 * Live, the buckets roll: a fixed width, the last TIMELINE_BUCKETS of
 * them, older packets counted as outside.before.
 *
 * Cost per packet: one compare against the current bucket and three adds;
 * a bucket change takes a shift (or, live, a division). No allocation. */
#ifndef PORTLENS_TIMELINE_H
#define PORTLENS_TIMELINE_H

#include <stdint.h>
#include "dissectors/packet.h"

#define TIMELINE_BUCKETS 120
/* Live: the width of a rolling bucket (10 s: the last 20 minutes). */
#define TIMELINE_ROLL_NS (10ull * 1000000000ull)

/* Slots; TL_OTHER is 0 so that the slot table needs no default. Shown
 * in the order tcp, udp, icmp, other (timeline_slot_order). */
enum timeline_slot { TL_OTHER = 0, TL_TCP, TL_UDP, TL_ICMP, TL_SLOTS };
extern const enum timeline_slot timeline_slot_order[TL_SLOTS];

struct tl_bucket {
	uint64_t packets[TL_SLOTS], bytes[TL_SLOTS];
};

/* One histogram: bucket i covers [anchor + i*w, anchor + (i+1)*w). */
struct tl_hist {
	uint64_t anchor;    /* ns, a multiple of w */
	uint64_t width;     /* ns: 2^shift, or TIMELINE_ROLL_NS rolling */
	unsigned shift;     /* log2(width) when not rolling */
	uint64_t lo, hi;    /* earliest and latest packet in it */
	uint64_t packets;   /* packets in it */
	uint64_t cur_start;  /* the last bucket hit, for the fast path: */
	uint64_t width_in_cur; /* its width (0: none; less at the 2^64 end) */
	unsigned cur;
	struct tl_bucket b[TIMELINE_BUCKETS];
};

struct tl_outside {
	uint64_t packets, bytes, before, after;
};

struct timeline {
	int rolling;
	struct tl_hist main, side;
	struct tl_outside outside;
};

/* rolling: live capture. */
void timeline_init(struct timeline *t, int rolling);

/* Which slot a packet counts in: its first transport as the decode
 * stats count it (ICMPv6 with ICMP); everything else is "other". */
extern const uint8_t timeline_slot_by_proto[256];
static inline unsigned timeline_slot_of(const struct packet *p)
{
	return p->ip_ver && p->l4_seen ? timeline_slot_by_proto[p->l4_proto] : TL_OTHER;
}

/* The packets that do not fall in the current bucket. */
void timeline_add_slow(struct timeline *t, uint64_t ts, unsigned slot, uint64_t bytes);

/* Hot path: count one packet. Inline: most packets land in the bucket
 * the one before landed in, a compare and three adds. */
static inline void timeline_add(struct timeline *t, const struct packet *p)
{
	struct tl_hist *m = &t->main;
	uint64_t ts = p->ts_ns;
	unsigned slot = timeline_slot_of(p);
	if (ts - m->cur_start < m->width_in_cur) {
		/* lo and hi are not moved here: they stay within the bucket,
		 * which is all the span decisions need. */
		struct tl_bucket *b = &m->b[m->cur];
		b->packets[slot]++;
		b->bytes[slot] += p->wire_len;
		m->packets++;
		return;
	}
	timeline_add_slow(t, ts, slot, p->wire_len);
}

/* The timeline to report, decided from t (t is left as it was, so live
 * mode can go on adding): out gets the buckets, out_outside what is set
 * apart. Returns 0 when no packet was counted. */
int timeline_view(const struct timeline *t, struct tl_hist *out,
		  struct tl_outside *out_outside);

const char *timeline_slot_name(enum timeline_slot s);

#endif
