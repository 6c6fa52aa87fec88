/*
 * json_locate.c - positions for JSON pointers and pointers for positions.
 *
 * jansson's tree has no positions and its errors have no paths, so when an
 * error needs the other half, this walks the text once more: a small
 * iterative scanner (no recursion, no allocation) that reports where each
 * object member (its key) and array element starts, with its JSON pointer.
 * It assumes the text is JSON up to the point of interest (jansson has
 * read it) and simply stops at anything else.
 */
#include "model.h"

#define MAX_NEST 2100 /* past jansson's JSON_PARSER_MAX_DEPTH */

typedef bool (*visit_fn)(void *ctx, const char *path, size_t plen, size_t off);

typedef struct scan {
    const char *s;
    size_t len, i;
    char path[4096];
    size_t plen;
} scan;

static void ws(scan *sc)
{
    while (sc->i < sc->len && strchr(" \t\r\n", sc->s[sc->i]) && sc->s[sc->i])
        sc->i++;
}

static bool at(scan *sc, char c) { return sc->i < sc->len && sc->s[sc->i] == c; }

static bool put(scan *sc, char c)
{
    if (sc->plen + 2 >= sizeof sc->path)
        return false;
    sc->path[sc->plen++] = c;
    return true;
}

/* Append one decoded, pointer-escaped code point. */
static bool put_cp(scan *sc, unsigned cp)
{
    if (cp == '~')
        return put(sc, '~') && put(sc, '0');
    if (cp == '/')
        return put(sc, '~') && put(sc, '1');
    char u[4];
    size_t n = pg__utf8_put(u, cp);
    for (size_t k = 0; k < n; k++)
        if (!put(sc, u[k]))
            return false;
    return true;
}

static bool hex4(scan *sc, unsigned *out)
{
    if (sc->i + 4 > sc->len || !pg__hex4(sc->s + sc->i, out))
        return false;
    sc->i += 4;
    return true;
}

