/* fuzz_text - libFuzzer target: the text parser.  Oracles: rendering the
 * parsed document gives back the input byte for byte; text -> JSON ->
 * text and text -> YAML -> text are identical. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    pg_error err = {0};
    pg_doc *doc = pg_parse_text((const char *)data, size, NULL, &err);
    if (!doc) {
        if (err.code != PG_ERR_NOMEM)
            fuzz_fail("pg_parse_text failed on content", NULL, NULL);
        return 0;
    }
    pg_buf text = {0};
    if (!fuzz_text(doc, &text))
        fuzz_fail("pg_render_text refused a parsed document", NULL, NULL);
    pg_buf in = {(char *)data, size, size};
    if (!fuzz_same(&in, &text))
        fuzz_fail("text -> text differs from the input", &in, &text);
    free(text.data);
    fuzz_render_all(doc);
    pg_doc_free(doc);
    return 0;
}
