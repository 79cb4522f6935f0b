/* analyzer/output/out_metrics.c - the Prometheus endpoint (--metrics
 * ADDR): GET or HEAD /metrics answers with the metrics of the analysis
 * at that moment (metrics.c); any other path is 404, any other method
 * 405. libmicrohttpd runs in external-select mode with no thread of its
 * own: poll() (every LIVE_POLL_MS between capture batches) runs it a few
 * times without waiting, so a scrape is rendered in the capture thread
 * from the analyzer as it is, with no lock; a scrape waits up to one
 * poll period. Connections are bounded (METRICS_HTTP_CONNECTIONS, each
 * idle one closed after METRICS_HTTP_TIMEOUT_S).
 * At the end, finish() renders the final values once (every flow ended,
 * the pcap and output counters final); close() keeps serving them for
 * --metrics-linger S seconds (default 0), so that a scrape after the
 * capture gets them; the next SIGINT/SIGTERM ends the wait (the stop
 * flag is a count, cli.c). docs/outputs.md "Metrics". */
#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "analyzer/output/metrics.h"
#include "analyzer/output/outputs.h"
#include "analyzer/util/decimal.h"
#include "analyzer/util/hostport.h"

#define METRICS_HTTP_CONNECTIONS 16
#define METRICS_HTTP_TIMEOUT_S 10
#define METRICS_LINGER_MAX 3600
#define METRICS_RUNS_PER_POLL 3 /* accept, read the request, write the answer */
#define METRICS_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

enum { OPT_LINGER = 0, OPT_TOP = 1 }; /* index in sink.opt[] */

struct metrics_sink {
	struct MHD_Daemon *daemon;
	struct metrics_text text;
	unsigned top;
	unsigned linger_s;
	double start_time_s;
	const struct sink_now *now; /* during poll(): what a scrape reads */
	int final;                  /* after finish(): text is the last render */
	volatile sig_atomic_t *stop;
	struct output_counters n;   /* renders, scrapes served, bytes, errors */
};

static int parse_linger(const char *value, unsigned *out, char *err, size_t errlen)
{
	uint64_t v;
	if (!value) {
		*out = 0;
		return 0;
	}
	if (decimal_u64(value, 0, METRICS_LINGER_MAX, &v) != 0) {
		snprintf(err, errlen, "--metrics-linger: '%s' is not a number of seconds "
			 "from 0 to %d", value, METRICS_LINGER_MAX);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

static int metrics_check(const struct sink *s, char *err, size_t errlen)
{
	struct hostport hp;
	unsigned v;
	char why[384];
	if (hostport_parse(s->path ? s->path : "", 1, &hp, why, sizeof(why)) != 0) {
		snprintf(err, errlen, "--metrics: %s", why);
		return -1;
	}
	if (parse_linger(s->opt[OPT_LINGER], &v, err, errlen) != 0)
		return -1;
	return metrics_top_parse(s->opt[OPT_TOP], &v, err, errlen);
}

static double wall_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double mono_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The metrics now: the final text after finish(), else a render of the
 * state poll() was given. 0, or -1 when out of memory. */
static int render_now(struct metrics_sink *ms)
{
	if (ms->final)
		return ms->text.failed ? -1 : 0;
	const struct sink_now *now = ms->now;
	struct run_info info;
	memset(&info, 0, sizeof(info));
	metrics_run_pcap(&info, now->pcap);
	if (now->outs)
		outputs_counters(now->outs, &info);
	struct metrics_source src = { now->an, &info, ms->top, ms->start_time_s };
	ms->n.records++;
	return metrics_render(&ms->text, &src);
}

static enum MHD_Result answer(struct MHD_Connection *c, unsigned status, const char *body,
			      size_t len, const char *type)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)body,
								 MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	enum MHD_Result rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_size, void **req)
{
	struct metrics_sink *ms = cls;
	(void)version, (void)upload_data, (void)upload_size, (void)req;
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return answer(c, MHD_HTTP_METHOD_NOT_ALLOWED, "GET or HEAD only\n", 17, "text/plain");
	if (strcmp(url, "/metrics") != 0)
		return answer(c, MHD_HTTP_NOT_FOUND, "not found: try /metrics\n", 24, "text/plain");
	if (render_now(ms) != 0) {
		ms->n.errors++;
		return answer(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n", 14,
			      "text/plain");
	}
	enum MHD_Result rc = answer(c, MHD_HTTP_OK, ms->text.buf, ms->text.len,
				    METRICS_CONTENT_TYPE);
	if (rc == MHD_YES) {
		ms->n.messages++;
		ms->n.bytes += ms->text.len;
	} else {
		ms->n.errors++;
	}
	return rc;
}

