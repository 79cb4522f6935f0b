/* analyzer/output/htmlplot.c - see htmlplot.h. Inline SVG plots for the
 * HTML report.
 *
 * Geometry: every plot is 960 user units wide (its viewBox); CSS scales
 * it to the page (width 100%, max 960 px), so text stays readable on a
 * laptop and shrinks with a narrow window. Coordinates are written with
 * one decimal: enough at that size, and short.
 *
 * Axes: a value axis runs from 0 to a "nice" top (1, 2 or 5 times a power
 * of ten, in the unit that keeps the labels short: K, M for counts, KiB,
 * MiB for bytes), with at most 5 steps; a count axis never steps below 1.
 * A time axis steps in seconds, then minutes, hours, days.
 *
 * Size traps: a page must stay small for any report (the scans section
 * has up to 256 strips), so the number of elements per plot is bounded:
 * at most HTMLPLOT_MAX_COLS stacks of the given series, at most
 * HTMLPLOT_STRIP_MAX_RUNS rects per strip lane and kind. */
#include <math.h>
#include <string.h>
#include "analyzer/output/htmlplot.h"
#include "analyzer/output/htmlw.h"
#include "analyzer/output/units.h"

#define PW 960.0   /* viewBox width */
#define ML 78.0    /* left margin: tick labels and the y axis title */
#define MR 16.0
#define MT 36.0    /* top margin: the legend */
#define MB 50.0    /* bottom margin: tick labels and the x axis title */
#define PH 200.0   /* plot area height of the vertical bar plots */

/* ---- axes ---- */

struct axis {
	double top, step, unit; /* user values; unit: the label's divisor */
	const char *sfx;        /* the unit's suffix (" K", " KiB") */
};

/* 1, 2 or 5 times a power of ten, the smallest not below x (> 0). */
static double nice125(double x)
{
	if (!(x > 0) || !isfinite(x))
		return 1;
	double p = pow(10.0, floor(log10(x)));
	double f = x / p;
	return (f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 5.0 ? 5.0 : 10.0) * p;
}

static void axis_fit(struct axis *a, double max, int bytes)
{
	static const char *const count_sfx[] = { "", " K", " M", " G", " T", " P", " E" };
	static const char *const byte_sfx[] = { " B", " KiB", " MiB", " GiB", " TiB", " PiB", " EiB" };
	double base = bytes ? 1024.0 : 1000.0;
	int k = 0;
	if (!(max > 0) || !isfinite(max))
		max = 1;
	a->unit = 1;
	while (max / a->unit >= base && k < 6) {
		a->unit *= base;
		k++;
	}
	double step = nice125(max / a->unit / 5.0);
	if (k == 0 && step < 1)
		step = 1;
	a->step = step * a->unit;
	a->top = ceil(max / a->step - 1e-9) * a->step;
	if (!(a->top > 0))
		a->top = a->step;
	a->sfx = bytes ? byte_sfx[k] : count_sfx[k];
}

static void axis_text(const struct axis *a, double v, char *buf, size_t n)
{
	if (v == 0)
		snprintf(buf, n, "0");
	else
		snprintf(buf, n, "%g%s", v / a->unit, a->sfx);
}

/* Steps of a time axis: seconds, minutes, hours, then days. */
static double time_step(double raw)
{
	static const double steps[] = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800,
					3600, 7200, 10800, 21600, 43200, 86400 };
	if (raw < 1)
		return nice125(raw);
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (steps[i] >= raw)
			return steps[i];
	return nice125(raw / 86400) * 86400;
}

static void time_text(char *buf, size_t n, double t, double step)
{
	if (step >= 86400)
		snprintf(buf, n, "%g d", t / 86400);
	else if (step >= 3600)
		snprintf(buf, n, "%g h", t / 3600);
	else if (step >= 60)
		snprintf(buf, n, "%g min", t / 60);
	else if (step >= 1)
		snprintf(buf, n, "%g s", t);
	else
		snprintf(buf, n, "%.*f s", (int)ceil(-log10(step) - 1e-9), t);
}

