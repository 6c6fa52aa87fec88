/* test_convert_corpus.c - the round-trip guarantees over the seeds and
 * every file of ../shared/corpus (skipped with a note where it does not
 * exist):
 *   1. text -> JSON -> text and text -> YAML -> text give identical bytes;
 *   2. JSON -> text -> JSON and YAML -> text -> YAML give the same data;
 *   3. without layout, the data renders canonical text that reads back as
 *      the same data. */
#include "test_util.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Guarantee 3 is stricter than the issue asks (canonical text must read
 * back as the same data).  It holds on every file but one: canon.c writes
 * the empty records title of corpus 041 as "S: " and the trailing space
 * is a soft break that pulls the next line into the title.  Until that
 * is fixed its mismatches are printed, not counted; set to 1 then. */
#define CANONICAL_FATAL 1

typedef pg_status (*render_fn)(const pg_doc *, unsigned, pg_write_fn, void *, pg_error *);
typedef pg_doc *(*load_fn)(const char *, size_t, pg_error *);

static pg_buf render(render_fn fn, const pg_doc *d, unsigned flags, const char *what)
{
    pg_buf b = {0};
    pg_error err = {0};
    pg_status st = fn(d, flags, pg_buf_write, &b, &err);
    ck_assert_msg(st == PG_OK, "%s: render failed: line %u: %s", what, err.line, err.message);
    return b;
}

static pg_doc *load(load_fn fn, pg_buf b, const char *what)
{
    pg_error err = {0};
    pg_doc *d = fn(b.data, b.len, &err);
    ck_assert_msg(d != NULL, "%s: load failed: %u:%u %s: %s", what, err.line, err.column, err.path,
                  err.message);
    return d;
}

static pg_doc *parse(const char *buf, size_t len, const char *what)
{
    pg_error err = {0};
    pg_doc *d = pg_parse_text(buf, len, NULL, &err);
    ck_assert_msg(d != NULL, "%s: parse failed: %s", what, err.message);
    return d;
}

/* The broken guarantees for one file and one format (diffs printed). */
static int check_file(const char *path, const char *in, size_t n, const char *fmt, render_fn rfn,
                      load_fn lfn)
{
    char what[600];
    int fails = 0;
    snprintf(what, sizeof what, "%s (%s)", path, fmt);
    pg_buf input = {(char *)in, n, n};

    /* 1. text -> data -> text */
    pg_doc *doc = parse(in, n, what);
    pg_buf data = render(rfn, doc, PG_RENDER_DEFAULT, what);
    pg_doc *back = load(lfn, data, what);
    pg_buf text = tu_render_text(back, what);
    if (!tu_same_bytes(text, input)) {
        tu_show_diff(what, in, n, text.data ? text.data : "", text.len);
        fails++;
    }

    /* 2. data -> text -> data */
    pg_doc *again = parse(text.data, text.len, what);
    pg_buf data2 = render(rfn, again, PG_RENDER_DEFAULT, what);
    if (!tu_same_bytes(data, data2)) {
        snprintf(what, sizeof what, "%s (%s -> text -> %s)", path, fmt, fmt);
        tu_show_diff(what, data.data, data.len, data2.data, data2.len);
        fails++;
    }

    /* 3. no layout: canonical text, same data */
    pg_buf clean = render(rfn, doc, 0, what);
    pg_doc *cdoc = load(lfn, clean, what);
    pg_buf ctext = tu_render_text(cdoc, what);
    pg_doc *cparsed = parse(ctext.data, ctext.len, what);
    pg_buf clean2 = render(rfn, cparsed, 0, what);
    if (!tu_same_bytes(clean, clean2)) {
        snprintf(what, sizeof what, "%s (%s without layout -> canonical text -> %s)", path, fmt,
                 fmt);
        tu_show_diff(what, clean.data, clean.len, clean2.data, clean2.len);
        fails += CANONICAL_FATAL;
        if (!CANONICAL_FATAL)
            fprintf(stderr, "note: known issue, not counted (CANONICAL_FATAL 0)\n");
    }

    pg_doc *docs[] = {doc, back, again, cdoc, cparsed};
    for (size_t i = 0; i < 5; i++)
        pg_doc_free(docs[i]);
    char *bufs[] = {data.data, text.data, data2.data, clean.data, ctext.data, clean2.data};
    for (size_t i = 0; i < 6; i++)
        free(bufs[i]);
    return fails;
}

static void both_formats(const char *path, const char *in, size_t len, void *ctx)
{
    int *fails = ctx;
    *fails += check_file(path, in, len, "JSON", pg_render_json, pg_load_json);
    *fails += check_file(path, in, len, "YAML", pg_render_yaml, pg_load_yaml);
}

START_TEST(convert_corpus)
{
    int fails = 0;
    size_t n = tu_each_corpus_file("JSON/YAML corpus round trip", both_formats, &fails);
    ck_assert_msg(fails == 0, "%d broken round trips over %zu files (diffs above)", fails, n);
}
END_TEST

extern Suite *convert_corpus_suite(void);
Suite *convert_corpus_suite(void)
{
    Suite *s = suite_create("convert_corpus");
    TCase *tc = tcase_create("convert_corpus");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, convert_corpus);
    suite_add_tcase(s, tc);
    return s;
}
