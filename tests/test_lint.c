/* test_lint.c - the lint rules, fmt and the report writers.
 *
 * Golden cases are data: fixtures/lint/<case>/ holds input.txt and
 * expected (one "LINE:COL: severity: message [rule]" per finding), and
 * optionally config.yaml, prev1.txt prev2.txt ... (earlier updates,
 * oldest first), today (YYYY-MM-DD) and fixed.txt (what fmt writes).
 * Every rule has a "<rule>-fire*" case whose expected names it and a
 * "<rule>-clean*" case whose expected does not.
 * PG_UPDATE_FIXTURES=1 rewrites expected/fixed.txt (review the diff!). */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"      /* pg__alloc_fail_after */
#include "lint_internal.h" /* pg_lint_store */
#include "test_util.h"

#define LINT_DIR "fixtures/lint"

typedef struct lcase {
    char name[256];
    char dir[300 + 256];
} lcase;

static bool contains(const char *h, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; h && i + k <= n; i++)
        if (!memcmp(h + i, needle, k))
            return true;
    return false;
}

static int cmp_case(const void *a, const void *b)
{
    return strcmp(((const lcase *)a)->name, ((const lcase *)b)->name);
}

static size_t list_cases(lcase **out)
{
    DIR *d = opendir(LINT_DIR);
    size_t n = 0, cap = 0;
    *out = NULL;
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            *out = realloc(*out, cap * sizeof **out);
        }
        snprintf((*out)[n].name, sizeof(*out)[n].name, "%s", e->d_name);
        snprintf((*out)[n].dir, sizeof(*out)[n].dir, LINT_DIR "/%s", e->d_name);
        n++;
    }
    closedir(d);
    if (n)
        qsort(*out, n, sizeof **out, cmp_case);
    return n;
}

static char *read_in(const lcase *c, const char *file, size_t *len)
{
    char p[700];
    snprintf(p, sizeof p, "%s/%s", c->dir, file);
    return tu_read_file(p, len);
}

static pg_lint_config *case_config(const lcase *c)
{
    pg_lint_config *cfg = pg_lint_config_new();
    ck_assert(cfg != NULL);
    size_t n;
    char *y = read_in(c, "config.yaml", &n);
    if (y) {
        pg_error err = {0};
        ck_assert_msg(pg_lint_config_load_yaml(cfg, y, n, &err) == PG_OK, "%s: config: %s", c->name,
                      err.message);
        free(y);
    }
    char *t = read_in(c, "today", &n);
    if (t) {
        int yy, mm, dd;
        ck_assert(sscanf(t, "%d-%d-%d", &yy, &mm, &dd) == 3);
        pg_lint_config_set_today(cfg, yy, mm, dd);
        free(t);
    }
    return cfg;
}

static pg_doc *parse_with(const char *s, size_t n, const pg_lint_config *cfg)
{
    pg_parse_options o = {0};
    o.default_scale = pg_lint_config_scale(cfg, &o.n_default_scale);
    pg_error err = {0};
    pg_doc *d = pg_parse_text(s, n, &o, &err);
    ck_assert_msg(d != NULL, "parse: %s", err.message);
    return d;
}

/* The findings as the fixtures write them. */
static void render(const pg_lint_result *r, pg_buf *b)
{
    for (size_t i = 0; i < r->n; i++) {
        const pg_diag *d = &r->findings[i].diag;
        char line[400];
        int k = snprintf(line, sizeof line, "%u:%u: %s: %s [%s]%s\n", d->line, d->column,
                         pg_lint_severity_name(d->severity), d->message, d->rule,
                         r->findings[i].has_fix ? " (fix)" : "");
        pg_buf_write(b, line, (size_t)k);
    }
}

static void write_file(const lcase *c, const char *file, const char *s, size_t n)
{
    char p[700];
    snprintf(p, sizeof p, "%s/%s", c->dir, file);
    FILE *f = fopen(p, "wb");
    ck_assert(f != NULL);
    fwrite(s, 1, n, f);
    fclose(f);
}

