/* article.c: the live article and the model that its page and the API share (article.h). */
#include "view/article.h"
#include "store/store.h"
#include "text/embed.h"
#include "text/markdown.h"
#include "view/card.h"
#include "view/comments.h"
#include "view/dates.h"
#include "view/fail.h"
#include "view/image.h"
#include "view/url.h"

#include <string.h>

/* A change within this many seconds of publication is part of publishing, not an update. */
enum { UPDATE_SHOWN_AFTER = 60 };

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

json_t *view_live_updates(struct req *r, int64_t id, const char *slug, int64_t after)
{
    json_t *updates;
    int rc = store_live_updates(r->db, id, after, &updates);
    if (rc != DB_OK) {
        view_fail_db(r, rc);
        return NULL;
    }
    size_t i;
    json_t *u;
    json_array_foreach(updates, i, u) {
        int64_t uid = json_integer_value(json_object_get(u, "id"));
        int64_t at = json_integer_value(json_object_get(u, "created_at"));
        struct buf html = BUF_INIT;
        const char *body = json_string_value(json_object_get(u, "body"));
        markdown_html(&html, body, strlen(body));
        json_object_set_new(u, "body_html", json_stringn(buf_str(&html), html.len));
        buf_free(&html);
        json_object_set_new(u, "date_time", view_date_time(at));
        json_object_set_new(u, "datetime", view_iso_time(at));
        json_object_set_new(u, "anchor", json_sprintf("update-%lld", (long long)uid));
        json_object_set_new(u, "url",
                            json_sprintf("%s#update-%lld",
                                         view_article_path(r, id, slug ? slug : ""),
                                         (long long)uid));
        if (!json_is_string(json_object_get(u, "who")))
            json_object_set_new(u, "who", json_string(""));
    }
    return updates;
}

bool view_article_csp(struct req *r, json_t *a)
{
    struct buf frames = BUF_INIT;
    size_t i;
    json_t *key;
    json_array_foreach(json_object_get(a, "embeds"), i, key) {
        for (int p = 0; p < EMBED_PROVIDERS; p++)
            if (strcmp(json_string_value(key), embed_key((enum embed_provider)p)) == 0)
                buf_printf(&frames, "%s%s", frames.len ? " " : "",
                           embed_origin((enum embed_provider)p));
    }
    /* A live page's script fetches its new updates. */
    bool scripts = frames.len > 0 || json_is_true(json_object_get(a, "live"));
    if (frames.len)
        r->csp_frames = arena_strdup(&r->arena, buf_str(&frames));
    buf_free(&frames);
    if (scripts)
        r->csp |= REQ_CSP_SCRIPTS;
    return scripts;
}

json_t *view_article_model(struct req *r, json_t *a)
{
    /* Comments come rendered from the cache while none of them changes; then what is
     * appended to the article: its live updates and corrections. */
    int64_t id = json_integer_value(json_object_get(a, "id"));
    json_t *tree = NULL, *updates = NULL, *corrections = NULL;
    int rc =
        comments_tree(r->db, id, json_integer_value(json_object_get(a, "comments_version")), &tree);
    if (rc == DB_OK && (rc = store_corrections(r->db, id, &corrections)) == DB_OK &&
        !(updates = view_live_updates(r, id, json_string_value(json_object_get(a, "slug")), 0))) {
        json_decref(tree);
        json_decref(corrections);
        return NULL; /* view_fail_db() is done */
    }
    if (rc != DB_OK) {
        json_decref(tree);
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
    unsigned providers = 0;
    struct markdown_media media = {view_media_markdown, r};
    markdown_html_embeds(&html, body, strlen(body), &media, &providers);
    json_object_set_new(a, "body_html", json_stringn(buf_str(&html), html.len));
    buf_free(&html);
    json_t *embeds = json_array();
    for (int p = 0; p < EMBED_PROVIDERS; p++)
        if (providers & (1u << p))
            json_array_append_new(embeds, json_string(embed_key((enum embed_provider)p)));
    json_object_set_new(a, "embeds", embeds);

    /* The time of day, and «آخر تحديث» when the article changed after it went live. */
    int64_t published = json_integer_value(json_object_get(a, "published_at"));
    int64_t updated = json_integer_value(json_object_get(a, "updated_at"));
    if (published)
        json_object_set_new(a, "date_time", view_date_time(published));
    if (published && updated > published + UPDATE_SHOWN_AFTER)
        json_object_set_new(a, "updated",
                            json_pack("{s:o, s:o}", "date_time", view_date_time(updated),
                                      "datetime", view_iso_time(updated)));
    bool live = json_integer_value(json_object_get(a, "live")) != 0;
    json_object_set_new(a, "live", json_boolean(live));
    json_object_set_new(a, "updates", updates);
    size_t k;
    json_t *c;
    json_array_foreach(corrections, k, c) {
        int64_t at = json_integer_value(json_object_get(c, "created_at"));
        json_object_set_new(c, "date_time", view_date_time(at));
        json_object_set_new(c, "datetime", view_iso_time(at));
    }
    json_object_set_new(a, "corrections", corrections);
    int64_t breaking = json_integer_value(json_object_get(a, "breaking_until"));
    json_object_set_new(a, "breaking", json_boolean(breaking > r->now));

    int64_t count = json_integer_value(json_object_get(tree, "count"));
    json_object_set_new(a, "comments_count", json_integer(count));
    json_object_set_new(a, "comments_count_text", view_number(count));
    json_object_set_new(a, "comments_open", json_boolean(comments_open(a, r->now)));
    return tree;
}
