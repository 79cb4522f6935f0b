/* dissectors/ayiya.c - AYIYA header (draft-massar-v6ops-ayiya-02, the
 * AYIYA header), see ayiya.h.
 * 8 fixed bytes: idlen (4) idtype (4) | siglen (4) hshmeth (4) | autmeth
 * (4) opcode (4) | next header (8, an IP protocol number) | epoch time
 * (32, seconds). Then the identity, 2^idlen bytes, and the signature,
 * siglen * 4 bytes; the payload follows only for opcode 1 (forward).
 * Values: idtype 0 none, 1 integer, 2 string; hshmeth 0 none, 1 MD5,
 * 2 SHA-1; autmeth 0 none, 1 shared secret, 2 public key; opcodes 0 noop
 * (heartbeat) to 7 query response.
 * Trap: the lengths are nibbles, so a header of 8 bytes may announce
 * 32 KiB of identity; every skip goes through the cursor. */
#include "ayiya.h"

enum {
	AYIYA_ID_MAX = 2, AYIYA_HASH_MAX = 2, AYIYA_AUTH_MAX = 2,
	AYIYA_OP_FORWARD = 1, AYIYA_OP_MAX = 7,
	AYIYA_NH_IPV4 = 4, AYIYA_NH_IPV6 = 41, AYIYA_NH_NONE = 59,
	AYIYA_ET_IPV4 = 0x0800, AYIYA_ET_IPV6 = 0x86dd,
};

struct ayiya_fixed {
	uint8_t id, sig, auth_op, nh;
};

/* Every field the draft enumerates holds one of its values, and a
 * forward names a next header AYIYA carries. */
static int ayiya_plausible(const struct ayiya_fixed *h)
{
	unsigned op = h->auth_op & 0x0f;
	if ((h->id & 0x0f) > AYIYA_ID_MAX || (h->sig & 0x0f) > AYIYA_HASH_MAX ||
	    (h->auth_op >> 4) > AYIYA_AUTH_MAX || op > AYIYA_OP_MAX)
		return 0;
	return op != AYIYA_OP_FORWARD || h->nh == AYIYA_NH_IPV4 ||
	       h->nh == AYIYA_NH_IPV6 || h->nh == AYIYA_NH_NONE;
}

enum decode_err ayiya_decode(struct cursor *c, struct tunnel_hdr *t,
			     struct layer_next *next)
{
	struct ayiya_fixed h;
	(void)t;

	if (cur_u8(c, &h.id) || cur_u8(c, &h.sig) || cur_u8(c, &h.auth_op) ||
	    cur_u8(c, &h.nh))
		return DE_AYIYA_TRUNCATED;
	if (!ayiya_plausible(&h))
		return layer_decline(next);
	size_t id_len = (size_t)1 << (h.id >> 4);
	size_t sig_len = (size_t)(h.sig >> 4) * 4;
	if (cur_skip(c, 4) || cur_skip(c, id_len) || cur_skip(c, sig_len))
		return DE_AYIYA_TRUNCATED;
	if ((h.auth_op & 0x0f) != AYIYA_OP_FORWARD)
		return DE_OK;
	switch (h.nh) {
	case AYIYA_NH_IPV4: return layer_ethertype(next, AYIYA_ET_IPV4);
	case AYIYA_NH_IPV6: return layer_ethertype(next, AYIYA_ET_IPV6);
	default: return DE_OK; /* 59: a forward of nothing */
	}
}
