/* analyzer/output/jw.h - streaming JSON writer for NDJSON lines.
 * Appends compact JSON text (RFC 8259) straight into one reused, growable
 * buffer: no tree, no printf (except for reals), and no allocation once
 * the buffer has grown to fit the longest line so far. Per-record sinks
 * (flow and alert lines) format a line here and hand jw_data()/jw_len()
 * to their file; jansson stays for the one report document.
 *
 * The text is what jansson's json_dumpb(JSON_COMPACT | JSON_ENCODE_ANY |
 * JSON_REAL_PRECISION(12)) writes for the same values (tests/test_jw.c
 * compares them), so a sink can move from a tree to jw without changing
 * its output. The one difference: jansson refuses a string that is not
 * UTF-8, jw writes it with U+FFFD in place of each bad sequence.
 *
 *   struct jw w;
 *   jw_init(&w, 0);                          once
 *   jw_reset(&w);                            per line
 *   jw_obj_begin(&w);
 *   jw_ktime(&w, "@timestamp", f->last_ts);
 *   jw_kobj_begin(&w, "source");
 *   jw_kip(&w, "ip", addr, 4);
 *   jw_ku64(&w, "port", 443);
 *   jw_obj_end(&w);
 *   jw_obj_end(&w);
 *   jw_end_line(&w);                         '\n'
 *   if (!jw_failed(&w)) write(fd, jw_data(&w), jw_len(&w));
 *   jw_free(&w);                             at the end
 *
 * Structure is checked as it is written: a member (jw_k*, jw_key) only in
 * an object, a bare value only in an array, after jw_key or as the line's
 * one top-level value; ends must match begins; at most JW_MAX_DEPTH open
 * containers. A violation, or running out of memory, records an error,
 * writes nothing, and makes every later call a no-op until jw_reset:
 * check jw_failed() once per line, before using the text (which is then a
 * truncated, invalid line). Nothing ever writes past the buffer.
 *
 * Cost: each value checks the nesting state, reserves its worst-case size
 * once (capacity compare; the out-of-line jw__grow only when it does not
 * fit) and then writes without further checks. Strings reserve 6 bytes per
 * input byte (\u00XX), so the buffer settles at a few times the longest
 * line and then never grows again. Keys are escaped like strings, but
 * everything here is forced inline, so for a literal key strlen folds to
 * a constant and a plain key of up to 16 bytes is checked and copied as
 * one or two words. A 970-byte, 45-member flow line takes a few hundred
 * ns (tests/test_jw.c prints it), about 1/40 of a jansson tree plus
 * json_dumpb; a real costs ~150 ns of snprintf on its own.
 *
 * Not thread-safe per struct jw; use one writer per thread. */
#ifndef PORTLENS_JW_H
#define PORTLENS_JW_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The functions below must inline, so that strlen of a literal key and
 * the size tests on it fold to constants; GCC otherwise keeps some out of
 * line (and calls strlen). */
#if defined(__GNUC__)
#define JW__INLINE static inline __attribute__((always_inline))
#else
#define JW__INLINE static inline
#endif

/* Open containers a line may nest (the line itself not counted). */
#define JW_MAX_DEPTH 32
/* Bytes jw_init allocates when given no hint. */
#define JW_DEFAULT_CAP 1024
/* Characters of jw_rfc3339's text ("2026-11-26T17:47:31.445714000Z"). */
#define JW_RFC3339_LEN 30

/* jw_failed() values; the first failure of a line is kept. */
enum jw_err {
	JW_OK = 0,
	JW_E_NOMEM,	/* realloc failed, or a length too large to reserve */
	JW_E_DEPTH,	/* a begin beyond JW_MAX_DEPTH open containers */
	JW_E_MISUSE,	/* a key outside an object, a value without its key,
			 * an end that does not match, a second top-level
			 * value without jw_end_line, ... */
};

