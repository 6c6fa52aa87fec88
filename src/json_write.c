/*
 * json_write.c - pg_render_json: the model events of model_write.c as
 * JSON text, written as they come through one buffer (64 KiB writes;
 * a fork of a long list writes straight into its chunk's buffer).
 *
 * The bytes are those jansson's json_dumpb gave when the writers still
 * built a tree (the golden files hold them): indent 2, "key": value,
 * "[]"/"{}" when empty (or one line without spaces with
 * PG_RENDER_COMPACT), UTF-8 written as is, escapes per RFC 8259 with
 * \" \\ \b \f \n \r \t and \u00XX (upper-case hex) for the other control
 * characters, "/" not escaped, and a final newline.  A string JSON cannot
 * carry is found before the first byte goes out (model_write.c); only a
 * sink that refuses bytes, or memory running out, stops it half-way.
 */
#include "model.h"

#include <stdio.h>

#define OUT_CAP (64 * 1024)

typedef struct jw {
    pg_write_fn write; /* where buf goes when full ... */
    void *ctx;
    pg_buf *into; /* ... or, for a fork, the buffer buf lives in, grown */
    bool compact;
    size_t depth;   /* open arrays/objects */
    bool first;     /* the open container has no element yet */
    bool after_key; /* the next value is a member's: no separator */
    char *buf;
    size_t len, cap;
    char own[]; /* buf of a writer that is no fork: OUT_CAP bytes */
} jw;

/* A fork's buffer, grown to hold n more bytes (and into's NUL). */
static bool grow(jw *j, size_t n)
{
    j->into->len = j->len;
    if (pg__buf_reserve(j->into, n) != 0)
        return false;
    j->buf = j->into->data;
    j->cap = j->into->cap - 1;
    return true;
}

static bool flush(jw *j)
{
    if (j->into) { /* the bytes are in place already */
        j->into->len = j->len;
        if (j->cap)
            j->buf[j->len] = '\0';
        return true;
    }
    if (j->len && j->write(j->ctx, j->buf, j->len) != 0)
        return false;
    j->len = 0;
    return true;
}

static bool put_slow(jw *j, const char *s, size_t n)
{
    if (j->into) {
        if (!grow(j, n))
            return false;
    } else {
        if (!flush(j))
            return false;
        if (n >= j->cap)
            return j->write(j->ctx, s, n) == 0;
    }
    memcpy(j->buf + j->len, s, n);
    j->len += n;
    return true;
}

/* Inline: most pieces are a few constant bytes ("\"", ",", ": "). */
static inline bool put(jw *j, const char *s, size_t n)
{
    if (n >= j->cap - j->len) /* ">=": a fork's buf is NULL until it grows */
        return put_slow(j, s, n);
    memcpy(j->buf + j->len, s, n);
    j->len += n;
    return true;
}

/* Room for n more bytes in buf (n <= OUT_CAP), flushing if need be:
 * the pieces below then write straight into it. */
static inline bool room(jw *j, size_t n)
{
    return n <= j->cap - j->len || (j->into ? grow(j, n) : flush(j));
}

#define INDENT_MAX 64

/* A new line and n <= INDENT_MAX spaces at o, with room made for
 * INDENT_MAX + 1 bytes: INDENT_MAX spaces are always set (a constant
 * size the compiler makes a few stores of) and n of them kept. */
static inline char *put_indent(char *o, size_t n)
{
    *o++ = '\n';
    memset(o, ' ', INDENT_MAX);
    return o + n;
}

/* A new line indented for depth d (nothing when compact). */
static bool indent(jw *j, size_t d)
{
    if (j->compact)
        return true;
    size_t n = 2 * d;
    if (n <= INDENT_MAX) { /* one copy for every usual depth */
        if (!room(j, INDENT_MAX + 1))
            return false;
        j->len = (size_t)(put_indent(j->buf + j->len, n) - j->buf);
        return true;
    }
    if (!put(j, "\n", 1))
        return false;
    for (; n;) {
        size_t k = n < INDENT_MAX ? n : INDENT_MAX;
        if (!room(j, INDENT_MAX))
            return false;
        memset(j->buf + j->len, ' ', INDENT_MAX);
        j->len += k;
        n -= k;
    }
    return true;
}

