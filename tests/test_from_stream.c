/* test_from_stream.c - pg_convert_json_text / pg_convert_yaml_text write,
 * section by section, the bytes of pg_load_json/pg_load_yaml followed by
 * pg_render_text, and give the same error for a bad input: on the JSON
 * and YAML the writers make of every fixture text and corpus mail (which
 * must stream: it is the writers' own key order), on every JSON/YAML
 * fixture, on key orders and late errors made to test where the stream
 * must give up, on 20,000 sections; a refused write or a failed
 * allocation ends cleanly at any point. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h" /* pg__convert_data_text; pg__alloc_fail_after */
#include "test_util.h"

/* The whole tree's way. */
static pg_status by_tree(const char *buf, size_t len, bool yaml, pg_buf *out, pg_error *err)
{
    pg_load_options lend = {.borrow_input = true};
    pg_doc *doc = yaml ? pg_load_yaml(buf, len, err) : pg_load_json_opts(buf, len, &lend, err);
    if (!doc)
        return err->code;
    pg_status st = pg_render_text(doc, tu_plain_sink, out, err);
    pg_doc_free(doc);
    return st;
}

/* Both ways the same: status, bytes, error.  Returns whether it streamed. */
static bool same(const char *what, const char *buf, size_t len, bool yaml)
{
    pg_buf want = {0}, got = {0};
    pg_error werr = {0}, gerr = {0};
    bool streamed;
    pg_status ws = by_tree(buf, len, yaml, &want, &werr);
    pg_status gs = pg__convert_data_text(buf, len, yaml, tu_plain_sink, &got, &gerr, &streamed);
    ck_assert_msg(gs == ws, "%s (%s): status %d, the tree's %d: %s", what, yaml ? "YAML" : "JSON",
                  (int)gs, (int)ws, gerr.message);
    if (ws == PG_OK && !tu_same_bytes(want, got)) {
        tu_show_diff(what, want.data, want.len, got.data, got.len);
        ck_abort_msg("%s (%s): the streamed text differs", what, yaml ? "YAML" : "JSON");
    }
    if (ws != PG_OK) {
        ck_assert_msg(got.len == 0, "%s: %zu bytes written before the error", what, got.len);
        ck_assert_str_eq(gerr.message, werr.message);
        ck_assert_str_eq(gerr.path, werr.path);
        ck_assert_uint_eq(gerr.line, werr.line);
        ck_assert_uint_eq(gerr.column, werr.column);
    }
    if (getenv("PG_SHOW_STREAMED"))
        fprintf(stderr, "%s %s: %s\n", what, yaml ? "yaml" : "json",
                streamed ? "streamed" : "whole");
    free(want.data);
    free(got.data);
    return streamed;
}

/* A text's JSON and YAML (every flag set) stream, to the same text. */
static void text_both_ways(const char *what, const char *buf, size_t len)
{
    static const unsigned flag_sets[] = {PG_RENDER_DEFAULT, PG_RENDER_DEFAULT | PG_RENDER_LINES,
                                         PG_RENDER_COMPACT, 0};
    pg_error err = {0};
    pg_doc *doc = pg_parse_text(buf, len, NULL, &err);
    ck_assert_msg(doc != NULL, "%s: %s", what, err.message);
    for (int yaml = 0; yaml < 2; yaml++)
        for (size_t f = 0; f < sizeof flag_sets / sizeof flag_sets[0]; f++) {
            pg_buf data = {0};
            pg_status st = yaml ? pg_render_yaml(doc, flag_sets[f], tu_plain_sink, &data, &err)
                                : pg_render_json(doc, flag_sets[f], tu_plain_sink, &data, &err);
            if (st == PG_OK) /* else a string the format cannot carry */
                ck_assert_msg(same(what, data.data ? data.data : "", data.len, yaml),
                              "%s (%s, flags %#x): the writer's output did not stream", what,
                              yaml ? "YAML" : "JSON", flag_sets[f]);
            free(data.data);
        }
    pg_doc_free(doc);
}

static void text_file(const char *path, const char *buf, size_t len, void *ctx)
{
    ++*(size_t *)ctx;
    text_both_ways(path, buf, len);
}

static void data_file(const char *path, const char *buf, size_t len, void *ctx)
{
    ++*(size_t *)ctx;
    size_t n = strlen(path);
    same(path, buf, len, n > 5 && !strcmp(path + n - 5, ".yaml"));
}

START_TEST(from_stream_fixtures_and_corpus)
{
    size_t n = 0;
    ck_assert_uint_gt(tu_each_fixture("fixtures", ".txt", text_file, &n), 20);
    tu_each_corpus_file("JSON/YAML to text section by section", text_file, &n);
    size_t d = tu_each_fixture("fixtures", ".json", data_file, &n);
    d += tu_each_fixture("fixtures", ".yaml", data_file, &n);
    ck_assert_uint_gt(d, 20);
}
END_TEST