/* The writer. Callers embed it (stack or context struct) and use only the
 * functions below; the fields are public for the inline functions. */
struct jw {
	char *buf;	/* owned (jw_free); len bytes of text, not NUL-ended */
	size_t len;	/* bytes of text in buf */
	size_t cap;	/* bytes allocated; len < cap when cap > 0 (the spare
			 * byte is jw_cstr's NUL) */
	unsigned depth;	/* open containers, 0..JW_MAX_DEPTH */
	int err;	/* enum jw_err; sticky until jw_reset */
	uint8_t st[JW_MAX_DEPTH + 1]; /* st[0]: the line, st[d]: the d-th
				       * open container; JW__S_* bits */
};

/* ---- life cycle ---- */

/* Empty writer with cap_hint bytes (JW_DEFAULT_CAP when 0) allocated.
 * 0, or -1 when that allocation failed: w is still valid (jw_failed()
 * says JW_E_NOMEM until jw_reset, which lets it try again). */
int jw_init(struct jw *w, size_t cap_hint);

/* Free the buffer and leave w empty (as after jw_init failed, without the
 * error). NULL-safe; safe twice. */
void jw_free(struct jw *w);

/* Start a new line: forget the text, the nesting and the error; keep the
 * buffer (no allocation). */
void jw_reset(struct jw *w);

/* ---- the text ---- */

/* Enum jw_err of the first failure since jw_reset; 0 when none. */
JW__INLINE int jw_failed(const struct jw *w)
{
	return w->err;
}

/* The text written so far (jw_len bytes, not NUL-terminated). Borrowed:
 * valid until the next call that writes, jw_reset or jw_free. NULL when
 * nothing was ever allocated. */
JW__INLINE const char *jw_data(const struct jw *w)
{
	return w->buf;
}

/* Bytes of text written so far. */
JW__INLINE size_t jw_len(const struct jw *w)
{
	return w->len;
}

/* The text as a C string (a NUL is stored after it, in the spare byte; it
 * is not counted in jw_len). Same lifetime as jw_data; "" when nothing
 * was ever allocated. An embedded "\u0000" escape is text, so the C
 * string is the whole line. */
const char *jw_cstr(struct jw *w);

/* Internals the inline functions need; not for callers. */
#define JW__S_OBJ 0x01u	 /* this level is an object */
#define JW__S_ARR 0x02u	 /* this level is an array */
#define JW__S_MORE 0x04u /* something written here: the next needs ','; at
			  * the top level, the line has its value */
#define JW__S_KEY 0x08u	 /* object: a key is written, its value is due */
/* Longest string or key jw accepts (worst case 6 bytes out per byte in,
 * and key plus value must not overflow size_t). */
#define JW__STR_MAX (SIZE_MAX / 16)
#define JW__U64_MAX_LEN 20 /* "18446744073709551615" */
#define JW__I64_MAX_LEN 20 /* "-9223372036854775808" */
#define JW__IP_MAX_LEN 47  /* '"' + INET6_ADDRSTRLEN - 1 + '"' */
#define JW__TIME_LEN (JW_RFC3339_LEN + 2)
#define JW__REAL_MAX_LEN 32

char *jw__grow(struct jw *w, size_t n);
char *jw__fail(struct jw *w, int err);
char *jw__put_str(char *p, const char *s, size_t n);
char *jw__put_u64(char *p, uint64_t v);
char *jw__put_i64(char *p, int64_t v);
char *jw__put_ip(char *p, const uint8_t *addr, int ip_ver);
char *jw__put_time(char *p, uint64_t ts_ns);
size_t jw__real_text(char out[JW__REAL_MAX_LEN], double x);

#define JW__ONES 0x0101010101010101ull

/* Non-zero when one of the 8 bytes in v is not a plain copy: a control
 * (< 0x20), '"', '\\' or a byte >= 0x80. "Determine if a word has a byte
 * less than n" (S. E. Anderson, Bit Twiddling Hacks; exact for "any",
 * n <= 128), with equality as "less than 1" of v ^ c. */
