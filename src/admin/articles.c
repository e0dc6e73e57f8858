/*
 * articles.c: /admin/articles, the newsroom's list of articles, every status, filtered by
 * status, author and category, and searched: by title in every status (hamza and harakat
 * ignored), and through the site search among published articles. A writer sees their own
 * articles only.
 */
#include "admin/admin.h"
#include "store/store.h"
#include "text/escape.h"
#include "text/normalize.h"
#include "text/query.h"
#include "view/choices.h"
#include "view/dates.h"
#include "view/fail.h"
#include "view/paging.h"
#include "view/url.h"
#include "web/auth.h"

#include <string.h>

enum { PER_PAGE = 30 };

int admin_articles(struct req *r)
{
    int page = view_page_arg(r);
    if (!page)
        return -1;
    const char *status = req_query(r, "status");
    const char *q = req_query(r, "q");
    struct admin_filter f = {
        .status = status,
        .author_id = view_parse_id(req_query(r, "author")),
        .category_id = view_parse_id(req_query(r, "category")),
    };
    bool own_only = !(r->user->caps & CAP_EDIT);
    if (own_only)
        f.author_id = r->user->id;
    struct buf norm = BUF_INIT;
    struct query query;
    if (q && *q) {
        ar_normalize(&norm, q, strlen(q));
        f.normalized_query = arena_strdup(&r->arena, buf_str(&norm));
        query_parse(&r->arena, q, strlen(q), &query);
        f.query = &query;
    }
    buf_free(&norm);

    int64_t total = 0;
    json_t *items = NULL, *categories = NULL, *authors = NULL;
    int rc;
    if ((rc = store_articles_admin(r->db, &f, (page - 1) * PER_PAGE, PER_PAGE, &total, &items)) !=
            DB_OK ||
        (rc = store_categories(r->db, &categories)) != DB_OK ||
        (!own_only && (rc = store_users(r->db, &authors)) != DB_OK)) {
        json_decref(items);
        json_decref(categories);
        return view_fail_db(r, rc);
    }
    size_t i;
    json_t *a;
    json_array_foreach(items, i, a) {
        int64_t id = json_integer_value(json_object_get(a, "id"));
        const char *st = json_string_value(json_object_get(a, "status"));
        json_object_set_new(a, "status_label", json_string(admin_status_label(st)));
        json_object_set_new(a, "edit_url",
                            json_sprintf("/admin/articles/%lld/edit", (long long)id));
        if (strcmp(st, "published") == 0)
            json_object_set_new(a, "view_url", json_sprintf("/a/%lld", (long long)id));
        json_object_set_new(
            a, "updated",
            json_string(admin_when(r, json_integer_value(json_object_get(a, "updated_at")))));
        admin_flatten_names(a);
    }

    json_t *filters = json_pack("{s:s, s:o, s:o}", "q", q ? q : "", "statuses",
                                admin_status_options(NULL, status), "categories",
                                view_choices(categories, f.category_id));
    if (authors)
        json_object_set_new(filters, "authors", view_choices(authors, f.author_id));
    json_t *m = admin_model(r, "المقالات", "articles");
    json_object_set_new(m, "articles",
                        json_pack("{s:o, s:o, s:b, s:b, s:o}", "filters", filters, "items", items,
                                  "empty", total == 0, "can_create", true, "total_text",
                                  view_number(total)));
    int pages = total ? (int)((total + PER_PAGE - 1) / PER_PAGE) : 1;
    struct buf base = BUF_INIT;
    buf_puts(&base, "/admin/articles");
    /* The filters stay on every page of the list. */
    const char *names[] = {"q", "status", "author", "category"};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        const char *v = req_query(r, names[k]);
        if (v && *v) {
            buf_printf(&base, "%s%s=", base.len == strlen("/admin/articles") ? "?" : "&", names[k]);
            esc_url(&base, v, strlen(v));
        }
    }
    view_pagination(r, m, arena_strdup(&r->arena, buf_str(&base)), page, pages);
    buf_free(&base);
    return admin_render(r, "admin-articles", m);
}
