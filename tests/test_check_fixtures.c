/* test_check_fixtures.c - golden cases for "prognosis check": each
 * fixtures/check/<case>/ holds input.txt (or input.json / input.yaml),
 * expected.out (standard output and error, NO_COLOR) and expected.rc. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "test_util.h"

static int run_case(const char *bin, const char *dir)
{
    static const char *const names[] = {"input.txt", "input.json", "input.yaml"};
    char input[512] = "", cmd[1200], path[512];
    for (size_t i = 0; i < 3 && !input[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "rb");
        if (f) {
            fclose(f);
            snprintf(input, sizeof input, "%s", path);
        }
    }
    if (!input[0])
        return fprintf(stderr, "%s: no input file\n", dir), 1;
    snprintf(cmd, sizeof cmd, "NO_COLOR=1 '%s' check '%s' 2>&1", bin, input);
    int rc;
    size_t got_len;
    char *got_data = tu_run_len(cmd, &got_len, &rc);
    pg_buf got = {got_data, got_len, got_len};
    size_t wn = 0, rn = 0;
    snprintf(path, sizeof path, "%s/expected.out", dir);
    char *want = tu_read_file(path, &wn);
    snprintf(path, sizeof path, "%s/expected.rc", dir);
    char *want_rc = tu_read_file(path, &rn);
    int fails = 0;
    if (!want || !want_rc) {
        fprintf(stderr, "%s: expected.out / expected.rc missing\n", dir);
        fails = 1;
    } else {
        if (wn != got.len || (wn && memcmp(want, got.data, wn))) {
            tu_show_diff(dir, want, wn, got.data ? got.data : "", got.len);
            fails = 1;
        }
        if (atoi(want_rc) != rc) {
            fprintf(stderr, "%s: exit %d, expected %d\n", dir, rc, atoi(want_rc));
            fails = 1;
        }
    }
    free(want);
    free(want_rc);
    free(got.data);
    return fails;
}

START_TEST(check_fixtures)
{
    const char *bin = getenv("PG_BIN");
    ck_assert_msg(bin != NULL, "PG_BIN is not set (make check sets it)");
    DIR *d = opendir("fixtures/check");
    ck_assert_ptr_nonnull(d);
    struct dirent *e;
    int cases = 0, fails = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char dir[300];
        snprintf(dir, sizeof dir, "fixtures/check/%s", e->d_name);
        fails += run_case(bin, dir);
        cases++;
    }
    closedir(d);
    ck_assert_int_ge(cases, 5);
    ck_assert_msg(fails == 0, "%d of %d check fixtures failed", fails, cases);
}
END_TEST

Suite *check_fixtures_suite(void)
{
    Suite *s = suite_create("check_fixtures");
    TCase *tc = tcase_create("golden");
    tcase_add_test(tc, check_fixtures);
    suite_add_tcase(s, tc);
    return s;
}
