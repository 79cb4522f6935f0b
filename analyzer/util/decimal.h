/* analyzer/util/decimal.h - an unsigned decimal option value, checked for
 * range: the one number parser of the command line's settings
 * (cli/settings.c) and of the outputs' own options (--ipfix-mtu,
 * --metrics-linger ...). Digits only: no sign, no blank, no junk, no
 * overflow. */
#ifndef PORTLENS_DECIMAL_H
#define PORTLENS_DECIMAL_H

#include <stdint.h>

/* s as a decimal in [min, max] into *out: 0; -1 on anything else (*out
 * unchanged). s NULL is -1. */
int decimal_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

#endif