/* Decimals that tell bars dx seconds apart. */
static int dx_decimals(double dx)
{
	int d = (int)ceil(-log10(dx)) + 1;
	return d < 0 ? 0 : d > 9 ? 9 : d;
}

/* ---- the frame: figure, svg, title, desc, legend; the data table ---- */

static void fig_begin(FILE *out, const struct htmlplot_text *t, double h, const char *more)
{
	fputs("<figure><figcaption>", out);
	htmlw_esc(out, t->caption);
	fputs("</figcaption>\n<svg class=\"plot\" id=\"", out);
	htmlw_esc(out, t->id);
	fputs("\" role=\"img\" aria-labelledby=\"", out);
	htmlw_esc(out, t->id);
	fputs("-title ", out);
	htmlw_esc(out, t->id);
	fprintf(out, "-desc\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\">\n"
		"<title id=\"", PW, h, PW, h);
	htmlw_esc(out, t->id);
	fputs("-title\">", out);
	htmlw_esc(out, t->title);
	fputs("</title><desc id=\"", out);
	htmlw_esc(out, t->id);
	fputs("-desc\">", out);
	htmlw_esc(out, t->desc);
	if (more && *more) {
		fputc(' ', out);
		htmlw_esc(out, more);
	}
	fputs("</desc>\n", out);
}

/* Close the svg and open the text alternative's table. */
static void fig_alt_begin(FILE *out)
{
	fputs("</svg>\n<details class=\"alt\"><summary>Data</summary><div class=\"wrap\"><table>", out);
}

static void fig_end(FILE *out)
{
	fputs("</table></div></details></figure>\n", out);
}

static void legend(FILE *out, const struct htmlplot_series *s, int n, double x)
{
	fputs("<g class=\"legend\">", out);
	for (int i = 0; i < n; i++) {
		fprintf(out, "<rect x=\"%.1f\" y=\"8\" width=\"12\" height=\"12\" class=\"", x);
		htmlw_esc(out, s[i].cls);
		fprintf(out, "\"/><text x=\"%.1f\" y=\"18\">", x + 17);
		htmlw_esc(out, s[i].name);
		fputs("</text>", out);
		x += 40 + 7.5 * (double)strlen(s[i].name ? s[i].name : "");
	}
	fputs("</g>\n", out);
}

static void th_esc(FILE *out, const char *s, int numeric)
{
	fputs(numeric ? "<th class=\"n\">" : "<th>", out);
	htmlw_esc(out, s);
	fputs("</th>", out);
}

/* A value axis on the left of the area (x0, y0, w, h): grid lines, tick
 * labels and the rotated title. */
static void y_axis(FILE *out, const struct axis *a, double x0, double y0, double w,
		   double h, const char *title)
{
	char buf[48];
	int n = (int)floor(a->top / a->step + 0.5);
	fputs("<g class=\"axis\"><path class=\"grid\" d=\"", out);
	for (int i = 1; i <= n; i++)
		fprintf(out, "M%.1f %.1fH%.1f", x0, y0 + h - i * a->step / a->top * h, x0 + w);
	fprintf(out, "\"/><path d=\"M%.1f %.1fH%.1f\"/><g text-anchor=\"end\">", x0, y0 + h, x0 + w);
	for (int i = 0; i <= n; i++) {
		axis_text(a, i * a->step, buf, sizeof(buf));
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\">%s</text>", x0 - 6,
			y0 + h - i * a->step / a->top * h + 4, buf);
	}
	fprintf(out, "</g><text class=\"title\" transform=\"translate(%.1f %.1f) rotate(-90)\" "
		"text-anchor=\"middle\">", x0 - 58, y0 + h / 2);
	htmlw_esc(out, title);
	fputs("</text></g>\n", out);
}

/* An axis title centred under the area (x0, w), above the bottom edge. */
static void x_title(FILE *out, double x0, double w, double y, const char *title)
{
	fprintf(out, "<text class=\"title\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
		x0 + w / 2, y);
	htmlw_esc(out, title);
	fputs("</text>\n", out);
}

/* ---- stacked bars ---- */

