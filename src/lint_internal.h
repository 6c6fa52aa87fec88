/*
 * lint_internal.h - what the lint engine, its rule files, its config
 * reader and its report writers share.  Names start with pg__lint.
 */
#ifndef PG_LINT_INTERNAL_H
#define PG_LINT_INTERNAL_H

#include "internal.h"

#define PG_LINT_MAX_RULES 48
#define PG_LINT_MAX_LIST  32

struct pg_lint_config {
    pg_severity sev[PG_LINT_MAX_RULES]; /* by rule index */
    unsigned line_length;               /* long-line: columns allowed */
    unsigned stale_after;               /* stale-item: updates unchanged */
    char *scale[PG_MAX_SCALE];          /* parse scale, n_scale = 0: Xen's */
    size_t n_scale;
    const char *scale_view[PG_MAX_SCALE];
    /* Section title phrases (lower case; a title matches when it starts
     * with the phrase followed by a non-letter). */
    char *no_owner[PG_LINT_MAX_LIST];
    size_t n_no_owner;
    char *no_state[PG_LINT_MAX_LIST];
    size_t n_no_state;
    char *completed[PG_LINT_MAX_LIST];
    size_t n_completed;
    int today[3]; /* y m d, 0 = unknown */
    int clock[3];
    unsigned threads; /* > 1: the rule families run at once */
};

/* A calendar date; y == 0 when the text gave no year. */
typedef struct pg__date {
    int y, m, d;
} pg__date;

/* A tracked item as the history rules compare it (lint_digest.c); the
 * strings are the digest's. */
typedef struct pg__hitem {
    pg_str key;     /* the normalised title: what matches across versions */
    pg_str title;   /* its first 60 bytes, what a message quotes */
    pg_str state;   /* as written (ranked on the judging document's scale) */
    pg_str tag;     /* "(v7)" */
    pg_str section; /* the title of its section */
    uint32_t line;
    uint32_t order; /* document order */
    bool closed;    /* in a section that needs no state (or under one) */
} pg__hitem;

typedef struct pg__hsection {
    pg_str title;
    uint32_t line;
} pg__hsection;

struct pg_lint_digest {
    pg_vec items;    /* pg__hitem: by key, then order, once finished */
    pg_vec sections; /* pg__hsection of level > 0, document order */
    pg_vec closed;   /* while building: a flag per open section */
    pg_arena strs;
    const pg_lint_config *cfg; /* while building: its no-state sections */
    bool nomem;
};

/* Building one: sections entered in document order (a section's own
 * items with it) and left when they close, as the parser hands them over
 * or as a walk of the tree meets them; finished once (sorted; false on
 * NOMEM). */
void pg__digest_init(pg_lint_digest *d, const pg_lint_config *cfg);
void pg__digest_enter(pg_lint_digest *d, const pg_section *s);
void pg__digest_leave(pg_lint_digest *d);
void pg__digest_tree(pg_lint_digest *d, const pg_section *s);
bool pg__digest_finish(pg_lint_digest *d);
void pg__digest_clear(pg_lint_digest *d);
/* Keys compared (bytes, then length). */
int pg__hitem_cmp(const void *a, const void *b);
/* A repeated title is matched occurrence by occurrence: the nth item
 * (from 0, document order) whose key is key's, or NULL. */
const pg__hitem *pg__digest_find(const pg_lint_digest *d, const pg__hitem *key, size_t nth);
/* Which occurrence of its key item i of a finished digest is, given
 * item i - 1's (a walk in order counts them as it goes). */
static inline size_t pg__digest_next_nth(const pg_lint_digest *d, size_t i, size_t prev_nth)
{
    const pg__hitem *v = d->items.data;
    return i && !pg__hitem_cmp(&v[i - 1], &v[i]) ? prev_nth + 1 : 0;
}
/* The line of the first section titled title (case folded), 0 if none. */
uint32_t pg__digest_section_line(const pg_lint_digest *d, pg_str title);