static int run_case(const lcase *c, pg_buf *got_out)
{
    size_t n;
    char *in = read_in(c, "input.txt", &n);
    ck_assert_msg(in != NULL, "%s: no input.txt", c->name);
    pg_lint_config *cfg = case_config(c);
    pg_doc *doc = parse_with(in, n, cfg);
    pg_doc *prev[16];
    size_t np = 0;
    for (; np < 16; np++) {
        char f[32];
        size_t pn;
        snprintf(f, sizeof f, "prev%zu.txt", np + 1);
        char *p = read_in(c, f, &pn);
        if (!p)
            break;
        prev[np] = parse_with(p, pn, cfg);
        free(p);
    }
    pg_lint_result r;
    pg_error err = {0};
    ck_assert_msg(pg_lint(doc, cfg, (const pg_doc *const *)prev, np, &r, &err) == PG_OK, "%s: %s",
                  c->name, err.message);
    pg_buf got = {0};
    render(&r, &got);
    int bad = 0;
    size_t wn;
    char *want = read_in(c, "expected", &wn);
    bool update = getenv("PG_UPDATE_FIXTURES") != NULL;
    if (update)
        write_file(c, "expected", got.data ? got.data : "", got.len);
    else if (!want || wn != got.len || (wn && memcmp(want, got.data, wn))) {
        tu_show_diff(c->name, want ? want : "", want ? wn : 0, got.data ? got.data : "", got.len);
        bad = 1;
    }
    free(want);
    /* fmt: golden output when given; idempotent and clean of what it
     * fixes, always. */
    pg_buf f1 = {0}, f2 = {0};
    bool changed = false;
    ck_assert(pg_fmt(in, n, cfg, pg_buf_write, &f1, &changed, &err) == PG_OK);
    size_t fn;
    char *fixed = read_in(c, "fixed.txt", &fn);
    if (fixed && update)
        write_file(c, "fixed.txt", f1.data ? f1.data : "", f1.len);
    else if (fixed && (fn != f1.len || (fn && memcmp(fixed, f1.data, fn)))) {
        tu_show_diff(c->name, fixed, fn, f1.data ? f1.data : "", f1.len);
        bad = 1;
    }
    free(fixed);
    ck_assert(pg_fmt(f1.data ? f1.data : "", f1.len, cfg, pg_buf_write, &f2, &changed, &err) ==
              PG_OK);
    ck_assert_msg(!changed, "%s: fmt is not idempotent", c->name);
    pg_doc *fd = parse_with(f1.data ? f1.data : "", f1.len, cfg);
    pg_lint_result fr;
    ck_assert(pg_lint(fd, cfg, NULL, 0, &fr, &err) == PG_OK);
    for (size_t i = 0; i < fr.n; i++)
        ck_assert_msg(!fr.findings[i].has_fix, "%s: fmt output still has a fixable %s at %u:%u",
                      c->name, fr.findings[i].diag.rule, fr.findings[i].diag.line,
                      fr.findings[i].diag.column);
    pg_lint_result_free(&fr);
    pg_doc_free(fd);
    free(f1.data);
    free(f2.data);

    pg_lint_result_free(&r);
    for (size_t i = 0; i < np; i++)
        pg_doc_free(prev[i]);
    pg_doc_free(doc);
    pg_lint_config_free(cfg);
    free(in);
    *got_out = got;
    return bad;
}