static int metrics_close(struct sink *s, int ok);

static int start_daemon(struct metrics_sink *ms, const struct hostport *hp)
{
	unsigned flags = hp->family == AF_INET6 ? MHD_USE_IPv6 : MHD_NO_FLAG;
	errno = 0;
	ms->daemon = MHD_start_daemon(flags, hp->port, NULL, NULL, on_request, ms,
		MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&hp->addr,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)METRICS_HTTP_CONNECTIONS,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)METRICS_HTTP_TIMEOUT_S,
		MHD_OPTION_END);
	if (ms->daemon)
		return 0;
	if (!errno)
		errno = EADDRNOTAVAIL;
	return -1;
}

static int metrics_open(struct sink *s)
{
	struct hostport hp;
	char err[384];
	struct metrics_sink *ms = calloc(1, sizeof(*ms));
	if (!ms)
		return -1;
	s->state = ms;
	ms->start_time_s = wall_s();
	if (hostport_parse(s->path ? s->path : "", 1, &hp, err, sizeof(err)) != 0 ||
	    parse_linger(s->opt[OPT_LINGER], &ms->linger_s, err, sizeof(err)) != 0 ||
	    metrics_top_parse(s->opt[OPT_TOP], &ms->top, err, sizeof(err)) != 0) {
		metrics_close(s, 0);
		errno = EINVAL; /* check() passed: cannot happen */
		return -1;
	}
	if (start_daemon(ms, &hp) != 0) {
		int saved = errno;
		metrics_close(s, 0);
		errno = saved;
		return -1;
	}
	return 0;
}

static void metrics_poll(struct sink *s, const struct sink_now *now)
{
	struct metrics_sink *ms = s->state;
	ms->now = now;
	for (int i = 0; i < METRICS_RUNS_PER_POLL; i++)
		MHD_run(ms->daemon);
	ms->now = NULL;
}

static int metrics_finish(struct sink *s, const struct sink_end *end)
{
	struct metrics_sink *ms = s->state;
	struct metrics_source src = { end->an, end->run, ms->top, ms->start_time_s };
	ms->stop = end->an->stop;
	ms->n.records++;
	ms->final = 1;
	if (metrics_render(&ms->text, &src) != 0) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/* Serve the final text for linger_s seconds, or until the signal count
 * changes. MHD_run_wait returns early on a signal (EINTR). */
static void linger(struct metrics_sink *ms)
{
	sig_atomic_t seen = ms->stop ? *ms->stop : 0;
	double until = mono_s() + ms->linger_s;
	for (double now = mono_s(); now < until; now = mono_s()) {
		if (ms->stop && *ms->stop != seen)
			break;
		double left_ms = (until - now) * 1000.0;
		MHD_run_wait(ms->daemon, left_ms < 100 ? (int32_t)left_ms + 1 : 100);
	}
}

static void metrics_counters(const struct sink *s, struct output_counters *out)
{
	const struct metrics_sink *ms = s->state;
	*out = ms->n;
}

static int metrics_close(struct sink *s, int ok)
{
	struct metrics_sink *ms = s->state;
	if (ms->daemon && ok && ms->final && !ms->text.failed && ms->linger_s)
		linger(ms);
	if (ms->daemon)
		MHD_stop_daemon(ms->daemon);
	metrics_text_free(&ms->text);
	free(ms);
	s->state = NULL;
	return 0;
}

static const struct sink_option metrics_options[] = {
	[OPT_LINGER] = { "metrics-linger" },
	[OPT_TOP] = { "metrics-top" },
	{ NULL },
};

const struct sink_type sink_metrics = {
	.name = "metrics",
	.what = "metrics endpoint",
	.long_opt = "metrics",
	.help = "      --metrics ADDR  serve Prometheus metrics at http://ADDR/metrics\n"
		"                     (HOST:PORT, [IPV6]:PORT, or :PORT: every IPv4 address)\n"
		"      --metrics-linger S  after the run, serve the final values for S\n"
		"                     seconds (default 0); a signal ends the wait\n"
		"      --metrics-top N  series for the N busiest server ports (default 10,\n"
		"                     at most 100), for --metrics and --metrics-file\n",
	.flags = SINK_ADDRESS,
	.options = metrics_options,
	.check = metrics_check,
	.open = metrics_open,
	.poll = metrics_poll,
	.finish = metrics_finish,
	.counters = metrics_counters,
	.close = metrics_close,
};
