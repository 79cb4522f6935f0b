/* tests/test_portdb.c - port classes, ephemeral ranges, service table
 * (portdb/portdb.c).
 * Checks every range boundary, the built-in names, override and fallback
 * loads from files in a fresh temporary directory, error messages that
 * name the line, hostile input (long lines, huge ports, NUL and non-ASCII
 * bytes) and, with a counting allocator, that failing any allocation in
 * portdb_new or a load gives a clean NULL/-1, an unchanged table and no
 * leak. Run it under ASan+UBSan too (make asan). */
#include <CUnit/CUnit.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "portdb/portdb.h"
#include "portdb/builtin.h"

#define ERRLEN 256

/* ---- helpers: temporary files ---- */

struct tmp {
	char dir[64];
	char path[128];
};

/* A fresh directory holding one file, name, with len bytes of data. */
static int tmp_file(struct tmp *t, const char *name, const char *data,
		    size_t len)
{
	snprintf(t->dir, sizeof(t->dir), "/tmp/portdb-test-XXXXXX");
	if (!mkdtemp(t->dir))
		return -1;
	snprintf(t->path, sizeof(t->path), "%s/%s", t->dir, name);
	FILE *f = fopen(t->path, "wb");
	if (!f)
		return -1;
	size_t n = fwrite(data, 1, len, f);
	return (fclose(f) == 0 && n == len) ? 0 : -1;
}

