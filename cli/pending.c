/* Subcommands whose own file has not landed yet.  Weak definitions: the
 * file that implements a command overrides them at link time. */
#include "cli.h"

static int pending(const char *name)
{
    fprintf(stderr, "prognosis %s: not available in this build yet\n", name);
    return EXIT_UNUSABLE;
}

__attribute__((weak)) int cmd_lint(int c, char **v) { (void)c; (void)v; return pending("lint"); }
__attribute__((weak)) int cmd_fmt(int c, char **v) { (void)c; (void)v; return pending("fmt"); }
__attribute__((weak)) int cmd_diff(int c, char **v) { (void)c; (void)v; return pending("diff"); }
__attribute__((weak)) int cmd_history(int c, char **v) { (void)c; (void)v; return pending("history"); }
__attribute__((weak)) int cmd_mail(int c, char **v) { (void)c; (void)v; return pending("mail"); }
__attribute__((weak)) int cmd_merge(int c, char **v) { (void)c; (void)v; return pending("merge"); }

__attribute__((weak)) bool cli_is_mail(const char *data, size_t len)
{
    (void)data;
    (void)len;
    return false;
}

__attribute__((weak)) int cli_convert_mail(const cli_input *in, cli_format to, const char *out_path,
                                           const char *split_dir, const char *subject_regex)
{
    (void)in; (void)to; (void)out_path; (void)split_dir; (void)subject_regex;
    return pending("convert (mail input)");
}
