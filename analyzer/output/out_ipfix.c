/* analyzer/output/out_ipfix.c - the IPFIX sinks: --ipfix HOST:PORT sends
 * each ended flow to a collector as an RFC 5103 biflow record (RFC 7011
 * over UDP by default, tcp://HOST:PORT for TCP), --ipfix-file FILE
 * writes the same messages as an IPFIX file (RFC 5655). Both share the
 * encoder (ipfix.c, libfixbuf); the network one adds the socket and the
 * pacer (ipfix_send.c). Per flow: one record into the message being
 * built; a full message is paced, sent, and counted (docs/outputs.md).
 * A failed send is counted (errors, and its records in records_lost) and
 * never ends the run; the next message is tried as usual.
 * UDP templates are sent again every IPFIX_REFRESH_MSGS messages or
 * IPFIX_REFRESH_NS of wall time, whichever comes first (RFC 7011 s8.4):
 * a collector started late, or one that lost the first datagram, decodes
 * from the next refresh on. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/output/ipfix.h"
#include "analyzer/output/ipfix_send.h"
#include "analyzer/output/sink.h"
#include "analyzer/util/decimal.h"
#include "analyzer/util/outfile.h"

#define IPFIX_RATE_DEFAULT 50000u        /* messages/s: ~70 MB/s at 1400 bytes */
#define IPFIX_REFRESH_MSGS 1000u         /* UDP template refresh, messages */
#define IPFIX_REFRESH_NS 10000000000ull  /* ... or 10 s */
#define IPFIX_LIVE_FLUSH_NS 1000000000ull /* live: no record waits longer */

enum { OPT_DOMAIN, OPT_MTU, OPT_RATE };

struct ipfix_sink {
	struct ipfix_enc *enc;
	struct sink *s;
	int is_file;
	struct outfile of;           /* --ipfix-file */
	struct ipfix_sock sock;      /* --ipfix */
	struct ipfix_pacer pacer;
	struct output_counters n;
	uint64_t last_tmpl_ns, last_emit_ns;
	uint32_t msgs_since_tmpl;
	int want_templates;          /* start the next message with templates */
};

/* v: decimal in lo..hi. 0, or -1 with a message naming the option. */
static int opt_number(const char *v, const char *opt, uint64_t lo, uint64_t hi,
		      uint64_t *out, char *err, size_t errlen)
{
	if (decimal_u64(v, lo, hi, out) == 0)
		return 0;
	snprintf(err, errlen, "--%s: '%s' is not a number from %llu to %llu", opt, v,
		 (unsigned long long)lo, (unsigned long long)hi);
	return -1;
}

/* The extra options' values, defaults for those not given. */
static int read_options(const struct sink *s, struct ipfix_config *cfg, uint32_t *rate,
			char *err, size_t errlen)
{
	uint64_t v;
	cfg->domain = 1;
	cfg->mtu = IPFIX_MTU_DEFAULT;
	cfg->export_time = 0;
	*rate = IPFIX_RATE_DEFAULT;
	if (s->opt[OPT_DOMAIN]) {
		if (opt_number(s->opt[OPT_DOMAIN], "ipfix-domain", 0, UINT32_MAX, &v, err, errlen))
			return -1;
		cfg->domain = (uint32_t)v;
	}
	if (s->opt[OPT_MTU]) {
		if (opt_number(s->opt[OPT_MTU], "ipfix-mtu", IPFIX_MTU_MIN, IPFIX_MTU_MAX, &v, err, errlen))
			return -1;
		cfg->mtu = (uint16_t)v;
	}
	if (s->opt[OPT_RATE]) {
		if (opt_number(s->opt[OPT_RATE], "ipfix-rate", 0, 10000000, &v, err, errlen))
			return -1;
		*rate = (uint32_t)v;
	}
	return 0;
}

static int ipfix_check(const struct sink *s, char *err, size_t errlen)
{
	struct ipfix_dest d;
	struct ipfix_config cfg;
	uint32_t rate;
	char why[400];
	if (ipfix_dest_parse(s->path ? s->path : "", &d, why, sizeof(why)) != 0) {
		snprintf(err, errlen, "--ipfix: %s", why);
		return -1;
	}
	return read_options(s, &cfg, &rate, err, errlen);
}

