/*
 * updates.c: what is appended to an article after it is written, each with its time:
 * corrections (shown on the page under the text, and in its JSON-LD), from the editor's page.
 */
#include "admin/admin.h"
#include "base/utf8.h"
#include "store/store.h"
#include "view/rules.h"
#include "view/url.h"

#include <string.h>

enum { CORRECTION_MAX = 2000 };

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
