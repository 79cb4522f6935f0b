/* analyzer/output/htmlw.c - see htmlw.h. Escaping, units and typed reads
 * for the HTML report.
 *
 * Traps: the report may come from a file (portlens html REPORT.json), so
 * every value may be missing or of another type; jansson's getters
 * already return NULL/0 for the wrong type, and these wrap them so a
 * caller can tell "absent" from 0. Numbers in the report are int64; the
 * short forms go through double, which is exact to 2^53 and close enough
 * above (the exact value is printed from the integer, never the double). */
#include <ctype.h>
#include <math.h>
#include <string.h>
#include "analyzer/output/htmlw.h"
#include "analyzer/output/units.h"

#define HTMLW_KEY_MAX 64

const json_t *htmlw_at(const json_t *v, const char *path)
{
	char key[HTMLW_KEY_MAX];
	while (v && *path) {
		size_t n = strcspn(path, ".");
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		v = json_object_get(v, key);
		path += n + (path[n] == '.');
	}
	return v;
}

int htmlw_int(const json_t *v, const char *path, json_int_t *out)
{
	const json_t *x = htmlw_at(v, path);
	if (!json_is_integer(x))
		return 0;
	*out = json_integer_value(x);
	return 1;
}

int htmlw_num(const json_t *v, const char *path, double *out)
{
	const json_t *x = htmlw_at(v, path);
	if (!json_is_number(x))
		return 0;
	*out = json_number_value(x);
	return 1;
}

const char *htmlw_str(const json_t *v, const char *path)
{
	const json_t *x = htmlw_at(v, path);
	return json_is_string(x) ? json_string_value(x) : NULL;
}

/* The entity for byte c, or NULL when c is written as it is. */
static const char *esc_entity(unsigned char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	case '\t': case '\n': case '\r': return NULL;
	default: return (c < 0x20 || c == 0x7f) ? "\xEF\xBF\xBD" : NULL;
	}
}

/* Escape the first len bytes of s: runs of plain bytes go out in one
 * fwrite, so a long name costs a few calls, not one per byte. */
static void esc_n(FILE *out, const char *s, size_t len)
{
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		const char *e = esc_entity((unsigned char)s[i]);
		if (!e)
			continue;
		fwrite(s + run, 1, i - run, out);
		fputs(e, out);
		run = i + 1;
	}
	fwrite(s + run, 1, len - run, out);
}

void htmlw_esc(FILE *out, const char *s)
{
	if (s)
		esc_n(out, s, strlen(s));
}

void htmlw_esc_max(FILE *out, const char *s, size_t max)
{
	if (!s)
		return;
	size_t len = strnlen(s, max + 1);
	if (len <= max) {
		esc_n(out, s, len);
		return;
	}
	len = max;
	/* s[len] is the first byte left out: while it continues a character
	 * (10xxxxxx), leave that character out too, so none is cut in two. */
	while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
		len--;
	esc_n(out, s, len);
	fputs("\xE2\x80\xA6", out);
}

void htmlw_utf8_trim(char *buf)
{
	size_t len = strlen(buf), i = len, need;
	while (i > 0 && len - i < 4 && ((unsigned char)buf[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return;
	unsigned char lead = (unsigned char)buf[i - 1];
	if (lead < 0xC0)
		return; /* ASCII (or a stray continuation run): nothing to cut */
	need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
	if (len - (i - 1) < need)
		buf[i - 1] = '\0';
}

/* Does s start "YYYY-MM-DDTHH:MM:SS"? */
static int is_rfc3339(const char *s)
{
	static const char form[] = "dddd-dd-ddTdd:dd:dd";
	for (size_t i = 0; i < sizeof(form) - 1; i++)
		if (form[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != form[i])
			return 0; /* stops at a NUL in s: it differs from form */
	return 1;
}

void htmlw_time(FILE *out, const char *s)
{
	if (!s) {
		fputc('-', out);
		return;
	}
	if (!is_rfc3339(s)) {
		htmlw_esc(out, s);
		return;
	}
	fputs("<time datetime=\"", out);
	htmlw_esc(out, s);
	fputs("\" title=\"", out);
	htmlw_esc(out, s);
	fprintf(out, "\">%.10s %.8s", s, s + 11);
	if (s[19] == '.' && isdigit((unsigned char)s[20]) && isdigit((unsigned char)s[21]) &&
	    isdigit((unsigned char)s[22]))
		fprintf(out, ".%.3s", s + 20);
	fputs("</time>", out);
}

void htmlw_str_or_dash(FILE *out, const json_t *v, const char *path)
{
	const char *s = htmlw_str(v, path);
	if (s && *s)
		htmlw_esc(out, s);
	else
		fputc('-', out);
}


/* The short form, with the exact value as its title when they differ. */
static void with_exact(FILE *out, const char *text, json_int_t v)
{
	char exact[32];
	snprintf(exact, sizeof(exact), "%" JSON_INTEGER_FORMAT, v);
	if (strcmp(exact, text) == 0)
		fputs(text, out);
	else
		fprintf(out, "<span title=\"%s\">%s</span>", exact, text);
}

void htmlw_count(FILE *out, json_int_t v)
{
	char buf[32];
	units_count(buf, sizeof(buf), (double)v);
	with_exact(out, buf, v);
}

void htmlw_bytes(FILE *out, json_int_t v)
{
	char buf[32];
	units_bytes(buf, sizeof(buf), (double)v);
	with_exact(out, buf, v);
}

void htmlw_td_int(FILE *out, const json_t *v, const char *path)
{
	json_int_t x;
	if (htmlw_int(v, path, &x))
		fprintf(out, "<td class=\"n\">%" JSON_INTEGER_FORMAT "</td>", x);
	else
		fputs("<td class=\"n\">-</td>", out);
}

void htmlw_td_count(FILE *out, const json_t *v, const char *path)
{
	json_int_t x;
	fputs("<td class=\"n\">", out);
	if (htmlw_int(v, path, &x))
		htmlw_count(out, x);
	else
		fputc('-', out);
	fputs("</td>", out);
}

void htmlw_td_bytes(FILE *out, const json_t *v, const char *path)
{
	json_int_t x;
	fputs("<td class=\"n\">", out);
	if (htmlw_int(v, path, &x))
		htmlw_bytes(out, x);
	else
		fputc('-', out);
	fputs("</td>", out);
}

void htmlw_td_str(FILE *out, const json_t *v, const char *path)
{
	fputs("<td>", out);
	htmlw_str_or_dash(out, v, path);
	fputs("</td>", out);
}

void htmlw_td_time(FILE *out, const json_t *v, const char *path)
{
	fputs("<td class=\"t\">", out);
	htmlw_time(out, htmlw_str(v, path));
	fputs("</td>", out);
}
