/* analyzer/cli/cli.h - the command line as a function: main.c calls it,
 * and so does the golden test, in-process, with the arguments a user
 * would type. The exit codes are the documented ones (docs/portlens.1,
 * --help). */
#ifndef PORTLENS_CLI_H
#define PORTLENS_CLI_H

enum cli_exit {
	EXIT_OK = 0,
	EXIT_INTERNAL = 1,    /* out of memory, a bug */
	EXIT_USAGE = 2,       /* bad command line, settings that conflict */
	EXIT_INPUT = 3,       /* an input missing, not a capture, damaged, unsupported */
	EXIT_OUTPUT = 4,      /* an output could not be written */
	EXIT_INTERRUPTED = 5, /* read: SIGINT/SIGTERM; partial report written */
};

/* Run one portlens command (argv[0] is the program name, argv[1] the
 * command) and return its exit status. Prints to stdout/stderr like the
 * binary; --help exits the process. State is reset on entry, so it may
 * be called again in the same process. */
int cli_main(int argc, char **argv);

#endif
