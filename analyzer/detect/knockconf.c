/* analyzer/detect/knockconf.c - knockd configuration parser (format in knockconf.h).
 * One pass over the text, line by line. Each knock section collects its
 * keys in a struct section; when the next header (or the end) closes it,
 * the section becomes zero, one or two rules in a private array. Only
 * when the whole input parsed is that array appended to the caller's, by
 * one realloc: a bad line or a failed allocation leaves the caller's
 * rules exactly as they were.
 *
 * Traps, written down:
 * - '#' starts a comment only as the first non-blank byte of a line, as in
 *   knockd (which trims, then tests line[0]); commands hold '#' freely.
 * - Values are split at the first '=' only: commands contain '='.
 * - knockd reads numbers with atoi, so "7000x" is 7000 and "abc" is 0
 *   there. We refuse anything but decimal digits, and stop accumulating
 *   past the limit, so "99999999999999999999" cannot overflow.
 * - A section's problems that only show at its end (no sequence) are
 *   reported at its header line, the line a user has to look at.
 * - Bytes quoted in messages are cut to SHOW_MAX and non-printable ones
 *   shown as '?', so a hostile file cannot put escapes on a terminal.
 * - Input is bounded: KNOCKCONF_FILE_MAX bytes, KNOCKCONF_LINE_MAX per
 *   line, KNOCKCONF_MAX_SEQ ports per sequence; so is the rule array
 *   (at most two rules per section, a section needs a header line). */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/detect/knockconf.h"
#include "portdb/portdb.h"

#define PROTO_TCP 6  /* IANA protocol numbers */
#define PROTO_UDP 17
#define SHOW_MAX 32  /* bytes of a bad token quoted in a message */
#define SHOW_BUF (SHOW_MAX + 4)
#define WHY_MAX 192

/* A piece of the caller's buffer; not NUL-terminated. */
struct span {
	const char *p;
	size_t n;
};

struct seq {
	uint16_t ports[KNOCKCONF_MAX_SEQ];
	uint8_t protos[KNOCKCONF_MAX_SEQ];
	uint8_t len; /* 0: the key was not given */
};

enum seq_kind { SEQ_PLAIN, SEQ_OPEN, SEQ_CLOSE, SEQ_KINDS };

/* The section being read. */
struct section {
	int active;     /* a header has been seen */
	int is_options; /* [options] */
	char name[KNOCKCONF_NAME_MAX + 1];
	unsigned line;  /* of the header */
	struct seq seq[SEQ_KINDS];
	uint32_t timeout_s;
	uint16_t flags_set, flags_clear;
	uint8_t one_time;
};

struct parser {
	unsigned line;          /* current line, from 1 */
	struct section sec;
	struct knock_rules out; /* this load's rules; appended on success */
	size_t cap;             /* of out.v, in rules */
	unsigned err_line;      /* line for the message; 0: none (memory) */
	char why[WHY_MAX];
};

/* ---- messages ---- */

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || errlen == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Records why the load fails (at line; 0 for no line) and returns -1. */
static int fail(struct parser *p, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->why, sizeof(p->why), fmt, ap);
	va_end(ap);
	p->err_line = line;
	return -1;
}

/* s as a printable, bounded C string in out[SHOW_BUF]. */
static const char *show(char *out, struct span s)
{
	size_t n = s.n < SHOW_MAX ? s.n : SHOW_MAX;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		out[i] = (c >= 0x20 && c <= 0x7e) ? (char)c : '?';
	}
	if (n < s.n) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
	return out;
}

