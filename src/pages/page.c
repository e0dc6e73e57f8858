/* page.c: what every public page shares: the base model, cards, URLs, rendering (pages.h). */
#include "pages/pages.h"
#include "base/buf.h"
#include "base/log.h"
#include "text/ardate.h"
#include "text/escape.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct theme *theme;

void pages_init(struct theme *t)
{
    theme = t;
}

struct theme *pages_theme(void)
{
    return theme;
}

json_t *page_number(int64_t n)
{
    struct buf b = BUF_INIT;
    ar_number(&b, n, site_get()->date.digits);
    json_t *j = json_stringn(buf_str(&b), b.len);
    buf_free(&b);
    return j;
}

static json_t *date_text(int64_t t,
                         void (*fmt)(struct buf *, int64_t, const struct ar_date_style *))
{
    struct buf b = BUF_INIT;
    fmt(&b, t, &site_get()->date);
    json_t *j = json_stringn(buf_str(&b), b.len);
    buf_free(&b);
    return j;
}

json_t *page_iso_time(int64_t t)
{
    struct buf b = BUF_INIT;
    iso_datetime(&b, t);
    json_t *j = json_stringn(buf_str(&b), b.len);
    buf_free(&b);
    return j;
}

void page_set_dates(json_t *obj, int64_t t)
{
    json_object_set_new(obj, "date", date_text(t, ar_date));
    json_object_set_new(obj, "datetime", page_iso_time(t));
}

/* Sets url = prefix + slug on the object under key, when it is an object. */
static void add_url(json_t *obj, const char *key, const char *prefix)
{
    json_t *o = key ? json_object_get(obj, key) : obj;
    const char *slug = json_string_value(json_object_get(o, "slug"));
    if (!json_is_object(o) || !slug)
        return;
    struct buf b = BUF_INIT;
    buf_printf(&b, "%s%s", prefix, slug);
    json_object_set_new(o, "url", json_stringn(buf_str(&b), b.len));
    buf_free(&b);
}

json_t *page_card(json_t *row)
{
    int64_t id = json_integer_value(json_object_get(row, "id"));
    const char *slug = json_string_value(json_object_get(row, "slug"));
    struct buf url = BUF_INIT;
    buf_printf(&url, "/a/%lld/%s", (long long)id, slug ? slug : "");
    json_object_set_new(row, "url", json_stringn(buf_str(&url), url.len));
    buf_free(&url);
    json_t *published = json_object_get(row, "published_at");
    if (json_is_integer(published))
        page_set_dates(row, json_integer_value(published));
    add_url(row, "category", "/c/");
    add_url(row, "author", "/u/");
    return row;
}

json_t *page_cards(json_t *rows)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
        page_card(row);
    return rows;
}

bool page_plain_host(const char *h)
{
    if (!h || !*h || strlen(h) > 255)
        return false;
    for (const char *p = h; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              strchr(".-:[]", *p)))
            return false;
    return true;
}

const char *page_origin(struct req *r)
{
    const char *url = site_get()->url;
    size_t n = strlen(url);
    while (n && url[n - 1] == '/')
        n--;
    if (n)
        return arena_strndup(&r->arena, url, n);
    const char *host = req_header(r, "Host");
    return arena_printf(&r->arena, "http://%s", page_plain_host(host) ? host : "127.0.0.1");
}

const char *page_absolute_iri(struct req *r, const char *path)
{
    return arena_printf(&r->arena, "%s%s", page_origin(r), path);
}

const char *page_absolute_uri(struct req *r, const char *path)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, page_origin(r));
    esc_uri(&b, path, strlen(path));
    const char *s = arena_strdup(&r->arena, buf_str(&b));
    buf_free(&b);
    return s;
}

const char *page_article_path(struct req *r, int64_t id, const char *slug)
{
    return arena_printf(&r->arena, "/a/%lld/%s", (long long)id, slug);
}

json_t *page_model(struct req *r, const char *kind, const char *title, const char *canonical,
                   const char *current_category)
{
    const struct site *s = site_get();
    json_t *m = json_object();
    time_t now = r->now;
    struct tm tm;
    localtime_r(&now, &tm);
    json_object_set_new(m, "site",
                        json_pack("{s:s, s:s, s:s, s:o}", "name", s->name, "tagline", s->tagline,
                                  "description", s->description, "year",
                                  page_number(tm.tm_year + 1900)));
    json_t *page = json_pack("{s:s, s:s, s:s, s:s}", "kind", kind, "title", title ? title : s->name,
                             "description", *s->description ? s->description : s->tagline,
                             "og_type", "website");
    /* A page with a canonical address is one to index; the others (search results, errors)
     * say noindex and name no address of their own. */
    if (canonical)
        json_object_set_new(page, "canonical", json_string(page_absolute_iri(r, canonical)));
    else
        json_object_set_new(page, "noindex", json_true());
    json_object_set_new(page, "feeds", json_array());
    meta_feeds(r, page, "", NULL);
    json_object_set_new(m, "page", page);
    json_object_set_new(m, "static", theme_static_urls(theme));

    json_t *blocks = blocks_get();
    json_t *nav = json_array();
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(blocks, "nav"), i, item) {
        /* The shared snapshot is never modified: each page gets its own copy of the nav. */
        json_t *copy = json_copy(item);
        const char *slug = json_string_value(json_object_get(item, "slug"));
        json_object_set_new(
            copy, "current",
            json_boolean(current_category && slug && strcmp(slug, current_category) == 0));
        json_array_append_new(nav, copy);
    }
    json_object_set_new(m, "nav", nav);
    json_t *sidebar = json_object_get(blocks, "sidebar");
    json_object_set(m, "sidebar", sidebar ? sidebar : json_object());
    json_decref(blocks);
    return m;
}

int page_render(struct req *r, const char *name, json_t *model)
{
    struct buf err = BUF_INIT;
    buf_reset(&r->out);
    int rc = tmpl_render(theme_templates(theme), name, model, &r->out, &err);
    json_decref(model);
    if (rc != TMPL_OK) {
        log_error("template %s: %s", name, buf_str(&err));
        buf_free(&err);
        return req_fail(r, 500, "template_error", NULL);
    }
    buf_free(&err);
    r->content_type = "text/html; charset=utf-8";
    return 0;
}

int64_t page_parse_id(const char *s)
{
    if (!s || !*s || strlen(s) > 15)
        return 0;
    int64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return 0;
        v = v * 10 + (*s - '0');
    }
    return v;
}

int page_number_arg(struct req *r)
{
    const char *p = req_query(r, "page");
    if (!p)
        return 1;
    int64_t n = page_parse_id(p);
    if (n <= 0 || n > 1000000) {
        req_fail(r, 400, "bad_page", "رقم الصفحة غير صالح: استخدم عددًا صحيحًا موجبًا.");
        return 0;
    }
    return (int)n;
}

void page_pagination(struct req *r, json_t *model, const char *base_path, int page, int pages)
{
    if (pages <= 1)
        return;
    char sep = strchr(base_path, '?') ? '&' : '?';
    json_t *p = json_object();
    json_object_set_new(p, "page_text", page_number(page));
    json_object_set_new(p, "pages_text", page_number(pages));
    if (page > 1)
        json_object_set_new(p, "prev_url",
                            json_string(page == 2 ? base_path
                                                  : arena_printf(&r->arena, "%s%cpage=%d",
                                                                 base_path, sep, page - 1)));
    if (page < pages)
        json_object_set_new(
            p, "next_url",
            json_string(arena_printf(&r->arena, "%s%cpage=%d", base_path, sep, page + 1)));
    json_object_set_new(model, "pagination", p);
}
