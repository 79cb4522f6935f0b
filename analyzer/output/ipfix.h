/* analyzer/output/ipfix.h - IPFIX message encoder (RFC 7011) for ended
 * flows as RFC 5103 biflows, on libfixbuf (CERT NetSA). Templates IPv4
 * (256) and IPv6 (257); the source is the originator, the reverse IEs
 * (PEN 29305) count the responder. A flow that came out of a VXLAN tunnel
 * goes in 258 (IPv4) or 259 (IPv6): the same fields, then IANA's
 * layer2SegmentId (IE 351) with the VNI, so records of other flows stay
 * as they were. Messages are built into one buffer of at most mtu bytes
 * and handed to an emit callback; the encoder never sends: the caller
 * owns the transport (out_ipfix.c), so a send that fails is counted
 * there and never stops the encoding.
 * Sequence numbers count data records per observation domain (RFC 7011
 * s3.1), whether or not the caller's send got through: a collector sees
 * the loss as a gap. Per record: no allocation (one GError per message
 * is libfixbuf's way of saying "message full"). */
#ifndef PORTLENS_IPFIX_H
#define PORTLENS_IPFIX_H

#include <stddef.h>
#include <stdint.h>
#include "analyzer/flow/flow.h"

#define IPFIX_TID_V4 256
#define IPFIX_TID_V6 257
#define IPFIX_TID_V4_L2SEG 258  /* 256 + layer2SegmentId */
#define IPFIX_TID_V6_L2SEG 259  /* 257 + layer2SegmentId */
#define IPFIX_MTU_MIN 512       /* a template set and a few records */
#define IPFIX_MTU_MAX 65535     /* the 16-bit message length */
#define IPFIX_MTU_DEFAULT 1400  /* Ethernet minus IP/UDP headers, some tunnel slack */
#define IPFIX_MTU_FILE 65000    /* files (RFC 5655) are not bound by a path */

/* One message: msg holds len bytes (borrowed for the call), records data
 * records; templates is 1 when the message carries the template set. */
typedef void (*ipfix_emit_fn)(void *user, const uint8_t *msg, size_t len,
			      uint32_t records, int templates);

struct ipfix_config {
	uint32_t domain;      /* observation domain ID */
	uint16_t mtu;         /* largest message, bytes (IPFIX_MTU_MIN..MAX) */
	uint32_t export_time; /* header export time, s; 0: the wall clock */
};

struct ipfix_enc;

/* NULL with a message in err when libfixbuf refuses the setup (or out of
 * memory). The first message starts with the template set. emit and user
 * are kept until ipfix_enc_free. */
struct ipfix_enc *ipfix_enc_new(const struct ipfix_config *cfg, ipfix_emit_fn emit,
				void *user, char *err, size_t errlen);
/* Frees without emitting what is buffered (call ipfix_enc_flush first).
 * NULL-safe. */
void ipfix_enc_free(struct ipfix_enc *e);

/* Hot path: one ended flow as a data record; emits the message first
 * when the record does not fit. 0, or -1 (libfixbuf failed: the record
 * is not encoded). */
int ipfix_enc_flow(struct ipfix_enc *e, const struct flow *f);

/* Emit what is buffered (nothing when no record waits). 0 or -1. */
int ipfix_enc_flush(struct ipfix_enc *e);

/* Template refresh (RFC 7011 s8.4, UDP): emit what is buffered, then
 * start the next message with the template set again. 0 or -1. */
int ipfix_enc_templates(struct ipfix_enc *e);

/* Data records buffered in the message being built. */
uint32_t ipfix_enc_pending(const struct ipfix_enc *e);

/* IANA layer2SegmentId (IE 351) of a flow's tunnel: the top byte names
 * the overlay encapsulation (0x01 VXLAN), the low three bytes hold its
 * 24-bit segment id (the VNI). 0 when none fits: no tunnel, another type
 * (the registry names only VXLAN and NVGRE, and a GRE key is NVGRE's
 * VSID only with an Ethernet payload, which the flow's context does not
 * keep), or no id (the context cap refused it). */
uint64_t ipfix_layer2_segment_id(const struct flow *f);

/* RFC 7012 flowEndReason of a portlens end reason. */
uint8_t ipfix_end_reason(enum flow_end_reason r);

#endif
