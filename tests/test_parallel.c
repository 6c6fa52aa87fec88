/* A parse on several threads gives the document one thread gives: the
 * same JSON (with layout and line numbers), text and diagnostics, for
 * every fixture, the corpus, their concatenation and inputs built to put
 * cuts where they are hardest (headings of rising and falling levels,
 * labels, CRLF and lone CR, wide lines, bad bytes).  The per-thread
 * minimum is lowered so that small inputs are cut too. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "test_util.h"

/* Everything a caller can see of a document, as one string. */
static char *snapshot(const char *buf, size_t len, unsigned threads, bool diag_only)
{
    pg_error err = {0};
    pg_parse_options o = {.threads = threads, .diagnostics_only = diag_only};
    pg_doc *doc = pg_parse_text(buf, len, &o, &err);
    ck_assert_msg(doc != NULL, "parse on %u threads: %s", threads, err.message);
    pg_buf b = {0};
    if (pg_render_json(doc, PG_RENDER_LAYOUT | PG_RENDER_LINES, pg_buf_write, &b, &err) != PG_OK)
        pg_buf_write(&b, "<no JSON>", 9); /* invalid UTF-8: both must refuse it */
    ck_assert_int_eq(pg_render_text(doc, pg_buf_write, &b, &err), PG_OK);
    for (size_t i = 0; i < pg_doc_diag_count(doc); i++) {
        const pg_diag *d = pg_doc_diag(doc, i);
        char line[400];
        int n = snprintf(line, sizeof line, "\n%s %u:%u-%u %zu %s", d->rule, d->line, d->column,
                         d->end_column, d->offset, d->message);
        pg_buf_write(&b, line, (size_t)n);
    }
    pg_buf_write(&b, "", 1);
    pg_doc_free(doc);
    return b.data;
}

/* lint's findings, as one string, with its rule families on n threads. */
static char *findings(const pg_doc *doc, unsigned threads)
{
    pg_lint_config *cfg = pg_lint_config_new();
    ck_assert_ptr_nonnull(cfg);
    pg_lint_config_set_today(cfg, 2026, 11, 22);
    pg_lint_config_set_threads(cfg, threads);
    pg_lint_result r;
    pg_error err = {0};
    ck_assert_int_eq(pg_lint(doc, cfg, NULL, 0, &r, &err), PG_OK);
    pg_buf b = {0};
    for (size_t i = 0; i < r.n; i++) {
        const pg_finding *f = &r.findings[i];
        char line[512];
        int n = snprintf(line, sizeof line, "%s %d %u:%u-%u:%u %s fix %d %zu+%zu %s\n",
                         f->diag.rule, (int)f->diag.severity, f->diag.line, f->diag.column,
                         f->diag.end_line, f->diag.end_column, f->diag.message, f->has_fix,
                         f->fix.offset, f->fix.len, f->fix.text ? f->fix.text : "-");
        pg_buf_write(&b, line, (size_t)n);
    }
    pg_buf_write(&b, "", 1);
    pg_lint_result_free(&r);
    pg_lint_config_free(cfg);
    return b.data;
}

static void same_lint(const char *what, const char *buf, size_t len)
{
    pg_error err = {0};
    pg_doc *doc = pg_parse_text(buf, len, NULL, &err);
    ck_assert_ptr_nonnull(doc);
    char *one = findings(doc, 1), *many = findings(doc, 4);
    ck_assert_msg(!strcmp(one, many), "%s: lint on threads differs", what);
    free(one);
    free(many);
    pg_doc_free(doc);
}

static int compared;

static void same_on_threads(const char *what, const char *buf, size_t len)
{
    for (int lean = 0; lean < 2; lean++) {
        char *one = snapshot(buf, len, 1, lean);
        static const unsigned counts[] = {2, 3, 8};
        for (size_t t = 0; t < sizeof counts / sizeof counts[0]; t++) {
            char *many = snapshot(buf, len, counts[t], lean);
            if (strcmp(one, many)) {
                size_t at = 0;
                while (one[at] && one[at] == many[at])
                    at++;
                ck_abort_msg("%s: %u threads%s differ from one at byte %zu: '%.60s' vs '%.60s'",
                             what, counts[t], lean ? " (diagnostics only)" : "", at, one + at,
                             many + at);
            }
            free(many);
        }
        free(one);
    }
    compared++;
}

typedef struct collected {
    char **all;
    size_t *len;
} collected;

