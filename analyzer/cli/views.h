/* analyzer/cli/views.h - `portlens summary` and `portlens html`: a saved
 * report rendered for a person, with the same renderers the read and live
 * commands use (output/summary.c, output/html.c). */
#ifndef PORTLENS_VIEWS_H
#define PORTLENS_VIEWS_H

/* argv[0] is the command's name ("summary", "html"). Exit codes as in
 * exitcode.h: 3 when the file is missing, not JSON, not a portlens
 * report, or of a schema version this build does not know. */
int views_summary(int argc, char **argv);
int views_html(int argc, char **argv);

#endif
