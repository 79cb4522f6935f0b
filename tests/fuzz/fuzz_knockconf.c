/* tests/fuzz/fuzz_knockconf.c - fuzz target: the knockd configuration
 * parser (analyzer/detect/knockconf.c).
 * Input: a knockd.conf. It is loaded twice into one rule list (the
 * second load appends), with error buffers of 256 and 1 bytes. Properties
 * from knockconf.h:
 *   - on -1 the list is untouched: same pointer, same count, same bytes;
 *   - on 0 only rules are appended: the old ones keep their contents;
 *   - every rule has 1..KNOCKCONF_MAX_SEQ knocks, each TCP or UDP, a
 *     NUL-terminated printable name, and no flag both set and clear;
 *   - an error message is NUL-terminated inside its buffer;
 *   - knockconf_free() is safe twice. */
#include "fuzz_common.h"
#include "analyzer/detect/knockconf.h"

static void check_rule(const struct knock_rule *r)
{
	const char *end = memchr(r->name, '\0', sizeof(r->name));
	FUZZ_CHECK(end != NULL && end != r->name);
	for (const char *c = r->name; c < end; c++)
		FUZZ_CHECK(*c >= 0x20 && *c < 0x7f);
	FUZZ_CHECK(r->len >= 1 && r->len <= KNOCKCONF_MAX_SEQ);
	for (unsigned i = 0; i < r->len; i++)
		FUZZ_CHECK(r->protos[i] == 6 || r->protos[i] == 17);
	FUZZ_CHECK((r->tcpflags_set & r->tcpflags_clear) == 0);
}

static void load_checked(struct knock_rules *rules, const char *buf,
			 size_t len, size_t errlen)
{
	char err[256];
	size_t n0 = rules->n;
	struct knock_rule *v0 = rules->v;
	/* A copy of the rules before the load, to compare after it. */
	struct knock_rule *copy = (struct knock_rule *)fuzz_frame_dup(
		(const uint8_t *)rules->v, n0 * sizeof(*rules->v));

	memset(err, 'x', sizeof(err));
	int r = knockconf_load_buffer(rules, "fuzz", buf, len, err, errlen);
	FUZZ_CHECK(r == 0 || r == -1);
	if (r == -1) {
		FUZZ_CHECK(rules->v == v0 && rules->n == n0);
		FUZZ_CHECK(memchr(err, '\0', errlen) != NULL);
	} else {
		FUZZ_CHECK(rules->n >= n0);
	}
	if (n0)
		FUZZ_CHECK(memcmp(rules->v, copy, n0 * sizeof(*copy)) == 0);
	for (size_t i = 0; i < rules->n; i++)
		check_rule(&rules->v[i]);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct knock_rules rules = { NULL, 0 };

	if (size > KNOCKCONF_FILE_MAX + 1)
		return 0;
	/* Exact-size copy: the parser must not read past len. */
	char *buf = (char *)fuzz_frame_dup(data, size);
	load_checked(&rules, buf, size, 256);
	load_checked(&rules, buf, size, 1);
	knockconf_free(&rules);
	FUZZ_CHECK(rules.v == NULL && rules.n == 0);
	knockconf_free(&rules);
	knockconf_free(NULL);
	free(buf);
	return 0;
}
