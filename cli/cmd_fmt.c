/* cmd_fmt.c - "prognosis fmt [--check|--diff|-w] [FILE...]": rewrite to
 * the canonical format, changing only the bytes that need it.  Without a
 * mode the formatted text goes to standard output. */
#include "lint_cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

enum {
    MODE_PRINT,
    MODE_CHECK,
    MODE_DIFF,
    MODE_WRITE
};

static void usage(FILE *out)
{
    fputs("usage: prognosis fmt [--check | --diff | -w] [options] [FILE...]\n"
          "Rewrite status updates to the canonical format (bullet, owner and\n"
          "heading spacing, state spelling, trailing spaces, tabs, soft breaks\n"
          "for long lines).  No FILE or '-': standard input.\n\n"
          "  --check          exit 1 when a file would change, print its name\n"
          "  --diff           print a unified diff of the changes (exit 1 if any)\n"
          "  -w, --write      rewrite the files in place (atomically)\n"
          "  --config FILE    use FILE instead of .prognosis.yaml\n"
          "  --no-config      ignore .prognosis.yaml\n\n"
          "Exit status: 0 done (nothing to change for --check/--diff), 1 files\n"
          "would change (--check/--diff), 2 unusable input or options.\n",
          out);
}

static int fmt_one(const char *path, int mode, const char *config, int no_config)
{
    cli_input in;
    bool std = !path || !strcmp(path, "-");
    if (cli_read_input(path, NULL, &in) != 0)
        return EXIT_UNUSABLE;
    if (cli_detect_format(in.data, in.len, in.name) != FMT_TEXT) {
        fprintf(stderr,
                "prognosis fmt: %s: fmt rewrites the text form; convert JSON/YAML "
                "with 'prognosis convert --to text'\n",
                in.name);
        cli_input_free(&in);
        return EXIT_UNUSABLE;
    }
    if (pg_mail_detect(in.data, in.len)) {
        /* Headers are no part of the update: folded lines start with a
         * tab, and a rewrite must not touch them. */
        fprintf(stderr,
                "prognosis fmt: %s: a mail message; fmt rewrites the plain text "
                "of an update\n",
                in.name);
        cli_input_free(&in);
        return EXIT_UNUSABLE;
    }
    if (mode == MODE_WRITE && std) {
        fprintf(stderr, "prognosis fmt: -w needs files, not standard input\n");
        cli_input_free(&in);
        return EXIT_UNUSABLE;
    }
    pg_lint_config *cfg = cli_lint_config(path, config, no_config, NULL);
    if (!cfg) {
        cli_input_free(&in);
        return EXIT_UNUSABLE;
    }
    pg_buf out = {0};
    pg_error err = {0};
    bool changed = false;
    int rc = EXIT_CLEAN;
    if (pg_fmt(in.data, in.len, cfg, pg_buf_write, &out, &changed, &err) != PG_OK) {
        fprintf(stderr, "prognosis fmt: %s: %s\n", in.name, err.message);
        rc = EXIT_UNUSABLE;
    } else if (mode == MODE_PRINT) {
        if (out.len && fwrite(out.data, 1, out.len, stdout) != out.len)
            rc = EXIT_UNUSABLE;
    } else if (mode == MODE_CHECK) {
        if (changed) {
            printf("%s: would be reformatted\n", in.name);
            rc = EXIT_FINDINGS;
        }
    } else if (mode == MODE_DIFF) {
        if (changed) {
            cli_unified_diff(stdout, in.name, in.data, in.len, out.data ? out.data : "", out.len);
            rc = EXIT_FINDINGS;
        }
    } else if (changed && cli_write_atomic(path, out.data ? out.data : "", out.len) != 0) {
        rc = EXIT_UNUSABLE;
    }
    free(out.data);
    pg_lint_config_free(cfg);
    cli_input_free(&in);
    return rc;
}

int cmd_fmt(int argc, char **argv)
{
    enum {
        O_CHECK = 256,
        O_DIFF,
        O_CONFIG,
        O_NOCONFIG
    };
    static const struct option lo[] = {{"check", no_argument, 0, O_CHECK},
                                       {"diff", no_argument, 0, O_DIFF},
                                       {"write", no_argument, 0, 'w'},
                                       {"config", required_argument, 0, O_CONFIG},
                                       {"no-config", no_argument, 0, O_NOCONFIG},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
    int mode = MODE_PRINT, no_config = 0, c, modes = 0;
    const char *config = NULL;
    optind = 1;
    while ((c = getopt_long(argc, argv, "wh", lo, NULL)) != -1) {
        switch (c) {
        case O_CHECK:
            mode = MODE_CHECK;
            modes++;
            break;
        case O_DIFF:
            mode = MODE_DIFF;
            modes++;
            break;
        case 'w':
            mode = MODE_WRITE;
            modes++;
            break;
        case O_CONFIG:
            config = optarg;
            break;
        case O_NOCONFIG:
            no_config = 1;
            break;
        case 'h':
            usage(stdout);
            return EXIT_CLEAN;
        default:
            usage(stderr);
            return EXIT_UNUSABLE;
        }
    }
    if (modes > 1) {
        fprintf(stderr, "prognosis fmt: choose one of --check, --diff, -w\n");
        return EXIT_UNUSABLE;
    }
    int nfiles = argc - optind, status = EXIT_CLEAN;
    for (int i = 0; i < (nfiles ? nfiles : 1); i++) {
        int rc = fmt_one(nfiles ? argv[optind + i] : NULL, mode, config, no_config);
        if (rc > status)
            status = rc;
    }
    return status;
}
