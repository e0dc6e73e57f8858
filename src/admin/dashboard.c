/*
 * dashboard.c: /admin/, what needs the newsroom's attention: views per day over 30 days (a chart
 * the template draws from the numbers given), most read today and this week, comments waiting,
 * articles waiting for review, and the user's own recent articles.
 */
#include "admin/admin.h"
#include "store/store.h"
#include "view/card.h"
#include "view/dates.h"
#include "view/fail.h"
#include "web/auth.h"

enum { DAYS = 30, CHART_W = 600, CHART_H = 160, LIST = 5 };

/* Each part of the dashboard: its model, or NULL after view_fail_db(). */

static json_t *chart(struct req *r)
{
    int64_t today = r->now / 86400, first = today - DAYS + 1;
    json_t *rows;
    int rc = store_views_per_day(r->db, first, today, &rows);
    if (rc != DB_OK) {
        view_fail_db(r, rc);
        return NULL;
    }
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

static json_t *most_read(struct req *r, int hours)
{
    json_t *rows;
    int rc = store_most_read_window(r->db, r->now, hours, LIST, &rows);
    if (rc != DB_OK) {
        view_fail_db(r, rc);
        return NULL;
    }
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
    json_t *rows;
    int rc = store_articles_admin(r->db, f, 0, LIST, NULL, &rows);
    if (rc != DB_OK) {
        view_fail_db(r, rc);
        return NULL;
    }
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

/* The comments waiting for a moderator. */
static json_t *held(struct req *r)
{
    json_t *counts = NULL, *comments = NULL;
    int rc;
    if ((rc = store_comment_counts(r->db, &counts)) != DB_OK ||
        (rc = store_comments_list(r->db, "pending", LIST, &comments)) != DB_OK) {
        json_decref(counts);
        view_fail_db(r, rc);
        return NULL;
    }
    size_t i;
    json_t *c;
    json_array_foreach(comments, i, c) {
        json_object_set_new(c, "article_url",
                            json_sprintf("/a/%lld", (long long)json_integer_value(
                                                        json_object_get(c, "article_id"))));
    }
    json_t *out = json_pack("{s:o, s:s, s:o}", "count_text",
                            view_number(json_integer_value(json_object_get(counts, "pending"))),
                            "url", "/admin/comments", "comments", comments);
    json_decref(counts);
    return out;
}

/* Sets obj's key to value (taking it); false when value is NULL (a part that failed). */
static bool put(json_t *obj, const char *key, json_t *value)
{
    return value && json_object_set_new(obj, key, value) == 0;
}

int admin_dashboard(struct req *r)
{
    json_t *d = json_object();
    struct admin_filter review = {.status = "review"}, mine = {.author_id = r->user->id};
    bool ok = put(d, "chart", chart(r)) && put(d, "today", most_read(r, 24)) &&
              put(d, "week", most_read(r, 24 * 7)) &&
              (!(r->user->caps & CAP_MODERATE) || put(d, "held", held(r))) &&
              (!(r->user->caps & CAP_EDIT) || (put(d, "can_review", json_true()) &&
                                               put(d, "review", article_items(r, &review)))) &&
              put(d, "mine", article_items(r, &mine));
    if (!ok) {
        json_decref(d);
        return -1;
    }
    json_t *m = admin_model(r, "لوحة التحكم", "dashboard");
    json_object_set_new(m, "dashboard", d);
    return admin_render(r, "admin-dashboard", m);
}
