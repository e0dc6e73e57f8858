/* taxonomy.c: categories, topics and authors (users as bylines). */
#include "store/store.h"
#include "base/buf.h"
#include "store/index.h"
#include "text/slug.h"

#include <stdlib.h>

#include <string.h>
#include <time.h>

int store_category_add(struct db *db, const char *slug, const char *name, const char *description,
                       int position, int64_t *id)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "INSERT INTO categories(slug, name, description, position, created_at)"
                   " VALUES(:slug, :name, :description, :position, :now)") != DB_OK)
        return DB_ERROR;
    db_bind_text(&q, ":slug", slug);
    db_bind_text(&q, ":name", name);
    db_bind_text(&q, ":description", description ? description : "");
    db_bind_int(&q, ":position", position);
    db_bind_int(&q, ":now", time(NULL));
    int rc = db_run(&q);
    if (rc == DB_OK && id)
        *id = db_last_id(db);
    return rc;
}

int store_category_by_slug(struct db *db, const char *slug, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc =
        db_prepare(db, &q, "SELECT id, slug, name, description FROM categories WHERE slug = :slug");
    if (rc != DB_OK)
        return rc;
    db_bind_text(&q, ":slug", slug);
    return db_one_json(&q, out);
}

int store_categories(struct db *db, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q,
                        "SELECT id, slug, name, description FROM categories"
                        " ORDER BY position, id");
    if (rc != DB_OK)
        return rc;
    return db_rows_json(&q, out);
}

int store_topic_ensure(struct db *db, const char *name, int64_t *id)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "SELECT id FROM topics WHERE name = :name") != DB_OK)
        return DB_ERROR;
    db_bind_text(&q, ":name", name);
    int rc = db_step(&q);
    if (rc == DB_ROW)
        *id = db_col_int(&q, 0);
    db_finalize(&q);
    if (rc == DB_ROW)
        return DB_OK;
    if (rc != DB_DONE)
        return rc;

    struct buf slug = BUF_INIT;
    slug_make(&slug, name, strlen(name));
    /* A name with no letters or digits, or one whose slug is taken by another spelling, gets a
     * numbered slug. */
    for (int attempt = 0; attempt < 100; attempt++) {
        struct buf try = BUF_INIT;
        if (slug.len == 0)
            buf_printf(&try, "topic-%d", attempt + 1);
        else if (attempt == 0)
            buf_puts(&try, buf_str(&slug));
        else
            buf_printf(&try, "%s-%d", buf_str(&slug), attempt + 1);
        if (db_prepare(db, &q,
                       "INSERT INTO topics(slug, name, created_at) VALUES(:slug, :name, :now)"
                       " ON CONFLICT(slug) DO NOTHING") != DB_OK) {
            buf_free(&try);
            break;
        }
        db_bind_text(&q, ":slug", buf_str(&try));
        db_bind_text(&q, ":name", name);
        db_bind_int(&q, ":now", time(NULL));
        rc = db_run(&q);
        buf_free(&try);
        if (rc != DB_OK)
            break;
        if (db_changes(db) == 1) {
            *id = db_last_id(db);
            buf_free(&slug);
            return DB_OK;
        }
    }
    buf_free(&slug);
    return rc == DB_OK ? DB_ERROR : rc;
}

int store_topic_by_slug(struct db *db, const char *slug, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q, "SELECT id, slug, name FROM topics WHERE slug = :slug");
    if (rc != DB_OK)
        return rc;
    db_bind_text(&q, ":slug", slug);
    return db_one_json(&q, out);
}

int store_author_add(struct db *db, const char *slug, const char *name, const char *bio,
                     int64_t *id)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "INSERT INTO users(slug, name, bio, created_at)"
                   " VALUES(:slug, :name, :bio, :now)") != DB_OK)
        return DB_ERROR;
    db_bind_text(&q, ":slug", slug);
    db_bind_text(&q, ":name", name);
    db_bind_text(&q, ":bio", bio ? bio : "");
    db_bind_int(&q, ":now", time(NULL));
    int rc = db_run(&q);
    if (rc == DB_OK && id)
        *id = db_last_id(db);
    return rc;
}

int store_author_by_slug(struct db *db, const char *slug, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(
        db, &q, "SELECT id, slug, name, bio, photo_url, links FROM users WHERE slug = :slug");
    if (rc != DB_OK)
        return rc;
    db_bind_text(&q, ":slug", slug);
    return db_one_json(&q, out);
}

/* The newsroom's changes. Each runs in one transaction and keeps the search index in step (the
 * names are in the index's taxonomy column: store/index.h); a changed slug leaves a redirect
 * from the old address. */

/* An article counted by the lists below: any, or only live ones at :live when it is not 0. */
#define COUNTED " (:live = 0 OR (a.status = 'published' AND a.published_at <= :live))"

