/* Unit tests of web/ pieces that need no server: route matching, UTF-8 checks, the arena. */
#include "base/arena.h"
#include "base/utf8.h"
#include "web/auth.h"
#include "web/route.h"

#include <criterion/criterion.h>
#include <string.h>

static int h_home(struct req *r)
{
    (void)r;
    return 0;
}
static int h_article(struct req *r)
{
    (void)r;
    return 0;
}
static int h_static(struct req *r)
{
    (void)r;
    return 0;
}
static int h_post(struct req *r)
{
    (void)r;
    return 0;
}

static const struct route table[] = {
    {"GET", "/", h_home, 0, 0},
    {"GET", "/a/:id", h_article, 0, 0},
    {"GET", "/a/:id/:slug", h_article, 0, 0},
    {"POST", "/a/:id/comments", h_post, 0, 0},
    {"GET", "/static/*path", h_static, 0, 0},
    {"GET", "/sitemap-articles-:n.xml", h_static, 0, 0},
    {NULL, NULL, NULL, 0, 0},
};

/* r starts zeroed; each call frees what the previous match captured. */
static enum route_match_result match(struct req *r, const char *method, const char *path)
{
    arena_free(&r->arena);
    memset(r, 0, sizeof *r);
    r->method = method;
    r->path = path;
    return route_match(table, r);
}

Test(route, literal_and_parameter_segments)
{
    struct req r = {0};
    cr_assert_eq(match(&r, "GET", "/"), ROUTE_FOUND);
    cr_expect_eq(r.route->handler, h_home);
    cr_assert_eq(match(&r, "GET", "/a/12/اتفاق-جديد"), ROUTE_FOUND);
    cr_expect_str_eq(req_param(&r, "id"), "12");
    cr_expect_str_eq(req_param(&r, "slug"), "اتفاق-جديد");
    cr_expect_null(req_param(&r, "nope"));
    arena_free(&r.arena);
}

Test(route, empty_segments_trailing_slashes_and_extra_segments_do_not_match)
{
    struct req r = {0};
    cr_expect_eq(match(&r, "GET", "/a/"), ROUTE_NO_PATH);
    cr_expect_eq(match(&r, "GET", "/a//x"), ROUTE_NO_PATH);
    cr_expect_eq(match(&r, "GET", "/a/1/x/y"), ROUTE_NO_PATH);
    cr_expect_eq(match(&r, "GET", "/b"), ROUTE_NO_PATH);
    cr_expect_eq(match(&r, "GET", ""), ROUTE_NO_PATH);
    arena_free(&r.arena);
}

Test(route, method_mismatch_and_head)
{
    struct req r = {0};
    cr_expect_eq(match(&r, "POST", "/a/1"), ROUTE_NO_METHOD);
    cr_expect_eq(match(&r, "HEAD", "/a/1"), ROUTE_FOUND);
    cr_expect_eq(match(&r, "POST", "/a/1/comments"), ROUTE_FOUND);
    cr_expect_eq(r.route->handler, h_post);
    arena_free(&r.arena);
}

Test(route, options_matches_get_routes_for_the_dispatcher_to_answer)
{
    struct req r = {0};
    cr_expect_eq(match(&r, "OPTIONS", "/a/1"), ROUTE_FOUND);
    cr_expect_eq(r.route->handler, h_article);
    cr_expect_eq(match(&r, "OPTIONS", "/b"), ROUTE_NO_PATH);
    cr_expect_eq(match(&r, "PATCH", "/a/1"), ROUTE_NO_METHOD);
    arena_free(&r.arena);
}

Test(route, star_captures_the_rest)
{
    struct req r = {0};
    cr_assert_eq(match(&r, "GET", "/static/css/site.css"), ROUTE_FOUND);
    cr_expect_str_eq(req_param(&r, "path"), "css/site.css");
    arena_free(&r.arena);
}

Test(route, a_parameter_between_a_prefix_and_a_suffix_in_one_segment)
{
    struct req r = {0};
    cr_assert_eq(match(&r, "GET", "/sitemap-articles-12.xml"), ROUTE_FOUND);
    cr_expect_str_eq(req_param(&r, "n"), "12");
    cr_expect_eq(match(&r, "GET", "/sitemap-articles-.xml"), ROUTE_NO_PATH, "empty capture");
    cr_expect_eq(match(&r, "GET", "/sitemap-articles-1.xmlx"), ROUTE_NO_PATH);
    cr_expect_eq(match(&r, "GET", "/sitemap-articles-1"), ROUTE_NO_PATH);
    cr_expect_eq(match(&r, "GET", "/sitemap-article-1.xml"), ROUTE_NO_PATH);
    cr_expect_eq(match(&r, "GET", "/sitemap-articles-1.xml/x"), ROUTE_NO_PATH);
    cr_expect_eq(match(&r, "GET", "/x/sitemap-articles-1.xml"), ROUTE_NO_PATH);
    arena_free(&r.arena);
}

