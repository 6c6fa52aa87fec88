/* report.c - diagnostics for people: "file:line:col: severity: message
 * [rule]", the line, a caret (the format vim's quickfix and Emacs'
 * compilation mode read). */
#include "cli.h"

#include <pthread.h>
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

/* Length of the valid UTF-8 sequence at s (1 for ASCII), 0 if invalid. */
static size_t utf8_len(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    if (p[0] < 0x80)
        return 1;
    size_t k = p[0] >= 0xF0 && p[0] <= 0xF4  ? 4
               : p[0] >= 0xE0                ? 3
               : p[0] >= 0xC2 && p[0] < 0xE0 ? 2
                                             : 0;
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

/* Offset just past the line starting at i: "\n", "\r\n" and a lone "\r"
 * end a line, as for the parser.  Without a CR in the source memchr
 * finds the ends. */
static size_t line_after(const char *src, size_t len, size_t i, bool cr)
{
    if (!cr) {
        const char *e = memchr(src + i, '\n', len - i);
        return e ? (size_t)(e - src) + 1 : len;
    }
    while (i < len && src[i] != '\n' && src[i] != '\r')
        i++;
    if (i >= len)
        return len;
    return i + ((src[i] == '\r' && i + 1 < len && src[i + 1] == '\n') ? 2 : 1);
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
    bool cr = len && memchr(src, '\r', len);
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
        if (i >= len || (i = line_after(src, len, i, cr)) >= len)
            break;
    }
    line_index.start = v;
    line_index.n = v ? n : 0;
}

/* Start of 1-based line `line` in src and its length up to max bytes, or
 * NULL. */
static const char *find_line(const char *src, size_t len, uint32_t line, size_t max, size_t *n)
{
    index_lines(src, len);
    if (line == 0 || line > line_index.n)
        return NULL;
    /* A line holds no "\n" or "\r" but its end: the next start (or the
     * end of the source) less the line end gives its length. */
    size_t a = line_index.start[line - 1];
    size_t b = line < line_index.n ? line_index.start[line] : len;
    if (b > a && src[b - 1] == '\n')
        b--;
    if (b > a && src[b - 1] == '\r')
        b--;
    *n = b - a > max ? max : b - a;
    return src + a;
}

/* One diagnostic's text, built in memory and handed on at once (to a
 * FILE with one fwrite, or to a chunk of the report in memory): a report
 * of 10^6 findings spent more in stdio calls per character than in
 * linting. */
typedef struct span {
    void (*emit)(void *ctx, const char *p, size_t n);
    void *ctx;
    size_t n;
    char buf[1024];
} span;

static void emit_file(void *ctx, const char *p, size_t n) { fwrite(p, 1, n, (FILE *)ctx); }

static inline void put(span *s, const char *p, size_t n)
{
    if (n > sizeof s->buf - s->n) {
        s->emit(s->ctx, s->buf, s->n);
        s->n = 0;
        if (n > sizeof s->buf) {
            s->emit(s->ctx, p, n);
            return;
        }
    }
    memcpy(s->buf + s->n, p, n);
    s->n += n;
}

static void put_str(span *s, const char *p) { put(s, p, strlen(p)); }

static void put_uint(span *s, unsigned v)
{
    char t[12];
    size_t i = sizeof t;
    do
        t[--i] = (char)('0' + v % 10);
    while (v /= 10);
    put(s, t + i, sizeof t - i);
}

static void put_spaces(span *s, size_t n)
{
    static const char sp[64] = "                                                                ";
    for (; n > sizeof sp; n -= sizeof sp)
        put(s, sp, sizeof sp);
    put(s, sp, n);
}

/* 0x80 in each byte of w that the snippet must look at: one >= 0x80, NUL
 * or a tab (exact per byte: no borrow crosses bytes). */
static uint64_t odd_bytes(uint64_t w)
{
    const uint64_t lo7 = 0x7F7F7F7F7F7F7F7Fu, t = w ^ 0x0909090909090909u;
    uint64_t nul = ~(((w & lo7) + lo7) | w | lo7), tab = ~(((t & lo7) + lo7) | t | lo7);
    return (w | nul | tab) & ~lo7;
}

/* The line as shown: a tab as a space, NUL and bytes that are not UTF-8
 * as '?' (rather than a broken character).  Plain bytes are passed eight
 * at a time.  Returns whether the line has a byte >= 0x80. */
static bool put_snippet(span *s, const char *l, size_t n)
{
    size_t run = 0; /* start of bytes shown as they are */
    bool high = false;
    for (size_t i = 0; i < n;) {
        if (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, l + i, 8);
            uint64_t m = odd_bytes(w);
            if (!m) {
                i += 8;
                continue;
            }
            i += (size_t)__builtin_ctzll(m) >> 3;
        }
        unsigned char ch = (unsigned char)l[i];
        if (ch >= 0x80) {
            high = true;
            size_t k = utf8_len(l + i, n - i);
            if (k) {
                i += k;
                continue;
            }
        } else if (ch != '\0' && ch != '\t') {
            i++;
            continue;
        }
        put(s, l + run, i - run);
        put(s, ch == '\t' ? " " : "?", 1);
        run = ++i;
    }
    put(s, l + run, n - run);
    return high;
}

