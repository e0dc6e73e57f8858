/* page.c: the model every public page starts from (pages.h). */
#include "pages/pages.h"
#include "view/blocks.h"
#include "view/dates.h"
#include "view/meta.h"
#include "view/render.h"
#include "view/site.h"
#include "view/url.h"

#include <string.h>
#include <time.h>

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
                                  view_number(tm.tm_year + 1900)));
    json_t *page =
        json_pack("{s:s, s:s, s:s, s:s, s:s}", "kind", kind, "title", title ? title : s->name,
                  "social_title", title ? title : s->name, "description",
                  *s->description ? s->description : s->tagline, "og_type", "website");
    /* A page with a canonical address is one to index; the others (search results, errors)
     * say noindex and name no address of their own. */
    if (canonical)
        json_object_set_new(page, "canonical", json_string(view_absolute_iri(r, canonical)));
    else
        json_object_set_new(page, "noindex", json_true());
    json_object_set_new(page, "feeds", json_array());
    meta_feeds(r, page, "", NULL);
    json_object_set_new(m, "page", page);
    json_object_set_new(m, "static", theme_static_urls(view_theme()));
    json_object_set_new(m, "style_escaped", json_string(theme_inline_style(view_theme())));

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
    json_t *footer = json_object_get(blocks, "footer");
    if (json_array_size(footer))
        json_object_set_new(m, "footer", json_pack("{s:O}", "items", footer));
    json_t *breaking = blocks_breaking(blocks, r->now);
    if (json_array_size(breaking))
        json_object_set_new(m, "breaking", json_pack("{s:o}", "items", breaking));
    else
        json_decref(breaking);
    json_decref(blocks);
    return m;
}
