/* summary - count a status update's items per state through libprognosis.
 * Build: cc summary.c $(pkg-config --cflags --libs prognosis)
 * Usage: summary < update.txt */
#include <prognosis.h>
#include <stdio.h>

static int section(const pg_section *s, const pg_section *parent, void *ctx)
{
    (void)s; (void)parent; (void)ctx;
    return 0;
}

static int count(const pg_item *it, const pg_section *s, void *ctx)
{
    (void)s;
    size_t *n = ctx;
    n[it->state.ptr ? 1 : 0]++;
    return 0;
}

int main(void)
{
    static char buf[1 << 20];
    size_t len = fread(buf, 1, sizeof buf, stdin), n[2] = {0, 0};
    pg_error err;
    pg_doc *doc = pg_parse_text(buf, len, NULL, &err);
    if (!doc) { fprintf(stderr, "summary: %s\n", err.message); return 2; }
    pg_doc_walk(doc, section, count, n);
    printf("%zu items, %zu with a state, %zu findings\n", n[0] + n[1], n[1],
           pg_doc_diag_count(doc));
    pg_doc_free(doc);
    return 0;
}
