/*
 * archive.c - an mbox (or a set of messages) as data: each message read,
 * parsed, and sorted into status updates (in date order), replies linked
 * to the update they answer, and the rest; bad messages listed with their
 * position and the reason.
 *
 * What makes an update is what its body holds: headings or items that are
 * not quoted.  A message whose Subject says it is a reply ("Re: ...") is
 * never an update, even when it proposes a new item of its own.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "internal.h"
#include "mail.h"

#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* ------------------------------------------------------------- threads */

/* Message-ID -> the update its thread answers.  Small: one entry per
 * update or linked reply, never a message body. */
typedef struct thread_ent {
    char *id;
    size_t root; /* index of the update entry */
} thread_ent;

struct pg_threads {
    pg_vec ents;     /* thread_ent */
    pg_vec subjects; /* char*: subjects of the updates recorded */
    size_t *slots;   /* open addressing: entry index + 1, 0 = empty */
    size_t n_slots;  /* a power of two, at most half full */
};

pg_threads *pg_threads_new(void)
{
    pg_threads *t = pg__calloc(1, sizeof *t);
    if (t) {
        t->ents.elem = sizeof(thread_ent);
        t->subjects.elem = sizeof(char *);
    }
    return t;
}

static size_t hash_id(const char *p, size_t n)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211u;
    return (size_t)h;
}

/* The slot holding id, or the empty slot where it would go. */
static size_t *slot_of(const pg_threads *t, const char *id, size_t n)
{
    const thread_ent *e = t->ents.data;
    size_t mask = t->n_slots - 1;
    for (size_t i = hash_id(id, n) & mask;; i = (i + 1) & mask) {
        size_t v = t->slots[i];
        if (!v || (strlen(e[v - 1].id) == n && !memcmp(e[v - 1].id, id, n)))
            return &t->slots[i];
    }
}

static long thread_find(const pg_threads *t, pg_str id)
{
    if (!t->n_slots || !id.ptr)
        return -1;
    size_t v = *slot_of(t, id.ptr, id.len);
    return v ? (long)v - 1 : -1;
}

/* Keep the table at most half full; entries keep their indexes. */
static int grow_slots(pg_threads *t)
{
    if (t->ents.len * 2 < t->n_slots)
        return 0;
    size_t n = t->n_slots ? t->n_slots * 2 : 64;
    size_t *old = t->slots, old_n = t->n_slots;
    t->slots = pg__calloc(n, sizeof *t->slots);
    if (!t->slots) {
        t->slots = old;
        return -1;
    }
    t->n_slots = n;
    const thread_ent *e = t->ents.data;
    for (size_t i = 0; i < old_n; i++)
        if (old[i])
            *slot_of(t, e[old[i] - 1].id, strlen(e[old[i] - 1].id)) = old[i];
    pg__free(old);
    return 0;
}

static int thread_put(pg_threads *t, pg_str id, long root)
{
    if (!id.ptr || !id.len)
        return 0;
    if (grow_slots(t) < 0)
        return -1;
    thread_ent *e = pg__vec_push(&t->ents);
    if (!e)
        return -1;
    e->id = pg__malloc(id.len + 1);
    if (!e->id) {
        t->ents.len--;
        return -1;
    }
    memcpy(e->id, id.ptr, id.len);
    e->id[id.len] = '\0';
    e->root = root < 0 ? t->ents.len - 1 : (size_t)root;
    /* a repeated Message-ID: the latest message wins */
    *slot_of(t, e->id, id.len) = t->ents.len;
    return 0;
}

int pg_threads_add(pg_threads *t, const pg_mail *m, bool is_update, pg_str *root_id)
{
    const pg_mail_info *h = pg_mail_get(m);
    root_id->ptr = NULL;
    root_id->len = 0;
    if (is_update) {
        if (h->subject.len && !pg_threads_series(t, m)) {
            char **slot = pg__vec_push(&t->subjects);
            if (!slot || !(*slot = pg__malloc(h->subject.len + 1))) {
                if (slot)
                    t->subjects.len--;
                return -1;
            }
            memcpy(*slot, h->subject.ptr, h->subject.len);
            (*slot)[h->subject.len] = '\0';
        }
        return thread_put(t, h->message_id, -1);
    }
    /* The nearest ancestor we know: In-Reply-To, then References from the
     * newest back. */
    long hit = h->in_reply_to.ptr ? thread_find(t, h->in_reply_to) : -1;
    for (size_t i = h->n_references; hit < 0 && i-- > 0;)
        hit = thread_find(t, h->references[i]);
    if (hit < 0)
        return 0;
    const thread_ent *e = t->ents.data;
    size_t root = e[hit].root;
    *root_id = pg__cstr(e[root].id);
    if (thread_put(t, h->message_id, (long)root) < 0)
        return -1;
    /* the vector may have moved */
    e = t->ents.data;
    *root_id = pg__cstr(e[root].id);
    return 1;
}

