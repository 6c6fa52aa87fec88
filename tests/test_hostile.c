/* Hostile and broken input: each case has one clear outcome, asserted.
 *
 * Text never fails: every byte sequence parses, renders back byte for
 * byte, and what the grammar does not allow becomes a diagnostic.  JSON
 * and YAML that do not fit fail with a clean error (never a crash, never
 * a hang).  Sizes are explicit limits below; there are no timing asserts
 * (linear time is what tools/bench.sh measures), only Check's timeout as
 * a guard against a hang. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define BIG_LINE_BYTES (10u * 1024 * 1024) /* one line of 10 MB */
#define NESTED_QUOTES  100000u             /* ">>>>...>" markers */
#define MANY_ITEMS     1000000u            /* items in one section */
#define DEEP_NESTING   100000u             /* JSON / YAML depth */

/* ------------------------------------------------------------ helpers */

static pg_doc *parse(const char *p, size_t n)
{
    pg_error err = {0};
    memset(&err, 0, sizeof err);
    pg_doc *doc = pg_parse_text(p, n, NULL, &err);
    ck_assert_msg(doc != NULL, "pg_parse_text failed: %s", err.message);
    return doc;
}

/* Render text and require the input back, byte for byte. */
static void assert_lossless(const pg_doc *doc, const char *p, size_t n)
{
    pg_buf out = {0};
    pg_error err = {0};
    ck_assert_int_eq(pg_render_text(doc, pg_buf_write, &out, &err), PG_OK);
    ck_assert_msg(out.len == n, "rendered %zu bytes, input %zu", out.len, n);
    size_t i = 0;
    while (i < n && out.data[i] == p[i])
        i++;
    ck_assert_msg(i == n, "rendered text differs at byte %zu", i);
    free(out.data);
}

/* Count items in the whole tree. */
static size_t count_items(const pg_section *s)
{
    size_t n = s->n_items;
    for (size_t i = 0; i < s->n_sections; i++)
        n += count_items(&s->sections[i]);
    return n;
}

/* A diagnostic on line `line` (0 = any line)? */
static bool has_diag_on(const pg_doc *doc, uint32_t line)
{
    for (size_t i = 0; i < pg_doc_diag_count(doc); i++)
        if (line == 0 || pg_doc_diag(doc, i)->line == line)
            return true;
    return false;
}

/* JSON of a document with bytes JSON cannot carry: either a clean
 * ENCODING error, or JSON that loads back to the same text.  Nothing in
 * between (no silent replacement). */
static void assert_json_carries_or_refuses(const pg_doc *doc, const char *p, size_t n)
{
    pg_buf js = {0};
    pg_error err = {0};
    memset(&err, 0, sizeof err);
    pg_status st = pg_render_json(doc, PG_RENDER_DEFAULT, pg_buf_write, &js, &err);
    if (st == PG_OK) {
        pg_doc *back = pg_load_json(js.data, js.len, &err);
        ck_assert_msg(back != NULL, "own JSON does not load: %s", err.message);
        assert_lossless(back, p, n);
        pg_doc_free(back);
    } else {
        ck_assert_msg(st == PG_ERR_ENCODING, "JSON render: %s (%s)", pg_status_name(st),
                      err.message);
        ck_assert(err.message[0] != '\0');
    }
    free(js.data);
}

/* ------------------------------------------------------- empty, BOM, NUL */

START_TEST(empty_file)
{
    pg_doc *doc = parse("", 0);
    ck_assert_ptr_null(pg_doc_subject(doc).ptr);
    ck_assert_uint_eq(count_items(pg_doc_root(doc)), 0);
    ck_assert_uint_eq(pg_doc_root(doc)->n_sections, 0);
    ck_assert(!pg_doc_bom(doc));
    assert_lossless(doc, "", 0);
    pg_doc_free(doc);
}
END_TEST

START_TEST(only_a_bom)
{
    static const char bom[] = "\xEF\xBB\xBF";
    pg_doc *doc = parse(bom, 3);
    ck_assert(pg_doc_bom(doc));
    ck_assert_uint_eq(count_items(pg_doc_root(doc)), 0);
    assert_lossless(doc, bom, 3);
    pg_doc_free(doc);
}
END_TEST

