/* test_lint_stream.c - pg_lint_text, which lints text section by section
 * as the parser hands them over, finds exactly what pg_parse_text +
 * pg_lint find, in the same order: on every fixture text and corpus
 * mail, on documents shaped to put each rule's cross-section memory to
 * work (a Completed section after the done items, duplicates across
 * sections, a milestone passed after the overdue items, the document's
 * habits decided late, sections with no section at all), on thousands
 * of sections, on one thread and on several; and it ends cleanly when
 * any allocation fails. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h" /* pg__alloc_fail_after */
#include "lint_internal.h"
#include "test_util.h"

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* The findings of both ways, one by one. */
static void same_findings(const char *what, const pg_lint_result *want, const pg_lint_result *got)
{
    size_t n = want->n < got->n ? want->n : got->n;
    for (size_t i = 0; i < n; i++) {
        const pg_finding *a = &want->findings[i], *b = &got->findings[i];
        ck_assert_msg(
            same_str(a->diag.rule, b->diag.rule) && same_str(a->diag.message, b->diag.message) &&
                a->diag.line == b->diag.line && a->diag.column == b->diag.column &&
                a->diag.end_line == b->diag.end_line && a->diag.end_column == b->diag.end_column &&
                a->diag.severity == b->diag.severity && a->has_fix == b->has_fix &&
                a->fix.offset == b->fix.offset && a->fix.len == b->fix.len &&
                a->fix.text_len == b->fix.text_len &&
                (!a->fix.text_len || !memcmp(a->fix.text, b->fix.text, a->fix.text_len)),
            "%s: finding %zu differs: tree %u:%u %s `%s`, streamed %u:%u %s `%s`", what, i,
            a->diag.line, a->diag.column, a->diag.rule, a->diag.message, b->diag.line,
            b->diag.column, b->diag.rule, b->diag.message);
    }
    ck_assert_msg(want->n == got->n, "%s: %zu findings in the tree, %zu streamed", what, want->n,
                  got->n);
}

/* Both ways under cfg, on threads or not. */
static void same_lint_with(const char *what, const char *buf, size_t len, pg_lint_config *cfg,
                           unsigned threads)
{
    pg_parse_options o = {.threads = threads};
    pg_lint_config_set_threads(cfg, threads);
    pg_error err = {0};
    pg_doc *doc = pg_parse_text(buf, len, &o, &err);
    ck_assert_msg(doc != NULL, "%s: %s", what, err.message);
    pg_lint_result want = {0}, got = {0};
    ck_assert_int_eq(pg_lint(doc, cfg, NULL, 0, &want, &err), PG_OK);
    pg_doc_free(doc);
    pg_error gerr = {0};
    pg_status gs = pg_lint_text(buf, len, &o, cfg, &got, &gerr);
    ck_assert_msg(gs == PG_OK, "%s: status %d: %s", what, (int)gs, gerr.message);
    same_findings(what, &want, &got);
    pg_lint_result_free(&want);
    pg_lint_result_free(&got);
}

/* Defaults; and a day after every date the tests use, so the overdue
 * rule has a passed milestone; one thread and two. */
static void same_lint(const char *what, const char *buf, size_t len)
{
    for (int today = 0; today < 2; today++)
        for (unsigned threads = 1; threads <= 2; threads++) {
            pg_lint_config *cfg = pg_lint_config_new();
            ck_assert_ptr_nonnull(cfg);
            if (today)
                pg_lint_config_set_today(cfg, 2030, 1, 1);
            same_lint_with(what, buf, len, cfg, threads);
            pg_lint_config_free(cfg);
        }
}

static void same_lint_file(const char *path, const char *buf, size_t len, void *ctx)
{
    ++*(size_t *)ctx;
    same_lint(path, buf, len);
}

START_TEST(lint_stream_equals_tree_fixtures_and_corpus)
{
    size_t n = 0;
    ck_assert_uint_gt(tu_each_fixture("fixtures", ".txt", same_lint_file, &n), 20);
    tu_each_corpus_file("streamed lint", same_lint_file, &n);
}
END_TEST

