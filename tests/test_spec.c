/* test_spec.c - run the examples of grammar/SPEC.md: the outline of each
 * parsed example must match, and writing it back must give the input. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "tree_dump.h"

#define FENCE "```````````````````````````````` example\n"
#define CLOSE "````````````````````````````````\n"

/* Replace "→" with a tab and "␠" with a space, in place. */
static size_t unescape(char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        if (i + 3 <= n && !memcmp(s + i, "\xE2\x86\x92", 3)) {
            s[o++] = '\t';
            i += 3;
        } else if (i + 3 <= n && !memcmp(s + i, "\xE2\x90\xA0", 3)) {
            s[o++] = ' ';
            i += 3;
        } else
            s[o++] = s[i++];
    }
    return o;
}

START_TEST(spec_examples)
{
    size_t len;
    char *spec = tu_read_file("grammar/SPEC.md", &len);
    ck_assert_msg(spec != NULL, "grammar/SPEC.md not found (run from the repository root)");
    int examples = 0, failures = 0;
    char *p = spec, *end = spec + len;
    while ((p = strstr(p, FENCE)) != NULL && p < end) {
        p += strlen(FENCE);
        char *dot = strstr(p, "\n.\n");
        char *close = dot ? strstr(dot, CLOSE) : NULL;
        ck_assert_msg(dot && close, "unterminated example %d", examples + 1);
        size_t in_len = unescape(p, (size_t)(dot + 1 - p));
        char *want = dot + 3;
        size_t want_len = (size_t)(close - want);
        examples++;
        pg_error err = {0};
        pg_doc *doc = pg_parse_text(p, in_len, NULL, &err);
        ck_assert_msg(doc != NULL, "example %d: %s", examples, err.message);
        pg_buf got = {0};
        ck_assert_int_eq(pg_test_dump(doc, &got), 0);
        if (got.len != want_len || memcmp(got.data, want, want_len)) {
            failures++;
            fprintf(stderr, "spec example %d: outline differs\n--- want\n%.*s--- got\n%.*s",
                    examples, (int)want_len, want, (int)got.len, got.data ? got.data : "");
        }
        const char *rt = tu_text_roundtrip(p, in_len);
        if (rt) {
            failures++;
            fprintf(stderr, "spec example %d: round trip: %s\n", examples, rt);
        }
        free(got.data);
        pg_doc_free(doc);
        p = close + strlen(CLOSE);
    }
    free(spec);
    ck_assert_msg(examples >= 10, "only %d examples found", examples);
    ck_assert_msg(failures == 0, "%d of %d spec examples failed (see above)", failures, examples);
}
END_TEST

Suite *spec_suite(void)
{
    Suite *s = suite_create("spec");
    TCase *tc = tcase_create("examples");
    tcase_add_test(tc, spec_examples);
    suite_add_tcase(s, tc);
    return s;
}
