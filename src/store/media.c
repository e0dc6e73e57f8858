/*
 * media.c: the image library's rows, an article's featured image, and the files of the
 * database backend (store.h, "media.c"). The files of the folder backend and the processing
 * live in media/; this file only knows the tables.
 */
#include "base/buf.h"
#include "base/mem.h"
#include "store/db.h"
#include "store/index.h"
#include "store/store.h"
#include "text/normalize.h"

#include <stdlib.h>
#include <string.h>

#define MEDIA_COLUMNS                                                                              \
    "SELECT m.id, m.hash, m.mime, m.bytes, m.width, m.height, m.widths, m.alt, m.caption,"         \
    "  m.credit, m.focal_x, m.focal_y, m.created_at, m.updated_at,"                                \
    "  u.id AS \"uploader.id\", u.name AS \"uploader.name\""                                       \
    " FROM media m LEFT JOIN users u ON u.id = m.uploader_id"

/* The words the library's search looks in: alt, caption and credit, normalized as search
 * queries are (hamza, alef, yaa, taa marbuta, harakat, digits folded). */
static void search_text(struct buf *out, const char *alt, const char *caption, const char *credit)
{
    const char *parts[] = {alt, caption, credit};
    for (size_t i = 0; i < 3; i++) {
        if (!parts[i])
            continue;
        ar_normalize(out, parts[i], strlen(parts[i]));
        buf_putc(out, ' ');
    }
}

int store_media_add(struct db *db, const struct media_in *in, int64_t now, int64_t *id)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "INSERT INTO media(hash, mime, bytes, width, height, widths, alt, caption,"
                   "  credit, focal_x, focal_y, search, uploader_id, created_at, updated_at)"
                   " VALUES(:hash, :mime, :bytes, :width, :height, :widths, :alt, :caption,"
                   "  :credit, :fx, :fy, :search, :uploader, :now, :now) RETURNING id") != DB_OK)
        return DB_ERROR;
    struct buf s = BUF_INIT;
    search_text(&s, in->alt, in->caption, in->credit);
    db_bind_text(&q, ":hash", in->hash);
    db_bind_text(&q, ":mime", in->mime);
    db_bind_int(&q, ":bytes", in->bytes);
    db_bind_int(&q, ":width", in->width);
    db_bind_int(&q, ":height", in->height);
    db_bind_text(&q, ":widths", in->widths);
    db_bind_text(&q, ":alt", in->alt);
    db_bind_text(&q, ":caption", in->caption ? in->caption : "");
    db_bind_text(&q, ":credit", in->credit ? in->credit : "");
    db_bind_int(&q, ":fx", in->focal_x);
    db_bind_int(&q, ":fy", in->focal_y);
    db_bind_text(&q, ":search", buf_str(&s));
    db_bind_int_or_null(&q, ":uploader", in->uploader_id);
    db_bind_int(&q, ":now", now);
    int rc = db_one_int(&q, id);
    buf_free(&s);
    return rc == DB_DONE ? DB_ERROR : rc;
}

int store_media_by_hash(struct db *db, const char *hash, int64_t *id)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "SELECT id FROM media WHERE hash = :hash") != DB_OK)
        return DB_ERROR;
    db_bind_text(&q, ":hash", hash);
    return db_one_int(&q, id);
}

/* Articles that show image id: as their featured image, or in their body as media:ID. */
static int uses(struct db *db, int64_t id, int64_t *n)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "SELECT count(*) FROM articles WHERE image_id = :id"
                   "  OR body LIKE :ref1 OR body LIKE :ref2") != DB_OK)
        return DB_ERROR;
    char ref1[64], ref2[64];
    snprintf(ref1, sizeof ref1, "%%(media:%lld)%%", (long long)id);
    snprintf(ref2, sizeof ref2, "%%(media:%lld %%", (long long)id);
    db_bind_int(&q, ":id", id);
    db_bind_text(&q, ":ref1", ref1);
    db_bind_text(&q, ":ref2", ref2);
    return db_one_int(&q, n);
}

int store_media_get(struct db *db, int64_t id, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    if (db_prepare(db, &q, MEDIA_COLUMNS " WHERE m.id = :id") != DB_OK)
        return DB_ERROR;
    db_bind_int(&q, ":id", id);
    json_t *m;
    int rc = db_one_json(&q, &m);
    if (rc != DB_OK)
        return rc;
    int64_t n = 0;
    if ((rc = uses(db, id, &n)) != DB_OK) {
        json_decref(m);
        return rc;
    }
    json_object_set_new(m, "uses", json_integer(n));
    *out = m;
    return DB_OK;
}

