/* analyzer/cli/cli.h - the command line as a function: main.c calls it,
 * and so does the golden test, in-process, with the arguments a user
 * would type. The exit codes are the documented ones (docs/portlens.1,
 * --help). */
#ifndef PORTLENS_CLI_H
#define PORTLENS_CLI_H

#include "analyzer/cli/exitcode.h"

/* Run one portlens command (argv[0] is the program name, argv[1] the
 * command) and return its exit status. Prints to stdout/stderr like the
 * binary; --help exits the process. State is reset on entry, so it may
 * be called again in the same process. */
int cli_main(int argc, char **argv);

#endif
