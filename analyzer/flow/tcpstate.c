/* analyzer/flow/tcpstate.c - Zeek-compatible TCP history and conn_state.
 * History (Zeek's conn.log): S SYN without ACK, H SYN+ACK, A pure ACK,
 * D payload, F FIN, R RST, Q SYN and FIN together; uppercase for the
 * originator, lowercase for the responder; each letter recorded at its
 * first occurrence per direction; '^' first when the direction was
 * flipped. conn_state is derived at the end from which of SYN, SYN+ACK,
 * FIN and RST each side sent, following the definitions in Zeek's
 * conn.log documentation (S0 attempt without reply, REJ attempt answered
 * by RST, RSTO/RSTR established then reset by originator/responder, ...).
 * Zeek's letters for retransmissions, gaps, checksums and zero windows
 * (T, G, C, W, I) are not produced: they need payload tracking. */
#include <string.h>
#include "analyzer/flow/tcpstate.h"

static const char *const conn_state_names[CS_COUNT] = {
	"S0", "S1", "SF", "REJ", "S2", "S3", "RSTO", "RSTR", "RSTOS0",
	"RSTRH", "SH", "SHR", "OTH",
};

const char *tcpstate_name(enum tcp_conn_state s)
{
	return (unsigned)s < CS_COUNT ? conn_state_names[s] : "OTH";
}

static void history_add(struct flow_tcp *t, char letter, int dir)
{
	char c = dir ? (char)(letter - 'A' + 'a') : letter;
	size_t n = strlen(t->history);
	if (strchr(t->history, c) || n + 1 >= sizeof(t->history))
		return;
	t->history[n] = c;
	t->history[n + 1] = '\0';
}

void tcpstate_flipped(struct flow_tcp *t)
{
	size_t n = strlen(t->history);
	if (t->history[0] == '^' || n + 1 >= sizeof(t->history))
		return;
	memmove(t->history + 1, t->history, n + 1);
	t->history[0] = '^';
}

static void note_rst(struct flow_tcp *t, int dir)
{
	if (!(t->seen & (TCPS_ORIG_RST | TCPS_RESP_RST)))
		t->first_rst_dir = (uint8_t)dir;
	t->seen |= dir ? TCPS_RESP_RST : TCPS_ORIG_RST;
}

void tcpstate_packet(struct flow_tcp *t, int dir, uint16_t flags,
		     uint32_t payload_len)
{
	int syn = flags & 0x02, ack = flags & 0x10, fin = flags & 0x01,
	    rst = flags & 0x04;

	if (syn && fin)
		history_add(t, 'Q', dir);
	if (syn && !ack) {
		history_add(t, 'S', dir);
		if (dir == 0)
			t->seen |= TCPS_ORIG_SYN;
	} else if (syn && ack) {
		history_add(t, 'H', dir);
		if (dir == 1)
			t->seen |= TCPS_RESP_SYNACK;
	} else if (ack && !fin && !rst && payload_len == 0) {
		history_add(t, 'A', dir);
	}
	if (payload_len)
		history_add(t, 'D', dir);
	if (fin) {
		history_add(t, 'F', dir);
		t->seen |= dir ? TCPS_RESP_FIN : TCPS_ORIG_FIN;
	}
	if (rst) {
		history_add(t, 'R', dir);
		note_rst(t, dir);
	}
	if (dir == 0 && ack && !syn && (t->seen & TCPS_RESP_SYNACK))
		t->seen |= TCPS_ORIG_ACK;
}

int tcpstate_handshake_seen(const struct flow_tcp *t)
{
	return (t->seen & TCPS_ORIG_SYN) && (t->seen & TCPS_RESP_SYNACK);
}

int tcpstate_closed(const struct flow_tcp *t)
{
	return (t->seen & (TCPS_ORIG_RST | TCPS_RESP_RST)) ||
	       ((t->seen & TCPS_ORIG_FIN) && (t->seen & TCPS_RESP_FIN));
}

/* Attempt without a SYN+ACK: S0, REJ, RSTOS0 or SH. */
static enum tcp_conn_state attempt_state(uint8_t s)
{
	if (s & TCPS_RESP_RST)
		return CS_REJ;
	if (s & TCPS_ORIG_RST)
		return CS_RSTOS0;
	if (s & TCPS_ORIG_FIN)
		return CS_SH;
	return CS_S0;
}

/* SYN+ACK without the originator's SYN: RSTRH, SHR or OTH. */
static enum tcp_conn_state synack_only_state(uint8_t s)
{
	if (s & TCPS_RESP_RST)
		return CS_RSTRH;
	if (s & TCPS_RESP_FIN)
		return CS_SHR;
	return CS_OTH;
}

static enum tcp_conn_state established_state(const struct flow_tcp *t)
{
	uint8_t s = t->seen;
	if ((s & TCPS_ORIG_FIN) && (s & TCPS_RESP_FIN))
		return CS_SF;
	if (s & (TCPS_ORIG_RST | TCPS_RESP_RST))
		return t->first_rst_dir ? CS_RSTR : CS_RSTO;
	if (s & TCPS_ORIG_FIN)
		return CS_S2;
	if (s & TCPS_RESP_FIN)
		return CS_S3;
	return CS_S1;
}

enum tcp_conn_state tcpstate_conn_state(const struct flow_tcp *t)
{
	uint8_t s = t->seen;
	int syn = s & TCPS_ORIG_SYN, synack = s & TCPS_RESP_SYNACK;

	if (syn && synack)
		return established_state(t);
	if (syn)
		return attempt_state(s);
	if (synack)
		return synack_only_state(s);
	return CS_OTH;
}