JW__INLINE uint64_t jw__needs_work(uint64_t v)
{
	uint64_t q = v ^ (JW__ONES * '"'), b = v ^ (JW__ONES * '\\');
	uint64_t lt = (v - JW__ONES * 0x20) & ~v;
	lt |= ((q - JW__ONES) & ~q) | ((b - JW__ONES) & ~b);
	return (lt | v) & (JW__ONES * 0x80);
}

#if defined(__GNUC__)
#define JW__CONSTANT(x) __builtin_constant_p(x)
#else
#define JW__CONSTANT(x) 0
#endif

/* '"' s '"' into reserved room (6 * n + 2). When n is a compile-time
 * constant (a literal key or value), a plain string of up to 16 bytes is
 * checked and copied inline as one or two overlapping words, no loop;
 * anything else goes out of line. Only for constants, because gcc's
 * -Warray-bounds would flag the word loads for a short local array with
 * a run-time length (paths the size tests rule out). */
JW__INLINE char *jw__str(char *p, const char *s, size_t n)
{
	uint64_t a, b;
	uint32_t a4, b4;
	if (!JW__CONSTANT(n))
		return jw__put_str(p, s, n);
	if (n >= 8 && n <= 16) {
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		if (jw__needs_work(a) | jw__needs_work(b))
			return jw__put_str(p, s, n);
		memcpy(p + 1, &a, 8);
		memcpy(p + 1 + n - 8, &b, 8);
	} else if (n >= 4 && n < 8) {
		memcpy(&a4, s, 4);
		memcpy(&b4, s + n - 4, 4);
		if (jw__needs_work(a4 | (uint64_t)b4 << 32))
			return jw__put_str(p, s, n);
		memcpy(p + 1, &a4, 4);
		memcpy(p + 1 + n - 4, &b4, 4);
	} else if (n >= 1 && n < 4) {
		/* bytes 0, n/2, n-1 cover 1..3; the rest of the word is 'a' */
		unsigned char c0 = (unsigned char)s[0], c1 = (unsigned char)s[n / 2],
			      c2 = (unsigned char)s[n - 1];
		if (jw__needs_work(0x6161616161000000ull | c0 | (uint64_t)c1 << 8 |
				   (uint64_t)c2 << 16))
			return jw__put_str(p, s, n);
		p[1] = (char)c0;
		p[1 + n / 2] = (char)c1;
		p[n] = (char)c2;
	} else if (n)
		return jw__put_str(p, s, n);
	p[0] = '"';
	p[n + 1] = '"';
	return p + n + 2;
}

/* Room for n more bytes (plus the spare byte) at the end of the text, or
 * NULL (error recorded, or an earlier one). */
JW__INLINE char *jw__reserve(struct jw *w, size_t n)
{
	if (w->err)
		return NULL;
	if (n < w->cap - w->len)
		return w->buf + w->len;
	return jw__grow(w, n);
}

/* Where a bare value of at most n bytes goes: after the comma its level
 * needs. NULL when a bare value is not allowed here, or no room. */
JW__INLINE char *jw__value(struct jw *w, size_t n)
{
	unsigned s = w->st[w->depth], comma = 0;
	if (s & JW__S_KEY)
		s &= ~JW__S_KEY;
	else if (s & JW__S_ARR) {
		comma = (s & JW__S_MORE) != 0;
		s |= JW__S_MORE;
	} else if (s == 0)
		s = JW__S_MORE;
	else
		return jw__fail(w, JW_E_MISUSE);
	char *p = jw__reserve(w, n + 1);
	if (!p)
		return NULL;
	w->st[w->depth] = (uint8_t)s;
	if (comma)
		*p++ = ',';
	return p;
}

/* Write [,]"key": and return where a value of at most n bytes goes; NULL
 * when not inside an object (or a key is already pending), or no room. */