typedef struct pg__lint_ctx {
    const pg_doc *doc;
    const pg_lint_config *cfg;
    const pg_lint_digest *const *prev; /* earlier versions, oldest first */
    size_t n_prev;
    const pg_lint_digest *cur; /* the document's own, when a stream built it */
    pg_str src;
    uint32_t *line_off; /* start of each line (1-based index), [n_lines+1] = len;
                           texts are under 4 GiB */
    size_t n_lines;
    unsigned char *in_item; /* per line: 1 when an item's head or body */
    pg_vec findings;        /* pg_finding */
    pg_arena *strs;         /* their messages and fix texts (a thread's own) */
    bool nomem;
    /* Rule id and severity by the literal a rule passes: looking them up
     * in the table costs dozens of strcmp per finding. */
    struct {
        const char *key, *id;
        pg_severity sev;
    } memo[16];
} pg__lint_ctx;

/* What a lint result owns besides its array: one arena of strings, so a
 * finding costs no allocation of its own. */
struct pg_lint_store {
    pg_arena strs;
};

/* A deep copy (NULL cfg: the defaults). */
pg_lint_config *pg__lint_config_dup(const pg_lint_config *cfg);

/* Rules found only by the parser (nul-byte, match-limit). */
bool pg__lint_parser_only(const pg_lint_rule *r);

/* Rule index by id (-1 = none). */
int pg__lint_rule_index(const char *id);

/* Add a finding if the rule is on.  Returns the slot (to attach a fix)
 * or NULL when the rule is off or memory ran out (ctx->nomem). */
