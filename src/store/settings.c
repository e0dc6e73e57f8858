/* settings.c: the site's settings, a key-value table (names and defaults: view/site.c). */
#include "store/store.h"
#include "store/index.h"

int store_settings(struct db *db, json_t **out)
{
    *out = NULL;
    struct db_stmt q;
    int rc = db_prepare(db, &q, "SELECT key, value FROM settings");
    if (rc != DB_OK)
        return rc;
    json_t *all = json_object();
    while ((rc = db_step(&q)) == DB_ROW)
        json_object_set_new(all, db_col_text(&q, 0), json_string(db_col_text(&q, 1)));
    db_finalize(&q);
    if (rc != DB_DONE) {
        json_decref(all);
        return rc < 0 ? rc : DB_ERROR;
    }
    *out = all;
    return DB_OK;
}

int store_settings_save(struct db *db, json_t *values)
{
    int rc = db_begin(db);
    if (rc != DB_OK)
        return rc;
    const char *key;
    json_t *v;
    json_object_foreach(values, key, v) {
        if ((rc = store_setting_set(db, key, json_string_value(v))) != DB_OK)
            break;
    }
    /* The site's name, its dates, its digits: every page may show a setting. */
    if (rc == DB_OK && (rc = store_content_changed(db, 0)) == DB_OK)
        return db_commit(db);
    db_rollback(db);
    return rc;
}

int store_setting_set(struct db *db, const char *key, const char *value)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "INSERT INTO settings(key, value) VALUES(:key, :value)"
                   " ON CONFLICT(key) DO UPDATE SET value = excluded.value") != DB_OK)
        return DB_ERROR;
    db_bind_text(&q, ":key", key);
    db_bind_text(&q, ":value", value);
    return db_run(&q);
}