struct stack_stats {
	size_t cols;      /* bars drawn */
	double max, total;
	size_t peak_col;
	int timed;        /* dx usable: a time axis */
};

static double pos(double v)
{
	return v > 0 && isfinite(v) ? v : 0;
}

static double stack_total(const struct htmlplot_stacked *p, size_t col)
{
	double t = 0;
	for (int s = 0; s < p->n_series; s++)
		t += pos(p->value(p->ctx, s, col));
	return t;
}

static void stack_scan(const struct htmlplot_stacked *p, struct stack_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->cols = p->n_cols < HTMLPLOT_MAX_COLS ? p->n_cols : HTMLPLOT_MAX_COLS;
	st->timed = p->dx > 0 && isfinite(p->dx);
	for (size_t c = 0; c < st->cols; c++) {
		double t = stack_total(p, c);
		st->total += t;
		if (t > st->max) {
			st->max = t;
			st->peak_col = c;
		}
	}
}

/* The label of bar col: its start in seconds, or its index. */
static void col_text(const struct htmlplot_stacked *p, const struct stack_stats *st,
		     size_t col, char *buf, size_t n)
{
	if (st->timed)
		snprintf(buf, n, "+%.*f s", dx_decimals(p->dx), (double)col * p->dx);
	else
		snprintf(buf, n, "#%zu", col);
}

static void stack_bar(FILE *out, const struct htmlplot_stacked *p, const struct stack_stats *st,
		      const struct axis *a, size_t col)
{
	double cw = (PW - ML - MR) / (double)st->cols;
	double bw = cw >= 3 ? cw * 0.8 : cw, x = ML + cw * (double)col + (cw - bw) / 2;
	double y = MT + PH;
	char buf[48];
	col_text(p, st, col, buf, sizeof(buf));
	fprintf(out, "<g><title>%s:", buf);
	for (int s = 0; s < p->n_series; s++) {
		double v = pos(p->value(p->ctx, s, col));
		if (v > 0) {
			fputc(' ', out);
			htmlw_esc(out, p->series[s].name);
			fprintf(out, " %.0f", v);
		}
	}
	fputs("</title>", out);
	for (int s = 0; s < p->n_series; s++) {
		double v = pos(p->value(p->ctx, s, col)), h = v / a->top * PH;
		if (v <= 0)
			continue;
		if (h < 0.8) /* one packet among millions still shows */
			h = 0.8;
		y -= h;
		fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"", x,
			y, bw, h);
		htmlw_esc(out, p->series[s].cls);
		fputs("\"/>", out);
	}
	fputs("</g>\n", out);
}

static void time_axis(FILE *out, const struct htmlplot_stacked *p, const struct stack_stats *st)
{
	double span = st->timed ? p->dx * (double)st->cols : (double)st->cols;
	if (!(span > 0) || !isfinite(span))
		span = 1; /* no bars: an axis from 0 to 1 */
	double step = st->timed ? time_step(span / 6) : nice125(span / 6);
	double w = PW - ML - MR;
	char buf[48];
	if (!st->timed && step < 1)
		step = 1;
	fputs("<g class=\"axis\"><path d=\"", out);
	for (int i = 0; i * step <= span * (1 + 1e-9) && i <= 64; i++)
		fprintf(out, "M%.1f %.1fv5", ML + i * step / span * w, MT + PH);
	fputs("\"/><g text-anchor=\"middle\">", out);
	for (int i = 0; i * step <= span * (1 + 1e-9) && i <= 64; i++) {
		if (st->timed)
			time_text(buf, sizeof(buf), i * step, step);
		else
			snprintf(buf, sizeof(buf), "%g", i * step);
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\">%s</text>", ML + i * step / span * w,
			MT + PH + 19, buf);
	}
	fputs("</g></g>\n", out);
	x_title(out, ML, w, MT + PH + 42, p->x_label);
}

