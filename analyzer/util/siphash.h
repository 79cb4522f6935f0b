/* analyzer/util/siphash.h - SipHash-1-3, a keyed hash for the flow table.
 * Keyed with a random per-run seed, so crafted traffic cannot aim many
 * flows at one bucket (the hash-flooding attack SipHash was designed
 * against: Aumasson and Bernstein, "SipHash: a fast short-input PRF",
 * INDOCRYPT 2012). The 1-3 variant (1 compression, 3 finalization
 * rounds) is the one Rust and Python use for hash tables. */
#ifndef PORTLENS_SIPHASH_H
#define PORTLENS_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

struct siphash_key {
	uint64_t k0, k1;
};

uint64_t siphash13(const struct siphash_key *key, const void *data, size_t len);
/* The paper's reference variant; used by the self-test. */
uint64_t siphash24(const struct siphash_key *key, const void *data, size_t len);

#endif