/* One message went out (or did not): count it. */
static void count_send(struct ipfix_sink *is, size_t len, uint32_t records, int e)
{
	if (e) {
		is->n.errors++;
		is->n.records_lost += records;
		return;
	}
	is->n.messages++;
	is->n.bytes += len;
}

/* UDP: ask for templates again when the refresh is due. */
static void note_refresh(struct ipfix_sink *is, int templates, uint64_t now)
{
	if (templates) {
		is->msgs_since_tmpl = 0;
		is->last_tmpl_ns = now;
		return;
	}
	if (!is->sock.tcp && (++is->msgs_since_tmpl >= IPFIX_REFRESH_MSGS ||
			      now - is->last_tmpl_ns >= IPFIX_REFRESH_NS))
		is->want_templates = 1;
}

static void net_emit(void *user, const uint8_t *msg, size_t len, uint32_t records,
		     int templates)
{
	struct ipfix_sink *is = user;
	int e;
	if (is->sock.tcp && is->sock.fd < 0 && ipfix_sock_reconnect(&is->sock) == 0 &&
	    !templates) {
		/* A fresh connection: data before its templates would be
		 * dropped by the collector; this message is lost, the next
		 * one starts with the templates. */
		is->want_templates = 1;
		e = ENOTCONN;
	} else {
		ipfix_pacer_wait(&is->pacer);
		e = ipfix_sock_send(&is->sock, msg, len);
	}
	count_send(is, len, records, e);
	is->last_emit_ns = ipfix_now_ns();
	note_refresh(is, templates, is->last_emit_ns);
}

static void file_emit(void *user, const uint8_t *msg, size_t len, uint32_t records,
		      int templates)
{
	struct ipfix_sink *is = user;
	int e = fwrite(msg, 1, len, is->of.fp) == len ? 0 : (errno ? errno : EIO);
	(void)templates;
	if (e && !is->s->err)
		is->s->err = e;
	count_send(is, len, records, e);
}

static int ipfix_close(struct sink *s, int ok);

/* Undo a half-done open; -1 with errno kept. */
static int open_failed(struct sink *s)
{
	int saved = errno;
	ipfix_close(s, 0);
	errno = saved;
	return -1;
}

static struct ipfix_sink *sink_new(struct sink *s, int is_file)
{
	struct ipfix_sink *is = calloc(1, sizeof(*is));
	if (!is)
		return NULL;
	is->s = s;
	is->is_file = is_file;
	is->sock.fd = -1;
	s->state = is;
	return is;
}

/* The encoder for cfg; -1 with errno when libfixbuf refuses. */
static int enc_open(struct ipfix_sink *is, const struct ipfix_config *cfg, ipfix_emit_fn fn)
{
	char err[256];
	is->enc = ipfix_enc_new(cfg, fn, is, err, sizeof(err));
	if (!is->enc) {
		errno = strcmp(err, "out of memory") == 0 ? ENOMEM : EINVAL;
		return -1;
	}
	is->last_tmpl_ns = is->last_emit_ns = ipfix_now_ns();
	return 0;
}

/* The collector need not be up: a socket that cannot connect (TCP
 * refused) leaves the sends failing and counted, not the run. */
static int ipfix_open(struct sink *s)
{
	struct ipfix_config cfg;
	struct ipfix_dest d;
	uint32_t rate;
	char err[400];
	struct ipfix_sink *is = sink_new(s, 0);
	if (!is)
		return -1;
	if (read_options(s, &cfg, &rate, err, sizeof(err)) != 0 ||
	    ipfix_dest_parse(s->path, &d, err, sizeof(err)) != 0) {
		errno = EINVAL; /* check() ran first: not reached */
		return open_failed(s);
	}
	ipfix_pacer_init(&is->pacer, rate);
	(void)ipfix_sock_open(&is->sock, &d);
	return enc_open(is, &cfg, net_emit) != 0 ? open_failed(s) : 0;
}