START_TEST(lint_fixtures)
{
    lcase *cases;
    size_t n = list_cases(&cases);
    ck_assert_msg(n > 0, "no fixtures under " LINT_DIR);
    int failed = 0;
    /* Per rule: a firing case that reports it, a clean case that does not. */
    size_t nr = pg_lint_rule_count();
    int *fires = calloc(nr, sizeof *fires), *cleans = calloc(nr, sizeof *cleans);
    for (size_t i = 0; i < n; i++) {
        pg_buf got = {0};
        if (run_case(&cases[i], &got)) {
            fprintf(stderr, "lint fixture %s: mismatch\n", cases[i].name);
            failed++;
        }
        for (size_t k = 0; k < nr; k++) {
            const char *id = pg_lint_rule_at(k)->id;
            size_t il = strlen(id);
            char tag[80];
            snprintf(tag, sizeof tag, "[%s]", id);
            bool has = contains(got.data, got.len, tag);
            if (!strncmp(cases[i].name, id, il) && !strncmp(cases[i].name + il, "-fire", 5)) {
                ck_assert_msg(has, "%s: expected a [%s] finding", cases[i].name, id);
                fires[k]++;
            }
            if (!strncmp(cases[i].name, id, il) && !strncmp(cases[i].name + il, "-clean", 6)) {
                ck_assert_msg(!has, "%s: reports [%s]", cases[i].name, id);
                cleans[k]++;
            }
        }
        free(got.data);
    }
    for (size_t k = 0; k < nr; k++) {
        const char *id = pg_lint_rule_at(k)->id;
        if (!strcmp(id, "match-limit"))
            continue; /* parser's work limit: tested with the parser */
        ck_assert_msg(fires[k] > 0, "rule %s has no firing fixture", id);
        ck_assert_msg(cleans[k] > 0, "rule %s has no clean fixture", id);
    }
    free(fires);
    free(cleans);
    free(cases);
    ck_assert_msg(failed == 0, "%d lint fixture(s) differ", failed);
}
END_TEST

/* Hostile sizes finish (the suite's timeout is the limit): 10^5 items in
 * one section, a 10 MB line, deep quoting. */
START_TEST(lint_pathological)
{
    pg_buf b = {0};
    pg_buf_write(&b, "Update\n\n== ARM ==\n\n", 19);
    for (int i = 0; i < 100000; i++) {
        char line[96];
        int k = snprintf(line, sizeof line, "*  Item %d (ok)\n  -  Owner\n\n", i % 50000);
        pg_buf_write(&b, line, (size_t)k);
    }
    for (int i = 0; i < 10 * 1024 * 1024 / 8; i++)
        pg_buf_write(&b, "word -- ", 8);
    pg_buf_write(&b, "\n", 1);
    for (int i = 0; i < 5000; i++)
        pg_buf_write(&b, "> ", 2);
    pg_buf_write(&b, "*  Deep (ok)\n", 13);
    pg_error err = {0};
    pg_doc *doc = pg_parse_text(b.data, b.len, NULL, &err);
    ck_assert(doc != NULL);
    pg_lint_result r;
    ck_assert(pg_lint(doc, NULL, (const pg_doc *const *)&doc, 1, &r, &err) == PG_OK);
    size_t dups = 0;
    for (size_t i = 0; i < r.n; i++)
        dups += !strcmp(r.findings[i].diag.rule, "duplicate-item");
    ck_assert_uint_eq(dups, 50000);
    pg_lint_result_free(&r);
    pg_doc_free(doc);
    free(b.data);
}
END_TEST

/* Every allocation of lint, fmt and the config reader may fail: each
 * failure comes back as PG_ERR_NOMEM, nothing leaks (ASan checks). */
