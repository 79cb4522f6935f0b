/* analyzer/cli/main.c - the portlens binary: everything is cli_main()
 * (cli.c), so that tests can run the same command line in-process. */
#include "analyzer/cli/cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
