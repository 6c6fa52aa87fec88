/* cmd_mail.c - "prognosis mail status.yaml": the update as a ready-to-send
 * message (pipe it to sendmail -t or save it as a draft).
 *
 * Headers: From (--from, else $EMAIL), To (--to, the xen-devel list by
 * default), Subject (the document's), Date, Message-ID, and Bcc: every
 * owner's e-mail address the model holds (E: records, "Name <addr>"
 * owners), as the Xen release-management generator does.  Body: the
 * document as text, sent as text/plain; charset=UTF-8; format=flowed with
 * the lines that need it space-stuffed (RFC 3676), so a flowed reader
 * gets the lines back exactly. */
#include "mail_cli.h"

#include <getopt.h>
#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fputs("usage: prognosis mail [--from ADDR] [--to ADDR] [--cc ADDR] [--date DATE]\n"
          "                      [--message-id ID] [-o FILE] FILE\n"
          "Write the update in FILE (text, JSON, YAML) as a mail message.\n"
          "  --from ADDR      sender (default: $EMAIL)\n"
          "  --to ADDR        recipients (default: xen-devel@lists.xenproject.org)\n"
          "  --date DATE      RFC 5322 date (default: now, or $SOURCE_DATE_EPOCH)\n"
          "  --message-id ID  Message-ID without <> (default: generated)\n"
          "  -o FILE          write to FILE instead of standard output\n",
          out);
}

typedef struct addrs {
    char **v;
    size_t n;
} addrs;

static void add_addr(addrs *a, const char *p, size_t n)
{
    while (n && (*p == ' ' || *p == '<' || *p == '('))
        p++, n--;
    while (n && (p[n - 1] == ' ' || p[n - 1] == '>' || p[n - 1] == ')' || p[n - 1] == ',' ||
                 p[n - 1] == '.'))
        n--;
    if (!n || !memchr(p, '@', n))
        return;
    for (size_t i = 0; i < a->n; i++)
        if (strlen(a->v[i]) == n && !g_ascii_strncasecmp(a->v[i], p, n))
            return;
    char **q = realloc(a->v, (a->n + 1) * sizeof *q);
    if (!q)
        return;
    a->v = q;
    a->v[a->n++] = g_strndup(p, n);
}

/* Addresses in a value: "<addr>" if present, else any word with an '@'. */
static void scan_addrs(addrs *a, pg_str v)
{
    if (!v.ptr)
        return;
    const char *lt = v.ptr ? memchr(v.ptr, '<', v.len) : NULL;
    if (lt) {
        const char *gt = memchr(lt, '>', v.len - (size_t)(lt - v.ptr));
        if (gt) {
            add_addr(a, lt + 1, (size_t)(gt - lt - 1));
            return;
        }
    }
    for (size_t i = 0; i < v.len;) {
        size_t j = i;
        while (j < v.len && v.ptr[j] != ' ' && v.ptr[j] != '\t' && v.ptr[j] != ',')
            j++;
        add_addr(a, v.ptr + i, j - i);
        i = j + 1;
    }
}

static int collect_owner_addrs(const pg_item *it, const pg_section *s, void *ctx)
{
    (void)s;
    addrs *a = ctx;
    for (size_t i = 0; i < pg_item_count(it, PG_ENTRY_EMAIL); i++)
        scan_addrs(a, pg_item_entry(it, PG_ENTRY_EMAIL, i)->value);
    for (size_t i = 0; i < pg_item_count(it, PG_ENTRY_OWNER); i++)
        scan_addrs(a, pg_item_entry(it, PG_ENTRY_OWNER, i)->value);
    return 0;
}

/* An address list header, RFC 2047-encoded where needed. */
static char *address_header(const char *value, const char *what)
{
    InternetAddressList *l = internet_address_list_parse(NULL, value);
    if (!l || internet_address_list_length(l) == 0) {
        fprintf(stderr, "prognosis mail: %s: not an address: %s\n", what, value);
        if (l)
            g_object_unref(l);
        return NULL;
    }
    char *s = internet_address_list_to_string(l, NULL, TRUE);
    g_object_unref(l);
    return s;
}

/* The body: the document's text without its subject line, each line
 * space-stuffed when it starts with ' ', '>' or "From " (RFC 3676 4.4). */
static void flowed_body(pg_buf *out, const char *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(p + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - p) + 1 : n;
        if (p[i] == ' ' || p[i] == '>' || (e - i >= 5 && !memcmp(p + i, "From ", 5)))
            pg_buf_write(out, " ", 1);
        pg_buf_write(out, p + i, e - i);
        i = e;
    }
    if (n && p[n - 1] != '\n')
        pg_buf_write(out, "\n", 1);
}

static void header(pg_buf *b, const char *name, const char *value)
{
    pg_buf_write(b, name, strlen(name));
    pg_buf_write(b, ": ", 2);
    pg_buf_write(b, value, strlen(value));
    pg_buf_write(b, "\n", 1);
}

