/*
 * demo.c: the demo site behind `sahifa init --demo`, read from the JSON files built into the
 * binary (demo/site.json: settings, categories, authors, static pages; demo/articles-*.json:
 * articles with their comments). Ages are relative to now, so the site looks current whenever it
 * is made, and each article gets 30 days of views shaped by its "popularity", so the rankings
 * have something real to rank. The newest stories have photos, drawn here with libvips (a
 * city's skyline) and stored as uploads are, and so does each category's newest story of more
 * than a day ago (the one its block on the home page leads with; smaller, to keep `init --demo`
 * quick). The four newest stories hold the front page's slots: the lead and three top stories.
 */
#include "cli/cli.h"
#include "base/builtin.h"
#include "base/mem.h"
#include "media/ingest.h"
#include "media/process.h"
#include "store/store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { HOUR = 3600, VIEW_DAYS = 30 };

static json_t *parse_builtin(const struct builtin_file *f)
{
    json_error_t err;
    json_t *j = json_loadb((const char *)f->data, f->len, 0, &err);
    if (!j)
        fprintf(stderr, "sahifa: built-in %s: line %d: %s\n", f->name, err.line, err.text);
    return j;
}

/* A small deterministic generator, so every demo database has the same shape of views. */
static double next_random(uint64_t *state)
{
    *state = *state * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(*state >> 11) / (double)(1ull << 53);
}

/* Appends hourly view counts for one article: a peak when new that decays over days. */
static void add_views(struct view_count **counts, size_t *n, size_t *cap, int64_t id,
                      int64_t published, int popularity, int64_t now)
{
    uint64_t state = (uint64_t)id * 7919u + 17u;
    int64_t first = published / HOUR, last = now / HOUR;
    if (first < last - VIEW_DAYS * 24)
        first = last - VIEW_DAYS * 24;
    for (int64_t h = first; h <= last; h++) {
        double age = (double)(h * HOUR - published) / HOUR;
        double rate = popularity * popularity * 1.5 * (exp(-age / 36.0) + 0.04);
        int64_t views = (int64_t)(rate * (0.5 + next_random(&state)) + 0.5);
        if (views <= 0)
            continue;
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 4096;
            *counts = xrealloc(*counts, *cap * sizeof **counts);
        }
        (*counts)[(*n)++] = (struct view_count){id, h, views};
    }
}

static int64_t id_of(json_t *ids, const char *slug)
{
    return json_integer_value(json_object_get(ids, slug ? slug : ""));
}

/* The stories of the last PHOTO_HOURS hours have photos (six: the home page's lead, top
 * stories and the first of the latest), so that `sahifa init --demo`, which every test server
 * runs, stays near 2 s (a photo costs some 0.3 s of CPU to draw and make into its sizes); the
 * categories' newest stories older than SECTION_HOURS (the home page's section leads, past its
 * latest stories) get smaller ones, a fifth of that. */
enum {
    PHOTO_HOURS = 13,
    PHOTO_WIDTH = 1280,
    PHOTO_HEIGHT = 720,
    SECTION_HOURS = 24,
    SECTION_WIDTH = 640,
    SECTION_HEIGHT = 360,
    FRONT_SLOTS = 4,
};

/* Draws a photo for the article (media_generate()), puts it through the same path as an
 * upload and makes it the article's featured image. 0 or -1 (said). */
static int demo_photo(struct db *db, int64_t article, const char *title, unsigned seed, int width,
                      int height, int64_t now)
{
    char path[] = "/tmp/sahifa-demo-XXXXXX.jpg";
    int fd = mkstemps(path, 4);
    if (fd < 0) {
        perror("sahifa: a temporary file for a demo photo");
        return -1;
    }
    close(fd);
    char *alt = NULL;
    if (asprintf(&alt, "رسم لأفق مدينة يرافق خبر «%s»", title) < 0)
        alt = NULL;
    struct media_ingest in = {.path = path,
                              .alt = alt ? alt : "رسم لأفق مدينة",
                              .caption = "أفق المدينة (رسم توضيحي للموقع التجريبي)",
                              .credit = "رسم مولَّد بمكتبة libvips",
                              .focal_x = 50,
                              .focal_y = 60};
    int rc = media_generate(path, width, height, seed) == 0 && media_ingest_check(&in) == 0 &&
                     media_ingest_run(db, &in, now) == 0 &&
                     store_article_set_image(db, article, in.id) == DB_OK
                 ? 0
                 : -1;
    if (rc != 0)
        fprintf(stderr, "sahifa: a demo photo could not be made: %s\n",
                in.message ? in.message : "see the log");
    unlink(path);
    free(alt);
    return rc;
}

/* Loads one article; a category's newest older than SECTION_HOURS so far goes in sections
 * (slug -> {"id","title","hours"}). */
