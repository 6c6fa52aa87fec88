/*
 * fmt.c - the canonical text of an update: parse, apply every safe fix
 * the lint rules offer (spacing of bullets, owners and headings, state
 * spelling, trailing spaces, tabs, soft breaks for long lines), repeat
 * until nothing changes.  Only the bytes a fix names change.
 *
 * Each round is checked against the tree: the fixed text must parse to
 * the same items, states, owners and titles (prose compared with
 * whitespace runs folded).  A round that changes meaning is retried one
 * fix at a time and fixes that would change it are left out.
 */
#include "lint_internal.h"

#define FMT_ROUNDS  32
#define FMT_SINGLES 64

/* --------------------------------------------------------- same meaning */

static bool ws(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; }

static bool same_text(pg_str a, pg_str b)
{
    if (!a.ptr || !b.ptr)
        return !a.ptr == !b.ptr || (a.ptr ? a.len : b.len) == 0;
    size_t i = 0, j = 0;
    for (;;) {
        bool sa = false, sb = false;
        while (i < a.len && ws(a.ptr[i]))
            i++, sa = true;
        while (j < b.len && ws(b.ptr[j]))
            j++, sb = true;
        if (i == a.len || j == b.len)
            return i == a.len && j == b.len;
        if ((sa != sb && i > 0 && j > 0) || a.ptr[i] != b.ptr[j])
            return false;
        i++, j++;
    }
}

static bool same_item(const pg_item *x, const pg_item *y)
{
    if (!same_text(x->title, y->title) || !pg__str_eq(x->state, y->state) ||
        !same_text(x->tag, y->tag) || !same_text(x->date, y->date) || x->here != y->here ||
        !same_text(x->patch, y->patch) || !same_text(x->url, y->url) || x->quote != y->quote ||
        x->n_entries != y->n_entries || !same_text(x->text, y->text))
        return false;
    for (size_t i = 0; i < x->n_entries; i++) {
        const pg_entry *a = &x->entries[i], *b = &y->entries[i];
        if (a->kind != b->kind || !same_text(a->key, b->key) || !same_text(a->value, b->value))
            return false;
    }
    return true;
}

static bool same_section(const pg_section *x, const pg_section *y)
{
    if (!same_text(x->title, y->title) || x->level != y->level || x->label != y->label ||
        x->n_items != y->n_items || x->n_sections != y->n_sections || !same_text(x->text, y->text))
        return false;
    for (size_t i = 0; i < x->n_items; i++)
        if (!same_item(&x->items[i], &y->items[i]))
            return false;
    for (size_t i = 0; i < x->n_sections; i++)
        if (!same_section(&x->sections[i], &y->sections[i]))
            return false;
    return true;
}

static bool same_doc(const pg_doc *a, const pg_doc *b)
{
    return same_text(pg_doc_subject(a), pg_doc_subject(b)) &&
           same_section(pg_doc_root(a), pg_doc_root(b));
}

/* ------------------------------------------------------------- rounds */

typedef struct fmt_run {
    const pg_lint_config *lint; /* fixable rules only */
    pg_parse_options opts;
    pg_error *err;
} fmt_run;

static pg_doc *parse(fmt_run *r, const char *p, size_t n)
{
    return pg_parse_text(p, n, &r->opts, r->err);
}

/* Apply the fixes of res to (p, n); with only >= 0 just that one. */
static pg_status apply(const char *p, size_t n, const pg_lint_result *res, long only, pg_buf *out,
                       pg_error *err)
{
    out->len = 0;
    if (only < 0)
        return pg_lint_apply_fixes(p, n, res, pg_buf_write, out, NULL, err);
    pg_lint_result one = {(pg_finding *)&res->findings[only], 1, res->store};
    return pg_lint_apply_fixes(p, n, &one, pg_buf_write, out, NULL, err);
}

/* One round: returns 1 when cur changed, 0 when stable, -1 on error. */
static int round_once(fmt_run *r, pg_buf *cur, const pg_doc *doc)
{
    pg_lint_result res;
    if (pg_lint(doc, r->lint, NULL, 0, &res, r->err) != PG_OK)
        return -1;
    size_t nfix = 0;
    for (size_t i = 0; i < res.n; i++)
        nfix += res.findings[i].has_fix;
    int rc = 0;
    pg_buf next = {0};
    /* All fixes at once; if that changes the meaning, one at a time (at
     * most FMT_SINGLES tries: each costs a parse). */
    int singles = 0;
    for (long only = -1; nfix && only < (long)res.n && rc == 0; only++) {
        if (only >= 0 && !res.findings[only].has_fix)
            continue;
        if (only >= 0 && ++singles > FMT_SINGLES)
            break;
        if (apply(cur->data, cur->len, &res, only, &next, r->err) != PG_OK) {
            rc = -1;
            break;
        }
        if (next.len == cur->len &&
            (cur->len == 0 || (next.data && cur->data && !memcmp(next.data, cur->data, cur->len))))
            continue;
        pg_doc *nd = parse(r, next.data ? next.data : "", next.len);
        if (!nd) {
            rc = -1;
            break;
        }
        bool same = same_doc(doc, nd);
        pg_doc_free(nd);
        if (same) {
            pg_buf t = *cur;
            *cur = next;
            next = t;
            rc = 1;
        }
    }
    pg__free(next.data);
    pg_lint_result_free(&res);
    return rc;
}

pg_status pg_fmt(const char *buf, size_t len, const pg_lint_config *cfg, pg_write_fn write,
                 void *ctx, bool *changed, pg_error *err)
{
    pg__error_reset(err);
    if ((!buf && len) || !write) {
        pg__error(err, PG_ERR_ARG, 0, 0, "", "pg_fmt: bad argument");
        return PG_ERR_ARG;
    }
    pg_lint_config *lc = pg__lint_config_dup(cfg);
    if (!lc) {
        pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
        return PG_ERR_NOMEM;
    }
    for (size_t i = 0; i < pg_lint_rule_count(); i++)
        if (!pg_lint_rule_at(i)->fixable)
            lc->sev[i] = PG_SEV_OFF;
    pg_error local = {0}; /* the caller's err may hold an older error */
    fmt_run r = {lc, {0}, &local};
    r.opts.default_scale = pg_lint_config_scale(lc, &r.opts.n_default_scale);

    pg_buf cur = {0};
    pg_status st = PG_OK;
    if (pg__buf_put(&cur, buf ? buf : "", len) < 0)
        st = PG_ERR_NOMEM;
    for (int round = 0; st == PG_OK && round < FMT_ROUNDS; round++) {
        pg_doc *doc = parse(&r, cur.data ? cur.data : "", cur.len);
        if (!doc) {
            st = local.code ? local.code : PG_ERR_NOMEM;
            break;
        }
        int rc = round_once(&r, &cur, doc);
        pg_doc_free(doc);
        if (rc < 0) /* our own buffers refusing bytes is memory running out */
            st = local.code && local.code != PG_ERR_IO ? local.code : PG_ERR_NOMEM;
        if (rc <= 0)
            break;
    }
    if (st == PG_OK) {
        if (changed)
            *changed = cur.len != len || (len && (!cur.data || memcmp(cur.data, buf, len)));
        if (write(ctx, cur.data ? cur.data : "", cur.len)) {
            pg__error(err, PG_ERR_IO, 0, 0, "", "write failed");
            st = PG_ERR_IO;
        }
    } else {
        pg__error(err, st, local.line, local.column, local.path, "%s",
                  local.code ? local.message : "out of memory");
    }
    pg__free(cur.data);
    pg_lint_config_free(lc);
    return st;
}
