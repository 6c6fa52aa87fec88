/* The one test runner: every suite of tests/ (see the Makefile rule for
 * suites.h).  Check's summary line is the last thing printed. */
#include <check.h>
#include <stdlib.h>

#define PG_SUITE(name) Suite *name(void);
#include "suites.h"
#undef PG_SUITE

int main(void)
{
    /* Hermetic: the environment of a CI runner must not change what the
     * commands under test print by default. */
    unsetenv("GITHUB_ACTIONS");
    unsetenv("NO_COLOR");
    SRunner *sr = srunner_create(NULL);
#define PG_SUITE(name) srunner_add_suite(sr, name());
#include "suites.h"
#undef PG_SUITE
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
