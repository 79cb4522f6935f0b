/* analyzer/flow/community_id.h - Community ID v1 flow hashes
 * (github.com/corelight/community-id-spec): "1:" + base64(SHA-1(seed .
 * saddr . daddr . proto . 0 . sport . dport)), endpoints ordered so the
 * smaller address:port comes first. ICMP types map to port-like values
 * the way Zeek does. Used by the flow NDJSON writer (network.community_id);
 * SHA-1 and base64 come from libcrypto. */
#ifndef PORTLENS_COMMUNITY_ID_H
#define PORTLENS_COMMUNITY_ID_H

#include <stdint.h>

/* "1:" + 28 base64 characters + NUL. */
#define COMMUNITY_ID_LEN 31

/* A reusable SHA-1 context: a one-shot EVP_Digest allocates and frees a
 * context per call (about 430 ns here); reusing one costs about 90 ns,
 * which matters at a flow line per ended flow. */
struct community_id {
	struct evp_md_ctx_st *ctx;
	struct evp_md_st *sha1;
};

/* 0, or -1 when libcrypto cannot provide SHA-1 (then c is zeroed and
 * community_id_v1 falls back to the one-shot call). */
int community_id_init(struct community_id *c);
void community_id_free(struct community_id *c); /* zeroed or NULL: safe */

/* c may be NULL (one-shot digest). Addresses are 4 (ip_ver 4) or 16 bytes. For TCP, UDP and SCTP give the
 * ports; for ICMP (1) and ICMPv6 (58) give type and code as sport/dport
 * (they are mapped here); other protocols ignore the ports. Writes a
 * NUL-terminated ID to out. 0, or -1 when libcrypto fails. */
int community_id_v1(struct community_id *c, uint16_t seed, uint8_t ip_ver, uint8_t proto,
		    const uint8_t *saddr, const uint8_t *daddr,
		    uint16_t sport, uint16_t dport, char out[COMMUNITY_ID_LEN]);

#endif
