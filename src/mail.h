/* mail.h - the mail reader's private structures (src/mail.c, src/mbox.c,
 * src/archive.c). */
#ifndef PG_MAIL_H
#define PG_MAIL_H

#include "internal.h"

struct pg_mail {
    pg_mail_info info;
    pg_vec pool; /* char* strings owned by the mail */
    pg_str *refs;
    uint32_t first_line;             /* line of the first header in the file */
    uint32_t subject_line, sep_line; /* within the message, 1-based */
    uint32_t body_line;              /* line of the body's first line, 0 = not mapped */
    unsigned text_prefix;            /* lines of "Subject\n\n" before the body */
    char why[200];
};

#endif
