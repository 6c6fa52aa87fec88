/* doc.c - the document object: creation, accessors, walking, and the
 * read-only facts derived from its prose (scale, last update, comments). */
#include "lines.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const xen_scale[] = {"none", "fair", "ok", "good", "done"};

pg_doc *pg__doc_new(const pg_parse_options *opts)
{
    pg_doc *doc = pg__calloc(1, sizeof *doc);
    if (!doc)
        return NULL;
    doc->eol = pg__cstr("\n");
    pg_str states[PG_MAX_SCALE];
    size_t n = 0;
    if (opts && opts->default_scale && opts->n_default_scale >= 2) {
        for (size_t i = 0; i < opts->n_default_scale && n < PG_MAX_SCALE; i++)
            states[n++] = pg__cstr(opts->default_scale[i]);
    } else {
        for (size_t i = 0; i < sizeof xen_scale / sizeof xen_scale[0]; i++)
            states[n++] = pg__cstr(xen_scale[i]);
    }
    if (pg__doc_set_scale(doc, states, n, false) != 0) {
        pg_doc_free(doc);
        return NULL;
    }
    return doc;
}

int pg__doc_set_scale(pg_doc *doc, const pg_str *states, size_t n, bool declared)
{
    if (n > PG_MAX_SCALE)
        n = PG_MAX_SCALE;
    for (size_t i = 0; i < n; i++) {
        /* States are kept in lower case: "(Good)" and "(good)" are one state. */
        pg_str s = pg__arena_str(&doc->arena, states[i].ptr, states[i].len);
        if (!s.ptr)
            return -1;
        for (size_t k = 0; k < s.len; k++)
            if (s.ptr[k] >= 'A' && s.ptr[k] <= 'Z')
                ((char *)s.ptr)[k] = (char)(s.ptr[k] + 32);
        doc->scale[i] = s;
        doc->meaning[i] = pg__str(NULL, 0);
    }
    doc->n_scale = n;
    doc->scale_declared = declared;
    return 0;
}

void pg_doc_free(pg_doc *doc)
{
    if (!doc)
        return;
    pg__arena_free(&doc->arena);
    pg__arena_free(&doc->msgs);
    pg__free(doc);
}

/* ------------------------------------------------------------ accessors */

const pg_section *pg_doc_root(const pg_doc *doc) { return &doc->root; }
pg_str pg_doc_subject(const pg_doc *doc) { return doc->subject; }
size_t pg_doc_scale_size(const pg_doc *doc) { return doc->n_scale; }
bool pg_doc_scale_declared(const pg_doc *doc) { return doc->scale_declared; }
pg_str pg_doc_last_updated(const pg_doc *doc) { return doc->last_updated; }
pg_str pg_doc_eol(const pg_doc *doc) { return doc->eol; }
bool pg_doc_bom(const pg_doc *doc) { return doc->bom; }
pg_str pg_doc_source(const pg_doc *doc) { return doc->source; }
size_t pg_doc_diag_count(const pg_doc *doc) { return doc->n_diags; }

pg_str pg_doc_scale_state(const pg_doc *doc, size_t i)
{
    return i < doc->n_scale ? doc->scale[i] : pg__str(NULL, 0);
}

pg_str pg_doc_scale_meaning(const pg_doc *doc, size_t i)
{
    return i < doc->n_scale ? doc->meaning[i] : pg__str(NULL, 0);
}

int pg_doc_state_rank(const pg_doc *doc, pg_str state)
{
    state = pg__trim(state);
    if (!state.ptr || !state.len)
        return -1;
    /* Most words asked about are no state ("v7", "Linux", a title in
     * parentheses): the length and the folded first byte turn them away
     * without a call. */
    unsigned char c0 = (unsigned char)state.ptr[0] | 0x20;
    for (size_t i = 0; i < doc->n_scale; i++) {
        pg_str s = doc->scale[i];
        if (s.len == state.len && s.len && ((unsigned char)s.ptr[0] | 0x20) == c0 &&
            pg__str_ieq(s, state))
            return (int)i;
    }
    return -1;
}

const pg_diag *pg_doc_diag(const pg_doc *doc, size_t i)
{
    return i < doc->n_diags ? &doc->diags[i] : NULL;
}

size_t pg_item_comments(const pg_item *item, const pg_str **out)
{
    if (out)
        *out = item->comments;
    return item->n_comments;
}

size_t pg_item_count(const pg_item *item, pg_entry_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < item->n_entries; i++)
        n += item->entries[i].kind == kind;
    return n;
}

