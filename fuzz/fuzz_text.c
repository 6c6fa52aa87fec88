/* fuzz_text - libFuzzer target: the text parser.  Oracles: rendering the
 * parsed document gives back the input byte for byte; text -> JSON ->
 * text and text -> YAML -> text are identical; a parse on three threads
 * (cut every 16 bytes at most) gives the JSON and diagnostics of one, and
 * a diagnostics-only parse the diagnostics; the
 * section-by-section conversion writes the tree's JSON and YAML, the
 * streamed lint finds the tree's lint's findings; lint's
 * findings are the same on one thread and on four, each inside the input
 * with a message of at most PG_DIAG_MESSAGE_MAX bytes of UTF-8. */
#include "fuzz_common.h"
#include "internal.h"

/* Every diagnostic, a line each. */
static void diagnostics(const pg_doc *doc, pg_buf *b)
{
    for (size_t i = 0; i < pg_doc_diag_count(doc); i++) {
        const pg_diag *d = pg_doc_diag(doc, i);
        char line[400];
        int n = snprintf(line, sizeof line, "\n%s %u:%u-%u %zu %s", d->rule, d->line, d->column,
                         d->end_column, d->offset, d->message);
        pg_buf_write(b, line, (size_t)n);
    }
}

/* JSON with lines and layout, then every diagnostic: all a caller sees. */
static void snapshot(const pg_doc *doc, pg_buf *b)
{
    pg_error err = {0};
    if (pg_render_json(doc, PG_RENDER_LAYOUT | PG_RENDER_LINES, pg_buf_write, b, &err) != PG_OK)
        pg_buf_write(b, "<no JSON>", 9);
    diagnostics(doc, b);
}

static void same_on_threads(const unsigned char *data, size_t size, const pg_doc *one)
{
    pg__parallel_min_bytes = 16;
    pg_parse_options o = {.threads = 3};
    pg_error err = {0};
    pg_doc *many = pg_parse_text((const char *)data, size, &o, &err);
    if (!many) {
        if (err.code != PG_ERR_NOMEM)
            fuzz_fail("pg_parse_text on three threads failed", NULL, NULL);
        return;
    }
    pg_buf a = {0}, b = {0};
    snapshot(one, &a);
    snapshot(many, &b);
    if (!fuzz_same(&a, &b))
        fuzz_fail("three threads parse differently from one", &a, &b);
    free(a.data);
    free(b.data);
    pg_doc_free(many);
}

/* A diagnostics-only parse (check's: items are only measured, not
 * read) finds the diagnostics of the full parse. */
static void same_diagnostics_only(const unsigned char *data, size_t size, const pg_doc *full)
{
    pg_parse_options o = {.diagnostics_only = true};
    pg_error err = {0};
    pg_doc *lean = pg_parse_text((const char *)data, size, &o, &err);
    if (!lean) {
        if (err.code != PG_ERR_NOMEM)
            fuzz_fail("a diagnostics-only parse failed", NULL, NULL);
        return;
    }
    pg_buf a = {0}, b = {0};
    diagnostics(full, &a);
    diagnostics(lean, &b);
    if (!fuzz_same(&a, &b))
        fuzz_fail("a diagnostics-only parse finds other diagnostics", &a, &b);
    free(a.data);
    free(b.data);
    pg_doc_free(lean);
}

/* pg_convert_text_* against pg_render_* of the parsed tree. */
static void same_streamed(const unsigned char *data, size_t size, const pg_doc *doc)
{
    for (int yaml = 0; yaml < 2; yaml++) {
        unsigned flags = PG_RENDER_LAYOUT | PG_RENDER_LINES | PG_RENDER_THREADS(2);
        pg_buf a = {0}, b = {0};
        pg_error e1 = {0}, e2 = {0};
        pg_status s1 = yaml ? pg_render_yaml(doc, flags, pg_buf_write, &a, &e1)
                            : pg_render_json(doc, flags, pg_buf_write, &a, &e1);
        pg_status s2 = yaml ? pg_convert_text_yaml((const char *)data, size, NULL, flags,
                                                   pg_buf_write, &b, &e2)
                            : pg_convert_text_json((const char *)data, size, NULL, flags,
                                                   pg_buf_write, &b, &e2);
        if (s2 == PG_ERR_NOMEM)
            continue;
        if (s1 != s2)
            fuzz_fail("the streamed conversion's status differs from the tree's", &a, &b);
        if (s1 == PG_OK && !fuzz_same(&a, &b))
            fuzz_fail("the streamed conversion writes other bytes than the tree", &a, &b);
        free(a.data);
        free(b.data);
    }
}

/* doc linted as its own previous version (the history rules run), or
 * alone; text: the same, linted as it is parsed (pg_lint_text_history,
 * its previous version a digest of the text made as it is parsed). */
