/* tests/test_timeline.c - the report's timeline (analyzer/core/timeline.c):
 * the buckets span the bulk of the packets whatever the capture's length,
 * stray and saturated timestamps are set apart and counted, a pause in
 * a capture is drawn, live buckets roll, and every packet is counted
 * exactly once (buckets plus outside). */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/core/timeline.h"

#define S(x) ((uint64_t)(x) * 1000000000ull)
#define MS(x) ((uint64_t)(x) * 1000000ull)
#define T2026 S(1795700000ull) /* November 2026 */

static struct timeline *tl;

static void start(int rolling)
{
	tl = calloc(1, sizeof(*tl));
	CU_ASSERT_PTR_NOT_NULL_FATAL(tl);
	timeline_init(tl, rolling);
}

static void add(uint64_t ts, uint8_t proto)
{
	struct packet p;
	memset(&p, 0, sizeof(p));
	p.ts_ns = ts;
	p.ip_ver = 4;
	p.l4_seen = 1;
	p.l4_proto = proto;
	p.wire_len = 100;
	timeline_add(tl, &p);
}

/* Packets in the buckets (all slots), and the buckets holding any. */
static uint64_t in_buckets(const struct tl_hist *h, unsigned *used)
{
	uint64_t n = 0;
	*used = 0;
	for (unsigned i = 0; i < TIMELINE_BUCKETS; i++) {
		uint64_t b = 0;
		for (int s = 0; s < TL_SLOTS; s++)
			b += h->b[i].packets[s];
		n += b;
		*used += b != 0;
	}
	return n;
}

/* The view; checks that buckets plus outside are every packet added. */
static void view(struct tl_hist *h, struct tl_outside *o, uint64_t added)
{
	unsigned used;
	timeline_view(tl, h, o);
	CU_ASSERT_EQUAL(in_buckets(h, &used) + o->packets, added);
	CU_ASSERT_EQUAL(o->before + o->after, o->packets);
	CU_ASSERT_EQUAL(o->bytes, o->packets * 100);
}

static void timeline_spans_the_capture_with_power_of_two_buckets(void)
{
	struct tl_hist h;
	struct tl_outside o;
	unsigned used;
	start(0);
	for (unsigned i = 0; i < 1000; i++) /* 10 s, a packet every 10 ms */
		add(T2026 + MS(10) * i, i % 3 ? 6 : 17);
	view(&h, &o, 1000);
	CU_ASSERT_EQUAL(o.packets, 0);
	CU_ASSERT_EQUAL(h.width & (h.width - 1), 0);      /* a power of two */
	CU_ASSERT(h.width * TIMELINE_BUCKETS >= S(10));   /* holds 10 s */
	CU_ASSERT(h.width * TIMELINE_BUCKETS < S(40));    /* and not much more */
	in_buckets(&h, &used);
	CU_ASSERT(used >= TIMELINE_BUCKETS / 4);          /* the data fill it */
	uint64_t tcp = 0, udp = 0;
	for (unsigned i = 0; i < TIMELINE_BUCKETS; i++) {
		tcp += h.b[i].packets[TL_TCP];
		udp += h.b[i].packets[TL_UDP];
	}
	CU_ASSERT_EQUAL(udp, 334);
	CU_ASSERT_EQUAL(tcp, 666);
	free(tl);
}

/* pcapng-example.pcapng's trap: 58 packets in 2015, one in 2061 and 100
 * the reader saturated at 2^64-1 ns (July 2554). */
static void timeline_sets_absurd_timestamps_apart(void)
{
	struct tl_hist h;
	struct tl_outside o;
	start(0);
	add(S(1422527998), 6);
	add(S(2894531997), 6);
	for (unsigned i = 0; i < 57; i++)
		add(S(1422527998) + MS(600) * i, 6);
	for (unsigned i = 0; i < 100; i++)
		add(UINT64_MAX, 6);
	view(&h, &o, 159);
	CU_ASSERT_EQUAL(o.packets, 101);
	CU_ASSERT_EQUAL(o.after, 101);
	CU_ASSERT(h.anchor <= S(1422527998) && h.anchor > S(1422527998) - S(60));
	CU_ASSERT(h.width * TIMELINE_BUCKETS < S(120)); /* the 34 s of the bulk */
	free(tl);
}

