/*
 * views.c: view counts (written in batches by the in-memory counter, web/views.c) and the
 * rankings computed from them in the background (pages/sidebar.c).
 */
#include "store/store.h"

enum { HOUR = 3600, DAY = 86400 };

static int add_one(struct db *db, const struct view_count *c)
{
    struct db_stmt q;
    /* The article may have been deleted since the view: then there is nothing to count. */
    if (db_prepare(db, &q,
                   "INSERT INTO views_hourly(article_id, hour, views)"
                   " SELECT id, :hour, :views FROM articles WHERE id = :id"
                   " ON CONFLICT(article_id, hour) DO UPDATE"
                   " SET views = views_hourly.views + excluded.views") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", c->article_id);
    db_bind_int(&q, ":hour", c->hour);
    db_bind_int(&q, ":views", c->views);
    int rc = db_run(&q);
    if (rc != DB_OK)
        return rc;
    if (db_prepare(db, &q,
                   "INSERT INTO views_daily(article_id, day, views)"
                   " SELECT id, :day, :views FROM articles WHERE id = :id"
                   " ON CONFLICT(article_id, day) DO UPDATE"
                   " SET views = views_daily.views + excluded.views") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", c->article_id);
    db_bind_int(&q, ":day", c->hour / 24);
    db_bind_int(&q, ":views", c->views);
    return db_run(&q);
}

int store_views_add(struct db *db, const struct view_count *counts, size_t n, int64_t now)
{
    int rc = db_begin(db);
    if (rc != DB_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        if ((rc = add_one(db, &counts[i])) != DB_OK)
            goto fail;
    struct db_stmt q;
    if (db_prepare(db, &q, "DELETE FROM views_hourly WHERE hour < :oldest") != DB_OK) {
        rc = DB_ERROR;
        goto fail;
    }
    db_bind_int(&q, ":oldest", (now - 8 * DAY) / HOUR);
    if ((rc = db_run(&q)) != DB_OK)
        goto fail;
    return db_commit(db);
fail:
    db_rollback(db);
    return rc;
}

int store_most_read(struct db *db, int64_t now, int limit, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    /* Ranked by the last 24 hours first, then by the week, so a thin day is filled up from
     * the week without repeating an article. */
    int rc = db_prepare(db, &q,
                        "SELECT a.id, a.slug, a.title, sum(v.views) AS views,"
                        "  sum(CASE WHEN v.hour >= :day_start THEN v.views ELSE 0 END) AS day_views"
                        " FROM views_hourly v JOIN articles a ON a.id = v.article_id"
                        " WHERE v.hour >= :week_start AND a.status = 'published'"
                        "  AND a.published_at <= :now"
                        " GROUP BY a.id, a.slug, a.title"
                        " ORDER BY day_views DESC, views DESC, a.id DESC LIMIT :limit");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":day_start", (now - DAY) / HOUR + 1);
    db_bind_int(&q, ":week_start", (now - 7 * DAY) / HOUR + 1);
    db_bind_int(&q, ":now", now);
    db_bind_int(&q, ":limit", limit);
    return db_rows_json(&q, out);
}

int store_most_read_window(struct db *db, int64_t now, int hours, int limit, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc =
        db_prepare(db, &q,
                   "SELECT a.id, a.slug, a.title, sum(v.views) AS views"
                   " FROM views_hourly v JOIN articles a ON a.id = v.article_id"
                   " WHERE v.hour >= :start AND a.status = 'published' AND a.published_at <= :now"
                   " GROUP BY a.id, a.slug, a.title"
                   " ORDER BY views DESC, a.id DESC LIMIT :limit");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":start", (now - (int64_t)hours * HOUR) / HOUR + 1);
    db_bind_int(&q, ":now", now);
    db_bind_int(&q, ":limit", limit);
    return db_rows_json(&q, out);
}

int store_views_per_day(struct db *db, int64_t first_day, int64_t last_day, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q,
                        "SELECT day, sum(views) AS views FROM views_daily"
                        " WHERE day BETWEEN :first AND :last GROUP BY day ORDER BY day");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":first", first_day);
    db_bind_int(&q, ":last", last_day);
    return db_rows_json(&q, out);
}

/* A taxonomy ranking: views of live articles over the week, then number of live articles, so
 * a new site with no views yet still shows its busiest topics and categories. */
static int rank_taxonomy(struct db *db, const char *sql, int64_t now, int limit, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q, sql);
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":week_start", (now - 7 * DAY) / HOUR + 1);
    db_bind_int(&q, ":now", now);
    db_bind_int(&q, ":limit", limit);
    return db_rows_json(&q, out);
}

int store_top_topics(struct db *db, int64_t now, int limit, json_t **out)
{
    return rank_taxonomy(db,
                         "SELECT t.slug, t.name,"
                         "  coalesce(sum((SELECT sum(v.views) FROM views_hourly v"
                         "    WHERE v.article_id = a.id AND v.hour >= :week_start)), 0) AS views,"
                         "  count(*) AS articles"
                         " FROM topics t JOIN article_topics x ON x.topic_id = t.id"
                         " JOIN articles a ON a.id = x.article_id"
                         " WHERE a.status = 'published' AND a.published_at <= :now"
                         " GROUP BY t.id, t.slug, t.name"
                         " ORDER BY views DESC, articles DESC, t.id LIMIT :limit",
                         now, limit, out);
}

int store_top_categories(struct db *db, int64_t now, int limit, json_t **out)
{
    return rank_taxonomy(db,
                         "SELECT c.slug, c.name,"
                         "  coalesce(sum((SELECT sum(v.views) FROM views_hourly v"
                         "    WHERE v.article_id = a.id AND v.hour >= :week_start)), 0) AS views,"
                         "  count(*) AS articles"
                         " FROM categories c JOIN articles a ON a.category_id = c.id"
                         " WHERE a.status = 'published' AND a.published_at <= :now"
                         " GROUP BY c.id, c.slug, c.name, c.position"
                         " ORDER BY views DESC, articles DESC, c.position LIMIT :limit",
                         now, limit, out);
}