static void format_diag(span *s, const char *file, const char *src, size_t len, const pg_diag *d,
                        int colour)
{
    const char *sev = pg_lint_severity_name(d->severity);
    const char *col = d->severity == PG_SEV_ERROR     ? "\033[1;31m"
                      : d->severity == PG_SEV_WARNING ? "\033[1;35m"
                                                      : "\033[1;36m";
    /* "file:line:col: severity: message [rule]" */
    if (colour)
        put_str(s, "\033[1m");
    put_str(s, file);
    put(s, ":", 1);
    put_uint(s, d->line);
    put(s, ":", 1);
    put_uint(s, d->column);
    put(s, ":", 1);
    if (colour) {
        put_str(s, "\033[0m ");
        put_str(s, col);
    } else {
        put(s, " ", 1);
    }
    put_str(s, sev);
    put_str(s, colour ? ":\033[0m " : ": ");
    put_str(s, d->message);
    put(s, " [", 2);
    put_str(s, d->rule);
    put(s, "]\n", 2);
    size_t n = 0;
    /* A 10 MB line is not for the terminal: 200 bytes of it. */
    const char *l = src && d->line ? find_line(src, len, d->line, 200, &n) : NULL;
    if (l) {
        put(s, "  ", 2);
        bool high = put_snippet(s, l, n);
        put(s, "\n  ", 3);
        /* Caret under the column: count display columns (UTF-8 aware;
         * an ASCII line has one a byte). */
        size_t upto = d->column ? d->column - 1 : 0, w = upto < n ? upto : n;
        if (high) {
            w = 0;
            for (size_t i = 0; i < upto && i < n; i++)
                w += ((unsigned char)l[i] & 0xC0) != 0x80;
        }
        put_spaces(s, w);
        put_str(s, colour ? "\033[1;32m^\033[0m\n" : "^\n");
    }
    s->emit(s->ctx, s->buf, s->n);
    s->n = 0;
}

void cli_print_diag(FILE *out, const char *file, const char *src, size_t len, const pg_diag *d,
                    int colour)
{
    span s;
    s.emit = emit_file;
    s.ctx = out;
    s.n = 0;
    format_diag(&s, file, src, len, d, colour);
}

/* ------------------------------------------------- many findings */

/* A report of many findings is formatted in chunks on the cores, each
 * into memory, and written in order: formatting (the line, its UTF-8
 * checks, the caret) cost half as much as the rules themselves on an
 * update of 600,000 findings. */
#define PRINT_CHUNK   8192
#define PRINT_THREADS 8

typedef struct chunk {
    const char *file, *src;
    size_t len;
    const pg_finding *f;
    size_t from, to; /* the findings of the chunk */
    char *data;      /* their text */
    size_t n, cap;
    int colour;
    bool nomem;
} chunk;

static void emit_mem(void *ctx, const char *p, size_t n)
{
    chunk *c = ctx;
    if (c->nomem)
        return;
    if (n > c->cap - c->n) {
        size_t cap = c->cap ? c->cap : 1 << 20;
        while (n > cap - c->n)
            cap *= 2;
        char *d = realloc(c->data, cap);
        if (!d) {
            c->nomem = true;
            return;
        }
        c->data = d;
        c->cap = cap;
    }
    memcpy(c->data + c->n, p, n);
    c->n += n;
}

static void *format_chunk(void *v)
{
    chunk *c = v;
    span s;
    s.emit = emit_mem;
    s.ctx = c;
    s.n = 0;
    c->n = 0;
    for (size_t i = c->from; i < c->to && !c->nomem; i++)
        format_diag(&s, c->file, c->src, c->len, &c->f[i].diag, c->colour);
    return NULL;
}

/* Findings [from, to) one by one, straight to out. */
static void print_each(FILE *out, const char *file, const char *src, size_t len,
                       const pg_finding *f, size_t from, size_t to, int colour)
{
    for (size_t i = from; i < to; i++)
        cli_print_diag(out, file, src, len, &f[i].diag, colour);
}

void cli_print_findings(FILE *out, const char *file, const char *src, size_t len,
                        const pg_finding *f, size_t n, int colour)
{
    unsigned t = cli_threads();
    if (t > PRINT_THREADS)
        t = PRINT_THREADS;
    /* The line index is built here, once: the threads only read it. */
    if (src)
        index_lines(src, len);
    if (t < 2 || n < 2 * PRINT_CHUNK || (src && !line_index.start)) {
        print_each(out, file, src, len, f, 0, n, colour);
        return;
    }
    chunk c[PRINT_THREADS];
    memset(c, 0, sizeof c);
    for (size_t at = 0; at < n;) {
        pthread_t th[PRINT_THREADS];
        bool started[PRINT_THREADS] = {false};
        unsigned k = 0;
        for (; k < t && at < n; k++) {
            c[k].file = file, c[k].src = src, c[k].len = len, c[k].f = f, c[k].colour = colour;
            c[k].from = at;
            c[k].to = at = n - at > PRINT_CHUNK ? at + PRINT_CHUNK : n;
            if (k > 0)
                started[k] = pthread_create(&th[k], NULL, format_chunk, &c[k]) == 0;
        }
        format_chunk(&c[0]);
        for (unsigned j = 1; j < k; j++) {
            if (started[j])
                pthread_join(th[j], NULL);
            else
                format_chunk(&c[j]); /* no thread: here, in order */
        }
        for (unsigned j = 0; j < k; j++) {
            if (!c[j].nomem) {
                fwrite(c[j].data, 1, c[j].n, out);
                continue;
            }
            /* No memory for the chunk: the same lines one by one. */
            print_each(out, file, src, len, f, c[j].from, c[j].to, colour);
            c[j].nomem = false;
        }
    }
    for (unsigned j = 0; j < t; j++)
        free(c[j].data);
}
