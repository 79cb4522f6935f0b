/* analyzer/flow/community_id.c - Community ID v1 (see community_id.h).
 * Spec facts used: hash input layout and ordering rule from the spec's
 * README; the ICMP "counter-type" table from Zeek's ICMP analyzer as the
 * spec prescribes: a request/response type pair maps to (type, counter
 * type) and may be reordered; any other type maps to (type, code) and is
 * one-way, so its endpoints are never swapped. */
#include <openssl/evp.h>
#include <string.h>
#include "analyzer/flow/community_id.h"
#include "dissectors/ipproto.h"


/* Counter-type of an ICMP request/response type, or -1 (one-way). */
static int icmp4_counter(uint16_t type)
{
	switch (type) {
	case 8: return 0;   case 0: return 8;    /* echo / reply */
	case 13: return 14; case 14: return 13;  /* timestamp */
	case 15: return 16; case 16: return 15;  /* information */
	case 10: return 9;  case 9: return 10;   /* router solicit / advert */
	case 17: return 18; case 18: return 17;  /* address mask */
	default: return -1;
	}
}

static int icmp6_counter(uint16_t type)
{
	switch (type) {
	case 128: return 129; case 129: return 128; /* echo */
	case 130: return 131; case 131: return 130; /* MLD query / report */
	case 133: return 134; case 134: return 133; /* router solicit / advert */
	case 135: return 136; case 136: return 135; /* neighbor solicit / advert */
	case 139: return 140; case 140: return 139; /* who-are-you */
	case 144: return 145; case 145: return 144; /* home agent discovery */
	default: return -1;
	}
}

/* Maps ICMP type/code in place; returns 1 when the tuple is one-way. */
static int icmp_map(uint8_t proto, uint16_t *sport, uint16_t *dport)
{
	int counter = proto == IPPROTO_NUM_ICMP ? icmp4_counter(*sport) : icmp6_counter(*sport);
	if (counter < 0)
		return 1; /* (type, code) as given */
	*dport = (uint16_t)counter;
	return 0;
}

static int has_ports(uint8_t proto)
{
	return proto == IPPROTO_NUM_TCP || proto == IPPROTO_NUM_UDP || proto == IPPROTO_NUM_SCTP ||
	       ipproto_is_icmp(proto);
}

/* 1 when (a, ap) must be swapped with (b, bp) to put the smaller first. */
static int needs_swap(const uint8_t *a, const uint8_t *b, size_t alen,
		      uint16_t ap, uint16_t bp, int ports)
{
	int c = memcmp(a, b, alen);
	return c > 0 || (c == 0 && ports && ap > bp);
}

int community_id_init(struct community_id *c)
{
	c->ctx = EVP_MD_CTX_new();
	c->sha1 = EVP_MD_fetch(NULL, "SHA1", NULL);
	if (c->ctx && c->sha1)
		return 0;
	community_id_free(c);
	return -1;
}

void community_id_free(struct community_id *c)
{
	if (!c)
		return;
	EVP_MD_CTX_free(c->ctx);
	EVP_MD_free(c->sha1);
	c->ctx = NULL;
	c->sha1 = NULL;
}

/* SHA-1 of buf into md (20 bytes): with c's context when there is one. */
static int sha1(struct community_id *c, const uint8_t *buf, size_t n, uint8_t *md)
{
	unsigned mdlen = 0;
	if (c && c->ctx) {
		if (EVP_DigestInit_ex2(c->ctx, c->sha1, NULL) != 1 ||
		    EVP_DigestUpdate(c->ctx, buf, n) != 1 ||
		    EVP_DigestFinal_ex(c->ctx, md, &mdlen) != 1)
			return -1;
	} else if (EVP_Digest(buf, n, md, &mdlen, EVP_sha1(), NULL) != 1) {
		return -1;
	}
	return mdlen == 20 ? 0 : -1;
}

int community_id_v1(struct community_id *c, uint16_t seed, uint8_t ip_ver, uint8_t proto,
		    const uint8_t *saddr, const uint8_t *daddr,
		    uint16_t sport, uint16_t dport, char out[COMMUNITY_ID_LEN])
{
	uint8_t buf[2 + 16 + 16 + 2 + 4], md[EVP_MAX_MD_SIZE];
	size_t alen = ip_ver == 4 ? 4 : 16, n = 0;
	int ports = has_ports(proto), one_way = 0;

	if (ipproto_is_icmp(proto))
		one_way = icmp_map(proto, &sport, &dport);
	if (!one_way && needs_swap(saddr, daddr, alen, sport, dport, ports)) {
		const uint8_t *ta = saddr; saddr = daddr; daddr = ta;
		uint16_t tp = sport; sport = dport; dport = tp;
	}
	buf[n++] = (uint8_t)(seed >> 8);
	buf[n++] = (uint8_t)seed;
	memcpy(buf + n, saddr, alen); n += alen;
	memcpy(buf + n, daddr, alen); n += alen;
	buf[n++] = proto;
	buf[n++] = 0;
	if (ports) {
		buf[n++] = (uint8_t)(sport >> 8); buf[n++] = (uint8_t)sport;
		buf[n++] = (uint8_t)(dport >> 8); buf[n++] = (uint8_t)dport;
	}
	if (sha1(c, buf, n, md) != 0)
		return -1;
	out[0] = '1';
	out[1] = ':';
	EVP_EncodeBlock((unsigned char *)out + 2, md, 20); /* 28 chars + NUL */
	return 0;
}
