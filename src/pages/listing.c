/*
 * listing.c: the category, topic and author pages (/c/{slug}, /t/{slug}, /u/{slug}), newest
 * first, paged with ?page=N. An unknown slug is 404; a page past the last is 404 too. The
 * lookup of a slug's category, topic or author is shared with their feeds (feed.c).
 */
#include "pages/pages.h"
#include "store/store.h"
#include "view/card.h"
#include "view/dates.h"
#include "view/fail.h"
#include "view/meta.h"
#include "view/paging.h"
#include "view/render.h"
#include "view/site.h"

#include <string.h>

static const struct {
    const char *kind, *prefix, *missing;
    const char *about; /* the description's start when there is none: about + name */
} kinds[] = {
    [LIST_CATEGORY] = {"category", "/c/", "لا يوجد قسم بهذا الاسم.", "آخر أخبار "},
    [LIST_TOPIC] = {"topic", "/t/", "لا يوجد موضوع بهذا الاسم.", "مقالات عن "},
    [LIST_AUTHOR] = {"author", "/u/", "لا يوجد كاتب بهذا الاسم.", "مقالات "},
};

json_t *page_listing_subject(struct req *r, enum listing_kind kind, struct article_filter *f)
{
    const char *slug = req_param(r, "slug");
    json_t *thing;
    int rc = kind == LIST_CATEGORY ? store_category_by_slug(r->db, slug, &thing)
             : kind == LIST_TOPIC  ? store_topic_by_slug(r->db, slug, &thing)
                                   : store_author_by_slug(r->db, slug, &thing);
    if (rc != DB_OK) {
        if (rc == DB_DONE)
            req_fail(r, 404, "not_found", kinds[kind].missing);
        else
            view_fail_db(r, rc);
        return NULL;
    }
    int64_t id = json_integer_value(json_object_get(thing, "id"));
    *f = (struct article_filter){0};
    if (kind == LIST_CATEGORY)
        f->category_id = id;
    else if (kind == LIST_TOPIC)
        f->topic_id = id;
    else
        f->author_id = id;
    return thing;
}

const char *page_listing_path(struct req *r, enum listing_kind kind, const char *slug)
{
    return arena_printf(&r->arena, "%s%s", kinds[kind].prefix, slug);
}

static int listing(struct req *r, enum listing_kind kind)
{
    const char *slug = req_param(r, "slug");
    int page = view_page_arg(r);
    if (!page)
        return -1;
    struct article_filter f;
    json_t *thing = page_listing_subject(r, kind, &f);
    if (!thing)
        return -1;

    int per_page = site_get()->per_page;
    int64_t total = 0;
    json_t *cards;
    int rc =
        store_articles_latest(r->db, &f, r->now, (page - 1) * per_page, per_page, &total, &cards);
    if (rc != DB_OK) {
        json_decref(thing);
        return view_fail_db(r, rc);
    }
    view_cards(cards);
    int pages = total ? (int)((total + per_page - 1) / per_page) : 1;
    if (page > pages) {
        json_decref(cards);
        json_decref(thing);
        return req_fail(r, 404, "not_found", "لا توجد صفحة بهذا الرقم.");
    }

    const char *path = page_listing_path(r, kind, slug);
    const char *canonical = page > 1 ? arena_printf(&r->arena, "%s?page=%d", path, page) : path;
    const char *name = json_string_value(json_object_get(thing, "name"));
    /* Pages after the first are titled with their number, so no two share a title. */
    const char *title = name;
    if (page > 1) {
        json_t *number = view_number(page);
        title = arena_printf(&r->arena, "%s (الصفحة %s)", name, json_string_value(number));
        json_decref(number);
    }
    json_t *m =
        page_model(r, kinds[kind].kind, title, canonical, kind == LIST_CATEGORY ? slug : NULL);
    json_t *meta = json_object_get(m, "page");
    json_t *description = json_object_get(thing, kind == LIST_AUTHOR ? "bio" : "description");
    json_object_set_new(
        meta, "description",
        json_string_length(description)
            ? json_incref(description)
            : json_sprintf("%s%s في %s", kinds[kind].about, name, site_get()->name));
    meta_feeds(r, meta, path, name);
    json_object_set_new(m, "listing",
                        json_pack("{s:s, s:s, s:O?, s:o, s:b}", "kind", kinds[kind].kind, "name",
                                  name, "description", description, "articles", cards, "empty",
                                  json_array_size(cards) == 0));
    view_pagination(r, m, path, page, pages);
    json_decref(thing);
    return view_render(r, "listing", m);
}

int page_category(struct req *r)
{
    return listing(r, LIST_CATEGORY);
}

int page_topic(struct req *r)
{
    return listing(r, LIST_TOPIC);
}

int page_author(struct req *r)
{
    return listing(r, LIST_AUTHOR);
}
