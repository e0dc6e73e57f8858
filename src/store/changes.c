/*
 * changes.c: what each move of the content generation changed (the changes table, written by
 * store_content_changed() in the write's own transaction), read back by the CDN purge
 * (view/purge.c).
 */
#include "store/store.h"

int store_changes_since(struct db *db, int64_t generation, int limit, json_t **out)
{
    *out = NULL;
    struct db_stmt q;
    int rc = db_prepare(db, &q,
                        "SELECT generation, article_id FROM changes WHERE generation > :generation"
                        " ORDER BY generation LIMIT :limit");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":generation", generation);
    db_bind_int(&q, ":limit", limit);
    return db_rows_json(&q, out);
}

int store_changes_prune(struct db *db, int64_t before)
{
    struct db_stmt q;
    int rc = db_prepare(db, &q, "DELETE FROM changes WHERE generation < :before");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":before", before);
    return db_run(&q);
}