static void tmp_remove(const struct tmp *t)
{
	unlink(t->path);
	rmdir(t->dir);
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int str_eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* ---- classes and ephemeral ranges ---- */

static void portdb_class_at_every_boundary(void)
{
	CU_ASSERT_EQUAL(portdb_class(0), PORTDB_WELL_KNOWN);
	CU_ASSERT_EQUAL(portdb_class(1023), PORTDB_WELL_KNOWN);
	CU_ASSERT_EQUAL(portdb_class(1024), PORTDB_REGISTERED);
	CU_ASSERT_EQUAL(portdb_class(49151), PORTDB_REGISTERED);
	CU_ASSERT_EQUAL(portdb_class(49152), PORTDB_DYNAMIC);
	CU_ASSERT_EQUAL(portdb_class(65535), PORTDB_DYNAMIC);
	CU_ASSERT_STRING_EQUAL(portdb_class_name(PORTDB_WELL_KNOWN), "well-known");
	CU_ASSERT_STRING_EQUAL(portdb_class_name(PORTDB_REGISTERED), "registered");
	CU_ASSERT_STRING_EQUAL(portdb_class_name(PORTDB_DYNAMIC), "dynamic");
	CU_ASSERT_STRING_EQUAL(portdb_class_name((enum portdb_class)7), "unknown");
}

static void portdb_ephemeral_bits_at_every_boundary(void)
{
	const unsigned win_mac = PORTDB_EPH_WINDOWS | PORTDB_EPH_MACOS;

	CU_ASSERT_EQUAL(portdb_ephemeral_os(0), 0);
	CU_ASSERT_EQUAL(portdb_ephemeral_os(9999), 0);
	CU_ASSERT_EQUAL(portdb_ephemeral_os(10000), PORTDB_EPH_FREEBSD);
	CU_ASSERT_EQUAL(portdb_ephemeral_os(32767), PORTDB_EPH_FREEBSD);
	CU_ASSERT_EQUAL(portdb_ephemeral_os(32768), PORTDB_EPH_FREEBSD | PORTDB_EPH_LINUX);
	CU_ASSERT_EQUAL(portdb_ephemeral_os(49151), PORTDB_EPH_FREEBSD | PORTDB_EPH_LINUX);
	CU_ASSERT_EQUAL(portdb_ephemeral_os(49152),
			PORTDB_EPH_FREEBSD | PORTDB_EPH_LINUX | win_mac);
	CU_ASSERT_EQUAL(portdb_ephemeral_os(60999),
			PORTDB_EPH_FREEBSD | PORTDB_EPH_LINUX | win_mac);
	CU_ASSERT_EQUAL(portdb_ephemeral_os(61000), PORTDB_EPH_FREEBSD | win_mac);
	CU_ASSERT_EQUAL(portdb_ephemeral_os(65535), PORTDB_EPH_FREEBSD | win_mac);
}

static void portdb_ephemeral_names_in_bit_order(void)
{
	const char *v[PORTDB_EPH_COUNT] = { NULL };

	CU_ASSERT_EQUAL(portdb_ephemeral_names(portdb_ephemeral_os(50000), v,
					       PORTDB_EPH_COUNT), 4);
	CU_ASSERT_STRING_EQUAL(v[0], "linux");
	CU_ASSERT_STRING_EQUAL(v[1], "windows");
	CU_ASSERT_STRING_EQUAL(v[2], "macos");
	CU_ASSERT_STRING_EQUAL(v[3], "freebsd");
	CU_ASSERT_EQUAL(portdb_ephemeral_names(portdb_ephemeral_os(20000), v, 4), 1);
	CU_ASSERT_STRING_EQUAL(v[0], "freebsd");
	v[1] = NULL;
	CU_ASSERT_EQUAL(portdb_ephemeral_names(0xf, v, 1), 1); /* max respected */
	CU_ASSERT_PTR_NULL(v[1]);
	CU_ASSERT_EQUAL(portdb_ephemeral_names(0, v, 4), 0);
	CU_ASSERT_STRING_EQUAL(portdb_ephemeral_name(PORTDB_EPH_MACOS), "macos");
	CU_ASSERT_PTR_NULL(portdb_ephemeral_name(PORTDB_EPH_LINUX | PORTDB_EPH_MACOS));
	CU_ASSERT_PTR_NULL(portdb_ephemeral_name(0));
}

/* ---- the built-in table ---- */

static void portdb_builtin_data_parses_cleanly(void)
{
	struct portdb *db = portdb_new();
	char err[ERRLEN] = "";

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT_EQUAL(portdb_load_buffer(db, "built-in",
					   (const char *)portdb_builtin_services,
					   portdb_builtin_services_len,
					   PORTDB_OVERRIDE, err, sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(err, "");
	CU_ASSERT_EQUAL(portdb_builtin_services[portdb_builtin_services_len], 0);
	CU_ASSERT(portdb_count(db, IPPROTO_NUM_TCP) > 300);
	CU_ASSERT(portdb_count(db, IPPROTO_NUM_UDP) > 300);
	CU_ASSERT_EQUAL(portdb_count(db, 1), 0);
	portdb_free(db);
	portdb_free(NULL);
}

static void portdb_builtin_names_are_ianas(void)
{
	struct portdb *db = portdb_new();

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT(str_eq(portdb_service(db, 22, IPPROTO_NUM_TCP), "ssh"));
	CU_ASSERT(str_eq(portdb_service(db, 53, IPPROTO_NUM_UDP), "domain"));
	CU_ASSERT(str_eq(portdb_service(db, 53, IPPROTO_NUM_TCP), "domain"));
	CU_ASSERT(str_eq(portdb_service(db, 443, IPPROTO_NUM_TCP), "https"));
	CU_ASSERT(str_eq(portdb_service(db, 3306, IPPROTO_NUM_TCP), "mysql"));
	CU_ASSERT(str_eq(portdb_service(db, 5432, IPPROTO_NUM_TCP), "postgresql"));
	CU_ASSERT(str_eq(portdb_service(db, 6379, IPPROTO_NUM_TCP), "redis"));
	CU_ASSERT(str_eq(portdb_service(db, 27017, IPPROTO_NUM_TCP), "mongodb"));
	CU_ASSERT(str_eq(portdb_service(db, 3389, IPPROTO_NUM_TCP), "ms-wbt-server"));
	CU_ASSERT(str_eq(portdb_service(db, 8443, IPPROTO_NUM_TCP), "pcsync-https"));
	CU_ASSERT(str_eq(portdb_service(db, 67, IPPROTO_NUM_UDP), "bootps"));
	CU_ASSERT(str_eq(portdb_service(db, 62201, IPPROTO_NUM_UDP), "fwknop"));
	/* TCP and UDP differ where IANA's do. */
	CU_ASSERT(str_eq(portdb_service(db, 514, IPPROTO_NUM_TCP), "shell"));
	CU_ASSERT(str_eq(portdb_service(db, 514, IPPROTO_NUM_UDP), "syslog"));
	CU_ASSERT(str_eq(portdb_service(db, 520, IPPROTO_NUM_UDP), "router"));
	CU_ASSERT_PTR_NULL(portdb_service(db, 6379, IPPROTO_NUM_UDP));
	CU_ASSERT_PTR_NULL(portdb_service(db, 4789, IPPROTO_NUM_TCP));
	CU_ASSERT(str_eq(portdb_service(db, 4789, IPPROTO_NUM_UDP), "vxlan"));
	/* Unassigned, reserved, other transports, SCTP-only lines. */
	CU_ASSERT_PTR_NULL(portdb_service(db, 4, IPPROTO_NUM_TCP));
	CU_ASSERT_PTR_NULL(portdb_service(db, 0, IPPROTO_NUM_TCP));
	CU_ASSERT_PTR_NULL(portdb_service(db, 65535, IPPROTO_NUM_UDP));
	CU_ASSERT_PTR_NULL(portdb_service(db, 22, 1));
	CU_ASSERT_PTR_NULL(portdb_service(db, 2905, IPPROTO_NUM_TCP));
	CU_ASSERT_PTR_NULL(portdb_service(NULL, 22, IPPROTO_NUM_TCP));
	portdb_free(db);
}

/* ---- loading files ---- */

static void portdb_override_file_replaces_and_adds(void)
{
	static const char text[] =
		"# site names\n"
		"myssh\t22/tcp\tsecure-shell   # ours\n"
		"knock 62201/tcp\n";
	struct portdb *db = portdb_new();
	char err[ERRLEN] = "";
	struct tmp t;

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT_FATAL(tmp_file(&t, "services", text, sizeof(text) - 1) == 0);
	size_t tcp = portdb_count(db, IPPROTO_NUM_TCP);
	CU_ASSERT_EQUAL(portdb_load_file(db, t.path, PORTDB_OVERRIDE, err,
					 sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(err, "");
	CU_ASSERT(str_eq(portdb_service(db, 22, IPPROTO_NUM_TCP), "myssh"));
	CU_ASSERT(str_eq(portdb_service(db, 22, IPPROTO_NUM_UDP), "ssh"));
	CU_ASSERT(str_eq(portdb_service(db, 62201, IPPROTO_NUM_TCP), "knock"));
	CU_ASSERT_EQUAL(portdb_count(db, IPPROTO_NUM_TCP), tcp + 1);
	tmp_remove(&t);
	portdb_free(db);
}

static void portdb_fallback_file_only_fills_gaps(void)
{
	static const char text[] = "notssh 22/tcp\nnewsvc 40000/udp\n";
	struct portdb *db = portdb_new();
	char err[ERRLEN] = "";
	struct tmp t;

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT_FATAL(tmp_file(&t, "services", text, sizeof(text) - 1) == 0);
	CU_ASSERT_EQUAL(portdb_load_file(db, t.path, PORTDB_FILL, err,
					 sizeof(err)), 0);
	CU_ASSERT(str_eq(portdb_service(db, 22, IPPROTO_NUM_TCP), "ssh"));
	CU_ASSERT(str_eq(portdb_service(db, 40000, IPPROTO_NUM_UDP), "newsvc"));
	CU_ASSERT_PTR_NULL(portdb_service(db, 40000, IPPROTO_NUM_TCP));
	tmp_remove(&t);
	portdb_free(db);
}

static void portdb_first_line_wins_within_a_file(void)
{
	static const char text[] = "a 30000/tcp\nb 30000/tcp\nx 22/tcp\ny 22/tcp\n";
	struct portdb *db = portdb_new();

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT_EQUAL(portdb_load_buffer(db, "t", text, sizeof(text) - 1,
					   PORTDB_OVERRIDE, NULL, 0), 0);
	CU_ASSERT(str_eq(portdb_service(db, 30000, IPPROTO_NUM_TCP), "a"));
	CU_ASSERT(str_eq(portdb_service(db, 22, IPPROTO_NUM_TCP), "x"));
	portdb_free(db);
}

static void portdb_malformed_file_names_its_line_and_changes_nothing(void)
{
	static const char text[] = "good 30001/tcp\n\nbad 70000/tcp\n";
	struct portdb *db = portdb_new();
	char err[ERRLEN] = "", want[ERRLEN + 16];
	struct tmp t;

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT_FATAL(tmp_file(&t, "bad-services", text, sizeof(text) - 1) == 0);
	size_t tcp = portdb_count(db, IPPROTO_NUM_TCP);
	CU_ASSERT_EQUAL(portdb_load_file(db, t.path, PORTDB_OVERRIDE, err,
					 sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:3: port '70000' out of range", t.path);
	CU_ASSERT(starts_with(err, want));
	CU_ASSERT_PTR_NULL(portdb_service(db, 30001, IPPROTO_NUM_TCP)); /* not half-applied */
	CU_ASSERT_EQUAL(portdb_count(db, IPPROTO_NUM_TCP), tcp);
	tmp_remove(&t);
	portdb_free(db);
}

static void portdb_unreadable_file_gives_strerror(void)
{
	static const char missing[] = "/nonexistent-portdb-dir/services";
	struct portdb *db = portdb_new();
	char err[ERRLEN] = "", want[ERRLEN + 64];
	struct tmp t;

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT_EQUAL(portdb_load_file(db, missing, 1, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: %s", missing, strerror(ENOENT));
	CU_ASSERT_STRING_EQUAL(err, want);
	/* A directory opens but cannot be read. */
	CU_ASSERT_FATAL(tmp_file(&t, "x", "", 0) == 0);
	CU_ASSERT_EQUAL(portdb_load_file(db, t.dir, 1, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: %s", t.dir, strerror(EISDIR));
	CU_ASSERT_STRING_EQUAL(err, want);
	tmp_remove(&t);
	portdb_free(db);
}

static void portdb_file_over_size_limit_refused(void)
{
	struct portdb *db = portdb_new();
	char err[ERRLEN] = "";
	struct tmp t;

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT_FATAL(tmp_file(&t, "huge", "", 0) == 0);
	CU_ASSERT_FATAL(truncate(t.path, (off_t)PORTDB_FILE_MAX + 1) == 0);
	CU_ASSERT_EQUAL(portdb_load_file(db, t.path, 1, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "larger than"));
	CU_ASSERT_FATAL(truncate(t.path, (off_t)PORTDB_FILE_MAX) == 0);
	CU_ASSERT_EQUAL(portdb_load_file(db, t.path, 1, err, sizeof(err)), -1);
	/* Read whole, then parsed: 16 MiB of zeros are one overlong line. */
	CU_ASSERT_PTR_NOT_NULL(strstr(err, ":1: line longer than"));
	tmp_remove(&t);
	portdb_free(db);
}

static void portdb_system_fallback_skips_bad_lines_and_absence(void)
{
	static const char text[] =
		"ssh-not 22/tcp\n"
		"garbage line\n"
		"x 99999/udp\n"
		"sysonly 40001/tcp\n";
	struct portdb *db = portdb_new();
	char err[ERRLEN] = "";
	struct tmp t;

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT_EQUAL(portdb_load_system(db, "/nonexistent-portdb-dir/services",
					   err, sizeof(err)), 0);
	CU_ASSERT_FATAL(tmp_file(&t, "services", text, sizeof(text) - 1) == 0);
	CU_ASSERT_EQUAL(portdb_load_system(db, t.path, err, sizeof(err)), 0);
	CU_ASSERT(str_eq(portdb_service(db, 22, IPPROTO_NUM_TCP), "ssh"));
	CU_ASSERT(str_eq(portdb_service(db, 40001, IPPROTO_NUM_TCP), "sysonly"));
	tmp_remove(&t);
	/* The real /etc/services, when there is one, must never fail. */
	CU_ASSERT_EQUAL(portdb_load_system(db, NULL, err, sizeof(err)), 0);
	CU_ASSERT(str_eq(portdb_service(db, 22, IPPROTO_NUM_TCP), "ssh"));
	portdb_free(db);
}

/* ---- the parser ---- */

static void portdb_accepts_services5_forms(void)
{
	static const char text[] =
		"\n   \t\n# comment only\n"
		"crlf 30010/tcp\r\n"
		"tabs\t\t30011/udp\talias1 alias2\t# trailing comment\n"
		"utf8 30012/tcp # caf\xc3\xa9 \xff\xfe bytes in a comment are fine\n"
		"zero 0/tcp\n"
		"top 65535/tcp\n"
		"lead 00080/udp\n"
		"sc 30013/sctp\n"
		"dc 30014/dccp\n"
		"last 30015/udp"; /* no final newline */
	struct portdb *db = portdb_new();
	char err[ERRLEN] = "";

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT_EQUAL(portdb_load_buffer(db, "forms", text, sizeof(text) - 1,
					   PORTDB_OVERRIDE, err, sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(err, "");
	CU_ASSERT(str_eq(portdb_service(db, 30010, IPPROTO_NUM_TCP), "crlf"));
	CU_ASSERT(str_eq(portdb_service(db, 30011, IPPROTO_NUM_UDP), "tabs"));
	CU_ASSERT(str_eq(portdb_service(db, 30012, IPPROTO_NUM_TCP), "utf8"));
	CU_ASSERT(str_eq(portdb_service(db, 0, IPPROTO_NUM_TCP), "zero"));
	CU_ASSERT(str_eq(portdb_service(db, 65535, IPPROTO_NUM_TCP), "top"));
	CU_ASSERT(str_eq(portdb_service(db, 80, IPPROTO_NUM_UDP), "lead"));
	CU_ASSERT_PTR_NULL(portdb_service(db, 30013, IPPROTO_NUM_TCP));
	CU_ASSERT_PTR_NULL(portdb_service(db, 30013, IPPROTO_NUM_UDP));
	CU_ASSERT_PTR_NULL(portdb_service(db, 30014, IPPROTO_NUM_UDP));
	CU_ASSERT(str_eq(portdb_service(db, 30015, IPPROTO_NUM_UDP), "last"));
	CU_ASSERT_EQUAL(portdb_load_buffer(db, "empty", "", 0, 1, err, sizeof(err)), 0);
	portdb_free(db);
}

struct hostile {
	const char *what;
	const char *buf;
	size_t len;      /* 0: strlen(buf) */
	const char *msg; /* expected message, after "NAME:1: " */
};

static void portdb_hostile_buffers_rejected_cleanly(void)
{
	static const char nul_line[] = "ssh\0 22/tcp\n";
	const struct hostile cases[] = {
		{ "port > 65535", "svc 99999/tcp\n", 0, "port '99999' out of range" },
		{ "huge port", "svc 123456789012345678901234567890123456789/tcp", 0,
		  "port '12345678901234567890123456789012' out of range" },
		{ "no proto", "svc 22/\n", 0, "missing protocol after '22/'" },
		{ "no port", "svc /tcp\n", 0, "missing port number in '/tcp'" },
		{ "no slash", "svc 22\n", 0, "missing /proto after port '22'" },
		{ "no port/proto", "svc # just a name\n", 0, "missing port/proto" },
		{ "bad proto", "svc 22/icmp\n", 0, "unknown protocol 'icmp'" },
		{ "upper proto", "svc 22/TCP\n", 0, "unknown protocol 'TCP'" },
		{ "sign", "svc -1/tcp\n", 0, "malformed port '-1'" },
		{ "hex", "svc 0x16/tcp\n", 0, "malformed port '0x16'" },
		{ "NUL", nul_line, sizeof(nul_line) - 1, "NUL byte in line" },
		{ "non-ASCII name", "s\xffh 22/tcp\n", 0,
		  "byte 0xff at column 2 is not printable ASCII" },
		{ "control byte", "ssh\x01 22/tcp\n", 0,
		  "byte 0x01 at column 4 is not printable ASCII" },
		{ "long name",
		  "a123456789b123456789c123456789d123456789e123456789f123456789abcd 1/tcp",
		  0, "service name longer than 63 bytes" },
	};
	struct portdb *db = portdb_new();
	char err[ERRLEN], want[ERRLEN];

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct hostile *h = &cases[i];
		size_t len = h->len ? h->len : strlen(h->buf);
		char *copy = malloc(len); /* exact size: ASan sees any overread */
		CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
		memcpy(copy, h->buf, len);
		err[0] = '\0';
		CU_ASSERT_EQUAL(portdb_load_buffer(db, "h", copy, len,
						   PORTDB_OVERRIDE, err, sizeof(err)), -1);
		snprintf(want, sizeof(want), "h:1: %s", h->msg);
		if (!starts_with(err, want))
			fprintf(stderr, "\n  %s: got \"%s\", want \"%s\"", h->what, err, want);
		CU_ASSERT(starts_with(err, want));
		free(copy);
	}
	CU_ASSERT(str_eq(portdb_service(db, 22, IPPROTO_NUM_TCP), "ssh"));
	portdb_free(db);
}

static void portdb_long_line_rejected_without_overflow(void)
{
	size_t len = 100000;
	char *buf = malloc(len);
	struct portdb *db = portdb_new();
	char err[ERRLEN] = "";

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	memset(buf, 'a', len);
	CU_ASSERT_EQUAL(portdb_load_buffer(db, "long", buf, len, 1, err, sizeof(err)), -1);
	CU_ASSERT_STRING_EQUAL(err, "long:1: line longer than 1024 bytes");
	/* The limit is exact: 1024 bytes pass, and a comment may fill them. */
	memset(buf, ' ', PORTDB_LINE_MAX + 1);
	memcpy(buf, "ok 30020/tcp #", 14);
	CU_ASSERT_EQUAL(portdb_load_buffer(db, "edge", buf, PORTDB_LINE_MAX,
					   1, err, sizeof(err)), 0);
	CU_ASSERT(str_eq(portdb_service(db, 30020, IPPROTO_NUM_TCP), "ok"));
	CU_ASSERT_EQUAL(portdb_load_buffer(db, "edge", buf, PORTDB_LINE_MAX + 1,
					   1, err, sizeof(err)), -1);
	/* A tiny err buffer is truncated, not overrun; NULL err is allowed. */
	char small[8];
	CU_ASSERT_EQUAL(portdb_load_buffer(db, "long", buf, len, 1, small,
					   sizeof(small)), -1);
	CU_ASSERT_STRING_EQUAL(small, "long:1:");
	CU_ASSERT_EQUAL(portdb_load_buffer(db, "long", buf, len, 1, NULL, 0), -1);
	free(buf);
	portdb_free(db);
}

static void portdb_skip_bad_keeps_good_lines(void)
{
	static const char text[] = "bad 1/xyz\nok 30030/udp\n\xff\xff\nok2 30031/udp\n";
	struct portdb *db = portdb_new();

	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT_EQUAL(portdb_load_buffer(db, "s", text, sizeof(text) - 1,
					   PORTDB_SKIP_BAD, NULL, 0), 0);
	CU_ASSERT(str_eq(portdb_service(db, 30030, IPPROTO_NUM_UDP), "ok"));
	CU_ASSERT(str_eq(portdb_service(db, 30031, IPPROTO_NUM_UDP), "ok2"));
	portdb_free(db);
}

static void portdb_name_pool_limit_refused(void)
{
	/* 300000 lines of 63-byte names: more than PORTDB_POOL_MAX. */
	const size_t lines = 300000, line_len = 63 + 11; /* " 00000/tcp\n" */
	char *buf = malloc(lines * line_len);
	struct portdb *db = portdb_new();
	char err[ERRLEN] = "";

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	for (size_t i = 0; i < lines; i++) {
		char *l = buf + i * line_len;
		char port[32];
		snprintf(port, sizeof(port), " %05u/tcp\n", (unsigned)(i % 60000));
		memset(l, 'n', 63);
		memcpy(l + 63, port, 11);
	}
	CU_ASSERT_EQUAL(portdb_load_buffer(db, "big", buf, lines * line_len, 1,
					   err, sizeof(err)), -1);
	CU_ASSERT(starts_with(err, "big: service names would pass"));
	CU_ASSERT(str_eq(portdb_service(db, 22, IPPROTO_NUM_TCP), "ssh"));
	free(buf);
	portdb_free(db);
}

/* ---- allocation failure ---- */

/* Fails every allocation after `left` more succeed (left < 0: never);
 * counts live blocks so a test sees leaks without ASan too. */
struct failing_alloc {
	long left;
	long live;
	long calls;
};

static void *fa_realloc(void *ctx, void *ptr, size_t size)
{
	struct failing_alloc *fa = ctx;
	fa->calls++;
	if (fa->left == 0)
		return NULL;
	if (fa->left > 0)
		fa->left--;
	void *p = realloc(ptr, size);
	if (p && !ptr)
		fa->live++;
	return p;
}

static void fa_free(void *ctx, void *ptr)
{
	struct failing_alloc *fa = ctx;
	if (ptr)
		fa->live--;
	free(ptr);
}

static void portdb_new_fails_cleanly_at_every_allocation(void)
{
	struct failing_alloc fa;
	const struct portdb_allocator a = { fa_realloc, fa_free, &fa };
	long n;

	for (n = 0; n < 100; n++) {
		fa = (struct failing_alloc){ .left = n };
		struct portdb *db = portdb_new_with(&a);
		if (db) {
			CU_ASSERT(str_eq(portdb_service(db, 22, IPPROTO_NUM_TCP), "ssh"));
			portdb_free(db);
			CU_ASSERT_EQUAL(fa.live, 0);
			break;
		}
		CU_ASSERT_EQUAL(fa.live, 0);
	}
	CU_ASSERT(n > 0 && n < 100); /* at least one failure point was tried */
}

/* A user file big enough to need a second read chunk and more name
 * space than the built-in load left spare: every allocation a load can
 * make is tried. */
static char *big_user_file(size_t *len)
{
	const unsigned n = 1500;
	char *text = malloc(32 + (size_t)n * 24);
	size_t off = 0;

	if (!text)
		return NULL;
	off += (size_t)sprintf(text, "myssh 22/tcp\n");
	for (unsigned i = 0; i < n; i++)
		off += (size_t)sprintf(text + off, "svc%05u %u/tcp\n", i, 30000 + i);
	*len = off;
	return text;
}

static void portdb_load_fails_cleanly_at_every_allocation(void)
{
	struct failing_alloc fa = { .left = -1 };
	const struct portdb_allocator a = { fa_realloc, fa_free, &fa };
	char err[ERRLEN];
	struct tmp t;
	size_t len = 0;
	long n;

	char *text = big_user_file(&len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT(len > 16384 && len < 32768); /* two read chunks */
	CU_ASSERT_FATAL(tmp_file(&t, "services", text, len) == 0);
	free(text);
	for (n = 0; n < 100; n++) {
		fa = (struct failing_alloc){ .left = -1 };
		struct portdb *db = portdb_new_with(&a);
		CU_ASSERT_PTR_NOT_NULL_FATAL(db);
		long base = fa.live;
		fa.left = n;
		err[0] = '\0';
		int r = portdb_load_file(db, t.path, PORTDB_OVERRIDE, err, sizeof(err));
		CU_ASSERT_EQUAL(fa.live, base); /* the file buffer is always freed */
		if (r == 0) {
			CU_ASSERT(str_eq(portdb_service(db, 22, IPPROTO_NUM_TCP), "myssh"));
			CU_ASSERT(str_eq(portdb_service(db, 31499, IPPROTO_NUM_TCP), "svc01499"));
			portdb_free(db);
			CU_ASSERT_EQUAL(fa.live, 0);
			break;
		}
		CU_ASSERT_EQUAL(r, -1);
		CU_ASSERT(strstr(err, "out of memory") || strstr(err, strerror(ENOMEM)));
		CU_ASSERT(str_eq(portdb_service(db, 22, IPPROTO_NUM_TCP), "ssh"));
		CU_ASSERT_PTR_NULL(portdb_service(db, 30000, IPPROTO_NUM_TCP));
		portdb_free(db);
		CU_ASSERT_EQUAL(fa.live, 0);
	}
	/* First read chunk, its growth, the name pool: then success. */
	CU_ASSERT_EQUAL(n, 3);
	tmp_remove(&t);
}

int test_portdb_register(void)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} tests[] = {
		{ "class_at_every_boundary", portdb_class_at_every_boundary },
		{ "ephemeral_bits_at_every_boundary", portdb_ephemeral_bits_at_every_boundary },
		{ "ephemeral_names_in_bit_order", portdb_ephemeral_names_in_bit_order },
		{ "builtin_data_parses_cleanly", portdb_builtin_data_parses_cleanly },
		{ "builtin_names_are_ianas", portdb_builtin_names_are_ianas },
		{ "override_file_replaces_and_adds", portdb_override_file_replaces_and_adds },
		{ "fallback_file_only_fills_gaps", portdb_fallback_file_only_fills_gaps },
		{ "first_line_wins_within_a_file", portdb_first_line_wins_within_a_file },
		{ "malformed_file_names_its_line_and_changes_nothing",
		  portdb_malformed_file_names_its_line_and_changes_nothing },
		{ "unreadable_file_gives_strerror", portdb_unreadable_file_gives_strerror },
		{ "file_over_size_limit_refused", portdb_file_over_size_limit_refused },
		{ "system_fallback_skips_bad_lines_and_absence",
		  portdb_system_fallback_skips_bad_lines_and_absence },
		{ "accepts_services5_forms", portdb_accepts_services5_forms },
		{ "hostile_buffers_rejected_cleanly", portdb_hostile_buffers_rejected_cleanly },
		{ "long_line_rejected_without_overflow",
		  portdb_long_line_rejected_without_overflow },
		{ "skip_bad_keeps_good_lines", portdb_skip_bad_keeps_good_lines },
		{ "name_pool_limit_refused", portdb_name_pool_limit_refused },
		{ "new_fails_cleanly_at_every_allocation",
		  portdb_new_fails_cleanly_at_every_allocation },
		{ "load_fails_cleanly_at_every_allocation",
		  portdb_load_fails_cleanly_at_every_allocation },
	};
	CU_pSuite s = CU_add_suite("portdb", NULL, NULL);
	if (!s)
		return -1;
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		if (!CU_add_test(s, tests[i].name, tests[i].fn))
			return -1;
	return 0;
}
