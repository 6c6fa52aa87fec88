/*
 * report_json.c - findings as a JSON array, one object per finding:
 * file, line, column, end_line, end_column, severity, rule, message and
 * fix ({offset, length, replacement}) when there is one.
 */
#include "lint_internal.h"

#include <stdio.h>

/* s[0, n), valid UTF-8, escaped for a JSON string. */
static int escaped(pg_write_fn w, void *ctx, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        char esc[8];
        const char *e = NULL;
        size_t el = 2;
        if (ch == '"')
            e = "\\\"";
        else if (ch == '\\')
            e = "\\\\";
        else if (ch == '\n')
            e = "\\n";
        else if (ch == '\r')
            e = "\\r";
        else if (ch == '\t')
            e = "\\t";
        else if (ch < 0x20 || ch == 0x7F) {
            snprintf(esc, sizeof esc, "\\u%04x", ch);
            e = esc;
            el = 6;
        }
        if (!e)
            continue;
        if (w(ctx, s + run, i - run) || w(ctx, e, el))
            return -1;
        run = i + 1;
    }
    return w(ctx, s + run, n - run) ? -1 : 0;
}

int pg__lint_json_str(pg_write_fn w, void *ctx, const char *s, size_t n)
{
    if (w(ctx, "\"", 1))
        return -1;
    /* JSON text is UTF-8: a byte that is not (a file name, say) is
     * written as U+FFFD. */
    for (size_t i = 0, bad; i < n; i += bad + 1) {
        bad = n - i;
        pg__utf8_valid(s + i, n - i, &bad);
        if (escaped(w, ctx, s + i, bad) || (i + bad < n && w(ctx, "\\ufffd", 6)))
            return -1;
    }
    return w(ctx, "\"", 1) ? -1 : 0;
}

static int put(pg_write_fn w, void *ctx, const char *s) { return w(ctx, s, strlen(s)); }

pg_status pg_report_json(const pg_report_file *files, size_t n, pg_write_fn w, void *ctx,
                         pg_error *err)
{
    pg__error_reset(err);
    int r = put(w, ctx, "[");
    bool first = true;
    for (size_t f = 0; f < n && !r; f++) {
        const pg_lint_result *res = files[f].result;
        for (size_t i = 0; res && i < res->n && !r; i++) {
            const pg_finding *x = &res->findings[i];
            const pg_diag *d = &x->diag;
            char num[200];
            r |= put(w, ctx, first ? "\n  {\"file\": " : ",\n  {\"file\": ");
            first = false;
            const char *name = files[f].name ? files[f].name : "-";
            r |= pg__lint_json_str(w, ctx, name, strlen(name));
            snprintf(num, sizeof num,
                     ", \"line\": %u, \"column\": %u, \"end_line\": %u, "
                     "\"end_column\": %u, \"severity\": \"%s\", \"rule\": ",
                     d->line, d->column, d->end_line, d->end_column,
                     pg_lint_severity_name(d->severity));
            r |= put(w, ctx, num);
            r |= pg__lint_json_str(w, ctx, d->rule, strlen(d->rule));
            r |= put(w, ctx, ", \"message\": ");
            r |= pg__lint_json_str(w, ctx, d->message, strlen(d->message));
            /* A fix JSON cannot carry byte for byte is left out (lint
             * --fix still applies it). */
            if (x->has_fix && pg__utf8_valid(x->fix.text, x->fix.text_len, NULL)) {
                snprintf(num, sizeof num,
                         ", \"fix\": {\"offset\": %zu, \"length\": %zu, \"replacement\": ",
                         x->fix.offset, x->fix.len);
                r |= put(w, ctx, num);
                r |= pg__lint_json_str(w, ctx, x->fix.text, x->fix.text_len);
                r |= put(w, ctx, "}");
            }
            r |= put(w, ctx, "}");
        }
    }
    r |= put(w, ctx, first ? "]\n" : "\n]\n");
    if (r) {
        pg__error(err, PG_ERR_IO, 0, 0, "", "write failed");
        return PG_ERR_IO;
    }
    return PG_OK;
}
