/* cmd_merge.c - "prognosis merge UPDATE REPLY...": fold owners' replies
 * into the next update.  Where a reply quotes an item and says its new
 * state or a note, the changed update is proposed as a unified diff; -w
 * writes it over UPDATE (in UPDATE's own format), -o FILE elsewhere.
 * A REPLY may be a message (.eml), a text file, or an mbox (then every
 * reply in it to its latest update). */
#include "mail_cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fputs("usage: prognosis merge [-w | -o FILE] [--by NAME] UPDATE REPLY...\n"
          "Propose the next update from the replies to UPDATE, as a diff.\n"
          "  -w, --write   write the result over UPDATE\n"
          "  -o FILE       write the result to FILE\n"
          "  --by NAME     who wrote the replies given as plain text files\n",
          out);
}

typedef struct lines {
    const char **p;
    size_t *n;
    size_t count;
} lines;

/* The lines of s; l->p NULL when out of memory. */
static void split(lines *l, const char *s, size_t len)
{
    size_t count = 0;
    for (size_t i = 0; i < len; count++)
        i += (size_t)((const char *)memchr(s + i, '\n', len - i)
                          ? (const char *)memchr(s + i, '\n', len - i) - (s + i) + 1
                          : (ptrdiff_t)(len - i));
    l->count = 0;
    l->p = malloc((count + 1) * sizeof *l->p);
    l->n = malloc((count + 1) * sizeof *l->n);
    if (!l->p || !l->n) {
        free(l->p);
        free(l->n);
        l->p = NULL;
        l->n = NULL;
        return;
    }
    /* count what is filled in: the same lines as above, but the analyzer
     * cannot tell that the two loops agree */
    for (size_t i = 0; i < len; l->count++) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - s) + 1 : len;
        l->p[l->count] = s + i;
        l->n[l->count] = e - i;
        i = e;
    }
}

static bool same_line(const lines *a, size_t i, const lines *b, size_t j)
{
    return a->n[i] == b->n[j] && !memcmp(a->p[i], b->p[j], a->n[i]);
}

static void put_line(FILE *o, char mark, const char *p, size_t n)
{
    fputc(mark, o);
    fwrite(p, 1, n, o);
    if (!n || p[n - 1] != '\n')
        fputs("\n\\ No newline at end of file\n", o);
}

/* A unified diff with 3 lines of context (LCS table: updates are a few
 * hundred lines). */
static void unified(FILE *o, const char *name, const char *a, size_t al, const char *b, size_t bl)
{
    lines x, y;
    split(&x, a, al);
    split(&y, b, bl);
    size_t n = x.count, m = y.count;
    unsigned *t = calloc((n + 1) * (m + 1), sizeof *t);
    if (!t || !x.p || !y.p) {
        fprintf(stderr, "prognosis merge: update too large to diff\n");
        goto out;
    }
#define T(i, j) t[(i) * (m + 1) + (j)]
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            T(i, j) = same_line(&x, i, &y, j)     ? T(i + 1, j + 1) + 1
                      : T(i + 1, j) > T(i, j + 1) ? T(i + 1, j)
                                                  : T(i, j + 1);
    /* the edit script: 0 same, 1 delete (x), 2 insert (y) */
    size_t cap = n + m + 1, k = 0;
    unsigned char *op = malloc(cap);
    size_t *oi = malloc(cap * sizeof *oi), *oj = malloc(cap * sizeof *oj);
    size_t i = 0, j = 0;
    while (op && oi && oj && (i < n || j < m)) {
        if (i < n && j < m && same_line(&x, i, &y, j)) {
            op[k] = 0, oi[k] = i++, oj[k++] = j++;
        } else if (i < n && (j == m || T(i + 1, j) >= T(i, j + 1))) {
            op[k] = 1, oi[k] = i++, oj[k++] = j; /* deletions first, as diff -u */
        } else {
            op[k] = 2, oi[k] = i, oj[k++] = j++;
        }
    }
#undef T
    fprintf(o, "--- %s\n+++ %s (merged)\n", name, name);
    for (size_t s = 0; op && s < k;) {
        if (op[s] == 0) {
            s++;
            continue;
        }
        /* a hunk: from 3 before this change to 3 after the last change
         * that is within 6 lines of the next */
        size_t from = s >= 3 ? s - 3 : 0, to = s;
        while (to < k) {
            size_t run = 0;
            while (to + run < k && op[to + run] == 0)
                run++;
            if (to + run == k || run > 6) {
                to += run < 3 ? run : 3;
                break;
            }
            to += run;
            while (to < k && op[to] != 0)
                to++;
        }
        size_t a0 = oi[from], b0 = oj[from], ac = 0, bc = 0;
        for (size_t q = from; q < to; q++) {
            ac += op[q] != 2;
            bc += op[q] != 1;
        }
        fprintf(o, "@@ -%zu,%zu +%zu,%zu @@\n", a0 + 1, ac, b0 + 1, bc);
        for (size_t q = from; q < to; q++) {
            if (op[q] == 0)
                put_line(o, ' ', x.p[oi[q]], x.n[oi[q]]);
            else if (op[q] == 1)
                put_line(o, '-', x.p[oi[q]], x.n[oi[q]]);
            else
                put_line(o, '+', y.p[oj[q]], y.n[oj[q]]);
        }
        s = to;
    }
    free(op);
    free(oi);
    free(oj);
out:
    free(t);
    free(x.p);
    free(x.n);
    free(y.p);
    free(y.n);
}

