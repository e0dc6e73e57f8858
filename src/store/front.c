/*
 * front.c: the front page in editors' hands (store.h): the lead story and the ordered top
 * stories, breaking news with an expiry, and what is appended to articles as news moves:
 * corrections and live coverage's updates. Each write
 * moves the content generation on in its transaction, so cached pages show it at once.
 */
#include "store/store.h"
#include "store/cards.h"
#include "store/index.h"

int store_front_slots(struct db *db, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q, "SELECT position, article_id FROM front_slots ORDER BY position");
    return rc == DB_OK ? db_rows_json(&q, out) : rc;
}

int store_front_set(struct db *db, const int64_t *ids, size_t n)
{
    int rc = db_begin(db);
    if (rc != DB_OK)
        return rc;
    struct db_stmt q;
    if (db_prepare(db, &q, "DELETE FROM front_slots") != DB_OK || (rc = db_run(&q)) != DB_OK)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        if (!ids[i])
            continue;
        if (db_prepare(db, &q,
                       "INSERT INTO front_slots(position, article_id)"
                       " SELECT :position, id FROM articles WHERE id = :id") != DB_OK) {
            rc = DB_ERROR;
            goto fail;
        }
        db_bind_int(&q, ":position", (int64_t)i);
        db_bind_int(&q, ":id", ids[i]);
        if ((rc = db_run(&q)) != DB_OK)
            goto fail;
    }
    if ((rc = store_content_changed(db, 0)) == DB_OK)
        return db_commit(db);
fail:
    db_rollback(db);
    return rc == DB_OK ? DB_ERROR : rc;
}

int store_front_cards(struct db *db, int64_t now, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q,
                        CARD_COLUMNS " JOIN front_slots f ON f.article_id = a.id WHERE " CARD_LIVE
                                     " ORDER BY f.position");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":now", now);
    json_t *rows, *slots;
    if ((rc = db_rows_json(&q, &rows)) != DB_OK)
        return rc;
    if ((rc = store_front_slots(db, &slots)) != DB_OK ||
        (rc = store_cards_authors(db, rows)) != DB_OK) {
        json_decref(rows);
        return rc;
    }
    /* The position of each, for telling the lead from the top stories. */
    size_t i, k;
    json_t *row, *slot;
    json_array_foreach(rows, i, row) {
        json_array_foreach(slots, k, slot) {
            if (json_equal(json_object_get(slot, "article_id"), json_object_get(row, "id")))
                json_object_set(row, "position", json_object_get(slot, "position"));
        }
    }
    json_decref(slots);
    *out = rows;
    return DB_OK;
}

int store_breaking_set(struct db *db, int64_t id, int64_t until)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "UPDATE articles SET breaking_until = :until WHERE id = :id") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", id);
    db_bind_int_or_null(&q, ":until", until);
    return store_write_visible(db, &q, true, 0); /* the bar is on every page */
}

int store_breaking(struct db *db, int64_t now, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc =
        db_prepare(db, &q,
                   "SELECT a.id, a.slug, a.title, a.breaking_until, a.published_at FROM articles a"
                   " WHERE a.breaking_until > :now AND " CARD_LIVE
                   " ORDER BY a.published_at DESC, a.id DESC LIMIT 5");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":now", now);
    return db_rows_json(&q, out);
}

int store_correction_add(struct db *db, int64_t article_id, int64_t user_id, const char *body,
                         int64_t now)
{
    int rc = db_begin(db);
    if (rc != DB_OK)
        return rc;
    struct db_stmt q;
    rc = DB_ERROR;
    /* The article shows «آخر تحديث» with the correction's time. */
    if (db_prepare(db, &q, "UPDATE articles SET updated_at = :now WHERE id = :id") == DB_OK) {
        db_bind_int(&q, ":id", article_id);
        db_bind_int(&q, ":now", now);
        rc = db_run_changing(&q);
    }
    if (rc == DB_OK) {
        rc = DB_ERROR;
        if (db_prepare(db, &q,
                       "INSERT INTO corrections(article_id, user_id, body, created_at)"
                       " VALUES(:id, :user, :body, :now)") == DB_OK) {
            db_bind_int(&q, ":id", article_id);
            db_bind_int_or_null(&q, ":user", user_id);
            db_bind_text(&q, ":body", body);
            db_bind_int(&q, ":now", now);
            rc = db_run(&q);
        }
    }
    if (rc == DB_OK && (rc = store_content_changed(db, article_id)) == DB_OK)
        return db_commit(db);
    db_rollback(db);
    return rc;
}

