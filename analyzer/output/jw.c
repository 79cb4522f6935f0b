/* analyzer/output/jw.c - streaming JSON writer (see jw.h): the slow path
 * (growing the buffer), and the formatters that write a value into room
 * the inline functions have already reserved, so none of them checks
 * capacity. Matches jansson 2.14's dump.c and strconv.c text, and glibc's
 * resolv/inet_ntop.c for addresses; tests/test_jw.c checks both.
 *
 * Traps:
 * - Every formatter must stay within the worst case its caller reserves
 *   (JW__*_LEN in jw.h; 6 bytes per string byte). A new escape or a longer
 *   form means a larger reservation.
 * - jw_real uses snprintf, which follows LC_NUMERIC; like jansson, the
 *   locale's decimal point is turned back into '.'.
 * - IPv6: glibc writes a dotted tail for ::a.b.c.d (IPv4-compatible, a
 *   form RFC 4291 s2.5.5.1 deprecates) as well as ::ffff:a.b.c.d, and
 *   only when the zero run starting at group 0 is exactly 6 groups (or 5
 *   followed by ffff); we copy that rule, not RFC 5952 s5's advice. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "analyzer/output/jw.h"

int jw_init(struct jw *w, size_t cap_hint)
{
	memset(w, 0, sizeof(*w));
	w->cap = cap_hint ? cap_hint : JW_DEFAULT_CAP;
	w->buf = malloc(w->cap);
	if (!w->buf) {
		w->cap = 0;
		w->err = JW_E_NOMEM;
		return -1;
	}
	return 0;
}

void jw_free(struct jw *w)
{
	if (!w)
		return;
	free(w->buf);
	memset(w, 0, sizeof(*w));
}

void jw_reset(struct jw *w)
{
	w->len = 0;
	w->depth = 0;
	w->err = JW_OK;
	w->st[0] = 0;
}

const char *jw_cstr(struct jw *w)
{
	if (!w->buf)
		return "";
	w->buf[w->len] = '\0'; /* the spare byte: len < cap */
	return w->buf;
}

char *jw__fail(struct jw *w, int err)
{
	if (!w->err)
		w->err = err;
	return NULL;
}

/* Grow to hold len + n + 1 bytes: doubling, so a line that keeps growing
 * costs O(log) reallocs, and a buffer that fits the longest line is never
 * touched again. The old buffer stays valid when realloc fails. */
char *jw__grow(struct jw *w, size_t n)
{
	if (n >= SIZE_MAX / 2 - w->len)
		return jw__fail(w, JW_E_NOMEM);
	size_t need = w->len + n + 1;
	size_t cap = w->cap ? w->cap : JW_DEFAULT_CAP;
	while (cap < need)
		cap *= 2;
	char *nb = realloc(w->buf, cap);
	if (!nb)
		return jw__fail(w, JW_E_NOMEM);
	w->buf = nb;
	w->cap = cap;
	return nb + w->len;
}

void jw_end_line(struct jw *w)
{
	if (w->depth != 0 || w->st[0] != JW__S_MORE) {
		jw__fail(w, JW_E_MISUSE);
		return;
	}
	char *p = jw__reserve(w, 1);
	if (!p)
		return;
	*p = '\n';
	w->len++;
	w->st[0] = 0;
}

/* ---- strings (RFC 8259 s7) ---- */

/* What a byte starts: 0 plain ASCII, copied; 1 an escape; 2..4 a UTF-8
 * lead byte of a sequence that long (RFC 3629 s4); 5 never valid (a lone
 * continuation 80..BF, overlong leads C0 C1, F5..FF beyond U+10FFFF). */
enum { C_PLAIN = 0, C_ESC = 1, C_LEAD2 = 2, C_LEAD3 = 3, C_LEAD4 = 4, C_BAD = 5 };

static const uint8_t byte_class[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 00 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 10 */
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 20 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 30 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 40 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, /* 50 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 60 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 70 */
	5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, /* 80 */
	5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, /* 90 */
	5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, /* A0 */
	5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, /* B0 */
	5, 5, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* C0 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* D0 */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, /* E0 */
	4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, /* F0 */
};

