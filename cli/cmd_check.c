/* cmd_check.c - "prognosis check FILE...": validate against the strict
 * grammar.  Exit 0 clean, 1 findings, 2 unusable input. */
#include "cli.h"
#include "mail_cli.h"

#include <getopt.h>
#include <string.h>

static void usage(FILE *out)
{
    fputs("usage: prognosis check [--from text|json|yaml] [--quiet] [FILE...]\n"
          "Validate status updates against the strict grammar; JSON/YAML\n"
          "against the data model.  No FILE or '-': standard input.\n"
          "Exit status: 0 clean, 1 findings, 2 unusable input.\n",
          out);
}

int cmd_check(int argc, char **argv)
{
    cli_format from = FMT_AUTO;
    int quiet = 0;
    static const struct option opts[] = {{"from", required_argument, 0, 'f'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:qh", opts, NULL)) != -1) {
        if (c == 'f' && cli_parse_format(optarg, &from) == 0)
            continue;
        if (c == 'q') {
            quiet = 1;
            continue;
        }
        usage(c == 'h' ? stdout : stderr);
        return c == 'h' ? EXIT_CLEAN : EXIT_UNUSABLE;
    }
    int status = EXIT_CLEAN;
    size_t total = 0;
    int nfiles = argc - optind;
    for (int i = nfiles ? optind : 0; nfiles ? i < argc : i < 1; i++) {
        cli_input in;
        if (cli_read_input(nfiles ? argv[i] : NULL, NULL, &in) != 0) {
            status = EXIT_UNUSABLE;
            continue;
        }
        /* A draft with headers (.eml) is checked as its body, with
         * diagnostics pointing at the lines of the file. */
        pg_mail *mail = NULL;
        pg_doc *doc = cli_load_for_check(&in, from, &mail);
        if (!doc) {
            status = EXIT_UNUSABLE;
        } else {
            size_t n = pg_doc_diag_count(doc);
            if (!quiet)
                cli_print_doc_diags(stdout, &in, doc, mail);
            total += n;
            if (n && status == EXIT_CLEAN)
                status = EXIT_FINDINGS;
            pg_doc_free(doc);
            pg_mail_free(mail);
        }
        cli_input_free(&in);
    }
    if (!quiet && total)
        printf("%zu finding%s\n", total, total == 1 ? "" : "s");
    return status;
}
