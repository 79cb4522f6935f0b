/* tests/test_cursor.c - the bounds-checked reader (dissectors/cursor.h).
 * Every dissector's safety rests on these accessors, so each one is
 * checked at exactly the length it needs (reads, advances) and one byte
 * short (CUR_TRUNCATED, offset and *out untouched), and the child
 * windows (cur_sub, cur_rest_clipped, cur_narrow). Buffers are heap
 * copies of exactly the readable length, so ASan flags any overrun. */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>
#include "dissectors/cursor.h"
#include "pktbuild.h"

static const uint8_t bytes[] = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc };

/* A cursor over an exact heap copy of the first len bytes of `bytes`,
 * positioned at off. Free the returned buffer. */
static uint8_t *cursor_over(struct cursor *c, size_t len, size_t off)
{
	uint8_t *b = malloc(len ? len : 1);
	memcpy(b, bytes, len);
	cur_init(c, b, len);
	c->off = off;
	return b;
}

static void init_starts_at_offset_zero(void)
{
	struct cursor c;
	uint8_t *b = cursor_over(&c, 4, 0);
	CU_ASSERT_PTR_EQUAL(c.buf, b);
	CU_ASSERT_EQUAL(c.len, 4);
	CU_ASSERT_EQUAL(c.off, 0);
	CU_ASSERT_EQUAL(cur_remaining(&c), 4);
	CU_ASSERT_TRUE(cur_has(&c, 4));
	CU_ASSERT_FALSE(cur_has(&c, 5));
	CU_ASSERT_PTR_EQUAL(cur_ptr(&c), b);
	free(b);
}

static void u8_reads_last_byte_and_advances(void)
{
	struct cursor c;
	uint8_t v = 0;
	uint8_t *b = cursor_over(&c, 2, 1);
	CU_ASSERT_EQUAL(cur_u8(&c, &v), CUR_OK);
	CU_ASSERT_EQUAL(v, 0x34);
	CU_ASSERT_EQUAL(c.off, 2);
	CU_ASSERT_EQUAL(cur_remaining(&c), 0);
	free(b);
}

static void u8_at_end_truncated_and_unchanged(void)
{
	struct cursor c;
	uint8_t v = 0xee;
	uint8_t *b = cursor_over(&c, 2, 2);
	CU_ASSERT_EQUAL(cur_u8(&c, &v), CUR_TRUNCATED);
	CU_ASSERT_EQUAL(v, 0xee);
	CU_ASSERT_EQUAL(c.off, 2);
	free(b);
}

static void be16_exact_length_reads_big_endian(void)
{
	struct cursor c;
	uint16_t v = 0;
	uint8_t *b = cursor_over(&c, 3, 1);
	CU_ASSERT_EQUAL(cur_be16(&c, &v), CUR_OK);
	CU_ASSERT_EQUAL(v, 0x3456);
	CU_ASSERT_EQUAL(c.off, 3);
	free(b);
}

static void be16_one_short_truncated_and_unchanged(void)
{
	struct cursor c;
	uint16_t v = 0xeeee;
	uint8_t *b = cursor_over(&c, 2, 1);
	CU_ASSERT_EQUAL(cur_be16(&c, &v), CUR_TRUNCATED);
	CU_ASSERT_EQUAL(v, 0xeeee);
	CU_ASSERT_EQUAL(c.off, 1);
	free(b);
}

static void be32_exact_length_reads_big_endian(void)
{
	struct cursor c;
	uint32_t v = 0;
	uint8_t *b = cursor_over(&c, 6, 2);
	CU_ASSERT_EQUAL(cur_be32(&c, &v), CUR_OK);
	CU_ASSERT_EQUAL(v, 0x56789abcu);
	CU_ASSERT_EQUAL(c.off, 6);
	free(b);
}