START_TEST(nul_bytes)
{
    static const char in[] = "Subject\n\n= Open =\n\n*  Ti\0tle (good)\n  -  Ow\0ner\n";
    size_t n = sizeof in - 1;
    pg_doc *doc = parse(in, n);
    /* NUL is data: the item is still an item, and the NUL is reported. */
    ck_assert_uint_eq(count_items(pg_doc_root(doc)), 1);
    ck_assert_msg(has_diag_on(doc, 5), "no diagnostic for the NUL on line 5");
    assert_lossless(doc, in, n);
    assert_json_carries_or_refuses(doc, in, n);
    pg_doc_free(doc);
}
END_TEST

/* ------------------------------------------------------- invalid UTF-8 */

static const struct bad_utf8 {
    const char *name;
    const char *bytes;
    size_t len;
} bad_utf8[] = {
    {"overlong 2-byte '/'", "\xC0\xAF", 2},
    {"overlong 3-byte NUL", "\xE0\x80\x80", 3},
    {"overlong 4-byte", "\xF0\x82\x82\xAC", 4},
    {"UTF-16 surrogate D800", "\xED\xA0\x80", 3},
    {"UTF-16 surrogate DFFF", "\xED\xBF\xBF", 3},
    {"above U+10FFFF", "\xF4\x90\x80\x80", 4},
    {"lone continuation byte", "\x80", 1},
    {"truncated 2-byte", "\xC3", 1},
    {"truncated 3-byte", "\xE2\x82", 2},
    {"truncated 4-byte", "\xF0\x9F\x98", 3},
    {"5-byte sequence", "\xF8\x88\x80\x80\x80", 5},
    {"byte FE", "\xFE", 1},
    {"byte FF", "\xFF", 1},
};

START_TEST(invalid_utf8_kind)
{
    const struct bad_utf8 *b = &bad_utf8[_i];
    /* The validator pins the offset of the first bad byte. */
    char word[32];
    memcpy(word, "ab", 2);
    memcpy(word + 2, b->bytes, b->len);
    size_t bad = 999;
    ck_assert_msg(!pg__utf8_valid(word, 2 + b->len, &bad), "%s accepted", b->name);
    ck_assert_msg(bad == 2, "%s: bad offset %zu, want 2", b->name, bad);
    /* After ASCII runs of every length around the validator's eight-byte
     * steps, with ASCII after it too. */
    for (size_t at = 0; at <= 17; at++) {
        char s[64];
        memset(s, 'x', sizeof s);
        memcpy(s + at, b->bytes, b->len);
        bad = 999;
        ck_assert_msg(!pg__utf8_valid(s, at + b->len + 9, &bad), "%s after %zu accepted", b->name,
                      at);
        ck_assert_msg(bad == at, "%s after %zu: bad offset %zu", b->name, at, bad);
    }

    /* In an owner line of an item on line 6: reported there, kept. */
    char in[256];
    int n = snprintf(in, sizeof in, "Subject\n\n= Open =\n\n*  Title (good)\n  -  Own%.*ser\n",
                     (int)b->len, b->bytes);
    ck_assert(n > 0 && (size_t)n < sizeof in);
    pg_doc *doc = parse(in, (size_t)n);
    ck_assert_msg(has_diag_on(doc, 6), "%s: no diagnostic on line 6", b->name);
    ck_assert_uint_eq(count_items(pg_doc_root(doc)), 1);
    assert_lossless(doc, in, (size_t)n);
    assert_json_carries_or_refuses(doc, in, (size_t)n);
    pg_doc_free(doc);
}
END_TEST

START_TEST(valid_utf8_accepted)
{
    static const char ok[] = "G\xC3\xB3recki \xE2\x82\xAC \xF0\x9F\x98\x80 \xEF\xBB\xBF";
    size_t bad = 999;
    ck_assert(pg__utf8_valid(ok, sizeof ok - 1, &bad));
}
END_TEST

/* ------------------------------------------------------------ line ends */

START_TEST(cr_only_line_ends)
{
    static const char in[] = "Subject\r\r= Open =\r\r*  A (good)\r  -  X\r";
    size_t n = sizeof in - 1;
    pg_doc *doc = parse(in, n);
    /* Classic Mac line ends are not line ends of a mail: the dominant
     * line end stays one the model knows, and nothing is lost. */
    pg_str eol = pg_doc_eol(doc);
    ck_assert(pg__str_eq(eol, pg__cstr("\n")) || pg__str_eq(eol, pg__cstr("\r\n")));
    assert_lossless(doc, in, n);
    pg_doc_free(doc);
}
END_TEST

