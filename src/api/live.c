/*
 * live.c: GET /api/v1/articles/{id}/updates?after=N, a live page's updates newer than the one
 * with id N (all without it), newest first: what the page's script fetches to show new updates
 * without a reload, and what any program may follow. 404 for an article that is not live and
 * has no updates (a coverage that ended keeps answering, with "live": false, so the page's
 * script can stop).
 */
#include "api/api.h"
#include "view/article.h"
#include "view/url.h"

int api_live_updates(struct req *r)
{
    json_t *a = api_live_article(r);
    if (!a)
        return -1;
    const char *after_text = req_query(r, "after");
    int64_t after = after_text ? view_parse_id(after_text) : 0;
    if (after_text && !after && *after_text != '0') {
        json_decref(a);
        return req_fail(r, 400, "bad_after", "after رقم تحديث (عدد صحيح موجب).");
    }
    int64_t id = json_integer_value(json_object_get(a, "id"));
    bool live = json_integer_value(json_object_get(a, "live")) != 0;
    json_t *updates =
        view_live_updates(r, id, json_string_value(json_object_get(a, "slug")), after);
    json_decref(a);
    if (!updates)
        return -1; /* view_fail_db() is done */
    if (!live && after == 0 && json_array_size(updates) == 0) {
        json_decref(updates);
        return req_fail(r, 404, "not_live", "هذا المقال ليس تغطية مباشرة.");
    }
    /* Only what the page shows: the Markdown stays on the server. */
    size_t i;
    json_t *u;
    json_array_foreach(updates, i, u) {
        json_object_del(u, "body");
    }
    return api_reply(r, 200,
                     json_pack("{s:I, s:b, s:o}", "article_id", (json_int_t)id, "live", live,
                               "updates", updates));
}
