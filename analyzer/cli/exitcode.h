/* analyzer/cli/exitcode.h - the exit codes of portlens, as documented in
 * --help and docs/portlens.1; the cli/ files that pick one include this. */
#ifndef PORTLENS_EXITCODE_H
#define PORTLENS_EXITCODE_H

enum cli_exit {
	EXIT_OK = 0,
	EXIT_INTERNAL = 1,    /* out of memory, a bug */
	EXIT_USAGE = 2,       /* bad command line, settings that conflict */
	EXIT_INPUT = 3,       /* an input missing, not a capture, damaged, unsupported */
	EXIT_OUTPUT = 4,      /* an output could not be written */
	EXIT_INTERRUPTED = 5, /* read: SIGINT/SIGTERM; partial report written */
};

#endif