int store_categories_counted(struct db *db, int64_t live_at, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q,
                        "SELECT c.id, c.slug, c.name, c.description, c.position,"
                        "  (SELECT count(*) FROM articles a WHERE a.category_id = c.id"
                        "   AND" COUNTED ") AS articles"
                        " FROM categories c ORDER BY c.position, c.id");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":live", live_at);
    return db_rows_json(&q, out);
}

int store_redirect_add(struct db *db, const char *old_path, const char *new_path, int64_t now)
{
    struct db_stmt q;
    /* No chains: what led to the old path now leads to the new one; and a path that comes
     * back into use is no longer redirected. */
    if (db_prepare(db, &q, "UPDATE redirects SET new_path = :new WHERE new_path = :old") != DB_OK)
        return DB_ERROR;
    db_bind_text(&q, ":old", old_path);
    db_bind_text(&q, ":new", new_path);
    int rc = db_run(&q);
    if (rc != DB_OK || db_prepare(db, &q, "DELETE FROM redirects WHERE old_path = :new") != DB_OK)
        return rc != DB_OK ? rc : DB_ERROR;
    db_bind_text(&q, ":new", new_path);
    if ((rc = db_run(&q)) != DB_OK)
        return rc;
    if (db_prepare(db, &q,
                   "INSERT INTO redirects(old_path, new_path, created_at) VALUES(:old, :new, :now)"
                   " ON CONFLICT(old_path) DO UPDATE SET new_path = excluded.new_path") != DB_OK)
        return DB_ERROR;
    db_bind_text(&q, ":old", old_path);
    db_bind_text(&q, ":new", new_path);
    db_bind_int(&q, ":now", now);
    return db_run(&q);
}

int store_redirect_find(struct db *db, const char *path, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q, "SELECT new_path FROM redirects WHERE old_path = :path");
    if (rc != DB_OK)
        return rc;
    db_bind_text(&q, ":path", path);
    json_t *row;
    if ((rc = db_one_json(&q, &row)) == DB_OK)
        *out = json_incref(json_object_get(row, "new_path"));
    json_decref(row);
    return rc;
}

/* When a category's or topic's slug changes, its old address (prefix + slug) answers 301 to the
 * new one. */
static int moved(struct db *db, const char *prefix, const char *from_slug, const char *to_slug,
                 int64_t now)
{
    if (strcmp(from_slug, to_slug) == 0)
        return DB_OK;
    struct buf from = BUF_INIT, to = BUF_INIT;
    buf_printf(&from, "%s%s", prefix, from_slug);
    buf_printf(&to, "%s%s", prefix, to_slug);
    int rc = store_redirect_add(db, buf_str(&from), buf_str(&to), now);
    buf_free(&from);
    buf_free(&to);
    return rc;
}

/* Removes the index entries of the articles q selects (their ids in *ids), runs the change,
 * adds them back. Every page's navigation may show the change: it moves the content generation
 * even when no article is touched. */
static int reindexed(struct db *db, struct db_stmt *q, int (*change)(struct db *, void *),
                     void *ctx)
{
    int64_t *ids = NULL;
    size_t n = 0;
    int rc = store_index_remove_all(db, q, &ids, &n);
    if (rc == DB_OK)
        rc = change(db, ctx);
    if (rc == DB_OK)
        rc = store_index_add_all(db, ids, n);
    if (rc == DB_OK)
        rc = store_content_changed(db, 0);
    free(ids);
    return rc;
}

struct category_change {
    int64_t id;
    const char *name, *slug, *description;
};

static int category_write(struct db *db, void *ctx)
{
    struct category_change *c = ctx;
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "UPDATE categories SET name = :name, slug = :slug, description = :description"
                   " WHERE id = :id") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", c->id);
    db_bind_text(&q, ":name", c->name);
    db_bind_text(&q, ":slug", c->slug);
    db_bind_text(&q, ":description", c->description);
    return db_run_changing(&q);
}

/* The slug a category or topic has now, or NULL. */
static char *slug_of(struct db *db, const char *sql, int64_t id, struct buf *out)
{
    struct db_stmt q;
    if (db_prepare(db, &q, sql) != DB_OK)
        return NULL;
    db_bind_int(&q, ":id", id);
    if (db_step(&q) == DB_ROW)
        buf_puts(out, db_col_text(&q, 0));
    db_finalize(&q);
    return out->len ? out->p : NULL;
}

/* A change to category id (write, with ctx) in one transaction: its articles' index entries
 * (which hold its name) out before and back after, its old address leading to the category
 * into (when not 0) or to its new slug, the content generation moved on. DB_DONE when the
 * category (or into) does not exist. */
