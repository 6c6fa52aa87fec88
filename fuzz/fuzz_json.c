/* fuzz_json - libFuzzer target: the JSON reader (see fuzz_loaded in
 * fuzz_common.h for the oracle).  The document under test is loaded with
 * the input lent (borrow_input, as the CLI loads); it must read as the
 * one loaded with its own copies; JSON to text section by section must
 * write its text (fuzz_stream.h). */
#include "fuzz_stream.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static pg_doc *load_lent(const char *buf, size_t len, pg_error *err)
{
    pg_load_options lend = {.borrow_input = true};
    pg_doc *lent = pg_load_json_opts(buf, len, &lend, err);
    pg_error err2 = {0};
    pg_doc *own = pg_load_json(buf, len, &err2);
    if (!lent != !own)
        fuzz_fail("a lent JSON input loads differently", NULL, NULL);
    pg_buf a = {0}, b = {0};
    if (lent) {
        bool ta = fuzz_text(lent, &a), tb = fuzz_text(own, &b);
        if (ta != tb || (ta && !fuzz_same(&a, &b)))
            fuzz_fail("a lent JSON input reads differently", &a, &b);
    }
    free(a.data);
    free(b.data);
    pg_doc_free(own);
    return lent;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size <= FUZZ_MAX_INPUT)
        fuzz_from_stream((const char *)data, size, false);
    return fuzz_loaded(load_lent, "JSON", data, size);
}