/* A string at sc->i; with decode, its value is appended to the path. */
static bool string(scan *sc, bool decode)
{
    if (!at(sc, '"'))
        return false;
    sc->i++;
    while (sc->i < sc->len) {
        char c = sc->s[sc->i++];
        unsigned cp = (unsigned char)c;
        if (c == '"')
            return true;
        if (c == '\\') {
            if (sc->i >= sc->len)
                return false;
            c = sc->s[sc->i++];
            const char *esc = strchr("\"\\/bfnrt", c);
            if (c == 'u') {
                if (!hex4(sc, &cp))
                    return false;
                unsigned lo;
                if (cp >= 0xD800 && cp < 0xDC00 && sc->i + 1 < sc->len && sc->s[sc->i] == '\\' &&
                    sc->s[sc->i + 1] == 'u') {
                    sc->i += 2;
                    if (!hex4(sc, &lo))
                        return false;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
            } else if (esc && c) {
                cp = (unsigned char)"\"\\/\b\f\n\r\t"[esc - "\"\\/bfnrt"];
            } else {
                return false;
            }
            if (decode && !put_cp(sc, cp))
                return false;
        } else if (decode) {
            /* Raw bytes go through as they are (UTF-8 stays UTF-8). */
            if (cp < 0x80 ? !put_cp(sc, cp) : !put(sc, c))
                return false;
        }
    }
    return false;
}

/* A scalar: string, number, true, false, null. */
static bool scalar(scan *sc)
{
    if (at(sc, '"'))
        return string(sc, false);
    size_t start = sc->i;
    while (sc->i < sc->len && strchr("+-.0123456789eEtrufalsn", sc->s[sc->i]) && sc->s[sc->i])
        sc->i++;
    return sc->i > start;
}

static bool index_seg(scan *sc, size_t index)
{
    char num[24];
    int n = snprintf(num, sizeof num, "/%zu", index);
    for (int k = 0; k < n; k++)
        if (!put(sc, num[k]))
            return false;
    return true;
}

/* Walk the text; fn sees every member (at its key) and element (at its
 * first byte).  Stops when fn returns false or the text ends. */
static void walk(scan *sc, visit_fn fn, void *ctx)
{
    struct frame {
        bool obj;
        size_t index, plen;
    } st[MAX_NEST];
    size_t depth = 0;
    ws(sc);
    if (!fn(ctx, sc->path, sc->plen, sc->i))
        return;
    for (;;) {
        /* A value starts at sc->i. */
        if (at(sc, '{') || at(sc, '[')) {
            if (depth == MAX_NEST)
                return;
            bool obj = at(sc, '{');
            st[depth++] = (struct frame){obj, 0, sc->plen};
            sc->i++;
            ws(sc);
            if (at(sc, obj ? '}' : ']')) {
                sc->i++;
                depth--;
                goto after_value;
            }
            goto member;
        }
        if (!scalar(sc))
            return;
    after_value:
        if (depth == 0)
            return;
        sc->plen = st[depth - 1].plen;
        ws(sc);
        if (at(sc, ',')) {
            sc->i++;
            ws(sc);
            st[depth - 1].index++;
            goto member;
        }
        if (at(sc, st[depth - 1].obj ? '}' : ']')) {
            sc->i++;
            depth--;
            goto after_value;
        }
        return;
    member:
        /* The next member or element of st[depth - 1] starts here. */
        sc->plen = st[depth - 1].plen;
        size_t start = sc->i;
        if (st[depth - 1].obj) {
            if (!put(sc, '/') || !string(sc, true))
                return;
            sc->path[sc->plen] = '\0';
            if (!fn(ctx, sc->path, sc->plen, start))
                return;
            ws(sc);
            if (!at(sc, ':'))
                return;
            sc->i++;
            ws(sc);
        } else {
            if (!index_seg(sc, st[depth - 1].index))
                return;
            sc->path[sc->plen] = '\0';
            if (!fn(ctx, sc->path, sc->plen, start))
                return;
        }
    }
}

typedef struct find {
    const char *target;
    size_t tlen;
    size_t off, best;
    bool found;
} find;

/* Remembers the deepest node on the way to the target: a path inside an
 * unreadable part still gets the nearest place. */
static bool find_path(void *ctx, const char *path, size_t plen, size_t off)
{
    find *f = ctx;
    if (plen <= f->tlen && memcmp(path, f->target, plen) == 0 &&
        (plen == f->tlen || f->target[plen] == '/') && (!f->found || plen >= f->best)) {
        f->found = true;
        f->best = plen;
        f->off = off;
        return plen != f->tlen;
    }
    return true;
}

bool pg__json_locate(const char *buf, size_t len, const char *path, size_t *offset)
{
    scan *sc = pg__calloc(1, sizeof *sc);
    if (!sc)
        return false;
    sc->s = buf, sc->len = len;
    find f = {path, strlen(path), 0, 0, false};
    walk(sc, find_path, &f);
    pg__free(sc);
    if (f.found)
        *offset = f.off;
    return f.found;
}

typedef struct last {
    size_t offset, at;
    char *out;
    size_t cap;
    bool found;
} last;

static bool last_before(void *ctx, const char *path, size_t plen, size_t off)
{
    last *l = ctx;
    if (off >= l->offset)
        return false;
    if (plen >= l->cap)
        return true;
    memcpy(l->out, path, plen);
    l->out[plen] = '\0';
    l->found = true;
    l->at = off;
    return true;
}

bool pg__json_path_at(const char *buf, size_t len, size_t offset, char *path, size_t path_size,
                      size_t *at)
{
    scan *sc = pg__calloc(1, sizeof *sc);
    if (!sc || path_size == 0) {
        pg__free(sc);
        return false;
    }
    sc->s = buf, sc->len = len;
    last l = {offset, 0, path, path_size, false};
    walk(sc, last_before, &l);
    pg__free(sc);
    if (l.found && at)
        *at = l.at;
    return l.found;
}