START_TEST(lint_stream_equals_tree_shapes)
{
    static const char *const shapes[] = {
        "",
        "Subject only\n",
        /* no section at all: the root is the document */
        "*  Root item (done)\n  -  Ann\n\nprose after\n\n*  Root item (done)\n",
        /* done items before the Completed section that makes them findings */
        "= Open =\n\n== Arm ==\n\n*  A (done)\n  -  X\n\n*  B (ok)\n  -  Y\n\n= Completed =\n\n"
        "*  C (ok)\n  -  Z\n",
        /* and without one: no finding */
        "= Open =\n\n== Arm ==\n\n*  A (done)\n  -  X\n\n*  B (ok)\n  -  Y\n",
        /* duplicates across sections and levels, with tags */
        "== One ==\n\n*  Same thing (ok)\n  -  A\n\n*  Tagged (Linux) (ok)\n  -  B\n\n=== Deep "
        "===\n\n*  same  THING. (fair)\n  -  C\n\n== Two ==\n\n*  Tagged (qemu) (ok)\n  -  D\n\n"
        "*  Same thing (good)\n  -  E\n",
        /* overdue items before and after the milestone that passed */
        "= Timeline =\n\n* Feature freeze: 1st March 2014\n* Release: 10th September\n\n= Open "
        "=\n\n*  Early (none)\n  -  A\n\n== Later ==\n\n*  Late (none)\n  -  B\n\n= Not for "
        "this release =\n\n*  Exempt (none)\n  -  C\n",
        /* habits: an older dialect written consistently, then the canonical */
        "== A ==\n\n* One (ok)\n - A\n\n* Two (ok)\n - B\n\n== B ==\n\n*  Three (ok)\n  -  C\n",
        "== A ==\n\n*  One (ok)\n  -  A\n     a note\n\n== B ==\n\n* Two (ok)\n - B\n   note\n",
        /* states and owners known late */
        "== A ==\n\n*  No state\n\n*  No owner\n\n== B ==\n\n*  Has (ok)\n  -  Owner\n",
        /* headings: jumps, empty, labels, quoted, orphans */
        "= One =\n\n=== Jump ===\n\n== Empty ==\n\n== Full ==\n\n*  X (ok)\n\n  -  orphan\n\n"
        "Label:\n\n*  Y (ok)\n",
        "> == Quoted ==\n> \n> *  Q (ok)\n>   -  R\n\nreply text\n\n== After ==\n*  Z (done)\n",
        "Subject\r\n\r\n== CRLF ==\r\n\r\n*  A (ok)\r\n  -  B\r\n",
        "== Bad \xC3 UTF-8 ==\n\n*  A (ok)\t\n",
        "The states are: a -> b -> c\n\n== S ==\n\n*  A (b)\n\n*  B (c)\n\n== Completed "
        "==\n\n*  C (b)\n\nLast updated: 1 May 2014\n",
        "==Loose==\n*  A (ok)\n  -  orphan? no\n\n  -  orphan\n== Two ==\n",
    };
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        char what[32];
        snprintf(what, sizeof what, "shape %zu", i);
        same_lint(what, shapes[i], strlen(shapes[i]));
    }
}
END_TEST

/* Many sections with every kind of finding, large enough for the
 * parser's threads: the same findings both ways. */
static char *many_sections(size_t sections, size_t *len)
{
    size_t cap = sections * 260 + 256, n = 0;
    char *s = malloc(cap);
    ck_assert_ptr_nonnull(s);
    n += (size_t)snprintf(s + n, cap - n,
                          "Subject\n\n= Timeline =\n\n* Freeze: 1st March 2014\n\n= Open =\n\n");
    for (size_t k = 0; k < sections; k++)
        n += (size_t)snprintf(s + n, cap - n,
                              "== Area %zu ==\n\n*  Item %zu (ok)\n  -  Owner\n  a note \n\n"
                              "*  Other %zu (done)\n\n*  Item %zu (none)\n  -  X\n\n",
                              k, k, k, k % 7);
    n += (size_t)snprintf(s + n, cap - n, "= Completed =\n\n*  Old (done)\n  -  A\n");
    *len = n;
    return s;
}

START_TEST(lint_stream_equals_tree_many_sections)
{
    size_t len;
    char *s = many_sections(20000, &len);
    same_lint("20000 sections", s, len);
    /* Each linted as it closed: Timeline, Open, the areas, Completed. */
    ck_assert_uint_eq(pg__lint_last_streamed(), 20003);
    free(s);
}
END_TEST

