/* formtoken.c: signed form tokens (see formtoken.h). */
#include "web/formtoken.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NONCE_BYTES = 16, MAC_BYTES = crypto_auth_hmacsha256_BYTES };

static unsigned char key[FORMTOKEN_SECRET_BYTES];

int formtoken_init(const unsigned char *secret)
{
    if (sodium_init() < 0)
        return -1;
    memcpy(key, secret, sizeof key);
    return 0;
}

const char *formtoken_new_secret(struct arena *a)
{
    unsigned char secret[FORMTOKEN_SECRET_BYTES];
    if (sodium_init() < 0)
        abort(); /* no randomness at all: nothing safe can be made */
    randombytes_buf(secret, sizeof secret);
    char *hex = arena_alloc(a, 2 * sizeof secret + 1);
    sodium_bin2hex(hex, 2 * sizeof secret + 1, secret, sizeof secret);
    return hex;
}

int formtoken_parse_secret(const char *hex, unsigned char *secret)
{
    size_t len = 0;
    if (!hex || strlen(hex) != 2 * FORMTOKEN_SECRET_BYTES ||
        sodium_hex2bin(secret, FORMTOKEN_SECRET_BYTES, hex, strlen(hex), NULL, &len, NULL) != 0 ||
        len != FORMTOKEN_SECRET_BYTES)
        return -1;
    return 0;
}

/* The MAC, as hex, of purpose|subject|time|nonce. */
static void mac_hex(char *out, const char *purpose, int64_t subject, long long t, const char *nonce)
{
    char msg[256];
    int n = snprintf(msg, sizeof msg, "%s|%lld|%lld|%s", purpose, (long long)subject, t, nonce);
    unsigned char mac[MAC_BYTES];
    crypto_auth_hmacsha256(mac, (const unsigned char *)msg, (size_t)n, key);
    sodium_bin2hex(out, 2 * MAC_BYTES + 1, mac, MAC_BYTES);
}

const char *formtoken_issue(struct arena *a, const char *purpose, int64_t subject, time_t now)
{
    unsigned char raw[NONCE_BYTES];
    randombytes_buf(raw, sizeof raw);
    char nonce[2 * NONCE_BYTES + 1], mac[2 * MAC_BYTES + 1];
    sodium_bin2hex(nonce, sizeof nonce, raw, sizeof raw);
    mac_hex(mac, purpose, subject, (long long)now, nonce);
    return arena_printf(a, "%lld.%s.%s", (long long)now, nonce, mac);
}

static int is_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return 1;
}

enum formtoken_result formtoken_check(struct arena *a, const char *token, const char *purpose,
                                      int64_t subject, time_t now, int min_age, int max_age,
                                      const char **nonce, time_t *issued)
{
    *nonce = NULL;
    *issued = 0;
    if (!token)
        return FORMTOKEN_INVALID;
    char *end;
    long long t = strtoll(token, &end, 10);
    if (end == token || *end != '.' || t <= 0)
        return FORMTOKEN_INVALID;
    const char *n = end + 1;
    const char *m = n + 2 * NONCE_BYTES;
    if (strlen(n) != 2 * NONCE_BYTES + 1 + 2 * MAC_BYTES || *m != '.' ||
        !is_hex(n, 2 * NONCE_BYTES) || !is_hex(m + 1, 2 * MAC_BYTES))
        return FORMTOKEN_INVALID;
    char *nonce_copy = arena_strndup(a, n, 2 * NONCE_BYTES);
    char expected[2 * MAC_BYTES + 1];
    mac_hex(expected, purpose, subject, t, nonce_copy);
    /* Constant time: a forger learns nothing from how long the comparison took. */
    if (sodium_memcmp(expected, m + 1, 2 * MAC_BYTES) != 0)
        return FORMTOKEN_INVALID;
    *nonce = nonce_copy;
    *issued = (time_t)t;
    if (now - t < min_age)
        return FORMTOKEN_TOO_FAST;
    if (now - t > max_age)
        return FORMTOKEN_EXPIRED;
    return FORMTOKEN_OK;
}
