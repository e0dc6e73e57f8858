/*
 * comments.c: POST /a/{id}/comments, a reader's comment from the article page's form: the
 * rules (view/comments.h) decide; a comment taken goes back to the article (303) with a notice,
 * one refused shows the article again with the reader's text and what went wrong. A form that
 * does not decode never gets here (web/server.c answers it 400); a body that is not a form has
 * no fields, so its missing form token is refused by the rules (400).
 *
 * The form's signed token (web/formtoken.h) is not in the article page, which every reader
 * shares through the caches: the page's script (static/comment.js) asks
 * GET /a/{id}/comments/token for one when the reader starts to write. Without the script, the
 * first post comes without a token and is answered with the article again, the reader's text
 * kept and a new token in the form, asking to confirm: the second post meets every rule as the
 * script's would.
 */
#include "pages/pages.h"
#include "text/escape.h"
#include "view/article.h"
#include "view/comments.h"
#include "view/url.h"
#include "web/formtoken.h"

#include <string.h>

int page_comment_post(struct req *r)
{
    int64_t id = view_parse_id(req_param(r, "id"));
    json_t *article = view_article_live(r, id);
    if (!article)
        return -1;
    struct comment_fields f = {
        .name = req_form(r, "name"),
        .email = req_form(r, "email"),
        .text = req_form(r, "text"),
        .parent_id = view_parse_id(req_form(r, "parent")),
        .token = req_form(r, "token"),
        .honeypot = req_form(r, "website"),
    };
    /* Every answer but the redirect carries a token of this reader's. */
    req_add_header(r, "Cache-Control", "private, no-store");
    struct comment_result res;
    if ((!f.token || !*f.token) && comments_open(article, r->now) && !(f.honeypot && *f.honeypot)) {
        res = (struct comment_result){.status = 200, .code = "confirm"};
        return page_article_render(r, article, &f, &res);
    }
    if (comments_submit(r, article, &f, &res) != 0) {
        /* The article again, with the reader's text in the form and what went wrong. */
        if (res.retry_after)
            req_add_header(r, "Retry-After", arena_printf(&r->arena, "%d", res.retry_after));
        int rc = page_article_render(r, article, &f, &res);
        if (rc == 0)
            r->status = res.status;
        return rc;
    }
    const char *slug = json_string_value(json_object_get(article, "slug"));
    struct buf loc = BUF_INIT;
    buf_printf(&loc, "/a/%lld/", (long long)id);
    esc_url(&loc, slug, strlen(slug));
    if (res.held)
        buf_puts(&loc, "?comment=held#comment-form");
    else
        buf_printf(&loc, "?comment=posted#comment-%lld", (long long)res.id);
    const char *location = arena_strdup(&r->arena, buf_str(&loc));
    buf_free(&loc);
    json_decref(article);
    return req_redirect(r, 303, location);
}

int page_comment_token(struct req *r)
{
    int64_t id = view_parse_id(req_param(r, "id"));
    json_t *article = id ? view_article_live(r, id) : NULL;
    if (!article)
        return req_fail(r, 404, "not_found", "لا يوجد مقال بهذا الرقم.");
    bool open = comments_open(article, r->now);
    json_decref(article);
    if (!open)
        return req_fail(r, 403, "comments_closed", "التعليقات مغلقة على هذا المقال.");
    /* One reader's, once: never kept by a cache. */
    req_add_header(r, "Cache-Control", "private, no-store");
    r->content_type = "application/json; charset=utf-8";
    buf_printf(&r->out, "{\"token\":\"%s\"}\n", formtoken_issue(&r->arena, "comment", id, r->now));
    return 0;
}
