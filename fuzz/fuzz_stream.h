/* fuzz_stream.h - the oracle of pg_convert_json_text / pg_convert_yaml_text:
 * the same text as the whole tree's pg_load_* + pg_render_text, or the
 * same error and nothing written. */
#ifndef FUZZ_STREAM_H
#define FUZZ_STREAM_H

#include "fuzz_common.h"

static inline void fuzz_from_stream(const char *buf, size_t len, bool yaml)
{
    pg_error we = {0}, ge = {0};
    pg_buf want = {0}, got = {0};
    pg_load_options lend = {.borrow_input = true};
    pg_doc *doc = yaml ? pg_load_yaml(buf, len, &we) : pg_load_json_opts(buf, len, &lend, &we);
    pg_status ws = doc ? pg_render_text(doc, pg_buf_write, &want, &we) : we.code;
    pg_doc_free(doc);
    pg_status gs = yaml ? pg_convert_yaml_text(buf, len, pg_buf_write, &got, &ge)
                        : pg_convert_json_text(buf, len, pg_buf_write, &got, &ge);
    if (gs != ws)
        fuzz_fail("the section-by-section text conversion ends otherwise", &want, &got);
    if (ws == PG_OK && !fuzz_same(&want, &got))
        fuzz_fail("the section-by-section text differs from the tree's", &want, &got);
    if (ws != PG_OK && (got.len || strcmp(we.message, ge.message) || strcmp(we.path, ge.path) ||
                        we.line != ge.line || we.column != ge.column))
        fuzz_fail("the section-by-section conversion reports another error", &want, &got);
    free(want.data);
    free(got.data);
}

#endif