static void fixture_file(const char *path, const char *buf, size_t len, void *ctx)
{
    collected *c = ctx;
    same_on_threads(path, buf, len);
    same_lint(path, buf, len);
    *c->all = realloc(*c->all, *c->len + len + 1);
    memcpy(*c->all + *c->len, buf, len);
    *c->len += len;
}

static void corpus_file(const char *path, const char *buf, size_t len, void *ctx)
{
    collected *c = ctx;
    same_on_threads(path, buf, len);
    *c->all = realloc(*c->all, *c->len + len + 1);
    memcpy(*c->all + *c->len, buf, len);
    *c->len += len;
}

START_TEST(fixtures_and_corpus)
{
    size_t saved = pg__parallel_min_bytes;
    pg__parallel_min_bytes = 64;
    char *all = NULL;
    size_t all_len = 0;
    collected c = {&all, &all_len};
    tu_each_fixture("fixtures/check", "input.txt", fixture_file, &c);
    tu_each_fixture("fixtures/convert", "input.txt", fixture_file, &c);
    tu_each_fixture("fixtures/lint", "input.txt", fixture_file, &c);
    tu_each_corpus_file("parallel corpus part", corpus_file, &c);
    /* All of them in one document: many cuts, every kind of section. */
    same_on_threads("everything concatenated", all, all_len);
    same_lint("everything concatenated", all, all_len);
    free(all);
    ck_assert_int_ge(compared, 20);
    pg__parallel_min_bytes = saved;
}
END_TEST

/* Append a formatted piece to a growing buffer. */
static void add(char **s, size_t *n, const char *piece)
{
    size_t k = strlen(piece);
    *s = realloc(*s, *n + k + 1);
    memcpy(*s + *n, piece, k + 1);
    *n += k;
}

START_TEST(hard_cuts)
{
    size_t saved = pg__parallel_min_bytes;
    pg__parallel_min_bytes = 32;
    static const char *const blocks[] = {
        "== Deep ==\n\n*  A (ok)\n  -  Ann\n\n",
        "=== Deeper ===\n\n*  B (fair)\n   a note\n\n",
        "= Top =\n\nProse under the top heading.\n\n",
        "Arm:\n*  C (good)\n  -  Bob\n\n",
        "==Bad==\n\n  -  orphan owner\n\n",
        "> == Quoted ==\n> *  Q (ok)\n> \n",
        "*  D \xC3 (ok)\r\n  -  Carl\r\n\r\n",
        "*  E (none)\r  -  Dora\r\r",
        "== Timeline ==\n\n* Freeze: 1st May 2020\n* Release: 2nd June   <== WE ARE HERE\n\n",
        "S: record title\nO: Eve\nP: ok\n\n",
        "*  F (ok)\n  status: keyed\n  prognosis: good\n\n",
        "*  G (placeholder for the NUL block)\n\n",
    };
    enum {
        NUL_BLOCK = 11
    };
    for (int layout = 0; layout < 3; layout++) {
        char *s = NULL;
        size_t n = 0;
        add(&s, &n, "Subject line\n\n");
        for (int r = 0; r < 40; r++) {
            size_t b = (size_t)(r * (layout + 3) + layout) % (sizeof blocks / sizeof blocks[0]);
            if (b == NUL_BLOCK) { /* strlen would stop at its NUL */
                static const char nul[] = "*  G\0nul (ok)\n\n";
                s = realloc(s, n + sizeof nul);
                memcpy(s + n, nul, sizeof nul);
                n += sizeof nul - 1;
            } else {
                add(&s, &n, blocks[b]);
            }
        }
        /* a wide line: 300 quote markers */
        for (int q = 0; q < 300; q++)
            add(&s, &n, "> ");
        add(&s, &n, "*  Wide (ok)\n\n== Last ==\n*  Z (done)\n");
        char what[32];
        snprintf(what, sizeof what, "hard cuts %d", layout);
        same_on_threads(what, s, n);
        free(s);
    }
    pg__parallel_min_bytes = saved;
}
END_TEST

/* A document with long lists: 3000 items in one section, 600 sections. */
static char *long_lists(size_t *len)
{
    char *s = NULL;
    size_t n = 0;
    add(&s, &n, "Subject\n\n= Open =\n\n== Many items ==\n\n");
    char line[160];
    for (int i = 0; i < 3000; i++) {
        snprintf(line, sizeof line,
                 "*  Item %d \"quoted\" \\ tab\t (%s)\n  -  Owner %d\n   note %d\n\n", i,
                 i % 3 ? "ok" : "fair", i, i);
        add(&s, &n, line);
    }
    for (int i = 0; i < 600; i++) {
        snprintf(line, sizeof line, "== Area %d ==\n\n*  In area %d (good)\n  -  Ann\n\n", i, i);
        add(&s, &n, line);
    }
    *len = n;
    return s;
}

