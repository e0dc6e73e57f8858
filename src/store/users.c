/*
 * users.c: the newsroom's people (who log in, and bylines), their sessions, and failed logins.
 * Passwords arrive here already hashed (web/auth.c); session tokens arrive as their hashes, so
 * the database never holds anything that logs in by itself.
 */
#include "store/store.h"
#include "base/buf.h"
#include "store/index.h"
#include "text/slug.h"

#include <string.h>

#define USER_COLUMNS                                                                               \
    "SELECT id, login, slug, name, bio, photo_url, links, role, pass_hash, disabled FROM users"

int store_user_add(struct db *db, const char *login, const char *name, const char *role,
                   const char *pass_hash, int64_t now, int64_t *id)
{
    /* The byline's address is made from the login (Latin, usually), else the name. */
    struct buf slug = BUF_INIT;
    slug_make(&slug, login, strlen(login));
    if (slug.len == 0)
        slug_make(&slug, name, strlen(name));
    struct db_stmt q;
    int rc = DB_ERROR;
    if (db_prepare(db, &q,
                   "INSERT INTO users(login, slug, name, role, pass_hash, created_at)"
                   " VALUES(:login, :slug, :name, :role, :hash, :now) RETURNING id") == DB_OK) {
        db_bind_text(&q, ":login", login);
        db_bind_text(&q, ":slug", slug.len ? buf_str(&slug) : login);
        db_bind_text(&q, ":name", name);
        db_bind_text(&q, ":role", role);
        db_bind_text(&q, ":hash", pass_hash);
        db_bind_int(&q, ":now", now);
        rc = db_step(&q);
        if (rc == DB_ROW && id)
            *id = db_col_int(&q, 0);
        db_finalize(&q);
        rc = rc == DB_ROW ? DB_OK : rc;
    }
    buf_free(&slug);
    return rc;
}

int store_user_by_login(struct db *db, const char *login, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q, USER_COLUMNS " WHERE login = :login");
    if (rc != DB_OK)
        return rc;
    db_bind_text(&q, ":login", login);
    return db_one_json(&q, out);
}

int store_user_get(struct db *db, int64_t id, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q, USER_COLUMNS " WHERE id = :id");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":id", id);
    return db_one_json(&q, out);
}

int store_users(struct db *db, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc =
        db_prepare(db, &q,
                   "SELECT id, login, slug, name, role, disabled,"
                   "  (SELECT count(*) FROM articles a WHERE a.author_id = users.id) AS articles"
                   " FROM users ORDER BY login IS NULL, name");
    if (rc != DB_OK)
        return rc;
    return db_rows_json(&q, out);
}

int store_user_set_profile(struct db *db, int64_t id, const char *name, const char *bio,
                           const char *photo_url, const char *links)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "UPDATE users SET name = :name, bio = :bio, photo_url = :photo, links = :links"
                   " WHERE id = :id") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", id);
    db_bind_text(&q, ":name", name);
    db_bind_text(&q, ":bio", bio);
    db_bind_text(&q, ":photo", photo_url);
    db_bind_text(&q, ":links", links);
    /* Bylines and author pages show the profile: cached pages must go. */
    return store_write_visible(db, &q, true, 0);
}

int store_user_set_password(struct db *db, int64_t id, const char *pass_hash)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "UPDATE users SET pass_hash = :hash WHERE id = :id") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", id);
    db_bind_text(&q, ":hash", pass_hash);
    return db_run_changing(&q);
}

int store_user_set_role(struct db *db, int64_t id, const char *role)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "UPDATE users SET role = :role WHERE id = :id") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", id);
    db_bind_text(&q, ":role", role);
    return db_run_changing(&q);
}

int store_user_set_disabled(struct db *db, int64_t id, bool disabled)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "UPDATE users SET disabled = :disabled WHERE id = :id") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", id);
    db_bind_int(&q, ":disabled", disabled);
    int rc = db_run_changing(&q);
    /* A disabled user is logged out everywhere at once. */
    if (rc == DB_OK && disabled)
        rc = store_sessions_end_user(db, id);
    return rc;
}

