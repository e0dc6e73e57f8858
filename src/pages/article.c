/*
 * article.c: the article page, /a/{id}/{slug}.
 *
 * /a/{id}, a wrong slug, or an id written with leading zeros answer 301 to the canonical URL, so
 * every article has one address. Unknown ids and articles that are not live are 404. The page
 * shows the article model (view/article.h), its comments and their form, and related articles.
 */
#include "pages/pages.h"
#include "text/escape.h"
#include "view/article.h"
#include "view/comments.h"
#include "view/meta.h"
#include "view/related.h"
#include "view/render.h"
#include "view/site.h"
#include "view/url.h"
#include "web/formtoken.h"

#include <string.h>

/*
 * The comment form's model: open, action, where its token comes from, the reader's fields and
 * the problem after a refusal (f, res may be NULL), the reply target, the notice after a post.
 *
 * The article page is the same for every reader (the page cache keeps it), so a plain view
 * carries no token: the page's script fetches one from token_url when the reader starts to
 * write (pages/comments.c). Only an answer to a post, made for that reader alone, carries one:
 * a new one, or after "too_fast" the reader's own, which becomes good a moment later.
 */
static json_t *comment_form_model(struct req *r, json_t *article, const struct comment_fields *f,
                                  const struct comment_result *res)
{
    int64_t id = json_integer_value(json_object_get(article, "id"));
    json_t *form = json_object();
    bool open = comments_open(article, r->now);
    json_object_set_new(form, "open", json_boolean(open));
    if (open)
        r->csp |= REQ_CSP_SCRIPTS; /* comment.js fetches the form's token */
    json_object_set_new(form, "action", json_sprintf("/a/%lld/comments", (long long)id));
    json_object_set_new(form, "token_url", json_sprintf("/a/%lld/comments/token", (long long)id));
    if (open && f) {
        bool keep = res && res->code && strcmp(res->code, "too_fast") == 0 && f->token;
        json_object_set_new(
            form, "token",
            json_string(keep ? f->token : formtoken_issue(&r->arena, "comment", id, r->now)));
    }
    if (f) {
        json_object_set_new(form, "name", json_string(f->name ? f->name : ""));
        json_object_set_new(form, "email", json_string(f->email ? f->email : ""));
        json_object_set_new(form, "text", json_string(f->text ? f->text : ""));
    }
    int64_t parent = f ? f->parent_id : view_parse_id(req_query(r, "reply"));
    if (parent)
        json_object_set_new(form, "parent_id", json_integer(parent));
    if (res && res->code && strcmp(res->code, "confirm") == 0) {
        json_object_set_new(form, "confirm", json_true());
    } else if (res && res->message) {
        json_object_set_new(form, "error", json_string(res->message));
        if (res->field)
            json_object_set_new(form, "error_field", json_string(res->field));
    }
    const char *notice = req_query(r, "comment");
    if (notice && strcmp(notice, "held") == 0)
        json_object_set_new(form, "notice_held", json_true());
    else if (notice && strcmp(notice, "posted") == 0)
        json_object_set_new(form, "notice_posted", json_true());
    return form;
}

int page_article_render(struct req *r, json_t *a, const struct comment_fields *form,
                        const struct comment_result *result)
{
    int64_t id = json_integer_value(json_object_get(a, "id"));
    /* The form first: it reads the stored comments_open, which the model makes a boolean.
     * Related: the articles the index finds for this one's weightiest terms. */
    json_t *comment_form = comment_form_model(r, a, form, result);
    json_t *tree = view_article_model(r, a);
    json_t *related = tree ? related_cards(r, id) : NULL;
    if (!related) { /* the database failed: req_fail() is done */
        json_decref(tree);
        json_decref(comment_form);
        json_decref(a);
        return -1;
    }
    const char *slug = json_string_value(json_object_get(a, "slug"));
    const char *path = view_article_path(r, id, slug);
    /* The page's title is the one for search engines when the newsroom gave one, and the
     * title for sharing the one for sharing; both else the headline. */
    const char *title = json_string_value(json_object_get(a, "title"));
    const char *seo = json_string_value(json_object_get(a, "seo_title"));
    const char *social = json_string_value(json_object_get(a, "social_title"));
    json_t *m =
        page_model(r, "article", seo && *seo ? seo : title, path,
                   json_string_value(json_object_get(json_object_get(a, "category"), "slug")));
    json_t *page = json_object_get(m, "page");
    json_object_set_new(page, "social_title", json_string(social && *social ? social : title));
    if (json_string_length(json_object_get(a, "dek")))
        json_object_set(page, "description", json_object_get(a, "dek"));

    meta_article(r, page, a);
    if (view_article_csp(r, a))
        json_object_set_new(page, "script", json_true());

    json_object_del(a, "body");
    json_object_set(a, "comments", json_object_get(tree, "comments"));
    json_decref(tree);
    json_object_set_new(a, "comment_form", comment_form);
    /* A live page (or one whose coverage ended): its updates, and for the page's script where
     * to fetch new ones and how often; without the script the page reloads itself. */
    json_t *updates = json_object_get(a, "updates");
    bool live = json_is_true(json_object_get(a, "live"));
    if (live || json_array_size(updates)) {
        int poll = site_get()->live_poll;
        json_object_set_new(
            a, "live_block",
            json_pack("{s:b, s:O, s:s, s:i, s:i, s:I}", "on", live, "items", updates, "feed",
                      arena_printf(&r->arena, "/api/v1/articles/%lld/updates", (long long)id),
                      "poll", poll, "refresh", poll > 60 ? poll : 60, "last",
                      json_integer_value(json_object_get(json_array_get(updates, 0), "id"))));
    }
    if (json_array_size(json_object_get(a, "corrections")))
        json_object_set_new(a, "corrections_block",
                            json_pack("{s:O}", "items", json_object_get(a, "corrections")));
    json_object_set_new(m, "related", related);
    json_object_set_new(m, "article", a);

    r->view_article = id;
    return view_render(r, "article", m);
}

int page_article(struct req *r)
{
    const char *id_text = req_param(r, "id");
    int64_t id = view_parse_id(id_text);
    json_t *a = view_article_live(r, id);
    if (!a)
        return -1;
    const char *slug = json_string_value(json_object_get(a, "slug"));
    const char *asked = req_param(r, "slug");
    char canonical_id[24];
    snprintf(canonical_id, sizeof canonical_id, "%lld", (long long)id);
    if (!asked || strcmp(asked, slug) != 0 || strcmp(id_text, canonical_id) != 0) {
        struct buf loc = BUF_INIT;
        buf_printf(&loc, "/a/%lld/", (long long)id);
        esc_url(&loc, slug, strlen(slug));
        const char *location = arena_strdup(&r->arena, buf_str(&loc));
        buf_free(&loc);
        json_decref(a);
        req_add_header(r, "Cache-Control", "public, max-age=3600");
        return req_redirect(r, 301, location);
    }
    return page_article_render(r, a, NULL, NULL);
}
