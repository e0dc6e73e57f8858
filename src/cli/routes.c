/*
 * routes.c: every URL sahifa answers, in one table read top to bottom (DESIGN.md, "URLs").
 *
 * The table sits here, in the top layer, because it names handlers of every layer below; the
 * matcher is web/route.c.
 */
#include "api/api.h"
#include "cli/cli.h"
#include "pages/pages.h"

const struct route routes[] = {
    {"GET", "/", page_home, 0},
    {"GET", "/a/:id", page_article, 0},
    {"GET", "/a/:id/:slug", page_article, 0},
    {"POST", "/a/:id/comments", page_comment_post, 0},
    {"GET", "/c/:slug", page_category, 0},
    {"GET", "/t/:slug", page_topic, 0},
    {"GET", "/u/:slug", page_author, 0},
    {"GET", "/search", page_search, 0},
    {"GET", "/static/:name", page_static, 0},
    {"GET", "/api/v1/articles/:id/comments", api_comments_get, ROUTE_API},
    {"POST", "/api/v1/articles/:id/comments", api_comments_post, ROUTE_API},
    {"GET", "/healthz", page_healthz, ROUTE_API},
    {"GET", "/metrics", page_metrics, 0},
    {NULL, NULL, NULL, 0},
};