START_TEST(from_stream_shapes)
{
    static const char *const texts[] = {
        "",
        "Subject only\n",
        "*  Root item (ok)\n  -  Ann\n\nprose after\n",
        "Subject\n\npreamble\n\n*  Root (good)\n  -  A\n\n== Arm ==\n\n*  X (ok)\n\n== X86 ==\n\n*"
        "  Y\n",
        "= One =\n\n== Nested ==\n\n*  A (ok)\n\n=== Deeper ===\n\n*  B\n\n= Two =\n\ntext\n",
        "Arm:\n\n*  A (ok)\n\nx86:\n\n*  B (fair)\n  -  C\n",
        "> == Quoted ==\n> \n> *  Q (ok)\n>   -  R\n\nreply text\n\n== After ==\n*  Z\n",
        "Subject\r\n\r\n== CRLF ==\r\n\r\n*  A (ok)\r\n  -  B\r\n",
        "\xEF\xBB\xBF== BOM ==\n\n*  A\n",
        "==  Odd   heading==\n*  A (ok)  \n\n= x =\nno blank",
        "The states are: low -> high\n\n== S ==\n\n*  A (high)\n",
        "== S ==\n\n*  A (ok)\n\n== Late ==\n\nThe states are: ok -> bad\n\n*  B (bad)\n",
        "== S ==\n\n*  A (ok)\n\tThe states are: a -> ok\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char what[32];
        snprintf(what, sizeof what, "shape %zu", i);
        text_both_ways(what, texts[i], strlen(texts[i]));
    }
}
END_TEST

/* Inputs in orders the writers do not use, and errors near their end:
 * the same text or error, whether the stream took them or gave up. */
