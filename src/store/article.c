/*
 * article.c: articles, their topics and revisions.
 *
 * Every write keeps the search index in step inside the write's own transaction, by the rule
 * index.c explains: store_index_remove() before anything the article_search view shows of the
 * article changes, store_index_add() after.
 */
#include "store/store.h"
#include "base/mem.h"
#include "store/cards.h"
#include "store/index.h"
#include "base/buf.h"
#include "text/slug.h"

#include <stdlib.h>
#include <string.h>

/* Makes names (created when new) the article's topics, in that order. */
static int topics_set(struct db *db, int64_t article_id, const char *const *names, size_t n)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "DELETE FROM article_topics WHERE article_id = :article") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":article", article_id);
    int rc = db_run(&q);
    if (rc != DB_OK)
        return rc;
    for (size_t i = 0; i < n; i++) {
        int64_t topic_id;
        if ((rc = store_topic_ensure(db, names[i], &topic_id)) != DB_OK)
            return rc;
        if (db_prepare(db, &q,
                       "INSERT INTO article_topics(article_id, topic_id, position)"
                       " VALUES(:article, :topic, :position) ON CONFLICT DO NOTHING") != DB_OK)
            return DB_ERROR;
        db_bind_int(&q, ":article", article_id);
        db_bind_int(&q, ":topic", topic_id);
        db_bind_int(&q, ":position", (int64_t)i);
        if ((rc = db_run(&q)) != DB_OK)
            return rc;
    }
    return DB_OK;
}

/* Makes the article's bylines in->author_ids (or in->author_id alone), in that order. */
static int authors_set(struct db *db, int64_t article_id, const struct article_in *in)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "DELETE FROM article_authors WHERE article_id = :article") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":article", article_id);
    int rc = db_run(&q);
    size_t n = in->author_ids ? in->nauthors : in->author_id ? 1 : 0;
    for (size_t i = 0; rc == DB_OK && i < n; i++) {
        if (db_prepare(db, &q,
                       "INSERT INTO article_authors(article_id, user_id, position)"
                       " VALUES(:article, :user, :position) ON CONFLICT DO NOTHING") != DB_OK)
            return DB_ERROR;
        db_bind_int(&q, ":article", article_id);
        db_bind_int(&q, ":user", in->author_ids ? in->author_ids[i] : in->author_id);
        db_bind_int(&q, ":position", (int64_t)i);
        rc = db_run(&q);
    }
    return rc;
}

/* The first author of in: the byline list's, or author_id. */
static int64_t first_author(const struct article_in *in)
{
    return in->author_ids ? (in->nauthors ? in->author_ids[0] : 0) : in->author_id;
}

/* The fields of an article besides its title, dek and body, as a revision's meta keeps them:
 * {"slug","source","status","published_at","category_id","author_ids":[ids],"topics":[names],
 * "seo_title","social_title","image_id"}. New reference. */
static json_t *meta_of(json_t *a)
{
    json_t *names = json_array();
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(a, "topics"), i, t) {
        json_array_append(names, json_object_get(t, "name"));
    }
    json_t *authors = json_array();
    json_array_foreach(json_object_get(a, "authors"), i, t) {
        json_array_append(authors, json_object_get(t, "id"));
    }
    json_t *category = json_object_get(json_object_get(a, "category"), "id");
    return json_pack(
        "{s:O, s:O, s:O, s:O, s:O, s:o, s:o, s:O, s:O, s:O?}", "slug", json_object_get(a, "slug"),
        "source", json_object_get(a, "source"), "status", json_object_get(a, "status"),
        "published_at", json_object_get(a, "published_at"), "category_id",
        category ? category : json_null(), "author_ids", authors, "topics", names, "seo_title",
        json_object_get(a, "seo_title"), "social_title", json_object_get(a, "social_title"),
        "image_id", json_object_get(a, "image_id"));
}

