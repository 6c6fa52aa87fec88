/* tree_dump.h - a compact, line-per-node outline of a parsed document,
 * used by the spec examples (grammar/SPEC.md) and tools/dump-tree. */
#ifndef PG_TREE_DUMP_H
#define PG_TREE_DUMP_H
#include "prognosis.h"
/* Appends the outline to out (pg_buf); returns 0 or -1. */
int pg_test_dump(const pg_doc *doc, pg_buf *out);
#endif
