/*
 * lint_rules_history.c - stale-item, state-regressed, item-dropped:
 * this update judged against earlier ones (oldest first).  Items are
 * matched by title (case, spacing and a final dot ignored); states are
 * ranked on this document's scale.
 *
 * Only open items are judged: not done, and not in a section that needs
 * no state (Completed, Up for grabs, Deferred, Timeline ...).  An item
 * without a state is open too: the 4.13-era updates track versions, not
 * states, and an item that sat unchanged there is exactly what stale-item
 * is for.  "Unchanged" means the same state and the same tag ("(v7)").
 * A title written more than once is matched occurrence by occurrence
 * (the second "Foo" against the second "Foo" of the earlier update), so
 * an update judged against itself has nothing to say.
 */
#include "lint_internal.h"

#include <stdio.h>
#include <stdlib.h>

static int rank(const pg__lint_ctx *c, pg_str st)
{
    return st.ptr ? pg_doc_state_rank(c->doc, st) : -1;
}

static bool same_progress(const pg__lint_ctx *c, const pg__hitem *a, const pg__hitem *b)
{
    return rank(c, a->state) == rank(c, b->state) && pg__str_ieq(a->tag, b->tag);
}

/* Open: not done, and in a section that tracks states. */
static bool is_open(const pg__lint_ctx *c, const pg__hitem *h)
{
    return !h->closed && rank(c, h->state) < (int)pg_doc_scale_size(c->doc) - 1;
}

static void judge(pg__lint_ctx *c, const pg__hitem *cur, size_t nth)
{
    int r = rank(c, cur->state);
    /* state-regressed: the latest earlier update that ranks the item. */
    for (size_t p = c->n_prev; r >= 0 && p-- > 0;) {
        const pg__hitem *h = pg__digest_find(c->prev[p], cur, nth);
        int pr = h ? rank(c, h->state) : -1;
        if (pr < 0)
            continue;
        if (r < pr)
            pg__lint_add(c, "state-regressed", cur->line, 1, 0, 0,
                         "state went back from `%.*s` to `%.*s` since %s", (int)h->state.len,
                         h->state.ptr, (int)cur->state.len, cur->state.ptr,
                         p + 1 == c->n_prev ? "the previous update" : "an earlier update");
        break;
    }
    if (!is_open(c, cur))
        return;
    /* stale-item: unchanged in this update and the ones just before it,
     * N updates in all (stale-after, default 3). */
    size_t k = 1;
    for (size_t p = c->n_prev; p-- > 0;) {
        const pg__hitem *h = pg__digest_find(c->prev[p], cur, nth);
        if (!h || !same_progress(c, h, cur))
            break;
        k++;
    }
    if (k < c->cfg->stale_after)
        return;
    if (cur->state.ptr)
        pg__lint_add(c, "stale-item", cur->line, 1, 0, 0,
                     "state `%.*s` has not moved in the last %zu updates", (int)cur->state.len,
                     cur->state.ptr, k);
    else
        pg__lint_add(c, "stale-item", cur->line, 1, 0, 0,
                     "item `%.*s` has not changed in the last %zu updates (no state%s%.*s)",
                     (int)(cur->title.len > 60 ? 60 : cur->title.len), cur->title.ptr, k,
                     cur->tag.ptr ? ", still " : "", (int)cur->tag.len,
                     cur->tag.ptr ? cur->tag.ptr : "");
}

static int cmp_line(const void *a, const void *b)
{
    const pg__hitem *x = *(const pg__hitem *const *)a, *y = *(const pg__hitem *const *)b;
    if (x->line != y->line)
        return (x->line > y->line) - (x->line < y->line);
    return (x->order > y->order) - (x->order < y->order);
}

static void dropped(pg__lint_ctx *c, const pg_lint_digest *cur, const pg_lint_digest *last)
{
    int top = (int)pg_doc_scale_size(c->doc) - 1;
    const pg__hitem *v = last->items.data;
    const pg__hitem **gone = pg__malloc((last->items.len ? last->items.len : 1) * sizeof *gone);
    if (!gone) {
        c->nomem = true;
        return;
    }
    size_t ng = 0;
    /* Gone: no item of its title is left (of a title written twice, one
     * left is taken for either: a false "dropped" costs more than a
     * missed one). */
    for (size_t i = 0; i < last->items.len; i++)
        if (is_open(c, &v[i]) && v[i].key.len && !pg__digest_find(cur, &v[i], 0))
            gone[ng++] = &v[i];
    if (ng)
        qsort(gone, ng, sizeof *gone, cmp_line); /* the old document's order */
    for (size_t i = 0; i < ng; i++) {
        const pg__hitem *h = gone[i];
        /* Reported at its old section's heading in this document, else
         * at line 1. */
        uint32_t l = h->section.ptr ? pg__digest_section_line(cur, h->section) : 0;
        pg_str done = pg_doc_scale_state(c->doc, (size_t)top);
        char was[80];
        if (h->state.ptr)
            snprintf(was, sizeof was, "`%.*s`", (int)(h->state.len > 60 ? 60 : h->state.len),
                     h->state.ptr);
        else
            snprintf(was, sizeof was, "no state");
        pg__lint_add(c, "item-dropped", l ? l : 1, 1, 0, 0,
                     "item `%.*s` (%s in the previous update) is gone without reaching `%.*s`",
                     (int)h->title.len, h->title.ptr, was, (int)done.len, done.ptr);
    }
    pg__free(gone);
}

void pg__lint_rules_history(pg__lint_ctx *c)
{
    if (!c->n_prev)
        return;
    /* The document's own digest: a stream built it as the sections went
     * by; a tree is walked for it here. */
    pg_lint_digest own;
    const pg_lint_digest *cur = c->cur;
    if (!cur) {
        pg__digest_init(&own, c->cfg);
        pg__digest_tree(&own, pg_doc_root(c->doc));
        if (!pg__digest_finish(&own)) {
            pg__digest_clear(&own);
            c->nomem = true;
            return;
        }
        cur = &own;
    }
    const pg__hitem *v = cur->items.data;
    for (size_t i = 0, nth = 0; i < cur->items.len && !c->nomem; i++) {
        nth = pg__digest_next_nth(cur, i, nth);
        if (v[i].key.len)
            judge(c, &v[i], nth);
    }
    if (!c->nomem)
        dropped(c, cur, c->prev[c->n_prev - 1]);
    if (cur == &own)
        pg__digest_clear(&own);
}
