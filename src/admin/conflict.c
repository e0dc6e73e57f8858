/*
 * conflict.c: a save made from an older version of an article (admin.h). Nothing is written
 * over the newer version: the editor shows both side by side and a merge to save instead.
 *
 * The merge is field by field against the version the save was made from (the base, kept as a
 * revision with its version number): a field that only the other side changed takes theirs, one
 * that only this save changed takes mine, and one that both changed takes mine and is marked so
 * that the writer sees what the other side wrote beside it. Two editors opening one article,
 * one changing the title and the other the dek, thus end with both changes. Without the base
 * (a revision from before versions were kept) every differing field counts as changed on both
 * sides.
 */
#include "admin/admin.h"
#include "store/store.h"
#include "text/list.h"
#include "view/fail.h"
#include "web/auth.h"

#include <stddef.h>
#include <string.h>

/* The form of a revision, read as an article: its text and, from meta, the other fields. */
static struct article_form form_of_revision(struct req *r, json_t *rev)
{
    json_t *meta = json_object_get(rev, "meta");
    json_t *topics = json_array();
    size_t i;
    json_t *name;
    json_array_foreach(json_object_get(meta, "topics"), i, name) {
        json_array_append_new(topics, json_pack("{s:O}", "name", name));
    }
    json_t *authors = json_array();
    json_t *id;
    json_array_foreach(json_object_get(meta, "author_ids"), i, id) {
        json_array_append_new(authors, json_pack("{s:O}", "id", id));
    }
    json_t *a = json_pack(
        "{s:O, s:O, s:O, s:O?, s:O?, s:O?, s:O?, s:O?, s:O?, s:O?, s:{s:O?}, s:o, s:o, s:O}",
        "title", json_object_get(rev, "title"), "dek", json_object_get(rev, "dek"), "body",
        json_object_get(rev, "body"), "slug", json_object_get(meta, "slug"), "source",
        json_object_get(meta, "source"), "status", json_object_get(meta, "status"), "seo_title",
        json_object_get(meta, "seo_title"), "social_title", json_object_get(meta, "social_title"),
        "image_id", json_object_get(meta, "image_id"), "published_at",
        json_object_get(meta, "published_at"), "category", "id",
        json_object_get(meta, "category_id"), "authors", authors, "topics", topics, "version",
        json_object_get(rev, "version"));
    struct article_form f = admin_form_of_article(r, a);
    json_decref(a);
    return f;
}

/* A topics field as a canonical list, so "أ، ب" and "أ,ب" compare equal. In the arena. */
static const char *topics_key(struct req *r, const char *s)
{
    json_t *names = text_split_list(s);
    struct buf b = BUF_INIT;
    size_t i;
    json_t *n;
    json_array_foreach(names, i, n) {
        buf_printf(&b, "%s%s", i ? "\n" : "", json_string_value(n));
    }
    json_decref(names);
    const char *key = arena_strdup(&r->arena, buf_str(&b));
    buf_free(&b);
    return key;
}

/* The name of the row of that id in rows ({"id","name"}), "—" for none. */
static const char *name_in(json_t *rows, int64_t id)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        if (json_integer_value(json_object_get(row, "id")) == id)
            return json_string_value(json_object_get(row, "name"));
    }
    return "—";
}

enum side { MINE, THEIRS, BASE };

/* One field's merge rule. key holds each side's value in a form fit to compare, shown the value
 * as the writer reads it; with no base, every difference counts as made on both sides. Returns
 * true when the merge takes theirs, and appends the field's row to fields when the sides
 * differ. */
static bool resolve(json_t *fields, bool have_base, const char *name, const char *label,
                    const char *const key[3], const char *const shown[3], bool is_long)
{
    if (strcmp(key[MINE], key[THEIRS]) == 0)
        return true; /* the same on both sides */
    bool mine_changed = !have_base || strcmp(key[MINE], key[BASE]) != 0;
    bool theirs_changed = !have_base || strcmp(key[THEIRS], key[BASE]) != 0;
    bool take_theirs = theirs_changed && !mine_changed;
    json_array_append_new(fields, json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:b}", "key", name,
                                            "label", label, "theirs", shown[THEIRS], "mine",
                                            shown[MINE], "both", mine_changed && theirs_changed,
                                            "took_theirs", take_theirs, "long", is_long));
    return take_theirs;
}

