/* parser.h - state shared by the parser's files (parse.c: driver,
 * sections and prose; parse_item.c: items; parse_head.c: what a title
 * line means).  Grammar: grammar/prognosis.ebnf. */
#ifndef PG_PARSER_H
#define PG_PARSER_H

#include "lines.h"

/* A conversion that writes while it parses (convert.c).  Every section
 * then has an arena of its own, and the document keeps none of them:
 *   start    once the lines are split and the scale is known, before
 *            grouping; returns whether to go on this way (grouping then
 *            stays on one thread);
 *   end      (after a start that said yes) the parse is over, ok or not,
 *            and the document complete; returns once nothing reads it any
 *            more (the parser frees it after a failure);
 *   head     a section (root: the document) whose first subsection opens:
 *            its text and items are complete, and stay valid until its
 *            tail (or, for root, the end of the parse);
 *   section  a section as it closes, with its arena (the callee owns its
 *            blocks): whole when it had no subsections, else (tail) only
 *            what comes after them;
 *   drop     the arena of a section the failed (or stopped) parse will
 *            not hand over: its head may still be waiting to be read, so
 *            the callee frees it once it has read what came before.
 * head and section return false to stop the parse. */
typedef struct pg_top_hook {
    bool (*start)(void *ctx, pg_doc *doc);
    void (*end)(void *ctx, bool ok);
    bool (*head)(void *ctx, const pg_section *s, bool root);
    bool (*section)(void *ctx, const pg_section *s, pg_arena *arena, bool tail);
    void (*drop)(void *ctx, pg_arena *arena);
    void *ctx;
} pg_top_hook;

typedef struct pg_parser {
    pg_doc *doc;
    const char *src;
    size_t n;
    pg_line *lines;
    size_t n_lines;
    pg_vec wide;         /* of pg_line_wide: lines whose q.n overflowed */
    pg_vec prose;        /* of uint32_t: lines find_scale must read (noted
                            while splitting: no second pass over the lines) */
    size_t n_lf, n_crlf; /* line ends seen, for the document's eol */
    pg_matcher m;
    pg_vec *diags;  /* of pg_diag; NULL: do not record */
    pg_arena *msgs; /* their messages (a thread's own while it works) */
    pg_vec ents;    /* of pg_entry: one item's body, reused by every item */
    pg_error *err;
    bool nomem;
    bool bad_utf8;           /* some line is not valid UTF-8 */
    bool keep_items;         /* false: diagnostics only, items dropped once parsed */
    unsigned threads;        /* a large input is split and grouped by up to this many */
    const pg_top_hook *hook; /* set while a conversion streams */
    bool stop;               /* a hook said stop */
    bool root_sent;          /* root's head went out: its items' comments are
                                derived, and a writer thread reads them */
} pg_parser;

/* A line's quote depth, quote-prefix length and indent. */
static inline uint32_t pg__line_depth(const pg_parser *p, const pg_line *l)
{
    return (l->flags & LF_WIDE) ? ((const pg_line_wide *)p->wide.data)[l->q.w].depth : l->q.n.depth;
}
static inline uint32_t pg__line_qlen(const pg_parser *p, const pg_line *l)
{
    return (l->flags & LF_WIDE) ? ((const pg_line_wide *)p->wide.data)[l->q.w].qlen : l->q.n.qlen;
}
static inline uint32_t pg__line_indent(const pg_parser *p, const pg_line *l)
{
    return (l->flags & LF_WIDE) ? ((const pg_line_wide *)p->wide.data)[l->q.w].indent
                                : l->q.n.indent;
}
/* The line without its quote prefix (line end excluded). */
static inline const char *pg__line_content(const pg_parser *p, const pg_line *l)
{
    return p->src + l->start + pg__line_qlen(p, l);
}
static inline size_t pg__line_content_len(const pg_parser *p, const pg_line *l)
{
    return l->len - pg__line_qlen(p, l);
}

