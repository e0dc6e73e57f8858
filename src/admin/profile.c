/*
 * profile.c: author profiles, what bylines and author pages show of a person: the display name,
 * a bio, a photo (an address for now; a media library will offer its images) and links (one a
 * line). Each user edits their own on /admin/account; admins edit anyone's, bylines without an
 * account included, on /admin/users/{id}/profile.
 */
#include "admin/admin.h"
#include "base/utf8.h"
#include "store/store.h"
#include "text/list.h"
#include "view/fail.h"
#include "view/url.h"
#include "web/auth.h"

#include <string.h>

enum { NAME_MAX_CHARS = 80, BIO_MAX_CHARS = 1000, LINKS_MAX = 5 };

json_t *admin_profile_model(struct req *r, json_t *user, const char *action)
{
    const char *keys[] = {"name", "bio", "photo_url", "links"};
    json_t *p = json_pack("{s:s, s:O}", "action", action, "slug", json_object_get(user, "slug"));
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        const char *v = req_form(r, keys[i]) ? admin_field(r, keys[i])
                                             : json_string_value(json_object_get(user, keys[i]));
        json_object_set_new(p, keys[i], json_string(v ? v : ""));
    }
    return p;
}

/* The problem with a text field: NULL when it is 1 (or 0, when it may be empty) to max
 * characters of valid text, without line breaks unless lines. */
static bool text_ok(const char *s, size_t max, bool may_be_empty, bool lines)
{
    size_t n = strlen(s);
    if ((!n && !may_be_empty) || utf8_length(s, n) > max || utf8_has_controls(s, n))
        return false;
    return lines || !strpbrk(s, "\r\n\t");
}

int admin_profile_save(struct req *r, int64_t id, const char *done_path,
                       int (*again)(struct req *r, const char *error))
{
    const char *name = admin_field(r, "name"), *bio = admin_field(r, "bio");
    const char *photo = admin_field(r, "photo_url"), *links = admin_field(r, "links");
    const char *problem = NULL;
    if (!text_ok(name, NAME_MAX_CHARS, false, false))
        problem = "الاسم الظاهر مطلوب، حتى ٨٠ حرفًا في سطر واحد.";
    else if (!text_ok(bio, BIO_MAX_CHARS, true, true))
        problem = "النبذة حتى ألف حرف.";
    else if (*photo && !view_url_ok(photo))
        problem = "عنوان الصورة رابط يبدأ بـ https:// أو مسار على الموقع يبدأ بـ /.";
    json_t *list = text_split_list(links);
    size_t i;
    json_t *link;
    json_array_foreach(list, i, link) {
        const char *url = json_string_value(link);
        if (!problem && (url[0] == '/' || !view_url_ok(url)))
            problem = "كل رابط في سطر، ويبدأ بـ https://.";
    }
    if (!problem && json_array_size(list) > LINKS_MAX)
        problem = "خمسة روابط على الأكثر.";
    /* Stored one a line, as the entries were read. */
    struct buf lines = BUF_INIT;
    json_array_foreach(list, i, link) {
        buf_printf(&lines, "%s%s", i ? "\n" : "", json_string_value(link));
    }
    json_decref(list);
    if (problem) {
        buf_free(&lines);
        r->status = 422;
        return again(r, problem);
    }
    int rc = store_user_set_profile(r->db, id, name, bio, photo, buf_str(&lines));
    buf_free(&lines);
    if (rc == DB_DONE)
        return req_fail(r, 404, "not_found", "لا يوجد مستخدم بهذا الرقم.");
    if (rc != DB_OK)
        return req_fail(r, 500, "save_failed", NULL);
    return admin_done(r, done_path, "profile_saved");
}

/* An admin's page for someone's profile. */
static int user_profile_page(struct req *r, const char *error)
{
    int64_t id = view_parse_id(req_param(r, "id"));
    json_t *user = NULL;
    int rc = id ? store_user_get(r->db, id, &user) : DB_DONE;
    if (rc < 0)
        return view_fail_db(r, rc);
    if (rc == DB_DONE)
        return req_fail(r, 404, "not_found", "لا يوجد مستخدم بهذا الرقم.");
    json_t *m = admin_model(r, "الملف الشخصي", "users");
    json_t *p = admin_profile_model(
        r, user, arena_printf(&r->arena, "/admin/users/%lld/profile", (long long)id));
    json_object_set_new(p, "login", json_incref(json_object_get(user, "login")));
    json_object_set_new(m, "profile", p);
    json_decref(user);
    if (error)
        admin_error(m, error);
    return admin_render(r, "admin-profile", m);
}

int admin_user_profile(struct req *r)
{
    return user_profile_page(r, NULL);
}

int admin_user_profile_save(struct req *r)
{
    int64_t id = view_parse_id(req_param(r, "id"));
    return admin_profile_save(r, id,
                              arena_printf(&r->arena, "/admin/users/%lld/profile", (long long)id),
                              user_profile_page);
}
