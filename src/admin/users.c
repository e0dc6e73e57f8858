/*
 * users.c: /admin/users, for admins: the newsroom's people, adding one (login, name, role,
 * a first password), changing a role, disabling or enabling an account. An admin cannot
 * disable themselves or take away their own admin role (someone must be left to undo it).
 */
#include "admin/admin.h"
#include "store/store.h"
#include "view/fail.h"
#include "view/url.h"
#include "web/auth.h"

#include <string.h>

static const char *const roles[] = {"admin", "editor", "writer", "moderator"};

static int users_page(struct req *r, const char *error)
{
    json_t *items;
    int rc = store_users(r->db, &items);
    if (rc != DB_OK)
        return view_fail_db(r, rc);
    json_t *shown = json_array();
    size_t i;
    json_t *u;
    json_array_foreach(items, i, u) {
        if (json_is_null(json_object_get(u, "login")))
            continue; /* a byline without an account */
        const char *role = json_string_value(json_object_get(u, "role"));
        json_object_set_new(u, "role_label", json_string(auth_role_label(role)));
        json_object_set_new(u, "disabled",
                            json_boolean(json_integer_value(json_object_get(u, "disabled"))));
        /* The role choices, this user's own selected. */
        json_t *choices = json_array();
        for (size_t k = 0; k < sizeof roles / sizeof *roles; k++)
            json_array_append_new(choices, json_pack("{s:s, s:s, s:b}", "value", roles[k], "label",
                                                     auth_role_label(roles[k]), "selected",
                                                     strcmp(role, roles[k]) == 0));
        json_object_set_new(u, "roles", choices);
        json_object_set_new(u, "action",
                            json_sprintf("/admin/users/%lld",
                                         (long long)json_integer_value(json_object_get(u, "id"))));
        json_array_append(shown, u);
    }
    json_decref(items);
    json_t *role_list = json_array();
    for (size_t k = 0; k < sizeof roles / sizeof *roles; k++)
        json_array_append_new(role_list, json_pack("{s:s, s:s}", "value", roles[k], "label",
                                                   auth_role_label(roles[k])));
    json_t *m = admin_model(r, "المستخدمون", "users");
    json_object_set_new(m, "users",
                        json_pack("{s:o, s:o, s:s}", "items", shown, "roles", role_list,
                                  "create_action", "/admin/users"));
    if (error)
        admin_error(m, error);
    return admin_render(r, "admin-users", m);
}

int admin_users(struct req *r)
{
    return users_page(r, NULL);
}

/* A login: 2 to 32 of a-z, 0-9, '.', '_', '-', starting with a letter. */
static bool login_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 32 || !(s[0] >= 'a' && s[0] <= 'z'))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
              s[i] == '_' || s[i] == '-'))
            return false;
    return true;
}

static int refuse(struct req *r, int status, const char *message)
{
    r->status = status;
    return users_page(r, message);
}

int admin_user_create(struct req *r)
{
    const char *login = admin_field(r, "login"), *name = admin_field(r, "name");
    const char *role = admin_field(r, "role"), *password = req_form(r, "password");
    if (!login_ok(login))
        return refuse(r, 422,
                      "اسم المستخدم: من حرفين إلى ٣٢ من الحروف اللاتينية الصغيرة والأرقام "
                      "و. و_ و-، يبدأ بحرف.");
    if (!*name)
        return refuse(r, 422, "اكتب اسم المستخدم كما يظهر على المقالات.");
    if (!auth_role_valid(role))
        return refuse(r, 422, "اختر دورًا للمستخدم.");
    const char *problem = auth_password_problem(password);
    if (problem)
        return refuse(r, 422, problem);
    const char *hash = auth_hash_password(&r->arena, password);
    if (!hash)
        return req_fail(r, 503, "unavailable", NULL);
    int rc = store_user_add(r->db, login, name, role, hash, r->now, NULL);
    if (rc == DB_CONSTRAINT)
        return refuse(r, 409, "اسم المستخدم هذا مأخوذ.");
    if (rc != DB_OK)
        return req_fail(r, 500, "save_failed", NULL);
    return admin_done(r, "/admin/users", "user_created");
}

int admin_user_update(struct req *r)
{
    int64_t id = view_parse_id(req_param(r, "id"));
    const char *what = admin_field(r, "do");
    int rc;
    if (strcmp(what, "role") == 0) {
        const char *role = admin_field(r, "role");
        if (!auth_role_valid(role))
            return refuse(r, 422, "اختر دورًا للمستخدم.");
        if (id == r->user->id && strcmp(role, "admin") != 0)
            return refuse(r, 422, "لا يمكنك أن تنزع عن نفسك دور مدير الموقع.");
        rc = store_user_set_role(r->db, id, role);
    } else if (strcmp(what, "disable") == 0 || strcmp(what, "enable") == 0) {
        if (id == r->user->id)
            return refuse(r, 422, "لا يمكنك تعطيل حسابك.");
        rc = store_user_set_disabled(r->db, id, what[0] == 'd');
    } else {
        return req_fail(r, 400, "bad_form", "طلب غير معروف.");
    }
    if (rc == DB_DONE)
        return req_fail(r, 404, "not_found", "لا يوجد مستخدم بهذا الرقم.");
    if (rc != DB_OK)
        return req_fail(r, 500, "save_failed", NULL);
    return admin_done(r, "/admin/users", "user_saved");
}