static void stack_table(FILE *out, const struct htmlplot_stacked *p, const struct stack_stats *st)
{
	char buf[48];
	fputs("<thead><tr>", out);
	th_esc(out, st->timed ? "bar start" : "bar", 0);
	for (int s = 0; s < p->n_series; s++)
		th_esc(out, p->series[s].name, 1);
	th_esc(out, "total", 1);
	fputs("</tr></thead><tbody>\n", out);
	for (size_t c = 0; c < st->cols; c++) {
		col_text(p, st, c, buf, sizeof(buf));
		fprintf(out, "<tr><td>%s</td>", buf);
		for (int s = 0; s < p->n_series; s++)
			fprintf(out, "<td class=\"n\">%.0f</td>", pos(p->value(p->ctx, s, c)));
		fprintf(out, "<td class=\"n\">%.0f</td></tr>\n", stack_total(p, c));
	}
	fputs("</tbody>", out);
}

void htmlplot_stacked(FILE *out, const struct htmlplot_stacked *p)
{
	struct stack_stats st;
	struct axis a;
	char peak[160], when[48], v[48];
	stack_scan(p, &st);
	axis_fit(&a, st.max, p->bytes);
	if (p->bytes)
		units_bytes(v, sizeof(v), st.max);
	else
		units_count(v, sizeof(v), st.max);
	col_text(p, &st, st.peak_col, when, sizeof(when));
	snprintf(peak, sizeof(peak), "%zu bars; the highest is %s at %s.", st.cols, v, when);
	fig_begin(out, &p->text, MT + PH + MB, peak);
	legend(out, p->series, p->n_series, ML);
	y_axis(out, &a, ML, MT, PW - ML - MR, PH, p->y_label);
	for (size_t c = 0; c < st.cols; c++)
		if (stack_total(p, c) > 0)
			stack_bar(out, p, &st, &a, c);
	time_axis(out, p, &st);
	fig_alt_begin(out);
	stack_table(out, p, &st);
	fig_end(out);
}

/* ---- bars in panels ---- */

#define BARS_MAX_PANELS 4
#define BARS_MAX_CATS 8

static void bars_panel(FILE *out, const struct htmlplot_bars *p, int panel, double px, double pw)
{
	const double *v = p->values + (size_t)panel * (size_t)p->n_cats;
	double max = 0, x0 = px + ML, w = pw - ML - MR;
	double slot = w / p->n_cats, bw = slot * 0.6 < 90 ? slot * 0.6 : 90;
	int bytes = p->panel_bytes && p->panel_bytes[panel];
	struct axis a;
	char buf[48];
	for (int c = 0; c < p->n_cats; c++)
		if (pos(v[c]) > max)
			max = pos(v[c]);
	axis_fit(&a, max, bytes);
	y_axis(out, &a, x0, MT, w, PH, p->panel_names[panel]);
	for (int c = 0; c < p->n_cats; c++) {
		double h = pos(v[c]) / a.top * PH, x = x0 + slot * c + (slot - bw) / 2;
		if (h > 0 && h < 1.5) /* 4 flows beside 400 still show */
			h = 1.5;
		if (bytes)
			units_bytes(buf, sizeof(buf), pos(v[c]));
		else
			units_count(buf, sizeof(buf), pos(v[c]));
		fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"",
			x, MT + PH - h, bw, h);
		htmlw_esc(out, p->cats[c].cls);
		fprintf(out, "\"><title>%.0f</title></rect><text x=\"%.1f\" y=\"%.1f\" "
			"text-anchor=\"middle\">%s</text><text x=\"%.1f\" y=\"%.1f\" "
			"text-anchor=\"middle\">", pos(v[c]), x + bw / 2, MT + PH - h - 4, buf,
			x + bw / 2, MT + PH + 18);
		htmlw_esc(out, p->cats[c].name);
		fputs("</text>\n", out);
	}
}

static void bars_table(FILE *out, const struct htmlplot_bars *p, int n_panels, int n_cats)
{
	fputs("<thead><tr>", out);
	th_esc(out, p->cat_head, 0);
	for (int k = 0; k < n_panels; k++)
		th_esc(out, p->panel_names[k], 1);
	fputs("</tr></thead><tbody>\n", out);
	for (int c = 0; c < n_cats; c++) {
		fputs("<tr><td>", out);
		htmlw_esc(out, p->cats[c].name);
		fputs("</td>", out);
		for (int k = 0; k < n_panels; k++)
			fprintf(out, "<td class=\"n\">%.0f</td>",
				pos(p->values[(size_t)k * (size_t)p->n_cats + (size_t)c]));
		fputs("</tr>\n", out);
	}
	fputs("</tbody>", out);
}