int store_corrections(struct db *db, int64_t article_id, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q,
                        "SELECT id, body, created_at FROM corrections WHERE article_id = :id"
                        " ORDER BY created_at, id");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":id", article_id);
    return db_rows_json(&q, out);
}

/* Runs q (prepared and bound, changing one row) with the article's last update set to now and
 * the generation moved on, in one transaction; new_id (may be NULL) gets the row q inserted,
 * taken before the generation's own row is. */
static int article_note(struct db *db, int64_t article_id, struct db_stmt *q, int64_t now,
                        int64_t *new_id)
{
    int rc = db_run_changing(q);
    if (rc == DB_OK && new_id)
        *new_id = db_last_id(db);
    struct db_stmt u;
    if (rc == DB_OK) {
        rc = DB_ERROR;
        if (db_prepare(db, &u, "UPDATE articles SET updated_at = :now WHERE id = :id") == DB_OK) {
            db_bind_int(&u, ":id", article_id);
            db_bind_int(&u, ":now", now);
            rc = db_run_changing(&u);
        }
    }
    if (rc == DB_OK)
        rc = store_content_changed(db, article_id);
    return rc;
}

int store_live_set(struct db *db, int64_t id, bool live, int64_t now)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "UPDATE articles SET live = :live, updated_at = :now WHERE id = :id") !=
        DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", id);
    db_bind_int(&q, ":live", live);
    db_bind_int(&q, ":now", now);
    return store_write_visible(db, &q, true, id);
}

int store_live_update_add(struct db *db, int64_t article_id, int64_t user_id, const char *body,
                          int64_t now, int64_t *id)
{
    int rc = db_begin(db);
    if (rc != DB_OK)
        return rc;
    struct db_stmt q;
    rc = DB_ERROR;
    if (db_prepare(db, &q,
                   "INSERT INTO live_updates(article_id, user_id, body, created_at)"
                   " SELECT id, :user, :body, :now FROM articles WHERE id = :id AND live = 1") ==
        DB_OK) {
        db_bind_int(&q, ":id", article_id);
        db_bind_int_or_null(&q, ":user", user_id);
        db_bind_text(&q, ":body", body);
        db_bind_int(&q, ":now", now);
        rc = article_note(db, article_id, &q, now, id);
    }
    if (rc == DB_OK)
        return db_commit(db);
    db_rollback(db);
    return rc;
}

int store_live_update_delete(struct db *db, int64_t article_id, int64_t update_id, int64_t now)
{
    int rc = db_begin(db);
    if (rc != DB_OK)
        return rc;
    struct db_stmt q;
    rc = DB_ERROR;
    if (db_prepare(db, &q, "DELETE FROM live_updates WHERE id = :uid AND article_id = :id") ==
        DB_OK) {
        db_bind_int(&q, ":id", article_id);
        db_bind_int(&q, ":uid", update_id);
        rc = article_note(db, article_id, &q, now, NULL);
    }
    if (rc == DB_OK)
        return db_commit(db);
    db_rollback(db);
    return rc;
}

int store_live_updates(struct db *db, int64_t article_id, int64_t after, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q,
                        "SELECT l.id, l.body, l.created_at, u.name AS who FROM live_updates l"
                        " LEFT JOIN users u ON u.id = l.user_id"
                        " WHERE l.article_id = :id AND l.id > :after ORDER BY l.id DESC");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":id", article_id);
    db_bind_int(&q, ":after", after);
    return db_rows_json(&q, out);
}
