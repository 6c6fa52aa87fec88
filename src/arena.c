/* arena.c - one region per document: nodes and strings are carved from
 * geometrically growing blocks and freed together. */
#include "internal.h"

#include <stdint.h>
#include <stdio.h>

struct pg_arena_block {
    pg_arena_block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

#define ARENA_MIN_BLOCK (64u * 1024u)

void *pg__arena_alloc(pg_arena *a, size_t size)
{
    void *p = pg__arena_alloc_raw(a, size);
    if (p)
        memset(p, 0, size);
    return p;
}

/* Not zeroed: for memory the caller fills at once (copies, strings). */
void *pg__arena_alloc_raw(pg_arena *a, size_t size)
{
    size = (size + 15u) & ~(size_t)15u;
    if (size == 0)
        size = 16;
    pg_arena_block *b = a->head;
    if (!b || b->cap - b->used < size) {
        size_t cap = a->total / 2;
        if (cap < ARENA_MIN_BLOCK)
            cap = ARENA_MIN_BLOCK;
        if (cap < size)
            cap = size;
        if (cap > SIZE_MAX - sizeof *b)
            return NULL;
        if (a->spare && a->spare->cap >= size) {
            b = a->spare;
            a->spare = NULL;
            cap = b->cap;
        } else if (!(b = pg__malloc(sizeof *b + cap))) {
            return NULL;
        }
        b->next = a->head;
        b->used = 0;
        b->cap = cap;
        a->head = b;
        a->total += cap;
    }
    void *p = b->data + b->used;
    b->used += size;
    return p;
}

pg_str pg__arena_str(pg_arena *a, const char *ptr, size_t len)
{
    pg_str s = {NULL, 0};
    if (!ptr)
        return s;
    char *p = pg__arena_alloc_raw(a, len + 1);
    if (!p)
        return s;
    if (len)
        memcpy(p, ptr, len);
    p[len] = '\0';
    s.ptr = p;
    s.len = len;
    return s;
}

/* Where to cut s (n bytes) to keep at most PG_DIAG_MESSAGE_MAX: not
 * inside a UTF-8 sequence (a title quoted in a message may be long). */
static size_t message_cut(const char *s, size_t n)
{
    if (n <= PG_DIAG_MESSAGE_MAX)
        return n;
    size_t cut = PG_DIAG_MESSAGE_MAX;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    return cut;
}

/* A message into the arena: bytes that are not UTF-8 (a title quoted as
 * the input wrote it) as U+FFFD, so that every report can carry it; at
 * most PG_DIAG_MESSAGE_MAX bytes, cut at a character boundary. */
static const char *message_str(pg_arena *a, const char *s, size_t n)
{
    char fixed[PG_DIAG_MESSAGE_MAX + 1]; /* one byte over: tells a cut */
    if (!pg__utf8_valid(s, n, NULL)) {
        n = pg__utf8_repair(s, n, fixed, sizeof fixed);
        s = fixed;
    }
    return pg__arena_str(a, s, message_cut(s, n)).ptr;
}

const char *pg__arena_message_copy(pg_arena *a, const char *msg)
{
    return message_str(a, msg, strlen(msg));
}

const char *pg__arena_message(pg_arena *a, const char *fmt, va_list ap)
{
    char buf[PG_DIAG_MESSAGE_MAX + 2]; /* one byte over: tells a cut */
    size_t n = pg__format_message(buf, sizeof buf, fmt, ap);
    return message_str(a, buf, n < sizeof buf - 1 ? n : sizeof buf - 1);
}

pg_arena_mark pg__arena_mark(const pg_arena *a)
{
    pg_arena_mark m = {a->head, a->head ? a->head->used : 0};
    return m;
}

void pg__arena_release(pg_arena *a, pg_arena_mark m)
{
    while (a->head && a->head != m.head) { /* blocks opened since the mark */
        pg_arena_block *b = a->head;
        a->head = b->next;
        a->total -= b->cap;
        if (!a->spare || a->spare->cap < b->cap) { /* keep the largest */
            pg__free(a->spare);
            a->spare = b;
        } else {
            pg__free(b);
        }
    }
    if (a->head)
        a->head->used = m.used;
}

void pg__arena_adopt(pg_arena *a, pg_arena *from)
{
    pg__free(from->spare);
    from->spare = NULL;
    pg_arena_block *first = from->head;
    if (!first)
        return;
    pg_arena_block *last = first;
    while (last->next)
        last = last->next;
    /* Behind a's current block: a keeps carving from the one it has. */
    if (a->head) {
        last->next = a->head->next;
        a->head->next = first;
    } else {
        a->head = first;
    }
    a->total += from->total;
    from->head = NULL;
    from->total = 0;
}

void pg__arena_free(pg_arena *a)
{
    pg_arena_block *b = a->head;
    while (b) {
        pg_arena_block *n = b->next;
        pg__free(b);
        b = n;
    }
    a->head = NULL;
    a->total = 0;
    pg__free(a->spare);
    a->spare = NULL;
}

void *pg__vec_push_grow(pg_vec *v)
{
    size_t cap = v->cap ? v->cap * 2 : 16;
    if (cap > SIZE_MAX / v->elem)
        return NULL;
    void *d = pg__realloc(v->data, cap * v->elem);
    if (!d)
        return NULL;
    v->data = d;
    v->cap = cap;
    return pg__vec_push(v);
}

void pg__vec_free(pg_vec *v)
{
    pg__free(v->data);
    v->data = NULL;
    v->len = v->cap = 0;
}
