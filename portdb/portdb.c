/* portdb/portdb.c - port classes, ephemeral ranges and the service table.
 * The table is two arrays of 65536 offsets (TCP, UDP) into one pool of
 * NUL-terminated names; offset 0 is the pool's leading "" and means "no
 * name". A lookup is one index, so the hot path pays nothing; all parsing
 * happens at start-up.
 *
 * One parser (portdb_load_buffer) serves the built-in table, user files,
 * /etc/services and the fuzz target. It runs twice over the input: the
 * first pass checks every line and sums the bytes the names need, the
 * pool is grown once, and only then does the second pass apply entries.
 * So a bad line or a failed allocation leaves the table as it was, and
 * the second pass cannot fail.
 *
 * Traps: a realloc of the pool moves every name, so names handed out
 * before a load are invalid after it (the header says so). A hostile file
 * is bounded by PORTDB_LINE_MAX per line, PORTDB_FILE_MAX per file and
 * PORTDB_POOL_MAX for all names; port digits are accumulated with an
 * early stop, so "99999999999999999999/tcp" cannot overflow. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "portdb.h"
#include "builtin.h"

enum { SLOT_TCP, SLOT_UDP, SLOT_COUNT, SLOT_IGNORED = -1 };

#define PORT_SPACE 65536u

struct portdb {
	struct portdb_allocator alloc;
	uint32_t name_at[SLOT_COUNT][PORT_SPACE]; /* pool offset; 0: no name */
	uint8_t seen[SLOT_COUNT][PORT_SPACE / 8]; /* set by the load running */
	size_t count[SLOT_COUNT];                  /* ports with a name */
	char *pool;       /* "" then names, each NUL-terminated */
	size_t pool_len;  /* bytes used, including the leading "" */
	size_t pool_cap;  /* bytes allocated */
	uint32_t last_at; /* last name appended: "ssh" tcp then udp share it */
};

/* One parsed line. name points into the caller's buffer, not terminated. */
struct svc_line {
	const char *name;
	size_t name_len;
	uint16_t port;
	int slot; /* SLOT_TCP, SLOT_UDP or SLOT_IGNORED (sctp, dccp) */
};

/* ---- classes and ephemeral ranges ---- */

enum portdb_class portdb_class(uint16_t port)
{
	if (port <= 1023)
		return PORTDB_WELL_KNOWN;
	if (port <= 49151)
		return PORTDB_REGISTERED;
	return PORTDB_DYNAMIC;
}

const char *portdb_class_name(enum portdb_class cls)
{
	switch (cls) {
	case PORTDB_WELL_KNOWN: return "well-known";
	case PORTDB_REGISTERED: return "registered";
	case PORTDB_DYNAMIC: return "dynamic";
	}
	return "unknown";
}

/* Sources in portdb.h. Order is the order of portdb_ephemeral_names(). */
static const struct eph_range {
	unsigned bit;
	const char *name;
	uint16_t lo, hi; /* inclusive */
} eph_ranges[PORTDB_EPH_COUNT] = {
	{ PORTDB_EPH_LINUX, "linux", 32768, 60999 },
	{ PORTDB_EPH_WINDOWS, "windows", 49152, 65535 },
	{ PORTDB_EPH_MACOS, "macos", 49152, 65535 },
	{ PORTDB_EPH_FREEBSD, "freebsd", 10000, 65535 },
};

unsigned portdb_ephemeral_os(uint16_t port)
{
	unsigned mask = 0;

	for (size_t i = 0; i < PORTDB_EPH_COUNT; i++)
		if (port >= eph_ranges[i].lo && port <= eph_ranges[i].hi)
			mask |= eph_ranges[i].bit;
	return mask;
}

const char *portdb_ephemeral_name(unsigned bit)
{
	for (size_t i = 0; i < PORTDB_EPH_COUNT; i++)
		if (eph_ranges[i].bit == bit)
			return eph_ranges[i].name;
	return NULL;
}

size_t portdb_ephemeral_names(unsigned mask, const char **names, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < PORTDB_EPH_COUNT && n < max; i++)
		if (mask & eph_ranges[i].bit)
			names[n++] = eph_ranges[i].name;
	return n;
}

/* ---- allocation ---- */

static void *libc_realloc(void *ctx, void *ptr, size_t size)
{
	(void)ctx;
	return realloc(ptr, size);
}

static void libc_free(void *ctx, void *ptr)
{
	(void)ctx;
	free(ptr);
}

static const struct portdb_allocator libc_alloc = {
	libc_realloc, libc_free, NULL,
};

static void *db_realloc(const struct portdb *db, void *ptr, size_t size)
{
	return db->alloc.realloc(db->alloc.ctx, ptr, size);
}