static int ipfix_file_open(struct sink *s)
{
	struct ipfix_config cfg = { 1, IPFIX_MTU_FILE, 0 };
	struct ipfix_sink *is = sink_new(s, 1);
	if (!is)
		return -1;
	if (outfile_open(&is->of, s->path, s->ctx->stream_flags) != 0 ||
	    enc_open(is, &cfg, file_emit) != 0)
		return open_failed(s);
	return 0;
}

static void ipfix_flow(struct sink *s, const struct flow *f)
{
	struct ipfix_sink *is = s->state;
	is->n.records++;
	if (ipfix_enc_flow(is->enc, f) != 0) {
		is->n.errors++;
		is->n.records_lost++;
	}
	if (is->want_templates) {
		is->want_templates = 0;
		if (ipfix_enc_templates(is->enc) != 0)
			is->n.errors++;
	}
}

static int ipfix_flush(struct sink *s)
{
	struct ipfix_sink *is = s->state;
	if (ipfix_enc_flush(is->enc) != 0) {
		is->n.errors++;
		is->n.records_lost += ipfix_enc_pending(is->enc);
	}
	if (is->is_file && fflush(is->of.fp) != 0 && !s->err)
		s->err = errno;
	return 0;
}

/* Live: a record waits at most about a second in a half-full message. */
static void ipfix_poll(struct sink *s, const struct sink_now *now)
{
	struct ipfix_sink *is = s->state;
	(void)now;
	if (s->ctx->live && ipfix_enc_pending(is->enc) &&
	    ipfix_now_ns() - is->last_emit_ns >= IPFIX_LIVE_FLUSH_NS) {
		ipfix_flush(s);
		is->last_emit_ns = ipfix_now_ns(); /* the file sink does not stamp it */
	}
}

static void ipfix_counters(const struct sink *s, struct output_counters *out)
{
	const struct ipfix_sink *is = s->state;
	*out = is->n;
}

static int ipfix_close(struct sink *s, int ok)
{
	struct ipfix_sink *is = s->state;
	int rc = 0, saved = 0;
	if (!is)
		return 0;
	ipfix_enc_free(is->enc);
	if (is->is_file && is->of.fp) {
		rc = outfile_close(&is->of, ok, s->err);
		saved = errno;
	}
	ipfix_sock_close(&is->sock);
	free(is);
	s->state = NULL;
	errno = saved;
	return rc;
}

static const struct sink_option ipfix_options[] = {
	[OPT_DOMAIN] = { "ipfix-domain" },
	[OPT_MTU] = { "ipfix-mtu" },
	[OPT_RATE] = { "ipfix-rate" },
	{ NULL },
};

const struct sink_type sink_ipfix = {
	.name = "ipfix",
	.what = "IPFIX",
	.long_opt = "ipfix",
	.help = "      --ipfix HOST:PORT  each ended flow to an IPFIX collector (RFC 7011,\n"
		"                     RFC 5103 biflows) over UDP; tcp://HOST:PORT for TCP;\n"
		"                     IPv6 as [ADDR]:PORT\n"
		"      --ipfix-domain N  observation domain ID (default 1)\n"
		"      --ipfix-mtu BYTES  largest message (default 1400, 512-65535)\n"
		"      --ipfix-rate N  messages per second at most (default 50000; 0: no limit)\n",
	.flags = SINK_STREAM | SINK_ADDRESS,
	.options = ipfix_options,
	.check = ipfix_check,
	.open = ipfix_open,
	.flow = ipfix_flow,
	.poll = ipfix_poll,
	.flush = ipfix_flush,
	.counters = ipfix_counters,
	.close = ipfix_close,
};

const struct sink_type sink_ipfix_file = {
	.name = "ipfix_file",
	.what = "IPFIX file",
	.long_opt = "ipfix-file",
	.help = "      --ipfix-file FILE  the same IPFIX messages as a file (RFC 5655);\n"
		"                     - is stdout\n",
	.flags = SINK_STREAM,
	.open = ipfix_file_open,
	.flow = ipfix_flow,
	.poll = ipfix_poll,
	.flush = ipfix_flush,
	.counters = ipfix_counters,
	.close = ipfix_close,
};
