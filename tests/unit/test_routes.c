/*
 * test_routes.c: the route table (src/cli/routes.c) read as a whole, as a reviewer would, so a
 * flag dropped from one line fails here: every route that changes something for a logged-in
 * user checks the session's CSRF token, every API write made as a user takes a bearer token
 * (never the session cookie), the newsroom needs a login, and the only public writes are the
 * few that carry their own signed form token (docs/SECURITY.md rules 12, 16, 19, 24).
 */
#include "cli/cli.h"
#include "web/auth.h"
#include "web/route.h"

#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool changes_state(const struct route *rt)
{
    static const char *const methods[] = {"POST", "PUT", "PATCH", "DELETE"};
    for (size_t i = 0; i < sizeof methods / sizeof *methods; i++)
        if (strcmp(rt->method, methods[i]) == 0)
            return true;
    return false;
}

/* A session user is needed: the route asks for a login, or for capabilities without a token. */
static bool needs_session(const struct route *rt)
{
    return !(rt->flags & ROUTE_TOKEN) && ((rt->flags & ROUTE_LOGIN) || rt->caps);
}

static bool is_api(const struct route *rt)
{
    return strncmp(rt->pattern, "/api/", 5) == 0;
}

static size_t route_count(void)
{
    size_t n = 0;
    while (routes[n].pattern)
        n++;
    return n;
}

Test(routes, every_state_changing_route_behind_a_login_checks_the_csrf_token)
{
    size_t checked = 0;
    for (const struct route *rt = routes; rt->pattern; rt++) {
        if (!changes_state(rt) || !needs_session(rt))
            continue;
        checked++;
        cr_expect(rt->flags & ROUTE_CSRF, "%s %s needs a login but not the CSRF token", rt->method,
                  rt->pattern);
        cr_expect(rt->flags & ROUTE_LOGIN, "%s %s checks CSRF without ROUTE_LOGIN", rt->method,
                  rt->pattern);
    }
    cr_expect_geq(checked, 10, "only %zu newsroom writes found: is the table read?", checked);
}

Test(routes, the_dispatcher_checks_csrf_on_post_so_csrf_routes_are_posts)
{
    /* allowed() in web/server.c checks the token on POST only: a PUT or DELETE flagged
     * ROUTE_CSRF would pass unchecked. */
    for (const struct route *rt = routes; rt->pattern; rt++)
        if (rt->flags & ROUTE_CSRF)
            cr_expect_str_eq(rt->method, "POST", "%s %s: ROUTE_CSRF is checked on POST only",
                             rt->method, rt->pattern);
}

Test(routes, api_writes_made_as_a_user_take_a_bearer_token_never_the_session)
{
    size_t tokens = 0;
    for (const struct route *rt = routes; rt->pattern; rt++) {
        if (is_api(rt)) {
            cr_expect(!(rt->flags & (ROUTE_LOGIN | ROUTE_CSRF)),
                      "%s %s: the API never takes the session cookie", rt->method, rt->pattern);
            cr_expect(rt->flags & ROUTE_API, "%s %s: API errors are JSON", rt->method, rt->pattern);
            if (changes_state(rt) && rt->caps)
                cr_expect(rt->flags & ROUTE_TOKEN, "%s %s writes as a user without ROUTE_TOKEN",
                          rt->method, rt->pattern);
        }
        if (rt->flags & ROUTE_TOKEN) {
            tokens++;
            cr_expect(is_api(rt) && rt->caps, "%s %s: a token route is an API route with caps",
                      rt->method, rt->pattern);
            cr_expect(!(rt->flags & ROUTE_CORS), "%s %s: no CORS on writes", rt->method,
                      rt->pattern);
        }
    }
    cr_expect_geq(tokens, 2, "only %zu token routes found", tokens);
}

Test(routes, the_only_public_writes_carry_their_own_signed_form_token)
{
    /* A comment (web/formtoken.c, rule 12) and the login form (rule 19): nothing else may
     * change state without a user. */
    static const char *const public_writes[] = {
        "POST /a/:id/comments",
        "POST /api/v1/articles/:id/comments",
        "POST /admin/login",
    };
    size_t found = 0;
    for (const struct route *rt = routes; rt->pattern; rt++) {
        if (!changes_state(rt) || needs_session(rt) || (rt->flags & ROUTE_TOKEN))
            continue;
        char line[256];
        snprintf(line, sizeof line, "%s %s", rt->method, rt->pattern);
        bool known = false;
        for (size_t i = 0; i < sizeof public_writes / sizeof *public_writes; i++)
            known |= strcmp(line, public_writes[i]) == 0;
        cr_expect(known, "%s changes state for anyone, with no login, token or CSRF check", line);
        found += known;
    }
    cr_expect_eq(found, sizeof public_writes / sizeof *public_writes);
}

Test(routes, the_newsroom_needs_a_login_except_its_login_form)
{
    for (const struct route *rt = routes; rt->pattern; rt++) {
        if (strncmp(rt->pattern, "/admin", 6) != 0 || strcmp(rt->pattern, "/admin/login") == 0)
            continue;
        cr_expect((rt->flags & ROUTE_LOGIN) || rt->caps, "%s %s is open to anyone", rt->method,
                  rt->pattern);
    }
    cr_expect_gt(route_count(), 40);
}
