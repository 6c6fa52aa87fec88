/* test_convert_stream.c - pg_convert_text_json/yaml write, section by
 * section, the very bytes pg_parse_text + pg_render_json/yaml write: on
 * every fixture text and corpus mail, on documents shaped to test where
 * the sections are cut (root items, labels, nesting, quotes, none at
 * all, thousands of them past the queue), under every render flag; and
 * a refused write or a failed allocation ends cleanly at any point. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h" /* the walk in pieces; pg__alloc_fail_after */
#include "test_util.h"

static const unsigned flag_sets[] = {
    PG_RENDER_DEFAULT,
    PG_RENDER_DEFAULT | PG_RENDER_LINES,
    PG_RENDER_COMPACT,
    PG_RENDER_DEFAULT | PG_RENDER_THREADS(3),
    0, /* no layout */
};

/* The same bytes both ways, for JSON and YAML and every flag set. */
static void same_bytes(const char *what, const char *buf, size_t len)
{
    pg_parse_options o = {.threads = 2};
    for (int yaml = 0; yaml < 2; yaml++)
        for (size_t f = 0; f < sizeof flag_sets / sizeof flag_sets[0]; f++) {
            unsigned flags = flag_sets[f];
            pg_error err = {0};
            pg_doc *doc = pg_parse_text(buf, len, &o, &err);
            ck_assert_msg(doc != NULL, "%s: %s", what, err.message);
            pg_buf want = {0}, got = {0};
            pg_status ws = yaml ? pg_render_yaml(doc, flags, tu_plain_sink, &want, &err)
                                : pg_render_json(doc, flags, tu_plain_sink, &want, &err);
            pg_doc_free(doc);
            pg_error gerr = {0};
            pg_status gs =
                yaml ? pg_convert_text_yaml(buf, len, &o, flags, tu_plain_sink, &got, &gerr)
                     : pg_convert_text_json(buf, len, &o, flags, tu_plain_sink, &got, &gerr);
            ck_assert_msg(gs == ws, "%s (%s, flags %#x): status %d, the tree's %d: %s", what,
                          yaml ? "YAML" : "JSON", flags, (int)gs, (int)ws, gerr.message);
            if (ws == PG_OK && (got.len != want.len || memcmp(got.data, want.data, want.len))) {
                tu_show_diff(what, want.data, want.len, got.data, got.len);
                ck_abort_msg("%s (%s, flags %#x): the streamed bytes differ", what,
                             yaml ? "YAML" : "JSON", flags);
            }
            free(want.data);
            free(got.data);
        }
}

static void same_bytes_file(const char *path, const char *buf, size_t len, void *ctx)
{
    ++*(size_t *)ctx;
    same_bytes(path, buf, len);
}

START_TEST(stream_equals_tree_fixtures_and_corpus)
{
    size_t n = 0;
    ck_assert_uint_gt(tu_each_fixture("fixtures", ".txt", same_bytes_file, &n), 20);
    tu_each_corpus_file("streamed conversion", same_bytes_file, &n);
}
END_TEST

START_TEST(stream_equals_tree_shapes)
{
    static const char *const shapes[] = {
        "",
        "Subject only\n",
        "*  Root item (ok)\n  -  Ann\n\nprose after\n",
        "Subject\n\npreamble\n\n*  Root (good)\n  -  A\n\n== Arm ==\n\n*  X (ok)\n\n== X86 ==\n\n* "
        " Y\n",
        "= One =\n\n== Nested ==\n\n*  A (ok)\n\n=== Deeper ===\n\n*  B\n\n= Two =\n\ntext\n",
        "Arm:\n\n*  A (ok)\n\nx86:\n\n*  B (fair)\n  -  C\n",
        "> == Quoted ==\n> \n> *  Q (ok)\n>   -  R\n\nreply text\n\n== After ==\n*  Z\n",
        "Subject\r\n\r\n== CRLF ==\r\n\r\n*  A (ok)\r\n  -  B\r\n",
        "\xEF\xBB\xBF== BOM ==\n\n*  A\n",
        "== Bad \xC3 UTF-8 ==\n\n*  A (ok)\n", /* not streamed: the tree's path */
        "The states are: a -> b -> c\n\n== S ==\n\n*  A (b)\n\nLast updated: 1 May\n",
        "==Loose==\n*  A (ok)\n  -  orphan? no\n\n  -  orphan\n== Two ==\n",
    };
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        char what[32];
        snprintf(what, sizeof what, "shape %zu", i);
        same_bytes(what, shapes[i], strlen(shapes[i]));
        /* Streamed where there are top-level sections and valid lines. */
        bool sections = strstr(shapes[i], "==") || strstr(shapes[i], ":\n\n*");
        bool streamed = !strstr(shapes[i], "\xC3 ") && sections;
        ck_assert_msg((pg__convert_last_streamed() > 0) == streamed, "%s: streamed %zu", what,
                      pg__convert_last_streamed());
    }
}
END_TEST

/* Many more sections than the queue holds, large enough for the parser's
 * threads: the writer keeps up and the bytes stay the same. */
static char *many_sections(size_t sections, size_t *len)
{
    size_t cap = sections * 200 + 64, n = 0;
    char *s = malloc(cap);
    ck_assert_ptr_nonnull(s);
    n += (size_t)snprintf(s + n, cap - n, "Subject\n\n*  Root (ok)\n\n");
    for (size_t k = 0; k < sections; k++)
        n += (size_t)snprintf(s + n, cap - n,
                              "== Area %zu ==\n\n*  Item %zu (ok)\n  -  Owner\n  a note\n\n"
                              "*  Other %zu\n\n",
                              k, k, k);
    *len = n;
    return s;
}

