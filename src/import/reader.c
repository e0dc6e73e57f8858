/*
 * reader.c: a file's parser on a thread of its own, handing items over through a bounded queue
 * (see reader.h).
 */
#include "import/reader.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "store/store.h"
#include "text/bidi.h"
#include "text/slug.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Items waiting for the importer: enough to keep both threads busy, few enough that a slow
 * writer holds the parser back instead of letting the queue fill memory. */
enum { QUEUE_MAX = IMPORT_BATCH };

struct import_reader {
    pthread_t thread;
    import_parse_fn parse;
    void *ctx;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    struct import_item *head, *tail; /* the queue, oldest first */
    int queued;
    bool stop;        /* the importer wants no more */
    bool done;        /* parse has returned */
    bool threaded;    /* parse runs on its own thread (else it ran in import_reader_start) */
    atomic_bool lazy; /* the importer finds the articles already stored: prepare nothing */
    int rc;
    struct buf err;
};

void import_item_free(struct import_item *it)
{
    if (!it)
        return;
    for (int i = 0; i < 3; i++)
        buf_free(&it->tokens[i]);
    arena_free(&it->arena);
    free(it);
}

/* Hands it to the importer; false when it wants no more (it is freed then). */
static bool push(struct import_reader *r, struct import_item *it)
{
    pthread_mutex_lock(&r->lock);
    while (r->queued >= QUEUE_MAX && !r->stop && r->threaded)
        pthread_cond_wait(&r->changed, &r->lock);
    bool stop = r->stop;
    if (!stop) {
        if (r->tail)
            r->tail->next = it;
        else
            r->head = it;
        r->tail = it;
        r->queued++;
        pthread_cond_broadcast(&r->changed);
    }
    pthread_mutex_unlock(&r->lock);
    if (stop)
        import_item_free(it);
    return !stop;
}

/* A copy of a single-line text (a title, a name) without directional controls (text/bidi.h);
 * NULL when nothing else is left. */
static const char *line_copy(struct arena *ar, const char *s)
{
    const char *t = bidi_stripped(ar, arena_strdup(ar, s));
    return t && *t ? t : NULL;
}

static void copy_article(struct arena *ar, struct import_article *to,
                         const struct import_article *a)
{
    *to = *a;
    to->key = arena_strdup(ar, a->key);
    to->title = line_copy(ar, a->title);
    if (!to->title)
        to->title = ""; /* the importer refuses it */
    to->dek = line_copy(ar, a->dek);
    to->body = arena_strdup(ar, a->body ? a->body : "");
    to->category = line_copy(ar, a->category);
    to->category_slug = arena_strdup(ar, a->category_slug);
    to->category_description = line_copy(ar, a->category_description);
    to->author = line_copy(ar, a->author);
    to->author_login = arena_strdup(ar, a->author_login);
    to->source = line_copy(ar, a->source);
    to->slug = arena_strdup(ar, a->slug);
    to->status = arena_strdup(ar, a->status);
    to->unread_date = arena_strdup(ar, a->unread_date);
    to->old_path = arena_strdup(ar, a->old_path);
    to->image_path = arena_strdup(ar, a->image_path);
    to->image_alt = line_copy(ar, a->image_alt);
    to->image_caption = line_copy(ar, a->image_caption);
    to->image_credit = line_copy(ar, a->image_credit);
    to->image_missing = arena_strdup(ar, a->image_missing);
    const char **topics = arena_alloc(ar, (a->ntopics + 1) * sizeof *topics);
    to->ntopics = 0;
    for (size_t i = 0; i < a->ntopics; i++)
        if ((topics[to->ntopics] = line_copy(ar, a->topics[i])) != NULL)
            to->ntopics++;
    to->topics = topics;
    struct import_comment *comments = arena_alloc(ar, (a->ncomments + 1) * sizeof *comments);
    for (size_t i = 0; i < a->ncomments; i++) {
        const struct import_comment *c = &a->comments[i];
        comments[i] = *c;
        comments[i].key = arena_strdup(ar, c->key);
        comments[i].parent_key = arena_strdup(ar, c->parent_key);
        comments[i].name = line_copy(ar, c->name);
        comments[i].email = arena_strdup(ar, c->email);
        comments[i].body = arena_strdup(ar, c->body);
        comments[i].status = arena_strdup(ar, c->status);
        comments[i].unread_date = arena_strdup(ar, c->unread_date);
    }
    to->comments = comments;
}

