/* fuzz_config - libFuzzer target: the lint configuration reader
 * (.prognosis.yaml).  Oracles: a config that loads writes out as YAML
 * that loads again and writes out identically; a fixed update linted
 * under it renders through every report writer; the update itself keeps
 * its round trips. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static const char update[] = "Xen 4.5 development update\n\n"
                             "= Timeline =\n\n* Feature Freeze: 10th September 2014\n\n"
                             "= Open =\n\n== ARM ==\n\n"
                             "*  ARM - IOMMU support (godo)\n  -  Julien Grall\n\n"
                             "*  Up for grabs item\n\n"
                             "== Completed ==\n\n*  Done thing (done)\n";

static void write_cfg(const pg_lint_config *cfg, pg_buf *out)
{
    pg_error err = {0};
    memset(out, 0, sizeof *out);
    if (pg_lint_config_write_yaml(cfg, pg_buf_write, out, &err) != PG_OK)
        fuzz_fail("pg_lint_config_write_yaml failed into memory", NULL, NULL);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    pg_error err = {0};
    pg_lint_config *cfg = pg_lint_config_new();
    if (!cfg)
        return 0;
    if (pg_lint_config_load_yaml(cfg, (const char *)data, size, &err) != PG_OK) {
        pg_lint_config_free(cfg);
        return 0;
    }
    pg_buf one, two;
    write_cfg(cfg, &one);
    pg_lint_config *again = pg_lint_config_new();
    if (!again)
        fuzz_fail("out of memory", NULL, NULL);
    if (pg_lint_config_load_yaml(again, one.data, one.len, &err) != PG_OK) {
        fprintf(stderr, "%u:%u %s: %s\n", err.line, err.column, err.path, err.message);
        fuzz_fail("the written config does not load", &one, NULL);
    }
    write_cfg(again, &two);
    if (!fuzz_same(&one, &two))
        fuzz_fail("config -> YAML -> config -> YAML differs", &one, &two);

    size_t n_scale = 0;
    const char *const *scale = pg_lint_config_scale(cfg, &n_scale);
    pg_parse_options po = {.default_scale = scale, .n_default_scale = n_scale};
    pg_doc *doc = pg_parse_text(update, sizeof update - 1, &po, &err);
    if (doc) {
        pg_lint_result r = {0};
        if (pg_lint(doc, cfg, NULL, 0, &r, &err) == PG_OK) {
            pg_report_file f = {"status.txt", &r};
            pg_buf rep = {0};
            (void)pg_report_json(&f, 1, pg_buf_write, &rep, &err);
            rep.len = 0;
            (void)pg_report_sarif(&f, 1, pg_buf_write, &rep, &err);
            rep.len = 0;
            (void)pg_report_github(&f, 1, pg_buf_write, &rep, &err);
            rep.len = 0;
            (void)pg_lint_apply_fixes(update, sizeof update - 1, &r, pg_buf_write, &rep, NULL,
                                      &err);
            free(rep.data);
            pg_lint_result_free(&r);
        }
        fuzz_render_all(doc);
        pg_doc_free(doc);
    }
    free(one.data);
    free(two.data);
    pg_lint_config_free(again);
    pg_lint_config_free(cfg);
    return 0;
}
