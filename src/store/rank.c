/*
 * rank.c: counting, estimating and ranking matches of an FTS5 expression (see rank.h).
 *
 * Everything filters and ranks through search_docs(id, published_at, category_id), the narrow
 * table of exactly the indexed articles (schema.c), never the articles themselves: it stays in
 * memory where rows with their bodies would not. The FTS5 table drives every join (CROSS JOIN
 * fixes the order): probing the index once per row of a date range would cost far more than
 * reading the matches and dropping those outside it.
 */
#include "store/rank.h"

#include <stdint.h>

void store_rank_string(struct buf *b, const char *mark, const char *s)
{
    buf_putc(b, '"');
    buf_puts(b, mark);
    for (; *s; s++) {
        if (*s == '"')
            buf_putc(b, '"');
        buf_putc(b, *s);
    }
    buf_putc(b, '"');
}

int store_rank_span(struct db *db, struct rank_span *span)
{
    span->lo = span->hi = 0;
    struct db_stmt q;
    /* Two subqueries: each is one step down the table's b-tree, where min() and max() in one
     * SELECT would read every row. */
    int rc = db_prepare(db, &q,
                        "SELECT coalesce((SELECT min(id) FROM search_docs), 0),"
                        "  coalesce((SELECT max(id) FROM search_docs), 0)");
    if (rc != DB_OK)
        return rc;
    rc = db_step(&q);
    if (rc == DB_ROW) {
        span->lo = db_col_int(&q, 0);
        span->hi = db_col_int(&q, 1);
    }
    db_finalize(&q);
    return rc == DB_ROW ? DB_OK : rc < 0 ? rc : DB_ERROR;
}

double store_rank_docs(struct db *db, const char *match, const struct rank_span *span)
{
    struct db_stmt q;
    int rc = db_prepare(db, &q,
                        "SELECT count(*), coalesce(min(rowid), 0) FROM (SELECT rowid FROM"
                        "  articles_fts WHERE articles_fts MATCH :match ORDER BY rowid DESC"
                        "  LIMIT :cap)");
    if (rc != DB_OK)
        return rc;
    db_bind_text(&q, ":match", match);
    db_bind_int(&q, ":cap", RANK_DOCS_EXACT);
    if ((rc = db_step(&q)) != DB_ROW) {
        db_finalize(&q);
        return rc < 0 ? rc : DB_ERROR;
    }
    int64_t n = db_col_int(&q, 0), oldest = db_col_int(&q, 1);
    db_finalize(&q);
    if (n < RANK_DOCS_EXACT || span->hi <= span->lo || oldest <= span->lo)
        return (double)n;
    return (double)n * (double)(span->hi - span->lo + 1) / (double)(span->hi - oldest + 1);
}

/* The publication times that pass the filter: [*lo, *hi]. */
static void time_range(const struct rank_filter *f, int64_t *lo, int64_t *hi)
{
    *lo = f->from ? f->from : INT64_MIN;
    *hi = f->now;
    if (f->to && f->to - 1 < *hi)
        *hi = f->to - 1;
}

int64_t store_rank_count(struct db *db, const char *match, const struct rank_filter *f, int64_t cap)
{
    struct db_stmt q;
    int64_t lo, hi, n = 0;
    time_range(f, &lo, &hi);
    int rc;
    if (f->category || f->from || f->to || f->exclude) {
        rc = db_prepare(db, &q,
                        "SELECT count(*) FROM (SELECT 1 FROM articles_fts CROSS JOIN search_docs d"
                        "  ON d.id = articles_fts.rowid WHERE articles_fts MATCH :match"
                        "  AND d.published_at BETWEEN :lo AND :hi AND d.id <> :exclude"
                        "  AND (:category = 0 OR d.category_id = :category) LIMIT :cap)");
        if (rc != DB_OK)
            return rc;
        db_bind_text(&q, ":match", match);
        db_bind_int(&q, ":lo", lo);
        db_bind_int(&q, ":hi", hi);
        db_bind_int(&q, ":exclude", f->exclude);
        db_bind_int(&q, ":category", f->category);
        db_bind_int(&q, ":cap", cap);
        rc = db_one_int(&q, &n);
        return rc == DB_OK ? n : rc < 0 ? rc : DB_ERROR;
    }
    /* FTS5 alone counts, without a row of search_docs per match; then the (rare) articles
     * published for a time still to come are taken off, found by the index on the time. */
    rc = db_prepare(db, &q,
                    "SELECT count(*) FROM (SELECT 1 FROM articles_fts"
                    "  WHERE articles_fts MATCH :match LIMIT :cap)");
    if (rc != DB_OK)
        return rc;
    db_bind_text(&q, ":match", match);
    db_bind_int(&q, ":cap", cap);
    if ((rc = db_one_int(&q, &n)) != DB_OK)
        return rc < 0 ? rc : DB_ERROR;
    if (n >= cap)
        return n;
    rc = db_prepare(db, &q,
                    "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :match"
                    " AND rowid IN (SELECT id FROM search_docs WHERE published_at > :now)");
    if (rc != DB_OK)
        return rc;
    db_bind_text(&q, ":match", match);
    db_bind_int(&q, ":now", f->now);
    int64_t later = 0;
    rc = db_one_int(&q, &later);
    return rc == DB_OK ? n - later : rc < 0 ? rc : DB_ERROR;
}