/* Keeps the article as it is now as a revision: called before an update changes it, so the
 * revisions are the earlier versions and the article itself the latest (no copy of every body
 * twice). The revision keeps the article's version number and, in meta, its other fields, so a
 * save made from that version can be merged with what came after (admin/conflict.c). user_id
 * is who is about to change it. */
static int revision_add(struct db *db, int64_t article_id, int64_t user_id, int64_t now)
{
    json_t *a;
    int rc = store_article_get(db, article_id, &a);
    if (rc != DB_OK)
        return rc;
    json_t *meta = meta_of(a);
    char *meta_text = json_dumps(meta, JSON_COMPACT);
    json_decref(meta);
    struct db_stmt q;
    rc = DB_ERROR;
    if (db_prepare(db, &q,
                   "INSERT INTO revisions(article_id, user_id, title, dek, body, meta, version,"
                   "  created_at)"
                   " VALUES(:id, :user, :title, :dek, :body, :meta, :version, :now)") == DB_OK) {
        db_bind_int(&q, ":id", article_id);
        db_bind_int_or_null(&q, ":user", user_id);
        db_bind_text(&q, ":title", json_string_value(json_object_get(a, "title")));
        db_bind_text(&q, ":dek", json_string_value(json_object_get(a, "dek")));
        db_bind_text(&q, ":body", json_string_value(json_object_get(a, "body")));
        db_bind_text(&q, ":meta", meta_text);
        db_bind_int(&q, ":version", json_integer_value(json_object_get(a, "version")));
        db_bind_int(&q, ":now", now);
        rc = db_run(&q);
    }
    free(meta_text);
    json_decref(a);
    return rc;
}

static int article_insert(struct db *db, const struct article_in *in, const char *slug, int64_t now,
                          int64_t *id)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "INSERT INTO articles(slug, title, dek, body, category_id, author_id, source,"
                   "  status, comments_open, import_key, fingerprint, created_at, updated_at,"
                   "  published_at, image_id, seo_title, social_title)"
                   " VALUES(:slug, :title, :dek, :body, :category, :author, :source, :status,"
                   "  :open, :import_key, :fingerprint, :now, :now, :published_at, :image,"
                   "  :seo_title, :social_title)"
                   " RETURNING id") != DB_OK)
        return DB_ERROR;
    db_bind_text(&q, ":slug", slug);
    db_bind_text(&q, ":title", in->title);
    db_bind_text(&q, ":dek", in->dek ? in->dek : "");
    db_bind_text(&q, ":body", in->body ? in->body : "");
    db_bind_int_or_null(&q, ":category", in->category_id);
    db_bind_int_or_null(&q, ":author", first_author(in));
    db_bind_text(&q, ":source", in->source ? in->source : "");
    db_bind_text(&q, ":status", in->status ? in->status : "draft");
    db_bind_int(&q, ":open", !in->comments_closed);
    db_bind_text_or_null(&q, ":import_key", in->import_key);
    db_bind_text(&q, ":seo_title", in->seo_title ? in->seo_title : "");
    db_bind_text(&q, ":social_title", in->social_title ? in->social_title : "");
    if (in->fingerprint)
        db_bind_blob(&q, ":fingerprint", in->fingerprint, in->fingerprint_len);
    db_bind_int(&q, ":now", now);
    db_bind_int_or_null(&q, ":published_at", in->published_at);
    db_bind_int_or_null(&q, ":image", in->image_id);
    int rc = db_step(&q);
    if (rc == DB_ROW)
        *id = db_col_int(&q, 0);
    db_finalize(&q);
    return rc == DB_ROW ? DB_OK : rc;
}