static pg_status lint_on(const pg_doc *doc, const unsigned char *text, size_t size,
                         unsigned threads, bool history, pg_lint_result *r)
{
    pg_lint_config *cfg = pg_lint_config_new();
    if (!cfg)
        return PG_ERR_NOMEM;
    pg_lint_config_set_threads(cfg, threads);
    pg_lint_config_set_today(cfg, 2026, 11, 22);
    pg_error err = {0};
    pg_parse_options o = {.threads = threads};
    pg_status st;
    if (text) {
        pg_lint_digest *d =
            history ? pg_lint_digest_text((const char *)text, size, &o, cfg, &err) : NULL;
        const pg_lint_digest *const prev[] = {d};
        st = history && !d
                 ? err.code
                 : pg_lint_text_history((const char *)text, size, &o, cfg, prev, history, r, &err);
        pg_lint_digest_free(d);
    } else {
        st = pg_lint(doc, cfg, history ? &doc : NULL, history, r, &err);
    }
    pg_lint_config_free(cfg);
    return st;
}

static bool same_finding(const pg_finding *a, const pg_finding *b)
{
    const pg_diag *x = &a->diag, *y = &b->diag;
    return !strcmp(x->rule, y->rule) && x->severity == y->severity && x->line == y->line &&
           x->column == y->column && x->end_line == y->end_line && x->end_column == y->end_column &&
           x->offset == y->offset && !strcmp(x->message, y->message) && a->has_fix == b->has_fix &&
           (!a->has_fix || (a->fix.offset == b->fix.offset && a->fix.len == b->fix.len &&
                            a->fix.text_len == b->fix.text_len &&
                            !memcmp(a->fix.text, b->fix.text, a->fix.text_len)));
}

/* The streamed lint finds what the tree's lint finds, in order, the
 * history rules (the text as its own previous version) among them. */
static void lint_streamed(const unsigned char *data, size_t size, const pg_doc *doc)
{
    pg_lint_result tree = {0}, streamed = {0};
    pg_status st = lint_on(doc, NULL, 0, 1, true, &tree),
              ss = lint_on(NULL, data, size, 2, true, &streamed);
    if (st == PG_OK && ss == PG_OK) {
        if (tree.n != streamed.n)
            fuzz_fail("the streamed lint finds another number of findings", NULL, NULL);
        for (size_t i = 0; i < tree.n; i++)
            if (!same_finding(&tree.findings[i], &streamed.findings[i]))
                fuzz_fail("the streamed lint finds other findings than the tree's", NULL, NULL);
    } else if (st != PG_ERR_NOMEM && ss != PG_ERR_NOMEM) {
        fuzz_fail("a lint failed on a parsed document", NULL, NULL);
    }
    pg_lint_result_free(&tree);
    pg_lint_result_free(&streamed);
}

static void lint_checks(size_t size, const pg_doc *doc)
{
    pg_lint_result one = {0}, four = {0};
    pg_status s1 = lint_on(doc, NULL, 0, 1, true, &one), s4 = lint_on(doc, NULL, 0, 4, true, &four);
    if (s1 != PG_OK || s4 != PG_OK) {
        if (s1 != PG_ERR_NOMEM && s4 != PG_ERR_NOMEM)
            fuzz_fail("pg_lint failed on a parsed document", NULL, NULL);
    } else if (one.n != four.n) {
        fuzz_fail("lint on four threads finds another number of findings", NULL, NULL);
    } else {
        for (size_t i = 0; i < one.n; i++) {
            const pg_finding *f = &one.findings[i];
            if (!same_finding(f, &four.findings[i]))
                fuzz_fail("lint on four threads finds other findings", NULL, NULL);
            size_t m = strlen(f->diag.message);
            if (m > PG_DIAG_MESSAGE_MAX || !pg__utf8_valid(f->diag.message, m, NULL))
                fuzz_fail("a finding's message is too long or not UTF-8", NULL, NULL);
            if (f->diag.line > size + 1 || f->diag.end_line < f->diag.line)
                fuzz_fail("a finding outside the text's lines", NULL, NULL);
            if (f->has_fix && (f->fix.offset > size || f->fix.len > size - f->fix.offset))
                fuzz_fail("a fix outside the input", NULL, NULL);
        }
    }
    pg_lint_result_free(&one);
    pg_lint_result_free(&four);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    pg_error err = {0};
    pg_doc *doc = pg_parse_text((const char *)data, size, NULL, &err);
    if (!doc) {
        if (err.code != PG_ERR_NOMEM)
            fuzz_fail("pg_parse_text failed on content", NULL, NULL);
        return 0;
    }
    pg_buf text = {0};
    if (!fuzz_text(doc, &text))
        fuzz_fail("pg_render_text refused a parsed document", NULL, NULL);
    pg_buf in = {(char *)data, size, size};
    if (!fuzz_same(&in, &text))
        fuzz_fail("text -> text differs from the input", &in, &text);
    free(text.data);
    same_on_threads(data, size, doc);
    same_diagnostics_only(data, size, doc);
    same_streamed(data, size, doc);
    lint_checks(size, doc);
    lint_streamed(data, size, doc);
    fuzz_render_all(doc);
    pg_doc_free(doc);
    return 0;
}
