/*
 * account.c: /admin/account, the user's own account: changing the password (the current one is
 * asked again; every other session ends, and this one gets a new token), and logging out
 * everywhere.
 */
#include "admin/admin.h"
#include "store/store.h"
#include "view/fail.h"
#include "web/auth.h"

#include <string.h>

static int account_page(struct req *r, const char *error)
{
    json_t *m = admin_model(r, "حسابي", "account");
    json_object_set_new(m, "account",
                        json_pack("{s:s, s:s}", "password_action", "/admin/account/password",
                                  "logout_all_action", "/admin/account/logout-all"));
    if (error)
        admin_error(m, error);
    return admin_render(r, "admin-account", m);
}

int admin_account(struct req *r)
{
    return account_page(r, NULL);
}

int admin_password(struct req *r)
{
    const char *current = req_form(r, "current"), *password = req_form(r, "password");
    const char *confirm = req_form(r, "confirm");
    json_t *user;
    int rc = store_user_get(r->db, r->user->id, &user);
    if (rc < 0)
        return view_fail_db(r, rc);
    bool ok = auth_check_password(json_string_value(json_object_get(user, "pass_hash")), current);
    json_decref(user);
    const char *problem = !ok ? "كلمة المرور الحالية غير صحيحة." : auth_password_problem(password);
    if (!problem && (!confirm || strcmp(password, confirm) != 0))
        problem = "كلمتا المرور الجديدتان غير متطابقتين.";
    if (problem) {
        r->status = ok ? 422 : 403;
        return account_page(r, problem);
    }
    const char *hash = auth_hash_password(&r->arena, password);
    if (!hash || store_user_set_password(r->db, r->user->id, hash) != DB_OK ||
        store_sessions_end_user(r->db, r->user->id) != DB_OK || auth_login(r, r->user->id) != 0)
        return req_fail(r, 500, "save_failed", NULL);
    return admin_done(r, "/admin/account", "password");
}

int admin_logout_all(struct req *r)
{
    store_sessions_end_user(r->db, r->user->id);
    auth_logout(r);
    return admin_done(r, "/admin/login", NULL);
}