#define MEDIA_FILTER                                                                               \
    " WHERE (:q = '' OR m.search LIKE :like ESCAPE '\\')"                                          \
    "  AND (:uploader = 0 OR m.uploader_id = :uploader)"                                           \
    "  AND (:since = 0 OR m.created_at >= :since) AND (:until = 0 OR m.created_at < :until)"

static void bind_filter(struct db_stmt *q, const struct media_filter *f, const char *like)
{
    db_bind_text(q, ":q", f->q ? f->q : "");
    db_bind_text(q, ":like", like);
    db_bind_int(q, ":uploader", f->uploader_id);
    db_bind_int(q, ":since", f->since);
    db_bind_int(q, ":until", f->until);
}

int store_media_list(struct db *db, const struct media_filter *f, json_t **out, int64_t *total)
{
    *out = NULL;
    /* LIKE's own wildcards in the words are matched as themselves. */
    struct buf like = BUF_INIT;
    buf_putc(&like, '%');
    for (const char *s = f->q ? f->q : ""; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\')
            buf_putc(&like, '\\');
        buf_putc(&like, *s);
    }
    buf_putc(&like, '%');
    struct db_stmt q;
    int rc = db_prepare(db, &q, "SELECT count(*) FROM media m" MEDIA_FILTER);
    if (rc == DB_OK) {
        bind_filter(&q, f, buf_str(&like));
        rc = db_one_int(&q, total);
    }
    if (rc == DB_OK &&
        (rc = db_prepare(db, &q,
                         MEDIA_COLUMNS MEDIA_FILTER " ORDER BY m.created_at DESC, m.id DESC"
                                                    " LIMIT :limit OFFSET :offset")) == DB_OK) {
        bind_filter(&q, f, buf_str(&like));
        db_bind_int(&q, ":limit", f->limit);
        db_bind_int(&q, ":offset", f->offset);
        rc = db_rows_json(&q, out);
    }
    buf_free(&like);
    return rc;
}

int store_media_uploaders(struct db *db, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    if (db_prepare(db, &q,
                   "SELECT u.id, u.name FROM users u"
                   " WHERE u.id IN (SELECT uploader_id FROM media) ORDER BY u.name") != DB_OK)
        return DB_ERROR;
    return db_rows_json(&q, out);
}

int store_media_update(struct db *db, int64_t id, const char *alt, const char *caption,
                       const char *credit, int focal_x, int focal_y, int64_t now)
{
    int rc = db_begin(db);
    if (rc != DB_OK)
        return rc;
    struct db_stmt q;
    struct buf s = BUF_INIT;
    search_text(&s, alt, caption, credit);
    rc = db_prepare(db, &q,
                    "UPDATE media SET alt = :alt, caption = :caption, credit = :credit,"
                    "  focal_x = :fx, focal_y = :fy, search = :search, updated_at = :now"
                    " WHERE id = :id");
    if (rc == DB_OK) {
        db_bind_int(&q, ":id", id);
        db_bind_text(&q, ":alt", alt);
        db_bind_text(&q, ":caption", caption);
        db_bind_text(&q, ":credit", credit);
        db_bind_int(&q, ":fx", focal_x);
        db_bind_int(&q, ":fy", focal_y);
        db_bind_text(&q, ":search", buf_str(&s));
        db_bind_int(&q, ":now", now);
        rc = db_run_changing(&q);
    }
    buf_free(&s);
    if (rc == DB_OK)
        rc = store_content_changed(db, 0); /* on every article that shows it */
    if (rc == DB_OK)
        return db_commit(db);
    db_rollback(db);
    return rc;
}

int store_media_replace(struct db *db, int64_t id, const struct media_in *in, int64_t now)
{
    int rc = db_begin(db);
    if (rc != DB_OK)
        return rc;
    struct db_stmt q;
    rc = db_prepare(db, &q,
                    "UPDATE media SET hash = :hash, mime = :mime, bytes = :bytes, width = :width,"
                    "  height = :height, widths = :widths, updated_at = :now WHERE id = :id");
    if (rc == DB_OK) {
        db_bind_int(&q, ":id", id);
        db_bind_text(&q, ":hash", in->hash);
        db_bind_text(&q, ":mime", in->mime);
        db_bind_int(&q, ":bytes", in->bytes);
        db_bind_int(&q, ":width", in->width);
        db_bind_int(&q, ":height", in->height);
        db_bind_text(&q, ":widths", in->widths);
        db_bind_int(&q, ":now", now);
        rc = db_run_changing(&q);
    }
    if (rc == DB_OK)
        rc = store_content_changed(db, 0); /* on every article that shows it */
    if (rc == DB_OK)
        return db_commit(db);
    db_rollback(db);
    return rc;
}

