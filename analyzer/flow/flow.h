/* analyzer/flow/flow.h - the bidirectional flow table.
 * Every IP packet (except later fragments) joins the flow of its 5-tuple
 * plus outer VLAN; both directions meet in one flow because the key puts
 * the lower endpoint first. Flows live in a pool that grows in chunks up
 * to a hard cap (max_flows); when the pool is full the least recently
 * active flow is ended early and counted as evicted. Timeouts run on
 * capture time, in batches, so an offline file replays hours in seconds.
 * Each ended flow is handed to the end callback exactly once, then its
 * slot is reused: the callback must copy what it keeps.
 * Design notes and defaults: docs/flows.md. */
#ifndef PORTLENS_FLOW_H
#define PORTLENS_FLOW_H

#include <stdint.h>
#include "dissectors/packet.h"
#include "analyzer/flow/tcpstate.h"
#include "analyzer/flow/tunctx.h"
#include "analyzer/util/siphash.h"

/* Direction-independent key: endpoint 0 is the lower (address, port).
 * 40 bytes with no padding, hashed and compared as raw bytes. */
struct flow_key {
	uint8_t addr[2][16];
	uint16_t port[2];
	uint16_t vlan;
	uint8_t proto;
	uint8_t ip_ver;
	uint32_t tunnel_id;  /* with --tunnel-key: the VNI, GRE key or TEID of
				the tunnel around the flow, so tenants with
				overlapping addresses stay apart; else 0 */
};

/* Timeout classes: flows in one class share one timeout, so each class
 * keeps its flows in last-activity order and expiry walks from the
 * oldest end only. */
enum flow_timeout_class {
	FLOW_TO_TCP_ATTEMPT = 0, /* SYN seen, no handshake yet */
	FLOW_TO_TCP_ESTABLISHED, /* handshake done, or midstream */
	FLOW_TO_TCP_CLOSED,      /* FIN both ways or RST: short linger */
	FLOW_TO_UDP,
	FLOW_TO_ICMP,
	FLOW_TO_OTHER,           /* other IP protocols */
	FLOW_TO_COUNT
};

enum flow_end_reason {
	FLOW_END_IDLE = 0,   /* idle longer than its class timeout */
	FLOW_END_ACTIVE,     /* longer than the active timeout: split */
	FLOW_END_EVICTED,    /* pool full: least recently active ended early */
	FLOW_END_REUSED,     /* a new SYN reused the tuple of a closed flow */
	FLOW_END_FLUSH,      /* end of capture */
	FLOW_END_COUNT
};

/* Per-direction counters, in originator terms: dir[0] originator,
 * dir[1] responder. */
struct flow_dir {
	uint64_t packets;
	uint64_t bytes;         /* wire bytes of the frames */
	uint64_t ip_bytes;      /* IP datagram bytes (header included, from the IP
				   length field): IPFIX octetDeltaCount, Zeek's
				   orig_ip_bytes/resp_ip_bytes */
	uint64_t payload_bytes; /* transport payload */
	uint64_t first_ts, last_ts; /* ns; 0 when this side sent nothing */
	uint16_t tcp_flags;     /* OR of TCP flags sent */
};

enum {
	FLOW_F_MIDSTREAM = 0x01, /* no SYN seen: the capture began mid-conversation */
	FLOW_F_FLIPPED = 0x02,   /* originator is not the first packet's sender */
	FLOW_F_CONTINUED = 0x04, /* continues a flow split by the active timeout */
};

/* 256 bytes, aligned to a cache line: four lines per flow, and a
 * power-of-two stride, so that finding a flow by index is one shift (248
 * bytes cost three instructions on every lookup, +1% per packet). */
struct flow {
	_Alignas(64) struct flow_key key;
	uint8_t orig;           /* key endpoint (0/1) that originated */
	uint8_t flags;          /* FLOW_F_* */
	uint8_t to_class;       /* enum flow_timeout_class */
	uint8_t end_reason;     /* enum flow_end_reason, set when ended */
	uint32_t hash;          /* low bits of the keyed hash */
	uint32_t lru_prev, lru_next; /* pool indices; FLOW_NIL ends */
	uint32_t icmp_errors;   /* ICMP errors quoting this flow */
	uint64_t id;            /* creation order, 1-based */
	uint64_t first_ts, last_ts; /* ns, capture time, both directions */
	struct flow_dir dir[2];
	struct flow_tcp tcp;
	uint8_t icmp_type, icmp_code; /* last such error */
	uint8_t icmp_from_resp; /* 1 when the error came from the responder */
	uint8_t first_icmp_type, first_icmp_code; /* ICMP flows: first message */
	uint8_t scan_flags;     /* owned by the scan detector (scan.c) */
	uint8_t probe_tech;     /* scan.c: technique of the first packet */
	uint8_t knock_flags;    /* owned by the knock detector (knock.c) */
	/* The tunnel the flow's first packet came in (type, id, outer
	 * addresses from the originator's side), NULL for none. Interned in
	 * the flow table (tunctx.h), valid while the table lives. */
	const struct tunnel_ctx *tunnel;
};

