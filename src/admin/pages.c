/*
 * pages.c: the site's static pages in the newsroom (/admin/pages), for editors and admins: the
 * list, and an editor of their own for each (title, the address /p/{slug} with a preview of
 * it, the text in Markdown, whether the footer links to it and in which order). Saving applies
 * at once; a changed address leaves a redirect from the old one.
 */
#include "admin/admin.h"
#include "base/utf8.h"
#include "store/store.h"
#include "text/slug.h"
#include "view/blocks.h"
#include "view/fail.h"
#include "view/url.h"

#include <stdlib.h>
#include <string.h>

int admin_pages(struct req *r)
{
    json_t *items;
    int rc = store_pages(r->db, false, &items);
    if (rc != DB_OK)
        return view_fail_db(r, rc);
    size_t i;
    json_t *p;
    json_array_foreach(items, i, p) {
        int64_t id = json_integer_value(json_object_get(p, "id"));
        json_object_set_new(p, "edit_url", json_sprintf("/admin/pages/%lld/edit", (long long)id));
        json_object_set_new(p, "view_url",
                            json_sprintf("/p/%s", json_string_value(json_object_get(p, "slug"))));
        admin_set_when(r, p, "updated", "updated_at");
        json_object_set_new(p, "in_footer",
                            json_boolean(json_integer_value(json_object_get(p, "in_footer"))));
        json_object_del(p, "body");
    }
    json_t *m = admin_model(r, "صفحات الموقع", "pages");
    json_object_set_new(
        m, "pages", json_pack("{s:o, s:b}", "items", items, "empty", json_array_size(items) == 0));
    return admin_render(r, "admin-pages", m);
}

/* The page editor for page id (0: a new one) with the fields of p ({"title","slug","body",
 * "in_footer","position"}, taken), and what went wrong, if anything. */
static int page_editor(struct req *r, int64_t id, json_t *p, const char *error)
{
    json_t *m = admin_model(r, id ? "تحرير صفحة" : "صفحة جديدة", "pages");
    json_object_set_new(p, "is_new", json_boolean(!id));
    json_object_set_new(p, "action",
                        id ? json_sprintf("/admin/pages/%lld/edit", (long long)id)
                           : json_string("/admin/pages/new"));
    if (id) {
        json_object_set_new(p, "delete_action",
                            json_sprintf("/admin/pages/%lld/delete", (long long)id));
        json_object_set_new(p, "view_url",
                            json_sprintf("/p/%s", json_string_value(json_object_get(p, "slug"))));
    }
    json_object_set_new(
        p, "address",
        json_string(admin_address(r, "page", 0, json_string_value(json_object_get(p, "slug")),
                                  json_string_value(json_object_get(p, "title")))));
    json_object_set_new(m, "page_editor", p);
    if (error)
        admin_error(m, error);
    r->csp |= REQ_CSP_SCRIPTS; /* the address preview and the warning before leaving */
    return admin_render(r, "admin-page-editor", m);
}

int admin_page_new(struct req *r)
{
    return page_editor(r, 0,
                       json_pack("{s:s, s:s, s:s, s:b, s:i}", "title", "", "slug", "", "body", "",
                                 "in_footer", 1, "position", 0),
                       NULL);
}

int admin_page_edit(struct req *r)
{
    int64_t id = view_parse_id(req_param(r, "id"));
    json_t *p = NULL;
    int rc = id ? store_page_get(r->db, id, &p) : DB_DONE;
    if (rc < 0)
        return view_fail_db(r, rc);
    if (rc == DB_DONE)
        return req_fail(r, 404, "not_found", "لا توجد صفحة بهذا الرقم.");
    json_object_set_new(p, "in_footer",
                        json_boolean(json_integer_value(json_object_get(p, "in_footer"))));
    return page_editor(r, id, p, NULL);
}

/* Create (no :id) or save a page. */
int admin_page_save(struct req *r)
{
    int64_t id = view_parse_id(req_param(r, "id"));
    const char *title = admin_field(r, "title"), *slug_field = admin_field(r, "slug");
    const char *body = req_form(r, "body") ? req_form(r, "body") : "";
    bool in_footer = req_form(r, "in_footer") != NULL;
    int64_t position = strtoll(admin_field(r, "position"), NULL, 10);
    struct buf slug = BUF_INIT;
    slug_make(&slug, *slug_field ? slug_field : title, strlen(*slug_field ? slug_field : title));
    json_t *fields =
        json_pack("{s:s, s:s, s:s, s:b, s:I}", "title", title, "slug", buf_str(&slug), "body", body,
                  "in_footer", in_footer, "position", (json_int_t)position);
    size_t tn = strlen(title), bn = strlen(body);
    const char *problem = NULL;
    if (!tn || utf8_length(title, tn) > 200 || utf8_has_controls(title, tn))
        problem = "اكتب عنوان الصفحة (حتى ٢٠٠ حرف).";
    else if (!slug.len)
        problem = "اكتب اسمًا للصفحة في رابطها.";
    else if (utf8_length(body, bn) > 200000 || utf8_has_controls(body, bn))
        problem = "النص أطول من المسموح أو فيه محارف غير مسموحة.";
    else if (position < 0 || position > 999)
        problem = "الترتيب عدد من ٠ إلى ٩٩٩.";
    int rc = DB_OK;
    if (!problem) {
        rc = store_page_save(r->db, &id, buf_str(&slug), title, body, in_footer, (int)position,
                             r->now);
        if (rc == DB_CONSTRAINT)
            problem = "توجد صفحة بهذا الرابط. اختر رابطًا آخر.";
    }
    buf_free(&slug);
    if (problem) {
        r->status = rc == DB_CONSTRAINT ? 409 : 422;
        return page_editor(r, view_parse_id(req_param(r, "id")), fields, problem);
    }
    json_decref(fields);
    if (rc == DB_DONE)
        return req_fail(r, 404, "not_found", "لا توجد صفحة بهذا الرقم.");
    if (rc != DB_OK)
        return req_fail(r, 500, "save_failed", NULL);
    blocks_refresh(r->db, r->now); /* the footer's links, at once */
    return admin_done(r, arena_printf(&r->arena, "/admin/pages/%lld/edit", (long long)id),
                      "page_saved");
}

int admin_page_delete(struct req *r)
{
    int64_t id = view_parse_id(req_param(r, "id"));
    int rc = store_page_delete(r->db, id);
    if (rc == DB_DONE)
        return req_fail(r, 404, "not_found", "لا توجد صفحة بهذا الرقم.");
    if (rc != DB_OK)
        return req_fail(r, 500, "save_failed", NULL);
    blocks_refresh(r->db, r->now);
    return admin_done(r, "/admin/pages", "page_deleted");
}