/* The escapes jansson's dump_string writes. */
static char *put_escape(char *p, unsigned c)
{
	static const char hex[] = "0123456789ABCDEF";
	char e;
	switch (c) {
	case '"': e = '"'; break;
	case '\\': e = '\\'; break;
	case '\b': e = 'b'; break;
	case '\f': e = 'f'; break;
	case '\n': e = 'n'; break;
	case '\r': e = 'r'; break;
	case '\t': e = 't'; break;
	default:
		memcpy(p, "\\u00", 4);
		p[4] = hex[c >> 4];
		p[5] = hex[c & 15];
		return p + 6;
	}
	p[0] = '\\';
	p[1] = e;
	return p + 2;
}

/* Bytes of the well-formed sequence of len bytes (2..4) at u, or 0 with
 * *bad set to the length of its maximal ill-formed prefix (at least 1):
 * the second byte's range depends on the lead (RFC 3629 s4: E0 A0..BF
 * excludes overlongs, ED 80..9F surrogates, F0 90..BF overlongs, F4
 * 80..8F beyond U+10FFFF); later ones are 80..BF. */
static size_t utf8_seq(const unsigned char *u, size_t avail, size_t len, size_t *bad)
{
	unsigned char lo = 0x80, hi = 0xBF;
	switch (u[0]) {
	case 0xE0: lo = 0xA0; break;
	case 0xED: hi = 0x9F; break;
	case 0xF0: lo = 0x90; break;
	case 0xF4: hi = 0x8F; break;
	}
	size_t i = 1;
	if (avail > 1 && u[1] >= lo && u[1] <= hi)
		for (i = 2; i < len && i < avail && (u[i] & 0xC0) == 0x80; i++)
			;
	if (i == len)
		return len;
	*bad = i;
	return 0;
}

/* One byte that is not plain ASCII, or the sequence it starts, at u:
 * its escape, the UTF-8 sequence, or U+FFFD. Returns the next input. */
static const unsigned char *put_special(char **pp, const unsigned char *u,
					const unsigned char *end)
{
	unsigned c = *u;
	size_t k = byte_class[c], len, bad = 1;
	char *p = *pp;
	if (k == C_ESC) {
		*pp = put_escape(p, c);
		return u + 1;
	}
	if (k != C_BAD && (len = utf8_seq(u, (size_t)(end - u), k, &bad))) {
		memcpy(p, u, len);
		*pp = p + len;
		return u + len;
	}
	memcpy(p, "\xEF\xBF\xBD", 3); /* U+FFFD */
	*pp = p + 3;
	return u + bad;
}

static uint64_t load8(const unsigned char *u)
{
	uint64_t v;
	memcpy(&v, u, 8);
	return v;
}

static uint64_t load4(const unsigned char *u)
{
	uint32_t v;
	memcpy(&v, u, 4);
	return v;
}

/* Copy n (< 8) bytes and return 1 when all are plain; else 0, nothing
 * written. Overlapping loads and stores (as fast memcpys do) instead of
 * a byte loop, whose exit mispredicts on nearly every short string. */
static int copy_short_plain(char *p, const unsigned char *u, size_t n)
{
	if (n >= 4) {
		uint64_t a = load4(u), b = load4(u + n - 4);
		if (jw__needs_work(a | b << 32))
			return 0;
		memcpy(p, u, 4);
		memcpy(p + n - 4, u + n - 4, 4);
	} else if (n) {
		unsigned char c0 = u[0], c1 = u[n / 2], c2 = u[n - 1];
		if (byte_class[c0] | byte_class[c1] | byte_class[c2])
			return 0;
		p[0] = (char)c0;
		p[n / 2] = (char)c1;
		p[n - 1] = (char)c2;
	}
	return 1;
}

/* '"' s '"': at most 6 * n + 2 bytes (an escape is 6 for 1 byte in, and
 * U+FFFD 3 for at least 1). Plain ASCII goes 8 bytes at a time, or at
 * once when shorter than 8 (copy_short_plain). A tail of under 8
 * is checked as the last 8 input bytes, overlapping bytes already done:
 * if that word is plain, its first bytes were copied 1:1 and storing it
 * rewrites them unchanged. Only when n >= 8, so the load never starts
 * before s (ASan catches that). */
