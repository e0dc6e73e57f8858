/*
 * pages.c: static pages (store.h), /p/{slug}: about, contact, privacy and the like, in
 * Markdown. Every write moves the content generation on; a changed slug leaves a redirect from
 * the old address.
 */
#include "store/store.h"
#include "store/index.h"

#include <string.h>

#define PAGE_COLUMNS                                                                               \
    "SELECT id, slug, title, body, in_footer, position, created_at, updated_at FROM pages"

/* Runs the write q (prepared and bound) in a transaction with the generation moved on and,
 * when old_slug differs from slug, a redirect from /p/{old_slug}; new_id (may be NULL) gets the
 * row q inserted, taken before the others are. */
static int page_write(struct db *db, struct db_stmt *q, const char *old_slug, const char *slug,
                      int64_t now, int64_t *new_id)
{
    int rc = db_run_changing(q);
    if (rc == DB_OK && new_id)
        *new_id = db_last_id(db);
    if (rc == DB_OK && old_slug && slug && strcmp(old_slug, slug) != 0) {
        struct buf from = BUF_INIT, to = BUF_INIT;
        buf_printf(&from, "/p/%s", old_slug);
        buf_printf(&to, "/p/%s", slug);
        rc = store_redirect_add(db, buf_str(&from), buf_str(&to), now);
        buf_free(&from);
        buf_free(&to);
    }
    if (rc == DB_OK)
        rc = store_content_changed(db, 0);
    return rc;
}

int store_page_save(struct db *db, int64_t *id, const char *slug, const char *title,
                    const char *body, bool in_footer, int position, int64_t now)
{
    int rc = db_begin(db);
    if (rc != DB_OK)
        return rc;
    json_t *old = NULL;
    struct db_stmt q;
    if (*id && (rc = store_page_get(db, *id, &old)) != DB_OK) {
        /* DB_DONE: no such page; else the error */
    } else if (db_prepare(db, &q,
                          *id ? "UPDATE pages SET slug = :slug, title = :title, body = :body,"
                                "  in_footer = :footer, position = :position, updated_at = :now"
                                " WHERE id = :id"
                              : "INSERT INTO pages(slug, title, body, in_footer, position,"
                                "  created_at, updated_at)"
                                " VALUES(:slug, :title, :body, :footer, :position, :now, :now)") !=
               DB_OK) {
        rc = DB_ERROR;
    } else {
        if (*id)
            db_bind_int(&q, ":id", *id);
        db_bind_text(&q, ":slug", slug);
        db_bind_text(&q, ":title", title);
        db_bind_text(&q, ":body", body);
        db_bind_int(&q, ":footer", in_footer);
        db_bind_int(&q, ":position", position);
        db_bind_int(&q, ":now", now);
        rc = page_write(db, &q, json_string_value(json_object_get(old, "slug")), slug, now,
                        *id ? NULL : id);
    }
    json_decref(old);
    if (rc == DB_OK)
        return db_commit(db);
    db_rollback(db);
    return rc;
}

int store_page_delete(struct db *db, int64_t id)
{
    int rc = db_begin(db);
    if (rc != DB_OK)
        return rc;
    struct db_stmt q;
    rc = DB_ERROR;
    if (db_prepare(db, &q, "DELETE FROM pages WHERE id = :id") == DB_OK) {
        db_bind_int(&q, ":id", id);
        rc = page_write(db, &q, NULL, NULL, 0, NULL);
    }
    if (rc == DB_OK)
        return db_commit(db);
    db_rollback(db);
    return rc;
}

int store_page_get(struct db *db, int64_t id, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q, PAGE_COLUMNS " WHERE id = :id");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":id", id);
    return db_one_json(&q, out);
}

int store_page_by_slug(struct db *db, const char *slug, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q, PAGE_COLUMNS " WHERE slug = :slug");
    if (rc != DB_OK)
        return rc;
    db_bind_text(&q, ":slug", slug);
    return db_one_json(&q, out);
}

int store_pages(struct db *db, bool footer_only, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc =
        db_prepare(db, &q, PAGE_COLUMNS " WHERE :all = 1 OR in_footer = 1 ORDER BY position, id");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":all", !footer_only);
    return db_rows_json(&q, out);
}
