/*
 * taxonomy.c: categories and topics over the API.
 *
 *   GET /api/v1/categories   every category in the newsroom's order
 *   GET /api/v1/topics?page=N&per_page=M   topics, most used first (100 a page by default)
 *
 * Each with its url and its number of live articles; topics with none are left out, so a
 * draft's topics are not shown before it is published.
 */
#include "api/api.h"
#include "store/store.h"
#include "view/fail.h"

enum { TOPICS_PER_PAGE = 100 };

/* Sets each row's url: prefix + slug. Returns rows. */
static json_t *with_urls(json_t *rows, const char *prefix)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        json_object_set_new(
            row, "url",
            json_sprintf("%s%s", prefix, json_string_value(json_object_get(row, "slug"))));
    }
    return rows;
}

int api_categories(struct req *r)
{
    json_t *rows;
    int rc = store_categories_counted(r->db, r->now, &rows);
    if (rc != DB_OK)
        return view_fail_db(r, rc);
    return api_reply(r, 200, json_pack("{s:o}", "categories", with_urls(rows, "/c/")));
}

int api_topics(struct req *r)
{
    int page, per_page;
    if (api_paging(r, TOPICS_PER_PAGE, &page, &per_page) != 0)
        return -1;
    int64_t total = 0;
    json_t *rows;
    int rc = store_topics_counted(r->db, r->now, (page - 1) * per_page, per_page, &total, &rows);
    if (rc != DB_OK)
        return view_fail_db(r, rc);
    json_t *out = json_pack("{s:o, s:i, s:i, s:I}", "topics", with_urls(rows, "/t/"), "page", page,
                            "per_page", per_page, "total", (json_int_t)total);
    api_links(r, out, "/api/v1/topics", "", page, per_page, total);
    return api_reply(r, 200, out);
}