char *jw__put_str(char *p, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s, *end = u + n;
	*p++ = '"';
	if (n < 8 && copy_short_plain(p, u, n)) {
		p[n] = '"';
		return p + n + 1;
	}
	while (u < end) {
		uint64_t v;
		while (end - u >= 8 && !jw__needs_work(v = load8(u))) {
			memcpy(p, &v, 8);
			p += 8;
			u += 8;
		}
		size_t rem = (size_t)(end - u);
		if (rem && rem < 8 && n >= 8 && !jw__needs_work(v = load8(end - 8))) {
			memcpy(p + rem - 8, &v, 8);
			p += rem;
			break;
		}
		/* Byte by byte up to and including the first special one. */
		while (u < end) {
			if (byte_class[*u] != C_PLAIN) {
				u = put_special(&p, u, end);
				break;
			}
			*p++ = (char)*u++;
		}
	}
	*p++ = '"';
	return p;
}

/* ---- integers (RFC 8259 s6) ---- */

static const char digits2[200] =
	"00010203040506070809101112131415161718192021222324"
	"25262728293031323334353637383940414243444546474849"
	"50515253545556575859606162636465666768697071727374"
	"75767778798081828384858687888990919293949596979899";

/* Decimal digits of v (1..20). */
static unsigned u64_digits(uint64_t v)
{
	static const uint64_t pow10[20] = {
		1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
		10000000ull, 100000000ull, 1000000000ull, 10000000000ull,
		100000000000ull, 1000000000000ull, 10000000000000ull,
		100000000000000ull, 1000000000000000ull, 10000000000000000ull,
		100000000000000000ull, 1000000000000000000ull,
		10000000000000000000ull,
	};
#if defined(__GNUC__)
	/* floor(log10(2^bits)) by 1233/4096 ~ log10(2), then one compare. */
	unsigned t = ((64u - (unsigned)__builtin_clzll(v | 1)) * 1233u) >> 12;
	return t + ((v | 1) >= pow10[t]);
#else
	unsigned n = 1;
	while (n < 20 && v >= pow10[n])
		n++;
	return n;
#endif
}

/* v in decimal, written back to front two digits at a time. */
char *jw__put_u64(char *p, uint64_t v)
{
	char *end = p + u64_digits(v), *q = end;
	while (v >= 100) {
		unsigned r = (unsigned)(v % 100);
		v /= 100;
		q -= 2;
		memcpy(q, digits2 + 2 * r, 2);
	}
	if (v >= 10)
		memcpy(q - 2, digits2 + 2 * v, 2);
	else
		q[-1] = (char)('0' + v);
	return end;
}

char *jw__put_i64(char *p, int64_t v)
{
	if (v >= 0)
		return jw__put_u64(p, (uint64_t)v);
	*p++ = '-';
	return jw__put_u64(p, 0u - (uint64_t)v); /* INT64_MIN too */
}

/* ---- reals ---- */

/* jansson 2.14 jsonp_dtostr with precision 12 (its non-dtoa build, which
 * Debian's is): "%.12g"; the locale's decimal point back to '.'; ".0"
 * when neither '.' nor 'e' is there (else it reads back as an integer);
 * the exponent without '+' and leading zeros. Length, out NUL-ended. */
size_t jw__real_text(char out[JW__REAL_MAX_LEN], double x)
{
	int r = snprintf(out, JW__REAL_MAX_LEN, "%.12g", x);
	if (r < 0 || r >= JW__REAL_MAX_LEN - 2) /* cannot: at most 19 */
		return 0;
	size_t n = (size_t)r;
	char point = localeconv()->decimal_point[0];
	char *e;
	if (point != '.' && (e = strchr(out, point)))
		*e = '.';
	if (!strchr(out, '.') && !strchr(out, 'e')) {
		memcpy(out + n, ".0", 3);
		n += 2;
	}
	if ((e = strchr(out, 'e'))) {
		char *from = e + 1, *to = e + 1;
		if (*from == '-')
			from++, to++;
		else if (*from == '+')
			from++;
		while (*from == '0' && from[1])
			from++;
		memmove(to, from, n + 1 - (size_t)(from - out));
		n -= (size_t)(from - to);
	}
	return n;
}

void jw_real(struct jw *w, double x)
{
	char text[JW__REAL_MAX_LEN];
	size_t n;
	if (!isfinite(x) || !(n = jw__real_text(text, x))) {
		jw_null(w);
		return;
	}
	char *p = jw__value(w, n);
	if (p)
		jw__done(w, (char *)memcpy(p, text, n) + n);
}

/* ---- addresses ---- */

