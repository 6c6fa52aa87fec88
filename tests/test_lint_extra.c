/* test_lint_extra.c - lint on real updates and as CI runs it: the
 * history rules (issue 6's test), --history ARCHIVE, GitHub Actions
 * annotations, -j N.  The history rules on real updates: the Xen 4.13 series (corpus 009, 011, 015, 018).  "Per-cpu
 * tasklet" stays unchanged (no state, no version) in the first three and
 * is gone from the fourth: stale-item in 015, item-dropped in 018. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

static const char *const series[] = {
    "../shared/corpus/009-xen413-devupdate-2019-07-01.txt",
    "../shared/corpus/011-xen413-devupdate-2019-08-01.txt",
    "../shared/corpus/015-xen413-devupdate-2019-09-06.txt",
    "../shared/corpus/018-xen413-devupdate-2019-09-28.txt",
};

/* Findings of rule for the doc at index `at`, given the ones before it;
 * returns how many mention "Per-cpu tasklet". */
static int per_cpu(pg_doc *const *docs, size_t at, const char *rule)
{
    pg_lint_result r = {0};
    pg_error err = {0};
    ck_assert_int_eq(pg_lint(docs[at], NULL, (const pg_doc *const *)docs, at, &r, &err), PG_OK);
    int n = 0;
    for (size_t i = 0; i < r.n; i++)
        if (!strcmp(r.findings[i].diag.rule, rule) &&
            strstr(r.findings[i].diag.message, "Per-cpu tasklet"))
            n++;
    pg_lint_result_free(&r);
    return n;
}

START_TEST(xen413_series)
{
    pg_doc *docs[4];
    char *bufs[4];
    for (size_t i = 0; i < 4; i++) {
        size_t len;
        bufs[i] = tu_read_file(series[i], &len);
        if (!bufs[i]) {
            fprintf(stderr, "note: %s not found; history rules on the corpus skipped\n", series[i]);
            for (size_t k = 0; k < i; k++) {
                pg_doc_free(docs[k]);
                free(bufs[k]);
            }
            return;
        }
        pg_error err = {0};
        docs[i] = pg_parse_text(bufs[i], len, NULL, &err);
        ck_assert_ptr_nonnull(docs[i]);
    }
    ck_assert_int_eq(per_cpu(docs, 1, "stale-item"), 0); /* two updates: not yet */
    ck_assert_int_eq(per_cpu(docs, 2, "stale-item"), 1); /* third unchanged update */
    ck_assert_int_eq(per_cpu(docs, 2, "item-dropped"), 0);
    ck_assert_int_eq(per_cpu(docs, 3, "item-dropped"), 1); /* gone, never done */
    for (size_t i = 0; i < 4; i++) {
        pg_doc_free(docs[i]);
        free(bufs[i]);
    }
}
END_TEST

/* The same through the CLI, with the list archive as the history. */
START_TEST(lint_history_mbox)
{
    const char *bin = getenv("PG_BIN");
    const char *mbox = "../shared/corpus/raw/xen-devel-sample.mbox";
    FILE *f = fopen(mbox, "rb");
    if (!bin || !f) {
        fprintf(stderr, "note: %s or PG_BIN missing; lint --history skipped\n", mbox);
        if (f)
            fclose(f);
        return;
    }
    fclose(f);
    static const struct {
        const char *eml, *rule;
    } cases[] = {
        {"../shared/corpus/raw/015-xen413-devupdate-2019-09-06.eml", "[stale-item]"},
        {"../shared/corpus/raw/018-xen413-devupdate-2019-09-28.eml", "[item-dropped]"},
    };
    for (size_t i = 0; i < 2; i++) {
        char cmd[1024];
        snprintf(cmd, sizeof cmd, "NO_COLOR=1 '%s' lint --history %s %s 2>&1", bin, mbox,
                 cases[i].eml);
        FILE *p = popen(cmd, "r");
        ck_assert_ptr_nonnull(p);
        char line[2048];
        int hits = 0;
        while (fgets(line, sizeof line, p))
            hits += strstr(line, "Per-cpu tasklet") && strstr(line, cases[i].rule);
        int st = pclose(p);
        ck_assert_msg(hits == 1, "%s: %d '%s' findings for Per-cpu tasklet", cases[i].eml, hits,
                      cases[i].rule);
        ck_assert_int_ne(st, -1);
    }
}
END_TEST

/* In GitHub Actions, lint speaks in workflow annotations by default. */
START_TEST(github_actions_default)
{
    const char *bin = getenv("PG_BIN");
    ck_assert_ptr_nonnull(bin);
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "GITHUB_ACTIONS=true '%s' lint --today 2026-06-20 fixtures/demo/status.txt", bin);
    FILE *p = popen(cmd, "r");
    char line[1024] = "";
    ck_assert_ptr_nonnull(fgets(line, sizeof line, p));
    pclose(p);
    ck_assert_msg(!strncmp(line, "::error file=fixtures/demo/status.txt,line=", 43), "got: %s",
                  line);
    snprintf(
        cmd, sizeof cmd,
        "GITHUB_ACTIONS=true '%s' lint --format text --today 2026-06-20 fixtures/demo/status.txt",
        bin);
    p = popen(cmd, "r");
    ck_assert_ptr_nonnull(fgets(line, sizeof line, p));
    pclose(p);
    ck_assert_msg(!strncmp(line, "fixtures/demo/status.txt:", 25), "got: %s", line);
}
END_TEST

/* -j N: the same findings, in the same order, with the same exit code. */
START_TEST(parallel_same_output)
{
    const char *bin = getenv("PG_BIN");
    ck_assert_ptr_nonnull(bin);
    char cmd[1024];
    const char *files = "fixtures/demo/status.txt fixtures/check/headings/input.txt "
                        "fixtures/check/orphan/input.txt fixtures/check/clean/input.txt "
                        "grammar/SPEC.md";
    int s1, s4;
    snprintf(cmd, sizeof cmd, "NO_COLOR=1 '%s' lint --today 2026-06-20 %s 2>&1", bin, files);
    char *one = tu_run(cmd, &s1);
    snprintf(cmd, sizeof cmd, "NO_COLOR=1 '%s' lint -j 4 --today 2026-06-20 %s 2>&1", bin, files);
    char *four = tu_run(cmd, &s4);
    ck_assert_str_eq(one, four);
    ck_assert_int_eq(s1, s4);
    ck_assert(strstr(one, "fixtures/check/orphan/input.txt:3:") != NULL);
    free(one);
    free(four);
}
END_TEST

Suite *lint_extra_suite(void)
{
    Suite *s = suite_create("lint_extra");
    TCase *tc = tcase_create("corpus");
    tcase_add_test(tc, xen413_series);
    tcase_add_test(tc, lint_history_mbox);
    tcase_add_test(tc, github_actions_default);
    tcase_add_test(tc, parallel_same_output);
    suite_add_tcase(s, tc);
    return s;
}