void htmlplot_bars(FILE *out, const struct htmlplot_bars *p)
{
	int n_panels = p->n_panels < BARS_MAX_PANELS ? p->n_panels : BARS_MAX_PANELS;
	int n_cats = p->n_cats < BARS_MAX_CATS ? p->n_cats : BARS_MAX_CATS;
	struct htmlplot_bars q = *p;
	q.n_cats = n_cats;
	if (n_panels < 1 || n_cats < 1)
		return;
	fig_begin(out, &p->text, MT + PH + MB, NULL);
	legend(out, p->cats, n_cats, ML);
	double pw = PW / n_panels;
	for (int k = 0; k < n_panels; k++)
		bars_panel(out, &q, k, pw * k, pw);
	fig_alt_begin(out);
	bars_table(out, &q, n_panels, n_cats);
	fig_end(out);
}

/* ---- horizontal bars ---- */

#define HB_LABEL 170.0 /* left margin: "tcp RSTOS0" */
#define HB_ROW 22.0
#define HB_RIGHT 70.0  /* room for the value after the longest bar */

static void hbar_row(FILE *out, const struct htmlplot_hbars *p, const struct axis *a, size_t i)
{
	const struct htmlplot_hbar *r = &p->rows[i];
	double y = MT + HB_ROW * (double)i, w = PW - HB_LABEL - HB_RIGHT;
	double len = pos(r->value) / a->top * w;
	char buf[48];
	const char *cls = r->series >= 0 && r->series < p->n_series ? p->series[r->series].cls : "";
	units_count(buf, sizeof(buf), pos(r->value));
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", HB_LABEL - 8, y + 15);
	htmlw_esc(out, r->group);
	fputc(' ', out);
	htmlw_esc(out, r->label);
	fprintf(out, "</text><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"14\" class=\"",
		HB_LABEL, y + 4, len > 0.8 || r->value <= 0 ? len : 0.8);
	htmlw_esc(out, cls);
	fputs("\"><title>", out);
	htmlw_esc(out, r->group);
	fputc(' ', out);
	htmlw_esc(out, r->label);
	fprintf(out, ": %.0f", pos(r->value));
	if (r->tip) {
		fputs(" (", out);
		htmlw_esc(out, r->tip);
		fputc(')', out);
	}
	fprintf(out, "</title></rect><text x=\"%.1f\" y=\"%.1f\">%s</text>\n",
		HB_LABEL + len + 5, y + 15, buf);
}

static void hbar_axis(FILE *out, const struct htmlplot_hbars *p, const struct axis *a, double h)
{
	double w = PW - HB_LABEL - HB_RIGHT, y1 = MT + h;
	char buf[48];
	int n = (int)floor(a->top / a->step + 0.5);
	fputs("<g class=\"axis\"><path class=\"grid\" d=\"", out);
	for (int i = 1; i <= n; i++)
		fprintf(out, "M%.1f %.1fV%.1f", HB_LABEL + i * a->step / a->top * w, MT, y1);
	fprintf(out, "\"/><path d=\"M%.1f %.1fV%.1f\"/><g text-anchor=\"middle\">", HB_LABEL, MT, y1);
	for (int i = 0; i <= n; i++) {
		axis_text(a, i * a->step, buf, sizeof(buf));
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\">%s</text>",
			HB_LABEL + i * a->step / a->top * w, y1 + 18, buf);
	}
	fputs("</g></g>\n", out);
	x_title(out, HB_LABEL, w, y1 + 40, p->x_label);
}