static void be32_one_short_truncated_and_unchanged(void)
{
	struct cursor c;
	uint32_t v = 0xeeeeeeeeu;
	uint8_t *b = cursor_over(&c, 5, 2);
	CU_ASSERT_EQUAL(cur_be32(&c, &v), CUR_TRUNCATED);
	CU_ASSERT_EQUAL(v, 0xeeeeeeeeu);
	CU_ASSERT_EQUAL(c.off, 2);
	free(b);
}

static void le32_exact_length_reads_little_endian(void)
{
	struct cursor c;
	uint32_t v = 0;
	uint8_t *b = cursor_over(&c, 4, 0);
	CU_ASSERT_EQUAL(cur_le32(&c, &v), CUR_OK);
	CU_ASSERT_EQUAL(v, 0x78563412u);
	CU_ASSERT_EQUAL(c.off, 4);
	free(b);
}

static void le32_one_short_truncated_and_unchanged(void)
{
	struct cursor c;
	uint32_t v = 0xeeeeeeeeu;
	uint8_t *b = cursor_over(&c, 3, 0);
	CU_ASSERT_EQUAL(cur_le32(&c, &v), CUR_TRUNCATED);
	CU_ASSERT_EQUAL(v, 0xeeeeeeeeu);
	CU_ASSERT_EQUAL(c.off, 0);
	free(b);
}

static void copy_exact_length_copies_and_advances(void)
{
	struct cursor c;
	uint8_t out[4] = { 0 };
	uint8_t *b = cursor_over(&c, 6, 2);
	CU_ASSERT_EQUAL(cur_copy(&c, out, 4), CUR_OK);
	CU_ASSERT_EQUAL(memcmp(out, bytes + 2, 4), 0);
	CU_ASSERT_EQUAL(c.off, 6);
	free(b);
}

static void copy_one_short_copies_nothing(void)
{
	struct cursor c;
	uint8_t out[4] = { 0xee, 0xee, 0xee, 0xee };
	const uint8_t untouched[4] = { 0xee, 0xee, 0xee, 0xee };
	uint8_t *b = cursor_over(&c, 5, 2);
	CU_ASSERT_EQUAL(cur_copy(&c, out, 4), CUR_TRUNCATED);
	CU_ASSERT_EQUAL(memcmp(out, untouched, 4), 0);
	CU_ASSERT_EQUAL(c.off, 2);
	free(b);
}

static void skip_exact_length_reaches_end(void)
{
	struct cursor c;
	uint8_t *b = cursor_over(&c, 6, 1);
	CU_ASSERT_EQUAL(cur_skip(&c, 5), CUR_OK);
	CU_ASSERT_EQUAL(c.off, 6);
	CU_ASSERT_EQUAL(cur_skip(&c, 0), CUR_OK);
	CU_ASSERT_EQUAL(c.off, 6);
	free(b);
}

static void skip_one_short_truncated_and_unchanged(void)
{
	struct cursor c;
	uint8_t *b = cursor_over(&c, 6, 1);
	CU_ASSERT_EQUAL(cur_skip(&c, 6), CUR_TRUNCATED);
	CU_ASSERT_EQUAL(c.off, 1);
	free(b);
}

/* A length near SIZE_MAX must not wrap the check into a huge advance. */
static void skip_huge_length_truncated(void)
{
	struct cursor c;
	uint8_t *b = cursor_over(&c, 6, 1);
	CU_ASSERT_EQUAL(cur_skip(&c, SIZE_MAX), CUR_TRUNCATED);
	CU_ASSERT_EQUAL(c.off, 1);
	free(b);
}

static void peek_u8_last_byte_does_not_consume(void)
{
	struct cursor c;
	uint8_t v = 0;
	uint8_t *b = cursor_over(&c, 6, 2);
	CU_ASSERT_EQUAL(cur_peek_u8(&c, 3, &v), CUR_OK);
	CU_ASSERT_EQUAL(v, 0xbc);
	CU_ASSERT_EQUAL(cur_peek_u8(&c, 0, &v), CUR_OK);
	CU_ASSERT_EQUAL(v, 0x56);
	CU_ASSERT_EQUAL(c.off, 2);
	free(b);
}

