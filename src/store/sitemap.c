/*
 * sitemap.c: what the sitemaps list (pages/sitemap.c): live articles with their last change,
 * page by page, and the categories and topics that have live articles with their newest one.
 *
 * An article's last change is the later of its publication and its last update (a scheduled
 * article was last updated before it went live; an edited one after).
 */
#include "store/store.h"

#define LIVE    "a.status = 'published' AND a.published_at <= :now"
#define LASTMOD "CASE WHEN a.updated_at > a.published_at THEN a.updated_at ELSE a.published_at END"

int store_sitemap_article_pages(struct db *db, int64_t now, int per_page, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    /* Numbered in the order store_sitemap_articles() pages in; integer division in both
     * SQLite and PostgreSQL. */
    int rc = db_prepare(db, &q,
                        "SELECT max(lastmod) AS lastmod FROM ("
                        "  SELECT (row_number() OVER (ORDER BY a.published_at DESC, a.id DESC) - 1)"
                        "    / :per_page AS page, " LASTMOD " AS lastmod"
                        "  FROM articles a WHERE " LIVE ") AS p"
                        " GROUP BY page ORDER BY page");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":now", now);
    db_bind_int(&q, ":per_page", per_page);
    return db_rows_json(&q, out);
}

int store_sitemap_articles(struct db *db, int64_t now, int offset, int limit, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q,
                        "SELECT a.id, a.slug, " LASTMOD " AS lastmod,"
                        "  m.id AS \"image.id\", m.hash AS \"image.hash\","
                        "  m.width AS \"image.width\", m.height AS \"image.height\","
                        "  m.widths AS \"image.widths\""
                        " FROM articles a LEFT JOIN media m ON m.id = a.image_id WHERE " LIVE
                        " ORDER BY a.published_at DESC, a.id DESC LIMIT :limit OFFSET :offset");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":now", now);
    db_bind_int(&q, ":limit", limit);
    db_bind_int(&q, ":offset", offset);
    return db_rows_json(&q, out);
}

int store_sitemap_taxonomy(struct db *db, bool topics, int64_t now, int limit, json_t **out)
{
    static const char *const sql[2] = {
        "SELECT c.slug, max(a.published_at) AS lastmod"
        " FROM categories c JOIN articles a ON a.category_id = c.id WHERE " LIVE
        " GROUP BY c.id, c.slug ORDER BY lastmod DESC, c.id LIMIT :limit",
        "SELECT t.slug, max(a.published_at) AS lastmod"
        " FROM topics t JOIN article_topics x ON x.topic_id = t.id"
        " JOIN articles a ON a.id = x.article_id WHERE " LIVE
        " GROUP BY t.id, t.slug ORDER BY lastmod DESC, t.id LIMIT :limit",
    };
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q, sql[topics]);
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":now", now);
    db_bind_int(&q, ":limit", limit);
    return db_rows_json(&q, out);
}
