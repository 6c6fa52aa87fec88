/*
 * diff.c - what changed between two status updates, item by item.
 *
 * Items are paired in three passes, each over what is still unpaired:
 *   1. the same title (case and spacing ignored) in a section of the same
 *      title;
 *   2. the same title anywhere (the item moved to another section);
 *   3. titles alike enough (Dice coefficient of character bigrams >= 0.6,
 *      >= 0.9 when their numbers differ: "Item 2" is not "Item 9"), best
 *      pairs first: a rename ("PV-IOMMU" -> "PV IOMMU").
 * Then each pair is compared: state, owners added and dropped.  The same
 * pairing gives history its rows.
 */
#include "diff.h"

#include <stdlib.h>

typedef struct flat {
    const pg_item *item;
    const pg_section *sec;
    char *key; /* normalised title */
    size_t key_len;
    bool taken;
} flat;

typedef struct collect {
    pg_vec v;
    int failed;
} collect;

/* Lower-cased, runs of space collapsed, ends trimmed. */
char *pg__norm_title(pg_str t, size_t *out_len)
{
    char *k = pg__malloc(t.len + 1);
    if (!k)
        return NULL;
    size_t n = 0;
    bool space = false;
    for (size_t i = 0; i < t.len; i++) {
        unsigned char c = (unsigned char)t.ptr[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = n > 0;
            continue;
        }
        if (space)
            k[n++] = ' ';
        space = false;
        k[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    k[n] = '\0';
    *out_len = n;
    return k;
}

static int collect_item(const pg_item *it, const pg_section *s, void *ctx)
{
    collect *c = ctx;
    flat *f = pg__vec_push(&c->v);
    if (!f || !(f->key = pg__norm_title(it->title, &f->key_len))) {
        if (f)
            c->v.len--;
        c->failed = 1;
        return 1;
    }
    f->item = it;
    f->sec = s;
    return 0;
}

static void free_flat(pg_vec *v)
{
    flat *f = v->data;
    for (size_t i = 0; i < v->len; i++)
        pg__free(f[i].key);
    pg__vec_free(v);
}

static bool key_eq(const flat *a, const flat *b)
{
    return a->key_len == b->key_len && !memcmp(a->key, b->key, a->key_len);
}

static bool sec_eq(const pg_section *a, const pg_section *b)
{
    if (!a || !b)
        return a == b;
    return pg__str_ieq(a->title.ptr ? a->title : pg__str("", 0),
                       b->title.ptr ? b->title : pg__str("", 0));
}

/* Dice coefficient of the bigram multisets, 0..100. */
unsigned pg__title_similarity(const char *a, size_t an, const char *b, size_t bn)
{
    if (an < 2 || bn < 2)
        return an == bn && !memcmp(a, b, an) ? 100 : 0;
    size_t na = an - 1, nb = bn - 1, common = 0;
    bool *used = pg__calloc(nb, sizeof *used);
    if (!used)
        return 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            if (!used[j] && a[i] == b[j] && a[i + 1] == b[j + 1]) {
                used[j] = true;
                common++;
                break;
            }
    pg__free(used);
    return (unsigned)(200 * common / (na + nb));
}

/* ------------------------------------------------------------- the diff */

struct pg_diff {
    pg_vec changes; /* pg_item_change */
    pg_vec strs;    /* const pg_str* arrays of owners (owned) */
};

static int owners_delta(pg_diff *d, const pg_item *from, const pg_item *to, const pg_str **out,
                        size_t *n_out)
{
    size_t nf = from ? pg_item_count(from, PG_ENTRY_OWNER) : 0;
    size_t nt = to ? pg_item_count(to, PG_ENTRY_OWNER) : 0;
    *out = NULL;
    *n_out = 0;
    if (nt == 0)
        return 0;
    pg_str *list = pg__calloc(nt, sizeof *list);
    if (!list)
        return -1;
    void **slot = pg__vec_push(&d->strs);
    if (!slot) {
        pg__free(list);
        return -1;
    }
    *slot = list;
    size_t n = 0;
    for (size_t i = 0; i < nt; i++) {
        pg_str o = pg_item_entry(to, PG_ENTRY_OWNER, i)->value;
        bool found = false;
        for (size_t j = 0; j < nf && !found; j++)
            found = pg__str_ieq(o, pg_item_entry(from, PG_ENTRY_OWNER, j)->value);
        if (!found)
            list[n++] = o;
    }
    *out = list;
    *n_out = n;
    return 0;
}

static int add_change(pg_diff *d, const pg_doc *a, const pg_doc *b, const flat *x, const flat *y,
                      unsigned sim)
{
    pg_item_change *c = pg__vec_push(&d->changes);
    if (!c)
        return -1;
    c->old_item = x ? x->item : NULL;
    c->new_item = y ? y->item : NULL;
    c->old_section = x ? x->sec : NULL;
    c->new_section = y ? y->sec : NULL;
    c->similarity = sim;
    if (x && y) {
        c->renamed = !pg__str_eq(x->item->title, y->item->title);
        c->moved = !sec_eq(x->sec, y->sec);
        pg_str so = x->item->state, sn = y->item->state;
        c->state_changed = !(so.ptr ? sn.ptr && pg__str_ieq(so, sn) : !sn.ptr);
        int ro = so.ptr ? pg_doc_state_rank(a, so) : -1;
        int rn = sn.ptr ? pg_doc_state_rank(b, sn) : -1;
        c->progress = c->state_changed ? (rn > ro) - (rn < ro) : 0;
        if (owners_delta(d, x->item, y->item, &c->owners_added, &c->n_owners_added) < 0 ||
            owners_delta(d, y->item, x->item, &c->owners_dropped, &c->n_owners_dropped) < 0)
            return -1;
    }
    c->changed = !x || !y || c->renamed || c->moved || c->state_changed || c->n_owners_added ||
                 c->n_owners_dropped;
    return 0;
}

/* Do the titles carry the same numbers ("Item 2" vs "Item 9" are two
 * items however alike the rest is)? */
static bool same_numbers(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < an && !(a[i] >= '0' && a[i] <= '9'))
            i++;
        while (j < bn && !(b[j] >= '0' && b[j] <= '9'))
            j++;
        if (i == an || j == bn)
            return i == an && j == bn;
        while (i < an && j < bn && a[i] >= '0' && a[i] <= '9' && a[i] == b[j])
            i++, j++;
        bool ea = i == an || !(a[i] >= '0' && a[i] <= '9');
        bool eb = j == bn || !(b[j] >= '0' && b[j] <= '9');
        if (!ea || !eb)
            return false;
    }
}

