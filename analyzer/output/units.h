/* analyzer/output/units.h - numbers for people, shared by the views (the
 * terminal summary, the HTML page): counts with K/M/G (powers of 1000),
 * bytes with KiB/MiB/GiB (powers of 1024), durations from microseconds to
 * years. At most three significant digits; the exact value is the
 * report's. */
#ifndef PORTLENS_UNITS_H
#define PORTLENS_UNITS_H

#include <stddef.h>

void units_count(char *buf, size_t n, double v);     /* "999", "1.2 K", "34 M" */
void units_bytes(char *buf, size_t n, double v);     /* "512 B", "8.3 KiB" */
void units_duration(char *buf, size_t n, double s);  /* "420 ms", "15.5 s", "3 min 20 s" */

#endif
