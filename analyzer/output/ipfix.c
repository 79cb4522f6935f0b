/* analyzer/output/ipfix.c - see ipfix.h. libfixbuf does the wire work:
 * the template set, transcoding each record (host struct -> network
 * order, IEs the template lacks left out), set headers, the message
 * header with its sequence number and export time. Its buffer exporter
 * (fbExporterAllocBuffer) copies each finished message to our buffer,
 * whose size is the message limit; we emit it through the callback.
 * Traps (libfixbuf 2.4):
 *  - its UDP exporter reports a failed send() once with g_warning and
 *    returns success afterwards, and its UDP MTU is fixed at 1420 with no
 *    setter: so libfixbuf never touches a socket here;
 *  - the buffer is in manual mode: fBufAppend says FB_ERROR_EOM when the
 *    record does not fit, we emit and append again (automatic mode would
 *    emit behind our back, past the pacing and the counting);
 *  - fbInfoElementSpec_t wants a mutable array; ours is static const and
 *    libfixbuf only reads it.
 * One internal template (the struct below, both address families, the
 * segment id) feeds four external ones; the spec flags pick the IEs of
 * each (libfixbuf appends a spec when all its flag bits are in the
 * template's flags). layer2SegmentId comes last, so that 258 and 259 are
 * 256 and 257 plus one field. */
#include <glib.h>
#include <fixbuf/public.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/output/ipfix.h"
#include "dissectors/ipproto.h"
#include "dissectors/tunnel.h"

#define IPFIX_TID_INTERNAL 300

enum { SPEC_V4 = 1, SPEC_V6 = 2, SPEC_PAD = 4, SPEC_L2SEG = 8, SPEC_ALL = 15 };

/* IANA's layer2SegmentId encapsulation type in the top byte (IE 351). */
#define IPFIX_L2SEG_VXLAN 0x01u

/* The internal record: field order and sizes match spec[] below, with
 * no padding but the explicit one before the segment id (sizeof 120). */
struct ipfix_rec {
	uint64_t start_ms, end_ms;            /* flowStart/EndMilliseconds */
	uint64_t octets, packets;             /* originator: IP bytes, packets */
	uint64_t rev_octets, rev_packets;     /* responder */
	uint8_t src6[16], dst6[16];
	uint32_t src4, dst4;                  /* host order; libfixbuf swaps */
	uint16_t sport, dport;
	uint16_t icmp4, icmp6;                /* type << 8 | code */
	uint16_t vlan;
	uint16_t tcp_flags, rev_tcp_flags;
	uint8_t proto, end_reason, biflow_dir;
	uint8_t pad[7];
	uint64_t l2seg;                       /* layer2SegmentId */
};
_Static_assert(sizeof(struct ipfix_rec) == 120, "ipfix_rec must match spec[] exactly");

static const fbInfoElementSpec_t spec[] = {
	{ "flowStartMilliseconds", 8, 0 },
	{ "flowEndMilliseconds", 8, 0 },
	{ "octetDeltaCount", 8, 0 },
	{ "packetDeltaCount", 8, 0 },
	{ "reverseOctetDeltaCount", 8, 0 },
	{ "reversePacketDeltaCount", 8, 0 },
	{ "sourceIPv6Address", 16, SPEC_V6 },
	{ "destinationIPv6Address", 16, SPEC_V6 },
	{ "sourceIPv4Address", 4, SPEC_V4 },
	{ "destinationIPv4Address", 4, SPEC_V4 },
	{ "sourceTransportPort", 2, 0 },
	{ "destinationTransportPort", 2, 0 },
	{ "icmpTypeCodeIPv4", 2, SPEC_V4 },
	{ "icmpTypeCodeIPv6", 2, SPEC_V6 },
	{ "vlanId", 2, 0 },
	{ "tcpControlBits", 2, 0 },
	{ "reverseTcpControlBits", 2, 0 },
	{ "protocolIdentifier", 1, 0 },
	{ "flowEndReason", 1, 0 },
	{ "biflowDirection", 1, 0 },
	{ "paddingOctets", 7, SPEC_PAD },
	{ "layer2SegmentId", 8, SPEC_L2SEG },
	FB_IESPEC_NULL
};

struct ipfix_enc {
	fBuf_t *fbuf;          /* owns the session and the exporter */
	uint8_t *msg;          /* the exporter's buffer: one message */
	ipfix_emit_fn emit;
	void *user;
	uint32_t export_time;
	uint32_t records;      /* data records in the message being built */
	int templates;         /* the message being built has the template set */
	int cur_tid;           /* external template set on fbuf, 0: none */
};

