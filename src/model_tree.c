/*
 * model_tree.c - the readers' tree (model.h): built in one arena from a
 * stack of pending elements, so building is linear in the input and
 * freeing is one walk over a few blocks.
 *
 * Duplicate keys are found as each member is added: by comparing keys
 * while an object is small (the model's objects have at most 19 keys),
 * through a hash of its keys once it grows past INDEX_FROM members, so a
 * hostile object of a million keys stays linear.
 */
#include "model.h"

#define INDEX_FROM 16

const pg_mnode *pg__m_get(const pg_mnode *o, const char *key)
{
    size_t n = strlen(key);
    for (size_t i = 0; i < o->n; i++)
        if (o->u.members[i].klen == n && memcmp(o->u.members[i].key, key, n) == 0)
            return &o->u.members[i].value;
    return NULL;
}

void pg__mb_free(pg_mbuild *b)
{
    for (size_t i = 0; i < b->depth; i++)
        pg__free(b->open[i].index);
    pg__free(b->open);
    pg__free(b->pend);
    pg__arena_free(&b->arena);
    pg__arena_free(&b->strs);
    pg__arena_free(&b->keys);
    memset(b, 0, sizeof *b);
}

static bool is_key(const char *key, size_t klen, const char *want, size_t n)
{
    return key && klen == n && memcmp(key, want, n) == 0;
}

/* Where a container opening now sits in the model (streams only). */
static pg_mrole role_of(const pg_mbuild *b, bool obj, const char *key, size_t klen)
{
    if (b->depth == 0)
        return obj ? PG_MR_ROOT : PG_MR_NONE;
    const pg_mframe *p = &b->open[b->depth - 1];
    if (p->role == PG_MR_SECTIONS)
        return obj ? PG_MR_SECTION : PG_MR_NONE;
    if ((p->role != PG_MR_ROOT && p->role != PG_MR_SECTION) || obj)
        return PG_MR_NONE;
    if (is_key(key, klen, "items", 5))
        return PG_MR_ITEMS;
    if (is_key(key, klen, "sections", 8))
        return PG_MR_SECTIONS;
    return PG_MR_NONE;
}

bool pg__mb_open_at(pg_mbuild *b, bool obj, const char *key, size_t klen)
{
    if (b->depth == b->cap_open) {
        size_t cap = b->cap_open ? b->cap_open * 2 : 32;
        pg_mframe *f = pg__realloc(b->open, cap * sizeof *f);
        if (!f)
            return false;
        b->open = f, b->cap_open = cap;
    }
    pg_mrole role = b->stream ? role_of(b, obj, key, klen) : PG_MR_NONE;
    pg_mframe *f = &b->open[b->depth++];
    *f = (pg_mframe){.base = b->npend, .obj = obj, .role = (uint8_t)role};
    if (role == PG_MR_NONE)
        return true;
    f->m_arena = pg__arena_mark(&b->arena);
    f->m_strs = pg__arena_mark(&b->strs);
    if (pg__ms_open(b->stream, b, f))
        return true;
    b->depth--;
    return false;
}

bool pg__mb_open(pg_mbuild *b, bool obj) { return pg__mb_open_at(b, obj, NULL, 0); }