/* ---- small lexing helpers ---- */

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static struct span trim(const char *p, size_t n)
{
	while (n && is_blank(p[0])) {
		p++;
		n--;
	}
	while (n && is_blank(p[n - 1]))
		n--;
	return (struct span){ p, n };
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* ASCII case-insensitive s == lit (lit is lower case). */
static int eq_ci(struct span s, const char *lit)
{
	size_t n = strlen(lit);
	if (s.n != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (lower(s.p[i]) != lit[i])
			return 0;
	return 1;
}

/* Decimal digits only, at most max; 0 or -1. */
static int parse_num(struct span s, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;

	if (s.n == 0)
		return -1;
	for (size_t i = 0; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return -1;
		if (v <= max) /* stop growing: no overflow however long */
			v = v * 10 + (uint64_t)(s.p[i] - '0');
	}
	if (v > max)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* The next comma-separated item of s from *at, trimmed; 0 when none is
 * left. An empty s still has one (empty) item, as in knockd's strsep. */
static int next_item(struct span s, size_t *at, struct span *item)
{
	if (*at > s.n)
		return 0;
	const char *comma = s.n - *at ? memchr(s.p + *at, ',', s.n - *at) : NULL;
	size_t end = comma ? (size_t)(comma - s.p) : s.n;
	*item = trim(s.p + *at, end - *at);
	*at = end + 1; /* past the comma, or past the end: no more items */
	return 1;
}

/* ---- values ---- */

/* "port[:tcp|udp]" */
static int parse_knock(struct parser *p, struct span item, uint16_t *port,
		       uint8_t *proto)
{
	char a[SHOW_BUF];
	const char *colon = memchr(item.p, ':', item.n);
	struct span num = trim(item.p, colon ? (size_t)(colon - item.p) : item.n);
	uint32_t v;

	if (parse_num(num, 65535, &v) != 0)
		return fail(p, p->line, "port '%s' is not a number 0-65535",
			    show(a, num));
	*port = (uint16_t)v;
	*proto = PROTO_TCP; /* knockd's default */
	if (!colon)
		return 0;
	struct span t = trim(colon + 1, item.n - (size_t)(colon + 1 - item.p));
	if (eq_ci(t, "udp"))
		*proto = PROTO_UDP;
	else if (!eq_ci(t, "tcp"))
		return fail(p, p->line, "unknown transport '%s' after port %u "
			    "(tcp or udp)", show(a, t), (unsigned)v);
	return 0;
}

static int parse_sequence(struct parser *p, const char *key, struct span v,
			  struct seq *out)
{
	struct seq s = { .len = 0 };
	struct span item;
	size_t at = 0;

	if (v.n == 0)
		return fail(p, p->line, "%s has no ports", key);
	while (next_item(v, &at, &item)) {
		if (item.n == 0)
			return fail(p, p->line, "empty item in %s", key);
		if (s.len == KNOCKCONF_MAX_SEQ)
			return fail(p, p->line, "more than %d ports in %s",
				    KNOCKCONF_MAX_SEQ, key);
		if (parse_knock(p, item, &s.ports[s.len], &s.protos[s.len]) != 0)
			return -1;
		s.len++;
	}
	*out = s; /* a later line for the same key replaces it, as in knockd */
	return 0;
}

static const struct tcp_flag {
	const char *name;
	uint16_t bit;
} tcp_flags[] = {
	{ "fin", KNOCKCONF_FIN }, { "syn", KNOCKCONF_SYN },
	{ "rst", KNOCKCONF_RST }, { "psh", KNOCKCONF_PSH },
	{ "ack", KNOCKCONF_ACK }, { "urg", KNOCKCONF_URG },
};

/* Adds to the section's flags: knockd keeps each flag's state across
 * tcpflags lines, and the last mention of a flag wins. */
static int parse_tcpflags(struct parser *p, struct span v)
{
	uint16_t set = p->sec.flags_set, clear = p->sec.flags_clear;
	struct span item;
	size_t at = 0;
	char a[SHOW_BUF];

	while (next_item(v, &at, &item)) {
		if (item.n == 0)
			return fail(p, p->line, "empty item in tcpflags");
		int neg = item.p[0] == '!';
		struct span f = { item.p + neg, item.n - (size_t)neg };
		size_t i = 0;
		while (i < sizeof(tcp_flags) / sizeof(tcp_flags[0]) &&
		       !eq_ci(f, tcp_flags[i].name))
			i++;
		if (i == sizeof(tcp_flags) / sizeof(tcp_flags[0]))
			return fail(p, p->line, "unknown tcpflags flag '%s' (fin, "
				    "syn, rst, psh, ack, urg; '!' negates)",
				    show(a, item));
		uint16_t bit = tcp_flags[i].bit;
		set = neg ? (uint16_t)(set & ~bit) : (uint16_t)(set | bit);
		clear = neg ? (uint16_t)(clear | bit) : (uint16_t)(clear & ~bit);
	}
	p->sec.flags_set = set;
	p->sec.flags_clear = clear;
	return 0;
}

/* ---- keys ---- */

enum key_id {
	K_SEQ,          /* sequence, open_sequence, close_sequence */
	K_ONE_TIME,
	K_SEQ_TIMEOUT,
	K_TCPFLAGS,
	K_OTHER,        /* known, checked for section, value not used */
	K_USESYSLOG,
};

enum key_scope { IN_KNOCK, IN_OPTIONS, IN_ANY };

/* knockd.c parseconfig() and knockd(1). timeout and command are knockd's
 * aliases of seq_timeout and start_command. */
static const struct key_def {
	const char *name;
	enum key_id id;
	enum key_scope scope;
	enum seq_kind kind; /* K_SEQ only */
} key_defs[] = {
	{ "sequence", K_SEQ, IN_KNOCK, SEQ_PLAIN },
	{ "open_sequence", K_SEQ, IN_KNOCK, SEQ_OPEN },
	{ "close_sequence", K_SEQ, IN_KNOCK, SEQ_CLOSE },
	{ "one_time_sequences", K_ONE_TIME, IN_KNOCK, SEQ_PLAIN },
	{ "seq_timeout", K_SEQ_TIMEOUT, IN_KNOCK, SEQ_PLAIN },
	{ "timeout", K_SEQ_TIMEOUT, IN_KNOCK, SEQ_PLAIN },
	{ "tcpflags", K_TCPFLAGS, IN_KNOCK, SEQ_PLAIN },
	{ "cmd_timeout", K_OTHER, IN_KNOCK, SEQ_PLAIN },
	{ "command", K_OTHER, IN_KNOCK, SEQ_PLAIN },
	{ "start_command", K_OTHER, IN_KNOCK, SEQ_PLAIN },
	{ "stop_command", K_OTHER, IN_KNOCK, SEQ_PLAIN },
	{ "command_6", K_OTHER, IN_KNOCK, SEQ_PLAIN },
	{ "start_command_6", K_OTHER, IN_KNOCK, SEQ_PLAIN },
	{ "stop_command_6", K_OTHER, IN_KNOCK, SEQ_PLAIN },
	{ "target", K_OTHER, IN_KNOCK, SEQ_PLAIN },
	{ "logfile", K_OTHER, IN_OPTIONS, SEQ_PLAIN },
	{ "pidfile", K_OTHER, IN_OPTIONS, SEQ_PLAIN },
	{ "interface", K_OTHER, IN_OPTIONS, SEQ_PLAIN },
	{ "usesyslog", K_USESYSLOG, IN_ANY, SEQ_PLAIN },
};

static const struct key_def *find_key(struct span key)
{
	for (size_t i = 0; i < sizeof(key_defs) / sizeof(key_defs[0]); i++)
		if (eq_ci(key, key_defs[i].name))
			return &key_defs[i];
	return NULL;
}

/* "key = value" or "usesyslog", inside a section. */
static int parse_directive(struct parser *p, struct span l)
{
	const char *eq = memchr(l.p, '=', l.n);
	struct span key = trim(l.p, eq ? (size_t)(eq - l.p) : l.n);
	struct span val = eq ? trim(eq + 1, l.n - (size_t)(eq + 1 - l.p))
			     : (struct span){ l.p + l.n, 0 };
	const struct key_def *k = find_key(key);
	char a[SHOW_BUF];

	if (key.n == 0)
		return fail(p, p->line, "missing key before '='");
	if (!eq && !(k && k->id == K_USESYSLOG))
		return fail(p, p->line, "no '=' after key '%s'", show(a, key));
	if (!k)
		return 0; /* unknown key: ignored (knockconf.h says why) */
	if (k->scope == IN_KNOCK && p->sec.is_options)
		return fail(p, p->line, "'%s' belongs in a knock section, not "
			    "[options]", k->name);
	if (k->scope == IN_OPTIONS && !p->sec.is_options)
		return fail(p, p->line, "'%s' belongs in [options], not a knock "
			    "section", k->name);
	switch (k->id) {
	case K_SEQ:
		return parse_sequence(p, k->name, val, &p->sec.seq[k->kind]);
	case K_ONE_TIME:
		if (val.n == 0)
			return fail(p, p->line, "one_time_sequences has no file path");
		p->sec.one_time = 1;
		return 0;
	case K_SEQ_TIMEOUT:
		if (parse_num(val, UINT32_MAX, &p->sec.timeout_s) != 0)
			return fail(p, p->line, "seq_timeout '%s' is not a number "
				    "of seconds", show(a, val));
		return 0;
	case K_TCPFLAGS:
		return parse_tcpflags(p, val);
	case K_OTHER:
	case K_USESYSLOG:
		break;
	}
	return 0;
}

/* ---- sections and rules ---- */

/* Room for one more rule in p->out; grows by doubling. */
static int reserve_rule(struct parser *p)
{
	if (p->out.n < p->cap)
		return 0;
	size_t ncap = p->cap ? p->cap * 2 : 8;
	if (ncap > SIZE_MAX / sizeof(struct knock_rule))
		return fail(p, 0, "out of memory");
	struct knock_rule *v = realloc(p->out.v, ncap * sizeof(*v));
	if (!v)
		return fail(p, 0, "out of memory");
	p->out.v = v;
	p->cap = ncap;
	return 0;
}

static int add_rule(struct parser *p, const struct seq *s, const char *suffix)
{
	const struct section *sec = &p->sec;

	if (reserve_rule(p) != 0)
		return -1;
	struct knock_rule *r = &p->out.v[p->out.n++];
	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s%s", sec->name, suffix);
	memcpy(r->ports, s->ports, sizeof(r->ports));
	memcpy(r->protos, s->protos, sizeof(r->protos));
	r->len = s->len;
	r->seq_timeout_s = sec->timeout_s;
	r->tcpflags_set = sec->flags_set;
	r->tcpflags_clear = sec->flags_clear;
	r->one_time = sec->one_time;
	r->line = sec->line;
	return 0;
}

/* Closes the current section: its rules, or why it has none. */
static int finish_section(struct parser *p)
{
	const struct section *sec = &p->sec;
	const struct seq *plain = &sec->seq[SEQ_PLAIN];
	const struct seq *open = &sec->seq[SEQ_OPEN];
	const struct seq *close = &sec->seq[SEQ_CLOSE];

	if (!sec->active || sec->is_options)
		return 0;
	if (plain->len && (open->len || close->len))
		return fail(p, sec->line, "section '%s' has both sequence and "
			    "open_sequence/close_sequence", sec->name);
	if (plain->len)
		return add_rule(p, plain, "");
	if (open->len) {
		if (add_rule(p, open, ":open") != 0)
			return -1;
		return close->len ? add_rule(p, close, ":close") : 0;
	}
	if (sec->one_time && !close->len)
		return 0; /* ports live in the one-time file: nothing to match */
	return fail(p, sec->line, "section '%s' has no sequence or open_sequence",
		    sec->name);
}

/* "[Name]" (blanks already trimmed from the line). */
static int parse_header(struct parser *p, struct span l)
{
	if (l.n < 2 || l.p[l.n - 1] != ']')
		return fail(p, p->line, "section header does not end with ']'");
	struct span name = trim(l.p + 1, l.n - 2);
	if (name.n == 0)
		return fail(p, p->line, "empty section name");
	if (name.n > KNOCKCONF_NAME_MAX)
		return fail(p, p->line, "section name longer than %d bytes",
			    KNOCKCONF_NAME_MAX);
	for (size_t i = 0; i < name.n; i++) {
		unsigned char c = (unsigned char)name.p[i];
		if (c < 0x20 || c > 0x7e)
			return fail(p, p->line, "byte 0x%02x in section name is "
				    "not printable ASCII", c);
	}
	if (finish_section(p) != 0)
		return -1;
	struct section *sec = &p->sec;
	memset(sec, 0, sizeof(*sec));
	sec->active = 1;
	sec->is_options = eq_ci(name, "options");
	memcpy(sec->name, name.p, name.n);
	sec->name[name.n] = '\0';
	sec->line = p->line;
	sec->timeout_s = KNOCKCONF_DEFAULT_SEQ_TIMEOUT;
	return 0;
}

/* One line, without its '\n'. */
static int parse_line(struct parser *p, const char *s, size_t n)
{
	char a[SHOW_BUF];

	if (n > KNOCKCONF_LINE_MAX)
		return fail(p, p->line, "line longer than %d bytes",
			    KNOCKCONF_LINE_MAX);
	if (memchr(s, '\0', n))
		return fail(p, p->line, "NUL byte in line");
	struct span l = trim(s, n);
	if (l.n == 0 || l.p[0] == '#')
		return 0;
	if (l.p[0] == '[')
		return parse_header(p, l);
	if (!p->sec.active)
		return fail(p, p->line, "'%s' is outside any section",
			    show(a, l));
	return parse_directive(p, l);
}

/* Appends p->out to *rules with one realloc; on failure *rules is as it
 * was (realloc leaves the old block alone when it fails). */
static int commit(struct parser *p, struct knock_rules *rules)
{
	if (p->out.n == 0)
		return 0;
	if (rules->n > SIZE_MAX / sizeof(struct knock_rule) - p->out.n)
		return fail(p, 0, "out of memory");
	struct knock_rule *v = realloc(rules->v, (rules->n + p->out.n) *
				       sizeof(*v));
	if (!v)
		return fail(p, 0, "out of memory");
	memcpy(v + rules->n, p->out.v, p->out.n * sizeof(*v));
	rules->v = v;
	rules->n += p->out.n;
	return 0;
}

int knockconf_load_buffer(struct knock_rules *rules, const char *name,
			  const char *buf, size_t len, char *err, size_t errlen)
{
	struct parser p;
	const char *line;
	size_t line_len, off = 0;
	int r = 0;

	if (!name)
		name = "buffer";
	if (!rules || (!buf && len)) {
		set_err(err, errlen, "%s: no %s", name, rules ? "buffer" : "rule list");
		return -1;
	}
	if (len > KNOCKCONF_FILE_MAX) {
		set_err(err, errlen, "%s: larger than %u bytes", name,
			KNOCKCONF_FILE_MAX);
		return -1;
	}
	memset(&p, 0, sizeof(p));
	while (r == 0 && portdb_next_line(buf, len, &off, &line, &line_len)) {
		p.line++;
		r = parse_line(&p, line, line_len);
	}
	if (r == 0)
		r = finish_section(&p);
	if (r == 0)
		r = commit(&p, rules);
	free(p.out.v);
	if (r != 0) {
		if (p.err_line)
			set_err(err, errlen, "%s:%u: %s", name, p.err_line, p.why);
		else
			set_err(err, errlen, "%s: %s", name, p.why);
	}
	return r;
}

/* ---- files ---- */

/* Reads all of path into a malloc'd buffer (the caller frees it). 0; or
 * -1 with the errno in *errnum (0: larger than KNOCKCONF_FILE_MAX). Reads
 * in growing chunks, so pipes and /proc files work too; the buffer never
 * passes KNOCKCONF_FILE_MAX + 1 bytes, however big the file. */
int knockconf_load_file(struct knock_rules *rules, const char *path,
			char *err, size_t errlen)
{
	char *buf = NULL;
	size_t len = 0;
	int errnum = 0;

	if (!path) {
		set_err(err, errlen, "knockconf: no path");
		return -1;
	}
	if (portdb_read_file(path, KNOCKCONF_FILE_MAX, NULL, &buf, &len, &errnum) != 0) {
		if (errnum)
			set_err(err, errlen, "%s: %s", path, strerror(errnum));
		else
			set_err(err, errlen, "%s: larger than %u bytes", path,
				KNOCKCONF_FILE_MAX);
		return -1;
	}
	int r = knockconf_load_buffer(rules, path, buf, len, err, errlen);
	free(buf);
	return r;
}

void knockconf_free(struct knock_rules *rules)
{
	if (!rules)
		return;
	free(rules->v);
	rules->v = NULL;
	rules->n = 0;
}
