/*
 * auth.h: who is asking. Passwords (Argon2id), session tokens and cookies, roles and their
 * capabilities, and the checks the dispatcher runs for routes that need them (web/server.c).
 *
 * A session token is 256 random bits, given to the browser in an HttpOnly, SameSite=Lax cookie
 * (Secure when the site is served over https) and stored only as its BLAKE2b hash. A session
 * ends when it has not been used for the idle time, at its absolute expiry, at logout, or when
 * its user logs out everywhere or is disabled. Each session has its own CSRF token, which every
 * form that changes state carries.
 */
#ifndef SAHIFA_WEB_AUTH_H
#define SAHIFA_WEB_AUTH_H

#include "web/req.h"

#include <stdbool.h>

struct db;

/* Capabilities: what a role may do. Routes name the ones they need (web/route.h). */
enum {
    CAP_WRITE = 1 << 0,    /* write articles: one's own drafts, submitted for review */
    CAP_EDIT = 1 << 1,     /* edit anyone's articles */
    CAP_PUBLISH = 1 << 2,  /* publish, schedule, unpublish */
    CAP_TAXONOMY = 1 << 3, /* categories and topics */
    CAP_MODERATE = 1 << 4, /* readers' comments */
    CAP_USERS = 1 << 5,    /* users and their roles */
    CAP_MEDIA = 1 << 6,    /* upload photos and change the library */
};

/* The capabilities of a role (admin, editor, writer, moderator); 0 for anything else. */
unsigned auth_caps(const char *role);
/* The Arabic name of a role, for pages. */
const char *auth_role_label(const char *role);
/* True when role is one of the four. */
bool auth_role_valid(const char *role);

/* Hashes a password with Argon2id (libsodium's crypto_pwhash_str) into the arena; NULL when
 * memory for hashing cannot be had. */
const char *auth_hash_password(struct arena *a, const char *password);
/* True when password matches the hash (in constant time). A NULL hash (no such user) is
 * checked against a hash of a random password, at the same cost, and gives false. */
bool auth_check_password(const char *hash, const char *password);
/* The rules a new password must meet: which one it breaks, or AUTH_PASSWORD_OK. */
enum auth_password_fault {
    AUTH_PASSWORD_OK,
    AUTH_PASSWORD_NOT_TEXT,  /* not valid UTF-8 (or NULL) */
    AUTH_PASSWORD_TOO_SHORT, /* fewer than 10 characters */
    AUTH_PASSWORD_TOO_LONG,  /* more than 1024 bytes */
};
enum auth_password_fault auth_password_fault(const char *password);
/* The rule broken, in Arabic for the newsroom's pages: NULL when the password meets them. */
const char *auth_password_problem(const char *password);

struct auth_settings {
    int idle;     /* seconds a session may go unused */
    int lifetime; /* seconds a session lasts at most */
    bool secure;  /* the site is served over https: cookies are Secure */
    /* Set by auth_configure(): the set this one replaced, kept (a request may still be reading
     * it; settings change seldom), so every set made stays reachable. */
    const struct auth_settings *previous;
};
/* Sets what auth_login() and auth_load() use, at start-up and when the settings change (the
 * requests under way finish with the settings they started with). */
void auth_configure(const struct auth_settings *s);

/* Starts a session for the user: a new token (a new one at every login), its cookie on the
 * response, and the session stored. Returns 0 or -1. */
int auth_login(struct req *r, int64_t user_id);
enum auth_session_result {
    AUTH_SESSION_OK,         /* r->user is the session's user */
    AUTH_SESSION_NONE,       /* no cookie, or not a live session of a user who may log in */
    AUTH_SESSION_UNKNOWABLE, /* the database could not be read: neither in nor out (503) */
};
/* Reads the session cookie and, for a live session, sets r->user. Touches the session's last
 * use at most once a minute. A session that cannot be read leaves r->user NULL and says so:
 * the caller answers 503 rather than treat the reader as logged out. */
enum auth_session_result auth_load(struct req *r);
/* True when r carries the session cookie, live or not (looked at, not checked: what matters
 * is that its answer may be a logged-in user's, so no cache may keep it or serve it one). */
bool auth_has_cookie(struct req *r);
/* The user of the session cookie r carries even when the session has expired (its row is kept
 * until logout), for keeping a late save's text as that user's recovery draft; 0 when there is
 * no cookie, no such session or the user is disabled. Never makes anyone logged in. */
int64_t auth_session_owner(struct req *r);
/* Ends r's session and clears its cookie. */
void auth_logout(struct req *r);
/* True when the request's form carries the session's CSRF token. */
bool auth_csrf_ok(struct req *r);

/*
 * API tokens (docs/API.md): "sahifa_" and 64 hex digits (256 random bits), shown once and
 * stored only as their BLAKE2b hash, as session tokens are. A token acts as its user, with the
 * capabilities of the user's role (read at each request) that its scope allows.
 */

/* The capabilities a scope allows: "articles:write" gives CAP_WRITE, CAP_EDIT and CAP_PUBLISH
 * (so a writer's token writes drafts and an editor's publishes); "articles:read" gives none
 * (reads are public; the scope is reserved for reads that will need a token), "media:write"
 * gives CAP_MEDIA (uploading photos and changing the library); 0 for an
 * unknown scope. */
unsigned auth_scope_caps(const char *scope);
/* True when scope is one of those above. */
bool auth_scope_valid(const char *scope);
/* Makes a new token for the user with that scope and label and stores its hash. Returns the
 * token (in the arena), its id in *id (may be NULL), or NULL for an unknown scope or a
 * database error. */
const char *auth_token_create(struct db *db, struct arena *a, int64_t user_id, const char *scope,
                              const char *label, int64_t now, int64_t *id);

enum auth_token_result {
    AUTH_TOKEN_OK,         /* r->user is the token's user */
    AUTH_TOKEN_MISSING,    /* no Authorization header, or another scheme than Bearer */
    AUTH_TOKEN_INVALID,    /* malformed, unknown, revoked, or its user disabled */
    AUTH_TOKEN_UNKNOWABLE, /* the database could not be read: neither valid nor invalid (503) */
};
/* Reads "Authorization: Bearer TOKEN" and, for a live token of a user who may log in, sets
 * r->user (web/req.h) and records the token's use (a database write). */
enum auth_token_result auth_token_load(struct req *r);

#endif
