/* tests/fuzz/fuzz_portdb.c - fuzz target: the services(5) parser
 * (portdb_load_buffer) and lookups after it.
 * Input: a services file. One table (built-in names loaded) takes the
 * input four times, once per flag combination (FILL, OVERRIDE, SKIP_BAD,
 * OVERRIDE|SKIP_BAD), with error buffers of 256, 8, 0 (NULL) and 1 bytes,
 * so message truncation is covered. Properties checked, from portdb.h:
 *   - a failed load changes nothing (every lookup returns the same
 *     pointer as before);
 *   - with SKIP_BAD only limits and memory fail, so a load of an input
 *     under the limits succeeds;
 *   - an error message is NUL-terminated inside its buffer;
 *   - every name is printable ASCII, at most PORTDB_NAME_MAX bytes, and
 *     portdb_count() matches the names found (probes_find() says which
 *     ports are looked at).
 * A second table, whose allocator refuses every allocation after the two
 * portdb_new_with() needs, takes the input again: a load that has to grow
 * the name pool must fail and leave the table unchanged.
 */
#include "fuzz_common.h"
#include "portdb/portdb.h"

enum { NPORTS = 65536, MAX_PROBES = 512 };

/* The ports to look at: every digit run in the input that is a port
 * (where lines name them), a few fixed ones, and, for one input in 16
 * (size % 16 == 0, so a replay does the same), all of them. Scanning
 * 2 x 65536 ports after every load made the target 30 times slower. */
struct probes {
	uint32_t port[MAX_PROBES];
	size_t n;
	int all;
};

struct snapshot {
	const char *name[2][MAX_PROBES];
	size_t count[2];
};

static const int protos[2] = { IPPROTO_NUM_TCP, IPPROTO_NUM_UDP };

static void probes_find(const uint8_t *d, size_t size, struct probes *pr)
{
	static const uint32_t fixed[] = { 0, 1, 22, 53, 80, 443, 1023, 1024,
					  49151, 49152, 65535 };
	pr->n = 0;
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		pr->port[pr->n++] = fixed[i];
	for (size_t i = 0; i < size && pr->n < MAX_PROBES; i++) {
		if (d[i] < '0' || d[i] > '9' || (i && d[i - 1] >= '0' && d[i - 1] <= '9'))
			continue;
		uint32_t v = 0;
		for (size_t j = i; j < size && d[j] >= '0' && d[j] <= '9' && v < NPORTS; j++)
			v = v * 10 + (uint32_t)(d[j] - '0');
		if (v < NPORTS)
			pr->port[pr->n++] = v;
	}
	pr->all = size % 16 == 0;
}

static void snap_take(const struct portdb *db, const struct probes *pr,
		      struct snapshot *s)
{
	for (int t = 0; t < 2; t++) {
		for (size_t i = 0; i < pr->n; i++)
			s->name[t][i] = portdb_service(db, (uint16_t)pr->port[i], protos[t]);
		s->count[t] = portdb_count(db, protos[t]);
	}
}

static void snap_same(const struct portdb *db, const struct probes *pr,
		      const struct snapshot *s)
{
	for (int t = 0; t < 2; t++) {
		for (size_t i = 0; i < pr->n; i++)
			FUZZ_CHECK(portdb_service(db, (uint16_t)pr->port[i], protos[t]) ==
				   s->name[t][i]);
		FUZZ_CHECK(portdb_count(db, protos[t]) == s->count[t]);
	}
}

static void check_name(const char *n)
{
	size_t len = strlen(n);
	FUZZ_CHECK(len >= 1 && len <= PORTDB_NAME_MAX);
	for (size_t i = 0; i < len; i++)
		FUZZ_CHECK(n[i] > 0x20 && n[i] < 0x7f);
}

static void check_names(const struct portdb *db, const struct probes *pr)
{
	for (int t = 0; t < 2; t++) {
		for (size_t i = 0; i < pr->n; i++) {
			const char *n = portdb_service(db, (uint16_t)pr->port[i], protos[t]);
			if (n)
				check_name(n);
		}
		if (!pr->all)
			continue;
		size_t named = 0;
		for (uint32_t port = 0; port < NPORTS; port++) {
			const char *n = portdb_service(db, (uint16_t)port, protos[t]);
			if (n) {
				named++;
				check_name(n);
			}
		}
		FUZZ_CHECK(named == portdb_count(db, protos[t]));
	}
	FUZZ_CHECK(portdb_service(db, 80, 1) == NULL);
	FUZZ_CHECK(portdb_count(db, 1) == 0);
}

/* Allocator that grants `left` allocations, then fails. */
struct budget {
	int left;
};

static void *budget_realloc(void *ctx, void *ptr, size_t size)
{
	struct budget *b = ctx;
	if (b->left <= 0)
		return NULL;
	b->left--;
	return realloc(ptr, size);
}

static void budget_free(void *ctx, void *ptr)
{
	(void)ctx;
	free(ptr);
}

static void load_checked(struct portdb *db, const char *buf, size_t len,
			 int flags, size_t errlen, const struct probes *pr,
			 struct snapshot *s)
{
	char err[256];
	char *e = errlen ? err : NULL;

	memset(err, 'x', sizeof(err));
	/* SKIP_BAD loads cannot fail here (below), so skip their snapshot. */
	if (!(flags & PORTDB_SKIP_BAD))
		snap_take(db, pr, s);
	int r = portdb_load_buffer(db, "fuzz", buf, len, flags, e, errlen);
	FUZZ_CHECK(r == 0 || r == -1);
	if (r == 0)
		return;
	snap_same(db, pr, s);
	if (errlen)
		FUZZ_CHECK(memchr(err, '\0', errlen) != NULL);
	/* SKIP_BAD fails only on limits and memory: neither can happen for a
	 * fuzz input with the C library's allocator. */
	FUZZ_CHECK(!(flags & PORTDB_SKIP_BAD));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct { int flags; size_t errlen; } runs[] = {
		{ PORTDB_FILL, 256 }, { PORTDB_OVERRIDE, 8 },
		{ PORTDB_SKIP_BAD, 0 }, { PORTDB_OVERRIDE | PORTDB_SKIP_BAD, 1 },
	};

	if (size > 0x40000)
		return 0;
	/* Exact-size copy: the parser must not read past len. */
	char *buf = (char *)fuzz_frame_dup(data, size);
	struct snapshot *s = malloc(sizeof(*s));
	struct probes *pr = malloc(sizeof(*pr));
	struct portdb *db = portdb_new();
	if (!s || !pr || !db)
		abort();
	probes_find(data, size, pr);
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++)
		load_checked(db, buf, size, runs[i].flags, runs[i].errlen, pr, s);
	check_names(db, pr);
	portdb_free(db);

	struct budget b = { 2 }; /* the struct and the built-in pool */
	struct portdb_allocator a = { budget_realloc, budget_free, &b };
	db = portdb_new_with(&a);
	FUZZ_CHECK(db != NULL);
	snap_take(db, pr, s);
	char err[128];
	if (portdb_load_buffer(db, "fuzz", buf, size, PORTDB_OVERRIDE |
			       PORTDB_SKIP_BAD, err, sizeof(err)) != 0)
		snap_same(db, pr, s);
	else
		check_names(db, pr);
	portdb_free(db);
	free(pr);
	free(s);
	free(buf);
	return 0;
}
