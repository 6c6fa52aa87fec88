/* diff.h - what src/diff.c shares with src/history.c. */
#ifndef PG_DIFF_H
#define PG_DIFF_H

#include "internal.h"

/* The title as pairing sees it: lower case, runs of space collapsed, ends
 * trimmed.  Caller frees with pg__free; NULL on NOMEM. */
char *pg__norm_title(pg_str t, size_t *out_len);
/* Dice coefficient of the character bigrams of a and b, 0..100. */
unsigned pg__title_similarity(const char *a, size_t an, const char *b, size_t bn);

#endif
