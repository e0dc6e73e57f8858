/*
 * article.c: the article page, /a/{id}/{slug}.
 *
 * /a/{id}, a wrong slug, or an id written with leading zeros answer 301 to the canonical URL, so
 * every article has one address. Unknown ids and articles that are not live are 404.
 */
#include "pages/pages.h"
#include "store/store.h"
#include "text/escape.h"
#include "text/markdown.h"

#include <string.h>

json_t *page_article_live(struct req *r, int64_t id)
{
    json_t *a = store_article_get(r->db, id);
    const char *status = json_string_value(json_object_get(a, "status"));
    json_t *published = json_object_get(a, "published_at");
    if (a && status && strcmp(status, "published") == 0 && json_is_integer(published) &&
        json_integer_value(published) <= r->now)
        return a;
    json_decref(a);
    return NULL;
}

json_t *page_article_model(struct req *r, json_t *a)
{
    int64_t id = json_integer_value(json_object_get(a, "id"));
    page_card(a);
    json_t *topics = json_object_get(a, "topics");
    size_t i;
    json_t *t;
    json_array_foreach(topics, i, t) {
        const char *tslug = json_string_value(json_object_get(t, "slug"));
        json_object_set_new(t, "url", json_sprintf("/t/%s", tslug ? tslug : ""));
    }
    struct buf html = BUF_INIT;
    const char *body = json_string_value(json_object_get(a, "body"));
    markdown_html(&html, body, strlen(body));
    json_object_set_new(a, "body_html", json_stringn(buf_str(&html), html.len));
    buf_free(&html);

    /* Comments come rendered from the cache while none of them changes. */
    json_t *tree =
        comments_tree(r->db, id, json_integer_value(json_object_get(a, "comments_version")));
    int64_t count = json_integer_value(json_object_get(tree, "count"));
    json_object_set_new(a, "comments_count", json_integer(count));
    json_object_set_new(a, "comments_count_text", page_number(count));
    json_object_set_new(a, "comments_open", json_boolean(comments_open(a, r->now)));
    return tree;
}

int page_article_render(struct req *r, json_t *a, const struct comment_fields *form,
                        const struct comment_result *result)
{
    int64_t id = json_integer_value(json_object_get(a, "id"));
    const char *slug = json_string_value(json_object_get(a, "slug"));
    const char *path = page_article_path(r, id, slug);
    json_t *m =
        page_model(r, "article", json_string_value(json_object_get(a, "title")), path,
                   json_string_value(json_object_get(json_object_get(a, "category"), "slug")));
    json_t *page = json_object_get(m, "page");
    if (json_string_length(json_object_get(a, "dek")))
        json_object_set(page, "description", json_object_get(a, "dek"));
    meta_article(r, page, a);

    /* The form first: it reads the stored comments_open, which the model makes a boolean. */
    json_t *comment_form = comments_form_model(r, a, form, result);
    json_t *tree = page_article_model(r, a);
    json_object_del(a, "body");
    json_object_set(a, "comments", json_object_get(tree, "comments"));
    json_decref(tree);
    json_object_set_new(a, "comment_form", comment_form);
    /* Related: the articles the index finds for this one's weightiest terms. */
    json_object_set_new(m, "related", related_cards(r, id));
    json_object_set_new(m, "article", a);

    r->view_article = id;
    return page_render(r, "article", m);
}

int page_article(struct req *r)
{
    const char *id_text = req_param(r, "id");
    int64_t id = page_parse_id(id_text);
    json_t *a = id ? page_article_live(r, id) : NULL;
    if (!a)
        return req_fail(r, 404, "not_found", "لا يوجد مقال بهذا الرقم.");
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