static int article_add(struct db *db, const struct article_in *in, int64_t now, int64_t *id,
                       bool index)
{
    struct buf slug = BUF_INIT;
    if (in->slug && *in->slug)
        buf_puts(&slug, in->slug);
    else
        slug_make(&slug, in->title, strlen(in->title));
    if (slug.len == 0)
        buf_puts(&slug, "article");

    int rc = db_begin(db);
    if (rc != DB_OK)
        goto out;
    if ((rc = article_insert(db, in, buf_str(&slug), now, id)) != DB_OK ||
        (rc = topics_set(db, *id, in->topics, in->ntopics)) != DB_OK ||
        (rc = authors_set(db, *id, in)) != DB_OK)
        goto fail;
    if (index && (rc = store_index_add(db, *id)) != DB_OK)
        goto fail;
    rc = db_commit(db);
    goto out;
fail:
    db_rollback(db);
out:
    buf_free(&slug);
    return rc;
}

int store_article_add(struct db *db, const struct article_in *in, int64_t now, int64_t *id)
{
    return article_add(db, in, now, id, true);
}

int store_article_add_unindexed(struct db *db, const struct article_in *in, int64_t now,
                                int64_t *id)
{
    return article_add(db, in, now, id, false);
}

static int article_write(struct db *db, int64_t id, const struct article_in *in, const char *slug,
                         int64_t now)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "UPDATE articles SET slug = :slug, title = :title, dek = :dek, body = :body,"
                   "  category_id = :category, author_id = :author, source = :source,"
                   "  status = :status, comments_open = :open, updated_at = :now,"
                   "  published_at = :published_at, image_id = :image, version = version + 1,"
                   "  seo_title = coalesce(:seo_title, seo_title),"
                   "  social_title = coalesce(:social_title, social_title)"
                   " WHERE id = :id") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", id);
    db_bind_text(&q, ":slug", slug);
    db_bind_text(&q, ":title", in->title);
    db_bind_text(&q, ":dek", in->dek ? in->dek : "");
    db_bind_text(&q, ":body", in->body ? in->body : "");
    db_bind_int_or_null(&q, ":category", in->category_id);
    db_bind_int_or_null(&q, ":author", first_author(in));
    db_bind_text(&q, ":source", in->source ? in->source : "");
    db_bind_text(&q, ":status", in->status ? in->status : "draft");
    db_bind_int(&q, ":open", !in->comments_closed);
    db_bind_int(&q, ":now", now);
    db_bind_int_or_null(&q, ":published_at", in->published_at);
    db_bind_int_or_null(&q, ":image", in->image_id);
    /* NULL keeps them (an import's update knows nothing of them). */
    if (in->seo_title)
        db_bind_text(&q, ":seo_title", in->seo_title);
    else
        db_bind_null(&q, ":seo_title");
    if (in->social_title)
        db_bind_text(&q, ":social_title", in->social_title);
    else
        db_bind_null(&q, ":social_title");
    return db_run_changing(&q);
}

/* Changes article id in one transaction, its index entry taken out before and put back after
 * (the rule above); change returns DB_DONE when there is no such article. */
static int article_change(struct db *db, int64_t id, int (*change)(struct db *, int64_t, void *),
                          void *ctx)
{
    int rc = db_begin(db);
    if (rc != DB_OK)
        return rc;
    if ((rc = store_index_remove(db, id)) == DB_OK && (rc = change(db, id, ctx)) == DB_OK &&
        (rc = store_index_add(db, id)) == DB_OK)
        return db_commit(db);
    db_rollback(db);
    return rc;
}

struct article_update {
    const struct article_in *in;
    const char *slug;
    int64_t user_id, now;
};

/* STORE_STALE when the article's version is no longer base (0: not checked); DB_DONE when
 * there is no such article. Read inside the write's transaction, so no other save slips in
 * between. */
static int version_check(struct db *db, int64_t id, int64_t base)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "SELECT version FROM articles WHERE id = :id") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", id);
    int64_t version = 0;
    int rc = db_one_int(&q, &version);
    if (rc != DB_OK)
        return rc;
    return base && version != base ? STORE_STALE : DB_OK;
}

static int update_write(struct db *db, int64_t id, void *ctx)
{
    const struct article_update *u = ctx;
    int rc;
    if ((rc = version_check(db, id, u->in->base_version)) != DB_OK ||
        (rc = revision_add(db, id, u->user_id, u->now)) != DB_OK ||
        (rc = article_write(db, id, u->in, u->slug, u->now)) != DB_OK ||
        (rc = authors_set(db, id, u->in)) != DB_OK)
        return rc;
    return topics_set(db, id, u->in->topics, u->in->ntopics);
}

