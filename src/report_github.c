/*
 * report_github.c - GitHub Actions workflow commands:
 *   ::error file=F,line=L,col=C,endLine=L,endColumn=C,title=RULE::MESSAGE
 * Data is escaped (% \r \n), properties also : and , as the runner
 * expects.  info findings become ::notice.
 */
#include "lint_internal.h"

#include <stdio.h>

static int esc(pg_write_fn w, void *ctx, const char *s, bool prop)
{
    size_t run = 0, i = 0;
    for (; s[i]; i++) {
        const char *e = NULL;
        switch (s[i]) {
        case '%':
            e = "%25";
            break;
        case '\r':
            e = "%0D";
            break;
        case '\n':
            e = "%0A";
            break;
        case ':':
            e = prop ? "%3A" : NULL;
            break;
        case ',':
            e = prop ? "%2C" : NULL;
            break;
        }
        if (!e)
            continue;
        if (w(ctx, s + run, i - run) || w(ctx, e, 3))
            return -1;
        run = i + 1;
    }
    return w(ctx, s + run, i - run);
}

pg_status pg_report_github(const pg_report_file *files, size_t n, pg_write_fn w, void *ctx,
                           pg_error *err)
{
    pg__error_reset(err);
    int r = 0;
    for (size_t f = 0; f < n && !r; f++) {
        const pg_lint_result *res = files[f].result;
        for (size_t i = 0; res && i < res->n && !r; i++) {
            const pg_diag *d = &res->findings[i].diag;
            const char *lvl = d->severity == PG_SEV_ERROR     ? "error"
                              : d->severity == PG_SEV_WARNING ? "warning"
                                                              : "notice";
            char buf[160];
            snprintf(buf, sizeof buf, "::%s file=", lvl);
            r |= w(ctx, buf, strlen(buf));
            r |= esc(w, ctx, files[f].name ? files[f].name : "-", true);
            snprintf(buf, sizeof buf, ",line=%u,col=%u,endLine=%u,endColumn=%u,title=", d->line,
                     d->column, d->end_line, d->end_column);
            r |= w(ctx, buf, strlen(buf));
            r |= esc(w, ctx, d->rule, true);
            r |= w(ctx, "::", 2);
            r |= esc(w, ctx, d->message, false);
            snprintf(buf, sizeof buf, " [%s]", d->rule);
            r |= esc(w, ctx, buf, false);
            r |= w(ctx, "\n", 1);
        }
    }
    if (r) {
        pg__error(err, PG_ERR_IO, 0, 0, "", "write failed");
        return PG_ERR_IO;
    }
    return PG_OK;
}
