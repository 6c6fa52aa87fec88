/* layout.c - give an item read from JSON/YAML back its source layout.
 *
 * The reader builds the item's entries from the field arrays (owners,
 * notes, ...) in canonical order.  layout.lines holds the raw body lines
 * in source order.  The i-th raw line of a kind pairs with the i-th value
 * of that kind: an unchanged value keeps its raw line, a changed value is
 * written canonically in its place, values beyond the raw lines are added
 * after the last line of their kind, and raw lines beyond the values are
 * dropped.  So one edit in the data changes one line of the text. */
#include "internal.h"

#include <stdio.h>

pg_status pg__item_apply_layout(pg_doc *doc, pg_item *it, const pg_str *lines, size_t n_lines,
                                pg_error *err)
{
    doc->verify_raw = true;
    size_t n = it->n_entries;
    size_t used[PG_ENTRY__COUNT] = {0};
    bool *taken = pg__calloc(n ? n : 1, sizeof *taken);
    pg_entry *out = pg__entries_alloc(doc, n + 1);
    if (!taken || !out) {
        pg__free(taken);
        pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
        return PG_ERR_NOMEM;
    }
    size_t k = 0;
    long last_of_kind[PG_ENTRY__COUNT];
    for (int i = 0; i < PG_ENTRY__COUNT; i++)
        last_of_kind[i] = -1;

    for (size_t r = 0; r < n_lines; r++) {
        pg_entry cls;
        int c = pg__classify_entry(doc, it->dialect, lines[r], &cls);
        if (c < 0) {
            pg__free(taken);
            pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
            return PG_ERR_NOMEM;
        }
        if (c == 0) {
            char path[64];
            snprintf(path, sizeof path, "layout/lines/%zu", r);
            pg__error(err, PG_ERR_SCHEMA, 0, 0, path, "layout line is not a body line of a %s item",
                      pg__dialect_name(it->dialect));
            pg__free(taken);
            return PG_ERR_SCHEMA;
        }
        /* The next unused value of this kind, if any.  A state line after
         * the item's state was placed is a field, as the parser reads it. */
        size_t pick = n;
        int round = 0;
        for (; round < 2 && pick == n; round++) {
            if (round == 1) {
                if (cls.kind != PG_ENTRY_STATE)
                    break;
                cls.kind = PG_ENTRY_FIELD;
            }
            size_t seen = 0;
            for (size_t e = 0; e < n; e++) {
                if (it->entries[e].kind != cls.kind)
                    continue;
                if (seen++ == used[cls.kind]) {
                    pick = e;
                    break;
                }
            }
        }
        if (pick == n)
            continue; /* the value was removed: so is its line */
        used[cls.kind]++;
        taken[pick] = true;
        pg_entry cand = it->entries[pick];
        cand.raw = lines[r];
        /* Picked as a field in the second round: the state came first. */
        if (!pg__entry_raw_fits(doc, it, &cand, round == 2))
            cand.raw = pg__str(NULL, 0);
        out[k] = cand;
        last_of_kind[cls.kind] = (long)k;
        k++;
    }
    /* Values without a raw line: after the last line of their kind, or at
     * the end in canonical order. */
    for (size_t e = 0; e < n; e++) {
        if (taken[e])
            continue;
        pg_entry_kind kind = it->entries[e].kind;
        size_t at = last_of_kind[kind] >= 0 ? (size_t)last_of_kind[kind] + 1 : k;
        memmove(out + at + 1, out + at, (k - at) * sizeof *out);
        out[at] = it->entries[e];
        for (int i = 0; i < PG_ENTRY__COUNT; i++)
            if (last_of_kind[i] >= (long)at)
                last_of_kind[i]++;
        last_of_kind[kind] = (long)at;
        k++;
    }
    pg__free(taken);
    it->entries = out;
    it->n_entries = k;
    return PG_OK;
}