/* Before a key or an array element: "," or nothing, then the indent. */
static bool element(jw *j)
{
    if (j->after_key) {
        j->after_key = false;
        return true;
    }
    if (j->depth == 0)
        return true;
    if (!j->first && !put(j, ",", 1))
        return false;
    j->first = false;
    return indent(j, j->depth);
}

/* Which bytes need an escape: 0 = none, else the letter after "\"
 * ('u' = \u00XX). */
static const char esc[256] = {'u', 'u', 'u', 'u', 'u', 'u',         'u',          'u', 'b',
                              't', 'n', 'u', 'f', 'r', 'u',         'u',          'u', 'u',
                              'u', 'u', 'u', 'u', 'u', 'u',         'u',          'u', 'u',
                              'u', 'u', 'u', 'u', 'u', ['"'] = '"', ['\\'] = '\\'};

/* Does any of the 8 bytes in w need an escape?  (Bit tricks: a byte
 * below 0x20, or equal to '"' or '\\'.) */
static inline bool word_needs_escape(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
    uint64_t t = ((w - ones * 0x20) | (q - ones) | (b - ones)) & ~w & highs;
    /* ~w drops bytes >= 0x80, which never need one; the subtractions
     * can only report too much, never too little. */
    return t != 0;
}

/* The first byte of s[i, n) that needs an escape, or n. */
static inline size_t plain_run(const char *s, size_t i, size_t n)
{
    uint64_t w;
    while (n - i >= 8 && (memcpy(&w, s + i, 8), !word_needs_escape(w)))
        i += 8;
    while (i < n && !esc[(unsigned char)s[i]])
        i++;
    return i;
}

static bool string(jw *j, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    /* The usual string: no escape, fits with its quotes. */
    size_t i = plain_run(s, 0, n);
    if (i == n && n + 2 <= OUT_CAP && room(j, n + 2)) { /* OUT_CAP: what room() can promise */
        char *o = j->buf + j->len;
        *o = '"';
        memcpy(o + 1, s, n);
        o[n + 1] = '"';
        j->len += n + 2;
        return true;
    }
    if (!put(j, "\"", 1))
        return false;
    size_t run = 0;
    while (i < n) {
        if (!put(j, s + run, i - run))
            return false;
        char e = esc[(unsigned char)s[i]];
        char seq[6] = {'\\', e};
        size_t k = 2;
        if (e == 'u') {
            unsigned char c = (unsigned char)s[i];
            seq[2] = '0', seq[3] = '0', seq[4] = hex[c >> 4], seq[5] = hex[c & 15];
            k = 6;
        }
        if (!put(j, seq, k))
            return false;
        run = i + 1;
        i = plain_run(s, run, n);
    }
    return put(j, s + run, n - run) && put(j, "\"", 1);
}

static bool open_c(jw *j, const char *c)
{
    if (!element(j) || !put(j, c, 1))
        return false;
    j->depth++;
    j->first = true;
    return true;
}

static bool close_c(jw *j, const char *c)
{
    j->depth--;
    if (!j->first && !indent(j, j->depth))
        return false;
    j->first = false; /* the parent has at least this element */
    return put(j, c, 1);
}

static bool on_begin_map(void *ctx) { return open_c(ctx, "{"); }
static bool on_end_map(void *ctx) { return close_c(ctx, "}"); }
static bool on_begin_seq(void *ctx, bool empty)
{
    (void)empty;
    return open_c(ctx, "[");
}
static bool on_end_seq(void *ctx) { return close_c(ctx, "]"); }

/* A key is a literal name (model.h): no escape, and the separator,
 * indent, quotes and ": " go in with one check for room. */