uint8_t ipfix_end_reason(enum flow_end_reason r)
{
	/* RFC 7012 s5.11.3 (IANA flowEndReason): 1 idle timeout, 2 active
	 * timeout, 3 end of flow detected, 4 forced end, 5 lack of resources. */
	switch (r) {
	case FLOW_END_IDLE: return 1;
	case FLOW_END_ACTIVE: return 2;
	case FLOW_END_REUSED: return 3;   /* a new SYN: the old one ended */
	case FLOW_END_FLUSH: return 4;    /* end of capture */
	case FLOW_END_EVICTED: return 5;  /* table full */
	default: return 0;
	}
}

static void set_err(char *err, size_t errlen, const char *what, GError *ge)
{
	if (err && errlen)
		snprintf(err, errlen, "%s: %s", what, ge ? ge->message : "failed");
	g_clear_error(&ge);
}

/* Add the template picked by flags as tid (internal or external). */
static int add_template(fbSession_t *session, fbInfoModel_t *model, int internal,
			uint16_t tid, uint32_t flags, char *err, size_t errlen)
{
	GError *ge = NULL;
	fbTemplate_t *t = fbTemplateAlloc(model);
	if (!fbTemplateAppendSpecArray(t, (fbInfoElementSpec_t *)spec, flags, &ge)) {
		fbTemplateFreeUnused(t);
		set_err(err, errlen, "IPFIX template", ge);
		return -1;
	}
	if (!fbSessionAddTemplate(session, internal ? TRUE : FALSE, tid, t, &ge)) {
		fbTemplateFreeUnused(t);
		set_err(err, errlen, "IPFIX template", ge);
		return -1;
	}
	return 0;
}

static fbSession_t *session_new(uint32_t domain, char *err, size_t errlen)
{
	fbInfoModel_t *model = fbInfoModelAlloc();
	fbSession_t *session = fbSessionAlloc(model);
	fbSessionSetDomain(session, domain);
	if (add_template(session, model, 1, IPFIX_TID_INTERNAL, SPEC_ALL, err, errlen) != 0 ||
	    add_template(session, model, 0, IPFIX_TID_V4, SPEC_V4, err, errlen) != 0 ||
	    add_template(session, model, 0, IPFIX_TID_V6, SPEC_V6, err, errlen) != 0 ||
	    add_template(session, model, 0, IPFIX_TID_V4_L2SEG, SPEC_V4 | SPEC_L2SEG,
			 err, errlen) != 0 ||
	    add_template(session, model, 0, IPFIX_TID_V6_L2SEG, SPEC_V6 | SPEC_L2SEG,
			 err, errlen) != 0) {
		fbSessionFree(session);
		fbInfoModelFree(model);
		return NULL;
	}
	return session;
}