/* Record a diagnostic (printf-style message) when p records them; out
 * of memory marks the parse failed rather than lose it. */
void pg__parser_diag(pg_parser *p, const char *rule, pg_severity sev, uint32_t line, uint32_t col,
                     uint32_t end_col, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

/* The captures of a line whose kind says it met pattern id when it was
 * classified.  Running it again can only fail for memory (the
 * interpreter's frames; JIT needs none): then the parse is marked failed
 * and false returned, and caps must not be read. */
bool pg__rematch(pg_parser *p, enum pg_pattern_id id, const char *s, size_t n, pg_str *caps,
                 int ncap);

/* Where an item head sits: decides what "Title: date" means. */
typedef struct pg_head_ctx {
    bool timeline;
} pg_head_ctx;

/* pg_parse_text, with a conversion's hook (NULL: none). */
pg_doc *pg__parse_text_hooked(const char *buf, size_t len, const pg_parse_options *opts,
                              const pg_top_hook *hook, pg_error *err);

/* Split src into physical lines and classify them (step one). */
pg_status pg__split_lines(pg_parser *p, size_t from);

/* Group the classified lines into the document (step two; group.c). */
void pg__group(pg_parser *p, bool subject_from_header);
/* Copy v[from..] into the document's arena as a plain array and pop it
 * off v; *count gets its length.  NULL when empty or out of memory. */
void *pg__freeze(pg_parser *p, pg_vec *v, size_t from, size_t *count);

/* Is line i the start of an item (bullet or "S:" record)? */
bool pg__is_item_start(const pg_parser *p, size_t i);

/* Parse the item whose head is line i; fills *it (entries in the doc's
 * arena).  Returns the index of the first line after the item body. */
size_t pg__parse_item(pg_parser *p, size_t i, const pg_head_ctx *ctx, pg_item *it);
/* The same index, without reading the item: for a parse that keeps only
 * diagnostics (an item's own parse makes none). */
size_t pg__item_extent(pg_parser *p, size_t i, const pg_head_ctx *ctx);

/* Interpret a head's logical text (bullet removed, soft breaks joined). */
void pg__parse_head_text(pg_parser *p, pg_str text, const pg_head_ctx *ctx, pg_item *it);

/* Classify body line i of an item of dialect d (with its soft-break
 * continuation lines).  Returns the index after the entry, or i when line
 * i is no body line.  head_indent: indent of the item's bullet. */
size_t pg__parse_entry(pg_parser *p, size_t i, pg_dialect d, uint32_t depth, size_t head_indent,
                       pg_entry *e);

/* Lines [a, b) of the source, with line ends. */
pg_str pg__lines_raw(const pg_parser *p, size_t a, size_t b);
/* Join a logical value that starts at byte v of line a and continues on
 * lines (a, b): quote prefixes and line ends removed, right-trimmed. */
pg_str pg__join_value(pg_parser *p, const char *v, size_t a, size_t b);
/* Index after the soft-break continuation lines of line i. */
size_t pg__continuation_end(const pg_parser *p, size_t i);

/* Text-form snippet parsing for raw layout checks (layout.c, canon.c). */
pg_status pg__parser_open(pg_parser *p, pg_doc *doc, const char *src, size_t n, pg_error *err);
void pg__parser_close(pg_parser *p);

void pg__parser_nomem(pg_parser *p);
/* A thread's copy of p: the same input, lines and document, with its own
 * scratch, error, diagnostics (into diags, their messages into msgs) and
 * pattern counts; it shares
 * p's matcher until given one of its own. */
void pg__parser_fork(pg_parser *t, const pg_parser *p, pg_vec *diags, pg_arena *msgs,
                     pg_error *err);
/* Fold what a thread's copy of the parser found into p: running out of
 * memory, its diagnostics (appended, in order; their messages' memory
 * moves to p's) and pattern limits. */
void pg__parser_fold(pg_parser *p, const pg_parser *from, const pg_vec *diags);
#endif
