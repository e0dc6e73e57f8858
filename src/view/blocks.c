/*
 * blocks.c: the blocks every page shows beside its own content: the categories' navigation,
 * «الأكثر قراءة», «أهم المواضيع» and «أهم التصنيفات».
 *
 * They are computed off the request path (at start-up, then by the tick thread once a minute,
 * and within seconds of a change to published content, so an article taken down leaves the
 * sidebar at once) into one immutable JSON snapshot that pages share by reference.
 */
#include "view/blocks.h"
#include "store/store.h"
#include "view/card.h"
#include "view/dates.h"
#include "web/cache.h"

#include <pthread.h>

enum { MOST_READ = 8, TOP_TOPICS = 12, TOP_CATEGORIES = 8 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static json_t *current;
static int64_t current_generation = -1; /* the content generation current was made at */
static int64_t refreshed_at, refreshed_generation = -1; /* the tick thread's alone */

/* Each row as {"name", "slug", "url": prefix + slug}. Takes the rows' reference. */
static json_t *links(json_t *rows, const char *prefix)
{
    json_t *out = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        const char *slug = json_string_value(json_object_get(row, "slug"));
        json_t *link = json_pack("{s:O, s:s, s:s+}", "name", json_object_get(row, "name"), "slug",
                                 slug ? slug : "", "url", prefix, slug ? slug : "");
        json_array_append_new(out, link);
    }
    json_decref(rows);
    return out;
}

json_t *blocks_ranked(json_t *rows)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        view_card(row);
        json_object_set_new(row, "rank", view_number((int64_t)i + 1));
        json_object_set_new(row, "views_text",
                            view_number(json_integer_value(json_object_get(row, "views"))));
    }
    return rows;
}

int blocks_refresh(struct db *db, int64_t now)
{
    int64_t generation = 0; /* read first: what follows is at least this new */
    json_t *nav = NULL, *most_read = NULL, *topics = NULL, *categories = NULL, *pages = NULL,
           *breaking = NULL;
    int rc;
    if ((rc = store_generation(db, &generation)) != DB_OK ||
        (rc = store_categories(db, &nav)) != DB_OK ||
        (rc = store_most_read(db, now, MOST_READ, &most_read)) != DB_OK ||
        (rc = store_top_topics(db, now, TOP_TOPICS, &topics)) != DB_OK ||
        (rc = store_top_categories(db, now, TOP_CATEGORIES, &categories)) != DB_OK ||
        (rc = store_pages(db, true, &pages)) != DB_OK ||
        (rc = store_breaking(db, now, &breaking)) != DB_OK) {
        /* Pages keep the blocks they had rather than lose them. */
        json_decref(nav);
        json_decref(most_read);
        json_decref(topics);
        json_decref(categories);
        json_decref(pages);
        return rc;
    }
    json_t *blocks = json_object();
    json_object_set_new(blocks, "nav", links(nav, "/c/"));
    /* The static pages the footer links to, in their order. */
    json_t *footer = json_array();
    size_t k;
    json_t *p;
    json_array_foreach(pages, k, p) {
        json_array_append_new(footer,
                              json_pack("{s:O, s:s+}", "title", json_object_get(p, "title"), "url",
                                        "/p/", json_string_value(json_object_get(p, "slug"))));
    }
    json_decref(pages);
    json_object_set_new(blocks, "footer", footer);
    /* Breaking news with its expiry: each page shows those still running at its own time. */
    json_array_foreach(breaking, k, p) {
        view_card(p);
    }
    json_object_set_new(blocks, "breaking", breaking);
    json_object_set_new(blocks, "sidebar",
                        json_pack("{s:o, s:o, s:o}", "most_read", blocks_ranked(most_read),
                                  "top_topics", links(topics, "/t/"), "top_categories",
                                  links(categories, "/c/")));

    /* Two refreshes may run at once (the tick thread's, and a newsroom request's right after
     * its write): the one that read an older generation must not replace the newer one. */
    pthread_mutex_lock(&lock);
    json_t *old = current;
    if (generation >= current_generation) {
        current = blocks;
        current_generation = generation;
    } else {
        old = blocks;
    }
    pthread_mutex_unlock(&lock);
    /* Every page shows them: pages kept with the old ones are stale. */
    if (!json_equal(old, blocks))
        cache_stale_all();
    json_decref(old);
    return DB_OK;
}

void blocks_tick(struct db *db, int64_t now)
{
    int64_t generation;
    if (store_generation(db, &generation) != DB_OK)
        return; /* logged; the next tick tries again */
    if (now - refreshed_at < BLOCKS_EVERY && generation == refreshed_generation)
        return;
    if (blocks_refresh(db, now) != DB_OK)
        return;
    refreshed_at = now;
    refreshed_generation = generation;
}

json_t *blocks_breaking(json_t *blocks, int64_t now)
{
    json_t *out = json_array();
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(blocks, "breaking"), i, b) {
        if (json_integer_value(json_object_get(b, "breaking_until")) > now)
            json_array_append(out, b);
    }
    return out;
}

json_t *blocks_get(void)
{
    pthread_mutex_lock(&lock);
    json_t *b = json_incref(current);
    pthread_mutex_unlock(&lock);
    return b;
}