/* The line rules run in two halves: a cut between any two lines (a soft
 * break, a wrapped line, a long one, trailing space) is the whole pass's
 * judgement.  Documents of every parity around the size that splits. */
START_TEST(lint_stream_lines_cut_anywhere)
{
    /* Each kind follows the one before it: a long head, then words a
     * client wrapped off it, a note with a soft break, its continuation,
     * an owner with a tab, a blank line. */
    static const char *const kinds[] = {
        "*  An item whose title goes on far past the seventy-two columns a mail "
        "client keeps (ok)\n",
        "plain words that a client wrapped from the line above without a soft break\n",
        "   and a note that goes on and on well past the width too, to be wrapped \n",
        "continued after a soft break\n",
        "  -  Owner Name\t\n",
        "\n",
    };
    for (size_t extra = 0; extra < 7; extra++) {
        size_t lines = 8192 + extra, cap = lines * 100 + 64, n = 0;
        char *s = malloc(cap);
        ck_assert_ptr_nonnull(s);
        n += (size_t)snprintf(s + n, cap - n, "== Area ==\n");
        for (size_t l = 1; l < lines; l++)
            n += (size_t)snprintf(s + n, cap - n, "%s", kinds[(l * 7 + extra) % 6]);
        char what[48];
        snprintf(what, sizeof what, "%zu lines cut in two", lines);
        same_lint(what, s, n);
        free(s);
    }
}
END_TEST

START_TEST(lint_stream_alloc_failures)
{
    size_t len;
    char *s = many_sections(30, &len);
    int ok = 0;
    for (long n = 0; n < 1500; n++) {
        pg_lint_result r = {0};
        pg_error err = {0};
        pg__alloc_fail_after(n);
        pg_status st = pg_lint_text(s, len, NULL, NULL, &r, &err);
        pg__alloc_fail_after(-1);
        ck_assert_msg(st == PG_OK || st == PG_ERR_NOMEM, "allocation %ld: status %d (%s)", n + 1,
                      (int)st, err.message);
        if (st == PG_OK)
            ok++;
        else
            ck_assert_ptr_null(r.findings);
        pg_lint_result_free(&r);
    }
    ck_assert_msg(ok > 0, "never got through: raise the loop bound");
    free(s);
}
END_TEST

/* ------------------------------------------------ with history rules */

/* pg_lint_text_history over digests of the earlier texts (and of their
 * documents) finds what pg_lint finds over their trees. */
static void same_history(const char *what, const char *const *bufs, const size_t *lens, size_t n,
                         unsigned threads)
{
    pg_parse_options o = {.threads = threads};
    pg_lint_config *cfg = pg_lint_config_new();
    ck_assert_ptr_nonnull(cfg);
    pg_lint_config_set_threads(cfg, threads);
    pg_lint_config_set_today(cfg, 2030, 1, 1);
    pg_error err = {0};
    pg_doc *docs[4];
    pg_lint_digest *from_text[4], *from_doc[4];
    for (size_t i = 0; i < n; i++) {
        docs[i] = pg_parse_text(bufs[i], lens[i], &o, &err);
        ck_assert_msg(docs[i] != NULL, "%s: %s", what, err.message);
        from_text[i] = pg_lint_digest_text(bufs[i], lens[i], &o, cfg, &err);
        ck_assert_msg(from_text[i] != NULL, "%s: %s", what, err.message);
        from_doc[i] = pg_lint_digest_doc(docs[i], cfg, &err);
        ck_assert_msg(from_doc[i] != NULL, "%s: %s", what, err.message);
    }
    size_t last = n - 1;
    pg_lint_result want = {0}, got = {0}, got2 = {0};
    ck_assert_int_eq(pg_lint(docs[last], cfg, (const pg_doc *const *)docs, last, &want, &err),
                     PG_OK);
    ck_assert_int_eq(pg_lint_text_history(bufs[last], lens[last], &o, cfg,
                                          (const pg_lint_digest *const *)from_text, last, &got,
                                          &err),
                     PG_OK);
    ck_assert_int_eq(pg_lint_text_history(bufs[last], lens[last], &o, cfg,
                                          (const pg_lint_digest *const *)from_doc, last, &got2,
                                          &err),
                     PG_OK);
    same_findings(what, &want, &got);
    same_findings(what, &want, &got2);
    pg_lint_result_free(&want);
    pg_lint_result_free(&got);
    pg_lint_result_free(&got2);
    for (size_t i = 0; i < n; i++) {
        pg_doc_free(docs[i]);
        pg_lint_digest_free(from_text[i]);
        pg_lint_digest_free(from_doc[i]);
    }
    pg_lint_config_free(cfg);
}

