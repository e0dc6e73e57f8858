/*
 * search.c: the search page,
 * /search?q=…[&c=CATEGORY][&from=YYYY-MM-DD][&to=YYYY-MM-DD][&sort=date][&page=N].
 *
 * The query is read by text/query.c (words match every inflection, "phrases" match exactly,
 * pre* and -word work; AND, NEAR( and quotes are just text) and run by store_search(). Beside
 * the results: the counts per category, links to the last week, month or year and to the
 * other order, and «هل تقصد» when the words find little. No query gives the empty search
 * page, not an error; an unknown category or sort, or a bad date, is 400.
 */
#include "pages/pages.h"
#include "store/store.h"
#include "text/ardate.h"
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

/* What a search page asks: its query and filters, to link to the same search changed. */
struct search_args {
    const char *q, *category, *from, *to; /* NULL: none */
    bool by_date;
};

/* The search page's path for args, for links (pages, filters, suggestion). */
static const char *search_url(struct req *r, const struct search_args *a)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "/search?q=");
    esc_url(&b, a->q, strlen(a->q));
    const char *names[] = {"&c=", "&from=", "&to="};
    const char *values[] = {a->category, a->from, a->to};
    for (int i = 0; i < 3; i++) {
        if (values[i] && *values[i]) {
            buf_puts(&b, names[i]);
            esc_url(&b, values[i], strlen(values[i]));
        }
    }
    if (a->by_date)
        buf_puts(&b, "&sort=date");
    const char *url = arena_strdup(&r->arena, buf_str(&b));
    buf_free(&b);
    return url;
}

/* A link of a list of choices: {"label","url","selected"}. */
static json_t *choice(const char *label, const char *url, bool selected)
{
    return json_pack("{s:s, s:s, s:b}", "label", label, "url", url, "selected", selected);
}

/* The periods a reader narrows the results to with one click: all time, or the last week,
 * month or year, up to today. */
static json_t *periods(struct req *r, const struct search_args *a)
{
    static const struct {
        const char *label;
        int days;
    } spans[] = {{"كل الأوقات", 0}, {"آخر أسبوع", 7}, {"آخر شهر", 30}, {"آخر سنة", 365}};
    json_t *out = json_array();
    for (size_t i = 0; i < sizeof spans / sizeof *spans; i++) {
        struct search_args b = *a;
        b.to = NULL;
        b.from = NULL;
        if (spans[i].days) {
            struct buf day = BUF_INIT;
            iso_date(&day, r->now - (int64_t)spans[i].days * 86400);
            b.from = arena_strdup(&r->arena, buf_str(&day));
            buf_free(&day);
        }
        bool selected =
            !(a->to && *a->to) &&
            (spans[i].days ? a->from && strcmp(a->from, b.from) == 0 : !(a->from && *a->from));
        json_array_append_new(out, choice(spans[i].label, search_url(r, &b), selected));
    }
    return out;
}

/* The counts per category beside the results (store_search()'s "categories"), each a link to
 * the same search in that category, after one to every category. */
static json_t *facets(struct req *r, const struct search_args *a, json_t *counts, int64_t total,
                      bool more)
{
    json_t *out = json_array();
    struct search_args all = *a;
    all.category = NULL;
    json_t *first = choice("كل الأقسام", search_url(r, &all), !(a->category && *a->category));
    if (!a->category || !*a->category) /* the total counts this very search */
        json_object_set_new(first, "count_text", view_number(total));
    json_object_set_new(first, "more", json_boolean(more && !a->category));
    json_array_append_new(out, first);
    size_t i;
    json_t *c;
    json_array_foreach(counts, i, c) {
        struct search_args one = *a;
        one.category = json_string_value(json_object_get(c, "slug"));
        json_t *link = choice(json_string_value(json_object_get(c, "name")), search_url(r, &one),
                              a->category && strcmp(a->category, one.category) == 0);
        json_object_set_new(link, "count_text",
                            view_number(json_integer_value(json_object_get(c, "count"))));
        json_array_append_new(out, link);
    }
    return out;
}

int page_search(struct req *r)
{
    const char *q = req_query(r, "q");
    const char *sort = req_query(r, "sort");
    struct search_args args = {
        .q = q ? q : "",
        .category = req_query(r, "c"),
        .from = req_query(r, "from"),
        .to = req_query(r, "to"),
    };
    if (args.category && !*args.category)
        args.category = NULL;
    args.by_date = sort && strcmp(sort, "date") == 0;
    if (sort && *sort && !args.by_date && strcmp(sort, "relevance") != 0)
        return req_fail(r, 400, "bad_sort", "ترتيب غير معروف: استخدم الأحدث أو الأقرب صلة.");
    int page = view_page_arg(r);
    if (!page)
        return -1;
    struct search_options o = {.by_date = args.by_date, .facets = true, .text = q};
    if (view_search_dates(r, args.from, args.to, &o) != 0)
        return -1;

    json_t *cat = NULL, *choices;
    int rc = args.category ? store_category_by_slug(r->db, args.category, &cat) : DB_OK;
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
    json_object_set_new(search, "query", json_string(args.q));
    json_object_set_new(search, "by_date", json_boolean(args.by_date));
    json_object_set_new(search, "from", json_string(args.from ? args.from : ""));
    json_object_set_new(search, "to", json_string(args.to ? args.to : ""));
    /* The category filter's choices, the current one selected. */
    json_object_set_new(search, "categories", view_choices(choices, o.category_id));

    struct query parsed;
    query_parse(&r->arena, args.q, strlen(args.q), &parsed);
    if (parsed.npositive > 0) {
        int per_page = site_get()->per_page;
        o.offset = (page - 1) * per_page;
        o.limit = per_page;
        json_t *found = view_search_results(r, &parsed, &o);
        if (!found) { /* the database failed: view_fail_db() has answered */
            json_decref(search);
            json_decref(m);
            return -1;
        }
        int64_t total = json_integer_value(json_object_get(found, "total"));
        bool more = json_is_true(json_object_get(found, "more"));
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
        json_object_set_new(search, "more", json_boolean(more));
        json_object_set_new(search, "searched", json_true());
        json_object_set_new(search, "empty", json_boolean(total == 0));
        json_object_set_new(search, "periods", periods(r, &args));
        json_object_set_new(search, "facets",
                            facets(r, &args, json_object_get(found, "categories"), total, more));
        struct search_args other = args;
        other.by_date = !args.by_date;
        json_object_set_new(
            search, "other_order",
            choice(args.by_date ? "الأقرب صلة" : "الأحدث أولًا", search_url(r, &other), false));
        const char *better = json_string_value(json_object_get(found, "suggestion"));
        if (better) {
            struct search_args fixed = args;
            fixed.q = better;
            json_object_set_new(
                search, "suggestion",
                json_pack("{s:s, s:s}", "text", better, "url", search_url(r, &fixed)));
        }
        view_pagination(r, m, search_url(r, &args), page, pages);
        json_decref(found);
    }
    json_object_set_new(m, "search", search);
    return view_render(r, "search", m);
}
