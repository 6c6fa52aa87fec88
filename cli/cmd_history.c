/* cmd_history.c - "prognosis history FILES...|archive.mbox": each item's
 * states over a series of updates, one row per item (text, CSV, JSON),
 * and --svg FILE: how many items stood in each state at each update. */
#include "mail_cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fputs("usage: prognosis history [--format text|csv|json] [--svg FILE] [--subject REGEX]\n"
          "                         FILE... | ARCHIVE.mbox[.gz]\n"
          "Each item's state in each update, oldest first (files in the order given,\n"
          "updates of an archive by date).  A cell is the item's state, '-' when it has\n"
          "none, 'gone' when it was dropped, blank before it appeared.\n"
          "  --format F     text (default), csv or json\n"
          "  --svg FILE     also draw a stacked-area chart of items per state\n"
          "  --subject RE   archives: only updates whose Subject matches RE (PCRE2)\n",
          out);
}

/* What a cell says: the state, "-" for none, "gone" after the item was
 * seen, "" before. */
static const char *cell(const pg_history_row *r, size_t k, char *buf, size_t cap)
{
    const pg_item *it = r->items[k];
    if (!it) {
        for (size_t j = 0; j < k; j++)
            if (r->items[j])
                return "gone";
        return "";
    }
    if (!it->state.ptr)
        return "-";
    snprintf(buf, cap, "%.*s", (int)it->state.len, it->state.ptr);
    return buf;
}

/* Display width of UTF-8 text (code points; good enough for names). */
static size_t width(pg_str s)
{
    size_t w = 0;
    for (size_t i = 0; i < s.len; i++)
        w += ((unsigned char)s.ptr[i] & 0xC0) != 0x80;
    return w;
}

/* At most max code points of s, with "..." when cut. */
static void put_clipped(FILE *out, pg_str s, size_t max)
{
    size_t w = width(s);
    if (w <= max) {
        fwrite(s.ptr, 1, s.len, out);
        for (; w < max; w++)
            fputc(' ', out);
        return;
    }
    size_t i = 0, k = 0;
    for (; i < s.len; i++) {
        if (((unsigned char)s.ptr[i] & 0xC0) != 0x80 && k++ == max - 3)
            break;
    }
    fwrite(s.ptr, 1, i, out);
    fputs("...", out);
}

static void print_text(FILE *out, const cli_series *s, const pg_history *h)
{
    fputs("updates:\n", out);
    for (size_t k = 0; k < s->n; k++) {
        fprintf(out, "  #%-3zu %s", k + 1, s->u[k].file);
        if (s->u[k].mail) {
            fprintf(out, "  %s", s->u[k].label);
            pg_str subj = pg_mail_get(s->u[k].mail)->subject;
            fprintf(out, "  \"%.*s\"", (int)subj.len, subj.ptr);
        }
        fputc('\n', out);
    }
    fputc('\n', out);
    size_t tw = 10, sw = 7;
    for (size_t i = 0; i < pg_history_rows(h); i++) {
        const pg_history_row *r = pg_history_row_at(h, i);
        if (width(r->title) > tw)
            tw = width(r->title);
        if (width(r->section) > sw)
            sw = width(r->section);
    }
    if (tw > 48)
        tw = 48;
    if (sw > 20)
        sw = 20;
    fprintf(out, "%-*s  %-*s", (int)tw, "item", (int)sw, "section");
    for (size_t k = 0; k < s->n; k++)
        fprintf(out, "  #%-5zu", k + 1);
    fputc('\n', out);
    for (size_t i = 0; i < pg_history_rows(h); i++) {
        const pg_history_row *r = pg_history_row_at(h, i);
        put_clipped(out, r->title, tw);
        fputs("  ", out);
        put_clipped(out, r->section, sw);
        for (size_t k = 0; k < s->n; k++) {
            char b[64];
            fprintf(out, "  %-6s", cell(r, k, b, sizeof b));
        }
        fputc('\n', out);
    }
}

static void csv_field(FILE *out, pg_str v)
{
    bool q = false;
    for (size_t i = 0; i < v.len; i++)
        q |= v.ptr[i] == ',' || v.ptr[i] == '"' || v.ptr[i] == '\n' || v.ptr[i] == '\r';
    if (!q) {
        fwrite(v.ptr, 1, v.len, out);
        return;
    }
    fputc('"', out);
    for (size_t i = 0; i < v.len; i++) {
        if (v.ptr[i] == '"')
            fputc('"', out);
        fputc(v.ptr[i], out);
    }
    fputc('"', out);
}

static void print_csv(FILE *out, const cli_series *s, const pg_history *h)
{
    fputs("item,section", out);
    for (size_t k = 0; k < s->n; k++) {
        fputc(',', out);
        csv_field(out, cli_str(s->u[k].label));
    }
    fputs("\r\n", out);
    for (size_t i = 0; i < pg_history_rows(h); i++) {
        const pg_history_row *r = pg_history_row_at(h, i);
        csv_field(out, r->title);
        fputc(',', out);
        csv_field(out, r->section);
        for (size_t k = 0; k < s->n; k++) {
            char b[64];
            fputc(',', out);
            csv_field(out, cli_str(cell(r, k, b, sizeof b)));
        }
        fputs("\r\n", out);
    }
}

