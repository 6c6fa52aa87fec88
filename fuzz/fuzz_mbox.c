/* fuzz_mbox - libFuzzer target: the mbox splitter and the mail reader.
 * Every message of the input (read as mboxrd and as mboxo) goes through
 * pg_mail_parse; each body that parses as an update must render back to
 * exactly the text the reader handed over, and keep its round trips.
 * The whole input is also read as an archive and as a single message. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void one_message(const char *buf, size_t len, uint32_t line)
{
    pg_error err = {0};
    pg_mail *m = pg_mail_parse(buf, len, line, &err);
    if (!m)
        return;
    const pg_mail_info *info = pg_mail_get(m);
    pg_parse_options po = {.subject_from_header = true};
    pg_doc *doc = pg_parse_text(info->text.ptr, info->text.len, &po, &err);
    if (doc) {
        pg_buf text = {0};
        pg_buf in = {(char *)info->text.ptr, info->text.len, info->text.len};
        if (fuzz_text(doc, &text) && !fuzz_same(&in, &text))
            fuzz_fail("mail text -> text differs", &in, &text);
        free(text.data);
        (void)pg_mail_line(m, 1);
        (void)pg_mail_is_reply(m);
        fuzz_render_all(doc);
        pg_doc_free(doc);
    }
    pg_mail_free(m);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static int inited;
    if (!inited) {
        pg_mail_init();
        inited = 1;
    }
    if (size > FUZZ_MAX_INPUT)
        return 0;
    const char *buf = (const char *)data;
    pg_error err = {0};
    for (int fmt = PG_MBOX_RD; fmt <= PG_MBOX_O; fmt++) {
        pg_mbox *mb = pg_mbox_open_mem(buf, size, (pg_mbox_format)fmt, &err);
        if (!mb)
            continue;
        pg_mbox_msg msg;
        int n = 0;
        while (pg_mbox_next(mb, &msg, &err) == 1 && n++ < 64)
            one_message(msg.data, msg.len, msg.line + 1);
        pg_mbox_free(mb);
    }
    pg_archive *ar = pg_archive_read_mbox(buf, size, NULL, &err);
    if (ar) {
        for (size_t i = 0; i < pg_archive_count(ar); i++)
            for (size_t j = 0; j < pg_archive_reply_count(ar, i); j++)
                (void)pg_archive_reply_doc(ar, i, j);
        pg_archive_free(ar);
    }
    if (pg_mail_detect(buf, size))
        one_message(buf, size, 1);
    return 0;
}