bool pg_threads_series(const pg_threads *t, const pg_mail *m)
{
    pg_str subj = pg_mail_get(m)->subject;
    char *const *s = t->subjects.data;
    for (size_t i = 0; i < t->subjects.len; i++)
        if (strlen(s[i]) == subj.len && !memcmp(s[i], subj.ptr, subj.len))
            return true;
    return false;
}

int pg_threads_classify(pg_threads *t, const pg_mail *m, const pg_doc *doc, bool may_be_update,
                        pg_msg_kind *kind, pg_str *root_id)
{
    /* A follow-up under the very subject of an earlier update is one too,
     * even when its body is free-form (no items, no headings). */
    bool update =
        may_be_update && !pg_mail_is_reply(m) && (pg_doc_is_update(doc) || pg_threads_series(t, m));
    int rc = pg_threads_add(t, m, update, root_id);
    if (rc < 0)
        return -1;
    *kind = update ? PG_MSG_UPDATE : rc > 0 ? PG_MSG_REPLY : PG_MSG_OTHER;
    return 0;
}

void pg_threads_free(pg_threads *t)
{
    if (!t)
        return;
    char **subj = t->subjects.data;
    for (size_t i = 0; i < t->subjects.len; i++)
        pg__free(subj[i]);
    pg__vec_free(&t->subjects);
    pg__free(t->slots);
    thread_ent *e = t->ents.data;
    for (size_t i = 0; i < t->ents.len; i++)
        pg__free(e[i].id);
    pg__vec_free(&t->ents);
    pg__free(t);
}

/* ------------------------------------------------------ what is an update */

static int count_unquoted(const pg_section *s, const pg_section *parent, void *ctx)
{
    (void)parent;
    if (s->level >= 1 && s->quote == 0)
        ++*(size_t *)ctx;
    return 0;
}

static int count_unquoted_item(const pg_item *it, const pg_section *s, void *ctx)
{
    (void)s;
    if (it->quote == 0)
        ++*(size_t *)ctx;
    return 0;
}

bool pg_doc_is_update(const pg_doc *doc)
{
    size_t heads = 0, items = 0;
    if (!doc)
        return false;
    pg_doc_walk(doc, count_unquoted, NULL, &heads);
    pg_doc_walk(doc, NULL, count_unquoted_item, &items);
    return heads > 0 || items > 0;
}

/* ------------------------------------------------------------- archive */

typedef struct amsg {
    pg_mail *mail;
    pg_doc *doc;
    size_t seq;  /* order of reading: ties in date keep it */
    long parent; /* index in msgs of the update it answers, -1 none */
    bool update;
} amsg;

struct pg_archive {
    pg_vec msgs;  /* amsg */
    pg_vec skips; /* pg_archive_skip */
    size_t n_read, n_other;
    pg_threads *threads;
    pcre2_code *re;
    pcre2_match_data *md;
    pg_parse_options parse;
    bool have_parse;
    /* after finish: updates in date order, replies grouped per update */
    size_t *upd, n_upd;
    size_t *rep, *rep_start; /* rep[rep_start[i] .. rep_start[i+1]) */
};