typedef struct texts {
    char *buf[64];
    size_t len[64];
    size_t n;
} texts;

static void keep_text(const char *path, const char *buf, size_t len, void *ctx)
{
    (void)path;
    texts *t = ctx;
    if (t->n == 64)
        return;
    t->buf[t->n] = malloc(len ? len : 1);
    ck_assert_ptr_nonnull(t->buf[t->n]);
    memcpy(t->buf[t->n], buf, len);
    t->len[t->n++] = len;
}

/* Each corpus mail against the one, two and three before it (an archive
 * in date order: the history rules fire on the Xen 4.13 series); the
 * history fixtures with their earlier versions. */
START_TEST(lint_history_stream_equals_tree)
{
    texts t = {0};
    tu_each_corpus_file("streamed history lint", keep_text, &t);
    for (size_t i = 1; i < t.n; i++)
        for (size_t k = 1; k <= 3 && k <= i; k++)
            for (unsigned threads = 1; threads <= 2; threads++)
                same_history("corpus series", (const char *const *)&t.buf[i - k], &t.len[i - k],
                             k + 1, threads);
    for (size_t i = 0; i < t.n; i++)
        free(t.buf[i]);
    static const char *const cases[] = {"item-dropped-clean-done", "item-dropped-fire",
                                        "stale-item-clean-moved",  "stale-item-clean-threshold",
                                        "stale-item-fire",         "state-regressed-clean",
                                        "state-regressed-fire"};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        char *bufs[4];
        size_t lens[4], n = 0;
        for (; n < 4; n++) {
            char path[256];
            if (n < 3)
                snprintf(path, sizeof path, "fixtures/lint/%s/prev%zu.txt", cases[c], n + 1);
            else
                snprintf(path, sizeof path, "fixtures/lint/%s/input.txt", cases[c]);
            if (!(bufs[n] = tu_read_file(path, &lens[n])))
                break;
        }
        if (n < 4) { /* fewer earlier versions: the input comes after them */
            char path[256];
            snprintf(path, sizeof path, "fixtures/lint/%s/input.txt", cases[c]);
            bufs[n] = tu_read_file(path, &lens[n]);
            ck_assert_msg(bufs[n] != NULL, "%s", path);
            n++;
        }
        ck_assert_uint_ge(n, 2);
        same_history(cases[c], (const char *const *)bufs, lens, n, 1);
        same_history(cases[c], (const char *const *)bufs, lens, n, 2);
        for (size_t i = 0; i < n; i++)
            free(bufs[i]);
    }
}
END_TEST

/* A title written twice is matched occurrence by occurrence: an update
 * judged against itself has nothing to say, whatever its repeats. */
START_TEST(lint_history_repeated_titles)
{
    const char *doc = "Update\n\n== Open ==\n\n*  Foo (ok)\n\n*  Bar (fair)\n\n*  Foo (good)\n\n"
                      "*  Foo (none)\n\n== Other ==\n\n*  Bar (done)\n";
    size_t len = strlen(doc);
    pg_error err = {0};
    pg_lint_digest *d = pg_lint_digest_text(doc, len, NULL, NULL, &err);
    ck_assert_ptr_nonnull(d);
    const pg_lint_digest *const prev[] = {d};
    pg_lint_result r = {0};
    ck_assert_int_eq(pg_lint_text_history(doc, len, NULL, NULL, prev, 1, &r, &err), PG_OK);
    for (size_t i = 0; i < r.n; i++)
        ck_assert_msg(strcmp(r.findings[i].diag.rule, "state-regressed") &&
                          strcmp(r.findings[i].diag.rule, "item-dropped"),
                      "%u: %s", r.findings[i].diag.line, r.findings[i].diag.message);
    pg_lint_result_free(&r);
    /* The second Foo went back from good to fair: said of it alone. */
    const char *next = "Update\n\n== Open ==\n\n*  Foo (ok)\n\n*  Bar (fair)\n\n*  Foo (fair)\n\n"
                       "*  Foo (none)\n\n== Other ==\n\n*  Bar (done)\n";
    ck_assert_int_eq(pg_lint_text_history(next, strlen(next), NULL, NULL, prev, 1, &r, &err),
                     PG_OK);
    size_t regressed = 0;
    for (size_t i = 0; i < r.n; i++)
        if (!strcmp(r.findings[i].diag.rule, "state-regressed")) {
            regressed++;
            ck_assert_uint_eq(r.findings[i].diag.line, 9);
            ck_assert_str_eq(r.findings[i].diag.message,
                             "state went back from `good` to `fair` since the previous update");
        }
    ck_assert_uint_eq(regressed, 1);
    pg_lint_result_free(&r);
    pg_lint_digest_free(d);
}
END_TEST

