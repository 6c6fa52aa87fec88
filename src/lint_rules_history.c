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
 */
#include "lint_internal.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct hitem {
    char t[160];
    size_t n;
    pg_str title;
    pg_str state;
    pg_str tag;
    pg_str section;
    uint32_t line;
    bool open; /* not done, in a section that tracks states */
} hitem;

typedef struct hlist {
    hitem *v;
    size_t n;
} hlist;

static int cmp_h(const void *a, const void *b)
{
    const hitem *x = a, *y = b;
    size_t m = x->n < y->n ? x->n : y->n;
    int r = memcmp(x->t, y->t, m);
    if (r)
        return r;
    return (x->n > y->n) - (x->n < y->n);
}

static void gather(const pg__lint_ctx *c, const pg_section *s, bool closed, pg_vec *v, bool *nomem)
{
    const pg_lint_config *cfg = c->cfg;
    closed |= s->level > 0 && pg__lint_title_matches(s->title, cfg->no_state, cfg->n_no_state);
    int top = (int)pg_doc_scale_size(c->doc) - 1;
    for (size_t i = 0; i < s->n_items && !*nomem; i++) {
        const pg_item *it = &s->items[i];
        if (it->date.ptr || it->quote)
            continue;
        hitem *h = pg__vec_push(v);
        if (!h) {
            *nomem = true;
            return;
        }
        h->n = pg__lint_norm_title(it->title, h->t, sizeof h->t);
        h->title = it->title;
        h->state = it->state;
        h->tag = it->tag;
        h->section = s->title;
        h->line = it->line;
        int r = it->state.ptr ? pg_doc_state_rank(c->doc, it->state) : -1;
        h->open = !closed && r < top;
    }
    for (size_t i = 0; i < s->n_sections; i++)
        gather(c, &s->sections[i], closed, v, nomem);
}

static hlist list_of(const pg__lint_ctx *c, const pg_doc *d, bool *nomem)
{
    pg_vec v = {0};
    v.elem = sizeof(hitem);
    gather(c, pg_doc_root(d), false, &v, nomem);
    if (v.len)
        qsort(v.data, v.len, sizeof(hitem), cmp_h);
    hlist l = {v.data, v.len};
    return l;
}

static const hitem *find(const hlist *l, const hitem *key)
{
    return l->n ? bsearch(key, l->v, l->n, sizeof *key, cmp_h) : NULL;
}

static int rank(const pg__lint_ctx *c, pg_str st)
{
    return st.ptr ? pg_doc_state_rank(c->doc, st) : -1;
}

static bool same_progress(const pg__lint_ctx *c, const hitem *a, const hitem *b)
{
    return rank(c, a->state) == rank(c, b->state) && pg__str_ieq(a->tag, b->tag);
}

static void judge(pg__lint_ctx *c, const hitem *cur, const hlist *prev)
{
    int r = rank(c, cur->state);
    /* state-regressed: the latest earlier update that ranks the item. */
    for (size_t p = c->n_prev; r >= 0 && p-- > 0;) {
        const hitem *h = find(&prev[p], cur);
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
    if (!cur->open)
        return;
    /* stale-item: unchanged in this update and the ones just before it,
     * N updates in all (stale-after, default 3). */
    size_t k = 1;
    for (size_t p = c->n_prev; p-- > 0;) {
        const hitem *h = find(&prev[p], cur);
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

/* Where to report an item that is gone: its old section's heading in
 * this document, else line 1. */
static uint32_t section_line(const pg_section *s, pg_str title)
{
    if (s->level > 0 && pg__str_ieq(s->title, title))
        return s->line;
    for (size_t i = 0; i < s->n_sections; i++) {
        uint32_t l = section_line(&s->sections[i], title);
        if (l)
            return l;
    }
    return 0;
}

static int cmp_line(const void *a, const void *b)
{
    const hitem *x = *(const hitem *const *)a, *y = *(const hitem *const *)b;
    return (x->line > y->line) - (x->line < y->line);
}

static void dropped(pg__lint_ctx *c, const hlist *cur, const hlist *last)
{
    int top = (int)pg_doc_scale_size(c->doc) - 1;
    const hitem **gone = pg__malloc((last->n ? last->n : 1) * sizeof *gone);
    if (!gone) {
        c->nomem = true;
        return;
    }
    size_t ng = 0;
    for (size_t i = 0; i < last->n; i++)
        if (last->v[i].open && last->v[i].n && !find(cur, &last->v[i]))
            gone[ng++] = &last->v[i];
    if (ng)
        qsort(gone, ng, sizeof *gone, cmp_line); /* the old document's order */
    for (size_t i = 0; i < ng; i++) {
        const hitem *h = gone[i];
        uint32_t l = h->section.ptr ? section_line(pg_doc_root(c->doc), h->section) : 0;
        pg_str done = pg_doc_scale_state(c->doc, (size_t)top);
        char was[80];
        if (h->state.ptr)
            snprintf(was, sizeof was, "`%.*s`", (int)(h->state.len > 60 ? 60 : h->state.len),
                     h->state.ptr);
        else
            snprintf(was, sizeof was, "no state");
        pg__lint_add(c, "item-dropped", l ? l : 1, 1, 0, 0,
                     "item `%.*s` (%s in the previous update) is gone without reaching `%.*s`",
                     (int)(h->title.len > 60 ? 60 : h->title.len), h->title.ptr, was, (int)done.len,
                     done.ptr);
    }
    pg__free(gone);
}

void pg__lint_rules_history(pg__lint_ctx *c)
{
    if (!c->n_prev)
        return;
    hlist *prev = pg__calloc(c->n_prev, sizeof *prev);
    if (!prev) {
        c->nomem = true;
        return;
    }
    for (size_t p = 0; p < c->n_prev && !c->nomem; p++)
        prev[p] = list_of(c, c->prev[p], &c->nomem);
    hlist cur = list_of(c, c->doc, &c->nomem);
    for (size_t i = 0; i < cur.n && !c->nomem; i++)
        if (cur.v[i].n)
            judge(c, &cur.v[i], prev);
    if (!c->nomem)
        dropped(c, &cur, &prev[c->n_prev - 1]);
    for (size_t p = 0; p < c->n_prev; p++)
        pg__free(prev[p].v);
    pg__free(prev);
    pg__free(cur.v);
}