START_TEST(ten_mb_single_line)
{
    size_t n = BIG_LINE_BYTES;
    char *in = malloc(n);
    ck_assert_ptr_nonnull(in);
    /* An item head that never ends: "*  x x x x ... (good" without ")". */
    memcpy(in, "*  ", 3);
    for (size_t i = 3; i < n; i++)
        in[i] = (i & 1) ? ' ' : 'x';
    memcpy(in + n - 5, "(good", 5);
    pg_doc *doc = parse(in, n);
    ck_assert_uint_eq(pg_doc_root(doc)->n_sections, 0);
    ck_assert_uint_le(count_items(pg_doc_root(doc)), 1);
    assert_lossless(doc, in, n);
    pg_doc_free(doc);
    free(in);
}
END_TEST

START_TEST(binary_garbage)
{
    size_t n = 1u << 20;
    char *in = malloc(n);
    ck_assert_ptr_nonnull(in);
    unsigned long x = 88172645463325252UL; /* xorshift: same bytes every run */
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        in[i] = (char)(x >> 24);
    }
    pg_doc *doc = parse(in, n);
    ck_assert_msg(has_diag_on(doc, 0), "binary garbage without a diagnostic");
    assert_lossless(doc, in, n);
    assert_json_carries_or_refuses(doc, in, n);
    pg_doc_free(doc);
    free(in);
}
END_TEST

/* --------------------------------------------------- pathological shapes */

START_TEST(nested_quote_markers)
{
    size_t n = NESTED_QUOTES + 64;
    char *in = malloc(n);
    ck_assert_ptr_nonnull(in);
    memset(in, '>', NESTED_QUOTES);
    int tail = snprintf(in + NESTED_QUOTES, 64, " *  Deep item (good)\n");
    n = NESTED_QUOTES + (size_t)tail;
    pg_doc *doc = parse(in, n);
    /* Either read as a quoted item (depth as written) or as prose past a
     * depth limit, with a diagnostic saying so. */
    size_t items = count_items(pg_doc_root(doc));
    ck_assert_uint_le(items, 1);
    if (items == 1) {
        const pg_item *it = pg_doc_root(doc)->n_items ? &pg_doc_root(doc)->items[0] : NULL;
        if (it)
            ck_assert_uint_le(it->quote, NESTED_QUOTES);
    } else {
        ck_assert_msg(has_diag_on(doc, 1), "deep quote dropped without a diagnostic");
    }
    assert_lossless(doc, in, n);
    pg_doc_free(doc);
    free(in);
}
END_TEST

START_TEST(a_million_items)
{
    static const char head[] = "Subject\n\n= Open =\n\n";
    const size_t per = 40;
    size_t cap = sizeof head + (size_t)MANY_ITEMS * per, n = sizeof head - 1;
    char *in = malloc(cap);
    ck_assert_ptr_nonnull(in);
    memcpy(in, head, n);
    for (unsigned i = 0; i < MANY_ITEMS; i++)
        n += (size_t)snprintf(in + n, cap - n, "*  Item %u (good)\n  -  Owner\n", i);
    pg_doc *doc = parse(in, n);
    ck_assert_uint_eq(count_items(pg_doc_root(doc)), MANY_ITEMS);
    assert_lossless(doc, in, n);
    pg_doc_free(doc);
    free(in);
}
END_TEST

/* Lines built to make a backtracking regex explode: each must come back
 * (with match limits hit, the line is prose plus a diagnostic). */