/* Sessions. */

int store_session_add(struct db *db, int64_t user_id, const char *token_hash, const char *csrf,
                      const char *client, int64_t now, int64_t expires_at)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "INSERT INTO sessions(user_id, token_hash, csrf, created_at, seen_at,"
                   "  expires_at, client)"
                   " VALUES(:user, :hash, :csrf, :now, :now, :expires, :client)") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":user", user_id);
    db_bind_text(&q, ":hash", token_hash);
    db_bind_text(&q, ":csrf", csrf);
    db_bind_int(&q, ":now", now);
    db_bind_int(&q, ":expires", expires_at);
    db_bind_text(&q, ":client", client ? client : "");
    return db_run(&q);
}

int store_session_get(struct db *db, const char *token_hash, int64_t now, int64_t idle,
                      json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc =
        db_prepare(db, &q,
                   "SELECT s.id AS session_id, s.csrf, s.seen_at, u.id, u.login, u.name, u.slug,"
                   "  u.role"
                   " FROM sessions s JOIN users u ON u.id = s.user_id"
                   " WHERE s.token_hash = :hash AND s.expires_at > :now"
                   "  AND s.seen_at > :now - :idle AND u.disabled = 0");
    if (rc != DB_OK)
        return rc;
    db_bind_text(&q, ":hash", token_hash);
    db_bind_int(&q, ":now", now);
    db_bind_int(&q, ":idle", idle);
    return db_one_json(&q, out);
}

int store_session_owner(struct db *db, const char *token_hash, int64_t *user_id)
{
    struct db_stmt q;
    int rc = db_prepare(db, &q,
                        "SELECT u.id FROM sessions s JOIN users u ON u.id = s.user_id"
                        " WHERE s.token_hash = :hash AND u.disabled = 0");
    if (rc != DB_OK)
        return rc;
    db_bind_text(&q, ":hash", token_hash);
    return db_one_int(&q, user_id);
}

int store_session_touch(struct db *db, int64_t session_id, int64_t now)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "UPDATE sessions SET seen_at = :now WHERE id = :id") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", session_id);
    db_bind_int(&q, ":now", now);
    return db_run(&q);
}

int store_session_end(struct db *db, int64_t session_id)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "DELETE FROM sessions WHERE id = :id") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", session_id);
    return db_run(&q);
}

int store_sessions_end_user(struct db *db, int64_t user_id)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "DELETE FROM sessions WHERE user_id = :user") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":user", user_id);
    return db_run(&q);
}

/* Failed logins. */

int store_login_failure_add(struct db *db, const char *login, const char *client, int64_t now)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "INSERT INTO login_failures(login, client, at) VALUES(:login, :client, :now)") !=
        DB_OK)
        return DB_ERROR;
    db_bind_text(&q, ":login", login);
    db_bind_text(&q, ":client", client);
    db_bind_int(&q, ":now", now);
    int rc = db_run(&q);
    if (rc != DB_OK || db_prepare(db, &q, "DELETE FROM login_failures WHERE at < :old") != DB_OK)
        return rc;
    db_bind_int(&q, ":old", now - 86400);
    return db_run(&q);
}

int store_login_failures(struct db *db, const char *login, const char *client, int64_t since,
                         int64_t *n)
{
    struct db_stmt q;
    int rc;
    *n = 0;
    if (login) {
        rc = db_prepare(db, &q,
                        "SELECT count(*) FROM login_failures WHERE login = :login AND at > :since");
        if (rc != DB_OK)
            return rc;
        db_bind_text(&q, ":login", login);
    } else {
        rc = db_prepare(db, &q,
                        "SELECT count(*) FROM login_failures WHERE client = :client"
                        " AND at > :since");
        if (rc != DB_OK)
            return rc;
        db_bind_text(&q, ":client", client);
    }
    db_bind_int(&q, ":since", since);
    return db_one_int(&q, n);
}
