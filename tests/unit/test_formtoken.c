/* Unit tests of signed form tokens (web/formtoken.c): signing, tampering, age, secrets. */
#include "web/formtoken.h"

#include <criterion/criterion.h>
#include <string.h>

static struct arena a = ARENA_INIT;

static void setup(void)
{
    unsigned char secret[FORMTOKEN_SECRET_BYTES];
    memset(secret, 7, sizeof secret);
    cr_assert_eq(formtoken_init(secret), 0);
}

static void teardown(void)
{
    arena_free(&a);
}

TestSuite(formtoken, .init = setup, .fini = teardown);

static enum formtoken_result check(const char *token, int64_t subject, time_t now)
{
    const char *nonce;
    time_t issued;
    return formtoken_check(&a, token, "comment", subject, now, 3, 86400, &nonce, &issued);
}

Test(formtoken, a_token_is_good_from_three_seconds_to_a_day)
{
    const char *t = formtoken_issue(&a, "comment", 42, 1000);
    cr_expect_eq(check(t, 42, 1000), FORMTOKEN_TOO_FAST);
    cr_expect_eq(check(t, 42, 1002), FORMTOKEN_TOO_FAST);
    cr_expect_eq(check(t, 42, 1003), FORMTOKEN_OK);
    cr_expect_eq(check(t, 42, 1000 + 86400), FORMTOKEN_OK);
    cr_expect_eq(check(t, 42, 1000 + 86401), FORMTOKEN_EXPIRED);
}

Test(formtoken, the_nonce_and_time_come_back_for_replay_checks)
{
    const char *t = formtoken_issue(&a, "comment", 1, 5000);
    const char *nonce;
    time_t issued;
    cr_assert_eq(formtoken_check(&a, t, "comment", 1, 5010, 3, 86400, &nonce, &issued),
                 FORMTOKEN_OK);
    cr_expect_eq(issued, 5000);
    cr_expect_eq(strlen(nonce), 32);
    cr_expect(strstr(t, nonce) != NULL);
    const char *t2 = formtoken_issue(&a, "comment", 1, 5000);
    cr_expect(strcmp(t, t2) != 0, "two forms, two nonces");
}

Test(formtoken, another_subject_purpose_or_any_changed_byte_is_invalid)
{
    const char *t = formtoken_issue(&a, "comment", 42, 1000);
    cr_expect_eq(check(t, 43, 1010), FORMTOKEN_INVALID, "another article");
    const char *nonce;
    time_t issued;
    cr_expect_eq(formtoken_check(&a, t, "login", 42, 1010, 3, 86400, &nonce, &issued),
                 FORMTOKEN_INVALID);
    size_t n = strlen(t);
    for (size_t i = 0; i < n; i++) {
        char *bad = arena_strdup(&a, t);
        bad[i] = bad[i] == '1' ? '2' : '1';
        if (strcmp(bad, t) != 0)
            cr_expect_neq(check(bad, 42, 1010), FORMTOKEN_OK, "byte %zu changed", i);
    }
    /* An older time with the same nonce and MAC does not pass either. */
    char *older = arena_printf(&a, "999%s", strchr(t, '.'));
    cr_expect_eq(check(older, 42, 1010), FORMTOKEN_INVALID);
}

Test(formtoken, malformed_tokens_are_invalid)
{
    const char *bad[] = {NULL,         "",       ".",
                         "abc",        "1000",   "1000..",
                         "1000.zz.zz", "-5.a.b", "1000.0123456789abcdef0123456789abcdef.short"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        cr_expect_eq(check(bad[i], 42, 1010), FORMTOKEN_INVALID, "%s", bad[i] ? bad[i] : "NULL");
}

Test(formtoken, another_secret_makes_other_tokens)
{
    const char *t = formtoken_issue(&a, "comment", 42, 1000);
    unsigned char other[FORMTOKEN_SECRET_BYTES];
    memset(other, 9, sizeof other);
    formtoken_init(other);
    cr_expect_eq(check(t, 42, 1010), FORMTOKEN_INVALID);
}

Test(formtoken, secrets_are_made_and_read_as_hex)
{
    const char *hex = formtoken_new_secret(&a);
    cr_expect_eq(strlen(hex), 2 * FORMTOKEN_SECRET_BYTES);
    unsigned char secret[FORMTOKEN_SECRET_BYTES];
    cr_expect_eq(formtoken_parse_secret(hex, secret), 0);
    cr_expect_neq(formtoken_parse_secret("abc", secret), 0);
    cr_expect_neq(formtoken_parse_secret(NULL, secret), 0);
    cr_expect_neq(strcmp(hex, formtoken_new_secret(&a)), 0);
}