int cmd_mail(int argc, char **argv)
{
    const char *from = getenv("EMAIL"), *to = "xen-devel@lists.xenproject.org", *cc = NULL;
    const char *date = NULL, *msgid = NULL, *out_path = NULL;
    static const struct option opts[] = {{"from", required_argument, 0, 'f'},
                                         {"to", required_argument, 0, 't'},
                                         {"cc", required_argument, 0, 'c'},
                                         {"date", required_argument, 0, 'd'},
                                         {"message-id", required_argument, 0, 'm'},
                                         {"output", required_argument, 0, 'o'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (ch) {
        case 'f':
            from = optarg;
            break;
        case 't':
            to = optarg;
            break;
        case 'c':
            cc = optarg;
            break;
        case 'd':
            date = optarg;
            break;
        case 'm':
            msgid = optarg;
            break;
        case 'o':
            out_path = optarg;
            break;
        case 'h':
            usage(stdout);
            return EXIT_CLEAN;
        default:
            usage(stderr);
            return EXIT_UNUSABLE;
        }
    }
    if (argc - optind != 1) {
        usage(stderr);
        return EXIT_UNUSABLE;
    }
    if (!from || !*from) {
        fprintf(stderr, "prognosis mail: no sender: give --from or set EMAIL\n");
        return EXIT_UNUSABLE;
    }
    cli_mail_init();
    cli_series s = {0};
    int rc = EXIT_UNUSABLE;
    char *from_h = NULL, *to_h = NULL, *cc_h = NULL, *subj_h = NULL, *date_h = NULL, *id_h = NULL;
    addrs bcc = {0};
    pg_buf text = {0}, msg = {0};
    if (cli_series_add(&s, argv[optind], NULL) != 0 || s.n == 0)
        goto out;
    const pg_doc *doc = s.u[s.n - 1].doc;
    pg_str subj = pg_doc_subject(doc);
    if (!subj.ptr || !subj.len) {
        fprintf(stderr, "prognosis mail: %s: the document has no subject\n", argv[optind]);
        goto out;
    }
    if (!(from_h = address_header(from, "--from")) || !(to_h = address_header(to, "--to")) ||
        (cc && !(cc_h = address_header(cc, "--cc"))))
        goto out;
    char *subj_z = g_strndup(subj.ptr, subj.len);
    subj_h = g_mime_utils_header_encode_text(NULL, subj_z, "utf-8");
    g_free(subj_z);
    if (date) {
        date_h = g_strdup(date);
    } else {
        const char *sde = getenv("SOURCE_DATE_EPOCH");
        GDateTime *dt = sde ? g_date_time_new_from_unix_utc(strtoll(sde, NULL, 10))
                            : g_date_time_new_now_local();
        date_h = g_mime_utils_header_format_date(dt);
        g_date_time_unref(dt);
    }
    if (msgid) {
        id_h = g_strdup_printf("<%s>", msgid);
    } else {
        const char *at = strrchr(from, '@');
        char *dom = g_strdup(at ? at + 1 : "localhost");
        char *gt = strchr(dom, '>');
        if (gt)
            *gt = '\0';
        char *gen = g_mime_utils_generate_message_id(dom);
        id_h = g_strdup_printf("<%s>", gen);
        g_free(gen);
        g_free(dom);
    }
    pg_doc_walk(doc, NULL, collect_owner_addrs, &bcc);

    pg_error err = {0};
    if (pg_render_text(doc, pg_buf_write, &text, &err) != PG_OK) {
        fprintf(stderr, "prognosis mail: %s\n", err.message);
        goto out;
    }
    /* Drop the subject line and the blank line after it: it is the
     * Subject header now. */
    const char *body = text.data ? text.data : "";
    size_t blen = text.len;
    const char *nl = memchr(body, '\n', blen);
    if (nl) {
        blen -= (size_t)(nl + 1 - body);
        body = nl + 1;
        if (blen && body[0] == '\n')
            body++, blen--;
        else if (blen >= 2 && body[0] == '\r' && body[1] == '\n')
            body += 2, blen -= 2;
    }
    bool ascii = true;
    for (size_t i = 0; i < blen && ascii; i++)
        ascii = !((unsigned char)body[i] & 0x80);

    header(&msg, "From", from_h);
    header(&msg, "To", to_h);
    if (cc_h)
        header(&msg, "Cc", cc_h);
    if (bcc.n) {
        pg_buf_write(&msg, "Bcc: ", 5);
        for (size_t i = 0; i < bcc.n; i++) {
            if (i)
                pg_buf_write(&msg, ",\n ", 3);
            pg_buf_write(&msg, bcc.v[i], strlen(bcc.v[i]));
        }
        pg_buf_write(&msg, "\n", 1);
    }
    header(&msg, "Subject", subj_h);
    header(&msg, "Date", date_h);
    header(&msg, "Message-ID", id_h);
    header(&msg, "MIME-Version", "1.0");
    header(&msg, "Content-Type", "text/plain; charset=UTF-8; format=flowed");
    header(&msg, "Content-Transfer-Encoding", ascii ? "7bit" : "8bit");
    header(&msg, "User-Agent", "prognosis " PG_VERSION_STRING);
    pg_buf_write(&msg, "\n", 1);
    flowed_body(&msg, body, blen);

    if (out_path && strcmp(out_path, "-"))
        rc = cli_write_atomic(out_path, msg.data, msg.len) == 0 ? EXIT_CLEAN : EXIT_UNUSABLE;
    else
        rc = cli_write_file(stdout, msg.data, msg.len) == 0 && fflush(stdout) == 0 ? EXIT_CLEAN
                                                                                   : EXIT_UNUSABLE;
out:
    for (size_t i = 0; i < bcc.n; i++)
        g_free(bcc.v[i]);
    free(bcc.v);
    g_free(from_h);
    g_free(to_h);
    g_free(cc_h);
    g_free(subj_h);
    g_free(date_h);
    g_free(id_h);
    free(text.data);
    free(msg.data);
    cli_series_free(&s);
    return rc;
}
