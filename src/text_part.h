/* text_part.h - the text writer in pieces (render_text.c), for a read
 * that writes each section as it is complete (model_stream.c). */
#ifndef PG_TEXT_PART_H
#define PG_TEXT_PART_H

#include "internal.h"

typedef enum pg_text_part {
    PG_TEXT_DOC_HEAD,     /* the BOM, the subject, the document's text */
    PG_TEXT_SECTION_HEAD, /* a section's heading and text */
    PG_TEXT_ITEMS         /* a section's items */
} pg_text_part;

/* How a piece begins and ends: the writer never glues a node onto a line
 * that a raw piece left open, so a piece that writes anything (any) after
 * one that ends inside a line (open) starts with the document's eol. */
typedef struct pg_text_ends {
    bool any, open;
} pg_text_ends;

/* One part of pg_render_text's output, as it would be written after a
 * line end (ends says how it begins and ends).  The document gives the
 * line end, the scale and the subject; s the section (unused for the
 * document's head). */
pg_status pg__render_text_part(const pg_doc *doc, const pg_section *s, pg_text_part part,
                               pg_write_fn write, void *ctx, pg_text_ends *ends, pg_error *err);

#endif
