/*
 * revisions.c: an article's earlier versions: the list, what changed between one and the
 * current version (line by line, per field), and bringing one back (the current version is kept
 * as a revision in its turn, so nothing is ever lost).
 */
#include "admin/admin.h"
#include "store/store.h"
#include "text/diff.h"
#include "view/fail.h"
#include "view/rules.h"
#include "view/url.h"

#include <string.h>

int admin_revisions(struct req *r)
{
    int64_t id = view_parse_id(req_param(r, "id"));
    json_t *a = view_article_editable(r, id);
    if (!a)
        return -1;
    json_t *items;
    int rc = store_revisions(r->db, id, &items);
    if (rc != DB_OK) {
        json_decref(a);
        return view_fail_db(r, rc);
    }
    size_t i;
    json_t *rev;
    json_array_foreach(items, i, rev) {
        int64_t rid = json_integer_value(json_object_get(rev, "id"));
        json_object_set_new(
            rev, "when",
            json_string(admin_when(r, json_integer_value(json_object_get(rev, "created_at")))));
        if (!json_is_string(json_object_get(rev, "who")))
            json_object_set_new(rev, "who", json_string(""));
        json_object_set_new(
            rev, "diff_url",
            json_sprintf("/admin/articles/%lld/revisions/%lld", (long long)id, (long long)rid));
    }
    json_t *m = admin_model(r, "النسخ السابقة", "articles");
    json_object_set_new(m, "revisions",
                        json_pack("{s:{s:O, s:o}, s:o}", "article", "title",
                                  json_object_get(a, "title"), "edit_url",
                                  json_sprintf("/admin/articles/%lld/edit", (long long)id), "items",
                                  items));
    json_decref(a);
    return admin_render(r, "admin-revisions", m);
}

static void add_line(void *ctx, enum diff_kind kind, const char *line, size_t n)
{
    static const char *const names[] = {
        [DIFF_SAME] = "same", [DIFF_REMOVED] = "removed", [DIFF_ADDED] = "added"};
    json_array_append_new(ctx, json_pack("{s:s%, s:b}", "text", line, n, names[kind], 1));
}

/* One field's lines, old against new. */
static json_t *field_diff(const char *label, const char *old_text, const char *new_text)
{
    json_t *lines = json_array();
    diff_lines(old_text, new_text, add_line, lines);
    return json_pack("{s:s, s:b, s:o}", "label", label, "changed", strcmp(old_text, new_text) != 0,
                     "lines", lines);
}

int admin_diff(struct req *r)
{
    int64_t id = view_parse_id(req_param(r, "id"));
    int64_t rid = view_parse_id(req_param(r, "rid"));
    json_t *a = view_article_editable(r, id);
    if (!a)
        return -1;
    json_t *rev = NULL;
    int rc = rid ? store_revision_get(r->db, id, rid, &rev) : DB_DONE;
    if (rc != DB_OK) {
        json_decref(a);
        return rc == DB_DONE ? req_fail(r, 404, "not_found", "لا توجد نسخة بهذا الرقم لهذا المقال.")
                             : view_fail_db(r, rc);
    }
    static const struct {
        const char *key, *label;
    } fields[] = {{"title", "العنوان"}, {"dek", "الملخص"}, {"body", "النص"}};
    json_t *diffs = json_array();
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        json_array_append_new(diffs,
                              field_diff(fields[i].label,
                                         json_string_value(json_object_get(rev, fields[i].key)),
                                         json_string_value(json_object_get(a, fields[i].key))));
    const char *who = json_string_value(json_object_get(rev, "who"));
    json_t *m = admin_model(r, "مقارنة نسخة", "articles");
    json_object_set_new(
        m, "diff",
        json_pack("{s:{s:O, s:o}, s:{s:I, s:s, s:s}, s:o, s:o}", "article", "title",
                  json_object_get(a, "title"), "edit_url",
                  json_sprintf("/admin/articles/%lld/edit", (long long)id), "revision", "id",
                  (json_int_t)rid, "when",
                  admin_when(r, json_integer_value(json_object_get(rev, "created_at"))), "who",
                  who ? who : "", "fields", diffs, "restore_action",
                  json_sprintf("/admin/articles/%lld/revisions/%lld/restore", (long long)id,
                               (long long)rid)));
    json_decref(rev);
    json_decref(a);
    return admin_render(r, "admin-diff", m);
}

int admin_restore(struct req *r)
{
    int64_t id = view_parse_id(req_param(r, "id"));
    int64_t rid = view_parse_id(req_param(r, "rid"));
    json_t *a = view_article_editable(r, id);
    if (!a)
        return -1;
    json_decref(a);
    int rc = rid ? store_article_restore(r->db, id, rid, r->user->id, r->now) : DB_DONE;
    if (rc == DB_DONE)
        return req_fail(r, 404, "not_found", "لا توجد نسخة بهذا الرقم لهذا المقال.");
    if (rc != DB_OK)
        return req_fail(r, 500, "restore_failed", "تعذّرت الاستعادة. لم يتغيّر شيء.");
    return admin_done(r, arena_printf(&r->arena, "/admin/articles/%lld/edit", (long long)id),
                      "restored");
}