START_TEST(from_stream_orders_and_late_errors)
{
#define S(t)      "{\"title\":\"" t "\",\"level\":1,\"items\":[],\"sections\":[]}"
#define IT(t, st) "{\"title\":\"" t "\",\"state\":" st ",\"owners\":[],\"notes\":[]}"
    static const char *const json[] = {
        /* keys of a section and of the document in other orders */
        "{\"prognosis\":1,\"sections\":[{\"sections\":[" S("In") "],\"items\":[" IT(
            "A", "\"ok\"") "],\"level\":2,\"title\":\"Out\",\"layout\":{\"head\":\"==Out==\\n\"}}],"
                           "\"subject\":\"S\"}",
        "{\"sections\":[" S("A") "],\"items\":[" IT("R",
                                                    "null") "],\"prognosis\":1,\"text\":\"x\\n\"}",
        "{\"prognosis\":1,\"sections\":[" S("A") "],\"eol\":\"\\r\\n\"}",
        "{\"prognosis\":1,\"items\":[" IT("R", "\"ok\"") "],\"eol\":\"\\r\\n\"}",
        "{\"prognosis\":1,\"sections\":[" S(
            "A") "],\"scale\":[{\"state\":\"a\"},{\"state\":\"b\"}]}",
        "{\"prognosis\":1,\"scale\":[{\"state\":\"a\"},{\"state\":\"b\"}],\"items\":[" IT(
            "R", "\"b\"") "]}",
        "{\"prognosis\":1,\"items\":[" IT("R", "\"b\"") "],\"scale\":[{\"state\":\"a\"},{\"state\":"
                                                        "\"b\"}]}",
        /* a declaration in a later section that is not the data's scale */
        "{\"prognosis\":1,\"sections\":[{\"title\":\"A\",\"level\":1,\"items\":[" IT(
            "X", "\"hi\"") "],\"sections\":[]},{\"title\":\"B\",\"level\":1,\"text\":\"\\nThe "
                           "states are: lo -> "
                           "hi\\n\",\"items\":[],\"sections\":[]}]}",
        "{\"prognosis\":1,\"layout\":{\"subject\":\"S  \\n\"},\"subject\":\"S\",\"sections\":[]}",
        /* late errors */
        "{\"prognosis\":1,\"sections\":[" S("A") "," S("B") ",{\"title\":3}]}",
        "{\"prognosis\":1,\"sections\":[" S("A") "," S("B") "],\"sections\":[]}",
        "{\"prognosis\":1,\"sections\":[" S("A") "],\"titel\":\"x\"}",
        "{\"prognosis\":1,\"sections\":[" S("A") "]",
        "{\"prognosis\":1,\"sections\":[" S("A") "]} x",
        "{\"prognosis\":2,\"sections\":[" S("A") "]}",
        "{\"sections\":[" S("A") "]}",
        "{\"prognosis\":1,\"items\":[" IT("A", "\"nope\"") "],\"sections\":[" S("B") "]}",
        "{\"prognosis\":1,\"sections\":[" S("A") "],\"items\":[" IT("A", "\"nope\"") "]}",
        "{\"prognosis\":1,\"items\":[" IT("A", "\"nope\"") "],\"sections\":[" S("B") "],\"x\":1}",
        "{\"prognosis\":1,\"sections\":[{\"title\":\"A\",\"level\":1,\"items\":[" IT(
            "X\\nY", "null") "],\"sections\":[]}]}",
        "{\"prognosis\":1,\"sections\":[" S("A") "," S("B\\ud800") "]}",
        "{\"prognosis\":1,\"sections\":[" S("A") "],\"text\":12345678901234567890123}",
        "{\"prognosis\":1,\"sections\":{}}",
        "{\"prognosis\":1,\"sections\":[" S("A") ",\"B\"]}",
        "{\"prognosis\":1,\"sections\":[" S("A") ",[]]}",
        "{\"prognosis\":1,\"sections\":[" S("A") ",null]}",
        "{\"prognosis\":1,\"sections\":[{\"title\":\"A\",\"level\":1,\"items\":{},\"sections\":[]}]"
        "}",
        "{\"prognosis\":1,\"sections\":[{\"title\":\"A\",\"level\":1,\"sections\":[]}]}",
        "[1,2]",
        "",
    };
    for (size_t i = 0; i < sizeof json / sizeof json[0]; i++) {
        char what[32];
        snprintf(what, sizeof what, "json %zu", i);
        same(what, json[i], strlen(json[i]), false);
    }
    static const char *const yaml[] = {
        "prognosis: 1\nsections:\n- title: A\n  level: 1\n  items: []\n  sections: []\n"
        "- &x\n  title: B\n  level: 1\n  items: []\n  sections: []\n- *x\n",
        "prognosis: 1\nsections:\n- title: A\n  level: 1\n  items: []\n  sections: []\n"
        "  title: again\n",
        "prognosis: 1\nsections:\n- title: A\n  level: 1\n  items: []\n  sections: []\n"
        "text: [\n",
        "prognosis: 1\nsections:\n- title: A\n  level: 1\n  items: []\n  sections: []\n---\n",
        "prognosis: 1\nsections:\n- title: A\n  level: 1\n  items: []\n  sections: []\n"
        "bom: yes\n",
        "prognosis: 1\nsections:\n- title: A\n  level: !!int 1\n  items: []\n  sections: []\n",
        "prognosis: 1\nitems: []\nsections:\n- title---T:prog \n",
        "prognosis: 1\nsections:\n- title: A\n  level: 1\n  items: []\n  sections: []\n"
        "layout: {text: \"x\\n\"}\ntext: \"y\\n\"\n",
    };
    for (size_t i = 0; i < sizeof yaml / sizeof yaml[0]; i++) {
        char what[32];
        snprintf(what, sizeof what, "yaml %zu", i);
        same(what, yaml[i], strlen(yaml[i]), true);
    }
#undef S
#undef IT
}
END_TEST

/* Sections nested past the limit, and the limit itself. */
START_TEST(from_stream_deep_sections)
{
    for (int depth = 99; depth <= 102; depth++) {
        pg_buf b = {0};
        tu_plain_sink(&b, "{\"prognosis\":1,\"sections\":[", 27);
        for (int i = 0; i < depth; i++) {
            char h[96];
            int n =
                snprintf(h, sizeof h, "{\"title\":\"L%d\",\"level\":%d,\"items\":[],\"sections\":[",
                         i, i + 1);
            tu_plain_sink(&b, h, (size_t)n);
        }
        for (int i = 0; i < depth; i++)
            tu_plain_sink(&b, "]}", 2);
        tu_plain_sink(&b, "]}", 2);
        char what[32];
        snprintf(what, sizeof what, "depth %d", depth);
        same(what, b.data, b.len, false);
        free(b.data);
    }
}
END_TEST

static char *many_sections(size_t n, size_t *len)
{
    pg_buf b = {0};
    const char *head = "Subject: many\n\nThe states are: none -> ok -> done\n\n= Open =\n\n";
    tu_plain_sink(&b, head, strlen(head));
    for (size_t i = 0; i < n; i++) {
        char s[200];
        int k = snprintf(s, sizeof s,
                         "== Area %zu ==\n\n*  Item %zu (ok)\n  -  Owner %zu\n\tnote\n\n%s", i, i,
                         i, i % 7 == 0 ? "=== Sub ===\n\n*  Deep\n\n" : "");
        tu_plain_sink(&b, s, (size_t)k);
    }
    *len = b.len;
    return b.data;
}

