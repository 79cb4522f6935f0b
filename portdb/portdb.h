/* portdb/portdb.h - port classes, OS ephemeral ranges and service names.
 * Classes follow the IANA ranges (RFC 6335 s6); service names come from
 * the built-in table (portdb/services, embedded at build time), then an
 * optional user file (--services FILE) and /etc/services as a fallback.
 * Built once at start-up into two 65536-entry arrays, so a lookup on the
 * hot path is one array index: no search, no allocation, no locking.
 * Once loaded the table is read-only and may be shared between threads. */
#ifndef PORTLENS_PORTDB_H
#define PORTLENS_PORTDB_H

#include <stddef.h>
#include <stdint.h>
#include "dissectors/ipproto.h"
#include "dissectors/ipproto.h"

/* RFC 6335 s6: System Ports 0-1023, User Ports 1024-49151, Dynamic
 * and/or Private Ports 49152-65535. The names are IANA's older ones,
 * which is what most tools print. */
enum portdb_class {
	PORTDB_WELL_KNOWN,
	PORTDB_REGISTERED,
	PORTDB_DYNAMIC,
};

enum portdb_class portdb_class(uint16_t port);
/* "well-known", "registered", "dynamic"; "unknown" for a value outside
 * the enum. Static string. */
const char *portdb_class_name(enum portdb_class cls);

/* Default ephemeral (client source) port ranges, as a bitmask of the
 * systems whose default range holds a port. A port in a range is only a
 * hint that the endpoint is a client: servers may listen there too.
 *   Linux   32768-60999  net.ipv4.ip_local_port_range default (61000 was
 *                        the upper bound before Linux 4.x; 60999 now)
 *   Windows 49152-65535  Vista and later (MS KB 929851; IANA dynamic)
 *   macOS   49152-65535  net.inet.ip.portrange.first/last
 *   FreeBSD 10000-65535  net.inet.ip.portrange.first/last (since 7.0) */
enum {
	PORTDB_EPH_LINUX = 1u << 0,
	PORTDB_EPH_WINDOWS = 1u << 1,
	PORTDB_EPH_MACOS = 1u << 2,
	PORTDB_EPH_FREEBSD = 1u << 3,
};
#define PORTDB_EPH_COUNT 4 /* bits above; sizes a portdb_ephemeral_names array */

unsigned portdb_ephemeral_os(uint16_t port);
/* Name of one PORTDB_EPH_* bit ("linux", "windows", "macos", "freebsd"),
 * or NULL when bit is not exactly one known bit. Static string. */
const char *portdb_ephemeral_name(unsigned bit);
/* Fills names[0..n) with the names of the bits set in mask, lowest bit
 * first, writing at most max; returns how many were written. For a JSON
 * array: `const char *v[PORTDB_EPH_COUNT]`. Static strings. */
size_t portdb_ephemeral_names(unsigned mask, const char **names, size_t max);


/* Load flags. PORTDB_OVERRIDE (= 1, so `override` may be passed as 0/1)
 * lets the file replace names already in the table (a user's --services
 * FILE); without it the file only fills ports the table lacks (the
 * /etc/services fallback). Within one file the first line for a
 * port/proto wins, as in getservbyport(3). PORTDB_SKIP_BAD skips
 * malformed lines instead of failing (for files we do not own). */
enum {
	PORTDB_FILL = 0,
	PORTDB_OVERRIDE = 1 << 0,
	PORTDB_SKIP_BAD = 1 << 1,
};

/* Limits that bound memory on hostile input. A line longer than
 * PORTDB_LINE_MAX bytes (without its newline) or a name longer than
 * PORTDB_NAME_MAX is an error; files over PORTDB_FILE_MAX and tables
 * whose names would pass PORTDB_POOL_MAX bytes are refused. */
#define PORTDB_LINE_MAX 1024
#define PORTDB_NAME_MAX 63
#define PORTDB_FILE_MAX (16u << 20)
#define PORTDB_POOL_MAX (16u << 20)

#define PORTDB_SYSTEM_PATH "/etc/services"

