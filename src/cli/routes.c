/*
 * routes.c: every URL sahifa answers, in one table read top to bottom (DESIGN.md, "URLs"), with
 * what each needs: ROUTE_LOGIN (a logged-in user), ROUTE_CSRF (the session's token on POST),
 * ROUTE_TOKEN (a bearer token, for programs) and capabilities (web/auth.h); and what it allows:
 * ROUTE_CORS (reads by other sites' pages), ROUTE_KEEP (a refused save's text is kept),
 * ROUTE_PUBLIC (the same answer for every reader who is not logged in: kept by the page cache,
 * cacheable by CDNs). web/server.c checks them before the handler runs.
 *
 * The table sits here, in the top layer, because it names handlers of every layer below; the
 * matcher is web/route.c.
 */
#include "admin/admin.h"
#include "api/api.h"
#include "cli/cli.h"
#include "pages/pages.h"
#include "web/auth.h"

#define CSRF      (ROUTE_LOGIN | ROUTE_CSRF)
#define PUBLIC    ROUTE_PUBLIC
#define API_READ  (ROUTE_API | ROUTE_CORS | ROUTE_PUBLIC)
#define API_TOKEN (ROUTE_API | ROUTE_TOKEN)

const struct route routes[] = {
    /* The public site. */
    {"GET", "/", page_home, PUBLIC, 0},
    {"GET", "/a/:id", page_article, PUBLIC, 0},
    {"GET", "/a/:id/:slug", page_article, PUBLIC, 0},
    {"POST", "/a/:id/comments", page_comment_post, 0, 0},
    {"GET", "/a/:id/comments/token", page_comment_token, ROUTE_API, 0},
    {"GET", "/c/:slug", page_category, PUBLIC, 0},
    {"GET", "/t/:slug", page_topic, PUBLIC, 0},
    {"GET", "/u/:slug", page_author, PUBLIC, 0},
    {"GET", "/search", page_search, PUBLIC, 0},
    {"GET", "/static/:name", page_static, 0, 0},
    {"GET", "/p/:slug", page_static_page, PUBLIC, 0},
    {"GET", "/media/:name", page_media, 0, 0},
    {"GET", "/feed", page_feed_rss, PUBLIC, 0},
    {"GET", "/feed/atom", page_feed_atom, PUBLIC, 0},
    {"GET", "/c/:slug/feed", page_feed_rss, PUBLIC, 0},
    {"GET", "/c/:slug/feed/atom", page_feed_atom, PUBLIC, 0},
    {"GET", "/t/:slug/feed", page_feed_rss, PUBLIC, 0},
    {"GET", "/t/:slug/feed/atom", page_feed_atom, PUBLIC, 0},
    {"GET", "/u/:slug/feed", page_feed_rss, PUBLIC, 0},
    {"GET", "/u/:slug/feed/atom", page_feed_atom, PUBLIC, 0},
    {"GET", "/sitemap.xml", page_sitemap_index, PUBLIC, 0},
    {"GET", "/sitemap-articles-:n.xml", page_sitemap_articles, PUBLIC, 0},
    {"GET", "/sitemap-categories.xml", page_sitemap_categories, PUBLIC, 0},
    {"GET", "/sitemap-topics.xml", page_sitemap_topics, PUBLIC, 0},
    {"GET", "/sitemap-news.xml", page_sitemap_news, PUBLIC, 0},
    {"GET", "/robots.txt", page_robots, PUBLIC, 0},

    /* The JSON API: reads are public, for other sites' pages too (CORS, by setting); writes
     * take a bearer token whose user's role and scope give the capabilities named. */
    {"GET", "/api/v1/articles", api_articles, API_READ, 0},
    {"POST", "/api/v1/articles", api_article_create, API_TOKEN, CAP_WRITE},
    {"GET", "/api/v1/articles/:id", api_article, API_READ, 0},
    {"PATCH", "/api/v1/articles/:id", api_article_update, API_TOKEN, CAP_WRITE},
    /* Not ROUTE_PUBLIC: each answer carries a new comment form token. */
    {"GET", "/api/v1/articles/:id/comments", api_comments_get, ROUTE_API | ROUTE_CORS, 0},
    {"GET", "/api/v1/articles/:id/updates", api_live_updates, API_READ, 0},
    {"POST", "/api/v1/articles/:id/comments", api_comments_post, ROUTE_API, 0},
    {"POST", "/api/v1/media", api_media_create, API_TOKEN | ROUTE_UPLOAD, CAP_MEDIA},
    {"GET", "/api/v1/search", api_search, API_READ, 0},
    {"GET", "/api/v1/most-read", api_most_read, API_READ, 0},
    {"GET", "/api/v1/front", api_front, API_READ, 0},
    {"GET", "/api/v1/categories", api_categories, API_READ, 0},
    {"GET", "/api/v1/topics", api_topics, API_READ, 0},

    /* The newsroom. */
    {"GET", "/admin/login", admin_login_form, 0, 0},
    {"POST", "/admin/login", admin_login, 0, 0},
    {"POST", "/admin/logout", admin_logout, CSRF, 0},
    {"GET", "/admin", admin_dashboard, ROUTE_LOGIN, 0},
    {"GET", "/admin/", admin_dashboard, ROUTE_LOGIN, 0},
    {"GET", "/admin/articles", admin_articles, 0, CAP_WRITE},
    {"GET", "/admin/articles/new", admin_editor_new, 0, CAP_WRITE},
    {"POST", "/admin/articles/new", admin_editor_create, CSRF | ROUTE_KEEP, CAP_WRITE},
    {"POST", "/admin/articles/new/autosave", admin_autosave, ROUTE_API | CSRF, CAP_WRITE},
    {"POST", "/admin/articles/new/draft/discard", admin_draft_discard, CSRF, CAP_WRITE},
    {"POST", "/admin/preview", admin_preview, ROUTE_API | CSRF, CAP_WRITE},
    {"GET", "/admin/articles/:id/edit", admin_editor, 0, CAP_WRITE},
    {"POST", "/admin/articles/:id/edit", admin_editor_save, CSRF | ROUTE_KEEP, CAP_WRITE},
    {"POST", "/admin/articles/:id/autosave", admin_autosave, ROUTE_API | CSRF, CAP_WRITE},
    {"POST", "/admin/articles/:id/draft/discard", admin_draft_discard, CSRF, CAP_WRITE},
    {"POST", "/admin/articles/:id/corrections", admin_corrections_add, CSRF, CAP_EDIT},
    {"POST", "/admin/articles/:id/live", admin_live_set, CSRF, CAP_EDIT},
    {"POST", "/admin/articles/:id/updates", admin_live_update_add, CSRF, CAP_EDIT},
    {"POST", "/admin/articles/:id/updates/:uid/delete", admin_live_update_delete, CSRF, CAP_EDIT},
    {"GET", "/admin/articles/:id/revisions", admin_revisions, 0, CAP_WRITE},
    {"GET", "/admin/articles/:id/revisions/:rid", admin_diff, 0, CAP_WRITE},
    {"POST", "/admin/articles/:id/revisions/:rid/restore", admin_restore, CSRF, CAP_WRITE},
    {"GET", "/admin/front", admin_front, 0, CAP_PUBLISH},
    {"POST", "/admin/front", admin_front_save, CSRF, CAP_PUBLISH},
    {"POST", "/admin/front/breaking", admin_front_breaking, CSRF, CAP_PUBLISH},
    {"GET", "/admin/media", admin_media, 0, CAP_MEDIA},
    {"POST", "/admin/media", admin_media_upload, CSRF | ROUTE_UPLOAD, CAP_MEDIA},
    {"GET", "/admin/media/:id", admin_media_item, 0, CAP_MEDIA},
    {"POST", "/admin/media/:id", admin_media_save, CSRF, CAP_MEDIA},
    {"POST", "/admin/media/:id/replace", admin_media_replace, CSRF | ROUTE_UPLOAD, CAP_MEDIA},
    {"POST", "/admin/media/:id/delete", admin_media_delete, CSRF, CAP_MEDIA},
    {"POST", "/admin/media/:id/use", admin_media_use, CSRF, CAP_MEDIA | CAP_WRITE},
    {"GET", "/admin/categories", admin_categories, 0, CAP_TAXONOMY},
    {"POST", "/admin/categories", admin_category_create, CSRF, CAP_TAXONOMY},
    {"POST", "/admin/categories/:id", admin_category_update, CSRF, CAP_TAXONOMY},
    {"GET", "/admin/topics", admin_topics, 0, CAP_TAXONOMY},
    {"POST", "/admin/topics/:id", admin_topic_update, CSRF, CAP_TAXONOMY},
    {"GET", "/admin/comments", admin_comments, 0, CAP_MODERATE},
    {"POST", "/admin/comments", admin_comments_act, CSRF, CAP_MODERATE},
    {"GET", "/admin/users", admin_users, 0, CAP_USERS},
    {"POST", "/admin/users", admin_user_create, CSRF, CAP_USERS},
    {"POST", "/admin/users/:id", admin_user_update, CSRF, CAP_USERS},
    {"GET", "/admin/users/:id/profile", admin_user_profile, 0, CAP_USERS},
    {"POST", "/admin/users/:id/profile", admin_user_profile_save, CSRF, CAP_USERS},
    {"GET", "/admin/pages", admin_pages, 0, CAP_PUBLISH},
    {"GET", "/admin/pages/new", admin_page_new, 0, CAP_PUBLISH},
    {"POST", "/admin/pages/new", admin_page_save, CSRF, CAP_PUBLISH},
    {"GET", "/admin/pages/:id/edit", admin_page_edit, 0, CAP_PUBLISH},
    {"POST", "/admin/pages/:id/edit", admin_page_save, CSRF, CAP_PUBLISH},
    {"POST", "/admin/pages/:id/delete", admin_page_delete, CSRF, CAP_PUBLISH},
    {"GET", "/admin/settings", admin_settings, 0, CAP_USERS},
    {"POST", "/admin/settings", admin_settings_save, CSRF, CAP_USERS},
    {"GET", "/admin/account", admin_account, ROUTE_LOGIN, 0},
    {"POST", "/admin/account/password", admin_password, CSRF, 0},
    {"POST", "/admin/account/profile", admin_account_profile, CSRF, 0},
    {"POST", "/admin/account/logout-all", admin_logout_all, CSRF, 0},

    /* Operations. */
    {"GET", "/healthz", page_healthz, ROUTE_API, 0},
    {"GET", "/metrics", page_metrics, 0, 0},
    {NULL, NULL, NULL, 0, 0},
};
