/* analyzer/output/htmlplot.h - the plots of the HTML report, as inline
 * SVG written with stdio (no plotting library, no script): stacked bars
 * over time, bars in side-by-side panels, horizontal bars, and a strip of
 * the 65536 ports. They know nothing of JSON: html.c and html_alerts.c
 * read the report and hand over plain numbers.
 *
 * Every plot is one <figure>: a <figcaption>, then
 *   <svg class="plot" id="ID" role="img" aria-labelledby="ID-title ID-desc">
 *   with <title id="ID-title"> and <desc id="ID-desc">, axes with labels
 *   and a legend, then
 *   <details class="alt"><summary>Data</summary><table>...</table></details>
 * holding the plotted numbers (the text alternative; exact values).
 * Colours come from CSS classes named by the caller (html.c's style
 * sheet: t-tcp, t-udp, t-icmp, t-other, c-wk, c-reg, c-dyn), so a
 * transport has one colour on the whole page.
 *
 * Strings given here (ids, captions, names) are escaped when written;
 * ids must be unique on the page. Writers never check the stream: the
 * caller checks ferror() at the end. Nothing here allocates, and nothing
 * keeps a pointer past the call. */
#ifndef PORTLENS_HTMLPLOT_H
#define PORTLENS_HTMLPLOT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* One stacked series, one panel category or one legend entry. */
struct htmlplot_series {
	const char *name; /* legend and table header ("tcp") */
	const char *cls;  /* CSS class giving its fill ("t-tcp") */
};

/* Text shared by every plot. desc is the long description for a screen
 * reader; the plot appends its peak to it where it has one. */
struct htmlplot_text {
	const char *id, *caption, *title, *desc;
};

/* ---- stacked bars over time (the traffic timeline) ---- */

struct htmlplot_stacked {
	struct htmlplot_text text;
	const char *x_label, *y_label; /* axis titles */
	int bytes;                     /* y is bytes (KiB, MiB) rather than a count */
	int n_series;                  /* stacked bottom up in this order */
	const struct htmlplot_series *series;
	size_t n_cols;                 /* bars; at most HTMLPLOT_MAX_COLS drawn */
	double dx;                     /* seconds per bar; <= 0 or not finite: x is the bar's index */
	/* Value of series s in bar col (negative counts as 0). Called a few
	 * times per (s, col); must be cheap. */
	double (*value)(const void *ctx, int s, size_t col);
	const void *ctx;
};

#define HTMLPLOT_MAX_COLS 600

void htmlplot_stacked(FILE *out, const struct htmlplot_stacked *p);

/* ---- bars in side-by-side panels (port classes: flows | bytes) ---- */

struct htmlplot_bars {
	struct htmlplot_text text;
	const char *cat_head;            /* data table header of the categories ("class") */
	int n_panels;                    /* at most 4 */
	const char *const *panel_names;  /* y axis title of each panel ("flows") */
	const int *panel_bytes;          /* 1: that panel's values are bytes */
	int n_cats;                      /* at most 8 */
	const struct htmlplot_series *cats;
	const double *values;            /* [panel * n_cats + cat] */
};

void htmlplot_bars(FILE *out, const struct htmlplot_bars *p);

/* ---- horizontal bars (connection states) ---- */

struct htmlplot_hbar {
	const char *group; /* "tcp": the series name, written before label */
	const char *label; /* "REJ" */
	const char *tip;   /* meaning, for the tooltip and the table; may be NULL */
	int series;        /* index into the legend's series: the colour */
	double value;
};

struct htmlplot_hbars {
	struct htmlplot_text text;
	const char *x_label;                 /* value axis title ("flows") */
	const char *group_head, *label_head, *tip_head; /* data table headers */
	int n_series;                        /* legend */
	const struct htmlplot_series *series;
	size_t n_rows;                       /* drawn top down */
	const struct htmlplot_hbar *rows;
};

void htmlplot_hbars(FILE *out, const struct htmlplot_hbars *p);

/* ---- a strip of the ports 0-65535 (a scan's probed and open ports) ----
 * Two scales, one above the other: all ports 0-65535 in
 * HTMLPLOT_STRIP_COLS columns of 128 ports (about a pixel each), and the
 * well-known ports 0-1023 in columns of 2, where most scans probe (in the
 * first scale those are 14 pixels). Each run of non-empty columns is one
 * <rect>: a scan of all 65535 ports is one rect per lane and scale. A
 * lane with more than HTMLPLOT_STRIP_MAX_RUNS runs is drawn with small
 * gaps bridged (at most that many rects), so a page of 256 scattered
 * scans stays small; the data table lists the runs as binned, the first
 * HTMLPLOT_STRIP_MAX_RUNS of each. About 66 KiB: allocate it, do not put
 * it on the stack. */

#define HTMLPLOT_STRIP_COLS 512
#define HTMLPLOT_STRIP_ZOOM_PORTS 1024
#define HTMLPLOT_STRIP_SCALES 2
#define HTMLPLOT_STRIP_LANES 2
#define HTMLPLOT_STRIP_MAX_RUNS 16

struct htmlplot_bins {
	uint64_t n[HTMLPLOT_STRIP_COLS];        /* ports marked per column */
	int64_t whole[HTMLPLOT_STRIP_COLS + 1]; /* difference array of wholly marked columns */
};

struct htmlplot_lane {
	const char *name, *cls; /* "tcp", "t-tcp" */
	struct htmlplot_bins probed[HTMLPLOT_STRIP_SCALES], open[HTMLPLOT_STRIP_SCALES];
};

struct htmlplot_strip {
	struct htmlplot_text text;
	int n_lanes; /* at most HTMLPLOT_STRIP_LANES */
	struct htmlplot_lane lane[HTMLPLOT_STRIP_LANES];
};

/* Empty every lane (names and text are left for the caller to set). */
void htmlplot_strip_clear(struct htmlplot_strip *s);

/* Mark ports lo..hi (inclusive; swapped when lo > hi; clipped to 65535)
 * probed: O(1) whatever the width. Ranges should not overlap (the
 * report's never do); overlapping ones are counted twice in the table. */
void htmlplot_lane_probed(struct htmlplot_lane *l, unsigned lo, unsigned hi);

/* Mark one port open (ignored above 65535). */
void htmlplot_lane_open(struct htmlplot_lane *l, unsigned port);

/* Draw the strip. Folds the difference arrays into the counts, so call it
 * once per fill. */
void htmlplot_strip(FILE *out, struct htmlplot_strip *s);

#endif
