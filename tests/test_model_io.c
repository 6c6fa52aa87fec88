/* test_model_io.c - the streaming JSON writer and the fast JSON reader
 * against jansson, which both used to be: the writer must give the bytes
 * jansson's dump gives for the same tree, the reader the tree jansson
 * reads, or leave the input to jansson. */
#include "io_helpers.h"
#include "model.h"

#include <jansson.h>
#include <stdio.h>

/* A small deterministic generator (xorshift64*). */
static uint64_t rng_state;
static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717u;
}

static char *render(const pg_doc *d, unsigned flags, size_t *n)
{
    pg_buf b = {0};
    pg_error err = {0};
    ck_assert_int_eq(pg_render_json(d, flags, pg_buf_write, &b, &err), PG_OK);
    *n = b.len;
    return b.data;
}

/* What the writer gave must be what jansson dumps for the tree it reads
 * back (jansson keeps the key order), plus the final newline. */
static void same_as_jansson(const char *out, size_t n, unsigned flags)
{
    json_error_t je;
    json_t *j = json_loadb(out, n, JSON_ALLOW_NUL, &je);
    ck_assert_msg(j != NULL, "%s", je.text);
    size_t jf = (flags & PG_RENDER_COMPACT) ? JSON_COMPACT : JSON_INDENT(2);
    size_t m = json_dumpb(j, NULL, 0, jf);
    char *want = malloc(m + 1);
    ck_assert_uint_eq(json_dumpb(j, want, m, jf), m);
    want[m] = '\n';
    ck_assert_uint_eq(n, m + 1);
    ck_assert(memcmp(out, want, n) == 0);
    free(want);
    json_decref(j);
}

/* Every byte below 0x80 and some UTF-8 in a title: escaped as jansson
 * escapes them (\u00XX upper case, "/" as is, DEL as is). */
START_TEST(writer_escapes)
{
    pg_doc *d = io_sample_doc();
    pg_item *it = &d->root.sections[1].sections[0].items[0];
    char s[256];
    size_t n = 0;
    for (int c = 0; c < 0x80; c++)
        s[n++] = (char)c;
    memcpy(s + n, "\xc3\xa9\xe2\x80\xa8\xf0\x9f\x98\x80 end", 13);
    n += 13;
    it->title = io_sn(d, s, n);
    for (unsigned flags = 0; flags < 8; flags++) {
        size_t len;
        char *out = render(d, flags, &len);
        same_as_jansson(out, len, flags);
        ck_assert_ptr_nonnull(strstr(out, "\\u0000\\u0001"));
        ck_assert_ptr_nonnull(strstr(out, "\\u001F !\\\"#"));
        ck_assert_ptr_nonnull(strstr(out, "\\b\\t\\n\\u000B\\f\\r"));
        ck_assert_ptr_nonnull(strstr(out, "./0"));
        ck_assert_ptr_nonnull(strstr(out, "[\\\\]"));
        free(out);
    }
    pg_doc_free(d);
}
END_TEST

