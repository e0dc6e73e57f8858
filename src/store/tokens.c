/*
 * tokens.c: API tokens (docs/API.md, "Tokens"). Like session tokens, they arrive here as their
 * hashes (web/auth.c): the database never holds a token that could be used as it is.
 */
#include "store/store.h"

int store_token_add(struct db *db, int64_t user_id, const char *token_hash, const char *scope,
                    const char *label, int64_t now, int64_t *id)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "INSERT INTO api_tokens(user_id, token_hash, scope, label, created_at)"
                   " VALUES(:user, :hash, :scope, :label, :now) RETURNING id") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":user", user_id);
    db_bind_text(&q, ":hash", token_hash);
    db_bind_text(&q, ":scope", scope);
    db_bind_text(&q, ":label", label ? label : "");
    db_bind_int(&q, ":now", now);
    int rc = db_step(&q);
    if (rc == DB_ROW && id)
        *id = db_col_int(&q, 0);
    db_finalize(&q);
    return rc == DB_ROW ? DB_OK : rc;
}

int store_token_get(struct db *db, const char *token_hash, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q,
                        "SELECT k.id AS token_id, k.scope, u.id, u.login, u.name, u.slug, u.role"
                        " FROM api_tokens k JOIN users u ON u.id = k.user_id"
                        " WHERE k.token_hash = :hash AND k.revoked_at IS NULL AND u.disabled = 0"
                        "  AND u.login IS NOT NULL");
    if (rc != DB_OK)
        return rc;
    db_bind_text(&q, ":hash", token_hash);
    return db_one_json(&q, out);
}

int store_token_touch(struct db *db, int64_t token_id, int64_t now)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "UPDATE api_tokens SET last_used_at = :now WHERE id = :id") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", token_id);
    db_bind_int(&q, ":now", now);
    return db_run(&q);
}

int store_tokens(struct db *db, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q,
                        "SELECT k.id, u.login, k.scope, k.label, k.created_at, k.last_used_at,"
                        "  k.revoked_at"
                        " FROM api_tokens k JOIN users u ON u.id = k.user_id ORDER BY k.id");
    if (rc != DB_OK)
        return rc;
    return db_rows_json(&q, out);
}

int store_token_revoke(struct db *db, int64_t id, int64_t now)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, :now)"
                   " WHERE id = :id") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", id);
    db_bind_int(&q, ":now", now);
    return db_run_changing(&q);
}