static char *put_dec8(char *p, unsigned b)
{
	if (b >= 100) {
		*p++ = (char)('0' + b / 100);
		b %= 100;
		memcpy(p, digits2 + 2 * b, 2);
		return p + 2;
	}
	if (b >= 10) {
		memcpy(p, digits2 + 2 * b, 2);
		return p + 2;
	}
	*p = (char)('0' + b);
	return p + 1;
}

static char *put_ip4(char *p, const uint8_t *a)
{
	for (int i = 0; i < 4; i++) {
		if (i)
			*p++ = '.';
		p = put_dec8(p, a[i]);
	}
	return p;
}

/* A group in lowercase hex without leading zeros (RFC 5952 s4.1, s4.3). */
static char *put_hex16(char *p, unsigned v)
{
	static const char hex[] = "0123456789abcdef";
	if (v >= 0x1000)
		*p++ = hex[v >> 12];
	if (v >= 0x100)
		*p++ = hex[(v >> 8) & 15];
	if (v >= 0x10)
		*p++ = hex[(v >> 4) & 15];
	*p++ = hex[v & 15];
	return p;
}

/* glibc inet_ntop6: the longest run of zero groups (the first on a tie;
 * none shorter than 2, RFC 5952 s4.2.2-3) becomes "::". */
static char *put_ip6(char *p, const uint8_t *a)
{
	unsigned g[8];
	int best = -1, best_len = 0, cur = -1, cur_len = 0;
	for (int i = 0; i < 8; i++) {
		g[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
		if (g[i] == 0) {
			if (cur < 0)
				cur = i, cur_len = 0;
			if (++cur_len > best_len)
				best = cur, best_len = cur_len;
		} else
			cur = -1;
	}
	if (best_len < 2)
		best = -1;
	for (int i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + best_len) {
			if (i == best)
				*p++ = ':';
			continue;
		}
		if (i)
			*p++ = ':';
		if (i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && g[5] == 0xffff)))
			return put_ip4(p, a + 12);
		p = put_hex16(p, g[i]);
	}
	if (best >= 0 && best + best_len == 8)
		*p++ = ':';
	return p;
}

char *jw__put_ip(char *p, const uint8_t *addr, int ip_ver)
{
	if (ip_ver != 4 && ip_ver != 6) {
		memcpy(p, "null", 4);
		return p + 4;
	}
	*p++ = '"';
	p = ip_ver == 4 ? put_ip4(p, addr) : put_ip6(p, addr);
	*p++ = '"';
	return p;
}

/* ---- time ---- */

/* v (0..99) as two digits. */
static char *put2(char *p, unsigned v)
{
	memcpy(p, digits2 + 2 * v, 2);
	return p + 2;
}

/* Days since 1970-01-01 to a proleptic Gregorian date: H. Hinnant's
 * civil_from_days ("chrono-Compatible Low-Level Date Algorithms"). Exact
 * for every uint64 nanosecond timestamp; no locale, no libc formatting
 * on the per-flow path. */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

size_t jw_rfc3339(char out[JW_RFC3339_LEN + 1], uint64_t ts_ns)
{
	char *p = out;
	uint64_t sec = ts_ns / 1000000000u;
	unsigned sod = (unsigned)(sec % 86400), ns = (unsigned)(ts_ns % 1000000000u);
	int64_t y;
	unsigned m, d;

	civil_from_days((int64_t)(sec / 86400), &y, &m, &d);
	p = put2(p, (unsigned)(y / 100)); /* 1970..2554 */
	p = put2(p, (unsigned)(y % 100));
	*p++ = '-';
	p = put2(p, m);
	*p++ = '-';
	p = put2(p, d);
	*p++ = 'T';
	p = put2(p, sod / 3600);
	*p++ = ':';
	p = put2(p, sod / 60 % 60);
	*p++ = ':';
	p = put2(p, sod % 60);
	*p++ = '.';
	*p++ = (char)('0' + ns / 100000000);
	ns %= 100000000;
	p = put2(p, ns / 1000000);
	p = put2(p, ns / 10000 % 100);
	p = put2(p, ns / 100 % 100);
	p = put2(p, ns % 100);
	*p++ = 'Z';
	*p = '\0';
	return (size_t)(p - out);
}

/* '"' time '"': the NUL jw_rfc3339 ends with is overwritten. */
char *jw__put_time(char *p, uint64_t ts_ns)
{
	*p++ = '"';
	p += jw_rfc3339(p, ts_ns);
	*p++ = '"';
	return p;
}