/* Random titles, notes and prose of escapes, UTF-8 and long runs. */
START_TEST(writer_random_strings)
{
    static const char *const parts[] = {"a",
                                        "plain words ",
                                        "\"",
                                        "\\",
                                        "/",
                                        "\n",
                                        "\r\n",
                                        "\t",
                                        "\x01",
                                        "\x1f",
                                        "\x7f",
                                        "\xc3\xa9",
                                        "\xe2\x80\xa8",
                                        "\xf0\x9f\x98\x80",
                                        "0123456789abcdefghijklmnopqrstuvwxyz",
                                        "        "};
    rng_state = 0x9E3779B97F4A7C15u + (uint64_t)_i;
    pg_doc *d = io_sample_doc();
    pg_item *it = &d->root.sections[1].sections[0].items[0];
    for (int round = 0; round < 40; round++) {
        char s[600];
        size_t n = 0;
        while (n < 400) {
            const char *p = parts[rng() % (sizeof parts / sizeof parts[0])];
            memcpy(s + n, p, strlen(p));
            n += strlen(p);
        }
        size_t cut = rng() % n;
        while (cut && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--; /* keep the UTF-8 whole */
        it->title = io_sn(d, s, cut);
        it->entries[0].value = io_sn(d, s + cut, n - cut);
        d->root.text = io_sn(d, s, n);
        size_t len;
        char *out = render(d, (unsigned)round & 7, &len);
        same_as_jansson(out, len, (unsigned)round & 7);
        free(out);
    }
    pg_doc_free(d);
}
END_TEST

/* A parsed document of every dialect, with layout and line numbers. */
START_TEST(writer_parsed_document)
{
    static const char text[] =
        "Subject line\n\nSome prose.\n\n= Timeline =\n\n"
        "* Freeze: 1st May 2026  <== WE ARE HERE\n\n"
        "== Area ==\n\n*  Item one (v2) (ok)\n   a note\n  -  XEN-1\n  -  Owner\n\n"
        "* Keyed item\n  owner: someone\n  status: \"quoted\" \\ path/x\n"
        "  prognosis: Good\n\n> *  Quoted item (fair)\n>   -  Owner\n\nA reply.\n";
    pg_doc *d = pg_parse_text(text, sizeof text - 1, NULL, NULL);
    ck_assert_ptr_nonnull(d);
    for (unsigned flags = 0; flags < 8; flags++) {
        size_t len;
        char *out = render(d, flags, &len);
        same_as_jansson(out, len, flags);
        free(out);
    }
    pg_doc_free(d);
}
END_TEST

/* A string the format cannot carry, far into a large document: an error,
 * and not one byte written (the writers stream, but check first). */
START_TEST(writer_nothing_on_error)
{
    pg_buf text = {0};
    pg__buf_puts(&text, "= S =\n\n");
    for (int i = 0; i < 5000; i++) {
        char item[64];
        snprintf(item, sizeof item, "*  Item %d (ok)\n  -  Owner\n\n", i);
        pg__buf_puts(&text, item);
    }
    pg__buf_puts(&text, "*  Bad \xff item (ok)\n  -  Owner\n");
    pg_doc *d = pg_parse_text(text.data, text.len, NULL, NULL);
    ck_assert_ptr_nonnull(d);
    io_render_fn fns[] = {pg_render_json, pg_render_yaml};
    for (int k = 0; k < 2; k++) {
        pg_buf b = {0};
        pg_error err = {0};
        ck_assert_int_eq(fns[k](d, PG_RENDER_DEFAULT, pg_buf_write, &b, &err), PG_ERR_ENCODING);
        ck_assert_uint_eq(b.len, 0);
        ck_assert_uint_eq(err.line, 15003);
        ck_assert_ptr_nonnull(strstr(err.message, "an item title is not valid UTF-8"));
        free(b.data);
    }
    pg_doc_free(d);
    pg__free(text.data);
}
END_TEST

/* ------------------------------------------------------------ reading */

/* Is our tree the tree jansson read? */
static bool same_tree(const pg_mnode *m, const json_t *j)
{
    if (m->type != json_typeof(j))
        return false;
    switch (m->type) {
    case JSON_OBJECT: {
        if (m->n != json_object_size(j))
            return false;
        size_t i = 0;
        const char *k;
        size_t kn;
        json_t *v;
        json_object_keylen_foreach((json_t *)j, k, kn, v)
        {
            const pg_mmember *mm = &m->u.members[i++];
            if (mm->klen != kn || memcmp(mm->key, k, kn) || !same_tree(&mm->value, v))
                return false;
        }
        return true;
    }
    case JSON_ARRAY:
        if (m->n != json_array_size(j))
            return false;
        for (size_t i = 0; i < m->n; i++)
            if (!same_tree(&m->u.at[i], json_array_get(j, i)))
                return false;
        return true;
    case JSON_STRING:
        return m->n == json_string_length(j) && memcmp(m->u.s, json_string_value(j), m->n) == 0;
    case JSON_INTEGER:
        return m->u.i == json_integer_value(j);
    default:
        return true;
    }
}

/* Either both read the same tree, or ours leaves the text to jansson. */
static int agree(const char *s, size_t n)
{
    pg_mbuild b = {0};
    pg_mnode root;
    int rc = pg__json_parse(s, n, &b, &root);
    json_error_t je;
    json_t *j = json_loadb(s, n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
    ck_assert_int_ge(rc, 0);
    if (rc == 1) {
        ck_assert_msg(j != NULL, "we read what jansson refuses (%s): %.*s", je.text,
                      (int)(n > 200 ? 200 : n), s);
        ck_assert_msg(same_tree(&root, j), "trees differ: %.*s", (int)(n > 200 ? 200 : n), s);
    }
    json_decref(j);
    pg__mb_free(&b);
    return rc;
}

static const struct {
    const char *json;
    int rc;
} cases[] = {{"{}", 1},
             {"[]", 1},
             {" \t\r\n{ \"a\" : [ 1 , -2 , 3.5 , 1e3 , -0 ] } \n", 1},
             {"{\"a\":\"\\u0000\\ud83d\\ude00\\u00e9\\/\\b\\f\\n\\r\\t\\\"\\\\\"}", 1},
             {"{\"a\":true,\"b\":false,\"c\":null}", 1},
             {"[\"\xc3\xa9\"]", 1},
             /* left to jansson: errors and corners */
             {"", 0},
             {"1", 0},
             {"\"s\"", 0},
             {"{\"a\":1,}", 0},
             {"[1 2]", 0},
             {"{\"a\" 1}", 0},
             {"{\"a\":1}x", 0},
             {"{\"a\":1,\"a\":2}", 0},
             {"{\"a\\u0000\":1}", 0},
             {"[01]", 0},
             {"[1.]", 0},
             {"[.5]", 0},
             {"[1e]", 0},
             {"[-]", 0},
             {"[1e999]", 0},
             {"[99999999999999999999]", 0},
             {"[\"\\ud800\"]", 0},
             {"[\"\\udc00\"]", 0},
             {"[\"\\ud800\\u0041\"]", 0},
             {"[\"\\x\"]", 0},
             {"[\"\\u12\"]", 0},
             {"[\"\x01\"]", 0},
             {"[\"\xff\"]", 0},
             {"[\"\xed\xa0\x80\"]", 0},
             {"[\"\xc0\xaf\"]", 0},
             {"[tru]", 0},
             {"[truex]", 0},
             {"[nul]", 0},
             {"\xef\xbb\xbf{}", 0},
             {"[\"a]", 0},
             {"{\"a\":", 0},
             {"[1]", 0},
             {"[\f]", 0}};

START_TEST(reader_cases)
{
    const char *s = cases[_i].json;
    size_t n = strlen(s);
    if (strcmp(s, "[1]") == 0)
        n = 4; /* "[1]" and the NUL byte after it */
    ck_assert_msg(agree(s, n) == cases[_i].rc, "%s", s);
}
END_TEST

/* Random edits of a rendered document: never a tree jansson would not
 * read; most valid ones read by us. */
START_TEST(reader_random_edits)
{
    static const char *const bits[] = {"\"",         "\\",       "\\u0000",
                                       "\\ud800",    "\\udc00",  "\\ud83d\\ude00",
                                       "\\u00e9",    "\xc3\xa9", "\xff",
                                       "\x01",       "{",        "}",
                                       "[",          "]",        ",",
                                       ":",          "1e999",    "-0",
                                       "01",         "1.5",      "99999999999999999999",
                                       "true",       "nul",      "null",
                                       "\"k\": 1, ", " ",        "\\n"};
    pg_doc *d = io_sample_doc();
    size_t n;
    char *base = render(d, PG_RENDER_DEFAULT | PG_RENDER_LINES, &n);
    pg_doc_free(d);
    ck_assert_int_eq(agree(base, n), 1);
    rng_state = 0xC0FFEEu + (uint64_t)_i;
    int read = 0;
    for (int round = 0; round < 300; round++) {
        char *s = malloc(n + 64);
        size_t len = n;
        memcpy(s, base, n);
        size_t at = rng() % len;
        const char *b = bits[rng() % (sizeof bits / sizeof bits[0])];
        size_t bl = strlen(b);
        if (rng() % 3 == 0 && len - at > bl) {
            memcpy(s + at, b, bl); /* overwrite */
        } else {
            memmove(s + at + bl, s + at, len - at);
            memcpy(s + at, b, bl);
            len += bl;
        }
        read += agree(s, len);
        free(s);
    }
    free(base);
    ck_assert_int_gt(read, 0);
}
END_TEST

/* Duplicate keys are found in small objects and in large ones (hashed). */
START_TEST(reader_duplicates)
{
    for (int size = 2; size <= 3000; size = size * 3 + 1) {
        pg_buf b = {0};
        pg__buf_puts(&b, "{");
        for (int k = 0; k < size; k++) {
            char m[40];
            snprintf(m, sizeof m, "%s\"key%d\":%d", k ? "," : "", k, k);
            pg__buf_puts(&b, m);
        }
        pg__buf_puts(&b, "}");
        ck_assert_int_eq(agree(b.data, b.len), 1);
        /* the same with the last key repeating the first */
        char *dup = malloc(b.len + 32);
        memcpy(dup, b.data, b.len - 1);
        int n = snprintf(dup + b.len - 1, 32, ",\"key0\":0}");
        ck_assert_int_eq(agree(dup, b.len - 1 + (size_t)n), 0);
        free(dup);
        pg__free(b.data);
    }
}
END_TEST

/* YAML: a duplicate in a large mapping is named, as in a small one. */
START_TEST(yaml_large_mapping_duplicate)
{
    pg_buf b = {0};
    pg__buf_puts(&b, "prognosis: 1\nitems:\n- title: T\n  state: null\n  owners: []\n"
                     "  notes: []\n  layout:\n");
    for (int k = 0; k < 100; k++) {
        char m[40];
        snprintf(m, sizeof m, "    k%d: v\n", k);
        pg__buf_puts(&b, m);
    }
    pg__buf_puts(&b, "    k7: again\n");
    pg_error err = {0};
    ck_assert_ptr_null(pg_load_yaml(b.data, b.len, &err));
    ck_assert_int_eq(err.code, PG_ERR_SCHEMA);
    ck_assert_str_eq(err.message, "duplicate key 'k7'");
    ck_assert_str_eq(err.path, "/items/0/layout/k7");
    ck_assert_uint_eq(err.line, 108);
    pg__free(b.data);
}
END_TEST

extern Suite *model_io_suite(void);
Suite *model_io_suite(void)
{
    Suite *s = suite_create("model_io");
    TCase *tc = tcase_create("model_io");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, writer_escapes);
    tcase_add_loop_test(tc, writer_random_strings, 0, 4);
    tcase_add_test(tc, writer_parsed_document);
    tcase_add_test(tc, writer_nothing_on_error);
    tcase_add_loop_test(tc, reader_cases, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_loop_test(tc, reader_random_edits, 0, 4);
    tcase_add_test(tc, reader_duplicates);
    tcase_add_test(tc, yaml_large_mapping_duplicate);
    suite_add_tcase(s, tc);
    return s;
}
