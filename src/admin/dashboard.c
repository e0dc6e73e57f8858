/*
 * dashboard.c: /admin/, what needs the newsroom's attention: views per day over 30 days (a chart
 * the template draws from the numbers given), most read today and this week, comments waiting,
 * articles waiting for review, and the user's own recent articles.
 */
#include "admin/admin.h"
#include "store/store.h"
#include "view/card.h"
#include "view/dates.h"
#include "web/auth.h"

enum { DAYS = 30, CHART_W = 600, CHART_H = 160, LIST = 5 };

static json_t *chart(struct req *r)
{
    int64_t today = r->now / 86400, first = today - DAYS + 1;
    json_t *rows = store_views_per_day(r->db, first, today);
    int64_t views[DAYS] = {0}, max = 0, total = 0;
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        int64_t d = json_integer_value(json_object_get(row, "day")) - first;
        if (d >= 0 && d < DAYS) {
            views[d] = json_integer_value(json_object_get(row, "views"));
            total += views[d];
            if (views[d] > max)
                max = views[d];
        }
    }
    json_decref(rows);
    json_t *bars = json_array();
    int slot = CHART_W / DAYS;
    for (int d = 0; d < DAYS; d++) {
        int h = max ? (int)(views[d] * (CHART_H - 10) / max) : 0;
        if (views[d] && h < 1)
            h = 1;
        json_t *bar = json_pack("{s:i, s:i, s:i, s:i, s:o}", "x", CHART_W - (d + 1) * slot + 1, "y",
                                CHART_H - h, "width", slot - 2, "height", h, "views_text",
                                view_number(views[d]));
        /* The date in the site's style; right to left, so today is at the left end. */
        view_set_dates(bar, (first + d) * 86400 + 43200);
        json_array_append_new(bars, bar);
    }
    return json_pack("{s:i, s:i, s:o, s:o, s:o}", "width", CHART_W, "height", CHART_H, "bars", bars,
                     "max_text", view_number(max), "total_text", view_number(total));
}

static json_t *most_read(struct db *db, int64_t now, int hours)
{
    json_t *rows = store_most_read_window(db, now, hours, LIST);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        view_card(row);
        json_object_set_new(row, "views_text",
                            view_number(json_integer_value(json_object_get(row, "views"))));
    }
    return rows;
}

/* Articles as the dashboard lists them: title, edit link, author, status, when. */
static json_t *article_items(struct req *r, const struct admin_filter *f)
{
    json_t *rows = store_articles_admin(r->db, f, 0, LIST, NULL);
    size_t i;
    json_t *a;
    json_array_foreach(rows, i, a) {
        int64_t id = json_integer_value(json_object_get(a, "id"));
        json_object_set_new(a, "edit_url",
                            json_sprintf("/admin/articles/%lld/edit", (long long)id));
        admin_flatten_names(a);
        json_object_set_new(
            a, "status_label",
            json_string(admin_status_label(json_string_value(json_object_get(a, "status")))));
        json_object_set_new(
            a, "updated",
            json_string(admin_when(r, json_integer_value(json_object_get(a, "updated_at")))));
    }
    return rows;
}

int admin_dashboard(struct req *r)
{
    json_t *m = admin_model(r, "لوحة التحكم", "dashboard");
    json_t *d = json_object();
    json_object_set_new(d, "chart", chart(r));
    json_object_set_new(d, "today", most_read(r->db, r->now, 24));
    json_object_set_new(d, "week", most_read(r->db, r->now, 24 * 7));
    if (r->user->caps & CAP_MODERATE) {
        json_t *counts = store_comment_counts(r->db);
        json_t *held = store_comments_list(r->db, "pending", LIST);
        size_t i;
        json_t *c;
        json_array_foreach(held, i, c) {
            json_object_set_new(c, "article_url",
                                json_sprintf("/a/%lld", (long long)json_integer_value(
                                                            json_object_get(c, "article_id"))));
        }
        json_object_set_new(
            d, "held",
            json_pack("{s:o, s:s, s:o}", "count_text",
                      view_number(json_integer_value(json_object_get(counts, "pending"))), "url",
                      "/admin/comments", "comments", held));
        json_decref(counts);
    }
    if (r->user->caps & CAP_EDIT) {
        struct admin_filter review = {.status = "review"};
        json_object_set_new(d, "can_review", json_true());
        json_object_set_new(d, "review", article_items(r, &review));
    }
    struct admin_filter mine = {.author_id = r->user->id};
    json_object_set_new(d, "mine", article_items(r, &mine));
    json_object_set_new(m, "dashboard", d);
    return admin_render(r, "admin-dashboard", m);
}
