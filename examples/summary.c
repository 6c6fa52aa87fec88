/* summary - count a status update's items through libprognosis.
 * Build: cc summary.c $(pkg-config --cflags --libs prognosis)
 * Usage: summary < update.txt */
#include <prognosis.h>
#include <stdio.h>

static size_t count(const pg_section *s, size_t *with_state)
{
    size_t n = s->n_items;
    for (size_t i = 0; i < s->n_items; i++)
        *with_state += s->items[i].state.ptr != NULL;
    for (size_t i = 0; i < s->n_sections; i++)
        n += count(&s->sections[i], with_state);
    return n;
}

int main(void)
{
    static char buf[1 << 20];
    size_t len = fread(buf, 1, sizeof buf, stdin), with_state = 0;
    pg_error err;
    pg_doc *doc = pg_parse_text(buf, len, NULL, &err);
    if (!doc) {
        fprintf(stderr, "summary: %s\n", err.message);
        return 2;
    }
    size_t n = count(pg_doc_root(doc), &with_state);
    printf("%zu items, %zu with a state, %zu findings\n", n, with_state, pg_doc_diag_count(doc));
    pg_doc_free(doc);
    return 0;
}
