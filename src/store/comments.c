/*
 * comments.c: readers' comments and their moderation states (pending, approved, spam,
 * deleted). Every change to an article's comments bumps its comments_version, which tells the
 * rendered-comments cache (view/comments.c) to render them anew; one that readers see (a comment
 * approved, or one taken down) also moves the content generation, which the page cache follows.
 */
#include "store/index.h"
#include "store/store.h"

#include <string.h>

static int bump_version(struct db *db, int64_t article_id, bool seen)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "UPDATE articles SET comments_version = comments_version + 1"
                   " WHERE id = :id") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", article_id);
    int rc = db_run(&q);
    return rc == DB_OK && seen ? store_content_changed(db, article_id) : rc;
}

static int insert(struct db *db, const struct comment_in *c, int64_t now, int64_t *id)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "INSERT INTO comments(article_id, parent_id, author_name, author_email, body,"
                   "  status, client, fingerprint, created_at)"
                   " VALUES(:article, :parent, :name, :email, :body, :status, :client,"
                   "  :fingerprint, :now)"
                   " RETURNING id") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":article", c->article_id);
    db_bind_int_or_null(&q, ":parent", c->parent_id);
    db_bind_text(&q, ":name", c->name);
    db_bind_text(&q, ":email", c->email ? c->email : "");
    db_bind_text(&q, ":body", c->text);
    db_bind_text(&q, ":status", c->status);
    db_bind_text(&q, ":client", c->client ? c->client : "");
    db_bind_text(&q, ":fingerprint", c->fingerprint ? c->fingerprint : "");
    db_bind_int(&q, ":now", now);
    int64_t new_id = 0;
    int rc = db_one_int(&q, &new_id);
    if (rc != DB_OK)
        return rc < 0 ? rc : DB_ERROR;
    if (id)
        *id = new_id;
    return bump_version(db, c->article_id, strcmp(c->status, "approved") == 0);
}

int store_comment_add(struct db *db, const struct comment_in *c, int64_t now, int64_t *id)
{
    int rc = db_begin(db);
    if (rc != DB_OK)
        return rc;
    if ((rc = insert(db, c, now, id)) != DB_OK) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db);
}

/* Counts what the bound statement q (SELECT count(*) ...) finds into *n; DB_OK or the error. */
static int count(struct db_stmt *q, int64_t *n)
{
    *n = 0;
    int rc = db_one_int(q, n);
    return rc == DB_DONE ? DB_ERROR : rc;
}

/* How many comments this client stored since then, in *n. */
static int posted_since(struct db *db, const char *client, int64_t since, int64_t *n)
{
    struct db_stmt q;
    int rc = db_prepare(db, &q,
                        "SELECT count(*) FROM comments WHERE client = :client"
                        " AND created_at > :since");
    if (rc != DB_OK)
        return rc;
    db_bind_text(&q, ":client", client);
    db_bind_int(&q, ":since", since);
    return count(&q, n);
}

/* Checks everything that needs the database, in order; COMMENT_OK or the first refusal. */
static enum comment_refusal refusal(struct db *db, const struct comment_in *c,
                                    const struct comment_limits *l, int64_t now, int *rc)
{
    struct db_stmt q;
    *rc = DB_OK;
    if (c->nonce) {
        if (db_prepare(db, &q,
                       "INSERT INTO used_tokens(nonce, expires_at) VALUES(:nonce, :expires)") !=
            DB_OK)
            return *rc = DB_ERROR, COMMENT_OK;
        db_bind_text(&q, ":nonce", c->nonce);
        db_bind_int(&q, ":expires", c->nonce_expires);
        int r = db_run(&q);
        if (r == DB_CONSTRAINT)
            return COMMENT_REPLAYED;
        if (r != DB_OK)
            return *rc = r, COMMENT_OK;
    }
    int64_t minute, hour, n;
    if ((*rc = posted_since(db, c->client, now - 60, &minute)) != DB_OK ||
        (*rc = posted_since(db, c->client, now - 3600, &hour)) != DB_OK)
        return COMMENT_OK;
    if (minute >= l->per_minute)
        return COMMENT_RATE_MINUTE;
    if (hour >= l->per_hour)
        return COMMENT_RATE_HOUR;
    if (db_prepare(db, &q,
                   "SELECT count(*) FROM comments WHERE article_id = :article"
                   " AND fingerprint = :fingerprint AND created_at > :since") != DB_OK)
        return *rc = DB_ERROR, COMMENT_OK;
    db_bind_int(&q, ":article", c->article_id);
    db_bind_text(&q, ":fingerprint", c->fingerprint);
    db_bind_int(&q, ":since", now - 86400);
    if ((*rc = count(&q, &n)) != DB_OK)
        return COMMENT_OK;
    if (n > 0)
        return COMMENT_DUPLICATE;
    if (c->parent_id) {
        /* Replies go one level deep: to a shown, top-level comment of the same article. */
        if (db_prepare(db, &q,
                       "SELECT count(*) FROM comments WHERE id = :parent AND article_id = :article"
                       " AND parent_id IS NULL AND status = 'approved'") != DB_OK)
            return *rc = DB_ERROR, COMMENT_OK;
        db_bind_int(&q, ":parent", c->parent_id);
        db_bind_int(&q, ":article", c->article_id);
        if ((*rc = count(&q, &n)) != DB_OK)
            return COMMENT_OK;
        if (n == 0)
            return COMMENT_BAD_PARENT;
    }
    return COMMENT_OK;
}

