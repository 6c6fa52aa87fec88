/* lint_cli.h - what cmd_lint.c and cmd_fmt.c share: finding and loading
 * .prognosis.yaml, earlier versions from git, parsing with the config. */
#ifndef PG_LINT_CLI_H
#define PG_LINT_CLI_H

#include "cli.h"

/* The config for a file: --config PATH if given, else the first
 * .prognosis.yaml walking up from the file's directory (the current one
 * for standard input), else the defaults (also with no_config).  *found
 * (may be NULL) gets the path used or "" (caller's buffer of 4096).
 * Prints "prognosis: FILE:LINE:COL: error: ..." and returns NULL on a bad
 * config. */
pg_lint_config *cli_lint_config(const char *file, const char *explicit_path, int no_config,
                                char *found);

/* The text of path at git revision rev ("git show REV:./NAME" run in the
 * file's directory).  Returns 0 and fills in, or prints why and -1. */
int cli_git_show(const char *path, const char *rev, cli_input *in);

/* Parse a text/JSON/YAML input (text with the config's default scale; a
 * mail message as its body). */
pg_doc *cli_lint_parse(const cli_input *in, const pg_lint_config *cfg);
/* The same; for a mail, *mail (caller frees with pg_mail_free) maps the
 * body's lines back to the file's. */
/* As cli_lint_parse, and a draft's mail; the document borrows in's bytes:
 * keep in until the document is freed. */
pg_doc *cli_lint_parse_mail(const cli_input *in, const pg_lint_config *cfg, pg_mail **mail);
/* An earlier version as the history rules read it (text digested as it
 * is parsed, without its tree); NULL, the error said, on failure. */
pg_lint_digest *cli_lint_digest(const cli_input *in, const pg_lint_config *cfg);

/* What lint reads of a text input: its bytes, or a mail draft's body
 * (mail set: the caller frees it with pg_mail_free, and maps the body's
 * lines back to the file's), and the parse options the config asks for
 * (borrow: the document may point into in).  0, or -1 with the error
 * printed. */
typedef struct cli_lint_source {
    const char *text;
    size_t len;
    pg_parse_options opts;
    pg_mail *mail;
} cli_lint_source;
int cli_lint_text(const cli_input *in, const pg_lint_config *cfg, bool borrow,
                  cli_lint_source *src);

/* "2014-09-10" -> y m d; -1 if not a date. */
int cli_parse_ymd(const char *s, int *y, int *m, int *d);

/* Print a unified diff of a (the file) and b (its formatted text). */
int cli_unified_diff(FILE *out, const char *name, const char *a, size_t alen, const char *b,
                     size_t blen);

#endif
