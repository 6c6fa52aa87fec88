/* report.c - diagnostics for people: "file:line:col: severity: message
 * [rule]", the line, a caret (the format vim's quickfix and Emacs'
 * compilation mode read). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_use_colour(FILE *out)
{
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc)
        return 0;
    const char *term = getenv("TERM");
    if (term && !strcmp(term, "dumb"))
        return 0;
    return isatty(fileno(out));
}

const char *cli_severity_name(pg_severity s)
{
    switch (s) {
    case PG_SEV_ERROR: return "error";
    case PG_SEV_WARNING: return "warning";
    case PG_SEV_INFO: return "info";
    default: return "off";
    }
}

/* Length of the valid UTF-8 sequence at s (1 for ASCII), 0 if invalid. */
static size_t utf8_len(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    if (p[0] < 0x80)
        return 1;
    size_t k = p[0] >= 0xF0 && p[0] <= 0xF4 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC2 && p[0] < 0xE0 ? 2 : 0;
    if (k == 0 || k > n)
        return 0;
    for (size_t i = 1; i < k; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    if ((k == 3 && p[0] == 0xE0 && p[1] < 0xA0) || (k == 3 && p[0] == 0xED && p[1] > 0x9F) ||
        (k == 4 && p[0] == 0xF0 && p[1] < 0x90) || (k == 4 && p[0] == 0xF4 && p[1] > 0x8F))
        return 0;
    return k;
}

/* Where each line of the last source starts, built once per source so
 * that printing N findings costs O(N + size), not O(N * size). */
static struct {
    const char *src;
    size_t len;
    size_t *start; /* start[i] = offset of line i+1; n entries */
    size_t n;
} line_index;

static void index_lines(const char *src, size_t len)
{
    if (line_index.src == src && line_index.len == len && line_index.start)
        return;
    free(line_index.start);
    line_index.start = NULL;
    line_index.src = src;
    line_index.len = len;
    size_t cap = 1024, n = 0;
    size_t *v = malloc(cap * sizeof *v);
    for (size_t i = 0; v;) {
        if (n == cap) {
            size_t *nv = realloc(v, (cap *= 2) * sizeof *v);
            if (!nv) {
                free(v);
                v = NULL;
                break;
            }
            v = nv;
        }
        v[n++] = i;
        /* "\n", "\r\n" and a lone "\r" end a line, as for the parser. */
        while (i < len && src[i] != '\n' && src[i] != '\r')
            i++;
        if (i >= len)
            break;
        i += (src[i] == '\r' && i + 1 < len && src[i + 1] == '\n') ? 2 : 1;
        if (i >= len)
            break;
    }
    line_index.start = v;
    line_index.n = v ? n : 0;
}

/* Start of 1-based line `line` in src, or NULL. */
static const char *find_line(const char *src, size_t len, uint32_t line, size_t *n)
{
    index_lines(src, len);
    if (line == 0 || line > line_index.n)
        return NULL;
    const char *p = src + line_index.start[line - 1], *end = src + len, *e = p;
    while (e < end && *e != '\n' && *e != '\r')
        e++;
    *n = (size_t)(e - p);
    return p;
}

void cli_print_diag(FILE *out, const char *file, const char *src, size_t len, const pg_diag *d,
                    int colour)
{
    const char *sev = cli_severity_name(d->severity);
    const char *col = d->severity == PG_SEV_ERROR ? "\033[1;31m"
                    : d->severity == PG_SEV_WARNING ? "\033[1;35m" : "\033[1;36m";
    if (colour)
        fprintf(out, "\033[1m%s:%u:%u:\033[0m %s%s:\033[0m %s [%s]\n", file, d->line, d->column,
                col, sev, d->message, d->rule);
    else
        fprintf(out, "%s:%u:%u: %s: %s [%s]\n", file, d->line, d->column, sev, d->message, d->rule);
    size_t n = 0;
    const char *l = src && d->line ? find_line(src, len, d->line, &n) : NULL;
    if (!l)
        return;
    if (n > 200) /* a 10 MB line is not for the terminal */
        n = 200;
    fputs("  ", out);
    for (size_t i = 0; i < n;) {
        size_t k = utf8_len(l + i, n - i);
        if (k == 0) /* not UTF-8: show a '?' rather than a broken byte */
            fputc('?', out), i++;
        else if (k == 1)
            fputc(l[i] == '\0' ? '?' : l[i] == '\t' ? ' ' : l[i], out), i++;
        else
            fwrite(l + i, 1, k, out), i += k;
    }
    fputs("\n  ", out);
    /* Caret under the column: count display columns (UTF-8 aware). */
    size_t upto = d->column ? d->column - 1 : 0;
    for (size_t i = 0; i < upto && i < n; i++)
        if (((unsigned char)l[i] & 0xC0) != 0x80)
            fputc(' ', out);
    if (colour)
        fputs("\033[1;32m^\033[0m\n", out);
    else
        fputs("^\n", out);
}