static char *json_of(const pg_doc *doc, unsigned flags)
{
    pg_buf b = {0};
    pg_error err = {0};
    ck_assert_int_eq(pg_render_json(doc, flags, pg_buf_write, &b, &err), PG_OK);
    pg_buf_write(&b, "", 1);
    return b.data;
}

START_TEST(json_on_threads)
{
    size_t len;
    char *s = long_lists(&len);
    pg_error err = {0};
    pg_doc *doc = pg_parse_text(s, len, NULL, &err);
    ck_assert_ptr_nonnull(doc);
    static const unsigned flags[] = {PG_RENDER_DEFAULT, PG_RENDER_LINES | PG_RENDER_LAYOUT,
                                     PG_RENDER_COMPACT, 0};
    for (size_t f = 0; f < sizeof flags / sizeof flags[0]; f++) {
        char *one = json_of(doc, flags[f]);
        for (unsigned t = 2; t <= 8; t += 3) {
            char *many = json_of(doc, flags[f] | PG_RENDER_THREADS(t));
            ck_assert_msg(!strcmp(one, many), "flags %u: JSON on %u threads differs", flags[f], t);
            free(many);
        }
        free(one);
    }
    pg_doc_free(doc);
    free(s);
}
END_TEST

START_TEST(json_threads_refused)
{
    size_t len;
    char *s = long_lists(&len);
    pg_error err = {0};
    pg_doc *doc = pg_parse_text(s, len, NULL, &err);
    ck_assert_ptr_nonnull(doc);
    for (size_t cut = 0; cut < 400000; cut += 70001) {
        size_t b = cut;
        pg_status st = pg_render_json(doc, PG_RENDER_DEFAULT | PG_RENDER_THREADS(4),
                                      tu_refuse_after, &b, &err);
        ck_assert_int_eq(st, PG_ERR_IO);
    }
    pg_doc_free(doc);
    free(s);
}
END_TEST

/* Allocations of the calling thread fail one by one (the hook counts per
 * thread): a parse and a JSON render on threads give NOMEM, never a crash
 * or a leak (make asan), until they succeed. */
START_TEST(threads_alloc_failures)
{
    size_t saved = pg__parallel_min_bytes;
    pg__parallel_min_bytes = 64;
    size_t len;
    char *s = long_lists(&len);
    pg_parse_options o = {.threads = 3};
    pg_error err = {0};
    long n = 0, failed = 0;
    pg_doc *doc = NULL;
    for (; n < 100000 && !doc; n++) {
        pg__alloc_fail_after(n);
        doc = pg_parse_text(s, len, &o, &err);
        if (!doc) {
            ck_assert_msg(err.code == PG_ERR_NOMEM, "parse, allocation %ld: code %d", n, err.code);
            failed++;
        }
    }
    pg__alloc_fail_after(-1);
    ck_assert_ptr_nonnull(doc);
    ck_assert_int_gt(failed, 0);
    long rendered = 0;
    for (n = 0; n < 100000; n++) {
        pg_buf b = {0};
        pg__alloc_fail_after(n);
        pg_status st =
            pg_render_json(doc, PG_RENDER_DEFAULT | PG_RENDER_THREADS(3), tu_plain_sink, &b, &err);
        pg__alloc_fail_after(-1);
        free(b.data);
        if (st == PG_OK)
            break;
        ck_assert_msg(st == PG_ERR_NOMEM, "render, allocation %ld: status %d", n, st);
        rendered++;
    }
    ck_assert_int_gt(rendered, 0);
    printf("parallel: parse failed cleanly %ld times, JSON render %ld times\n", failed, rendered);
    pg_doc_free(doc);
    free(s);
    pg__parallel_min_bytes = saved;
}
END_TEST

Suite *parallel_suite(void)
{
    Suite *s = suite_create("parallel");
    TCase *tc = tcase_create("same");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, fixtures_and_corpus);
    tcase_add_test(tc, hard_cuts);
    tcase_add_test(tc, json_on_threads);
    tcase_add_test(tc, json_threads_refused);
    tcase_add_test(tc, threads_alloc_failures);
    suite_add_tcase(s, tc);
    return s;
}
