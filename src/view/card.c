/* card.c: article cards, the one form lists give an article in (card.h). */
#include "view/card.h"
#include "base/buf.h"
#include "view/dates.h"
#include "view/image.h"

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

json_t *view_card(json_t *row)
{
    int64_t id = json_integer_value(json_object_get(row, "id"));
    const char *slug = json_string_value(json_object_get(row, "slug"));
    struct buf url = BUF_INIT;
    buf_printf(&url, "/a/%lld/%s", (long long)id, slug ? slug : "");
    json_object_set_new(row, "url", json_stringn(buf_str(&url), url.len));
    buf_free(&url);
    json_t *published = json_object_get(row, "published_at");
    if (json_is_integer(published))
        view_set_dates(row, json_integer_value(published));
    add_url(row, "category", "/c/");
    add_url(row, "author", "/u/");
    view_image_of(row);
    return row;
}

json_t *view_cards(json_t *rows)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
        view_card(row);
    return rows;
}
