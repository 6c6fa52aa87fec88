/* lint_state.h - the state as written in an item head (see lint_state.c). */
#ifndef PG_LINT_STATE_H
#define PG_LINT_STATE_H

#include "lint_internal.h"

#define PG_LINT_HEAD_MAX 1024

/* An item head as one logical line: the bodies of its physical lines
 * (quote prefixes and soft-break line ends removed), each byte mapped to
 * its source offset. */
typedef struct pg__lint_head_t {
    char text[PG_LINT_HEAD_MAX];
    size_t off[PG_LINT_HEAD_MAX];
    size_t len;
    unsigned lines;
} pg__lint_head_t;

void pg__lint_head(const pg__lint_ctx *c, const pg_item *it, pg__lint_head_t *h);
/* The last balanced "(...)" of the head: text[a, b) inside the parens. */
bool pg__lint_head_paren(const pg__lint_head_t *h, size_t *a, size_t *b);
int pg__lint_suggest(const pg_doc *doc, const char *s, size_t n, int *how);
/* A word some scale uses for a state ("good", "poor", "likely"). */
bool pg__lint_state_word(const char *s, size_t n);
/* "none -> fair -> ok -> good -> done" */
size_t pg__lint_scale_text(const pg_doc *doc, char *out, size_t cap);

#endif
