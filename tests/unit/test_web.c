/* Unit tests of web/ pieces that need no server: route matching, UTF-8 checks, the arena, the
 * connection guard's caps and deadlines. */
#include "base/arena.h"
#include "base/utf8.h"
#include "web/auth.h"
#include "web/guard.h"
#include "web/route.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

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
    cr_expect(utf8_has_any_controls("a\tb", 3), "tab");
    cr_expect(utf8_has_any_controls("\x1b[31m", 5), "ESC");
    cr_expect(utf8_has_any_controls("a\x7f", 2), "DEL");
    cr_expect(utf8_has_any_controls("\xC2\x9B"
                                    "31m",
                                    5),
              "U+009B, the 8-bit CSI");
    cr_expect(!utf8_has_any_controls("\xC2\xA0\xC2\xBF", 4), "U+00A0 and U+00BF are text");
    cr_expect(!utf8_has_any_controls("اتفاق جديد", strlen("اتفاق جديد")));
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

static struct sockaddr_storage v4(const char *text)
{
    struct sockaddr_storage ss = {0};
    struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
    sin->sin_family = AF_INET;
    cr_assert_eq(inet_pton(AF_INET, text, &sin->sin_addr), 1);
    return ss;
}

static struct sockaddr_storage v6(const char *text)
{
    struct sockaddr_storage ss = {0};
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
    sin6->sin6_family = AF_INET6;
    cr_assert_eq(inet_pton(AF_INET6, text, &sin6->sin6_addr), 1);
    return ss;
}

#define SA(ss) ((const struct sockaddr *)&(ss))

static const struct guard_limits test_limits = {
    .max_connections = 100,
    .per_client = 3,
    .busy_at = 8,
    .per_client_busy = 1,
    .head_timeout = 10,
    .keep_alive_busy = 2,
    .body_min_rate = 1000,
    .exempt = "10.9.9.9",
};

Test(guard, an_address_holds_at_most_per_client_connections_until_one_closes)
{
    guard_init(&test_limits);
    struct sockaddr_storage a = v4("10.0.0.1"), b = v4("10.0.0.2");
    struct guard_conn *held[3];
    for (int i = 0; i < 3; i++) {
        cr_assert(guard_admit(SA(a)), "connection %d", i);
        held[i] = guard_open(-1, SA(a));
    }
    cr_expect_not(guard_admit(SA(a)), "a fourth from the same address");
    cr_expect(guard_admit(SA(b)), "another address is let in");
    guard_close(held[0]);
    cr_expect(guard_admit(SA(a)), "one closed, one more may come");
    cr_expect_eq(guard_stats().open, 2);
    cr_expect_eq(guard_stats().refused, 1);
    guard_close(held[1]);
    guard_close(held[2]);
    cr_expect_eq(guard_stats().open, 0);
}

Test(guard, ipv6_clients_are_counted_by_their_64_and_mapped_ipv4_as_ipv4)
{
    guard_init(&test_limits);
    struct sockaddr_storage x1 = v6("2001:db8:1:2::1"), x2 = v6("2001:db8:1:2:ffff::9"),
                            x3 = v6("2001:db8:1:2::77"), other = v6("2001:db8:1:3::1");
    guard_open(-1, SA(x1));
    guard_open(-1, SA(x2));
    guard_open(-1, SA(x3));
    cr_expect_not(guard_admit(SA(x1)), "one /64 is one client");
    cr_expect(guard_admit(SA(other)), "the next /64 is another");
    struct sockaddr_storage plain = v4("10.0.0.5"), mapped = v6("::ffff:10.0.0.5");
    for (int i = 0; i < 3; i++)
        guard_open(-1, SA(plain));
    cr_expect_not(guard_admit(SA(mapped)), "::ffff:10.0.0.5 is 10.0.0.5");
}

Test(guard, a_busy_server_keeps_its_last_places_for_addresses_holding_few)
{
    guard_init(&test_limits);
    char text[32];
    for (int i = 0; i < 4; i++) { /* 4 addresses with 2 each: 8 open, busy */
        snprintf(text, sizeof text, "10.0.1.%d", i);
        struct sockaddr_storage a = v4(text);
        guard_open(-1, SA(a));
        guard_open(-1, SA(a));
    }
    struct sockaddr_storage crowded = v4("10.0.1.0"), fresh = v4("10.0.2.1");
    cr_expect_not(guard_admit(SA(crowded)), "2 held, busy allows 1");
    cr_expect(guard_admit(SA(fresh)), "an address holding none still gets in");
    struct sockaddr_storage proxy = v4("10.9.9.9");
    for (int i = 0; i < 10; i++)
        guard_open(-1, SA(proxy));
    cr_expect(guard_admit(SA(proxy)), "the trusted proxy has no per-address cap");
}

/* A connected pair of sockets; the guard watches s[0]. */
static void pair(int s[2])
{
    cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, s), 0);
}

/* True when the peer of s has been shut down: a read returns the end of the stream at once. */
static bool shut_down(int s)
{
    struct pollfd p = {.fd = s, .events = POLLIN};
    if (poll(&p, 1, 0) != 1)
        return false;
    char c;
    return read(s, &c, 1) == 0;
}

Test(guard, the_sweep_shuts_down_connections_past_their_deadline_only)
{
    struct guard_limits l = test_limits;
    l.head_timeout = 0; /* every head is late as soon as the clock moves */
    guard_init(&l);
    struct sockaddr_storage a = v4("10.0.3.1");
    int waiting[2], answering[2], body[2];
    pair(waiting);
    pair(answering);
    pair(body);
    struct guard_conn *w = guard_open(waiting[0], SA(a));
    struct guard_conn *r = guard_open(answering[0], SA(a));
    struct guard_conn *b = guard_open(body[0], SA(a));
    guard_head_done(r);
    guard_responding(r);
    guard_head_done(b);
    guard_body(b, 100000); /* 100 s of body at 1000 bytes a second */
    usleep(5000);
    guard_sweep(0);
    cr_expect(shut_down(waiting[1]), "a head still awaited is cut off");
    cr_expect_not(shut_down(answering[1]), "a request being answered is left alone");
    cr_expect_not(shut_down(body[1]), "a body arriving at the minimum rate is left alone");
    cr_expect_eq(guard_stats().expired, 1);
    guard_idle(r); /* answered: the next head is awaited, and late at once */
    usleep(5000);
    guard_sweep(0);
    cr_expect(shut_down(answering[1]), "an idle kept-alive connection past the deadline");
    guard_close(w);
    guard_close(r);
    guard_close(b);
    for (int i = 0; i < 2; i++) {
        close(waiting[i]);
        close(answering[i]);
        close(body[i]);
    }
}