JW__INLINE char *jw__member(struct jw *w, const char *key, size_t klen, size_t n)
{
	unsigned s = w->st[w->depth];
	if ((s & (JW__S_OBJ | JW__S_KEY)) != JW__S_OBJ)
		return jw__fail(w, JW_E_MISUSE);
	if (klen > JW__STR_MAX)
		return jw__fail(w, JW_E_NOMEM);
	char *p = jw__reserve(w, 6 * klen + 4 + n);
	if (!p)
		return NULL;
	w->st[w->depth] = (uint8_t)(s | JW__S_MORE);
	if (s & JW__S_MORE)
		*p++ = ',';
	p = jw__str(p, key, klen);
	*p++ = ':';
	return p;
}

/* The text now ends at end (inside the reserved room). */
JW__INLINE void jw__done(struct jw *w, const char *end)
{
	w->len = (size_t)(end - w->buf);
}

JW__INLINE void jw__open(struct jw *w, char *p, unsigned kind, char c)
{
	*p = c;
	jw__done(w, p + 1);
	w->st[++w->depth] = (uint8_t)kind;
}

JW__INLINE void jw__close(struct jw *w, unsigned kind, char c)
{
	/* The top level has no kind bit, so an end there is misuse too. */
	if ((w->st[w->depth] & (JW__S_OBJ | JW__S_ARR | JW__S_KEY)) != kind) {
		jw__fail(w, JW_E_MISUSE);
		return;
	}
	char *p = jw__reserve(w, 1);
	if (!p)
		return;
	*p = c;
	w->len++;
	w->depth--;
}

/* ---- structure ---- */

/* '{' as a bare value (top level, array element, after jw_key). */
JW__INLINE void jw_obj_begin(struct jw *w)
{
	char *p;
	if (w->depth >= JW_MAX_DEPTH)
		jw__fail(w, JW_E_DEPTH);
	else if ((p = jw__value(w, 1)))
		jw__open(w, p, JW__S_OBJ, '{');
}

/* '[' as a bare value. */
JW__INLINE void jw_arr_begin(struct jw *w)
{
	char *p;
	if (w->depth >= JW_MAX_DEPTH)
		jw__fail(w, JW_E_DEPTH);
	else if ((p = jw__value(w, 1)))
		jw__open(w, p, JW__S_ARR, '[');
}

/* "key":{ as a member of the enclosing object. */
JW__INLINE void jw_kobj_begin(struct jw *w, const char *key)
{
	char *p;
	if (w->depth >= JW_MAX_DEPTH)
		jw__fail(w, JW_E_DEPTH);
	else if ((p = jw__member(w, key, strlen(key), 1)))
		jw__open(w, p, JW__S_OBJ, '{');
}

/* "key":[ as a member of the enclosing object. */
JW__INLINE void jw_karr_begin(struct jw *w, const char *key)
{
	char *p;
	if (w->depth >= JW_MAX_DEPTH)
		jw__fail(w, JW_E_DEPTH);
	else if ((p = jw__member(w, key, strlen(key), 1)))
		jw__open(w, p, JW__S_ARR, '[');
}

/* '}' closing the innermost container, which must be an object with no
 * key waiting for its value. */
JW__INLINE void jw_obj_end(struct jw *w)
{
	jw__close(w, JW__S_OBJ, '}');
}

/* ']' closing the innermost container, which must be an array. */
JW__INLINE void jw_arr_end(struct jw *w)
{
	jw__close(w, JW__S_ARR, ']');
}

/* "key": inside an object; the next call must write its value (any bare
 * value function, jw_obj_begin or jw_arr_begin). klen bytes of key. */
JW__INLINE void jw_keyn(struct jw *w, const char *key, size_t klen)
{
	char *p = jw__member(w, key, klen, 0);
	if (p) {
		jw__done(w, p);
		w->st[w->depth] |= JW__S_KEY;
	}
}

