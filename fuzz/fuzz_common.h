/* fuzz_common.h - what every libFuzzer target of fuzz/ shares: render a
 * document with every renderer, and the round-trip oracles.  A broken
 * oracle calls abort() so libFuzzer records the input as a crash. */
#ifndef PG_FUZZ_COMMON_H
#define PG_FUZZ_COMMON_H

#include "internal.h" /* pg__utf8_valid */
#include "prognosis.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Inputs larger than this are ignored: the hostile-input suite covers
 * big inputs; the fuzzer's time is better spent on structure. */
#define FUZZ_MAX_INPUT (1u << 20)

static inline void fuzz_fail(const char *what, const pg_buf *a, const pg_buf *b)
{
    fprintf(stderr, "fuzz oracle broken: %s\n", what);
    if (a)
        fprintf(stderr, "--- first (%zu bytes)\n%.*s\n", a->len,
                (int)(a->len > 2000 ? 2000 : a->len), a->data ? a->data : "");
    if (b)
        fprintf(stderr, "--- second (%zu bytes)\n%.*s\n", b->len,
                (int)(b->len > 2000 ? 2000 : b->len), b->data ? b->data : "");
    abort();
}

static inline bool fuzz_same(const pg_buf *a, const pg_buf *b)
{
    return a->len == b->len && (a->len == 0 || !memcmp(a->data, b->data, a->len));
}

/* The text of doc, or false when the renderer refused (with a status
 * other than NOMEM/IO, which must not happen into memory). */
static inline bool fuzz_text(const pg_doc *doc, pg_buf *out)
{
    pg_error err = {0};
    memset(out, 0, sizeof *out);
    pg_status st = pg_render_text(doc, pg_buf_write, out, &err);
    if (st == PG_ERR_IO || st == PG_ERR_ARG)
        fuzz_fail("pg_render_text failed into memory", NULL, NULL);
    return st == PG_OK;
}

/* text -> FORMAT -> text identical (FORMAT = JSON when json, else YAML).
 * The writer may refuse bytes its format cannot carry (ENCODING) or hit a
 * limit; whatever it writes, its own reader must load. */
static inline void fuzz_roundtrip(const pg_doc *doc, const pg_buf *text, bool json)
{
    pg_buf data = {0}, again = {0};
    pg_error err = {0};
    pg_status st = json ? pg_render_json(doc, PG_RENDER_DEFAULT, pg_buf_write, &data, &err)
                        : pg_render_yaml(doc, PG_RENDER_DEFAULT, pg_buf_write, &data, &err);
    if (st == PG_OK) {
        pg_doc *back = json ? pg_load_json(data.data, data.len, &err)
                            : pg_load_yaml(data.data, data.len, &err);
        if (!back) {
            if (err.code != PG_ERR_NOMEM && err.code != PG_ERR_LIMIT) {
                fprintf(stderr, "%s reader: %u:%u %s: %s\n", json ? "JSON" : "YAML", err.line,
                        err.column, err.path, err.message);
                fuzz_fail(json ? "own JSON does not load" : "own YAML does not load", &data, NULL);
            }
        } else {
            if (fuzz_text(back, &again) && !fuzz_same(text, &again))
                fuzz_fail(json ? "text -> JSON -> text differs" : "text -> YAML -> text differs",
                          text, &again);
            pg_doc_free(back);
        }
    }
    free(data.data);
    free(again.data);
}

/* Every renderer once (flags varied), then both round trips. */
static inline void fuzz_render_all(const pg_doc *doc)
{
    pg_buf text = {0}, b = {0};
    pg_error err = {0};
    if (!fuzz_text(doc, &text)) {
        free(text.data);
        return;
    }
    static const unsigned flags[] = {PG_RENDER_DEFAULT, PG_RENDER_LINES, PG_RENDER_COMPACT, 0};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        b.len = 0;
        (void)pg_render_json(doc, flags[i], pg_buf_write, &b, &err);
        b.len = 0;
        (void)pg_render_yaml(doc, flags[i], pg_buf_write, &b, &err);
    }
    free(b.data);
    /* Walk the tree through the accessors, as a library user would. */
    (void)pg_doc_subject(doc);
    for (size_t i = 0; i < pg_doc_scale_size(doc); i++)
        (void)pg_doc_state_rank(doc, pg_doc_scale_state(doc, i));
    for (size_t i = 0; i < pg_doc_diag_count(doc); i++)
        if (!pg_doc_diag(doc, i)->rule)
            fuzz_fail("diagnostic without a rule", NULL, NULL);
    fuzz_roundtrip(doc, &text, true);
    fuzz_roundtrip(doc, &text, false);
    free(text.data);
}

/* lint on a loaded document (no source: findings at line 0 or its
 * items' lines): no crash, every message UTF-8 within the limit. */
static inline void fuzz_lint_loaded(const pg_doc *doc)
{
    pg_lint_result r = {0};
    pg_error err = {0};
    if (pg_lint(doc, NULL, &doc, 1, &r, &err) != PG_OK) {
        if (err.code != PG_ERR_NOMEM)
            fuzz_fail("pg_lint failed on a loaded document", NULL, NULL);
        return;
    }
    for (size_t i = 0; i < r.n; i++) {
        const char *m = r.findings[i].diag.message;
        size_t n = strlen(m);
        if (n > PG_DIAG_MESSAGE_MAX || !pg__utf8_valid(m, n, NULL))
            fuzz_fail("a finding's message is too long or not UTF-8", NULL, NULL);
    }
    pg_lint_result_free(&r);
}

/* The JSON and YAML targets: whatever the reader loads must render with
 * every renderer, and its text must parse back to a document that renders
 * to the same text.  name is "JSON" or "YAML". */
typedef pg_doc *(*fuzz_load_fn)(const char *, size_t, pg_error *);

static inline int fuzz_loaded(fuzz_load_fn load, const char *name, const unsigned char *data,
                              size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    pg_error err = {0};
    pg_doc *doc = load((const char *)data, size, &err);
    if (!doc) {
        if (err.code == PG_OK)
            fuzz_fail("the reader failed without an error code", NULL, NULL);
        return 0;
    }
    fuzz_render_all(doc);
    fuzz_lint_loaded(doc);
    pg_buf text = {0}, again = {0};
    if (fuzz_text(doc, &text)) {
        pg_doc *re = pg_parse_text(text.data, text.len, NULL, &err);
        char msg[64];
        if (!re) {
            snprintf(msg, sizeof msg, "text written from %s does not parse", name);
            fuzz_fail(msg, &text, NULL);
        }
        if (fuzz_text(re, &again) && !fuzz_same(&text, &again)) {
            snprintf(msg, sizeof msg, "%s -> text -> text differs", name);
            fuzz_fail(msg, &text, &again);
        }
        pg_doc_free(re);
    }
    free(text.data);
    free(again.data);
    pg_doc_free(doc);
    return 0;
}

#endif