static pg_archive *archive_new(const pg_archive_options *opts, pg_error *err)
{
    pg_archive *ar = pg__calloc(1, sizeof *ar);
    if (!ar)
        goto nomem;
    ar->msgs.elem = sizeof(amsg);
    ar->skips.elem = sizeof(pg_archive_skip);
    ar->threads = pg_threads_new();
    if (!ar->threads)
        goto nomem;
    if (opts && opts->parse) {
        ar->parse = *opts->parse;
        ar->have_parse = true;
    }
    if (opts && opts->subject_regex) {
        int ec;
        PCRE2_SIZE eo;
        ar->re = pcre2_compile((PCRE2_SPTR)opts->subject_regex, PCRE2_ZERO_TERMINATED,
                               PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ec, &eo, NULL);
        if (!ar->re) {
            PCRE2_UCHAR msg[120];
            pcre2_get_error_message(ec, msg, sizeof msg);
            pg__error(err, PG_ERR_ARG, 0, (uint32_t)eo + 1, "", "--subject: %s", (char *)msg);
            pg_archive_free(ar);
            return NULL;
        }
        ar->md = pcre2_match_data_create_from_pattern(ar->re, NULL);
        if (!ar->md)
            goto nomem;
    }
    return ar;
nomem:
    pg_archive_free(ar);
    pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
    return NULL;
}

static bool subject_ok(const pg_archive *ar, pg_str subject)
{
    if (!ar->re)
        return true;
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    if (mc)
        pcre2_set_match_limit(mc, 100000);
    int rc = pcre2_match(ar->re, (PCRE2_SPTR)(subject.ptr ? subject.ptr : ""), subject.len, 0, 0,
                         ar->md, mc);
    pcre2_match_context_free(mc);
    return rc >= 0;
}

static int add_skip(pg_archive *ar, uint64_t offset, uint32_t line, const char *reason)
{
    pg_archive_skip *s = pg__vec_push(&ar->skips);
    if (!s)
        return -1;
    s->offset = offset;
    s->line = line;
    snprintf(s->reason, sizeof s->reason, "%s", reason);
    return 0;
}

/* Read one message into the archive.  1 kept, 0 skipped/other, -1 NOMEM. */
static int archive_take(pg_archive *ar, const char *buf, size_t len, uint64_t offset, uint32_t line,
                        pg_error *err)
{
    pg_error e = {0};
    ar->n_read++;
    pg_mail *m = pg_mail_parse(buf, len, line, &e);
    if (!m) {
        if (e.code == PG_ERR_NOMEM)
            goto nomem;
        return add_skip(ar, offset, line, e.message) < 0 ? -1 : 0;
    }
    pg_str text = pg_mail_get(m)->text;
    pg_doc *doc = pg_parse_text(text.ptr, text.len, ar->have_parse ? &ar->parse : NULL, &e);
    if (!doc) {
        pg_mail_free(m);
        goto nomem;
    }
    pg_str root;
    pg_msg_kind kind;
    if (pg_threads_classify(ar->threads, m, doc, subject_ok(ar, pg_mail_get(m)->subject), &kind,
                            &root) < 0) {
        pg_doc_free(doc);
        pg_mail_free(m);
        goto nomem;
    }
    bool update = kind == PG_MSG_UPDATE;
    if (kind == PG_MSG_OTHER) {
        ar->n_other++;
        pg_doc_free(doc);
        pg_mail_free(m);
        return 0;
    }
    amsg *a = pg__vec_push(&ar->msgs);
    if (!a) {
        pg_doc_free(doc);
        pg_mail_free(m);
        goto nomem;
    }
    a->mail = m;
    a->doc = doc;
    a->seq = ar->msgs.len - 1;
    a->update = update;
    a->parent = -1;
    return 1;
nomem:
    pg__error(err, PG_ERR_NOMEM, line, 0, "", "out of memory");
    return -1;
}

int pg_archive_add_message(pg_archive **arp, const char *buf, size_t len,
                           const pg_archive_options *opts, pg_error *err)
{
    pg__error_reset(err);
    if (!*arp && !(*arp = archive_new(opts, err)))
        return -1;
    return archive_take(*arp, buf, len, 0, 1, err);
}

