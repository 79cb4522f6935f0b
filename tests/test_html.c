/* tests/test_html.c - the HTML report's writers and plots
 * (analyzer/output/htmlw.c, htmlplot.c): escaping, units, and the SVG
 * plots checked on their text (empty bars left out, bars clipped to what
 * can be drawn, a strip of all 65535 ports drawn as one rect per lane and
 * scale, every plot an accessible svg.plot with its details.alt table).
 * Deterministic; run under ASan+UBSan too (make asan). */
#include <CUnit/CUnit.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/output/htmlplot.h"
#include "analyzer/output/htmlw.h"

/* ---- helpers ---- */

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0, k = strlen(needle);
	for (const char *p = hay; (p = strstr(p, needle)); p += k)
		n++;
	return n;
}

/* A copy of page from the first `from` to the end of the next `to`
 * (NULL when either is missing). */
static char *between(const char *page, const char *from, const char *to)
{
	const char *a = page ? strstr(page, from) : NULL;
	const char *b = a ? strstr(a, to) : NULL;
	if (!b)
		return NULL;
	size_t n = (size_t)(b - a) + strlen(to);
	char *s = malloc(n + 1);
	if (s) {
		memcpy(s, a, n);
		s[n] = '\0';
	}
	return s;
}

/* Every svg.plot has role img, is labelled by its own title and desc, and
 * is followed by its details.alt; ids are unique. Says what is wrong. */
static int plots_accessible(const char *page, const char *name)
{
	static const char open[] = "<svg class=\"plot\" id=\"";
	size_t svgs = 0;
	for (const char *p = page; (p = strstr(p, open)); svgs++) {
		char id[64], want[200];
		p += sizeof(open) - 1;
		size_t n = strcspn(p, "\"");
		if (n == 0 || n >= sizeof(id))
			return printf("\n  %s: bad plot id\n", name), 0;
		memcpy(id, p, n);
		id[n] = '\0';
		const char *end = strchr(p, '>');
		snprintf(want, sizeof(want), "role=\"img\" aria-labelledby=\"%s-title %s-desc\"", id, id);
		const char *role = strstr(p, want);
		snprintf(want, sizeof(want), "id=\"%s\"", id);
		if (!end || !role || role > end || count(page, want) != 1)
			return printf("\n  %s: %s: no role/labels, or id not unique\n", name, id), 0;
		snprintf(want, sizeof(want), "<title id=\"%s-title\">", id);
		const char *t = strstr(end, want);
		snprintf(want, sizeof(want), "<desc id=\"%s-desc\">", id);
		const char *d = strstr(end, want);
		const char *close = strstr(end, "</svg>\n<details class=\"alt\"><summary>Data</summary>");
		if (!t || !d || !close || t > close || d > close)
			return printf("\n  %s: %s: title/desc/details.alt missing\n", name, id), 0;
	}
	if (svgs != count(page, "<details class=\"alt\">") || svgs != count(page, "<figure>"))
		return printf("\n  %s: %zu plots, %zu details.alt, %zu figures\n", name, svgs,
			      count(page, "<details class=\"alt\">"), count(page, "<figure>")), 0;
	return 1;
}

/* Self-contained, complete and balanced. */
/* ---- unit: escaping and units ---- */

static void html_escape_covers_the_five_and_controls(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CU_ASSERT_FATAL(f != NULL);
	htmlw_esc(f, "a<b>&\"c'\x01\t");
	fputc('|', f);
	htmlw_esc_max(f, "\xC3\xA9\xC3\xA9", 3); /* "éé" cut inside the second */
	fputc('|', f);
	htmlw_esc(f, NULL);
	fclose(f);
	CU_ASSERT_STRING_EQUAL(buf, "a&lt;b&gt;&amp;&quot;c&#39;\xEF\xBF\xBD\t|\xC3\xA9\xE2\x80\xA6|");
	free(buf);
}

static void html_units_are_short_and_exact_in_title(void)
{
	char b[32], *buf = NULL;
	size_t len = 0;
	htmlw_count_text(b, sizeof(b), 1234);
	CU_ASSERT_STRING_EQUAL(b, "1.2 K");
	htmlw_count_text(b, sizeof(b), 999);
	CU_ASSERT_STRING_EQUAL(b, "999");
	htmlw_count_text(b, sizeof(b), 999999);
	CU_ASSERT_STRING_EQUAL(b, "1.0 M");
	htmlw_bytes_text(b, sizeof(b), 5);
	CU_ASSERT_STRING_EQUAL(b, "5 B");
	htmlw_bytes_text(b, sizeof(b), 1536);
	CU_ASSERT_STRING_EQUAL(b, "1.5 KiB");
	htmlw_bytes_text(b, sizeof(b), 3.0 * 1024 * 1024 * 1024);
	CU_ASSERT_STRING_EQUAL(b, "3.0 GiB");
	htmlw_duration_text(b, sizeof(b), 0.016777216);
	CU_ASSERT_STRING_EQUAL(b, "16.8 ms");
	htmlw_duration_text(b, sizeof(b), 75);
	CU_ASSERT_STRING_EQUAL(b, "1 min 15 s");
	FILE *f = open_memstream(&buf, &len);
	CU_ASSERT_FATAL(f != NULL);
	htmlw_bytes(f, 163596);
	fclose(f);
	CU_ASSERT_STRING_EQUAL(buf, "<span title=\"163596\">160 KiB</span>");
	free(buf);
}

