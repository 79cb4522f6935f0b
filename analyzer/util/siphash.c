/* analyzer/util/siphash.c - SipHash-1-3 (Aumasson and Bernstein 2012, with the
 * round counts of the paper's section 8 family: c=1, d=3).
 * SipHash-2-4 is kept beside it because the paper's appendix A gives its
 * test vector, which checks the shared code path.
 * Words are read little-endian as the paper specifies, with
 * dissectors/byteorder.h's bo_le64 (byte by byte, so the result is the
 * same on every host and no unaligned load happens; compilers make it one
 * load). */
#include "analyzer/util/siphash.h"
#include "dissectors/byteorder.h"

static inline uint64_t rotl(uint64_t x, int b)
{
	return (x << b) | (x >> (64 - b));
}

#define SIPROUND(v0, v1, v2, v3)                                   \
	do {                                                       \
		v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32); \
		v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;             \
		v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;             \
		v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32); \
	} while (0)

static uint64_t siphash_cd(const struct siphash_key *key, const void *data,
			   size_t len, int c, int d)
{
	const uint8_t *in = data;
	uint64_t v0 = 0x736f6d6570736575ull ^ key->k0;
	uint64_t v1 = 0x646f72616e646f6dull ^ key->k1;
	uint64_t v2 = 0x6c7967656e657261ull ^ key->k0;
	uint64_t v3 = 0x7465646279746573ull ^ key->k1;
	size_t full = len & ~(size_t)7;

	for (size_t i = 0; i < full; i += 8) {
		uint64_t m = bo_le64(in + i);
		v3 ^= m;
		for (int r = 0; r < c; r++)
			SIPROUND(v0, v1, v2, v3);
		v0 ^= m;
	}
	uint64_t last = (uint64_t)len << 56;
	for (size_t i = 0; i < (len & 7); i++)
		last |= (uint64_t)in[full + i] << (8 * i);
	v3 ^= last;
	for (int r = 0; r < c; r++)
		SIPROUND(v0, v1, v2, v3);
	v0 ^= last;
	v2 ^= 0xff;
	for (int r = 0; r < d; r++)
		SIPROUND(v0, v1, v2, v3);
	return v0 ^ v1 ^ v2 ^ v3;
}

uint64_t siphash13(const struct siphash_key *key, const void *data, size_t len)
{
	return siphash_cd(key, data, len, 1, 3);
}

uint64_t siphash24(const struct siphash_key *key, const void *data, size_t len)
{
	return siphash_cd(key, data, len, 2, 4);
}
