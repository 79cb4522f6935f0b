/* analyzer/detect/scangroup.h - distributed and decoy scans: the scan
 * records of several sources merged into one (docs/scan.md, "Distributed
 * and decoy scans"). scan.c hands over its records whenever alerts are
 * decided; this module finds which belong together, keeps which record
 * joined which merged record, and rebuilds the merged records from their
 * members. At most SCAN_MAX_GROUPS merged records of SCAN_GROUP_MEMBERS
 * sources; the search is O(records^2) over records with one target. */
#ifndef PORTLENS_SCANGROUP_H
#define PORTLENS_SCANGROUP_H

#include <stdint.h>
#include "analyzer/detect/scanrecord.h"

struct scan_groups;

/* For up to max_records records; NULL when out of memory. */
struct scan_groups *scan_groups_new(uint32_t max_records);
void scan_groups_free(struct scan_groups *g); /* NULL-safe */

/* Bring the merged records up to date with recs[0, n): members grew,
 * new records join a merged record or pair up into a new one. */
void scan_groups_update(struct scan_groups *g, const struct scan_record *const *recs,
			uint32_t n);

uint32_t scan_groups_count(const struct scan_groups *g);
const struct scan_record *scan_groups_get(const struct scan_groups *g, uint32_t i);

/* The merged record that record rec (an index of recs) joined, or NULL. */
const struct scan_record *scan_groups_of(const struct scan_groups *g, uint32_t rec);

/* 1 when a merged record is broad enough to report: its sources together
 * probed min_ports ports or protocols, and there are enough of them
 * (two for a decoy scan, three for a distributed one). */
int scan_groups_reportable(const struct scan_record *r, unsigned min_ports);

/* Merged records made, and those found with SCAN_MAX_GROUPS already. */
uint64_t scan_groups_made(const struct scan_groups *g);
uint64_t scan_groups_dropped(const struct scan_groups *g);

#endif