int store_rank_facets(struct db *db, const char *match, const struct rank_filter *f, int64_t cap,
                      json_t **out)
{
    *out = NULL;
    struct db_stmt q;
    int rc = db_prepare(db, &q,
                        "SELECT c.id, c.slug, c.name, count(*) AS count FROM (SELECT rowid AS id"
                        "  FROM articles_fts WHERE articles_fts MATCH :match ORDER BY rowid DESC"
                        "  LIMIT :cap) m CROSS JOIN search_docs d ON d.id = m.id"
                        " JOIN categories c ON c.id = d.category_id"
                        " WHERE d.published_at BETWEEN :lo AND :hi"
                        " GROUP BY c.id ORDER BY count DESC, c.position, c.id");
    if (rc != DB_OK)
        return rc;
    int64_t lo, hi;
    time_range(f, &lo, &hi);
    db_bind_text(&q, ":match", match);
    db_bind_int(&q, ":cap", cap);
    db_bind_int(&q, ":lo", lo);
    db_bind_int(&q, ":hi", hi);
    return db_rows_json(&q, out);
}

#define RANK_FROM                                                                                  \
    " FROM articles_fts CROSS JOIN search_docs d ON d.id = articles_fts.rowid"                     \
    " WHERE articles_fts MATCH :match AND articles_fts.rowid >= :floor AND d.id <> :exclude"       \
    "  AND d.published_at BETWEEN :lo AND :hi AND (:category = 0 OR d.category_id = :category)"

int store_rank_ids(struct db *db, const struct rank_page *p, const struct rank_filter *f,
                   int64_t *ids)
{
    static const char *const sql[] = {
        "SELECT d.id, sahifa_rank(articles_fts, :phrases, :alts, d.published_at, :now,"
        "  :all_first) AS score" RANK_FROM " ORDER BY score DESC, d.id DESC"
        " LIMIT :limit OFFSET :offset",
        "SELECT d.id, 0" RANK_FROM " ORDER BY d.published_at DESC, d.id DESC"
        " LIMIT :limit OFFSET :offset",
    };
    struct db_stmt q;
    int rc = db_prepare(db, &q, sql[p->by_date ? 1 : 0]);
    if (rc != DB_OK)
        return rc;
    int64_t lo, hi;
    time_range(f, &lo, &hi);
    db_bind_text(&q, ":match", p->match);
    if (!p->by_date) {
        db_bind_text(&q, ":phrases", p->phrases);
        db_bind_text(&q, ":alts", p->alts);
        db_bind_int(&q, ":now", f->now);
        db_bind_int(&q, ":all_first", p->all_first);
    }
    db_bind_int(&q, ":floor", p->floor);
    db_bind_int(&q, ":exclude", f->exclude);
    db_bind_int(&q, ":lo", lo);
    db_bind_int(&q, ":hi", hi);
    db_bind_int(&q, ":category", f->category);
    db_bind_int(&q, ":limit", p->limit);
    db_bind_int(&q, ":offset", p->offset);
    int n = 0;
    rc = DB_DONE;
    while (n < p->limit && (rc = db_step(&q)) == DB_ROW) {
        if (p->scores)
            p->scores[n] = db_col_double(&q, 1);
        ids[n++] = db_col_int(&q, 0);
    }
    db_finalize(&q);
    return n < p->limit && rc != DB_DONE ? (rc < 0 ? rc : DB_ERROR) : n;
}

int64_t store_rank_floor(struct db *db, const char *match, int64_t window)
{
    struct db_stmt q;
    int rc = db_prepare(db, &q,
                        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :match"
                        " ORDER BY rowid DESC LIMIT 1 OFFSET :skip");
    if (rc != DB_OK)
        return rc;
    db_bind_text(&q, ":match", match);
    db_bind_int(&q, ":skip", window - 1);
    int64_t floor = 0;
    rc = db_one_int(&q, &floor);
    return rc == DB_OK ? floor : rc == DB_DONE ? 0 : rc < 0 ? rc : DB_ERROR;
}
