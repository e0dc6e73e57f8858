/* taxonomy.c: categories, topics and authors (users as bylines). */
#include "store/store.h"
#include "base/buf.h"
#include "text/slug.h"

#include <string.h>
#include <time.h>

int store_category_add(struct db *db, const char *slug, const char *name, const char *description,
                       int position, int64_t *id)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "INSERT INTO categories(slug, name, description, position, created_at)"
                   " VALUES(:slug, :name, :description, :position, :now)") != DB_OK)
        return DB_ERROR;
    db_bind_text(&q, ":slug", slug);
    db_bind_text(&q, ":name", name);
    db_bind_text(&q, ":description", description ? description : "");
    db_bind_int(&q, ":position", position);
    db_bind_int(&q, ":now", time(NULL));
    int rc = db_run(&q);
    if (rc == DB_OK && id)
        *id = db_last_id(db);
    return rc;
}

json_t *store_category_by_slug(struct db *db, const char *slug)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "SELECT id, slug, name, description FROM categories WHERE slug = :slug") !=
        DB_OK)
        return NULL;
    db_bind_text(&q, ":slug", slug);
    return db_one_json(&q);
}

json_t *store_categories(struct db *db)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "SELECT id, slug, name, description FROM categories"
                   " ORDER BY position, id") != DB_OK)
        return json_array();
    return db_rows_json(&q);
}

int store_topic_ensure(struct db *db, const char *name, int64_t *id)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "SELECT id FROM topics WHERE name = :name") != DB_OK)
        return DB_ERROR;
    db_bind_text(&q, ":name", name);
    int rc = db_step(&q);
    if (rc == DB_ROW)
        *id = db_col_int(&q, 0);
    db_finalize(&q);
    if (rc == DB_ROW)
        return DB_OK;
    if (rc != DB_DONE)
        return rc;

    struct buf slug = BUF_INIT;
    slug_make(&slug, name, strlen(name));
    /* A name with no letters or digits, or one whose slug is taken by another spelling, gets a
     * numbered slug. */
    for (int attempt = 0; attempt < 100; attempt++) {
        struct buf try = BUF_INIT;
        if (slug.len == 0)
            buf_printf(&try, "topic-%d", attempt + 1);
        else if (attempt == 0)
            buf_puts(&try, buf_str(&slug));
        else
            buf_printf(&try, "%s-%d", buf_str(&slug), attempt + 1);
        if (db_prepare(db, &q,
                       "INSERT INTO topics(slug, name, created_at) VALUES(:slug, :name, :now)"
                       " ON CONFLICT(slug) DO NOTHING") != DB_OK) {
            buf_free(&try);
            break;
        }
        db_bind_text(&q, ":slug", buf_str(&try));
        db_bind_text(&q, ":name", name);
        db_bind_int(&q, ":now", time(NULL));
        rc = db_run(&q);
        buf_free(&try);
        if (rc != DB_OK)
            break;
        if (db_changes(db) == 1) {
            *id = db_last_id(db);
            buf_free(&slug);
            return DB_OK;
        }
    }
    buf_free(&slug);
    return rc == DB_OK ? DB_ERROR : rc;
}

json_t *store_topic_by_slug(struct db *db, const char *slug)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "SELECT id, slug, name FROM topics WHERE slug = :slug") != DB_OK)
        return NULL;
    db_bind_text(&q, ":slug", slug);
    return db_one_json(&q);
}

int store_author_add(struct db *db, const char *slug, const char *name, const char *bio,
                     int64_t *id)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "INSERT INTO users(slug, name, bio, created_at)"
                   " VALUES(:slug, :name, :bio, :now)") != DB_OK)
        return DB_ERROR;
    db_bind_text(&q, ":slug", slug);
    db_bind_text(&q, ":name", name);
    db_bind_text(&q, ":bio", bio ? bio : "");
    db_bind_int(&q, ":now", time(NULL));
    int rc = db_run(&q);
    if (rc == DB_OK && id)
        *id = db_last_id(db);
    return rc;
}

json_t *store_author_by_slug(struct db *db, const char *slug)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "SELECT id, slug, name, bio FROM users WHERE slug = :slug") != DB_OK)
        return NULL;
    db_bind_text(&q, ":slug", slug);
    return db_one_json(&q);
}
