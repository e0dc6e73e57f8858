/*
 * login.c: logging in and out of the newsroom.
 *
 * The login form carries a signed form token (web/formtoken.h), so a page elsewhere cannot log
 * a reader into an account of its choosing. Failed attempts are recorded and throttled: ten in
 * fifteen minutes from one address, or five for one account, and the form answers 429 with a
 * message until the window passes. The answer to a wrong login and to a wrong password is the
 * same, and costs the same (a password is checked even for an unknown login). ?next= leads back
 * only to a path on this site.
 */
#include "admin/admin.h"
#include "store/store.h"
#include "view/fail.h"
#include "web/auth.h"
#include "web/formtoken.h"

#include <string.h>

enum { WINDOW = 15 * 60, PER_CLIENT = 10, PER_ACCOUNT = 5 };

static int show_form(struct req *r, const char *login, const char *next, const char *error)
{
    json_t *m = admin_model(r, "تسجيل الدخول", NULL);
    json_t *form =
        json_pack("{s:s, s:s, s:s}", "login", login ? login : "", "next", admin_local_path(next),
                  "token", formtoken_issue(&r->arena, "login", 0, r->now));
    if (error)
        json_object_set_new(form, "error", json_string(error));
    json_object_set_new(m, "login", form);
    return admin_render(r, "admin-login", m);
}

int admin_login_form(struct req *r)
{
    if (auth_load(r) == AUTH_SESSION_UNKNOWABLE)
        return view_fail_db(r, DB_UNAVAILABLE);
    if (r->user)
        return admin_done(r, admin_local_path(req_query(r, "next")), NULL);
    return show_form(r, NULL, req_query(r, "next"), NULL);
}

int admin_login(struct req *r)
{
    const char *login = admin_field(r, "login"), *password = req_form(r, "password");
    const char *next = req_form(r, "next");
    const char *nonce;
    time_t issued;
    if (formtoken_check(&r->arena, req_form(r, "token"), "login", 0, r->now, 0, 86400, &nonce,
                        &issued) != FORMTOKEN_OK) {
        r->status = 400;
        return show_form(r, login, next, "انتهت صلاحية الصفحة. أعد إدخال بياناتك.");
    }
    /* The throttle fails closed: a login it cannot count is not tried. */
    int64_t from_client, for_account;
    json_t *user = NULL;
    int rc;
    if ((rc = store_login_failures(r->db, NULL, r->client, r->now - WINDOW, &from_client)) !=
            DB_OK ||
        (rc = store_login_failures(r->db, login, NULL, r->now - WINDOW, &for_account)) != DB_OK ||
        (*login && (rc = store_user_by_login(r->db, login, &user)) < 0))
        return view_fail_db(r, rc);
    if (from_client >= PER_CLIENT) {
        json_decref(user);
        r->status = 429;
        req_add_header(r, "Retry-After", "900");
        return show_form(r, login, next, "محاولات دخول كثيرة من هذا العنوان. حاول بعد ربع ساعة.");
    }
    if (for_account >= PER_ACCOUNT) {
        json_decref(user);
        r->status = 429;
        req_add_header(r, "Retry-After", "900");
        return show_form(r, login, next,
                         "أُوقف الدخول إلى هذا الحساب مؤقتًا بعد محاولات خاطئة. حاول بعد ربع ساعة.");
    }
    const char *hash = json_string_value(json_object_get(user, "pass_hash"));
    bool ok = auth_check_password(hash, password) && user &&
              !json_integer_value(json_object_get(user, "disabled"));
    int64_t id = json_integer_value(json_object_get(user, "id"));
    json_decref(user);
    if (!ok) {
        store_login_failure_add(r->db, login, r->client, r->now);
        r->status = 403;
        return show_form(r, login, next, "اسم المستخدم أو كلمة المرور غير صحيحة.");
    }
    if (auth_login(r, id) != 0)
        return req_fail(r, 500, "session_failed", NULL);
    return admin_done(r, admin_local_path(next), NULL);
}

int admin_logout(struct req *r)
{
    auth_logout(r);
    return admin_done(r, "/admin/login", NULL);
}