/* jw_keyn with a NUL-terminated key. */
JW__INLINE void jw_key(struct jw *w, const char *key)
{
	jw_keyn(w, key, strlen(key));
}

/* End the line's top-level value with '\n'; another line may follow in
 * the same buffer (batching), or jw_reset. Misuse unless exactly one
 * complete top-level value was written since the last line. */
void jw_end_line(struct jw *w);

/* ---- bare values (array elements, after jw_key, or the top level) ---- */

/* null. */
JW__INLINE void jw_null(struct jw *w)
{
	char *p = jw__value(w, 4);
	if (p)
		jw__done(w, (char *)memcpy(p, "null", 4) + 4);
}

/* n bytes of s as a JSON string: '"', '\\' and controls < 0x20 escaped as
 * jansson does (\b \f \n \r \t, else \u00XX, uppercase hex; '/' and 0x7f
 * as they are); valid UTF-8 passes through; each maximal ill-formed
 * subsequence (Unicode 15.0 s3.9, "U+FFFD Substitution of Maximal
 * Subparts"; RFC 3629 s4 for well-formed) becomes one U+FFFD. Embedded
 * NULs are \u0000. s NULL writes null. */
JW__INLINE void jw_strn(struct jw *w, const char *s, size_t n)
{
	char *p;
	if (!s)
		jw_null(w);
	else if (n > JW__STR_MAX)
		jw__fail(w, JW_E_NOMEM);
	else if ((p = jw__value(w, 6 * n + 2)))
		jw__done(w, jw__str(p, s, n));
}

/* jw_strn of a NUL-terminated string (NULL writes null). */
JW__INLINE void jw_str(struct jw *w, const char *s)
{
	jw_strn(w, s, s ? strlen(s) : 0);
}

/* Unsigned decimal, no printf. */
JW__INLINE void jw_u64(struct jw *w, uint64_t v)
{
	char *p = jw__value(w, JW__U64_MAX_LEN);
	if (p)
		jw__done(w, jw__put_u64(p, v));
}

/* Signed decimal (INT64_MIN included), no printf. */
JW__INLINE void jw_i64(struct jw *w, int64_t v)
{
	char *p = jw__value(w, JW__I64_MAX_LEN);
	if (p)
		jw__done(w, jw__put_i64(p, v));
}

/* true or false (any non-zero is true). */
JW__INLINE void jw_bool(struct jw *w, int v)
{
	char *p = jw__value(w, 5);
	if (p)
		jw__done(w, (char *)memcpy(p, v ? "true" : "false", 5) + (v ? 4 : 5));
}

/* A double as jansson's JSON_REAL_PRECISION(12): "%.12g", with ".0"
 * added when there is neither '.' nor 'e', and the exponent's '+' and
 * leading zeros dropped ("1.0", "1e-7", "1e21"). NaN and infinities are
 * not JSON (RFC 8259 s6): null. The one use of snprintf here. */
void jw_real(struct jw *w, double x);

/* n bytes of text the caller vouches is one valid JSON value (not
 * checked), written as is. */
JW__INLINE void jw_raw(struct jw *w, const char *json, size_t n)
{
	char *p;
	if (n > JW__STR_MAX)
		jw__fail(w, JW_E_NOMEM);
	else if ((p = jw__value(w, n)))
		jw__done(w, (char *)memcpy(p, json, n) + n);
}

/* A 4-byte (ip_ver 4) or 16-byte (ip_ver 6) address as a string, as
 * glibc's inet_ntop writes it: dotted quad; IPv6 per RFC 5952 s4
 * (lowercase, no leading zeros, the longest run of two or more zero
 * groups as "::", the first on a tie) with glibc's dotted tail for
 * ::ffff:a.b.c.d (RFC 4291 s2.5.5.2) and for ::a.b.c.d when exactly the
 * first 96 bits are zero and the next 16 are not (so "::1", "::100" stay
 * hex). Any other ip_ver writes null. No inet_ntop, no printf. */
