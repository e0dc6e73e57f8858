/* auth.c: passwords, sessions, cookies and capabilities (see auth.h). */
#include "web/auth.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "store/store.h"

#include <pthread.h>
#include <stdatomic.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>

enum {
    TOKEN_BYTES = 32,
    HASH_BYTES = 32,
    TOUCH_EVERY = 60,
    PASSWORD_MIN = 10,
    RECOVERY_GRACE = 86400
};

static const char COOKIE[] = "sahifa_session";

/* The settings in force: replaced whole (auth_configure()) while requests read them, so a
 * request sees one consistent set. */
static const struct auth_settings defaults = {.idle = 8 * 3600, .lifetime = 7 * 86400};
static _Atomic(const struct auth_settings *) settings_now = &defaults;

static const struct auth_settings *settings(void)
{
    return atomic_load(&settings_now);
}

static const struct {
    const char *role, *label;
    unsigned caps;
} roles[] = {
    {"admin", "مدير الموقع",
     CAP_WRITE | CAP_EDIT | CAP_PUBLISH | CAP_TAXONOMY | CAP_MODERATE | CAP_USERS | CAP_MEDIA},
    {"editor", "محرر",
     CAP_WRITE | CAP_EDIT | CAP_PUBLISH | CAP_TAXONOMY | CAP_MODERATE | CAP_MEDIA},
    {"writer", "كاتب", CAP_WRITE | CAP_MEDIA},
    {"moderator", "مشرف التعليقات", CAP_MODERATE},
};

unsigned auth_caps(const char *role)
{
    for (size_t i = 0; role && i < sizeof roles / sizeof *roles; i++)
        if (strcmp(roles[i].role, role) == 0)
            return roles[i].caps;
    return 0;
}

const char *auth_role_label(const char *role)
{
    for (size_t i = 0; role && i < sizeof roles / sizeof *roles; i++)
        if (strcmp(roles[i].role, role) == 0)
            return roles[i].label;
    return "";
}

bool auth_role_valid(const char *role)
{
    return auth_caps(role) != 0;
}

