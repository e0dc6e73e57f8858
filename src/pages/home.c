/* home.c: the front page «/»: the lead story, the latest articles, a block per category. */
#include "pages/pages.h"
#include "store/store.h"
#include "view/card.h"
#include "view/fail.h"
#include "view/render.h"
#include "view/site.h"

enum { HOME_LATEST = 9, HOME_PER_SECTION = 4 };

int page_home(struct req *r)
{
    const struct site *s = site_get();
    json_t *latest, *cats;
    int rc = store_articles_latest(r->db, NULL, r->now, 0, HOME_LATEST, NULL, &latest);
    if (rc != DB_OK || (rc = store_categories(r->db, &cats)) != DB_OK) {
        json_decref(latest);
        return view_fail_db(r, rc);
    }
    json_t *m = page_model(r, "home", s->name, "/", NULL);
    view_cards(latest);
    if (json_array_size(latest) > 0) {
        json_object_set(m, "lead", json_array_get(latest, 0));
        json_array_remove(latest, 0);
    }
    json_object_set_new(m, "latest", latest);

    json_t *sections = json_array();
    size_t i;
    json_t *cat;
    json_array_foreach(cats, i, cat) {
        struct article_filter f = {.category_id = json_integer_value(json_object_get(cat, "id"))};
        json_t *cards;
        if ((rc = store_articles_latest(r->db, &f, r->now, 0, HOME_PER_SECTION, NULL, &cards)) !=
            DB_OK) {
            json_decref(sections);
            json_decref(cats);
            json_decref(m);
            return view_fail_db(r, rc);
        }
        view_cards(cards);
        if (json_array_size(cards) == 0) {
            json_decref(cards);
            continue;
        }
        json_t *category = json_pack("{s:O, s:s+}", "name", json_object_get(cat, "name"), "url",
                                     "/c/", json_string_value(json_object_get(cat, "slug")));
        json_array_append_new(sections,
                              json_pack("{s:o, s:o}", "category", category, "articles", cards));
    }
    json_decref(cats);
    json_object_set_new(m, "sections", sections);
    return view_render(r, "home", m);
}
