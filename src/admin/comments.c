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
    json_t *counts = NULL, *items = NULL;
    int rc;
    if ((rc = store_comment_counts(r->db, &counts)) != DB_OK ||
        (rc = store_comments_list(r->db, status, LIMIT, &items)) != DB_OK) {
        json_decref(counts);
        return view_fail_db(r, rc);
    }
    json_t *tab_list = json_array();
    for (size_t i = 0; i < sizeof tabs / sizeof *tabs; i++)
        json_array_append_new(
            tab_list,
            json_pack("{s:s, s:s+, s:b, s:o}", "label", tabs[i].label, "url",
                      "/admin/comments?status=", tabs[i].status, "current",
                      strcmp(status, tabs[i].status) == 0, "count_text",
                      view_number(json_integer_value(json_object_get(counts, tabs[i].status)))));
    json_decref(counts);
    size_t i;
    json_t *c;
    json_array_foreach(items, i, c) {
        json_object_set_new(c, "article_url",
                            json_sprintf("/a/%lld", (long long)json_integer_value(
                                                        json_object_get(c, "article_id"))));
        json_object_set_new(
            c, "date",
            json_string(admin_when(r, json_integer_value(json_object_get(c, "created_at")))));
        json_object_set_new(
            c, "status_label",
            json_string(status_label(json_string_value(json_object_get(c, "status")))));
    }
    json_t *m = admin_model(r, "التعليقات", "comments");
    json_object_set_new(m, "moderation",
                        json_pack("{s:s, s:o, s:o, s:s, s:b}", "status", status, "tabs", tab_list,
                                  "items", items, "action", "/admin/comments", "empty",
                                  json_array_size(items) == 0));
    return admin_render(r, "admin-comments", m);
}

int admin_comments_act(struct req *r)
{
    const char *what = admin_field(r, "do");
    const char *status = strcmp(what, "approve") == 0  ? "approved"
                         : strcmp(what, "reject") == 0 ? "deleted"
                         : strcmp(what, "spam") == 0   ? "spam"
                                                       : NULL;
    if (!status && strcmp(what, "delete") != 0)
        return req_fail(r, 400, "bad_form", "اختر إجراءً: اعتماد أو رفض أو مزعج أو حذف.");
    /* Every id field of the form (checkboxes repeat the name). */
    int done = 0;
    for (const struct req_header *f = r->form; f; f = f->next) {
        if (strcmp(f->name, "id") != 0)
            continue;
        int64_t id = view_parse_id(f->value);
        if (id && (status ? store_comment_set_status(r->db, id, status)
                          : store_comment_delete(r->db, id)) == DB_OK)
            done++;
    }
    const char *back = req_form(r, "status");
    return admin_done(r,
                      back && *back ? arena_printf(&r->arena, "/admin/comments?status=%s",
                                                   strcmp(back, "approved") == 0  ? "approved"
                                                   : strcmp(back, "spam") == 0    ? "spam"
                                                   : strcmp(back, "deleted") == 0 ? "deleted"
                                                                                  : "pending")
                                    : "/admin/comments",
                      done ? "moderated" : NULL);
}
