/* derive.c - facts the model derives from prose and does not store as
 * data: the declared scale and its meanings, "Last updated:", and the
 * comments a replier wrote after quoted items.  The parser and the
 * JSON/YAML readers both end with pg__doc_finish(), so a document means
 * the same whichever form it was read from. */
#include "lines.h"

#include <stdio.h>

/* pass 0: "The states are: a -> b"; pass 1: definitions, last update. */
int pg__prose_fact(pg_doc *doc, pg_matcher *m, const char *c, size_t n, int pass)
{
    pg_str cap[2];
    if (pass == 0) {
        if (doc->scale_declared || !pg__match(m, PG_PAT_SCALE_DECL, c, n, cap, 1))
            return 0;
        pg_str states[PG_MAX_SCALE];
        size_t k = 0;
        const char *s = cap[0].ptr, *e = s + cap[0].len;
        while (s < e && k < PG_MAX_SCALE) {
            const char *a = s;
            while (a + 1 < e && !(a[0] == '-' && a[1] == '>'))
                a++;
            if (a + 1 >= e)
                a = e;
            pg_str st = pg__trim(pg__str(s, (size_t)(a - s)));
            if (st.len)
                states[k++] = st;
            s = a < e ? a + 2 : e;
        }
        if (k >= 2)
            return pg__doc_set_scale(doc, states, k, true);
        return 0;
    }
    if (!doc->last_updated.ptr && n > 13 && pg__match(m, PG_PAT_LAST_UPDATED, c, n, cap, 1))
        doc->last_updated = cap[0];
    if (n < 200 && n && c[0] != ' ' && memchr(c, '-', n) &&
        pg__match(m, PG_PAT_SCALE_DEF, c, n, cap, 2)) {
        int r = pg_doc_state_rank(doc, pg__trim(cap[0]));
        if (r >= 0 && !doc->meaning[r].ptr)
            doc->meaning[r] = cap[1];
    }
    return 0;
}

/* Call fn for each line of a "\n"-separated text. */
typedef int (*line_fn)(void *ctx, const char *line, size_t n);
static int each_line(pg_str t, line_fn fn, void *ctx)
{
    size_t i = 0;
    while (t.ptr && i < t.len) {
        const char *nl = memchr(t.ptr + i, '\n', t.len - i);
        size_t e = nl ? (size_t)(nl - t.ptr) : t.len;
        int rc = fn(ctx, t.ptr + i, e - i);
        if (rc)
            return rc;
        i = e + 1;
    }
    return 0;
}

typedef struct fact_ctx {
    pg_doc *doc;
    pg_matcher *m;
    int pass;
} fact_ctx;

static int fact_line(void *vctx, const char *s, size_t n)
{
    fact_ctx *f = vctx;
    uint32_t depth, q;
    pg__quote_prefix(s, n, &depth, &q);
    return pg__prose_fact(f->doc, f->m, s + q, n - q, f->pass);
}

/* The text parser reads a scale declaration on any line, an item's
 * body lines too ("\tThe states are: ..." under an item): read them here
 * as the text writer writes them, in the same order, so the first
 * declaration is the same one. */
static int facts_body(fact_ctx *f, const pg_item *it)
{
    pg_buf line = {0};
    int rc = 0;
    for (size_t i = 0; i < it->n_entries && !rc; i++) {
        line.len = 0;
        rc = pg__entry_line(f->doc, it, &it->entries[i], &line) < 0 ? -1 : 0;
        if (!rc)
            rc = each_line(pg__str(line.data ? line.data : "", line.len), fact_line, f);
    }
    pg__free(line.data);
    return rc;
}

static int facts_section(fact_ctx *f, const pg_section *s)
{
    if (each_line(s->text, fact_line, f))
        return -1;
    for (size_t i = 0; i < s->n_items; i++)
        if ((f->pass == 0 && facts_body(f, &s->items[i])) ||
            each_line(s->items[i].text, fact_line, f))
            return -1;
    for (size_t i = 0; i < s->n_sections; i++)
        if (facts_section(f, &s->sections[i]))
            return -1;
    return 0;
}

/* --------------------------------------------------------- comments */

typedef struct comment_ctx {
    pg_doc *doc;
    pg_matcher *m;
    const pg_item *it;
    pg_vec out;  /* of pg_str */
    pg_buf para; /* paragraph being collected */
    bool in_para, stopped, nomem;
} comment_ctx;

static void end_para(comment_ctx *c)
{
    if (!c->in_para)
        return;
    c->in_para = false;
    pg_str *slot = pg__vec_push(&c->out);
    pg_str s = pg__arena_str(&c->doc->arena, c->para.data ? c->para.data : "", c->para.len);
    if (!slot || !s.ptr) {
        c->nomem = true;
        return;
    }
    *slot = s;
    c->para.len = 0;
}

