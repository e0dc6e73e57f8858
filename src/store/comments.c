/* comments.c: readers' comments and their moderation states. */
#include "store/store.h"

int store_comment_add(struct db *db, int64_t article_id, int64_t parent_id, const char *name,
                      const char *email, const char *body, const char *status, const char *client,
                      int64_t created_at, int64_t *id)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "INSERT INTO comments(article_id, parent_id, author_name, author_email, body,"
                   "  status, client, created_at)"
                   " VALUES(:article, :parent, :name, :email, :body, :status, :client, :now)"
                   " RETURNING id") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":article", article_id);
    db_bind_int_or_null(&q, ":parent", parent_id);
    db_bind_text(&q, ":name", name);
    db_bind_text(&q, ":email", email ? email : "");
    db_bind_text(&q, ":body", body);
    db_bind_text(&q, ":status", status);
    db_bind_text(&q, ":client", client ? client : "");
    db_bind_int(&q, ":now", created_at);
    int64_t new_id = db_one_int(&q, 0);
    if (id)
        *id = new_id;
    return new_id ? DB_OK : DB_ERROR;
}

json_t *store_comments_approved(struct db *db, int64_t article_id)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "SELECT id, parent_id, author_name AS name, body, created_at FROM comments"
                   " WHERE article_id = :article AND status = 'approved'"
                   " ORDER BY created_at, id") != DB_OK)
        return json_array();
    db_bind_int(&q, ":article", article_id);
    return db_rows_json(&q);
}

int64_t store_comment_count(struct db *db, int64_t article_id)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "SELECT count(*) FROM comments"
                   " WHERE article_id = :article AND status = 'approved'") != DB_OK)
        return 0;
    db_bind_int(&q, ":article", article_id);
    return db_one_int(&q, 0);
}