static void hbar_table(FILE *out, const struct htmlplot_hbars *p)
{
	fputs("<thead><tr>", out);
	th_esc(out, p->group_head, 0);
	th_esc(out, p->label_head, 0);
	th_esc(out, p->tip_head, 0);
	th_esc(out, p->x_label, 1);
	fputs("</tr></thead><tbody>\n", out);
	for (size_t i = 0; i < p->n_rows; i++) {
		const struct htmlplot_hbar *r = &p->rows[i];
		fputs("<tr><td>", out);
		htmlw_esc(out, r->group);
		fputs("</td><td>", out);
		htmlw_esc(out, r->label);
		fputs("</td><td>", out);
		htmlw_esc(out, r->tip ? r->tip : "-");
		fprintf(out, "</td><td class=\"n\">%.0f</td></tr>\n", pos(r->value));
	}
	fputs("</tbody>", out);
}

void htmlplot_hbars(FILE *out, const struct htmlplot_hbars *p)
{
	double max = 0, h = HB_ROW * (double)p->n_rows;
	struct axis a;
	for (size_t i = 0; i < p->n_rows; i++)
		if (pos(p->rows[i].value) > max)
			max = pos(p->rows[i].value);
	axis_fit(&a, max, 0);
	fig_begin(out, &p->text, MT + h + MB, NULL);
	legend(out, p->series, p->n_series, HB_LABEL);
	hbar_axis(out, p, &a, h);
	for (size_t i = 0; i < p->n_rows; i++)
		hbar_row(out, p, &a, i);
	fig_alt_begin(out);
	hbar_table(out, p);
	fig_end(out);
}

/* ---- the port strip ---- */

#define ST_ML 92.0     /* lane labels ("tcp 0-1023") */
#define ST_W 860.0     /* 1.68 units a column */
#define ST_LANE 20.0
#define ST_PITCH 30.0
#define ST_GAP 34.0    /* between the two scales: the first one's tick labels */
#define ST_CW (ST_W / HTMLPLOT_STRIP_COLS)

/* Ports of scale k: 0-65535, then the zoom 0-1023. */
static const unsigned st_ports[HTMLPLOT_STRIP_SCALES] = { 65536u, HTMLPLOT_STRIP_ZOOM_PORTS };

static unsigned st_per_col(int k)
{
	return st_ports[k] / HTMLPLOT_STRIP_COLS;
}

void htmlplot_strip_clear(struct htmlplot_strip *s)
{
	for (int i = 0; i < HTMLPLOT_STRIP_LANES; i++) {
		memset(s->lane[i].probed, 0, sizeof(s->lane[i].probed));
		memset(s->lane[i].open, 0, sizeof(s->lane[i].open));
	}
}

/* Mark lo..hi (lo <= hi) in bins of scale k: the end columns get their
 * share, the columns between one difference-array step each. */
static void bins_add(struct htmlplot_bins *b, int k, unsigned lo, unsigned hi)
{
	const unsigned w = st_per_col(k);
	if (lo >= st_ports[k])
		return;
	if (hi >= st_ports[k])
		hi = st_ports[k] - 1;
	unsigned ca = lo / w, cb = hi / w;
	if (ca == cb) {
		b->n[ca] += hi - lo + 1;
		return;
	}
	b->n[ca] += (ca + 1) * w - lo;
	b->n[cb] += hi - cb * w + 1;
	b->whole[ca + 1]++;
	b->whole[cb]--;
}

void htmlplot_lane_probed(struct htmlplot_lane *l, unsigned lo, unsigned hi)
{
	if (lo > hi) {
		unsigned t = lo;
		lo = hi;
		hi = t;
	}
	for (int k = 0; k < HTMLPLOT_STRIP_SCALES; k++)
		bins_add(&l->probed[k], k, lo, hi);
}

void htmlplot_lane_open(struct htmlplot_lane *l, unsigned port)
{
	for (int k = 0; k < HTMLPLOT_STRIP_SCALES; k++)
		bins_add(&l->open[k], k, port, port);
}

/* Fold the wholly marked columns into the counts. */
static void bins_fold(struct htmlplot_bins *b, int k)
{
	int64_t run = 0;
	for (size_t c = 0; c < HTMLPLOT_STRIP_COLS; c++) {
		run += b->whole[c];
		if (run > 0)
			b->n[c] += (uint64_t)run * st_per_col(k);
	}
	memset(b->whole, 0, sizeof(b->whole));
}