static void peek_u8_past_end_truncated_and_unchanged(void)
{
	struct cursor c;
	uint8_t v = 0xee;
	uint8_t *b = cursor_over(&c, 6, 2);
	CU_ASSERT_EQUAL(cur_peek_u8(&c, 4, &v), CUR_TRUNCATED);
	CU_ASSERT_EQUAL(v, 0xee);
	CU_ASSERT_EQUAL(c.off, 2);
	free(b);
	b = cursor_over(&c, 0, 0);
	CU_ASSERT_EQUAL(cur_peek_u8(&c, 0, &v), CUR_TRUNCATED);
	CU_ASSERT_EQUAL(v, 0xee);
	free(b);
}

static void sub_child_sees_only_n_bytes(void)
{
	struct cursor c, child;
	uint8_t v8 = 0;
	uint16_t v16 = 0;
	uint8_t *b = cursor_over(&c, 6, 1);
	CU_ASSERT_EQUAL(cur_sub(&c, 3, &child), CUR_OK);
	CU_ASSERT_EQUAL(c.off, 4);            /* parent moved past the child */
	CU_ASSERT_PTR_EQUAL(child.buf, b + 1);
	CU_ASSERT_EQUAL(child.len, 3);
	CU_ASSERT_EQUAL(child.off, 0);
	CU_ASSERT_EQUAL(cur_be16(&child, &v16), CUR_OK);
	CU_ASSERT_EQUAL(v16, 0x3456);
	/* One byte left in the child although the parent holds more. */
	CU_ASSERT_EQUAL(cur_be16(&child, &v16), CUR_TRUNCATED);
	CU_ASSERT_EQUAL(v16, 0x3456);
	CU_ASSERT_EQUAL(cur_u8(&child, &v8), CUR_OK);
	CU_ASSERT_EQUAL(v8, 0x78);
	CU_ASSERT_EQUAL(cur_u8(&child, &v8), CUR_TRUNCATED);
	free(b);
}

static void sub_exact_rest_consumes_parent(void)
{
	struct cursor c, child;
	uint8_t *b = cursor_over(&c, 6, 2);
	CU_ASSERT_EQUAL(cur_sub(&c, 4, &child), CUR_OK);
	CU_ASSERT_EQUAL(child.len, 4);
	CU_ASSERT_EQUAL(c.off, 6);
	CU_ASSERT_EQUAL(cur_remaining(&c), 0);
	free(b);
}

static void sub_one_short_truncated_and_unchanged(void)
{
	struct cursor c, child;
	uint8_t *b = cursor_over(&c, 6, 2);
	memset(&child, 0x5a, sizeof(child));
	struct cursor before = child;
	CU_ASSERT_EQUAL(cur_sub(&c, 5, &child), CUR_TRUNCATED);
	CU_ASSERT_EQUAL(c.off, 2);
	CU_ASSERT_EQUAL(memcmp(&child, &before, sizeof(child)), 0);
	free(b);
}

static void rest_clipped_shorter_than_rest_clips(void)
{
	struct cursor c, child;
	uint8_t *b = cursor_over(&c, 6, 1);
	cur_rest_clipped(&c, 2, &child);
	CU_ASSERT_PTR_EQUAL(child.buf, b + 1);
	CU_ASSERT_EQUAL(child.len, 2);
	CU_ASSERT_EQUAL(child.off, 0);
	CU_ASSERT_EQUAL(c.off, 6);            /* parent consumed anyway */
	free(b);
}

static void rest_clipped_longer_than_rest_gets_rest(void)
{
	struct cursor c, child;
	uint8_t *b = cursor_over(&c, 6, 1);
	cur_rest_clipped(&c, 1000, &child);
	CU_ASSERT_PTR_EQUAL(child.buf, b + 1);
	CU_ASSERT_EQUAL(child.len, 5);
	CU_ASSERT_EQUAL(c.off, 6);
	free(b);
}