int store_media_delete(struct db *db, int64_t id)
{
    int rc = db_begin(db);
    if (rc != DB_OK)
        return rc;
    int64_t n = 0;
    struct db_stmt q;
    /* Counted inside the deleting transaction, so no article can start showing it between. */
    if ((rc = uses(db, id, &n)) == DB_OK && n > 0)
        rc = DB_CONSTRAINT;
    if (rc == DB_OK && (rc = db_prepare(db, &q, "DELETE FROM media WHERE id = :id")) == DB_OK) {
        db_bind_int(&q, ":id", id);
        rc = db_run_changing(&q);
    }
    if (rc == DB_OK)
        return db_commit(db);
    db_rollback(db);
    return rc;
}

int store_media_hash_used(struct db *db, const char *hash, bool *used)
{
    int64_t id;
    int rc = store_media_by_hash(db, hash, &id);
    *used = rc == DB_OK;
    return rc == DB_DONE ? DB_OK : rc;
}

int store_media_some(struct db *db, const int64_t *ids, size_t n, json_t **out)
{
    *out = json_object();
    struct db_stmt q;
    for (size_t i = 0; i < n; i++) {
        char key[24];
        snprintf(key, sizeof key, "%lld", (long long)ids[i]);
        if (!ids[i] || json_object_get(*out, key))
            continue;
        if (db_prepare(db, &q, MEDIA_COLUMNS " WHERE m.id = :id") != DB_OK) {
            json_decref(*out);
            *out = NULL;
            return DB_ERROR;
        }
        db_bind_int(&q, ":id", ids[i]);
        json_t *m;
        int rc = db_one_json(&q, &m);
        if (rc < 0) {
            json_decref(*out);
            *out = NULL;
            return rc;
        }
        if (rc == DB_OK)
            json_object_set_new(*out, key, m);
    }
    return DB_OK;
}

int store_media_file_put(struct db *db, const char *name, const void *p, size_t n)
{
    struct db_stmt q;
    if (db_prepare(db, &q,
                   "INSERT INTO media_files(name, bytes) VALUES(:name, :bytes)"
                   " ON CONFLICT(name) DO NOTHING") != DB_OK)
        return DB_ERROR;
    db_bind_text(&q, ":name", name);
    db_bind_blob(&q, ":bytes", p, n);
    return db_run(&q);
}

int store_media_file_get(struct db *db, const char *name, void **p, size_t *n)
{
    struct db_stmt q;
    *p = NULL;
    *n = 0;
    if (db_prepare(db, &q, "SELECT bytes FROM media_files WHERE name = :name") != DB_OK)
        return DB_ERROR;
    db_bind_text(&q, ":name", name);
    int rc = db_step(&q);
    if (rc == DB_ROW) {
        *n = db_col_bytes(&q, 0);
        *p = xmalloc(*n ? *n : 1);
        if (*n)
            memcpy(*p, db_col_blob(&q, 0), *n);
        rc = DB_OK;
    }
    db_finalize(&q);
    return rc;
}

int store_media_file_delete(struct db *db, const char *name)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "DELETE FROM media_files WHERE name = :name") != DB_OK)
        return DB_ERROR;
    db_bind_text(&q, ":name", name);
    return db_run(&q);
}

int store_media_file_size(struct db *db, const char *name, int64_t *n)
{
    struct db_stmt q;
    if (db_prepare(db, &q, "SELECT length(bytes) FROM media_files WHERE name = :name") != DB_OK)
        return DB_ERROR;
    db_bind_text(&q, ":name", name);
    return db_one_int(&q, n);
}

int store_media_all(struct db *db, json_t **out)
{
    struct db_stmt q;
    *out = NULL;
    if (db_prepare(db, &q, "SELECT hash, widths, focal_x, focal_y FROM media ORDER BY id") != DB_OK)
        return DB_ERROR;
    return db_rows_json(&q, out);
}
