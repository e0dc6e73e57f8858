/*
 * comments.c: the moderation queue, /admin/comments: comments by status (held ones first), and
 * one form to approve, reject (hide), mark as spam or delete many at once. The same store
 * functions as `sahifa comments`.
 */
#include "admin/admin.h"
#include "store/store.h"
#include "view/dates.h"
#include "view/fail.h"
#include "view/url.h"

#include <string.h>

enum { LIMIT = 100 };

static const struct {
    const char *status, *label;
} tabs[] = {
    {"pending", "بانتظار المراجعة"},
    {"approved", "معتمدة"},
    {"spam", "مزعجة"},
    {"deleted", "مرفوضة"},
};

static const char *status_label(const char *status)
{
    for (size_t i = 0; i < sizeof tabs / sizeof *tabs; i++)
        if (strcmp(tabs[i].status, status) == 0)
            return tabs[i].label;
    return status;
}

int admin_comments(struct req *r)
{
    const char *status = req_query(r, "status");
    bool known = false;
    for (size_t i = 0; status && i < sizeof tabs / sizeof *tabs; i++)
        known |= strcmp(tabs[i].status, status) == 0;
    if (!known)
        status = "pending";
    int64_t article = view_parse_id(req_query(r, "article"));
    const char *select = req_query(r, "select");
    bool all = select && strcmp(select, "all") == 0;
    /* The article filter stays on every tab and link. */
    const char *filter =
        article ? arena_printf(&r->arena, "&article=%lld", (long long)article) : "";
    json_t *counts = NULL, *items = NULL;
    int rc;
    if ((rc = store_comment_counts(r->db, &counts)) != DB_OK ||
        (rc = store_comments_of(r->db, status, article, LIMIT, &items)) != DB_OK) {
        json_decref(counts);
        return view_fail_db(r, rc);
    }
    json_t *tab_list = json_array();
    for (size_t i = 0; i < sizeof tabs / sizeof *tabs; i++)
        json_array_append_new(
            tab_list,
            json_pack("{s:s, s:s+++, s:b, s:o}", "label", tabs[i].label, "url",
                      "/admin/comments?status=", tabs[i].status, filter, "", "current",
                      strcmp(status, tabs[i].status) == 0, "count_text",
                      view_number(json_integer_value(json_object_get(counts, tabs[i].status)))));
    json_decref(counts);
    size_t i;
    json_t *c;
    json_array_foreach(items, i, c) {
        int64_t aid = json_integer_value(json_object_get(c, "article_id"));
        json_object_set_new(c, "article_url", json_sprintf("/a/%lld", (long long)aid));
        json_object_set_new(
            c, "filter_url",
            json_sprintf("/admin/comments?status=%s&article=%lld", status, (long long)aid));
        admin_set_when(r, c, "date", "created_at");
        json_object_set_new(
            c, "status_label",
            json_string(status_label(json_string_value(json_object_get(c, "status")))));
        json_object_set_new(c, "checked", json_boolean(all));
    }
    json_t *m = admin_model(r, "التعليقات", "comments");
    json_t *moderation = json_pack(
        "{s:s, s:o, s:o, s:s, s:b, s:s, s:b}", "status", status, "tabs", tab_list, "items", items,
        "action", "/admin/comments", "empty", json_array_size(items) == 0, "select_all_url",
        arena_printf(&r->arena, "/admin/comments?status=%s%s&select=all", status, filter), "all",
        all);
    json_t *a = NULL;
    if (article && (rc = store_article_card(r->db, article, &a)) < 0) {
        json_decref(moderation);
        json_decref(m);
        return view_fail_db(r, rc);
    }
    if (article) {
        json_object_set_new(
            moderation, "article",
            json_pack("{s:I, s:s, s:s}", "id", (json_int_t)article, "title",
                      a ? json_string_value(json_object_get(a, "title")) : "", "clear_url",
                      arena_printf(&r->arena, "/admin/comments?status=%s", status)));
        json_decref(a);
    }
    json_object_set_new(m, "moderation", moderation);
    r->csp |= REQ_CSP_SCRIPTS; /* "select all" (moderation.js); the form works without it */
    return admin_render(r, "admin-comments", m);
}

int admin_comments_act(struct req *r)
{
    static const struct {
        const char *action, *status, *done;
    } actions[] = {
        {"approve", "approved", "approved"},
        {"reject", "deleted", "rejected"},
        {"spam", "spam", "marked_spam"},
        {"delete", NULL, "deleted"},
    };
    const char *what = admin_field(r, "do");
    size_t k = 0;
    while (k < sizeof actions / sizeof *actions && strcmp(what, actions[k].action) != 0)
        k++;
    if (k == sizeof actions / sizeof *actions)
        return req_fail(r, 400, "bad_form", "اختر إجراءً: اعتماد أو رفض أو مزعج أو حذف.");
    /* Every id field of the form (checkboxes repeat the name). */
    int chosen = 0, done = 0;
    req_form(r, "id");
    for (const struct req_header *f = r->form; f; f = f->next) {
        if (strcmp(f->name, "id") != 0)
            continue;
        int64_t id = view_parse_id(f->value);
        chosen++;
        if (id && (actions[k].status ? store_comment_set_status(r->db, id, actions[k].status)
                                     : store_comment_delete(r->db, id)) == DB_OK)
            done++;
    }
    /* Back to the tab and the article the moderator was looking at. */
    const char *back = req_form(r, "status");
    const char *tab = back && (strcmp(back, "approved") == 0 || strcmp(back, "spam") == 0 ||
                               strcmp(back, "deleted") == 0)
                          ? back
                          : "pending";
    int64_t article = view_parse_id(req_form(r, "article"));
    const char *path = arena_printf(
        &r->arena, "/admin/comments?status=%s%s&n=%d", tab,
        article ? arena_printf(&r->arena, "&article=%lld", (long long)article) : "", done);
    return admin_done(r, path, chosen ? actions[k].done : "nothing_chosen");
}