static int category_change(struct db *db, int64_t id, int64_t into, const char *slug,
                           int (*write)(struct db *, void *), void *ctx, int64_t now)
{
    int rc = db_begin(db);
    if (rc != DB_OK)
        return rc;
    struct buf old = BUF_INIT, target = BUF_INIT;
    struct db_stmt q;
    if (!slug_of(db, "SELECT slug FROM categories WHERE id = :id", id, &old) ||
        (into && !slug_of(db, "SELECT slug FROM categories WHERE id = :id", into, &target))) {
        rc = DB_DONE;
        goto fail;
    }
    if (db_prepare(db, &q, "SELECT id FROM articles WHERE category_id = :id") != DB_OK) {
        rc = DB_ERROR;
        goto fail;
    }
    db_bind_int(&q, ":id", id);
    if ((rc = reindexed(db, &q, write, ctx)) != DB_OK ||
        (rc = moved(db, "/c/", old.p, into ? target.p : slug, now)) != DB_OK)
        goto fail;
    buf_free(&old);
    buf_free(&target);
    return db_commit(db);
fail:
    buf_free(&old);
    buf_free(&target);
    db_rollback(db);
    return rc;
}

int store_category_update(struct db *db, int64_t id, const char *name, const char *slug,
                          const char *description, int64_t now)
{
    struct category_change c = {id, name, slug, description ? description : ""};
    return category_change(db, id, 0, slug, category_write, &c, now);
}

struct category_merge {
    int64_t id, into;
};

static int category_merge_write(struct db *db, void *ctx)
{
    struct category_merge *m = ctx;
    struct db_stmt q;
    if (db_prepare(db, &q, "UPDATE articles SET category_id = :into WHERE category_id = :id") !=
        DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", m->id);
    db_bind_int(&q, ":into", m->into);
    int rc = db_run(&q);
    if (rc != DB_OK || db_prepare(db, &q, "DELETE FROM categories WHERE id = :id") != DB_OK)
        return rc != DB_OK ? rc : DB_ERROR;
    db_bind_int(&q, ":id", m->id);
    return db_run_changing(&q);
}

int store_category_merge(struct db *db, int64_t id, int64_t into, int64_t now)
{
    if (id == into || !into)
        return DB_DONE;
    struct category_merge m = {id, into};
    return category_change(db, id, into, NULL, category_merge_write, &m, now);
}

int store_category_move(struct db *db, int64_t id, int delta)
{
    json_t *cats;
    int rc = store_categories(db, &cats);
    if (rc != DB_OK)
        return rc;
    size_t n = json_array_size(cats), at = n;
    for (size_t i = 0; i < n; i++)
        if (json_integer_value(json_object_get(json_array_get(cats, i), "id")) == id)
            at = i;
    rc = DB_DONE;
    if (at < n) {
        size_t to = delta < 0 ? (at ? at - 1 : at) : (at + 1 < n ? at + 1 : at);
        rc = db_begin(db);
        /* Positions become 0..n-1 in the new order. */
        for (size_t i = 0; rc == DB_OK && i < n; i++) {
            size_t pos = i == at ? to : i == to ? at : i;
            struct db_stmt q;
            if (db_prepare(db, &q, "UPDATE categories SET position = :pos WHERE id = :id") !=
                DB_OK) {
                rc = DB_ERROR;
                break;
            }
            db_bind_int(&q, ":pos", (int64_t)pos);
            db_bind_int(&q, ":id",
                        json_integer_value(json_object_get(json_array_get(cats, i), "id")));
            rc = db_run(&q);
        }
        if (rc == DB_OK)
            rc = db_commit(db);
        else
            db_rollback(db);
    }
    json_decref(cats);
    return rc;
}

int store_topics_counted(struct db *db, int64_t live_at, int offset, int limit, int64_t *total,
                         json_t **out)
{
    /* Topics with their counts; with live_at, those with no live article are left out. */
#define TOPICS_COUNTED                                                                             \
    " FROM (SELECT t.id, t.slug, t.name,"                                                          \
    "  (SELECT count(*) FROM article_topics x JOIN articles a ON a.id = x.article_id"              \
    "   WHERE x.topic_id = t.id AND" COUNTED ") AS articles FROM topics t) counted"                \
    " WHERE :live = 0 OR articles > 0"
    struct db_stmt q;
    int rc;
    *out = NULL;
    if (total) {
        *total = 0;
        if ((rc = db_prepare(db, &q, "SELECT count(*)" TOPICS_COUNTED)) != DB_OK)
            return rc;
        db_bind_int(&q, ":live", live_at);
        if ((rc = db_one_int(&q, total)) != DB_OK)
            return rc;
    }
    rc = db_prepare(db, &q,
                    "SELECT id, slug, name, articles" TOPICS_COUNTED
                    " ORDER BY articles DESC, name LIMIT :limit OFFSET :offset");
    if (rc != DB_OK)
        return rc;
    db_bind_int(&q, ":live", live_at);
    db_bind_int(&q, ":limit", limit);
    db_bind_int(&q, ":offset", offset);
    return db_rows_json(&q, out);
#undef TOPICS_COUNTED
}

int store_topics_all(struct db *db, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q, "SELECT id, name FROM topics ORDER BY name");
    if (rc != DB_OK)
        return rc;
    return db_rows_json(&q, out);
}