/* ---- unit: plots ---- */

static double plot_value(const void *ctx, int s, size_t col)
{
	(void)ctx;
	return col % 3 == 0 ? 0 : (double)(s + 1) * (double)col; /* every third bar empty */
}

static void html_stacked_plot_skips_empty_bars(void)
{
	static const struct htmlplot_series series[] = { { "tcp", "t-tcp" }, { "udp", "t-udp" } };
	struct htmlplot_stacked p = {
		.text = { "t", "caption", "title", "desc" }, .x_label = "x", .y_label = "y",
		.n_series = 2, .series = series, .n_cols = 30, .dx = 0.5, .value = plot_value,
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CU_ASSERT_FATAL(f != NULL);
	htmlplot_stacked(f, &p);
	p.n_cols = 100000; /* more than can be drawn: clipped */
	p.text.id = "u";
	htmlplot_stacked(f, &p);
	fclose(f);
	char *t = between(buf, "<svg class=\"plot\" id=\"t\"", "</svg>");
	char *u = between(buf, "<svg class=\"plot\" id=\"u\"", "</svg>");
	CU_ASSERT_FATAL(t != NULL && u != NULL);
	CU_ASSERT_EQUAL(count(t, "<rect"), 2 + 20 * 2); /* legend, 20 stacks of 2 */
	CU_ASSERT_EQUAL(count(t, "<g><title>"), 20);
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "<g><title>+14.50 s: tcp 29 udp 58</title>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, ">15 s</text>")); /* 30 bars of 0.5 s */
	CU_ASSERT_EQUAL(count(u, "<g><title>"), HTMLPLOT_MAX_COLS / 3 * 2);
	CU_ASSERT(plots_accessible(buf, "stacked"));
	free(t);
	free(u);
	free(buf);
}

static void html_strip_of_all_ports_is_one_rect_per_lane_and_scale(void)
{
	struct htmlplot_strip *st = malloc(sizeof(*st));
	char *buf = NULL;
	size_t len = 0;
	CU_ASSERT_FATAL(st != NULL);
	htmlplot_strip_clear(st);
	st->text = (struct htmlplot_text){ "s", "caption", "title", "desc" };
	st->n_lanes = 2;
	st->lane[0] = (struct htmlplot_lane){ .name = "tcp", .cls = "t-tcp" };
	st->lane[1] = (struct htmlplot_lane){ .name = "udp", .cls = "t-udp" };
	htmlplot_lane_probed(&st->lane[0], 1, 65535);
	htmlplot_lane_probed(&st->lane[1], 65535, 1); /* swapped */
	htmlplot_lane_probed(&st->lane[1], 70000, 80000); /* beyond: ignored */
	htmlplot_lane_open(&st->lane[0], 22);
	htmlplot_lane_open(&st->lane[0], 70000);
	FILE *f = open_memstream(&buf, &len);
	CU_ASSERT_FATAL(f != NULL);
	htmlplot_strip(f, st);
	fclose(f);
	/* 2 legend + 4 lane backgrounds + 4 probed + 2 open (22, both scales) */
	CU_ASSERT_EQUAL(count(buf, "<rect"), 2 + 4 + 4 + 2);
	CU_ASSERT_EQUAL(count(buf, "<rect x=\"0\" width=\"512\" height=\"20\"/>"), 4);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "<td>0\xE2\x80\x93" "65535 (65535)</td>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "<td>0\xE2\x80\x93" "127 (1)</td>")); /* open 22 */
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "<td>22\xE2\x80\x93" "23 (1)</td>"));
	CU_ASSERT(plots_accessible(buf, "strip"));
	free(buf);
	free(st);
}

int test_html_register(void)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} tests[] = {
		{ "escape_covers_the_five_and_controls", html_escape_covers_the_five_and_controls },
		{ "units_are_short_and_exact_in_title", html_units_are_short_and_exact_in_title },
		{ "stacked_plot_skips_empty_bars", html_stacked_plot_skips_empty_bars },
		{ "strip_of_all_ports_is_one_rect_per_lane_and_scale",
		  html_strip_of_all_ports_is_one_rect_per_lane_and_scale },
	};
	CU_pSuite s = CU_add_suite("html", NULL, NULL);
	if (!s)
		return -1;
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		if (!CU_add_test(s, tests[i].name, tests[i].fn))
			return -1;
	return 0;
}
