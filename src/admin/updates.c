/*
 * updates.c: what is appended to an article after it is written, each with its time, from the
 * editor's page: corrections (shown on the page under the text, and in its JSON-LD), and live
 * coverage (an article made a live page gets updates, shown newest first above its text, which
 * readers' pages fetch as they come).
 */
#include "admin/admin.h"
#include "base/utf8.h"
#include "store/store.h"
#include "view/rules.h"
#include "view/url.h"

#include <string.h>

enum { CORRECTION_MAX = 2000, UPDATE_MAX = 10000 };

int admin_corrections_add(struct req *r)
{
    int64_t id = view_parse_id(req_param(r, "id"));
    json_t *a = view_article_editable(r, id);
    if (!a)
        return -1;
    json_decref(a);
    const char *body = admin_field(r, "correction");
    size_t n = strlen(body);
    if (!n || utf8_length(body, n) > CORRECTION_MAX || utf8_has_controls(body, n))
        return req_fail(r, 422, "invalid", "اكتب نص التصحيح (حتى ألفي حرف): ما الخطأ، وما الصواب.");
    int rc = store_correction_add(r->db, id, r->user->id, body, r->now);
    if (rc == DB_DONE)
        return req_fail(r, 404, "not_found", "لا يوجد مقال بهذا الرقم.");
    if (rc != DB_OK)
        return req_fail(r, 500, "save_failed", NULL);
    return admin_done(r, arena_printf(&r->arena, "/admin/articles/%lld/edit", (long long)id),
                      "corrected");
}

/* The article of the route, if the user may edit it (else after req_fail()). */
static int64_t editable(struct req *r)
{
    int64_t id = view_parse_id(req_param(r, "id"));
    json_t *a = view_article_editable(r, id);
    if (!a)
        return 0;
    json_decref(a);
    return id;
}

static int back_to_editor(struct req *r, int64_t id, const char *done)
{
    return admin_done(r, arena_printf(&r->arena, "/admin/articles/%lld/edit", (long long)id), done);
}

int admin_live_set(struct req *r)
{
    int64_t id = editable(r);
    if (!id)
        return -1;
    const char *what = admin_field(r, "do");
    if (strcmp(what, "start") != 0 && strcmp(what, "stop") != 0)
        return req_fail(r, 400, "bad_form", "طلب غير معروف.");
    bool on = what[2] == 'a';
    if (store_live_set(r->db, id, on, r->now) != DB_OK)
        return req_fail(r, 500, "save_failed", NULL);
    return back_to_editor(r, id, on ? "live_started" : "live_stopped");
}

int admin_live_update_add(struct req *r)
{
    int64_t id = editable(r);
    if (!id)
        return -1;
    const char *body = admin_field(r, "update");
    size_t n = strlen(body);
    if (!n || utf8_length(body, n) > UPDATE_MAX || utf8_has_controls(body, n))
        return req_fail(r, 422, "invalid", "اكتب نص التحديث (حتى عشرة آلاف حرف).");
    int rc = store_live_update_add(r->db, id, r->user->id, body, r->now, NULL);
    if (rc == DB_DONE)
        return req_fail(r, 409, "not_live", "المقال ليس تغطية مباشرة: اجعله كذلك أولًا.");
    if (rc != DB_OK)
        return req_fail(r, 500, "save_failed", NULL);
    return back_to_editor(r, id, "live_updated");
}

int admin_live_update_delete(struct req *r)
{
    int64_t id = editable(r);
    if (!id)
        return -1;
    int rc = store_live_update_delete(r->db, id, view_parse_id(req_param(r, "uid")), r->now);
    if (rc == DB_DONE)
        return req_fail(r, 404, "not_found", "لا يوجد تحديث بهذا الرقم في هذا المقال.");
    if (rc != DB_OK)
        return req_fail(r, 500, "save_failed", NULL);
    return back_to_editor(r, id, "live_update_deleted");
}