/* The next run of non-empty columns at or after *at, bridging gaps of at
 * most gap empty columns: [*a, *b]. 0 when none is left. */
static int run_next(const uint64_t *bins, size_t *at, size_t gap, size_t *a, size_t *b)
{
	size_t c = *at;
	while (c < HTMLPLOT_STRIP_COLS && bins[c] == 0)
		c++;
	if (c >= HTMLPLOT_STRIP_COLS)
		return 0;
	*a = *b = c;
	for (c++; c < HTMLPLOT_STRIP_COLS && c - *b <= gap + 1; c++)
		if (bins[c])
			*b = c;
	*at = *b + 1;
	return 1;
}

static size_t runs_count(const uint64_t *bins, size_t gap)
{
	size_t at = 0, a, b, n = 0;
	while (run_next(bins, &at, gap, &a, &b))
		n++;
	return n;
}

/* Rects for the runs of bins (at most MAX_RUNS: gaps bridged as needed),
 * in column units: the group's transform places and scales them, so a
 * rect is x, width and height, all integers (the page stays small with
 * 256 strips). Open marks are taller. */
static void strip_rects(FILE *out, const uint64_t *bins, const char *cls, int open, double y)
{
	size_t gap = 0, at = 0, a, b;
	while (gap < HTMLPLOT_STRIP_COLS && runs_count(bins, gap) > HTMLPLOT_STRIP_MAX_RUNS)
		gap = gap * 2 + 1;
	fputs("<g class=\"", out);
	htmlw_esc(out, cls);
	fprintf(out, "%s\" transform=\"translate(%.1f %.1f) scale(%g 1)\">",
		open ? " open" : " probed", ST_ML, open ? y - 3 : y, ST_CW);
	while (run_next(bins, &at, gap, &a, &b))
		fprintf(out, "<rect x=\"%zu\" width=\"%zu\" height=\"%.0f\"/>", a, b - a + 1,
			open ? ST_LANE + 6 : ST_LANE);
	fputs("</g>\n", out);
}

static double strip_x(unsigned port, int k)
{
	return ST_ML + port / (double)st_ports[k] * ST_W;
}

/* The port axis of scale k under lanes from y0 to y1: ticks every 10000
 * (every 100 in the zoom), and the class boundaries dashed. */
static void strip_axis(FILE *out, int k, double y0, double y1)
{
	unsigned step = k == 0 ? 10000 : 100;
	fputs("<g class=\"axis\">", out);
	if (k == 0) {
		static const unsigned bounds[] = { 1024, 49152 };
		for (size_t i = 0; i < 2; i++)
			fprintf(out, "<path class=\"bound\" d=\"M%.1f %.1fV%.1f\"><title>%u: %s ports "
				"from here</title></path>", strip_x(bounds[i], 0), y0, y1, bounds[i],
				i == 0 ? "registered" : "dynamic");
	}
	fprintf(out, "<path d=\"M%.1f %.1fH%.1f", ST_ML, y1, ST_ML + ST_W);
	for (unsigned p = 0; p < st_ports[k]; p += step)
		fprintf(out, "M%.1f %.1fv5", strip_x(p, k), y1);
	fputs("\"/><g text-anchor=\"middle\">", out);
	for (unsigned p = 0; p < st_ports[k]; p += step)
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\">%u</text>", strip_x(p, k), y1 + 19, p);
	if (k == 0)
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">65535</text>",
			ST_ML + ST_W, y1 + 19);
	fputs("</g></g>\n", out);
}

static void strip_legend(FILE *out)
{
	fprintf(out, "<g class=\"legend\"><rect x=\"%.1f\" y=\"8\" width=\"12\" height=\"12\" "
		"class=\"lg probed\"/><text x=\"%.1f\" y=\"18\">probed</text>"
		"<rect x=\"%.1f\" y=\"6\" width=\"12\" height=\"16\" class=\"lg\"/>"
		"<text x=\"%.1f\" y=\"18\">open (replied)</text>"
		"<text x=\"%.1f\" y=\"18\">colour: transport; dashed: 1024 and 49152, where "
		"registered and dynamic ports begin</text></g>\n",
		ST_ML, ST_ML + 17, ST_ML + 90, ST_ML + 107, ST_ML + 230);
}