START_TEST(lint_alloc_failures)
{
    static const char doc_text[] =
        "Update\n\n= Timeline =\n\n* Freeze: 10th September 2014\n* RC: 1st August 2014\n\n"
        "== ARM ==\n\n*  PSCI (Good)\n  - Parth\n\n*  GICv3 (in master)\n\n*  PSCI (ok)\n"
        "  -  Someone\n\n== Empty ==\n\n== Completed ==\n\n*  SMAP (fair)\n  -  Feng\n";
    pg_error err = {0};
    pg_doc *doc = pg_parse_text(doc_text, sizeof doc_text - 1, NULL, &err);
    ck_assert(doc != NULL);
    int ok = 0;
    for (long n = 0; n < 400; n++) {
        pg_lint_config *cfg = NULL;
        pg_lint_result r = {0};
        pg_buf out = {0};
        pg_error e1 = {0}, e2 = {0}, e3 = {0};
        pg__alloc_fail_after(n);
        cfg = pg_lint_config_new();
        pg_status s1 =
            cfg ? pg_lint_config_load_yaml(cfg, "rules: {tab: off}\nscale: [a, b]\n", 31, &e1)
                : PG_ERR_NOMEM;
        pg_status s2 = pg_lint(doc, cfg, (const pg_doc *const *)&doc, 1, &r, &e2);
        pg_status s3 = pg_fmt(doc_text, sizeof doc_text - 1, NULL, pg_buf_write, &out, NULL, &e3);
        pg__alloc_fail_after(-1);
        ck_assert(s1 == PG_OK || s1 == PG_ERR_NOMEM);
        ck_assert(s2 == PG_OK || s2 == PG_ERR_NOMEM);
        /* (the test's pg_buf sink allocates through the library too) */
        ck_assert_msg(s3 == PG_OK || s3 == PG_ERR_NOMEM || s3 == PG_ERR_IO, "fmt: %s", e3.message);
        if (s2 != PG_OK)
            ck_assert(r.n == 0 && r.findings == NULL);
        if (s1 == PG_OK && s2 == PG_OK && s3 == PG_OK)
            ok++;
        pg_lint_result_free(&r);
        pg_lint_config_free(cfg);
        free(out.data);
    }
    ck_assert_msg(ok > 0, "never got through: raise the loop bound");
    pg_doc_free(doc);
}
END_TEST

/* Messages belong to the result (they outlive the document), are cut at
 * PG_DIAG_MESSAGE_MAX on a character boundary, and can be replaced. */
START_TEST(lint_messages_owned)
{
    char text[1024];
    size_t n = (size_t)snprintf(text, sizeof text, "Update\n\n==  ");
    for (int i = 0; i < 150; i++) /* a 300-byte heading quoted by malformed-heading */
        n += (size_t)snprintf(text + n, sizeof text - n, "\xC3\xA9");
    n += (size_t)snprintf(text + n, sizeof text - n,
                          " ==\n\n*  A (ok)\n  -  X\n\n*  A (ok)\n  -  Y\n");
    pg_error err = {0};
    pg_doc *doc = pg_parse_text(text, n, NULL, &err);
    ck_assert(doc != NULL);
    ck_assert_uint_ge(pg_doc_diag_count(doc), 1);
    const pg_diag *pd = pg_doc_diag(doc, 0);
    ck_assert_str_eq(pd->rule, "malformed-heading");
    size_t bad;
    ck_assert_uint_le(strlen(pd->message), PG_DIAG_MESSAGE_MAX);
    ck_assert_uint_ge(strlen(pd->message), PG_DIAG_MESSAGE_MAX - 3);
    ck_assert(pg__utf8_valid(pd->message, strlen(pd->message), &bad));
    pg_lint_result r = {0};
    ck_assert_int_eq(pg_lint(doc, NULL, NULL, 0, &r, &err), PG_OK);
    pg_doc_free(doc); /* the result keeps its own copies */
    bool heading = false, dup = false;
    for (size_t i = 0; i < r.n; i++) {
        const char *m = r.findings[i].diag.message;
        ck_assert_uint_le(strlen(m), PG_DIAG_MESSAGE_MAX);
        ck_assert_msg(pg__utf8_valid(m, strlen(m), &bad), "cut inside a character: %s", m);
        heading |= !strcmp(r.findings[i].diag.rule, "malformed-heading");
        dup |= !strcmp(r.findings[i].diag.rule, "duplicate-item");
    }
    ck_assert(heading && dup);
    ck_assert_int_eq(pg_lint_result_set_message(&r, 0, "renumbered: line 9", &err), PG_OK);
    ck_assert_str_eq(r.findings[0].diag.message, "renumbered: line 9");
    char longer[400];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    ck_assert_int_eq(pg_lint_result_set_message(&r, 0, longer, &err), PG_OK);
    ck_assert_uint_eq(strlen(r.findings[0].diag.message), PG_DIAG_MESSAGE_MAX);
    ck_assert_int_eq(pg_lint_result_set_message(&r, r.n, "x", &err), PG_ERR_ARG);
    ck_assert_int_eq(pg_lint_result_set_message(&r, 0, NULL, &err), PG_ERR_ARG);
    pg_lint_result_free(&r);
    ck_assert_int_eq(pg_lint_result_set_message(&r, 0, "x", &err), PG_ERR_ARG);
}
END_TEST