static void db_free(const struct portdb *db, void *ptr)
{
	db->alloc.free(db->alloc.ctx, ptr);
}

/* ---- lifetime and lookup ---- */

struct portdb *portdb_new(void)
{
	return portdb_new_with(NULL);
}

struct portdb *portdb_new_with(const struct portdb_allocator *alloc)
{
	if (!alloc)
		alloc = &libc_alloc;
	struct portdb *db = alloc->realloc(alloc->ctx, NULL, sizeof(*db));
	if (!db)
		return NULL;
	memset(db, 0, sizeof(*db));
	db->alloc = *alloc;
	/* Fails only on memory: the portdb suite checks that the data parses. */
	if (portdb_load_buffer(db, "built-in",
			       (const char *)portdb_builtin_services,
			       portdb_builtin_services_len, PORTDB_OVERRIDE,
			       NULL, 0) != 0) {
		portdb_free(db);
		return NULL;
	}
	return db;
}

void portdb_free(struct portdb *db)
{
	if (!db)
		return;
	struct portdb_allocator a = db->alloc;
	a.free(a.ctx, db->pool);
	a.free(a.ctx, db);
}

static int transport_slot(int transport)
{
	switch (transport) {
	case IPPROTO_NUM_TCP: return SLOT_TCP;
	case IPPROTO_NUM_UDP: return SLOT_UDP;
	default: return SLOT_IGNORED;
	}
}

const char *portdb_service(const struct portdb *db, uint16_t port, int transport)
{
	int slot = transport_slot(transport);
	if (!db || slot == SLOT_IGNORED)
		return NULL;
	uint32_t at = db->name_at[slot][port];
	return at ? db->pool + at : NULL;
}

size_t portdb_count(const struct portdb *db, int transport)
{
	int slot = transport_slot(transport);
	return (!db || slot == SLOT_IGNORED) ? 0 : db->count[slot];
}

/* ---- parsing one line ---- */

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || errlen == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Next whitespace-separated token in p[*at..len); 0 when none is left. */
static int next_token(const char *p, size_t len, size_t *at,
		      const char **tok, size_t *tok_len)
{
	size_t i = *at;
	while (i < len && is_blank(p[i]))
		i++;
	if (i == len)
		return 0;
	size_t start = i;
	while (i < len && !is_blank(p[i]))
		i++;
	*tok = p + start;
	*tok_len = i - start;
	*at = i;
	return 1;
}

/* Length of the part before any comment, after checking the bytes: NUL is
 * refused anywhere; outside comments only printable ASCII and blanks, so
 * names reach the JSON report as valid UTF-8 and messages can quote them.
 * Returns (size_t)-1 with why set on a bad byte. */
static size_t check_bytes(const char *p, size_t len, char *why, size_t whylen)
{
	if (memchr(p, '\0', len)) {
		set_err(why, whylen, "NUL byte in line");
		return (size_t)-1;
	}
	const char *hash = memchr(p, '#', len);
	size_t data = hash ? (size_t)(hash - p) : len;
	for (size_t i = 0; i < data; i++) {
		unsigned char c = (unsigned char)p[i];
		if (!is_blank((char)c) && (c < 0x21 || c > 0x7e)) {
			set_err(why, whylen, "byte 0x%02x at column %zu is not "
				"printable ASCII", c, i + 1);
			return (size_t)-1;
		}
	}
	return data;
}

/* Quoted tokens are printable (check_bytes ran first) but may be long. */
#define TOK_SHOW 32
#define TOK_ARG(len, tok) (int)((len) < TOK_SHOW ? (len) : TOK_SHOW), (tok)

static int parse_proto(const char *p, size_t len)
{
	static const struct { const char *name; int slot; } protos[] = {
		{ "tcp", SLOT_TCP }, { "udp", SLOT_UDP },
		{ "sctp", SLOT_IGNORED }, { "dccp", SLOT_IGNORED },
	};
	for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (strlen(protos[i].name) == len &&
		    strncmp(protos[i].name, p, len) == 0)
			return protos[i].slot;
	return SLOT_COUNT; /* not a protocol */
}