static int comment_line(void *vctx, const char *s, size_t n)
{
    comment_ctx *c = vctx;
    if (c->stopped)
        return 0;
    uint32_t depth, q;
    pg__quote_prefix(s, n, &depth, &q);
    pg_line l;
    memset(&l, 0, sizeof l);
    (void)pg__classify(c->m, s + q, n - q, &l);
    if (depth >= c->it->quote || l.kind == LK_BLANK ||
        (l.flags & (LF_SNIP | LF_ATTRIBUTION | LF_ORIGINAL))) {
        end_para(c);
        return 0;
    }
    if (l.flags & (LF_SIGNATURE | LF_FOOTER)) { /* the rest is furniture */
        end_para(c);
        c->stopped = true;
        return 0;
    }
    if (c->in_para && pg__buf_putc(&c->para, '\n'))
        c->nomem = true;
    size_t len = n - q;
    while (len && (s[q + len - 1] == ' ' || s[q + len - 1] == '\t' || s[q + len - 1] == '\r'))
        len--;
    if (pg__buf_put(&c->para, s + q, len))
        c->nomem = true;
    c->in_para = true;
    return 0;
}

static int comments_item(pg_doc *doc, pg_matcher *m, pg_item *it)
{
    if (it->quote == 0 && !it->comments) /* unquoted items have none */
        return 0;
    it->comments = NULL;
    it->n_comments = 0;
    if (it->quote == 0 || !it->text.ptr || !it->text.len)
        return 0;
    comment_ctx c = {.doc = doc, .m = m, .it = it, .out = {.elem = sizeof(pg_str)}};
    each_line(it->text, comment_line, &c);
    end_para(&c);
    if (!c.nomem && c.out.len) {
        it->comments = pg__arena_alloc(&doc->arena, c.out.len * sizeof(pg_str));
        if (it->comments) {
            memcpy(it->comments, c.out.data, c.out.len * sizeof(pg_str));
            it->n_comments = c.out.len;
        } else {
            c.nomem = true;
        }
    }
    pg__vec_free(&c.out);
    pg__free(c.para.data);
    return c.nomem ? -1 : 0;
}

int pg__comments_section(pg_doc *doc, pg_matcher *m, pg_section *s)
{
    for (size_t i = 0; i < s->n_items; i++)
        if (comments_item(doc, m, &s->items[i]))
            return -1;
    for (size_t i = 0; i < s->n_sections; i++)
        if (pg__comments_section(doc, m, &s->sections[i]))
            return -1;
    return 0;
}

pg_status pg__doc_finish(pg_doc *doc, pg_error *err)
{
    pg_matcher m;
    pg_status st = pg__matcher_init(&m, err);
    if (st != PG_OK)
        return st;
    int rc = 0;
    if (!doc->source.ptr) {
        /* Read from JSON/YAML: derive the scale from the prose as the
         * text parser does (the parser did it before grouping). */
        fact_ctx f = {.doc = doc, .m = &m, .pass = 0};
        rc = facts_section(&f, &doc->root);
        f.pass = 1;
        if (!rc)
            rc = facts_section(&f, &doc->root);
    }
    if (!rc)
        rc = pg__comments_section(doc, &m, &doc->root);
    pg__matcher_free(&m);
    if (rc) {
        pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
        return PG_ERR_NOMEM;
    }
    return PG_OK;
}

static pg_status validate_section(const pg_doc *doc, const pg_section *s, char *path, size_t plen,
                                  pg_error *err)
{
    for (size_t i = 0; i < s->n_items; i++) {
        const pg_item *it = &s->items[i];
        if (it->state.ptr && pg_doc_state_rank(doc, it->state) < 0) {
            char full[200];
            snprintf(full, sizeof full, "%.*s/items/%zu/state", (int)plen, path, i);
            pg__error(err, PG_ERR_SCHEMA, 0, 0, full, "state '%.*s' is not on the document's scale",
                      (int)it->state.len, it->state.ptr);
            return PG_ERR_SCHEMA;
        }
    }
    for (size_t i = 0; i < s->n_sections; i++) {
        char sub[160];
        int n = snprintf(sub, sizeof sub, "%.*s/sections/%zu", (int)plen, path, i);
        if (n < 0 || (size_t)n >= sizeof sub)
            n = (int)sizeof sub - 1;
        pg_status st = validate_section(doc, &s->sections[i], sub, (size_t)n, err);
        if (st != PG_OK)
            return st;
    }
    return PG_OK;
}

pg_status pg__doc_validate_states(const pg_doc *doc, pg_error *err)
{
    char root[1] = "";
    return validate_section(doc, &doc->root, root, 0, err);
}
