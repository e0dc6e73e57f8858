/*
 * drafts.c: recovery drafts (store.h): what a user typed that has not reached the article, kept
 * so that an expired session, a stale form or a closed tab loses nothing. The fields are
 * stored as the editor's form gives them, as JSON text; the newsroom reads them back into the
 * form.
 */
#include "store/store.h"

#include <stdlib.h>

int store_draft_put(struct db *db, int64_t user_id, int64_t article_id, json_t *fields, int64_t now)
{
    char *text = json_dumps(fields, JSON_COMPACT);
    if (!text)
        return DB_ERROR;
    struct db_stmt q;
    int rc = DB_ERROR;
    if (db_prepare(db, &q,
                   "INSERT INTO recovery_drafts(user_id, article_id, fields, saved_at)"
                   " VALUES(:user, :article, :fields, :now)"
                   " ON CONFLICT(user_id, article_id) DO UPDATE"
                   "  SET fields = excluded.fields, saved_at = excluded.saved_at") == DB_OK) {
        db_bind_int(&q, ":user", user_id);
        db_bind_int(&q, ":article", article_id);
        db_bind_text(&q, ":fields", text);
        db_bind_int(&q, ":now", now);
        rc = db_run(&q);
    }
    free(text);
    return rc;
}

json_t *store_draft_get(struct db *db, int64_t user_id, int64_t article_id)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "SELECT fields, saved_at FROM recovery_drafts"
                   " WHERE user_id = :user AND article_id = :article") != DB_OK)
        return NULL;
    db_bind_int(&q, ":user", user_id);
    db_bind_int(&q, ":article", article_id);
    json_t *row = db_one_json(&q);
    if (!row)
        return NULL;
    json_t *fields = json_loads(json_string_value(json_object_get(row, "fields")), 0, NULL);
    if (!json_is_object(fields)) {
        json_decref(fields);
        json_decref(row);
        return NULL;
    }
    json_object_set_new(row, "fields", fields);
    return row;
}

int store_draft_delete(struct db *db, int64_t user_id, int64_t article_id)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "DELETE FROM recovery_drafts WHERE user_id = :user AND article_id = :article") !=
        DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":user", user_id);
    db_bind_int(&q, ":article", article_id);
    return db_run(&q);
}

json_t *store_drafts(struct db *db, int64_t user_id)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "SELECT d.article_id, coalesce(a.title, '') AS title, d.fields, d.saved_at"
                   " FROM recovery_drafts d LEFT JOIN articles a ON a.id = d.article_id"
                   " WHERE d.user_id = :user ORDER BY d.saved_at DESC") != DB_OK)
        return json_array();
    db_bind_int(&q, ":user", user_id);
    json_t *rows = db_rows_json(&q);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        /* A new article has no title of its own yet: the draft's. */
        json_t *fields = json_loads(json_string_value(json_object_get(row, "fields")), 0, NULL);
        if (!json_string_length(json_object_get(row, "title")))
            json_object_set(row, "title",
                            json_is_string(json_object_get(fields, "title"))
                                ? json_object_get(fields, "title")
                                : json_object_get(row, "title"));
        json_decref(fields);
        json_object_del(row, "fields");
    }
    return rows;
}