static void rest_clipped_at_end_is_empty(void)
{
	struct cursor c, child;
	uint8_t v = 0xee;
	uint8_t *b = cursor_over(&c, 6, 6);
	cur_rest_clipped(&c, 4, &child);
	CU_ASSERT_EQUAL(child.len, 0);
	CU_ASSERT_EQUAL(cur_u8(&child, &v), CUR_TRUNCATED);
	CU_ASSERT_EQUAL(v, 0xee);
	CU_ASSERT_EQUAL(c.off, 6);
	free(b);
}

/* cur_narrow: the window cur_rest_clipped would give, in place (how a
 * dissector hands its clipped payload to the next layer). */
static void narrow_in_place_equals_rest_clipped(void)
{
	struct cursor c, ref, child;
	uint8_t *b = cursor_over(&c, 6, 1);
	ref = c;
	cur_rest_clipped(&ref, 2, &child);
	cur_narrow(&c, 2);
	CU_ASSERT_PTR_EQUAL(c.buf, b + 1);
	CU_ASSERT_EQUAL(c.len, 2);
	CU_ASSERT_EQUAL(c.off, 0);
	CU_ASSERT_EQUAL(memcmp(&c, &child, sizeof(c)), 0);
	cur_narrow(&c, 1000);                 /* longer than the rest: unchanged */
	CU_ASSERT_EQUAL(memcmp(&c, &child, sizeof(c)), 0);
	CU_ASSERT_EQUAL(cur_skip(&c, 2), CUR_OK);
	cur_narrow(&c, 5);                    /* at the end: empty */
	CU_ASSERT_EQUAL(cur_remaining(&c), 0);
	free(b);
}

static const struct pb_test tests[] = {
	{ "init_starts_at_offset_zero", init_starts_at_offset_zero },
	{ "u8_reads_last_byte_and_advances", u8_reads_last_byte_and_advances },
	{ "u8_at_end_truncated_and_unchanged", u8_at_end_truncated_and_unchanged },
	{ "be16_exact_length_reads_big_endian", be16_exact_length_reads_big_endian },
	{ "be16_one_short_truncated_and_unchanged",
	  be16_one_short_truncated_and_unchanged },
	{ "be32_exact_length_reads_big_endian", be32_exact_length_reads_big_endian },
	{ "be32_one_short_truncated_and_unchanged",
	  be32_one_short_truncated_and_unchanged },
	{ "le32_exact_length_reads_little_endian",
	  le32_exact_length_reads_little_endian },
	{ "le32_one_short_truncated_and_unchanged",
	  le32_one_short_truncated_and_unchanged },
	{ "copy_exact_length_copies_and_advances",
	  copy_exact_length_copies_and_advances },
	{ "copy_one_short_copies_nothing", copy_one_short_copies_nothing },
	{ "skip_exact_length_reaches_end", skip_exact_length_reaches_end },
	{ "skip_one_short_truncated_and_unchanged",
	  skip_one_short_truncated_and_unchanged },
	{ "skip_huge_length_truncated", skip_huge_length_truncated },
	{ "peek_u8_last_byte_does_not_consume", peek_u8_last_byte_does_not_consume },
	{ "peek_u8_past_end_truncated_and_unchanged",
	  peek_u8_past_end_truncated_and_unchanged },
	{ "sub_child_sees_only_n_bytes", sub_child_sees_only_n_bytes },
	{ "sub_exact_rest_consumes_parent", sub_exact_rest_consumes_parent },
	{ "sub_one_short_truncated_and_unchanged",
	  sub_one_short_truncated_and_unchanged },
	{ "rest_clipped_shorter_than_rest_clips", rest_clipped_shorter_than_rest_clips },
	{ "rest_clipped_longer_than_rest_gets_rest",
	  rest_clipped_longer_than_rest_gets_rest },
	{ "rest_clipped_at_end_is_empty", rest_clipped_at_end_is_empty },
	{ "narrow_in_place_equals_rest_clipped",
	  narrow_in_place_equals_rest_clipped },
};

int test_cursor_register(void)
{
	return pb_register("cursor", tests, sizeof(tests) / sizeof(tests[0]));
}