int store_article_update(struct db *db, int64_t id, const struct article_in *in, int64_t user_id,
                         int64_t now)
{
    struct buf slug = BUF_INIT;
    if (in->slug && *in->slug)
        buf_puts(&slug, in->slug);
    else
        slug_make(&slug, in->title, strlen(in->title));
    if (slug.len == 0)
        buf_puts(&slug, "article");
    struct article_update u = {in, buf_str(&slug), user_id, now};
    int rc = article_change(db, id, update_write, &u);
    buf_free(&slug);
    return rc;
}

struct status_change {
    const char *status;
    int64_t now;
};

static int status_write(struct db *db, int64_t id, void *ctx)
{
    const struct status_change *c = ctx;
    struct db_stmt q;
    /* Publishing an article that has no publication time gives it now. */
    if (db_prepare(db, &q,
                   "UPDATE articles SET status = :status, updated_at = :now,"
                   "  version = version + 1,"
                   "  published_at = CASE WHEN :status = 'published' AND published_at IS NULL"
                   "    THEN :now ELSE published_at END"
                   " WHERE id = :id") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", id);
    db_bind_text(&q, ":status", c->status);
    db_bind_int(&q, ":now", c->now);
    return db_run_changing(&q);
}

int store_article_set_status(struct db *db, int64_t id, const char *status, int64_t now)
{
    struct status_change c = {status, now};
    return article_change(db, id, status_write, &c);
}

static int image_write(struct db *db, int64_t id, void *ctx)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "UPDATE articles SET image_id = :image WHERE id = :id") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", id);
    db_bind_int_or_null(&q, ":image", *(const int64_t *)ctx);
    return db_run_changing(&q);
}

int store_article_set_image(struct db *db, int64_t article_id, int64_t image_id)
{
    return article_change(db, article_id, image_write, &image_id);
}

int store_article_delete(struct db *db, int64_t id)
{
    int rc = db_begin(db);
    if (rc != DB_OK)
        return rc;
    struct db_stmt q;
    if ((rc = store_index_remove(db, id)) == DB_OK) {
        rc = DB_ERROR;
        if (db_prepare(db, &q, "DELETE FROM articles WHERE id = :id") == DB_OK) {
            db_bind_int(&q, ":id", id);
            rc = db_run_changing(&q);
        }
    }
    if (rc == DB_OK)
        return db_commit(db);
    db_rollback(db);
    return rc;
}

int store_articles_due(struct db *db, int64_t now, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(
        db, &q, "SELECT id FROM articles WHERE status = 'scheduled' AND published_at <= :now");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":now", now);
    return db_rows_json(&q, out);
}

int store_revisions(struct db *db, int64_t article_id, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q,
                        "SELECT r.id, r.title, r.created_at, u.name AS who FROM revisions r"
                        " LEFT JOIN users u ON u.id = r.user_id"
                        " WHERE r.article_id = :id ORDER BY r.created_at DESC, r.id DESC");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":id", article_id);
    return db_rows_json(&q, out);
}

/* A revision in full, as store_revision_get() gives it. */
#define REVISION_COLUMNS                                                                           \
    "SELECT r.id, r.title, r.dek, r.body, r.meta, r.version, r.created_at, u.name AS who"          \
    " FROM revisions r LEFT JOIN users u ON u.id = r.user_id"

/* The first row of q (a revision) with its meta parsed into an object, in *out. */
static int revision_one(struct db_stmt *q, json_t **out)
{
    int rc = db_one_json(q, out);
    if (rc != DB_OK)
        return rc;
    const char *text = json_string_value(json_object_get(*out, "meta"));
    json_t *meta = text ? json_loads(text, 0, NULL) : NULL;
    json_object_set_new(*out, "meta", json_is_object(meta) ? meta : json_object());
    if (!json_is_object(meta))
        json_decref(meta);
    return DB_OK;
}

