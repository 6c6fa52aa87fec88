/* alloc.c - the library's one door to the heap, with a test hook that
 * makes the Nth allocation fail (see tests/test_alloc.c). */
#include "internal.h"

#include <stdlib.h>

/* Thread-local so parallel conversions (-j N) never share the counter. */
static _Thread_local long fail_after = -1;
static _Thread_local long count;

void pg__alloc_fail_after(long n)
{
    fail_after = n;
    count = 0;
}

long pg__alloc_count(void) { return count; }

static int should_fail(void)
{
    count++;
    if (fail_after < 0)
        return 0;
    return count > fail_after;
}

void *pg__malloc(size_t n) { return should_fail() ? NULL : malloc(n ? n : 1); }

void *pg__calloc(size_t n, size_t size)
{
    return should_fail() ? NULL : calloc(n ? n : 1, size ? size : 1);
}

void *pg__realloc(void *p, size_t n) { return should_fail() ? NULL : realloc(p, n ? n : 1); }

void pg__free(void *p) { free(p); }