START_TEST(lint_history_alloc_failures)
{
    size_t len;
    char *s = many_sections(30, &len);
    int ok = 0;
    for (long n = 0; n < 3000; n++) {
        pg_lint_result r = {0};
        pg_error err = {0};
        pg__alloc_fail_after(n);
        pg_lint_digest *d = pg_lint_digest_text(s, len, NULL, NULL, &err);
        pg_status st = d ? PG_OK : err.code;
        if (d) {
            const pg_lint_digest *const prev[] = {d};
            st = pg_lint_text_history(s, len, NULL, NULL, prev, 1, &r, &err);
        }
        pg__alloc_fail_after(-1);
        ck_assert_msg(st == PG_OK || st == PG_ERR_NOMEM, "allocation %ld: status %d (%s)", n + 1,
                      (int)st, err.message);
        if (st == PG_OK)
            ok++;
        else
            ck_assert_ptr_null(r.findings);
        pg_lint_result_free(&r);
        pg_lint_digest_free(d);
    }
    ck_assert_msg(ok > 0, "never got through: raise the loop bound");
    free(s);
}
END_TEST

START_TEST(lint_stream_bad_arguments)
{
    pg_lint_result r = {0};
    pg_error err = {0};
    ck_assert_int_eq(pg_lint_text(NULL, 3, NULL, NULL, &r, &err), PG_ERR_ARG);
    ck_assert_int_eq(pg_lint_text("x", 1, NULL, NULL, NULL, &err), PG_ERR_ARG);
    ck_assert_int_eq(pg_lint_text(NULL, 0, NULL, NULL, &r, &err), PG_OK);
    ck_assert_uint_eq(r.n, 0);
    pg_lint_result_free(&r);
    ck_assert_int_eq(pg_lint_text_history("x", 1, NULL, NULL, NULL, 1, &r, &err), PG_ERR_ARG);
    const pg_lint_digest *const none[] = {NULL};
    ck_assert_int_eq(pg_lint_text_history("x", 1, NULL, NULL, none, 1, &r, &err), PG_ERR_ARG);
    ck_assert_ptr_null(pg_lint_digest_text(NULL, 3, NULL, NULL, &err));
    ck_assert_int_eq(err.code, PG_ERR_ARG);
    ck_assert_ptr_null(pg_lint_digest_doc(NULL, NULL, &err));
    ck_assert_int_eq(err.code, PG_ERR_ARG);
    pg_lint_digest_free(NULL);
}
END_TEST

Suite *lint_stream_suite(void)
{
    Suite *s = suite_create("lint_stream");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, lint_stream_equals_tree_fixtures_and_corpus);
    tcase_add_test(tc, lint_stream_equals_tree_shapes);
    tcase_add_test(tc, lint_stream_equals_tree_many_sections);
    tcase_add_test(tc, lint_stream_lines_cut_anywhere);
    tcase_add_test(tc, lint_stream_alloc_failures);
    tcase_add_test(tc, lint_history_stream_equals_tree);
    tcase_add_test(tc, lint_history_repeated_titles);
    tcase_add_test(tc, lint_history_alloc_failures);
    tcase_add_test(tc, lint_stream_bad_arguments);
    suite_add_tcase(s, tc);
    return s;
}
