/* pg__format_message: byte for byte what vsnprintf writes, for the
 * conversions it does itself and for those it hands on. */
#include "internal.h"

#include <check.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

/* Format with both and compare buffer, length and the NUL, at every
 * capacity from 0 to past the whole message. */
static void same(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void same(const char *fmt, ...)
{
    char want[512], got[512];
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    int wn = vsnprintf(want, sizeof want, fmt, ap);
    va_end(ap);
    size_t gn = pg__format_message(got, sizeof got, fmt, aq);
    va_end(aq);
    ck_assert_int_ge(wn, 0);
    ck_assert_uint_eq(gn, (size_t)wn);
    ck_assert_str_eq(got, want);
    for (size_t cap = 0; cap <= (size_t)wn + 1; cap++) {
        char w2[512], g2[512];
        memset(w2, 'x', sizeof w2);
        memset(g2, 'x', sizeof g2);
        va_start(ap, fmt);
        va_copy(aq, ap);
        int a = vsnprintf(w2, cap, fmt, ap);
        size_t b = pg__format_message(g2, cap, fmt, aq);
        va_end(aq);
        va_end(ap);
        ck_assert_uint_eq(b, (size_t)a);
        /* Bytes past cap are untouched by both. */
        ck_assert_mem_eq(g2, w2, sizeof g2);
    }
}

START_TEST(conversions_it_formats)
{
    same("plain text, no conversion");
    same("100%% sure");
    same("%s", "");
    same("item `%s` has no owner", "Xen on ARM");
    same("line is %zu columns, over %zu", (size_t)73, (size_t)72);
    same("%zu", (size_t)0);
    same("%zu", SIZE_MAX);
    same("%u..%u", 0u, UINT_MAX);
    same("%d %d %d %d", 0, -1, INT_MAX, INT_MIN);
    same("item `%.*s` also appears at line %u", 5, "abcdefgh", 12u);
    same("[%.*s]", 0, "abc");
    same("[%.*s]", 60, "shorter than sixty");
    same("[%.*s]", -1, "negative precision: the whole string");
    /* A NUL inside the precision ends the string, as in vsnprintf. */
    same("[%.*s]", 8, "ab\0cdefgh");
    same("%s%s%s", "a", "b", "c");
}
END_TEST

START_TEST(other_conversions_go_to_vsnprintf)
{
    same("byte 0x%02X is not UTF-8 (line %u)", 0xC3u, 7u);
    same("%04d-%02d-%02d", 2026, 11, 22);
    same("%x %c %5s|%-4d|", 255u, 'q', "ab", 3);
    same("%ld", -123456789L);
}
END_TEST

/* Messages longer than the buffer (at every capacity, by same()). */
START_TEST(cut_like_vsnprintf)
{
    char title[400];
    memset(title, 'T', sizeof title - 1);
    title[sizeof title - 1] = '\0';
    same("item `%s` is done but not in the Completed section", title);
    same("item `%.*s` is %.*s", 300, title, 4, "done");
}
END_TEST

Suite *message_format_suite(void)
{
    Suite *s = suite_create("message_format");
    TCase *tc = tcase_create("against vsnprintf");
    tcase_add_test(tc, conversions_it_formats);
    tcase_add_test(tc, other_conversions_go_to_vsnprintf);
    tcase_add_test(tc, cut_like_vsnprintf);
    suite_add_tcase(s, tc);
    return s;
}