int store_revision_get(struct db *db, int64_t article_id, int64_t revision_id, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q, REVISION_COLUMNS " WHERE r.id = :rid AND r.article_id = :id");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":rid", revision_id);
    db_bind_int(&q, ":id", article_id);
    return revision_one(&q, out);
}

int store_revision_at(struct db *db, int64_t article_id, int64_t version, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q,
                        REVISION_COLUMNS " WHERE r.article_id = :id AND r.version = :version"
                                         " ORDER BY r.id DESC LIMIT 1");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":id", article_id);
    db_bind_int(&q, ":version", version);
    return revision_one(&q, out);
}

struct restoring {
    int64_t revision_id, user_id, now;
};

static int restore_write(struct db *db, int64_t id, void *ctx)
{
    const struct restoring *r = ctx;
    int rc = revision_add(db, id, r->user_id, r->now);
    if (rc != DB_OK)
        return rc;
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "UPDATE articles SET (title, dek, body) ="
                   "  (SELECT title, dek, body FROM revisions"
                   "   WHERE id = :rid AND article_id = :id), updated_at = :now,"
                   "  version = version + 1"
                   " WHERE id = :id AND EXISTS (SELECT 1 FROM revisions"
                   "   WHERE id = :rid AND article_id = :id)") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", id);
    db_bind_int(&q, ":rid", r->revision_id);
    db_bind_int(&q, ":now", r->now);
    return db_run_changing(&q);
}

int store_article_restore(struct db *db, int64_t article_id, int64_t revision_id, int64_t user_id,
                          int64_t now)
{
    struct restoring r = {revision_id, user_id, now};
    return article_change(db, article_id, restore_write, &r);
}

int store_article_count(struct db *db, int64_t *n)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "SELECT count(*) FROM articles") != DB_OK)
        return DB_ERROR;
    int rc = db_step(&q);
    if (rc == DB_ROW)
        *n = db_col_int(&q, 0);
    db_finalize(&q);
    return rc == DB_ROW ? DB_OK : rc < 0 ? rc : DB_ERROR;
}

/* An article's bylines: authors, or when it has none there (an article written into the table
 * by other means than store_article_add()), its author_id's user alone. Takes authors;
 * returns it. */
static json_t *byline_fallback(json_t *authors, json_t *article)
{
    json_t *author = json_object_get(article, "author");
    if (json_array_size(authors) == 0 && json_is_object(author))
        json_array_append_new(authors, json_deep_copy(author));
    return authors;
}

int store_article_get(struct db *db, int64_t id, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(
        db, &q,
        "SELECT a.id, a.slug, a.title, a.dek, a.body, a.source, a.image_url, a.status,"
        "  a.published_at, a.updated_at, a.comments_open, a.comments_version,"
        "  a.import_key, a.image_id, a.version, a.breaking_until, a.seo_title, a.social_title,"
        "  a.live,"
        "  c.id AS \"category.id\", c.slug AS \"category.slug\","
        "  c.name AS \"category.name\","
        "  u.id AS \"author.id\", u.slug AS \"author.slug\","
        "  u.name AS \"author.name\", u.bio AS \"author.bio\"," IMAGE_COLUMNS " FROM articles a"
        " LEFT JOIN categories c ON c.id = a.category_id"
        " LEFT JOIN users u ON u.id = a.author_id"
        " LEFT JOIN media m ON m.id = a.image_id"
        " WHERE a.id = :id");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":id", id);
    json_t *a, *topics;
    if ((rc = db_one_json(&q, &a)) != DB_OK)
        return rc;
    if ((rc = db_prepare(db, &q,
                         "SELECT t.slug, t.name FROM article_topics x"
                         " JOIN topics t ON t.id = x.topic_id"
                         " WHERE x.article_id = :id ORDER BY x.position, t.id")) != DB_OK) {
        json_decref(a);
        return rc;
    }
    db_bind_int(&q, ":id", id);
    if ((rc = db_rows_json(&q, &topics)) != DB_OK) {
        json_decref(a);
        return rc;
    }
    json_object_set_new(a, "topics", topics);
    json_t *authors;
    if ((rc = db_prepare(db, &q,
                         "SELECT u.id, u.slug, u.name, u.bio, u.photo_url FROM article_authors x"
                         " JOIN users u ON u.id = x.user_id"
                         " WHERE x.article_id = :id ORDER BY x.position, u.id")) != DB_OK) {
        json_decref(a);
        return rc;
    }
    db_bind_int(&q, ":id", id);
    if ((rc = db_rows_json(&q, &authors)) != DB_OK) {
        json_decref(a);
        return rc;
    }
    json_object_set_new(a, "authors", byline_fallback(authors, a));
    *out = a;
    return DB_OK;
}

