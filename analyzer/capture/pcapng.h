/* analyzer/capture/pcapng.h - a fallback reader for pcapng files whose interfaces
 * have different link types or snap lengths, which libpcap refuses
 * ("an interface has a type ... different from the type of the first
 * interface"). capture.c reads every file with libpcap first and calls
 * this only on that refusal, to go on from the packet libpcap stopped at.
 * Format: draft-ietf-opsawg-pcapng (SHB, IDB, EPB, SPB, OPB; other
 * blocks skipped). */
#ifndef PORTLENS_PCAPNG_H
#define PORTLENS_PCAPNG_H

#include <stdint.h>
#include "analyzer/core/analyzer.h"

/* 1 when libpcap's error message is the refusal this reader handles. */
int pcapng_is_mixed_error(const char *msg);

/* Read path, skipping the first `skip` packets (already counted), into
 * an, counting packets in f. 0 at a clean end; -1 with f->error set when
 * the file is damaged (packets before the damage stay counted). */
int pcapng_read_rest(struct analyzer *an, struct input_file *f, const char *path,
		     uint64_t skip);

#endif