static pg_archive *read_all(pg_mbox *mb, const pg_archive_options *opts, pg_error *err)
{
    if (!mb)
        return NULL;
    pg_archive *ar = archive_new(opts, err);
    if (!ar) {
        pg_mbox_free(mb);
        return NULL;
    }
    pg_mbox_msg msg;
    int rc;
    while ((rc = pg_mbox_next(mb, &msg, err)) == 1) {
        if (msg.truncated) {
            ar->n_read++;
            char why[200];
            snprintf(why, sizeof why, "message cut short: %s", msg.trunc_reason);
            if (add_skip(ar, msg.offset, msg.line, why) < 0) {
                rc = -1;
                break;
            }
            continue;
        }
        if (archive_take(ar, msg.data, msg.len, msg.offset, msg.line + 1, err) < 0) {
            rc = -1;
            break;
        }
    }
    pg_mbox_free(mb);
    if (rc < 0) {
        pg_archive_free(ar);
        return NULL;
    }
    if (pg_archive_finish(ar) != PG_OK) {
        pg_archive_free(ar);
        pg__error(err, PG_ERR_NOMEM, 0, 0, "", "out of memory");
        return NULL;
    }
    return ar;
}

pg_archive *pg_archive_read_mbox(const char *buf, size_t len, const pg_archive_options *opts,
                                 pg_error *err)
{
    pg__error_reset(err);
    return read_all(pg_mbox_open_mem(buf, len, opts ? opts->format : PG_MBOX_RD, err), opts, err);
}

pg_archive *pg_archive_read_stream(pg_read_fn read, void *ctx, const pg_archive_options *opts,
                                   pg_error *err)
{
    pg__error_reset(err);
    return read_all(pg_mbox_open(read, ctx, opts ? opts->format : PG_MBOX_RD, err), opts, err);
}

