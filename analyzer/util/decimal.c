/* analyzer/util/decimal.c - see decimal.h. */
#include <errno.h>
#include <stdlib.h>
#include "analyzer/util/decimal.h"

int decimal_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	errno = 0;
	if (!s || *s < '0' || *s > '9')
		return -1;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}