static size_t hash(const char *s, size_t n)
{
    size_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

static bool same_key(const pg_mmember *m, const char *key, size_t klen)
{
    return m->klen == klen && (klen == 0 || memcmp(m->key, key, klen) == 0);
}

/* Slot of key in f's index: where it is, or the empty slot it would take.
 * Entries are member numbers + 1 (0 = empty). */
static uint32_t *slot(const pg_mbuild *b, const pg_mframe *f, const char *key, size_t klen)
{
    size_t mask = f->icap - 1;
    for (size_t i = hash(key, klen) & mask;; i = (i + 1) & mask) {
        uint32_t e = f->index[i];
        if (!e || same_key(&b->pend[f->base + e - 1], key, klen))
            return &f->index[i];
    }
}

/* (Re)build f's index with room for twice its members. */
static bool reindex(pg_mbuild *b, pg_mframe *f, size_t members)
{
    size_t cap = 64;
    while (cap < members * 2 + 2)
        cap *= 2;
    if (members >= UINT32_MAX - 1)
        return false;
    uint32_t *idx = pg__calloc(cap, sizeof *idx);
    if (!idx)
        return false;
    pg__free(f->index);
    f->index = idx, f->icap = cap;
    for (size_t i = 0; i < members; i++) {
        const pg_mmember *m = &b->pend[f->base + i];
        *slot(b, f, m->key, m->klen) = (uint32_t)i + 1;
    }
    return true;
}

int pg__mb_add(pg_mbuild *b, const char *key, size_t klen, const pg_mnode *v)
{
    pg_mframe *f = &b->open[b->depth - 1];
    size_t members = b->npend - f->base;
    if (members >= PG_MNODE_MAX || klen > PG_MNODE_MAX)
        return -1;
    if (f->role == PG_MR_SECTIONS) {  /* its sections are written and gone */
        if (v->type != JSON_OBJECT) { /* not a section: the whole read says why */
            pg__ms_give_up(b->stream);
            return -1;
        }
        f->count++;
        return 1;
    }
    if (f->obj) {
        if (f->index) {
            if (*slot(b, f, key, klen))
                return 0;
        } else {
            for (size_t i = f->base; i < b->npend; i++)
                if (same_key(&b->pend[i], key, klen))
                    return 0;
        }
    }
    if (b->npend == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        pg_mmember *p = pg__realloc(b->pend, cap * sizeof *p);
        if (!p)
            return -1;
        b->pend = p, b->cap = cap;
    }
    b->pend[b->npend++] = (pg_mmember){.value = *v, .key = key, .klen = (uint32_t)klen};
    members++;
    if (f->obj && members >= INDEX_FROM) {
        if ((!f->index || members * 2 + 2 > f->icap) && !reindex(b, f, members))
            return -1;
        if (f->index && !*slot(b, f, key, klen))
            *slot(b, f, key, klen) = (uint32_t)members;
    }
    return 1;
}

bool pg__mb_close(pg_mbuild *b, pg_mnode *out)
{
    pg_mframe *f = &b->open[b->depth - 1];
    size_t n = b->npend - f->base;
    const pg_mmember *m = b->pend ? b->pend + f->base : NULL; /* none pending yet */
    memset(out, 0, sizeof *out);
    if (n && !m)
        return false; /* cannot happen: n counts pending members */
    out->type = f->obj ? JSON_OBJECT : JSON_ARRAY;
    out->n = (uint32_t)n; /* pg__mb_add kept it below PG_MNODE_MAX */
    if (n && f->obj) {
        if (n > SIZE_MAX / sizeof *m)
            return false;
        pg_mmember *d = pg__arena_alloc(&b->arena, n * sizeof *d);
        if (!d)
            return false;
        memcpy(d, m, n * sizeof *d);
        out->u.members = d;
    } else if (n) {
        if (n > SIZE_MAX / sizeof(pg_mnode))
            return false;
        pg_mnode *d = pg__arena_alloc(&b->arena, n * sizeof *d);
        if (!d)
            return false;
        for (size_t i = 0; i < n; i++)
            d[i] = m[i].value;
        out->u.at = d;
    }
    pg__free(f->index);
    f->index = NULL;
    b->npend = f->base;
    bool ok = f->role == PG_MR_NONE || pg__ms_close(b->stream, b, f, out);
    b->depth--;
    return ok;
}

const char *pg__mb_str(pg_mbuild *b, const char *s, size_t n)
{
    return pg__arena_str(&b->strs, s ? s : "", n).ptr;
}

const char *pg__mb_key(pg_mbuild *b, const char *k, size_t n)
{
    if (!k)
        k = "", n = 0;
    /* A small direct-mapped cache of the keys seen: a key the cache
     * lost to another is copied again, which is only memory. */
    size_t h = n;
    for (size_t i = 0; i < n && i < 8; i++)
        h = h * 31 + (unsigned char)k[i];
    h = (h ^ (n ? (unsigned char)k[n - 1] * 7u : 0)) % PG_MB_KEYS;
    if (b->cache[h].key && b->cache[h].n == n && !memcmp(b->cache[h].key, k, n))
        return b->cache[h].key;
    /* The first key to take a slot keeps it, in an arena of its own: a
     * stream gives the tree's arena back piece by piece. */
    if (b->cache[h].key)
        return pg__arena_str(&b->arena, k, n).ptr;
    const char *c = pg__arena_str(&b->keys, k, n).ptr;
    if (c) {
        b->cache[h].key = c;
        b->cache[h].n = n;
    }
    return c;
}
