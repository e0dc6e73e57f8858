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

#include <string.h>

/* Replaces a marked text field (store_search()) by its HTML (matched words in <mark>) under the
 * name to, and by its plain text under the name plain unless that is NULL. */
static void marked_html(json_t *row, const char *from, const char *to, const char *plain)
{
    const char *s = json_string_value(json_object_get(row, from));
    size_t n = s ? strlen(s) : 0;
    struct buf html = BUF_INIT;
    esc_html_marked(&html, s ? s : "", n);
    json_object_set_new(row, to, json_stringn(buf_str(&html), html.len));
    if (plain) {
        buf_reset(&html);
        for (size_t i = 0; i < n; i++)
            if (s[i] != 0x01 && s[i] != 0x02)
                buf_putc(&html, s[i]);
        json_object_set_new(row, plain, json_stringn(buf_str(&html), html.len));
    }
    buf_free(&html);
    json_object_del(row, from);
}

json_t *page_search_results(struct req *r, const struct query *q, const struct search_options *o)
{
    json_t *found = store_search(r->db, q, o, r->now);
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(found, "results"), i, row) {
        page_card(row);
        marked_html(row, "title_marked", "title_html", NULL);
        marked_html(row, "snippet_marked", "snippet_html", "snippet");
    }
    return found;
}

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
    int page = page_number_arg(r);
    if (!page)
        return -1;

    struct search_options o = {.by_date = by_date};
    json_t *cat = category ? store_category_by_slug(r->db, category) : NULL;
    if (category && !cat)
        return req_fail(r, 400, "bad_category", "لا يوجد قسم بهذا الاسم للبحث فيه.");
    o.category_id = json_integer_value(json_object_get(cat, "id"));

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
    json_t *choices = store_categories(r->db);
    size_t i;
    json_t *c;
    json_array_foreach(choices, i, c) {
        json_object_set_new(
            c, "selected",
            json_boolean(json_equal(json_object_get(c, "id"), json_object_get(cat, "id"))));
    }
    json_object_set_new(search, "categories", choices);
    json_decref(cat);

    struct query parsed;
    query_parse(&r->arena, q ? q : "", q ? strlen(q) : 0, &parsed);
    if (parsed.npositive > 0) {
        int per_page = site_get()->per_page;
        o.offset = (page - 1) * per_page;
        o.limit = per_page;
        json_t *found = page_search_results(r, &parsed, &o);
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
        json_object_set_new(search, "total_text", page_number(total));
        json_object_set_new(search, "more",
                            json_boolean(json_is_true(json_object_get(found, "more"))));
        json_object_set_new(search, "searched", json_true());
        json_object_set_new(search, "empty", json_boolean(total == 0));
        page_pagination(r, m, search_path(r, q, category, by_date), page, pages);
        json_decref(found);
    }
    json_object_set_new(m, "search", search);
    req_add_header(r, "Cache-Control", "no-cache");
    return page_render(r, "search", m);
}