typedef struct cand {
    size_t i, j;
    unsigned sim;
} cand;

static int by_sim(const void *p, const void *q)
{
    const cand *a = p, *b = q;
    if (a->sim != b->sim)
        return a->sim > b->sim ? -1 : 1;
    if (a->i != b->i)
        return a->i < b->i ? -1 : 1;
    return a->j < b->j ? -1 : a->j > b->j;
}

pg_diff *pg_diff_docs(const pg_doc *a, const pg_doc *b, pg_error *err)
{
    pg__error_reset(err);
    if (!a || !b) {
        pg__error(err, PG_ERR_ARG, 0, 0, "", "two documents are needed");
        return NULL;
    }
    collect ca = {{0}, 0}, cb = {{0}, 0};
    ca.v.elem = cb.v.elem = sizeof(flat);
    pg_diff *d = pg__calloc(1, sizeof *d);
    long *pair = NULL;
    unsigned *psim = NULL;
    cand *cands = NULL;
    if (!d)
        goto nomem;
    d->changes.elem = sizeof(pg_item_change);
    d->strs.elem = sizeof(void *);
    pg_doc_walk(a, NULL, collect_item, &ca);
    pg_doc_walk(b, NULL, collect_item, &cb);
    if (ca.failed || cb.failed)
        goto nomem;
    flat *fa = ca.v.data, *fb = cb.v.data;
    size_t na = ca.v.len, nb = cb.v.len;
    pair = pg__malloc((nb ? nb : 1) * sizeof *pair);
    psim = pg__calloc(nb ? nb : 1, sizeof *psim);
    if (!pair || !psim)
        goto nomem;
    for (size_t j = 0; j < nb; j++)
        pair[j] = -1;
    for (int pass = 0; pass < 2; pass++)
        for (size_t j = 0; j < nb; j++)
            for (size_t i = 0; pair[j] < 0 && i < na; i++)
                if (!fa[i].taken && key_eq(&fa[i], &fb[j]) &&
                    (pass == 1 || sec_eq(fa[i].sec, fb[j].sec))) {
                    fa[i].taken = fb[j].taken = true;
                    pair[j] = (long)i;
                    psim[j] = 100;
                }
    /* Renames: every unpaired pair above the threshold, best first. */
    size_t nc = 0, capc = 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++) {
            if (fa[i].taken || fb[j].taken)
                continue;
            unsigned s = pg__title_similarity(fa[i].key, fa[i].key_len, fb[j].key, fb[j].key_len);
            if (s < 60 ||
                (s < 90 && !same_numbers(fa[i].key, fa[i].key_len, fb[j].key, fb[j].key_len)))
                continue;
            if (nc == capc) {
                capc = capc ? capc * 2 : 16;
                cand *q = pg__realloc(cands, capc * sizeof *cands);
                if (!q)
                    goto nomem;
                cands = q;
            }
            cands[nc++] = (cand){i, j, s};
        }
    if (nc)
        qsort(cands, nc, sizeof *cands, by_sim);
    for (size_t k = 0; k < nc; k++)
        if (!fa[cands[k].i].taken && !fb[cands[k].j].taken) {
            fa[cands[k].i].taken = fb[cands[k].j].taken = true;
            pair[cands[k].j] = (long)cands[k].i;
            psim[cands[k].j] = cands[k].sim;
        }
    /* In the new document's order; a removed item comes where it stood
     * relative to the pairs (before the first pair that followed it). */
    size_t next_old = 0;
    for (size_t j = 0; j < nb; j++) {
        if (pair[j] >= 0)
            for (; next_old < (size_t)pair[j]; next_old++)
                if (!fa[next_old].taken && add_change(d, a, b, &fa[next_old], NULL, 0) < 0)
                    goto nomem;
        if (pair[j] >= 0 && (size_t)pair[j] >= next_old)
            next_old = (size_t)pair[j] + 1;
        if (add_change(d, a, b, pair[j] >= 0 ? &fa[pair[j]] : NULL, &fb[j], psim[j]) < 0)
            goto nomem;
    }
    for (; next_old < na; next_old++)
        if (!fa[next_old].taken && add_change(d, a, b, &fa[next_old], NULL, 0) < 0)
            goto nomem;
    pg__free(pair);
    pg__free(psim);
    pg__free(cands);
    free_flat(&ca.v);
    free_flat(&cb.v);
    return d;
nomem:
    pg__free(pair);
    pg__free(psim);
    pg__free(cands);
    free_flat(&ca.v);
    free_flat(&cb.v);
    pg_diff_free(d);
    pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
    return NULL;
}

size_t pg_diff_count(const pg_diff *d) { return d ? d->changes.len : 0; }

const pg_item_change *pg_diff_at(const pg_diff *d, size_t i)
{
    return d && i < d->changes.len ? (const pg_item_change *)d->changes.data + i : NULL;
}

void pg_diff_free(pg_diff *d)
{
    if (!d)
        return;
    void **s = d->strs.data;
    for (size_t i = 0; i < d->strs.len; i++)
        pg__free(s[i]);
    pg__vec_free(&d->strs);
    pg__vec_free(&d->changes);
    pg__free(d);
}