int store_cards_authors(struct db *db, json_t *cards)
{
    size_t i;
    json_t *card;
    json_array_foreach(cards, i, card) {
        struct db_stmt q;
        json_t *authors;
        int rc = db_prepare(db, &q,
                            "SELECT u.id, u.slug, u.name FROM article_authors x"
                            " JOIN users u ON u.id = x.user_id"
                            " WHERE x.article_id = :id ORDER BY x.position, u.id");
        if (rc != DB_OK)
            return rc;
        db_bind_int(&q, ":id", json_integer_value(json_object_get(card, "id")));
        if ((rc = db_rows_json(&q, &authors)) != DB_OK)
            return rc;
        json_object_set_new(card, "authors", byline_fallback(authors, card));
    }
    return DB_OK;
}

/*
 * One statement per kind of list, so each can use its own index; the filter value is bound to
 * :key (ignored by the unfiltered one, which binds nothing).
 */
#define LIVE                                                                                       \
    " a.status = 'published' AND a.published_at <= :now AND a.published_at >= :since"              \
    "  AND a.id <> :exclude"
#define PAGE " ORDER BY a.published_at DESC, a.id DESC LIMIT :limit OFFSET :offset"
/* The articles with user :param in their byline: its first author (author_id), or any. */
#define BYLINE_OF(param)                                                                           \
    " (SELECT id FROM articles WHERE author_id = " param                                           \
    "  UNION SELECT article_id FROM article_authors WHERE user_id = " param ")"
#define SEVERAL                                                                                    \
    " (:category = 0 OR a.category_id = :category)"                                                \
    "  AND (:author = 0 OR a.id IN" BYLINE_OF(                                                     \
        ":author") ")"                                                                             \
                   "  AND (:topic = 0 OR a.id IN (SELECT article_id FROM article_topics WHERE "    \
                   "topic_id = "                                                                   \
                   ":topic))"

static const struct {
    const char *list, *count;
} list_sql[] = {
    {CARD_COLUMNS " WHERE" LIVE PAGE, "SELECT count(*) FROM articles a WHERE" LIVE},
    {CARD_COLUMNS " WHERE a.category_id = :key AND" LIVE PAGE,
     "SELECT count(*) FROM articles a WHERE a.category_id = :key AND" LIVE},
    {CARD_COLUMNS " JOIN article_topics x ON x.article_id = a.id"
                  " WHERE x.topic_id = :key AND" LIVE PAGE,
     "SELECT count(*) FROM articles a JOIN article_topics x ON x.article_id = a.id"
     " WHERE x.topic_id = :key AND" LIVE},
    /* An author's articles are those with them in the byline, first or not. */
    {CARD_COLUMNS " WHERE a.id IN" BYLINE_OF(":key") " AND" LIVE PAGE,
     "SELECT count(*) FROM articles a WHERE a.id IN" BYLINE_OF(":key") " AND" LIVE},
    /* More than one of them (the API's filters): each bound to its own name, 0 for any. */
    {CARD_COLUMNS " WHERE" SEVERAL " AND" LIVE PAGE,
     "SELECT count(*) FROM articles a WHERE" SEVERAL " AND" LIVE},
};

