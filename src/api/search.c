/*
 * search.c: the site's search over the API.
 *
 *   GET /api/v1/search?q=…[&category=SLUG][&sort=relevance|date][&page=N][&per_page=M]
 *
 * The same query language, index and ranking as /search (text/query.c, store/search.c), and
 * the same results: cards with the title and a passage of the body, the matched words marked
 * in HTML (title_html, snippet_html) and the passage as plain text (snippet).
 */
#include "api/api.h"
#include "store/store.h"
#include "text/query.h"
#include "view/search.h"
#include "view/site.h"

#include <string.h>

json_t *api_search_run(struct req *r, const char *q, int64_t category, bool by_date, int page,
                       int per_page)
{
    struct query parsed;
    query_parse(&r->arena, q, strlen(q), &parsed);
    if (parsed.npositive == 0)
        return json_pack("{s:i, s:b, s:[]}", "total", 0, "more", false, "results");
    struct search_options o = {
        .category_id = category,
        .by_date = by_date,
        .offset = (page - 1) * per_page,
        .limit = per_page,
    };
    json_t *found = view_search_results(r, &parsed, &o);
    if (!found)
        req_fail(r, 500, "search_failed", NULL);
    return found;
}

int api_search(struct req *r)
{
    static const char *const args[] = {"q", "category", "sort", NULL};
    const char *q = req_query(r, "q");
    const char *sort = req_query(r, "sort");
    if (!q || !*q)
        return req_fail(r, 400, "missing_query", "أرسل ما تبحث عنه في q.");
    bool by_date = sort && strcmp(sort, "date") == 0;
    if (sort && !by_date && strcmp(sort, "relevance") != 0)
        return req_fail(r, 400, "bad_sort", "sort إما relevance (الأقرب صلة) وإما date (الأحدث).");
    int page, per_page;
    int64_t category;
    if (api_paging(r, site_get()->per_page, &page, &per_page) != 0 ||
        api_slug_arg(r, "category", store_category_by_slug, "unknown_category",
                     "لا يوجد قسم بهذا الاسم.", &category) != 0)
        return -1;
    json_t *found = api_search_run(r, q, category, by_date, page, per_page);
    if (!found)
        return -1;
    int64_t total = json_integer_value(json_object_get(found, "total"));
    json_t *out =
        json_pack("{s:s, s:b, s:I, s:b, s:i, s:i, s:O}", "query", q, "by_date", by_date, "total",
                  (json_int_t)total, "more", json_is_true(json_object_get(found, "more")), "page",
                  page, "per_page", per_page, "results", json_object_get(found, "results"));
    json_decref(found);
    api_links(r, out, "/api/v1/search", api_query_args(r, args), page, per_page, total);
    return api_reply(r, 200, out);
}
