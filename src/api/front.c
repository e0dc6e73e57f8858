/*
 * front.c: GET /api/v1/front, the front page as the editors set it: the lead story, the top
 * stories in order (both falling back to nothing: a program shows the newest articles, from
 * /api/v1/articles, as the site does), and the breaking news running now.
 */
#include "api/api.h"
#include "store/store.h"
#include "view/card.h"
#include "view/dates.h"
#include "view/fail.h"

int api_front(struct req *r)
{
    json_t *slotted = NULL, *breaking = NULL;
    int rc;
    if ((rc = store_front_cards(r->db, r->now, &slotted)) != DB_OK ||
        (rc = store_breaking(r->db, r->now, &breaking)) != DB_OK) {
        json_decref(slotted);
        return view_fail_db(r, rc);
    }
    view_cards(slotted);
    json_t *lead = json_null(), *top = json_array();
    size_t i;
    json_t *card;
    json_array_foreach(slotted, i, card) {
        if (json_integer_value(json_object_get(card, "position")) == 0) {
            json_decref(lead);
            lead = json_incref(card);
        } else {
            json_array_append(top, card);
        }
    }
    json_decref(slotted);
    view_cards(breaking);
    json_t *b;
    json_array_foreach(breaking, i, b) {
        json_object_set_new(
            b, "until", view_iso_time(json_integer_value(json_object_get(b, "breaking_until"))));
    }
    return api_reply(r, 200,
                     json_pack("{s:o, s:o, s:o}", "lead", lead, "top", top, "breaking", breaking));
}
