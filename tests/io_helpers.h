/* io_helpers.h - shared by test_json.c and test_yaml.c: a hand-made
 * document covering every field of the model, and render-to-string
 * helpers. */
#ifndef PG_TEST_IO_HELPERS_H
#define PG_TEST_IO_HELPERS_H

#include "internal.h"

#include <check.h>
#include <stdlib.h>

typedef pg_status (*io_render_fn)(const pg_doc *, unsigned, pg_write_fn, void *,
                                  pg_error *);
typedef pg_doc *(*io_load_fn)(const char *, size_t, pg_error *);

static inline pg_str io_s(pg_doc *d, const char *s)
{
    return pg__arena_str(&d->arena, s, strlen(s));
}

static inline pg_str io_sn(pg_doc *d, const char *s, size_t n)
{
    return pg__arena_str(&d->arena, s, n);
}

static inline pg_entry io_entry(pg_doc *d, pg_entry_kind k, const char *key,
                                const char *value, uint32_t line)
{
    pg_entry e = {0};
    e.kind = k;
    if (key)
        e.key = io_s(d, key);
    e.value = io_s(d, value);
    e.line = line;
    return e;
}

/* Entries in canonical kind order for the item's dialect (as a reader of
 * JSON builds them), so a round trip gives the same order back. */
static inline void io_set_entries(pg_doc *d, pg_item *it, const pg_entry *e, size_t n)
{
    it->entries = pg__entries_alloc(d, n);
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        int rank = pg__entry_kind_order(it->dialect, e[i].kind);
        while (j > 0 && pg__entry_kind_order(it->dialect, it->entries[j - 1].kind) > rank) {
            it->entries[j] = it->entries[j - 1];
            j--;
        }
        it->entries[j] = e[i];
    }
    it->n_entries = n;
}