json_t *admin_conflict_merge(struct req *r, int64_t id, const struct article_form *mine,
                             json_t *current, struct article_form *merged)
{
    struct article_form theirs = admin_form_of_article(r, current);
    /* The base (the version mine was made from), and who made the newest version: the author
     * of the revision that kept the one before it. */
    json_t *rev = NULL, *last = NULL, *categories = NULL, *users = NULL;
    int rc = mine->version ? store_revision_at(r->db, id, mine->version, &rev) : DB_DONE;
    if ((rc == DB_OK || rc == DB_DONE) &&
        ((rc = store_revision_at(r->db, id, theirs.version - 1, &last)) == DB_OK ||
         rc == DB_DONE) &&
        (rc = store_categories(r->db, &categories)) == DB_OK)
        rc = store_users(r->db, &users);
    if (rc != DB_OK) {
        json_decref(rev);
        json_decref(last);
        json_decref(categories);
        view_fail_db(r, rc);
        return NULL;
    }
    struct article_form base = rev ? form_of_revision(r, rev) : *mine;
    json_t *who = NULL;
    if (last && json_is_string(json_object_get(last, "who")))
        who = json_incref(json_object_get(last, "who"));
    json_decref(last);
    bool have_base = rev != NULL;
    json_decref(rev);
    *merged = theirs;
    const struct article_form *forms[] = {[MINE] = mine, [THEIRS] = &theirs, [BASE] = &base};

    static const struct {
        const char *key, *label;
        size_t offset;
    } texts[] = {
        {"title", "العنوان", offsetof(struct article_form, title)},
        {"dek", "الملخص", offsetof(struct article_form, dek)},
        {"body", "النص", offsetof(struct article_form, body)},
        {"slug", "الاسم في الرابط", offsetof(struct article_form, slug)},
        {"topics", "المواضيع", offsetof(struct article_form, topics)},
        {"source", "المصدر", offsetof(struct article_form, source)},
        {"seo_title", "عنوان محركات البحث", offsetof(struct article_form, seo_title)},
        {"social_title", "عنوان المشاركة", offsetof(struct article_form, social_title)},
        {"image_id", "رقم الصورة الرئيسية", offsetof(struct article_form, image_id)},
        {"status", "الحالة", offsetof(struct article_form, status)},
        {"published_at", "موعد النشر", offsetof(struct article_form, published_at)},
    };
    json_t *fields = json_array();
    for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
        const char *v[3], *key[3], *shown[3];
        bool topics = strcmp(texts[k].key, "topics") == 0;
        bool status = strcmp(texts[k].key, "status") == 0;
        for (int side = 0; side < 3; side++) {
            v[side] = *(const char *const *)((const char *)forms[side] + texts[k].offset);
            key[side] = topics ? topics_key(r, v[side]) : v[side];
            shown[side] = status ? admin_status_label(v[side]) : v[side];
        }
        bool take_theirs = resolve(fields, have_base, texts[k].key, texts[k].label, key, shown,
                                   strcmp(texts[k].key, "body") == 0);
        *(const char **)((char *)merged + texts[k].offset) = take_theirs ? v[THEIRS] : v[MINE];
    }

    /* The bylines and the category, compared by id and shown by name. */
    const char *key[3], *shown[3];
    for (int side = 0; side < 3; side++) {
        struct buf k = BUF_INIT, names = BUF_INIT;
        for (int a = 0; a < VIEW_MAX_AUTHORS; a++) {
            if (!forms[side]->authors[a])
                continue;
            buf_printf(&k, "%lld,", (long long)forms[side]->authors[a]);
            buf_printf(&names, "%s%s", names.len ? "، " : "",
                       name_in(users, forms[side]->authors[a]));
        }
        key[side] = arena_strdup(&r->arena, buf_str(&k));
        shown[side] = arena_strdup(&r->arena, names.len ? buf_str(&names) : "—");
        buf_free(&k);
        buf_free(&names);
    }
    if (!resolve(fields, have_base, "authors", "الكتّاب", key, shown, false))
        memcpy(merged->authors, mine->authors, sizeof merged->authors);
    for (int side = 0; side < 3; side++) {
        key[side] = arena_printf(&r->arena, "%lld", (long long)forms[side]->category);
        shown[side] = name_in(categories, forms[side]->category);
    }
    if (!resolve(fields, have_base, "category", "القسم", key, shown, false))
        merged->category = mine->category;
    if (r->user && !(r->user->caps & CAP_EDIT)) {
        memset(merged->authors, 0, sizeof merged->authors);
        merged->authors[0] = r->user->id;
    }
    json_t *out = json_pack("{s:s, s:o, s:o}", "when", admin_when_of(r, current, "updated_at"),
                            "who", who ? who : json_string(""), "fields", fields);
    json_decref(categories);
    json_decref(users);
    return out;
}
