/* prognosis - command-line front end: dispatch to a subcommand. */
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

static const struct command {
    const char *name;
    int (*run)(int, char **);
    const char *summary;
} commands[] = {
    {"check", cmd_check, "validate files against the strict grammar"},
    {"lint", cmd_lint, "check a status update before sending it / in CI"},
    {"fmt", cmd_fmt, "rewrite to the canonical format"},
    {"convert", cmd_convert, "convert between text, JSON and YAML"},
    {"diff", cmd_diff, "what changed between two updates"},
    {"history", cmd_history, "each item's states over a series of updates"},
    {"mail", cmd_mail, "write the update as a ready-to-send message"},
    {"merge", cmd_merge, "fold owners' replies into the next update"},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: prognosis COMMAND [OPTIONS] [FILE...]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'prognosis COMMAND --help' describes each command.\n");
}

/* Whatever a command wrote must have reached standard output: a full
 * disk is an error (exit 2, said once: a command that said it cleared
 * the stream's error); a closed pipe (| head -1) ends quietly. */
static int stdout_done(int rc)
{
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout))
        return rc;
    int why = errno ? errno : EIO;
    if (why != EPIPE)
        fprintf(stderr, "prognosis: standard output: %s\n", strerror(why));
    return EXIT_UNUSABLE;
}

int main(int argc, char **argv)
{
    /* A closed pipe (prognosis ... | head -1) ends the write quietly. */
    signal(SIGPIPE, SIG_IGN);
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "help")) {
        usage(argc < 2 ? stderr : stdout);
        return stdout_done(argc < 2 ? EXIT_UNUSABLE : EXIT_CLEAN);
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
        printf("prognosis %s (data model %d)\n", PG_VERSION_STRING, PG_SCHEMA_VERSION);
        return stdout_done(EXIT_CLEAN);
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return stdout_done(commands[i].run(argc - 1, argv + 1));
    fprintf(stderr, "prognosis: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_UNUSABLE;
}
