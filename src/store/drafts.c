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

int store_draft_get(struct db *db, int64_t user_id, int64_t article_id, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q,
                        "SELECT fields, saved_at FROM recovery_drafts"
                        " WHERE user_id = :user AND article_id = :article");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":user", user_id);
    db_bind_int(&q, ":article", article_id);
    json_t *row;
    if ((rc = db_one_json(&q, &row)) != DB_OK)
        return rc;
    json_t *fields = json_loads(json_string_value(json_object_get(row, "fields")), 0, NULL);
    if (!json_is_object(fields)) { /* cannot happen: store_draft_put() wrote it */
        json_decref(fields);
        json_decref(row);
        return DB_DONE;
    }
    json_object_set_new(row, "fields", fields);
    *out = row;
    return DB_OK;
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
