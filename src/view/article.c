/* article.c: the live article and the model that its page and the API share (article.h). */
#include "view/article.h"
#include "store/store.h"
#include "text/markdown.h"
#include "view/card.h"
#include "view/comments.h"
#include "view/dates.h"
#include "view/fail.h"
#include "view/image.h"

#include <string.h>

json_t *view_article_live(struct req *r, int64_t id)
{
    json_t *a = NULL;
    int rc = id ? store_article_get(r->db, id, &a) : DB_DONE;
    if (rc < 0) {
        view_fail_db(r, rc);
        return NULL;
    }
    const char *status = json_string_value(json_object_get(a, "status"));
    json_t *published = json_object_get(a, "published_at");
    if (a && status && strcmp(status, "published") == 0 && json_is_integer(published) &&
        json_integer_value(published) <= r->now)
        return a;
    json_decref(a);
    req_fail(r, 404, "not_found", "لا يوجد مقال بهذا الرقم.");
    return NULL;
}

json_t *view_article_model(struct req *r, json_t *a)
{
    /* Comments come rendered from the cache while none of them changes. */
    json_t *tree;
    int rc = comments_tree(r->db, json_integer_value(json_object_get(a, "id")),
                           json_integer_value(json_object_get(a, "comments_version")), &tree);
    if (rc != DB_OK) {
        view_fail_db(r, rc);
        return NULL;
    }
    view_card(a);
    json_t *topics = json_object_get(a, "topics");
    size_t i;
    json_t *t;
    json_array_foreach(topics, i, t) {
        const char *tslug = json_string_value(json_object_get(t, "slug"));
        json_object_set_new(t, "url", json_sprintf("/t/%s", tslug ? tslug : ""));
    }
    struct buf html = BUF_INIT;
    const char *body = json_string_value(json_object_get(a, "body"));
    struct markdown_media media = {view_media_markdown, r};
    markdown_html_media(&html, body, strlen(body), &media);
    json_object_set_new(a, "body_html", json_stringn(buf_str(&html), html.len));
    buf_free(&html);

    int64_t count = json_integer_value(json_object_get(tree, "count"));
    json_object_set_new(a, "comments_count", json_integer(count));
    json_object_set_new(a, "comments_count_text", view_number(count));
    json_object_set_new(a, "comments_open", json_boolean(comments_open(a, r->now)));
    return tree;
}