/* "port/proto" into e->port and e->slot; 0, or -1 with why set. */
static int parse_port_proto(const char *t, size_t len, struct svc_line *e,
			    char *why, size_t whylen)
{
	const char *slash = memchr(t, '/', len);
	size_t digits = slash ? (size_t)(slash - t) : len;
	unsigned long port = 0;

	if (digits == 0) {
		set_err(why, whylen, "missing port number in '%.*s'", TOK_ARG(len, t));
		return -1;
	}
	for (size_t i = 0; i < digits; i++) {
		if (t[i] < '0' || t[i] > '9') {
			set_err(why, whylen, "malformed port '%.*s'", TOK_ARG(digits, t));
			return -1;
		}
		if (port <= 65535) /* stop growing: no overflow however long */
			port = port * 10 + (unsigned long)(t[i] - '0');
	}
	if (port > 65535) {
		set_err(why, whylen, "port '%.*s' out of range (0-65535)",
			TOK_ARG(digits, t));
		return -1;
	}
	if (!slash) {
		set_err(why, whylen, "missing /proto after port '%.*s'", TOK_ARG(len, t));
		return -1;
	}
	const char *proto = slash + 1;
	size_t plen = len - digits - 1;
	if (plen == 0) {
		set_err(why, whylen, "missing protocol after '%.*s'", TOK_ARG(len, t));
		return -1;
	}
	e->slot = parse_proto(proto, plen);
	if (e->slot == SLOT_COUNT) {
		set_err(why, whylen, "unknown protocol '%.*s' (tcp, udp, sctp, dccp)",
			TOK_ARG(plen, proto));
		return -1;
	}
	e->port = (uint16_t)port;
	return 0;
}

/* One line, without its '\n'. Returns 1 with *e filled, 0 for a blank or
 * comment line, -1 with why set for a malformed one. */
static int parse_line(const char *p, size_t len, struct svc_line *e,
		      char *why, size_t whylen)
{
	size_t at = 0, plen;
	const char *port;

	if (len > PORTDB_LINE_MAX) {
		set_err(why, whylen, "line longer than %d bytes", PORTDB_LINE_MAX);
		return -1;
	}
	len = check_bytes(p, len, why, whylen);
	if (len == (size_t)-1)
		return -1;
	if (!next_token(p, len, &at, &e->name, &e->name_len))
		return 0;
	if (e->name_len > PORTDB_NAME_MAX) {
		set_err(why, whylen, "service name longer than %d bytes",
			PORTDB_NAME_MAX);
		return -1;
	}
	if (!next_token(p, len, &at, &port, &plen)) {
		set_err(why, whylen, "missing port/proto after '%.*s'",
			TOK_ARG(e->name_len, e->name));
		return -1;
	}
	if (parse_port_proto(port, plen, e, why, whylen) != 0)
		return -1;
	return 1; /* aliases follow; check_bytes vetted them and we drop them */
}

/* ---- loading ---- */

int portdb_next_line(const char *buf, size_t len, size_t *off,
		     const char **line, size_t *line_len)
{
	if (*off >= len)
		return 0;
	const char *start = buf + *off;
	const char *nl = memchr(start, '\n', len - *off);
	*line = start;
	*line_len = nl ? (size_t)(nl - start) : len - *off;
	*off += *line_len + (nl ? 1 : 0);
	return 1;
}

/* Room for need more name bytes, so appending cannot fail afterwards. */
static int pool_reserve(struct portdb *db, const char *name, size_t need,
			char *err, size_t errlen)
{
	size_t used = db->pool ? db->pool_len : 1; /* 1: the leading "" */

	if (need > PORTDB_POOL_MAX - used) {
		set_err(err, errlen, "%s: service names would pass %u bytes",
			name, PORTDB_POOL_MAX);
		return -1;
	}
	if (db->pool && used + need <= db->pool_cap)
		return 0;
	char *pool = db_realloc(db, db->pool, used + need);
	if (!pool) {
		set_err(err, errlen, "%s: out of memory", name);
		return -1;
	}
	if (!db->pool) {
		pool[0] = '\0';
		db->pool_len = 1;
	}
	db->pool = pool;
	db->pool_cap = used + need;
	return 0;
}

static int pool_equals(const struct portdb *db, uint32_t at, const char *name,
		       size_t len)
{
	return strlen(db->pool + at) == len && memcmp(db->pool + at, name, len) == 0;
}

/* Appends name (reserved by pool_reserve) unless it repeats the last one. */
static uint32_t pool_add(struct portdb *db, const char *name, size_t len)
{
	if (db->last_at && pool_equals(db, db->last_at, name, len))
		return db->last_at;
	uint32_t at = (uint32_t)db->pool_len;
	memcpy(db->pool + at, name, len);
	db->pool[at + len] = '\0';
	db->pool_len += len + 1;
	db->last_at = at;
	return at;
}

static void apply(struct portdb *db, const struct svc_line *e, int flags)
{
	uint8_t *seen = &db->seen[e->slot][e->port >> 3];
	uint8_t bit = (uint8_t)(1u << (e->port & 7));
	uint32_t *at = &db->name_at[e->slot][e->port];

	if (*seen & bit)
		return; /* an earlier line of this input named it: first wins */
	*seen |= bit;
	if (*at && !(flags & PORTDB_OVERRIDE))
		return;
	if (*at && pool_equals(db, *at, e->name, e->name_len))
		return;
	if (!*at)
		db->count[e->slot]++;
	*at = pool_add(db, e->name, e->name_len);
}

