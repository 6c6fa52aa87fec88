/* fuzz_yaml - libFuzzer target: the YAML reader (see fuzz_loaded in
 * fuzz_common.h for the oracle) and YAML to text section by section
 * (fuzz_stream.h). */
#include "fuzz_stream.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size <= FUZZ_MAX_INPUT)
        fuzz_from_stream((const char *)data, size, true);
    return fuzz_loaded(pg_load_yaml, "YAML", data, size);
}
