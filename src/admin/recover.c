/*
 * recover.c: keeping what was typed in the editor when it cannot be saved yet (admin.h).
 *
 * A save that arrives after the session ended, or with an expired form, never reaches the
 * editor's handler (the dispatcher refuses it); the dispatcher hands it here instead. The
 * fields are kept as the recovery draft of the session's user (an expired session still says
 * whose it was), and the answer says so, links to logging in again with the editor as the page
 * to come back to (where the draft is shown), and shows the text itself, to copy, for the case
 * where nobody can be told (the session was ended by logging out). The editor's script also
 * keeps the form here every 30 seconds (autosave); saving the article forgets the draft.
 */
#include "admin/admin.h"
#include "store/store.h"
#include "text/escape.h"
#include "view/dates.h"
#include "view/render.h"
#include "view/rules.h"
#include "view/url.h"
#include "web/auth.h"

#include <string.h>

/* The article the route names (0 for a new article). */
static int64_t route_article(struct req *r)
{
    return view_parse_id(req_param(r, "id"));
}

/* The editor's address for article id, showing the recovered draft. */
static const char *recover_path(struct req *r, int64_t id)
{
    return id ? arena_printf(&r->arena, "/admin/articles/%lld/edit?recover=1", (long long)id)
              : "/admin/articles/new?recover=1";
}

void admin_keep_form(struct req *r, const char *code)
{
    int64_t id = route_article(r);
    int64_t owner = r->user ? r->user->id : auth_session_owner(r);
    struct article_form f = admin_form_of_request(r);
    bool kept = false;
    if (owner && !req_form_bad(r)) {
        json_t *fields = admin_form_json(&f);
        kept = store_draft_put(r->db, owner, id, fields, r->now) == DB_OK;
        json_decref(fields);
    }
    bool expired = strcmp(code, "login_required") == 0;
    const char *back = recover_path(r, id);
    struct buf login = BUF_INIT;
    buf_puts(&login, "/admin/login?next=");
    esc_url(&login, back, strlen(back));

    r->user = NULL; /* the page is shown as to someone logged out: no menu, no token */
    json_t *m = admin_model(r, expired ? "انتهت جلستك" : "انتهت صلاحية النموذج", NULL);
    json_object_set_new(m, "recover",
                        json_pack("{s:b, s:b, s:s, s:s, s:s, s:s}", "expired", expired, "kept",
                                  kept, "login_url", buf_str(&login), "back_url", back, "title",
                                  f.title, "body", f.body));
    buf_free(&login);
    r->status = 403;
    admin_render(r, "admin-recover", m);
}

int admin_autosave(struct req *r)
{
    int64_t id = route_article(r);
    if (id) {
        json_t *a = view_article_editable(r, id);
        if (!a)
            return -1;
        json_decref(a);
    }
    struct article_form f = admin_form_of_request(r);
    json_t *fields = admin_form_json(&f);
    int rc = store_draft_put(r->db, r->user->id, id, fields, r->now);
    json_decref(fields);
    if (rc != DB_OK)
        return req_fail(r, rc == DB_BUSY ? 503 : 500, "save_failed",
                        "تعذّر حفظ المسودة الآن؛ سنحاول من جديد.");
    json_t *out = json_pack("{s:b, s:I, s:o, s:s}", "saved", 1, "saved_at", (json_int_t)r->now,
                            "datetime", view_iso_time(r->now), "when", admin_when(r, r->now));
    req_add_header(r, "Cache-Control", "no-store");
    return view_json(r, 200, out);
}

int admin_draft_discard(struct req *r)
{
    int64_t id = route_article(r);
    if (store_draft_delete(r->db, r->user->id, id) != DB_OK)
        return req_fail(r, 500, "save_failed", NULL);
    return admin_done(r,
                      id ? arena_printf(&r->arena, "/admin/articles/%lld/edit", (long long)id)
                         : "/admin/articles/new",
                      "draft_discarded");
}
