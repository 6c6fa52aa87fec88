/* test_util.h - helpers shared by the test suites. */
#ifndef PG_TEST_UTIL_H
#define PG_TEST_UTIL_H
#include "prognosis.h"
#include <stdbool.h>
#include <stddef.h>

/* Read a whole file (NUL-terminated too); NULL when it cannot be read.
 * Caller frees. */
char *tu_read_file(const char *path, size_t *len);
/* The prognosis binary under test: $PG_BIN (make check sets it). */
const char *tu_bin(void);
/* Run a shell command; returns its standard output (NUL-terminated,
 * caller frees) and its exit status (-1 when it did not exit). */
char *tu_run(const char *cmd, int *status);
char *tu_run_len(const char *cmd, size_t *len, int *status);
/* Does a directory exist? */
bool tu_dir_exists(const char *path);
/* Parse text, render it back, compare; returns NULL when identical, else
 * a static message saying where the first difference is. */
const char *tu_text_roundtrip(const char *buf, size_t len);
/* text -> JSON (yaml=false) or YAML -> text; NULL when identical, else why. */
const char *tu_data_roundtrip(const char *buf, size_t len, bool yaml);
/* Print a short unified-style diff of two texts to stderr. */
void tu_show_diff(const char *name, const char *want, size_t wn, const char *got, size_t gn);
/* Paths of ../shared/corpus/NNN-*.txt files and the seeds; count returned. */
size_t tu_corpus_files(char ***paths);
void tu_free_paths(char **paths, size_t n);
/* Call fn on each corpus file's bytes (read whole, NUL-terminated; an
 * unreadable file fails the test).  Returns how many; with none, prints
 * "note: ... corpus not found; WHAT skipped". */
typedef void (*tu_file_fn)(const char *path, const char *buf, size_t len, void *ctx);
size_t tu_each_corpus_file(const char *what, tu_file_fn fn, void *ctx);
/* Call fn on every file under dir (recursively, in directory order)
 * whose name is `name` (or, when name starts with ".", ends with it).
 * Returns how many. */
size_t tu_each_fixture(const char *dir, const char *name, tu_file_fn fn, void *ctx);
/* doc's text (the test fails, naming what, if it cannot be written). */
pg_buf tu_render_text(const pg_doc *doc, const char *what);
/* The same bytes?  (An empty pg_buf may have no data.) */
bool tu_same_bytes(pg_buf a, pg_buf b);
/* A pg_write_fn into a pg_buf through plain realloc (not the library's
 * allocator): under pg__alloc_fail_after only the library's allocations fail. */
int tu_plain_sink(void *ctx, const char *data, size_t len);
/* A pg_write_fn that takes *(size_t *)ctx bytes in all (counting them
 * down), then refuses. */
int tu_refuse_after(void *ctx, const char *data, size_t len);
#endif
