/*
 * search.c: the site's search over the API.
 *
 *   GET /api/v1/search?q=…[&category=SLUG][&from=YYYY-MM-DD][&to=YYYY-MM-DD]
 *                      [&sort=relevance|date][&page=N][&per_page=M]
 *
 * The same query language, index and ranking as /search (text/query.c, store/search.c), and
 * the same results: cards with the title and a passage of the body, the matched words marked
 * in HTML (title_html, snippet_html) and the passage as plain text (snippet); beside them the
 * counts per category and, when the words find little, a suggested spelling.
 */
#include "api/api.h"
#include "store/store.h"
#include "text/query.h"
#include "view/search.h"
#include "view/site.h"

#include <string.h>

json_t *api_search_run(struct req *r, const char *q, struct search_options *o, int page,
                       int per_page)
{
    struct query parsed;
    query_parse(&r->arena, q, strlen(q), &parsed);
    if (parsed.npositive == 0)
        return json_pack("{s:i, s:b, s:[]}", "total", 0, "more", false, "results");
    o->offset = (page - 1) * per_page;
    o->limit = per_page;
    return view_search_results(r, &parsed, o);
}

int api_search(struct req *r)
{
    static const char *const args[] = {"q", "category", "from", "to", "sort", NULL};
    const char *q = req_query(r, "q");
    const char *sort = req_query(r, "sort");
    if (!q || !*q)
        return req_fail(r, 400, "missing_query", "أرسل ما تبحث عنه في q.");
    bool by_date = sort && strcmp(sort, "date") == 0;
    if (sort && !by_date && strcmp(sort, "relevance") != 0)
        return req_fail(r, 400, "bad_sort", "sort إما relevance (الأقرب صلة) وإما date (الأحدث).");
    int page, per_page;
    struct search_options o = {.by_date = by_date, .facets = true, .text = q};
    if (api_paging(r, site_get()->per_page, &page, &per_page) != 0 ||
        api_slug_arg(r, "category", store_category_by_slug, "unknown_category",
                     "لا يوجد قسم بهذا الاسم.", &o.category_id) != 0 ||
        view_search_dates(r, req_query(r, "from"), req_query(r, "to"), &o) != 0)
        return -1;
    json_t *found = api_search_run(r, q, &o, page, per_page);
    if (!found)
        return -1;
    int64_t total = json_integer_value(json_object_get(found, "total"));
    json_t *out =
        json_pack("{s:s, s:b, s:I, s:b, s:i, s:i, s:O}", "query", q, "by_date", by_date, "total",
                  (json_int_t)total, "more", json_is_true(json_object_get(found, "more")), "page",
                  page, "per_page", per_page, "results", json_object_get(found, "results"));
    /* Counts per category (the category filter aside), as the page shows them beside its
     * results; and a spelling the archive knows better when the words find little. */
    json_t *counts = json_object_get(found, "categories");
    json_object_set_new(out, "categories", counts ? json_incref(counts) : json_array());
    json_t *better = json_object_get(found, "suggestion");
    if (better)
        json_object_set(out, "suggestion", better);
    json_decref(found);
    api_links(r, out, "/api/v1/search", api_query_args(r, args), page, per_page, total);
    return api_reply(r, 200, out);
}