JW__INLINE void jw_ip(struct jw *w, const uint8_t *addr, int ip_ver)
{
	char *p = jw__value(w, JW__IP_MAX_LEN);
	if (p)
		jw__done(w, jw__put_ip(p, addr, ip_ver));
}

/* Capture time as an RFC 3339 s5.6 UTC string with nanoseconds
 * ("2026-11-26T17:47:31.445714000Z"), as jsonutil_time. */
JW__INLINE void jw_time(struct jw *w, uint64_t ts_ns)
{
	char *p = jw__value(w, JW__TIME_LEN);
	if (p)
		jw__done(w, jw__put_time(p, ts_ns));
}

/* ---- members: "key":value inside an object (key NUL-terminated) ---- */

JW__INLINE void jw_knull(struct jw *w, const char *key)
{
	char *p = jw__member(w, key, strlen(key), 4);
	if (p)
		jw__done(w, (char *)memcpy(p, "null", 4) + 4);
}

/* "key":"s" (s NULL writes null); see jw_strn. */
JW__INLINE void jw_kstrn(struct jw *w, const char *key, const char *s, size_t n)
{
	char *p;
	if (!s)
		jw_knull(w, key);
	else if (n > JW__STR_MAX)
		jw__fail(w, JW_E_NOMEM);
	else if ((p = jw__member(w, key, strlen(key), 6 * n + 2)))
		jw__done(w, jw__str(p, s, n));
}

JW__INLINE void jw_kstr(struct jw *w, const char *key, const char *s)
{
	jw_kstrn(w, key, s, s ? strlen(s) : 0);
}

JW__INLINE void jw_ku64(struct jw *w, const char *key, uint64_t v)
{
	char *p = jw__member(w, key, strlen(key), JW__U64_MAX_LEN);
	if (p)
		jw__done(w, jw__put_u64(p, v));
}

JW__INLINE void jw_ki64(struct jw *w, const char *key, int64_t v)
{
	char *p = jw__member(w, key, strlen(key), JW__I64_MAX_LEN);
	if (p)
		jw__done(w, jw__put_i64(p, v));
}

JW__INLINE void jw_kbool(struct jw *w, const char *key, int v)
{
	char *p = jw__member(w, key, strlen(key), 5);
	if (p)
		jw__done(w, (char *)memcpy(p, v ? "true" : "false", 5) + (v ? 4 : 5));
}

/* "key":real; see jw_real (NaN and infinities write null). */
JW__INLINE void jw_kreal(struct jw *w, const char *key, double x)
{
	jw_key(w, key);
	jw_real(w, x);
}

/* "key":raw JSON; see jw_raw. */
JW__INLINE void jw_kraw(struct jw *w, const char *key, const char *json, size_t n)
{
	jw_key(w, key);
	jw_raw(w, json, n);
}

JW__INLINE void jw_kip(struct jw *w, const char *key, const uint8_t *addr, int ip_ver)
{
	char *p = jw__member(w, key, strlen(key), JW__IP_MAX_LEN);
	if (p)
		jw__done(w, jw__put_ip(p, addr, ip_ver));
}

JW__INLINE void jw_ktime(struct jw *w, const char *key, uint64_t ts_ns)
{
	char *p = jw__member(w, key, strlen(key), JW__TIME_LEN);
	if (p)
		jw__done(w, jw__put_time(p, ts_ns));
}

/* ---- shared formatting ---- */

/* Write ts_ns (nanoseconds since 1970-01-01T00:00:00Z) as RFC 3339 s5.6
 * UTC, JW_RFC3339_LEN characters and a NUL, into out; returns
 * JW_RFC3339_LEN. Every uint64 fits (the last is in 2554). Used by
 * jw_time and jsonutil_time, so both render a time alike. */
size_t jw_rfc3339(char out[JW_RFC3339_LEN + 1], uint64_t ts_ns);

#endif
