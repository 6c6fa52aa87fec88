/* parse_head.c - what an item's title line means.
 *
 *   head-text = [ "[" patch "]" ] title [ tag ] [ "(" state ")" ] [ url ]
 *   timeline  = title ":" date [ here-marker ]      (in a Timeline section)
 *
 * The trailing parenthetical is the state only when it names a state of
 * the document's scale (any case); a version, release or scope in
 * parentheses is a tag; anything else stays part of the title. */
#include "parser.h"

static pg_tag_kind tag_kind(pg_parser *p, pg_str inner)
{
    if (pg__match(&p->m, PG_PAT_VERSION_TAG, inner.ptr, inner.len, NULL, 0))
        return PG_TAG_VERSION;
    if (pg__match(&p->m, PG_PAT_RELEASE_TAG, inner.ptr, inner.len, NULL, 0))
        return PG_TAG_RELEASE;
    if (pg__match(&p->m, PG_PAT_SCOPE_TAG, inner.ptr, inner.len, NULL, 0))
        return PG_TAG_SCOPE;
    return PG_TAG_NONE;
}

/* The "(" matching the ")" that ends t, or -1. */
static long open_paren(pg_str t)
{
    int depth = 0;
    for (size_t k = t.len; k-- > 0;) {
        if (t.ptr[k] == ')')
            depth++;
        else if (t.ptr[k] == '(' && --depth == 0)
            return (long)k;
    }
    return -1;
}

/* Does t contain "://"? (cheap: heads rarely hold a ':') */
static bool memmem_url(pg_str t)
{
    const char *p = t.ptr, *end = t.ptr + t.len;
    while ((p = memchr(p, ':', (size_t)(end - p))) != NULL && end - p >= 3) {
        if (p[1] == '/' && p[2] == '/')
            return true;
        p++;
    }
    return false;
}

void pg__parse_head_text(pg_parser *p, pg_str text, const pg_head_ctx *ctx, pg_item *it)
{
    pg_str cap[2];
    text = pg__trim(text);
    if (ctx->timeline) {
        if (pg__has_ci(text, "we are here") &&
            pg__match(&p->m, PG_PAT_HERE_TRAILING, text.ptr, text.len, cap, 1)) {
            it->here = true;
            text = pg__trim(cap[0]);
        }
        if (pg__match(&p->m, PG_PAT_TIMELINE_ENTRY, text.ptr, text.len, cap, 2)) {
            it->title = pg__trim(cap[0]);
            it->date = cap[1];
            return;
        }
    }
    if (text.len && text.ptr[0] == '[' &&
        pg__match(&p->m, PG_PAT_PATCH, text.ptr, text.len, cap, 2)) {
        it->patch = cap[0];
        text = pg__trim(cap[1]);
    }
    if (text.len > 3 && memmem_url(text) &&
        pg__match(&p->m, PG_PAT_TRAILING_URL, text.ptr, text.len, cap, 2)) {
        it->url = cap[1];
        text = pg__trim(cap[0]);
    }
    for (int k = 0; k < 2; k++) {
        if (!text.len || text.ptr[text.len - 1] != ')')
            break;
        long o = open_paren(text);
        if (o <= 0)
            break;
        pg_str inner = pg__trim(pg__str(text.ptr + o + 1, text.len - (size_t)o - 2));
        pg_str before = pg__trim(pg__str(text.ptr, (size_t)o));
        if (!before.len)
            break;
        int r = pg_doc_state_rank(p->doc, inner);
        if (!it->state.ptr && r >= 0) {
            it->state = pg_doc_scale_state(p->doc, (size_t)r);
            text = before;
            continue;
        }
        pg_tag_kind tk = it->tag.ptr ? PG_TAG_NONE : tag_kind(p, inner);
        if (tk == PG_TAG_NONE)
            break;
        it->tag = inner;
        it->tag_kind = tk;
        text = before;
    }
    it->title = text;
}