struct topic_change {
    int64_t id, into;
    const char *name, *slug;
};

static int topic_write(struct db *db, void *ctx)
{
    struct topic_change *t = ctx;
    struct db_stmt q;
    /* Editors give an article its topics by name: two topics of one name could not be told
     * apart (the newsroom merges them instead). */
    if (db_prepare(db, &q, "SELECT count(*) FROM topics WHERE name = :name AND id <> :id") != DB_OK)
        return DB_ERROR;
    db_bind_text(&q, ":name", t->name);
    db_bind_int(&q, ":id", t->id);
    int64_t others = 0;
    int rc = db_one_int(&q, &others);
    if (rc != DB_OK)
        return rc < 0 ? rc : DB_ERROR;
    if (others > 0)
        return DB_CONSTRAINT;
    if (db_prepare(db, &q, "UPDATE topics SET name = :name, slug = :slug WHERE id = :id") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", t->id);
    db_bind_text(&q, ":name", t->name);
    db_bind_text(&q, ":slug", t->slug);
    return db_run_changing(&q);
}

static int topic_merge_write(struct db *db, void *ctx)
{
    struct topic_change *t = ctx;
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "INSERT INTO article_topics(article_id, topic_id, position)"
                   " SELECT article_id, :into, position FROM article_topics WHERE topic_id = :id"
                   " ON CONFLICT DO NOTHING") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", t->id);
    db_bind_int(&q, ":into", t->into);
    int rc = db_run(&q);
    if (rc != DB_OK || db_prepare(db, &q, "DELETE FROM topics WHERE id = :id") != DB_OK)
        return rc != DB_OK ? rc : DB_ERROR;
    db_bind_int(&q, ":id", t->id);
    return db_run(&q);
}

/* A topic change wrapped in its transaction, index upkeep and redirect. */
static int topic_change(struct db *db, struct topic_change *t, int (*write)(struct db *, void *),
                        int64_t now)
{
    int rc = db_begin(db);
    if (rc != DB_OK)
        return rc;
    struct buf old = BUF_INIT, target = BUF_INIT;
    struct db_stmt q;
    if (!slug_of(db, "SELECT slug FROM topics WHERE id = :id", t->id, &old) ||
        (t->into && !slug_of(db, "SELECT slug FROM topics WHERE id = :id", t->into, &target))) {
        rc = DB_DONE;
        goto fail;
    }
    if (db_prepare(db, &q, "SELECT article_id FROM article_topics WHERE topic_id = :id") != DB_OK) {
        rc = DB_ERROR;
        goto fail;
    }
    db_bind_int(&q, ":id", t->id);
    if ((rc = reindexed(db, &q, write, t)) != DB_OK)
        goto fail;
    if ((rc = moved(db, "/t/", old.p, t->into ? target.p : t->slug, now)) != DB_OK)
        goto fail;
    buf_free(&old);
    buf_free(&target);
    return db_commit(db);
fail:
    buf_free(&old);
    buf_free(&target);
    db_rollback(db);
    return rc;
}

int store_topic_update(struct db *db, int64_t id, const char *name, const char *slug, int64_t now)
{
    struct topic_change t = {id, 0, name, slug};
    return topic_change(db, &t, topic_write, now);
}

int store_topic_merge(struct db *db, int64_t id, int64_t into, int64_t now)
{
    if (id == into)
        return DB_DONE;
    struct topic_change t = {id, into, NULL, NULL};
    return topic_change(db, &t, topic_merge_write, now);
}

int store_category_find(struct db *db, const char *name_or_slug, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q,
                        "SELECT id, slug, name FROM categories WHERE slug = :s OR name = :s"
                        " ORDER BY slug = :s DESC LIMIT 1");
    if (rc != DB_OK)
        return rc;
    db_bind_text(&q, ":s", name_or_slug);
    return db_one_json(&q, out);
}

int store_author_find(struct db *db, const char *name, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    int rc = db_prepare(db, &q,
                        "SELECT id, slug, name FROM users WHERE name = :name ORDER BY id LIMIT 1");
    if (rc != DB_OK)
        return rc;
    db_bind_text(&q, ":name", name);
    return db_one_json(&q, out);
}