/* Pass 1: every line valid (or skippable)? Sums the name bytes needed. */
static int check_all(const char *name, const char *buf, size_t len, int flags,
		     size_t *need, char *err, size_t errlen)
{
	const char *line;
	size_t line_len, off = 0;
	unsigned long lineno = 0;
	struct svc_line e;
	char why[160];

	*need = 0;
	while (portdb_next_line(buf, len, &off, &line, &line_len)) {
		lineno++;
		int r = parse_line(line, line_len, &e, why, sizeof(why));
		if (r < 0 && !(flags & PORTDB_SKIP_BAD)) {
			set_err(err, errlen, "%s:%lu: %s", name, lineno, why);
			return -1;
		}
		if (r > 0 && e.slot != SLOT_IGNORED)
			*need += e.name_len + 1;
	}
	return 0;
}

int portdb_load_buffer(struct portdb *db, const char *name, const char *buf,
		       size_t len, int flags, char *err, size_t errlen)
{
	const char *line;
	size_t line_len, off = 0, need;
	struct svc_line e;

	if (!name)
		name = "buffer";
	if (check_all(name, buf, len, flags, &need, err, errlen) != 0)
		return -1;
	if (need && pool_reserve(db, name, need, err, errlen) != 0)
		return -1;
	memset(db->seen, 0, sizeof(db->seen));
	db->last_at = 0;
	while (portdb_next_line(buf, len, &off, &line, &line_len))
		if (parse_line(line, line_len, &e, NULL, 0) > 0 &&
		    e.slot != SLOT_IGNORED)
			apply(db, &e, flags);
	return 0;
}

/* Reads all of path into a buffer from db's allocator (the caller frees
 * it). 0; or -1 with the errno in *errnum (0: larger than the limit).
 * Reads in growing chunks, so pipes and /proc files work too; the buffer
 * never passes PORTDB_FILE_MAX + 1 bytes, however big the file. */
int portdb_read_file(const char *path, size_t max, const struct portdb_allocator *alloc,
		     char **out, size_t *outlen, int *errnum)
{
	if (!alloc)
		alloc = &libc_alloc;
	FILE *f = fopen(path, "rb");
	if (!f) {
		*errnum = errno;
		return -1;
	}
	char *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len == cap) {
			if (cap > max) {
				*errnum = 0; /* too large */
				goto fail;
			}
			size_t ncap = cap ? cap * 2 : 16384;
			if (ncap > max + 1u)
				ncap = max + 1u;
			char *nbuf = alloc->realloc(alloc->ctx, buf, ncap);
			if (!nbuf) {
				*errnum = ENOMEM;
				goto fail;
			}
			buf = nbuf;
			cap = ncap;
		}
		size_t want = cap - len;
		errno = 0;
		size_t n = fread(buf + len, 1, want, f);
		len += n;
		if (n < want) {
			if (ferror(f)) {
				*errnum = errno ? errno : EIO;
				goto fail;
			}
			break; /* end of file */
		}
	}
	fclose(f);
	*out = buf;
	*outlen = len;
	return 0;
fail:
	fclose(f);
	alloc->free(alloc->ctx, buf);
	return -1;
}

/* absent_ok: a missing file is not an error (the /etc/services fallback). */
static int load_path(struct portdb *db, const char *path, int flags,
		     int absent_ok, char *err, size_t errlen)
{
	char *buf = NULL;
	size_t len = 0;
	int errnum = 0;

	if (portdb_read_file(path, PORTDB_FILE_MAX, &db->alloc, &buf, &len, &errnum) != 0) {
		if (absent_ok && (errnum == ENOENT || errnum == ENOTDIR))
			return 0;
		if (errnum)
			set_err(err, errlen, "%s: %s", path, strerror(errnum));
		else
			set_err(err, errlen, "%s: larger than %u bytes", path,
				PORTDB_FILE_MAX);
		return -1;
	}
	int r = portdb_load_buffer(db, path, buf, len, flags, err, errlen);
	db_free(db, buf);
	return r;
}

int portdb_load_file(struct portdb *db, const char *path, int flags,
		     char *err, size_t errlen)
{
	return load_path(db, path, flags, 0, err, errlen);
}

int portdb_load_system(struct portdb *db, const char *path, char *err,
		       size_t errlen)
{
	return load_path(db, path ? path : PORTDB_SYSTEM_PATH,
			 PORTDB_FILL | PORTDB_SKIP_BAD, 1, err, errlen);
}
