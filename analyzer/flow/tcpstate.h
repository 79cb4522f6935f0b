/* analyzer/flow/tcpstate.h - TCP connection tracking for flows: Zeek's history
 * letters and conn_state codes, so analysts who read Zeek's conn.log read
 * portlens at once (differences: docs/flows.md). flow.c calls
 * tcpstate_packet() per TCP packet; reports call tcpstate_conn_state(). */
#ifndef PORTLENS_TCPSTATE_H
#define PORTLENS_TCPSTATE_H

#include <stdint.h>

/* TCP tracking state of one flow. */
struct flow_tcp {
	char history[24];       /* Zeek letters, NUL-terminated */
	uint8_t seen;           /* TCPS_* bits below, in originator terms */
	uint8_t first_rst_dir;  /* 0 orig, 1 resp; valid when a RST was seen */
};

/* Bits of flow_tcp.seen, in originator terms. */
enum {
	TCPS_ORIG_SYN = 0x01,    /* originator sent SYN without ACK */
	TCPS_RESP_SYNACK = 0x02, /* responder sent SYN+ACK */
	TCPS_ORIG_FIN = 0x04,
	TCPS_RESP_FIN = 0x08,
	TCPS_ORIG_RST = 0x10,
	TCPS_RESP_RST = 0x20,
	TCPS_ORIG_ACK = 0x40,    /* originator acknowledged (handshake done) */
	TCPS_RESP_DATA = 0x80,   /* responder sent anything after SYN+ACK */
};

/* Zeek conn_state codes. */
enum tcp_conn_state {
	CS_S0 = 0, CS_S1, CS_SF, CS_REJ, CS_S2, CS_S3, CS_RSTO, CS_RSTR,
	CS_RSTOS0, CS_RSTRH, CS_SH, CS_SHR, CS_OTH, CS_COUNT
};

/* Update history and seen bits: dir 0 originator, 1 responder. */
void tcpstate_packet(struct flow_tcp *t, int dir, uint16_t flags,
		     uint32_t payload_len);

/* Prefix '^' to the history: the originator was decided against the
 * first packet's sender. */
void tcpstate_flipped(struct flow_tcp *t);

enum tcp_conn_state tcpstate_conn_state(const struct flow_tcp *t);
const char *tcpstate_name(enum tcp_conn_state s);

/* 1 when the connection is over (FIN both ways, or a RST): the flow
 * moves to the short closed timeout. */
int tcpstate_closed(const struct flow_tcp *t);

/* 1 when the three-way handshake's SYN and SYN+ACK were both seen. */
int tcpstate_handshake_seen(const struct flow_tcp *t);

#endif
