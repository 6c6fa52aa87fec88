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

static const char *arena_message(pg_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static const char *arena_message(pg_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *m = pg__arena_message(a, fmt, ap);
    va_end(ap);
    return m;
}

START_TEST(utf8_repair)
{
    char out[64];
    size_t n = pg__utf8_repair("a\xF7\xFF"
                               "b\xC3\xA9",
                               6, out, sizeof out);
    ck_assert_uint_eq(n, 10);
    ck_assert_mem_eq(out,
                     "a\xEF\xBF\xBD\xEF\xBF\xBD"
                     "b\xC3\xA9",
                     10);
    /* A truncated sequence at the end: one replacement per byte. */
    n = pg__utf8_repair("x\xE2\x82", 3, out, sizeof out);
    ck_assert_uint_eq(n, 7);
    /* No room for a whole character: stop before it. */
    ck_assert_uint_eq(pg__utf8_repair("ab\xC3\xA9", 4, out, 3), 2);
    ck_assert_uint_eq(pg__utf8_repair("ab\xFF", 3, out, 4), 2);
    ck_assert_uint_eq(pg__utf8_repair("", 0, out, sizeof out), 0);
}
END_TEST

/* Messages quote titles as the input has them: bytes that are not UTF-8
 * become U+FFFD, and a message cut at its limit ends on a whole
 * character of what was written, never on a replacement the cut made. */
START_TEST(messages_are_utf8)
{
    pg_arena a = {0};
    const char *m = arena_message(&a, "section `%s` is empty", "\xF7\xFF\xFF\xFFhko");
    ck_assert_str_eq(m, "section `\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDhko` is empty");
    char title[400];
    for (size_t lead = 180; lead < 197; lead++) { /* the replacement fits */
        /* lead ASCII bytes, a stray byte, then 4-byte characters over the cut */
        memset(title, 'x', lead);
        size_t o = lead;
        title[o++] = (char)0xFF;
        while (o + 4 < sizeof title) {
            memcpy(title + o, "\xF0\x9F\x98\x80", 4);
            o += 4;
        }
        title[o] = '\0';
        m = arena_message(&a, "%s", title);
        size_t n = strlen(m);
        ck_assert_uint_le(n, PG_DIAG_MESSAGE_MAX);
        ck_assert_uint_ge(n, PG_DIAG_MESSAGE_MAX - 3);
        ck_assert(pg__utf8_valid(m, n, NULL));
        /* One replacement: the stray byte's. */
        ck_assert_ptr_nonnull(strstr(m, "\xEF\xBF\xBD"));
        ck_assert_ptr_null(strstr(strstr(m, "\xEF\xBF\xBD") + 3, "\xEF\xBF\xBD"));
    }
    pg__arena_free(&a);
}
END_TEST

Suite *message_format_suite(void)
{
    Suite *s = suite_create("message_format");
    TCase *tc = tcase_create("against vsnprintf");
    tcase_add_test(tc, conversions_it_formats);
    tcase_add_test(tc, other_conversions_go_to_vsnprintf);
    tcase_add_test(tc, cut_like_vsnprintf);
    tcase_add_test(tc, utf8_repair);
    tcase_add_test(tc, messages_are_utf8);
    suite_add_tcase(s, tc);
    return s;
}
