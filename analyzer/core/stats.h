/* analyzer/core/stats.h - decode counters: what every packet read became.
 * The accounting identity holds by construction: stats_account() puts each
 * packet in exactly one of l4, l3_only, non_ip or by_error[err], so
 *   packets == l4 + l3_only + non_ip + errors.
 * Fixed-size arrays only: accounting never allocates on the hot path. */
#ifndef PORTLENS_STATS_H
#define PORTLENS_STATS_H

#include <stdint.h>
#include "dissectors/packet.h"
#include "dissectors/tunnel.h"

/* Distinct non-IP kinds (EtherTypes ...) remembered by name; the rest are
 * summed under "other". */
#define STATS_NONIP_SLOTS 32

struct counter_pair {
	uint64_t packets;
	uint64_t bytes;  /* bytes on the wire (the record's original length) */
};

struct keyed_count {
	uint32_t key;
	uint64_t count;
};

/* One tunnel type (dissectors/tunnel.h): packets and wire bytes whose
 * header its dissector accepted, how many of them it decapsulated, how
 * many stopped at a broken header of its own (also counted under that
 * decode error), and UDP packets on its ports that were not its header
 * (left as UDP). A nested packet counts under every type it went through. */
struct tunnel_counts {
	uint64_t packets, bytes, decapsulated, errors, not_tunnel;
};

/* Transport slots of the tunnelled packets' breakdowns. */
enum { STATS_L4_TCP, STATS_L4_UDP, STATS_L4_ICMP, STATS_L4_ICMPV6, STATS_L4_OTHER,
       STATS_L4_NONE, /* no transport: a tunnel entered from a link layer
			 (NSH by EtherType), or a packet that ended before one */
       STATS_L4_SLOTS };

struct decode_stats {
	uint64_t packets;       /* records read */
	uint64_t bytes;         /* wire bytes */
	uint64_t captured_bytes;/* bytes present in the file */
	uint64_t first_ts_ns, last_ts_ns;
	uint64_t ts_backwards;  /* records older than the one before */

	uint64_t l4, l3_only, non_ip, errors;
	uint64_t by_error[DE_COUNT];
	uint64_t warnings[DW_COUNT];

	struct counter_pair ipv4, ipv6, tcp, udp, icmp, icmpv6, other_l4;
	uint64_t fragments_first, fragments_later;
	uint64_t vlan_tagged;

	/* Decapsulated packets are counted above at their innermost layers;
	 * these say what carried them. outer_transport: the first transport
	 * after the outermost IP header (what a reader that enters no tunnel
	 * counts); inner_transport: the innermost one, as counted above. */
	struct tunnel_counts tunnel[TUN_COUNT];
	uint64_t tunnelled;            /* packets decapsulated at least once */
	uint64_t tunnelled_bytes;
	uint64_t outer_transport[STATS_L4_SLOTS], inner_transport[STATS_L4_SLOTS];
	/* Tunnelled packets with no IP inside (ARP in VXLAN) by the
	 * transport around their innermost tunnel, and ICMP errors by the
	 * transport they quote: what "the transport after the last IP
	 * header" means for them (tshark's innermost counts). */
	uint64_t nonip_inner_by_carrier[STATS_L4_SLOTS];
	uint64_t icmp_errors_by_quoted[2][STATS_L4_SLOTS]; /* [0] ICMP, [1] ICMPv6 */

	struct keyed_count nonip[STATS_NONIP_SLOTS];
	unsigned nonip_used;
	uint64_t nonip_other;
};

void stats_init(struct decode_stats *s);

/* Count one decoded packet. */
void stats_account(struct decode_stats *s, const struct packet *p);

#endif
