/* test_lines.c - the classifier's hand recognisers say what the patterns
 * of grammar/lines.pcre2 say, on every short line over the bytes that
 * matter to them and on many random longer ones. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "parser.h"

/* Bytes that decide BULLET and DASH; no "\n" or "\r": a line's content
 * never holds them (they end the line). */
static const char alphabet[] = {' ', '\t', '*', '-', 'a', '\v', '\f', '\0', '\xE2', '\x80', '\xA2'};
enum {
    A = sizeof alphabet
};

static size_t indent_of(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

static void same(pg_matcher *m, const char *s, size_t n)
{
    size_t i = indent_of(s, n);
    pg_str cap[4];
    bool b = pg__match(m, PG_PAT_BULLET, s, n, cap, 4);
    bool d = pg__match(m, PG_PAT_DASH, s, n, cap, 3);
    ck_assert_msg(pg__meets_bullet(s, n, i) == b, "BULLET %s on a %zu-byte line",
                  b ? "met" : "not met", n);
    ck_assert_msg(pg__meets_dash(s, n, i) == d, "DASH %s on a %zu-byte line", d ? "met" : "not met",
                  n);
}

START_TEST(hand_recognisers_equal_patterns)
{
    pg_matcher m;
    pg_error err = {0};
    ck_assert_int_eq(pg__matcher_init(&m, &err), PG_OK);
    char s[32];
    size_t tried = 0;
    for (size_t n = 0; n <= 5; n++) { /* every line of up to 5 bytes */
        size_t total = 1;
        for (size_t k = 0; k < n; k++)
            total *= A;
        for (size_t code = 0; code < total; code++, tried++) {
            size_t c = code;
            for (size_t k = 0; k < n; k++, c /= A)
                s[k] = alphabet[c % A];
            same(&m, s, n);
        }
    }
    srand(4); /* and longer ones, weighted to look like items */
    for (int r = 0; r < 200000; r++, tried++) {
        size_t n = 6 + (size_t)rand() % 20;
        for (size_t k = 0; k < n; k++)
            s[k] = rand() % 3 ? alphabet[rand() % 5] : alphabet[rand() % A];
        same(&m, s, n);
    }
    ck_assert_uint_gt(tried, 300000);
    pg__matcher_free(&m);
}
END_TEST

extern Suite *lines_suite(void);
Suite *lines_suite(void)
{
    Suite *s = suite_create("lines");
    TCase *tc = tcase_create("recognisers");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, hand_recognisers_equal_patterns);
    suite_add_tcase(s, tc);
    return s;
}
