/*
 * comments.c: an article's comments over the API.
 *
 *   GET  /api/v1/articles/{id}/comments?page=N&per_page=M   approved comments, oldest first,
 *        with a form_token for posting (valid from 3 seconds to 24 hours after it is given)
 *   POST /api/v1/articles/{id}/comments   {"name","email","text","parent_id","token"}: the
 *        same rules as the site's form (view/comments.c); 201 with the new comment's id and
 *        status ("approved" or "pending"), or a JSON error with the status of the refusal.
 */
#include "api/api.h"
#include "store/store.h"
#include "text/comment.h"
#include "view/comments.h"
#include "view/dates.h"
#include "view/fail.h"
#include "web/formtoken.h"

#include <string.h>

enum { PER_PAGE = 20 };

int api_comments_get(struct req *r)
{
    int page, per_page;
    if (api_paging(r, PER_PAGE, &page, &per_page) != 0)
        return -1;
    json_t *a = api_live_article(r);
    if (!a)
        return -1;
    int64_t id = json_integer_value(json_object_get(a, "id"));
    int64_t total = 0;
    json_t *rows;
    int rc = store_comments_approved(r->db, id, (page - 1) * per_page, per_page, &total, &rows);
    if (rc != DB_OK) {
        json_decref(a);
        return view_fail_db(r, rc);
    }
    size_t i;
    json_t *c;
    json_array_foreach(rows, i, c) {
        const char *body = json_string_value(json_object_get(c, "body"));
        struct buf html = BUF_INIT;
        comment_html(&html, body, strlen(body));
        json_object_set_new(c, "body_html", json_stringn(buf_str(&html), html.len));
        buf_free(&html);
        view_set_dates(c, json_integer_value(json_object_get(c, "created_at")));
    }
    json_t *out = json_pack("{s:I, s:I, s:i, s:i, s:o, s:b}", "article_id", (json_int_t)id, "total",
                            (json_int_t)total, "page", page, "per_page", per_page, "comments", rows,
                            "open", comments_open(a, r->now));
    api_links(r, out, arena_printf(&r->arena, "/api/v1/articles/%lld/comments", (long long)id), "",
              page, per_page, total);
    if (comments_open(a, r->now))
        json_object_set_new(out, "form_token",
                            json_string(formtoken_issue(&r->arena, "comment", id, r->now)));
    json_decref(a);
    req_add_header(r, "Cache-Control", "no-cache");
    return api_reply(r, 200, out);
}

static const char *text_field(json_t *body, const char *name)
{
    return json_string_value(json_object_get(body, name));
}

int api_comments_post(struct req *r)
{
    json_t *a = api_live_article(r);
    if (!a)
        return -1;
    json_t *body = api_body(r);
    if (!body) {
        json_decref(a);
        return -1;
    }
    json_t *parent = json_object_get(body, "parent_id");
    struct comment_fields f = {
        .name = text_field(body, "name"),
        .email = text_field(body, "email"),
        .text = text_field(body, "text"),
        .token = text_field(body, "token"),
        .honeypot = text_field(body, "website"),
        .parent_id = json_is_integer(parent) ? json_integer_value(parent) : 0,
    };
    struct comment_result res;
    int rc = comments_submit(r, a, &f, &res);
    json_decref(a);
    json_decref(body);
    if (rc != 0) {
        if (res.retry_after)
            req_add_header(r, "Retry-After", arena_printf(&r->arena, "%d", res.retry_after));
        return req_fail(r, res.status, res.code, res.message);
    }
    return api_reply(r, 201,
                     json_pack("{s:{s:I, s:s}, s:s}", "comment", "id", (json_int_t)res.id, "status",
                               res.held ? "pending" : "approved", "message",
                               res.held ? "تعليقك بانتظار المراجعة." : "نُشر تعليقك."));
}
