/* tree_dump.c - see tree_dump.h.  Format, one node per line:
 *   subject [TEXT]
 *   section L<level>[ label][ q<depth>] [TITLE]
 *   item[ q<depth>][ <dialect>] [TITLE] state=.. tag=<kind>:.. date=.. here patch=.. url=..
 *     <entry kind>[ key=..] [VALUE]
 *     comment [TEXT]
 * Indentation follows nesting, two spaces a level. */
#include "tree_dump.h"

#include <stdio.h>
#include <string.h>

static const char *kinds[] = {"note", "owner", "email", "ref", "subitem", "field", "state"};
static const char *dialects[] = {"", "keyed", "records", "list"};
static const char *tags[] = {"", "version", "release", "scope"};

static int add(pg_buf *b, const char *s, size_t n) { return pg_buf_write(b, s, n); }
static int adds(pg_buf *b, const char *s) { return add(b, s, strlen(s)); }
static int indent(pg_buf *b, int d)
{
    int rc = 0;
    for (int i = 0; i < d; i++)
        rc |= adds(b, "  ");
    return rc;
}
static int field(pg_buf *b, const char *k, pg_str v)
{
    if (!v.ptr)
        return 0;
    int rc = adds(b, " ");
    if (k)
        rc |= adds(b, k) | adds(b, "=");
    return rc | adds(b, "[") | add(b, v.ptr, v.len) | adds(b, "]");
}

static int item(pg_buf *b, const pg_item *it, int d)
{
    int rc = indent(b, d) | adds(b, "item");
    char q[32];
    if (it->quote) {
        snprintf(q, sizeof q, " q%u", it->quote);
        rc |= adds(b, q);
    }
    if (it->dialect)
        rc |= adds(b, " ") | adds(b, dialects[it->dialect]);
    rc |= field(b, NULL, it->title) | field(b, "state", it->state);
    if (it->tag.ptr)
        rc |= adds(b, " tag=") | adds(b, tags[it->tag_kind]) | adds(b, "[") |
              add(b, it->tag.ptr, it->tag.len) | adds(b, "]");
    rc |= field(b, "date", it->date);
    if (it->here)
        rc |= adds(b, " here");
    rc |= field(b, "patch", it->patch) | field(b, "url", it->url) | adds(b, "\n");
    for (size_t k = 0; k < it->n_entries; k++) {
        const pg_entry *e = &it->entries[k];
        rc |= indent(b, d + 1) | adds(b, kinds[e->kind]);
        if (e->kind == PG_ENTRY_FIELD || e->kind == PG_ENTRY_STATE)
            rc |= field(b, "key", e->key);
        rc |= field(b, NULL, e->value) | adds(b, "\n");
    }
    for (size_t k = 0; k < it->n_comments; k++)
        rc |=
            indent(b, d + 1) | adds(b, "comment") | field(b, NULL, it->comments[k]) | adds(b, "\n");
    return rc;
}

static int section(pg_buf *b, const pg_section *s, int d)
{
    int rc = 0;
    if (s->level) {
        char h[48];
        snprintf(h, sizeof h, "section L%u%s", s->level, s->label ? " label" : "");
        rc |= indent(b, d) | adds(b, h);
        if (s->quote) {
            snprintf(h, sizeof h, " q%u", s->quote);
            rc |= adds(b, h);
        }
        rc |= field(b, NULL, s->title) | adds(b, "\n");
    }
    for (size_t i = 0; i < s->n_items; i++)
        rc |= item(b, &s->items[i], d + (s->level ? 1 : 0));
    for (size_t i = 0; i < s->n_sections; i++)
        rc |= section(b, &s->sections[i], d + (s->level ? 1 : 0));
    return rc;
}

int pg_test_dump(const pg_doc *doc, pg_buf *out)
{
    int rc = 0;
    pg_str s = pg_doc_subject(doc);
    if (s.ptr)
        rc |= adds(out, "subject") | field(out, NULL, s) | adds(out, "\n");
    if (pg_doc_scale_declared(doc)) {
        rc |= adds(out, "scale");
        for (size_t i = 0; i < pg_doc_scale_size(doc); i++)
            rc |= field(out, NULL, pg_doc_scale_state(doc, i));
        rc |= adds(out, "\n");
    }
    return rc | section(out, pg_doc_root(doc), 0);
}
