/*
 * front.c: /admin/front, the front page in editors' hands: the lead story and the ordered top
 * stories (slots left empty fall back to the newest articles on the page), and breaking news:
 * an article flagged for some hours shows in the bar (عاجل) at the top of every page and in
 * the API until then, or until an editor stops it.
 */
#include "admin/admin.h"
#include "store/store.h"
#include "view/article.h"
#include "view/blocks.h"
#include "view/dates.h"
#include "view/fail.h"
#include "view/url.h"

#include <stdio.h>
#include <string.h>

enum { TOP_SLOTS = 6, CANDIDATES = 60 };

static const int hours[] = {1, 2, 3, 6, 12, 24};

/* The articles a slot may hold: the newest live ones, and those slotted now even if older, in
 * *out. DB_OK or the database's error. */
static int candidates(struct req *r, json_t *slots, json_t **out)
{
    json_t *list;
    int rc = store_articles_latest(r->db, NULL, r->now, 0, CANDIDATES, NULL, &list);
    if (rc != DB_OK)
        return rc;
    size_t i, k;
    json_t *slot, *c;
    json_array_foreach(slots, i, slot) {
        bool found = false;
        json_array_foreach(list, k, c) {
            found |= json_equal(json_object_get(c, "id"), json_object_get(slot, "article_id"));
        }
        json_t *card = NULL;
        if (!found) {
            rc = store_article_card(r->db, json_integer_value(json_object_get(slot, "article_id")),
                                    &card);
            if (rc < 0) {
                json_decref(list);
                return rc;
            }
        }
        if (card)
            json_array_append_new(list, card);
    }
    *out = list;
    return DB_OK;
}

/* The options of one slot: every candidate, the one it holds selected. */
static json_t *slot_options(struct req *r, json_t *list, int64_t chosen)
{
    json_t *options = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(list, i, c) {
        int64_t id = json_integer_value(json_object_get(c, "id"));
        int64_t published = json_integer_value(json_object_get(c, "published_at"));
        json_array_append_new(options,
                              json_pack("{s:I, s:O, s:s, s:b}", "id", (json_int_t)id, "title",
                                        json_object_get(c, "title"), "when",
                                        admin_when(r, published), "selected", id == chosen));
    }
    return options;
}

int admin_front(struct req *r)
{
    json_t *slots = NULL, *list = NULL, *breaking = NULL;
    int rc;
    if ((rc = store_front_slots(r->db, &slots)) != DB_OK ||
        (rc = candidates(r, slots, &list)) != DB_OK ||
        (rc = store_breaking(r->db, r->now, &breaking)) != DB_OK) {
        json_decref(slots);
        json_decref(list);
        return view_fail_db(r, rc);
    }
    int64_t chosen[TOP_SLOTS + 1] = {0};
    size_t i;
    json_t *slot;
    json_array_foreach(slots, i, slot) {
        int64_t pos = json_integer_value(json_object_get(slot, "position"));
        if (pos >= 0 && pos <= TOP_SLOTS)
            chosen[pos] = json_integer_value(json_object_get(slot, "article_id"));
    }
    json_t *slot_list = json_array();
    for (int pos = 0; pos <= TOP_SLOTS; pos++) {
        json_t *number = view_number(pos);
        json_array_append_new(
            slot_list,
            json_pack("{s:s, s:s, s:o, s:b}", "name", arena_printf(&r->arena, "slot-%d", pos),
                      "label",
                      pos ? arena_printf(&r->arena, "الخبر المهم %s", json_string_value(number))
                          : "الخبر الرئيسي",
                      "options", slot_options(r, list, chosen[pos]), "lead", pos == 0));
        json_decref(number);
    }
    json_t *b;
    json_array_foreach(breaking, i, b) {
        admin_set_when(r, b, "until", "breaking_until");
    }
    json_t *durations = json_array();
    for (size_t k = 0; k < sizeof hours / sizeof *hours; k++) {
        json_t *n = view_number(hours[k]);
        json_array_append_new(durations,
                              json_pack("{s:i, s:s, s:b}", "value", hours[k], "label",
                                        arena_printf(&r->arena, "%s ساعة", json_string_value(n)),
                                        "selected", hours[k] == 2));
        json_decref(n);
    }
    json_t *m = admin_model(r, "الصفحة الأولى", "front");
    json_object_set_new(m, "front",
                        json_pack("{s:o, s:o, s:o, s:o, s:s, s:s}", "slots", slot_list, "breaking",
                                  breaking, "articles", slot_options(r, list, 0), "durations",
                                  durations, "action", "/admin/front", "breaking_action",
                                  "/admin/front/breaking"));
    json_decref(list);
    json_decref(slots);
    return admin_render(r, "admin-front", m);
}

int admin_front_save(struct req *r)
{
    int64_t ids[TOP_SLOTS + 1];
    for (int pos = 0; pos <= TOP_SLOTS; pos++) {
        char name[16];
        snprintf(name, sizeof name, "slot-%d", pos);
        ids[pos] = view_parse_id(req_form(r, name));
        for (int before = 0; ids[pos] && before < pos; before++)
            if (ids[before] == ids[pos])
                ids[pos] = 0; /* an article holds one slot, the first it was given */
    }
    if (store_front_set(r->db, ids, TOP_SLOTS + 1) != DB_OK)
        return req_fail(r, 500, "save_failed", NULL);
    return admin_done(r, "/admin/front", "front_saved");
}

int admin_front_breaking(struct req *r)
{
    const char *what = admin_field(r, "do");
    int64_t id = view_parse_id(req_form(r, "article"));
    int64_t until = 0;
    if (strcmp(what, "start") == 0) {
        int64_t h = view_parse_id(req_form(r, "hours"));
        bool known = false;
        for (size_t k = 0; k < sizeof hours / sizeof *hours; k++)
            known |= hours[k] == h;
        if (!known)
            return req_fail(r, 400, "bad_form", "اختر مدة الخبر العاجل.");
        until = r->now + h * 3600;
    } else if (strcmp(what, "stop") != 0) {
        return req_fail(r, 400, "bad_form", "طلب غير معروف.");
    }
    /* Only a live article can be breaking news: it must be there to click through to. */
    json_t *live = id && until ? view_article_live(r, id) : NULL;
    bool ok = live != NULL;
    json_decref(live);
    if (!ok && until && r->status >= 500)
        return -1; /* the database failed: view_article_live() said so */
    if (!ok && until)
        return req_fail(r, 422, "not_live", "اختر مقالًا منشورًا ليكون خبرًا عاجلًا.");
    int rc = id ? store_breaking_set(r->db, id, until) : DB_DONE;
    if (rc == DB_DONE)
        return req_fail(r, 404, "not_found", "لا يوجد مقال بهذا الرقم.");
    if (rc != DB_OK)
        return req_fail(r, 500, "save_failed", NULL);
    blocks_refresh(r->db, r->now); /* the bar shows (or leaves) at once */
    return admin_done(r, "/admin/front", until ? "breaking_started" : "breaking_stopped");
}
