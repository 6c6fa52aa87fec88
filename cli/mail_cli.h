/* mail_cli.h - what the mail-aware commands (convert of archives, diff,
 * history, mail, merge) share: loading a series of updates from any mix
 * of text/JSON/YAML files, single messages and mbox archives. */
#ifndef PG_MAIL_CLI_H
#define PG_MAIL_CLI_H

#include "cli.h"

#include <string.h>

/* GMime's process-wide set-up (pg_mail_init), done once per process by
 * whichever command first reads or writes mail. */
void cli_mail_init(void);

/* One update of a series. */
typedef struct cli_update {
    const pg_doc *doc;
    const pg_mail *mail; /* NULL for text/JSON/YAML input */
    char label[64];      /* the mail's date (YYYY-MM-DD), else the file name */
    const char *file;
} cli_update;

typedef struct cli_series {
    cli_update *u;
    size_t n, cap;
    /* what owns the documents */
    pg_doc **docs;
    size_t n_docs;
    pg_mail **mails;
    size_t n_mails;
    pg_archive **archives;
    size_t n_archives;
    cli_input *inputs;
    size_t n_inputs;
} cli_series;

/* Add the updates of one file: a text/JSON/YAML document, one message
 * (its body parsed), or every update of an mbox (date order; skipped
 * messages are reported on stderr).  Returns 0, or -1 after printing why
 * the file cannot be read. */
int cli_series_add(cli_series *s, const char *path, const char *subject_regex);
void cli_series_free(cli_series *s);

/* cli_load, and also a single mail message (.eml, a draft): then the
 * document is its body (Subject first) and *mail (caller frees with
 * pg_mail_free) maps its lines back into the file for diagnostics.
 * *mail is NULL for text/JSON/YAML.  Prints errors; NULL on failure. */
pg_doc *cli_load_maybe_mail(const cli_input *in, cli_format fmt, pg_mail **mail);
/* The same for `check`: text keeps only its diagnostics (no items), so a
 * check of a large update needs little more memory than the update. */
pg_doc *cli_load_for_check(const cli_input *in, cli_format fmt, pg_mail **mail);

/* Print a document's diagnostics; for a mail, lines point into the file. */
void cli_print_doc_diags(FILE *out, const cli_input *in, const pg_doc *doc, const pg_mail *mail);

static inline pg_str cli_str(const char *s)
{
    pg_str r = {s, s ? strlen(s) : 0};
    return r;
}

/* JSON-ish helpers for the commands' own output. */
void cli_json_string(FILE *out, pg_str s);

#endif