static pg_str who(const pg_mail *m, const char *by)
{
    if (m) {
        const pg_mail_info *h = pg_mail_get(m);
        return h->from_name.ptr ? h->from_name : h->from_addr;
    }
    return cli_str(by ? by : "someone");
}

int cmd_merge(int argc, char **argv)
{
    bool write_back = false;
    const char *out_path = NULL, *by = NULL;
    static const struct option opts[] = {{"write", no_argument, 0, 'w'},
                                         {"output", required_argument, 0, 'o'},
                                         {"by", required_argument, 0, 'b'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "wo:h", opts, NULL)) != -1) {
        switch (ch) {
        case 'w':
            write_back = true;
            break;
        case 'o':
            out_path = optarg;
            break;
        case 'b':
            by = optarg;
            break;
        case 'h':
            usage(stdout);
            return EXIT_CLEAN;
        default:
            usage(stderr);
            return EXIT_UNUSABLE;
        }
    }
    if (argc - optind < 2 || (write_back && out_path)) {
        usage(stderr);
        return EXIT_UNUSABLE;
    }
    cli_series up = {0}, rep = {0};
    pg_merge *mg = NULL;
    pg_buf before = {0}, after = {0};
    int rc = EXIT_UNUSABLE;
    const char *upath = argv[optind];
    if (cli_series_add(&up, upath, NULL) != 0)
        goto out;
    if (up.n == 0) {
        fprintf(stderr, "prognosis merge: %s: no status update in it\n", upath);
        goto out;
    }
    const cli_update *u = &up.u[up.n - 1];
    pg_error err = {0};
    if (!(mg = pg_merge_new(u->doc, &err))) {
        fprintf(stderr, "prognosis merge: %s\n", err.message);
        goto out;
    }
    for (int a = optind + 1; a < argc; a++) {
        size_t first = rep.n, first_ar = rep.n_archives;
        if (cli_series_add(&rep, argv[a], NULL) != 0)
            goto out;
        if (rep.n_archives > first_ar) {
            /* an archive: the replies to its latest update */
            const pg_archive *ar = rep.archives[rep.n_archives - 1];
            size_t k = pg_archive_count(ar);
            for (size_t j = 0; k && j < pg_archive_reply_count(ar, k - 1); j++) {
                const pg_mail *m = pg_archive_reply_mail(ar, k - 1, j);
                if (pg_merge_reply(mg, pg_archive_reply_doc(ar, k - 1, j), who(m, by),
                                   pg_mail_get(m)->date, &err) != PG_OK)
                    goto fail;
            }
            continue;
        }
        for (size_t k = first; k < rep.n; k++) {
            const pg_mail *m = rep.u[k].mail;
            pg_str date = m ? pg_mail_get(m)->date : cli_str(NULL);
            if (pg_merge_reply(mg, rep.u[k].doc, who(m, by), date, &err) != PG_OK)
                goto fail;
        }
    }
    for (size_t i = 0; i < pg_merge_count(mg); i++) {
        const pg_merge_change *c = pg_merge_at(mg, i);
        fprintf(stderr, "%.*s: ", (int)c->title.len, c->title.ptr);
        if (c->new_state.ptr)
            fprintf(stderr, "%.*s -> %.*s, ", (int)(c->old_state.ptr ? c->old_state.len : 6),
                    c->old_state.ptr ? c->old_state.ptr : "(none)", (int)c->new_state.len,
                    c->new_state.ptr);
        fprintf(stderr, "note from %.*s\n", (int)c->by.len, c->by.ptr ? c->by.ptr : "");
    }
    if (pg_render_text(u->doc, pg_buf_write, &before, &err) != PG_OK ||
        pg_render_text(pg_merge_doc(mg), pg_buf_write, &after, &err) != PG_OK)
        goto fail;
    bool changed = before.len != after.len || memcmp(before.data, after.data, before.len);
    if (!changed) {
        fprintf(stderr, "prognosis merge: the replies propose no change\n");
        rc = EXIT_CLEAN;
        goto out;
    }
    unified(stdout, upath, before.data, before.len, after.data, after.len);
    rc = EXIT_FINDINGS;
    const char *dest = write_back ? upath : out_path;
    if (dest) {
        /* in the format of the destination's name (UPDATE's own for -w) */
        cli_format f = cli_detect_format("", 0, dest);
        if (write_back && !u->mail)
            f = cli_detect_format(up.inputs[0].data, up.inputs[0].len, dest);
        pg_buf outb = {0};
        pg_status st =
            f == FMT_JSON
                ? pg_render_json(pg_merge_doc(mg), PG_RENDER_DEFAULT, pg_buf_write, &outb, &err)
            : f == FMT_YAML
                ? pg_render_yaml(pg_merge_doc(mg), PG_RENDER_DEFAULT, pg_buf_write, &outb, &err)
                : pg_render_text(pg_merge_doc(mg), pg_buf_write, &outb, &err);
        if (st != PG_OK) {
            free(outb.data);
            goto fail;
        }
        if (write_back && u->mail)
            fprintf(stderr, "prognosis merge: %s is a mail; writing the update as text\n", dest);
        if (cli_write_atomic(dest, outb.data ? outb.data : "", outb.len) != 0)
            rc = EXIT_UNUSABLE;
        free(outb.data);
    }
    goto out;
fail:
    fprintf(stderr, "prognosis merge: %s\n", err.message);
    rc = EXIT_UNUSABLE;
out:
    free(before.data);
    free(after.data);
    pg_merge_free(mg);
    cli_series_free(&rep);
    cli_series_free(&up);
    return rc;
}