static int by_date(const void *a, const void *b)
{
    const amsg *x = *(amsg *const *)a, *y = *(amsg *const *)b;
    int64_t tx = pg_mail_get(x->mail)->time, ty = pg_mail_get(y->mail)->time;
    if (tx != ty)
        return tx < ty ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

pg_status pg_archive_finish(pg_archive *ar)
{
    if (!ar)
        return PG_ERR_ARG;
    size_t n = ar->msgs.len;
    amsg *m = ar->msgs.data;
    /* Sort the messages themselves by date (stable by reading order). */
    amsg **order = pg__malloc((n ? n : 1) * sizeof *order);
    amsg *sorted = pg__malloc((n ? n : 1) * sizeof *sorted);
    pg__free(ar->upd);
    pg__free(ar->rep);
    pg__free(ar->rep_start);
    ar->upd = pg__malloc((n ? n : 1) * sizeof *ar->upd);
    ar->rep = pg__malloc((n ? n : 1) * sizeof *ar->rep);
    ar->rep_start = pg__calloc(n + 1, sizeof *ar->rep_start);
    ar->n_upd = 0;
    if (!order || !sorted || !ar->upd || !ar->rep || !ar->rep_start) {
        /* Out of memory: leave the archive readable but empty. */
        pg__free(order);
        pg__free(sorted);
        ar->n_upd = 0;
        if (ar->rep_start)
            memset(ar->rep_start, 0, (n + 1) * sizeof *ar->rep_start);
        return PG_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = &m[i];
    qsort(order, n, sizeof *order, by_date);
    for (size_t i = 0; i < n; i++)
        sorted[i] = *order[i];
    if (n)
        memcpy(m, sorted, n * sizeof *m);
    for (size_t i = 0; i < n; i++)
        m[i].seq = i;
    pg__free(order);
    pg__free(sorted);
    /* Link again in date order: the thread table is rebuilt. */
    pg_threads_free(ar->threads);
    ar->threads = pg_threads_new();
    long *upd_of = pg__malloc((n ? n : 1) * sizeof *upd_of);
    /* thread entry -> message index (at most one entry per message) */
    size_t *ent_msg = pg__malloc((n ? n : 1) * sizeof *ent_msg);
    if (!ar->threads || !upd_of || !ent_msg) {
        pg__free(upd_of);
        pg__free(ent_msg);
        ar->n_upd = 0;
        memset(ar->rep_start, 0, (n + 1) * sizeof *ar->rep_start);
        return PG_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        pg_str root;
        int linked = pg_threads_add(ar->threads, m[i].mail, m[i].update, &root);
        if (linked < 0) {
            pg__free(upd_of);
            pg__free(ent_msg);
            ar->n_upd = 0;
            memset(ar->rep_start, 0, (n + 1) * sizeof *ar->rep_start);
            return PG_ERR_NOMEM;
        }
        m[i].parent = -1;
        upd_of[i] = -1;
        if (m[i].update) {
            upd_of[i] = (long)ar->n_upd;
            ar->upd[ar->n_upd++] = i;
            /* the thread entry just made for it (none without an id) */
            if (pg_mail_get(m[i].mail)->message_id.len)
                ent_msg[ar->threads->ents.len - 1] = i;
        } else if (linked > 0) {
            long e = thread_find(ar->threads, root);
            if (e >= 0)
                m[i].parent = (long)ent_msg[e];
        }
        if (!m[i].update && linked > 0 && pg_mail_get(m[i].mail)->message_id.len)
            ent_msg[ar->threads->ents.len - 1] = SIZE_MAX;
    }
    /* Replies grouped per update, in date order. */
    for (size_t i = 0; i < n; i++)
        if (m[i].parent >= 0)
            ar->rep_start[upd_of[m[i].parent] + 1]++;
    for (size_t u = 0; u < ar->n_upd; u++)
        ar->rep_start[u + 1] += ar->rep_start[u];
    size_t *fill = pg__calloc(ar->n_upd + 1, sizeof *fill);
    if (fill) {
        for (size_t i = 0; i < n; i++)
            if (m[i].parent >= 0) {
                size_t u = (size_t)upd_of[m[i].parent];
                ar->rep[ar->rep_start[u] + fill[u]++] = i;
            }
    }
    bool filled = fill != NULL;
    pg__free(fill);
    pg__free(upd_of);
    pg__free(ent_msg);
    if (!filled) {
        ar->n_upd = 0;
        memset(ar->rep_start, 0, (n + 1) * sizeof *ar->rep_start);
        return PG_ERR_NOMEM;
    }
    return PG_OK;
}

size_t pg_archive_messages_read(const pg_archive *ar) { return ar ? ar->n_read : 0; }
size_t pg_archive_skip_count(const pg_archive *ar) { return ar ? ar->skips.len : 0; }
const pg_archive_skip *pg_archive_skip_at(const pg_archive *ar, size_t i)
{
    return ar && i < ar->skips.len ? (const pg_archive_skip *)ar->skips.data + i : NULL;
}
size_t pg_archive_count(const pg_archive *ar) { return ar ? ar->n_upd : 0; }
size_t pg_archive_other_count(const pg_archive *ar) { return ar ? ar->n_other : 0; }

static const amsg *upd_at(const pg_archive *ar, size_t i)
{
    return ar && i < ar->n_upd ? (const amsg *)ar->msgs.data + ar->upd[i] : NULL;
}

const pg_doc *pg_archive_doc(const pg_archive *ar, size_t i)
{
    const amsg *a = upd_at(ar, i);
    return a ? a->doc : NULL;
}

const pg_mail *pg_archive_mail(const pg_archive *ar, size_t i)
{
    const amsg *a = upd_at(ar, i);
    return a ? a->mail : NULL;
}

size_t pg_archive_reply_count(const pg_archive *ar, size_t i)
{
    return ar && i < ar->n_upd ? ar->rep_start[i + 1] - ar->rep_start[i] : 0;
}

static const amsg *rep_at(const pg_archive *ar, size_t i, size_t j)
{
    if (j >= pg_archive_reply_count(ar, i))
        return NULL;
    return (const amsg *)ar->msgs.data + ar->rep[ar->rep_start[i] + j];
}

const pg_doc *pg_archive_reply_doc(const pg_archive *ar, size_t i, size_t j)
{
    const amsg *a = rep_at(ar, i, j);
    return a ? a->doc : NULL;
}

const pg_mail *pg_archive_reply_mail(const pg_archive *ar, size_t i, size_t j)
{
    const amsg *a = rep_at(ar, i, j);
    return a ? a->mail : NULL;
}

void pg_archive_free(pg_archive *ar)
{
    if (!ar)
        return;
    amsg *m = ar->msgs.data;
    for (size_t i = 0; i < ar->msgs.len; i++) {
        pg_doc_free(m[i].doc);
        pg_mail_free(m[i].mail);
    }
    pg__vec_free(&ar->msgs);
    pg__vec_free(&ar->skips);
    pg_threads_free(ar->threads);
    if (ar->md)
        pcre2_match_data_free(ar->md);
    if (ar->re)
        pcre2_code_free(ar->re);
    pg__free(ar->upd);
    pg__free(ar->rep);
    pg__free(ar->rep_start);
    pg__free(ar);
}
