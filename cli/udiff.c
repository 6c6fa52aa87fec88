/* udiff.c - a unified diff of two texts (for fmt --diff).  Common head
 * and tail are trimmed, the middle is aligned by longest common
 * subsequence (or replaced whole when too large to align cheaply). */
#include "lint_cli.h"

#include <stdlib.h>
#include <string.h>

typedef struct lines {
    const char **p;
    size_t *n; /* length including the line end */
    size_t count;
} lines;

static int split(const char *s, size_t len, lines *l)
{
    size_t cap = 16;
    l->count = 0;
    l->p = malloc(cap * sizeof *l->p);
    l->n = malloc(cap * sizeof *l->n);
    if (!l->p || !l->n)
        return -1;
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - s) + 1 : len;
        if (l->count == cap) {
            cap *= 2;
            const char **np = realloc(l->p, cap * sizeof *l->p);
            size_t *nn = np ? realloc(l->n, cap * sizeof *l->n) : NULL;
            if (np)
                l->p = np;
            if (!nn)
                return -1;
            l->n = nn;
        }
        l->p[l->count] = s + i;
        l->n[l->count++] = e - i;
        i = e;
    }
    return 0;
}

static bool eq(const lines *a, size_t i, const lines *b, size_t j)
{
    return a->n[i] == b->n[j] && !memcmp(a->p[i], b->p[j], a->n[i]);
}

static void put_line(FILE *out, char mark, const char *p, size_t n)
{
    fputc(mark, out);
    fwrite(p, 1, n, out);
    if (!n || p[n - 1] != '\n')
        fputs("\n\\ No newline at end of file\n", out);
}

/* ops: 0 same, 1 delete (a), 2 insert (b) */
typedef struct op {
    unsigned char kind;
    size_t i, j;
} op;

static size_t align(const lines *a, const lines *b, size_t pre, size_t ea, size_t eb, op *ops)
{
    size_t n = ea - pre, m = eb - pre, k = 0;
    unsigned *t = (n + 1) * (m + 1) <= 4000000 ? calloc((n + 1) * (m + 1), sizeof *t) : NULL;
    if (!t) {
        for (size_t i = 0; i < n; i++)
            ops[k++] = (op){1, pre + i, 0};
        for (size_t j = 0; j < m; j++)
            ops[k++] = (op){2, 0, pre + j};
        return k;
    }
#define T(i, j) t[(i) * (m + 1) + (j)]
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            T(i, j) = eq(a, pre + i, b, pre + j)   ? T(i + 1, j + 1) + 1
                      : T(i + 1, j) >= T(i, j + 1) ? T(i + 1, j)
                                                   : T(i, j + 1);
    size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && eq(a, pre + i, b, pre + j))
            ops[k++] = (op){0, pre + i++, pre + j++};
        else if (j == m || (i < n && T(i + 1, j) >= T(i, j + 1)))
            ops[k++] = (op){1, pre + i++, 0};
        else
            ops[k++] = (op){2, 0, pre + j++};
    }
#undef T
    free(t);
    return k;
}

int cli_unified_diff(FILE *out, const char *name, const char *a, size_t alen, const char *b,
                     size_t blen)
{
    lines la = {0}, lb = {0};
    int rc = -1;
    op *ops = NULL;
    if (split(a, alen, &la) || split(b, blen, &lb))
        goto done;
    size_t pre = 0, ea = la.count, eb = lb.count;
    while (pre < ea && pre < eb && eq(&la, pre, &lb, pre))
        pre++;
    while (ea > pre && eb > pre && eq(&la, ea - 1, &lb, eb - 1))
        ea--, eb--;
    /* All operations: the common head and tail as "same". */
    size_t total = pre + (la.count - ea) + (ea - pre) + (eb - pre);
    ops = malloc((total ? total : 1) * sizeof *ops);
    if (!ops)
        goto done;
    size_t k = 0;
    for (size_t i = 0; i < pre; i++)
        ops[k++] = (op){0, i, i};
    k += align(&la, &lb, pre, ea, eb, ops + k);
    for (size_t i = ea, j = eb; i < la.count; i++, j++)
        ops[k++] = (op){0, i, j};
    fprintf(out, "--- %s\n+++ %s (formatted)\n", name, name);
    const size_t ctx = 3;
    size_t x = 0;
    while (x < k) {
        if (ops[x].kind == 0) {
            x++;
            continue;
        }
        /* A hunk: from ctx lines before this change to ctx after the last
         * change that is within 2*ctx of the next. */
        size_t s = x >= ctx ? x - ctx : 0, e = x;
        for (size_t y = x; y < k; y++) {
            if (ops[y].kind != 0)
                e = y;
            else if (y - e > 2 * ctx)
                break;
        }
        size_t end = e + ctx + 1 < k ? e + ctx + 1 : k;
        size_t a0 = 0, b0 = 0, an = 0, bn = 0;
        bool fa = false, fb = false;
        for (size_t y = s; y < end; y++) {
            if (ops[y].kind != 2) {
                if (!fa)
                    a0 = ops[y].i, fa = true;
                an++;
            }
            if (ops[y].kind != 1) {
                if (!fb)
                    b0 = ops[y].j, fb = true;
                bn++;
            }
        }
        fprintf(out, "@@ -%zu,%zu +%zu,%zu @@\n", fa ? a0 + 1 : 0, an, fb ? b0 + 1 : 0, bn);
        for (size_t y = s; y < end; y++) {
            if (ops[y].kind == 0)
                put_line(out, ' ', la.p[ops[y].i], la.n[ops[y].i]);
            else if (ops[y].kind == 1)
                put_line(out, '-', la.p[ops[y].i], la.n[ops[y].i]);
            else
                put_line(out, '+', lb.p[ops[y].j], lb.n[ops[y].j]);
        }
        x = end;
    }
    rc = 0;
done:
    free(ops);
    free(la.p), free(la.n), free(lb.p), free(lb.n);
    return rc;
}
