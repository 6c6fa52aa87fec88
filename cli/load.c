/* load.c - read any input format into a document. */
#include "cli.h"

#include <string.h>
#include <unistd.h>

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

cli_format cli_detect_format(const char *data, size_t len, const char *name)
{
    if (name && (ends_with(name, ".json") || ends_with(name, ".jsonl")))
        return FMT_JSON;
    if (name && (ends_with(name, ".yaml") || ends_with(name, ".yml")))
        return FMT_YAML;
    size_t i = 0;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
        i++;
    if (i < len && data[i] == '{')
        return FMT_JSON;
    if (len - i >= 4 && !memcmp(data + i, "---", 3) &&
        (data[i + 3] == '\n' || data[i + 3] == ' ' || data[i + 3] == '\r'))
        return FMT_YAML;
    if (len - i >= 10 && !memcmp(data + i, "prognosis:", 10))
        return FMT_YAML;
    return FMT_TEXT;
}

int cli_parse_format(const char *s, cli_format *out)
{
    if (!strcmp(s, "text") || !strcmp(s, "txt"))
        *out = FMT_TEXT;
    else if (!strcmp(s, "json"))
        *out = FMT_JSON;
    else if (!strcmp(s, "yaml") || !strcmp(s, "yml"))
        *out = FMT_YAML;
    else
        return -1;
    return 0;
}

void cli_print_error(const char *file, const pg_error *err)
{
    fprintf(stderr, "%s:%u:%u: error: %s", file, err->line, err->column, err->message);
    if (err->path[0])
        fprintf(stderr, " (at %s)", err->path);
    fputc('\n', stderr);
}

/* A large text input is parsed on every core (the library takes at least
 * 1 MiB a thread, so small files stay on one). */
unsigned cli_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 8 ? 8 : (unsigned)n;
}

pg_doc *cli_load(const cli_input *in, cli_format fmt)
{
    pg_parse_options none = {0};
    return cli_load_with(in, fmt, none);
}

pg_doc *cli_load_with(const cli_input *in, cli_format fmt, pg_parse_options text_opts)
{
    pg_error err = {0};
    /* The input outlives the document in every command: no second copy. */
    text_opts.borrow_input = true;
    if (!text_opts.threads)
        text_opts.threads = cli_threads();
    if (fmt == FMT_AUTO)
        fmt = cli_detect_format(in->data, in->len, in->name);
    pg_load_options json_opts = {.borrow_input = true};
    pg_doc *doc = fmt == FMT_JSON   ? pg_load_json_opts(in->data, in->len, &json_opts, &err)
                  : fmt == FMT_YAML ? pg_load_yaml(in->data, in->len, &err)
                                    : pg_parse_text(in->data, in->len, &text_opts, &err);
    if (!doc)
        cli_print_error(in->name, &err);
    return doc;
}