static char *bait(int kind, size_t *len)
{
    const size_t reps = 50000;
    char *p = malloc(reps * 4 + 64), *q = p;
    ck_assert_ptr_nonnull(p);
    switch (kind) {
    case 0: /* "*  " + "(((((...." never closed */
        q += sprintf(q, "*  ");
        memset(q, '(', reps), q += reps;
        break;
    case 1: /* "*  a (b (c (d ... " nested, never closed */
        q += sprintf(q, "*  ");
        for (size_t i = 0; i < reps / 4; i++)
            q += sprintf(q, "a (");
        break;
    case 2: /* "= = = = ... =" : heading bait */
        for (size_t i = 0; i < reps; i++)
            q += sprintf(q, "= ");
        break;
    case 3: /* "  -  -  -  - ..." : owner bait */
        for (size_t i = 0; i < reps / 3; i++)
            q += sprintf(q, "  - ");
        break;
    case 4: /* spaces then a state that never closes */
        q += sprintf(q, "*");
        memset(q, ' ', reps), q += reps;
        q += sprintf(q, "x (good");
        break;
    default: /* "a -> b -> ... " scale bait without an end */
        q += sprintf(q, "The states are: ");
        for (size_t i = 0; i < reps / 5; i++)
            q += sprintf(q, "a -> ");
        break;
    }
    *q++ = '\n';
    *len = (size_t)(q - p);
    return p;
}

START_TEST(regex_backtracking_bait)
{
    size_t n;
    char *in = bait(_i, &n);
    pg_doc *doc = parse(in, n);
    ck_assert_uint_le(count_items(pg_doc_root(doc)), 1);
    assert_lossless(doc, in, n);
    pg_doc_free(doc);
    free(in);
}
END_TEST

/* ---------------------------------------------------------- JSON / YAML */

static void assert_load_fails(pg_doc *(*load)(const char *, size_t, pg_error *), const char *in,
                              size_t n, const char *what, const char *path)
{
    pg_error err = {0};
    memset(&err, 0, sizeof err);
    pg_doc *doc = load(in, n, &err);
    if (doc)
        pg_doc_free(doc);
    ck_assert_msg(doc == NULL, "%s: loaded", what);
    ck_assert_msg(err.code == PG_ERR_SYNTAX || err.code == PG_ERR_SCHEMA ||
                      err.code == PG_ERR_LIMIT,
                  "%s: code %d", what, (int)err.code);
    ck_assert_msg(err.message[0] != '\0', "%s: no message", what);
    if (path)
        ck_assert_msg(strstr(err.path, path) != NULL, "%s: path '%s', want '%s'", what, err.path,
                      path);
}

START_TEST(json_nested_deep)
{
    /* Sections nested DEEP_NESTING levels: valid shape, absurd depth. */
    static const char open[] = "{\"title\":\"a\",\"level\":1,\"items\":[],\"sections\":[";
    size_t cap = DEEP_NESTING * (sizeof open + 4) + 64, n = 0;
    char *in = malloc(cap);
    ck_assert_ptr_nonnull(in);
    n += (size_t)sprintf(in, "{\"prognosis\":1,\"sections\":[");
    for (unsigned i = 0; i < DEEP_NESTING; i++)
        memcpy(in + n, open, sizeof open - 1), n += sizeof open - 1;
    for (unsigned i = 0; i < DEEP_NESTING; i++)
        memcpy(in + n, "]}", 2), n += 2;
    memcpy(in + n, "]}", 2), n += 2;
    assert_load_fails(pg_load_json, in, n, "JSON nested 1e5 deep", NULL);
    free(in);
}
END_TEST

START_TEST(yaml_nested_deep)
{
    size_t n = DEEP_NESTING * 2 + 64;
    char *in = malloc(n);
    ck_assert_ptr_nonnull(in);
    size_t k = (size_t)sprintf(in, "prognosis: 1\nsections: ");
    for (unsigned i = 0; i < DEEP_NESTING; i++)
        in[k++] = '[';
    for (unsigned i = 0; i < DEEP_NESTING; i++)
        in[k++] = ']';
    in[k++] = '\n';
    assert_load_fails(pg_load_yaml, in, k, "YAML nested 1e5 deep", NULL);
    free(in);
}
END_TEST

START_TEST(yaml_billion_laughs)
{
    static const char in[] = "a: &a "
                             "[\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\","
                             "\"lol\",\"lol\",\"lol\"]\n"
                             "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                             "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                             "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
                             "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
                             "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
                             "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
                             "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
                             "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
                             "prognosis: 1\n"
                             "subject: *i\n";
    assert_load_fails(pg_load_yaml, in, sizeof in - 1, "YAML billion laughs", NULL);
}
END_TEST

START_TEST(json_duplicate_keys)
{
    static const char in[] = "{\"prognosis\":1,\"subject\":\"a\",\"subject\":\"b\"}";
    assert_load_fails(pg_load_json, in, sizeof in - 1, "JSON duplicate key", NULL);
}
END_TEST

