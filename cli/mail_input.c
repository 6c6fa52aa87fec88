/* mail_input.c - load a series of updates from files of any kind (see
 * mail_cli.h).  GMime is initialised here, once, for every command that
 * reads mail. */
#include "mail_cli.h"

#include <stdlib.h>
#include <string.h>

static void *grow(void *p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return p;
    size_t c = *cap ? *cap * 2 : 8;
    while (c < need)
        c *= 2;
    void *q = realloc(p, c * elem);
    if (!q) {
        fprintf(stderr, "prognosis: out of memory\n");
        exit(EXIT_UNUSABLE);
    }
    *cap = c;
    return q;
}

/* Append one element to a malloc'd array of n (a handful of files: one
 * realloc each is fine). */
static void *push(void *arr, size_t *n, const void *val, size_t elem)
{
    void *q = realloc(arr, (*n + 1) * elem);
    if (!q) {
        fprintf(stderr, "prognosis: out of memory\n");
        exit(EXIT_UNUSABLE);
    }
    memcpy((char *)q + *n * elem, val, elem);
    ++*n;
    return q;
}
#define PUSH(arr, n, val) ((arr) = push((arr), &(n), &(val), sizeof *(arr)))

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static void add_update(cli_series *s, const pg_doc *doc, const pg_mail *m, const char *file)
{
    s->u = grow(s->u, &s->cap, s->n + 1, sizeof *s->u);
    cli_update *u = &s->u[s->n++];
    memset(u, 0, sizeof *u);
    u->doc = doc;
    u->mail = m;
    u->file = file;
    const pg_mail_info *h = m ? pg_mail_get(m) : NULL;
    if (h && h->date.len >= 10)
        snprintf(u->label, sizeof u->label, "%.10s", h->date.ptr);
    else
        snprintf(u->label, sizeof u->label, "%s", base_name(file));
}

void cli_mail_init(void)
{
    static int done;
    if (!done) {
        pg_mail_init();
        done = 1;
    }
}

int cli_series_add(cli_series *s, const char *path, const char *subject_regex)
{
    cli_input in;
    if (cli_read_input(path, NULL, &in) != 0)
        return -1;
    PUSH(s->inputs, s->n_inputs, in);
    const cli_input *kept = &s->inputs[s->n_inputs - 1];
    const char *name = kept->name;
    pg_error err = {0};
    if (pg_mbox_detect(in.data, in.len)) {
        cli_mail_init();
        pg_archive_options o = {0};
        o.subject_regex = subject_regex;
        pg_archive *ar = pg_archive_read_mbox(in.data, in.len, &o, &err);
        if (!ar) {
            cli_print_error(name, &err);
            return -1;
        }
        PUSH(s->archives, s->n_archives, ar);
        for (size_t i = 0; i < pg_archive_skip_count(ar); i++) {
            const pg_archive_skip *k = pg_archive_skip_at(ar, i);
            fprintf(stderr, "%s:%u: skipped message: %s\n", name, k->line, k->reason);
        }
        if (pg_archive_count(ar) == 0)
            fprintf(stderr, "%s: no status update among %zu messages\n", name,
                    pg_archive_messages_read(ar));
        for (size_t i = 0; i < pg_archive_count(ar); i++)
            add_update(s, pg_archive_doc(ar, i), pg_archive_mail(ar, i), name);
        return 0;
    }
    if (pg_mail_detect(in.data, in.len)) {
        cli_mail_init();
        pg_mail *m = pg_mail_parse(in.data, in.len, 1, &err);
        if (!m) {
            cli_print_error(name, &err);
            return -1;
        }
        PUSH(s->mails, s->n_mails, m);
        pg_str t = pg_mail_get(m)->text;
        pg_doc *doc = pg_parse_text(t.ptr, t.len, NULL, &err);
        if (!doc) {
            cli_print_error(name, &err);
            return -1;
        }
        PUSH(s->docs, s->n_docs, doc);
        add_update(s, doc, m, name);
        return 0;
    }
    pg_doc *doc = cli_load(kept, FMT_AUTO);
    if (!doc)
        return -1;
    PUSH(s->docs, s->n_docs, doc);
    add_update(s, doc, NULL, name);
    return 0;
}

void cli_series_free(cli_series *s)
{
    for (size_t i = 0; i < s->n_docs; i++)
        pg_doc_free(s->docs[i]);
    for (size_t i = 0; i < s->n_mails; i++)
        pg_mail_free(s->mails[i]);
    for (size_t i = 0; i < s->n_archives; i++)
        pg_archive_free(s->archives[i]);
    for (size_t i = 0; i < s->n_inputs; i++)
        cli_input_free(&s->inputs[i]);
    free(s->docs);
    free(s->mails);
    free(s->archives);
    free(s->inputs);
    free(s->u);
    memset(s, 0, sizeof *s);
}

static pg_doc *load_maybe_mail(const cli_input *in, cli_format fmt, pg_mail **mail,
                               pg_parse_options text_opts)
{
    *mail = NULL;
    if (fmt != FMT_AUTO || !pg_mail_detect(in->data, in->len))
        return cli_load_with(in, fmt, text_opts);
    cli_mail_init();
    pg_error err = {0};
    pg_mail *m = pg_mail_parse(in->data, in->len, 1, &err);
    if (!m) {
        cli_print_error(in->name, &err);
        return NULL;
    }
    pg_str t = pg_mail_get(m)->text;
    text_opts.borrow_input = false; /* the body dies with the mail */
    text_opts.threads = cli_threads();
    pg_doc *doc = pg_parse_text(t.ptr, t.len, &text_opts, &err);
    if (!doc) {
        cli_print_error(in->name, &err);
        pg_mail_free(m);
        return NULL;
    }
    *mail = m;
    return doc;
}

pg_doc *cli_load_maybe_mail(const cli_input *in, cli_format fmt, pg_mail **mail)
{
    pg_parse_options none = {0};
    return load_maybe_mail(in, fmt, mail, none);
}

pg_doc *cli_load_for_check(const cli_input *in, cli_format fmt, pg_mail **mail)
{
    pg_parse_options check = {.diagnostics_only = true};
    return load_maybe_mail(in, fmt, mail, check);
}

void cli_print_doc_diags(FILE *out, const cli_input *in, const pg_doc *doc, const pg_mail *mail)
{
    int colour = cli_use_colour(out);
    pg_str src = pg_doc_source(doc);
    for (size_t i = 0; i < pg_doc_diag_count(doc); i++) {
        pg_diag d = *pg_doc_diag(doc, i);
        if (mail) {
            /* Point into the file: the body lines where they are the
             * file's own bytes, else the message's first line. */
            uint32_t l = pg_mail_line(mail, d.line);
            d.end_line = d.end_line ? l + (d.end_line - d.line) : 0;
            d.line = l;
            cli_print_diag(out, in->name, in->data, in->len, &d, colour);
        } else {
            cli_print_diag(out, in->name, src.ptr, src.len, &d, colour);
        }
    }
}

void cli_json_string(FILE *out, pg_str s)
{
    fputc('"', out);
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        switch (c) {
        case '"':
            fputs("\\\"", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        case '\t':
            fputs("\\t", out);
            break;
        default:
            if (c < 0x20)
                fprintf(out, "\\u%04x", c);
            else
                fputc(c, out);
        }
    }
    fputc('"', out);
}
