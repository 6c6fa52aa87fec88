/* cmd_convert.c - "prognosis convert": text <-> JSON <-> YAML, and mail
 * archives to data (cli/convert_mail.c). */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <string.h>

static void usage(FILE *out)
{
    fputs("usage: prognosis convert [--from FMT] [--to FMT] [-o OUT] [--no-layout]\n"
          "                         [--lines] [--split DIR] [--subject REGEX] [FILE|-]\n"
          "FMT is text, json or yaml.  The input format is detected when --from\n"
          "is absent (mail messages and mbox archives too); --to defaults to json.\n"
          "  -o OUT        write to OUT (through a temporary file and rename)\n"
          "  --no-layout   JSON/YAML without raw layout (the data only)\n"
          "  --lines       add source line numbers to JSON/YAML\n"
          "  --split DIR   mail archives: one file per update in DIR\n"
          "  --subject RE  mail archives: only messages whose Subject matches RE\n", out);
}

int cmd_convert(int argc, char **argv)
{
    cli_format from = FMT_AUTO, to = FMT_JSON;
    const char *out_path = NULL, *split_dir = NULL, *subject = NULL;
    unsigned flags = PG_RENDER_DEFAULT;
    static const struct option opts[] = {
        {"from", required_argument, 0, 'f'}, {"to", required_argument, 0, 't'},
        {"output", required_argument, 0, 'o'}, {"no-layout", no_argument, 0, 'L'},
        {"lines", no_argument, 0, 'n'}, {"split", required_argument, 0, 's'},
        {"subject", required_argument, 0, 'S'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:t:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (cli_parse_format(optarg, &from) != 0)
                goto bad;
            break;
        case 't':
            if (cli_parse_format(optarg, &to) != 0)
                goto bad;
            break;
        case 'o': out_path = optarg; break;
        case 'L': flags &= ~(unsigned)PG_RENDER_LAYOUT; break;
        case 'n': flags |= PG_RENDER_LINES; break;
        case 's': split_dir = optarg; break;
        case 'S': subject = optarg; break;
        case 'h': usage(stdout); return EXIT_CLEAN;
        default: goto bad;
        }
    }
    if (argc - optind > 1) {
        fprintf(stderr, "prognosis convert: one input at a time\n");
        goto bad;
    }
    cli_input in;
    const char *path = optind < argc ? argv[optind] : NULL;
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
    pg_doc *doc = cli_load(&in, from);
    if (!doc) {
        cli_input_free(&in);
        return EXIT_UNUSABLE;
    }
    /* Stream to the destination: no second copy of a large output. */
    cli_atomic *atomic = NULL;
    FILE *out = stdout;
    if (out_path && strcmp(out_path, "-")) {
        if (!(atomic = cli_atomic_begin(out_path))) {
            pg_doc_free(doc);
            cli_input_free(&in);
            return EXIT_UNUSABLE;
        }
        out = cli_atomic_file(atomic);
    }
    pg_error err = {0};
    errno = 0;
    pg_status st = to == FMT_TEXT ? pg_render_text(doc, cli_write_file, out, &err)
                 : to == FMT_YAML ? pg_render_yaml(doc, flags, cli_write_file, out, &err)
                 : pg_render_json(doc, flags, cli_write_file, out, &err);
    int rc = EXIT_CLEAN;
    if (st == PG_OK && !atomic && fflush(stdout) != 0)
        st = PG_ERR_IO;
    if (st == PG_ERR_IO && !atomic) {
        /* A closed pipe (| head -1) ends quietly; a full disk does not. */
        if (errno != EPIPE)
            fprintf(stderr, "prognosis: standard output: %s\n",
                    errno ? strerror(errno) : "write failed");
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
bad:
    usage(stderr);
    return EXIT_UNUSABLE;
}
