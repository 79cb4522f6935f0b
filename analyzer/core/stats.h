/* analyzer/core/stats.h - decode counters: what every packet read became.
 * The accounting identity holds by construction: stats_account() puts each
 * packet in exactly one of l4, l3_only, non_ip or by_error[err], so
 *   packets == l4 + l3_only + non_ip + errors.
 * Fixed-size arrays only: accounting never allocates on the hot path. */
#ifndef PORTLENS_STATS_H
#define PORTLENS_STATS_H

#include <stdint.h>
#include "dissectors/packet.h"

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

	struct keyed_count nonip[STATS_NONIP_SLOTS];
	unsigned nonip_used;
	uint64_t nonip_other;
};

void stats_init(struct decode_stats *s);

/* Count one decoded packet. */
void stats_account(struct decode_stats *s, const struct packet *p);

#endif