START_TEST(stream_equals_tree_many_sections)
{
    size_t len;
    char *s = many_sections(20000, &len);
    same_bytes("20000 sections", s, len);
    ck_assert_uint_eq(pg__convert_last_streamed(), 20000); /* each written as it closed */
    free(s);
}
END_TEST

START_TEST(stream_refused_anywhere)
{
    size_t len;
    char *s = many_sections(3000, &len);
    for (size_t left = 0; left < 400000; left = left * 2 + 1000)
        for (int yaml = 0; yaml < 2; yaml++) {
            size_t k = left;
            pg_error err = {0};
            pg_status st = yaml ? pg_convert_text_yaml(s, len, NULL, PG_RENDER_DEFAULT,
                                                       tu_refuse_after, &k, &err)
                                : pg_convert_text_json(s, len, NULL, PG_RENDER_DEFAULT,
                                                       tu_refuse_after, &k, &err);
            ck_assert_msg(st == PG_ERR_IO, "left %zu: status %d", left, (int)st);
            ck_assert_str_eq(err.message, "the output refused bytes");
        }
    free(s);
}
END_TEST

START_TEST(stream_alloc_failures)
{
    size_t len;
    char *s = many_sections(40, &len);
    int ok = 0;
    for (long n = 0; n < 600; n++) {
        pg_buf out = {0};
        pg_error err = {0};
        pg__alloc_fail_after(n); /* the parser's thread; the writer's are its own */
        pg_status st =
            pg_convert_text_json(s, len, NULL, PG_RENDER_DEFAULT, tu_plain_sink, &out, &err);
        pg__alloc_fail_after(-1);
        ck_assert_msg(st == PG_OK || st == PG_ERR_NOMEM, "allocation %ld: status %d (%s)", n + 1,
                      (int)st, err.message);
        ok += st == PG_OK;
        free(out.data);
    }
    ck_assert_msg(ok > 0, "never got through: raise the loop bound");
    free(s);
}
END_TEST

/* The walk in pieces, cut at fixed places: head, some sections one by
 * one, a long run on threads (continuing a list that has elements),
 * more one by one, tail: the tree's bytes. */
typedef struct cut_drive {
    const pg_doc *doc;
    unsigned flags;
} cut_drive;

static pg_status drive_cut(void *arg, const pg_model_sink *sink, void *ctx, pg_error *err)
{
    const cut_drive *d = arg;
    const pg_section *root = pg_doc_root(d->doc);
    pg__model_stream *s = pg__model_stream_new(d->doc, d->flags, "JSON", sink, ctx, err);
    ck_assert_ptr_nonnull(s);
    size_t n = root->n_sections;
    bool ok = pg__model_stream_head(s, root, n == 0);
    for (size_t i = 0; ok && i < 3 && i < n; i++)
        ok = pg__model_stream_sections(s, &root->sections[i], 1);
    if (ok && n > 3)
        ok = pg__model_stream_sections(s, root->sections + 3, n - 3 > 600 ? 600 : n - 3);
    for (size_t i = 603; ok && i < n; i++)
        ok = pg__model_stream_sections(s, &root->sections[i], 1);
    ok = ok && pg__model_stream_tail(s);
    return pg__model_stream_free(s, ok);
}

START_TEST(stream_pieces_on_threads)
{
    size_t len;
    char *text = many_sections(1000, &len);
    pg_error err = {0};
    pg_doc *doc = pg_parse_text(text, len, NULL, &err);
    ck_assert_ptr_nonnull(doc);
    ck_assert_uint_eq(pg_doc_root(doc)->n_sections, 1000);
    for (int t = 0; t < 2; t++) {
        unsigned flags = PG_RENDER_DEFAULT |
                         (t ? PG_RENDER_COMPACT | PG_RENDER_THREADS(3) : PG_RENDER_THREADS(2));
        pg_buf want = {0}, got = {0};
        ck_assert_int_eq(pg_render_json(doc, flags, tu_plain_sink, &want, &err), PG_OK);
        cut_drive d = {doc, flags};
        ck_assert_int_eq(pg__render_json_driven(flags, drive_cut, &d, tu_plain_sink, &got, &err),
                         PG_OK);
        ck_assert_uint_eq(got.len, want.len);
        ck_assert(!memcmp(got.data, want.data, want.len));
        free(want.data);
        free(got.data);
    }
    pg_doc_free(doc);
    free(text);
}
END_TEST

START_TEST(stream_bad_arguments)
{
    pg_error err = {0};
    pg_buf out = {0};
    ck_assert_int_eq(pg_convert_text_json(NULL, 3, NULL, 0, tu_plain_sink, &out, &err), PG_ERR_ARG);
    ck_assert_int_eq(pg_convert_text_yaml("x", 1, NULL, 0, NULL, NULL, &err), PG_ERR_ARG);
    ck_assert_int_eq(pg_convert_text_json(NULL, 0, NULL, 0, tu_plain_sink, &out, NULL), PG_OK);
    ck_assert_ptr_nonnull(strstr(out.data, "\"prognosis\""));
    free(out.data);
}
END_TEST

extern Suite *convert_stream_suite(void);
Suite *convert_stream_suite(void)
{
    Suite *s = suite_create("convert_stream");
    TCase *tc = tcase_create("stream");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, stream_equals_tree_fixtures_and_corpus);
    tcase_add_test(tc, stream_equals_tree_shapes);
    tcase_add_test(tc, stream_equals_tree_many_sections);
    tcase_add_test(tc, stream_refused_anywhere);
    tcase_add_test(tc, stream_alloc_failures);
    tcase_add_test(tc, stream_bad_arguments);
    tcase_add_test(tc, stream_pieces_on_threads);
    suite_add_tcase(s, tc);
    return s;
}