int store_article_card(struct db *db, int64_t id, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q, CARD_COLUMNS " WHERE a.id = :id");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":id", id);
    if ((rc = db_one_json(&q, out)) != DB_OK)
        return rc;
    json_t *one = json_pack("[O]", *out);
    rc = store_cards_authors(db, one);
    json_decref(one);
    if (rc != DB_OK) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

int store_articles_admin(struct db *db, const struct admin_filter *f, int offset, int limit,
                         int64_t *total, json_t **out)
{
    /* One statement for every filter: the newsroom's lists are small next to the archive's
     * readers, and sahifa_normalize() makes the title search see past hamza and harakat. A
     * query also takes what the site search finds: words in the body, every inflection, but
     * only among published articles (the index holds no others). */
    struct buf match = BUF_INIT;
    bool searched = f->query && store_search_match(f->query, &match);
    struct buf where = BUF_INIT;
    buf_printf(&where,
               " WHERE (:status = '' OR a.status = :status) AND (:author = 0 OR a.id IN" BYLINE_OF(
                   ":author") ")"
                              "  AND (:category = 0 OR a.category_id = :category)"
                              "  AND (:q = '' OR instr(sahifa_normalize(a.title), :q) > 0%s)",
               searched
                   ? " OR a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :match)"
                   : "");
    struct db_stmt q;
    struct buf sql = BUF_INIT;
    int rc = DB_OK;
    *out = NULL;
    for (int pass = 0; pass < 2 && rc == DB_OK; pass++) {
        buf_reset(&sql);
        if (pass == 0)
            buf_printf(&sql, "SELECT count(*) FROM articles a%s", buf_str(&where));
        else
            buf_printf(&sql,
                       "SELECT a.id, a.slug, a.title, a.status, a.updated_at, a.published_at,"
                       "  c.id AS \"category.id\", c.name AS \"category.name\","
                       "  u.id AS \"author.id\", u.name AS \"author.name\""
                       " FROM articles a LEFT JOIN categories c ON c.id = a.category_id"
                       " LEFT JOIN users u ON u.id = a.author_id%s"
                       " ORDER BY a.updated_at DESC, a.id DESC LIMIT :limit OFFSET :offset",
                       buf_str(&where));
        if ((rc = db_prepare(db, &q, buf_str(&sql))) != DB_OK)
            break;
        db_bind_text(&q, ":status", f->status ? f->status : "");
        db_bind_int(&q, ":author", f->author_id);
        db_bind_int(&q, ":category", f->category_id);
        db_bind_text(&q, ":q", f->normalized_query ? f->normalized_query : "");
        if (searched)
            db_bind_text(&q, ":match", buf_str(&match));
        if (pass == 0) {
            int64_t n = 0;
            rc = db_one_int(&q, &n);
            if (total)
                *total = n;
        } else {
            db_bind_int(&q, ":limit", limit);
            db_bind_int(&q, ":offset", offset);
            rc = db_rows_json(&q, out);
        }
    }
    buf_free(&sql);
    buf_free(&where);
    buf_free(&match);
    return rc;
}

/* Binds what every list statement of kind (list_sql) filters by. */
static void bind_filter(struct db_stmt *q, int kind, const struct article_filter *f, int64_t now)
{
    static const struct article_filter none;
    if (!f)
        f = &none;
    if (kind == 1)
        db_bind_int(q, ":key", f->category_id);
    else if (kind == 2)
        db_bind_int(q, ":key", f->topic_id);
    else if (kind == 3)
        db_bind_int(q, ":key", f->author_id);
    else if (kind == 4) {
        db_bind_int(q, ":category", f->category_id);
        db_bind_int(q, ":topic", f->topic_id);
        db_bind_int(q, ":author", f->author_id);
    }
    db_bind_int(q, ":now", now);
    db_bind_int(q, ":since", f->since);
    db_bind_int(q, ":exclude", f->exclude_id);
}

