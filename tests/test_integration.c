/* Integration tests that drive real programs (make install + pkg-config +
 * cc, groff, git send-email, pre-commit, bash/zsh, a mail client's
 * $sendmail, the GitHub workflow's lint step, the CLI against broken
 * files and full disks).  Each is a
 * script in tests/sh/, run from the repository root with PG_BIN and
 * PG_BUILD_DIR set.  Exit 0 = pass, 77 = skipped (the script says why on
 * its last output line, printed here), anything else = fail (its output is
 * shown). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#ifndef PG_BUILD_DIR
#define PG_BUILD_DIR "build"
#endif

static void run_script(const char *name)
{
    char log[256], cmd[1024];
    snprintf(log, sizeof log, "%s/tests/sh-%s.log", PG_BUILD_DIR, name);
    /* PG_BIN comes from make check; default to the build's binary. */
    snprintf(cmd, sizeof cmd,
             "mkdir -p %s/tests && PG_BUILD_DIR=%s "
             "PG_BIN=\"${PG_BIN:-$PWD/%s/prognosis}\" "
             "bash tests/sh/%s.sh > %s 2>&1 < /dev/null",
             PG_BUILD_DIR, PG_BUILD_DIR, PG_BUILD_DIR, name, log);
    int st = system(cmd);
    int code = st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    char tail[4096] = "";
    FILE *fp = fopen(log, "r");
    if (fp) {
        /* Keep the last few KB: the reason for a skip or a failure. */
        fseek(fp, 0, SEEK_END);
        long n = ftell(fp);
        fseek(fp, n > (long)sizeof tail - 1 ? n - (long)sizeof tail + 1 : 0, SEEK_SET);
        size_t got = fread(tail, 1, sizeof tail - 1, fp);
        tail[got] = '\0';
        fclose(fp);
    }
    if (code == 77) {
        const char *last = tail + strlen(tail);
        while (last > tail && last[-1] == '\n')
            last--;
        const char *p = last;
        while (p > tail && p[-1] != '\n')
            p--;
        printf("tests/sh/%s.sh skipped: %.*s\n", name, (int)(last - p), p);
        return;
    }
    ck_assert_msg(code == 0, "tests/sh/%s.sh exited %d; log %s ends:\n%s", name, code, log, tail);
}

#define SCRIPT_TEST(name)                                                                          \
    START_TEST(test_sh_##name) { run_script(#name); }                                              \
    END_TEST

SCRIPT_TEST(install)
SCRIPT_TEST(symbols)
SCRIPT_TEST(man)
SCRIPT_TEST(completion)
SCRIPT_TEST(cli_edges)
SCRIPT_TEST(sendemail)
SCRIPT_TEST(sendmail_wrapper)
SCRIPT_TEST(precommit)
SCRIPT_TEST(workflow)

extern Suite *integration_suite(void);
Suite *integration_suite(void)
{
    Suite *s = suite_create("integration");
    TCase *tc = tcase_create("scripts");
    /* Real clients are slow to start (send-email is Perl, pre-commit
     * Python, install runs make); none of this is a timing assert. */
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_sh_install);
    tcase_add_test(tc, test_sh_symbols);
    tcase_add_test(tc, test_sh_man);
    tcase_add_test(tc, test_sh_completion);
    tcase_add_test(tc, test_sh_cli_edges);
    tcase_add_test(tc, test_sh_sendemail);
    tcase_add_test(tc, test_sh_sendmail_wrapper);
    tcase_add_test(tc, test_sh_precommit);
    tcase_add_test(tc, test_sh_workflow);
    suite_add_tcase(s, tc);
    return s;
}
