/* analyzer/output/units.c - see units.h. */
#include <math.h>
#include <stdio.h>
#include "analyzer/output/units.h"

/* v scaled into [1, base) with its unit's suffix; 3 significant digits at
 * most ("1.2", "12", "123"). */
static void scaled_text(char *buf, size_t n, double v, double base,
			const char *const *suffix, int n_suffix)
{
	int k = 0;
	double x = v;
	while (fabs(x) >= base - 0.5 && k < n_suffix - 1) {
		x /= base;
		k++;
	}
	if (k == 0)
		snprintf(buf, n, "%.0f%s", x, suffix[0]);
	else
		snprintf(buf, n, fabs(x) < 9.95 ? "%.1f%s" : "%.0f%s", x, suffix[k]);
}

void units_count(char *buf, size_t n, double v)
{
	static const char *const sfx[] = { "", " K", " M", " G", " T", " P", " E" };
	scaled_text(buf, n, v, 1000.0, sfx, (int)(sizeof(sfx) / sizeof(sfx[0])));
}

void units_bytes(char *buf, size_t n, double v)
{
	static const char *const sfx[] = { " B", " KiB", " MiB", " GiB", " TiB", " PiB", " EiB" };
	scaled_text(buf, n, v, 1024.0, sfx, (int)(sizeof(sfx) / sizeof(sfx[0])));
}

void units_duration(char *buf, size_t n, double s)
{
	if (!isfinite(s) || s < 0)
		snprintf(buf, n, "%g s", s);
	else if (s < 1e-3)
		snprintf(buf, n, "%.0f \xC2\xB5s", s * 1e6);
	else if (s < 1.0)
		snprintf(buf, n, s < 0.01 ? "%.2f ms" : s < 0.1 ? "%.1f ms" : "%.0f ms", s * 1e3);
	else if (s < 60.0)
		snprintf(buf, n, s < 10 ? "%.2f s" : "%.1f s", s);
	else if (s < 3600.0)
		snprintf(buf, n, "%.0f min %.0f s", floor(s / 60), fmod(floor(s), 60));
	else if (s < 86400.0)
		snprintf(buf, n, "%.0f h %.0f min", floor(s / 3600), floor(fmod(s, 3600) / 60));
	else if (s < 86400.0 * 365)
		snprintf(buf, n, "%.0f d %.0f h", floor(s / 86400), floor(fmod(s, 86400) / 3600));
	else
		snprintf(buf, n, "%.0f years", s / (86400.0 * 365.25));
}