static void timeline_first_packet_stray_is_set_apart(void)
{
	struct tl_hist h;
	struct tl_outside o;
	start(0);
	add(S(1), 17); /* 1970: a clock not yet set */
	for (unsigned i = 0; i < 500; i++)
		add(T2026 + MS(20) * i, 6);
	view(&h, &o, 501);
	CU_ASSERT_EQUAL(o.packets, 1);
	CU_ASSERT_EQUAL(o.before, 1);
	CU_ASSERT(h.anchor >= T2026 - S(60));
	free(tl);
}

static void timeline_pause_in_capture_is_drawn(void)
{
	struct tl_hist h;
	struct tl_outside o;
	unsigned used;
	start(0);
	for (unsigned i = 0; i < 200; i++)
		add(T2026 + MS(50) * i, 6);             /* 10 s */
	for (unsigned i = 0; i < 200; i++)
		add(T2026 + S(3600) + MS(50) * i, 17);  /* an hour later, 10 s */
	view(&h, &o, 400);
	CU_ASSERT_EQUAL(o.packets, 0);
	in_buckets(&h, &used);
	CU_ASSERT(used >= 2);
	CU_ASSERT(h.width * TIMELINE_BUCKETS >= S(3610));
	free(tl);
}

static void timeline_decades_apart_keeps_the_larger(void)
{
	struct tl_hist h;
	struct tl_outside o;
	start(0);
	for (unsigned i = 0; i < 300; i++)
		add(T2026 + MS(10) * i, 6);
	for (unsigned i = 0; i < 100; i++)
		add(T2026 + S(86400ull * 365 * 30) + MS(10) * i, 6);
	view(&h, &o, 400);
	CU_ASSERT_EQUAL(o.packets, 100);
	CU_ASSERT_EQUAL(o.after, 100);
	CU_ASSERT(h.width * TIMELINE_BUCKETS < S(60));
	free(tl);
}

static void timeline_empty_has_no_span(void)
{
	struct tl_hist h;
	struct tl_outside o;
	start(0);
	CU_ASSERT_EQUAL(timeline_view(tl, &h, &o), 0);
	CU_ASSERT_EQUAL(o.packets, 0);
	free(tl);
}

static void timeline_live_buckets_roll(void)
{
	struct tl_hist h;
	struct tl_outside o;
	start(1);
	for (unsigned i = 0; i < 3600; i++) /* an hour, a packet a second */
		add(T2026 + S(i), 6);
	view(&h, &o, 3600);
	CU_ASSERT_EQUAL(h.width, TIMELINE_ROLL_NS);
	/* The last 120 buckets of 10 s: 1200 packets in them at most. */
	CU_ASSERT(o.before >= 3600 - 1200);
	CU_ASSERT(o.before < 3600 - 1180);
	CU_ASSERT(h.anchor + TIMELINE_BUCKETS * h.width > T2026 + S(3599));
	add(T2026 - S(5), 6); /* the clock stepped back: before the window */
	view(&h, &o, 3601);
	free(tl);
}

int test_timeline_register(void)
{
	static const struct { const char *name; CU_TestFunc fn; } tests[] = {
		{ "spans_the_capture_with_power_of_two_buckets", timeline_spans_the_capture_with_power_of_two_buckets },
		{ "sets_absurd_timestamps_apart", timeline_sets_absurd_timestamps_apart },
		{ "first_packet_stray_is_set_apart", timeline_first_packet_stray_is_set_apart },
		{ "pause_in_capture_is_drawn", timeline_pause_in_capture_is_drawn },
		{ "decades_apart_keeps_the_larger", timeline_decades_apart_keeps_the_larger },
		{ "empty_has_no_span", timeline_empty_has_no_span },
		{ "live_buckets_roll", timeline_live_buckets_roll },
	};
	CU_pSuite s = CU_add_suite("timeline", NULL, NULL);
	if (!s)
		return -1;
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		if (!CU_add_test(s, tests[i].name, tests[i].fn))
			return -1;
	return 0;
}
