/*
 * history.c - each item's life over a series of updates.
 *
 * Consecutive updates are paired with pg_diff_docs (so renames keep their
 * row); an item that comes back after a gap under the same title takes
 * its old row again.  The chart counts live here too: how many items
 * stood in each state at each update (timeline entries and quoted items
 * are not work items and are not counted).
 */
#include "diff.h"

typedef struct hrow {
    pg_history_row pub;
    const pg_item **items;
    const pg_section *section;
} hrow;

struct pg_history {
    size_t n_docs;
    pg_vec rows; /* hrow */
    pg_str *states;
    size_t n_states;
    size_t *counts; /* [n_docs][n_states] */
    char none_name[9];
};

static hrow *new_row(pg_history *h, const pg_item *it, const pg_section *s, size_t k)
{
    hrow *r = pg__vec_push(&h->rows);
    if (!r)
        return NULL;
    r->items = pg__calloc(h->n_docs, sizeof *r->items);
    if (!r->items) {
        h->rows.len--;
        return NULL;
    }
    r->items[k] = it;
    r->section = s;
    return r;
}

static hrow *row_of(pg_history *h, size_t k, const pg_item *it)
{
    hrow *r = h->rows.data;
    for (size_t i = 0; i < h->rows.len; i++)
        if (r[i].items[k] == it)
            return &r[i];
    return NULL;
}

/* A row absent from update k-1 whose last item had this title. */
static hrow *row_returning(pg_history *h, size_t k, const pg_item *it, int *nomem)
{
    size_t kl, rl;
    char *key = pg__norm_title(it->title, &kl);
    if (!key) {
        *nomem = 1;
        return NULL;
    }
    hrow *r = h->rows.data, *hit = NULL;
    for (size_t i = 0; i < h->rows.len && !hit; i++) {
        if (r[i].items[k] || r[i].items[k - 1])
            continue;
        const pg_item *last = NULL;
        for (size_t j = k; j-- > 0 && !last;)
            last = r[i].items[j];
        if (!last)
            continue;
        char *rk = pg__norm_title(last->title, &rl);
        if (!rk) {
            *nomem = 1;
            break;
        }
        if (rl == kl && !memcmp(rk, key, kl))
            hit = &r[i];
        pg__free(rk);
    }
    pg__free(key);
    return hit;
}

typedef struct count_ctx {
    pg_history *h;
    const pg_doc *scale_doc;
    size_t k;
} count_ctx;

static int count_one(const pg_item *it, const pg_section *s, void *ctx)
{
    (void)s;
    count_ctx *c = ctx;
    if (it->quote || it->date.ptr || it->here)
        return 0;
    size_t none = c->h->n_states - 1;
    int r = it->state.ptr ? pg_doc_state_rank(c->scale_doc, it->state) : -1;
    size_t slot = r >= 0 && (size_t)r < none ? (size_t)r : none;
    c->h->counts[c->k * c->h->n_states + slot]++;
    return 0;
}

static int count_items(pg_history *h, const pg_doc *last, const pg_doc *d, size_t k)
{
    count_ctx c = {h, last, k};
    return pg_doc_walk(d, NULL, count_one, &c);
}

pg_history *pg_history_build(const pg_doc *const *docs, size_t n, pg_error *err)
{
    pg__error_reset(err);
    if (!docs && n) {
        pg__error(err, PG_ERR_ARG, 0, 0, "", "no documents");
        return NULL;
    }
    pg_history *h = pg__calloc(1, sizeof *h);
    pg_diff *d = NULL;
    if (!h)
        goto nomem;
    h->n_docs = n;
    h->rows.elem = sizeof(hrow);
    memcpy(h->none_name, "no state", 9);
    for (size_t k = 0; k < n; k++) {
        if (k == 0) {
            /* every item of the first update starts a row */
            pg_diff *first = pg_diff_docs(docs[0], docs[0], err);
            if (!first)
                goto fail;
            for (size_t i = 0; i < pg_diff_count(first); i++) {
                const pg_item_change *c = pg_diff_at(first, i);
                if (!new_row(h, c->new_item, c->new_section, 0)) {
                    pg_diff_free(first);
                    goto nomem;
                }
            }
            pg_diff_free(first);
            continue;
        }
        d = pg_diff_docs(docs[k - 1], docs[k], err);
        if (!d)
            goto fail;
        for (size_t i = 0; i < pg_diff_count(d); i++) {
            const pg_item_change *c = pg_diff_at(d, i);
            if (!c->new_item)
                continue;
            hrow *r = c->old_item ? row_of(h, k - 1, c->old_item) : NULL;
            int nomem = 0;
            if (!r)
                r = row_returning(h, k, c->new_item, &nomem);
            if (nomem)
                goto nomem;
            if (r) {
                r->items[k] = c->new_item;
                r->section = c->new_section;
            } else if (!new_row(h, c->new_item, c->new_section, k)) {
                goto nomem;
            }
        }
        pg_diff_free(d);
        d = NULL;
    }
    hrow *r = h->rows.data;
    for (size_t i = 0; i < h->rows.len; i++) {
        const pg_item *last = NULL;
        for (size_t j = n; j-- > 0 && !last;)
            last = r[i].items[j];
        r[i].pub.title = last ? last->title : pg__str("", 0);
        r[i].pub.section =
            r[i].section && r[i].section->title.ptr ? r[i].section->title : pg__str("", 0);
        r[i].pub.items = r[i].items;
    }
    /* chart counts, on the latest update's scale */
    const pg_doc *last_doc = n ? docs[n - 1] : NULL;
    size_t ns = last_doc ? pg_doc_scale_size(last_doc) : 0;
    h->n_states = ns + 1;
    h->states = pg__calloc(h->n_states, sizeof *h->states);
    h->counts = pg__calloc(n * h->n_states + 1, sizeof *h->counts);
    if (!h->states || !h->counts)
        goto nomem;
    for (size_t k = 0; k < ns; k++)
        h->states[k] = pg_doc_scale_state(last_doc, k);
    h->states[ns] = pg__str(h->none_name, 8);
    for (size_t k = 0; k < n; k++)
        count_items(h, last_doc, docs[k], k);
    return h;
nomem:
    pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
fail:
    pg_diff_free(d);
    pg_history_free(h);
    return NULL;
}

size_t pg_history_docs(const pg_history *h) { return h ? h->n_docs : 0; }
size_t pg_history_rows(const pg_history *h) { return h ? h->rows.len : 0; }

const pg_history_row *pg_history_row_at(const pg_history *h, size_t i)
{
    return h && i < h->rows.len ? &((const hrow *)h->rows.data)[i].pub : NULL;
}

size_t pg_history_states(const pg_history *h) { return h ? h->n_states : 0; }

pg_str pg_history_state_name(const pg_history *h, size_t k)
{
    return h && k < h->n_states ? h->states[k] : pg__str(NULL, 0);
}

size_t pg_history_count(const pg_history *h, size_t doc, size_t k)
{
    if (!h || doc >= h->n_docs || k >= h->n_states)
        return 0;
    return h->counts[doc * h->n_states + k];
}

void pg_history_free(pg_history *h)
{
    if (!h)
        return;
    hrow *r = h->rows.data;
    for (size_t i = 0; i < h->rows.len; i++)
        pg__free(r[i].items);
    pg__vec_free(&h->rows);
    pg__free(h->states);
    pg__free(h->counts);
    pg__free(h);
}