const char *auth_hash_password(struct arena *a, const char *password)
{
    char *hash = arena_alloc(a, crypto_pwhash_STRBYTES);
    if (sodium_init() < 0 ||
        crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return NULL;
    return hash;
}

/* A hash of a random password, checked against when there is no user, so that an unknown
 * login costs as much as a wrong password and timing does not tell which it was. */
static char dummy[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_make(void)
{
    unsigned char random[16];
    if (sodium_init() < 0)
        return;
    randombytes_buf(random, sizeof random);
    if (crypto_pwhash_str(dummy, (const char *)random, sizeof random,
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        dummy[0] = 0;
}

bool auth_check_password(const char *hash, const char *password)
{
    if (!password)
        password = "";
    if (!hash || !*hash) {
        pthread_once(&dummy_once, dummy_make);
        if (dummy[0] && crypto_pwhash_str_verify(dummy, password, strlen(password)) == 0)
            return false; /* cannot happen: the password was random */
        return false;
    }
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

enum auth_password_fault auth_password_fault(const char *password)
{
    size_t n = password ? strlen(password) : 0;
    if (!password || !utf8_valid(password, n))
        return AUTH_PASSWORD_NOT_TEXT;
    if (utf8_length(password, n) < PASSWORD_MIN)
        return AUTH_PASSWORD_TOO_SHORT;
    if (n > 1024)
        return AUTH_PASSWORD_TOO_LONG;
    return AUTH_PASSWORD_OK;
}

const char *auth_password_problem(const char *password)
{
    switch (auth_password_fault(password)) {
    case AUTH_PASSWORD_NOT_TEXT: return "كلمة المرور ليست نصًا صالحًا.";
    case AUTH_PASSWORD_TOO_SHORT: return "كلمة المرور قصيرة: عشرة أحرف على الأقل.";
    case AUTH_PASSWORD_TOO_LONG: return "كلمة المرور أطول من المسموح.";
    case AUTH_PASSWORD_OK: break;
    }
    return NULL;
}

void auth_configure(const struct auth_settings *s)
{
    const struct auth_settings *now = settings();
    if (now->idle == s->idle && now->lifetime == s->lifetime && now->secure == s->secure)
        return; /* the same: nothing to replace (site_load() runs on every settings change) */
    struct auth_settings *copy = xmalloc(sizeof *copy);
    *copy = *s;
    /* The previous set is not freed: a request may still be reading it, and settings change
     * seldom (the newsroom's settings screen). */
    copy->previous = now;
    atomic_store(&settings_now, copy);
}

/* The hex BLAKE2b hash of a token, what the database keeps. */
static const char *token_hash(struct arena *a, const char *token)
{
    unsigned char h[HASH_BYTES];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    char *hex = arena_alloc(a, 2 * HASH_BYTES + 1);
    sodium_bin2hex(hex, 2 * HASH_BYTES + 1, h, sizeof h);
    return hex;
}

static const char *random_hex(struct arena *a)
{
    unsigned char raw[TOKEN_BYTES];
    randombytes_buf(raw, sizeof raw);
    char *hex = arena_alloc(a, 2 * TOKEN_BYTES + 1);
    sodium_bin2hex(hex, 2 * TOKEN_BYTES + 1, raw, sizeof raw);
    return hex;
}

static void set_cookie(struct req *r, const char *value, int max_age)
{
    req_add_header(r, "Set-Cookie",
                   arena_printf(&r->arena, "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s",
                                COOKIE, value, max_age, settings()->secure ? "; Secure" : ""));
}

int auth_login(struct req *r, int64_t user_id)
{
    if (sodium_init() < 0)
        return -1;
    const char *token = random_hex(&r->arena), *csrf = random_hex(&r->arena);
    if (store_session_add(r->db, user_id, token_hash(&r->arena, token), csrf, r->client, r->now,
                          r->now + settings()->lifetime) != DB_OK)
        return -1;
    /* The cookie outlives the session by a day: a save sent after the session ended still
     * says whose text it is, so it can be kept as that user's recovery draft. */
    set_cookie(r, token, settings()->lifetime + RECOVERY_GRACE);
    return 0;
}

/* The user of a session or token row ({"id","login","name","slug","role"}, and "session_id"
 * and "csrf" for a session), in the request's arena, with the role's capabilities. */
static struct req_user *user_of(struct req *r, json_t *row)
{
    struct req_user *u = arena_alloc(&r->arena, sizeof *u);
    const char *csrf = json_string_value(json_object_get(row, "csrf"));
    u->id = json_integer_value(json_object_get(row, "id"));
    u->session_id = json_integer_value(json_object_get(row, "session_id"));
    u->login = arena_strdup(&r->arena, json_string_value(json_object_get(row, "login")));
    u->name = arena_strdup(&r->arena, json_string_value(json_object_get(row, "name")));
    u->slug = arena_strdup(&r->arena, json_string_value(json_object_get(row, "slug")));
    u->role = arena_strdup(&r->arena, json_string_value(json_object_get(row, "role")));
    u->csrf = arena_strdup(&r->arena, csrf ? csrf : "");
    u->caps = auth_caps(u->role);
    return u;
}

bool auth_has_cookie(struct req *r)
{
    return req_cookie(r, COOKIE) != NULL;
}

enum auth_session_result auth_load(struct req *r)
{
    const char *token = req_cookie(r, COOKIE);
    if (!token || strlen(token) != 2 * TOKEN_BYTES || !r->db)
        return AUTH_SESSION_NONE;
    json_t *s;
    int rc = store_session_get(r->db, token_hash(&r->arena, token), r->now, settings()->idle, &s);
    if (rc != DB_OK)
        return rc == DB_DONE ? AUTH_SESSION_NONE : AUTH_SESSION_UNKNOWABLE;
    struct req_user *u = user_of(r, s);
    /* The idle clock restarts with use; a write a minute is enough to keep it right. */
    if (r->now - json_integer_value(json_object_get(s, "seen_at")) >= TOUCH_EVERY)
        store_session_touch(r->db, u->session_id, r->now);
    json_decref(s);
    r->user = u;
    return AUTH_SESSION_OK;
}

int64_t auth_session_owner(struct req *r)
{
    const char *token = req_cookie(r, COOKIE);
    int64_t id = 0;
    if (!token || strlen(token) != 2 * TOKEN_BYTES || !r->db ||
        store_session_owner(r->db, token_hash(&r->arena, token), &id) != DB_OK)
        return 0;
    return id;
}

void auth_logout(struct req *r)
{
    if (r->user)
        store_session_end(r->db, r->user->session_id);
    set_cookie(r, "", 0);
}

bool auth_csrf_ok(struct req *r)
{
    const char *sent = req_form(r, "csrf");
    if (!r->user || !sent || strlen(sent) != strlen(r->user->csrf))
        return false;
    return sodium_memcmp(sent, r->user->csrf, strlen(sent)) == 0;
}

static const char TOKEN_PREFIX[] = "sahifa_";

static const struct {
    const char *scope;
    unsigned caps;
} scopes[] = {
    {"articles:write", CAP_WRITE | CAP_EDIT | CAP_PUBLISH},
    {"media:write", CAP_MEDIA},
    {"articles:read", 0}, /* reads are public: reserved for reads that will need a token */
};

/* The scope's entry, or -1. */
static int scope_index(const char *scope)
{
    for (size_t i = 0; scope && i < sizeof scopes / sizeof *scopes; i++)
        if (strcmp(scopes[i].scope, scope) == 0)
            return (int)i;
    return -1;
}

unsigned auth_scope_caps(const char *scope)
{
    int i = scope_index(scope);
    return i < 0 ? 0 : scopes[i].caps;
}

bool auth_scope_valid(const char *scope)
{
    return scope_index(scope) >= 0;
}

const char *auth_token_create(struct db *db, struct arena *a, int64_t user_id, const char *scope,
                              const char *label, int64_t now, int64_t *id)
{
    if (sodium_init() < 0 || !auth_scope_valid(scope))
        return NULL;
    const char *token = arena_printf(a, "%s%s", TOKEN_PREFIX, random_hex(a));
    if (store_token_add(db, user_id, token_hash(a, token), scope, label, now, id) != DB_OK)
        return NULL;
    return token;
}

enum auth_token_result auth_token_load(struct req *r)
{
    const char *h = req_header(r, "Authorization");
    if (!h || strncasecmp(h, "Bearer", 6) != 0 || (h[6] != ' ' && h[6] != 0))
        return AUTH_TOKEN_MISSING;
    const char *token = h + 6;
    while (*token == ' ')
        token++;
    size_t prefix = sizeof TOKEN_PREFIX - 1;
    if (strlen(token) != prefix + 2 * TOKEN_BYTES || strncmp(token, TOKEN_PREFIX, prefix) != 0)
        return AUTH_TOKEN_INVALID;
    json_t *t;
    int rc = store_token_get(r->db, token_hash(&r->arena, token), &t);
    if (rc != DB_OK)
        return rc == DB_DONE ? AUTH_TOKEN_INVALID : AUTH_TOKEN_UNKNOWABLE;
    struct req_user *u = user_of(r, t);
    u->caps &= auth_scope_caps(json_string_value(json_object_get(t, "scope")));
    store_token_touch(r->db, json_integer_value(json_object_get(t, "token_id")), r->now);
    json_decref(t);
    r->user = u;
    return AUTH_TOKEN_OK;
}
