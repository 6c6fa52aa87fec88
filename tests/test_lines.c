/* test_lines.c - the byte scans and the classifier's hand recognisers:
 * the scans (SSE2 and portable paths) give what a byte-by-byte loop gives
 * at every length and alignment; the recognisers say what the patterns of
 * grammar/lines.pcre2 say, on every short line over the bytes that matter
 * to them and on many random longer ones. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "bytescan.h"
#include "bytescan_swar.h"
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

static size_t slow_scan_line(const char *s, size_t n, bool *clean)
{
    size_t i = 0;
    *clean = true;
    for (; i < n && s[i] != '\n'; i++)
        if ((unsigned char)s[i] >= 0x80 || s[i] == '\0')
            *clean = false;
    return i;
}

static void check_scans(const char *s, size_t n)
{
    static uint32_t ends[20000], got_ends[20000];
    size_t count = 0, first = n;
    bool high = false, tab = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') {
            ends[count++] = i + 1;
            if (first == n)
                first = i;
        }
        high |= (unsigned char)s[i] >= 0x80;
        tab |= s[i] == '\t';
    }
    ck_assert_uint_eq(pg__line_ends(s, n, NULL), count);
    ck_assert_uint_eq(pg__line_ends(s, n, got_ends), count);
    ck_assert(!memcmp(ends, got_ends, count * sizeof *ends));
    ck_assert_uint_eq(tu_swar_line_ends(s, n, got_ends), count);
    ck_assert(!memcmp(ends, got_ends, count * sizeof *ends));
    bool h1, t1, h2, t2;
    pg__scan_high_tab(s, n, &h1, &t1);
    tu_swar_scan_high_tab(s, n, &h2, &t2);
    ck_assert(h1 == high && h2 == high && t1 == tab && t2 == tab);
    ck_assert_uint_eq(pg__count_byte(s, n, '\n'), count);
    ck_assert_uint_eq(tu_swar_count_byte(s, n, '\n'), count);
    ck_assert_uint_eq(pg__find_byte(s, n, '\n'), first);
    ck_assert_uint_eq(tu_swar_find_byte(s, n, '\n'), first);
    bool want;
    size_t end = slow_scan_line(s, n, &want);
    bool got = !want, got2 = !want; /* must be set */
    ck_assert_uint_eq(pg__scan_line(s, n, &got), end);
    ck_assert_uint_eq(tu_swar_scan_line(s, n, &got2), end);
    ck_assert_msg(got == want && got2 == want,
                  "clean: want %d, got %d (sse2) %d (portable), %zu bytes", want, got, got2, n);
}

START_TEST(byte_scans_equal_slow_loops)
{
    /* Mostly plain bytes, so lines run across the 8- and 16-byte steps;
     * the odd ones where they decide something. */
    static const char odd[] = {'\n', '\0', '\x80', '\xFF', '\xC3', '\n', '\t'};
    char buf[1100];
    srand(7);
    for (int r = 0; r < 40000; r++) {
        size_t off = (size_t)rand() % 16, n = (size_t)rand() % (r < 20000 ? 40 : 1000);
        int density = 1 + rand() % 64;
        for (size_t i = 0; i < n; i++)
            buf[off + i] = rand() % density ? (char)('a' + rand() % 26) : odd[rand() % sizeof odd];
        check_scans(buf + off, n);
    }
    /* More than 255 sixteen-byte steps of line ends: the byte lanes of
     * the count must not overflow. */
    static char nl[16 * 600 + 5];
    memset(nl, '\n', sizeof nl);
    check_scans(nl, sizeof nl);
    ck_assert_uint_eq(pg__count_byte(nl, sizeof nl, '\n'), sizeof nl);
}
END_TEST

extern Suite *lines_suite(void);
Suite *lines_suite(void)
{
    Suite *s = suite_create("lines");
    TCase *tc = tcase_create("recognisers");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, hand_recognisers_equal_patterns);
    tcase_add_test(tc, byte_scans_equal_slow_loops);
    suite_add_tcase(s, tc);
    return s;
}
