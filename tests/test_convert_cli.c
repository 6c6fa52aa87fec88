/* test_convert_cli.c - convert of several files: -o DIR and -j N give
 * what converting each file alone gives; several inputs without a
 * directory are refused. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

START_TEST(many_inputs_parallel)
{
    char dir[] = "/tmp/pg-convert.XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    const char *inputs[] = {"fixtures/demo/status.txt", "fixtures/check/headings/input.txt",
                            "grammar/SPEC.md"};
    char cmd[2048];
    int st;
    snprintf(cmd, sizeof cmd, "'%s' convert --to yaml -j 3 -o %s/out %s %s %s 2>&1", tu_bin(), dir,
             inputs[0], inputs[1], inputs[2]);
    free(tu_run(cmd, &st));
    ck_assert_int_eq(st, 0);
    static const char *const outs[] = {"status.yaml", "input.yaml"};
    snprintf(cmd, sizeof cmd, "'%s' convert --to yaml %s", tu_bin(), inputs[0]);
    size_t wn, gn;
    char *want = tu_run_len(cmd, &wn, &st);
    snprintf(cmd, sizeof cmd, "%s/out/%s", dir, outs[0]);
    char *got = tu_read_file(cmd, &gn);
    ck_assert_ptr_nonnull(got);
    ck_assert_uint_eq(wn, gn);
    ck_assert(memcmp(want, got, wn) == 0);
    free(want);
    free(got);
    snprintf(cmd, sizeof cmd, "%s/out/%s", dir, outs[1]);
    got = tu_read_file(cmd, &gn);
    ck_assert_ptr_nonnull(got);
    free(got);
    snprintf(cmd, sizeof cmd, "'%s' convert %s %s 2>&1", tu_bin(), inputs[0], inputs[1]);
    char *msg = tu_run(cmd, &st);
    ck_assert_int_eq(st, 2);
    ck_assert(strstr(msg, "several inputs need -o DIR") != NULL);
    free(msg);
    /* Two inputs that would write the same file are refused. */
    snprintf(cmd, sizeof cmd,
             "'%s' convert -o %s/dup fixtures/check/orphan/input.txt "
             "fixtures/check/clean/input.txt 2>&1",
             tu_bin(), dir);
    msg = tu_run(cmd, &st);
    ck_assert_int_eq(st, 2);
    ck_assert(strstr(msg, "would both write") != NULL);
    free(msg);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

Suite *convert_cli_suite(void)
{
    Suite *s = suite_create("convert_cli");
    TCase *tc = tcase_create("many");
    tcase_add_test(tc, many_inputs_parallel);
    suite_add_tcase(s, tc);
    return s;
}
