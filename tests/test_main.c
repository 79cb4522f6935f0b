/* tests/test_main.c - runs every CUnit suite listed in suites.h.
 * Usage: test_portlens [SUITE...] runs only the named suites.
 * Exit status is non-zero when any test failed, and the run summary
 * CUnit prints last is what CI reads. */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <string.h>

#define SUITE(name) int test_##name##_register(void);
#include "suites.h"
#undef SUITE

struct suite_entry {
	const char *name;
	int (*reg)(void);
};

static const struct suite_entry suites[] = {
#define SUITE(name) { #name, test_##name##_register },
#include "suites.h"
#undef SUITE
};

static int wanted(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		if (wanted(suites[i].name, argc, argv) && suites[i].reg() != 0) {
			fprintf(stderr, "cannot register suite %s: %s\n",
				suites[i].name, CU_get_error_msg());
			CU_cleanup_registry();
			return 2;
		}
	}
	CU_basic_set_mode(CU_BRM_NORMAL);
	CU_basic_run_tests();
	unsigned failed = CU_get_number_of_tests_failed();
	unsigned run = CU_get_number_of_tests_run();
	unsigned bad_asserts = CU_get_number_of_failures();
	CU_cleanup_registry();
	printf("\n%u passed, %u failed\n", run - failed, failed);
	return (failed || bad_asserts) ? 1 : 0;
}
