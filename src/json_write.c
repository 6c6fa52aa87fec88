/*
 * json_write.c - pg_render_json: the model events of model_write.c as
 * JSON text, written as they come through one buffer (64 KiB writes).
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
    pg_write_fn write;
    void *ctx;
    bool compact;
    size_t depth;   /* open arrays/objects */
    bool first;     /* the open container has no element yet */
    bool after_key; /* the next value is a member's: no separator */
    size_t len;
    char buf[OUT_CAP];
} jw;

static bool flush(jw *j)
{
    if (j->len && j->write(j->ctx, j->buf, j->len) != 0)
        return false;
    j->len = 0;
    return true;
}

static bool put_slow(jw *j, const char *s, size_t n)
{
    if (!flush(j))
        return false;
    if (n >= OUT_CAP)
        return j->write(j->ctx, s, n) == 0;
    memcpy(j->buf, s, n);
    j->len = n;
    return true;
}

/* Inline: most pieces are a few constant bytes ("\"", ",", ": "). */
static inline bool put(jw *j, const char *s, size_t n)
{
    if (n > OUT_CAP - j->len)
        return put_slow(j, s, n);
    memcpy(j->buf + j->len, s, n);
    j->len += n;
    return true;
}

/* A new line indented for depth d (nothing when compact). */
static bool indent(jw *j, size_t d)
{
    static const char line[] = "\n                                                                ";
    if (j->compact)
        return true;
    size_t n = 2 * d + 1;
    if (n <= sizeof line - 1) /* one copy for every usual depth */
        return put(j, line, n);
    if (!put(j, line, 1))
        return false;
    for (n--; n;) {
        size_t k = n < sizeof line - 2 ? n : sizeof line - 2;
        if (!put(j, line + 1, k))
            return false;
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
static bool word_needs_escape(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
    uint64_t t = ((w - ones * 0x20) | (q - ones) | (b - ones)) & ~w & highs;
    /* ~w drops bytes >= 0x80, which never need one; the subtractions
     * can only report too much, never too little. */
    return t != 0;
}

static bool string(jw *j, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!put(j, "\"", 1))
        return false;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if ((i & 7) == 0) {
            /* Skip whole words of plain bytes. */
            uint64_t w;
            while (n - i >= 8 && (memcpy(&w, s + i, 8), !word_needs_escape(w)))
                i += 8;
            if (i == n)
                break;
        }
        char e = esc[(unsigned char)s[i]];
        if (!e)
            continue;
        if (!put(j, s + run, i - run))
            return false;
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

static bool on_key(void *ctx, const char *k, size_t n)
{
    jw *j = ctx;
    if (!element(j) || !string(j, k, n))
        return false;
    j->after_key = true;
    return j->compact ? put(j, ":", 1) : put(j, ": ", 2);
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

/* A writer that goes on inside the open sequence of parent, into out. */
static void *on_fork(void *ctx, bool first, pg_buf *out)
{
    const jw *parent = ctx;
    jw *j = pg__malloc(sizeof *j);
    if (!j)
        return NULL;
    j->write = pg_buf_write;
    j->ctx = out;
    j->compact = parent->compact;
    j->depth = parent->depth;
    j->first = first && parent->first; /* a list may go on one that has elements */
    j->after_key = false;
    j->len = 0;
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
    jw *j = pg__malloc(sizeof *j);
    if (!j) {
        pg__error(err, PG_ERR_NOMEM, 0, 0, NULL, "out of memory writing JSON");
        return PG_ERR_NOMEM;
    }
    j->write = write;
    j->ctx = ctx;
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