static void shingle(void *ctx, const char *norm, size_t n)
{
    dedup_word(ctx, norm, n);
}

static int sink_article(struct import_sink *s, const struct import_article *a)
{
    struct import_reader *r = s->ctx;
    struct import_item *it = xcalloc(1, sizeof *it);
    it->kind = IMPORT_ITEM_ARTICLE;
    copy_article(&it->arena, &it->a, a);
    const char *texts[3] = {it->a.title, it->a.dek ? it->a.dek : "", it->a.body};
    it->body_ok = utf8_valid(it->a.body, strlen(it->a.body));
    if (atomic_load(&r->lazy))
        return push(r, it) ? 0 : -1;
    /* The body's words, normalized once, go to the index's tokens and the signature. */
    it->prepared = true;
    struct dedup_shingler sh;
    dedup_start(&sh, &it->sig);
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(texts[i]);
        it->tokenized[i] = i == 2 ? it->body_ok : utf8_valid(texts[i], n);
        if (it->tokenized[i])
            store_index_tokens(&it->tokens[i], texts[i], n, i == 2 ? shingle : NULL, &sh);
    }
    it->signed_ = it->body_ok && dedup_finish(&sh);
    /* The slug the store would make of the title, made here instead. */
    if ((!it->a.slug || !*it->a.slug) && it->tokenized[0]) {
        struct buf slug = BUF_INIT;
        slug_make(&slug, it->a.title, strlen(it->a.title));
        it->a.slug = arena_strndup(&it->arena, buf_str(&slug), slug.len);
        buf_free(&slug);
    }
    return push(s->ctx, it) ? 0 : -1;
}

static void sink_skip(struct import_sink *s, long line, const char *reason)
{
    struct import_item *it = xcalloc(1, sizeof *it);
    it->kind = IMPORT_ITEM_SKIP;
    it->line = line;
    it->reason = arena_strdup(&it->arena, reason);
    push(s->ctx, it);
}

static void *run(void *arg)
{
    struct import_reader *r = arg;
    struct import_sink sink = {sink_article, sink_skip, r};
    struct buf err = BUF_INIT;
    int rc = r->parse(r->ctx, &sink, &err);
    pthread_mutex_lock(&r->lock);
    r->rc = rc;
    buf_append(&r->err, err.p ? err.p : "", err.len);
    r->done = true;
    pthread_cond_broadcast(&r->changed);
    pthread_mutex_unlock(&r->lock);
    buf_free(&err);
    return NULL;
}

struct import_reader *import_reader_start(import_parse_fn parse, void *ctx)
{
    struct import_reader *r = xcalloc(1, sizeof *r);
    r->parse = parse;
    r->ctx = ctx;
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->changed, NULL);
    r->threaded = true;
    if (pthread_create(&r->thread, NULL, run, r) != 0) {
        r->threaded = false; /* no thread to be had: read it all here, queued without limit */
        run(r);
    }
    return r;
}

struct import_item *import_reader_next(struct import_reader *r)
{
    pthread_mutex_lock(&r->lock);
    while (!r->head && !r->done)
        pthread_cond_wait(&r->changed, &r->lock);
    struct import_item *it = r->head;
    if (it) {
        r->head = it->next;
        if (!r->head)
            r->tail = NULL;
        r->queued--;
        it->next = NULL;
        pthread_cond_broadcast(&r->changed);
    }
    pthread_mutex_unlock(&r->lock);
    return it;
}

void import_reader_lazy(struct import_reader *r, bool on)
{
    atomic_store(&r->lazy, on);
}

void import_reader_stop(struct import_reader *r)
{
    pthread_mutex_lock(&r->lock);
    r->stop = true;
    pthread_cond_broadcast(&r->changed);
    pthread_mutex_unlock(&r->lock);
}

int import_reader_finish(struct import_reader *r, struct buf *err)
{
    import_reader_stop(r);
    struct import_item *it;
    while ((it = import_reader_next(r)))
        import_item_free(it);
    if (r->threaded)
        pthread_join(r->thread, NULL);
    buf_append(err, r->err.p ? r->err.p : "", r->err.len);
    int rc = r->rc;
    buf_free(&r->err);
    pthread_cond_destroy(&r->changed);
    pthread_mutex_destroy(&r->lock);
    free(r);
    return rc;
}
