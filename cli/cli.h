/* cli.h - what the command-line front end's files share.  Only cli/ prints
 * and chooses exit codes; the library never does. */
#ifndef PG_CLI_H
#define PG_CLI_H

#include "prognosis.h"

#include <stdbool.h>
#include <stdio.h>

/* Exit codes of every subcommand. */
enum {
    EXIT_CLEAN = 0,
    EXIT_FINDINGS = 1,
    EXIT_UNUSABLE = 2
};

/* A file read whole into memory.  name is what reports call it. */
typedef struct cli_input {
    const char *name;
    const char *data; /* read-only: a large file is mapped PROT_READ */
    size_t len;
    FILE *stream;   /* an mbox read as a stream (data NULL); see cli_open_stream */
    size_t map_len; /* data is a private file mapping of this length, not malloc'd */
} cli_input;

/* Read path ("-" or NULL = standard input).  On failure prints
 * "prognosis: NAME: reason" and returns -1. */
int cli_read_input(const char *path, const char *display_name, cli_input *in);
void cli_input_free(cli_input *in);
/* Replace in's data by data (malloc'd, owned by in from now on). */
void cli_input_replace(cli_input *in, char *data, size_t len);
/* An mbox file (plain or gzip) is opened for streaming instead of being
 * read whole: returns 1 and fills in->stream when path is one, 0 when it
 * is not (nothing opened), -1 after printing an error. */
int cli_open_stream(const char *path, cli_input *in);

/* Write buf to path through a temporary file in the same directory and
 * rename(2); the mode of an existing file is kept.  On any error the
 * original is untouched, a message is printed and -1 returned. */
int cli_write_atomic(const char *path, const char *buf, size_t len);

/* The same, streaming: begin creates the temporary file, end(ok) renames
 * it over path (ok) or removes it (!ok or any write error). */
typedef struct cli_atomic cli_atomic;
cli_atomic *cli_atomic_begin(const char *path);
FILE *cli_atomic_file(cli_atomic *a);
int cli_atomic_end(cli_atomic *a, bool ok);

/* pg_write_fn writing to a FILE*; a closed pipe (EPIPE) ends quietly. */
int cli_write_file(void *fp, const char *buf, size_t len);

/* Print "file:line:col: severity: message [rule]", the source line and a
 * caret under the column (colour only on a terminal, NO_COLOR honoured). */
void cli_print_diag(FILE *out, const char *file, const char *src, size_t len, const pg_diag *d,
                    int colour);
/* The same for n findings in a row (formatted on the cores when many). */
void cli_print_findings(FILE *out, const char *file, const char *src, size_t len,
                        const pg_finding *f, size_t n, int colour);
int cli_use_colour(FILE *out);

/* Input formats. */
typedef enum {
    FMT_AUTO,
    FMT_TEXT,
    FMT_JSON,
    FMT_YAML
} cli_format;
cli_format cli_detect_format(const char *data, size_t len, const char *name);
int cli_parse_format(const char *s, cli_format *out);
/* Load any format into a document; prints errors as file:line:col. */
pg_doc *cli_load(const cli_input *in, cli_format fmt);
/* Threads for parsing a large input: the online cores, at most 8. */
unsigned cli_threads(void);
/* cli_load with options for text input (borrow_input is always set). */
pg_doc *cli_load_with(const cli_input *in, cli_format fmt, pg_parse_options text_opts);

/* Print a load/convert error as "file:line:col: error: message". */
void cli_print_error(const char *file, const pg_error *err);

/* Mail input (cli/convert_mail.c): is this an RFC 5322 message, an mbox
 * or a gzip file?  And convert it (JSON Lines / YAML stream / --split). */
bool cli_is_mail(const char *data, size_t len);
int cli_convert_mail(const cli_input *in, cli_format to, const char *out_path,
                     const char *split_dir, const char *subject_regex);

/* Subcommands: argc/argv start at the subcommand name. */
int cmd_check(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_mail(int argc, char **argv);
int cmd_merge(int argc, char **argv);

#endif
