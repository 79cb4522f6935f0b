/* analyzer/analyzer.c - the per-packet pipeline after decoding.
 * Today: decode accounting. The flow table and detectors plug in here. */
#include <string.h>
#include "analyzer.h"

void analyzer_init(struct analyzer *an)
{
	memset(an, 0, sizeof(*an));
	stats_init(&an->stats);
}

void analyzer_packet(struct analyzer *an, const struct packet *p)
{
	stats_account(&an->stats, p);
}
