/* cmd_convert.c - "prognosis convert": text <-> JSON <-> YAML, and mail
 * archives to data (cli/convert_mail.c). */
#include "cli.h"
#include "mail_cli.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void usage(FILE *out)
{
    fputs("usage: prognosis convert [--from FMT] [--to FMT] [-o OUT] [--no-layout]\n"
          "                         [--lines] [--split DIR] [--subject REGEX] [FILE|-]\n"
          "       prognosis convert [options] [-j N] -o DIR FILE...\n"
          "FMT is text, json or yaml.  The input format is detected when --from\n"
          "is absent (mail messages and mbox archives too); --to defaults to json.\n"
          "  -o OUT        write to OUT (through a temporary file and rename)\n"
          "  --no-layout   JSON/YAML without raw layout (the data only)\n"
          "  --lines       add source line numbers to JSON/YAML\n"
          "  --split DIR   mail archives: one file per update in DIR\n"
          "  --subject RE  mail archives: only messages whose Subject matches RE\n"
          "  -j, --jobs N  several inputs: convert N at once, each to DIR/NAME.EXT\n",
          out);
}

/* What one conversion needs (the options, shared by all inputs). */
typedef struct conv_opts {
    cli_format from, to;
    const char *split_dir, *subject;
    unsigned flags;
} conv_opts;

/* The output, and why a write to it failed: the library may write from a
 * thread of its own (text to JSON/YAML), and errno is per thread. */
typedef struct conv_out {
    FILE *f;
    int err;
    /* Opened at the first write (path set): a conversion that writes
     * nothing before its input is read and checked leaves no file behind
     * and reports its input's error first, as a load before opening did. */
    const char *path;
    cli_atomic *atomic;
    bool reported; /* the output could not be opened, and said so */
} conv_out;

static bool conv_open(conv_out *o)
{
    if (o->atomic || !o->path)
        return true;
    if (!(o->atomic = cli_atomic_begin(o->path))) {
        o->reported = true;
        return false;
    }
    o->f = cli_atomic_file(o->atomic);
    return true;
}

static int conv_write(void *ctx, const char *buf, size_t len)
{
    conv_out *o = ctx;
    if (!conv_open(o))
        return -1;
    errno = 0;
    if (cli_write_file(o->f, buf, len) == 0)
        return 0;
    o->err = errno ? errno : EIO;
    return -1;
}

/* Convert path ("-"/NULL: standard input) to out_path (NULL: stdout). */
static int convert_one(const conv_opts *co, const char *path, const char *out_path)
{
    cli_format from = co->from, to = co->to;
    const char *split_dir = co->split_dir, *subject = co->subject;
    unsigned flags = co->flags | PG_RENDER_THREADS(cli_threads());
    cli_input in;
    /* An mbox archive streams: memory follows its largest message. */
    if (from == FMT_AUTO && cli_open_stream(path, &in) == 1) {
        int rc = cli_convert_mail(&in, to, out_path, split_dir, subject);
        cli_input_free(&in);
        return rc;
    }
    if (cli_read_input(path, NULL, &in) != 0)
        return EXIT_UNUSABLE;
    if (from == FMT_AUTO && cli_is_mail(in.data, in.len)) {
        int rc = cli_convert_mail(&in, to, out_path, split_dir, subject);
        cli_input_free(&in);
        return rc;
    }
    if (from == FMT_AUTO)
        from = cli_detect_format(in.data, in.len, in.name);
    /* Text to JSON/YAML is written as it is parsed: no tree of the whole
     * document (the bytes are the same). */
    bool streamed = from == FMT_TEXT && to != FMT_TEXT;
    /* JSON/YAML to text section by section: no tree either, and nothing
     * written before the input is checked (so the output opens late). */
    bool from_data = (from == FMT_JSON || from == FMT_YAML) && to == FMT_TEXT;
    bool to_file = out_path && strcmp(out_path, "-");
    pg_doc *doc = streamed || from_data ? NULL : cli_load(&in, from);
    if (!streamed && !from_data && !doc) {
        cli_input_free(&in);
        return EXIT_UNUSABLE;
    }
    /* Stream to the destination: no second copy of a large output. */
    cli_atomic *atomic = NULL;
    FILE *out = stdout;
    if (to_file && !from_data) {
        if (!(atomic = cli_atomic_begin(out_path))) {
            pg_doc_free(doc);
            cli_input_free(&in);
            return EXIT_UNUSABLE;
        }
        out = cli_atomic_file(atomic);
    }
    pg_error err = {0};
    conv_out o = {out, 0, from_data && to_file ? out_path : NULL, NULL, false};
    pg_parse_options opts = {.borrow_input = true, .threads = cli_threads()};
    pg_status st =
        streamed ? (to == FMT_YAML
                        ? pg_convert_text_yaml(in.data, in.len, &opts, flags, conv_write, &o, &err)
                        : pg_convert_text_json(in.data, in.len, &opts, flags, conv_write, &o, &err))
        : from_data
            ? (from == FMT_YAML ? pg_convert_yaml_text(in.data, in.len, conv_write, &o, &err)
                                : pg_convert_json_text(in.data, in.len, conv_write, &o, &err))
        : to == FMT_TEXT ? pg_render_text(doc, conv_write, &o, &err)
        : to == FMT_YAML ? pg_render_yaml(doc, flags, conv_write, &o, &err)
                         : pg_render_json(doc, flags, conv_write, &o, &err);
    int rc = EXIT_CLEAN;
    if (st == PG_OK && !conv_open(&o)) /* an empty text: the file still */
        st = PG_ERR_IO;
    if (o.atomic)
        atomic = o.atomic;
    errno = 0;
    if (st == PG_OK && !atomic && fflush(stdout) != 0)
        st = PG_ERR_IO, o.err = errno ? errno : EIO;
    if (st == PG_ERR_IO && o.reported) {
        rc = EXIT_UNUSABLE;
    } else if (st == PG_ERR_IO && o.err) {
        /* A closed pipe (| head -1) ends quietly; a full disk does not. */
        if (o.err != EPIPE)
            fprintf(stderr, "prognosis: %s: %s\n", atomic ? out_path : "standard output",
                    strerror(o.err));
        clearerr(stdout); /* said: main need not say it again */
        rc = EXIT_UNUSABLE;
    } else if (st != PG_OK) {
        cli_print_error(in.name, &err);
        rc = EXIT_UNUSABLE;
    }
    if (atomic && cli_atomic_end(atomic, st == PG_OK) != 0)
        rc = EXIT_UNUSABLE;
    pg_doc_free(doc);
    cli_input_free(&in);
    return rc;
}

