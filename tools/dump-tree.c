/* dump-tree: print the parsed tree of a text file (a debugging aid; not
 * installed).  cc -Iinclude tools/dump-tree.c build/libprognosis.a ... */
#include "prognosis.h"

#include <stdio.h>
#include <stdlib.h>

static const char *kinds[] = {"note", "owner", "email", "ref", "subitem", "field", "state"};

static void pr(const char *k, pg_str s)
{
    if (s.ptr)
        printf(" %s=[%.*s]", k, (int)s.len, s.ptr);
}

static void section(const pg_section *s, int d)
{
    printf("%*sSECTION L%u%s q%u [%.*s] line %u\n", d * 2, "", s->level, s->label ? " label" : "",
           s->quote, (int)s->title.len, s->title.ptr ? s->title.ptr : "", s->line);
    for (size_t i = 0; i < s->n_items; i++) {
        const pg_item *it = &s->items[i];
        printf("%*s  ITEM d%d q%u line %u", d * 2, "", it->dialect, it->quote, it->line);
        pr("title", it->title);
        pr("state", it->state);
        pr("tag", it->tag);
        pr("date", it->date);
        pr("patch", it->patch);
        pr("url", it->url);
        if (it->here)
            printf(" HERE");
        printf("\n");
        for (size_t k = 0; k < it->n_entries; k++) {
            const pg_entry *e = &it->entries[k];
            printf("%*s    %s", d * 2, "", kinds[e->kind]);
            pr("key", e->key);
            pr("v", e->value);
            printf("\n");
        }
        for (size_t k = 0; k < it->n_comments; k++)
            printf("%*s    COMMENT [%.*s]\n", d * 2, "", (int)it->comments[k].len, it->comments[k].ptr);
    }
    for (size_t i = 0; i < s->n_sections; i++)
        section(&s->sections[i], d + 1);
}

int main(int argc, char **argv)
{
    FILE *f = fopen(argc > 1 ? argv[1] : "/dev/stdin", "rb");
    if (!f)
        return 2;
    static char buf[1 << 24];
    size_t n = fread(buf, 1, sizeof buf, f);
    pg_error err = {0};
    pg_doc *doc = pg_parse_text(buf, n, NULL, &err);
    if (!doc) {
        printf("error: %s\n", err.message);
        return 2;
    }
    pg_str s = pg_doc_subject(doc);
    printf("SUBJECT [%.*s] scale:", (int)s.len, s.ptr ? s.ptr : "");
    for (size_t i = 0; i < pg_doc_scale_size(doc); i++) {
        pg_str st = pg_doc_scale_state(doc, i), m = pg_doc_scale_meaning(doc, i);
        printf(" %.*s", (int)st.len, st.ptr);
        if (m.ptr)
            printf("(%.*s)", (int)m.len, m.ptr);
    }
    printf("\n");
    section(pg_doc_root(doc), 0);
    pg_doc_free(doc);
    return 0;
}