/* The lanes of scale k from y; returns the y under them. */
static double strip_scale(FILE *out, const struct htmlplot_strip *s, int n, int k, double y)
{
	for (int i = 0; i < n; i++) {
		const struct htmlplot_lane *l = &s->lane[i];
		double ly = y + ST_PITCH * i + 4;
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", ST_ML - 8, ly + 15);
		htmlw_esc(out, l->name);
		fprintf(out, "%s</text><rect class=\"lane\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			"height=\"%.1f\"/>\n", k ? " 0\xE2\x80\x93" "1023" : "", ST_ML, ly, ST_W, ST_LANE);
		strip_rects(out, l->probed[k].n, l->cls, 0, ly);
		strip_rects(out, l->open[k].n, l->cls, 1, ly);
	}
	double y1 = y + ST_PITCH * n + 4;
	strip_axis(out, k, y, y1);
	return y1;
}

/* The runs of bins as "first-last (ports)", at most MAX_RUNS of them. */
static void runs_text(FILE *out, const uint64_t *bins, int k)
{
	size_t at = 0, a, b, n = 0, w = st_per_col(k);
	while (run_next(bins, &at, 0, &a, &b)) {
		if (n == HTMLPLOT_STRIP_MAX_RUNS) {
			fprintf(out, " \xE2\x80\xA6 and %zu more", runs_count(bins, 0) - n);
			break;
		}
		uint64_t sum = 0;
		for (size_t c = a; c <= b; c++)
			sum += bins[c];
		fprintf(out, "%s%zu\xE2\x80\x93%zu (%llu)", n ? ", " : "", a * w, (b + 1) * w - 1,
			(unsigned long long)sum);
		n++;
	}
	if (n == 0)
		fputs("none", out);
}

static void strip_table(FILE *out, const struct htmlplot_strip *s, int n)
{
	fputs("<caption>Runs of columns: first\xE2\x80\x93last port of each, and (in brackets) "
	      "the ports marked in it.</caption><thead><tr><th>transport</th><th>ports</th>"
	      "<th>probed</th><th>open</th></tr></thead><tbody>\n", out);
	for (int k = 0; k < HTMLPLOT_STRIP_SCALES; k++)
		for (int i = 0; i < n; i++) {
			fputs("<tr><td>", out);
			htmlw_esc(out, s->lane[i].name);
			fprintf(out, "</td><td>0\xE2\x80\x93%u, %u a column</td><td>", st_ports[k] - 1,
				st_per_col(k));
			runs_text(out, s->lane[i].probed[k].n, k);
			fputs("</td><td>", out);
			runs_text(out, s->lane[i].open[k].n, k);
			fputs("</td></tr>\n", out);
		}
	fputs("</tbody>", out);
}

void htmlplot_strip(FILE *out, struct htmlplot_strip *s)
{
	int n = s->n_lanes < 1 ? 1 : s->n_lanes > HTMLPLOT_STRIP_LANES ? HTMLPLOT_STRIP_LANES : s->n_lanes;
	double y1 = MT + ST_PITCH * n + 4, y2 = y1 + ST_GAP + ST_PITCH * n + 4;
	for (int i = 0; i < n; i++)
		for (int k = 0; k < HTMLPLOT_STRIP_SCALES; k++) {
			bins_fold(&s->lane[i].probed[k], k);
			bins_fold(&s->lane[i].open[k], k);
		}
	fig_begin(out, &s->text, y2 + MB, NULL);
	strip_legend(out);
	strip_scale(out, s, n, 0, MT);
	strip_scale(out, s, n, 1, y1 + ST_GAP);
	x_title(out, ST_ML, ST_W, y2 + 42, "port");
	fig_alt_begin(out);
	strip_table(out, s, n);
	fig_end(out);
}
