/*
 * home.c: the front page «/»: the lead story and the top stories the editors chose (the front
 * page's slots, /admin/front), «الأكثر قراءة» right after them (in the page's main column, so a
 * phone reaches it after the top of the page rather than below everything; the sidebar then
 * leaves it out), the latest articles, a block per category with a visual lead (its newest
 * article with a photo, shown large). A slot that is empty, or whose article is not live, falls
 * back to the newest articles: with no slots set, the lead is the newest article and the top
 * stories are left out. No article is shown twice: each block leaves out what an earlier one
 * shows.
 */
#include "pages/pages.h"
#include "store/store.h"
#include "view/card.h"
#include "view/fail.h"
#include "view/render.h"
#include "view/site.h"

enum { HOME_LATEST = 9, HOME_PER_SECTION = 4 };

/* True when the card's id is among those of cards. */
static bool shown(json_t *cards, json_t *card)
{
    size_t i;
    json_t *c;
    json_array_foreach(cards, i, c) {
        if (json_equal(json_object_get(c, "id"), json_object_get(card, "id")))
            return true;
    }
    return false;
}

/* A category's block from its newest cards: up to HOME_PER_SECTION of those not in seen (which
 * then gets them), the first with a photo first, as the block's "lead"; the others as "more".
 * NULL when none is left. */
static json_t *section(json_t *category, json_t *cards, json_t *seen)
{
    json_t *picked = json_array();
    size_t i;
    json_t *card;
    json_array_foreach(cards, i, card) {
        if (json_array_size(picked) < HOME_PER_SECTION && !shown(seen, card)) {
            json_array_append(picked, card);
            json_array_append(seen, card);
        }
    }
    if (!json_array_size(picked)) {
        json_decref(picked);
        json_decref(category);
        return NULL;
    }
    size_t lead = 0;
    json_array_foreach(picked, i, card) {
        if (json_is_object(json_object_get(card, "image"))) {
            lead = i;
            break;
        }
    }
    json_t *first = json_incref(json_array_get(picked, lead));
    json_array_remove(picked, lead);
    return json_pack("{s:o, s:o, s:o}", "category", category, "lead", first, "more", picked);
}

int page_home(struct req *r)
{
    const struct site *s = site_get();
    json_t *slotted = NULL, *newest = NULL, *cats = NULL;
    /* The editors' choice first: the lead (slot 0) and the top stories, those that are live;
     * then the newest, enough to fill the page besides them. */
    int rc = store_front_cards(r->db, r->now, &slotted);
    if (rc == DB_OK)
        rc = store_articles_latest(r->db, NULL, r->now, 0,
                                   HOME_LATEST + (int)json_array_size(slotted), NULL, &newest);
    if (rc != DB_OK || (rc = store_categories(r->db, &cats)) != DB_OK) {
        json_decref(slotted);
        json_decref(newest);
        return view_fail_db(r, rc);
    }
    json_t *m = page_model(r, "home", s->name, "/", NULL);
    view_cards(slotted);
    view_cards(newest);
    json_t *lead = NULL, *top = json_array(), *latest = json_array();
    size_t i;
    json_t *card;
    json_array_foreach(slotted, i, card) {
        if (json_integer_value(json_object_get(card, "position")) == 0)
            lead = json_incref(card);
        else
            json_array_append(top, card);
    }
    /* The newest, less what the slots show; the newest of them is the lead when no article
     * holds the lead's slot. */
    json_array_foreach(newest, i, card) {
        if (!shown(slotted, card))
            json_array_append(latest, card);
    }
    json_decref(newest);
    json_decref(slotted);
    if (!lead && json_array_size(latest) > 0) {
        lead = json_incref(json_array_get(latest, 0));
        json_array_remove(latest, 0);
    }
    while (json_array_size(latest) > HOME_LATEST - 1)
        json_array_remove(latest, json_array_size(latest) - 1);
    /* What the blocks above show, for the sections to leave out. */
    json_t *seen = json_array();
    if (lead)
        json_array_append(seen, lead);
    json_array_extend(seen, top);
    json_array_extend(seen, latest);
    if (lead)
        json_object_set_new(m, "lead", lead);
    if (json_array_size(top))
        json_object_set_new(m, "top", json_pack("{s:o}", "items", top));
    else
        json_decref(top);
    json_object_set_new(m, "latest", latest);

    json_t *sections = json_array();
    json_t *cat;
    json_array_foreach(cats, i, cat) {
        struct article_filter f = {.category_id = json_integer_value(json_object_get(cat, "id"))};
        json_t *cards;
        int want = HOME_PER_SECTION + (int)json_array_size(seen);
        if ((rc = store_articles_latest(r->db, &f, r->now, 0, want, NULL, &cards)) != DB_OK) {
            json_decref(seen);
            json_decref(sections);
            json_decref(cats);
            json_decref(m);
            return view_fail_db(r, rc);
        }
        view_cards(cards);
        json_t *category = json_pack("{s:O, s:s+}", "name", json_object_get(cat, "name"), "url",
                                     "/c/", json_string_value(json_object_get(cat, "slug")));
        json_t *block = section(category, cards, seen);
        json_decref(cards);
        if (block)
            json_array_append_new(sections, block);
    }
    json_decref(seen);
    json_decref(cats);
    json_object_set_new(m, "sections", sections);
    /* «الأكثر قراءة» in the main column, after the top of the page; not again in the sidebar. */
    json_object_set_new(m, "most_read_in_main", json_true());
    return view_render(r, "home", m);
}
