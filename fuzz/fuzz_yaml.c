/* fuzz_yaml - libFuzzer target: the YAML reader (see fuzz_loaded in
 * fuzz_common.h for the oracle). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    return fuzz_loaded(pg_load_yaml, "YAML", data, size);
}