/* Several inputs (-o DIR): DIR/<name>.<ext> each, on -j N threads. */
typedef struct conv_pool {
    const conv_opts *co;
    char **paths;
    size_t n;
    const char *dir;
    int *rcs;
    _Atomic size_t next;
} conv_pool;

/* DIR/<input's name without its extension>.<ext>; false when too long. */
static bool output_name(const conv_opts *co, const char *dir, const char *path, char *out,
                        size_t cap)
{
    const char *ext = co->to == FMT_TEXT ? "txt" : co->to == FMT_YAML ? "yaml" : "json";
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t stem = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot != base)
        stem = (size_t)(dot - base);
    return (size_t)snprintf(out, cap, "%s/%.*s.%s", dir, (int)stem, base, ext) < cap;
}

static void *conv_worker(void *arg)
{
    conv_pool *p = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->n)
            return NULL;
        char out[4096];
        output_name(p->co, p->dir, p->paths[i], out, sizeof out); /* checked before */
        p->rcs[i] = convert_one(p->co, p->paths[i], out);
    }
}

static int convert_many(const conv_opts *co, char **paths, size_t n, const char *dir, unsigned jobs)
{
    /* Two inputs must not write the same file (a/x.txt and b/x.txt). */
    for (size_t i = 0; i < n; i++) {
        char a[4096], b[4096];
        if (!output_name(co, dir, paths[i], a, sizeof a)) {
            fprintf(stderr, "prognosis convert: %s: output name too long\n", paths[i]);
            return EXIT_UNUSABLE;
        }
        for (size_t k = 0; k < i; k++)
            if (output_name(co, dir, paths[k], b, sizeof b) && !strcmp(a, b)) {
                fprintf(stderr, "prognosis convert: %s and %s would both write %s\n", paths[k],
                        paths[i], a);
                return EXIT_UNUSABLE;
            }
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "prognosis convert: %s: %s\n", dir, strerror(errno));
        return EXIT_UNUSABLE;
    }
    int *rcs = calloc(n, sizeof *rcs);
    if (!rcs) {
        fprintf(stderr, "prognosis: out of memory\n");
        return EXIT_UNUSABLE;
    }
    conv_pool p = {co, paths, n, dir, rcs, 0};
    cli_mail_init(); /* GMime's process-wide set-up, before any thread */
    pthread_t t[256];
    unsigned started = 0;
    for (unsigned k = 0; k + 1 < jobs && k + 1 < n; k++)
        if (pthread_create(&t[started], NULL, conv_worker, &p) == 0)
            started++;
    conv_worker(&p);
    for (unsigned k = 0; k < started; k++)
        pthread_join(t[k], NULL);
    int rc = EXIT_CLEAN;
    for (size_t i = 0; i < n; i++)
        if (rcs[i] > rc)
            rc = rcs[i];
    free(rcs);
    return rc;
}

int cmd_convert(int argc, char **argv)
{
    conv_opts co = {FMT_AUTO, FMT_JSON, NULL, NULL, PG_RENDER_DEFAULT};
    const char *out_path = NULL;
    unsigned jobs = 1;
    static const struct option opts[] = {
        {"from", required_argument, 0, 'f'},    {"to", required_argument, 0, 't'},
        {"output", required_argument, 0, 'o'},  {"no-layout", no_argument, 0, 'L'},
        {"lines", no_argument, 0, 'n'},         {"split", required_argument, 0, 's'},
        {"subject", required_argument, 0, 'S'}, {"jobs", required_argument, 0, 'j'},
        {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:t:o:j:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (cli_parse_format(optarg, &co.from) != 0)
                goto bad;
            break;
        case 't':
            if (cli_parse_format(optarg, &co.to) != 0)
                goto bad;
            break;
        case 'o':
            out_path = optarg;
            break;
        case 'L':
            co.flags &= ~(unsigned)PG_RENDER_LAYOUT;
            break;
        case 'n':
            co.flags |= PG_RENDER_LINES;
            break;
        case 's':
            co.split_dir = optarg;
            break;
        case 'S':
            co.subject = optarg;
            break;
        case 'j': {
            char *end;
            unsigned long j = strtoul(optarg, &end, 10);
            if (!*optarg || *end || j < 1 || j > 256)
                goto bad;
            jobs = (unsigned)j;
            break;
        }
        case 'h':
            usage(stdout);
            return EXIT_CLEAN;
        default:
            goto bad;
        }
    }
    size_t n = (size_t)(argc - optind);
    if (n > 1) {
        if (!out_path || co.split_dir) {
            fprintf(stderr, "prognosis convert: several inputs need -o DIR (one file each)\n");
            goto bad;
        }
        return convert_many(&co, argv + optind, n, out_path, jobs);
    }
    return convert_one(&co, n ? argv[optind] : NULL, out_path);
bad:
    usage(stderr);
    return EXIT_UNUSABLE;
}
