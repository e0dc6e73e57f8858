/*
 * search.c: the search page, /search?q=…[&c=CATEGORY][&sort=date][&page=N].
 *
 * The query is read by text/query.c (words match every inflection, "phrases" match exactly,
 * pre* and -word work; AND, NEAR( and quotes are just text) and run by store_search(). No
 * query gives the empty search page, not an error; an unknown category or sort is 400.
 */
#include "pages/pages.h"
#include "store/store.h"
#include "text/escape.h"
#include "text/query.h"
#include "view/choices.h"
#include "view/dates.h"
#include "view/fail.h"
#include "view/paging.h"
#include "view/render.h"
#include "view/search.h"
#include "view/site.h"

#include <string.h>

/* The search page's own path with its arguments, for pagination links. */
static const char *search_path(struct req *r, const char *q, const char *category, bool by_date)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "/search?q=");
    esc_url(&b, q, strlen(q));
    if (category) {
        buf_puts(&b, "&c=");
        esc_url(&b, category, strlen(category));
    }
    if (by_date)
        buf_puts(&b, "&sort=date");
    const char *path = arena_strdup(&r->arena, buf_str(&b));
    buf_free(&b);
    return path;
}

int page_search(struct req *r)
{
    const char *q = req_query(r, "q");
    const char *category = req_query(r, "c");
    const char *sort = req_query(r, "sort");
    if (category && !*category)
        category = NULL;
    bool by_date = sort && strcmp(sort, "date") == 0;
    if (sort && *sort && !by_date && strcmp(sort, "relevance") != 0)
        return req_fail(r, 400, "bad_sort", "ترتيب غير معروف: استخدم الأحدث أو الأقرب صلة.");
    int page = view_page_arg(r);
    if (!page)
        return -1;

    struct search_options o = {.by_date = by_date};
    json_t *cat = NULL, *choices;
    int rc = category ? store_category_by_slug(r->db, category, &cat) : DB_OK;
    if (rc == DB_DONE)
        return req_fail(r, 400, "bad_category", "لا يوجد قسم بهذا الاسم للبحث فيه.");
    if (rc != DB_OK || (rc = store_categories(r->db, &choices)) != DB_OK) {
        json_decref(cat);
        return view_fail_db(r, rc);
    }
    o.category_id = json_integer_value(json_object_get(cat, "id"));
    json_decref(cat);

    /* Not to be indexed: no canonical address, noindex (page_model() with no canonical). */
    bool asked = q && *q;
    const struct site *s = site_get();
    json_t *m = page_model(r, "search", asked ? arena_printf(&r->arena, "بحث: %s", q) : "البحث",
                           NULL, NULL);
    json_object_set_new(
        json_object_get(m, "page"), "description",
        json_string(asked ? arena_printf(&r->arena, "نتائج البحث عن «%s» في %s", q, s->name)
                          : arena_printf(&r->arena, "ابحث في مقالات %s", s->name)));
    json_t *search = json_object();
    json_object_set_new(search, "query", json_string(q ? q : ""));
    json_object_set_new(search, "by_date", json_boolean(by_date));
    /* The category filter's choices, the current one selected. */
    json_object_set_new(search, "categories", view_choices(choices, o.category_id));

    struct query parsed;
    query_parse(&r->arena, q ? q : "", q ? strlen(q) : 0, &parsed);
    if (parsed.npositive > 0) {
        int per_page = site_get()->per_page;
        o.offset = (page - 1) * per_page;
        o.limit = per_page;
        json_t *found = view_search_results(r, &parsed, &o);
        if (!found) {
            json_decref(search);
            json_decref(m);
            return req_fail(r, 500, "search_failed", NULL);
        }
        int64_t total = json_integer_value(json_object_get(found, "total"));
        int pages = total ? (int)((total + per_page - 1) / per_page) : 1;
        if (page > pages) {
            json_decref(found);
            json_decref(search);
            json_decref(m);
            return req_fail(r, 404, "not_found", "لا توجد صفحة نتائج بهذا الرقم.");
        }
        json_object_set(search, "results", json_object_get(found, "results"));
        json_object_set_new(search, "total", json_integer(total));
        json_object_set_new(search, "total_text", view_number(total));
        json_object_set_new(search, "more",
                            json_boolean(json_is_true(json_object_get(found, "more"))));
        json_object_set_new(search, "searched", json_true());
        json_object_set_new(search, "empty", json_boolean(total == 0));
        view_pagination(r, m, search_path(r, q, category, by_date), page, pages);
        json_decref(found);
    }
    json_object_set_new(m, "search", search);
    return view_render(r, "search", m);
}