static void print_json(FILE *out, const cli_series *s, const pg_history *h)
{
    fputs("{\"updates\":[", out);
    for (size_t k = 0; k < s->n; k++) {
        const pg_mail_info *m = s->u[k].mail ? pg_mail_get(s->u[k].mail) : NULL;
        fputs(k ? ",{" : "{", out);
        fputs("\"label\":", out);
        cli_json_string(out, cli_str(s->u[k].label));
        fputs(",\"file\":", out);
        cli_json_string(out, cli_str(s->u[k].file));
        if (m) {
            fputs(",\"subject\":", out);
            cli_json_string(out, m->subject);
            fputs(",\"date\":", out);
            cli_json_string(out, m->date.ptr ? m->date : cli_str(""));
            fputs(",\"message_id\":", out);
            cli_json_string(out, m->message_id.ptr ? m->message_id : cli_str(""));
        }
        fputc('}', out);
    }
    fputs("],\n\"items\":[", out);
    /* cells: null = absent, else {"state": "fair" | null, "owners": [...]} */
    for (size_t i = 0; i < pg_history_rows(h); i++) {
        const pg_history_row *r = pg_history_row_at(h, i);
        fputs(i ? ",\n{\"title\":" : "\n{\"title\":", out);
        cli_json_string(out, r->title);
        fputs(",\"section\":", out);
        cli_json_string(out, r->section);
        fputs(",\"states\":[", out);
        for (size_t k = 0; k < s->n; k++) {
            const pg_item *it = r->items[k];
            if (k)
                fputc(',', out);
            if (!it) {
                fputs("null", out);
                continue;
            }
            fputs("{\"state\":", out);
            if (it->state.ptr)
                cli_json_string(out, it->state);
            else
                fputs("null", out);
            fputs(",\"owners\":[", out);
            for (size_t o = 0; o < pg_item_count(it, PG_ENTRY_OWNER); o++) {
                if (o)
                    fputc(',', out);
                cli_json_string(out, pg_item_entry(it, PG_ENTRY_OWNER, o)->value);
            }
            fputs("]}", out);
        }
        fputs("]}", out);
    }
    fputs("],\n\"counts\":{", out);
    for (size_t k = 0; k < pg_history_states(h); k++) {
        if (k)
            fputc(',', out);
        cli_json_string(out, pg_history_state_name(h, k));
        fputs(":[", out);
        for (size_t d = 0; d < s->n; d++)
            fprintf(out, d ? ",%zu" : "%zu", pg_history_count(h, d, k));
        fputc(']', out);
    }
    fputs("}}\n", out);
}

static int write_svg(const char *path, const cli_series *s, const pg_history *h)
{
    const char **labels = calloc(s->n ? s->n : 1, sizeof *labels);
    if (!labels)
        return -1;
    for (size_t k = 0; k < s->n; k++)
        labels[k] = s->u[k].label;
    char title[200] = "Items by state";
    if (s->n && s->u[s->n - 1].mail) {
        pg_str subj = pg_mail_get(s->u[s->n - 1].mail)->subject;
        snprintf(title, sizeof title, "Items by state: %.*s",
                 (int)(subj.len > 120 ? 120 : subj.len), subj.ptr);
    } else if (s->n) {
        pg_str subj = pg_doc_subject(s->u[s->n - 1].doc);
        if (subj.ptr)
            snprintf(title, sizeof title, "Items by state: %.*s",
                     (int)(subj.len > 120 ? 120 : subj.len), subj.ptr);
    }
    pg_buf b = {0};
    pg_error err = {0};
    pg_status st = pg_history_svg(h, labels, title, pg_buf_write, &b, &err);
    free(labels);
    int rc = -1;
    if (st != PG_OK)
        fprintf(stderr, "prognosis history: %s\n", err.message);
    else
        rc = cli_write_atomic(path, b.data, b.len);
    free(b.data);
    return rc;
}

int cmd_history(int argc, char **argv)
{
    const char *format = "text", *svg = NULL, *subject = NULL;
    static const struct option opts[] = {{"format", required_argument, 0, 'f'},
                                         {"svg", required_argument, 0, 'g'},
                                         {"subject", required_argument, 0, 'S'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            format = optarg;
            break;
        case 'g':
            svg = optarg;
            break;
        case 'S':
            subject = optarg;
            break;
        case 'h':
            usage(stdout);
            return EXIT_CLEAN;
        default:
            usage(stderr);
            return EXIT_UNUSABLE;
        }
    }
    if (strcmp(format, "text") && strcmp(format, "csv") && strcmp(format, "json")) {
        fprintf(stderr, "prognosis history: unknown format '%s'\n", format);
        return EXIT_UNUSABLE;
    }
    if (optind >= argc) {
        usage(stderr);
        return EXIT_UNUSABLE;
    }
    cli_series s = {0};
    for (int i = optind; i < argc; i++)
        if (cli_series_add(&s, argv[i], subject) != 0) {
            cli_series_free(&s);
            return EXIT_UNUSABLE;
        }
    const pg_doc **docs = calloc(s.n ? s.n : 1, sizeof *docs);
    if (!docs) {
        cli_series_free(&s);
        return EXIT_UNUSABLE;
    }
    for (size_t k = 0; k < s.n; k++)
        docs[k] = s.u[k].doc;
    pg_error err = {0};
    pg_history *h = pg_history_build(docs, s.n, &err);
    free(docs);
    if (!h) {
        fprintf(stderr, "prognosis history: %s\n", err.message);
        cli_series_free(&s);
        return EXIT_UNUSABLE;
    }
    if (!strcmp(format, "csv"))
        print_csv(stdout, &s, h);
    else if (!strcmp(format, "json"))
        print_json(stdout, &s, h);
    else
        print_text(stdout, &s, h);
    int rc = EXIT_CLEAN;
    if (svg && write_svg(svg, &s, h) != 0)
        rc = EXIT_UNUSABLE;
    if (fflush(stdout) != 0)
        rc = EXIT_UNUSABLE;
    pg_history_free(h);
    cli_series_free(&s);
    return rc;
}