static bool on_key(void *ctx, const char *k, size_t n)
{
    jw *j = ctx;
    size_t d = j->depth && !j->compact ? 2 * j->depth : 0;
    if (j->after_key || d > INDENT_MAX || n > 256 || !room(j, n + INDENT_MAX + 6)) {
        if (!element(j) || !string(j, k, n))
            return false;
        j->after_key = true;
        return j->compact ? put(j, ":", 1) : put(j, ": ", 2);
    }
    char *o = j->buf + j->len;
    if (j->depth) {
        if (!j->first)
            *o++ = ',';
        j->first = false;
        if (!j->compact)
            o = put_indent(o, d);
    }
    *o++ = '"';
    memcpy(o, k, n);
    o += n;
    *o++ = '"';
    *o++ = ':';
    if (!j->compact)
        *o++ = ' ';
    j->len = (size_t)(o - j->buf);
    j->after_key = true;
    return true;
}

static bool on_string(void *ctx, const char *s, size_t n)
{
    return element(ctx) && string(ctx, s, n);
}

static bool on_integer(void *ctx, long long v)
{
    char num[32];
    int n = snprintf(num, sizeof num, "%lld", v);
    return element(ctx) && put(ctx, num, (size_t)n);
}

static bool on_boolean(void *ctx, bool v)
{
    return element(ctx) && (v ? put(ctx, "true", 4) : put(ctx, "false", 5));
}

static bool on_null(void *ctx) { return element(ctx) && put(ctx, "null", 4); }

/* A writer that goes on inside the open sequence of parent, straight
 * into out (no buffer of its own: nothing to copy when it finishes). */
static void *on_fork(void *ctx, bool first, pg_buf *out)
{
    const jw *parent = ctx;
    jw *j = pg__malloc(sizeof *j);
    if (!j)
        return NULL;
    j->write = NULL;
    j->ctx = NULL;
    j->into = out;
    j->compact = parent->compact;
    j->depth = parent->depth;
    j->first = first && parent->first; /* a list may go on one that has elements */
    j->after_key = false;
    j->buf = out->data;
    j->len = out->len;
    j->cap = out->cap ? out->cap - 1 : 0;
    return j;
}

static bool on_finish(void *child)
{
    bool ok = flush(child);
    pg__free(child);
    return ok;
}

static bool on_splice(void *ctx, const char *s, size_t n)
{
    jw *j = ctx;
    if (!n)
        return true;
    j->first = false; /* the sequence has elements now */
    return flush(j) && j->write(j->ctx, s, n) == 0;
}

static const pg_model_sink json_sink = {on_begin_map, on_end_map, on_begin_seq, on_end_seq,
                                        on_key,       on_string,  on_integer,   on_boolean,
                                        on_null,      on_fork,    on_finish,    on_splice};

pg_status pg__render_json_driven(unsigned flags, pg_model_drive_fn drive, void *arg,
                                 pg_write_fn write, void *ctx, pg_error *err)
{
    jw *j = pg__malloc(sizeof *j + OUT_CAP);
    if (!j) {
        pg__error(err, PG_ERR_NOMEM, 0, 0, NULL, "out of memory writing JSON");
        return PG_ERR_NOMEM;
    }
    j->write = write;
    j->ctx = ctx;
    j->into = NULL;
    j->buf = j->own;
    j->cap = OUT_CAP;
    j->compact = (flags & PG_RENDER_COMPACT) != 0;
    j->depth = 0;
    j->first = j->after_key = false;
    j->len = 0;
    pg_status st = drive(arg, &json_sink, j, err);
    if (st == PG_OK && !(put(j, "\n", 1) && flush(j)))
        st = PG_ERR_IO;
    if (st == PG_ERR_IO)
        pg__error(err, PG_ERR_IO, 0, 0, NULL, "the output refused bytes");
    pg__free(j);
    return st;
}

pg_status pg_render_json(const pg_doc *doc, unsigned flags, pg_write_fn write, void *ctx,
                         pg_error *err)
{
    pg__error_reset(err);
    pg_error local = {0};
    if (!err)
        err = &local;
    if (!doc || !write) {
        pg__error(err, PG_ERR_ARG, 0, 0, NULL, "pg_render_json: no document or sink");
        return PG_ERR_ARG;
    }
    pg_model_doc d = {doc, flags, "JSON"};
    return pg__render_json_driven(flags, pg__model_drive_doc, &d, write, ctx, err);
}
