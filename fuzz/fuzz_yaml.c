/* fuzz_yaml - libFuzzer target: the YAML reader.  Whatever it loads must
 * render with every renderer, and its text must survive text -> JSON ->
 * text and text -> YAML -> text; the text must parse back to a document
 * that renders to the same text. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    pg_error err = {0};
    pg_doc *doc = pg_load_yaml((const char *)data, size, &err);
    if (!doc) {
        if (err.code == PG_OK)
            fuzz_fail("pg_load_yaml failed without an error code", NULL, NULL);
        return 0;
    }
    fuzz_render_all(doc);
    pg_buf text = {0}, again = {0};
    if (fuzz_text(doc, &text)) {
        pg_doc *re = pg_parse_text(text.data, text.len, NULL, &err);
        if (!re)
            fuzz_fail("text written from YAML does not parse", &text, NULL);
        if (fuzz_text(re, &again) && !fuzz_same(&text, &again))
            fuzz_fail("YAML -> text -> text differs", &text, &again);
        pg_doc_free(re);
    }
    free(text.data);
    free(again.data);
    pg_doc_free(doc);
    return 0;
}
