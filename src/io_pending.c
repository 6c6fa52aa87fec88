/* Transitional: weak JSON/YAML entry points until src/json_*.c and
 * src/yaml_*.c land (they override these at link time). */
#include "internal.h"

#define PENDING(err) \
    (pg__error((err), PG_ERR_ARG, 0, 0, "", "JSON/YAML support is not in this build"), NULL)

__attribute__((weak)) pg_doc *pg_load_json(const char *b, size_t n, pg_error *err)
{
    (void)b; (void)n;
    return PENDING(err);
}
__attribute__((weak)) pg_doc *pg_load_yaml(const char *b, size_t n, pg_error *err)
{
    (void)b; (void)n;
    return PENDING(err);
}
__attribute__((weak)) pg_status pg_render_json(const pg_doc *d, unsigned f, pg_write_fn w, void *c, pg_error *err)
{
    (void)d; (void)f; (void)w; (void)c; (void)PENDING(err);
    return PG_ERR_ARG;
}
__attribute__((weak)) pg_status pg_render_yaml(const pg_doc *d, unsigned f, pg_write_fn w, void *c, pg_error *err)
{
    (void)d; (void)f; (void)w; (void)c; (void)PENDING(err);
    return PG_ERR_ARG;
}
