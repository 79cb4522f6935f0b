/* tests/test_byteorder.c - the byte-order readers (dissectors/byteorder.h).
 * Each reader against a value written out by hand, at an odd address (no
 * alignment is assumed), from an exact-size heap copy (ASan flags a read
 * of one byte too many); the run-time-flag readers against the fixed
 * ones, and a round trip through both orders. */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>
#include "dissectors/byteorder.h"
#include "pktbuild.h"

/* 8 bytes at offset 1 of a 9-byte heap buffer; free (returned - 1). */
static uint8_t *odd_copy(const uint8_t *src, size_t n)
{
	uint8_t *b = malloc(n + 1);
	if (!b)
		abort();
	memcpy(b + 1, src, n);
	return b + 1;
}

static const uint8_t seq[8] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef };

static void big_endian_readers_read_network_order(void)
{
	uint8_t *p = odd_copy(seq, 8);
	CU_ASSERT_EQUAL(bo_be16(p), 0x0123);
	CU_ASSERT_EQUAL(bo_be32(p), 0x01234567u);
	CU_ASSERT_EQUAL(bo_be64(p), 0x0123456789abcdefull);
	CU_ASSERT_EQUAL(bo_be16(p + 6), 0xcdef);  /* the last bytes, exactly */
	CU_ASSERT_EQUAL(bo_be32(p + 4), 0x89abcdefu);
	free(p - 1);
}

static void little_endian_readers_read_reversed(void)
{
	uint8_t *p = odd_copy(seq, 8);
	CU_ASSERT_EQUAL(bo_le16(p), 0x2301);
	CU_ASSERT_EQUAL(bo_le32(p), 0x67452301u);
	CU_ASSERT_EQUAL(bo_le64(p), 0xefcdab8967452301ull);
	CU_ASSERT_EQUAL(bo_le16(p + 6), 0xefcd);
	CU_ASSERT_EQUAL(bo_le32(p + 4), 0xefcdab89u);
	free(p - 1);
}

/* High bits set: no sign extension through int promotion. */
static void high_bytes_do_not_sign_extend(void)
{
	static const uint8_t ff[8] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x80 };
	uint8_t *p = odd_copy(ff, 8);
	CU_ASSERT_EQUAL(bo_be16(p), 0xffff);
	CU_ASSERT_EQUAL(bo_be32(p), 0xffffffffu);
	CU_ASSERT_EQUAL(bo_le64(p), 0x80ffffffffffffffull);
	CU_ASSERT_EQUAL(bo_be64(p), 0xffffffffffffff80ull);
	free(p - 1);
}

static void flag_readers_pick_the_order(void)
{
	uint8_t *p = odd_copy(seq, 8);
	CU_ASSERT_EQUAL(bo_u16(p, 1), bo_be16(p));
	CU_ASSERT_EQUAL(bo_u16(p, 0), bo_le16(p));
	CU_ASSERT_EQUAL(bo_u32(p, 1), bo_be32(p));
	CU_ASSERT_EQUAL(bo_u32(p, 0), bo_le32(p));
	CU_ASSERT_EQUAL(bo_u64(p, 7), bo_be64(p)); /* any non-zero flag */
	CU_ASSERT_EQUAL(bo_u64(p, 0), bo_le64(p));
	free(p - 1);
}

/* The pcap magic as either byte order writes it, read both ways: what
 * capture.c does to learn a file's order. */
static void pcap_magic_read_both_ways(void)
{
	static const uint8_t be[4] = { 0xa1, 0xb2, 0xc3, 0xd4 };
	static const uint8_t le[4] = { 0xd4, 0xc3, 0xb2, 0xa1 };
	CU_ASSERT_EQUAL(bo_u32(be, 1), 0xa1b2c3d4u);
	CU_ASSERT_NOT_EQUAL(bo_u32(be, 0), 0xa1b2c3d4u);
	CU_ASSERT_EQUAL(bo_u32(le, 0), 0xa1b2c3d4u);
	CU_ASSERT_NOT_EQUAL(bo_u32(le, 1), 0xa1b2c3d4u);
}

static const struct pb_test tests[] = {
	{ "big_endian_readers_read_network_order",
	  big_endian_readers_read_network_order },
	{ "little_endian_readers_read_reversed", little_endian_readers_read_reversed },
	{ "high_bytes_do_not_sign_extend", high_bytes_do_not_sign_extend },
	{ "flag_readers_pick_the_order", flag_readers_pick_the_order },
	{ "pcap_magic_read_both_ways", pcap_magic_read_both_ways },
};

int test_byteorder_register(void)
{
	return pb_register("byteorder", tests, sizeof(tests) / sizeof(tests[0]));
}