static int load_article(struct db *db, json_t *a, json_t *categories, json_t *authors, int64_t now,
                        json_t *sections, struct view_count **counts, size_t *n, size_t *cap)
{
    const char *topics[8];
    size_t ntopics = 0;
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(a, "topics"), i, t) {
        if (ntopics < 8)
            topics[ntopics++] = json_string_value(t);
    }

    int64_t published = now - (int64_t)(json_number_value(json_object_get(a, "hours_ago")) * HOUR);
    struct article_in in = {
        .title = json_string_value(json_object_get(a, "title")),
        .dek = json_string_value(json_object_get(a, "dek")),
        .body = json_string_value(json_object_get(a, "body")),
        .source = json_string_value(json_object_get(a, "source")),
        .status = "published",
        .category_id = id_of(categories, json_string_value(json_object_get(a, "category"))),
        .author_id = id_of(authors, json_string_value(json_object_get(a, "author"))),
        .published_at = published,
        .topics = topics,
        .ntopics = ntopics,
    };
    if (!in.title || !in.body) {
        fprintf(stderr, "sahifa: a demo article lacks a title or body\n");
        return -1;
    }
    int64_t id;
    if (store_article_add(db, &in, published, &id) != DB_OK)
        return -1;
    double hours = json_number_value(json_object_get(a, "hours_ago"));
    if (hours <= PHOTO_HOURS &&
        demo_photo(db, id, in.title, (unsigned)id, PHOTO_WIDTH, PHOTO_HEIGHT, published) != 0)
        return -1;
    const char *category = json_string_value(json_object_get(a, "category"));
    json_t *best = category ? json_object_get(sections, category) : NULL;
    if (category && hours > SECTION_HOURS &&
        (!best || hours < json_number_value(json_object_get(best, "hours"))))
        json_object_set_new(sections, category,
                            json_pack("{s:I, s:s, s:f, s:I}", "id", (json_int_t)id, "title",
                                      in.title, "hours", hours, "at", (json_int_t)published));

    json_t *c;
    json_array_foreach(json_object_get(a, "comments"), i, c) {
        int64_t at =
            published + (int64_t)(json_number_value(json_object_get(c, "hours_after")) * HOUR);
        if (at > now - 60)
            at = now - 60;
        const char *status = json_string_value(json_object_get(c, "status"));
        struct comment_in ci = {.article_id = id,
                                .name = json_string_value(json_object_get(c, "name")),
                                .text = json_string_value(json_object_get(c, "body")),
                                .status = status ? status : "approved",
                                .client = "127.0.0.1"};
        if (!ci.name || !ci.text || store_comment_add(db, &ci, at, NULL) != DB_OK)
            return -1;
    }
    add_views(counts, n, cap, id, published,
              (int)json_integer_value(json_object_get(a, "popularity")), now);
    return 0;
}

int demo_load(struct db *db, int64_t now)
{
    const struct builtin_file *site_file = builtin_find("demo/site.json");
    json_t *site = site_file ? parse_builtin(site_file) : NULL;
    if (!site)
        return -1;
    json_t *categories = json_object(), *authors = json_object(), *sections = json_object();
    struct view_count *counts = NULL;
    size_t n = 0, cap = 0, articles = 0;
    int rc = -1;
    if (db_begin(db) != DB_OK)
        goto out;

    const char *key;
    json_t *v;
    json_object_foreach(json_object_get(site, "settings"), key, v) {
        if (store_setting_set(db, key, json_string_value(v)) != DB_OK)
            goto fail;
    }
    size_t i;
    json_array_foreach(json_object_get(site, "categories"), i, v) {
        int64_t id;
        const char *slug = json_string_value(json_object_get(v, "slug"));
        if (store_category_add(db, slug, json_string_value(json_object_get(v, "name")),
                               json_string_value(json_object_get(v, "description")), (int)i,
                               &id) != DB_OK)
            goto fail;
        json_object_set_new(categories, slug, json_integer(id));
    }
    json_array_foreach(json_object_get(site, "pages"), i, v) {
        int64_t id = 0;
        if (store_page_save(db, &id, json_string_value(json_object_get(v, "slug")),
                            json_string_value(json_object_get(v, "title")),
                            json_string_value(json_object_get(v, "body")), true, (int)i,
                            now) != DB_OK)
            goto fail;
    }
    json_array_foreach(json_object_get(site, "authors"), i, v) {
        int64_t id;
        const char *slug = json_string_value(json_object_get(v, "slug"));
        if (store_author_add(db, slug, json_string_value(json_object_get(v, "name")),
                             json_string_value(json_object_get(v, "bio")), &id) != DB_OK)
            goto fail;
        json_object_set_new(authors, slug, json_integer(id));
    }
    for (size_t f = 0; f < builtin_count; f++) {
        if (strncmp(builtin_files[f].name, "demo/articles", 13) != 0)
            continue;
        json_t *file = parse_builtin(&builtin_files[f]);
        if (!file)
            goto fail;
        json_t *a;
        json_array_foreach(json_object_get(file, "articles"), i, a) {
            if (load_article(db, a, categories, authors, now, sections, &counts, &n, &cap) != 0) {
                json_decref(file);
                goto fail;
            }
            articles++;
        }
        json_decref(file);
    }
    json_object_foreach(sections, key, v) {
        if (demo_photo(db, json_integer_value(json_object_get(v, "id")),
                       json_string_value(json_object_get(v, "title")),
                       (unsigned)json_integer_value(json_object_get(v, "id")), SECTION_WIDTH,
                       SECTION_HEIGHT, json_integer_value(json_object_get(v, "at"))) != 0)
            goto fail;
    }
    json_t *newest = NULL;
    int64_t slots[FRONT_SLOTS] = {0};
    if (store_articles_latest(db, NULL, now, 0, FRONT_SLOTS, NULL, &newest) != DB_OK)
        goto fail;
    json_array_foreach(newest, i, v) {
        slots[i] = json_integer_value(json_object_get(v, "id"));
    }
    json_decref(newest);
    if (store_front_set(db, slots, FRONT_SLOTS) != DB_OK)
        goto fail;
    if (store_views_add(db, counts, n, now) != DB_OK || db_commit(db) != DB_OK)
        goto out;
    printf("demo site: %zu articles, %zu hourly view counts\n", articles, n);
    rc = 0;
    goto out;
fail:
    db_rollback(db);
    fprintf(stderr, "sahifa: the demo site could not be written; the database is unchanged\n");
out:
    free(counts);
    json_decref(site);
    json_decref(categories);
    json_decref(authors);
    json_decref(sections);
    return rc;
}
