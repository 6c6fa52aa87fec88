/*
 * internal.h - what the library's own files share and nothing else sees.
 * Names start with pg__ (two underscores): never exported.
 */
#ifndef PG_INTERNAL_H
#define PG_INTERNAL_H

#include "prognosis.h"

#include <stdarg.h>
#include <string.h>

#define PG_HIDDEN __attribute__((visibility("hidden")))

/* ------------------------------------------------------------ allocation */
/* Every allocation of the library goes through these, so tests can make
 * the Nth one fail (pg__alloc_fail_after) and prove each failure returns
 * cleanly.  Never call malloc/realloc/free directly in src/. */
void *pg__malloc(size_t n);
void *pg__calloc(size_t n, size_t size);
void *pg__realloc(void *p, size_t n);
void pg__free(void *p);
/* Test hook: fail every allocation after the next n succeed; -1 = never. */
void pg__alloc_fail_after(long n);
long pg__alloc_count(void);
/* Test hook (convert.c): sections the last pg_convert_text_* on this
 * thread wrote while parsing; 0 when it rendered the whole tree. */
size_t pg__convert_last_streamed(void);

/* ------------------------------------------------------------- parallel */
#define PG_MAX_THREADS     8
#define PG_JOBS_PER_THREAD 8 /* work is cut finer than the threads: balance */
#define PG_MAX_JOBS        (PG_MAX_THREADS * PG_JOBS_PER_THREAD)
/* Each thread of a parse gets at least this many bytes (tests lower it). */
extern size_t pg__parallel_min_bytes;
/* How many threads to parse an input of `bytes` on, for up to `threads`. */
size_t pg__parallel_jobs(unsigned threads, size_t bytes);
/* Run fn on n jobs (an array of n elements of `size` bytes) on up to
 * `threads` threads; returns when all are done. */
void pg__run_jobs(void (*fn)(void *), void *jobs, size_t size, size_t n, unsigned threads);

/* ---------------------------------------------------------------- arena */
/* All nodes and strings of a document live in one arena: one free, no
 * per-line malloc.  Blocks grow geometrically. */
typedef struct pg_arena_block pg_arena_block;
typedef struct pg_arena {
    pg_arena_block *head;
    size_t total;
    pg_arena_block *spare; /* the block a release gave back, for the next
                              one to open (no malloc/free per item) */
} pg_arena;

void *pg__arena_alloc(pg_arena *a, size_t size);     /* zeroed, 16-aligned */
void *pg__arena_alloc_raw(pg_arena *a, size_t size); /* not zeroed */
/* Copy len bytes (NULL ptr stays NULL). */
pg_str pg__arena_str(pg_arena *a, const char *ptr, size_t len);
/* A diagnostic's message: printf into the arena, at most
 * PG_DIAG_MESSAGE_MAX bytes cut at a character boundary.  NULL on NOMEM. */