START_TEST(yaml_duplicate_keys)
{
    static const char in[] = "prognosis: 1\nsubject: a\nsubject: b\n";
    assert_load_fails(pg_load_yaml, in, sizeof in - 1, "YAML duplicate key", NULL);
}
END_TEST

START_TEST(json_huge_numbers)
{
    static const char *const in[] = {
        "{\"prognosis\":1e999999}",
        "{\"prognosis\":99999999999999999999999999999}",
        "{\"prognosis\":1,\"sections\":[{\"title\":\"a\",\"level\":"
        "18446744073709551617,"
        "\"items\":[],\"sections\":[]}]}",
    };
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
        assert_load_fails(pg_load_json, in[i], strlen(in[i]), in[i], NULL);
}
END_TEST

/* Wrong types at every level, each error naming the place. */
static const struct wrong {
    const char *json, *path;
} wrong_types[] = {
    {"[]", NULL},
    {"{\"prognosis\":\"1\"}", "/prognosis"},
    {"{\"prognosis\":1,\"subject\":7}", "/subject"},
    {"{\"prognosis\":1,\"sections\":{}}", "/sections"},
    {"{\"prognosis\":1,\"sections\":[7]}", "/sections/0"},
    {"{\"prognosis\":1,\"sections\":[{\"title\":[],\"level\":1,\"items\":[],"
     "\"sections\":[]}]}",
     "/sections/0/title"},
    {"{\"prognosis\":1,\"sections\":[{\"title\":\"a\",\"level\":\"1\","
     "\"items\":[],"
     "\"sections\":[]}]}",
     "/sections/0/level"},
    {"{\"prognosis\":1,\"sections\":[{\"title\":\"a\",\"level\":1,\"items\":[{"
     "\"title\":"
     "\"t\",\"state\":null,\"owners\":\"x\",\"notes\":[]}],\"sections\":[]}]}",
     "/sections/0/items/0/owners"},
    {"{\"prognosis\":1,\"sections\":[{\"title\":\"a\",\"level\":1,\"items\":[{"
     "\"title\":"
     "\"t\",\"state\":null,\"owners\":[1],\"notes\":[]}],\"sections\":[]}]}",
     "/sections/0/items/0/owners/0"},
    {"{\"prognosis\":1,\"items\":[{\"title\":5,\"state\":null,\"owners\":[],"
     "\"notes\":[]}]}",
     "/items/0/title"},
};

START_TEST(json_wrong_types)
{
    const struct wrong *w = &wrong_types[_i];
    assert_load_fails(pg_load_json, w->json, strlen(w->json), w->json, w->path);
}
END_TEST

extern Suite *hostile_suite(void);
Suite *hostile_suite(void)
{
    Suite *s = suite_create("hostile");
    TCase *t = tcase_create("text");
    /* A guard against hangs only: big inputs under ASan take a while. */
    tcase_set_timeout(t, 300);
    tcase_add_test(t, empty_file);
    tcase_add_test(t, only_a_bom);
    tcase_add_test(t, nul_bytes);
    tcase_add_loop_test(t, invalid_utf8_kind, 0, (int)(sizeof bad_utf8 / sizeof bad_utf8[0]));
    tcase_add_test(t, valid_utf8_accepted);
    tcase_add_test(t, cr_only_line_ends);
    tcase_add_test(t, ten_mb_single_line);
    tcase_add_test(t, binary_garbage);
    tcase_add_test(t, nested_quote_markers);
    tcase_add_test(t, a_million_items);
    tcase_add_loop_test(t, regex_backtracking_bait, 0, 6);
    suite_add_tcase(s, t);

    TCase *d = tcase_create("data");
    tcase_set_timeout(d, 120);
    tcase_add_test(d, json_nested_deep);
    tcase_add_test(d, yaml_nested_deep);
    tcase_add_test(d, yaml_billion_laughs);
    tcase_add_test(d, json_duplicate_keys);
    tcase_add_test(d, yaml_duplicate_keys);
    tcase_add_test(d, json_huge_numbers);
    tcase_add_loop_test(d, json_wrong_types, 0, (int)(sizeof wrong_types / sizeof wrong_types[0]));
    suite_add_tcase(s, d);
    return s;
}
