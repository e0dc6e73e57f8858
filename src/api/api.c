/* api.c: what every API handler shares: JSON in and out, paging and links (see api.h). */
#include "api/api.h"
#include "store/db.h"
#include "text/escape.h"
#include "view/article.h"
#include "view/fail.h"
#include "view/paging.h"
#include "view/url.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { PER_PAGE_MAX = 100 };

int api_reply(struct req *r, int status, json_t *value)
{
    r->status = status;
    r->content_type = "application/json; charset=utf-8";
    char *text = json_dumps(value, JSON_COMPACT);
    json_decref(value);
    buf_reset(&r->out);
    buf_puts(&r->out, text);
    buf_putc(&r->out, '\n');
    free(text);
    return 0;
}

json_t *api_body(struct req *r)
{
    const char *type = req_header(r, "Content-Type");
    if (!type || strncasecmp(type, "application/json", 16) != 0) {
        req_fail(r, 415, "unsupported_media_type", "أرسل الطلب بصيغة JSON (application/json).");
        return NULL;
    }
    json_error_t err;
    json_t *body =
        json_loadb(r->body.p ? r->body.p : "", r->body.len, JSON_REJECT_DUPLICATES, &err);
    if (!body || !json_is_object(body)) {
        json_decref(body);
        req_fail(r, 400, "invalid_json", "نص الطلب ليس كائن JSON صالحًا.");
        return NULL;
    }
    return body;
}

json_t *api_live_article(struct req *r)
{
    return view_article_live(r, view_parse_id(req_param(r, "id")));
}

int api_paging(struct req *r, int dflt, int *page, int *per_page)
{
    if (!(*page = view_page_arg(r)))
        return -1;
    *per_page = dflt;
    const char *pp = req_query(r, "per_page");
    if (pp) {
        int64_t v = view_parse_id(pp);
        if (v < 1 || v > PER_PAGE_MAX)
            return req_fail(r, 400, "bad_per_page", "per_page عدد صحيح من ١ إلى ١٠٠.");
        *per_page = (int)v;
    }
    return 0;
}

const char *api_query_args(struct req *r, const char *const *names)
{
    struct buf b = BUF_INIT;
    for (; *names; names++) {
        const char *v = req_query(r, *names);
        if (!v)
            continue;
        buf_printf(&b, "%s%s=", b.len ? "&" : "", *names);
        esc_url(&b, v, strlen(v));
    }
    const char *args = arena_strdup(&r->arena, buf_str(&b));
    buf_free(&b);
    return args;
}

static json_t *paged_link(struct req *r, const char *path, const char *args, int page, int per_page)
{
    const char *p = arena_printf(&r->arena, "%s?%s%spage=%d&per_page=%d", path, args,
                                 *args ? "&" : "", page, per_page);
    return json_string(view_absolute_uri(r, p));
}

void api_links(struct req *r, json_t *out, const char *path, const char *args, int page,
               int per_page, int64_t total)
{
    json_t *links = json_object();
    json_object_set_new(links, "self", paged_link(r, path, args, page, per_page));
    if (page > 1)
        json_object_set_new(links, "prev", paged_link(r, path, args, page - 1, per_page));
    if ((int64_t)page * per_page < total)
        json_object_set_new(links, "next", paged_link(r, path, args, page + 1, per_page));
    json_object_set_new(out, "links", links);
}

int api_slug_arg(struct req *r, const char *name, int (*find)(struct db *, const char *, json_t **),
                 const char *code, const char *message, int64_t *id)
{
    *id = 0;
    const char *slug = req_query(r, name);
    if (!slug)
        return 0;
    json_t *thing;
    int rc = find(r->db, slug, &thing);
    if (rc == DB_DONE)
        return req_fail(r, 404, code, message);
    if (rc != DB_OK)
        return view_fail_db(r, rc);
    *id = json_integer_value(json_object_get(thing, "id"));
    json_decref(thing);
    return 0;
}