struct ipfix_enc *ipfix_enc_new(const struct ipfix_config *cfg, ipfix_emit_fn emit,
				void *user, char *err, size_t errlen)
{
	GError *ge = NULL;
	struct ipfix_enc *e = calloc(1, sizeof(*e));
	if (e)
		e->msg = malloc(cfg->mtu);
	if (!e || !e->msg) {
		free(e);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	e->emit = emit;
	e->user = user;
	e->export_time = cfg->export_time;
	fbSession_t *session = session_new(cfg->domain, err, errlen);
	if (!session) {
		ipfix_enc_free(e);
		return NULL;
	}
	e->fbuf = fBufAllocForExport(session, fbExporterAllocBuffer(e->msg, cfg->mtu));
	fBufSetAutomaticMode(e->fbuf, FALSE);
	fBufSetExportTime(e->fbuf, e->export_time);
	if (!fBufSetInternalTemplate(e->fbuf, IPFIX_TID_INTERNAL, &ge)) {
		set_err(err, errlen, "IPFIX template", ge);
		ipfix_enc_free(e);
		return NULL;
	}
	if (ipfix_enc_templates(e) != 0) {
		snprintf(err, errlen, "IPFIX templates do not fit in %u bytes", cfg->mtu);
		ipfix_enc_free(e);
		return NULL;
	}
	return e;
}

void ipfix_enc_free(struct ipfix_enc *e)
{
	if (!e)
		return;
	if (e->fbuf) {
		fbInfoModel_t *model = fbSessionGetInfoModel(fBufGetSession(e->fbuf));
		fBufFree(e->fbuf); /* frees the session and the exporter */
		fbInfoModelFree(model);
	}
	free(e->msg);
	free(e);
}

/* Emit the message being built (if any) through the callback. */
static int emit_message(struct ipfix_enc *e)
{
	GError *ge = NULL;
	if (!e->records && !e->templates)
		return 0;
	if (!fBufEmit(e->fbuf, &ge)) {
		g_clear_error(&ge);
		return -1;
	}
	fbExporter_t *x = fBufGetExporter(e->fbuf);
	e->emit(e->user, e->msg, fbExporterGetMsgLen(x), e->records, e->templates);
	e->records = 0;
	e->templates = 0;
	e->cur_tid = 0; /* a new message starts a new set */
	fBufSetExportTime(e->fbuf, e->export_time);
	return 0;
}

int ipfix_enc_templates(struct ipfix_enc *e)
{
	GError *ge = NULL;
	fbSession_t *session = fBufGetSession(e->fbuf);
	if (emit_message(e) != 0)
		return -1;
	/* On a fresh message libfixbuf's first try says "end of message,
	 * start a new one" (FB_ERROR_EOM) and marks the message as a
	 * template one; the second try writes the set. */
	if (!fbSessionExportTemplates(session, &ge)) {
		int eom = g_error_matches(ge, FB_ERROR_DOMAIN, FB_ERROR_EOM);
		g_clear_error(&ge);
		if (!eom || !fbSessionExportTemplates(session, &ge)) {
			g_clear_error(&ge);
			return -1;
		}
	}
	e->templates = 1;
	return 0;
}

int ipfix_enc_flush(struct ipfix_enc *e)
{
	return emit_message(e);
}

uint32_t ipfix_enc_pending(const struct ipfix_enc *e)
{
	return e->records;
}

static uint16_t icmp_type_code(const struct flow *f)
{
	return (uint16_t)(f->first_icmp_type << 8 | f->first_icmp_code);
}

static uint32_t ip4_host(const uint8_t *a)
{
	return (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];
}

uint64_t ipfix_layer2_segment_id(const struct flow *f)
{
	const struct tunnel_ctx *t = f->tunnel;
	if (!t || t->type != TUN_VXLAN || !t->has_id)
		return 0;
	return (uint64_t)IPFIX_L2SEG_VXLAN << 56 | (t->id & 0xffffffu);
}

/* RFC 5103 s6.3 biflowDirection: 1 the source initiated the flow; 0
 * arbitrary when the capture began mid-conversation (the originator is a
 * guess from the ports). */
static void rec_fill(struct ipfix_rec *r, const struct flow *f)
{
	int icmp = ipproto_is_icmp(f->key.proto);
	memset(r, 0, sizeof(*r));
	r->start_ms = f->first_ts / 1000000u;
	r->end_ms = f->last_ts / 1000000u;
	r->octets = f->dir[0].ip_bytes;
	r->packets = f->dir[0].packets;
	r->rev_octets = f->dir[1].ip_bytes;
	r->rev_packets = f->dir[1].packets;
	if (f->key.ip_ver == 4) {
		r->src4 = ip4_host(flow_orig_addr(f));
		r->dst4 = ip4_host(flow_resp_addr(f));
		r->icmp4 = icmp ? icmp_type_code(f) : 0;
	} else {
		memcpy(r->src6, flow_orig_addr(f), 16);
		memcpy(r->dst6, flow_resp_addr(f), 16);
		r->icmp6 = icmp ? icmp_type_code(f) : 0;
	}
	if (ipproto_has_ports(f->key.proto)) { /* TCP, UDP: never ICMP */
		r->sport = flow_orig_port(f);
		r->dport = flow_resp_port(f);
	}
	r->vlan = f->key.vlan;
	r->tcp_flags = f->dir[0].tcp_flags & 0x0fff; /* RFC 7125: the 12 header bits */
	r->rev_tcp_flags = f->dir[1].tcp_flags & 0x0fff;
	r->proto = f->key.proto;
	r->end_reason = ipfix_end_reason((enum flow_end_reason)f->end_reason);
	r->biflow_dir = (f->flags & FLOW_F_MIDSTREAM) ? 0 : 1;
	r->l2seg = ipfix_layer2_segment_id(f);
}

static int append(struct ipfix_enc *e, struct ipfix_rec *r, int tid, GError **ge)
{
	if (tid != e->cur_tid) {
		if (!fBufSetExportTemplate(e->fbuf, (uint16_t)tid, ge))
			return -1;
		e->cur_tid = tid;
	}
	return fBufAppend(e->fbuf, (uint8_t *)r, sizeof(*r), ge) ? 0 : -1;
}

int ipfix_enc_flow(struct ipfix_enc *e, const struct flow *f)
{
	struct ipfix_rec r;
	GError *ge = NULL;
	int tid;
	rec_fill(&r, f);
	if (r.l2seg)
		tid = f->key.ip_ver == 4 ? IPFIX_TID_V4_L2SEG : IPFIX_TID_V6_L2SEG;
	else
		tid = f->key.ip_ver == 4 ? IPFIX_TID_V4 : IPFIX_TID_V6;
	if (append(e, &r, tid, &ge) != 0) {
		int full = g_error_matches(ge, FB_ERROR_DOMAIN, FB_ERROR_EOM);
		g_clear_error(&ge);
		/* Message full: send it, start the next one with this record. */
		if (!full || emit_message(e) != 0 || append(e, &r, tid, &ge) != 0) {
			g_clear_error(&ge);
			return -1;
		}
	}
	e->records++;
	return 0;
}