const char *pg__arena_message(pg_arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* vsnprintf(buf, cap, fmt, ap), byte for byte, without its cost for the
 * conversions diagnostics use (%s %.*s %d %u %zu %%; any other goes to
 * vsnprintf).  Returns the length the whole message takes. */
size_t pg__format_message(char *buf, size_t cap, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
/* The same for a finished string. */
const char *pg__arena_message_copy(pg_arena *a, const char *msg);
/* Give back everything allocated since a mark (scratch work, e.g. an
 * item a diagnostics-only parse does not keep). */
typedef struct pg_arena_mark {
    pg_arena_block *head;
    size_t used;
} pg_arena_mark;
pg_arena_mark pg__arena_mark(const pg_arena *a);
void pg__arena_release(pg_arena *a, pg_arena_mark m);
void pg__arena_free(pg_arena *a);
/* Move from's blocks into a (from is left empty). */
void pg__arena_adopt(pg_arena *a, pg_arena *from);

/* A growable array for building (realloc'd, then copied into the arena). */
typedef struct pg_vec {
    void *data;
    size_t len, cap, elem;
} pg_vec;
/* Grow v and push (the slow path of pg__vec_push). */
void *pg__vec_push_grow(pg_vec *v);
/* A zeroed slot at the end of v, or NULL.  Inline: the parser pushes an
 * entry per body line and a record per prose line. */
static inline void *pg__vec_push(pg_vec *v)
{
    if (v->len == v->cap)
        return pg__vec_push_grow(v);
    void *slot = (char *)v->data + v->len * v->elem;
    memset(slot, 0, v->elem);
    v->len++;
    return slot;
}
void pg__vec_free(pg_vec *v);

/* ------------------------------------------------------------------ doc */
#define PG_MAX_SCALE 16

struct pg_doc {
    pg_arena arena;
    pg_arena msgs;      /* the diagnostics' messages: kept when a diagnostics-only
                      parse gives an item's arena space back */
    pg_section root;    /* level 0: preamble text, items, sections */
    pg_str subject;     /* absent when the document has none */
    pg_str subject_raw; /* exact bytes of the subject line (+ blank) */
    pg_str source;      /* the input copy (text documents) */
    pg_str eol;         /* "\n" or "\r\n" */
    bool bom;
    pg_str scale[PG_MAX_SCALE];
    pg_str meaning[PG_MAX_SCALE];
    size_t n_scale;
    bool scale_declared;
    pg_str last_updated;
    pg_diag *diags;
    size_t n_diags;
    bool verify_raw;  /* raw layout came from outside (JSON/YAML) */
    bool source_utf8; /* parsed from text with no invalid UTF-8 line: every
                                 string cut from it is valid (cuts fall on ASCII
                                 bytes), so writers need not look again */
};

/* Create an empty document with the default scale (or opts' scale). */
pg_doc *pg__doc_new(const pg_parse_options *opts);

/* Set the scale from a list of states (copied into the arena). */
int pg__doc_set_scale(pg_doc *doc, const pg_str *states, size_t n, bool declared);

/* ---------------------------------------------------------------- error */
void pg__error(pg_error *err, pg_status code, uint32_t line, uint32_t col, const char *path,
               const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Every public call taking a pg_error starts with this: the caller need
 * not initialise it, and a failing call leaves exactly its own error. */
static inline void pg__error_reset(pg_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

/* ----------------------------------------------------------- utilities */
static inline pg_str pg__str(const char *p, size_t n)
{
    pg_str s = {p, n};
    return s;
}
static inline pg_str pg__cstr(const char *p)
{
    pg_str s = {p, p ? strlen(p) : 0};
    return s;
}
static inline bool pg__str_eq(pg_str a, pg_str b)
{
    if (!a.ptr || !b.ptr)
        return a.ptr == b.ptr;
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}
bool pg__str_ieq(pg_str a, pg_str b); /* ASCII case-insensitive */
/* JSON's \uXXXX: four hex digits at s (the caller checked they are there). */
bool pg__hex4(const char *s, unsigned *out);
/* Code point cp as UTF-8 into d (room for 4); returns the bytes written. */
size_t pg__utf8_put(char *d, unsigned cp);
/* Does s contain the lower-case word w, ASCII case-insensitively? */
bool pg__has_ci(pg_str s, const char *w);
/* v in decimal, written backwards to end at end (room for
 * PG_DECIMAL_MAX bytes before it); returns where the digits start.  For
 * the numbers of paths and messages, made millions of times: no
 * snprintf. */
#define PG_DECIMAL_MAX 20
char *pg__decimal(unsigned long long v, char *end);
/* Valid UTF-8?  On failure *bad (may be NULL) gets the offset. */
bool pg__utf8_valid(const char *p, size_t n, size_t *bad);
/* s[0, n) into out (cap bytes) with every byte that starts no valid UTF-8
 * sequence written as U+FFFD; stops before a character that does not
 * fit.  Returns the bytes written. */
size_t pg__utf8_repair(const char *s, size_t n, char *out, size_t cap);

/* Buffer helpers (pg_buf from the public header): append, keeping a NUL
 * after the bytes; 0 or -1 (no memory).  Inline because writers call them
 * for every few bytes; only growing leaves the line. */
int pg__buf_put_grow(pg_buf *b, const char *p, size_t n);
/* Room for n more bytes and the NUL after them (capacity doubles). */
int pg__buf_reserve(pg_buf *b, size_t n);
static inline int pg__buf_put(pg_buf *b, const char *p, size_t n)
{
    if (n >= b->cap - b->len) /* no room for the bytes and the NUL */
        return pg__buf_put_grow(b, p, n);
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}
/* strlen of a literal folds to a constant here. */
static inline int pg__buf_puts(pg_buf *b, const char *s) { return pg__buf_put(b, s, strlen(s)); }
static inline int pg__buf_putc(pg_buf *b, char c) { return pg__buf_put(b, &c, 1); }

/* --------------------------------------------------- canonical writing */
/* The canonical line(s) of one node, as text with the document's line end
 * (quote prefix included).  Appended to out.  Return 0 or -1 (NOMEM). */
int pg__canon_item_head(const pg_doc *doc, const pg_item *it, pg_buf *out);
int pg__canon_entry(const pg_doc *doc, const pg_item *it, const pg_entry *e, pg_buf *out);
int pg__canon_section_head(const pg_doc *doc, const pg_section *s, pg_buf *out);

/* Does the node's raw layout still say what its fields say?  (Re-reads the
 * raw bytes with the line grammar and compares.)  False when absent. */
bool pg__item_head_raw_ok(const pg_doc *doc, const pg_item *it);
bool pg__entry_raw_ok(const pg_doc *doc, const pg_item *it, const pg_entry *e);
/* The same for an entry not (yet) in it->entries: state_placed says
 * whether the item's state came before it (a state line after it is a
 * field, "P: ok" read twice). */
bool pg__entry_raw_fits(const pg_doc *doc, const pg_item *it, const pg_entry *e, bool state_placed);
bool pg__section_head_raw_ok(const pg_doc *doc, const pg_section *s);
bool pg__text_raw_ok(const pg_doc *doc, pg_str text, pg_str raw);

/* Is the item's whole layout (head + body lines, in that order) exactly
 * what the canonical writer produces?  Writers of JSON/YAML carry layout
 * only when this is false. */
bool pg__item_head_is_canonical(const pg_doc *doc, const pg_item *it, pg_buf *scratch);
bool pg__item_body_is_canonical(const pg_doc *doc, const pg_item *it, pg_buf *scratch);
bool pg__section_head_is_canonical(const pg_doc *doc, const pg_section *s, pg_buf *scratch);
bool pg__text_raw_is_canonical(const pg_doc *doc, pg_str text, pg_str raw);
bool pg__subject_is_canonical(const pg_doc *doc);

/* Does this raw head line carry a "(state)" of the scale?  Readers ask it
 * of layout.head: a keyed or records item whose head carries its state
 * has no state line of its own.  timeline: read the head as the parser
 * reads a dated item's ("* Title: date"), where a "(state)" belongs to
 * the date; the render checks the head the same way. */
bool pg__head_raw_has_state(const pg_doc *doc, pg_str raw, bool timeline);

/* A raw head whose fields differ only in the state, patched in place (one
 * physical line changes).  1 = patched into out, 0 = cannot, -1 = NOMEM. */
int pg__item_head_patch(const pg_doc *doc, const pg_item *it, pg_buf *out);

/* The bytes pg_render_text writes for one body entry (raw if still valid,
 * else canonical).  Appended to out. */
int pg__entry_line(const pg_doc *doc, const pg_item *it, const pg_entry *e, pg_buf *out);

/* For readers of JSON/YAML: the item's entries were built from the field
 * arrays in canonical order; lines are the raw body lines of the layout in
 * source order.  Re-orders the entries to follow the lines and attaches
 * each line as raw where it still matches (see grammar/SPEC.md "Layout").
 * Allocates in the document's arena. */
pg_status pg__item_apply_layout(pg_doc *doc, pg_item *it, const pg_str *lines, size_t n_lines,
                                pg_error *err);

/* Classify one raw body line (quote prefix allowed) as the parser would
 * inside an item of the given dialect.  Returns 1 when it is a body line,
 * 0 when it is not, -1 when memory ran out. */
int pg__classify_entry(const pg_doc *doc, pg_dialect d, pg_str raw, pg_entry *out);

/* After building a document (parser or reader): derive what is read-only
 * in the model from the texts: the declared scale and its meanings,
 * last_updated, every item's comments.  Then, for readers, check that
 * every item's state is on the scale (PG_ERR_SCHEMA naming the path
 * "/sections/1/items/0/state" otherwise).  Both return PG_OK or an error. */
pg_status pg__doc_finish(pg_doc *doc, pg_error *err);
pg_status pg__doc_validate_states(const pg_doc *doc, pg_error *err);

/* Readers set this so the text renderer re-checks every raw layout string
 * against its fields (a parsed document is consistent by construction). */
void pg__doc_set_verify_raw(pg_doc *doc, bool on);

/* Item/section/doc construction for readers (arena-owned). */
pg_item *pg__items_alloc(pg_doc *doc, size_t n);
pg_section *pg__sections_alloc(pg_doc *doc, size_t n);
pg_entry *pg__entries_alloc(pg_doc *doc, size_t n);

/* Canonical order of entry kinds within an item body. */
int pg__entry_kind_order(pg_dialect d, pg_entry_kind k);

/* Names used by JSON/YAML ("note", "owner", ... / "tracked", ...). */
const char *pg__dialect_name(pg_dialect d);
bool pg__dialect_from_name(pg_str name, pg_dialect *out);
const char *pg__tag_kind_name(pg_tag_kind k);
bool pg__tag_kind_from_name(pg_str name, pg_tag_kind *out);

#endif