const pg_entry *pg_item_entry(const pg_item *item, pg_entry_kind kind, size_t i)
{
    for (size_t k = 0; k < item->n_entries; k++)
        if (item->entries[k].kind == kind && i-- == 0)
            return &item->entries[k];
    return NULL;
}

static int walk(const pg_section *s, const pg_section *parent, pg_section_fn sfn, pg_item_fn ifn,
                void *ctx)
{
    int rc;
    if (sfn && (rc = sfn(s, parent, ctx)) != 0)
        return rc;
    for (size_t i = 0; i < s->n_items; i++)
        if (ifn && (rc = ifn(&s->items[i], s, ctx)) != 0)
            return rc;
    for (size_t i = 0; i < s->n_sections; i++)
        if ((rc = walk(&s->sections[i], s, sfn, ifn, ctx)) != 0)
            return rc;
    return 0;
}

int pg_doc_walk(const pg_doc *doc, pg_section_fn sfn, pg_item_fn ifn, void *ctx)
{
    return walk(&doc->root, NULL, sfn, ifn, ctx);
}

/* ------------------------------------------------------- construction */

pg_item *pg__items_alloc(pg_doc *doc, size_t n)
{
    return n ? pg__arena_alloc(&doc->arena, n * sizeof(pg_item)) : NULL;
}
pg_section *pg__sections_alloc(pg_doc *doc, size_t n)
{
    return n ? pg__arena_alloc(&doc->arena, n * sizeof(pg_section)) : NULL;
}
pg_entry *pg__entries_alloc(pg_doc *doc, size_t n)
{
    return n ? pg__arena_alloc(&doc->arena, n * sizeof(pg_entry)) : NULL;
}
void pg__doc_set_verify_raw(pg_doc *doc, bool on) { doc->verify_raw = on; }

static const char *const dialect_names[] = {"tracked", "keyed", "records", "list"};
static const char *const tag_names[] = {"", "version", "release", "scope"};

const char *pg__dialect_name(pg_dialect d)
{
    return (unsigned)d < 4 ? dialect_names[d] : "tracked";
}

bool pg__dialect_from_name(pg_str name, pg_dialect *out)
{
    for (int i = 0; i < 4; i++)
        if (pg__str_eq(name, pg__cstr(dialect_names[i]))) {
            *out = (pg_dialect)i;
            return true;
        }
    return false;
}

const char *pg__tag_kind_name(pg_tag_kind k) { return (unsigned)k < 4 ? tag_names[k] : ""; }

bool pg__tag_kind_from_name(pg_str name, pg_tag_kind *out)
{
    for (int i = 1; i < 4; i++)
        if (pg__str_eq(name, pg__cstr(tag_names[i]))) {
            *out = (pg_tag_kind)i;
            return true;
        }
    return false;
}

/* Canonical order of body lines: notes, then dash lines that are no
 * people, then people (as the release-management generator writes). */
int pg__entry_kind_order(pg_dialect d, pg_entry_kind k)
{
    static const int tracked[PG_ENTRY__COUNT] = {
        [PG_ENTRY_NOTE] = 0,  [PG_ENTRY_SUBITEM] = 1, [PG_ENTRY_FIELD] = 2, [PG_ENTRY_REF] = 3,
        [PG_ENTRY_OWNER] = 4, [PG_ENTRY_EMAIL] = 5,   [PG_ENTRY_STATE] = 6};
    static const int keyed[PG_ENTRY__COUNT] = {
        [PG_ENTRY_SUBITEM] = 0, [PG_ENTRY_OWNER] = 1, [PG_ENTRY_EMAIL] = 2, [PG_ENTRY_FIELD] = 3,
        [PG_ENTRY_REF] = 4,     [PG_ENTRY_STATE] = 5, [PG_ENTRY_NOTE] = 6};
    static const int records[PG_ENTRY__COUNT] = {
        [PG_ENTRY_NOTE] = 0, [PG_ENTRY_OWNER] = 1, [PG_ENTRY_EMAIL] = 2,  [PG_ENTRY_STATE] = 3,
        [PG_ENTRY_REF] = 4,  [PG_ENTRY_FIELD] = 5, [PG_ENTRY_SUBITEM] = 6};
    if ((unsigned)k >= PG_ENTRY__COUNT)
        return PG_ENTRY__COUNT;
    return d == PG_DIALECT_KEYED ? keyed[k] : d == PG_DIALECT_RECORDS ? records[k] : tracked[k];
}
