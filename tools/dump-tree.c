/* dump-tree: print the outline of a parsed text file, in the format of
 * the spec examples (a debugging aid; not installed).
 *   cc -Iinclude -Itests tools/dump-tree.c tests/tree_dump.c \
 *      build/libprognosis.a -lpcre2-8 -o build/dump-tree */
#include "prognosis.h"
#include "tree_dump.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    FILE *f = argc > 1 ? fopen(argv[1], "rb") : stdin;
    if (!f)
        return 2;
    pg_buf in = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (pg_buf_write(&in, chunk, n))
            return 2;
    pg_error err;
    pg_doc *doc = pg_parse_text(in.data ? in.data : "", in.len, NULL, &err);
    if (!doc) {
        fprintf(stderr, "error: %s\n", err.message);
        return 2;
    }
    pg_buf out = {0};
    int rc = pg_test_dump(doc, &out);
    if (out.len)
        fwrite(out.data, 1, out.len, stdout);
    pg_doc_free(doc);
    free(in.data);
    free(out.data);
    return rc ? 2 : 0;
}