/* A document with every kind of node and field, clean (no layout). */
static inline pg_doc *io_sample_doc(void)
{
    pg_doc *d = pg__doc_new(NULL);
    ck_assert_ptr_nonnull(d);
    d->subject = io_s(d, "[Xen-devel] Xen 4.5 development update");
    d->root.text = io_s(d, "Below is a summary of the projects.\n\n");

    pg_section *top = pg__sections_alloc(d, 2);
    d->root.sections = top;
    d->root.n_sections = 2;

    /* = Timeline = with two timeline entries */
    top[0].title = io_s(d, "Timeline");
    top[0].level = 1;
    top[0].line = 5;
    top[0].text = io_s(d, "\nWe are planning on a 9-month release cycle.\n\n");
    top[0].items = pg__items_alloc(d, 2);
    top[0].n_items = 2;
    top[0].items[0].title = io_s(d, "Feature Freeze");
    top[0].items[0].date = io_s(d, "10th September 2014");
    top[0].items[0].here = true;
    top[0].items[0].line = 9;
    top[0].items[1].title = io_s(d, "Release");
    top[0].items[1].date = io_s(d, "10th December 2014");
    top[0].items[1].text = io_s(d, "");
    top[0].items[1].line = 10;

    /* = Open = / == ARM == with tracked, keyed, records and list items */
    top[1].title = io_s(d, "Open");
    top[1].level = 1;
    top[1].line = 12;
    pg_section *arm = pg__sections_alloc(d, 1);
    top[1].sections = arm;
    top[1].n_sections = 1;
    arm->title = io_s(d, "ARM");
    arm->level = 2;
    arm->line = 14;
    arm->items = pg__items_alloc(d, 4);
    arm->n_items = 4;

    pg_item *it = &arm->items[0];
    it->title = io_s(d, "ARM - Device assigment on ARM");
    it->state = io_s(d, "good");
    it->line = 16;
    it->end_line = 19;
    pg_entry t[] = {
        io_entry(d, PG_ENTRY_NOTE, NULL, "Xen parts done. Linux at risk", 17),
        io_entry(d, PG_ENTRY_OWNER, NULL, "Julien Grall", 18),
        io_entry(d, PG_ENTRY_OWNER, NULL, "Dong, Eddie", 19),
        io_entry(d, PG_ENTRY_REF, NULL, "XEN-28", 20),
    };
    io_set_entries(d, it, t, 4);

    it = &arm->items[1];
    it->title = io_s(d, "Default to QEMU upstream");
    it->tag = io_s(d, "external");
    it->tag_kind = PG_TAG_SCOPE;
    it->state = io_s(d, "ok");
    it->dialect = PG_DIALECT_KEYED;
    it->line = 22;
    pg_entry k[] = {
        io_entry(d, PG_ENTRY_OWNER, NULL, "Ian Jackson", 23),
        io_entry(d, PG_ENTRY_FIELD, "status (Linux)", "yes", 24),
        io_entry(d, PG_ENTRY_SUBITEM, NULL, "qemu-xen-traditional", 25),
        io_entry(d, PG_ENTRY_STATE, "prognosis", "ok", 26),
    };
    io_set_entries(d, it, k, 4);

    it = &arm->items[2];
    it->title = io_s(d, "PVH dom0");
    it->dialect = PG_DIALECT_RECORDS;
    it->quote = 2;
    it->line = 28;
    pg_entry r[] = {
        io_entry(d, PG_ENTRY_OWNER, NULL, "Roger Pau Monne", 29),
        io_entry(d, PG_ENTRY_EMAIL, NULL, "roger.pau@citrix.com", 30),
        io_entry(d, PG_ENTRY_NOTE, NULL, "null", 31),
    };
    io_set_entries(d, it, r, 3);
    it->text = io_s(d, "> > text\n> comment\n");

    it = &arm->items[3];
    it->title = io_s(d, "xen/arm: Add support for SMMUv3");
    it->patch = io_s(d, "PATCH v5 00/13");
    it->url = io_s(d, "https://lore.kernel.org/x/");
    it->tag = io_s(d, "v7");
    it->tag_kind = PG_TAG_VERSION;
    it->dialect = PG_DIALECT_LIST;
    it->line = 33;

    /* a label section with raw layout everywhere */
    pg_section *lab = pg__sections_alloc(d, 1);
    arm->sections = lab;
    arm->n_sections = 1;
    lab->title = io_s(d, "Arm");
    lab->level = 3;
    lab->label = true;
    lab->quote = 1;
    lab->head_raw = io_s(d, "> Arm:  \n");
    lab->text = io_s(d, "prose\n");
    lab->text_raw = io_s(d, "prose\r\n");
    lab->line = 40;
    lab->items = pg__items_alloc(d, 1);
    lab->n_items = 1;
    it = &lab->items[0];
    it->title = io_s(d, "Raw item");
    it->state = io_s(d, "fair");
    it->head_raw = io_s(d, "*   Raw item   (fair)\n");
    it->line = 42;
    pg_entry w[] = {
        io_entry(d, PG_ENTRY_OWNER, NULL, "A B", 43),
        io_entry(d, PG_ENTRY_NOTE, NULL, "wrapped note", 44),
    };
    io_set_entries(d, it, w, 2);
    for (size_t i = 0; i < it->n_entries; i++)
        if (it->entries[i].kind == PG_ENTRY_OWNER)
            it->entries[i].raw = io_s(d, "  -  A B  \n");
    it->text = io_s(d, "\n");
    it->text_raw = io_s(d, "\r\n");

    d->subject_raw = io_s(d, "[Xen-devel] Xen 4.5 development update \n\n");
    d->root.text_raw = io_s(d, "Below is a summary of the projects.\r\n\r\n");
    /* What a reader derives (comments) is derived here too. */
    pg_error err = {0};
    ck_assert_int_eq(pg__doc_finish(d, &err), PG_OK);
    return d;
}

/* Render to a NUL-terminated malloc'd string; asserts success. */
static inline char *io_render(io_render_fn fn, const pg_doc *d, unsigned flags,
                              size_t *len)
{
    pg_buf b = {0};
    pg_error err = {0};
    pg_status st = fn(d, flags, pg_buf_write, &b, &err);
    ck_assert_msg(st == PG_OK, "render failed: %s", err.message);
    pg_buf_write(&b, "", 1);
    if (len)
        *len = b.len - 1;
    return b.data;
}

/* Load, asserting success. */
static inline pg_doc *io_load(io_load_fn fn, const char *s, size_t n)
{
    pg_error err = {0};
    pg_doc *d = fn(s, n, &err);
    ck_assert_msg(d != NULL, "load failed at %u:%u %s: %s", err.line, err.column,
                  err.path, err.message);
    return d;
}

/* Load, asserting failure with this code and path; returns the error. */
static inline pg_error io_load_fails(io_load_fn fn, const char *s, pg_status code,
                                     const char *path)
{
    pg_error err = {0};
    pg_doc *d = fn(s, strlen(s), &err);
    ck_assert_msg(d == NULL, "loaded but should fail: %s", s);
    ck_assert_msg(err.code == code, "code %d, want %d (%s) for %s", err.code, code,
                  err.message, s);
    if (path)
        ck_assert_msg(!strcmp(err.path, path), "path '%s', want '%s' (%s)", err.path,
                      path, err.message);
    ck_assert_msg(err.message[0], "no message");
    return err;
}

#endif
