/* tests/test_decode.c - decode.c's layer loop (dissectors/decode.c,
 * layer.h): the deepest chain today's protocols build fits the default
 * bound with a byte-identical result at every bound that lets it finish,
 * one layer fewer stops it with decode.too_many_layers and keeps the
 * layers already decoded, and the new error's name and number are
 * stable. No capture can reach DECODE_MAX_LAYERS (tunnels make the layer
 * graph cyclic, but DECODE_MAX_TUNNELS stops them first: test_tunnels),
 * so the limit is reached through decode_packet_bounded(). */
#include <CUnit/CUnit.h>
#include "pktbuild.h"

enum { ET_ARP = 0x0806, ET_PPPOE_SESS = 0x8864, TPID_8021Q = 0x8100,
       PPP_IPV4 = 0x0021 };

/* The same copy discipline as pb_decode(), with a layer bound. */
static enum decode_class decode_bounded(int linktype, const uint8_t *buf,
					size_t n, unsigned max_layers,
					struct packet *p)
{
	uint8_t *copy = malloc(n ? n : 1);
	if (!copy)
		abort();
	memcpy(copy, buf, n);
	enum decode_class cls = decode_packet_bounded(linktype, copy,
						      (uint32_t)n, (uint32_t)n,
						      0, max_layers, p);
	free(copy);
	return cls;
}

/* Ethernet, one 802.1Q tag (VID 7), PPPoE session, IPv4, TCP: five
 * layers of the loop (the deepest chain the dissectors build today). */
static size_t five_layers(uint8_t *b)
{
	size_t n = pb_eth(b, TPID_8021Q);
	pb_be16(b + n, 7);
	pb_be16(b + n + 2, ET_PPPOE_SESS);
	n += 4;
	b[n] = 0x11;                /* PPPoE version 1, type 1 (RFC 2516 s4) */
	b[n + 1] = 0x00;            /* code: session data */
	pb_be16(b + n + 2, 0x1234); /* session id */
	pb_be16(b + n + 4, 2 + 40); /* PPP protocol + IPv4/TCP */
	pb_be16(b + n + 6, PPP_IPV4);
	n += 8;
	return n + pb_ipv4_tcp(b + n, 0);
}

static void deepest_chain_fits_default_bound(void)
{
	uint8_t b[96];
	struct packet p, q;
	size_t n = five_layers(b);

	CU_ASSERT_EQUAL(pb_decode(LT_EN10MB, b, n, n, &p), DC_L4);
	PB_ASSERT_IPV4_TCP(p, 0);
	CU_ASSERT_EQUAL(p.vlan_id, 7);
	CU_ASSERT_EQUAL(p.vlan_depth, 1);
	/* Five layers exactly: the same packet as with the default bound. */
	CU_ASSERT_EQUAL(decode_bounded(LT_EN10MB, b, n, 5, &q), DC_L4);
	CU_ASSERT_EQUAL(memcmp(&p, &q, sizeof(p)), 0);
	CU_ASSERT_EQUAL(decode_bounded(LT_EN10MB, b, n, DECODE_MAX_LAYERS, &q),
			DC_L4);
	CU_ASSERT_EQUAL(memcmp(&p, &q, sizeof(p)), 0);
}

/* Bound 4: IPv4 decoded and names TCP, which would be the fifth layer. */
static void one_layer_short_is_too_many_layers(void)
{
	uint8_t b[96];
	struct packet p;
	size_t n = five_layers(b);

	CU_ASSERT_EQUAL(decode_bounded(LT_EN10MB, b, n, 4, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_TOO_MANY_LAYERS);
	CU_ASSERT_EQUAL(p.vlan_id, 7);
	CU_ASSERT_EQUAL(p.ip_ver, 4);
	CU_ASSERT_EQUAL(memcmp(p.src, PB_V4_SRC, 4), 0);
	CU_ASSERT_EQUAL(p.l4_proto, IPPROTO_NUM_TCP);
	CU_ASSERT_EQUAL(p.l4_seen, 0); /* the transport never ran */
	CU_ASSERT_EQUAL(p.sport, 0);
	/* Bound 2: after Ethernet and the VLAN stack, nothing of IP. */
	CU_ASSERT_EQUAL(decode_bounded(LT_EN10MB, b, n, 2, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_TOO_MANY_LAYERS);
	CU_ASSERT_EQUAL(p.vlan_depth, 1);
	CU_ASSERT_EQUAL(p.ip_ver, 0);
}

/* A dissector that ends the decode never meets the bound: the link layer
 * always runs, and an 802.3 frame with an STP LLC header ends there. */
static void bound_counts_only_layers_that_run(void)
{
	uint8_t b[60] = { 0 };
	struct packet p;
	size_t n = pb_eth(b, 38); /* 802.3 length field */
	b[n] = b[n + 1] = 0x42;   /* DSAP, SSAP: spanning tree */
	b[n + 2] = 0x03;          /* UI */

	CU_ASSERT_EQUAL(decode_bounded(LT_EN10MB, b, sizeof(b), 1, &p),
			DC_NON_IP);
	PB_ASSERT_CLEAN(p, DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, NONIP_LLC);
	CU_ASSERT_EQUAL(decode_bounded(LT_EN10MB, b, sizeof(b), 0, &p),
			DC_NON_IP);
	/* An unknown EtherType is a layer of its own: the dispatch by
	 * EtherType is what finds it is not IP. */
	pb_eth(b, ET_ARP);
	CU_ASSERT_EQUAL(decode_bounded(LT_EN10MB, b, sizeof(b), 1, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_TOO_MANY_LAYERS);
	CU_ASSERT_EQUAL(decode_bounded(LT_EN10MB, b, sizeof(b), 2, &p),
			DC_NON_IP);
	CU_ASSERT_EQUAL(p.nonip_kind, ET_ARP);
	/* An error of the last layer allowed is that error, not the bound. */
	CU_ASSERT_EQUAL(decode_bounded(LT_EN10MB, b, 10, 1, &p), DC_ERROR);
	CU_ASSERT_EQUAL(p.err, DE_ETH_TRUNCATED);
}

/* Appended after the last error, never renumbered; its report key. */
static void too_many_layers_name_is_stable(void)
{
	CU_ASSERT_EQUAL(DE_TOO_MANY_LAYERS, DE_IPNET_TRUNCATED + 1);
	CU_ASSERT_STRING_EQUAL(decode_err_name(DE_TOO_MANY_LAYERS),
			       "decode.too_many_layers");
}

static const struct pb_test tests[] = {
	{ "deepest_chain_fits_default_bound", deepest_chain_fits_default_bound },
	{ "one_layer_short_is_too_many_layers",
	  one_layer_short_is_too_many_layers },
	{ "bound_counts_only_layers_that_run", bound_counts_only_layers_that_run },
	{ "too_many_layers_name_is_stable", too_many_layers_name_is_stable },
};

int test_decode_register(void)
{
	return pb_register("decode", tests, sizeof(tests) / sizeof(tests[0]));
}
