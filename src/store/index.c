/*
 * index.c: keeping the search index in step with the articles, and the content generation.
 *
 * An article is in articles_fts exactly while its status is 'published'. The index is
 * external-content, so removing an entry means handing FTS5 the very text it indexed:
 * store_index_remove() reads it from the article_search view and must run before anything the
 * view shows changes (the article, its topics, its category's name); store_index_add() runs
 * after. Both do nothing for an article that is not published, since the view does not show
 * it. Every write to an article that can change what readers see goes through one of them, so
 * they also move the content generation on (store_generation()), inside the same transaction,
 * through store_content_changed(), which comments and taxonomy changes call too; it notes what
 * changed in the changes table for the CDN purge (view/purge.c).
 */
#include "store/index.h"
#include "base/mem.h"
#include "store/fts.h"
#include "store/store.h"

#include <stdatomic.h>

int store_generation(struct db *db, int64_t *generation)
{
    struct db_stmt q;
    int rc = db_prepare(db, &q, "SELECT value FROM generation WHERE id = 1");
    if (rc != DB_OK)
        return rc;
    rc = db_one_int(&q, generation);
    return rc == DB_DONE ? DB_ERROR : rc;
}

/* Content changes begun by this process (see store_changes_here()). */
static atomic_uint_fast64_t changes_here;

uint64_t store_changes_here(void)
{
    return atomic_load(&changes_here);
}

/* Moves the content generation on. Every write to an article that can change what readers see
 * goes through store_index_remove() or store_index_add(), so both call it; comments and
 * taxonomy changes call it themselves. */
int store_content_changed(struct db *db, int64_t article_id)
{
    atomic_fetch_add(&changes_here, 1);
    struct db_stmt q;
    if (db_prepare(db, &q, "UPDATE generation SET value = value + 1 WHERE id = 1") != DB_OK)
        return DB_ERROR;
    int rc = db_run(&q);
    if (rc != DB_OK)
        return rc;
    if (db_prepare(db, &q,
                   "INSERT INTO changes(generation, article_id)"
                   " SELECT value, :article FROM generation WHERE id = 1") != DB_OK)
        return DB_ERROR;
    db_bind_int_or_null(&q, ":article", article_id);
    return db_run(&q);
}

int store_write_visible(struct db *db, struct db_stmt *q, bool changing, int64_t article_id)
{
    int rc = db_begin(db);
    if (rc != DB_OK) {
        db_finalize(q);
        return rc;
    }
    if ((rc = changing ? db_run_changing(q) : db_run(q)) == DB_OK &&
        (rc = store_content_changed(db, article_id)) == DB_OK)
        return db_commit(db);
    db_rollback(db);
    return rc;
}

/* Removes the article's index entry (and its search_docs row), if it has one. */
int store_index_remove(struct db *db, int64_t id)
{
    int gen = store_content_changed(db, id);
    if (gen != DB_OK)
        return gen;
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "INSERT INTO articles_fts(articles_fts, rowid, title, dek, body, taxonomy)"
                   " SELECT 'delete', id, title, dek, body, taxonomy FROM article_search"
                   " WHERE id = :id") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", id);
    int rc = db_run(&q);
    if (rc != DB_OK)
        return rc;
    if (db_prepare(db, &q, "DELETE FROM search_docs WHERE id = :id") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", id);
    return db_run(&q);
}

/* Adds the article's index entry (read from the article_search view) and search_docs row, if
 * it is published. */
int store_index_add(struct db *db, int64_t id)
{
    return store_index_add_range(db, id, id);
}

int store_index_add_range(struct db *db, int64_t first_id, int64_t last_id)
{
    int rc = store_content_changed(db, first_id == last_id ? first_id : 0);
    if (rc != DB_OK)
        return rc;
    struct db_stmt q;
    /* A range of ids, read by rowid: "+status" keeps SQLite from reading it through the
     * index on status, every published article (schema.c, migration 3). */
    if (db_prepare(db, &q,
                   "INSERT INTO articles_fts(rowid, title, dek, body, taxonomy)"
                   " SELECT id, title, dek, body, taxonomy FROM article_search"
                   " WHERE id BETWEEN :first AND :last") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":first", first_id);
    db_bind_int(&q, ":last", last_id);
    if ((rc = db_run(&q)) != DB_OK)
        return rc;
    if (db_prepare(db, &q,
                   "INSERT INTO search_docs(id, published_at, category_id)"
                   " SELECT id, coalesce(published_at, created_at), category_id FROM articles"
                   " WHERE id BETWEEN :first AND :last AND +status = 'published'") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":first", first_id);
    db_bind_int(&q, ":last", last_id);
    return db_run(&q);
}

void store_index_tokens(struct buf *out, const char *text, size_t n,
                        void (*word)(void *ctx, const char *norm, size_t n), void *word_ctx)
{
    fts_tokens_record(out, text, n, word, word_ctx);
}

void store_index_expect(struct db *db, const char *text, size_t n, const struct buf *tokens)
{
    fts_replay_add(db_replay(db), text, n, tokens);
}

void store_index_expect_clear(struct db *db)
{
    fts_replay_clear(db_replay(db));
}

int store_index_bulk(struct db *db, bool on)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "INSERT INTO articles_fts(articles_fts, rank)"
                   " VALUES('hashsize', :hashsize), ('automerge', :automerge)") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":hashsize", on ? 32 << 20 : 1 << 20);
    db_bind_int(&q, ":automerge", on ? 8 : 4);
    int rc = db_run(&q);
    /* And 64 MB of page cache for the connection (2 MB otherwise): fewer pages read again. */
    return rc == DB_OK ? db_exec(db, on ? "PRAGMA cache_size=-65536" : "PRAGMA cache_size=-2000")
                       : rc;
}

int store_index_remove_all(struct db *db, struct db_stmt *q, int64_t **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    size_t cap = 0;
    int rc;
    while ((rc = db_step(q)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            *ids = xrealloc(*ids, cap * sizeof **ids);
        }
        (*ids)[(*n)++] = db_col_int(q, 0);
    }
    db_finalize(q);
    if (rc != DB_DONE)
        return rc;
    for (size_t i = 0; i < *n; i++)
        if ((rc = store_index_remove(db, (*ids)[i])) != DB_OK)
            return rc;
    return DB_OK;
}

int store_index_add_all(struct db *db, const int64_t *ids, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int rc = store_index_add(db, ids[i]);
        if (rc != DB_OK)
            return rc;
    }
    return DB_OK;
}
