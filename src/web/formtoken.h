/*
 * formtoken.h: signed form tokens, so a form that changes state is posted once, from a page
 * this site rendered, neither too fast nor too late.
 *
 * A token is "TIME.NONCE.MAC": the time the form was rendered, 128 random bits, and an
 * HMAC-SHA-256 (libsodium) over the purpose, the subject (e.g. "comment" and the article id),
 * the time and the nonce, under the site's secret. Checking one needs no state; refusing a
 * replay needs the nonce remembered (store/comments.c keeps used nonces until expiry).
 */
#ifndef SAHIFA_WEB_FORMTOKEN_H
#define SAHIFA_WEB_FORMTOKEN_H

#include "base/arena.h"

#include <stddef.h>
#include <stdint.h>
#include <time.h>

enum { FORMTOKEN_SECRET_BYTES = 32 };

enum formtoken_result {
    FORMTOKEN_OK,
    FORMTOKEN_INVALID,  /* malformed, or signed for another purpose or subject, or forged */
    FORMTOKEN_TOO_FAST, /* posted sooner than min_age after rendering */
    FORMTOKEN_EXPIRED,  /* posted later than max_age after rendering */
};

/* Sets the secret (FORMTOKEN_SECRET_BYTES bytes, from the site's settings). Returns 0, or -1
 * when libsodium cannot start. */
int formtoken_init(const unsigned char *secret);
/* A new random secret as hex (2 * FORMTOKEN_SECRET_BYTES characters), in the arena. */
const char *formtoken_new_secret(struct arena *a);
/* Decodes a hex secret; 0, or -1 when it is not FORMTOKEN_SECRET_BYTES bytes of hex. */
int formtoken_parse_secret(const char *hex, unsigned char *secret);

/* A token for a form rendered now, in the arena. */
const char *formtoken_issue(struct arena *a, const char *purpose, int64_t subject, time_t now);
/* Checks a token; on FORMTOKEN_OK (and on TOO_FAST and EXPIRED) *nonce points into the token's
 * nonce (copied into the arena) and *issued says when it was rendered. */
enum formtoken_result formtoken_check(struct arena *a, const char *token, const char *purpose,
                                      int64_t subject, time_t now, int min_age, int max_age,
                                      const char **nonce, time_t *issued);

#endif