Test(utf8, valid_and_invalid_sequences)
{
    cr_expect(utf8_valid("اتفاق", strlen("اتفاق")));
    cr_expect(utf8_valid("", 0));
    cr_expect(!utf8_valid("\xFF", 1));
    cr_expect(!utf8_valid("\xC3\x28", 2));
    cr_expect(!utf8_valid("\xC0\xAF", 2), "overlong /");
    cr_expect(!utf8_valid("\xED\xA0\x80", 3), "surrogate");
    cr_expect(!utf8_valid("\xF4\x90\x80\x80", 4), "above U+10FFFF");
    cr_expect(!utf8_valid("\xE2\x82", 2), "truncated");
    cr_expect(utf8_valid("\xF0\x9F\x92\xA1", 4), "emoji");
    cr_expect(utf8_has_controls("a\x01", 2));
    cr_expect(!utf8_has_controls("a\tb\n", 4));
    cr_expect_eq(utf8_length("داعش", strlen("داعش")), 4);
}

static int cleaned;
static void cleanup(void *p)
{
    cleaned += *(int *)p;
}

Test(arena, allocations_are_zeroed_aligned_and_freed_with_their_cleanups)
{
    struct arena a = ARENA_INIT;
    char *small = arena_alloc(&a, 10);
    cr_expect_eq((uintptr_t)small % 16, 0);
    cr_expect_eq(small[9], 0);
    char *big = arena_alloc(&a, 100000);
    big[99999] = 1;
    cr_expect_str_eq(arena_printf(&a, "%d-%s", 7, "سبعة"), "7-سبعة");
    static int one = 1;
    arena_defer(&a, cleanup, &one);
    arena_defer(&a, cleanup, &one);
    arena_free(&a);
    cr_expect_eq(cleaned, 2);
    cr_expect_null(a.blocks);
}

Test(auth, roles_expand_into_capabilities)
{
    cr_expect_eq(auth_caps("writer"), CAP_WRITE | CAP_MEDIA);
    cr_expect_eq(auth_caps("moderator"), CAP_MODERATE);
    cr_expect(!(auth_caps("moderator") & CAP_MEDIA));
    cr_expect_eq(auth_scope_caps("media:write"), CAP_MEDIA);
    cr_expect(auth_caps("editor") & CAP_PUBLISH);
    cr_expect(!(auth_caps("editor") & CAP_USERS));
    cr_expect(auth_caps("admin") & CAP_USERS);
    cr_expect_eq(auth_caps("king"), 0);
    cr_expect_eq(auth_caps(NULL), 0);
    cr_expect(auth_role_valid("editor"));
    cr_expect(!auth_role_valid("Editor"));
}

Test(auth, token_scopes_allow_capabilities_the_role_must_also_have)
{
    unsigned write = auth_scope_caps("articles:write");
    cr_expect(write & CAP_WRITE);
    cr_expect(write & CAP_PUBLISH);
    cr_expect(!(write & (CAP_USERS | CAP_MODERATE | CAP_TAXONOMY)), "articles only");
    cr_expect_eq(auth_caps("writer") & write, CAP_WRITE, "a writer's token drafts");
    cr_expect(auth_caps("editor") & write & CAP_PUBLISH, "an editor's token publishes");
    cr_expect_eq(auth_caps("moderator") & write, 0, "a moderator's token writes nothing");
    cr_expect_eq(auth_scope_caps("articles:read"), 0);
    cr_expect(auth_scope_valid("articles:read"));
    cr_expect(auth_scope_valid("articles:write"));
    cr_expect(!auth_scope_valid("articles:delete"));
    cr_expect(!auth_scope_valid("Articles:write"));
    cr_expect(!auth_scope_valid(NULL));
    cr_expect_eq(auth_scope_caps("admin"), 0);
}

Test(auth, passwords_hash_with_argon2id_and_check_in_both_directions)
{
    struct arena a = ARENA_INIT;
    const char *hash = auth_hash_password(&a, "كلمة-سر-طويلة-1");
    cr_assert_not_null(hash);
    cr_expect(strncmp(hash, "$argon2id$", 10) == 0);
    cr_expect(auth_check_password(hash, "كلمة-سر-طويلة-1"));
    cr_expect(!auth_check_password(hash, "كلمة-سر-طويلة-2"));
    cr_expect(!auth_check_password(NULL, "anything"), "no user: false, at the same cost");
    cr_expect(!auth_check_password(hash, NULL));
    cr_expect_str_neq(auth_hash_password(&a, "كلمة-سر-طويلة-1"), hash, "salted");
    cr_expect_not_null(auth_password_problem("short"));
    cr_expect_null(auth_password_problem("عشرة أحرف هنا"), "characters, not bytes");
    cr_expect_not_null(auth_password_problem("\xff\xfe long enough"));
    arena_free(&a);
}