/* An older dialect written consistently ("* X", " - Owner"): the spacing
 * findings the walk makes before it knows the document's habit are
 * dropped, and their messages and fixes with them. */
START_TEST(dropped_findings_keep_no_strings)
{
    enum {
        ITEMS = 20000
    };
    size_t cap = 64 + ITEMS * 64, n = 0;
    char *text = malloc(cap);
    ck_assert_ptr_nonnull(text);
    n += (size_t)snprintf(text, cap, "Xen 4.5 development update\n\n= Open =\n\n== ARM ==\n");
    for (int i = 0; i < ITEMS; i++)
        n += (size_t)snprintf(text + n, cap - n, "\n* Item %05d, older dialect (ok)\n - Ann\n", i);
    pg_error err = {0};
    pg_doc *doc = pg_parse_text(text, n, NULL, &err);
    ck_assert_ptr_nonnull(doc);
    pg_lint_result r = {0};
    ck_assert_int_eq(pg_lint(doc, NULL, NULL, 0, &r, &err), PG_OK);
    ck_assert_uint_eq(r.n, 0);
    /* 40,000 messages and fixes kept would be megabytes. */
    ck_assert_uint_le(r.store->strs.total, 128 * 1024);
    pg_lint_result_free(&r);
    pg_doc_free(doc);
    free(text);
}
END_TEST

/* pg__lint_norm_title (eight bytes a step) against the plain byte loop
 * it replaced, on strings of the bytes that matter to it: letters on
 * either side of 'A'..'Z', whitespace runs at every offset, control and
 * high bytes, trailing dots; every cap up to past the length. */
static size_t norm_title_bytewise(const char *t, size_t n, char *out, size_t cap)
{
    size_t o = 0, i = 0;
    while (i < n && o < cap) {
        unsigned char ch = (unsigned char)t[i];
        if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') {
            out[o++] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
            i++;
            continue;
        }
        while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
            i++;
        if (i < n && o > 0)
            out[o++] = ' ';
    }
    while (o > 0 && (out[o - 1] == '.' || out[o - 1] == ' '))
        o--;
    return o;
}

START_TEST(norm_title_bytes)
{
    static const char alpha[] = "aZA@[`{z. \t\n\r\x01\x7F\x80\xC3\xDA\xFF  ";
    unsigned seed = 12345;
    char t[48], got[64], want[64];
    for (int round = 0; round < 20000; round++) {
        size_t n = (seed = seed * 1103515245u + 12345u) >> 16 & 31;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            t[i] = alpha[(seed >> 16) % (sizeof alpha - 1)];
        }
        for (size_t cap = 1; cap <= n + 9; cap++) {
            size_t w = norm_title_bytewise(t, n, want, cap);
            size_t g = pg__lint_norm_title(pg__str(t, n), got, cap);
            ck_assert_uint_eq(g, w);
            ck_assert_msg(!memcmp(got, want, w), "round %d cap %zu", round, cap);
        }
    }
}
END_TEST

extern Suite *lint_suite(void);
Suite *lint_suite(void)
{
    Suite *s = suite_create("lint");
    TCase *tc = tcase_create("fixtures");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, lint_fixtures);
    tcase_add_test(tc, lint_pathological);
    tcase_add_test(tc, lint_alloc_failures);
    tcase_add_test(tc, lint_messages_owned);
    tcase_add_test(tc, dropped_findings_keep_no_strings);
    tcase_add_test(tc, norm_title_bytes);
    suite_add_tcase(s, tc);
    return s;
}
