/* analyzer/output/html.c - see html.h. (First version: the page frame;
 * the sections come next.) */
#include <errno.h>
#include "analyzer/output/html.h"

int html_render(FILE *out, const json_t *report)
{
	(void)report;
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; img-src data:\">\n"
	      "<title>portlens report</title></head><body><h1>portlens report</h1>"
	      "</body></html>\n", out);
	return ferror(out) ? -1 : 0;
}