int store_articles_latest(struct db *db, const struct article_filter *f, int64_t now, int offset,
                          int limit, int64_t *total, json_t **out)
{
    /* The statement of the one filter set, so that it can use its own index. */
    int kind = 0, set = 0;
    if (f && f->category_id)
        kind = 1, set++;
    if (f && f->topic_id)
        kind = 2, set++;
    if (f && f->author_id)
        kind = 3, set++;
    if (set > 1)
        kind = 4;

    struct db_stmt q;
    int rc;
    *out = NULL;
    if (total) {
        *total = 0;
        if ((rc = db_prepare(db, &q, list_sql[kind].count)) != DB_OK)
            return rc;
        bind_filter(&q, kind, f, now);
        if ((rc = db_one_int(&q, total)) != DB_OK)
            return rc;
    }
    if ((rc = db_prepare(db, &q, list_sql[kind].list)) != DB_OK)
        return rc;
    bind_filter(&q, kind, f, now);
    db_bind_int(&q, ":limit", limit);
    db_bind_int(&q, ":offset", offset);
    if ((rc = db_rows_json(&q, out)) == DB_OK && (rc = store_cards_authors(db, *out)) != DB_OK) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

int store_article_by_import_key(struct db *db, const char *key, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q,
                        "SELECT id, title, dek, body, status, published_at FROM articles"
                        " WHERE import_key = :key");
    if (rc != DB_OK)
        return rc;
    db_bind_text(&q, ":key", key);
    return db_one_json(&q, out);
}

const char *const store_article_statuses[] = {"draft",     "review",      "scheduled",
                                              "published", "unpublished", NULL};

bool store_article_status_valid(const char *status)
{
    for (size_t i = 0; status && store_article_statuses[i]; i++)
        if (strcmp(status, store_article_statuses[i]) == 0)
            return true;
    return false;
}

int store_fingerprints_each(struct db *db,
                            void (*fn)(void *ctx, int64_t id, const void *p, size_t n), void *ctx)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "SELECT id, fingerprint FROM articles WHERE fingerprint IS NOT NULL") !=
        DB_OK)
        return DB_ERROR;
    int rc;
    while ((rc = db_step(&q)) == DB_ROW)
        fn(ctx, db_col_int(&q, 0), db_col_blob(&q, 1), db_col_bytes(&q, 1));
    db_finalize(&q);
    return rc == DB_DONE ? DB_OK : rc;
}

int store_articles_last_id(struct db *db, int64_t *out)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "SELECT coalesce(max(id), 0) FROM articles") != DB_OK)
        return DB_ERROR;
    return db_one_int(&q, out);
}

int store_articles_each(struct db *db, int (*fn)(void *ctx, json_t *article), void *ctx)
{
    struct db_stmt q;
    if (db_prepare_once(db, &q, "SELECT id FROM articles ORDER BY id") != DB_OK)
        return DB_ERROR;
    int rc;
    while ((rc = db_step(&q)) == DB_ROW) {
        json_t *a, *comments;
        if ((rc = store_article_get(db, db_col_int(&q, 0), &a)) == DB_DONE)
            continue;
        if (rc != DB_OK)
            break;
        struct db_stmt c;
        if ((rc = db_prepare(db, &c,
                             "SELECT id, parent_id, author_name AS name, author_email AS email,"
                             "  body, status, created_at FROM comments WHERE article_id = :id"
                             "  AND status <> 'deleted' ORDER BY id")) != DB_OK) {
            json_decref(a);
            break;
        }
        db_bind_int(&c, ":id", db_col_int(&q, 0));
        if ((rc = db_rows_json(&c, &comments)) != DB_OK) {
            json_decref(a);
            break;
        }
        json_object_set_new(a, "comments", comments);
        int stop = fn(ctx, a);
        json_decref(a);
        if (stop) {
            rc = DB_ERROR;
            break;
        }
    }
    db_finalize(&q);
    return rc == DB_DONE ? DB_OK : rc;
}