START_TEST(from_stream_many_sections)
{
    size_t len;
    char *s = many_sections(20000, &len);
    text_both_ways("20000 sections", s, len);
    free(s);
}
END_TEST

static pg_buf data_of(const char *text, size_t len, bool yaml)
{
    pg_error err = {0};
    pg_doc *doc = pg_parse_text(text, len, NULL, &err);
    ck_assert_ptr_nonnull(doc);
    pg_buf b = {0};
    ck_assert_int_eq(yaml ? pg_render_yaml(doc, PG_RENDER_DEFAULT, tu_plain_sink, &b, &err)
                          : pg_render_json(doc, PG_RENDER_DEFAULT, tu_plain_sink, &b, &err),
                     PG_OK);
    pg_doc_free(doc);
    return b;
}

START_TEST(from_stream_refused_anywhere)
{
    size_t len;
    char *s = many_sections(3000, &len);
    for (int yaml = 0; yaml < 2; yaml++) {
        pg_buf d = data_of(s, len, yaml);
        for (size_t left = 0; left < len; left = left * 2 + 1000) {
            size_t k = left;
            pg_error err = {0};
            pg_status st = yaml ? pg_convert_yaml_text(d.data, d.len, tu_refuse_after, &k, &err)
                                : pg_convert_json_text(d.data, d.len, tu_refuse_after, &k, &err);
            ck_assert_msg(st == PG_ERR_IO, "left %zu: status %d", left, (int)st);
            ck_assert_str_eq(err.message, "the output could not be written");
        }
        free(d.data);
    }
    free(s);
}
END_TEST

START_TEST(from_stream_alloc_failures)
{
    size_t len;
    char *s = many_sections(30, &len);
    for (int yaml = 0; yaml < 2; yaml++) {
        pg_buf d = data_of(s, len, yaml), want = {0};
        pg_error err = {0};
        ck_assert_int_eq(by_tree(d.data, d.len, yaml, &want, &err), PG_OK);
        /* Every allocation of a whole conversion, in steps of at most 400. */
        pg_buf first = {0};
        bool streamed;
        pg__alloc_fail_after(-1);
        ck_assert_int_eq(
            pg__convert_data_text(d.data, d.len, yaml, tu_plain_sink, &first, &err, &streamed),
            PG_OK);
        long total = pg__alloc_count(), step = total / 400 + 1;
        ck_assert(streamed);
        free(first.data);
        int ok = 0;
        for (long n = 0; n <= total; n = n + step > total && n < total ? total : n + step) {
            pg_buf out = {0};
            pg__alloc_fail_after(n);
            pg_status st =
                pg__convert_data_text(d.data, d.len, yaml, tu_plain_sink, &out, &err, &streamed);
            pg__alloc_fail_after(-1);
            ck_assert_msg(st == PG_OK || st == PG_ERR_NOMEM, "allocation %ld: status %d (%s)",
                          n + 1, (int)st, err.message);
            if (st == PG_OK)
                ck_assert(tu_same_bytes(out, want));
            ok += st == PG_OK;
            free(out.data);
        }
        ck_assert_msg(ok > 0, "never got through: raise the loop bound");
        free(want.data);
        free(d.data);
    }
    free(s);
}
END_TEST

START_TEST(from_stream_bad_arguments)
{
    pg_error err = {0};
    pg_buf out = {0};
    ck_assert_int_eq(pg_convert_json_text(NULL, 3, tu_plain_sink, &out, &err), PG_ERR_ARG);
    ck_assert_int_eq(pg_convert_yaml_text(NULL, 3, tu_plain_sink, &out, &err), PG_ERR_ARG);
    ck_assert_int_eq(pg_convert_json_text("{}", 2, tu_plain_sink, &out, NULL), PG_ERR_SCHEMA);
    ck_assert_uint_eq(out.len, 0);
    free(out.data);
}
END_TEST

extern Suite *from_stream_suite(void);
Suite *from_stream_suite(void)
{
    Suite *s = suite_create("from_stream");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, from_stream_fixtures_and_corpus);
    tcase_add_test(tc, from_stream_shapes);
    tcase_add_test(tc, from_stream_orders_and_late_errors);
    tcase_add_test(tc, from_stream_deep_sections);
    tcase_add_test(tc, from_stream_many_sections);
    tcase_add_test(tc, from_stream_refused_anywhere);
    tcase_add_test(tc, from_stream_alloc_failures);
    tcase_add_test(tc, from_stream_bad_arguments);
    suite_add_tcase(s, tc);
    return s;
}