/* Every allocation the module makes goes through one of these, so a test
 * can fail the Nth allocation (STYLE.md: SQLite-style failure testing).
 * realloc(ctx, NULL, n) allocates; free(ctx, NULL) must be a no-op. */
struct portdb_allocator {
	void *(*realloc)(void *ctx, void *ptr, size_t size);
	void (*free)(void *ctx, void *ptr);
	void *ctx;
};

struct portdb; /* opaque */

/* A table holding the built-in services. Returns NULL when out of memory.
 * The caller frees it with portdb_free(). About 0.5 MiB, allocated once. */
struct portdb *portdb_new(void);
/* Same, allocating through alloc (NULL: the C library's). The struct is
 * copied; alloc->ctx is borrowed and must outlive the table. */
struct portdb *portdb_new_with(const struct portdb_allocator *alloc);
/* NULL-safe. Invalidates every name portdb_service() returned. */
void portdb_free(struct portdb *db);

/* Read a whole file of at most max bytes into memory from alloc (NULL:
 * libc); the caller frees *out with the same allocator. 0, or -1 with
 * *errnum an errno, or 0 when the file is larger than max. Shared by the
 * loaders of portdb and of knockd's configuration (analyzer/detect/knockconf.c). */
int portdb_read_file(const char *path, size_t max, const struct portdb_allocator *alloc,
		     char **out, size_t *outlen, int *errnum);

/* The next line of buf[*off..len): *line and *line_len (without the
 * '\n'), *off moved past it. 0 at the end. Shared like portdb_read_file. */
int portdb_next_line(const char *buf, size_t len, size_t *off,
		     const char **line, size_t *line_len);

/* The service name for port over transport (IPPROTO_NUM_TCP or IPPROTO_NUM_UDP),
 * or NULL when none is known or transport is anything else. The string
 * belongs to db: valid until the next portdb_load_* on db or
 * portdb_free(db). O(1), no allocation. */
const char *portdb_service(const struct portdb *db, uint16_t port, int transport);
/* How many ports have a name over transport (0 for other transports). */
size_t portdb_count(const struct portdb *db, int transport);

/* Parsers for the /etc/services format (services(5)):
 *     name port/proto [alias...] [# comment]
 * Blank lines and comments are allowed; '\r' counts as blank, so CRLF
 * files load. proto is tcp or udp (sctp and dccp lines are accepted and
 * ignored); names and aliases are printable ASCII (the report prints
 * them as JSON strings); comments may hold any byte but NUL. Aliases are
 * checked and dropped: only the first name is kept.
 *
 * All three return 0, or -1 and write a message to err (when errlen > 0;
 * truncated to fit): "NAME:LINE: what is wrong" for a bad line,
 * "NAME: strerror" when a file cannot be read, "NAME: ..." for limits
 * and allocation failure. On -1 the table is unchanged: every line is
 * checked and the memory reserved before any entry is applied. With
 * PORTDB_SKIP_BAD, bad lines are skipped and only I/O, limits and memory
 * fail. flags: PORTDB_OVERRIDE, PORTDB_SKIP_BAD or PORTDB_FILL.
 * Loading may move the name storage: names returned earlier are invalid.
 * Not for the hot path: call at start-up. */

/* buf need not be NUL-terminated and may hold any bytes; name labels the
 * messages ("built-in", a path). Both are borrowed for the call only. */
int portdb_load_buffer(struct portdb *db, const char *name, const char *buf,
		       size_t len, int flags, char *err, size_t errlen);
int portdb_load_file(struct portdb *db, const char *path, int flags,
		     char *err, size_t errlen);
/* The system services file as a fallback: path, or PORTDB_SYSTEM_PATH
 * when path is NULL. Fills only ports the table lacks, and skips
 * malformed lines (we do not own that file, and a distribution's odd
 * entry must not stop the analyzer). Returns 0 when the file is absent
 * (ENOENT, ENOTDIR); -1 on other read errors, limits or memory, which a
 * caller may report as a warning and go on. */
int portdb_load_system(struct portdb *db, const char *path, char *err,
		       size_t errlen);

#endif
