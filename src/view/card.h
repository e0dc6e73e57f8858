/*
 * card.h: an article as lists show it (docs/THEMES.md, "card"): on the home page, category,
 * topic and author pages, search results, related articles, the sidebar, the newsroom's
 * dashboard and the API's lists.
 */
#ifndef SAHIFA_VIEW_CARD_H
#define SAHIFA_VIEW_CARD_H

#include <jansson.h>

/* Turns a store row of an article into a card in place: adds url (/a/{id}/{slug}), date and
 * datetime (view_set_dates() of published_at, when it is set) and the url of its category
 * (/c/{slug}) and author (/u/{slug}) objects, when present, and of each of its "authors" (the
 * bylines), each with "sep", what goes before its name in a byline ("", "، " or " و"). Returns
 * row. */
json_t *view_card(json_t *row);
/* view_card() on every element of an array. Returns rows. */
json_t *view_cards(json_t *rows);

#endif