#define FLOW_NIL UINT32_MAX

struct flow_config {
	uint32_t max_flows;              /* hard cap on live flows */
	struct siphash_key seed;         /* hash key; random per run */
	uint64_t timeout_ns[FLOW_TO_COUNT];
	uint64_t active_timeout_ns;      /* split flows longer than this */
	/* Bitmaps of likely server ports, [0] TCP, [1] UDP (bit port%8 of
	 * byte port/8); NULL means "below 1024". Borrowed. Used only to pick
	 * the originator of flows that start without a SYN. */
	const uint8_t (*server_ports)[8192];
	uint8_t tunnel_key;              /* --tunnel-key: see flow_key.tunnel_id */
};

#define FLOW_DEFAULT_MAX 1000000u

/* Defaults documented in docs/flows.md. */
void flow_config_defaults(struct flow_config *cfg);

struct flow_stats {
	uint64_t created, ended, active, max_active;
	uint64_t ended_by[FLOW_END_COUNT];
	uint64_t created_by_proto[4];    /* tcp, udp, icmp (v4+v6), other */
	uint64_t reused_tuples;          /* SYN on a closed flow's tuple */
	uint64_t packets;                /* packets that joined a flow */
	uint64_t icmp_errors_attributed; /* ICMP errors matched to a flow */
	uint64_t not_in_flow;            /* IP packets no flow can hold */
	uint64_t tunnelled;              /* flows created from a tunnelled packet */
	uint64_t tunnel_contexts;        /* distinct tunnel contexts kept */
	uint64_t tunnel_contexts_dropped;/* flows whose context the cap refused:
					    their lines name the type only */
};

/* Called once per ended flow; f is valid only during the call. */
typedef void (*flow_end_fn)(void *user, const struct flow *f);

struct flow_table;

/* NULL when out of memory. The config is copied. */
struct flow_table *flow_table_new(const struct flow_config *cfg,
				  flow_end_fn on_end, void *user);
/* Frees without ending flows (call flow_table_flush first). NULL-safe. */
void flow_table_free(struct flow_table *t);

/* What flow_packet() did with a packet. */
struct flow_hit {
	int attributed; /* an ICMP error counted on the flow it quotes */
	int dir;        /* 0 sent by the originator, 1 by the responder */
	int created;    /* the packet started this flow */
};

/* Hot path: put one decoded packet into its flow, creating it when new,
 * and expire flows idle as of the packet's time. Returns the flow the
 * packet joined (valid until the next call), or NULL when it cannot
 * join one (not IP, a later fragment). An ICMP error whose quoted tuple
 * matches a live flow is attributed to that flow (icmp_errors) and its
 * flow is returned. *hit says which happened. */
struct flow *flow_packet(struct flow_table *t, const struct packet *p,
			 struct flow_hit *hit);

/* Visit every live flow (no order promised). Not for the per-packet
 * path: O(live flows). fn may change the detector bytes of a flow
 * (scan_flags ...), never its key or the table. */
void flow_table_foreach(struct flow_table *t,
			void (*fn)(void *ctx, struct flow *f), void *ctx);

/* End every live flow (reason FLOW_END_FLUSH). */
void flow_table_flush(struct flow_table *t);

const struct flow_stats *flow_table_stats(const struct flow_table *t);

/* Originator/responder views of a flow's key. */
static inline const uint8_t *flow_orig_addr(const struct flow *f)
{
	return f->key.addr[f->orig];
}
static inline const uint8_t *flow_resp_addr(const struct flow *f)
{
	return f->key.addr[f->orig ^ 1];
}
static inline uint16_t flow_orig_port(const struct flow *f)
{
	return f->key.port[f->orig];
}
static inline uint16_t flow_resp_port(const struct flow *f)
{
	return f->key.port[f->orig ^ 1];
}

/* Build the key of a packet; *sender gets the key endpoint (0/1) that
 * sent it. 0, or -1 when the packet cannot have a flow. */
int flow_key_from_packet(const struct packet *p, struct flow_key *k,
			 uint8_t *sender);

const char *flow_end_reason_name(enum flow_end_reason r);

/* Zeek's conn_state of an ended or live flow: from the TCP tracking for
 * TCP, else S0 (one side only), SF (both sides spoke) or REJ (only an
 * ICMP error came back), as Zeek reports UDP and ICMP. */
enum tcp_conn_state flow_conn_state(const struct flow *f);

/* Transport slot of per-transport counters: 0 tcp, 1 udp, 2 icmp and
 * icmpv6, 3 other. */
int flow_proto_slot(uint8_t proto);

#endif
