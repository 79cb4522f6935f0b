/* analyzer/output/outputs.c - see outputs.h. */
#include <errno.h>
#include <string.h>
#include "analyzer/output/outputs.h"

#define SINK(name) extern const struct sink_type sink_##name;
#include "analyzer/output/sink_list.h"
#undef SINK

const struct sink_type *const output_types[] = {
#define SINK(name) &sink_##name,
#include "analyzer/output/sink_list.h"
#undef SINK
};
const unsigned output_ntypes = sizeof(output_types) / sizeof(output_types[0]);

void outputs_init(struct outputs *o, const struct sink_ctx *ctx)
{
	memset(o, 0, sizeof(*o));
	o->ctx = *ctx;
}

int outputs_add(struct outputs *o, const struct sink_type *t, const char *path,
		const char *const *opt)
{
	if (o->n == OUTPUTS_MAX)
		return -1;
	struct sink *s = &o->sinks[o->n++];
	memset(s, 0, sizeof(*s));
	s->type = t;
	s->path = path;
	s->ctx = &o->ctx;
	for (unsigned j = 0; opt && j < SINK_OPTIONS_MAX; j++)
		s->opt[j] = opt[j];
	if (t->flow)
		o->flow_sinks[o->nflow++] = s;
	if (t->alert)
		o->alert_sinks[o->nalert++] = s;
	if (t->poll)
		o->poll_sinks[o->npoll++] = s;
	return 0;
}

int outputs_open(struct outputs *o, const struct sink **failed)
{
	for (; o->nopen < o->n; o->nopen++) {
		struct sink *s = &o->sinks[o->nopen];
		if (s->type->open && s->type->open(s) != 0) {
			*failed = s;
			return -1;
		}
		s->is_open = 1;
	}
	return 0;
}

void outputs_flow(void *user, const struct flow *f)
{
	struct outputs *o = user;
	for (unsigned i = 0; i < o->nflow; i++)
		o->flow_sinks[i]->type->flow(o->flow_sinks[i], f);
}

void outputs_alert(void *user, const struct alert *a)
{
	struct outputs *o = user;
	for (unsigned i = 0; i < o->nalert; i++)
		o->alert_sinks[i]->type->alert(o->alert_sinks[i], a);
}

void outputs_tick(struct outputs *o, const struct analyzer *an, const struct live_stats *st)
{
	for (unsigned i = 0; i < o->nopen; i++)
		if (o->sinks[i].is_open && o->sinks[i].type->tick)
			o->sinks[i].type->tick(&o->sinks[i], an, st);
}

void outputs_poll(struct outputs *o, const struct analyzer *an, const struct live_stats *pcap)
{
	struct sink_now now = { an, pcap, o };
	for (unsigned i = 0; i < o->npoll; i++)
		if (o->poll_sinks[i]->is_open)
			o->poll_sinks[i]->type->poll(o->poll_sinks[i], &now);
}

int outputs_flush(struct outputs *o, const struct sink **failed)
{
	int rc = 0, saved = 0;
	for (unsigned i = 0; i < o->nopen; i++) {
		struct sink *s = &o->sinks[i];
		if (!s->is_open || !s->type->flush || s->type->flush(s) == 0)
			continue;
		if (rc == 0) {
			saved = errno;
			*failed = s;
		}
		rc = -1;
	}
	errno = saved;
	return rc;
}

void outputs_counters(const struct outputs *o, struct run_info *run)
{
	run->noutputs = 0;
	for (unsigned i = 0; i < o->nopen && run->noutputs < REPORT_OUTPUTS_MAX; i++) {
		const struct sink *s = &o->sinks[i];
		if (!s->is_open || !s->type->counters)
			continue;
		run->outputs[run->noutputs].name = s->type->name;
		memset(&run->outputs[run->noutputs].c, 0, sizeof(run->outputs[0].c));
		s->type->counters(s, &run->outputs[run->noutputs].c);
		run->noutputs++;
	}
}

int outputs_finish_one(struct outputs *o, unsigned i, const struct sink_end *end)
{
	struct sink *s = &o->sinks[i];
	if (i >= o->nopen || !s->is_open || !s->type->finish)
		return 0;
	return s->type->finish(s, end);
}

int outputs_close_one(struct outputs *o, unsigned i, int ok)
{
	struct sink *s = &o->sinks[i];
	if (i >= o->nopen || !s->is_open)
		return 0;
	s->is_open = 0;
	return s->type->close ? s->type->close(s, ok) : 0;
}
