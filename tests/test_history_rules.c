/* test_history_rules.c - issue 6's test of the history rules on real
 * updates: the Xen 4.13 series (corpus 009, 011, 015, 018).  "Per-cpu
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

Suite *history_rules_suite(void)
{
    Suite *s = suite_create("history_rules");
    TCase *tc = tcase_create("corpus");
    tcase_add_test(tc, xen413_series);
    suite_add_tcase(s, tc);
    return s;
}