pg_finding *pg__lint_add(pg__lint_ctx *c, const char *rule, uint32_t line, uint32_t col,
                         uint32_t end_line, uint32_t end_col, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
/* Same, positioned by byte offsets into the source. */
pg_finding *pg__lint_add_at(pg__lint_ctx *c, const char *rule, size_t off, size_t end,
                            const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Attach a fix (copied).  Returns 0, -1 on NOMEM. */
int pg__lint_fix(pg__lint_ctx *c, pg_finding *f, size_t off, size_t len, const char *text,
                 size_t n);

/* Source lines, 1-based; the bytes exclude the line end. */
pg_str pg__lint_line(const pg__lint_ctx *c, uint32_t line);
void pg__lint_pos(const pg__lint_ctx *c, size_t off, uint32_t *line, uint32_t *col);
/* Length of the quote prefix ("> ", ">>", "> > ") and its depth. */
size_t pg__lint_quote(const char *p, size_t n, unsigned *depth);

/* Display columns of a byte run (UTF-8 code points, tabs to 8). */
size_t pg__lint_width(const char *p, size_t n);

/* Section classification, from the config's phrase lists (ancestors
 * count: a subsection of "Completed" is completed). */
bool pg__lint_title_matches(pg_str title, char *const *phrases, size_t n);

/* Dates: "10th September 2014", "Sep 10, 2014", "2014-09-10",
 * "Mon, 1 Jul 2019 13:35:34 +0200".  False when no month and day. */
bool pg__lint_parse_date(pg_str s, pg__date *out);
int pg__lint_date_cmp(pg__date a, pg__date b);

/* Normalised item title for matching across documents and duplicates:
 * lower case, whitespace runs as one space, trailing dots dropped.
 * Writes at most cap bytes; returns the length. */
size_t pg__lint_norm_title(pg_str t, char *out, size_t cap);

/* The rule groups. */
void pg__lint_rules_lines(pg__lint_ctx *c);
/* The line rules over lines [from, to) only: the findings of the whole
 * pass on those lines (two stretches, joined in order, are the pass). */
void pg__lint_rules_lines_range(pg__lint_ctx *c, uint32_t from, uint32_t to);
void pg__lint_rules_structure(pg__lint_ctx *c);
/* duplicate-item (a family of its own: it runs beside the others) */
void pg__lint_rules_duplicates(pg__lint_ctx *c);
void pg__lint_rules_timeline(pg__lint_ctx *c);
void pg__lint_rules_history(pg__lint_ctx *c);

/* The rule families that walk sections, in pieces: a streamed lint
 * (lint_stream.c) enters each section as the parser hands it over (its
 * own text and items; has_subsections: more sections come below it
 * before it is left) and leaves it when it closes; the tree's walk does
 * the same over the whole tree.  The findings are the same either way.
 * open returns NULL (c->nomem) when out of memory; close ends the rules
 * that need the whole document and frees. */
typedef struct pg__lint_structure pg__lint_structure;
pg__lint_structure *pg__lint_structure_open(pg__lint_ctx *c, bool streamed);
void pg__lint_structure_enter(pg__lint_structure *w, const pg_section *s, bool has_subsections);
void pg__lint_structure_leave(pg__lint_structure *w);
void pg__lint_structure_close(pg__lint_structure *w);

typedef struct pg__lint_timeline pg__lint_timeline;
pg__lint_timeline *pg__lint_timeline_open(pg__lint_ctx *c);
void pg__lint_timeline_enter(pg__lint_timeline *t, const pg_section *s);
void pg__lint_timeline_leave(pg__lint_timeline *t);
void pg__lint_timeline_close(pg__lint_timeline *t);

/* duplicate-item for a streamed lint, whose items come in line order
 * (the tree's family groups by lowest line whatever the order). */
typedef struct pg__lint_dups pg__lint_dups;
pg__lint_dups *pg__lint_dups_open(pg__lint_ctx *c);
void pg__lint_dups_items(pg__lint_dups *d, const pg_section *s);
void pg__lint_dups_close(pg__lint_dups *d);

/* Test hook: how many sections the last pg_lint_text on this thread
 * linted as the parser closed them (0: it linted the tree). */
size_t pg__lint_last_streamed(void);

/* A lint call's start: its arguments (args_ok: the caller's own checks;
 * who names it in the error), out emptied, *cfg the defaults (in *own,
 * the caller frees it) when NULL. */
pg_status pg__lint_open(bool args_ok, const char *who, pg_lint_result *out,
                        const pg_lint_config **cfg, pg_lint_config **own, pg_error *err);

/* The engine's steps around the families (lint.c): a context over the
 * document's source (its line index; in_item all clear), the lines of a
 * section's own items marked in in_item, and the end: the families'
 * findings (each its own context, in order) joined into c, the parser's
 * diagnostics added, sorted, repeats dropped, into out.  pg__lint_end
 * frees what pg__lint_begin made, and on NOMEM the store too. */
pg_status pg__lint_begin(pg__lint_ctx *c, const pg_doc *doc, const pg_lint_config *cfg,
                         const pg_lint_digest *const *previous, size_t n_prev,
                         pg_lint_store **store, pg_error *err);
/* pg_lint with the earlier versions as digests. */
pg_status pg__lint_tree(const pg_doc *doc, const pg_lint_config *cfg,
                        const pg_lint_digest *const *previous, size_t n_prev, pg_lint_result *out,
                        pg_error *err);
void pg__lint_mark_items(pg__lint_ctx *c, const pg_section *s);
/* A family's own context: c's document and indexes, its own findings
 * and strings. */
void pg__lint_fork(pg__lint_ctx *fam, const pg__lint_ctx *c, pg_arena *strs);
/* The line index and in_item are the rules' alone: given back once they
 * are done, before their findings are gathered into one array, where a
 * lint's memory peaks. */
void pg__lint_drop_lines(pg__lint_ctx *c);
/* Append the families' findings to c's, in order (each freed), and
 * their strings (fams[i].strs) to c's arena. */
void pg__lint_join(pg__lint_ctx *c, pg__lint_ctx *fams, size_t n);
pg_status pg__lint_end(pg__lint_ctx *c, pg_lint_store *store, pg_lint_result *out, pg_error *err);

/* JSON string escaping for the writers. */
int pg__lint_json_str(pg_write_fn w, void *ctx, const char *s, size_t n);

#endif
