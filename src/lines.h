/* lines.h - line classification: the terminals of grammar/prognosis.ebnf.
 * Step one of parsing (step two, grouping, is parse.c). */
#ifndef PG_LINES_H
#define PG_LINES_H

#include "internal.h"
#include "patterns.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Compiled patterns: built once per process on first use (the only static
 * state of the library; immutable afterwards, thread-safe). */
typedef struct pg_matcher {
    pcre2_match_data *md;
    pcre2_match_context *mc;
    int limit_hits; /* matches abandoned at the match limit */
    bool nomem;     /* a match ran out of memory: its "no" means nothing */
} pg_matcher;

pg_status pg__matcher_init(pg_matcher *m, pg_error *err);
void pg__matcher_free(pg_matcher *m);
/* Run pattern id on s[0..n).  Returns true on a match and fills up to
 * ncap capture groups (group 1 is caps[0]; unset groups are absent). */
bool pg__match(pg_matcher *m, enum pg_pattern_id id, const char *s, size_t n, pg_str *caps,
               int ncap);

/* Line kinds (the grammar's terminals). */
typedef enum pg_line_kind {
    LK_BLANK = 0,
    LK_HEADING,
    LK_BULLET,
    LK_DASH,
    LK_KEYED,
    LK_RECORD,
    LK_LABEL, /* candidate: becomes a section only before a bullet */
    LK_TEXT
} pg_line_kind;

/* Flags of text lines (mail furniture and declarations). */
enum {
    LF_SIGNATURE = 1u << 0,
    LF_FOOTER = 1u << 1,
    LF_SNIP = 1u << 2,
    LF_ORIGINAL = 1u << 3,
    LF_ATTRIBUTION = 1u << 4,
    LF_HERE = 1u << 5, /* a "we are here" marker line */
    LF_SCALE_DECL = 1u << 6,
    LF_LAST_UPDATED = 1u << 7,
    LF_SOFT = 1u << 8,     /* ends in a space: format=flowed soft break */
    LF_RECORD_S = 1u << 9, /* an "S:" record: starts an item */
    LF_BAD_UTF8 = 1u << 10,
    LF_NUL = 1u << 11,
    LF_WIDE = 1u << 12 /* depth/qlen/indent live in the wide table */
};

/* One physical line: 16 bytes, the parser keeps one per input line.
 * Quote depth, quote-prefix length and indent are packed in q.n; a line
 * whose values do not fit (hostile input: 10^5 quote markers, a 100 kB
 * indent) has LF_WIDE and keeps them in the parser's side table at q.w.
 * Read them through pg__line_depth/qlen/indent (parser.h). */
typedef struct pg_line {
    uint32_t start; /* offset of the first byte (quote prefix included);
                         inputs are under 4 GiB (pg__split_lines checks) */
    uint32_t len;   /* bytes up to the line end, line end excluded */
    uint16_t flags;
    uint8_t kind; /* pg_line_kind */
    uint8_t eol;  /* 0 none (last line), 1 "\n", 2 "\r\n", 3 "\r" */
    union {
        struct {
            uint16_t qlen;  /* bytes of quote prefix (markers and one space) */
            uint8_t depth;  /* number of quote markers */
            uint8_t indent; /* leading blanks of the content */
        } n;
        uint32_t w; /* LF_WIDE: index into the parser's wide table */
    } q;
} pg_line;

/* The exact values of an LF_WIDE line. */
typedef struct pg_line_wide {
    uint32_t depth, qlen, indent;
    uint32_t line; /* the line's index (to renumber a thread's table) */
} pg_line_wide;

static inline size_t pg__line_eol_len(const pg_line *l) { return l->eol == 2 ? 2 : l->eol ? 1 : 0; }

/* Split the quote prefix off a line: depth and prefix length. */
void pg__quote_prefix(const char *s, size_t n, uint32_t *depth, uint32_t *qlen);
/* Classify the content of one line (prefix already removed): sets
 * l->kind and l->flags; returns the indent (leading blanks). */
size_t pg__classify(pg_matcher *m, const char *s, size_t n, pg_line *l);
/* Whether line content s (n bytes, blanks up to i) meets the BULLET or the
 * DASH pattern of grammar/lines.pcre2, decided without PCRE2: they are the
 * most common lines, and the classifier needs no captures of them.  A test
 * holds each equal to its pattern. */
bool pg__meets_bullet(const char *s, size_t n, size_t i);
bool pg__meets_dash(const char *s, size_t n, size_t i);

/* Facts from one line of prose: pass 0 the scale declaration, pass 1 the
 * state definitions and "Last updated:".  Returns -1 on NOMEM. */
int pg__prose_fact(pg_doc *doc, pg_matcher *m, const char *c, size_t n, int pass);
/* Derive the replier's comments of every item under s (in the document's
 * arena).  Returns -1 on NOMEM. */
int pg__comments_section(pg_doc *doc, pg_matcher *m, pg_section *s);

/* Trim blanks (space, tab) at both ends.  Inline: the parser trims
 * every value, most of them trimmed already. */
static inline pg_str pg__trim(pg_str s)
{
    if (!s.ptr)
        return s;
    while (s.len && (s.ptr[0] == ' ' || s.ptr[0] == '\t')) {
        s.ptr++;
        s.len--;
    }
    while (s.len && (s.ptr[s.len - 1] == ' ' || s.ptr[s.len - 1] == '\t'))
        s.len--;
    return s;
}
#endif