int store_comment_post(struct db *db, const struct comment_in *c, const struct comment_limits *l,
                       int64_t now, int64_t *id, enum comment_refusal *why)
{
    *why = COMMENT_OK;
    /* One write transaction (BEGIN IMMEDIATE): the checks and the insert see the same data, so
     * two posts at once cannot both pass a limit that only one of them fits. */
    int rc = db_begin(db);
    if (rc != DB_OK)
        return rc;
    *why = refusal(db, c, l, now, &rc);
    if (rc != DB_OK || *why != COMMENT_OK) {
        db_rollback(db);
        return rc;
    }
    struct db_stmt q;
    if ((rc = insert(db, c, now, id)) != DB_OK ||
        db_prepare(db, &q, "DELETE FROM used_tokens WHERE expires_at < :now") != DB_OK) {
        db_rollback(db);
        return rc != DB_OK ? rc : DB_ERROR;
    }
    db_bind_int(&q, ":now", now);
    if ((rc = db_run(&q)) != DB_OK) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db);
}

int store_comments_approved(struct db *db, int64_t article_id, int offset, int limit,
                            int64_t *total, json_t **out)
{
    struct db_stmt q;
    int rc;
    *out = NULL;
    if (total && (rc = store_comment_count(db, article_id, total)) != DB_OK)
        return rc;
    rc = db_prepare(db, &q,
                    "SELECT id, parent_id, author_name AS name, body, created_at FROM comments"
                    " WHERE article_id = :article AND status = 'approved'"
                    " ORDER BY created_at, id LIMIT :limit OFFSET :offset");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":article", article_id);
    db_bind_int(&q, ":limit", limit);
    db_bind_int(&q, ":offset", offset);
    return db_rows_json(&q, out);
}

int store_comment_count(struct db *db, int64_t article_id, int64_t *n)
{
    struct db_stmt q;
    *n = 0;
    int rc = db_prepare(db, &q,
                        "SELECT count(*) FROM comments"
                        " WHERE article_id = :article AND status = 'approved'");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":article", article_id);
    return count(&q, n);
}

int store_comments_list(struct db *db, const char *status, int limit, json_t **out)
{
    return store_comments_of(db, status, 0, limit, out);
}

int store_comments_of(struct db *db, const char *status, int64_t article_id, int limit,
                      json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q,
                        "SELECT c.id, c.article_id, a.title AS article_title, c.parent_id,"
                        "  c.author_name AS name, c.author_email AS email, c.body, c.status,"
                        "  c.client, c.created_at"
                        " FROM comments c JOIN articles a ON a.id = c.article_id"
                        " WHERE (:status = '' OR c.status = :status)"
                        "  AND (:article = 0 OR c.article_id = :article)"
                        " ORDER BY c.created_at DESC, c.id DESC LIMIT :limit");
    if (rc != DB_OK)
        return rc;
    db_bind_text(&q, ":status", status ? status : "");
    db_bind_int(&q, ":article", article_id);
    db_bind_int(&q, ":limit", limit);
    return db_rows_json(&q, out);
}

int store_comment_counts(struct db *db, json_t **out)
{
    *out = NULL;
    struct db_stmt q;
    int rc = db_prepare(db, &q, "SELECT status, count(*) FROM comments GROUP BY status");
    if (rc != DB_OK)
        return rc;
    json_t *counts =
        json_pack("{s:i, s:i, s:i, s:i}", "pending", 0, "approved", 0, "spam", 0, "deleted", 0);
    while ((rc = db_step(&q)) == DB_ROW)
        json_object_set_new(counts, db_col_text(&q, 0), json_integer(db_col_int(&q, 1)));
    db_finalize(&q);
    if (rc != DB_DONE) {
        json_decref(counts);
        return rc < 0 ? rc : DB_ERROR;
    }
    *out = counts;
    return DB_OK;
}

/* The article of comment id in *article: DB_OK, DB_DONE when there is no such comment, or the
 * error. */
static int article_of(struct db *db, int64_t id, int64_t *article)
{
    struct db_stmt q;
    int rc = db_prepare(db, &q, "SELECT article_id FROM comments WHERE id = :id");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":id", id);
    return db_one_int(&q, article);
}

/* Runs sql on comment id (":id", and ":status" unless status is NULL) and moves its article's
 * comments version on, in one transaction; DB_DONE when there is no such comment. */
static int comment_change(struct db *db, int64_t id, const char *sql, const char *status)
{
    int rc = db_begin(db);
    if (rc != DB_OK)
        return rc;
    int64_t article = 0;
    struct db_stmt q;
    /* DB_DONE from article_of(): no such comment. */
    if ((rc = article_of(db, id, &article)) == DB_OK && (rc = db_prepare(db, &q, sql)) == DB_OK) {
        db_bind_int(&q, ":id", id);
        if (status)
            db_bind_text(&q, ":status", status);
        if ((rc = db_run(&q)) == DB_OK && (rc = bump_version(db, article, true)) == DB_OK)
            return db_commit(db);
    }
    db_rollback(db);
    return rc;
}

int store_comment_set_status(struct db *db, int64_t id, const char *status)
{
    return comment_change(db, id, "UPDATE comments SET status = :status WHERE id = :id", status);
}

int store_comment_delete(struct db *db, int64_t id)
{
    return comment_change(db, id, "DELETE FROM comments WHERE id = :id", NULL);
}
